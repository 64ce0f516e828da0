"""Roles, grants and default privileges: what each chanuka-db role may do, kept in sync with the models.

Revision ``0102_security`` creates the four NOLOGIN group roles and their grants as of that revision.
The schema keeps changing after it, so this module derives the grants from the *current* models
and the live catalog:

- :func:`expected` says which privileges each managed role should hold;
- :func:`show` reports who can do what, and every difference (a privilege that should not be there is
  an error; a missing one a warning);
- :func:`apply` reconciles (GRANT what is missing, REVOKE what is extra), idempotently: a second run
  executes nothing.

The rules (docs/security.md explains why):

- ``chanuka_app``: SELECT, INSERT, UPDATE, DELETE on every relation of schema ``public`` (never
  TRUNCATE, REFERENCES, TRIGGER or MAINTAIN), SELECT only on ``alembic_version`` and the migration
  journal, USAGE and SELECT on sequences, EXECUTE on ``chanuka_session_user``; no DDL anywhere.
  Row-level security (:mod:`chanuka_db.security.rls`) limits it to the acting user's rows.
- ``chanuka_readonly``: SELECT on the columns of model tables that are neither personal
  (:mod:`chanuka_db.security.pii`) nor references to users, nothing at all of
  :data:`~chanuka_db.security.pii.PERSONAL_TABLES`, SELECT on the migration bookkeeping. Column
  grants fail closed: a new column or table is unreadable until granted.
- ``chanuka_analyst``: SELECT on the views of schema ``analytics`` and nothing else.
- ``chanuka_owner``: owns the objects (operators set that up); here it only gets USAGE and CREATE on
  schema ``public``. PUBLIC gets nothing on our relations and no CREATE on ``public``.
- Default privileges, for ``chanuka_owner`` and every role that owns our tables: new tables and
  sequences in ``public`` get ``chanuka_app``'s grants, new views in ``analytics`` the analyst's.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any, cast

import psycopg
from psycopg import sql
from sqlalchemy import MetaData, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from chanuka_db.errors import RefusedError
from chanuka_db.security import pii, rls

OWNER = "chanuka_owner"
APP = "chanuka_app"
READONLY = "chanuka_readonly"
ANALYST = "chanuka_analyst"
PUBLIC = "PUBLIC"

ANALYTICS_SCHEMA = "analytics"
#: Tables of Alembic and of chanuka-db's migration runner: readable, never writable, by the app.
BOOKKEEPING: tuple[str, ...] = ("alembic_version", "chanuka_migration_journal")
SESSION_FUNCTION = "chanuka_session_user(text)"
APP_DML: tuple[str, ...] = ("SELECT", "INSERT", "UPDATE", "DELETE")
OWNER_SCHEMA_PRIVILEGES: tuple[str, ...] = ("USAGE", "CREATE")
#: Group-role attributes that must be off (the role is granted to logins, never used to log in).
FORBIDDEN_ATTRIBUTES: tuple[str, ...] = ("LOGIN", "SUPERUSER", "BYPASSRLS", "CREATEROLE", "CREATEDB", "REPLICATION")


@dataclass(frozen=True)
class RoleSpec:
    """One of chanuka-db's group roles."""

    name: str
    purpose: str


ROLES: tuple[RoleSpec, ...] = (
    RoleSpec(OWNER, "owns the schema objects and runs migrations; bypasses row-level security by policy"),
    RoleSpec(APP, "the API server: reads and writes application rows (row-level security applies), no DDL"),
    RoleSpec(READONLY, "reporting: SELECT on non-personal columns of non-personal tables"),
    RoleSpec(ANALYST, "analysis: SELECT on the masked and aggregated views of schema analytics only"),
)
ROLE_NAMES: tuple[str, ...] = tuple(r.name for r in ROLES)
#: Roles whose privileges are reconciled exactly (PUBLIC included: it must hold nothing of ours).
MANAGED: tuple[str, ...] = (APP, READONLY, ANALYST, PUBLIC)

_RELKINDS = {"r": "table", "p": "table", "v": "view", "m": "materialized view", "f": "foreign table"}
_DEFAULT_KINDS = {"r": "TABLES", "S": "SEQUENCES", "f": "FUNCTIONS", "T": "TYPES", "n": "SCHEMAS"}


# ---------------------------------------------------------------------------------- data types
@dataclass(frozen=True, order=True)
class Privilege:
    """One privilege of one grantee on one object (``column`` set for a column privilege).

    ``kind``: schema, relation, column, sequence, function or default (a default privilege: ``schema``
    and ``name`` are the schema and object type it applies to, ``column`` the creating role).
    """

    grantee: str
    kind: str
    schema: str
    name: str
    privilege: str
    column: str | None = None

    def target(self) -> str:
        """The object as text (``public.bills``, ``public.users.email``, ``default for postgres in public``)."""
        if self.kind == "default":
            return f"new {self.name.lower()} in {self.schema} created by {self.column}"
        if self.kind == "schema":
            return f"schema {self.name}"
        base = f"{self.schema}.{self.name}"
        return f"{base}.{self.column}" if self.column else base


@dataclass(frozen=True)
class Problem:
    """Something wrong with the roles, grants or row-level security (``error``: a leak or a hole)."""

    severity: str
    message: str


@dataclass(frozen=True)
class Member:
    """A role granted one of chanuka-db's roles."""

    name: str
    login: bool


@dataclass
class RoleInfo:
    """One group role as it is in the database."""

    name: str
    purpose: str
    exists: bool
    attributes: list[str] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)
    can: list[str] = field(default_factory=list)


@dataclass
class RolesReport:
    """``chanuka-db roles show``: who can do what, and what disagrees with the rules."""

    roles: list[RoleInfo]
    rls: list[rls.RlsTable]
    privileges: list[Privilege]
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        """True when no problem is an error (missing grants are warnings)."""
        return not any(p.severity == "error" for p in self.problems)

    def as_dict(self) -> dict[str, Any]:
        """Plain data for ``--json`` (every privilege listed)."""
        return {**asdict(self), "ok": self.ok}

    def lines(self) -> list[str]:
        """A terminal rendering: each role, what it can do, the RLS tables, then the problems."""
        out: list[str] = []
        for role in self.roles:
            state = "missing" if not role.exists else (", ".join(role.attributes) or "NOLOGIN")
            out.append(f"{role.name} ({state}): {role.purpose}")
            members = ", ".join(f"{m.name}{'' if m.login else ' (group)'}" for m in role.members)
            out.append(f"  members: {members or 'none'}")
            out.extend(f"  can: {line}" for line in role.can)
        for table in self.rls:
            mode = "forced" if table.forced else ("enabled" if table.enabled else "OFF")
            names = ", ".join(f"{p.name} ({p.command} to {', '.join(p.roles)})" for p in table.policies)
            out.append(f"row-level security on {table.table}: {mode}; policies: {names or 'none'}")
        out.extend(f"{p.severity}: {p.message}" for p in self.problems)
        if not self.problems:
            out.append("no problems: grants, default privileges and row-level security follow the rules")
        return out


@dataclass
class ApplyResult:
    """``chanuka-db roles apply``: the roles it created and the statements it ran (empty: already in sync)."""

    created_roles: list[str] = field(default_factory=list)
    statements: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """True when anything was executed."""
        return bool(self.created_roles or self.statements)

    def as_dict(self) -> dict[str, Any]:
        """Plain data for ``--json``."""
        return {**asdict(self), "changed": self.changed}

    def lines(self) -> list[str]:
        """A terminal rendering."""
        out = [f"created role {name}" for name in self.created_roles]
        out += self.statements
        out += [f"note: {n}" for n in self.notes]
        if not self.changed:
            out.insert(0, "roles and grants already in sync: nothing to do")
        return out


# ------------------------------------------------------------------------------------ catalog
@dataclass(frozen=True)
class _Relation:
    schema: str
    name: str
    relkind: str
    partition: bool
    owner: str
    columns: tuple[str, ...]
    user_refs: frozenset[str]


@dataclass
class _Catalog:
    relations: list[_Relation]
    sequences: list[tuple[str, str]]
    functions: set[str]
    schemas: set[str]
    roles: set[str]
    creators: set[str]
    current_user: str
    superuser: bool


def _rows(conn: Connection, query: str, **params: Any) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in conn.execute(text(query), params)]


def _catalog(conn: Connection) -> _Catalog:
    rels = _rows(
        conn,
        "SELECT n.nspname, c.relname, c.relkind, c.relispartition, pg_catalog.pg_get_userbyid(c.relowner), "
        "ARRAY(SELECT a.attname::text FROM pg_catalog.pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 "
        "      AND NOT a.attisdropped ORDER BY a.attnum), "
        "ARRAY(SELECT a.attname::text FROM pg_catalog.pg_constraint k JOIN pg_catalog.pg_attribute a "
        "      ON a.attrelid = k.conrelid AND a.attnum = ANY(k.conkey) "
        "      WHERE k.conrelid = c.oid AND k.contype = 'f' AND k.confrelid = pg_catalog.to_regclass('public.users')) "
        "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = ANY(:schemas) AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND "
        "NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_class'::regclass "
        "AND d.objid = c.oid AND d.deptype = 'e')",
        schemas=["public", ANALYTICS_SCHEMA],
    )
    seqs = _rows(
        conn,
        "SELECT n.nspname, c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n "
        "ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'S' AND "
        "NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_class'::regclass "
        "AND d.objid = c.oid AND d.deptype = 'e')",
    )
    funcs = _rows(
        conn,
        "SELECT p.proname || '(' || pg_catalog.oidvectortypes(p.proargtypes) || ')' "
        "FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace "
        "WHERE n.nspname = 'public' AND p.proname = 'chanuka_session_user'",
    )
    schemas = {
        r[0]
        for r in _rows(
            conn, "SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname = ANY(:s)", s=["public", ANALYTICS_SCHEMA]
        )
    }
    roles = {
        r[0] for r in _rows(conn, "SELECT rolname FROM pg_catalog.pg_roles WHERE rolname = ANY(:r)", r=list(ROLE_NAMES))
    }
    me, superuser = _rows(
        conn, "SELECT current_user::text, rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user"
    )[0]
    relations = [_Relation(s, n, k, bool(p), o, tuple(cols), frozenset(refs)) for s, n, k, p, o, cols, refs in rels]
    creators = {r.owner for r in relations if r.schema == "public" and r.name not in BOOKKEEPING}
    if OWNER in roles:
        creators.add(OWNER)
    return _Catalog(
        relations=relations,
        sequences=[(s, n) for s, n in seqs],
        functions={r[0] for r in funcs},
        schemas=schemas,
        roles=roles,
        creators=creators,
        current_user=str(me),
        superuser=bool(superuser),
    )


def _actual(conn: Connection) -> set[Privilege]:
    """Every privilege a managed role (or PUBLIC) holds on our schemas and their objects."""
    grantee = "CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(x.grantee) END"
    managed = list(MANAGED)
    out: set[Privilege] = set()
    for g, s, n, kind, priv in _rows(
        conn,
        f"SELECT {grantee}, n.nspname, c.relname, c.relkind, x.privilege_type "  # noqa: S608 - constant fragments
        "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "CROSS JOIN LATERAL pg_catalog.aclexplode(c.relacl) x "
        "WHERE n.nspname = ANY(:schemas) AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')",
        schemas=["public", ANALYTICS_SCHEMA],
    ):
        if g in managed:
            out.add(Privilege(g, "sequence" if kind == "S" else "relation", s, n, priv))
    for g, s, n, col, priv in _rows(
        conn,
        f"SELECT {grantee}, n.nspname, c.relname, a.attname, x.privilege_type "  # noqa: S608 - constant fragments
        "FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid "
        "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "CROSS JOIN LATERAL pg_catalog.aclexplode(a.attacl) x "
        "WHERE n.nspname = ANY(:schemas) AND a.attnum > 0 AND NOT a.attisdropped",
        schemas=["public", ANALYTICS_SCHEMA],
    ):
        if g in managed:
            out.add(Privilege(g, "column", s, n, priv, col))
    for g, n, priv in _rows(
        conn,
        f"SELECT {grantee}, n.nspname, x.privilege_type FROM pg_catalog.pg_namespace n "  # noqa: S608
        "CROSS JOIN LATERAL pg_catalog.aclexplode(n.nspacl) x WHERE n.nspname = ANY(:schemas)",
        schemas=["public", ANALYTICS_SCHEMA],
    ):
        if g in managed or g == OWNER:
            out.add(Privilege(g, "schema", n, n, priv))
    for g, s, n, priv in _rows(
        conn,
        f"SELECT {grantee}, n.nspname, "  # noqa: S608 - constant fragments
        "p.proname || '(' || pg_catalog.oidvectortypes(p.proargtypes) || ')', x.privilege_type "
        "FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace "
        "CROSS JOIN LATERAL pg_catalog.aclexplode(COALESCE(p.proacl, pg_catalog.acldefault('f', p.proowner))) x "
        "WHERE n.nspname = 'public' AND p.proname = 'chanuka_session_user'",
    ):
        if g in managed:
            out.add(Privilege(g, "function", s, n, priv))
    for g, creator, s, objtype, priv in _rows(
        conn,
        f"SELECT {grantee}, pg_catalog.pg_get_userbyid(d.defaclrole), "  # noqa: S608 - constant fragments
        "COALESCE(n.nspname, '*'), d.defaclobjtype::text, x.privilege_type "
        "FROM pg_catalog.pg_default_acl d LEFT JOIN pg_catalog.pg_namespace n ON n.oid = d.defaclnamespace "
        "CROSS JOIN LATERAL pg_catalog.aclexplode(d.defaclacl) x",
    ):
        if g in managed:
            out.add(Privilege(g, "default", s, _DEFAULT_KINDS.get(objtype, objtype), priv, creator))
    return out


# ------------------------------------------------------------------------------------- rules
def _metadata(metadata: MetaData | None) -> MetaData:
    if metadata is not None:
        return metadata
    from chanuka_db.schema import metadata as models

    return models


def expected(conn: Connection, metadata: MetaData | None = None) -> set[Privilege]:
    """The privileges the managed roles should hold in ``conn``'s database, by the rules above."""
    return _expected(_catalog(conn), _metadata(metadata))


def _expected(cat: _Catalog, metadata: MetaData) -> set[Privilege]:
    want: set[Privilege] = set()
    if "public" in cat.schemas:
        want |= {
            Privilege(APP, "schema", "public", "public", "USAGE"),
            Privilege(READONLY, "schema", "public", "public", "USAGE"),
        }
        want |= {Privilege(OWNER, "schema", "public", "public", p) for p in OWNER_SCHEMA_PRIVILEGES}
    if ANALYTICS_SCHEMA in cat.schemas:
        want.add(Privilege(ANALYST, "schema", ANALYTICS_SCHEMA, ANALYTICS_SCHEMA, "USAGE"))
    for rel in cat.relations:
        if rel.schema == ANALYTICS_SCHEMA:
            want.add(Privilege(ANALYST, "relation", rel.schema, rel.name, "SELECT"))
            continue
        if rel.name in BOOKKEEPING:
            want.add(Privilege(APP, "relation", rel.schema, rel.name, "SELECT"))
            want.add(Privilege(READONLY, "relation", rel.schema, rel.name, "SELECT"))
            continue
        want |= {Privilege(APP, "relation", rel.schema, rel.name, p) for p in APP_DML}
        table = metadata.tables.get(rel.name)
        if table is None or rel.partition or rel.relkind not in ("r", "p") or rel.name in pii.PERSONAL_TABLES:
            continue
        # Every column of the live table (columns revisions add outside the models, like search vectors,
        # included) except those the models mark personal and references to users.
        personal = set(pii.readonly_excluded(table))
        want |= {
            Privilege(READONLY, "column", rel.schema, rel.name, "SELECT", col)
            for col in rel.columns
            if col not in personal and col not in rel.user_refs
        }
    want |= {Privilege(APP, "sequence", s, n, p) for s, n in cat.sequences for p in ("USAGE", "SELECT")}
    if SESSION_FUNCTION in cat.functions:
        want.add(Privilege(APP, "function", "public", SESSION_FUNCTION, "EXECUTE"))
    for creator in sorted(cat.creators):
        want |= {
            Privilege(grantee, "default", schema, objtype, privilege, creator)
            for grantee, schema, objtype, privilege in DEFAULT_PATTERNS
            if schema in cat.schemas
        }
    return want


#: Held by PUBLIC by default and harmless: never reported, never revoked (nor granted).
_TOLERATED = frozenset({Privilege(PUBLIC, "schema", "public", "public", "USAGE")})
#: (grantee, schema, object type, privilege) of the default privileges the rules give any creating role.
DEFAULT_PATTERNS: frozenset[tuple[str, str, str, str]] = frozenset(
    {(APP, "public", "TABLES", p) for p in APP_DML}
    | {(APP, "public", "SEQUENCES", p) for p in ("USAGE", "SELECT")}
    | {(ANALYST, ANALYTICS_SCHEMA, "TABLES", "SELECT")}
)


def _allowed(p: Privilege) -> bool:
    if p.grantee == OWNER or p in _TOLERATED:
        return True
    # Default privileges following the rules are fine for any creating role (one that no longer owns
    # anything here, say), not only for the roles that own our tables today.
    return p.kind == "default" and (p.grantee, p.schema, p.name, p.privilege) in DEFAULT_PATTERNS


def _compare(want: set[Privilege], have: set[Privilege]) -> tuple[set[Privilege], set[Privilege]]:
    """(missing, extra); the owner's schema privileges are only ever added, never taken away."""
    missing = want - have
    extra = {p for p in have - want if not _allowed(p)}
    return missing, extra


# -------------------------------------------------------------------------------------- show
def show(conn: Connection, metadata: MetaData | None = None) -> RolesReport:
    """Who can do what in ``conn``'s database, and every way that differs from the rules."""
    cat = _catalog(conn)
    md = _metadata(metadata)
    have = _actual(conn)
    want = _expected(cat, md)
    missing, extra = _compare(want, have)
    problems: list[Problem] = []
    problems += _role_problems(conn, cat)
    for p in sorted(extra):
        problems.append(Problem("error", f"{p.grantee} holds {p.privilege} on {p.target()}, which the rules forbid"))
    shown_missing = _summarise_missing(missing)
    problems += [Problem("warning", f"{line}; run `chanuka-db roles apply`") for line in shown_missing]
    if "public" in cat.schemas and ANALYTICS_SCHEMA not in cat.schemas:
        problems.append(Problem("warning", "schema analytics does not exist: run `chanuka-db migrate`"))
    tables = rls.inspect(conn)
    problems += [Problem("error", message) for message in rls.problems(tables)]
    roles = _role_infos(conn, cat, have)
    return RolesReport(roles=roles, rls=tables, privileges=sorted(have), problems=problems)


def _summarise_missing(missing: set[Privilege]) -> list[str]:
    by_target: dict[tuple[str, str, str, str, str | None], list[str]] = defaultdict(list)
    columns: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for p in sorted(missing):
        if p.kind == "column":
            columns[(p.grantee, p.schema, p.name)].append(p.column or "")
        else:
            by_target[(p.grantee, p.kind, p.schema, p.name, p.column)].append(p.privilege)
    out = [
        f"{grantee} lacks {', '.join(privs)} on {Privilege(grantee, kind, schema, name, privs[0], column).target()}"
        for (grantee, kind, schema, name, column), privs in by_target.items()
    ]
    out += [
        f"{grantee} lacks SELECT on {len(cols)} column(s) of {schema}.{name} ({', '.join(cols[:5])}"
        f"{', ...' if len(cols) > 5 else ''})"
        for (grantee, schema, name), cols in columns.items()
    ]
    return out


def _role_problems(conn: Connection, cat: _Catalog) -> list[Problem]:
    out: list[Problem] = []
    for name in ROLE_NAMES:
        if name not in cat.roles:
            out.append(Problem("error", f"role {name} does not exist: run `chanuka-db migrate` or `roles apply`"))
    for name, flags in _attributes(conn).items():
        bad = [f for f in flags if f in FORBIDDEN_ATTRIBUTES]
        if bad:
            out.append(Problem("error", f"role {name} has {', '.join(bad)}: group roles must be NOLOGIN and plain"))
    for login, why in _rls_bypassing_members(conn):
        out.append(
            Problem(
                "error",
                f"{login} is a member of {APP} but {why}: row-level security does not "
                "restrict it; give the API server a login that is only in chanuka_app",
            )
        )
    return out


def _attributes(conn: Connection) -> dict[str, list[str]]:
    rows = _rows(
        conn,
        "SELECT rolname, rolcanlogin, rolsuper, rolbypassrls, rolcreaterole, rolcreatedb, rolreplication "
        "FROM pg_catalog.pg_roles WHERE rolname = ANY(:r)",
        r=list(ROLE_NAMES),
    )
    out: dict[str, list[str]] = {}
    for name, *flags in rows:
        out[name] = [label for label, on in zip(FORBIDDEN_ATTRIBUTES, flags, strict=True) if on]
    return out


def _rls_bypassing_members(conn: Connection) -> list[tuple[str, str]]:
    if not _rows(conn, "SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = :r", r=APP):
        return []
    owner_exists = bool(_rows(conn, "SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = :r", r=OWNER))
    rows = _rows(
        conn,
        "SELECT r.rolname, r.rolsuper, r.rolbypassrls, "
        "CASE WHEN :owner THEN pg_catalog.pg_has_role(r.oid, 'chanuka_owner', 'USAGE') ELSE false END "
        "FROM pg_catalog.pg_roles r WHERE r.rolcanlogin AND r.rolname <> ALL(:groups) "
        "AND pg_catalog.pg_has_role(r.oid, 'chanuka_app', 'USAGE') AND NOT r.rolsuper",
        owner=owner_exists,
        groups=list(ROLE_NAMES),
    )
    out: list[tuple[str, str]] = []
    for name, _superuser, bypass, owner in rows:
        if bypass:
            out.append((name, "has BYPASSRLS"))
        elif owner:
            out.append((name, f"is also in {OWNER}"))
    return out


def _role_infos(conn: Connection, cat: _Catalog, have: set[Privilege]) -> list[RoleInfo]:
    attrs = _attributes(conn)
    members: dict[str, list[Member]] = defaultdict(list)
    for group, member, login in _rows(
        conn,
        "SELECT g.rolname, m.rolname, m.rolcanlogin FROM pg_catalog.pg_auth_members am "
        "JOIN pg_catalog.pg_roles g ON g.oid = am.roleid JOIN pg_catalog.pg_roles m ON m.oid = am.member "
        "WHERE g.rolname = ANY(:r) ORDER BY m.rolname",
        r=list(ROLE_NAMES),
    ):
        members[group].append(Member(member, bool(login)))
    owned: dict[str, int] = defaultdict(int)
    for rel in cat.relations:
        owned[rel.owner] += 1
    infos: list[RoleInfo] = []
    for spec in ROLES:
        mine = [p for p in have if p.grantee == spec.name]
        can = _can(spec.name, mine, cat, owned)
        infos.append(
            RoleInfo(
                spec.name,
                spec.purpose,
                spec.name in cat.roles,
                attrs.get(spec.name, []),
                members.get(spec.name, []),
                can,
            )
        )
    return infos


def _can(role: str, mine: list[Privilege], cat: _Catalog, owned: dict[str, int]) -> list[str]:
    if role == OWNER:
        others = ", ".join(f"{owner} ({n})" for owner, n in sorted(owned.items()) if owner != OWNER)
        lines = [f"owns {owned.get(OWNER, 0)} of {len(cat.relations)} relations in public and analytics"]
        if others:
            lines.append(f"the others are owned by {others} (docs/security.md: transferring ownership)")
        lines.append("reads and writes every row of the row-level-security tables (policy owner_all)")
        return lines
    per_object: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    cols: dict[tuple[str, str], int] = defaultdict(int)
    for p in mine:
        if p.kind == "column":
            cols[(p.schema, p.name)] += 1
        elif p.kind not in ("default", "schema"):
            per_object[(p.kind, p.schema, p.name)].add(p.privilege)
    groups: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for (kind, schema, name), privs in per_object.items():
        groups[(kind, schema, ", ".join(sorted(privs)))].append(name)
    lines = []
    for (kind, schema, listed), names in sorted(groups.items()):
        shown = ", ".join(sorted(names)) if len(names) <= 3 else f"{len(names)} {kind}s"
        lines.append(f"{listed} on {shown} in {schema}")
    if cols:
        lines.append(
            f"SELECT on {sum(cols.values())} columns of {len(cols)} tables (personal columns, references "
            "to users and personal tables excluded)"
        )
    if role == APP:
        lines.append(f"only the acting user's rows of {', '.join(pii.RLS_TABLES)} (row-level security)")
    if not lines:
        lines.append("nothing")
    return lines


# ------------------------------------------------------------------------------------- apply
def _driver(conn: Connection) -> psycopg.Connection[Any]:
    return cast("psycopg.Connection[Any]", conn.connection.driver_connection)


def _run(conn: Connection, statement: sql.Composed, log: list[str]) -> None:
    raw = _driver(conn)
    log.append(statement.as_string(raw))
    raw.execute(statement)


def _who(grantee: str) -> sql.Composable:
    return sql.SQL("PUBLIC") if grantee == PUBLIC else sql.Identifier(grantee)


#: The SQL keywords this module may splice into GRANT / REVOKE (privileges come from aclexplode).
_KEYWORDS: dict[str, sql.SQL] = {
    k: sql.SQL(k)
    for k in (
        "SELECT",
        "INSERT",
        "UPDATE",
        "DELETE",
        "TRUNCATE",
        "REFERENCES",
        "TRIGGER",
        "MAINTAIN",
        "USAGE",
        "CREATE",
        "EXECUTE",
        "CONNECT",
        "TEMPORARY",
        "TABLES",
        "SEQUENCES",
        "FUNCTIONS",
        "TYPES",
        "SCHEMAS",
        "TABLE",
        "VIEW",
        "MATERIALIZED VIEW",
        "FOREIGN TABLE",
        "SEQUENCE",
        "FUNCTION",
        "PROCEDURE",
    )
}


def _keyword(word: str) -> sql.SQL:
    try:
        return _KEYWORDS[word]
    except KeyError:
        raise RefusedError(f"unexpected privilege or object type {word!r} in the catalog; not touching it") from None


def _privs(privileges: Iterable[str]) -> sql.Composable:
    return sql.SQL(", ").join(_keyword(p) for p in sorted(set(privileges)))


def _statements(changes: set[Privilege], grant: bool) -> list[sql.Composed]:
    verb, prep = (sql.SQL("GRANT"), sql.SQL("TO")) if grant else (sql.SQL("REVOKE"), sql.SQL("FROM"))
    grouped: dict[tuple[str, str, str, str, str | None], set[str]] = defaultdict(set)
    columns: dict[tuple[str, str, str, str], list[str]] = defaultdict(list)
    for p in sorted(changes):
        if p.kind == "column":
            columns[(p.grantee, p.schema, p.name, p.privilege)].append(p.column or "")
        else:
            grouped[(p.grantee, p.kind, p.schema, p.name, p.column)].add(p.privilege)
    out: list[sql.Composed] = []
    for (grantee, kind, schema, name, creator), privs in grouped.items():
        who = _who(grantee)
        if kind == "schema":
            target: sql.Composable = sql.SQL("SCHEMA {}").format(sql.Identifier(name))
        elif kind == "relation":
            target = sql.SQL("TABLE {}").format(sql.Identifier(schema, name))
        elif kind == "sequence":
            target = sql.SQL("SEQUENCE {}").format(sql.Identifier(schema, name))
        elif kind == "function":
            fname = name.partition("(")[0]
            target = sql.SQL("FUNCTION {}(text)").format(sql.Identifier(schema, fname))
        else:  # default privileges
            scope = sql.SQL("") if schema == "*" else sql.SQL(" IN SCHEMA {}").format(sql.Identifier(schema))
            out.append(
                sql.SQL("ALTER DEFAULT PRIVILEGES FOR ROLE {}{} {} {} ON {} {} {}").format(
                    sql.Identifier(creator or ""), scope, verb, _privs(privs), _keyword(name), prep, who
                )
            )
            continue
        out.append(sql.SQL("{} {} ON {} {} {}").format(verb, _privs(privs), target, prep, who))
    for (grantee, schema, name, privilege), cols in columns.items():
        out.append(
            sql.SQL("{} {} ({}) ON TABLE {} {} {}").format(
                verb,
                _keyword(privilege),
                sql.SQL(", ").join(sql.Identifier(c) for c in cols),
                sql.Identifier(schema, name),
                prep,
                _who(grantee),
            )
        )
    return out


def apply(conn: Connection, metadata: MetaData | None = None, *, transfer_ownership: bool = False) -> ApplyResult:
    """Create missing roles and reconcile every grant and default privilege with the rules; idempotent.

    Runs in ``conn``'s transaction (the caller commits). ``transfer_ownership``: also make
    ``chanuka_owner`` the owner of every relation, sequence, function, type and schema of ours (the
    role running this must be allowed to: a superuser, or a member of both the old and new owner).
    Raises :class:`RefusedError` when the connected role may not create a missing role.
    """
    md = _metadata(metadata)
    result = ApplyResult()
    result.created_roles = _ensure_roles(conn, result.statements)
    if transfer_ownership:
        _transfer_ownership(conn, result.statements)
    cat = _catalog(conn)
    want = _expected(cat, md)
    allowed = _creators_we_may_set(conn, cat)
    skipped = sorted(cat.creators - allowed)
    want = {p for p in want if p.kind != "default" or p.column in allowed}
    # Revoke first: revoking a table privilege also revokes its column privileges, so grants are
    # computed again afterwards.
    _, extra = _compare(want, _actual(conn))
    extra = {p for p in extra if p.kind != "default" or p.column in allowed}
    for statement in _statements(extra, grant=False):
        _run(conn, statement, result.statements)
    missing, _ = _compare(want, _actual(conn))
    for statement in _statements(missing, grant=True):
        _run(conn, statement, result.statements)
    if "public" in cat.schemas and Privilege(PUBLIC, "schema", "public", "public", "CREATE") in _actual(conn):
        _run(conn, sql.Composed([sql.SQL("REVOKE CREATE ON SCHEMA public FROM PUBLIC")]), result.statements)
    result.notes += [
        f"default privileges for {name} not set: {cat.current_user} may not act for it (run as a member of {name})"
        for name in skipped
    ]
    return result


def _creators_we_may_set(conn: Connection, cat: _Catalog) -> set[str]:
    if cat.superuser:
        return set(cat.creators)
    rows = _rows(
        conn,
        "SELECT rolname FROM pg_catalog.pg_roles WHERE rolname = ANY(:r) "
        "AND pg_catalog.pg_has_role(current_user, oid, 'USAGE')",
        r=sorted(cat.creators),
    )
    return {r[0] for r in rows}


def _ensure_roles(conn: Connection, log: list[str]) -> list[str]:
    created: list[str] = []
    attrs = _attributes(conn)
    for name in ROLE_NAMES:
        if name in attrs:
            bad = [f for f in attrs[name] if f in FORBIDDEN_ATTRIBUTES]
            if bad:
                fix = sql.SQL("ALTER ROLE {} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB NOREPLICATION")
                with _refused(f"role {name} has {', '.join(bad)} and cannot be fixed by the connected role"):
                    _run(conn, fix.format(sql.Identifier(name)), log)
            continue
        with _refused(f"role {name} does not exist and the connected role may not create it (it needs CREATEROLE)"):
            _run(conn, sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(name)), log)
        created.append(name)
    return created


@contextlib.contextmanager
def _refused(message: str) -> Iterator[None]:
    try:
        yield
    except (psycopg.errors.InsufficientPrivilege, DBAPIError) as exc:
        raise RefusedError(f"{message}: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from None


def _transfer_ownership(conn: Connection, log: list[str]) -> None:
    kinds = {"r": "TABLE", "p": "TABLE", "v": "VIEW", "m": "MATERIALIZED VIEW", "f": "FOREIGN TABLE", "S": "SEQUENCE"}
    for schema, name, relkind in _rows(
        conn,
        "SELECT n.nspname, c.relname, c.relkind FROM pg_catalog.pg_class c "
        "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = ANY(:s) AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') "
        "AND pg_catalog.pg_get_userbyid(c.relowner) <> :owner AND "
        "NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_class'::regclass "
        "AND d.objid = c.oid AND d.deptype = 'e') "
        # a sequence owned by a column follows its table
        "AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_catalog.pg_depend d "
        "  WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i'))) "
        "ORDER BY c.relkind, c.relname",
        s=["public", ANALYTICS_SCHEMA],
        owner=OWNER,
    ):
        _run(
            conn,
            sql.SQL("ALTER {} {} OWNER TO {}").format(
                _keyword(kinds[relkind]), sql.Identifier(schema, name), sql.Identifier(OWNER)
            ),
            log,
        )
    for schema, name, args, prokind in _rows(
        conn,
        "SELECT n.nspname, p.proname, pg_catalog.pg_get_function_identity_arguments(p.oid), p.prokind "
        "FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace "
        "WHERE n.nspname = ANY(:s) AND pg_catalog.pg_get_userbyid(p.proowner) <> :owner "
        "AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_proc'::regclass "
        "AND d.objid = p.oid AND d.deptype = 'e') ORDER BY 1, 2",
        s=["public", ANALYTICS_SCHEMA],
        owner=OWNER,
    ):
        # The argument list is the catalog's own rendering of the function's signature.
        _run(
            conn,
            sql.SQL("ALTER {} {}({}) OWNER TO {}").format(
                _keyword("PROCEDURE" if prokind == "p" else "FUNCTION"),
                sql.Identifier(schema, name),
                sql.SQL(args),
                sql.Identifier(OWNER),
            ),
            log,
        )
    for schema, name in _rows(
        conn,
        "SELECT n.nspname, t.typname FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n "
        "ON n.oid = t.typnamespace WHERE n.nspname = ANY(:s) AND t.typtype IN ('e', 'd', 'r') "
        "AND pg_catalog.pg_get_userbyid(t.typowner) <> :owner "
        "AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_type'::regclass "
        "AND d.objid = t.oid AND d.deptype = 'e') ORDER BY 1, 2",
        s=["public", ANALYTICS_SCHEMA],
        owner=OWNER,
    ):
        _run(
            conn, sql.SQL("ALTER TYPE {} OWNER TO {}").format(sql.Identifier(schema, name), sql.Identifier(OWNER)), log
        )
    for (schema,) in _rows(
        conn,
        "SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname = :a AND pg_catalog.pg_get_userbyid(nspowner) <> :o",
        a=ANALYTICS_SCHEMA,
        o=OWNER,
    ):
        _run(conn, sql.SQL("ALTER SCHEMA {} OWNER TO {}").format(sql.Identifier(schema), sql.Identifier(OWNER)), log)


__all__ = [
    "ANALYST",
    "APP",
    "OWNER",
    "READONLY",
    "ROLES",
    "ApplyResult",
    "Member",
    "Privilege",
    "Problem",
    "RoleInfo",
    "RoleSpec",
    "RolesReport",
    "apply",
    "expected",
    "show",
]
