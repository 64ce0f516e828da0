"""doctor: finds a deliberately unindexed foreign key, a slow query, redundant indexes, bloat, sequences
near their limit and partition problems; exit semantics follow the worst finding."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from chanuka_db.engine import Database
from chanuka_db.ops import partitions
from chanuka_db.ops.doctor import CHECKS, DoctorReport, Thresholds, doctor, estimate_table_pages

SCRATCH = """
CREATE TABLE ops_scratch_parent (id bigint PRIMARY KEY);
CREATE TABLE ops_scratch_child (
    id bigint PRIMARY KEY,
    bill_id uuid REFERENCES bills (id),
    parent_id bigint REFERENCES ops_scratch_parent (id),
    note text
);
CREATE INDEX ops_scratch_note_a ON ops_scratch_child (note);
CREATE INDEX ops_scratch_note_b ON ops_scratch_child (note);
CREATE INDEX ops_scratch_note_id ON ops_scratch_child (note, id);
CREATE INDEX ops_scratch_parent_idx ON ops_scratch_child (parent_id);
CREATE TABLE ops_scratch_bloat (id int, pad text) WITH (autovacuum_enabled = off);
INSERT INTO ops_scratch_bloat SELECT g, repeat('x', 120) FROM generate_series(1, 20000) g;
DELETE FROM ops_scratch_bloat WHERE mod(id, 10) <> 0;
ANALYZE ops_scratch_bloat;
"""


@pytest.fixture(scope="module")
def scratch(chanuka_db: Database) -> Iterator[Database]:
    with chanuka_db.engine.begin() as conn:
        for statement in SCRATCH.split(";"):
            if statement.strip():
                conn.exec_driver_sql(statement)
    with chanuka_db.connect() as conn:
        conn.execute(text("SELECT pg_sleep(0.55)"))  # a deliberately slow statement
        conn.commit()
    yield chanuka_db
    with chanuka_db.engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE ops_scratch_child, ops_scratch_parent, ops_scratch_bloat")


@pytest.fixture(scope="module")
def report(scratch: Database) -> DoctorReport:
    return doctor(scratch, Thresholds(bloat_min_bytes=64 * 1024))


def test_every_check_reports(report: DoctorReport) -> None:
    assert [f.name for f in report.findings] == [name for name, _ in CHECKS]
    for f in report.findings:
        assert f.severity in ("ok", "warning", "critical")
        assert f.advice and "\n" not in f.advice and f.threshold
        assert not f.value.startswith("could not check"), f
    json.dumps(report.as_dict())  # --json


def test_finds_the_unindexed_foreign_key(report: DoctorReport) -> None:
    finding = report.finding("fk_without_index")
    assert finding.severity == "warning"
    assert any(item.startswith("ops_scratch_child(bill_id) -> bills") for item in finding.items), finding.items
    assert not any("parent_id" in item for item in finding.items)  # that one has an index


def test_finds_the_slow_query(report: DoctorReport, scratch: Database) -> None:
    finding = report.finding("slow_queries")
    assert finding.severity == "warning", finding
    with scratch.connect() as conn:
        preload = conn.execute(text("SELECT current_setting('shared_preload_libraries')")).scalar_one()
    if "pg_stat_statements" not in preload:
        # A server without it (Debian's default, TEST_DATABASE_URL): doctor says how to turn it on.
        assert finding.value == "pg_stat_statements is not loaded"
        assert "shared_preload_libraries" in finding.advice
        return
    assert "pg_sleep" in finding.items[0]
    assert finding.metric is not None and 500 <= finding.metric < 5_000


def test_finds_redundant_indexes(report: DoctorReport) -> None:
    items = report.finding("duplicate_indexes").items
    assert "ops_scratch_note_b duplicates ops_scratch_note_a on ops_scratch_child" in items
    assert "ops_scratch_note_a is a prefix of ops_scratch_note_id on ops_scratch_child" in items


def test_estimates_table_bloat(report: DoctorReport) -> None:
    finding = report.finding("table_bloat")
    assert finding.severity in ("warning", "critical")
    assert any(item.startswith("ops_scratch_bloat: ~") for item in finding.items), finding.items
    # the estimate of a tightly packed table is close to its real size
    assert 230 <= estimate_table_pages(20_000, 124, 2, False, 100) <= 400


def test_sequence_near_exhaustion_is_critical_and_sets_the_exit_code(scratch: Database) -> None:
    with scratch.engine.begin() as conn:
        conn.exec_driver_sql("CREATE SEQUENCE ops_scratch_seq MAXVALUE 100")
        conn.exec_driver_sql("SELECT setval('ops_scratch_seq', 95)")
    try:
        found = doctor(scratch, only=["sequences"])
        finding = found.finding("sequences")
        assert finding.severity == "critical"
        assert finding.items[0].startswith("ops_scratch_seq: ")
        assert found.critical and found.exit_code == 1
        lenient = Thresholds(sequence_warning_ratio=0.99, sequence_critical_ratio=0.999)
        calm = doctor(scratch, lenient, only=["sequences"])
        assert not calm.critical and calm.exit_code == 0
    finally:
        with scratch.engine.begin() as conn:
            conn.exec_driver_sql("DROP SEQUENCE ops_scratch_seq")


def test_partitions_ahead_and_default_partition(scratch: Database) -> None:
    with scratch.engine.begin() as conn:
        partitions.ensure(conn, months_ahead=2)
    assert doctor(scratch, only=["partitions_ahead"]).finding("partitions_ahead").severity == "ok"
    with scratch.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO engagement_events (event_type, entity_type, entity_id, created_at) "
            "VALUES ('view', 'bill', gen_random_uuid(), '2001-01-15T00:00:00Z')"
        )
    try:
        finding = doctor(scratch, only=["default_partitions"]).finding("default_partitions")
        assert finding.severity == "warning"
        assert "engagement_events_default" in " ".join(finding.items)
    finally:
        with scratch.engine.begin() as conn:
            conn.exec_driver_sql("DELETE FROM engagement_events WHERE created_at < '2002-01-01'")
    with scratch.engine.begin() as conn:  # the current month's partition gone: critical
        current = partitions.month_partition_name("engagement_events", partitions.month_start(
            conn.exec_driver_sql("SELECT (now() AT TIME ZONE 'UTC')::date").scalar_one()
        ))
        conn.exec_driver_sql(f'ALTER TABLE engagement_events DETACH PARTITION "{current}"')
        conn.exec_driver_sql(f'DROP TABLE "{current}"')
    missing = doctor(scratch, only=["partitions_ahead"]).finding("partitions_ahead")
    assert missing.severity == "critical" and f"{current} is missing" in missing.items
    with scratch.engine.begin() as conn:
        partitions.ensure(conn, months_ahead=2)


def test_long_transaction_and_blocked_lock(scratch: Database) -> None:
    holder = scratch.raw_connection()
    waiter = scratch.raw_connection(autocommit=True)
    thread: threading.Thread | None = None
    try:
        holder.execute("LOCK TABLE ops_scratch_parent IN ACCESS EXCLUSIVE MODE")

        def wait() -> None:
            try:
                waiter.execute("SET lock_timeout = '20s'")
                waiter.execute("SELECT count(*) FROM ops_scratch_parent")
            except Exception:  # the lock wait ends when the holder rolls back
                waiter.rollback()

        thread = threading.Thread(target=wait)
        thread.start()
        time.sleep(1.2)
        found = doctor(
            scratch,
            Thresholds(blocked_warning_s=1.0, long_transaction_warning_s=1.0),
            only=["long_transactions", "blocked_locks"],
        )
        blocked = found.finding("blocked_locks")
        assert blocked.severity == "warning" and "ops_scratch_parent" in blocked.items[0], blocked
        assert found.finding("long_transactions").severity == "warning"
    finally:
        holder.rollback()
        if thread is not None:
            thread.join(timeout=30)
        holder.close()
        waiter.close()


def test_the_shipped_schema_has_no_index_findings(chanuka_db: Database) -> None:
    """Every foreign key of the models is served by an index (partial IS NOT NULL and composite keys
    included) and no index repeats another's leading columns (revision 0103)."""
    found = doctor(chanuka_db, only=["fk_without_index", "duplicate_indexes"])
    for name in ("fk_without_index", "duplicate_indexes"):
        # This module's scratch tables (ops_scratch_*) break both rules on purpose.
        assert [i for i in found.finding(name).items if "ops_scratch" not in i] == [], name
