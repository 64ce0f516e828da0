"""Any string is a query: results or an empty page, never an error (hypothesis, 10,000+ queries in all).

Whitespace-only strings are the one exception: a clear InvalidInput. Generated: arbitrary Unicode
(NUL bytes, control characters, emoji, combining marks, right-to-left text), tsquery and websearch
operators alone and mixed with words, SQL fragments, quotes of every kind, bill-number look-alikes,
and strings of up to 10,000 characters. Each hypothesis example runs a batch of ten queries:
5,000 bill searches, 1,000 filtered ones, 1,000 sponsor and 1,000 comment searches and 2,000
autocompletions (10,000 in all), plus 2,000 parses.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from chanuka_db.errors import InvalidInput
from chanuka_db.search import SearchFilters, search_bills, search_comments, search_sponsors, suggest
from chanuka_db.search.query import parse
from tests.search.conftest import SearchData

OPERATORS = ['"', "'", "-", "|", "&", "!", "<->", "<2>", ":*", ":A", "(", ")", "\\", "or", "OR", "and", "not",
             "AND", "--", "''", '""', "“", "”", "«", "»", "*", "%", "_", "~", "^", "$$", ";", "/"]  # fmt: skip
SQL = ["'; DROP TABLE bills; --", "1=1", "' OR '1'='1", "$$;$$", "/* */", "E'\\x00'", "\\'", "SELECT pg_sleep(1)",
       "); TRUNCATE comments; --", "::tsquery", "@@", "ts_rank_cd(", "NULL", "\\\\", "%s", "%(x)s",
       ":q_lit"]  # fmt: skip
WORDS = ["coffee", "ushuru", "bunge", "graft", "tax", "wa", "the", "Bill", "No.", "12", "of", "2024", "NA", "12/2024",
         "kahawa", "Murang'a", "café", "health", "public", "participation", "mswada", "🇰🇪", "👍🏾", "ǅ", "ß", "İ",
         "\u200d", "\u0301", "مرحبا", "漢字", "\ufeff"]  # fmt: skip

token = st.one_of(
    st.sampled_from(OPERATORS), st.sampled_from(SQL), st.sampled_from(WORDS),
    st.text(min_size=1, max_size=12),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=6),
    st.sampled_from(["\x00", "\x01", "\x7f", "\u2028", "\t", "\r\n", "\u00a0"]),
)  # fmt: skip
queries = st.one_of(
    st.lists(token, min_size=1, max_size=12).map(" ".join),
    st.lists(token, min_size=1, max_size=8).map("".join),
    st.text(max_size=200),
    st.builds(lambda t, n: (t * n)[:10_000], st.text(min_size=1, max_size=40), st.integers(250, 10_000)),
)
BATCH = 10
RUN: dict[str, int] = {"queries": 0}


def _check(session: Session, query: str, run: object) -> None:
    RUN["queries"] += 1
    if not query.strip():
        with pytest.raises(InvalidInput):
            run(session, query)  # type: ignore[operator]
        return
    page = run(session, query)  # type: ignore[operator]
    assert page.total >= 0 and len(page.hits) <= 10
    assert all(h.headline.count("<mark>") == h.headline.count("</mark>") for h in page.hits)


FUZZ = settings(max_examples=500, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)


@FUZZ
@given(st.lists(queries, min_size=BATCH, max_size=BATCH))
def test_bill_search_never_fails(session: Session, batch: list[str]) -> None:
    for query in batch:
        _check(session, query, search_bills)


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(st.lists(queries, min_size=BATCH, max_size=BATCH))
def test_bill_search_with_filters_never_fails(session: Session, batch: list[str]) -> None:
    filters = SearchFilters.of(status=["first_reading", "act_of_parliament"], county="Kiambu", chamber="senate")
    for query in batch:
        _check(session, query, lambda s, q: search_bills(s, q, filters=filters, limit=5, offset=3))


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(st.lists(queries, min_size=BATCH, max_size=BATCH))
def test_sponsor_and_comment_search_never_fail(session: Session, search_data: SearchData, batch: list[str]) -> None:
    on_coffee = SearchFilters.of(bill_id=search_data.bills["coffee"])
    for query in batch:
        _check(session, query, search_sponsors)
        _check(session, query, lambda s, q: search_comments(s, q, filters=on_coffee))


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(st.lists(queries, min_size=BATCH, max_size=BATCH))
def test_suggest_never_fails(session: Session, batch: list[str]) -> None:
    for query in batch:
        RUN["queries"] += 1
        if not query.strip():
            with pytest.raises(InvalidInput):
                suggest(session, query)
        else:
            assert len(suggest(session, query)) <= 8


@settings(max_examples=2000, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(queries)
def test_parse_is_bounded(query: str) -> None:
    if not query.strip():
        with pytest.raises(InvalidInput):
            parse(query)
        return
    parsed = parse(query)
    assert len(parsed.text) <= 400
    assert len(parsed.clauses) + len(parsed.excluded) <= 12
    assert "\x00" not in parsed.text and all("\x00" not in u.text for u in parsed.positive_units)


def test_ten_thousand_queries_were_tried() -> None:
    """Runs last in this file: the searches above saw at least 10,000 generated queries."""
    assert RUN["queries"] >= 10_000, RUN
