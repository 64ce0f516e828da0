"""The plain data adopt works with: what was recognised, the plan, its steps and what blocks it.

Everything here is a dataclass with an :meth:`as_dict` for ``--json``; nothing here talks to a
database. :mod:`chanuka_db.adopt.plan` builds an :class:`AdoptPlan`, :mod:`chanuka_db.adopt.apply`
runs its steps and returns an :class:`AdoptResult`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

#: The schema adopt keeps for itself: its journal, id mappings, and whatever it moves aside.
LEGACY_SCHEMA = "chanuka_legacy"
#: Suffix of the temporary ("shadow") columns, indexes and functions of an online conversion.
SHADOW = "__adopt"

Kind = Literal["empty", "ours", "old", "adopting", "foreign"]


@dataclass(frozen=True)
class Detection:
    """What kind of database this is (see :mod:`chanuka_db.adopt.detect`)."""

    kind: Kind
    reason: str
    evidence: list[str] = field(default_factory=list)
    bookkeeping: list[str] = field(default_factory=list)
    revision: str | None = None


@dataclass(frozen=True)
class ValueCount:
    """One distinct value of a column, how many rows hold it, and what it becomes."""

    value: str | None
    rows: int
    target: str | None = None
    fits: bool = True


@dataclass
class Conversion:
    """A column whose values change type, with the exact SQL that converts them.

    ``expression`` is written over the old column's name (``created_at AT TIME ZONE 'Africa/Nairobi'``);
    ``values`` lists the distinct values of enum conversions and the values that do not fit others.
    """

    table: str
    column: str
    from_type: str
    to_type: str
    kind: str
    expression: str
    rows: int = 0
    rewrite: bool = True
    values: list[ValueCount] = field(default_factory=list)

    @property
    def unfit(self) -> list[ValueCount]:
        """The values that do not fit the new type (after the mapping)."""
        return [v for v in self.values if not v.fits]

    def line(self) -> str:
        """One line for the plan."""
        text = f"{self.table}.{self.column}: {self.from_type} -> {self.to_type} using {self.expression}"
        if self.unfit:
            text += f" ({sum(v.rows for v in self.unfit)} row(s) do not fit)"
        return text


@dataclass(frozen=True)
class Blocker:
    """Rows (or objects) that stop the plan until the data, the mapping or the database is fixed."""

    table: str | None
    column: str | None
    kind: str
    rows: int
    detail: str
    sample: list[str] = field(default_factory=list)

    def line(self) -> str:
        """One line: where, what, how many, a sample."""
        where = f"{self.table}.{self.column}" if self.table and self.column else (self.table or "database")
        sample = f"; e.g. {', '.join(self.sample[:5])}" if self.sample else ""
        count = f" ({self.rows} row(s))" if self.rows else ""
        return f"{where}: {self.kind}{count}: {self.detail}{sample}"


@dataclass
class Backfill:
    """A batched ``UPDATE``: ``assignments`` over rows of ``table`` in primary-key order.

    Each batch is its own transaction, so no row is locked for longer than one batch and writers
    are never blocked by a table lock.
    """

    table: str
    key: str
    assignments: list[tuple[str, str]]
    where: str | None = None
    batch_rows: int = 5000


@dataclass
class Step:
    """One unit of work. Transactional steps commit with their journal row; others are idempotent."""

    key: str
    phase: str
    table: str | None
    action: str
    sql: list[str] = field(default_factory=list)
    transactional: bool = True
    lock: str = ""
    est_lock_s: float = 0.0
    backfill: Backfill | None = None
    retry_invalid_index: str | None = None


@dataclass
class TablePlan:
    """Per table: what is added, changed or kept, how, and for how long writers may wait."""

    name: str
    status: str
    rows: int = 0
    bytes: int = 0
    strategy: str = "in place"
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    kept: int = 0
    dropped: list[str] = field(default_factory=list)
    est_lock_s: float = 0.0

    def line(self) -> str:
        """One line per table."""
        parts = [f"{self.name} [{self.status}, {self.rows} rows, {self.strategy}, lock <= {self.est_lock_s:.2f}s]"]
        if self.added:
            parts.append(f"added: {len(self.added)}")
        if self.changed:
            parts.append(f"changed: {len(self.changed)}")
        if self.kept:
            parts.append(f"kept: {self.kept} column(s)")
        if self.dropped:
            parts.append(f"dropped: {', '.join(self.dropped)}")
        return "; ".join(parts)


@dataclass(frozen=True)
class Dropped:
    """Something adopt removes: never a column holding data (see docs/adopting.md)."""

    kind: str
    name: str
    reason: str


@dataclass
class AdoptPlan:
    """What ``adopt --dry-run`` reports and ``adopt`` runs."""

    database: str
    detection: Detection
    target_revision: str | None = None
    head_revision: str | None = None
    timezone: str = "Africa/Nairobi"
    mapping_file: str | None = None
    tables: list[TablePlan] = field(default_factory=list)
    conversions: list[Conversion] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    moved_aside: list[str] = field(default_factory=list)
    blockers: list[Blocker] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def blocked(self) -> bool:
        """True when rows or objects stop the plan (listed in ``blockers``)."""
        return bool(self.blockers)

    @property
    def noop(self) -> bool:
        """True when there is nothing to do (an empty database, or one chanuka-db already owns)."""
        return self.detection.kind in ("empty", "ours") and not self.steps

    @property
    def est_lock_s(self) -> float:
        """The longest estimated time any table is locked against writes."""
        return max((t.est_lock_s for t in self.tables), default=0.0)

    def as_dict(self) -> dict[str, Any]:
        """The plan as JSON-ready data."""
        data = asdict(self)
        data["blocked"] = self.blocked
        data["noop"] = self.noop
        data["est_lock_s"] = round(self.est_lock_s, 3)
        return data

    def lines(self) -> list[str]:
        """The plan as text, section by section."""
        out = [f"database {self.database}: {self.detection.reason}"]
        if self.target_revision:
            out.append(
                f"target: the schema of revision {self.target_revision}, then `migrate` to {self.head_revision}"
            )
        if self.blockers:
            out.append(f"BLOCKED by {len(self.blockers)} problem(s), nothing will change until they are resolved:")
            out += [f"  {b.line()}" for b in self.blockers]
        if self.tables:
            out.append("tables:")
            out += [f"  {t.line()}" for t in self.tables]
        if self.conversions:
            out.append("data conversions:")
            out += [f"  {c.line()}" for c in self.conversions]
        if self.moved_aside:
            out.append(f"moved aside to schema {LEGACY_SCHEMA} (kept, with their data):")
            out += [f"  {m}" for m in self.moved_aside]
        if self.dropped:
            out.append("dropped (no column holding data):")
            out += [f"  {d.kind} {d.name}: {d.reason}" for d in self.dropped]
        if self.steps:
            out.append(f"{len(self.steps)} step(s); longest estimated lock against writes: {self.est_lock_s:.2f}s")
        out += [f"note: {n}" for n in self.notes]
        return out


@dataclass
class AdoptResult:
    """What ``adopt`` did."""

    database: str
    kind: str
    noop: bool
    plan: AdoptPlan | None = None
    backup_file: str | None = None
    backup_rows: int = 0
    run_id: str | None = None
    resumed: bool = False
    steps_run: int = 0
    revision_before: str | None = None
    revision_after: str | None = None
    migrated: list[str] = field(default_factory=list)
    longest_lock_ms: int = 0
    longest_lock_step: str | None = None
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The result as JSON-ready data."""
        return asdict(self)

    def lines(self) -> list[str]:
        """The result as text."""
        if self.noop:
            return [f"database {self.database}: nothing to adopt ({self.kind})", *self.notes]
        out = [
            f"adopted {self.database} in {self.seconds:.1f}s: {self.steps_run} step(s)"
            + (" (resumed an interrupted run)" if self.resumed else ""),
            f"backup: {self.backup_file} ({self.backup_rows} rows, verified)" if self.backup_file else "backup: none",
            f"revision: {self.revision_before or 'none'} -> {self.revision_after}",
            f"longest lock against writes: {self.longest_lock_ms} ms ({self.longest_lock_step or '-'})",
        ]
        if self.migrated:
            out.append(f"then migrated: {', '.join(self.migrated)}")
        return out + self.notes
