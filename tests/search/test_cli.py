"""Search from the command line and the Python API facade: search, suggest, search-refresh."""

from __future__ import annotations

import json

from chanuka_db import api
from tests.migrate.conftest import run_cli
from tests.search.conftest import SearchData


def test_api_search_suggest_refresh(search_data: SearchData) -> None:
    db = search_data.db
    page = api.search("coffee farmers", db, limit=3)
    assert page.hits and page.hits[0].id == search_data.bills["coffee"]
    sponsors = api.search("coffee", db, type="sponsors")
    assert [hit.id for hit in sponsors.hits][:1] == [search_data.sponsors["Hon. Wanjiku Kamau"]]
    comments = api.search("payment", db, type="comments", bill=str(search_data.bills["coffee"]))
    assert comments.hits and all(hit.bill_id == search_data.bills["coffee"] for hit in comments.hits)
    assert any("Coffee" in s.text for s in api.suggest("coff", db))
    assert api.refresh_search(db) >= 0


def test_search_command_text_and_json(search_data: SearchData) -> None:
    db = search_data.db
    shown = run_cli(db, "search", "coffee farmers", "--limit", "2")
    assert shown.returncode == 0, shown.stderr
    assert "result(s) for 'coffee farmers'" in shown.stdout and "SEN 2/2023" in shown.stdout
    as_json = run_cli(db, "search", "coffee", "--type", "sponsors", "--party", "kenya_kwanza", "--json")
    assert as_json.returncode == 0, as_json.stderr
    page = json.loads(as_json.stdout)
    assert page["hits"] and {hit["party"] for hit in page["hits"]} == {"kenya_kwanza"}
    suggested = run_cli(db, "suggest", "coff", "--json")
    assert suggested.returncode == 0 and any("Coffee" in s["text"] for s in json.loads(suggested.stdout))
    refreshed = run_cli(db, "search-refresh", "--json")
    assert refreshed.returncode == 0 and json.loads(refreshed.stdout)["seconds"] >= 0


def test_search_command_bad_input(search_data: SearchData) -> None:
    db = search_data.db
    for args, needle in (
        (["search", "   "], "empty"),
        (["search", "tax", "--type", "laws"], "unknown search type"),
        (["search", "tax", "--from", "last week"], "date"),
        (["search", "tax", "--limit", "0"], "limit"),
    ):
        result = run_cli(db, *args)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        line = result.stderr.strip()
        assert len(line.splitlines()) == 1 and needle in line and "Traceback" not in line, (args, line)
