"""Whole-schema sanity on the migrated database, for every table of every domain.

The migrations create exactly the tables of ``chanuka_db.schema.metadata`` (plus Alembic's and
chanuka-db's bookkeeping), every table has a primary key and a comment, every foreign key's
columns lead an index, and no column is ``timestamp without time zone``. All checks read
pg_catalog / information_schema, so they judge what the migrations built, not what the models say.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

from chanuka_db.migrate.autogen import JOURNAL_TABLES
from chanuka_db.schema import metadata

# Ordinary and partitioned tables of the current schema; partitions are children, not tables of the model.
LIVE_TABLES = text(
    "SELECT c.relname FROM pg_class c "
    "WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition"
)


def live_tables(conn: Connection) -> set[str]:
    return set(conn.execute(LIVE_TABLES).scalars())


def test_migrations_create_everything(conn: Connection) -> None:
    """The migrated database holds exactly the model's tables (besides the migration bookkeeping)."""
    live = live_tables(conn) - JOURNAL_TABLES
    assert {t.split(".")[-1] for t in metadata.tables} == live


def test_every_table_has_a_primary_key(conn: Connection) -> None:
    without = (
        conn.execute(
            text(
                "SELECT c.relname FROM pg_class c "
                "WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') "
                "AND NOT c.relispartition "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'p') "
                "ORDER BY 1"
            )
        )
        .scalars()
        .all()
    )
    assert without == []


def test_every_table_has_a_comment(conn: Connection) -> None:
    without = (
        conn.execute(
            text(
                "SELECT c.relname FROM pg_class c "
                "WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') "
                "AND NOT c.relispartition AND NOT (c.relname = ANY(:skip)) "
                "AND coalesce(btrim(obj_description(c.oid, 'pg_class')), '') = '' ORDER BY 1"
            ),
            {"skip": sorted(JOURNAL_TABLES)},
        )
        .scalars()
        .all()
    )
    assert without == []


def test_every_foreign_key_leads_an_index(conn: Connection) -> None:
    """Each FK column leads some index, so cascades and joins need no sequential scan.

    For a composite FK, an index led by one of its columns is enough (the leading column narrows the
    lookup to a few rows). A partial index counts only when its predicate is ``<leading column> IS
    NOT NULL`` (which every lookup by a key value implies); one restricted to, say, active rows does not.
    """
    unindexed = (
        conn.execute(
            text(
                "SELECT t.relname || '.' || c.conname FROM pg_constraint c "
                "JOIN pg_class t ON t.oid = c.conrelid "
                "WHERE c.contype = 'f' AND t.relnamespace = current_schema()::regnamespace AND NOT t.relispartition "
                "AND NOT EXISTS ("
                "  SELECT 1 FROM pg_index i"
                "  JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]"
                "  WHERE i.indrelid = c.conrelid AND i.indkey[0] = ANY(c.conkey)"
                "  AND (i.indpred IS NULL"
                "       OR pg_get_expr(i.indpred, i.indrelid) = format('(%s IS NOT NULL)', quote_ident(a.attname)))"
                ") ORDER BY 1"
            )
        )
        .scalars()
        .all()
    )
    assert unindexed == []


def test_no_timestamp_without_time_zone(conn: Connection) -> None:
    naive = (
        conn.execute(
            text(
                "SELECT table_name || '.' || column_name FROM information_schema.columns "
                "WHERE table_schema = current_schema() "
                "AND (data_type = 'timestamp without time zone' OR udt_name = '_timestamp') ORDER BY 1"
            )
        )
        .scalars()
        .all()
    )
    assert naive == []
