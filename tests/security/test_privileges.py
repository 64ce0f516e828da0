"""What each role may do, tested by logging in as it: no DDL for the app, no writes or personal data for
readonly, nothing but masked and aggregated views for the analyst."""

from __future__ import annotations

import re
from typing import Any

import psycopg
import pytest
from psycopg import errors, sql

from chanuka_db.engine import Database
from chanuka_db.security import masking, pii
from tests.security.conftest import Login, People

DENIED = errors.InsufficientPrivilege

APP_FORBIDDEN = [
    "CREATE TABLE public.t_new (id int)",
    "CREATE TABLE t_new AS SELECT 1 AS x",
    "CREATE VIEW public.v_new AS SELECT 1 AS x",
    "CREATE SCHEMA s_new",
    "CREATE FUNCTION public.f_new() RETURNS int LANGUAGE sql AS 'SELECT 1'",
    "CREATE TABLE analytics.t_new (id int)",
    "CREATE INDEX ix_new ON bills (title)",
    "ALTER TABLE bills ADD COLUMN x int",
    "ALTER TABLE bills RENAME COLUMN title TO t",
    "ALTER TABLE user_profiles DISABLE ROW LEVEL SECURITY",
    "ALTER TABLE user_profiles NO FORCE ROW LEVEL SECURITY",
    "ALTER TABLE users OWNER TO CURRENT_USER",
    "DROP POLICY own_rows ON user_profiles",
    "CREATE POLICY p_new ON user_profiles FOR SELECT USING (true)",
    "DROP TABLE bills",
    "DROP VIEW analytics.users_by_county",
    "DROP FUNCTION chanuka_app_user_id()",
    "TRUNCATE bills",
    "TRUNCATE user_profiles CASCADE",
    "CREATE TRIGGER t_new BEFORE UPDATE ON bills FOR EACH ROW EXECUTE FUNCTION chanuka_set_updated_at()",
    "COMMENT ON TABLE bills IS 'x'",
    "SET ROLE chanuka_owner",
    "INSERT INTO alembic_version VALUES ('x')",
    "UPDATE alembic_version SET version_num = 'x'",
    "DELETE FROM alembic_version",
    "INSERT INTO chanuka_migration_journal (revision, direction, status) VALUES ('x', 'upgrade', 'applied')",
    "UPDATE chanuka_migration_journal SET error = 'x'",
    "DELETE FROM chanuka_migration_journal",
    "TRUNCATE chanuka_migration_journal",
    "SELECT * FROM analytics.users_by_county",
]


def fails(conn: psycopg.Connection[Any], statement: str, error: type[Exception] = DENIED) -> None:
    """``statement`` is refused with ``error``; the transaction is rolled back either way."""
    try:
        with pytest.raises(error):
            conn.execute(statement)
    finally:
        conn.rollback()


@pytest.mark.parametrize("statement", APP_FORBIDDEN)
def test_app_has_no_ddl_truncate_or_journal_writes(app_login: Login, statement: str) -> None:
    with app_login.connect() as conn:
        fails(conn, statement)


def test_app_cannot_pass_its_privileges_on(app_login: Login) -> None:
    with app_login.connect() as conn:
        conn.execute("GRANT SELECT ON users TO chanuka_readonly")  # PostgreSQL only warns: nothing granted
        row = conn.execute("SELECT has_table_privilege('chanuka_readonly', 'users', 'SELECT')").fetchone()
        assert row == (False,)
        conn.rollback()


def test_app_reads_and_writes_application_tables_and_reads_the_journal(app_login: Login, people: People) -> None:
    with app_login.connect() as conn:
        conn.execute("UPDATE bills SET view_count = view_count + 1 WHERE id = %s", (people.bill,))
        conn.execute("SELECT version_num FROM alembic_version").fetchall()
        conn.execute("SELECT revision, status FROM chanuka_migration_journal").fetchall()
        conn.execute("CREATE TEMP TABLE staging (x int) ON COMMIT DROP")  # COPY staging stays possible
        conn.rollback()


READONLY_WRITES = [
    "INSERT INTO bills (bill_number, title, chamber) VALUES ('X 1/2026', 'x', 'senate')",
    "UPDATE bills SET title = 'x'",
    "DELETE FROM bills",
    "TRUNCATE bills",
    "CREATE TABLE public.t_new (id int)",
    "UPDATE alembic_version SET version_num = 'x'",
    "DELETE FROM chanuka_migration_journal",
]


@pytest.mark.parametrize("statement", READONLY_WRITES)
def test_readonly_cannot_write(readonly_login: Login, statement: str) -> None:
    with readonly_login.connect() as conn:
        fails(conn, statement)


@pytest.mark.parametrize("table", sorted(pii.PERSONAL_TABLES))
def test_readonly_cannot_read_personal_tables(readonly_login: Login, table: str) -> None:
    with readonly_login.connect() as conn:
        fails(conn, sql.SQL("SELECT * FROM {}").format(sql.Identifier(table)).as_string(conn))
        fails(conn, sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)).as_string(conn))


def test_readonly_reads_public_data_but_no_personal_column_or_user_reference(readonly_login: Login) -> None:
    with readonly_login.connect() as conn:
        conn.execute("SELECT bill_number, title, status FROM bills").fetchall()
        conn.execute("SELECT * FROM bills").fetchall()
        conn.execute("SELECT name, party, county FROM sponsors").fetchall()
        conn.execute("SELECT comment_text FROM comments").fetchall()
        conn.execute("SELECT version_num FROM alembic_version").fetchall()
        conn.rollback()
        for statement in (
            "SELECT * FROM sponsors",  # sponsors.email and .phone are personal
            "SELECT email FROM sponsors",
            "SELECT user_id FROM comments",  # who wrote a comment is personal
            "SELECT user_id FROM bill_votes",  # how a person voted even more so
            "SELECT query_text FROM search_queries",
            "SELECT ip_address FROM user_activity_log",
            "SELECT * FROM analytics.users_by_county",
        ):
            fails(conn, statement)


def test_analyst_reads_only_the_analytics_views(analyst_login: Login) -> None:
    with analyst_login.connect() as conn:
        for view in masking.ANALYTICS_VIEWS:
            conn.execute(sql.SQL("SELECT * FROM {}").format(sql.Identifier("analytics", view))).fetchall()
        conn.rollback()
        for table in ("users", "user_profiles", "user_contact_methods", "sessions", "bills", "comments"):
            fails(conn, sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)).as_string(conn))
        fails(conn, "CREATE VIEW analytics.mine AS SELECT 1 AS x")
        fails(conn, "CREATE FUNCTION analytics.leak(text) RETURNS bool LANGUAGE sql AS 'SELECT true'")


@pytest.fixture(scope="module")
def crowd(chanuka_db: Database, people: People) -> dict[str, list[str]]:
    """Six more citizens of one county sharing an e-mail domain, and one with a personal domain, all with
    phones, profiles and contact methods: enough for the analyst views to show groups."""
    from tests.security.conftest import kenyan_mobile

    secrets_to_hide: dict[str, list[str]] = {"emails": [], "phones": [], "locals": []}
    with chanuka_db.raw_connection() as conn:
        for i in range(7):
            local = f"citizen{i}.{people.alice.hex[:6]}"
            domain = "wanjiku-family.ke" if i == 6 else "example.ke"
            email, phone = f"{local}@{domain}", kenyan_mobile()
            row = conn.execute(
                "INSERT INTO users (email, password_hash, county) VALUES (%s, 'h', 'kisumu') RETURNING id", (email,)
            ).fetchone()
            assert row is not None
            conn.execute("INSERT INTO user_profiles (user_id, phone_number) VALUES (%s, %s)", (row[0], phone))
            conn.execute(
                "INSERT INTO user_contact_methods (user_id, contact_type, contact_value) VALUES (%s, 'phone', %s)",
                (row[0], phone),
            )
            conn.execute(
                "INSERT INTO user_contact_methods (user_id, contact_type, contact_value) VALUES (%s, 'email', %s)",
                (row[0], email),
            )
            secrets_to_hide["emails"].append(email)
            secrets_to_hide["phones"].append(phone)
            secrets_to_hide["locals"].append(local)
        conn.commit()
    secrets_to_hide["emails"] += list(people.emails.values())
    secrets_to_hide["phones"] += list(people.phones.values())
    secrets_to_hide["locals"] += [e.split("@")[0] for e in people.emails.values()]
    secrets_to_hide["domains"] = ["wanjiku-family.ke"]
    return secrets_to_hide


def test_analyst_never_sees_a_raw_phone_number_or_email(analyst_login: Login, crowd: dict[str, list[str]]) -> None:
    with analyst_login.connect() as conn:
        readable = conn.execute(
            "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND has_table_privilege(c.oid, 'SELECT') "
            "AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'"
        ).fetchall()
        assert {(s, n) for s, n in readable} == {("analytics", v) for v in masking.ANALYTICS_VIEWS}
        dump: list[str] = []
        for schema, name in readable:
            rows = conn.execute(sql.SQL("SELECT t::text FROM {} t").format(sql.Identifier(schema, name))).fetchall()
            dump.extend(str(r[0]) for r in rows)
    text = "\n".join(dump)
    assert "***@example.ke" in text and "***@***" in text, "the masked view shows masked contacts"
    assert re.search(r"\+25471?\d*\*{7}", text), "phones are shown masked"
    for value in crowd["emails"] + crowd["locals"] + crowd["domains"]:
        assert value.lower() not in text.lower()
    for phone in crowd["phones"]:
        assert phone not in text
        assert phone[-7:] not in text, "no subscriber digits either"


def test_analyst_groups_smaller_than_five_are_suppressed(
    analyst_login: Login, crowd: dict[str, list[str]], people: People
) -> None:
    with analyst_login.connect() as conn:
        counties = conn.execute("SELECT county, role, users FROM analytics.users_by_county").fetchall()
    assert ("kisumu", "citizen", 7) in counties
    # Nairobi has two citizens (Alice, Bob) plus one each of other roles: all below the threshold.
    assert all(c != "nairobi" for c, _, _ in counties)
    assert all(n >= masking.MIN_GROUP_SIZE for _, _, n in counties)
