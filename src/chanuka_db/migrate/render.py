"""Offline SQL: what Alembic's ``--sql`` mode renders for a range of revisions, split per revision.

The output buffer receives one write per statement (Alembic's ``static_output``), so statements
with semicolons inside (function bodies) stay whole. ``-- Running upgrade a -> b`` comments mark
where each revision starts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from chanuka_db.errors import MigrationError
from chanuka_db.migrate import journal, plan
from chanuka_db.migrate.config import OFFLINE_URL, MigrationSource, alembic_config, run_alembic, script_directory

_RUNNING = re.compile(r"^-- Running (upgrade|downgrade) (\S*) -> (\S*)", re.MULTILINE)
_BOOKKEEPING = re.compile(r"\b(alembic_version|" + journal.TABLE + r")\b", re.IGNORECASE)
_TRANSACTION = re.compile(r"^(BEGIN|COMMIT)\s*;?\s*$", re.IGNORECASE)


class _Capture:
    """A file-like object that keeps each write (one statement or comment) separately."""

    def __init__(self) -> None:
        self.chunks: list[str] = []

    def write(self, text: str) -> int:
        self.chunks.append(text)
        return len(text)

    def flush(self) -> None:
        return None


@dataclass
class RenderedRevision:
    """The SQL one revision renders (in one direction)."""

    revision: str
    direction: str
    source: str | None
    statements: list[str] = field(default_factory=list)
    bookkeeping: list[str] = field(default_factory=list)

    @property
    def sql(self) -> str:
        """The revision's own statements (no BEGIN/COMMIT or version-table bookkeeping)."""
        return "".join(f"{s}\n\n" for s in self.statements)


@dataclass
class Rendering:
    """A whole offline rendering: the full script and its statements per revision."""

    script: str
    revisions: list[RenderedRevision]


def render(
    lower: str | None,
    upper: str | None,
    *,
    direction: str = "upgrade",
    source: MigrationSource | None = None,
    journaled: bool = False,
) -> Rendering:
    """Render the SQL from ``lower`` to ``upper`` (None: base) offline.

    ``direction="downgrade"`` renders from ``lower`` (the newer revision) down to ``upper``.
    ``journaled``: include the journal table and a journal row per revision (for ``migrate --sql``).
    """
    capture = _Capture()
    cfg = alembic_config(url=OFFLINE_URL, source=source, output_buffer=capture)
    cfg.attributes["skip_metadata"] = True
    if journaled:
        cfg.attributes["on_version_apply"] = journal.JournalHook(offline=True)
        cfg.attributes["offline_preamble"] = journal.offline_preamble()
    span = f"{lower or 'base'}:{upper or 'base'}"
    try:
        run_alembic(cfg, script_directory(source), direction, upper, starting=lower, as_sql=True)
    except MigrationError:
        raise
    except Exception as exc:
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise MigrationError(f"cannot render the SQL of {span} offline: {type(exc).__name__}: {message}") from exc
    return Rendering(script="".join(capture.chunks), revisions=_split(capture.chunks, direction))


def _split(chunks: list[str], direction: str) -> list[RenderedRevision]:
    revisions: list[RenderedRevision] = []
    current: RenderedRevision | None = None
    pending_bookkeeping: list[str] = []
    for chunk in chunks:
        stmt = chunk.strip()
        if not stmt:
            continue
        match = _RUNNING.match(stmt)
        if match:
            src, dst = match.group(2) or None, match.group(3) or None
            revision = dst if match.group(1) == "upgrade" else src
            current = RenderedRevision(revision=revision or "", direction=direction, source=src)
            current.bookkeeping.extend(pending_bookkeeping)
            pending_bookkeeping = []
            revisions.append(current)
            continue
        if _TRANSACTION.match(stmt):
            continue
        if stmt.startswith("--") and all(line.lstrip().startswith("--") for line in stmt.splitlines()):
            continue  # a comment alone (Alembic's "-- Running ..."); one before a statement stays with it
        target = current.bookkeeping if current is not None else pending_bookkeeping
        if _BOOKKEEPING.search(stmt) and _is_bookkeeping(stmt):
            target.append(stmt)
        elif current is None:
            pending_bookkeeping.append(stmt)
        else:
            current.statements.append(stmt)
    return revisions


def _is_bookkeeping(stmt: str) -> bool:
    head = stmt.lstrip().upper()
    return head.startswith(("CREATE TABLE", "INSERT INTO", "UPDATE", "DELETE FROM", "CREATE INDEX"))


@dataclass
class RevisionSQL:
    """One revision's offline SQL, or why it cannot be rendered offline."""

    revision: str
    rendered: RenderedRevision | None
    error: str | None = None


def render_each(
    lower: str | None, upper: str | None, *, source: MigrationSource | None = None
) -> dict[str, RevisionSQL]:
    """The upgrade SQL of every revision after ``lower`` up to ``upper``, keyed by revision.

    One rendering of the whole range when it works; otherwise each revision alone, so a revision
    that cannot be rendered offline (it queries the database through ``op.get_bind()``) is named
    with its error and the others still get their SQL.
    """
    scripts = script_directory(source)
    path = plan.revisions_between(lower, upper, scripts)
    try:
        whole = render(lower, upper, source=source)
    except MigrationError:
        pass
    else:
        by_rev = {r.revision: r for r in whole.revisions}
        return {info.revision: RevisionSQL(info.revision, by_rev.get(info.revision)) for info in path}
    out: dict[str, RevisionSQL] = {}
    previous = lower
    for info in path:
        try:
            rendered = render(previous, info.revision, source=source).revisions
            out[info.revision] = RevisionSQL(info.revision, rendered[-1] if rendered else None)
        except MigrationError as exc:
            out[info.revision] = RevisionSQL(info.revision, None, exc.message)
        previous = info.revision
    return out
