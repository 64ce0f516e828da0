"""The demo generator: deterministic, consistent counters, realistic vocabulary, loads via the CLI."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import text

from chanuka_db import api
from chanuka_db.engine import Database
from chanuka_db.ingest.demo import DemoSizes, generate_checksums
from chanuka_db.ingest.kenya import COUNTIES
from chanuka_db.testing import url_of
from tests.conftest import CliRunner

SMALL = DemoSizes(bills=120, users=300, comments=1_500, seed=7, as_of=dt.date(2026, 6, 30))


def test_same_seed_same_checksums_other_seed_differs() -> None:
    first = generate_checksums(SMALL)
    assert first == generate_checksums(SMALL)
    other = generate_checksums(DemoSizes(bills=120, users=300, comments=1_500, seed=8, as_of=SMALL.as_of))
    assert first["bills"] != other["bills"]


def test_kenya_reference_data() -> None:
    assert len(COUNTIES) == 47
    assert sum(len(c) for c in COUNTIES.values()) == 290


def test_seed_loads_consistent_data(chanuka_db: Database) -> None:
    report = api.seed(chanuka_db, sizes=SMALL)
    assert not report.skipped
    assert report.counts["bills"] == 120 and report.counts["comments"] == 1_500
    assert report.counts["sponsors"] == 290 + 47 * 2
    assert report.vocabulary_size > 50_000
    # a Zipf vocabulary: the commonest words are in most bills, but not every word is everywhere
    assert max(report.top_words_bill_coverage.values()) <= 120
    with chanuka_db.connect() as conn:
        mismatched = conn.execute(
            text(
                "SELECT count(*) FROM bills b WHERE b.comment_count <> "
                "(SELECT count(*) FROM comments c WHERE c.bill_id = b.id)"
            )
        ).scalar_one()
        assert mismatched == 0
        bad_votes = conn.execute(
            text(
                "SELECT count(*) FROM comments c WHERE c.upvote_count <> (SELECT count(*) FROM comment_votes v "
                "WHERE v.comment_id = c.id AND v.vote_type = 'upvote')"
            )
        ).scalar_one()
        assert bad_votes == 0
        replies = conn.execute(
            text(
                "SELECT count(*) FROM comments c WHERE c.reply_count <> "
                "(SELECT count(*) FROM comments r WHERE r.parent_comment_id = c.id)"
            )
        ).scalar_one()
        assert replies == 0
        phones_ok = conn.execute(
            text("SELECT bool_and(phone_number ~ '^\\+2547[0-9]{8}$') FROM user_profiles")
        ).scalar_one()
        assert phones_ok
        months = conn.execute(
            text("SELECT count(DISTINCT date_trunc('month', created_at)) FROM engagement_events")
        ).scalar_one()
        assert months >= 24
    again = api.seed(chanuka_db, sizes=SMALL)
    assert again.skipped and again.counts["bills"] == 120


def test_seed_cli_replace_and_json(chanuka_db: Database, run_cli: CliRunner) -> None:
    env = {"DATABASE_URL": url_of(chanuka_db)}
    result = run_cli(
        "seed",
        "--bills",
        "30",
        "--users",
        "50",
        "--comments",
        "100",
        "--as-of",
        "2026-01-31",
        "--replace",
        "--json",
        env=env,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["counts"]["bills"] == 30 and not report["skipped"]
    bad = run_cli("seed", "--as-of", "yesterday", env=env)
    assert bad.returncode == 2 and "--as-of" in bad.stderr and "Traceback" not in bad.stderr


def test_demo_command_migrates_seeds_and_searches(chanuka_empty_db: Database, run_cli: CliRunner) -> None:
    env = {"DATABASE_URL": url_of(chanuka_empty_db)}
    first = run_cli("demo", "--json", env=env)
    assert first.returncode == 0, first.stderr
    result = json.loads(first.stdout)
    assert result["status"]["current"] == result["status"]["head"] and not result["seed"]["skipped"]
    assert any(line.startswith(f"search {api.DEMO_QUERY!r}") for line in result["samples"]), result["samples"]
    # The sample search finds bills: the demo data and the search views agree.
    assert api.search(api.DEMO_QUERY, chanuka_empty_db).total > 0
    assert api.suggest("the fin", chanuka_empty_db)
    again = run_cli("demo", "--json", env=env)
    assert again.returncode == 0 and json.loads(again.stdout)["seed"]["skipped"]
