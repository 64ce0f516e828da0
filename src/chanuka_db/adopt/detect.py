"""Recognise what a database is before adopt touches it.

- ``empty``: no tables, types or functions of its own: nothing to adopt (``migrate`` builds it).
- ``ours``: an ``alembic_version`` table recording one of chanuka-db's revisions.
- ``adopting``: an adopt run that has not finished (it is resumed).
- ``old``: built by the old TypeScript/Drizzle module: its ``users`` table (email, password hash)
  next to tables or types only that module has (``bills``, ``sponsors``, ... or the ``kenyan_county``
  enum), with or without drizzle's bookkeeping (``__drizzle_migrations`` in schema ``drizzle`` or
  ``public``, or the old runner's ``__drizzle_migrations__``).
- ``foreign``: anything else (another application's database): refused with a one-line reason.
"""

from __future__ import annotations

from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection

from chanuka_db.adopt.model import LEGACY_SCHEMA, Detection
from chanuka_db.migrate import plan

#: drizzle-orm's migrator (schema ``drizzle`` by default, ``public`` when configured so), and the old
#: project's own runner (``public.__drizzle_migrations__``).
BOOKKEEPING_NAMES = ("__drizzle_migrations", "__drizzle_migrations__")

#: Tables only the old Chanuka module creates: two of them, or its ``kenyan_county`` type, next to
#: its ``users`` table mark a database as the old module's.
DISTINCTIVE = frozenset(
    {
        "bills",
        "sponsors",
        "committees",
        "committee_members",
        "parliamentary_sessions",
        "parliamentary_sittings",
        "bill_votes",
        "bill_engagement",
        "bill_tracking_preferences",
        "alert_preferences",
        "user_contact_methods",
        "county_engagement_stats",
        "bill_impact_metrics",
        "external_bill_references",
        "constitutional_provisions",
        "campaigns",
        "ambassadors",
    }
)

_USER_TABLES = text(
    """SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
      AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                      AND d.deptype = 'e')
    ORDER BY 1, 2"""
)
_OWN_TYPES_AND_FUNCTIONS = text(
    """SELECT (SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
               WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd', 'c') AND t.typrelid = 0
                 AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass
                                 AND d.objid = t.oid AND d.deptype = 'e'))
            + (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
               WHERE n.nspname = 'public'
                 AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                                 AND d.objid = p.oid AND d.deptype = 'e'))"""
)
_HAS_ENUM = text(
    "SELECT EXISTS (SELECT 1 FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
    "WHERE n.nspname = 'public' AND t.typname = :name AND t.typtype = 'e')"
)
_USERS_COLUMNS = text(
    "SELECT array_agg(a.attname::text) FROM pg_attribute a "
    "WHERE a.attrelid = to_regclass('public.users') AND a.attnum > 0 AND NOT a.attisdropped"
)
_OPEN_RUN = text(
    f"SELECT run_id::text, status FROM {LEGACY_SCHEMA}.adopt_runs "  # noqa: S608 (constant)
    "WHERE status <> 'finished' ORDER BY started_at DESC LIMIT 1"
)


def bookkeeping_tables(tables: list[tuple[str, str]]) -> list[str]:
    """The drizzle bookkeeping tables among ``(schema, table)`` pairs, as ``schema.table``."""
    return [f"{s}.{t}" for s, t in tables if t in BOOKKEEPING_NAMES and s in ("public", "drizzle")]


def classify(conn: Connection, scripts: ScriptDirectory) -> Detection:
    """Recognise the database ``conn`` is connected to (reads the catalog only)."""
    tables = [(str(s), str(t)) for s, t in conn.execute(_USER_TABLES)]
    adopting = _open_run(conn, tables)
    public = {t for s, t in tables if s == "public"}
    if "alembic_version" in public:
        current = plan.current_revision(conn)
        if current is not None and not plan.known(current, scripts):
            return Detection(
                "foreign",
                f"it records Alembic revision {current}, which chanuka-db does not define: another "
                "application's migrations (or a newer chanuka-db); refusing to adopt it",
            )
        if adopting is not None:
            return Detection("adopting", f"an adopt run ({adopting}) stopped after stamping; it is resumed",
                             revision=current)
        return Detection("ours", f"already a chanuka-db database at revision {current or 'base'}", revision=current)
    if adopting is not None:
        return Detection("adopting", f"an adopt run ({adopting}) did not finish; it is resumed")
    ours = {t for s, t in tables if s == LEGACY_SCHEMA}
    foreign_schemas = sorted({s for s, _ in tables if s not in ("public", "drizzle", LEGACY_SCHEMA)})
    bookkeeping = bookkeeping_tables(tables)
    others = sorted(public - set(BOOKKEEPING_NAMES))
    own_objects = int(conn.execute(_OWN_TYPES_AND_FUNCTIONS).scalar() or 0)
    if not others and not bookkeeping and not foreign_schemas and not ours and own_objects == 0:
        return Detection("empty", "the database is empty: nothing to adopt; `chanuka-db migrate` builds the schema")
    evidence: list[str] = []
    if bookkeeping:
        evidence.append(f"drizzle bookkeeping: {', '.join(bookkeeping)}")
    distinctive = sorted(public & DISTINCTIVE)
    if distinctive:
        evidence.append(f"old module tables: {', '.join(distinctive[:6])}{'...' if len(distinctive) > 6 else ''}")
    has_county = bool(conn.execute(_HAS_ENUM, {"name": "kenyan_county"}).scalar())
    if has_county:
        evidence.append("enum kenyan_county")
    users_cols = set(conn.execute(_USERS_COLUMNS).scalar() or [])
    old_users = {"email", "password_hash"} <= users_cols
    if old_users:
        evidence.append("users(email, password_hash)")
    signature = old_users and (len(distinctive) >= 2 or has_county)
    if signature or (bookkeeping and (old_users or not others)):
        return Detection(
            "old",
            "built by the old Drizzle module (" + "; ".join(evidence) + ")",
            evidence=evidence,
            bookkeeping=bookkeeping,
        )
    sample = ", ".join(others[:4]) + ("..." if len(others) > 4 else "")
    what = f"{len(others)} table(s) ({sample})" if others else f"objects in schema(s) {', '.join(foreign_schemas)}"
    return Detection(
        "foreign",
        f"it holds {what} but not the old Chanuka module's signature (a users table with email and "
        "password_hash beside bills/sponsors... or the kenyan_county type); refusing to adopt a database "
        "of another application",
    )


def _open_run(conn: Connection, tables: list[tuple[str, str]]) -> str | None:
    if (LEGACY_SCHEMA, "adopt_runs") not in tables:
        return None
    row = conn.execute(_OPEN_RUN).first()
    return None if row is None else f"{row[0]}, {row[1]}"
