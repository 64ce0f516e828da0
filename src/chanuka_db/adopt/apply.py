"""Run an adopt plan: verified backup first, then every step under the migration lock, journaled.

Order of work (:func:`run`):

1. Recognise the database and plan (exactly what ``--dry-run`` shows). A blocked plan, a foreign
   database, a read-only role: a one-line refusal, nothing changed, no backup taken.
2. A backup through :mod:`chanuka_db.ops.backup` (``pg_dump -Fc`` plus a manifest of row counts and
   checksums), verified: the dump's sha256 matches its manifest and ``pg_restore --list`` reads it.
3. The migration advisory lock (the one ``migrate`` takes), held on one session for the whole run,
   so no migration runs meanwhile. The journal (``chanuka_legacy.adopt_runs``/``adopt_steps``).
4. The steps, in order. A transactional step runs in one transaction with its journal row, with a
   ``lock_timeout`` (retried with back-off) so writers never queue behind adopt for long.
   ``CREATE INDEX CONCURRENTLY`` and ``ALTER TYPE ... ADD VALUE`` run outside a transaction and are
   idempotent (an INVALID index left by an interrupted build is dropped and rebuilt). Backfills run
   in batches, each batch committing with its progress.
5. The plan is rebuilt from the live catalog until nothing is left (at most :data:`ROUNDS` times),
   then the live schema must equal the target snapshot; the target revision is stamped (journaled
   like ``stamp``), the lock released, and the migration engine applies the remaining revisions.

Interrupted anywhere (a killed process, a failed statement, a value that does not convert), the
database is left at a step boundary: re-running ``adopt`` re-plans what is left and finishes.
"""

from __future__ import annotations

import contextlib
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import psycopg
from alembic.runtime.migration import MigrationContext
from psycopg import errors as pg_errors
from sqlalchemy.engine import Connection

from chanuka_db.adopt import detect, journal, target
from chanuka_db.adopt import live as live_mod
from chanuka_db.adopt import plan as plan_mod
from chanuka_db.adopt.mapping import Mapping
from chanuka_db.adopt.model import AdoptPlan, AdoptResult, Backfill, Step
from chanuka_db.adopt.sqltext import ident, literal
from chanuka_db.engine import Database, describe
from chanuka_db.errors import ChanukaError, MigrationError, RefusedError, redact
from chanuka_db.migrate import diff, runner, snapshot
from chanuka_db.migrate import journal as mjournal
from chanuka_db.migrate import plan as mplan
from chanuka_db.migrate.checksums import file_sha256
from chanuka_db.migrate.config import MigrationSource, script_directory

#: Re-plans after the first pass (names PostgreSQL chose for partition indexes, and the like).
ROUNDS = 3
LOCK_NOT_AVAILABLE = "55P03"
LOCK_RETRIES = 6
LOCK_BACKOFF_S = 0.5


@dataclass(frozen=True)
class Event:
    """A progress event: ``what`` is ``step``, ``batch``, ``backup``, ``stamp``, ``migrate`` or ``done``."""

    what: str
    index: int
    total: int
    step: str
    detail: str = ""


Progress = Callable[[Event], None]


@dataclass(frozen=True)
class BackupTaken:
    """The verified backup adopt took before changing anything."""

    path: str
    rows: int


BackupFn = Callable[[Database, Path | None], BackupTaken]


def verified_backup(db: Database, directory: Path | None = None) -> BackupTaken:
    """``ops.backup.backup`` of ``db``, then checked: the dump's sha256 and ``pg_restore --list``.

    The one place adopt makes its backup (swap it by passing ``backup=`` to :func:`run`).
    """
    from chanuka_db.ops import backup as ops_backup

    manifest = (
        ops_backup.backup(db, directory=directory) if directory is not None else ops_backup.backup(db)
    )
    dump = manifest.dump_path
    if dump is None or not dump.exists():
        raise ChanukaError("the backup finished without a dump file; adopt stopped before changing anything")
    if ops_backup.sha256_file(dump) != manifest.dump_sha256:
        raise ChanukaError(f"the backup {dump} does not match its manifest; adopt stopped before changing anything")
    tool = ops_backup.find_tool("pg_restore", manifest.pg_dump_major)
    listed = subprocess.run([str(tool.path), "--list", str(dump)], capture_output=True, text=True, check=False,
                            timeout=600)
    if listed.returncode != 0:
        raise ChanukaError(f"pg_restore cannot read the backup {dump}; adopt stopped before changing anything")
    return BackupTaken(str(dump), manifest.total_rows)


# ------------------------------------------------------------------------------------------ planning
def make_plan(
    db: Database,
    mapping: Mapping,
    options: plan_mod.Options,
    source: MigrationSource | None = None,
) -> tuple[AdoptPlan, Mapping]:
    """Recognise the database and plan its adoption. Refuses a foreign database.

    Everything runs in one transaction that is always rolled back: to evaluate the new schema's
    constraints on the converted values, the new enum types and extensions are created inside it
    (when the role may); nothing of it is ever committed.
    """
    src = source or MigrationSource()
    scripts = script_directory(src)
    with db.connect() as conn:
        trans = conn.begin()
        try:
            detection = detect.classify(conn, scripts)
            database = describe(db.url)
            if detection.kind == "foreign":
                raise RefusedError(f"refusing to adopt {database}: {detection.reason}")
            if detection.kind in ("empty", "ours") or (detection.kind == "adopting" and detection.revision):
                plan = AdoptPlan(database=database, detection=detection, timezone=options.timezone,
                                 target_revision=detection.revision, head_revision=mplan.single_head(scripts))
                return plan, Mapping(timezone=options.timezone)
            base = target.adopt_base(scripts)
            goal = target.schema_of(base, src)
            live = live_mod.read(conn)
            ready = _provisional_types(conn, live, goal)
            plan, discovered = plan_mod.build(conn, live, goal, detection, mapping, options, database=database,
                                              types_ready=ready)
            plan.target_revision = base
            plan.head_revision = mplan.single_head(scripts)
            return plan, discovered
        finally:
            trans.rollback()


def _provisional_types(conn: Connection, live: live_mod.Live, goal: dict[str, Any]) -> bool:
    """Create the target's missing extensions and enum types inside the (rolled back) planning transaction.

    False when the role may not (a read-only role): constraints that need them are then not pre-checked.
    """
    savepoint = conn.begin_nested()
    try:
        for ext in sorted(set(goal.get("extensions", [])) - set(live.schema.get("extensions", []))):
            conn.exec_driver_sql(f"CREATE EXTENSION IF NOT EXISTS {ident(ext)} WITH SCHEMA public")
        have = live.schema.get("enums", {})
        for name, values in sorted(goal.get("enums", {}).items()):
            if name in have and [v for v in values if v in have[name]] == have[name]:
                continue  # equal, or widened later by ALTER TYPE ... ADD VALUE
            if name in have:
                conn.exec_driver_sql(f"ALTER TYPE public.{ident(name)} RENAME TO {ident(name + '__adopt_probe')}")
            labels = ", ".join("'" + v.replace("'", "''") + "'" for v in values)
            conn.exec_driver_sql(f"CREATE TYPE public.{ident(name)} AS ENUM ({labels})")
    except Exception:
        savepoint.rollback()
        return False
    savepoint.commit()
    return True


# ------------------------------------------------------------------------------------------ running
class _Runner:
    def __init__(self, db: Database, conn: psycopg.Connection[Any], run_id: str, options: plan_mod.Options,
                 progress: Progress | None) -> None:
        self.db = db
        self.conn = conn
        self.run_id = run_id
        self.options = options
        self.progress = progress
        self.steps_run = 0
        self.longest_lock_ms = 0
        self.longest_lock_step: str | None = None

    def emit(self, event: Event) -> None:
        if self.progress is not None:
            self.progress(event)

    def execute(self, steps: list[Step]) -> None:
        for index, step in enumerate(steps):
            self.emit(Event("step", index, len(steps), step.key, step.action))
            started = time.perf_counter()
            try:
                if step.backfill is not None:
                    self._backfill(step, index, len(steps))
                elif step.transactional:
                    self._transactional(step)
                else:
                    self._autocommit(step)
            except psycopg.Error as exc:
                message = _describe(exc)
                with contextlib.suppress(psycopg.Error):
                    journal.record(self.conn, self.run_id, step=step.key, phase=step.phase, table=step.table,
                                   status="failed", duration_ms=_ms(started), error=message)
                    journal.set_status(self.conn, self.run_id, "failed", f"{step.key}: {message}")
                raise MigrationError(
                    f"adopt stopped at step {step.key} ({step.action}): {message}; the database is at a step "
                    "boundary: fix the cause and run adopt again to resume"
                ) from exc
            self.steps_run += 1

    def _transactional(self, step: Step) -> None:
        attempt = 0
        while True:
            started = time.perf_counter()
            try:
                with self.conn.transaction():
                    self._set_local_timeouts()
                    detail: dict[str, Any] = {}
                    if step.key.startswith("cleanup:bookkeeping:"):
                        qualified = step.key.removeprefix("cleanup:bookkeeping:")
                        schema, _, table = qualified.partition(".")
                        detail["rows"] = journal.rows_as_json(self.conn, f"{ident(schema)}.{ident(table)}")
                    for statement in step.sql:
                        self.conn.execute(statement.encode())
                    held = _ms(started)
                    journal.record(self.conn, self.run_id, step=step.key, phase=step.phase, table=step.table,
                                   status="done", duration_ms=held, lock_ms=held, detail=detail or None)
                self._note_lock(step, _ms(started))
                return
            except (pg_errors.LockNotAvailable, pg_errors.DeadlockDetected):
                if attempt >= LOCK_RETRIES:
                    raise
                time.sleep(LOCK_BACKOFF_S * (2**attempt))
                attempt += 1

    def _set_local_timeouts(self) -> None:
        """This transaction waits at most ``lock_timeout`` for a lock, and any time for its work."""
        self.conn.execute(
            "SELECT set_config('lock_timeout', %s, true), set_config('statement_timeout', '0', true)",
            (f"{int(self.options.lock_timeout_ms)}ms",),
        )

    def _note_lock(self, step: Step, held_ms: int) -> None:
        if step.table is not None and "ACCESS EXCLUSIVE" in (step.lock or "ACCESS EXCLUSIVE") and (
                held_ms > self.longest_lock_ms):
            self.longest_lock_ms = held_ms
            self.longest_lock_step = step.key

    def _autocommit(self, step: Step) -> None:
        started = time.perf_counter()
        if step.retry_invalid_index:
            row = self.conn.execute(
                "SELECT NOT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relname = %s",
                (step.retry_invalid_index,),
            ).fetchone()
            if row is not None and row[0]:
                drop = f"DROP INDEX CONCURRENTLY IF EXISTS public.{ident(step.retry_invalid_index)}"
                self.conn.execute(drop.encode())
        self.conn.execute(f"SET lock_timeout = {int(self.options.lock_timeout_ms)}")
        try:
            for statement in step.sql:
                attempt = 0
                while True:
                    try:
                        self.conn.execute(statement.encode())
                        break
                    except (pg_errors.LockNotAvailable, pg_errors.DeadlockDetected):
                        if attempt >= LOCK_RETRIES:
                            raise
                        time.sleep(LOCK_BACKOFF_S * (2**attempt))
                        attempt += 1
        finally:
            self.conn.execute("RESET lock_timeout")
        with self.conn.transaction():
            journal.record(self.conn, self.run_id, step=step.key, phase=step.phase, table=step.table,
                           status="done", duration_ms=_ms(started))

    def _backfill(self, step: Step, index: int, total: int) -> None:
        """Batches of ``backfill.batch_rows`` rows in key order, each committed with its progress row."""
        spec = step.backfill
        assert spec is not None
        started = time.perf_counter()
        last = journal.last_progress(self.conn, step.key)
        cast = "::tid" if spec.key == "ctid" else f"::{self._key_type(spec.table, spec.key)}"
        rows_done = batches = attempt = 0
        while True:
            try:
                last_key, count = self._batch(step, spec, last, cast)
            except (pg_errors.LockNotAvailable, pg_errors.DeadlockDetected):
                if attempt >= LOCK_RETRIES:
                    raise
                time.sleep(LOCK_BACKOFF_S * (2**attempt))
                attempt += 1
                continue
            if last_key is None:
                with self.conn.transaction():
                    journal.record(self.conn, self.run_id, step=step.key, phase=step.phase, table=step.table,
                                   status="done", duration_ms=_ms(started),
                                   detail={"rows": rows_done, "batches": batches})
                return
            last, attempt = last_key, 0
            rows_done += count
            batches += 1
            self.emit(Event("batch", batches, total, step.key, f"{rows_done} rows"))

    def _batch(self, step: Step, spec: Backfill, last: str | None, cast: str) -> tuple[str | None, int]:
        """One batch after key ``last``, in its own transaction; ``(its last key or None when done, rows)``."""
        key = ident(spec.key) if spec.key != "ctid" else "ctid"
        table = f"public.{ident(spec.table)}"
        sets = ", ".join(f"{ident(col)} = {expr}" for col, expr in spec.assignments)
        where = f" AND ({spec.where})" if spec.where else ""
        bound = f"WHERE {key} > {literal(last)}{cast}{where}" if last is not None else f"WHERE true{where}"
        # No parameters: the expressions may hold mapped values with any character in them.
        statement = (
            f"WITH batch AS MATERIALIZED (SELECT {key} AS k FROM {table} {bound} ORDER BY {key} "  # noqa: S608
            f"LIMIT {int(spec.batch_rows)} FOR UPDATE), "
            f"done AS (UPDATE {table} SET {sets} FROM batch WHERE {table}.{key} = batch.k RETURNING 1) "
            "SELECT (SELECT k::text FROM batch ORDER BY k DESC LIMIT 1), (SELECT count(*) FROM done)"
        )
        with self.conn.transaction():
            self._set_local_timeouts()
            row = self.conn.execute(statement.encode()).fetchone()
            if row is None or row[0] is None:
                return None, 0
            journal.record(self.conn, self.run_id, step=step.key, phase=step.phase, table=step.table,
                           status="progress", detail={"last_key": str(row[0]), "rows": int(row[1])})
        return str(row[0]), int(row[1])

    def _key_type(self, table: str, column: str) -> str:
        row = self.conn.execute(
            "SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a WHERE a.attrelid = %s::regclass "
            "AND a.attname = %s",
            (f"public.{ident(table)}", column),
        ).fetchone()
        return str(row[0]) if row else "text"


def _ms(started: float) -> int:
    return round((time.perf_counter() - started) * 1000)


def _describe(exc: psycopg.Error) -> str:
    state = getattr(exc, "sqlstate", None)
    first = (str(exc).strip().splitlines() or ["database error"])[0]
    return redact(f"{first} (SQLSTATE {state})" if state else first)


@contextlib.contextmanager
def _locked(db: Database) -> Iterator[psycopg.Connection[Any]]:
    """A session holding the migration advisory lock (autocommit; transactions opened explicitly)."""
    conn = db.raw_connection(autocommit=True)
    try:
        conn.execute("SET lock_timeout = 0")
        conn.execute("SELECT pg_advisory_lock(%s)", (runner.MIGRATION_LOCK_KEY,))
        conn.execute("RESET lock_timeout")
        conn.execute("SET statement_timeout = 0")
        yield conn
    finally:
        with contextlib.suppress(psycopg.Error):
            conn.execute("SELECT pg_advisory_unlock(%s)", (runner.MIGRATION_LOCK_KEY,))
        conn.close()


def _remaining(live_schema: dict[str, Any], goal: dict[str, Any]) -> list[str]:
    return [c.text for c in diff.compare(snapshot.normalised(goal), snapshot.normalised(live_schema))]


def stamp(conn: Connection, revision: str, goal: dict[str, Any], source: MigrationSource) -> list[str]:
    """Record ``revision`` as applied once the live schema (adopt's own schema aside) equals ``goal``.

    What ``chanuka-db stamp`` does, except that objects in ``chanuka_legacy`` are not compared (the
    caller holds the migration lock on another session). Returns the revisions journaled.
    """
    scripts = script_directory(source)
    live = live_mod.without_legacy(snapshot.normalised(snapshot.take(conn)))
    left = _remaining(live, goal)
    if left:
        raise MigrationError(
            f"adopt finished its steps but the schema still differs from {revision} in {len(left)} way(s): "
            + "; ".join(left[:3])
        )
    mjournal.ensure_table(conn)
    MigrationContext.configure(conn).stamp(scripts, revision)
    done: list[str] = []
    for info in mplan.chain(revision, scripts):
        mjournal.insert(conn, revision=info.revision, filename=info.filename, direction="stamp", status="applied",
                        checksum=file_sha256(info.path), duration_ms=0)
        done.append(info.revision)
    conn.commit()
    return done


def run(
    db: Database,
    *,
    mapping: Mapping,
    options: plan_mod.Options,
    source: MigrationSource | None = None,
    progress: Progress | None = None,
    backup: BackupFn | None = None,
    backup_dir: Path | None = None,
    confirm: Callable[[AdoptPlan], bool] | None = None,
) -> AdoptResult:
    """Adopt the database (see the module docstring)."""
    started = time.perf_counter()
    src = source or MigrationSource()
    plan, _ = make_plan(db, mapping, options, src)
    database = plan.database
    kind = plan.detection.kind
    if kind in ("empty", "ours"):
        notes = [plan.detection.reason]
        return AdoptResult(database, kind, noop=True, plan=plan, revision_before=plan.detection.revision,
                           revision_after=plan.detection.revision, notes=notes)
    _refuse_if_blocked(plan)
    if confirm is not None and not confirm(plan):
        raise RefusedError("adopt cancelled; nothing was changed")
    result = AdoptResult(database, kind, noop=False, plan=plan)
    with _locked(db) as conn:
        # Planned again under the lock: another adopt (or migrate) may have run while this one waited.
        plan, _ = make_plan(db, mapping, options, src)
        result.plan = plan
        if plan.detection.kind in ("empty", "ours"):
            return AdoptResult(database, plan.detection.kind, noop=True, plan=plan,
                               revision_before=plan.detection.revision, revision_after=plan.detection.revision,
                               notes=[plan.detection.reason])
        _refuse_if_blocked(plan)
        with conn.transaction():
            open_run = journal.open_run(conn)
        if open_run is None:
            if progress:
                progress(Event("backup", 0, 1, "backup", "verified backup before any change"))
            taken = (backup or verified_backup)(db, backup_dir)
            result.backup_file, result.backup_rows = taken.path, taken.rows
            with db.connect() as sa:
                before = snapshot.normalised(snapshot.take(sa))
            with conn.transaction():
                journal.ensure(conn)
                result.run_id = journal.start_run(
                    conn, database=database, target=plan.target_revision, head=plan.head_revision,
                    timezone=options.timezone, backup_file=taken.path, detection=asdict(plan.detection),
                    plan=plan.as_dict(), mapping=mapping.as_dict(), before_schema=before)
        else:
            result.run_id, result.backup_file = open_run
            result.resumed = True
            with conn.transaction():
                journal.set_status(conn, result.run_id, "running")
        work = _Runner(db, conn, result.run_id, options, progress)
        stamped_already = plan.detection.kind == "adopting" and plan.detection.revision is not None
        if not stamped_already:
            steps = plan.steps
            for _ in range(ROUNDS + 1):
                if not steps:
                    break
                work.execute(steps)
                fresh, _ = make_plan(db, mapping, options, src)
                if fresh.blocked:
                    with conn.transaction():
                        journal.set_status(conn, result.run_id, "failed", fresh.blockers[0].line())
                    raise RefusedError(f"adopt stopped: {fresh.blockers[0].line()}; fix it and run adopt again")
                steps = fresh.steps
            goal = target.schema_of(plan.target_revision, src)
            if progress:
                progress(Event("stamp", 0, 1, "stamp", plan.target_revision or ""))
            with db.connect() as sa:
                stamp(sa, plan.target_revision or "", goal, src)
            with conn.transaction():
                journal.set_status(conn, result.run_id, "stamped")
        result.steps_run = work.steps_run
        result.longest_lock_ms = work.longest_lock_ms
        result.longest_lock_step = work.longest_lock_step
    if progress:
        progress(Event("migrate", 0, 1, "migrate", f"to {plan.head_revision}"))
    try:
        migrated = runner.upgrade(db, "head", source=src)
    except ChanukaError as exc:
        raise MigrationError(f"adopted to {plan.target_revision}, but `migrate` to head failed: {exc.message}; "
                             "run `chanuka-db migrate` once it is fixed") from exc
    result.migrated = [a.revision for a in migrated.applied]
    with db.raw_connection(autocommit=True) as conn, conn.transaction():
        journal.set_status(conn, result.run_id or "", "finished")
    with db.connect() as sa:
        result.revision_after = mplan.current_revision(sa)
    result.revision_before = None
    result.seconds = round(time.perf_counter() - started, 3)
    if progress:
        progress(Event("done", 1, 1, "done"))
    return result


def _refuse_if_blocked(plan: AdoptPlan) -> None:
    if not plan.blocked:
        return
    first = plan.blockers[0].line()
    more = f" (and {len(plan.blockers) - 1} more)" if len(plan.blockers) > 1 else ""
    raise RefusedError(
        f"adopt is blocked: {first}{more}; nothing was changed; run `chanuka-db adopt --dry-run`, decide the "
        "values in its mapping file and pass it with --mapping"
    )
