"""Bill, sponsor and comment search: the API, filters, facets, highlights, fallbacks, triggers, analytics."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from chanuka_db.config import Environment, Settings
from chanuka_db.engine import Database
from chanuka_db.errors import InvalidInput
from chanuka_db.search import (
    SearchFilters,
    SearchLog,
    SearchRecord,
    did_you_mean,
    refresh_vocabulary,
    search_bills,
    search_comments,
    search_log_for,
    search_sponsors,
    service,
    suggest,
)
from chanuka_db.search import bills as bills_module
from chanuka_db.search.analytics import logging_enabled
from chanuka_db.search.bills import Mode, choose_mode, recency_windows
from chanuka_db.search.highlight import START, STOP, render
from chanuka_db.search.query import parse
from tests.search.conftest import SearchData


def keys(data: SearchData, page: Any) -> list[str]:
    by_id = {v: k for k, v in data.bills.items()}
    return [by_id[h.id] for h in page.hits]


def add_bill(session: Session, **values: Any) -> uuid.UUID:
    row = {"bill_number": f"NA {uuid.uuid4().hex[:10]}/2030", "chamber": "national_assembly", **values}
    cols = ", ".join(row)
    params = ", ".join(f":{k}" for k in row)
    inserted = session.execute(text(f"INSERT INTO bills ({cols}) VALUES ({params}) RETURNING id"), row)
    return uuid.UUID(str(inserted.scalar_one()))


# ------------------------------------------------------------------ the page
def test_page_has_the_documented_fields(session: Session, search_data: SearchData) -> None:
    page = search_bills(session, "coffee")
    assert (page.total, page.total_exact) == (2, True)  # the Coffee Bill, and the Crops Bill's full text
    hit = page.hits[0]
    assert hit.id == search_data.bills["coffee"]
    assert (hit.bill_number, hit.title, hit.status) == ("SEN 2/2023", "The Coffee Bill, 2023", "second_reading")
    assert "<mark>" in hit.headline and len(hit.headline) < 400
    assert set(page.facets) == {"status", "chamber", "category", "county"}
    assert page.suggestion is None
    assert [h.rank for h in page.hits] == sorted((h.rank for h in page.hits), reverse=True)


def test_facets_count_the_matches_of_the_query(session: Session) -> None:
    page = search_bills(session, "health", limit=100)
    assert page.total_exact
    assert sum(page.facets["status"].values()) == page.total
    assert sum(page.facets["chamber"].values()) == page.total
    assert page.facets["category"]["health"] >= 3


def test_same_query_same_order_and_pages_do_not_overlap(session: Session) -> None:
    first = search_bills(session, "county", limit=3)
    again = search_bills(session, "county", limit=3)
    assert [h.id for h in first.hits] == [h.id for h in again.hits]
    second = search_bills(session, "county", limit=3, offset=3)
    assert not {h.id for h in first.hits} & {h.id for h in second.hits}
    everything = search_bills(session, "county", limit=6)
    assert [h.id for h in everything.hits] == [h.id for h in first.hits + second.hits]


def test_bill_number_is_ranked_first(session: Session, search_data: SearchData) -> None:
    page = search_bills(session, "tax Finance Bill No. 30 of 2024")
    assert page.hits[0].id == search_data.bills["finance_2024"]
    assert page.hits[0].match == "bill_number"
    assert search_bills(session, "na 30/2024").hits[0].bill_number == "NA 30/2024"
    assert search_bills(session, "SEN 2/2023").hits[0].id == search_data.bills["coffee"]


def test_exact_phrase_negation_and_or(session: Session, search_data: SearchData) -> None:
    assert keys(search_data, search_bills(session, '"cyber bullying"'))[:1] == ["cybercrimes"]
    assert "coffee" not in keys(search_data, search_bills(session, "farmers -coffee", limit=50))
    either = keys(search_data, search_bills(session, "helb or nssf", limit=50))
    assert {"helb", "nssf"} <= set(either)


def test_literal_words_rank_above_synonyms(session: Session, search_data: SearchData) -> None:
    literal = add_bill(session, title="The Graft Prevention Bill, 2030", summary="Graft in county procurement.")
    page = search_bills(session, "graft", limit=5)
    assert page.hits[0].id == literal
    assert search_data.bills["anti_corruption"] in [h.id for h in page.hits]


def test_headlines_are_escaped_and_bounded() -> None:
    raw = f"<b>{START}coffee{STOP}</b> & " + "x" * 1000 + START
    out = render(raw)
    assert out.startswith("&lt;b&gt;<mark>coffee</mark>&lt;/b&gt; &amp; ")
    assert out.endswith("\u2026") and len(out) < 360 and out.count("<mark>") == out.count("</mark>")


# ------------------------------------------------------------------ filters
@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"status": "third_reading"}, {"conflict_interest", "mental_health", "county_allocation", "disability"}),
        ({"chamber": "senate", "category": "agriculture"}, {"coffee", "sugar", "fisheries"}),
        ({"county": "Murang'a"}, {"coffee"}),
        ({"county": ["Homa Bay", "nakuru"]}, {"fisheries", "forest"}),
        ({"date_from": "2024-09-01", "date_to": "2024-12-31"}, {"helb", "data_protection", "cybercrimes", "water",
                                                                "livestock"}),
    ],
)
def test_filters(session: Session, search_data: SearchData, filters: dict[str, Any], expected: set[str]) -> None:
    page = search_bills(session, "the bill act", filters=SearchFilters.of(**filters), limit=100)
    assert set(keys(search_data, page)) == expected


def test_sponsor_filter_by_name_or_id(session: Session, search_data: SearchData) -> None:
    by_name = search_bills(session, "bill", filters=SearchFilters.of(sponsor="wanjiku"), limit=100)
    sponsor = search_data.sponsors["Hon. Wanjiku Kamau"]
    by_id = search_bills(session, "bill", filters=SearchFilters.of(sponsor=str(sponsor)), limit=100)
    assert by_name.total == by_id.total >= 7
    assert {h.id for h in by_name.hits} == {h.id for h in by_id.hits}


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"status": "passed"}, "unknown status 'passed'"),
        ({"county": "Atlantis"}, "unknown county"),
        ({"party": "oda"}, "does not apply to bills"),
        ({"date_from": "2024-13-01"}, "date_from must be a date"),
        ({"date_from": "2025-01-01", "date_to": "2024-01-01"}, "after date_to"),
        ({"bill_id": "not-a-uuid"}, "bill must be an id"),
    ],
)
def test_bad_filters_are_clear_errors(session: Session, filters: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        search_bills(session, "tax", filters=SearchFilters.of(**filters))


@pytest.mark.parametrize("query", ["", "   ", "\t\n", "\u2003"])
def test_empty_query_is_a_validation_error(session: Session, query: str) -> None:
    with pytest.raises(InvalidInput, match="empty"):
        search_bills(session, query)
    with pytest.raises(InvalidInput, match="empty"):
        search_sponsors(session, query)


@pytest.mark.parametrize(("limit", "offset"), [(0, 0), (101, 0), (10, -1), (10, 1001)])
def test_page_bounds(session: Session, limit: int, offset: int) -> None:
    with pytest.raises(InvalidInput):
        search_bills(session, "tax", limit=limit, offset=offset)


def test_nothing_searchable_is_an_empty_page(session: Session) -> None:
    for query in ('"', "-", "!!!", "the of and", "-tea", "\x00"):
        page = search_bills(session, query)
        assert (page.total, page.hits) == (0, []), query


# ------------------------------------------------------------------ fallbacks
def test_did_you_mean_and_the_corrected_results(session: Session, search_data: SearchData) -> None:
    page = search_bills(session, "cofee farmers")
    assert page.suggestion == "coffee farmers"
    assert page.hits[0].id == search_data.bills["coffee"] and page.hits[0].match == "corrected"
    assert did_you_mean(session, "carbon credits") is None  # "credits": same stem as the known "credit"
    fixed = did_you_mean(session, "livestok")
    assert fixed is not None and fixed.query == "livestock" and fixed.changed == {"livestok": "livestock"}


def test_most_words_then_fuzzy(session: Session, search_data: SearchData) -> None:
    page = search_bills(session, "police brutality protests")
    assert page.hits[0].id == search_data.bills["police"] and page.hits[0].match == "most_words"
    fuzzy = search_bills(session, "whistle blower")
    assert fuzzy.hits[0].id == search_data.bills["whistleblower"] and fuzzy.hits[0].match == "fuzzy"


def test_dense_modes_gather_the_newest_matches(session: Session) -> None:
    """More matches than the pool: candidates come newest first, window by window."""
    start = dt.date.today() - dt.timedelta(days=1)
    ids = [
        add_bill(session, title=f"The Mabati Roofing Bill, {i}", summary="Mabati roofing standards.",
                 introduced_date=start - dt.timedelta(days=i), last_action_date=start - dt.timedelta(days=i))
        for i in range(bills_module.POOL + 60)
    ]
    refresh_vocabulary(session)
    newest = set(ids[: bills_module.POOL])
    results = {}
    for mode in Mode:
        original = bills_module.choose_mode
        bills_module.choose_mode = lambda _e, _d, m=mode: m  # type: ignore[assignment, misc]
        try:
            page = search_bills(session, "mabati", limit=20)
        finally:
            bills_module.choose_mode = original  # type: ignore[assignment]
        assert not page.total_exact and page.total >= bills_module.POOL
        results[mode] = {h.id for h in page.hits}
    assert results[Mode.DENSE] <= newest and results[Mode.VERY_DENSE] <= newest
    assert all(len(r) == 20 for r in results.values())


def test_mode_choice_and_windows() -> None:
    assert choose_mode(10, 100_000) is Mode.SPARSE
    assert choose_mode(5_000, 100_000) is Mode.DENSE
    assert choose_mode(50_000, 100_000) is Mode.VERY_DENSE
    windows = recency_windows(dt.date(2026, 11, 25))
    assert windows[0].startswith("'~r202811' | ") and windows[0].endswith(" | '~r202612'")
    assert windows[1] == "'~r202611' | '~r202610'" and windows[-1] == "'~rnone'"
    months = [w for window in windows[:-1] for w in window.split(" | ")]
    assert len(months) == len(set(months)) == sum(bills_module.RECENCY_WINDOWS) + bills_module.RECENCY_MONTHS_AHEAD


# ------------------------------------------------------------------ sponsors, comments, suggest
def test_sponsors(session: Session, search_data: SearchData) -> None:
    page = search_sponsors(session, "kericho tea")
    assert page.hits[0].name == "Hon. Kiprono Cheruiyot" and page.hits[0].county == "kericho"
    assert "<mark>" in page.hits[0].headline
    assert set(page.facets) == {"party", "chamber", "county"}
    senators = search_sponsors(session, "farmer", filters=SearchFilters.of(chamber="senate"))
    assert [h.name for h in senators.hits] == ["Sen. Barasa Wafula"]
    assert search_sponsors(session, "wanjiku kamau").hits[0].id == search_data.sponsors["Hon. Wanjiku Kamau"]
    assert search_sponsors(session, "Ochieng").hits[0].name == "Hon. Otieno Ochieng'"
    with pytest.raises(InvalidInput, match="does not apply to sponsors"):
        search_sponsors(session, "tea", filters=SearchFilters.of(status="lapsed"))


def test_comments_within_a_bill(session: Session, search_data: SearchData) -> None:
    coffee = SearchFilters.of(bill_id=search_data.bills["coffee"])
    page = search_comments(session, "payment", filters=coffee)
    assert page.total == 1 and page.hits[0].bill_id == search_data.bills["coffee"]
    assert "<mark>payment</mark>" in page.hits[0].headline
    assert search_comments(session, "pending moderated", filters=coffee).total == 0  # not approved
    kiswahili = search_comments(session, "kahawa malipo", filters=coffee)
    assert kiswahili.total == 1 and kiswahili.hits[0].position == "support"
    finance = SearchFilters.of(bill_id=search_data.bills["finance_2024"], position="neutral")
    escaped = search_comments(session, "motor vehicle tax clarity", filters=finance).hits[0].headline
    assert "&lt; 3% &amp; fair" in escaped and "<script" not in escaped
    everywhere = search_comments(session, "tax")
    assert everywhere.total == 4 and set(everywhere.facets) == {"position", "county"}  # "ushuru" too


def test_suggest(session: Session, search_data: SearchData) -> None:
    titles = [s.text for s in suggest(session, "cof")]
    assert titles[0] == "The Coffee Bill, 2023"
    assert [s.text for s in suggest(session, "the fin")][:2] == ["The Finance Bill, 2024", "The Finance Bill, 2023"]
    names = suggest(session, "wanj")
    assert names[0].kind == "sponsor" and names[0].id == search_data.sponsors["Hon. Wanjiku Kamau"]
    assert suggest(session, "%_'\\") == []
    with pytest.raises(InvalidInput):
        suggest(session, " ")
    with pytest.raises(InvalidInput):
        suggest(session, "co", limit=0)


# ------------------------------------------------------------------ vectors, configurations, triggers
def test_triggers_keep_vectors_current(session: Session, search_data: SearchData) -> None:
    bill = search_data.bills["water"]

    def vector() -> str:
        return str(session.execute(text("SELECT search_vector FROM bills WHERE id = :id"), {"id": bill}).scalar())

    before = vector()
    session.execute(text("UPDATE bills SET view_count = view_count + 1 WHERE id = :id"), {"id": bill})
    assert vector() == before
    session.execute(text("UPDATE bills SET summary = summary || ' Boreholes.' WHERE id = :id"), {"id": bill})
    assert "'borehol'" in vector()
    session.execute(text("UPDATE bills SET last_action_date = '2031-02-03' WHERE id = :id"), {"id": bill})
    assert "'~r203102'" in vector()
    session.execute(text("UPDATE bills SET status = 'lapsed' WHERE id = :id"), {"id": bill})
    assert "'~slapsed'" in vector() and "'~sfirst_reading'" not in vector()
    lapsed = search_bills(session, "water", filters=SearchFilters.of(status="lapsed"))
    assert [h.id for h in lapsed.hits] == [bill]
    assert search_bills(session, "boreholes").hits[0].id == bill
    session.execute(text("UPDATE bills SET search_vector = 'junk' WHERE id = :id"), {"id": bill})
    assert "'junk'" not in vector()


def test_configurations_are_immutable_enough_for_generated_columns(session: Session) -> None:
    session.execute(
        text(
            "CREATE TEMP TABLE t_gen (body text, v tsvector GENERATED ALWAYS AS "
            "(to_tsvector('chanuka_english', body) || to_tsvector('chanuka_simple', body)) STORED)"
        )
    )
    session.execute(text("INSERT INTO t_gen (body) VALUES ('Café wakulima Murang''a')"))
    vec = str(session.execute(text("SELECT v FROM t_gen")).scalar())
    assert "'cafe'" in vec and "'wakulima'" in vec


# ------------------------------------------------------------------ analytics and the service
def test_search_log_writes_rows_off_the_request_path(search_data: SearchData) -> None:
    log = SearchLog(search_data.db)
    with search_data.db.session() as s:
        page = search_bills(s, "coffee", log=log)
        s.rollback()  # the request's transaction rolls back; the log row is written anyway
    assert log.flush(10)
    log.close()
    assert (log.written, log.dropped, log.failed) == (1, 0, 0)
    with search_data.db.transaction() as s:
        row = s.execute(
            text("SELECT query, search_type, results_count, metadata->>'type' FROM search_analytics")
        ).one()
        s.execute(text("DELETE FROM search_analytics"))
    assert tuple(row) == ("coffee", "fulltext", page.total, "bills")


def test_search_log_never_raises(search_data: SearchData) -> None:
    broken = Database(
        Settings(CHANUKA_ENV=Environment.TEST), url=search_data.db.url.set(port=1, database="nowhere")
    )
    log = SearchLog(broken, max_queue=2)
    for _ in range(5):
        log.record(SearchRecord("x" * 900 + "\x00", "fulltext", 1, 2))
    assert log.flush(30)
    log.close()
    assert log.written == 0 and log.failed + log.dropped == 5


def test_logging_is_off_in_tests(search_data: SearchData) -> None:
    assert not logging_enabled(search_data.db)
    assert search_log_for(search_data.db) is None
    on = Database(Settings(CHANUKA_ENV=Environment.DEVELOPMENT, CHANUKA_LOG_SEARCHES=True), url=search_data.db.url)
    off = Database(Settings(CHANUKA_ENV=Environment.PRODUCTION, CHANUKA_LOG_SEARCHES=False), url=search_data.db.url)
    assert search_log_for(on) is search_log_for(on) is not None
    assert search_log_for(off) is None


def test_service_functions(search_data: SearchData) -> None:
    page = service.search(search_data.db, "coffee", status="second_reading", county="Kiambu", limit=5)
    assert page.hits[0].title == "The Coffee Bill, 2023"
    sponsors = service.search(search_data.db, "tea", type="sponsors", party="jubilee")
    assert sponsors.hits[0].name == "Hon. Kiprono Cheruiyot"
    comments = service.search(search_data.db, "bread", type="comments", bill=str(search_data.bills["finance_2024"]))
    assert comments.total == 1
    assert service.suggest(search_data.db, "teach")[0].text.startswith("The Teachers Service Commission")
    with pytest.raises(InvalidInput, match="unknown search type"):
        service.search(search_data.db, "tea", type="laws")
    assert parse("Bill No. 12 of 2024").bill_numbers == ("NA 12/2024", "SEN 12/2024")
