"""migrate --dry-run (statements and locks), --sql, and the lock classification itself."""

from __future__ import annotations

import json

import pytest

from chanuka_db import api
from chanuka_db.engine import Database
from chanuka_db.migrate import locks, plan, render
from chanuka_db.migrate.config import script_directory
from tests.migrate.conftest import SourceFactory, revision_text, run_cli


@pytest.mark.parametrize(
    ("sql", "mode", "relations"),
    [
        (
            "CREATE TABLE users (id uuid PRIMARY KEY, bill_id uuid REFERENCES bills (id))",
            "ACCESS EXCLUSIVE",
            {"users": "ACCESS EXCLUSIVE", "bills": "SHARE ROW EXCLUSIVE"},
        ),
        ("CREATE INDEX ix_a ON public.users USING gin (x)", "SHARE", {"users": "SHARE"}),
        (
            "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ix_a ON users (x)",
            "SHARE UPDATE EXCLUSIVE",
            {"users": "SHARE UPDATE EXCLUSIVE"},
        ),
        ("ALTER TABLE users ADD COLUMN age integer", "ACCESS EXCLUSIVE", {"users": "ACCESS EXCLUSIVE"}),
        ('ALTER TABLE "Users" RENAME COLUMN a TO b', "ACCESS EXCLUSIVE", {"Users": "ACCESS EXCLUSIVE"}),
        (
            "ALTER TABLE a ADD CONSTRAINT fk FOREIGN KEY (b) REFERENCES c (id) NOT VALID",
            "SHARE ROW EXCLUSIVE",
            {"a": "SHARE ROW EXCLUSIVE", "c": "SHARE ROW EXCLUSIVE"},
        ),
        ("ALTER TABLE a VALIDATE CONSTRAINT fk", "SHARE UPDATE EXCLUSIVE", {"a": "SHARE UPDATE EXCLUSIVE"}),
        ("ALTER TABLE a ALTER COLUMN b SET STATISTICS 500", "SHARE UPDATE EXCLUSIVE", {"a": "SHARE UPDATE EXCLUSIVE"}),
        ("ALTER TABLE a DISABLE TRIGGER t", "SHARE ROW EXCLUSIVE", {"a": "SHARE ROW EXCLUSIVE"}),
        (
            "CREATE TRIGGER t BEFORE UPDATE ON bills FOR EACH ROW EXECUTE FUNCTION f()",
            "SHARE ROW EXCLUSIVE",
            {"bills": "SHARE ROW EXCLUSIVE"},
        ),
        ("DROP TRIGGER IF EXISTS t ON bills", "ACCESS EXCLUSIVE", {"bills": "ACCESS EXCLUSIVE"}),
        (
            "DROP INDEX CONCURRENTLY IF EXISTS ix_a",
            "SHARE UPDATE EXCLUSIVE",
            {"table of index ix_a": "SHARE UPDATE EXCLUSIVE"},
        ),
        ("DROP TABLE a, b CASCADE", "ACCESS EXCLUSIVE", {"a": "ACCESS EXCLUSIVE", "b": "ACCESS EXCLUSIVE"}),
        ("REFRESH MATERIALIZED VIEW CONCURRENTLY v", "EXCLUSIVE", {"v": "EXCLUSIVE"}),
        ("COMMENT ON COLUMN users.email IS 'x'", "SHARE UPDATE EXCLUSIVE", {"users": "SHARE UPDATE EXCLUSIVE"}),
        ("UPDATE users SET a = 1", "ROW EXCLUSIVE", {"users": "ROW EXCLUSIVE"}),
        ("LOCK TABLE users IN SHARE MODE", "SHARE", {"users": "SHARE"}),
        ("ALTER TYPE s ADD VALUE IF NOT EXISTS 'x' AFTER 'y'", None, {}),
        ("CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$", None, {}),
        ("CREATE EXTENSION IF NOT EXISTS citext", None, {}),
        ("DO $$ BEGIN PERFORM 1; END $$", "UNKNOWN", {"?": "UNKNOWN"}),
    ],
)
def test_lock_classification(sql: str, mode: str | None, relations: dict[str, str]) -> None:
    result = locks.classify(sql)
    assert result.strongest == mode
    assert {lock.relation: lock.mode for lock in result.locks} == relations


def test_rewrite_and_scan_notes() -> None:
    assert any("rewrite" in n for n in locks.classify("ALTER TABLE a ALTER COLUMN b TYPE bigint").notes)
    assert any("scans" in n for n in locks.classify("ALTER TABLE a ALTER COLUMN b SET NOT NULL").notes)
    assert any("NOT VALID" in n for n in locks.classify("ALTER TABLE a ADD FOREIGN KEY (b) REFERENCES c (id)").notes)


def test_dry_run_of_the_real_revisions(chanuka_empty_db: Database) -> None:
    revisions = plan.ordered(script_directory())
    result = api.migrate(chanuka_empty_db, dry_run=True)
    assert result.planned is not None
    assert [p.revision for p in result.planned] == [r.revision for r in revisions]
    rendered = render.render_each(None, revisions[-1].revision)
    for planned in result.planned:
        item = rendered[planned.revision]
        # A revision that cannot be rendered offline is named with the reason (lint fails on it too).
        assert (planned.error is None) == (item.error is None)
        if item.rendered is not None:
            assert [s.sql for s in planned.statements] == item.rendered.statements
        for stmt in planned.statements:
            # On an empty database every table is new: no statement locks a live table.
            assert stmt.lock_on_existing in (None, "UNKNOWN"), stmt.sql
    assert api.status(chanuka_empty_db).current is None, "a dry run changed the database"
    cli = run_cli(chanuka_empty_db, "migrate", "--dry-run", "--json")
    assert cli.returncode == 0, cli.stderr
    assert [p["revision"] for p in json.loads(cli.stdout)["plan"]] == [r.revision for r in revisions]
    table = run_cli(chanuka_empty_db, "migrate", "--dry-run", "--to", revisions[0].revision)
    assert table.returncode == 0 and "nothing was changed" in table.stdout


def test_dry_run_shows_locks_on_live_tables(chanuka_empty_db: Database, make_source: SourceFactory) -> None:
    source = make_source(
        {
            "0001_a.py": revision_text(
                "0001_a",
                None,
                'op.create_table("widgets", sa.Column("id", sa.Integer, primary_key=True), sa.Column("name", sa.Text))',
                'op.drop_table("widgets")',
            ),
            "0002_b.py": revision_text(
                "0002_b",
                "0001_a",
                'op.create_index("ix_widgets_name", "widgets", ["name"])\n'
                'op.add_column("widgets", sa.Column("size", sa.Integer))\n'
                'op.create_table("gadgets", sa.Column("id", sa.Integer, primary_key=True),'
                ' sa.Column("widget_id", sa.Integer, sa.ForeignKey("widgets.id")))',
                'op.drop_table("gadgets")\nop.drop_column("widgets", "size")\nop.drop_index("ix_widgets_name")',
            ),
        }
    )
    api.migrate(chanuka_empty_db, to="0001_a", source=source)
    result = api.migrate(chanuka_empty_db, dry_run=True, source=source)
    assert result.planned is not None and [p.revision for p in result.planned] == ["0002_b"]
    by_kind = {s.kind: s for s in result.planned[0].statements}
    assert by_kind["create index"].lock_on_existing == "SHARE"
    assert by_kind["alter table"].lock_on_existing == "ACCESS EXCLUSIVE"
    gadgets = by_kind["create table"]
    assert gadgets.lock == "ACCESS EXCLUSIVE" and gadgets.lock_on_existing == "SHARE ROW EXCLUSIVE"
    assert {(r.relation, r.new) for r in gadgets.relations} == {("gadgets", True), ("widgets", False)}


def test_sql_renders_pending_revisions_with_journal(chanuka_empty_db: Database, make_source: SourceFactory) -> None:
    source = make_source(
        {
            "0001_a.py": revision_text(
                "0001_a", None, 'op.execute("CREATE TABLE a (id int)")', 'op.execute("DROP TABLE a")'
            ),
            "0002_b.py": revision_text(
                "0002_b", "0001_a", 'op.execute("CREATE TABLE b (id int)")', 'op.execute("DROP TABLE b")'
            ),
        }
    )
    full = api.migrate(chanuka_empty_db, sql=True, source=source).sql or ""
    assert "CREATE TABLE a" in full and "CREATE TABLE b" in full and "chanuka_migration_journal" in full
    assert full.count("BEGIN;") == 2 and full.count("COMMIT;") == 2
    api.migrate(chanuka_empty_db, to="0001_a", source=source)
    rest = api.migrate(chanuka_empty_db, sql=True, source=source).sql or ""
    assert "CREATE TABLE a" not in rest and "CREATE TABLE b" in rest
    # Applying the offline script by hand journals the revision too.
    with chanuka_empty_db.raw_connection(autocommit=True) as conn:
        conn.execute(rest.encode())
    report = api.verify(chanuka_empty_db, source=source)
    assert report.ok and report.checked == 2 and report.current == "0002_b"


def test_dry_run_names_the_table_behind_a_dropped_index(chanuka_db: Database) -> None:
    """DROP INDEX names only the index: the plan reports the live table it locks, and how."""
    api.rollback(chanuka_db, to="0102_security")
    try:
        result = api.migrate(chanuka_db, dry_run=True)
        assert result.planned is not None and [p.revision for p in result.planned] == ["0103_redundant_indexes"]
        by_sql = {s.sql.rstrip(";"): s for s in result.planned[0].statements}
        dropped = by_sql["DROP INDEX CONCURRENTLY IF EXISTS ix_sync_jobs_status"]
        assert [(r.relation, r.mode, r.new) for r in dropped.relations] == [
            ("sync_jobs", "SHARE UPDATE EXCLUSIVE", False)
        ]
        partitioned = next(s for s in result.planned[0].statements if "ix_analytics_events_user_id" in s.sql)
        assert partitioned.lock_on_existing == "ACCESS EXCLUSIVE"
        assert partitioned.relations[0].relation == "analytics_events"
    finally:
        api.migrate(chanuka_db)
