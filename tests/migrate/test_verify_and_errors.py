"""verify, repair and the CLI's one-line errors (tampered revision, unknown revision, unreachable server)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from chanuka_db import api
from chanuka_db.engine import Database
from chanuka_db.errors import MigrationError
from chanuka_db.migrate import journal, plan
from chanuka_db.migrate.config import script_directory
from tests.migrate.conftest import SourceFactory, revision_text, run_cli

SECRET = "s3cret-pw"


def _one_clean_line(stderr: str) -> str:
    lines = [ln for ln in stderr.strip().splitlines() if ln.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


def test_verify_passes_on_a_clean_database(chanuka_db: Database) -> None:
    report = api.verify(chanuka_db)
    assert report.ok and report.checked == len(plan.ordered(script_directory()))
    result = run_cli(chanuka_db, "verify", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["ok"] is True


def test_tampered_revision_fails_verify_and_migrate_naming_the_file(chanuka_empty_db: Database) -> None:
    api.migrate(chanuka_empty_db)
    first = plan.ordered(script_directory())[0]
    with chanuka_empty_db.connect() as conn:
        conn.execute(
            text(f"UPDATE {journal.TABLE} SET checksum = repeat('0', 64) WHERE revision = :r"), {"r": first.revision}
        )
        conn.commit()
    result = run_cli(chanuka_empty_db, "verify", subprocess_=True)
    assert result.returncode == 1
    line = _one_clean_line(result.stderr)
    assert first.filename in line and "changed since" in line and f"repair {first.revision}" in line
    result = run_cli(chanuka_empty_db, "migrate")
    assert result.returncode == 1
    assert first.filename in _one_clean_line(result.stderr)
    # repair records the file's checksum as it is now; verify passes again.
    fixed = api.repair(first.revision, chanuka_empty_db)
    assert fixed.realigned_checksum is not None and fixed.cleared_failures == 0
    assert api.verify(chanuka_empty_db).ok
    assert api.repair(first.revision, chanuka_empty_db).changed is False


def test_deleted_revision_file_is_reported(chanuka_empty_db: Database, make_source: SourceFactory) -> None:
    source = make_source(
        {
            "0001_a.py": revision_text(
                "0001_a", None, 'op.execute("CREATE TABLE a (id int)")', 'op.execute("DROP TABLE a")'
            ),
            "0002_b.py": revision_text(
                "0002_b", "0001_a", 'op.execute("CREATE TABLE b (id int)")', 'op.execute("DROP TABLE b")'
            ),
        }
    )
    api.migrate(chanuka_empty_db, source=source)
    (source.versions_dir / "0002_b.py").unlink()
    report = api.verify(chanuka_empty_db, source=source)
    assert not report.ok and "0002_b.py" in report.problems[0] and "no longer exists" in report.problems[0]
    with pytest.raises(MigrationError, match="0002_b"):
        api.migrate(chanuka_empty_db, source=source)


def test_unknown_revision_is_one_line(chanuka_db: Database) -> None:
    for args in (
        ["migrate", "--to", "no_such_rev"],
        ["rollback", "--to", "no_such_rev"],
        ["stamp", "no_such_rev"],
        ["diff", "base", "no_such_rev"],
    ):
        result = run_cli(chanuka_db, *args)
        assert result.returncode == 1, (args, result.stderr)
        assert "unknown revision 'no_such_rev'" in _one_clean_line(result.stderr)


def test_unreachable_server_is_one_line_without_password(chanuka_db: Database) -> None:
    url = f"postgresql://someone:{SECRET}@127.0.0.1:1/nothing"
    for verb in ("migrate", "status", "history", "verify", "check", "rollback"):
        # One real process (what a user sees), the others in this process (the same code path).
        result = run_cli(chanuka_db, verb, DATABASE_URL=url, subprocess_=verb == "migrate")
        assert result.returncode == 2, (verb, result.stdout, result.stderr)
        line = _one_clean_line(result.stderr)
        assert "connection refused" in line and SECRET not in result.stderr + result.stdout


def test_failed_revision_message_has_no_password(chanuka_empty_db: Database, make_source: SourceFactory) -> None:
    source = make_source(
        {"0001_a.py": revision_text("0001_a", None, f"op.execute(\"SELECT 'postgresql://u:{SECRET}@h/db'::int\")")}
    )
    with pytest.raises(MigrationError) as caught:
        api.migrate(chanuka_empty_db, source=source)
    assert SECRET not in caught.value.message
    with chanuka_empty_db.connect() as conn:
        assert SECRET not in (journal.entries(conn)[0].error or "")
