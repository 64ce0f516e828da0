"""The migration verbs from the command line: every one answers --json; production safety."""

from __future__ import annotations

import json

from chanuka_db.engine import Database
from chanuka_db.migrate import plan
from chanuka_db.migrate.config import script_directory
from tests.migrate.conftest import run_cli


def test_every_verb_answers_json(chanuka_db: Database) -> None:
    head = plan.single_head(script_directory())
    first = plan.ordered(script_directory())[0].revision
    expectations: list[tuple[list[str], int]] = [
        (["status"], 0),
        (["migrate"], 0),
        (["migrate", "--dry-run"], 0),
        (["migrate", "--sql", "--from", "base", "--to", first], 0),
        (["history", "--limit", "3"], 0),
        (["verify"], 0),
        (["snapshot", "--rev", first], 0),
        (["diff", "base", first], 0),
        (["lint", first], 0),
        (["checksums"], 0),
        (["repair", first], 0),
        (["stamp", str(head)], 0),
    ]
    for args, code in expectations:
        result = run_cli(chanuka_db, *args, "--json")
        assert result.returncode == code, (args, result.stderr)
        json.loads(result.stdout)  # valid JSON, nothing else on stdout
    status = json.loads(run_cli(chanuka_db, "status", "--json").stdout)
    assert status == {"current": head, "head": head, "pending": [], "up_to_date": True}
    history = json.loads(run_cli(chanuka_db, "history", "--json").stdout)
    assert {
        "revision",
        "direction",
        "status",
        "checksum",
        "applied_at",
        "duration_ms",
        "applied_by",
        "package_version",
        "error",
    } <= set(history[0])


def test_rollback_refuses_in_production_without_yes(chanuka_db: Database) -> None:
    before = json.loads(run_cli(chanuka_db, "status", "--json").stdout)["current"]
    refused = run_cli(chanuka_db, "rollback", CHANUKA_ENV="production")
    assert refused.returncode == 1
    assert "refusing to roll back" in refused.stderr and "--yes" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    assert json.loads(run_cli(chanuka_db, "status", "--json").stdout)["current"] == before
    # --yes is accepted (and changes nothing) outside production.
    done = run_cli(chanuka_db, "rollback", "--yes", "--json")
    assert done.returncode == 0, done.stderr
    back = json.loads(done.stdout)
    assert back["before"] == before and back["current"] != before
    assert run_cli(chanuka_db, "migrate").returncode == 0


def test_text_output_is_readable(chanuka_db: Database) -> None:
    status = run_cli(chanuka_db, "status")
    assert status.returncode == 0 and "head" in status.stdout
    migrate = run_cli(chanuka_db, "migrate")
    assert migrate.returncode == 0 and "nothing to apply" in migrate.stdout
    verify = run_cli(chanuka_db, "verify")
    assert verify.returncode == 0 and "files unchanged" in verify.stdout
