"""The Python API: one function per CLI verb, each returning plain data.

Like Alembic's ``command`` module, every user-facing operation is a small function here; the CLI
(:mod:`chanuka_db.cli`) only parses arguments and renders what these return. Functions take an
optional :class:`~chanuka_db.engine.Database`; without one they use the settings from the
environment.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import text

from chanuka_db.config import Environment, Settings, load_settings
from chanuka_db.engine import Database
from chanuka_db.errors import RefusedError
from chanuka_db.migrate import artefacts, drift, dryrun, journal, plan, render, runner
from chanuka_db.migrate import checksums as checksums_file
from chanuka_db.migrate import diff as diff_mod
from chanuka_db.migrate import generate as generate_mod
from chanuka_db.migrate import lint as lint_mod
from chanuka_db.migrate import snapshot as snapshot_mod
from chanuka_db.migrate import verify as verify_mod
from chanuka_db.migrate.config import MigrationSource, script_directory
from chanuka_db.migrate.rewrite import Renames
from chanuka_db.ops import health as _health
from chanuka_db.server import EmbeddedServer, ServerStatus

if TYPE_CHECKING:  # the ingest modules import the models: only the data verbs pay for that, when called
    from pathlib import Path

    from chanuka_db import adopt as _adopt
    from chanuka_db import security as _security
    from chanuka_db.ha import cluster as _ha_cluster
    from chanuka_db.ha import doctor as _ha_doctor
    from chanuka_db.ingest.copy import LoadResult
    from chanuka_db.ingest.demo import DemoSizes, SeedReport
    from chanuka_db.ingest.demo import Progress as DemoProgress
    from chanuka_db.ops import backup as _backup
    from chanuka_db.ops import docs as _docs
    from chanuka_db.ops import doctor as _doctor
    from chanuka_db.ops import partitions as _partitions
    from chanuka_db.search.types import SearchPage, Suggestion


def _db(db: Database | None) -> Database:
    return db if db is not None else Database()


def _server(settings: Settings | None) -> EmbeddedServer:
    s = settings or load_settings()
    return Database(s).embedded


def server_start(settings: Settings | None = None, *, replicas: int | None = None) -> ServerStatus:
    """Start (or reuse) the embedded PostgreSQL and create the ``chanuka`` database.

    ``replicas``: keep that many hot standbys streaming from it (0 removes them; None leaves them).
    """
    return _server(settings).start(replicas=replicas)


def server_stop(settings: Settings | None = None) -> ServerStatus:
    """Stop the embedded PostgreSQL (its data is kept)."""
    return _server(settings).stop()


def server_status(settings: Settings | None = None) -> ServerStatus:
    """Whether the embedded PostgreSQL is initialised and running."""
    return _server(settings).status()


def server_url(settings: Settings | None = None, *, show_password: bool = False) -> str:
    """The embedded server's URL (starts it if needed); password masked unless asked for."""
    server = _server(settings)
    server.start()
    return server.url().render_as_string(hide_password=not show_password)


def health(db: Database | None = None) -> _health.HealthReport:
    """Connectivity, version, latency, size, extensions and migration state."""
    return _health.check(_db(db))


# ---------------------------------------------------------------------------- migrations
# One function per `chanuka-db` migration verb; the work happens in chanuka_db.migrate.*.


@dataclass(frozen=True)
class MigrateResult(plan.MigrationStatus):
    """What ``migrate`` (or ``rollback``, ``ensure_schema``) did; still a :class:`MigrationStatus` (after).

    ``planned`` is set by a dry run, ``sql`` by ``--sql``; neither changes the database.
    """

    before: str | None = None
    applied: list[runner.AppliedRevision] = field(default_factory=list)
    lock_wait_ms: int = 0
    retries: int = 0
    planned: list[dryrun.PlannedRevision] | None = None
    sql: str | None = None
    backup: str | None = None
    partitions_created: int = 0


@dataclass(frozen=True)
class SnapshotResult:
    """``snapshot``: the schema (one database or revision), or what ``--write-all`` wrote."""

    schema: dict[str, Any] | None = None
    written: artefacts.SnapshotWrite | None = None
    revision: str | None = None


@dataclass(frozen=True)
class ChecksumsResult:
    """``checksums``: the problems found, or the entries written with ``--write``."""

    problems: list[str]
    written: bool
    entries: list[checksums_file.Entry]


def _status_after(run: runner.RunResult, source: MigrationSource | None) -> MigrateResult:
    scripts = script_directory(source)
    ahead = run.current is not None and not plan.known(run.current, scripts)
    pending = [] if ahead else plan.revisions_between(run.current, run.head, scripts)
    return MigrateResult(
        current=run.current,
        head=run.head,
        pending=pending,
        before=run.before,
        applied=run.applied,
        lock_wait_ms=run.lock_wait_ms,
        retries=run.retries,
    )


def status(db: Database | None = None, *, source: MigrationSource | None = None) -> plan.MigrationStatus:
    """Current revision, head and pending revisions."""
    database = _db(db)
    with database.connect() as conn:
        return plan.status(conn, source)


def migrate(
    db: Database | None = None,
    *,
    to: str = "head",
    sql: bool = False,
    dry_run: bool = False,
    from_rev: str | None = None,
    no_backup: bool = False,
    source: MigrationSource | None = None,
) -> MigrateResult:
    """Apply pending revisions up to ``to`` under the migration advisory lock.

    ``dry_run``: only plan (revisions, statements, locks). ``sql``: only render the SQL (offline),
    from the database's revision, or from ``from_rev`` without connecting. In production a backup
    is taken first when something is pending, unless ``no_backup``. Afterwards the monthly
    partitions of the event tables are kept three months ahead.
    """
    scripts = script_directory(source)
    target = plan.resolve(to, scripts)
    head = plan.single_head(scripts)
    if sql:
        if from_rev is not None:
            start = plan.resolve(from_rev, scripts)
        else:
            with _db(db).connect() as conn:
                start = plan.status(conn, source).current
        path = plan.upgrade_path(start, target, scripts)
        text_out = render.render(start, target, source=source, journaled=True).script if path else ""
        return MigrateResult(current=start, head=head, pending=path, before=start, sql=text_out)
    database = _db(db)
    if dry_run:
        with database.connect() as conn:
            start = plan.status(conn, source).current
            if from_rev is not None:
                start = plan.resolve(from_rev, scripts)
            planned = dryrun.build(conn, target, source, current=start)
        return MigrateResult(
            current=start, head=head, pending=plan.upgrade_path(start, target, scripts), before=start, planned=planned
        )
    manifest = None
    if not no_backup:
        from chanuka_db.ops.backup import backup_before_migrate

        manifest = backup_before_migrate(database)
    result = _status_after(runner.upgrade(database, to, source=source), source)
    return dataclasses.replace(
        result,
        backup=str(manifest.dump_path) if manifest is not None else None,
        partitions_created=_maintain_partitions(database),
    )


def _maintain_partitions(database: Database) -> int:
    """After migrating: monthly partitions three months ahead (idempotent; see ``partitions ensure``)."""
    from chanuka_db.ops import partitions as _partitions

    with database.engine.begin() as conn:
        return len(_partitions.ensure(conn, months_ahead=3).created)


def ensure_schema(db: Database | None = None, *, source: MigrationSource | None = None) -> MigrateResult:
    """For a server's start-up: a no-op (one query) when nothing is pending, else ``migrate``."""
    database = _db(db)
    run = runner.ensure_schema(database, source=source)
    if not run.applied:
        return MigrateResult(current=run.current, head=run.head, before=run.before)
    return _status_after(run, source)


def rollback(
    db: Database | None = None,
    *,
    steps: int | None = None,
    to: str | None = None,
    yes: bool = False,
    source: MigrationSource | None = None,
) -> MigrateResult:
    """Undo ``steps`` revisions (default 1) or down to ``to`` (``base``: everything).

    In production (``CHANUKA_ENV=production``) it refuses unless ``yes``; elsewhere ``yes`` changes nothing.
    """
    database = _db(db)
    if database.settings.env is Environment.PRODUCTION and not yes:
        what = f"to {to}" if to is not None else f"{steps or 1} revision(s)"
        raise RefusedError(
            f"refusing to roll back {what} in production without --yes: a downgrade can drop tables and "
            "columns with their data; take a backup, then repeat with --yes"
        )
    return _status_after(runner.downgrade(database, steps=steps, to=to, source=source), source)


def history(
    db: Database | None = None, *, revision: str | None = None, limit: int | None = None
) -> list[journal.JournalEntry]:
    """The migration journal, newest first (every applied, failed, rolled back or stamped revision)."""
    with _db(db).connect() as conn:
        return journal.entries(conn, revision=revision, limit=limit)


def verify(db: Database | None = None, *, source: MigrationSource | None = None) -> verify_mod.VerifyReport:
    """Check that every applied revision's file is unchanged since it was applied."""
    with _db(db).connect() as conn:
        return verify_mod.verify(conn, script_directory(source))


def snapshot(
    db: Database | None = None,
    *,
    rev: str | None = None,
    write_all: bool = False,
    source: MigrationSource | None = None,
) -> SnapshotResult:
    """The live schema as deterministic JSON; with ``rev``, the schema that revision produces (built
    on a scratch database); with ``write_all``, (re)write every revision's committed snapshot."""
    database = _db(db)
    if write_all:
        return SnapshotResult(written=artefacts.write_snapshots(database, source))
    if rev is not None:
        target = plan.resolve(rev, script_directory(source))
        return SnapshotResult(schema=artefacts.build(database, target, source), revision=target or "base")
    with database.connect() as conn:
        return SnapshotResult(schema=snapshot_mod.take(conn), revision=plan.current_revision(conn))


def diff(
    rev_a: str, rev_b: str, db: Database | None = None, *, source: MigrationSource | None = None
) -> list[diff_mod.Change]:
    """What changes from ``rev_a`` to ``rev_b`` (committed snapshots; ``live`` is the database)."""
    scripts = script_directory(source)

    def schema_of(name: str) -> dict[str, Any]:
        if name == "live":
            with _db(db).connect() as conn:
                return snapshot_mod.normalised(snapshot_mod.take(conn))
        return snapshot_mod.normalised(artefacts.committed_snapshot(plan.resolve(name, scripts), source))

    return diff_mod.compare(schema_of(rev_a), schema_of(rev_b))


def check(db: Database | None = None, *, source: MigrationSource | None = None) -> drift.DriftReport:
    """Models vs migrations, committed artefacts vs migrations, live database vs head."""
    return drift.check(_db(db), source)


def generate(
    message: str,
    *,
    renames: Sequence[str] = (),
    table_renames: Sequence[str] = (),
    db: Database | None = None,
    source: MigrationSource | None = None,
) -> generate_mod.GenerateResult:
    """Autogenerate a revision from the models (renames as ``table.old=new`` / ``old=new``)."""
    parsed = Renames.parse(list(renames), list(table_renames))
    return generate_mod.generate(_db(db), message, parsed, source=source)


def lint(rev: str | None = None, *, citus: bool = False, source: MigrationSource | None = None) -> lint_mod.LintReport:
    """squawk and chanuka-db's rules over every revision (or ``rev``); needs no database.

    ``citus``: also check the models against the Citus sharding plan (docs/scaling.md).
    """
    return lint_mod.lint(rev, source=source, citus=citus)


def stamp(rev: str, db: Database | None = None, *, source: MigrationSource | None = None) -> runner.StampResult:
    """Mark ``rev`` as applied, after confirming the live schema equals its snapshot (refuses otherwise)."""
    return runner.stamp(_db(db), rev, source=source)


def repair(rev: str, db: Database | None = None, *, source: MigrationSource | None = None) -> runner.RepairResult:
    """Clear ``rev``'s failed journal records (and re-record its checksum if its file was edited)."""
    return runner.repair(_db(db), rev, source=source)


def checksums(*, write: bool = False, source: MigrationSource | None = None) -> ChecksumsResult:
    """Compare ``migrations/checksums`` with the revision files; ``write`` rewrites it."""
    if write:
        return ChecksumsResult(problems=[], written=True, entries=artefacts.write_checksums(source))
    return ChecksumsResult(
        problems=artefacts.checksum_problems(source), written=False, entries=artefacts.expected_checksums(source)
    )


# ------------------------------------------------------------------ data
def seed(
    db: Database | None = None,
    *,
    sizes: DemoSizes | None = None,
    replace: bool = False,
    progress: DemoProgress | None = None,
) -> SeedReport:
    """Load the deterministic Kenyan demo dataset (skipped when bills exist, unless ``replace``)."""
    from chanuka_db.ingest import demo as demo_data

    database = _db(db)
    with database.raw_connection() as conn:
        report = demo_data.seed(conn, sizes or demo_data.DemoSizes(), replace=replace, progress=progress)
    if not report.skipped:
        # Autocomplete and "did you mean" read materialized views: bring them up to the new rows.
        refresh_search(database)
    return report


def load_rows(
    table: str,
    rows: Iterable[Any],
    db: Database | None = None,
    *,
    upsert: bool | Sequence[str] = False,
    progress: Callable[[int], None] | None = None,
) -> LoadResult:
    """Validate and COPY ``rows`` (dicts or dataclasses) into ``table``; all or nothing."""
    from chanuka_db.errors import InvalidInput
    from chanuka_db.schema import metadata

    if table not in metadata.tables:
        raise InvalidInput(f"unknown table {table!r}")
    database = _db(db)
    with database.raw_connection() as conn:
        from chanuka_db.ingest import copy as copy_loader

        return copy_loader.load(conn, metadata.tables[table], rows, upsert=upsert, progress=progress)


#: The sample search ``chanuka-db demo`` runs over the demo data.
DEMO_QUERY = "county health funding"


@dataclass
class DemoResult:
    """What ``chanuka-db demo`` did and found."""

    status: plan.MigrationStatus
    seed: SeedReport
    samples: list[str] = field(default_factory=list)


def demo(db: Database | None = None, *, progress: DemoProgress | None = None) -> DemoResult:
    """Migrate to head, seed the demo dataset when the database has no bills, and describe the result."""
    database = _db(db)
    status_after = migrate(database)
    # 24 months of events go to monthly partitions, not the default one.
    partitions_ensure(database, months_back=24)
    report = seed(database, progress=progress)
    samples: list[str] = []
    with database.connect() as conn:
        top = conn.execute(
            text("SELECT bill_number, title, comment_count FROM bills ORDER BY comment_count DESC, bill_number LIMIT 3")
        ).all()
    samples.extend(f"most discussed: {n} {t} ({c} comments)" for n, t, c in top)
    page = search(DEMO_QUERY, database, limit=3)
    samples.append(f"search {DEMO_QUERY!r}: {page.total:,} bill(s) in {page.took_ms:.1f} ms")
    samples.extend(f"  {hit.bill_number} {hit.title}" for hit in page.hits)
    return DemoResult(status=status_after, seed=report, samples=samples)


# ------------------------------------------------------------------ search
def search(query: str, db: Database | None = None, **options: Any) -> SearchPage[Any]:
    """Full-text search of bills (default), sponsors or comments.

    ``options`` are those of :func:`chanuka_db.search.service.search`: ``type``, ``limit``,
    ``offset``, ``status``, ``chamber``, ``category``, ``county``, ``party``, ``position``,
    ``sponsor``, ``bill``, ``date_from``, ``date_to``.
    """
    from chanuka_db.search import service as search_service

    return search_service.search(_db(db), query, **options)


def suggest(prefix: str, db: Database | None = None, *, limit: int = 8) -> list[Suggestion]:
    """Autocomplete: bill titles and sponsor names completing ``prefix``."""
    from chanuka_db.search import service as search_service

    return search_service.suggest(_db(db), prefix, limit=limit)


def refresh_search(db: Database | None = None) -> float:
    """Refresh the search vocabulary and autocomplete views; returns the seconds it took."""
    from chanuka_db.search import service as search_service

    return search_service.refresh(_db(db))


# ------------------------------------------------------------------ adopting the old database
def adopt_plan(
    db: Database | None = None, *, mapping: Path | str | None = None, timezone: str | None = None
) -> _adopt.AdoptPlan:
    """Plan the adoption of a database built by the old Drizzle module; changes nothing, writes the
    value mapping file for review (see docs/adopting.md)."""
    from chanuka_db import adopt as adopt_mod

    return adopt_mod.dry_run(_db(db), mapping=mapping, timezone=timezone)


def adopt(
    db: Database | None = None,
    *,
    mapping: Path | str | None = None,
    timezone: str | None = None,
    yes: bool = False,
    confirm: Callable[[_adopt.AdoptPlan], bool] | None = None,
    progress: _adopt.Progress | None = None,
    backup_dir: Path | None = None,
) -> _adopt.AdoptResult:
    """Back up, then adopt the old module's database in place and migrate it to head; resumable,
    a no-op on chanuka-db's own databases. Refuses unless ``yes`` or ``confirm(plan)``."""
    from chanuka_db import adopt as adopt_mod

    return adopt_mod.adopt(
        _db(db), mapping=mapping, timezone=timezone, yes=yes, confirm=confirm, progress=progress, backup_dir=backup_dir
    )


# ------------------------------------------------------------------ operations
def backup(
    db: Database | None = None, path: Path | str | None = None, *, progress: _backup.Progress | None = None
) -> _backup.BackupManifest:
    """pg_dump (custom format) to ``path`` plus a manifest beside it (revision, row counts, checksums, sha256)."""
    from chanuka_db.ops import backup as _backup

    return _backup.backup(_db(db), path, progress)


def restore(
    path: Path | str,
    target: str,
    *,
    force: bool = False,
    no_acl: bool = False,
    progress: _backup.Progress | None = None,
) -> _backup.RestoreReport:
    """Verify the dump against its manifest, restore it into ``target`` (new or empty), verify the result."""
    from chanuka_db.ops import backup as _backup

    return _backup.restore(path, target, force, progress, no_acl=no_acl)


def doctor(db: Database | None = None) -> _doctor.DoctorReport:
    """Slow queries, index and bloat problems, sessions, partitions and sequences, each with advice."""
    from chanuka_db.ops import doctor as _doctor

    return _doctor.doctor(_db(db))


def docs(out_dir: Path | None = None, *, check: bool = False) -> _docs.DocsResult:
    """Write docs/schema/ (data dictionary, ER diagrams, changelog), or with ``check`` list what is stale."""
    from chanuka_db.ops import docs as _docs

    return _docs.docs(out_dir or _docs.DEFAULT_OUT_DIR, check=check)


def types(fmt: str) -> str:
    """TypeScript (``ts``) or JSON Schema (``jsonschema``) of every table's Row and Insert shapes."""
    from chanuka_db.ops import types as _types

    return _types.export(fmt)


# ------------------------------------------------------------------ partitions
def partitions_ensure(
    db: Database | None = None, *, months_ahead: int = 3, months_back: int = 0
) -> _partitions.EnsureResult:
    """Create monthly partitions from ``months_back`` months ago to ``months_ahead`` ahead (idempotent)."""
    from chanuka_db.ops import partitions as _partitions

    with _db(db).engine.begin() as conn:
        return _partitions.ensure(conn, months_ahead=months_ahead, months_back=months_back)


def partitions_list(db: Database | None = None) -> _partitions.PartitionList:
    """Every partition of the partitioned tables with its row count; warns about a non-empty default."""
    from chanuka_db.ops import partitions as _partitions

    with _db(db).engine.begin() as conn:
        return _partitions.list_partitions(conn)


def partitions_detach(
    db: Database | None = None, *, older_than: str = "24m", drop: bool = False
) -> _partitions.DetachResult:
    """Detach partitions older than ``older_than`` (e.g. ``24m``, ``2y``); kept as tables unless ``drop``."""
    from chanuka_db.ops import partitions as _partitions

    months = _partitions.parse_duration(older_than)
    with _db(db).engine.begin() as conn:
        return _partitions.detach(conn, older_than_months=months, drop=drop)


# ------------------------------------------------------------------ high availability
def _ha_dir(settings: Settings | None) -> Path:
    from chanuka_db.ha import cluster as _ha_cluster

    return _ha_cluster.default_state_dir(settings or load_settings())


def ha_doctor() -> _ha_doctor.DoctorReport:
    """Patroni, etcd, PgBouncer and PostgreSQL: present? which versions? the install command for what is not."""
    from chanuka_db.ha import doctor as _ha_doctor

    return _ha_doctor.doctor()


def ha_start(
    settings: Settings | None = None,
    *,
    members: int | None = None,
    sync: bool | None = None,
    pooler: bool | None = None,
) -> _ha_cluster.ClusterStatus:
    """Start (or reuse) the local HA cluster: etcd, N Patroni members, optionally PgBouncer."""
    from chanuka_db.ha import cluster as _ha_cluster

    return _ha_cluster.start(_ha_dir(settings), members=members, sync=sync, pooler=pooler)


def ha_exists(settings: Settings | None = None) -> bool:
    """True when an HA cluster has been created beside the embedded server's data directory."""
    from chanuka_db.ha import cluster as _ha_cluster

    return _ha_cluster.exists(_ha_dir(settings))


def ha_stop(settings: Settings | None = None) -> _ha_cluster.ClusterStatus:
    """Stop PgBouncer, the members, then etcd; nothing is left running."""
    from chanuka_db.ha import cluster as _ha_cluster

    return _ha_cluster.stop(_ha_dir(settings))


def ha_status(settings: Settings | None = None) -> _ha_cluster.ClusterStatus:
    """Members with role, state, timeline and lag; etcd and PgBouncer."""
    from chanuka_db.ha import cluster as _ha_cluster

    return _ha_cluster.status(_ha_dir(settings))


def ha_switchover(settings: Settings | None = None, *, candidate: str | None = None) -> _ha_cluster.ClusterStatus:
    """Planned leader change through Patroni (to ``candidate`` or any healthy replica)."""
    from chanuka_db.ha import cluster as _ha_cluster

    return _ha_cluster.switchover(_ha_dir(settings), candidate)


def ha_failover(settings: Settings | None = None, *, candidate: str | None = None) -> _ha_cluster.ClusterStatus:
    """Forced leader change through Patroni."""
    from chanuka_db.ha import cluster as _ha_cluster

    return _ha_cluster.failover(_ha_dir(settings), candidate)


# ------------------------------------------------------------------ security
def roles_apply(db: Database | None = None, *, transfer_ownership: bool = False) -> _security.ApplyResult:
    """Create missing roles; reconcile grants and default privileges with the rules (idempotent)."""
    from chanuka_db import security as _security

    return _security.apply_roles(_db(db), transfer_ownership=transfer_ownership)


def roles_show(db: Database | None = None) -> _security.RolesReport:
    """Roles, members, what each can do, row-level security, problems."""
    from chanuka_db import security as _security

    return _security.show_roles(_db(db))


def pii() -> list[_security.PiiColumn]:
    """Every column the models mark as personal data, with its category."""
    from chanuka_db import security as _security

    return _security.pii_columns()
