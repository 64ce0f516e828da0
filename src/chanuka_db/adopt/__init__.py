"""Adopt a live database built by the old TypeScript/Drizzle module, losing nothing.

Two entry points, one per CLI verb (``chanuka-db adopt --dry-run`` and ``chanuka-db adopt``):

- :func:`dry_run` recognises the database, plans its adoption (per table: added, changed, kept;
  every conversion with its SQL; what blocks; what is dropped or moved aside; estimated locks) and
  writes the value mapping file for review. It never changes the database.
- :func:`adopt` takes a verified backup, applies the plan under the migration lock, journaled and
  resumable, stamps the schema and migrates to head. A second call is a no-op.

The modules, one job each: :mod:`~chanuka_db.adopt.detect` (what kind of database),
:mod:`~chanuka_db.adopt.target` (which schema to converge to), :mod:`~chanuka_db.adopt.live`
(catalog and sizes), :mod:`~chanuka_db.adopt.convert` (column conversions),
:mod:`~chanuka_db.adopt.mapping` (the value mapping file), :mod:`~chanuka_db.adopt.plan` (the steps),
:mod:`~chanuka_db.adopt.journal` and :mod:`~chanuka_db.adopt.apply` (running them).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from chanuka_db.adopt import mapping as mapping_mod
from chanuka_db.adopt.apply import BackupFn, BackupTaken, Event, Progress, make_plan, run, verified_backup
from chanuka_db.adopt.mapping import DEFAULT_FILE, Mapping
from chanuka_db.adopt.model import LEGACY_SCHEMA, AdoptPlan, AdoptResult, Blocker, Conversion, Detection
from chanuka_db.adopt.plan import Options
from chanuka_db.engine import Database
from chanuka_db.errors import InvalidInput, RefusedError
from chanuka_db.migrate.config import MigrationSource

DEFAULT_TIMEZONE = "Africa/Nairobi"

__all__ = [
    "DEFAULT_FILE",
    "DEFAULT_TIMEZONE",
    "LEGACY_SCHEMA",
    "AdoptPlan",
    "AdoptResult",
    "BackupFn",
    "BackupTaken",
    "Blocker",
    "Conversion",
    "Detection",
    "Event",
    "Mapping",
    "Options",
    "Progress",
    "adopt",
    "dry_run",
    "verified_backup",
]


def _zone(timezone: str | None, mapping: Mapping) -> str:
    zone = timezone or mapping.timezone or DEFAULT_TIMEZONE
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(f"unknown time zone {zone!r} (use an IANA name such as Africa/Nairobi or UTC)") from None
    return zone


def _read_mapping(path: Path | str | None) -> Mapping:
    if path is None:
        return Mapping()
    return mapping_mod.read(path)


def dry_run(
    db: Database | None = None,
    *,
    mapping: Path | str | None = None,
    timezone: str | None = None,
    write_mapping: bool = True,
    source: MigrationSource | None = None,
    lock_budget_s: float = 1.0,
) -> AdoptPlan:
    """Plan the adoption of ``db`` without changing it; write the mapping file for review.

    ``mapping``: the mapping file to read decisions from and (re)write (written even when nothing needs
    mapping, to record the time zone); without it, ``chanuka-adopt-mapping.json`` in the working
    directory, written only when values need mapping.
    ``timezone``: the zone old ``timestamp`` values are in (default: the mapping file's, else
    Africa/Nairobi). Refuses (:class:`~chanuka_db.errors.RefusedError`, one line) a database that is
    neither empty, chanuka-db's nor the old module's.
    """
    database = db if db is not None else Database()
    decided = _read_mapping(mapping) if mapping is not None and Path(mapping).exists() else Mapping()
    zone = _zone(timezone, decided)
    options = Options(timezone=zone, lock_budget_s=lock_budget_s)
    plan, discovered = make_plan(database, decided, options, source)
    merged = mapping_mod.merge(decided, discovered)
    merged.timezone = zone
    target_file = Path(mapping) if mapping is not None else DEFAULT_FILE
    if write_mapping and not plan.noop and (merged.columns or mapping is not None):
        mapping_mod.write(merged, target_file)
        plan.mapping_file = str(target_file)
    return plan


def adopt(
    db: Database | None = None,
    *,
    mapping: Path | str | None = None,
    timezone: str | None = None,
    yes: bool = False,
    confirm: Callable[[AdoptPlan], bool] | None = None,
    progress: Progress | None = None,
    backup: BackupFn | None = None,
    backup_dir: Path | None = None,
    source: MigrationSource | None = None,
    lock_budget_s: float = 1.0,
    lock_timeout_ms: int = 2000,
    batch_rows: int = 5000,
) -> AdoptResult:
    """Adopt ``db`` in place (see :mod:`chanuka_db.adopt.apply`); a no-op on chanuka-db's own databases.

    Refuses unless ``yes`` or ``confirm(plan)`` says so (the CLI asks, or passes ``--yes``).
    """
    database = db if db is not None else Database()
    decided = _read_mapping(mapping)
    zone = _zone(timezone, decided)
    options = Options(timezone=zone, lock_budget_s=lock_budget_s, lock_timeout_ms=lock_timeout_ms,
                      batch_rows=batch_rows)

    def approve(plan: AdoptPlan) -> bool:
        if yes:
            return True
        if confirm is None:
            raise RefusedError("adopt changes the database in place: review `chanuka-db adopt --dry-run`, then "
                               "repeat with --yes")
        return confirm(plan)

    return run(database, mapping=decided, options=options, source=source, progress=progress, backup=backup,
               backup_dir=backup_dir, confirm=approve)
