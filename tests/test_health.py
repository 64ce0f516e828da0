"""Health and status against a migrated database."""

from __future__ import annotations

from chanuka_db import api
from chanuka_db.engine import Database
from chanuka_db.testing import url_of
from tests.conftest import CliRunner


def test_health_of_migrated_database(chanuka_db: Database) -> None:
    report = api.health(chanuka_db)
    assert report.ok, report.problems
    assert report.revision == report.head and report.pending == 0
    assert report.latency_ms is not None and report.latency_ms < 1000
    assert "pg_trgm" in report.extensions
    assert report.exit_code == 0


def test_health_cli_json(chanuka_db: Database, run_cli: CliRunner) -> None:
    result = run_cli("health", "--json", env={"DATABASE_URL": url_of(chanuka_db)})
    assert result.returncode == 0, result.stderr
    assert '"ok": true' in result.stdout


def test_status_and_migrate_are_idempotent(chanuka_db: Database) -> None:
    before = api.status(chanuka_db)
    after = api.migrate(chanuka_db)
    assert before.current == after.current == after.head
    assert not after.pending
