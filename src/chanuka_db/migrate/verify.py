"""Do the revision files still say what was applied? (journal checksums against the files on disk).

Read-only: used by ``chanuka-db verify``, and by the runner before it applies anything, so an edited
or deleted revision file stops a migration instead of leaving databases that differ in silence.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from chanuka_db.migrate import journal, plan
from chanuka_db.migrate.checksums import file_sha256


@dataclass
class VerifyReport:
    """What ``verify`` found: ``problems`` fail it, ``warnings`` do not."""

    current: str | None
    checked: int = 0
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no applied revision's file changed or disappeared."""
        return not self.problems


def verify(conn: Connection, scripts: ScriptDirectory) -> VerifyReport:
    """Compare every applied revision's recorded checksum with its file today."""
    current = plan.current_revision(conn)
    report = VerifyReport(current=current)
    recorded = journal.effective(conn)
    applied_in_journal = {rev: e for rev, e in recorded.items() if e.status == "applied"}
    if current is not None and not plan.known(current, scripts):
        entry = applied_in_journal.get(current)
        where = entry.filename if entry and entry.filename else "its revision file"
        report.problems.append(
            f"the database is at revision {current} but {where} no longer exists (deleted, renamed, or older code)"
        )
        chain_revisions: list[plan.RevisionInfo] = []
    else:
        chain_revisions = plan.chain(current, scripts)
    in_chain = {r.revision for r in chain_revisions}
    for info in chain_revisions:
        entry = applied_in_journal.get(info.revision)
        if entry is None:
            report.warnings.append(
                f"revision {info.revision} ({info.filename}) is applied but has no journal entry "
                "(applied outside chanuka-db); its file cannot be verified"
            )
            continue
        report.checked += 1
        now = file_sha256(info.path)
        if entry.checksum != now:
            when = entry.applied_at.strftime("%Y-%m-%d %H:%M UTC") if entry.applied_at else "an earlier run"
            report.problems.append(
                f"{info.filename} changed since revision {info.revision} was applied ({when}): "
                f"recorded sha256 {str(entry.checksum)[:12]}, file now {now[:12]}; restore the file, or if the edit "
                f"is intended and harmless run `chanuka-db repair {info.revision}`"
            )
    for revision, entry in sorted(applied_in_journal.items(), key=lambda kv: kv[1].id):
        if revision in in_chain or revision == current:
            continue
        if not plan.known(revision, scripts):
            report.problems.append(
                f"revision {revision} was applied from {entry.filename or 'a file'} which no longer exists"
            )
    for failure in journal.unresolved_failures(conn):
        transactional = _transactional(failure.revision, scripts)
        message = (
            f"revision {failure.revision} ({failure.filename}) failed on {failure.applied_at:%Y-%m-%d %H:%M} UTC: "
            f"{_one_line(failure.error)}"
        )
        if transactional:
            report.warnings.append(message + " (rolled back; nothing of it was applied)")
        else:
            report.problems.append(
                message + f" outside a transaction, so it may be partly applied; fix it, then run "
                f"`chanuka-db repair {failure.revision}`"
            )
    return report


def _transactional(revision: str, scripts: ScriptDirectory) -> bool:
    try:
        script = scripts.get_revision(revision)
    except Exception:
        return True
    return script is None or not bool(getattr(script.module, "non_transactional", False))


def _one_line(text: str | None) -> str:
    lines = (text or "no error recorded").strip().splitlines()
    return lines[0] if lines else "no error recorded"


def blocking_problems(conn: Connection, scripts: ScriptDirectory) -> list[str]:
    """The problems that must stop a migration (the runner's pre-flight check)."""
    return verify(conn, scripts).problems
