"""Autocomplete and "did you mean".

Both read small materialized views made by revision 0101 and refreshed by :func:`refresh_vocabulary`
(concurrently: readers never wait):

- ``search_suggestions``: every distinct bill title and every sponsor name with a popularity weight
  (engagement and number of bills for titles, bills sponsored for names) and a ``chanuka_simple``
  tsvector of the label. :func:`suggest` matches each typed word as a word prefix
  (``"cof"`` -> "The Coffee Bill"), labels starting with the typed text first, then by weight.
- ``search_vocabulary``: the words of bill titles, summaries, tags and categories and of sponsor
  names and constituencies, with the number of documents holding each, and a GIN trigram index.
  :func:`did_you_mean` replaces each query word the vocabulary does not know by its nearest known
  word (trigram similarity, then document count): ``cofee`` -> ``coffee``.

The views lag behind the tables until the next refresh: call :func:`refresh_vocabulary` after bulk
loads and on a schedule (it takes a few seconds for 100,000 bills; see docs/search.md).
"""

from __future__ import annotations

import re
import time
import unicodedata
from dataclasses import dataclass

from psycopg import sql
from sqlalchemy.orm import Session

from chanuka_db.search.common import fetch
from chanuka_db.search.query import clean, parse, require_text
from chanuka_db.search.types import Suggestion

#: Suggestions returned by default and at most.
DEFAULT_SUGGESTIONS = 8
MAX_SUGGESTIONS = 25
#: Trigram-similar vocabulary words looked at per unknown word (pg_trgm ``%``: similarity >= 0.3).
CANDIDATES = 20
#: Words shorter than this are never corrected (too little to go on).
MIN_CORRECTABLE = 4

_PREFIX_WORD = re.compile(r"\w+", re.UNICODE)
#: The views :func:`refresh_vocabulary` refreshes (made by revision 0101).
VIEWS = ("search_vocabulary", "search_suggestions")

_SUGGEST_SQL = sql.SQL(
    """
    SELECT kind, ref_id, label
    FROM search_suggestions
    WHERE (CAST(%(tsq)s AS text) <> '' AND words @@ CAST(%(tsq)s AS tsquery))
       OR lower(label) LIKE %(starts)s
    ORDER BY (lower(label) LIKE %(starts)s) DESC, weight DESC, label, ref_id
    LIMIT %(limit)s
    """
)

_NEAREST_SQL = sql.SQL(
    """
    SELECT w.word AS typed, n.word, n.ndoc, n.same_stem
    FROM unnest(CAST(%(words)s AS text[])) AS w(word)
    CROSS JOIN LATERAL (
        SELECT s.word, s.ndoc,
               s.word = w.word
               OR to_tsvector('chanuka_english', s.word) = to_tsvector('chanuka_english', w.word) AS same_stem
        FROM search_vocabulary s
        WHERE s.word %% w.word
        ORDER BY similarity(s.word, w.word) DESC, s.ndoc DESC, s.word
        LIMIT %(candidates)s
    ) n
    """
)

def _fold(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def prefix_tsquery(prefix: str) -> str:
    """A tsquery text matching labels with every typed word as a word prefix: ``'coffee':* & 'am':*``."""
    words = _PREFIX_WORD.findall(_fold(prefix))[:6]
    return " & ".join("'" + w.replace("'", "''").replace("\\", "\\\\") + "':*" for w in words if w)


def suggest(session: Session, prefix: str, *, limit: int = DEFAULT_SUGGESTIONS) -> list[Suggestion]:
    """Bill titles and sponsor names completing ``prefix`` (best first; empty when nothing fits)."""
    from chanuka_db.errors import InvalidInput

    require_text(prefix, what="prefix")
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_SUGGESTIONS:
        raise InvalidInput(f"limit must be between 1 and {MAX_SUGGESTIONS}, not {limit!r}")
    typed = clean(prefix)[:100]
    tsq = prefix_tsquery(typed)
    starts = _like_escape(_fold(typed).lower()) + "%"
    if not tsq and not typed:
        return []
    rows = fetch(session, _SUGGEST_SQL, {"tsq": tsq, "starts": starts, "limit": limit})
    return [Suggestion(kind=str(r.kind), text=str(r.label), id=r.ref_id) for r in rows]


@dataclass(frozen=True)
class Correction:
    """A did-you-mean result: the corrected query and the words that changed."""

    query: str
    changed: dict[str, str]


def did_you_mean(session: Session, query: str) -> Correction | None:
    """The query with unknown words replaced by their nearest vocabulary words, or None.

    A word is unknown when neither it nor a word with the same English stem is among its trigram
    neighbours in the vocabulary ("credits" is known when "credit" is). Its replacement is the
    commonest neighbour within one edit (two from eight letters on; a swap of two letters is one
    edit): ``woker`` -> ``worker`` rather than the rarer ``woke``.
    """
    parsed = parse(query)
    words: list[str] = []
    for unit in parsed.positive_units:
        for word in _PREFIX_WORD.findall(_fold(unit.text)):
            if len(word) >= MIN_CORRECTABLE and word.isalpha() and word not in words:
                words.append(word)
    if not words:
        return None
    rows = fetch(session, _NEAREST_SQL, {"words": words[:12], "candidates": CANDIDATES})
    found: dict[str, list[tuple[str, int, bool]]] = {}
    for r in rows:
        found.setdefault(str(r.typed), []).append((str(r.word), int(r.ndoc or 0), bool(r.same_stem)))
    changed: dict[str, str] = {}
    for word in words[:12]:
        best = _correction(word, found.get(word, []))
        if best is not None:
            changed[word] = best
    if not changed:
        return None
    corrected = parsed.text
    for wrong, right in changed.items():
        corrected = re.sub(rf"(?i)(?<!\w){re.escape(wrong)}(?!\w)", right, corrected)
    if _fold(corrected) == _fold(parsed.text):
        return None
    return Correction(query=corrected, changed=changed)


def _correction(word: str, candidates: list[tuple[str, int, bool]]) -> str | None:
    """The commonest candidate within :func:`max_edits` edits of ``word``; None when ``word`` is known."""
    if any(same_stem for _, _, same_stem in candidates):
        return None
    limit = max_edits(word)
    close = [(w, n) for w, n, _ in candidates if edit_distance(word, w) <= limit]
    if not close:
        return None
    return max(close, key=lambda c: (c[1], -edit_distance(word, c[0]), c[0]))[0]


def max_edits(word: str) -> int:
    """Typos allowed in a word: one up to seven letters, two from eight on."""
    return 1 if len(word) < 8 else 2


def edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (optimal string alignment): a swap of neighbours is one edit."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def refresh_vocabulary(session: Session) -> float:
    """Refresh the vocabulary and autocomplete views (concurrently); returns the seconds it took.

    Runs in the session's transaction; commit it to publish. Readers are never blocked.
    """
    started = time.perf_counter()
    for view in VIEWS:
        rows = fetch(
            session,
            sql.SQL("SELECT ispopulated FROM pg_matviews WHERE matviewname = %(v)s AND schemaname = current_schema()"),
            {"v": view},
        )
        mode = sql.SQL("CONCURRENTLY ") if rows and rows[0].ispopulated else sql.SQL("")
        fetch(session, sql.SQL("REFRESH MATERIALIZED VIEW {}{}").format(mode, sql.Identifier(view)))
        # Fresh statistics, so the planner knows the new contents at once (not after autovacuum).
        fetch(session, sql.SQL("ANALYZE {}").format(sql.Identifier(view)))
    return time.perf_counter() - started
