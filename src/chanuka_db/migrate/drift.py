"""Drift: do the models, the migrations, the committed artefacts and the live database agree?

``chanuka-db check`` runs every comparison and lists what disagrees:

- **branches**: exactly one head;
- **checksums**: ``migrations/checksums`` matches the revision files;
- **models vs migrations**: autogenerate finds nothing to do on a scratch database migrated to head;
- **snapshots**: the committed head snapshot is what the migrations produce;
- **live database**: at head, and its schema equals the head snapshot (or, when revisions are
  pending, equals the snapshot of the revision it is at).

Without permission to create a scratch database (a locked-down production role), the models are
compared with the live database instead when it is at head and matches the committed snapshot.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from chanuka_db.engine import Database
from chanuka_db.errors import MigrationError
from chanuka_db.migrate import artefacts, diff, generate, plan, runner, snapshot
from chanuka_db.migrate.config import MigrationSource, script_directory
from chanuka_db.migrate.scratch import ScratchUnavailable, scratch_database

SECTIONS = ("branches", "checksums", "models", "snapshots", "live")


@dataclass
class DriftReport:
    """Problems per section (see :data:`SECTIONS`); ``notes`` say how the comparison was made."""

    head: str | None = None
    live_revision: str | None = None
    problems: dict[str, list[str]] = field(default_factory=lambda: {s: [] for s in SECTIONS})
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing disagrees."""
        return not any(self.problems.values())

    def lines(self) -> list[str]:
        """Every problem as ``section: text``."""
        return [f"{section}: {text}" for section in SECTIONS for text in self.problems[section]]


def _changes(a: snapshot.Schema, b: snapshot.Schema) -> list[str]:
    return [c.text for c in diff.compare(snapshot.normalised(a), snapshot.normalised(b))]


def check(db: Database, source: MigrationSource | None = None) -> DriftReport:
    """Run every comparison; never raises for a difference (only for an unreachable database)."""
    src = source or MigrationSource()
    scripts = script_directory(src)
    report = DriftReport()
    try:
        report.head = plan.single_head(scripts)
    except MigrationError as exc:
        report.problems["branches"].append(exc.message)
        return report
    report.problems["checksums"].extend(artefacts.checksum_problems(src))
    built_head: snapshot.Schema | None = None
    try:
        with scratch_database(db, "check") as scratch:
            runner.upgrade(scratch, "head", source=src)
            with scratch.connect() as conn:
                report.problems["models"].extend(
                    f"autogenerate would emit: {line}" for line in generate.pending_operations(conn, src)
                )
                built_head = snapshot.take(conn)
    except ScratchUnavailable as exc:
        report.notes.append(f"{exc.message}; compared the models with the live database instead")
    except MigrationError as exc:
        report.problems["models"].append(f"the migrations do not apply to an empty database: {exc.message}")
    committed_head: snapshot.Schema | None = None
    try:
        committed_head = artefacts.committed_snapshot(report.head, src)
    except MigrationError as exc:
        report.problems["snapshots"].append(exc.message)
    if built_head is not None and committed_head is not None:
        stale = _changes(committed_head, built_head)
        if stale:
            report.problems["snapshots"].append(
                f"the committed snapshot of {report.head} is stale ({len(stale)} difference(s), first: {stale[0]}); "
                "run `chanuka-db snapshot --write-all`"
            )
    _check_live(db, src, report, built_head if built_head is not None else committed_head, built_head is None)
    return report


def _check_live(
    db: Database,
    src: MigrationSource,
    report: DriftReport,
    head_schema: snapshot.Schema | None,
    models_against_live: bool,
) -> None:
    scripts = script_directory(src)
    with db.connect() as conn:
        current = plan.current_revision(conn)
        report.live_revision = current
        if current is not None and not plan.known(current, scripts):
            report.problems["live"].append(f"the live database is at {current}, which no revision file defines")
            return
        live = snapshot.take(conn)
        if current == report.head:
            expected = head_schema
        else:
            pending = plan.revisions_between(current, report.head, scripts)
            report.problems["live"].append(
                f"the live database is at {current or 'base (empty)'}, {len(pending)} revision(s) behind "
                f"{report.head}; run `chanuka-db migrate`"
            )
            try:
                expected = artefacts.committed_snapshot(current, src)
            except MigrationError as exc:
                report.problems["live"].append(exc.message)
                return
        if expected is None:
            return
        differences = _changes(expected, live)
        report.problems["live"].extend(
            f"the live schema differs from revision {current or 'base'}: {text}" for text in differences
        )
        if models_against_live:
            if current == report.head and not differences:
                report.problems["models"].extend(
                    f"autogenerate would emit: {line}" for line in generate.pending_operations(conn, src)
                )
            else:
                report.notes.append("models not compared: no scratch database, and the live one is not at head")
