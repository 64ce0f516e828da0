"""Batch loading with PostgreSQL's COPY: validated, streaming, all-or-nothing.

:func:`load` takes rows (dicts, dataclass instances or tuples) for any table of the schema from any
iterable, generators included, validates each against the column types (see
:mod:`chanuka_db.ingest.validate`) and streams them through one ``COPY ... FROM STDIN`` in bounded
memory. :func:`load_many` loads several tables in foreign-key order in one transaction. With
``upsert=True`` rows go through a temporary table and ``INSERT ... ON CONFLICT DO UPDATE``.

Either every row of a call is stored or none is: the caller's transaction (or ours) is rolled back
on the first bad row, which is reported by position and reason.
"""

from __future__ import annotations

import itertools
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields, is_dataclass
from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy import Table

from chanuka_db.errors import InvalidInput
from chanuka_db.ingest.validate import RowError, column_checks, missing_required, row_values, validate_row

Progress = Callable[[int], None]
_COPY_LINE = re.compile(r"COPY \S+, line (\d+)")


@dataclass(frozen=True)
class LoadResult:
    """What one table's load did."""

    table: str
    rows: int
    seconds: float
    mode: str  # "copy" or "upsert"

    @property
    def rows_per_second(self) -> float:
        """Throughput of this load."""
        return self.rows / self.seconds if self.seconds > 0 else float(self.rows)


def _columns_of(first: Any) -> list[str]:
    if isinstance(first, Mapping):
        return [str(k) for k in first]
    if is_dataclass(first) and not isinstance(first, type):
        return [f.name for f in fields(first)]
    raise InvalidInput("tuple rows need an explicit `columns=` list")


def _peek(rows: Iterable[Any]) -> tuple[Any, Iterator[Any]]:
    it = iter(rows)
    try:
        first = next(it)
    except StopIteration:
        return None, iter(())
    return first, itertools.chain([first], it)


def load(
    conn: psycopg.Connection[Any],
    table: Table,
    rows: Iterable[Any],
    *,
    columns: Sequence[str] | None = None,
    upsert: bool | Sequence[str] = False,
    update_columns: Sequence[str] | None = None,
    progress: Progress | None = None,
    progress_every: int = 5_000,
    validate_models: bool = False,
) -> LoadResult:
    """Load ``rows`` into ``table`` on ``conn`` with COPY; all or nothing.

    ``columns``: the columns given (default: the keys/fields of the first row). Columns left out get
    their defaults. ``upsert``: True (conflict on the primary key) or the conflict columns; the rows
    then update existing ones (``update_columns``, default every given non-key column).
    ``progress`` is called with the number of rows sent so far. ``validate_models`` also validates
    each row with the table's pydantic model (:mod:`chanuka_db.ops.types`: the same shapes the API
    and the TypeScript client use), at a cost in throughput; the column checks always run.

    Runs inside the connection's current transaction if one is open (the caller commits), else in
    its own. Raises :class:`RowError` for a bad row (nothing is stored).
    """
    start = time.perf_counter()
    first, stream = _peek(rows)
    if first is None:
        return LoadResult(table.name, 0, 0.0, "upsert" if upsert else "copy")
    cols = list(columns) if columns is not None else _columns_of(first)
    absent = missing_required(table, cols)
    if absent:
        raise RowError(table.name, 0, absent[0], "required column missing from the rows (NOT NULL, no default)")
    checks = column_checks(table, cols)
    if validate_models:
        from chanuka_db.ops.types import copy_row_check

        model_check = copy_row_check(table, cols)
        stream = (model_check(i, row) for i, row in enumerate(stream))
    own_tx = conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
    with conn.transaction() if own_tx else _nullcontext():
        if own_tx:
            lift_statement_timeout(conn)
        if upsert:
            keys = list(upsert) if not isinstance(upsert, bool) else [c.name for c in table.primary_key.columns]
            count = _upsert(conn, table, cols, keys, update_columns, stream, checks, progress, progress_every)
            mode = "upsert"
        else:
            count = _copy(conn, sql.Identifier(table.name), table.name, cols, stream, checks, progress, progress_every)
            mode = "copy"
    return LoadResult(table.name, count, time.perf_counter() - start, mode)


class _nullcontext:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def _copy(
    conn: psycopg.Connection[Any],
    target: sql.Composable,
    table_name: str,
    cols: list[str],
    stream: Iterator[Any],
    checks: list[Any],
    progress: Progress | None,
    progress_every: int,
) -> int:
    stmt = sql.SQL("COPY {} ({}) FROM STDIN").format(target, sql.SQL(", ").join(map(sql.Identifier, cols)))
    position = -1
    try:
        with conn.cursor() as cur, cur.copy(stmt) as copy:
            for position, row in enumerate(stream):
                try:
                    values = row_values(row, cols)
                except ValueError as exc:
                    raise RowError(table_name, position, None, str(exc)) from None
                copy.write_row(validate_row(table_name, position, values, checks))
                if progress is not None and position % progress_every == 0:
                    progress(position + 1)
    except psycopg.Error as exc:
        raise _db_row_error(exc, table_name) from None
    if progress is not None:
        progress(position + 1)
    return position + 1


def _db_row_error(exc: psycopg.Error, table: str) -> RowError:
    diag = exc.diag
    context = diag.context or ""
    match = _COPY_LINE.search(context)
    position = int(match.group(1)) - 1 if match else -1
    column = diag.column_name
    reason = (diag.message_primary or str(exc)).strip()
    if diag.message_detail:
        reason = f"{reason} ({diag.message_detail.strip()})"
    if position < 0:
        reason = f"rejected by the database: {reason}"
    return RowError(table, max(position, 0), column, reason)


def _upsert(
    conn: psycopg.Connection[Any],
    table: Table,
    cols: list[str],
    keys: list[str],
    update_columns: Sequence[str] | None,
    stream: Iterator[Any],
    checks: list[Any],
    progress: Progress | None,
    progress_every: int,
) -> int:
    if not keys:
        raise InvalidInput(f"{table.name}: upsert needs conflict columns (the table has no primary key)")
    missing_keys = [k for k in keys if k not in cols]
    if missing_keys:
        raise InvalidInput(f"{table.name}: upsert rows must include the conflict column(s) {', '.join(missing_keys)}")
    staging = sql.Identifier(f"_chanuka_stage_{table.name}"[:63])
    conn.execute(
        sql.SQL("CREATE TEMP TABLE {} (LIKE {} INCLUDING DEFAULTS) ON COMMIT DROP").format(
            staging, sql.Identifier(table.name)
        )
    )
    count = _copy(conn, staging, table.name, cols, stream, checks, progress, progress_every)
    updates = list(update_columns) if update_columns is not None else [c for c in cols if c not in keys]
    col_list = sql.SQL(", ").join(map(sql.Identifier, cols))
    action = (
        sql.SQL("DO UPDATE SET {}").format(
            sql.SQL(", ").join(sql.SQL("{0} = EXCLUDED.{0}").format(sql.Identifier(c)) for c in updates)
        )
        if updates
        else sql.SQL("DO NOTHING")
    )
    try:
        conn.execute(
            sql.SQL("INSERT INTO {} ({}) SELECT {} FROM {} ON CONFLICT ({}) {}").format(
                sql.Identifier(table.name),
                col_list,
                col_list,
                staging,
                sql.SQL(", ").join(map(sql.Identifier, keys)),
                action,
            )
        )
        conn.execute(sql.SQL("DROP TABLE {}").format(staging))
    except psycopg.Error as exc:
        raise _db_row_error(exc, table.name) from None
    return count


def lift_statement_timeout(conn: psycopg.Connection[Any]) -> None:
    """A bulk load is one long statement by design: the environment's statement_timeout (60 s in
    development, meant for requests) would cancel a million-row COPY. For the current transaction
    only (SET LOCAL); lock_timeout still applies. The loader calls it in a transaction of its own;
    a caller that wraps loads in its own transaction calls it there."""
    conn.execute("SET LOCAL statement_timeout = 0")


def load_many(
    conn: psycopg.Connection[Any],
    batches: Mapping[Table, Iterable[Any]],
    *,
    upsert: bool = False,
    progress: Callable[[str, int], None] | None = None,
) -> list[LoadResult]:
    """Load several tables in one transaction, parents before children (foreign-key order)."""
    order = _fk_order(list(batches))
    results = []
    own_tx = conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
    with conn.transaction() if own_tx else _nullcontext():
        if own_tx:
            lift_statement_timeout(conn)
        for table in order:
            cb: Progress | None = None
            if progress is not None:
                cb = _bind(progress, table.name)
            results.append(load(conn, table, batches[table], upsert=upsert, progress=cb))
    return results


def _bind(progress: Callable[[str, int], None], name: str) -> Progress:
    return lambda n: progress(name, n)


def _fk_order(tables: list[Table]) -> list[Table]:
    """``tables`` sorted so that referenced tables come first (cycles: stable order)."""
    if not tables:
        return []
    metadata = tables[0].metadata
    rank = {t.name: i for i, t in enumerate(metadata.sorted_tables)}
    return sorted(tables, key=lambda t: rank.get(t.name, len(rank)))
