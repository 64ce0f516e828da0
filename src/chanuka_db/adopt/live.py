"""What adopt needs to know about the live database: its schema, table sizes and the role's rights.

The schema is the migration engine's own snapshot (:func:`chanuka_db.migrate.snapshot.take`), so
adopt compares with exactly what ``check`` and ``stamp`` compare with. Objects in adopt's own schema
(:data:`~chanuka_db.adopt.model.LEGACY_SCHEMA`) are left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from chanuka_db.adopt.model import LEGACY_SCHEMA
from chanuka_db.adopt.sqltext import ident
from chanuka_db.migrate import snapshot


@dataclass(frozen=True)
class TableStats:
    """Size of one table: exact row count, heap and index bytes, primary key columns, owner (and
    whether the current role may act as it)."""

    rows: int
    table_bytes: int
    index_bytes: int
    pk: tuple[str, ...]
    owner: str
    owned: bool = True


@dataclass
class Live:
    """The live database as adopt sees it."""

    schema: snapshot.Schema
    stats: dict[str, TableStats] = field(default_factory=dict)
    server_version_num: int = 0
    user: str = ""
    read_only: bool = False
    can_create: bool = False
    superuser: bool = False

    @property
    def tables(self) -> dict[str, Any]:
        """Tables of schema ``public`` (and ``drizzle.*``), keyed like the snapshot."""
        tables: dict[str, Any] = self.schema.get("tables", {})
        return tables

    def rows(self, table: str) -> int:
        """Exact row count of ``table`` (0 when unknown)."""
        stats = self.stats.get(table)
        return stats.rows if stats else 0

    def bytes(self, table: str) -> int:
        """Heap bytes of ``table``."""
        stats = self.stats.get(table)
        return stats.table_bytes if stats else 0


_STATS = text(
    """SELECT c.relname, c.relkind, pg_table_size(c.oid), pg_indexes_size(c.oid), pg_get_userbyid(c.relowner),
        pg_has_role(c.relowner, 'USAGE'),
        (SELECT array_agg(a.attname::text ORDER BY k.ord)
         FROM pg_index i CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
         JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
         WHERE i.indrelid = c.oid AND i.indisprimary)
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')"""
)
_ROLE = text(
    """SELECT current_user, current_setting('server_version_num')::int,
        current_setting('default_transaction_read_only') = 'on' OR pg_is_in_recovery(),
        has_database_privilege(current_database(), 'CREATE'),
        (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)"""
)


def without_legacy(schema: snapshot.Schema) -> snapshot.Schema:
    """``schema`` without the objects of adopt's own schema."""
    prefix = LEGACY_SCHEMA + "."
    out = dict(schema)
    if "schemas" in out:
        out["schemas"] = [s for s in out["schemas"] if s != LEGACY_SCHEMA]
    for key in ("tables", "views", "enums", "domains", "types", "sequences", "functions"):
        if key in out:
            out[key] = {k: v for k, v in out[key].items() if not k.startswith(prefix)}
    return out


def read(conn: Connection, *, counts: bool = True) -> Live:
    """Snapshot the live schema and measure every table of ``public`` (exact counts unless told not to)."""
    schema = without_legacy(snapshot.normalised(snapshot.take(conn)))
    user, version, read_only, can_create, superuser = conn.execute(_ROLE).one()
    live = Live(
        schema=schema,
        server_version_num=int(version),
        user=str(user),
        read_only=bool(read_only),
        can_create=bool(can_create),
        superuser=bool(superuser),
    )
    for name, kind, table_bytes, index_bytes, owner, owned, pk in conn.execute(_STATS):
        rows = 0
        if counts and kind == "r":
            rows = int(conn.execute(text(f"SELECT count(*) FROM public.{ident(str(name))}")).scalar() or 0)  # noqa: S608
        live.stats[str(name)] = TableStats(
            rows, int(table_bytes or 0), int(index_bytes or 0), tuple(pk or ()), str(owner), bool(owned)
        )
    return live
