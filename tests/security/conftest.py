"""Fixtures for the security tests: LOGIN roles granted chanuka-db's group roles, and seeded people.

Roles are cluster-wide while databases are per test module, so every LOGIN role gets a unique name
and a random password, and is dropped when its module ends. Tests connect *as* those roles with
psycopg, over the network with scram-sha-256 like a deployed service would.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import psycopg
import pytest
from psycopg import sql
from sqlalchemy.engine import URL

from chanuka_db.engine import Database, libpq_url
from chanuka_db.testing import admin_execute, create_database, drop_database, settings_for_tests, unique_name

#: One table per row-level-security table: (column to update, a value to set).
RLS_UPDATES: dict[str, tuple[str, object]] = {
    "user_profiles": ("bio", "changed"),
    "user_contact_methods": ("delivery_failures", 7),
    "notifications": ("is_read", True),
    "bill_tracking_preferences": ("tracking_reason", "changed"),
    "alert_preferences": ("bill_alerts", False),
    "sessions": ("data", '{"changed": true}'),
    "user_verification": ("verification_notes", "changed"),
    "expert_credentials": ("institution", "changed"),
}


@dataclass
class Login:
    """A LOGIN role created for a test, and how to connect as it."""

    name: str
    password: str = field(repr=False)
    url: URL = field(repr=False)

    def connect(self, *, autocommit: bool = False) -> psycopg.Connection[tuple[Any, ...]]:
        """A new psycopg connection as this role (the caller closes it)."""
        return psycopg.connect(libpq_url(self.url), autocommit=autocommit, connect_timeout=10)

    def database(self) -> Database:
        """A chanuka-db :class:`Database` that logs in as this role."""
        return Database(settings_for_tests(), url=self.url)


MakeLogin = Callable[..., Login]


def _create_login(server_url: URL, db_url: URL, group: str | None, prefix: str, **attributes: bool) -> Login:
    name = f"t_{prefix}_{uuid.uuid4().hex[:10]}"
    password = secrets.token_urlsafe(18)
    extra = sql.SQL(" ").join(sql.SQL(flag.upper()) for flag, on in attributes.items() if on)
    admin_execute(
        server_url, sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} {}").format(sql.Identifier(name), password, extra)
    )
    if group is not None:
        admin_execute(server_url, sql.SQL("GRANT {} TO {}").format(sql.Identifier(group), sql.Identifier(name)))
    return Login(name, password, db_url.set(username=name, password=password))


def _drop_login(server_url: URL, database: str, name: str) -> None:
    # Privileges a test granted it (in its database) must go before the role can.
    with psycopg.connect(libpq_url(server_url.set(database=database)), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(name)))
    admin_execute(server_url, sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(name)))


@pytest.fixture(scope="module")
def make_login(chanuka_server_url: URL, chanuka_db: Database) -> Iterator[MakeLogin]:
    """``make_login("chanuka_app")``: a LOGIN role in that group, for this module's database (or ``db``)."""
    created: list[str] = []

    def make(group: str | None, prefix: str = "sec", *, db: Database | None = None, **attributes: bool) -> Login:
        login = _create_login(chanuka_server_url, (db or chanuka_db).url, group, prefix, **attributes)
        created.append(login.name)
        return login

    yield make
    for name in created:
        _drop_login(chanuka_server_url, str(chanuka_db.url.database), name)


@pytest.fixture(scope="module")
def app_login(make_login: MakeLogin) -> Login:
    """The API server's login (member of chanuka_app only)."""
    return make_login("chanuka_app", "app")


@pytest.fixture(scope="module")
def readonly_login(make_login: MakeLogin) -> Login:
    """A reporting login (member of chanuka_readonly)."""
    return make_login("chanuka_readonly", "ro")


@pytest.fixture(scope="module")
def analyst_login(make_login: MakeLogin) -> Login:
    """An analyst's login (member of chanuka_analyst)."""
    return make_login("chanuka_analyst", "an")


@dataclass
class People:
    """Seeded users; ``rows[table][user]`` is the id (or session token) of that user's row in a table."""

    alice: uuid.UUID
    bob: uuid.UUID
    moderator: uuid.UUID
    admin: uuid.UUID
    pretender: uuid.UUID
    bill: uuid.UUID
    emails: dict[uuid.UUID, str] = field(default_factory=dict)
    phones: dict[uuid.UUID, str] = field(default_factory=dict)
    tokens: dict[uuid.UUID, str] = field(default_factory=dict)


def make_user(conn: psycopg.Connection[Any], role: str, email: str, county: str = "nairobi") -> uuid.UUID:
    """A user account."""
    row = conn.execute(
        "INSERT INTO users (email, password_hash, role, county) VALUES (%s, %s, %s, %s) RETURNING id",
        (email, "h" * 60, role, county),
    ).fetchone()
    assert row is not None
    return uuid.UUID(str(row[0]))


def seed_personal_rows(
    conn: psycopg.Connection[Any], user: uuid.UUID, *, email: str, phone: str, bill: uuid.UUID
) -> str:
    """One row of ``user`` in every row-level-security table (two contact methods); returns the session token."""
    token = secrets.token_urlsafe(24)
    conn.execute(
        "INSERT INTO user_profiles (user_id, first_name, phone_number, emergency_contact_phone) "
        "VALUES (%s, %s, %s, %s)",
        (user, "Person", phone, phone),
    )
    conn.execute(
        "INSERT INTO user_contact_methods (user_id, contact_type, contact_value) VALUES (%s, 'phone', %s)",
        (user, phone),
    )
    conn.execute(
        "INSERT INTO user_contact_methods (user_id, contact_type, contact_value) VALUES (%s, 'email', %s)",
        (user, email),
    )
    conn.execute(
        "INSERT INTO notifications (user_id, notification_type, title, message) "
        "VALUES (%s, 'bill_update', 'Finance Bill', 'Second reading today')",
        (user,),
    )
    conn.execute("INSERT INTO bill_tracking_preferences (user_id, bill_id) VALUES (%s, %s)", (user, bill))
    conn.execute("INSERT INTO alert_preferences (user_id) VALUES (%s)", (user,))
    conn.execute(
        "INSERT INTO sessions (id, user_id, expires_at) VALUES (%s, %s, %s)",
        (token, user, dt.datetime.now(dt.UTC) + dt.timedelta(days=1)),
    )
    conn.execute("INSERT INTO user_verification (user_id, verification_type) VALUES (%s, 'national_id')", (user,))
    conn.execute("INSERT INTO expert_credentials (user_id, credential_type) VALUES (%s, 'degree')", (user,))
    return token


def make_bill(conn: psycopg.Connection[Any]) -> uuid.UUID:
    """A bill with a unique number."""
    row = conn.execute(
        "INSERT INTO bills (bill_number, title, chamber) VALUES (%s, 'The Finance Bill, 2026', 'national_assembly') "
        "RETURNING id",
        (f"NA {uuid.uuid4().hex[:6]}/2026",),
    ).fetchone()
    assert row is not None
    return uuid.UUID(str(row[0]))


def kenyan_mobile() -> str:
    """A random, valid-looking Safaricom number."""
    return "+2547" + "".join(secrets.choice("0123456789") for _ in range(8))


@pytest.fixture(scope="module")
def people(chanuka_db: Database) -> People:
    """Alice and Bob (citizens), a moderator, an admin and a citizen who will pretend to be an admin,
    each with one row in every row-level-security table (seeded as the superuser, committed)."""
    with chanuka_db.raw_connection() as conn:
        bill = make_bill(conn)
        ids: dict[str, uuid.UUID] = {}
        emails: dict[uuid.UUID, str] = {}
        for who, role in (
            ("alice", "citizen"),
            ("bob", "citizen"),
            ("moderator", "moderator"),
            ("admin", "admin"),
            ("pretender", "citizen"),
        ):
            email = f"{who}.{secrets.token_hex(5)}@example.ke"
            ids[who] = make_user(conn, role, email)
            emails[ids[who]] = email
        found = People(
            alice=ids["alice"],
            bob=ids["bob"],
            moderator=ids["moderator"],
            admin=ids["admin"],
            pretender=ids["pretender"],
            bill=bill,
            emails=emails,
        )
        for user in ids.values():
            found.phones[user] = kenyan_mobile()
            found.tokens[user] = seed_personal_rows(conn, user, email=emails[user], phone=found.phones[user], bill=bill)
        conn.commit()
    return found


@pytest.fixture
def fresh_db(chanuka_server_url: URL, chanuka_template: str, request: pytest.FixtureRequest) -> Iterator[Database]:
    """A database of this test's own (cloned from the migrated template), for tests that change grants."""
    name = unique_name(request.node.name)
    url = create_database(chanuka_server_url, name, template=chanuka_template)
    db = Database(settings_for_tests(), url=url)
    try:
        yield db
    finally:
        db.dispose()
        drop_database(chanuka_server_url, name)
