"""DDL rendered from schema snapshot entries: tables the old database never had, and partitioned parents.

A snapshot entry holds every column (type, default, nullability, generation, identity, comment),
every constraint and index as PostgreSQL prints them, the comments and the triggers; executing what
this module renders builds exactly that entry (the printed forms are first turned back into source
form where PostgreSQL's printing does not round-trip, see :func:`chanuka_db.adopt.sqltext.source_form`).
"""

from __future__ import annotations

from typing import Any

from chanuka_db.adopt import sqltext
from chanuka_db.adopt.sqltext import ident, literal


def table_ref(name: str) -> str:
    """``public.<name>`` quoted."""
    return f"public.{ident(name)}"


def column_sql(name: str, spec: dict[str, Any]) -> str:
    """A column definition from a snapshot column entry."""
    parts = [ident(name), str(spec["type"])]
    if spec.get("collation"):
        parts.append(f"COLLATE {ident(spec['collation'])}")
    if "generated" in spec:
        parts.append(f"GENERATED ALWAYS AS ({spec['generated']}) STORED")
    elif "default" in spec:
        parts.append(f"DEFAULT {spec['default']}")
    if "identity" in spec:
        parts.append(f"GENERATED {'ALWAYS' if spec['identity'] == 'always' else 'BY DEFAULT'} AS IDENTITY")
    if not spec.get("nullable", True):
        parts.append("NOT NULL")
    return " ".join(parts)


def create_table(name: str, entry: dict[str, Any], *, include_fks: bool = False) -> list[str]:
    """Statements creating table ``name`` as its snapshot entry describes it (foreign keys optional)."""
    columns = entry.get("columns", {})
    body = ",\n  ".join(column_sql(c, columns[c]) for c in sorted(columns, key=lambda c: (c != "id", c)))
    tail = f" PARTITION BY {entry['partition_key']}" if entry.get("partition_key") else ""
    out = [f"CREATE TABLE {table_ref(name)} (\n  {body}\n){tail}"]
    for cname, definition in sorted(entry.get("constraints", {}).items()):
        if definition.startswith("FOREIGN KEY") and not include_fks:
            continue
        out.append(f"ALTER TABLE {table_ref(name)} ADD CONSTRAINT {ident(cname)} {sqltext.source_form(definition)}")
    for definition in sorted(entry.get("indexes", {}).values()):
        out.append(sqltext.source_form(definition.removesuffix(" -- INVALID")))
    if entry.get("comment"):
        out.append(f"COMMENT ON TABLE {table_ref(name)} IS {literal(entry['comment'])}")
    for col in sorted(columns):
        if columns[col].get("comment"):
            out.append(f"COMMENT ON COLUMN {table_ref(name)}.{ident(col)} IS {literal(columns[col]['comment'])}")
    out += sorted(entry.get("triggers", {}).values())
    return out


def foreign_keys(name: str, entry: dict[str, Any]) -> list[str]:
    """The ``ADD CONSTRAINT ... FOREIGN KEY`` statements of a snapshot entry."""
    return [
        f"ALTER TABLE {table_ref(name)} ADD CONSTRAINT {ident(c)} {d}"
        for c, d in sorted(entry.get("constraints", {}).items())
        if d.startswith("FOREIGN KEY")
    ]


def create_partition(name: str, entry: dict[str, Any], parent: dict[str, Any]) -> list[str]:
    """Statements creating partition ``name`` (its parent's indexes and constraints come with it)."""
    out = [f"CREATE TABLE {table_ref(name)} PARTITION OF {table_ref(entry['partition_of'])} {entry['partition_bound']}"]
    parent_shapes = {sqltext.index_shape(d) for d in parent.get("indexes", {}).values()}
    out += [
        sqltext.source_form(definition)
        for definition in sorted(entry.get("indexes", {}).values())
        if sqltext.index_shape(definition) not in parent_shapes
    ]
    return out
