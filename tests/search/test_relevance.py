"""Relevance: every labelled query keeps its expected bills in the top three (tests/search/relevance.py)."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from chanuka_db.search import SearchFilters, search_bills
from tests.search.conftest import SearchData
from tests.search.relevance import CASES, Case


def _top(session: Session, data: SearchData, case: Case, n: int) -> list[str]:
    by_id = {v: k for k, v in data.bills.items()}
    filters = SearchFilters.of(**case.filters) if case.filters else None
    page = search_bills(session, case.query, filters=filters, limit=n)
    return [by_id[h.id] for h in page.hits]


def test_the_set_is_big_enough() -> None:
    assert len(CASES) >= 25
    kinds = {c.kind for c in CASES}
    assert {"kiswahili", "synonym", "typo", "phrase", "negation", "bill_number"} <= kinds


@pytest.mark.parametrize("case", CASES, ids=[c.query for c in CASES])
def test_expected_bills_in_top_three(session: Session, search_data: SearchData, case: Case) -> None:
    top10 = _top(session, search_data, case, 10)
    missing = [k for k in case.expect if k not in top10[:3]]
    assert not missing, f"{case.query!r} ({case.kind}): expected {missing} in the top 3, got {top10[:5]}"
    unwanted = [k for k in case.exclude if k in top10]
    assert not unwanted, f"{case.query!r}: {unwanted} should have been excluded, got {top10}"


def test_bill_numbers_rank_first(session: Session, search_data: SearchData) -> None:
    for case in CASES:
        if case.kind == "bill_number":
            assert _top(session, search_data, case, 3)[0] == case.expect[0], case.query
