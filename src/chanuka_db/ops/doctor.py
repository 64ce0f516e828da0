"""``chanuka-db doctor``: what to look at in a live database, each with a threshold and one line of advice.

:func:`doctor` runs every check in :data:`CHECKS` against the current database and returns a
:class:`DoctorReport`: one :class:`Finding` per check (severity ``ok``, ``warning`` or ``critical``,
the measured value, the threshold it was compared with, a one-line advice and the offending objects).
A check that cannot run (missing privilege, extension not loaded) becomes a ``warning`` finding that
says why; it never stops the other checks. ``report.critical`` is True when any finding is critical
(the CLI exits 1 then).

Checks (thresholds in :class:`Thresholds`):

- ``slow_queries``: the statements of this database with the highest mean time, from
  ``pg_stat_statements`` (the embedded server preloads it; elsewhere add it to
  ``shared_preload_libraries``). The view is created with ``CREATE EXTENSION IF NOT EXISTS`` when the
  role may.
- ``unused_indexes``: never scanned since the statistics were reset, not backing a constraint,
  above a minimum size.
- ``duplicate_indexes``: identical definitions on the same table, and plain btree indexes whose
  columns are a leading prefix of another btree index on the same table.
- ``fk_without_index``: foreign keys whose columns do not lead any index of the referencing table.
- ``table_bloat`` and ``index_bloat``: estimated from planner statistics (``pg_class``, ``pg_stats``),
  the classic estimate (as ioguix's pgsql-bloat-estimation): the pages the live rows need at the
  table's fillfactor versus the pages it has. Tables not yet analyzed are skipped.
- ``cache_hit_ratio``: buffer cache hits over reads for this database.
- ``long_transactions`` and ``blocked_locks``: sessions of this database in a transaction for long,
  or waiting on a lock held by another.
- ``partitions_ahead`` and ``default_partitions``: monthly partitions missing for the current and
  coming months, and default partitions holding rows (:mod:`chanuka_db.ops.partitions`).
- ``sequences``: sequences (and the integer columns they feed) close to their maximum.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from chanuka_db.engine import Database, describe
from chanuka_db.errors import EXIT_OK, EXIT_UNHEALTHY
from chanuka_db.ops import partitions

Severity = Literal["ok", "warning", "critical"]
_RANK: dict[str, int] = {"ok": 0, "warning": 1, "critical": 2}


@dataclass(frozen=True)
class Thresholds:
    """When a finding becomes a warning or critical. Sizes in bytes, times in milliseconds/seconds."""

    slow_query_warning_ms: float = 500.0
    slow_query_critical_ms: float = 5_000.0
    slow_query_min_calls: int = 1
    slow_query_top: int = 5
    unused_index_min_bytes: int = 1 << 20
    bloat_min_bytes: int = 10 << 20
    bloat_warning_ratio: float = 0.4
    bloat_critical_ratio: float = 0.8
    cache_hit_warning: float = 0.95
    cache_hit_critical: float = 0.80
    cache_hit_min_blocks: int = 10_000
    long_transaction_warning_s: float = 300.0
    long_transaction_critical_s: float = 3_600.0
    blocked_warning_s: float = 5.0
    blocked_critical_s: float = 60.0
    partition_months_ahead: int = 1
    sequence_warning_ratio: float = 0.75
    sequence_critical_ratio: float = 0.90


@dataclass
class Finding:
    """One check's verdict: ``items`` lists every offending object (the CLI shows the first few),
    ``metric`` is the measured number when there is one (for monitoring)."""

    name: str
    severity: Severity
    value: str
    threshold: str
    advice: str
    items: list[str] = field(default_factory=list)
    metric: float | None = None


@dataclass
class DoctorReport:
    """Every finding, worst first within the order of :data:`CHECKS`."""

    target: str
    server_version: str
    checked_at: dt.datetime
    seconds: float
    findings: list[Finding] = field(default_factory=list)

    @property
    def critical(self) -> bool:
        """True when any finding is critical."""
        return any(f.severity == "critical" for f in self.findings)

    @property
    def worst(self) -> Severity:
        """The worst severity of all findings."""
        if not self.findings:
            return "ok"
        return max((f.severity for f in self.findings), key=lambda s: _RANK[s])

    @property
    def exit_code(self) -> int:
        """1 when something is critical, else 0."""
        return EXIT_UNHEALTHY if self.critical else EXIT_OK

    def finding(self, name: str) -> Finding:
        """The finding of check ``name`` (KeyError when there is none)."""
        for f in self.findings:
            if f.name == name:
                return f
        raise KeyError(name)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (``--json``)."""
        data = asdict(self)
        data["checked_at"] = self.checked_at.isoformat()
        data["critical"] = self.critical
        data["worst"] = self.worst
        return data


def _grade(value: float, warning: float, critical: float, *, lower_is_worse: bool = False) -> Severity:
    if lower_is_worse:
        if value < critical:
            return "critical"
        return "warning" if value < warning else "ok"
    if value >= critical:
        return "critical"
    return "warning" if value >= warning else "ok"


def _bytes(n: float) -> str:
    for unit in ("B", "kB", "MB", "GB", "TB"):
        if abs(n) < 1024 or unit == "TB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} TB"  # pragma: no cover


def _short(sql_text: str, limit: int = 120) -> str:
    flat = " ".join(sql_text.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def _rows(conn: Connection, query: str, **params: Any) -> list[Any]:
    return list(conn.execute(text(query), params))


_USER_SCHEMAS = "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'"


# --------------------------------------------------------------------------- slow queries
def _preloaded(conn: Connection) -> bool:
    libs = str(conn.execute(text("SELECT current_setting('shared_preload_libraries')")).scalar() or "")
    return "pg_stat_statements" in [p.strip().strip('"') for p in libs.split(",")]


def check_slow_queries(conn: Connection, t: Thresholds) -> Finding:
    """The slowest statements (mean time) of this database from pg_stat_statements."""
    name = "slow_queries"
    threshold = f"mean >= {t.slow_query_warning_ms:g} ms warning, >= {t.slow_query_critical_ms:g} ms critical"
    if not _preloaded(conn):
        return Finding(
            name, "warning", "pg_stat_statements is not loaded", threshold,
            "add pg_stat_statements to shared_preload_libraries (on managed services: the parameter group), "
            "restart, then CREATE EXTENSION pg_stat_statements",
        )
    installed = conn.execute(text("SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'")).scalar()
    if not installed:
        try:
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_stat_statements"))
        except DBAPIError as exc:
            return Finding(
                name, "warning", "pg_stat_statements is loaded but not created in this database", threshold,
                "run CREATE EXTENSION pg_stat_statements as a role allowed to (a superuser or the database owner "
                f"on managed services): {_first_line(exc)}",
            )
    rows = _rows(
        conn,
        """
        SELECT s.query, s.calls, s.mean_exec_time, s.total_exec_time, s.rows
        FROM pg_stat_statements s
        WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND s.calls >= :min_calls
          AND s.query ~* '^\\s*(select|with|insert|update|delete|merge|values|table|refresh)\\M'
          AND s.query !~* '(from|join)\\s+(pg_catalog\\.)?(pg_|information_schema)'
          AND s.query !~* 'pg_export_snapshot'
        ORDER BY s.mean_exec_time DESC
        LIMIT :top
        """,
        min_calls=t.slow_query_min_calls,
        top=t.slow_query_top,
    )
    if not rows:
        return Finding(name, "ok", "no statements recorded yet", threshold, "nothing to do")
    worst = float(rows[0][2])
    severity = _grade(worst, t.slow_query_warning_ms, t.slow_query_critical_ms)
    items = [
        f"{float(mean):.0f} ms mean x {calls} calls ({float(total) / 1000:.1f} s total): {_short(str(q))}"
        for q, calls, mean, total, _ in rows
    ]
    advice = (
        "EXPLAIN (ANALYZE, BUFFERS) the slowest statement: look for sequential scans on large tables and "
        "missing indexes"
        if severity != "ok"
        else "nothing to do"
    )
    return Finding(name, severity, f"slowest mean {worst:.0f} ms", threshold, advice, items, metric=worst)


def _first_line(exc: BaseException) -> str:
    raw = str(getattr(exc, "orig", None) or exc).strip()
    return raw.splitlines()[0] if raw else type(exc).__name__


# --------------------------------------------------------------------------- indexes
def check_unused_indexes(conn: Connection, t: Thresholds) -> Finding:
    """Indexes never scanned since the statistics were reset (not unique, not backing a constraint)."""
    rows = _rows(
        conn,
        f"""
        SELECT s.relname, s.indexrelname, pg_relation_size(s.indexrelid) AS bytes
        FROM pg_stat_user_indexes s
        JOIN pg_index i ON i.indexrelid = s.indexrelid
        JOIN pg_namespace n ON n.nspname = s.schemaname
        WHERE s.idx_scan = 0 AND NOT i.indisunique AND NOT i.indisprimary AND {_USER_SCHEMAS}
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = s.indexrelid)
          AND pg_relation_size(s.indexrelid) >= :min_bytes
        ORDER BY bytes DESC, s.indexrelname
        """,  # noqa: S608 - _USER_SCHEMAS is a constant
        min_bytes=t.unused_index_min_bytes,
    )
    since = conn.execute(
        text("SELECT stats_reset FROM pg_stat_database WHERE datname = current_database()")
    ).scalar()
    threshold = f"idx_scan = 0 and size >= {_bytes(t.unused_index_min_bytes)}"
    if not rows:
        return Finding("unused_indexes", "ok", "none", threshold, "nothing to do")
    total = sum(int(r[2]) for r in rows)
    items = [f"{idx} on {tbl} ({_bytes(int(size))})" for tbl, idx, size in rows]
    note = f" since {since:%Y-%m-%d}" if isinstance(since, dt.datetime) else ""
    return Finding(
        "unused_indexes",
        "warning",
        f"{len(rows)} unused{note}, {_bytes(total)}",
        threshold,
        "drop them (DROP INDEX CONCURRENTLY in a migration) once a full business cycle has passed and no "
        "replica uses them either",
        items,
        metric=float(len(rows)),
    )


_INDEX_DEFS_SQL = f"""
SELECT c.relname AS tbl, ic.relname AS idx, i.indisunique, i.indisprimary,
       i.indkey::text, i.indclass::text, i.indcollation::text, am.amname,
       coalesce(pg_get_expr(i.indexprs, i.indrelid), ''), coalesce(pg_get_expr(i.indpred, i.indrelid), ''),
       i.indnkeyatts, i.indnatts,
       EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) AS backs_constraint
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_class c ON c.oid = i.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_am am ON am.oid = ic.relam
WHERE {_USER_SCHEMAS} AND NOT c.relispartition
ORDER BY c.relname, ic.relname
"""  # noqa: S608 - _USER_SCHEMAS is a constant


def check_duplicate_indexes(conn: Connection, t: Thresholds) -> Finding:
    """Identical indexes, and plain btree indexes that are a leading prefix of another."""
    del t
    by_table: dict[str, list[tuple[Any, ...]]] = {}
    for row in _rows(conn, _INDEX_DEFS_SQL):
        by_table.setdefault(str(row[0]), []).append(tuple(row))
    items: list[str] = []
    for tbl, indexes in sorted(by_table.items()):
        seen: dict[tuple[Any, ...], str] = {}
        for idx in indexes:
            key = (idx[4], idx[5], idx[6], idx[7], idx[8], idx[9], idx[10])
            if key in seen:
                items.append(f"{idx[1]} duplicates {seen[key]} on {tbl}")
            else:
                seen[key] = str(idx[1])
        for small in indexes:
            if small[2] or small[7] != "btree" or small[8] or small[9] or small[10] != small[11]:
                continue
            cols = str(small[4]).split()
            for big in indexes:
                if big is small or big[7] != "btree" or big[8] or big[9]:
                    continue
                big_keys = str(big[4]).split()[: int(big[10])]
                if len(big_keys) > len(cols) and big_keys[: len(cols)] == cols and (
                    str(big[5]).split()[: len(cols)] == str(small[5]).split()
                ):
                    items.append(f"{small[1]} is a prefix of {big[1]} on {tbl}")
                    break
    threshold = "same definition, or a btree prefix of another btree index"
    if not items:
        return Finding("duplicate_indexes", "ok", "none", threshold, "nothing to do")
    return Finding(
        "duplicate_indexes",
        "warning",
        f"{len(items)} redundant",
        threshold,
        "drop the redundant index (keep the one backing a constraint or the longer one): every write pays for it",
        items,
        metric=float(len(items)),
    )


def check_fk_without_index(conn: Connection, t: Thresholds) -> Finding:
    """Foreign keys whose columns are not the leading columns of an index on the referencing table
    (a partial ``WHERE fk IS NOT NULL`` index counts; so, for a composite key, does an index leading
    with a column that alone references the parent's primary or unique key)."""
    del t
    rows = _rows(
        conn,
        f"""
        SELECT c.conrelid::regclass::text, c.conname, c.confrelid::regclass::text,
               (SELECT string_agg(a.attname, ', ' ORDER BY k.n) FROM unnest(c.conkey) WITH ORDINALITY k(attnum, n)
                JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) AS columns
        FROM pg_constraint c
        JOIN pg_class r ON r.oid = c.conrelid
        JOIN pg_namespace n ON n.oid = r.relnamespace
        WHERE c.contype = 'f' AND c.conparentid = 0 AND {_USER_SCHEMAS}
          AND NOT EXISTS (
            SELECT 1 FROM pg_index i
            WHERE i.indrelid = c.conrelid
              -- A partial index "WHERE fk IS NOT NULL" serves the parent's lookups too: fk = $1 implies it.
              AND (i.indpred IS NULL OR pg_get_expr(i.indpred, i.indrelid) = (
                SELECT CASE WHEN count(*) = 1 THEN min(p.term) ELSE '(' || string_agg(p.term, ' AND ') || ')' END
                FROM (SELECT '(' || quote_ident(a.attname) || ' IS NOT NULL)' AS term
                      FROM unnest(c.conkey) WITH ORDINALITY k(attnum, n)
                      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.n) p))
              AND (i.indkey::int2[])[0:cardinality(c.conkey) - 1] @> c.conkey
              AND (i.indkey::int2[])[0:cardinality(c.conkey) - 1] <@ c.conkey
          )
          -- A composite key one of whose columns alone references the parent's primary or unique key:
          -- an index leading with that column finds the few rows to check (the lint's fk-index rule too).
          AND NOT EXISTS (
            SELECT 1
            FROM unnest(c.conkey, c.confkey) AS fk(col, ref)
            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = fk.col
            JOIN pg_index i ON i.indrelid = c.conrelid AND i.indkey[0] = fk.col
            WHERE cardinality(c.conkey) > 1
              AND (i.indpred IS NULL
                   OR pg_get_expr(i.indpred, i.indrelid) = '(' || quote_ident(a.attname) || ' IS NOT NULL)')
              AND EXISTS (SELECT 1 FROM pg_constraint u
                          WHERE u.conrelid = c.confrelid AND u.contype IN ('p', 'u') AND u.conkey = ARRAY[fk.ref])
          )
        ORDER BY 1, 2
        """,  # noqa: S608 - _USER_SCHEMAS is a constant
    )
    threshold = "every foreign key's columns lead an index"
    if not rows:
        return Finding("fk_without_index", "ok", "none", threshold, "nothing to do")
    items = [f"{tbl}({cols}) -> {ref} [{name}]" for tbl, name, ref, cols in rows]
    return Finding(
        "fk_without_index",
        "warning",
        f"{len(rows)} foreign key(s) without an index",
        threshold,
        "index the referencing columns (CREATE INDEX CONCURRENTLY): deletes and key updates on the parent "
        "otherwise scan the child table and hold locks longer",
        items,
        metric=float(len(rows)),
    )


# --------------------------------------------------------------------------- bloat
_TABLE_STATS_SQL = f"""
SELECT n.nspname, c.relname, c.relpages, c.reltuples,
       coalesce((SELECT substring(o FROM 'fillfactor=([0-9]+)')::int FROM unnest(c.reloptions) o
                 WHERE o LIKE 'fillfactor=%'), 100) AS fillfactor,
       count(a.attname) AS ncols, count(s.attname) AS nstats,
       coalesce(sum((1 - coalesce(s.null_frac, 0)) * coalesce(s.avg_width, 0)), 0) AS data_width,
       coalesce(max(s.null_frac), 0) > 0 AS has_nulls,
       coalesce(st.n_dead_tup, 0)
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_stats s ON s.schemaname = n.nspname AND s.tablename = c.relname AND s.attname = a.attname
                     AND NOT s.inherited
LEFT JOIN pg_stat_user_tables st ON st.relid = c.oid
WHERE c.relkind IN ('r', 'm') AND {_USER_SCHEMAS}
  AND c.relpages::bigint * current_setting('block_size')::int >= :min_bytes
GROUP BY n.nspname, c.relname, c.relpages, c.reltuples, c.reloptions, st.n_dead_tup
ORDER BY c.relpages DESC
"""  # noqa: S608 - _USER_SCHEMAS is a constant

_INDEX_STATS_SQL = f"""
SELECT n.nspname, ic.relname, c.relname, ic.relpages, ic.reltuples,
       coalesce((SELECT substring(o FROM 'fillfactor=([0-9]+)')::int FROM unnest(ic.reloptions) o
                 WHERE o LIKE 'fillfactor=%'), 90) AS fillfactor,
       i.indnatts, count(s.attname) AS nstats,
       coalesce(sum((1 - coalesce(s.null_frac, 0)) * coalesce(s.avg_width, 0)), 0) AS data_width,
       coalesce(max(s.null_frac), 0) > 0 AS has_nulls
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_class c ON c.oid = i.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_am am ON am.oid = ic.relam AND am.amname = 'btree'
JOIN LATERAL unnest(i.indkey::int2[]) AS k(attnum) ON true
LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
LEFT JOIN pg_stats s ON s.schemaname = n.nspname AND s.tablename = c.relname AND s.attname = a.attname
                     AND NOT s.inherited
WHERE {_USER_SCHEMAS} AND i.indexprs IS NULL AND ic.relkind = 'i'
  AND ic.relpages::bigint * current_setting('block_size')::int >= :min_bytes
GROUP BY n.nspname, ic.relname, c.relname, ic.relpages, ic.reltuples, ic.reloptions, i.indnatts
ORDER BY ic.relpages DESC
"""  # noqa: S608 - _USER_SCHEMAS is a constant


def _align(n: float, to: int = 8) -> float:
    return math.ceil(n / to) * to


def estimate_table_pages(reltuples: float, data_width: float, ncols: int, has_nulls: bool, fillfactor: int,
                         block_size: int = 8192) -> int:
    """Pages ``reltuples`` rows of that average width need (heap tuple header, null bitmap, alignment)."""
    header = _align(23 + (math.ceil(ncols / 8) if has_nulls else 0))
    slot = header + _align(data_width) + 4  # + the line pointer
    usable = (block_size - 24) * fillfactor / 100
    per_page = max(math.floor(usable / slot), 1)
    return math.ceil(max(reltuples, 0) / per_page)


def estimate_index_pages(reltuples: float, data_width: float, natts: int, has_nulls: bool, fillfactor: int,
                         block_size: int = 8192) -> int:
    """Leaf pages a btree of ``reltuples`` entries needs, plus its metapage."""
    header = 8 + (math.ceil(natts / 8) if has_nulls else 0)
    slot = _align(header + data_width) + 4
    usable = (block_size - 24 - 16) * fillfactor / 100  # page header, btree special space
    per_page = max(math.floor(usable / slot), 1)
    return math.ceil(max(reltuples, 0) / per_page) + 1


def _bloat_finding(name: str, kind: str, entries: list[tuple[str, int, int, str]], t: Thresholds,
                   block_size: int) -> Finding:
    threshold = (
        f"estimated bloat >= {t.bloat_warning_ratio:.0%} warning, >= {t.bloat_critical_ratio:.0%} critical "
        f"(relations >= {_bytes(t.bloat_min_bytes)})"
    )
    worst_ratio = 0.0
    severity: Severity = "ok"
    items: list[str] = []
    for label, pages, expected, extra in entries:
        if pages <= 0:
            continue
        ratio = max(pages - expected, 0) / pages
        grade = _grade(ratio, t.bloat_warning_ratio, t.bloat_critical_ratio)
        if grade == "ok":
            continue
        worst_ratio = max(worst_ratio, ratio)
        if _RANK[grade] > _RANK[severity]:
            severity = grade
        wasted = (pages - expected) * block_size
        items.append(f"{label}: ~{ratio:.0%} bloat, ~{_bytes(wasted)} of {_bytes(pages * block_size)}{extra}")
    if severity == "ok":
        return Finding(name, "ok", f"no {kind} above the threshold ({len(entries)} checked)", threshold,
                       "nothing to do", metric=0.0)
    advice = (
        "VACUUM (or let autovacuum catch up: tune autovacuum_vacuum_scale_factor for this table); to give the "
        "space back use pg_repack or VACUUM FULL in a maintenance window"
        if kind == "tables"
        else "REINDEX INDEX CONCURRENTLY the bloated indexes"
    )
    return Finding(name, severity, f"{len(items)} {kind} bloated, worst ~{worst_ratio:.0%}", threshold, advice,
                   items, metric=round(worst_ratio, 4))


def check_table_bloat(conn: Connection, t: Thresholds) -> Finding:
    """Estimated table bloat from planner statistics (tables never analyzed are skipped)."""
    block_size = int(conn.execute(text("SELECT current_setting('block_size')::int")).scalar_one())
    entries: list[tuple[str, int, int, str]] = []
    for schema, rel, pages, tuples, ff, ncols, nstats, width, nulls, dead in _rows(
        conn, _TABLE_STATS_SQL, min_bytes=t.bloat_min_bytes
    ):
        if float(tuples) < 0 or int(nstats) < int(ncols):
            continue  # never analyzed: no estimate
        expected = estimate_table_pages(float(tuples), float(width), int(ncols), bool(nulls), int(ff), block_size)
        label = rel if schema == "public" else f"{schema}.{rel}"
        entries.append((label, int(pages), expected, f", {int(dead)} dead rows" if dead else ""))
    return _bloat_finding("table_bloat", "tables", entries, t, block_size)


def check_index_bloat(conn: Connection, t: Thresholds) -> Finding:
    """Estimated btree index bloat from planner statistics (expression indexes are skipped)."""
    block_size = int(conn.execute(text("SELECT current_setting('block_size')::int")).scalar_one())
    entries: list[tuple[str, int, int, str]] = []
    for schema, idx, tbl, pages, tuples, ff, natts, nstats, width, nulls in _rows(
        conn, _INDEX_STATS_SQL, min_bytes=t.bloat_min_bytes
    ):
        if float(tuples) < 0 or int(nstats) < int(natts):
            continue
        expected = estimate_index_pages(float(tuples), float(width), int(natts), bool(nulls), int(ff), block_size)
        label = f"{idx} on {tbl}" if schema == "public" else f"{schema}.{idx} on {tbl}"
        entries.append((label, int(pages), expected, ""))
    return _bloat_finding("index_bloat", "indexes", entries, t, block_size)


# --------------------------------------------------------------------------- cache, sessions
def check_cache_hit_ratio(conn: Connection, t: Thresholds) -> Finding:
    """Shared-buffer hits over block reads for this database."""
    hit, read = conn.execute(
        text("SELECT blks_hit, blks_read FROM pg_stat_database WHERE datname = current_database()")
    ).one()
    total = int(hit or 0) + int(read or 0)
    threshold = f"< {t.cache_hit_warning:.0%} warning, < {t.cache_hit_critical:.0%} critical"
    if total < t.cache_hit_min_blocks:
        return Finding("cache_hit_ratio", "ok", f"too little activity to judge ({total} blocks)", threshold,
                       "nothing to do")
    ratio = int(hit or 0) / total
    severity = _grade(ratio, t.cache_hit_warning, t.cache_hit_critical, lower_is_worse=True)
    advice = (
        "the working set does not fit in memory: raise shared_buffers (about 25% of RAM), add RAM, or find the "
        "queries reading the most blocks (pg_stat_statements shared_blks_read)"
        if severity != "ok"
        else "nothing to do"
    )
    return Finding("cache_hit_ratio", severity, f"{ratio:.2%} of {total} blocks", threshold, advice,
                   metric=round(ratio, 5))


def check_long_transactions(conn: Connection, t: Thresholds) -> Finding:
    """Sessions of this database whose transaction has been open for long (idle ones included)."""
    rows = _rows(
        conn,
        """
        SELECT pid, usename, application_name, state, extract(epoch FROM now() - xact_start) AS age, query
        FROM pg_stat_activity
        WHERE datname = current_database() AND xact_start IS NOT NULL AND pid <> pg_backend_pid()
          AND backend_type = 'client backend' AND now() - xact_start >= make_interval(secs => :min_s)
        ORDER BY xact_start
        """,
        min_s=t.long_transaction_warning_s,
    )
    prepared = _rows(
        conn,
        """
        SELECT gid, extract(epoch FROM now() - prepared) FROM pg_prepared_xacts
        WHERE database = current_database() AND now() - prepared >= make_interval(secs => :min_s)
        ORDER BY prepared
        """,
        min_s=t.long_transaction_warning_s,
    )
    threshold = f">= {t.long_transaction_warning_s:g} s warning, >= {t.long_transaction_critical_s:g} s critical"
    if not rows and not prepared:
        return Finding("long_transactions", "ok", "none", threshold, "nothing to do", metric=0.0)
    ages = [float(r[4]) for r in rows] + [float(p[1]) for p in prepared]
    oldest = max(ages)
    items = [
        f"pid {pid} {user or '?'} ({app or 'no application_name'}, {state}) open {age:.0f} s: {_short(str(q or ''))}"
        for pid, user, app, state, age, q in rows
    ] + [f"prepared transaction {gid!r} open {float(age):.0f} s" for gid, age in prepared]
    return Finding(
        "long_transactions",
        _grade(oldest, t.long_transaction_warning_s, t.long_transaction_critical_s),
        f"{len(ages)} open, oldest {oldest:.0f} s",
        threshold,
        "a long transaction holds back vacuum for every table and may hold locks: fix the client (commit, or set "
        "idle_in_transaction_session_timeout), or pg_terminate_backend(pid)",
        items,
        metric=round(oldest, 1),
    )


def check_blocked_locks(conn: Connection, t: Thresholds) -> Finding:
    """Sessions of this database waiting for a lock another session holds."""
    rows = _rows(
        conn,
        """
        SELECT a.pid, extract(epoch FROM now() - coalesce(a.query_start, a.state_change)) AS waiting,
               pg_blocking_pids(a.pid)::text, a.query
        FROM pg_stat_activity a
        WHERE a.datname = current_database() AND a.wait_event_type = 'Lock'
          AND cardinality(pg_blocking_pids(a.pid)) > 0
        ORDER BY waiting DESC
        """,
    )
    threshold = f"waiting >= {t.blocked_warning_s:g} s warning, >= {t.blocked_critical_s:g} s critical"
    if not rows:
        return Finding("blocked_locks", "ok", "no session is waiting for a lock", threshold, "nothing to do",
                       metric=0.0)
    longest = float(rows[0][1] or 0)
    items = [
        f"pid {pid} waiting {float(w or 0):.1f} s, blocked by {blockers}: {_short(str(q or ''))}"
        for pid, w, blockers, q in rows
    ]
    return Finding(
        "blocked_locks",
        _grade(longest, t.blocked_warning_s, t.blocked_critical_s),
        f"{len(rows)} waiting, longest {longest:.1f} s",
        threshold,
        "find what the blocking sessions are doing (pg_stat_activity); end them with pg_terminate_backend if they "
        "are stuck, and keep migrations' lock_timeout short",
        items,
        metric=round(longest, 2),
    )


# --------------------------------------------------------------------------- partitions, sequences
def check_partitions_ahead(conn: Connection, t: Thresholds) -> Finding:
    """Monthly partitions for the current month and the next ``partition_months_ahead`` months."""
    threshold = f"current month (critical) and {t.partition_months_ahead} month(s) ahead (warning)"
    listing = partitions.list_partitions(conn, exact=False)
    if not listing.tables:
        return Finding("partitions_ahead", "ok", "no monthly-partitioned tables", threshold, "nothing to do")
    today = conn.execute(text("SELECT (now() AT TIME ZONE 'UTC')::date")).scalar_one()
    current = partitions.month_start(today)
    have = {(p.table, p.month) for p in listing.partitions if p.kind == "month"}
    items: list[str] = []
    severity: Severity = "ok"
    for table in listing.tables:
        for ahead in range(t.partition_months_ahead + 1):
            month = partitions.add_months(current, ahead)
            if (table.name, month) in have:
                continue
            grade: Severity = "critical" if ahead == 0 else "warning"
            if _RANK[grade] > _RANK[severity]:
                severity = grade
            items.append(f"{partitions.month_partition_name(table.name, month)} is missing")
    if severity == "ok":
        return Finding("partitions_ahead", "ok", f"{len(listing.tables)} table(s) covered", threshold,
                       "nothing to do")
    return Finding(
        "partitions_ahead",
        severity,
        f"{len(items)} monthly partition(s) missing",
        threshold,
        "run `chanuka-db partitions ensure` (and schedule it monthly): rows of a missing month land in the "
        "default partition",
        items,
        metric=float(len(items)),
    )


def check_default_partitions(conn: Connection, t: Thresholds) -> Finding:
    """Default partitions that hold rows (a month had no partition when they arrived)."""
    del t
    listing = partitions.list_partitions(conn, exact=False)
    full = [p for p in listing.partitions if p.kind == "default" and p.rows]
    threshold = "0 rows"
    if not full:
        return Finding("default_partitions", "ok", "empty", threshold, "nothing to do", metric=0.0)
    return Finding(
        "default_partitions",
        "warning",
        f"{sum(p.rows for p in full)} row(s) in {len(full)} default partition(s)",
        threshold,
        "run `chanuka-db partitions ensure --months-back N` for the months those rows belong to: it moves them "
        "into monthly partitions",
        listing.warnings or [f"{p.name}: {p.rows} rows" for p in full],
        metric=float(sum(p.rows for p in full)),
    )


def check_sequences(conn: Connection, t: Thresholds) -> Finding:
    """Sequences close to their limit: their own, or the type of the column they feed."""
    rows = _rows(
        conn,
        """
        SELECT s.schemaname, s.sequencename, s.last_value, s.increment_by, s.min_value, s.max_value,
               (SELECT format_type(a.atttypid, NULL) FROM pg_depend d
                JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                  AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') LIMIT 1) AS column_type,
               (SELECT d.refobjid::regclass::text || '.' || a.attname FROM pg_depend d
                JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                  AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') LIMIT 1) AS column_name
        FROM pg_sequences s
        JOIN pg_namespace n ON n.nspname = s.schemaname
        JOIN pg_class c ON c.relname = s.sequencename AND c.relnamespace = n.oid
        WHERE NOT s.cycle AND s.last_value IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid
                          AND e.deptype = 'e')
        """,
    )
    limits = {"smallint": (-(2**15), 2**15 - 1), "integer": (-(2**31), 2**31 - 1)}
    threshold = f"used >= {t.sequence_warning_ratio:.0%} warning, >= {t.sequence_critical_ratio:.0%} critical"
    worst = 0.0
    severity: Severity = "ok"
    items: list[tuple[float, str]] = []
    for schema, name, last, inc, lo, hi, col_type, col_name in rows:
        low, high = int(lo), int(hi)
        if col_type in limits:
            low, high = max(low, limits[col_type][0]), min(high, limits[col_type][1])
        start, end = (low, high) if int(inc) > 0 else (high, low)
        span = abs(end - start) or 1
        used = abs(int(last) - start) / span
        grade = _grade(used, t.sequence_warning_ratio, t.sequence_critical_ratio)
        worst = max(worst, used)
        if grade == "ok":
            continue
        if _RANK[grade] > _RANK[severity]:
            severity = grade
        label = name if schema == "public" else f"{schema}.{name}"
        feeds = f" (feeds {col_name}, {col_type})" if col_name else ""
        items.append((used, f"{label}{feeds}: {used:.1%} used, last value {last} of {end}"))
    items.sort(key=lambda x: -x[0])
    if severity == "ok":
        return Finding("sequences", "ok", f"{len(rows)} checked, highest {worst:.1%} used", threshold,
                       "nothing to do", metric=round(worst, 4))
    return Finding(
        "sequences",
        severity,
        f"{len(items)} near exhaustion, highest {worst:.1%} used",
        threshold,
        "widen the column to bigint (and ALTER SEQUENCE ... AS bigint MAXVALUE ...) before inserts start failing",
        [s for _, s in items],
        metric=round(worst, 4),
    )


Check = Callable[[Connection, Thresholds], Finding]

#: Every check, in report order: (finding name, function).
CHECKS: tuple[tuple[str, Check], ...] = (
    ("slow_queries", check_slow_queries),
    ("unused_indexes", check_unused_indexes),
    ("duplicate_indexes", check_duplicate_indexes),
    ("fk_without_index", check_fk_without_index),
    ("table_bloat", check_table_bloat),
    ("index_bloat", check_index_bloat),
    ("cache_hit_ratio", check_cache_hit_ratio),
    ("long_transactions", check_long_transactions),
    ("blocked_locks", check_blocked_locks),
    ("partitions_ahead", check_partitions_ahead),
    ("default_partitions", check_default_partitions),
    ("sequences", check_sequences),
)

_CHECK_ADVICE_ON_ERROR = re.compile(r"permission denied|must be", re.IGNORECASE)


def doctor(db: Database, thresholds: Thresholds | None = None, *, only: list[str] | None = None) -> DoctorReport:
    """Run the checks (``only``: a subset by name) on ``db`` and return their findings."""
    t = thresholds or Thresholds()
    started = time.perf_counter()
    wanted = [(n, fn) for n, fn in CHECKS if only is None or n in only]
    with db.connect() as raw:
        conn = raw.execution_options(isolation_level="AUTOCOMMIT")
        version = str(conn.execute(text("SHOW server_version")).scalar_one())
        report = DoctorReport(
            target=describe(db.url), server_version=version, checked_at=dt.datetime.now(dt.UTC), seconds=0.0
        )
        for name, check in wanted:
            try:
                report.findings.append(check(conn, t))
            except DBAPIError as exc:
                reason = _first_line(exc)
                advice = (
                    "grant the role pg_monitor (GRANT pg_monitor TO <role>) so it can read the statistics views"
                    if _CHECK_ADVICE_ON_ERROR.search(reason)
                    else "run the check's query by hand to see why it fails"
                )
                report.findings.append(Finding(name, "warning", f"could not check: {reason}", "-", advice))
    report.seconds = round(time.perf_counter() - started, 3)
    return report


__all__ = [
    "CHECKS",
    "DoctorReport",
    "Finding",
    "Severity",
    "Thresholds",
    "doctor",
    "estimate_index_pages",
    "estimate_table_pages",
]
