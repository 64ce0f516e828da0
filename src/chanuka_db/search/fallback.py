"""What a search does when too few results match every word: did you mean, most words, then fuzzy.

Bills, sponsors and comments run the same sequence over their own statements; each passes its
steps in as functions, and this module decides which of them run, in order, and when to stop.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from chanuka_db.search.analyze import Analysis, analyze
from chanuka_db.search.common import PassResult
from chanuka_db.search.query import ParsedQuery, parse
from chanuka_db.search.suggestions import did_you_mean

#: Fewer all-words matches than this start the fallbacks (did you mean, most words, trigram).
FEW_RESULTS = 3
#: Most fuzzy (trigram) matches considered.
FUZZY_POOL = 50


def fuzzy_words(parsed: ParsedQuery) -> str | None:
    """The words a fuzzy (trigram) pass compares, or None when there are too few letters to try."""
    words = " ".join(u.text for u in parsed.positive_units)[:200]
    return words if len(words.strip()) >= 3 else None


def run_fallbacks(
    session: Session,
    parsed: ParsedQuery,
    analysis: Analysis,
    passes: list[PassResult],
    *,
    corrected: Callable[[Analysis], PassResult],
    most_words: Callable[[], PassResult],
    fuzzy: Callable[[], PassResult] | None,
) -> str | None:
    """Append the fallback passes ``passes`` needs; return the did-you-mean query shown, if any.

    In order, each only while fewer than :data:`FEW_RESULTS` results are found: the corrected
    query (``corrected(its analysis)``, kept only when it finds something), the query with some
    words optional (``most_words()``, when the query can be relaxed), and, when nothing at all was
    found, ``fuzzy()``.
    """
    found = sum(p.total for p in passes)
    if found >= FEW_RESULTS or not parsed.clauses:
        return None
    suggestion: str | None = None
    correction = did_you_mean(session, parsed.text)
    if correction is not None:
        fixed = analyze(session, parse(correction.query))
        if not fixed.empty:
            p = corrected(fixed)
            if p.total:
                suggestion = correction.query
                passes.append(p)
                found += p.total
    if found < FEW_RESULTS and analysis.can_relax:
        p = most_words()
        passes.append(p)
        found += p.total
    if found == 0 and fuzzy is not None:
        passes.append(fuzzy())
    return suggestion
