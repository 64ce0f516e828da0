"""Interrupted adoptions: killed at any kind of step, or stopped by a value that does not convert, the
database is left at a step boundary and the next ``adopt`` finishes it, to the very same end state.

The reference is an uninterrupted adoption of the same old database. Each case runs adopt in a
child process that kills itself (SIGKILL) at a chosen point, then adopts again in this process and
compares the schema, the row counts and every column's checksum (taken when adoption stamps, before
the later revisions run) with the reference.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy.engine import URL

from chanuka_db import adopt
from chanuka_db.adopt import live as live_mod
from chanuka_db.adopt.model import LEGACY_SCHEMA
from chanuka_db.engine import Database, libpq_url
from chanuka_db.errors import MigrationError
from chanuka_db.migrate import snapshot
from chanuka_db.testing import create_database, drop_database, settings_for_tests, unique_name
from tests.adopt import checks, oldshape
from tests.adopt.conftest import OldDb, decided_mapping, exec_sql

SHAPE = "push_core"
OPTIONS: dict[str, Any] = {"lock_budget_s": 0.0, "batch_rows": 2}

CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from chanuka_db import adopt
    from chanuka_db.engine import Database
    from chanuka_db.testing import settings_for_tests

    url, mapping, what, step, count, backups = sys.argv[1:]
    seen = [0]

    def progress(event):
        if event.what == what and (step == event.step or (step.endswith("*") and event.step.startswith(step[:-1]))):
            seen[0] += 1
            if seen[0] >= int(count):
                os.kill(os.getpid(), signal.SIGKILL)

    adopt.adopt(Database(settings_for_tests(), url=url), mapping=mapping, yes=True, lock_budget_s=0.0,
                batch_rows=2, backup_dir=Path(backups), progress=progress)
    sys.exit(3)
    """
)


@dataclass
class Reference:
    """The end state of an uninterrupted adoption."""

    schema: dict[str, Any]
    figures: checks.Figures
    exprs: dict[str, dict[str, str]]
    mapping: Path
    steps: list[str]


def _schema(db: Database) -> dict[str, Any]:
    with db.connect() as conn:
        return live_mod.without_legacy(snapshot.normalised(snapshot.take(conn)))


def _adopt_capturing(old: OldDb, ref_exprs: dict[str, dict[str, str]], mapping: Path, backups: Path,
                     **extra: Any) -> tuple[adopt.AdoptResult, checks.Figures]:
    captured: dict[str, checks.Figures] = {}
    chained = extra.pop("progress", None)

    def progress(event: adopt.Event) -> None:
        if chained is not None:
            chained(event)
        if event.what == "migrate":
            with checks.connect(old.url) as conn:
                captured["at_stamp"] = checks.figures(conn, checks.after(conn, ref_exprs))

    result = adopt.adopt(old.db, mapping=mapping, yes=True, backup_dir=backups, progress=progress,
                         **{**OPTIONS, **extra})
    return result, captured["at_stamp"]


@pytest.fixture(scope="module")
def reference(chanuka_server_url: URL, old_templates: dict[str, str],
              tmp_path_factory: pytest.TempPathFactory) -> Iterator[Reference]:
    name = unique_name("adopt_reference")
    url = create_database(chanuka_server_url, name, template=old_templates[SHAPE])
    old = OldDb(name, libpq_url(url), Database(settings_for_tests(), url=url), oldshape.SHAPES[SHAPE])
    folder = tmp_path_factory.mktemp("reference")
    try:
        mapping = decided_mapping(old.db, folder / "mapping.json")
        plan = adopt.dry_run(old.db, mapping=mapping, **{"lock_budget_s": 0.0})
        with checks.connect(old.url) as conn:
            exprs = checks.expected(conn, plan)
        _, figures = _adopt_capturing(old, exprs, mapping, folder / "bk")
        yield Reference(_schema(old.db), figures, exprs, mapping, [s.key for s in plan.steps])
    finally:
        old.db.dispose()
        drop_database(chanuka_server_url, name)


def _kill(old: OldDb, ref: Reference, what: str, step: str, count: int, tmp_path: Path) -> None:
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "CHANUKA_"))}
    done = subprocess.run(
        [sys.executable, str(script), old.url, str(ref.mapping), what, step, str(count), str(tmp_path / "bk")],
        capture_output=True, text=True, timeout=300, env=env, check=False,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr[-2000:]


def _assert_same_end(old: OldDb, ref: Reference, figures: checks.Figures) -> None:
    assert figures.rows == ref.figures.rows
    assert figures.sums == ref.figures.sums
    assert _schema(old.db) == ref.schema
    with checks.connect(old.url) as conn:
        assert checks.unvalidated_or_broken_fks(conn) == []


# (event, step key or "*", nth occurrence): one of each kind of step and moment.
KILLS = [
    ("step", "global:enum:kenyan_county:nyeri", 1),  # between two ALTER TYPE ... ADD VALUE (no transaction)
    ("step", "prepare:comments:prepare", 1),  # renames and drops of one table, in one transaction
    ("batch", "convert:comments:online:backfill", 2),  # in the middle of a batched backfill
    ("step", "convert:comments:online:swap", 1),  # shadow columns full, indexes built, not swapped
    ("step", "keys:*", 2),  # between building a unique index concurrently and adding its constraint
    ("step", "partition:analytics_events:partition", 1),  # before the table becomes a partition
    ("step", "cleanup:bookkeeping:drizzle.__drizzle_migrations", 1),  # during cleanup
    ("migrate", "migrate", 1),  # stamped, later revisions not yet applied
]


@pytest.mark.parametrize(("what", "step", "count"), KILLS, ids=[k[1].replace("*", "first") for k in KILLS])
def test_killed_then_resumed(old_db: Any, reference: Reference, what: str, step: str, count: int,
                             tmp_path: Path) -> None:
    assert what != "step" or any(s == step or (step.endswith("*") and s.startswith(step[:-1]))
                                 for s in reference.steps)
    old: OldDb = old_db(SHAPE)
    _kill(old, reference, what, step, count, tmp_path)
    status = exec_sql(old.url, f"SELECT status FROM {LEGACY_SCHEMA}.adopt_runs")
    assert status in ([("running",)], [("stamped",)])
    result, figures = _adopt_capturing(old, reference.exprs, reference.mapping, tmp_path / "bk2")
    assert result.resumed and not result.noop
    assert not (tmp_path / "bk2").exists(), "a resumed run keeps the first run's backup"
    _assert_same_end(old, reference, figures)
    assert exec_sql(old.url, f"SELECT status FROM {LEGACY_SCHEMA}.adopt_runs") == [("finished",)]


def test_interrupted_index_build_is_rebuilt(old_db: Any, reference: Reference, tmp_path: Path) -> None:
    """An INVALID index left by a killed CREATE INDEX CONCURRENTLY is dropped and built again."""
    old: OldDb = old_db(SHAPE)
    step = next(s for s in reference.steps if s.startswith("indexes:comments:index:"))
    name = step.rsplit(":", 1)[1]
    _kill(old, reference, "step", step, 1, tmp_path)
    with psycopg.connect(old.url, autocommit=True) as conn, pytest.raises(psycopg.errors.UniqueViolation):
        conn.execute(f"CREATE UNIQUE INDEX CONCURRENTLY {name} ON comments (bill_id)")
    assert exec_sql(old.url, "SELECT indisvalid FROM pg_index WHERE indexrelid = %s::regclass", (name,)) == [(False,)]
    _, figures = _adopt_capturing(old, reference.exprs, reference.mapping, tmp_path / "bk2")
    _assert_same_end(old, reference, figures)


def test_value_that_fails_a_conversion(old_db: Any, reference: Reference, tmp_path: Path) -> None:
    """A row written after the plan with a value the conversion cannot take stops its step, which
    leaves the table as it was; once the row is fixed the same command finishes the adoption."""
    old: OldDb = old_db(SHAPE)
    injected = "00000000-0000-4000-8000-00000000bad1"

    def write_bad_row(event: adopt.Event) -> None:
        if event.what == "step" and event.step == "convert:comments:convert":
            exec_sql(old.url, "INSERT INTO comments (id, bill_id, user_id, comment_text, position) "
                              "SELECT %s, bill_id, user_id, 'late write', 'banana' FROM comments LIMIT 1", (injected,))

    with pytest.raises(MigrationError) as exc:
        adopt.adopt(old.db, mapping=reference.mapping, yes=True, backup_dir=tmp_path / "bk", lock_budget_s=1.0,
                    progress=write_bad_row)
    assert "convert:comments:convert" in exc.value.message and "banana" in exc.value.message
    assert "\n" not in exc.value.message
    assert exec_sql(old.url, "SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
                             "WHERE attrelid = 'comments'::regclass AND attname = 'position'") == [
        ("character varying(20)",)]
    assert exec_sql(old.url, f"SELECT status FROM {LEGACY_SCHEMA}.adopt_runs") == [("failed",)]
    assert exec_sql(old.url, f"SELECT step FROM {LEGACY_SCHEMA}.adopt_steps WHERE status = 'failed'") == [
        ("convert:comments:convert",)]
    exec_sql(old.url, "DELETE FROM comments WHERE id = %s", (injected,))
    result, figures = _adopt_capturing(old, reference.exprs, reference.mapping, tmp_path / "bk2", lock_budget_s=1.0)
    assert result.resumed
    _assert_same_end(old, reference, figures)


def test_writes_during_an_online_conversion_are_converted(old_db: Any, reference: Reference, tmp_path: Path) -> None:
    """Rows written while a table converts online go through the same mapping (the sync trigger)."""
    old: OldDb = old_db(SHAPE)
    late = "00000000-0000-4000-8000-0000000000a1"
    U = oldshape.U

    def write(event: adopt.Event) -> None:
        if event.what == "batch" and event.step == "convert:comments:online:backfill" and event.index == 1:
            exec_sql(old.url, "INSERT INTO comments (id, bill_id, user_id, comment_text, position) "
                              "VALUES (%s, %s, %s, 'written meanwhile', 'Support')", (late, U("b1"), U("u1")))
            exec_sql(old.url, "UPDATE comments SET position = 'maybe' WHERE id = %s", (U("cmt0"),))

    _adopt_capturing(old, reference.exprs, reference.mapping, tmp_path / "bk", progress=write)
    positions = dict(exec_sql(old.url, "SELECT id::text, position::text FROM comments WHERE id IN (%s, %s)",
                              (late, U("cmt0"))))
    assert positions == {late: "support", U("cmt0"): "neutral"}
