"""What the adopt tests hold a database to: row counts, per-column checksums, foreign keys, schema.

Checksums are taken in a session with fixed settings (UTC, ISO dates), over each value's text: the
sum of the first 64 bits of the md5 of every value (NULL counted as its own marker), which does not
depend on row order. Before adopting, a converted column is checksummed through the conversion the
plan documents (its expression, with a type the old database does not have yet read as text), so
the figures before and after must be equal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import psycopg

from chanuka_db.adopt.model import AdoptPlan

SETTINGS = ("SET TimeZone = 'UTC'", "SET DateStyle = 'ISO, YMD'", "SET IntervalStyle = 'postgres'",
            "SET extra_float_digits = 1")
_MD5 = "sum(('x' || substr(md5(coalesce(({expr})::text, '<NULL>')), 1, 16))::bit(64)::bigint)"


def connect(url: str) -> psycopg.Connection[Any]:
    """An autocommit connection with the checksum settings."""
    conn = psycopg.connect(url, autocommit=True)
    for statement in SETTINGS:
        conn.execute(statement)
    return conn


def q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@dataclass
class Figures:
    """Row count per table and checksum per ``table.column``."""

    rows: dict[str, int] = field(default_factory=dict)
    sums: dict[str, str] = field(default_factory=dict)


def columns(conn: psycopg.Connection[Any], schema: str = "public") -> dict[str, list[str]]:
    """The columns of every table of ``schema`` (partitions left out: they are read through the parent)."""
    rows = conn.execute(
        "SELECT c.relname, array_agg(a.attname::text ORDER BY a.attnum) FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid "
        "WHERE n.nspname = %s AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND a.attnum > 0 "
        "AND NOT a.attisdropped GROUP BY c.relname",
        (schema,),
    ).fetchall()
    return {str(t): list(cols) for t, cols in rows}


def figures(conn: psycopg.Connection[Any], exprs: dict[str, dict[str, str]], schema: str = "public") -> Figures:
    """Row counts and checksums of ``{table: {column: expression}}``."""
    out = Figures()
    for table, cols in sorted(exprs.items()):
        items = [_MD5.format(expr=e) for e in cols.values()]
        row = conn.execute(
            f"SELECT count(*){''.join(', ' + i for i in items)} FROM {q(schema)}.{q(table)}"
        ).fetchone()
        assert row is not None
        out.rows[table] = int(row[0])
        for col, value in zip(cols, row[1:], strict=True):
            out.sums[f"{table}.{col}"] = str(value)
    return out


def type_exists(conn: psycopg.Connection[Any], name: str) -> bool:
    row = conn.execute("SELECT to_regtype(%s) IS NOT NULL", (name,)).fetchone()
    return bool(row and row[0])


def expected(conn: psycopg.Connection[Any], plan: AdoptPlan) -> dict[str, dict[str, str]]:
    """Per table kept by the plan, per column: the expression giving its value after adoption."""
    moved = {t.name for t in plan.tables if t.status == "moved aside"}
    conversions = {(c.table, c.column): c for c in plan.conversions}
    out: dict[str, dict[str, str]] = {}
    for table, cols in columns(conn).items():
        if table in moved or table.startswith("__drizzle"):
            continue
        exprs: dict[str, str] = {}
        for col in cols:
            conv = conversions.get((table, col))
            if conv is None:
                exprs[col] = q(col)
            elif conv.kind == "rekey":
                continue  # new ids; checked through the id map
            else:
                expr = conv.expression
                if not type_exists(conn, conv.to_type):
                    expr = expr.replace(f"::{conv.to_type}", "::text")
                exprs[col] = expr
        out[table] = exprs
    return out


def after(conn: psycopg.Connection[Any], before: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """The same columns read plainly (those that still exist: a column moved aside is checked apart)."""
    present = columns(conn)
    return {t: {c: q(c) for c in cols if c in present.get(t, [])} for t, cols in before.items()}


def unvalidated_or_broken_fks(conn: psycopg.Connection[Any]) -> list[str]:
    """Foreign keys that are NOT VALID or that some row breaks (checked by an anti-join each)."""
    problems = [f"{r[0]} is not valid" for r in conn.execute(
        "SELECT conname FROM pg_constraint WHERE contype = 'f' AND NOT convalidated").fetchall()]
    fks = conn.execute(
        "SELECT c.conname, c.conrelid::regclass::text, c.confrelid::regclass::text, "
        "(SELECT array_agg(a.attname::text ORDER BY k.o) FROM unnest(c.conkey) WITH ORDINALITY k(n, o) "
        " JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n), "
        "(SELECT array_agg(a.attname::text ORDER BY k.o) FROM unnest(c.confkey) WITH ORDINALITY k(n, o) "
        " JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n) "
        "FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid WHERE c.contype = 'f' AND NOT r.relispartition"
    ).fetchall()
    for name, child, parent, cols, refcols in fks:
        present = " AND ".join(f"c.{q(x)} IS NOT NULL" for x in cols)
        match = " AND ".join(f"p.{q(r)} = c.{q(x)}" for x, r in zip(cols, refcols, strict=True))
        row = conn.execute(
            f"SELECT count(*) FROM {child} c WHERE {present} AND NOT EXISTS "
            f"(SELECT 1 FROM {parent} p WHERE {match})"
        ).fetchone()
        if row and row[0]:
            problems.append(f"{name}: {row[0]} orphan row(s)")
    return problems
