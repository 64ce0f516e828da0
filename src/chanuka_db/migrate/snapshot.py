"""The schema of a live database as deterministic JSON (drizzle-kit style snapshots).

:func:`take` reads pg_catalog (a dozen queries, whatever the number of tables) and returns a plain
dict: extensions, schemas, enums, domains, composite types, sequences, functions, tables (columns,
types, defaults, identity and generated columns, constraints, indexes, triggers, row-level security
policies, partitioning, comments) and views. Objects that belong to an extension, and chanuka-db's
own bookkeeping tables, are left out. :func:`dumps` renders it with sorted keys, so the same schema
always gives the same bytes, whatever order the objects were created in.

Monthly partitions (``<table>_pYYYYMM``) are left out too: operations create and detach them over
time, independently of the revisions.

The repository keeps one snapshot per revision in ``migrations/snapshots/<revision>.json``: a
reviewer diffs schemas without a database, and ``check``/``stamp``/``lint`` compare against them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from chanuka_db.errors import MigrationError
from chanuka_db.migrate import journal

FORMAT = 1
Schema = dict[str, Any]

#: Tables chanuka-db and Alembic keep for themselves: never part of a snapshot.
BOOKKEEPING = frozenset({journal.TABLE, "alembic_version"})
#: Monthly partitions (``<table>_pYYYYMM``) come and go with time (``chanuka-db partitions``), not with
#: revisions: left out like the bookkeeping tables. A revision's own partitions (``<table>_default``) stay.
MONTHLY_PARTITION = re.compile(r"_p\d{6}$")

#: Extensions that belong to the server's operation, not to the schema: plpgsql is always there, and
#: ``chanuka-db doctor`` creates pg_stat_statements where it is preloaded. Their presence is no drift.
OPERATIONAL_EXTENSIONS = ("plpgsql", "pg_stat_statements")

#: chanuka_legacy holds what `chanuka-db adopt` moved aside from the old database: kept, not schema.
_SCHEMAS = """
n.nspname NOT IN ('pg_catalog', 'information_schema', 'chanuka_legacy') AND n.nspname NOT LIKE 'pg\\_toast%'
AND n.nspname NOT LIKE 'pg\\_temp\\_%'
"""


def _not_extension_member(catalog: str, alias: str) -> str:
    # catalog and alias are literals of this module, never input.
    return (
        f"NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.classid = '{catalog}'::regclass "  # noqa: S608
        f"AND dep.objid = {alias}.oid AND dep.deptype = 'e')"
    )


def _qualified(schema: str, name: str) -> str:
    return name if schema == "public" else f"{schema}.{name}"


_MARKER = re.compile(r"@NOT_EXTENSION\((\w+),(\w+)\)@|@SCHEMAS@")


def _expand(match: re.Match[str]) -> str:
    if match.group(0) == "@SCHEMAS@":
        return _SCHEMAS
    return _not_extension_member(match.group(1), match.group(2))


def _rows(conn: Connection, sql: str, **params: Any) -> list[Any]:
    """Run a catalog query; ``@SCHEMAS@`` and ``@NOT_EXTENSION(catalog,alias)@`` expand to the filters."""
    return list(conn.execute(text(_MARKER.sub(_expand, sql)), params))


def take(conn: Connection) -> Schema:
    """Snapshot the schema ``conn`` is connected to."""
    snap: Schema = {"format": FORMAT}
    snap["extensions"] = sorted(
        r[0]
        for r in _rows(
            conn,
            "SELECT extname FROM pg_extension WHERE NOT (extname = ANY(:ignored))",
            ignored=list(OPERATIONAL_EXTENSIONS),
        )
    )
    snap["schemas"] = sorted(
        r[0]
        for r in _rows(
            conn,
            "SELECT n.nspname FROM pg_namespace n WHERE @SCHEMAS@ AND n.nspname <> 'public' "
            "AND @NOT_EXTENSION(pg_namespace,n)@",
        )
    )
    snap["enums"] = _enums(conn)
    snap["domains"] = _domains(conn)
    snap["types"] = _composite_types(conn)
    snap["sequences"] = _sequences(conn)
    snap["functions"] = _functions(conn)
    tables, views = _relations(conn)
    snap["tables"] = tables
    snap["views"] = views
    return {k: v for k, v in snap.items() if v or k == "format"}


def _enums(conn: Connection) -> dict[str, list[str]]:
    rows = _rows(
        conn,
        """SELECT n.nspname, t.typname, array_agg(e.enumlabel::text ORDER BY e.enumsortorder)
        FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
        WHERE @SCHEMAS@ AND @NOT_EXTENSION(pg_type,t)@
        GROUP BY n.nspname, t.typname""",
    )
    return {_qualified(s, n): list(values) for s, n, values in rows}


def _domains(conn: Connection) -> dict[str, Any]:
    rows = _rows(
        conn,
        """SELECT n.nspname, t.typname, format_type(t.typbasetype, t.typtypmod), t.typnotnull, t.typdefault,
            (SELECT json_object_agg(c.conname, pg_get_constraintdef(c.oid, true)) FROM pg_constraint c
             WHERE c.contypid = t.oid)
        FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE t.typtype = 'd' AND @SCHEMAS@ AND @NOT_EXTENSION(pg_type,t)@""",
    )
    out: dict[str, Any] = {}
    for schema, name, base, notnull, default, checks in rows:
        entry: dict[str, Any] = {"type": base}
        if notnull:
            entry["not_null"] = True
        if default is not None:
            entry["default"] = default
        if checks:
            entry["constraints"] = dict(checks)
        out[_qualified(schema, name)] = entry
    return out


def _composite_types(conn: Connection) -> dict[str, Any]:
    rows = _rows(
        conn,
        """SELECT n.nspname, t.typname,
            (SELECT json_agg(json_build_array(a.attname, format_type(a.atttypid, a.atttypmod)) ORDER BY a.attnum)
             FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped)
        FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_class c ON c.oid = t.typrelid
        WHERE t.typtype = 'c' AND c.relkind = 'c' AND @SCHEMAS@ AND @NOT_EXTENSION(pg_type,t)@""",
    )
    return {_qualified(s, n): [list(a) for a in attrs or []] for s, n, attrs in rows}


def _sequences(conn: Connection) -> dict[str, Any]:
    # Identity sequences are described by their column; serial sequences and free ones are listed here.
    rows = _rows(
        conn,
        """SELECT n.nspname, c.relname, format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin,
            s.seqmax, s.seqcache, s.seqcycle,
            (SELECT rc.relname || '.' || a.attname FROM pg_depend d
             JOIN pg_class rc ON rc.oid = d.refobjid
             JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
             WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'a' LIMIT 1)
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_sequence s ON s.seqrelid = c.oid
        WHERE c.relkind = 'S' AND @SCHEMAS@ AND @NOT_EXTENSION(pg_class,c)@
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                          AND d.deptype = 'i')""",
    )
    out: dict[str, Any] = {}
    for schema, name, typ, start, inc, mn, mx, cache, cycle, owned in rows:
        if owned and owned.split(".")[0] in BOOKKEEPING:
            continue
        entry: dict[str, Any] = {"type": typ, "start": start, "increment": inc, "min": mn, "max": mx}
        if cache != 1:
            entry["cache"] = cache
        if cycle:
            entry["cycle"] = True
        if owned:
            entry["owned_by"] = owned
        out[_qualified(schema, name)] = entry
    return out


def _functions(conn: Connection) -> dict[str, str]:
    rows = _rows(
        conn,
        """SELECT n.nspname, p.proname, pg_get_function_identity_arguments(p.oid), pg_get_functiondef(p.oid)
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE p.prokind IN ('f', 'p', 'w') AND @SCHEMAS@ AND @NOT_EXTENSION(pg_proc,p)@""",
    )
    return {f"{_qualified(s, n)}({args})": definition.strip() for s, n, args, definition in rows}


_KINDS = {"r": "table", "p": "partitioned table", "v": "view", "m": "materialized view", "f": "foreign table"}


def _relations(conn: Connection) -> tuple[dict[str, Any], dict[str, Any]]:
    rels = _rows(
        conn,
        """SELECT c.oid, n.nspname, c.relname, c.relkind, c.relpersistence, c.relrowsecurity,
            c.relforcerowsecurity, obj_description(c.oid, 'pg_class'),
            CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,
            CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END,
            (SELECT pn.nspname || '.' || pc.relname FROM pg_inherits i JOIN pg_class pc ON pc.oid = i.inhparent
             JOIN pg_namespace pn ON pn.oid = pc.relnamespace WHERE i.inhrelid = c.oid LIMIT 1),
            CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid, true) END,
            c.reloptions
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND @SCHEMAS@ AND @NOT_EXTENSION(pg_class,c)@""",
    )
    by_oid: dict[int, dict[str, Any]] = {}
    tables: dict[str, Any] = {}
    views: dict[str, Any] = {}
    for oid, schema, name, kind, persistence, rls, force_rls, comment, partkey, bound, parent, viewdef, options in rels:
        if schema == "public" and name in BOOKKEEPING:
            continue
        if bound is not None and MONTHLY_PARTITION.search(name):
            continue  # created and detached by operations (chanuka_db.ops.partitions), not by revisions
        entry: dict[str, Any] = {"kind": _KINDS[kind]}
        if persistence == "u":
            entry["unlogged"] = True
        if comment:
            entry["comment"] = comment
        if rls:
            entry["row_security"] = "forced" if force_rls else "enabled"
        if partkey:
            entry["partition_key"] = partkey
        if bound is not None:
            pschema, _, pname = parent.partition(".")
            entry["partition_of"] = _qualified(pschema, pname)
            entry["partition_bound"] = bound
        if viewdef is not None:
            entry["definition"] = viewdef.strip()
        if options:
            entry["options"] = sorted(options)
        entry["columns"] = {}
        by_oid[oid] = entry
        (views if kind in "vm" else tables)[_qualified(schema, name)] = entry
    oids = list(by_oid)
    if not oids:
        return tables, views
    _columns(conn, oids, by_oid)
    _constraints(conn, oids, by_oid)
    _indexes(conn, oids, by_oid)
    _triggers(conn, oids, by_oid)
    _policies(conn, oids, by_oid)
    for entry in by_oid.values():
        for key in ("constraints", "indexes", "triggers", "policies"):
            if not entry.get(key):
                entry.pop(key, None)
    return tables, views


def _columns(conn: Connection, oids: list[int], by_oid: dict[int, dict[str, Any]]) -> None:
    rows = _rows(
        conn,
        """SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
            pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated, col_description(a.attrelid, a.attnum),
            CASE WHEN a.attcollation <> t.typcollation THEN co.collname END
        FROM pg_attribute a
        JOIN pg_type t ON t.oid = a.atttypid
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        LEFT JOIN pg_collation co ON co.oid = a.attcollation
        WHERE a.attrelid = ANY(:oids) AND a.attnum > 0 AND NOT a.attisdropped""",
        oids=oids,
    )
    for relid, name, typ, notnull, default, identity, generated, comment, collation in rows:
        col: dict[str, Any] = {"type": typ, "nullable": not notnull}
        if generated:
            col["generated"] = default
        elif default is not None:
            col["default"] = default
        if identity:
            col["identity"] = "always" if identity == "a" else "by default"
        if comment:
            col["comment"] = comment
        if collation:
            col["collation"] = collation
        by_oid[relid]["columns"][name] = col


def _constraints(conn: Connection, oids: list[int], by_oid: dict[int, dict[str, Any]]) -> None:
    rows = _rows(
        conn,
        """SELECT c.conrelid, c.conname, pg_get_constraintdef(c.oid, true), c.convalidated
        FROM pg_constraint c WHERE c.conrelid = ANY(:oids) AND c.contype <> 'n'""",
        oids=oids,
    )
    for relid, name, definition, validated in rows:
        value = definition if validated or "NOT VALID" in definition else f"{definition} NOT VALID"
        by_oid[relid].setdefault("constraints", {})[name] = value


def _indexes(conn: Connection, oids: list[int], by_oid: dict[int, dict[str, Any]]) -> None:
    # Indexes that implement a PRIMARY KEY, UNIQUE or EXCLUDE constraint are described by the constraint.
    rows = _rows(
        conn,
        """SELECT i.indrelid, ic.relname, pg_get_indexdef(i.indexrelid), i.indisvalid
        FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
        WHERE i.indrelid = ANY(:oids)
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid
                          AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u', 'x'))""",
        oids=oids,
    )
    for relid, name, definition, valid in rows:
        by_oid[relid].setdefault("indexes", {})[name] = definition if valid else f"{definition} -- INVALID"


def _triggers(conn: Connection, oids: list[int], by_oid: dict[int, dict[str, Any]]) -> None:
    rows = _rows(
        conn,
        """SELECT t.tgrelid, t.tgname, pg_get_triggerdef(t.oid, true), t.tgenabled
        FROM pg_trigger t WHERE t.tgrelid = ANY(:oids) AND NOT t.tgisinternal""",
        oids=oids,
    )
    for relid, name, definition, enabled in rows:
        value = definition if enabled == "O" else f"{definition} -- enabled={enabled}"
        by_oid[relid].setdefault("triggers", {})[name] = value


def _policies(conn: Connection, oids: list[int], by_oid: dict[int, dict[str, Any]]) -> None:
    rows = _rows(
        conn,
        """SELECT p.polrelid, p.polname, p.polcmd, p.polpermissive,
            ARRAY(SELECT CASE WHEN r = 0 THEN 'public' ELSE pg_get_userbyid(r) END
                  FROM unnest(p.polroles) r ORDER BY 1),
            pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid)
        FROM pg_policy p WHERE p.polrelid = ANY(:oids)""",
        oids=oids,
    )
    commands = {"r": "SELECT", "a": "INSERT", "w": "UPDATE", "d": "DELETE", "*": "ALL"}
    for relid, name, cmd, permissive, roles, using, check in rows:
        entry: dict[str, Any] = {"command": commands.get(cmd, cmd), "roles": list(roles)}
        if not permissive:
            entry["restrictive"] = True
        if using is not None:
            entry["using"] = using
        if check is not None:
            entry["with_check"] = check
        by_oid[relid].setdefault("policies", {})[name] = entry


# ------------------------------------------------------------------------------------------ files
def dumps(schema: Schema, revision: str | None = None) -> str:
    """Deterministic JSON text of ``schema`` (with ``revision`` recorded when given)."""
    body = dict(schema)
    if revision is not None:
        body["revision"] = revision
    return json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def strip(document: dict[str, Any]) -> Schema:
    """The schema part of a snapshot document (without the ``revision`` it was written for)."""
    return {k: v for k, v in document.items() if k != "revision"}


def load(path: Path) -> Schema:
    """Read a committed snapshot; :class:`MigrationError` when missing or unreadable."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise MigrationError(
            f"no snapshot {path.name} in {path.parent}; run `chanuka-db snapshot --write-all`"
        ) from None
    except (OSError, ValueError) as exc:
        raise MigrationError(f"cannot read snapshot {path}: {exc}") from None
    if not isinstance(document, dict):
        raise MigrationError(f"snapshot {path} is not a JSON object")
    return strip(document)


def empty() -> Schema:
    """The snapshot of a database with no revision applied (what ``base`` means)."""
    return {"format": FORMAT}


def write(path: Path, schema: Schema, revision: str) -> bool:
    """Write ``schema`` as the snapshot of ``revision``; True when the file changed."""
    content = dumps(schema, revision)
    try:
        if path.read_text(encoding="utf-8") == content:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(content, encoding="utf-8")
    tmp.replace(path)
    return True


def normalised(schema: Schema) -> Schema:
    """``schema`` as it would read back from its JSON (tuples to lists...), for comparisons."""
    return strip(json.loads(dumps(schema)))
