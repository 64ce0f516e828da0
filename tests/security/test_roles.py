"""`roles show` / `roles apply`, the recommended ownership set-up, and the revision's downgrade."""

from __future__ import annotations

import uuid
from typing import Any

import psycopg
import pytest
from psycopg import errors, sql
from sqlalchemy import text

from chanuka_db import api, security
from chanuka_db.engine import Database
from chanuka_db.migrate import diff, plan, snapshot
from chanuka_db.migrate.config import script_directory
from chanuka_db.security import masking, pii, roles
from tests.security.conftest import MakeLogin, make_bill, make_user, seed_personal_rows

REVISION = "0102_security"


def test_the_migrated_database_follows_the_rules(chanuka_db: Database) -> None:
    report = security.show_roles(chanuka_db)
    errors_found = [p.message for p in report.problems if p.severity == "error"]
    assert report.ok, errors_found
    assert {r.name for r in report.roles if r.exists} == set(roles.ROLE_NAMES)
    assert all(not r.attributes for r in report.roles), "group roles are NOLOGIN and plain"
    by_table = {t.table: t for t in report.rls}
    for table in pii.RLS_TABLES:
        assert by_table[table].enabled and by_table[table].forced
    assert any("row-level security" in line for line in report.lines())


def test_apply_is_idempotent_on_a_migrated_database(fresh_db: Database) -> None:
    security.apply_roles(fresh_db)  # grants what revisions after 0102 may have added
    report = security.show_roles(fresh_db)
    assert report.problems == []
    again = security.apply_roles(fresh_db)
    assert not again.changed, again.statements
    assert "already in sync" in again.lines()[0]


LEAKS = [
    "GRANT SELECT ON users TO chanuka_readonly",
    "GRANT SELECT ON sponsors TO chanuka_readonly",
    "GRANT TRUNCATE, REFERENCES, TRIGGER ON bills TO chanuka_app",
    "GRANT INSERT ON chanuka_migration_journal TO chanuka_app",
    "GRANT SELECT ON sponsors TO PUBLIC",
    "GRANT SELECT (email) ON users TO chanuka_analyst",
    "GRANT CREATE ON SCHEMA public TO PUBLIC",
    "GRANT USAGE ON SCHEMA analytics TO chanuka_readonly",
    "GRANT SELECT ON analytics.user_profiles_masked TO chanuka_app",
    "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO chanuka_readonly",
    "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT TRUNCATE ON TABLES TO chanuka_app",
]
HOLES = [
    "REVOKE SELECT (name) ON sponsors FROM chanuka_readonly",
    "REVOKE DELETE ON comments FROM chanuka_app",
    "REVOKE SELECT ON analytics.users_by_county FROM chanuka_analyst",
    "ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE INSERT ON TABLES FROM chanuka_app",
]


def test_show_reports_leaks_and_holes_and_apply_repairs_them(fresh_db: Database) -> None:
    security.apply_roles(fresh_db)
    with fresh_db.raw_connection() as conn:
        for statement in LEAKS + HOLES:
            conn.execute(statement)
        conn.commit()
    report = security.show_roles(fresh_db)
    assert not report.ok
    errors_found = [p.message for p in report.problems if p.severity == "error"]
    warnings = [p.message for p in report.problems if p.severity == "warning"]
    for expected in (
        "chanuka_readonly holds SELECT on public.users,",
        "chanuka_readonly holds SELECT on public.sponsors,",
        "chanuka_app holds TRUNCATE on public.bills",
        "chanuka_app holds INSERT on public.chanuka_migration_journal",
        "PUBLIC holds SELECT on public.sponsors",
        "chanuka_analyst holds SELECT on public.users.email",
        "PUBLIC holds CREATE on schema public",
        "chanuka_readonly holds USAGE on schema analytics",
        "chanuka_app holds SELECT on analytics.user_profiles_masked",
        f"chanuka_readonly holds SELECT on new tables in public created by {fresh_db.url.username}",
        "chanuka_app holds TRUNCATE on new tables in public",
    ):
        assert any(expected in m for m in errors_found), (expected, errors_found)
    for expected in (
        "chanuka_readonly lacks SELECT on 1 column(s) of public.sponsors (name)",
        "chanuka_app lacks DELETE on public.comments",
        "chanuka_analyst lacks SELECT on analytics.users_by_county",
        f"chanuka_app lacks INSERT on new tables in public created by {fresh_db.url.username}",
    ):
        assert any(expected in m for m in warnings), (expected, warnings)

    result = security.apply_roles(fresh_db)
    assert result.changed and any(s.startswith("REVOKE") for s in result.statements)
    assert security.show_roles(fresh_db).problems == []
    assert not security.apply_roles(fresh_db).changed


def test_show_reports_holes_in_row_level_security_and_bypassing_logins(fresh_db: Database) -> None:
    # Roles are cluster-wide: the bad login exists only inside this uncommitted transaction, so no other
    # test (or xdist worker) ever sees it.
    both = f"t_both_{uuid.uuid4().hex[:10]}"
    with fresh_db.connect() as conn:
        for statement in (
            "ALTER TABLE alert_preferences NO FORCE ROW LEVEL SECURITY",
            "ALTER TABLE sessions DISABLE ROW LEVEL SECURITY",
            "CREATE POLICY everyone ON notifications FOR SELECT USING (true)",
            "DROP POLICY own_rows ON bill_tracking_preferences",
            f"CREATE ROLE {both} LOGIN IN ROLE chanuka_app, chanuka_owner",
        ):
            conn.execute(text(statement))
        report = roles.show(conn)
        conn.rollback()
    found = [p.message for p in report.problems if p.severity == "error"]
    assert not report.ok
    for expected in (
        "alert_preferences: row-level security is not forced",
        "sessions: row-level security is not enabled",
        "notifications: policy everyone applies to PUBLIC",
        "bill_tracking_preferences: no policy for chanuka_app",
        f"{both} is a member of chanuka_app but is also in chanuka_owner",
    ):
        assert any(expected in m for m in found), (expected, found)


def test_new_tables_get_the_right_grants(fresh_db: Database) -> None:
    with fresh_db.raw_connection() as conn:
        conn.execute(
            "CREATE TABLE bills_archive (id uuid PRIMARY KEY, title text, submitted_by uuid REFERENCES users (id))"
        )
        conn.commit()
        rows = conn.execute(
            "SELECT has_table_privilege('chanuka_app', 'bills_archive', 'INSERT'), "
            "has_table_privilege('chanuka_app', 'bills_archive', 'TRUNCATE'), "
            "has_any_column_privilege('chanuka_readonly', 'bills_archive', 'SELECT')"
        ).fetchone()
    # Default privileges: the app gets DML at once, readonly nothing (the table is not in the models).
    assert rows == (True, False, False)
    assert security.show_roles(fresh_db).ok


def test_describe_what_each_role_can_do(chanuka_db: Database) -> None:
    report = security.show_roles(chanuka_db)
    can = {r.name: " | ".join(r.can) for r in report.roles}
    assert "DELETE, INSERT, SELECT, UPDATE on" in can[roles.APP]
    assert "only the acting user's rows" in can[roles.APP]
    assert "columns of" in can[roles.READONLY]
    assert "SELECT on" in can[roles.ANALYST] and "in analytics" in can[roles.ANALYST]
    assert "owns" in can[roles.OWNER]
    grants = {(p.grantee, p.kind, p.name) for p in report.privileges}
    assert (roles.APP, "function", roles.SESSION_FUNCTION) in grants


def test_the_masks_in_python_match_the_masks_in_sql(chanuka_db: Database) -> None:
    samples = ["+254712345678", "+12025550123", "+2547", "+1234567", "", "0712345678", None]
    emails = ["Wanjiku@Example.KE", "a@b@c", "no-at-sign", "", None]
    with chanuka_db.connect() as conn:
        for phone in samples:
            got = conn.execute(text("SELECT analytics.mask_phone(:p)"), {"p": phone}).scalar()
            assert got == masking.mask_phone(phone), phone
            if phone and len(phone) >= 8:
                assert got is not None and got.count("*") >= 7
        for email in emails:
            assert conn.execute(text("SELECT analytics.mask_email(:e)"), {"e": email}).scalar() == masking.mask_email(
                email
            )
    assert masking.mask_phone("+254712345678") == "+25471*******"
    assert masking.mask_email("wanjiku@Example.ke") == "***@example.ke"


# ------------------------------------------------------------------------------ ownership
def _one(conn: psycopg.Connection[Any], query: str) -> Any:
    row = conn.execute(query).fetchone()
    assert row is not None
    return row[0]


def test_recommended_ownership_setup(fresh_db: Database, make_login: MakeLogin, chanuka_server_url: Any) -> None:
    """chanuka_owner owns everything: a member of it runs migrations and sees every row (owner_all, since
    RLS is forced), the app stays confined, the analyst views keep working; a login that owns a table
    without being in chanuka_owner sees none of its rows."""
    with fresh_db.raw_connection() as conn:
        bill = make_bill(conn)
        for i in range(6):
            email = f"own{i}@example.ke"
            user = make_user(conn, "citizen", email)
            seed_personal_rows(conn, user, email=email, phone=f"+25472200000{i}", bill=bill)
        conn.commit()
    result = security.apply_roles(fresh_db, transfer_ownership=True)
    assert any("OWNER TO" in s for s in result.statements)
    report = security.show_roles(fresh_db)
    assert report.ok, report.problems
    assert not security.apply_roles(fresh_db, transfer_ownership=True).changed

    migrator = make_login("chanuka_owner", "own", db=fresh_db)
    app = make_login("chanuka_app", "app", db=fresh_db)
    analyst = make_login("chanuka_analyst", "an", db=fresh_db)
    stray = make_login(None, "stray", db=fresh_db)
    with migrator.connect() as conn:
        assert _one(conn, "SELECT count(*) FROM user_profiles") == 6
        assert _one(conn, "SELECT count(*) FROM user_contact_methods") == 12
        conn.execute("ALTER TABLE bills ADD COLUMN t_probe int")  # DDL as a member of the owner
        conn.execute("UPDATE user_profiles SET bio = 'backfilled'")  # a data migration reaches every row
        conn.rollback()
    # docs/security.md: the migration login switches to chanuka_owner as it logs in; what a later
    # revision creates then belongs to chanuka_owner and gets the app's grants (default privileges).
    with fresh_db.raw_connection() as conn:
        conn.execute(
            sql.SQL("ALTER ROLE {} IN DATABASE {} SET role = 'chanuka_owner'").format(
                sql.Identifier(migrator.name), sql.Identifier(str(fresh_db.url.database))
            )
        )
        conn.commit()
    with migrator.connect() as conn:
        assert _one(conn, "SELECT current_user") == "chanuka_owner"
        conn.execute("CREATE TABLE t_after (id int)")
        assert _one(conn, "SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relname = 't_after'") == (
            "chanuka_owner"
        )
        assert _one(conn, "SELECT has_table_privilege('chanuka_app', 't_after', 'UPDATE')") is True
        conn.rollback()
    with app.connect() as conn:
        assert _one(conn, "SELECT count(*) FROM user_profiles") == 0
    with analyst.connect() as conn:
        assert _one(conn, "SELECT count(*) FROM analytics.user_profiles_masked") == 6
    with fresh_db.raw_connection() as conn:
        conn.execute(sql.SQL("ALTER TABLE user_contact_methods OWNER TO {}").format(sql.Identifier(stray.name)))
        conn.commit()
    with stray.connect() as conn:
        assert _one(conn, "SELECT count(*) FROM user_contact_methods") == 0
        with pytest.raises(errors.InsufficientPrivilege):  # and cannot lift it without being in chanuka_owner
            conn.execute("SELECT count(*) FROM user_profiles")


# ------------------------------------------------------------------------------- downgrade
_ACL = """
SELECT 'relation ' || c.relname FROM pg_class c, aclexplode(c.relacl) x WHERE x.grantee IN (SELECT oid FROM r)
UNION ALL SELECT 'column ' || c.relname || '.' || a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid,
    aclexplode(a.attacl) x WHERE x.grantee IN (SELECT oid FROM r)
UNION ALL SELECT 'schema ' || n.nspname FROM pg_namespace n, aclexplode(n.nspacl) x
    WHERE x.grantee IN (SELECT oid FROM r)
UNION ALL SELECT 'function ' || p.proname FROM pg_proc p, aclexplode(p.proacl) x WHERE x.grantee IN (SELECT oid FROM r)
UNION ALL SELECT 'default ' || d.defaclobjtype::text FROM pg_default_acl d, aclexplode(d.defaclacl) x
    WHERE x.grantee IN (SELECT oid FROM r)
UNION ALL SELECT 'policy ' || polname FROM pg_policy
"""
_ROLES = "WITH r AS (SELECT oid FROM pg_roles WHERE rolname LIKE 'chanuka\\_%')"


def test_the_revision_follows_the_search_vectors_revision() -> None:
    script = script_directory().get_revision(REVISION)
    assert script is not None and script.down_revision == "0101_search_vectors"


def test_downgrade_removes_everything_and_upgrade_runs_again(fresh_db: Database) -> None:
    script = script_directory().get_revision(REVISION)
    assert script is not None
    parent = script.down_revision
    api.rollback(fresh_db, to=REVISION)  # undo revisions after this one, if any
    with fresh_db.connect() as conn:
        at_revision = snapshot.take(conn)
    api.rollback(fresh_db, to=str(parent))
    with fresh_db.connect() as conn:
        assert plan.current_revision(conn) == parent
        assert conn.execute(text(_ROLES + _ACL)).all() == []
        assert conn.execute(text("SELECT count(*) FROM pg_class WHERE relrowsecurity")).scalar() == 0
        below = snapshot.take(conn)
    changed = {c.name.split(".")[0] for c in diff.compare(snapshot.normalised(below), snapshot.normalised(at_revision))}
    ours = {
        "analytics",
        "chanuka_app_user_id()",
        "chanuka_app_has_role(roles text[])",
        "chanuka_session_user(session_token text)",
    }
    assert changed == ours | set(pii.RLS_TABLES), changed
    api.migrate(fresh_db, to=REVISION)  # the roles exist now: creating them again is a no-op
    with fresh_db.connect() as conn:
        assert diff.compare(snapshot.normalised(snapshot.take(conn)), snapshot.normalised(at_revision)) == []
    assert security.show_roles(fresh_db).ok


def test_show_and_apply_before_any_migration(chanuka_empty_db: Database) -> None:
    report = security.show_roles(chanuka_empty_db)
    assert any("user_profiles: table missing" in p.message for p in report.problems)
    security.apply_roles(chanuka_empty_db)  # creates the roles if this cluster has none yet
    assert not security.apply_roles(chanuka_empty_db).changed
    after = security.show_roles(chanuka_empty_db)
    assert all(r.exists for r in after.roles)
    assert not any("lacks" in p.message for p in after.problems)
