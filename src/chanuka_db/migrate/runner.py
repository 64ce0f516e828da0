"""Apply and roll back revisions through Alembic, one applier at a time (advisory lock)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from alembic import command
from sqlalchemy import text
from sqlalchemy.engine import Connection

from chanuka_db.engine import Database
from chanuka_db.migrate import plan
from chanuka_db.migrate.config import alembic_config

# pg_advisory_lock key shared by every chanuka-db process: the ASCII bytes of "ChanukaM".
MIGRATION_LOCK_KEY = 0x4368616E756B614D


@contextlib.contextmanager
def migration_lock(conn: Connection) -> Iterator[None]:
    """Hold the session-level migration advisory lock on ``conn`` (waits for other appliers)."""
    conn.execute(text("SET lock_timeout = 0"))
    conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATION_LOCK_KEY})
    conn.commit()
    try:
        yield
    finally:
        conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK_KEY})
        conn.commit()


def upgrade(db: Database, target: str = "head") -> plan.MigrationStatus:
    """Apply pending revisions up to ``target``; returns the status before applying."""
    with db.connect() as conn, migration_lock(conn):
        before = plan.status(conn)
        if target == "head" and before.up_to_date:
            return before
        command.upgrade(alembic_config(conn), target)
        conn.commit()
        return before
