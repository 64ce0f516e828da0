"""Column conversions: which kind each type change is, its exact SQL, and which values do not fit.

Kinds (old type -> new type):

- ``relabel``: the bytes stay, PostgreSQL only re-labels them (``varchar(n)`` -> longer/``text``/
  ``citext``; ``timestamp`` -> ``timestamptz`` when the old values are UTC): no table rewrite.
- ``timezone``: ``timestamp`` -> ``timestamptz`` in a zone: ``col AT TIME ZONE 'Africa/Nairobi'``.
- ``enum``: free text (or an enum being replaced) -> enum, through the mapping file.
- ``cast``: any other cast that can fail (``varchar`` -> ``inet``, a shorter ``varchar``...), values
  that do not cast must be mapped.
- ``rekey``: an integer primary key -> uuid: new ids, the old -> new mapping kept in
  ``chanuka_legacy.<table>_id_map``.
- ``map``: an integer that referred to an integer key -> uuid: every value mapped in the file.

Expressions are written over the old column and are what the plan prints and apply executes; the
*lenient* variant (values known not to fit become NULL) lets the dry run evaluate the new CHECK,
UNIQUE and FOREIGN KEY constraints on the converted values without failing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from chanuka_db.adopt.mapping import ColumnMapping
from chanuka_db.adopt.model import ValueCount
from chanuka_db.adopt.sqltext import ident, literal

TIMESTAMP = "timestamp without time zone"
TIMESTAMPTZ = "timestamp with time zone"
UTC_ZONES = frozenset({"UTC", "Etc/UTC", "UCT", "Zulu", "Etc/UCT", "Etc/Zulu", "GMT", "Etc/GMT"})
_TEXTLIKE = re.compile(r"^(character varying(\(\d+\))?|text|character(\(\d+\))?|citext)$")
_VARCHAR = re.compile(r"^character varying\((\d+)\)$")
_INTEGER = frozenset({"integer", "smallint", "bigint"})
#: Most distinct values a status column may have before adopt refuses to map it value by value.
MAX_DISTINCT = 1000
#: Most distinct values tested one by one where PostgreSQL (before 16) has no pg_input_is_valid.
MAX_PROBES = 5000


def kind_of(
    old: str,
    new: str,
    *,
    enums: Iterable[str],
    zone: str,
    primary_key: bool,
    replaced_enums: Iterable[str] = (),
) -> str | None:
    """The conversion kind from type ``old`` to ``new`` (None: no conversion needed)."""
    enum_names = set(enums)
    if old == new and old.removesuffix("[]") not in set(replaced_enums):
        return None
    if old == TIMESTAMP and new == TIMESTAMPTZ:
        return "relabel" if zone in UTC_ZONES else "timezone"
    if new in enum_names and (_TEXTLIKE.match(old) or old in enum_names):
        return "enum"
    if old in _INTEGER and new == "uuid":
        return "rekey" if primary_key else "map"
    if _TEXTLIKE.match(old):
        old_len = _VARCHAR.match(old)
        new_len = _VARCHAR.match(new)
        if new in ("text", "citext") or (old_len and new_len and int(new_len.group(1)) >= int(old_len.group(1))):
            return "relabel"
        if old in ("text", "citext") and new_len is None and new in ("character varying",):
            return "relabel"
    return "cast"


def base_expression(kind: str, column: str, new: str, zone: str, table: str) -> str:
    """The conversion of ``column`` without any mapped values."""
    col = ident(column)
    if kind == "timezone":
        return f"{col} AT TIME ZONE {literal(zone)}"
    if kind == "relabel":
        if new == TIMESTAMPTZ:
            return f"{col} AT TIME ZONE 'UTC'"
        return f"{col}::{new}"
    if kind == "enum":
        return f"{col}::text::{new}"
    if kind == "rekey":
        return f"chanuka_legacy.{ident(rekey_function(table))}({col})"
    if kind == "map":
        return f"{col}::text::{new}"
    return f"{col}::{new}"


def expression(
    kind: str,
    column: str,
    new: str,
    zone: str,
    table: str,
    decided: dict[str, str | None],
    *,
    unfit: Iterable[str] = (),
) -> str:
    """The full conversion: mapped values first, then the kind's conversion.

    ``unfit``: values known not to convert that the mapping leaves undecided; they become NULL (the
    *lenient* form the dry run uses). Apply never passes them: an unmapped value then fails loudly.
    """
    base = base_expression(kind, column, new, zone, table)
    col = ident(column)
    whens: list[str] = []
    null_target: str | None = None
    null_mapped = False
    for value, target in decided.items():
        if value == "<null>":
            null_mapped, null_target = True, target
            continue
        whens.append(f"WHEN {literal(value)} THEN {_typed(target, new)}")
    whens += [f"WHEN {literal(value)} THEN NULL::{new}" for value in unfit if value not in decided]
    out = base
    if whens:
        out = f"CASE {col}::text {' '.join(whens)} ELSE {base} END"
    if null_mapped:
        out = f"CASE WHEN {col} IS NULL THEN {_typed(null_target, new)} ELSE {out} END"
    return out


def _typed(value: str | None, new: str) -> str:
    return f"NULL::{new}" if value is None else f"{literal(value)}::{new}"


def rekey_function(table: str) -> str:
    """Name of the lookup function ``old integer id -> new uuid`` of a re-keyed table."""
    return f"adopt_rekey_{table}"


def map_table(table: str) -> str:
    """Name of the table keeping the old -> new ids of a re-keyed table (schema chanuka_legacy)."""
    return f"{table}_id_map"


# --------------------------------------------------------------------------------------- fit
# The queries below are built from quoted identifiers and type names of the snapshot; they go to
# the driver as they are (``exec_driver_sql``), so that no ``:word`` inside them is taken for a
# parameter. Values travel as parameters.
def enum_values(
    conn: Connection, table: str, column: str, labels: list[str], mapped: ColumnMapping | None, nullable: bool
) -> tuple[list[ValueCount], int]:
    """Every distinct value of ``table.column`` with its rows, its target and whether it fits ``labels``.

    Returns the values (at most :data:`MAX_DISTINCT`) and the number of distinct values.
    """
    rows = conn.exec_driver_sql(
        f"SELECT {ident(column)}::text, count(*) FROM public.{ident(table)} "  # noqa: S608
        f"GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT {MAX_DISTINCT + 1}"
    ).all()
    decided = mapped.decided() if mapped else {}
    out: list[ValueCount] = []
    for value, count in rows[:MAX_DISTINCT]:
        key = "<null>" if value is None else str(value)
        if key in decided:
            target = decided[key]
            fits = (target is None and nullable) or target in labels
            out.append(ValueCount(value, int(count), "<null>" if target is None else target, fits))
        elif value is None:
            out.append(ValueCount(None, int(count), "<null>", nullable))
        else:
            out.append(ValueCount(str(value), int(count), str(value) if value in labels else None, value in labels))
    return out, len(rows)


def cast_unfit(
    conn: Connection,
    table: str,
    column: str,
    new: str,
    kind: str,
    zone: str,
    server_version_num: int,
) -> tuple[list[tuple[str, int]], bool]:
    """Values of ``table.column`` that do not convert to ``new`` (with counts), and whether the check was complete."""
    col, tab = ident(column), f"public.{ident(table)}"
    if kind == "timezone":
        # Only values within a day of timestamp's range ends can fall outside timestamptz's.
        candidates = conn.exec_driver_sql(
            f"SELECT {col}::text, count(*) FROM {tab} WHERE {col} < '4713-11-26 00:00:00 BC'::timestamp "  # noqa: S608
            f"OR {col} > '294276-12-30 00:00:00'::timestamp GROUP BY 1"
        ).all()
        probe = f"SELECT (CAST(%(v)s AS timestamp) AT TIME ZONE {literal(zone)})"
        return _probe(conn, [(str(v), int(c)) for v, c in candidates], probe), True
    if server_version_num >= 160000 and kind in ("cast", "map"):
        rows = conn.exec_driver_sql(
            f"SELECT {col}::text, count(*) FROM {tab} WHERE {col} IS NOT NULL "  # noqa: S608
            f"AND NOT pg_input_is_valid({col}::text, %(t)s) GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT {MAX_DISTINCT}",
            {"t": new},
        ).all()
        return [(str(v), int(c)) for v, c in rows], True
    length = _VARCHAR.match(new)
    if length is not None:
        rows = conn.exec_driver_sql(
            f"SELECT {col}::text, count(*) FROM {tab} WHERE char_length({col}::text) > {int(length.group(1))} "  # noqa: S608
            f"GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT {MAX_DISTINCT}"
        ).all()
        return [(str(v), int(c)) for v, c in rows], True
    distinct = conn.exec_driver_sql(
        f"SELECT {col}::text, count(*) FROM {tab} WHERE {col} IS NOT NULL GROUP BY 1 LIMIT {MAX_PROBES + 1}"  # noqa: S608
    ).all()
    probe = f"SELECT CAST(CAST(%(v)s AS text) AS {new})"
    return _probe(conn, [(str(v), int(c)) for v, c in distinct[:MAX_PROBES]], probe), len(distinct) <= MAX_PROBES


def _probe(conn: Connection, values: list[tuple[str, int]], probe: str) -> list[tuple[str, int]]:
    """The values for which ``probe`` (with parameter ``v``) fails, each tried in a savepoint."""
    failing: list[tuple[str, int]] = []
    for value, count in values:
        savepoint = conn.begin_nested()
        try:
            conn.exec_driver_sql(probe, {"v": value})
        except DBAPIError:
            failing.append((value, count))
        finally:
            savepoint.rollback()
    return failing
