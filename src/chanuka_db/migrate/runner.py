"""Apply, roll back, stamp and repair revisions through Alembic, one applier at a time.

Like Django's ``executor``: everything that changes a database's schema or its version table runs
here, on one connection that holds the session-level migration advisory lock, so any number of
processes can call :func:`upgrade` at once: the first applies, the others wait, then find nothing
pending.

- Each revision runs in a transaction of its own with its journal row (a ``kill -9`` leaves the
  database at a whole revision); a revision declaring ``non_transactional = True`` runs in
  autocommit (see env.py) and must be idempotent (``IF NOT EXISTS``).
- Statements wait at most the session's ``lock_timeout`` for a table lock, so a migration never
  queues live traffic behind it for long; a lock timeout (SQLSTATE 55P03) is retried with back-off.
  ``statement_timeout`` is lifted for the migration (index builds and backfills take what they take).
- Before applying anything the applied revisions' files are verified against the journal.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from chanuka_db.engine import Database
from chanuka_db.errors import DriftError, MigrationError, redact
from chanuka_db.migrate import diff, journal, plan, snapshot, verify
from chanuka_db.migrate.checksums import file_sha256
from chanuka_db.migrate.config import MigrationSource, alembic_config, run_alembic, script_directory

# pg_advisory_lock key shared by every chanuka-db process: the ASCII bytes of "ChanukaM".
MIGRATION_LOCK_KEY = 0x4368616E756B614D
LOCK_NOT_AVAILABLE = "55P03"
#: Attempts for a revision that hits lock_timeout, and the first back-off (doubled each time).
LOCK_RETRIES = 5
LOCK_BACKOFF_S = 0.5


@dataclass(frozen=True)
class AppliedRevision:
    """One revision applied (or undone) by this run."""

    revision: str
    direction: str
    duration_ms: int


@dataclass
class RunResult:
    """What :func:`upgrade` / :func:`downgrade` did."""

    before: str | None
    current: str | None
    head: str | None
    applied: list[AppliedRevision] = field(default_factory=list)
    lock_wait_ms: int = 0
    retries: int = 0


@dataclass(frozen=True)
class StampResult:
    """What :func:`stamp` recorded."""

    before: str | None
    current: str | None
    journaled: list[str]


@dataclass(frozen=True)
class RepairResult:
    """What :func:`repair` changed."""

    revision: str
    cleared_failures: int
    realigned_checksum: str | None

    @property
    def changed(self) -> bool:
        """True when anything was repaired."""
        return bool(self.cleared_failures or self.realigned_checksum)


#: How often the server checks that the migrating client is still there (PostgreSQL 14+): a killed
#: migrator's statement is cancelled (and the migration lock released) within this, instead of
#: running to the end of a long index build while every other instance waits.
CLIENT_CHECK_INTERVAL_MS = 1000

_CHECK_INTERVAL = text(
    "SELECT current_setting('client_connection_check_interval', true), "
    "set_config('client_connection_check_interval', :v, false) "
    "WHERE current_setting('server_version_num')::int >= 140000"
)


#: Polling interval bounds while another process holds the migration lock.
LOCK_POLL_S = (0.02, 0.25)


@contextlib.contextmanager
def migration_lock(conn: Connection) -> Iterator[int]:
    """Hold the session-level migration advisory lock on ``conn``; yields the ms spent waiting.

    A waiter polls ``pg_try_advisory_lock`` between idle pauses instead of blocking in
    ``pg_advisory_lock``: a session blocked inside a statement holds a snapshot, and CREATE INDEX
    CONCURRENTLY in the applier's non-transactional revision waits for every older snapshot, which
    would deadlock with the waiter waiting for the lock.

    While held, statements on ``conn`` run without ``statement_timeout`` and with the session's
    configured ``lock_timeout``, and the server checks every second that this client is still alive.
    """
    start = time.perf_counter()
    pause = LOCK_POLL_S[0]
    while True:
        acquired = conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": MIGRATION_LOCK_KEY}).scalar()
        conn.commit()
        if acquired:
            break
        time.sleep(pause)
        pause = min(pause * 1.5, LOCK_POLL_S[1])
    conn.execute(text("SET statement_timeout = 0"))
    previous = conn.execute(_CHECK_INTERVAL, {"v": f"{CLIENT_CHECK_INTERVAL_MS}ms"}).first()
    conn.commit()
    waited = round((time.perf_counter() - start) * 1000)
    try:
        yield waited
    finally:
        try:
            if conn.in_transaction():
                conn.rollback()
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK_KEY})
            conn.execute(text("RESET statement_timeout"))
            if previous is not None:
                conn.execute(_CHECK_INTERVAL, {"v": previous[0] or "0"})
            conn.commit()
        except DBAPIError:
            # The session is gone (server restart, network): so is its lock. Never pool this connection.
            conn.invalidate()


def _is_lock_timeout(exc: BaseException) -> bool:
    orig = getattr(exc, "orig", None)
    return getattr(orig, "sqlstate", None) == LOCK_NOT_AVAILABLE


def describe_error(exc: BaseException) -> str:
    """One line for a failure inside a revision (driver errors: SQLSTATE and the server's message)."""
    orig = getattr(exc, "orig", None)
    if orig is not None:
        state = getattr(orig, "sqlstate", None)
        first = (str(orig).strip().splitlines() or ["database error"])[0]
        return redact(f"{first} (SQLSTATE {state})" if state else first)
    first = (str(exc).strip().splitlines() or [""])[0]
    return redact(f"{type(exc).__name__}: {first}" if first else type(exc).__name__)


def _run(
    conn: Connection,
    scripts: ScriptDirectory,
    direction: str,
    target: str | None,
    path: list[plan.RevisionInfo],
    source: MigrationSource | None,
) -> tuple[list[AppliedRevision], int]:
    """Move ``conn``'s database to ``target`` along ``path``; journal each step; retry lock timeouts."""
    done: list[AppliedRevision] = []
    retries = 0
    while True:
        hook = journal.JournalHook()
        cfg = alembic_config(conn, source=source)
        cfg.attributes["on_version_apply"] = hook
        cfg.attributes["skip_metadata"] = True
        if conn.in_transaction():
            conn.commit()  # Alembic must own the transactions (one per revision), not run inside ours
        try:
            run_alembic(cfg, scripts, direction, target)
            if conn.in_transaction():
                conn.commit()
        except Exception as exc:
            done.extend(AppliedRevision(r.revision, r.direction, r.duration_ms) for r in hook.recorded)
            finished = {d.revision for d in done}
            remaining = [r for r in path if r.revision not in finished]
            if not remaining:  # everything journaled: the failure came after the last commit
                raise MigrationError(f"{direction} finished but then failed: {describe_error(exc)}") from exc
            failed = remaining[0]
            with contextlib.suppress(DBAPIError):
                conn.rollback()
            if _is_lock_timeout(exc) and retries < LOCK_RETRIES:
                time.sleep(LOCK_BACKOFF_S * (2**retries))
                retries += 1
                continue
            reason = describe_error(exc)
            recorded = journal.record_failure(
                conn,
                revision=failed.revision,
                path=failed.path,
                direction=direction,
                duration_ms=hook.elapsed_ms(),
                error=reason,
            )
            outcome = (
                "it was rolled back, nothing of it was applied"
                if failed.transactional
                else f"it ran outside a transaction and may be partly applied; fix it, then run "
                f"`chanuka-db repair {failed.revision}`"
            )
            where = f"revision {failed.revision} ({failed.filename})"
            note = "" if recorded else " (the failure could not be journaled)"
            lock_note = f" after {retries} retries on lock timeout" if retries else ""
            raise MigrationError(f"{direction} of {where} failed{lock_note}: {reason}; {outcome}{note}") from exc
        done.extend(AppliedRevision(r.revision, r.direction, r.duration_ms) for r in hook.recorded)
        return done, retries


def _preflight(conn: Connection, scripts: ScriptDirectory) -> None:
    problems = verify.blocking_problems(conn, scripts)
    if problems:
        more = f" (and {len(problems) - 1} more; see `chanuka-db verify`)" if len(problems) > 1 else ""
        raise MigrationError(f"refusing to migrate: {problems[0]}{more}")


def upgrade(db: Database, target: str = "head", *, source: MigrationSource | None = None) -> RunResult:
    """Apply pending revisions up to ``target`` under the migration lock."""
    scripts = script_directory(source)
    target_rev = plan.resolve(target, scripts)
    head = plan.single_head(scripts)
    with db.connect() as conn, migration_lock(conn) as waited:
        journal.ensure_table(conn)
        conn.commit()
        before = plan.status(conn, source).current
        path = plan.upgrade_path(before, target_rev, scripts)
        result = RunResult(before=before, current=before, head=head, lock_wait_ms=waited)
        _preflight(conn, scripts)
        if not path:
            conn.commit()
            return result
        result.applied, result.retries = _run(conn, scripts, "upgrade", target_rev, path, source)
        result.current = plan.current_revision(conn)
        conn.commit()
    return result


def downgrade(
    db: Database, *, steps: int | None = None, to: str | None = None, source: MigrationSource | None = None
) -> RunResult:
    """Undo revisions: ``steps`` of them (default 1), or down to revision ``to`` (``base``: all)."""
    if steps is not None and to is not None:
        raise MigrationError("give either steps or a target revision, not both")
    if steps is not None and steps < 1:
        raise MigrationError("steps must be at least 1")
    scripts = script_directory(source)
    head = plan.single_head(scripts)
    target_rev = plan.resolve(to, scripts) if to is not None else None
    with db.connect() as conn, migration_lock(conn) as waited:
        journal.ensure_table(conn)
        conn.commit()
        before = plan.status(conn, source).current
        if to is None:
            applied = plan.chain(before, scripts)
            count = steps or 1
            if count > len(applied):
                raise MigrationError(
                    f"cannot roll back {count} revision(s): only {len(applied)} applied"
                    + ("" if applied else " (the database is empty)")
                )
            target_rev = applied[-count - 1].revision if count < len(applied) else None
        path = plan.downgrade_path(before, target_rev, scripts)
        result = RunResult(before=before, current=before, head=head, lock_wait_ms=waited)
        _preflight(conn, scripts)
        if not path:
            return result
        result.applied, result.retries = _run(conn, scripts, "downgrade", target_rev, path, source)
        result.current = plan.current_revision(conn)
        conn.commit()
    return result


def stamp(db: Database, revision: str, *, source: MigrationSource | None = None) -> StampResult:
    """Record ``revision`` as applied without running it, once the live schema equals its snapshot.

    For a database created outside chanuka-db (a restore, a hand-built schema). Refuses with
    :class:`DriftError` listing the differences when the schema does not match.
    """
    src = source or MigrationSource()
    scripts = script_directory(src)
    target = plan.resolve(revision, scripts)
    expected = snapshot.load(src.snapshot_path(target)) if target else snapshot.empty()
    with db.connect() as conn, migration_lock(conn):
        journal.ensure_table(conn)
        conn.commit()
        live = snapshot.take(conn)
        changes = diff.compare(expected, live)
        if changes:
            shown = "; ".join(c.text for c in changes[:3])
            more = f" (and {len(changes) - 3} more)" if len(changes) > 3 else ""
            raise DriftError(
                f"refusing to stamp {target or 'base'}: the live schema differs from its snapshot in "
                f"{len(changes)} way(s): {shown}{more}; see `chanuka-db diff {target or 'base'} live`"
            )
        before = plan.current_revision(conn)
        if before is not None and not plan.known(before, scripts):
            raise MigrationError(f"database records revision {before}, which no migration file defines")
        was = {r.revision for r in plan.chain(before, scripts)}
        will = plan.chain(target, scripts)
        journaled: list[str] = []
        MigrationContext.configure(conn).stamp(scripts, target or "base")
        for info in will:
            if info.revision not in was:
                journal.insert(
                    conn,
                    revision=info.revision,
                    filename=info.filename,
                    direction="stamp",
                    status="applied",
                    checksum=file_sha256(info.path),
                    duration_ms=0,
                )
                journaled.append(info.revision)
        keep = {r.revision for r in will}
        for rev in sorted(was - keep):
            script = scripts.get_revision(rev)
            path = script.path if script is not None else None
            journal.insert(
                conn,
                revision=rev,
                filename=path.rsplit("/", 1)[-1] if path else None,
                direction="stamp",
                status="rolled_back",
                checksum=file_sha256(path) if path else None,
                duration_ms=0,
            )
        conn.commit()
        return StampResult(before=before, current=target, journaled=journaled)


def repair(db: Database, revision: str, *, source: MigrationSource | None = None) -> RepairResult:
    """Clear the failed journal records of ``revision``; re-record its checksum if its file was edited."""
    scripts = script_directory(source)
    target = plan.resolve(revision, scripts)
    if target is None:
        raise MigrationError("name a revision to repair (base has no journal records)")
    script = scripts.get_revision(target)
    assert script is not None and script.path is not None
    with db.connect() as conn, migration_lock(conn):
        journal.ensure_table(conn)
        conn.commit()
        cleared = journal.clear_failures(conn, target)
        current = plan.current_revision(conn)
        realigned: str | None = None
        applied = current is not None and plan.known(current, scripts) and plan.is_ancestor(target, current, scripts)
        if applied:
            now = file_sha256(script.path)
            entry = journal.effective(conn).get(target)
            if entry is None or entry.status != "applied" or entry.checksum != now:
                journal.insert(
                    conn,
                    revision=target,
                    filename=script.path.rsplit("/", 1)[-1],
                    direction="repair",
                    status="applied",
                    checksum=now,
                    duration_ms=0,
                )
                realigned = now
        conn.commit()
    return RepairResult(revision=target, cleared_failures=cleared, realigned_checksum=realigned)


def ensure_schema(db: Database, *, source: MigrationSource | None = None) -> RunResult:
    """What a server calls at start-up: nothing when up to date (one query), else :func:`upgrade`.

    A database *ahead* of this code (its revision unknown here: a newer release migrated it) is
    left alone, as Flyway does with "future" migrations, so older instances still start during a
    rolling deploy; ``status`` and ``verify`` report it.
    """
    scripts = script_directory(source)
    head = plan.single_head(scripts)
    with db.connect() as conn:
        current = plan.current_revision(conn)
    if current == head or (current is not None and not plan.known(current, scripts)):
        return RunResult(before=current, current=current, head=head)
    return upgrade(db, "head", source=source)
