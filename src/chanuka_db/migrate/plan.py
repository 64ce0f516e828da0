"""What would run: the revision graph, the current revision, the pending revisions, without changing anything.

Like Django's ``loader``/``graph``: this module reads the revision scripts and the database's
version table and answers questions about them; it never writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from alembic.script import Script, ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import text
from sqlalchemy.engine import Connection

from chanuka_db.errors import MigrationError
from chanuka_db.migrate.config import MigrationSource, script_directory


@dataclass(frozen=True)
class RevisionInfo:
    """One revision script."""

    revision: str
    down_revision: str | None
    doc: str
    path: str
    transactional: bool = True

    @property
    def filename(self) -> str:
        """The file name of the script (without folder)."""
        return Path(self.path).name

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


def single_head(scripts: ScriptDirectory) -> str | None:
    """The one head revision; :class:`MigrationError` when branches left several."""
    heads = scripts.get_heads()
    if len(heads) > 1:
        raise MigrationError(
            f"migrations have {len(heads)} heads ({', '.join(sorted(heads))}); merge them "
            "(`alembic merge` or rebase one branch's revision onto the other) before migrating"
        )
    return heads[0] if heads else None


def ordered(scripts: ScriptDirectory) -> list[RevisionInfo]:
    """Every revision, oldest first (base to head)."""
    return [RevisionInfo.from_script(s) for s in reversed(list(scripts.walk_revisions()))]


def resolve(name: str | None, scripts: ScriptDirectory) -> str | None:
    """The full revision id for ``name`` (``head``, ``base``, a full or unique partial id).

    None stands for ``base`` (the empty database). Unknown names raise :class:`MigrationError`.
    """
    if name is None or name == "base":
        return None
    if name in ("head", "heads"):
        return single_head(scripts)
    try:
        script = scripts.get_revision(name)
    except CommandError as exc:
        raise MigrationError(f"unknown revision {name!r}: {_first_line(str(exc))}") from None
    except Exception as exc:  # alembic raises ResolutionError/RangeNotAncestorError etc.
        raise MigrationError(f"unknown revision {name!r}: {_first_line(str(exc))}") from None
    if script is None:
        raise MigrationError(f"unknown revision {name!r}")
    return script.revision


def _first_line(message: str) -> str:
    return message.strip().splitlines()[0] if message.strip() else "no such revision"


_HAS_VERSION_TABLE = text("SELECT to_regclass('alembic_version') IS NOT NULL")
_VERSIONS = text("SELECT version_num FROM alembic_version ORDER BY version_num")


def current_revision(conn: Connection) -> str | None:
    """The revision recorded in the database (None for an empty database)."""
    if not conn.execute(_HAS_VERSION_TABLE).scalar():
        return None
    values = list(conn.execute(_VERSIONS).scalars())
    if len(values) > 1:
        raise MigrationError(f"database records several revisions: {', '.join(values)}")
    return str(values[0]) if values else None


def chain(upper: str | None, scripts: ScriptDirectory) -> list[RevisionInfo]:
    """The revisions from base up to and including ``upper``, oldest first."""
    return revisions_between(None, upper, scripts)


def revisions_between(lower: str | None, upper: str | None, scripts: ScriptDirectory) -> list[RevisionInfo]:
    """Revisions after ``lower`` up to and including ``upper``, oldest first.

    ``lower`` must be an ancestor of ``upper`` (or None for base).
    """
    if upper is None or lower == upper:
        return []
    try:
        revs = list(scripts.iterate_revisions(upper, lower or "base"))
    except Exception as exc:  # alembic raises several unrelated types for unknown revisions
        raise MigrationError(f"cannot plan from {lower or 'base'} to {upper}: {_first_line(str(exc))}") from None
    return [RevisionInfo.from_script(s) for s in reversed(revs)]


def is_ancestor(older: str | None, newer: str | None, scripts: ScriptDirectory) -> bool:
    """True when ``older`` is ``newer`` or comes before it (None is base, before everything)."""
    if older is None or older == newer:
        return True
    if newer is None:
        return False
    return older in {r.revision for r in chain(newer, scripts)}


def known(revision: str, scripts: ScriptDirectory) -> bool:
    """True when a revision file defines ``revision``."""
    try:
        return scripts.get_revision(revision) is not None
    except Exception:
        return False


def status(conn: Connection, source: MigrationSource | None = None) -> MigrationStatus:
    """Current revision, head, and what ``migrate`` would apply."""
    scripts = script_directory(source)
    head = single_head(scripts)
    current = current_revision(conn)
    if current is not None and not known(current, scripts):
        raise MigrationError(
            f"database is at revision {current}, which no migration file defines (newer code, or a deleted file)"
        )
    return MigrationStatus(current=current, head=head, pending=revisions_between(current, head, scripts))


def upgrade_path(current: str | None, target: str | None, scripts: ScriptDirectory) -> list[RevisionInfo]:
    """What ``migrate --to target`` applies from ``current``; refuses a target behind ``current``."""
    if not is_ancestor(current, target, scripts):
        raise MigrationError(
            f"target {target or 'base'} is not ahead of the database's revision {current}; "
            "use `chanuka-db rollback --to` to go back"
        )
    return revisions_between(current, target, scripts)


def downgrade_path(current: str | None, target: str | None, scripts: ScriptDirectory) -> list[RevisionInfo]:
    """The revisions ``rollback --to target`` undoes from ``current``, newest first."""
    if not is_ancestor(target, current, scripts):
        raise MigrationError(
            f"target {target} is not behind the database's revision {current or 'base'}; "
            "use `chanuka-db migrate --to` to go forward"
        )
    return list(reversed(revisions_between(target, current, scripts)))
