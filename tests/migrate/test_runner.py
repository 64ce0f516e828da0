"""The runner: one transaction per revision, the journal, failures, non-transactional revisions, retries."""

from __future__ import annotations

import statistics
import time

import pytest
from sqlalchemy import text

from chanuka_db import api, testing
from chanuka_db.config import Environment
from chanuka_db.engine import Database
from chanuka_db.errors import MigrationError, RefusedError
from chanuka_db.migrate import journal, plan, runner
from chanuka_db.migrate.config import script_directory
from tests.migrate.conftest import SourceFactory, revision_text

CREATE_A = """
op.create_table("widgets", sa.Column("id", sa.Integer, primary_key=True), sa.Column("name", sa.Text, nullable=False))
"""
DROP_A = 'op.drop_table("widgets")'


def _journal(db: Database) -> list[journal.JournalEntry]:
    with db.connect() as conn:
        return list(reversed(journal.entries(conn)))


def test_real_revisions_apply_one_transaction_each_with_journal(chanuka_empty_db: Database) -> None:
    scripts = script_directory()
    revisions = [r.revision for r in plan.ordered(scripts)]
    assert revisions, "the package has no revisions"
    result = api.migrate(chanuka_empty_db)
    assert result.before is None
    assert result.current == result.head == revisions[-1]
    assert [a.revision for a in result.applied] == revisions
    assert not result.pending
    rows = _journal(chanuka_empty_db)
    assert [(r.revision, r.direction, r.status) for r in rows] == [(rev, "upgrade", "applied") for rev in revisions]
    for row, info in zip(rows, plan.ordered(scripts), strict=True):
        assert row.filename == info.filename
        assert row.checksum is not None and len(row.checksum) == 64
        assert row.duration_ms is not None and row.duration_ms >= 0
        assert row.applied_by.startswith(f"{chanuka_empty_db.url.username}@") and " pid " in row.applied_by
        assert row.package_version
    # Nothing pending: a second run applies nothing and writes no row.
    again = api.migrate(chanuka_empty_db)
    assert again.applied == [] and len(_journal(chanuka_empty_db)) == len(revisions)


def test_ensure_schema_is_a_fast_no_op(chanuka_db: Database) -> None:
    first = api.ensure_schema(chanuka_db)
    assert first.current == first.head and first.applied == []
    samples = []
    for _ in range(30):
        start = time.perf_counter()
        api.ensure_schema(chanuka_db)
        samples.append((time.perf_counter() - start) * 1000)
    assert statistics.median(samples) <= 50, samples


def test_ensure_schema_applies_what_is_pending(chanuka_empty_db: Database) -> None:
    result = api.ensure_schema(chanuka_empty_db)
    assert result.current == result.head
    assert len(result.applied) == len(plan.ordered(script_directory()))


def test_migrate_to_and_rollback(chanuka_empty_db: Database) -> None:
    revisions = [r.revision for r in plan.ordered(script_directory())]
    if len(revisions) < 2:
        pytest.fail("this test needs at least two revisions")
    api.migrate(chanuka_empty_db, to=revisions[1])
    assert api.status(chanuka_empty_db).current == revisions[1]
    with pytest.raises(MigrationError, match="not ahead"):
        api.migrate(chanuka_empty_db, to=revisions[0])
    back = api.rollback(chanuka_empty_db)
    assert back.current == revisions[0]
    assert [(a.revision, a.direction) for a in back.applied] == [(revisions[1], "downgrade")]
    assert _journal(chanuka_empty_db)[-1].status == "rolled_back"
    api.migrate(chanuka_empty_db, to=revisions[min(2, len(revisions) - 1)])
    gone = api.rollback(chanuka_empty_db, to="base")
    assert gone.current is None and len(gone.applied) == min(3, len(revisions))
    with pytest.raises(MigrationError, match="only 0 applied"):
        api.rollback(chanuka_empty_db, steps=1)
    with pytest.raises(MigrationError, match="unknown revision 'nope'"):
        api.migrate(chanuka_empty_db, to="nope")


def test_rollback_refuses_in_production_without_yes(chanuka_db: Database) -> None:
    prod = Database(testing.settings_for_tests().model_copy(update={"env": Environment.PRODUCTION}), url=chanuka_db.url)
    try:
        with pytest.raises(RefusedError, match="--yes"):
            api.rollback(prod, steps=1)
    finally:
        prod.dispose()


def test_a_failing_revision_rolls_back_alone_and_is_journaled(
    chanuka_empty_db: Database, make_source: SourceFactory
) -> None:
    source = make_source(
        {
            "0001_a.py": revision_text("0001_a", None, CREATE_A, DROP_A),
            "0002_b.py": revision_text(
                "0002_b",
                "0001_a",
                'op.add_column("widgets", sa.Column("size", sa.Integer))',
                'op.drop_column("widgets", "size")',
            ),
            "0003_bad.py": revision_text(
                "0003_bad",
                "0002_b",
                'op.add_column("widgets", sa.Column("colour", sa.Text))\nop.execute("SELECT 1/0")',
                'op.drop_column("widgets", "colour")',
            ),
        }
    )
    with pytest.raises(MigrationError) as caught:
        api.migrate(chanuka_empty_db, source=source)
    message = caught.value.message
    assert "0003_bad" in message and "0003_bad.py" in message and "division by zero" in message
    assert "rolled back" in message
    assert api.status(chanuka_empty_db, source=source).current == "0002_b"
    with chanuka_empty_db.connect() as conn:
        columns = set(
            conn.execute(
                text("SELECT column_name FROM information_schema.columns WHERE table_name='widgets'")
            ).scalars()
        )
    assert columns == {"id", "name", "size"}  # 0003's add_column rolled back with it
    rows = _journal(chanuka_empty_db)
    assert [(r.revision, r.status) for r in rows] == [
        ("0001_a", "applied"),
        ("0002_b", "applied"),
        ("0003_bad", "failed"),
    ]
    assert "division by zero" in (rows[-1].error or "")
    # A transactional failure does not block: fix the file, migrate again.
    (source.versions_dir / "0003_bad.py").write_text(
        revision_text(
            "0003_bad",
            "0002_b",
            'op.add_column("widgets", sa.Column("colour", sa.Text))',
            'op.drop_column("widgets", "colour")',
        )
    )
    assert api.migrate(chanuka_empty_db, source=source).current == "0003_bad"
    # repair clears the failed record.
    assert api.repair("0003_bad", chanuka_empty_db, source=source).cleared_failures == 1
    assert all(r.status != "failed" for r in _journal(chanuka_empty_db))


NON_TX_UP = """
op.create_index("ix_widgets_name", "widgets", ["name"], postgresql_concurrently=True, if_not_exists=True)
"""
NON_TX_DOWN = 'op.drop_index("ix_widgets_name", table_name="widgets", postgresql_concurrently=True, if_exists=True)'


def test_non_transactional_revision_runs_in_autocommit(chanuka_empty_db: Database, make_source: SourceFactory) -> None:
    source = make_source(
        {
            "0001_a.py": revision_text("0001_a", None, CREATE_A, DROP_A),
            "0002_ix.py": revision_text("0002_ix", "0001_a", NON_TX_UP, NON_TX_DOWN, header="non_transactional = True"),
        }
    )
    assert not plan.ordered(script_directory(source))[1].transactional
    result = api.migrate(chanuka_empty_db, source=source)
    assert result.current == "0002_ix"
    with chanuka_empty_db.connect() as conn:
        valid = conn.execute(
            text("SELECT indisvalid FROM pg_index WHERE indexrelid = 'ix_widgets_name'::regclass")
        ).scalar()
    assert valid is True
    assert [(r.revision, r.status) for r in _journal(chanuka_empty_db)] == [
        ("0001_a", "applied"),
        ("0002_ix", "applied"),
    ]
    assert api.rollback(chanuka_empty_db, source=source).current == "0001_a"
    # The offline SQL puts the CONCURRENTLY statement outside BEGIN/COMMIT.
    sql = api.migrate(chanuka_empty_db, sql=True, source=source).sql or ""
    concurrently = sql.index("CREATE INDEX CONCURRENTLY")
    assert sql.rfind("COMMIT;", 0, concurrently) > sql.rfind("BEGIN;", 0, concurrently)


def test_failed_non_transactional_revision_blocks_until_repaired(
    chanuka_empty_db: Database, make_source: SourceFactory
) -> None:
    broken = NON_TX_UP + '\nop.execute("SELECT no_such_function()")'
    source = make_source(
        {
            "0001_a.py": revision_text("0001_a", None, CREATE_A, DROP_A),
            "0002_ix.py": revision_text("0002_ix", "0001_a", broken, NON_TX_DOWN, header="non_transactional = True"),
        }
    )
    with pytest.raises(MigrationError, match=r"may be partly applied.*repair 0002_ix"):
        api.migrate(chanuka_empty_db, source=source)
    report = api.verify(chanuka_empty_db, source=source)
    assert not report.ok and "0002_ix" in report.problems[0]
    with pytest.raises(MigrationError, match=r"refusing to migrate.*0002_ix"):
        api.migrate(chanuka_empty_db, source=source)
    (source.versions_dir / "0002_ix.py").write_text(
        revision_text("0002_ix", "0001_a", NON_TX_UP, NON_TX_DOWN, header="non_transactional = True")
    )
    assert api.repair("0002_ix", chanuka_empty_db, source=source).cleared_failures == 1
    # The index the failed attempt built is there already: IF NOT EXISTS makes the re-run a no-op.
    assert api.migrate(chanuka_empty_db, source=source).current == "0002_ix"


def test_lock_timeout_is_retried(
    chanuka_empty_db: Database, make_source: SourceFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = make_source(
        {
            "0001_a.py": revision_text("0001_a", None, CREATE_A, DROP_A),
            "0002_b.py": revision_text(
                "0002_b",
                "0001_a",
                'op.execute("SET LOCAL lock_timeout = \'200ms\'")\n'
                'op.add_column("widgets", sa.Column("size", sa.Integer))',
                'op.drop_column("widgets", "size")',
            ),
        }
    )
    api.migrate(chanuka_empty_db, to="0001_a", source=source)
    monkeypatch.setattr(runner, "LOCK_BACKOFF_S", 0.05)
    blocker = chanuka_empty_db.raw_connection()
    blocker.execute("LOCK TABLE widgets IN ACCESS SHARE MODE")
    seen = runner._is_lock_timeout

    def timed_out(exc: BaseException) -> bool:
        # The first lock timeout releases the blocking transaction: the retry then goes through.
        hit = seen(exc)
        if hit and not blocker.closed:
            blocker.rollback()
            blocker.close()
        return hit

    monkeypatch.setattr(runner, "_is_lock_timeout", timed_out)
    try:
        result = api.migrate(chanuka_empty_db, source=source)
    finally:
        blocker.close()
    assert result.current == "0002_b"
    assert result.retries >= 1
    assert [r.status for r in _journal(chanuka_empty_db)] == ["applied", "applied"]


def test_lock_timeout_gives_up_after_the_retries(
    chanuka_empty_db: Database, make_source: SourceFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = make_source(
        {
            "0001_a.py": revision_text("0001_a", None, CREATE_A, DROP_A),
            "0002_b.py": revision_text(
                "0002_b",
                "0001_a",
                'op.execute("SET LOCAL lock_timeout = \'50ms\'")\n'
                'op.add_column("widgets", sa.Column("size", sa.Integer))',
                'op.drop_column("widgets", "size")',
            ),
        }
    )
    api.migrate(chanuka_empty_db, to="0001_a", source=source)
    monkeypatch.setattr(runner, "LOCK_BACKOFF_S", 0.01)
    monkeypatch.setattr(runner, "LOCK_RETRIES", 2)
    with chanuka_empty_db.raw_connection() as blocker:
        blocker.execute("LOCK TABLE widgets IN ACCESS SHARE MODE")
        with pytest.raises(MigrationError, match=r"after 2 retries on lock timeout.*55P03"):
            api.migrate(chanuka_empty_db, source=source)
        blocker.rollback()
    assert _journal(chanuka_empty_db)[-1].status == "failed"


def test_session_settings_are_restored_after_migrating(chanuka_db: Database) -> None:
    api.migrate(chanuka_db)
    with chanuka_db.connect() as conn:
        assert conn.execute(text("SHOW statement_timeout")).scalar() == "30s"
        assert conn.execute(text("SHOW lock_timeout")).scalar() == "5s"
        held = conn.execute(
            text(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            )
        ).scalar()
    assert held == 0
