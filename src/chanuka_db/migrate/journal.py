"""The migration journal: one row per applied, failed, rolled back, stamped or repaired revision.

Like Django's ``recorder``: the runner calls :class:`JournalHook` from Alembic's
``on_version_apply`` callback, which runs inside the revision's own transaction, so a revision
and its journal row commit together (a ``kill -9`` leaves both or neither). Failures are written
afterwards, in a transaction of their own, by :func:`record_failure`.

The journal is an append-only log. The *effective* row of a revision is its latest row whose
status is not ``failed``: ``applied`` means the revision is in the database with that checksum.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import time
from dataclasses import dataclass, field
from typing import Any

from alembic.runtime.migration import MigrationContext, MigrationInfo
from sqlalchemy import text
from sqlalchemy.engine import Connection

from chanuka_db import __version__
from chanuka_db.errors import redact
from chanuka_db.migrate.checksums import file_sha256

TABLE = "chanuka_migration_journal"

DDL = f"""CREATE TABLE IF NOT EXISTS {TABLE} (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    revision text NOT NULL,
    filename text,
    direction text NOT NULL CONSTRAINT {TABLE}_direction_check
        CHECK (direction IN ('upgrade', 'downgrade', 'stamp', 'repair')),
    status text NOT NULL CONSTRAINT {TABLE}_status_check
        CHECK (status IN ('applied', 'failed', 'rolled_back')),
    checksum text,
    applied_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    duration_ms integer,
    applied_by text NOT NULL DEFAULT current_user,
    package_version text,
    error text
)"""
INDEX_DDL = f"CREATE INDEX IF NOT EXISTS {TABLE}_revision_idx ON {TABLE} (revision, id)"

_INSERT = text(  # TABLE is a constant of this module
    f"INSERT INTO {TABLE} (revision, filename, direction, status, checksum, duration_ms, applied_by, "  # noqa: S608
    "package_version, error) VALUES (:revision, :filename, :direction, :status, :checksum, :duration_ms, "
    "current_user || :by, :version, :error)"
)


def applied_by_suffix() -> str:
    """What follows ``current_user`` in ``applied_by``: host name and process id of this process."""
    return f"@{socket.gethostname()} pid {os.getpid()}"


def ensure_table(conn: Connection) -> None:
    """Create the journal table if it does not exist (call under the migration lock, then commit)."""
    exists = conn.execute(text("SELECT to_regclass(:t) IS NOT NULL"), {"t": TABLE}).scalar()
    if not exists:
        conn.execute(text(DDL))
        conn.execute(text(INDEX_DDL))


def exists(conn: Connection) -> bool:
    """True when the journal table exists."""
    return bool(conn.execute(text("SELECT to_regclass(:t) IS NOT NULL"), {"t": TABLE}).scalar())


def offline_preamble() -> str:
    """The journal DDL as offline SQL (``migrate --sql``), so a DBA-applied script is journaled too."""
    return f"{DDL};\n\n{INDEX_DDL};\n\n"


def _literal(value: object) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def insert(
    conn: Connection,
    *,
    revision: str,
    filename: str | None,
    direction: str,
    status: str,
    checksum: str | None,
    duration_ms: int | None,
    error: str | None = None,
) -> None:
    """Append one journal row on ``conn`` (in whatever transaction ``conn`` is in)."""
    conn.execute(
        _INSERT,
        {
            "revision": revision,
            "filename": filename,
            "direction": direction,
            "status": status,
            "checksum": checksum,
            "duration_ms": duration_ms,
            "by": applied_by_suffix(),
            "version": __version__,
            "error": error,
        },
    )


@dataclass
class Recorded:
    """One revision step the hook journaled."""

    revision: str
    direction: str
    duration_ms: int


@dataclass
class JournalHook:
    """Alembic ``on_version_apply`` callback writing a journal row inside each revision's transaction.

    ``offline``: emit the row as SQL text (``migrate --sql``) instead of executing it.
    """

    offline: bool = False
    recorded: list[Recorded] = field(default_factory=list)
    mark: float = field(default_factory=time.perf_counter)

    def restart_clock(self) -> None:
        """Start timing the next revision now."""
        self.mark = time.perf_counter()

    def elapsed_ms(self) -> int:
        """Milliseconds since the last revision finished (or the clock started)."""
        return round((time.perf_counter() - self.mark) * 1000)

    def __call__(self, *, ctx: MigrationContext, step: MigrationInfo, heads: set[str], run_args: Any) -> None:
        if step.is_stamp:
            return
        revision = step.up_revision_id
        if revision is None:
            return
        script = step.up_revision
        path = getattr(script, "path", None)
        filename = os.path.basename(path) if path else None
        checksum = file_sha256(path) if path else None
        direction = "upgrade" if step.is_upgrade else "downgrade"
        status = "applied" if step.is_upgrade else "rolled_back"
        if self.offline:
            values = [_literal(v) for v in (revision, filename, direction, status, checksum)]
            values += ["NULL", "current_user || '@offline-sql'", _literal(__version__), "NULL"]
            ctx.impl.static_output(
                # Values are quoted by _literal (single quotes doubled), as the offline script needs literals.
                f"INSERT INTO {TABLE} (revision, filename, direction, status, checksum, duration_ms, applied_by, "  # noqa: S608
                f"package_version, error) VALUES ({', '.join(values)});"
            )
            return
        duration = self.elapsed_ms()
        assert ctx.connection is not None
        insert(
            ctx.connection,
            revision=revision,
            filename=filename,
            direction=direction,
            status=status,
            checksum=checksum,
            duration_ms=duration,
        )
        self.recorded.append(Recorded(revision, direction, duration))
        self.restart_clock()


def record_failure(conn: Connection, *, revision: str, path: str, direction: str, duration_ms: int, error: str) -> bool:
    """Journal a failed attempt in its own transaction; False when even that was impossible."""
    try:
        if conn.in_transaction():
            conn.rollback()
        with conn.begin():
            insert(
                conn,
                revision=revision,
                filename=os.path.basename(path),
                direction=direction,
                status="failed",
                checksum=file_sha256(path),
                duration_ms=duration_ms,
                error=redact(error)[:2000],
            )
    except Exception:  # the connection itself may be what failed
        return False
    return True


@dataclass(frozen=True)
class JournalEntry:
    """One journal row."""

    id: int
    revision: str
    filename: str | None
    direction: str
    status: str
    checksum: str | None
    applied_at: dt.datetime
    duration_ms: int | None
    applied_by: str
    package_version: str | None
    error: str | None


_COLUMNS = (
    "id, revision, filename, direction, status, checksum, applied_at, duration_ms, applied_by, package_version, error"
)


def entries(conn: Connection, *, revision: str | None = None, limit: int | None = None) -> list[JournalEntry]:
    """Journal rows, newest first (all of them, or those of ``revision``)."""
    if not exists(conn):
        return []
    where = "WHERE revision = :rev" if revision else ""
    lim = "LIMIT :limit" if limit else ""
    rows = conn.execute(
        text(f"SELECT {_COLUMNS} FROM {TABLE} {where} ORDER BY id DESC {lim}"),  # noqa: S608
        {"rev": revision, "limit": limit},
    )
    return [JournalEntry(*row) for row in rows]


def effective(conn: Connection) -> dict[str, JournalEntry]:
    """Per revision, its latest row that is not a failure (the revision's recorded state)."""
    if not exists(conn):
        return {}
    rows = conn.execute(
        text(
            f"SELECT DISTINCT ON (revision) {_COLUMNS} FROM {TABLE} "  # noqa: S608
            "WHERE status <> 'failed' ORDER BY revision, id DESC"
        )
    )
    return {row[1]: JournalEntry(*row) for row in rows}


def unresolved_failures(conn: Connection) -> list[JournalEntry]:
    """Failed rows not followed by a success of the same revision and direction, oldest first."""
    if not exists(conn):
        return []
    rows = conn.execute(
        text(
            f"SELECT {_COLUMNS} FROM {TABLE} f WHERE status = 'failed' AND NOT EXISTS ("  # noqa: S608
            f"SELECT 1 FROM {TABLE} s WHERE s.revision = f.revision AND s.id > f.id AND s.status <> 'failed') "
            "ORDER BY id"
        )
    )
    return [JournalEntry(*row) for row in rows]


def clear_failures(conn: Connection, revision: str) -> int:
    """Delete the failed rows of ``revision``; returns how many."""
    if not exists(conn):
        return 0
    result = conn.execute(text(f"DELETE FROM {TABLE} WHERE revision = :rev AND status = 'failed'"), {"rev": revision})  # noqa: S608
    return int(result.rowcount or 0)
