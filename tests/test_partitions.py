"""Monthly partitions of the event tables: defaults catch everything, ensure/list/detach, pruning, autogenerate."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from alembic.autogenerate import produce_migrations, render_python_code
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import Connection, UniqueConstraint, text

from chanuka_db.engine import Database
from chanuka_db.errors import InvalidInput
from chanuka_db.migrate import autogen, partition_ops
from chanuka_db.ops import partitions
from chanuka_db.ops.partitions import add_months, month_partition_name
from chanuka_db.schema import metadata
from chanuka_db.testing import url_of

PARTITIONED = ("analytics_events", "engagement_events", "user_activity_log")

# A minimal valid row per partitioned table (the partition column is added per insert).
ROWS: dict[str, dict[str, Any]] = {
    "engagement_events": {"event_type": "view", "entity_type": "bill", "entity_id": uuid.uuid4()},
    "analytics_events": {"event_name": "page_view", "event_category": "navigation"},
    "user_activity_log": {"activity_type": "login", "activity_category": "authentication"},
}


@pytest.fixture
def conn(chanuka_db: Database) -> Iterator[Connection]:
    """A connection in a transaction rolled back after the test: partitions made by a test vanish with it."""
    with chanuka_db.engine.connect() as connection:
        tx = connection.begin()
        try:
            yield connection
        finally:
            tx.rollback()


def utc(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.UTC)


def insert(conn: Connection, table: str, at: dt.datetime) -> str:
    """Insert a row dated ``at``; returns the partition that took it."""
    values = {**ROWS[table], "created_at": at}
    cols = ", ".join(values)
    params = ", ".join(f":{k}" for k in values)
    return str(
        conn.execute(
            text(f"INSERT INTO {table} ({cols}) VALUES ({params}) RETURNING tableoid::regclass::text"), values
        ).scalar_one()
    )


def today(conn: Connection) -> dt.date:
    return conn.execute(text("SELECT (now() AT TIME ZONE 'UTC')::date")).scalar_one()  # type: ignore[no-any-return]


def scanned_relations(conn: Connection, query: str) -> set[str]:
    """The relations EXPLAIN says ``query`` reads."""
    plan = conn.execute(text(f"EXPLAIN (FORMAT JSON) {query}")).scalar_one()
    plan = json.loads(plan) if isinstance(plan, str) else plan
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "Relation Name" in node:
                found.add(node["Relation Name"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(plan)
    return found


# --------------------------------------------------------------------------- pure helpers
def test_durations_months_and_names() -> None:
    assert partitions.parse_duration("24m") == 24
    assert partitions.parse_duration("2y") == 24
    assert partitions.parse_duration(" 18 ") == 18
    assert partitions.parse_duration("3 months") == 3
    assert partitions.parse_duration("1Y") == 12
    for bad in ("", "-3m", "2w", "m", "1.5y"):
        with pytest.raises(InvalidInput):
            partitions.parse_duration(bad)
    assert add_months(dt.date(2025, 1, 31), 1) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2025, 3, 15), -24) == dt.date(2023, 3, 15)
    assert add_months(dt.date(2025, 11, 1), 3) == dt.date(2026, 2, 1)
    assert month_partition_name("engagement_events", dt.date(2025, 3, 9)) == "engagement_events_p202503"
    assert partitions.parse_month_partition("engagement_events_p202503") == ("engagement_events", dt.date(2025, 3, 1))
    assert partitions.parse_month_partition("engagement_events_p202513") is None
    assert partitions.parse_month_partition("engagement_events_default") is None
    # autogenerate hides exactly these names
    assert autogen._looks_like_partition(month_partition_name("user_activity_log", dt.date(2031, 12, 1)))
    assert autogen._looks_like_partition(partitions.default_partition_name("user_activity_log"))


def test_models_key_on_the_partition_column_and_nothing_references_them() -> None:
    for name in PARTITIONED:
        table = metadata.tables[name]
        assert table.dialect_options["postgresql"]["partition_by"] == "RANGE (created_at)"
        assert table.info["partitioned"] == "month"
        assert [c.name for c in table.primary_key] == ["id", "created_at"]
        for constraint in table.constraints:
            if isinstance(constraint, UniqueConstraint):
                assert "created_at" in constraint.columns
        for index in table.indexes:
            assert not index.unique or "created_at" in index.columns
    # PostgreSQL cannot point a foreign key at (part of) a partitioned table's key: none may exist.
    referencing = [
        (t.name, fk.column.table.name)
        for t in metadata.tables.values()
        for fk in t.foreign_keys
        if fk.column.table.name in PARTITIONED
    ]
    assert referencing == []


# --------------------------------------------------------------------------- the database
def test_migrations_create_partitioned_tables_with_a_default(conn: Connection) -> None:
    found = {t.name: t for t in partitions.partitioned_tables(conn)}
    assert set(PARTITIONED) <= set(found)
    for name in PARTITIONED:
        assert found[name].column == "created_at"
        assert found[name].column_type == "timestamp with time zone"
        assert found[name].default_partition == f"{name}_default"


def test_default_partition_takes_any_date_without_ensure(conn: Connection) -> None:
    now = today(conn)
    for table in PARTITIONED:
        for delta in (-1200, -24, -1, 0, 3, 600):  # months: far past, retention edge, far future
            taken_by = insert(conn, table, utc(add_months(now, delta)))
            assert taken_by in (f"{table}_default", month_partition_name(table, add_months(now, delta)))
    assert insert(conn, "engagement_events", utc(dt.date(2150, 1, 1))) == "engagement_events_default"


def test_ensure_covers_two_years_back_to_three_months_ahead(conn: Connection) -> None:
    now = partitions.month_start(today(conn))
    result = partitions.ensure(conn, months_ahead=3, months_back=24)
    assert result.first_month == add_months(now, -24)
    assert result.last_month == add_months(now, 3)
    for table in PARTITIONED:
        for delta in range(-24, 4):
            month = add_months(now, delta)
            for day, hour in (
                (month, 0),
                (month.replace(day=15), 12),
                (add_months(month, 1) - dt.timedelta(days=1), 23),
            ):
                assert insert(conn, table, utc(day, hour)) == month_partition_name(table, month)
    # Boundaries are UTC midnights: the first instant of a month belongs to it, the instant before does not.
    first = dt.datetime(now.year, now.month, 1, tzinfo=dt.UTC)
    assert insert(conn, "engagement_events", first) == month_partition_name("engagement_events", now)
    before = month_partition_name("engagement_events", add_months(now, -1))
    assert insert(conn, "engagement_events", first - dt.timedelta(microseconds=1)) == before


def test_ensure_is_idempotent(conn: Connection) -> None:
    first = partitions.ensure(conn, months_ahead=3, months_back=2)
    second = partitions.ensure(conn, months_ahead=3, months_back=2)
    assert second.created == []
    assert second.defaults_created == []
    assert sorted(second.existing) == sorted(first.created + first.existing)
    assert len(second.existing) == 6 * len(PARTITIONED)
    listing = partitions.list_partitions(conn)
    names = [p.name for p in listing.partitions]
    assert len(names) == len(set(names))


def test_ensure_moves_rows_waiting_in_the_default_partition(conn: Connection) -> None:
    now = partitions.month_start(today(conn))
    old = add_months(now, -20)
    for _ in range(3):
        insert(conn, "engagement_events", utc(old.replace(day=10)))
    insert(conn, "engagement_events", utc(dt.date(2150, 1, 1)))  # stays in the default: no partition for it
    result = partitions.ensure(conn, months_ahead=0, months_back=24)
    name = month_partition_name("engagement_events", old)
    assert result.moved_rows == {name: 3}
    counts = dict(
        conn.execute(text("SELECT tableoid::regclass::text, count(*) FROM engagement_events GROUP BY 1")).all()
    )
    assert counts == {name: 3, "engagement_events_default": 1}
    # The moved partition is a full partition: indexes, primary key and foreign keys came with ATTACH.
    indexes = conn.execute(text("SELECT count(*) FROM pg_indexes WHERE tablename = :t"), {"t": name}).scalar_one()
    parent = conn.execute(
        text("SELECT count(*) FROM pg_indexes WHERE tablename = 'engagement_events_p' || :m"),
        {"m": f"{now:%Y%m}"},
    ).scalar_one()
    assert indexes == parent > 0
    fks = conn.execute(
        text("SELECT count(*) FROM pg_constraint WHERE conrelid = CAST(:t AS regclass) AND contype = 'f'"), {"t": name}
    ).scalar_one()
    assert fks == 1


def test_a_time_range_query_reads_only_the_partitions_in_range(conn: Connection) -> None:
    now = partitions.month_start(today(conn))
    partitions.ensure(conn, months_ahead=3, months_back=6)
    lo, hi = add_months(now, -3), add_months(now, -1)
    query = (
        "SELECT count(*) FROM engagement_events "
        f"WHERE created_at >= '{lo.isoformat()} 00:00:00+00' AND created_at < '{hi.isoformat()} 00:00:00+00'"
    )
    expected = {
        month_partition_name("engagement_events", lo),
        month_partition_name("engagement_events", add_months(lo, 1)),
    }
    assert scanned_relations(conn, query) == expected
    # A range computed from an expression (a week from the first of the month) prunes as well.
    week = scanned_relations(
        conn,
        f"SELECT * FROM user_activity_log WHERE created_at BETWEEN '{now.isoformat()} 00:00:00+00' "
        f"AND '{now.isoformat()} 00:00:00+00'::timestamptz + interval '7 days'",
    )
    assert week == {month_partition_name("user_activity_log", now)}


def test_list_reports_rows_and_warns_when_the_default_is_not_empty(conn: Connection) -> None:
    now = partitions.month_start(today(conn))
    partitions.ensure(conn, months_ahead=1, months_back=0)
    clean = partitions.list_partitions(conn)
    assert clean.warnings == []
    insert(conn, "analytics_events", utc(now.replace(day=2)))
    insert(conn, "analytics_events", utc(dt.date(2099, 5, 17)))
    listing = partitions.list_partitions(conn)
    assert len(listing.warnings) == 1
    assert "analytics_events_default" in listing.warnings[0]
    assert "2099-05-17" in listing.warnings[0]
    by_name = {p.name: p for p in listing.partitions}
    assert by_name["analytics_events_default"].kind == "default"
    assert by_name["analytics_events_default"].rows == 1
    current = by_name[month_partition_name("analytics_events", now)]
    assert (current.kind, current.month, current.rows, current.rows_estimated) == ("month", now, 1, False)
    assert current.total_bytes > 0
    assert "FROM" in current.bound
    estimated = partitions.list_partitions(conn, exact=False, tables=["analytics_events"])
    assert {p.table for p in estimated.partitions} == {"analytics_events"}
    assert estimated.warnings == listing.warnings  # the default is always counted exactly
    assert json.dumps(listing.as_dict())
    with pytest.raises(InvalidInput):
        partitions.list_partitions(conn, tables=["users"])


def test_detach_keeps_data_unless_asked_to_drop(conn: Connection) -> None:
    now = partitions.month_start(today(conn))
    partitions.ensure(conn, months_ahead=0, months_back=27, tables=["engagement_events"])
    old, edge = add_months(now, -26), add_months(now, -24)
    insert(conn, "engagement_events", utc(old.replace(day=3)))
    insert(conn, "engagement_events", utc(edge.replace(day=3)))
    months = [p.month for p in partitions.list_partitions(conn, tables=["engagement_events"]).partitions if p.month]
    result = partitions.detach(conn, older_than_months=24, tables=["engagement_events"], today=now.replace(day=15))
    assert result.cutoff == add_months(now.replace(day=15), -24)
    # months -27..-25 ended before the cutoff; month -24 ends after it and stays.
    assert result.detached == [month_partition_name("engagement_events", add_months(now, d)) for d in (-27, -26, -25)]
    assert result.dropped == []
    assert result.kept == len(months) - 3
    old_name = month_partition_name("engagement_events", old)
    still_there = conn.execute(
        text("SELECT relkind::text, relispartition FROM pg_class WHERE relname = :n"), {"n": old_name}
    ).one()
    assert tuple(still_there) == ("r", False)
    assert conn.execute(text(f"SELECT count(*) FROM {old_name}")).scalar_one() == 1
    assert conn.execute(text("SELECT count(*) FROM engagement_events")).scalar_one() == 1  # only month -24 left
    # A later ensure over those months leaves the detached table alone and says so.
    again = partitions.ensure(conn, months_ahead=0, months_back=27, tables=["engagement_events"])
    assert any(old_name in w for w in again.warnings)
    assert old_name not in again.created
    dropped = partitions.detach(conn, older_than_months=12, drop=True, tables=["engagement_events"])
    assert dropped.dropped == dropped.detached
    assert month_partition_name("engagement_events", edge) in dropped.dropped
    gone = conn.execute(
        text("SELECT count(*) FROM pg_class WHERE relname = :n"), {"n": month_partition_name("engagement_events", edge)}
    ).scalar_one()
    assert gone == 0
    with pytest.raises(InvalidInput):
        partitions.detach(conn, older_than_months=0)


def test_a_month_covered_by_a_foreign_partition_is_reported_not_fatal(conn: Connection) -> None:
    now = partitions.month_start(today(conn))
    ahead = add_months(now, 5)  # beyond what migrate's own ensure creates
    conn.execute(
        text(
            "CREATE TABLE engagement_events_legacy PARTITION OF engagement_events FOR VALUES "
            f"FROM ('{ahead.isoformat()} 00:00:00+00') TO ('{add_months(ahead, 1).isoformat()} 00:00:00+00')"
        )
    )
    result = partitions.ensure(conn, months_ahead=6, tables=["engagement_events"])
    assert month_partition_name("engagement_events", ahead) not in result.created
    assert any("overlap" in w for w in result.warnings)
    assert month_partition_name("engagement_events", add_months(now, 6)) in result.created
    kinds = {p.name: p.kind for p in partitions.list_partitions(conn, tables=["engagement_events"]).partitions}
    assert kinds["engagement_events_legacy"] == "other"


def test_works_on_a_plain_psycopg_connection(chanuka_db: Database) -> None:
    with psycopg.connect(url_of(chanuka_db)) as raw:
        try:
            raw.execute(
                "INSERT INTO user_activity_log (activity_type, activity_category, created_at) "
                "VALUES ('login', 'authentication', %s)",
                (dt.datetime(2024, 2, 29, 23, 59, tzinfo=dt.UTC),),
            )
            result = partitions.ensure(raw, months_ahead=0, months_back=0, today=dt.date(2024, 2, 10))
            assert result.moved_rows == {"user_activity_log_p202402": 1}
            assert partitions.detach(raw, 1, tables=["user_activity_log"], today=dt.date(2024, 4, 1)).detached == [
                "user_activity_log_p202402"
            ]
        finally:
            raw.rollback()


def test_default_partition_operation_and_autogenerate(conn: Connection) -> None:
    conn.execute(text("DROP TABLE engagement_events_default"))
    context = MigrationContext.configure(
        conn,
        opts={
            "target_metadata": metadata,
            "include_object": autogen.include_object,
            "compare_type": True,
            "include_schemas": False,
        },
    )
    script = produce_migrations(context, metadata)
    wanted = [o for o in script.upgrade_ops.ops if isinstance(o, partition_ops.CreateDefaultPartitionOp)]
    assert [o.table_name for o in wanted] == ["engagement_events"]
    code = render_python_code(script.upgrade_ops)
    assert "op.create_default_partition('engagement_events')" in code
    assert "engagement_events_p" not in code and "_default'" not in code  # children stay invisible
    reverse = render_python_code(script.downgrade_ops)
    assert "op.drop_default_partition('engagement_events')" in reverse
    Operations(context).create_default_partition("engagement_events")  # type: ignore[attr-defined]
    assert insert(conn, "engagement_events", utc(dt.date(1999, 1, 1))) == "engagement_events_default"
    again = produce_migrations(context, metadata)
    assert not [o for o in again.upgrade_ops.ops if isinstance(o, partition_ops.CreateDefaultPartitionOp)]


def test_user_activity_log_constraints(conn: Connection) -> None:
    """The partitioned log keeps its checks and foreign key (integrity_operations' tests leave it to this module)."""
    user = conn.execute(
        text("INSERT INTO users (email, password_hash) VALUES (:e, :p) RETURNING id"),
        {"e": f"log{uuid.uuid4().hex[:8]}@example.ke", "p": "h" * 60},
    ).scalar_one()
    at = dt.datetime(2025, 5, 5, 8, tzinfo=dt.UTC)
    row = conn.execute(
        text(
            "INSERT INTO user_activity_log (user_id, activity_type, activity_category, ip_address, risk_score, "
            "created_at) VALUES (:u, 'login', 'authentication', '41.90.64.1', 0.25, :at) "
            "RETURNING id, anomaly_detected, location_data"
        ),
        {"u": user, "at": at},
    ).one()
    assert (row.anomaly_detected, row.location_data) == (False, {})

    def sqlstate(statement: str, **params: Any) -> str | None:
        with conn.begin_nested() as sp:
            try:
                conn.execute(text(statement), params)
            except Exception as exc:  # the savepoint rolls back
                sp.rollback()
                return getattr(getattr(exc, "orig", None), "sqlstate", None)
        return None

    base = (
        "INSERT INTO user_activity_log (activity_type, activity_category, {col}) VALUES ('login', 'authentication', :v)"
    )
    assert sqlstate(base.format(col="risk_score"), v=1.5) == "23514"
    assert sqlstate(base.format(col="user_id"), v=uuid.uuid4()) == "23503"
    assert sqlstate(base.format(col="ip_address"), v="not-an-ip") == "22P02"
    assert (
        sqlstate("INSERT INTO user_activity_log (activity_type, activity_category) VALUES ('x', 'gaming')") == "23514"
    )
    assert (
        sqlstate(
            "INSERT INTO user_activity_log (id, activity_type, activity_category, created_at) "
            "VALUES (:i, 'login', 'admin', :at)",
            i=row.id,
            at=at,
        )
        == "23505"
    )
    conn.execute(text("DELETE FROM users WHERE id = :u"), {"u": user})
    assert conn.execute(text("SELECT user_id FROM user_activity_log WHERE id = :i"), {"i": row.id}).scalar_one() is None
