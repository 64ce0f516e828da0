"""Turning whatever a citizen typed into a small, safe query structure.

Nothing the user types ever reaches PostgreSQL's tsquery parser. :func:`parse` cleans the text
(Unicode NFKC, control characters and NUL bytes removed, curly quotes straightened, length and term
count bounded) and reads web-search syntax the way ``websearch_to_tsquery`` does:

- words are all required (``coffee farmers``), ``or`` between two units makes them alternatives;
- ``"exact phrase"`` (an unterminated quote runs to the end of the text);
- ``-word`` and ``-"a phrase"`` exclude.

Each unit's text is later handed to ``phraseto_tsquery``, which treats every operator character as
plain punctuation, and the final tsquery is assembled from PostgreSQL's own output (see
:mod:`chanuka_db.search.analyze`), so ``!``, ``&``, ``<->``, ``:*`` or a stray quote are inert.

Bill numbers ("Bill No. 12 of 2024", "NA 12/2024", "Senate Bill No. 3 of 2025") are recognised and
removed from the text: they are matched exactly against ``bills.bill_number`` and ranked first.

An empty or whitespace-only query raises :class:`~chanuka_db.errors.InvalidInput`; every other
string parses (possibly to a query with no searchable unit, which finds nothing).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from chanuka_db.errors import InvalidInput

#: Longest query text considered (characters, after cleaning); the rest is ignored.
MAX_QUERY_CHARS = 400
#: At most this many units (words or phrases) are searched for; later ones are ignored.
MAX_UNITS = 12
#: Words in a phrase beyond this are ignored (a pasted paragraph is not a phrase).
MAX_PHRASE_WORDS = 8
#: Longest single unit (characters): longer "words" are pasted junk and are cut.
MAX_UNIT_CHARS = 60

#: Kiswahili function words: the English configuration does not know them, so they would be
#: required terms. Dropped from queries that have other words (kept inside quoted phrases).
SWAHILI_STOPWORDS = frozenset(
    {
        "na", "ya", "wa", "kwa", "katika", "ni", "la", "za", "cha", "vya", "juu", "kuhusu", "hii", "hiyo",
        "huu", "hizi", "kama", "pia", "au", "lakini", "ili", "kwamba", "hata", "sana", "tu", "zaidi",
    }
)  # fmt: skip

_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
                         "\u00ab": '"', "\u00bb": '"', "\u2018": "'", "\u2019": "'", "\u02bc": "'",
                         "\u2212": "-", "\u2013": "-", "\u2014": "-"})  # fmt: skip
_HAS_WORD = re.compile(r"\w", re.UNICODE)
_SPACE = re.compile(r"\s+")

# Bill numbers. Stored as "NA 12/2024" / "SEN 3/2025" (chamber prefix, number, year).
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_NUM = r"0*(?P<num>\d{1,6})"
_CHAMBER = r"(?P<chamber>national\s+assembly|senate|sen|na|nab|sb)"
_BILL_NUMBER_PATTERNS = (
    # "National Assembly Bill No. 12 of 2024", "Senate Bills No 3, 2025", "bill number 12/2024"
    re.compile(
        rf"\b(?:{_CHAMBER}\s+)?bills?\s*(?:no\.?|nos\.?|number|nr\.?|#)\s*{_NUM}\s*(?:of\s*|/\s*|,\s*)?{_YEAR}\b",
        re.IGNORECASE,
    ),
    # "NA 12/2024", "SEN 3 of 2025", "NA Bill 12/2024", "NA No. 12 of 2024"
    re.compile(rf"\b{_CHAMBER}\.?\s*(?:bills?\s*)?(?:no\.?\s*)?{_NUM}\s*(?:/|\bof\b)\s*{_YEAR}\b", re.IGNORECASE),
    # "No. 12 of 2024", "12/2024"
    re.compile(rf"(?:\bno\.?\s*)?(?<![\w/]){_NUM}\s*(?:/|\s+of\s+)\s*{_YEAR}\b", re.IGNORECASE),
)
#: Words that join alternatives (as in websearch_to_tsquery).
_OR_WORDS = frozenset({"or", "|", "||"})


@dataclass(frozen=True)
class Unit:
    """A word or a phrase of the query; ``negated`` for ``-word`` / ``-"phrase"``."""

    text: str
    phrase: bool = False
    negated: bool = False


@dataclass(frozen=True)
class Clause:
    """Alternatives joined by ``or``: at least one must match (a single unit is the usual case)."""

    units: tuple[Unit, ...]


@dataclass(frozen=True)
class ParsedQuery:
    """A cleaned query: required clauses, excluded units, and bill numbers to match exactly."""

    text: str
    clauses: tuple[Clause, ...] = ()
    excluded: tuple[Unit, ...] = ()
    bill_numbers: tuple[str, ...] = ()
    truncated: bool = False

    @property
    def positive_units(self) -> tuple[Unit, ...]:
        """Every unit that can make a document match (not the excluded ones)."""
        return tuple(u for c in self.clauses for u in c.units)

    @property
    def searchable(self) -> bool:
        """True when there is anything to look for (text or a bill number)."""
        return bool(self.clauses or self.bill_numbers)


@dataclass
class _Token:
    text: str
    phrase: bool
    negated: bool
    is_or: bool = False


def clean(raw: str) -> str:
    """NFKC-normalised text with control characters (NUL included) replaced by spaces, single-spaced."""
    text = unicodedata.normalize("NFKC", raw).translate(_QUOTES)
    text = "".join(" " if unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Co", "Cn"} else ch for ch in text)
    return _SPACE.sub(" ", text).strip()


def require_text(raw: object, *, what: str = "search query") -> str:
    """``raw`` if it is a string with something other than whitespace; else :class:`InvalidInput`."""
    if not isinstance(raw, str):
        raise InvalidInput(f"{what} must be text, not {type(raw).__name__}")
    if not raw.strip():
        raise InvalidInput(f"{what} is empty: type at least one word, a phrase or a bill number")
    return raw


def parse(raw: str) -> ParsedQuery:
    """Parse ``raw`` (any string with a non-space character) into a :class:`ParsedQuery`."""
    require_text(raw)
    text = clean(raw)
    truncated = len(text) > MAX_QUERY_CHARS
    if truncated:
        cut = text[:MAX_QUERY_CHARS]
        text = cut.rsplit(" ", 1)[0] if " " in cut else cut
    numbers, rest = extract_bill_numbers(text)
    tokens = _tokenise(rest)
    clauses, excluded, more = _assemble(tokens)
    return ParsedQuery(
        text=text,
        clauses=clauses,
        excluded=excluded,
        bill_numbers=numbers,
        truncated=truncated or more,
    )


def extract_bill_numbers(text: str) -> tuple[tuple[str, ...], str]:
    """Bill numbers found in ``text`` as stored ("NA 12/2024", "SEN 12/2024"), and the text without them."""
    found: list[str] = []
    rest = text
    for pattern in _BILL_NUMBER_PATTERNS:
        while True:
            m = pattern.search(rest)
            if m is None:
                break
            chamber, number, year = m.groupdict().get("chamber"), int(m.group("num")), m.group("year")
            for prefix in _prefixes(chamber):
                candidate = f"{prefix} {number}/{year}"
                if candidate not in found:
                    found.append(candidate)
            rest = (rest[: m.start()] + " " + rest[m.end() :]).strip()
        if len(found) >= 8:
            break
    return tuple(found[:8]), _SPACE.sub(" ", rest).strip()


def _prefixes(chamber: str | None) -> tuple[str, ...]:
    if not chamber:
        return ("NA", "SEN")
    c = _SPACE.sub(" ", chamber.lower())
    if c in {"senate", "sen", "sb"}:
        return ("SEN",)
    return ("NA",)


def _tokenise(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        negated = False
        if ch == "-" and i + 1 < n and not text[i + 1].isspace():
            negated = True
            i += 1
            ch = text[i]
        if ch == '"':
            end = text.find('"', i + 1)
            body = text[i + 1 :] if end < 0 else text[i + 1 : end]
            i = n if end < 0 else end + 1
            words = body.split()
            if len(words) > MAX_PHRASE_WORDS:
                words = words[:MAX_PHRASE_WORDS]
            phrase = " ".join(w[:MAX_UNIT_CHARS] for w in words)
            if _HAS_WORD.search(phrase):
                tokens.append(_Token(phrase, phrase=len(words) > 1, negated=negated))
            continue
        j = i
        while j < n and not text[j].isspace() and text[j] != '"':
            j += 1
        word = text[i:j]
        i = j
        if not negated and word.lower() in _OR_WORDS:
            tokens.append(_Token(word, phrase=False, negated=False, is_or=True))
            continue
        if _HAS_WORD.search(word):
            tokens.append(_Token(word[:MAX_UNIT_CHARS], phrase=False, negated=negated))
    return tokens


def _assemble(tokens: list[_Token]) -> tuple[tuple[Clause, ...], tuple[Unit, ...], bool]:
    """Group tokens into clauses (``or`` joins neighbours) and exclusions; bound the unit count."""
    clauses: list[list[Unit]] = []
    excluded: list[Unit] = []
    pending_or = False
    count = 0
    dropped = False
    for tok in tokens:
        if tok.is_or:
            pending_or = bool(clauses)
            continue
        if count >= MAX_UNITS:
            dropped = True
            break
        unit = Unit(tok.text, phrase=tok.phrase, negated=tok.negated)
        count += 1
        if tok.negated:
            excluded.append(unit)
            pending_or = False
            continue
        if pending_or and clauses:
            clauses[-1].append(unit)
        else:
            clauses.append([unit])
        pending_or = False
    # Kiswahili function words are dropped when something else is searched for.
    plain = [c for c in clauses if not (len(c) == 1 and not c[0].phrase and c[0].text.lower() in SWAHILI_STOPWORDS)]
    if plain:
        clauses = plain
    unique: list[Clause] = []
    seen: set[tuple[tuple[str, bool], ...]] = set()
    for c in clauses:
        key = tuple((u.text.lower(), u.phrase) for u in c)
        if key not in seen:
            seen.add(key)
            unique.append(Clause(tuple(c)))
    return tuple(unique), tuple(excluded), dropped
