"""The committed artefacts beside the revisions: one schema snapshot per revision, and the checksum file.

:func:`write_snapshots` migrates a scratch database one revision at a time and writes each
revision's snapshot (``chanuka-db snapshot --write-all``); :func:`write_checksums` rewrites
``migrations/checksums`` from the revision files (``chanuka-db checksums --write``, and
``generate`` after writing a revision). :func:`checksum_problems` says how the committed checksum
file disagrees with the files (``check`` and ``lint`` fail on it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from chanuka_db.engine import Database
from chanuka_db.migrate import checksums, plan, runner, snapshot
from chanuka_db.migrate.config import MigrationSource, script_directory
from chanuka_db.migrate.scratch import scratch_database


def expected_checksums(source: MigrationSource | None = None) -> list[checksums.Entry]:
    """The checksum entries the revision files call for today, oldest revision first."""
    scripts = script_directory(source)
    return [
        checksums.Entry(info.revision, info.filename, checksums.file_sha256(info.path))
        for info in plan.ordered(scripts)
    ]


def write_checksums(source: MigrationSource | None = None) -> list[checksums.Entry]:
    """Rewrite the checksum file from the revision files; returns its entries."""
    src = source or MigrationSource()
    plan.single_head(script_directory(src))
    entries = expected_checksums(src)
    src.checksums_file.write_text(checksums.render(entries), encoding="utf-8")
    return entries


def checksum_problems(source: MigrationSource | None = None) -> list[str]:
    """How the committed checksum file disagrees with the revision files (empty: it matches)."""
    src = source or MigrationSource()
    return checksums.compare(expected_checksums(src), checksums.read(src.checksums_file), src.checksums_file)


@dataclass
class SnapshotWrite:
    """What :func:`write_snapshots` did."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def build(db: Database, revision: str | None, source: MigrationSource | None = None) -> snapshot.Schema:
    """The schema ``revision`` produces, built on a scratch database next to ``db``'s."""
    src = source or MigrationSource()
    target = plan.resolve(revision, script_directory(src)) if revision else None
    if target is None:
        return snapshot.empty()
    with scratch_database(db, "snapshot --rev") as scratch:
        runner.upgrade(scratch, target, source=src)
        with scratch.connect() as conn:
            return snapshot.take(conn)


def write_snapshots(db: Database, source: MigrationSource | None = None) -> SnapshotWrite:
    """(Re)write every revision's snapshot; delete snapshots of revisions that no longer exist."""
    src = source or MigrationSource()
    scripts = script_directory(src)
    plan.single_head(scripts)
    result = SnapshotWrite()
    revisions = plan.ordered(scripts)
    with scratch_database(db, "snapshot --write-all") as scratch:
        for info in revisions:
            runner.upgrade(scratch, info.revision, source=src)
            with scratch.connect() as conn:
                schema = snapshot.take(conn)
            changed = snapshot.write(src.snapshot_path(info.revision), schema, info.revision)
            (result.written if changed else result.unchanged).append(info.revision)
    known = {info.revision for info in revisions}
    if src.snapshots_dir.is_dir():
        for path in sorted(src.snapshots_dir.glob("*.json")):
            if path.stem not in known:
                path.unlink()
                result.removed.append(path.stem)
    return result


def committed_snapshot(revision: str | None, source: MigrationSource | None = None) -> snapshot.Schema:
    """The committed snapshot of ``revision`` (the empty schema for base)."""
    src = source or MigrationSource()
    if revision is None:
        return snapshot.empty()
    return snapshot.load(src.snapshot_path(revision))
