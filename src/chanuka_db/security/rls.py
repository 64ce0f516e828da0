"""Row-level security: who the database thinks is acting, and what the policies are.

The personal tables (:data:`~chanuka_db.security.pii.RLS_TABLES`) have row-level security enabled
and forced (revision ``0102_security``). Their policies for ``chanuka_app`` key on two
transaction-local settings:

- ``app.user_id``: the acting user's id. Unset or empty matches no row: a request that forgets to
  say who it acts for sees nothing, never everything.
- ``app.role``: the role the application claims for that user (a ``user_role`` value). Staff
  policies (moderators, admins) apply only when the claim is backed by ``users.role`` of an active
  user with that id, so a bug that claims ``admin`` for a citizen gains nothing.

The helpers here set both with ``set_config(..., true)`` (what ``SET LOCAL`` does, but with bound
parameters) at the start of a transaction, so the identity ends with the transaction and can never
leak to the next request that borrows the pooled connection::

    with user_session(db, user_id, "citizen") as session:
        session.execute(select(UserProfile))   # only this user's profile

:func:`inspect` reads the policies from the catalog and :func:`problems` checks them (``chanuka-db
roles show`` reports both).
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg import pq
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from chanuka_db.engine import Database
from chanuka_db.errors import InvalidInput
from chanuka_db.schema.enums import UserRole
from chanuka_db.security.pii import RLS_TABLES

USER_SETTING = "app.user_id"
ROLE_SETTING = "app.role"
#: The values ``app.role`` may take: the platform's user roles.
APP_ROLES: frozenset[str] = frozenset(r.value for r in UserRole)
#: Roles the staff policies recognise (verified against ``users.role``).
STAFF_ROLES: tuple[str, ...] = ("moderator", "admin")

_SET_IDENTITY = (
    "SELECT pg_catalog.set_config('app.user_id', :uid, true), pg_catalog.set_config('app.role', :role, true)"
)
_SET_IDENTITY_PG = (
    "SELECT pg_catalog.set_config('app.user_id', %(uid)s, true), pg_catalog.set_config('app.role', %(role)s, true)"
)

Executor = Connection | Session


def identity(user_id: uuid.UUID | str | None, role: str | None = "citizen") -> dict[str, str]:
    """The validated settings for ``user_id`` acting as ``role`` (None: anonymous, matching no row).

    Raises :class:`InvalidInput` for an id that is not a UUID or an unknown role.
    """
    if user_id is None:
        return {"uid": "", "role": ""}
    try:
        uid = user_id if isinstance(user_id, uuid.UUID) else uuid.UUID(str(user_id))
    except ValueError:
        raise InvalidInput(f"app.user_id must be a user's UUID, not {str(user_id)[:40]!r}") from None
    claimed = role or "citizen"
    if claimed not in APP_ROLES:
        raise InvalidInput(f"app.role must be one of {', '.join(sorted(APP_ROLES))}, not {claimed[:40]!r}")
    return {"uid": str(uid), "role": claimed}


def set_identity(target: Executor, user_id: uuid.UUID | str | None, role: str | None = "citizen") -> None:
    """Set ``app.user_id`` / ``app.role`` for the rest of ``target``'s current transaction.

    ``target`` is a SQLAlchemy :class:`Connection` or :class:`Session`; the settings end with the
    transaction (committed or rolled back). Prefer :func:`user_session` / :func:`user_connection`.
    """
    target.execute(text(_SET_IDENTITY), identity(user_id, role))


def set_identity_psycopg(
    conn: psycopg.Connection[Any], user_id: uuid.UUID | str | None, role: str | None = "citizen"
) -> None:
    """:func:`set_identity` for a psycopg connection inside a transaction (refuses autocommit)."""
    if conn.autocommit:
        raise InvalidInput("set the acting user inside a transaction: in autocommit it would last one statement")
    conn.execute(_SET_IDENTITY_PG, identity(user_id, role))


@contextlib.contextmanager
def user_session(db: Database, user_id: uuid.UUID | str | None, role: str | None = "citizen") -> Iterator[Session]:
    """An ORM session in one transaction acting as ``user_id``; committed on success, rolled back on error."""
    settings = identity(user_id, role)
    with db.sessions.begin() as session:
        session.execute(text(_SET_IDENTITY), settings)
        yield session


@contextlib.contextmanager
def user_connection(
    db: Database, user_id: uuid.UUID | str | None, role: str | None = "citizen"
) -> Iterator[Connection]:
    """A Core connection in one transaction acting as ``user_id``; committed on success, rolled back on error."""
    settings = identity(user_id, role)
    with db.engine.begin() as conn:
        conn.execute(text(_SET_IDENTITY), settings)
        yield conn


@contextlib.contextmanager
def user_transaction(
    conn: psycopg.Connection[Any], user_id: uuid.UUID | str | None, role: str | None = "citizen"
) -> Iterator[psycopg.Connection[Any]]:
    """A transaction on a psycopg connection acting as ``user_id`` (COPY, LISTEN and friends).

    The connection must be idle (no transaction open): inside an open transaction the identity would
    outlive this block until that transaction ends.
    """
    settings = identity(user_id, role)
    if conn.info.transaction_status != pq.TransactionStatus.IDLE:
        raise InvalidInput("user_transaction needs an idle connection: commit or roll back the open transaction first")
    with conn.transaction():
        conn.execute(_SET_IDENTITY_PG, settings)
        yield conn


# ---------------------------------------------------------------------------------- inspection
@dataclass(frozen=True)
class PolicyInfo:
    """One policy as the catalog has it."""

    name: str
    command: str
    roles: list[str]
    using: str | None
    with_check: str | None
    permissive: bool = True


@dataclass
class RlsTable:
    """A table with (or expected to have) row-level security."""

    table: str
    exists: bool
    enabled: bool
    forced: bool
    policies: list[PolicyInfo] = field(default_factory=list)


_COMMANDS = {"r": "SELECT", "a": "INSERT", "w": "UPDATE", "d": "DELETE", "*": "ALL"}


def inspect(conn: Connection, tables: Iterable[str] = RLS_TABLES) -> list[RlsTable]:
    """The expected RLS tables, plus any other table of schema public with row-level security enabled."""
    rows = conn.execute(
        text(
            "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity FROM pg_catalog.pg_class c "
            "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND (c.relrowsecurity OR c.relname = ANY(:t))"
        ),
        {"t": list(tables)},
    ).all()
    found = {name: RlsTable(name, True, bool(enabled), bool(forced)) for name, enabled, forced in rows}
    for name, policy, cmd, permissive, roles, using, check in conn.execute(
        text(
            "SELECT c.relname, p.polname, p.polcmd, p.polpermissive, "
            "ARRAY(SELECT CASE WHEN r = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(r) END "
            "      FROM unnest(p.polroles) r ORDER BY 1), "
            "pg_catalog.pg_get_expr(p.polqual, p.polrelid), pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) "
            "FROM pg_catalog.pg_policy p JOIN pg_catalog.pg_class c ON c.oid = p.polrelid "
            "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' "
            "ORDER BY c.relname, p.polname"
        )
    ):
        table = found.setdefault(name, RlsTable(name, True, False, False))
        table.policies.append(
            PolicyInfo(policy, _COMMANDS.get(str(cmd), str(cmd)), list(roles), using, check, bool(permissive))
        )
    for name in tables:
        found.setdefault(name, RlsTable(name, False, False, False))
    return sorted(found.values(), key=lambda t: t.table)


def problems(tables: list[RlsTable]) -> list[str]:
    """What is wrong with the row-level security of ``tables`` (as :func:`inspect` returned them)."""
    out: list[str] = []
    for t in tables:
        expected = t.table in RLS_TABLES
        if not t.exists:
            out.append(f"{t.table}: table missing (row-level security expected)")
            continue
        if expected and not t.enabled:
            out.append(f"{t.table}: row-level security is not enabled: chanuka_app reads every user's rows")
        if expected and not t.forced:
            out.append(f"{t.table}: row-level security is not forced: its owner bypasses the policies")
        if expected and not any("chanuka_app" in p.roles for p in t.policies):
            out.append(f"{t.table}: no policy for chanuka_app (it sees nothing, or everything if RLS is off)")
        for p in t.policies:
            if "PUBLIC" in p.roles:
                out.append(f"{t.table}: policy {p.name} applies to PUBLIC (every role); name the roles")
            if "chanuka_app" in p.roles and p.using is not None and p.using.strip().lower() == "true":
                out.append(f"{t.table}: policy {p.name} lets chanuka_app see every row (USING true)")
    return out


__all__ = [
    "APP_ROLES",
    "ROLE_SETTING",
    "STAFF_ROLES",
    "USER_SETTING",
    "PolicyInfo",
    "RlsTable",
    "identity",
    "inspect",
    "problems",
    "set_identity",
    "set_identity_psycopg",
    "user_connection",
    "user_session",
    "user_transaction",
]
