"""Monthly range partitions of the high-volume event tables: create ahead, list, detach after retention.

The partitioned tables (``engagement_events``, ``analytics_events``, ``user_activity_log``) are
declared ``PARTITION BY RANGE (created_at)`` in the models; their migrations create them with a
DEFAULT partition (``<table>_default``) so an insert never fails, whatever its date. This module
manages the monthly partitions around it:

- :func:`ensure` creates ``<table>_pYYYYMM`` for the months from ``months_back`` before the current
  month to ``months_ahead`` after it (idempotent). Rows already sitting in the default partition for
  such a month are moved into the new partition in the same transaction.
- :func:`list_partitions` reports every partition with its row count and size, and warns when the
  default partition holds rows (a month is missing: run :func:`ensure` for it).
- :func:`detach` detaches monthly partitions whose whole month is older than the retention period.
  Detached partitions stay in the database as ordinary tables (same name, same data); they are only
  dropped when ``drop=True``.

Which tables: every table of the current schema that is range-partitioned on one ``timestamptz``,
``timestamp`` or ``date`` column, found in the catalog (so ``migrate`` does not need the models).
Month boundaries are UTC midnights on the first of the month. Only partitions named
``<table>_pYYYYMM`` are managed; others are listed but never detached.

Every function takes a SQLAlchemy :class:`~sqlalchemy.engine.Connection` (psycopg driver) or a psycopg
connection, runs in the caller's transaction (commit it; ``engine.begin()`` does) and never prints.
Writers take a transaction-scoped advisory lock, so two concurrent runs queue instead of racing.
All SQL is parameterised or composed with :mod:`psycopg.sql`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import psycopg
from psycopg import sql
from sqlalchemy.engine import Connection

from chanuka_db.errors import InvalidInput

#: Key of the transaction-scoped advisory lock taken by :func:`ensure` and :func:`detach`.
ADVISORY_LOCK_KEY = "chanuka_db.partitions"
DEFAULT_MONTHS_AHEAD = 3
DEFAULT_RETENTION_MONTHS = 24
DEFAULT_SUFFIX = "_default"
_MONTH_SUFFIX = re.compile(r"^(?P<parent>.+)_p(?P<year>\d{4})(?P<month>\d{2})$")
_DURATION = re.compile(r"^\s*(?P<n>\d+)\s*(?P<unit>m|mo|mon|month|months|y|yr|yrs|year|years)?\s*$", re.IGNORECASE)
_KEY_TYPES = ("timestamp with time zone", "timestamp without time zone", "date")

AnyConnection = Connection | psycopg.Connection[Any]


# --------------------------------------------------------------------------- naming and dates
def default_partition_name(table: str) -> str:
    """The default partition of ``table``: ``<table>_default``."""
    return f"{table}{DEFAULT_SUFFIX}"


def month_partition_name(table: str, month: dt.date) -> str:
    """The partition of ``table`` for ``month``'s month: ``<table>_pYYYYMM``."""
    return f"{table}_p{month.year:04d}{month.month:02d}"


def parse_month_partition(name: str) -> tuple[str, dt.date] | None:
    """``("engagement_events", date(2025, 3, 1))`` for ``engagement_events_p202503``; None otherwise."""
    m = _MONTH_SUFFIX.match(name)
    if m is None:
        return None
    month = int(m.group("month"))
    if not 1 <= month <= 12:
        return None
    return m.group("parent"), dt.date(int(m.group("year")), month, 1)


def month_start(day: dt.date) -> dt.date:
    """The first day of ``day``'s month."""
    return day.replace(day=1)


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by ``months`` calendar months (the day clamped to the target month's length)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def parse_duration(text: str) -> int:
    """A retention period in months: ``"24m"`` -> 24, ``"2y"`` -> 24, ``"18"`` -> 18 (months by default).

    Raises :class:`~chanuka_db.errors.InvalidInput` for anything else (``"-3m"``, ``"2w"``, ``""``).
    """
    m = _DURATION.match(text or "")
    if m is None:
        raise InvalidInput(f"cannot read the duration {text!r}: use months or years, e.g. 24m or 2y")
    n = int(m.group("n"))
    unit = (m.group("unit") or "m").lower()
    return n * 12 if unit.startswith("y") else n


# --------------------------------------------------------------------------- results
@dataclass(frozen=True)
class PartitionedTable:
    """A range-partitioned table of the current schema."""

    name: str
    column: str
    column_type: str
    default_partition: str | None


@dataclass
class PartitionInfo:
    """One partition of a partitioned table (``partitions list``)."""

    table: str
    name: str
    kind: Literal["month", "default", "other"]
    month: dt.date | None
    bound: str
    rows: int
    rows_estimated: bool
    total_bytes: int


@dataclass
class PartitionList:
    """What ``partitions list`` prints; ``warnings`` is not empty when a default partition holds rows."""

    tables: list[PartitionedTable] = field(default_factory=list)
    partitions: list[PartitionInfo] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (dates as ISO strings)."""
        return _json_dict(asdict(self))


@dataclass
class EnsureResult:
    """What ``partitions ensure`` did: partitions created, already there, rows moved out of the default."""

    first_month: dt.date
    last_month: dt.date
    created: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    defaults_created: list[str] = field(default_factory=list)
    moved_rows: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (dates as ISO strings)."""
        return _json_dict(asdict(self))


@dataclass
class DetachResult:
    """What ``partitions detach`` did. Detached partitions remain as plain tables unless ``dropped``."""

    cutoff: dt.date
    detached: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    kept: int = 0

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (dates as ISO strings)."""
        return _json_dict(asdict(self))


def _json_dict(value: dict[str, Any]) -> dict[str, Any]:
    return {k: _jsonable(v) for k, v in value.items()}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# --------------------------------------------------------------------------- connection adapter
class _Session:
    """Run composed SQL on a SQLAlchemy connection (through it, so its transaction sees it) or on psycopg."""

    def __init__(self, conn: AnyConnection) -> None:
        if isinstance(conn, Connection):
            raw = conn.connection.driver_connection
            if not isinstance(raw, psycopg.Connection):
                raise InvalidInput("the partitions module needs the psycopg (3) driver: postgresql+psycopg://")
            self._sa: Connection | None = conn
            self._raw: psycopg.Connection[Any] = raw
        elif isinstance(conn, psycopg.Connection):
            self._sa = None
            self._raw = conn
        else:
            raise TypeError(f"expected a SQLAlchemy or psycopg connection, got {type(conn).__name__}")

    def _execute(self, query: sql.SQL | sql.Composed, params: Mapping[str, Any] | None) -> tuple[list[Any], int]:
        """Run one statement; returns its rows (empty when it returns none) and its row count."""
        if self._sa is not None:
            statement = query.as_string(self._raw)
            sa_result = (
                self._sa.exec_driver_sql(statement, dict(params)) if params else self._sa.exec_driver_sql(statement)
            )
            rows = [tuple(r) for r in sa_result.fetchall()] if sa_result.returns_rows else []
            return rows, int(sa_result.rowcount)
        cur = self._raw.execute(query, params)
        return (list(cur.fetchall()) if cur.description is not None else []), int(cur.rowcount)

    def rows(self, query: sql.SQL | sql.Composed, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """The rows ``query`` returns."""
        return self._execute(query, params)[0]

    def run(self, query: sql.SQL | sql.Composed, params: Mapping[str, Any] | None = None) -> int:
        """Execute a statement; returns its row count."""
        return self._execute(query, params)[1]

    def scalar(self, query: sql.SQL | sql.Composed, params: Mapping[str, Any] | None = None) -> Any:
        rows = self.rows(query, params)
        return rows[0][0] if rows else None

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """A savepoint (or a transaction on an autocommit psycopg connection): all or nothing."""
        if self._sa is not None:
            with self._sa.begin_nested():
                yield
        else:
            with self._raw.transaction():
                yield

    def lock(self) -> None:
        """Serialise partition maintenance: a transaction-scoped advisory lock."""
        self.rows(sql.SQL("SELECT pg_advisory_xact_lock(hashtext(%(key)s))"), {"key": ADVISORY_LOCK_KEY})

    def today(self) -> dt.date:
        """The database's current date in UTC (the clock that stamps ``created_at``)."""
        value = self.scalar(sql.SQL("SELECT (now() AT TIME ZONE 'UTC')::date"))
        assert isinstance(value, dt.date)
        return value


# --------------------------------------------------------------------------- catalog
_TABLES_SQL = sql.SQL(
    """
    SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), d.relname
    FROM pg_partitioned_table pt
    JOIN pg_class c ON c.oid = pt.partrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = pt.partattrs[0]
    LEFT JOIN pg_class d ON d.oid = pt.partdefid
    WHERE n.nspname = current_schema() AND pt.partstrat = 'r' AND pt.partnatts = 1 AND NOT c.relispartition
    ORDER BY c.relname
    """
)

_CHILDREN_SQL = sql.SQL(
    """
    SELECT c.relname, pg_get_expr(c.relpartbound, c.oid), c.reltuples::bigint, pg_total_relation_size(c.oid)
    FROM pg_inherits i
    JOIN pg_class c ON c.oid = i.inhrelid
    JOIN pg_class p ON p.oid = i.inhparent
    JOIN pg_namespace n ON n.oid = p.relnamespace
    WHERE n.nspname = current_schema() AND p.relname = %(parent)s
    ORDER BY c.relname
    """
)

_RELATION_EXISTS_SQL = sql.SQL(
    "SELECT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE n.nspname = current_schema() AND c.relname = %(name)s)"
)

_COLUMNS_SQL = sql.SQL(
    """
    SELECT a.attname FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relname = %(table)s
      AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
    ORDER BY a.attnum
    """
)


def partitioned_tables(conn: AnyConnection, tables: Sequence[str] | None = None) -> list[PartitionedTable]:
    """The range-partitioned tables (one date/timestamp key column) of the current schema, by name.

    ``tables`` restricts the result; naming a table that is not such a table raises
    :class:`~chanuka_db.errors.InvalidInput`.
    """
    return _partitioned_tables(_Session(conn), tables)


def _partitioned_tables(s: _Session, tables: Sequence[str] | None) -> list[PartitionedTable]:
    found = [
        PartitionedTable(name=r[0], column=r[1], column_type=r[2], default_partition=r[3])
        for r in s.rows(_TABLES_SQL)
        if r[2] in _KEY_TYPES
    ]
    if tables is None:
        return found
    by_name = {t.name: t for t in found}
    unknown = sorted(set(tables) - set(by_name))
    if unknown:
        raise InvalidInput(f"not a table partitioned by month: {', '.join(unknown)}")
    return [by_name[name] for name in sorted(set(tables))]


def _children(s: _Session, parent: str) -> list[tuple[str, str, int, int]]:
    return [(r[0], r[1], int(r[2]), int(r[3])) for r in s.rows(_CHILDREN_SQL, {"parent": parent})]


def _relation_exists(s: _Session, name: str) -> bool:
    return bool(s.scalar(_RELATION_EXISTS_SQL, {"name": name}))


def _bound_value(table: PartitionedTable, month: dt.date) -> dt.date | dt.datetime:
    """The partition bound for the first of ``month`` in the key column's type (UTC midnight)."""
    if table.column_type == "date":
        return month
    midnight = dt.datetime(month.year, month.month, 1)
    if table.column_type == "timestamp with time zone":
        return midnight.replace(tzinfo=dt.UTC)
    return midnight


def _bound_literal(table: PartitionedTable, month: dt.date) -> sql.Composable:
    value = _bound_value(table, month)
    text = value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    return sql.SQL("{}::{}").format(sql.Literal(text), sql.SQL(table.column_type))


# --------------------------------------------------------------------------- ensure
def ensure(
    conn: AnyConnection,
    months_ahead: int = DEFAULT_MONTHS_AHEAD,
    months_back: int = 0,
    *,
    today: dt.date | None = None,
    tables: Sequence[str] | None = None,
) -> EnsureResult:
    """Create the monthly partitions from ``months_back`` months ago to ``months_ahead`` months ahead.

    Idempotent: existing partitions are left alone. A missing default partition is created too. When
    the default partition already holds rows of a month being created, they are moved into the new
    partition (the table is locked against writes while that happens, only then). A relation that
    already has a partition's name without being one (a detached partition) is left alone, with a
    warning. ``today`` defaults to the database's current UTC date.
    """
    if months_ahead < 0 or months_back < 0:
        raise InvalidInput("months ahead and months back cannot be negative")
    s = _Session(conn)
    with s.atomic():
        s.lock()
        current = month_start(today or s.today())
        months = [add_months(current, i) for i in range(-months_back, months_ahead + 1)]
        result = EnsureResult(first_month=months[0], last_month=months[-1])
        for table in _partitioned_tables(s, tables):
            _ensure_table(s, table, months, result)
    return result


def _ensure_table(s: _Session, table: PartitionedTable, months: list[dt.date], result: EnsureResult) -> None:
    parent = sql.Identifier(table.name)
    default = table.default_partition
    if default is None:
        default = default_partition_name(table.name)
        if _relation_exists(s, default):
            result.warnings.append(f"{table.name} has no default partition and {default} is taken: not created")
            default = None
        else:
            s.run(sql.SQL("CREATE TABLE {} PARTITION OF {} DEFAULT").format(sql.Identifier(default), parent))
            result.defaults_created.append(default)
    children = {name for name, *_ in _children(s, table.name)}
    for month in months:
        name = month_partition_name(table.name, month)
        if name in children:
            result.existing.append(name)
            continue
        if _relation_exists(s, name):
            result.warnings.append(
                f"{name} exists but is not a partition of {table.name} (detached?): attach or rename it"
            )
            continue
        lower, upper = month, add_months(month, 1)
        waiting = 0
        if default is not None:
            waiting = int(
                s.scalar(
                    sql.SQL("SELECT count(*) FROM {} WHERE {} >= %(lo)s AND {} < %(hi)s").format(
                        sql.Identifier(default), sql.Identifier(table.column), sql.Identifier(table.column)
                    ),
                    {"lo": _bound_value(table, lower), "hi": _bound_value(table, upper)},
                )
            )
        try:
            with s.atomic():
                if waiting:
                    assert default is not None
                    result.moved_rows[name] = _create_moving_rows(s, table, default, name, lower, upper)
                else:
                    s.run(
                        sql.SQL("CREATE TABLE {} PARTITION OF {} FOR VALUES FROM ({}) TO ({})").format(
                            sql.Identifier(name),
                            parent,
                            _bound_literal(table, lower),
                            _bound_literal(table, upper),
                        )
                    )
        except Exception as exc:
            # 42P17: the month overlaps a partition with another name; anything else is a real failure.
            cause = exc if isinstance(exc, psycopg.Error) else getattr(exc, "orig", None)
            if not isinstance(cause, psycopg.errors.InvalidObjectDefinition):
                raise
            result.warnings.append(f"{name} not created: {cause.diag.message_primary or cause}")
            continue
        result.created.append(name)


def _create_moving_rows(
    s: _Session, table: PartitionedTable, default: str, name: str, lower: dt.date, upper: dt.date
) -> int:
    """Create partition ``name`` and move its month's rows out of the default partition; returns the count.

    PostgreSQL refuses to create a partition whose rows sit in the default partition. So: block writes
    to the table, build the partition as a plain table, move the rows (DELETE ... RETURNING feeding an
    INSERT), then ATTACH it, which re-checks both the new partition and the default.
    """
    parent = sql.Identifier(table.name)
    column = sql.Identifier(table.column)
    columns = sql.SQL(", ").join(sql.Identifier(r[0]) for r in s.rows(_COLUMNS_SQL, {"table": table.name}))
    s.run(sql.SQL("LOCK TABLE {} IN SHARE ROW EXCLUSIVE MODE").format(parent))
    s.run(
        sql.SQL("CREATE TABLE {} (LIKE {} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE)").format(
            sql.Identifier(name), parent
        )
    )
    moved = s.run(
        sql.SQL(
            "WITH moved AS (DELETE FROM {default} WHERE {col} >= %(lo)s AND {col} < %(hi)s RETURNING {cols}) "
            "INSERT INTO {part} ({cols}) SELECT {cols} FROM moved"
        ).format(default=sql.Identifier(default), col=column, cols=columns, part=sql.Identifier(name)),
        {"lo": _bound_value(table, lower), "hi": _bound_value(table, upper)},
    )
    s.run(
        sql.SQL("ALTER TABLE {} ATTACH PARTITION {} FOR VALUES FROM ({}) TO ({})").format(
            parent, sql.Identifier(name), _bound_literal(table, lower), _bound_literal(table, upper)
        )
    )
    return moved


# --------------------------------------------------------------------------- list
def list_partitions(conn: AnyConnection, *, tables: Sequence[str] | None = None, exact: bool = True) -> PartitionList:
    """Every partition of the partitioned tables, with row counts and sizes, oldest month first.

    ``exact=False`` reads row counts from the planner's statistics (instant, approximate) instead of
    counting. Whatever ``exact`` says, a default partition is always checked for rows exactly, and a
    non-empty one produces a warning naming the range of dates it holds.
    """
    s = _Session(conn)
    listing = PartitionList(tables=_partitioned_tables(s, tables))
    for table in listing.tables:
        for name, bound, reltuples, size in _children(s, table.name):
            parsed = parse_month_partition(name)
            kind: Literal["month", "default", "other"]
            if name == table.default_partition:
                kind, month = "default", None
            elif parsed is not None and parsed[0] == table.name:
                kind, month = "month", parsed[1]
            else:
                kind, month = "other", None
            if exact or kind == "default":
                rows = int(s.scalar(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(name))))
                estimated = False
            else:
                rows, estimated = max(reltuples, 0), True
            listing.partitions.append(
                PartitionInfo(
                    table=table.name,
                    name=name,
                    kind=kind,
                    month=month,
                    bound=bound,
                    rows=rows,
                    rows_estimated=estimated,
                    total_bytes=size,
                )
            )
            if kind == "default" and rows:
                first, last = s.rows(
                    sql.SQL("SELECT min({col}), max({col}) FROM {part}").format(
                        col=sql.Identifier(table.column), part=sql.Identifier(name)
                    )
                )[0]
                listing.warnings.append(
                    f"{name} is not empty: {rows} row(s) dated {_day(first)} to {_day(last)} have no monthly "
                    "partition; run partitions ensure for those months (the rows are moved)"
                )
    order = {"default": 2, "other": 1, "month": 0}
    listing.partitions.sort(key=lambda p: (p.table, order[p.kind], p.month or dt.date.min, p.name))
    return listing


def _day(value: Any) -> str:
    if isinstance(value, dt.datetime):
        value = value.astimezone(dt.UTC).date() if value.tzinfo else value.date()
    return value.isoformat() if isinstance(value, dt.date) else str(value)


# --------------------------------------------------------------------------- detach
def detach(
    conn: AnyConnection,
    older_than_months: int = DEFAULT_RETENTION_MONTHS,
    drop: bool = False,
    *,
    today: dt.date | None = None,
    tables: Sequence[str] | None = None,
) -> DetachResult:
    """Detach the monthly partitions whose whole month is more than ``older_than_months`` months old.

    A partition for month M is detached when the first day after M is on or before today minus
    ``older_than_months`` months: every row in it is older than the retention period. Detached
    partitions become ordinary tables with the same name and data (archive them with pg_dump, query
    them, or re-attach them); they are dropped only with ``drop=True``. The default partition and
    partitions not named ``<table>_pYYYYMM`` are never touched.
    """
    if older_than_months < 1:
        raise InvalidInput("the retention period must be at least one month")
    s = _Session(conn)
    with s.atomic():
        s.lock()
        cutoff = add_months(today or s.today(), -older_than_months)
        result = DetachResult(cutoff=cutoff)
        for table in _partitioned_tables(s, tables):
            for name, *_ in _children(s, table.name):
                parsed = parse_month_partition(name)
                if parsed is None or parsed[0] != table.name:
                    continue
                if add_months(parsed[1], 1) > cutoff:
                    result.kept += 1
                    continue
                s.run(
                    sql.SQL("ALTER TABLE {} DETACH PARTITION {}").format(
                        sql.Identifier(table.name), sql.Identifier(name)
                    )
                )
                result.detached.append(name)
                if drop:
                    s.run(sql.SQL("DROP TABLE {}").format(sql.Identifier(name)))
                    result.dropped.append(name)
    return result


__all__ = [
    "DEFAULT_MONTHS_AHEAD",
    "DEFAULT_RETENTION_MONTHS",
    "DetachResult",
    "EnsureResult",
    "PartitionInfo",
    "PartitionList",
    "PartitionedTable",
    "add_months",
    "default_partition_name",
    "detach",
    "ensure",
    "list_partitions",
    "month_partition_name",
    "month_start",
    "parse_duration",
    "parse_month_partition",
    "partitioned_tables",
]
