"""What would run: current revision, heads and the pending revisions, without changing anything."""

from __future__ import annotations

from dataclasses import dataclass, field

from alembic.runtime.migration import MigrationContext
from alembic.script import Script, ScriptDirectory
from sqlalchemy.engine import Connection

from chanuka_db.errors import MigrationError
from chanuka_db.migrate.config import script_directory


@dataclass(frozen=True)
class RevisionInfo:
    """One revision script."""

    revision: str
    down_revision: str | None
    doc: str
    path: str
    transactional: bool = True

    @classmethod
    def from_script(cls, script: Script) -> RevisionInfo:
        """Describe an Alembic :class:`Script`."""
        down = script.down_revision
        if isinstance(down, (tuple, list)):
            down = ",".join(down)
        module = script.module
        return cls(
            revision=script.revision,
            down_revision=down,
            doc=(script.doc or "").strip(),
            path=script.path,
            transactional=not bool(getattr(module, "non_transactional", False)),
        )


@dataclass(frozen=True)
class MigrationStatus:
    """Where a database stands against the revision scripts."""

    current: str | None
    head: str | None
    pending: list[RevisionInfo] = field(default_factory=list)

    @property
    def up_to_date(self) -> bool:
        """True when nothing is pending."""
        return not self.pending


def single_head(scripts: ScriptDirectory | None = None) -> str | None:
    """The one head revision; :class:`MigrationError` when branches left several."""
    scripts = scripts or script_directory()
    heads = scripts.get_heads()
    if len(heads) > 1:
        raise MigrationError(f"migrations have {len(heads)} heads ({', '.join(sorted(heads))}); merge them first")
    return heads[0] if heads else None


def current_revision(conn: Connection) -> str | None:
    """The revision recorded in the database (None for an empty database)."""
    heads = MigrationContext.configure(conn).get_current_heads()
    if len(heads) > 1:
        raise MigrationError(f"database records several revisions: {', '.join(heads)}")
    return heads[0] if heads else None


def revisions_between(
    lower: str | None, upper: str | None, scripts: ScriptDirectory | None = None
) -> list[RevisionInfo]:
    """Revisions after ``lower`` up to and including ``upper``, oldest first."""
    scripts = scripts or script_directory()
    if upper is None or lower == upper:
        return []
    try:
        revs = list(scripts.iterate_revisions(upper, lower or "base"))
    except Exception as exc:  # alembic raises several unrelated types for unknown revisions
        raise MigrationError(f"cannot plan from {lower or 'base'} to {upper}: {exc}") from exc
    return [RevisionInfo.from_script(s) for s in reversed(revs)]


def status(conn: Connection) -> MigrationStatus:
    """Current revision, head, and what ``migrate`` would apply."""
    scripts = script_directory()
    head = single_head(scripts)
    current = current_revision(conn)
    if current is not None and current not in {s.revision for s in scripts.walk_revisions()}:
        raise MigrationError(
            f"database is at revision {current}, which no migration file defines (newer code, or a deleted file)"
        )
    return MigrationStatus(current=current, head=head, pending=revisions_between(current, head, scripts))
