"""Reliability against real PostgreSQL and real processes: 16 concurrent appliers, kill -9 mid-migration."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from typing import Any

import pytest
from sqlalchemy import text

from chanuka_db import api
from chanuka_db.engine import Database
from chanuka_db.migrate import journal, plan, snapshot
from chanuka_db.migrate.config import script_directory
from chanuka_db.testing import url_of
from tests.migrate.conftest import SourceFactory, cli_env, revision_text

CONCURRENCY = 16


def _applied_rows(db: Database) -> list[tuple[str, str, str]]:
    with db.connect() as conn:
        return [(e.revision, e.direction, e.status) for e in reversed(journal.entries(conn))]


def _current(db: Database) -> str | None:
    with db.connect() as conn:
        return plan.current_revision(conn)


@pytest.mark.slow
def test_sixteen_concurrent_migrates_one_applier(chanuka_empty_db: Database) -> None:
    revisions = [r.revision for r in plan.ordered(script_directory())]
    env = cli_env(chanuka_empty_db)
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "chanuka_db", "migrate", "--json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(CONCURRENCY)
    ]
    outputs: list[dict[str, Any]] = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        outputs.append(json.loads(out))
    appliers = [o for o in outputs if o["applied"]]
    assert len(appliers) == 1, [len(o["applied"]) for o in outputs]
    assert [a["revision"] for a in appliers[0]["applied"]] == revisions
    assert all(o["current"] == revisions[-1] and o["pending"] == [] for o in outputs)
    assert _applied_rows(chanuka_empty_db) == [(r, "upgrade", "applied") for r in revisions]


def _start_cli_migrate(db: Database) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "chanuka_db", "migrate"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=cli_env(db),
    )


def _journal_count(db: Database) -> int:
    with db.connect() as conn:
        if not journal.exists(conn):
            return 0
        return int(conn.execute(text(f"SELECT count(*) FROM {journal.TABLE}")).scalar() or 0)


def _assert_whole_revision(db: Database, reference: dict[str | None, Any]) -> str | None:
    """The version table, the journal and the schema all say the same revision.

    Only a non-transactional revision (autocommit, idempotent by contract) may have left part of its
    work behind when it was killed: then the schema is checked by the final migrate instead.
    """
    scripts = script_directory()
    current = _current(db)
    expected = [(r.revision, "upgrade", "applied") for r in plan.chain(current, scripts)]
    assert _applied_rows(db) == expected, f"journal does not match the version table at {current}"
    pending = plan.revisions_between(current, plan.single_head(scripts), scripts)
    if pending and not pending[0].transactional:
        return current
    with db.connect() as conn:
        live = snapshot.normalised(snapshot.take(conn))
    assert live == reference[current], f"schema is not exactly revision {current}"
    return current


@pytest.mark.slow
def test_kill_9_mid_migration_leaves_a_whole_revision(
    chanuka_empty_db: Database, reference_snapshots: dict[str | None, Any]
) -> None:
    revisions = [r.revision for r in plan.ordered(script_directory())]
    # Kill after 1, about half, and all but one revisions are journaled, plus a short extra delay each
    # time, so the kill lands inside different revisions (and at different points inside them).
    targets = sorted({1, len(revisions) // 2, max(1, len(revisions) - 2)})
    seen: list[str | None] = []
    for attempt, target in enumerate(targets):
        proc = _start_cli_migrate(chanuka_empty_db)
        deadline = time.monotonic() + 120
        while _journal_count(chanuka_empty_db) < target and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        time.sleep(0.02 * attempt)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        time.sleep(0.2)  # the server notices the dead client and rolls its transaction back
        seen.append(_assert_whole_revision(chanuka_empty_db, reference_snapshots))
        assert _journal_count(chanuka_empty_db) >= target or proc.returncode == 0
    assert any(s != revisions[-1] for s in seen), "every kill came too late to interrupt anything"
    final = subprocess.run(
        [sys.executable, "-m", "chanuka_db", "migrate"],
        capture_output=True,
        text=True,
        env=cli_env(chanuka_empty_db),
        timeout=300,
        check=False,
    )
    assert final.returncode == 0, final.stderr
    assert _assert_whole_revision(chanuka_empty_db, reference_snapshots) == revisions[-1]


SLOW = """
op.create_table("half_done", sa.Column("id", sa.Integer, primary_key=True))
op.execute("INSERT INTO half_done VALUES (1)")
op.execute("SELECT pg_sleep(60)")
"""


@pytest.mark.slow
def test_kill_9_inside_a_revision_rolls_it_back(chanuka_empty_db: Database, make_source: SourceFactory) -> None:
    source = make_source(
        {
            "0001_a.py": revision_text(
                "0001_a",
                None,
                'op.create_table("first", sa.Column("id", sa.Integer, primary_key=True))',
                'op.drop_table("first")',
            ),
            "0002_slow.py": revision_text("0002_slow", "0001_a", SLOW, 'op.drop_table("half_done")'),
        }
    )
    script = (
        "import sys; from pathlib import Path; from chanuka_db import api; from chanuka_db.engine import Database; "
        "from chanuka_db.migrate.config import MigrationSource; "
        "api.migrate(Database(url=sys.argv[1]), source=MigrationSource.in_folder(Path(sys.argv[2])))"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script, url_of(chanuka_empty_db), str(source.versions_dir.parent)],
        env=cli_env(chanuka_empty_db),
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    with chanuka_empty_db.connect() as conn:
        while time.monotonic() < deadline:
            sleeping = conn.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(60)%' AND state = 'active'"
                )
            ).scalar()
            conn.rollback()
            if sleeping or proc.poll() is not None:
                break
            time.sleep(0.02)
    assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    deadline = time.monotonic() + 30
    with chanuka_empty_db.connect() as conn:
        while conn.execute(
            text("SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(60)%'")
        ).scalar():
            conn.rollback()
            assert time.monotonic() < deadline, "the killed session never ended"
            time.sleep(0.05)
        conn.rollback()
        assert plan.current_revision(conn) == "0001_a"
        assert conn.execute(text("SELECT to_regclass('half_done')")).scalar() is None
        revisions = [e.revision for e in journal.entries(conn)]
    assert revisions == ["0001_a"]
    (source.versions_dir / "0002_slow.py").write_text(
        revision_text("0002_slow", "0001_a", SLOW.replace("pg_sleep(60)", "pg_sleep(0)"), 'op.drop_table("half_done")')
    )
    assert api.migrate(chanuka_empty_db, source=source).current == "0002_slow"
