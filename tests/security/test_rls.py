"""Row-level security, tested by connecting as chanuka_app: each user reaches only their own rows.

Alice and Bob each have a row in every RLS table. Acting as Alice, chanuka_app must not read, update
or delete Bob's rows (every table, every command), nor move or create rows as Bob; a forgotten or
empty ``app.user_id`` must yield no rows at all. Staff policies hold only when ``users.role`` backs
the claimed ``app.role``.
"""

from __future__ import annotations

import uuid
from typing import Any

import psycopg
import pytest
from psycopg import errors, sql
from sqlalchemy import text

from chanuka_db.engine import Database
from chanuka_db.errors import InvalidInput
from chanuka_db.security import pii
from chanuka_db.security.rls import (
    identity,
    set_identity,
    set_identity_psycopg,
    user_connection,
    user_session,
    user_transaction,
)
from tests.security.conftest import RLS_UPDATES, Login, People

TABLES = list(pii.RLS_TABLES)


def act_as(conn: psycopg.Connection[Any], user: uuid.UUID | None, role: str = "citizen") -> None:
    """Set the acting user for the current transaction, as the helpers do."""
    set_identity_psycopg(conn, user, role)


def count(conn: psycopg.Connection[Any], query: sql.Composed | sql.SQL, params: tuple[Any, ...] = ()) -> int:
    row = conn.execute(query, params).fetchone()
    assert row is not None
    return int(row[0])


def owners(conn: psycopg.Connection[Any], table: str) -> set[uuid.UUID]:
    rows = conn.execute(sql.SQL("SELECT user_id FROM {}").format(sql.Identifier(table))).fetchall()
    return {uuid.UUID(str(r[0])) for r in rows}


def test_every_rls_table_is_covered() -> None:
    assert set(RLS_UPDATES) == set(pii.RLS_TABLES)


@pytest.mark.parametrize("table", TABLES)
def test_a_user_reads_only_their_own_rows(app_login: Login, people: People, table: str) -> None:
    with app_login.connect() as conn:
        act_as(conn, people.alice)
        assert owners(conn, table) == {people.alice}
        where_bob = sql.SQL("SELECT count(*) FROM {} WHERE user_id = %s").format(sql.Identifier(table))
        assert count(conn, where_bob, (people.bob,)) == 0
        conn.rollback()
        act_as(conn, people.bob)
        assert owners(conn, table) == {people.bob}


@pytest.mark.parametrize("table", TABLES)
def test_a_user_cannot_update_or_delete_another_users_rows(
    app_login: Login, people: People, chanuka_db: Database, table: str
) -> None:
    column, value = RLS_UPDATES[table]
    t, c = sql.Identifier(table), sql.Identifier(column)
    with app_login.connect() as conn:
        act_as(conn, people.alice)
        assert (
            conn.execute(sql.SQL("UPDATE {} SET {} = %s WHERE user_id = %s").format(t, c), (value, people.bob)).rowcount
            == 0
        )
        assert conn.execute(sql.SQL("DELETE FROM {} WHERE user_id = %s").format(t), (people.bob,)).rowcount == 0
        conn.commit()  # nothing happened, so committing proves it
        act_as(conn, people.alice)
        own = len([r for r in owners(conn, table)])
        # Without a WHERE clause only Alice's own rows are touched.
        updated = conn.execute(sql.SQL("UPDATE {} SET {} = %s").format(t, c), (value,)).rowcount
        assert updated >= own == 1
        assert conn.execute(sql.SQL("DELETE FROM {}").format(t)).rowcount == updated
        conn.rollback()
    with chanuka_db.raw_connection() as admin:
        remaining = admin.execute(
            sql.SQL("SELECT count(*) FROM {} WHERE user_id = %s").format(t), (people.bob,)
        ).fetchone()
        assert remaining is not None and isinstance(remaining[0], int) and remaining[0] >= 1
        changed = admin.execute(
            sql.SQL("SELECT count(*) FROM {} WHERE user_id = %s AND {} IS NOT DISTINCT FROM %s").format(t, c),
            (people.bob, value),
        ).fetchone()
        assert changed is not None and changed[0] == 0


@pytest.mark.parametrize("table", TABLES)
def test_a_user_cannot_hand_a_row_to_another_user(app_login: Login, people: People, table: str) -> None:
    with app_login.connect() as conn:
        act_as(conn, people.alice)
        stmt = sql.SQL("UPDATE {} SET user_id = %s WHERE user_id = %s").format(sql.Identifier(table))
        with pytest.raises(errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(stmt, (people.bob, people.alice))
        conn.rollback()


INSERTS: dict[str, tuple[str, tuple[Any, ...]]] = {
    "user_profiles": ("INSERT INTO user_profiles (user_id) VALUES (%s)", ()),
    "user_contact_methods": (
        "INSERT INTO user_contact_methods (user_id, contact_type, contact_value) VALUES (%s, 'phone', '+254700000001')",
        (),
    ),
    "bill_tracking_preferences": (
        "INSERT INTO bill_tracking_preferences (user_id, bill_id) VALUES (%s, %s)",
        ("bill",),
    ),
    "alert_preferences": ("INSERT INTO alert_preferences (user_id) VALUES (%s)", ()),
    "sessions": ("INSERT INTO sessions (id, user_id, expires_at) VALUES ('forged', %s, now() + interval '1 day')", ()),
    "user_verification": ("INSERT INTO user_verification (user_id, verification_type) VALUES (%s, 'address')", ()),
    "expert_credentials": ("INSERT INTO expert_credentials (user_id, credential_type) VALUES (%s, 'licence')", ()),
}


@pytest.mark.parametrize("table", sorted(INSERTS))
def test_a_user_cannot_create_rows_for_another_user(app_login: Login, people: People, table: str) -> None:
    statement, extra = INSERTS[table]
    params = (people.bob, *(people.bill for _ in extra))
    with app_login.connect() as conn:
        act_as(conn, people.alice)
        with pytest.raises(errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(statement, params)
        conn.rollback()


def test_notifications_may_be_sent_to_others_but_not_read_back(app_login: Login, people: People) -> None:
    insert = (
        "INSERT INTO notifications (user_id, notification_type, title, message) "
        "VALUES (%s, 'comment_reply', 'Reply', 'x')"
    )
    with app_login.connect() as conn:
        act_as(conn, people.alice)
        assert conn.execute(insert, (people.bob,)).rowcount == 1
        assert count(conn, sql.SQL("SELECT count(*) FROM notifications WHERE user_id = %s"), (people.bob,)) == 0
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute(insert + " RETURNING id", (people.bob,))
        conn.rollback()
        act_as(conn, None)  # an anonymous request notifies nobody
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute(insert, (people.bob,))
        conn.rollback()


# ------------------------------------------------------------------------------- no identity
@pytest.mark.parametrize("table", TABLES)
def test_a_forgotten_user_id_yields_no_rows(app_login: Login, people: People, table: str) -> None:
    column, value = RLS_UPDATES[table]
    t = sql.Identifier(table)
    with app_login.connect() as conn:
        # Never set, empty, and stale (set by the previous transaction on this same connection).
        assert count(conn, sql.SQL("SELECT count(*) FROM {}").format(t)) == 0
        assert conn.execute(sql.SQL("UPDATE {} SET {} = %s").format(t, sql.Identifier(column)), (value,)).rowcount == 0
        assert conn.execute(sql.SQL("DELETE FROM {}").format(t)).rowcount == 0
        conn.rollback()
        conn.execute("SELECT set_config('app.user_id', '', true), set_config('app.role', 'admin', true)")
        assert count(conn, sql.SQL("SELECT count(*) FROM {}").format(t)) == 0
        conn.rollback()
        act_as(conn, people.alice)
        assert count(conn, sql.SQL("SELECT count(*) FROM {}").format(t)) >= 1
        conn.commit()
        assert count(conn, sql.SQL("SELECT count(*) FROM {}").format(t)) == 0
        conn.rollback()


def test_a_malformed_user_id_fails_instead_of_matching(app_login: Login) -> None:
    with app_login.connect() as conn:
        conn.execute("SELECT set_config('app.user_id', 'x'' OR true --', true)")
        with pytest.raises(errors.InvalidTextRepresentation):
            conn.execute("SELECT count(*) FROM user_profiles")


# ------------------------------------------------------------------------------------ staff
def test_moderators_read_profiles_and_citizens_claiming_admin_do_not(app_login: Login, people: People) -> None:
    everyone = {people.alice, people.bob, people.moderator, people.admin, people.pretender}
    with app_login.connect() as conn:
        act_as(conn, people.moderator, "moderator")
        assert owners(conn, "user_profiles") >= everyone
        conn.rollback()
        act_as(conn, people.pretender, "admin")  # users.role says citizen
        assert owners(conn, "user_profiles") == {people.pretender}
        assert owners(conn, "user_contact_methods") == {people.pretender}
        assert owners(conn, "sessions") == {people.pretender}
        conn.rollback()
        act_as(conn, people.moderator, "admin")  # a moderator claiming more than they hold
        assert owners(conn, "user_contact_methods") == {people.moderator}
        conn.rollback()


def test_admins_read_contacts_and_end_sessions(app_login: Login, people: People) -> None:
    with app_login.connect() as conn:
        act_as(conn, people.admin, "admin")
        assert people.bob in owners(conn, "user_contact_methods")
        assert (
            conn.execute("UPDATE user_profiles SET bio = 'moderated' WHERE user_id = %s", (people.bob,)).rowcount == 1
        )
        assert conn.execute("DELETE FROM sessions WHERE user_id = %s", (people.bob,)).rowcount == 1
        conn.rollback()
        act_as(conn, people.moderator, "moderator")
        assert conn.execute("UPDATE user_profiles SET bio = 'x' WHERE user_id = %s", (people.bob,)).rowcount == 0
        assert conn.execute("DELETE FROM sessions WHERE user_id = %s", (people.bob,)).rowcount == 0
        conn.rollback()


def test_verification_separation_of_duties(app_login: Login, people: People) -> None:
    decide = (
        "UPDATE user_verification SET verification_status = 'verified', verifier_id = %s, verified_at = now() "
        "WHERE user_id = %s"
    )
    with app_login.connect() as conn:
        act_as(conn, people.alice)
        with pytest.raises(errors.InsufficientPrivilege):  # nobody verifies themselves
            conn.execute(decide, (None, people.alice))
        conn.rollback()
        act_as(conn, people.alice)
        assert (
            conn.execute(
                "UPDATE user_verification SET verification_notes = 'n' WHERE user_id = %s", (people.alice,)
            ).rowcount
            == 1
        )
        conn.rollback()
        act_as(conn, people.moderator, "moderator")
        assert conn.execute(decide, (people.moderator, people.alice)).rowcount == 1
        conn.rollback()
        act_as(conn, people.moderator, "moderator")
        with pytest.raises(errors.InsufficientPrivilege):  # not even staff
            conn.execute(decide, (None, people.moderator))
        conn.rollback()
        act_as(conn, people.alice)
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute("UPDATE expert_credentials SET verified_at = now() WHERE user_id = %s", (people.alice,))
        conn.rollback()
        act_as(conn, people.admin, "admin")
        assert (
            conn.execute(
                "UPDATE expert_credentials SET verified_at = now(), verified_by = %s WHERE user_id = %s",
                (people.admin, people.alice),
            ).rowcount
            == 1
        )
        conn.rollback()


# ------------------------------------------------------------------------------ session lookup
def test_session_tokens_resolve_without_an_identity(
    app_login: Login, readonly_login: Login, analyst_login: Login, people: People
) -> None:
    with app_login.connect() as conn:
        row = conn.execute("SELECT chanuka_session_user(%s)", (people.tokens[people.bob],)).fetchone()
        assert row is not None and row[0] == people.bob
        row = conn.execute("SELECT chanuka_session_user('no-such-token')").fetchone()
        assert row is not None and row[0] is None
        assert count(conn, sql.SQL("SELECT count(*) FROM sessions")) == 0
    for login in (readonly_login, analyst_login):
        with login.connect() as conn, pytest.raises(errors.InsufficientPrivilege):
            conn.execute("SELECT chanuka_session_user(%s)", (people.tokens[people.bob],))


# ------------------------------------------------------------------------------- the helpers
def test_user_session_and_user_connection_scope_the_identity_to_one_transaction(
    app_login: Login, people: People
) -> None:
    db = app_login.database()
    try:
        with user_session(db, people.alice) as session:
            ids = set(session.execute(text("SELECT user_id FROM user_profiles")).scalars())
            assert ids == {people.alice}
        with user_connection(db, str(people.bob)) as conn:
            assert set(conn.execute(text("SELECT user_id FROM sessions")).scalars()) == {people.bob}
        with user_connection(db, people.moderator, "moderator") as conn:
            assert len(conn.execute(text("SELECT user_id FROM user_profiles")).all()) >= 5
        # The pool hands the same connections out again: no identity survives the transaction.
        for _ in range(3):
            with db.connect() as conn:
                assert conn.execute(text("SELECT count(*) FROM user_profiles")).scalar() == 0
                assert not conn.execute(text("SELECT current_setting('app.user_id', true)")).scalar()
        with db.connect() as conn, conn.begin():
            set_identity(conn, people.alice)
            assert conn.execute(text("SELECT count(*) FROM alert_preferences")).scalar() == 1
    finally:
        db.dispose()


def test_user_transaction_on_a_raw_psycopg_connection(app_login: Login, people: People) -> None:
    with app_login.connect() as conn:
        conn.autocommit = True
        with user_transaction(conn, people.alice):
            assert owners(conn, "notifications") == {people.alice}
        assert count(conn, sql.SQL("SELECT count(*) FROM notifications")) == 0
        with pytest.raises(InvalidInput, match="autocommit"):
            set_identity_psycopg(conn, people.alice)
        conn.autocommit = False
        conn.execute("SELECT 1")
        with pytest.raises(InvalidInput, match="idle"), user_transaction(conn, people.alice):
            pass


@pytest.mark.parametrize(
    ("user", "role", "problem"),
    [
        ("not-a-uuid", "citizen", "UUID"),
        ("' OR true --", "citizen", "UUID"),
        (uuid.uuid4(), "superuser", "app.role"),
        (uuid.uuid4(), "admin'; --", "app.role"),
    ],
)
def test_identity_is_validated(user: object, role: str, problem: str) -> None:
    with pytest.raises(InvalidInput, match=problem):
        identity(user, role)  # type: ignore[arg-type]


def test_anonymous_identity_matches_nothing() -> None:
    assert identity(None) == {"uid": "", "role": ""}
    uid = uuid.uuid4()
    assert identity(uid, None) == {"uid": str(uid), "role": "citizen"}
