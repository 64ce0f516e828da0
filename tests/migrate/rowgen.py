"""Plausible rows for every table, from the catalog alone, for data-preservation tests.

Each table gets rows whose NOT NULL columns hold a value of their type (a value a CHECK lists, a
sample matching a known pattern such as e-mail or E.164, or an enum label) and whose NOT NULL
foreign keys point at rows already inserted in the parent (two distinct parent rows when a table
references the same parent twice). When an insert breaks a CHECK, the columns that CHECK mentions,
nullable ones included, are re-drawn at random from their candidates (a seeded search), so
constraints across columns (``end > start``, ``a <> b``, ``num_nonnulls(...) = 1``) are met.
"""

from __future__ import annotations

import random
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg import errors, sql

HEX64 = "0123456789abcdef" * 4
BASE_SAMPLES: dict[str, list[Any]] = {
    "text": ["a", "b", "sw", "KE", HEX64, "https://example.org/a", "1"],
    "integer": [1, 2, 10, 100, 2025, 0],
    "smallint": [1, 2, 10, 0],
    "bigint": [1, 2, 10, 2025, 0],
    "numeric": [1, 2, 0.5, 10, 0],
    "double precision": [1, 2, 0.5, 0],
    "real": [1, 2, 0.5, 0],
    "boolean": [True, False],
    "date": ["2025-01-15", "2025-06-01", "2099-06-01"],
    "timestamp with time zone": ["2025-01-15 10:00:00+00", "2025-06-01 10:00:00+00", "2099-06-01 10:00:00+00"],
    "timestamp without time zone": ["2025-01-15 10:00:00", "2025-06-01 10:00:00", "2099-06-01 10:00:00"],
    "time without time zone": ["10:00:00", "11:00:00"],
    "interval": ["1 day"],
    "jsonb": ["{}", "[]"],
    "json": ["{}", "[]"],
    "inet": ["127.0.0.1"],
    "ltree": ["a", "a.b"],
    "tsvector": [""],
    "bytea": [b"x"],
}
ATTEMPTS = 400


@dataclass
class Column:
    name: str
    base: str
    not_null: bool
    has_default: bool
    enum_labels: list[str]
    is_array: bool
    generated: bool
    length: int | None = None


@dataclass
class ForeignKey:
    columns: list[str]
    parent: str
    parent_columns: list[str]


@dataclass
class Table:
    name: str
    columns: dict[str, Column]
    pk: list[str]
    fks: list[ForeignKey]
    checks: dict[str, str]


def tables(conn: psycopg.Connection[Any]) -> dict[str, Table]:
    """The user tables of the public schema (partitions left out: their rows go through the parent)."""
    out: dict[str, Table] = {}
    rels = conn.execute(
        "SELECT c.oid, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition "
        "AND c.relname NOT IN ('alembic_version', 'chanuka_migration_journal')"
    ).fetchall()
    for oid, name in rels:
        columns: dict[str, Column] = {}
        for cname, ctype, notnull, hasdef, labels, generated, identity, category in conn.execute(
            """SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, a.atthasdef,
                (SELECT array_agg(enumlabel::text ORDER BY enumsortorder) FROM pg_enum
                 WHERE enumtypid IN (t.oid, t.typelem)),
                a.attgenerated <> '', a.attidentity <> '', t.typcategory
            FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
            WHERE a.attrelid = %s AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum""",
            (oid,),
        ):
            base = re.sub(r"\(.*?\)", "", ctype).replace("[]", "").strip()
            size = re.match(r"character(?: varying)?\((\d+)\)", ctype)
            if base in ("character varying", "character", "citext"):
                base = "text"
            columns[cname] = Column(
                cname,
                base,
                notnull,
                hasdef or identity,
                list(labels or []),
                category == "A",
                generated,
                int(size.group(1)) if size else None,
            )
        pk = [
            r[0]
            for r in conn.execute(
                "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
                "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = %s AND i.indisprimary",
                (oid,),
            )
        ]
        fks: list[ForeignKey] = []
        checks: dict[str, str] = {}
        for conname, contype, definition in conn.execute(
            "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s AND contype IN ('f', 'c')",
            (oid,),
        ):
            m = re.match(r"FOREIGN KEY \((.*?)\) REFERENCES (\S+?)\((.*?)\)", definition)
            if contype == "f" and m:
                fks.append(
                    ForeignKey(
                        [c.strip().strip('"') for c in m.group(1).split(",")],
                        m.group(2).strip('"').removeprefix("public."),
                        [c.strip().strip('"') for c in m.group(3).split(",")],
                    )
                )
            elif contype == "c":
                checks[conname] = definition
        out[name] = Table(name, columns, pk, fks, checks)
    return out


def _mentions(definition: str, column: str) -> bool:
    return re.search(rf"(?<![\w.]){re.escape(column)}(?!\w)", definition) is not None


def _allowed(table: Table, column: str) -> list[Any]:
    values: list[Any] = []
    for check in table.checks.values():
        if not _mentions(check, column):
            continue
        for m in re.finditer(r"ARRAY\[(.*?)\]", check):
            values += re.findall(r"'((?:[^']|'')*)'", m.group(1))
        values += re.findall(rf"\b{re.escape(column)}\b\S*\s*=\s*'([^']*)'", check)
        for bound in re.findall(rf"\b{re.escape(column)}\b\s*>=?\s*\(?(-?\d+(?:\.\d+)?)", check):
            values += [float(bound) + 1 if "." in bound else int(bound) + 1]
    return values


def _values(table: Table, column: Column, variant: int) -> list[Any]:
    """Candidate values for ``column`` (``variant`` makes text and numbers differ between rows)."""
    if column.enum_labels:
        options: list[Any] = list(column.enum_labels)
    else:
        options = _allowed(table, column.name)
        lowered = column.name.lower()
        if column.base == "uuid":
            options.append(str(uuid.UUID(int=random.Random(f"{table.name}.{column.name}.{variant}").getrandbits(128))))
        elif column.base == "text":
            if "email" in lowered:
                options.append(f"test{variant}@example.com")
            if "phone" in lowered or "msisdn" in lowered:
                options.append(f"+2547000000{variant:02d}")
            options += [f"{v}{variant}" if variant and v in ("a", "b") else v for v in BASE_SAMPLES["text"]]
            options += [f"test{variant}@example.com", f"+2547000000{variant:02d}"]
        else:
            samples = BASE_SAMPLES.get(column.base, ["a"])
            if column.base in ("integer", "smallint", "bigint") and variant:
                samples = [s + variant for s in samples]
            options += samples
    if column.length is not None:
        options = [o for o in options if not isinstance(o, str) or len(o) <= column.length] or ["a"]
    if column.is_array:
        return [[o] for o in options[:3]] + [[]]
    return options


@dataclass
class Inserted:
    """The primary keys of the rows :func:`fill` inserted per table, and the tables it could not fill."""

    keys: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)


def fill(conn: psycopg.Connection[Any], inserted: Inserted) -> Inserted:
    """Insert rows into every table that has none from us yet (parents first)."""
    catalog = tables(conn)
    pending = [t for t in sorted(catalog) if t not in inserted.keys and t not in inserted.failed]
    while pending:
        ready = [
            t for t in pending if all(fk.parent == t or fk.parent not in pending for fk in catalog[t].fks)
        ] or pending[:1]
        for name in ready:
            pending.remove(name)
            error = _insert(conn, catalog, catalog[name], inserted, 0)
            if error:
                inserted.failed[name] = error
    return inserted


def _parent_row(conn: psycopg.Connection[Any], fk: ForeignKey, key: dict[str, Any]) -> dict[str, Any] | None:
    row = conn.execute(
        sql.SQL("SELECT {} FROM {} WHERE {}").format(
            sql.SQL(", ").join(sql.Identifier(c) for c in fk.parent_columns),
            sql.Identifier(fk.parent),
            sql.SQL(" AND ").join(sql.SQL("{} = %s").format(sql.Identifier(k)) for k in key),
        ),
        list(key.values()),
    ).fetchone()
    return dict(zip(fk.columns, row, strict=True)) if row is not None else None


def _insert(
    conn: psycopg.Connection[Any], catalog: dict[str, Table], table: Table, inserted: Inserted, variant: int
) -> str | None:
    rng = random.Random(f"{table.name}:{variant}")
    # Foreign keys: each group draws from the parent's rows; a parent referenced twice gets a second row first.
    needed: dict[str, int] = {}
    for fk in table.fks:
        if fk.parent != table.name:
            needed[fk.parent] = needed.get(fk.parent, 0) + 1
    for parent, count in needed.items():
        while len(inserted.keys.get(parent, [])) < count and parent in catalog and variant < 3:
            if _insert(conn, catalog, catalog[parent], inserted, len(inserted.keys.get(parent, [])) + 1 + variant):
                break
    fk_options: list[tuple[ForeignKey, list[dict[str, Any] | None]]] = []
    for fk in table.fks:
        if fk.parent == table.name:
            fk_options.append((fk, [None]))
            continue
        resolved = [
            r for r in (_parent_row(conn, fk, key) for key in inserted.keys.get(fk.parent, [])) if r is not None
        ]
        nullable = all(not table.columns[c].not_null for c in fk.columns)
        fk_options.append((fk, ([None] if nullable else []) + resolved))
    fk_columns = {c for fk, _ in fk_options for c in fk.columns}
    options = {
        c.name: ([None] if not c.not_null else []) + _values(table, c, variant)
        for c in table.columns.values()
        if not c.generated and c.name not in fk_columns and ((c.not_null and not c.has_default) or not c.not_null)
    }
    choice: dict[str, Any] = {name: opts[0] for name, opts in options.items()}
    fk_choice = {i: (opts[0] if opts else None) for i, (_, opts) in enumerate(fk_options)}
    for i, (fk, opts) in enumerate(fk_options):
        if not opts:
            return f"no row in {fk.parent} to reference"
        if len(opts) > 1 and opts[0] is None and any(table.columns[c].not_null for c in fk.columns):
            fk_choice[i] = opts[1]
    # Distinct parents for a table that references the same parent twice.
    seen: dict[str, int] = {}
    for i, (fk, opts) in enumerate(fk_options):
        rows = [o for o in opts if o is not None]
        if fk_choice[i] is not None and rows:
            k = seen.get(fk.parent, 0)
            fk_choice[i] = rows[min(k, len(rows) - 1)]
            seen[fk.parent] = k + 1
    last = ""
    for _ in range(ATTEMPTS):
        values = {k: v for k, v in choice.items() if v is not None}
        for picked in fk_choice.values():
            if picked is not None:
                values.update(picked)
        error = _try(conn, table, values, inserted)
        if error is None:
            return None
        last = str(error).splitlines()[0]
        involved = _involved(error, table, options, fk_options)
        if not involved:
            return last + _parents(fk_options)
        for target in involved:
            if isinstance(target, int):
                fk_choice[target] = rng.choice(fk_options[target][1])
            else:
                choice[target] = rng.choice(options[target])
    return last + _parents(fk_options)


def _parents(fk_options: list[tuple[ForeignKey, list[dict[str, Any] | None]]]) -> str:
    counts = {fk.parent: sum(1 for o in opts if o is not None) for fk, opts in fk_options}
    return f" (parent rows: {counts})" if counts else ""


def _involved(
    error: psycopg.Error, table: Table, options: dict[str, list[Any]], fk_options: list[tuple[ForeignKey, Any]]
) -> list[str | int]:
    """What to re-draw after ``error``: the columns (and foreign-key groups) its constraint mentions."""
    name = error.diag.constraint_name or ""
    column = error.diag.column_name
    if isinstance(error, errors.NotNullViolation) and column in options:
        return [column]
    definition = table.checks.get(name, "")
    if isinstance(error, errors.UniqueViolation):
        definition = name
    out: list[str | int] = [c for c in options if len(options[c]) > 1 and _mentions(definition, c)]
    out += [
        i
        for i, (fk, opts) in enumerate(fk_options)
        if len(opts) > 1 and any(_mentions(definition, c) for c in fk.columns)
    ]
    return out


def _try(
    conn: psycopg.Connection[Any], table: Table, values: dict[str, Any], inserted: Inserted
) -> psycopg.Error | None:
    key_columns = table.pk or [next(iter(table.columns))]
    cols = list(values)
    if cols:
        statement = sql.SQL("INSERT INTO {} ({}) VALUES ({}) RETURNING {}").format(
            sql.Identifier(table.name),
            sql.SQL(", ").join(sql.Identifier(c) for c in cols),
            sql.SQL(", ").join(sql.Placeholder() for _ in cols),
            sql.SQL(", ").join(sql.Identifier(c) for c in key_columns),
        )
    else:
        statement = sql.SQL("INSERT INTO {} DEFAULT VALUES RETURNING {}").format(
            sql.Identifier(table.name), sql.SQL(", ").join(sql.Identifier(c) for c in key_columns)
        )
    try:
        with conn.transaction():
            row = conn.execute(statement, [values[c] for c in cols]).fetchone()
    except psycopg.Error as exc:
        return exc
    assert row is not None
    inserted.keys.setdefault(table.name, []).append(dict(zip(key_columns, row, strict=True)))
    return None


def present(conn: psycopg.Connection[Any], inserted: Inserted, names: set[str]) -> dict[str, bool]:
    """Whether each table of ``names`` still holds every row :func:`fill` inserted into it."""
    out: dict[str, bool] = {}
    for name in sorted(names):
        for key in inserted.keys.get(name, []):
            row = conn.execute(
                sql.SQL("SELECT 1 FROM {} WHERE {}").format(
                    sql.Identifier(name),
                    sql.SQL(" AND ").join(sql.SQL("{} = %s").format(sql.Identifier(k)) for k in key),
                ),
                list(key.values()),
            ).fetchone()
            out[name] = out.get(name, True) and row is not None
    return out
