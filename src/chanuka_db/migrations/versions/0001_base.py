"""Base: extensions and shared functions every domain relies on.

Creates the extensions the schema uses (citext for case-insensitive e-mail, pg_trgm and unaccent
for search, ltree for the constitution's hierarchy, btree_gin for mixed GIN indexes) and the
trigger function that keeps ``updated_at`` current on every UPDATE, whatever client writes.
The extensions are trusted, so a database owner without superuser can create them (PG 13+).

Revision ID: 0001_base
Revises:
Create Date: 2026-11-25
"""
from collections.abc import Sequence

from alembic import op

revision: str = "0001_base"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EXTENSIONS = ("citext", "pg_trgm", "unaccent", "ltree", "btree_gin")


def upgrade() -> None:
    for ext in EXTENSIONS:
        op.execute(f"CREATE EXTENSION IF NOT EXISTS {ext}")
    op.execute(
        """
        CREATE OR REPLACE FUNCTION chanuka_set_updated_at() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            -- Backfills of derived columns (search vectors) set chanuka.skip_updated_at: rewriting them must
            -- not make every row look edited by a person.
            IF coalesce(current_setting('chanuka.skip_updated_at', true), '') <> 'on' THEN
                NEW.updated_at := now();
            END IF;
            RETURN NEW;
        END;
        $$
        """
    )


def downgrade() -> None:
    op.execute("DROP FUNCTION IF EXISTS chanuka_set_updated_at()")
    for ext in reversed(EXTENSIONS):
        op.execute(f"DROP EXTENSION IF EXISTS {ext}")
