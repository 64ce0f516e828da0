"""One plausible row per table, from the catalog alone, for data-preservation tests.

Nullable columns stay NULL (a CHECK on NULL passes); NOT NULL columns without a default get a value
from their type, a value allowed by a CHECK ``IN``/``= ANY`` list, or a sample matching a known
pattern (e-mail, E.164 phone); foreign keys point at the row already inserted in the parent. When
an insert still fails, the failing column is retried with other candidates.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg import sql

SAMPLES: dict[str, list[Any]] = {
    "uuid": [lambda: str(uuid.uuid4())],
    "text": ["a", "test@example.com", "+254700000001", "x" * 10, "https://example.org/a", "1"],
    "integer": [1, 0, 10, 100],
    "smallint": [1, 0, 10],
    "bigint": [1, 0, 10],
    "numeric": [1, 0, 0.5, 10],
    "double precision": [1, 0, 0.5],
    "real": [1, 0, 0.5],
    "boolean": [True, False],
    "date": ["2025-01-15", "2026-06-01"],
    "timestamp with time zone": ["2025-01-15 10:00:00+00", "2026-06-01 10:00:00+00"],
    "timestamp without time zone": ["2025-01-15 10:00:00", "2026-06-01 10:00:00"],
    "time without time zone": ["10:00:00"],
    "interval": ["1 day"],
    "jsonb": ["{}", "[]"],
    "json": ["{}", "[]"],
    "inet": ["127.0.0.1"],
    "ltree": ["a", "a.b"],
    "tsvector": [""],
    "bytea": [b"x"],
}


@dataclass
class Column:
    name: str
    type: str
    base: str
    not_null: bool
    has_default: bool
    enum_labels: list[str] = field(default_factory=list)
    is_array: bool = False
    generated: bool = False
    identity: bool = False


@dataclass
class Table:
    name: str
    columns: list[Column]
    pk: list[str]
    fks: list[tuple[list[str], str, list[str]]]
    checks: dict[str, str]


def tables(conn: psycopg.Connection[Any]) -> dict[str, Table]:
    """The user tables of the public schema (partitions left out: rows go through their parent)."""
    out: dict[str, Table] = {}
    rels = conn.execute(
        "SELECT c.oid, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition "
        "AND c.relname NOT IN ('alembic_version', 'chanuka_migration_journal')"
    ).fetchall()
    for oid, name in rels:
        cols = []
        for cname, ctype, notnull, hasdef, typtype, labels, elem_labels, generated, identity, category in conn.execute(
            """SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, a.atthasdef, t.typtype,
                (SELECT array_agg(enumlabel ORDER BY enumsortorder) FROM pg_enum WHERE enumtypid = t.oid),
                (SELECT array_agg(enumlabel ORDER BY enumsortorder) FROM pg_enum WHERE enumtypid = t.typelem),
                a.attgenerated <> '', a.attidentity <> '', t.typcategory
            FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
            WHERE a.attrelid = %s AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum""",
            (oid,),
        ):
            is_array = category == "A"
            base = re.sub(r"\(.*?\)", "", ctype).replace("[]", "").strip()
            if base == "character varying" or base == "character" or base == "citext":
                base = "text"
            cols.append(
                Column(cname, ctype, base, notnull, hasdef, list(labels or elem_labels or []), is_array, generated, identity)
            )
        pk = [
            r[0]
            for r in conn.execute(
                "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
                "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = %s AND i.indisprimary",
                (oid,),
            )
        ]
        fks = []
        checks: dict[str, str] = {}
        for conname, contype, definition in conn.execute(
            "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s AND contype IN ('f', 'c')",
            (oid,),
        ):
            if contype == "f":
                m = re.match(r"FOREIGN KEY \((.*?)\) REFERENCES (\S+?)\((.*?)\)", definition)
                if m:
                    fks.append(
                        (
                            [c.strip().strip('"') for c in m.group(1).split(",")],
                            m.group(2).strip('"').removeprefix("public."),
                            [c.strip().strip('"') for c in m.group(3).split(",")],
                        )
                    )
            else:
                checks[conname] = definition
        out[name] = Table(name, cols, pk, fks, checks)
    return out


def _allowed(table: Table, column: str) -> list[str]:
    values: list[str] = []
    for check in table.checks.values():
        if not re.search(rf"\b{re.escape(column)}\b", check):
            continue
        for m in re.finditer(r"ARRAY\[(.*?)\]", check):
            values += re.findall(r"'((?:[^']|'')*)'", m.group(1))
        m = re.search(rf"\b{re.escape(column)}\b\S*\s*=\s*'([^']*)'", check)
        if m:
            values.append(m.group(1))
    return values


def _candidates(table: Table, col: Column) -> list[Any]:
    if col.enum_labels:
        options: list[Any] = list(col.enum_labels)
    else:
        allowed = _allowed(table, col.name)
        options = allowed + SAMPLES.get(col.base, ["a"])
        lowered = col.name.lower()
        if "email" in lowered:
            options = ["test@example.com", *options]
        if "phone" in lowered or "msisdn" in lowered:
            options = ["+254700000001", *options]
        if "url" in lowered:
            options = ["https://example.org/a", *options]
    if col.is_array:
        options = [[o] if not callable(o) else [o()] for o in options[:3]] + [[]]
    return [o() if callable(o) else o for o in options]


@dataclass
class Inserted:
    """What :func:`fill` inserted: the primary key of each table's row, and the tables it could not fill."""

    keys: dict[str, dict[str, Any]] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)


def fill(conn: psycopg.Connection[Any], only: set[str] | None, already: Inserted) -> Inserted:
    """Insert one row into each table of ``only`` (all when None) not yet in ``already``; parents first."""
    catalog = tables(conn)
    wanted = [t for t in catalog if (only is None or t in only) and t not in already.keys]
    pending = list(wanted)
    for _ in range(len(pending) + 1):
        progressed = False
        for name in list(pending):
            table = catalog[name]
            parents = {ref for _, ref, _ in table.fks if ref != name}
            if any(p not in already.keys and p in pending for p in parents):
                continue
            error = _insert(conn, table, already)
            pending.remove(name)
            progressed = True
            if error:
                already.failed[name] = error
        if not progressed:
            break
    for name in pending:
        already.failed[name] = "circular foreign keys"
    return already


def _insert(conn: psycopg.Connection[Any], table: Table, inserted: Inserted) -> str | None:
    values: dict[str, Any] = {}
    fk_cols: set[str] = set()
    for cols, ref, refcols in table.fks:
        parent = inserted.keys.get(ref)
        if parent is None:
            continue
        row = conn.execute(
            sql.SQL("SELECT {} FROM {} WHERE {}").format(
                sql.SQL(", ").join(sql.Identifier(c) for c in refcols),
                sql.Identifier(ref),
                sql.SQL(" AND ").join(sql.SQL("{} = %s").format(sql.Identifier(k)) for k in parent),
            ),
            list(parent.values()),
        ).fetchone()
        if row is not None:
            values.update(dict(zip(cols, row, strict=False)))
            fk_cols.update(cols)
    choices = {
        c.name: _candidates(table, c)
        for c in table.columns
        if c.not_null and not c.has_default and not c.generated and not c.identity and c.name not in fk_cols
    }
    for c in choices:
        values[c] = choices[c][0]
    attempt = {c: 0 for c in choices}
    last_error = ""
    for _ in range(40):
        cols = list(values)
        statement = sql.SQL("INSERT INTO {} ({}) VALUES ({}) RETURNING {}").format(
            sql.Identifier(table.name),
            sql.SQL(", ").join(sql.Identifier(c) for c in cols),
            sql.SQL(", ").join(sql.Placeholder() for _ in cols),
            sql.SQL(", ").join(sql.Identifier(c) for c in (table.pk or [table.columns[0].name])),
        ) if cols else sql.SQL("INSERT INTO {} DEFAULT VALUES RETURNING {}").format(
            sql.Identifier(table.name),
            sql.SQL(", ").join(sql.Identifier(c) for c in (table.pk or [table.columns[0].name])),
        )
        try:
            with conn.transaction():
                row = conn.execute(statement, [values[c] for c in cols]).fetchone()
        except psycopg.Error as exc:
            last_error = str(exc).splitlines()[0]
            column = _blame(exc, table, choices, attempt)
            if column is None:
                return last_error
            attempt[column] += 1
            values[column] = choices[column][attempt[column]]
            continue
        assert row is not None
        inserted.keys[table.name] = dict(zip(table.pk or [table.columns[0].name], row, strict=False))
        return None
    return last_error


def _blame(exc: psycopg.Error, table: Table, choices: dict[str, list[Any]], attempt: dict[str, int]) -> str | None:
    """The column to try another value for: the one named by the error, or one its CHECK mentions."""
    left = [c for c in choices if attempt[c] + 1 < len(choices[c])]
    if exc.diag.column_name in left:
        return exc.diag.column_name
    definition = table.checks.get(exc.diag.constraint_name or "", "")
    for column in left:
        if re.search(rf"\b{re.escape(column)}\b", definition):
            return column
    return left[0] if left else None


def present(conn: psycopg.Connection[Any], inserted: Inserted, names: set[str]) -> dict[str, bool]:
    """Whether each table of ``names`` still holds the row :func:`fill` inserted."""
    out: dict[str, bool] = {}
    for name in names:
        key = inserted.keys.get(name)
        if key is None:
            continue
        row = conn.execute(
            sql.SQL("SELECT 1 FROM {} WHERE {}").format(
                sql.Identifier(name),
                sql.SQL(" AND ").join(sql.SQL("{} = %s").format(sql.Identifier(k)) for k in key),
            ),
            list(key.values()),
        ).fetchone()
        out[name] = row is not None
    return out
