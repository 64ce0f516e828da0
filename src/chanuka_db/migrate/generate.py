"""Autogenerate: compare the models with a database at head, and write a new revision from the difference.

Runs Alembic's own ``revision --autogenerate`` machinery through env.py (so alembic-postgresql-enum,
alembic-utils and chanuka-db's comparators all take part), on a connection the caller provides.
``generate`` writes the revision file (named ``NNNN_slug.py`` like the existing ones, revision id =
file name), the checksum file, and the new revision's snapshot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alembic.autogenerate import RevisionContext, render_python_code
from alembic.operations import ops
from alembic.runtime.environment import EnvironmentContext
from sqlalchemy.engine import Connection

from chanuka_db.engine import Database
from chanuka_db.errors import MigrationError
from chanuka_db.migrate import artefacts, plan, runner, snapshot
from chanuka_db.migrate.config import MigrationSource, alembic_config, script_directory
from chanuka_db.migrate.rewrite import Renames, RewriteReport
from chanuka_db.migrate.scratch import scratch_database

#: alembic_version.version_num is varchar(32).
MAX_REVISION_ID = 32


def _run_autogenerate(
    conn: Connection,
    source: MigrationSource | None,
    *,
    message: str | None = None,
    rev_id: str | None = None,
    renames: Renames | None = None,
    report: RewriteReport | None = None,
    write: bool = False,
) -> tuple[list[ops.MigrationScript], list[Any]]:
    scripts = script_directory(source)
    cfg = alembic_config(conn, source=source)
    cfg.attributes["autogenerate"] = True
    if renames:
        cfg.attributes["renames"] = renames
    if report is not None:
        cfg.attributes["rewrite_report"] = report
    command_args = {
        "message": message,
        "autogenerate": True,
        "sql": False,
        "head": "head",
        "splice": False,
        "branch_label": None,
        "version_path": None,
        "rev_id": rev_id,
        "depends_on": None,
    }
    context = RevisionContext(cfg, scripts, command_args)

    def retrieve(rev: Any, ctx: Any) -> list[Any]:
        context.run_autogenerate(rev, ctx)
        return []

    if conn.in_transaction():
        conn.commit()
    try:
        with EnvironmentContext(
            cfg, scripts, fn=retrieve, as_sql=False, template_args=context.template_args, revision_context=context
        ):
            scripts.run_env()
    except MigrationError:
        raise
    except Exception as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise MigrationError(f"autogenerate failed: {type(exc).__name__}: {first}") from exc
    finally:
        if conn.in_transaction():
            conn.rollback()
    written = list(context.generate_scripts()) if write else []
    return list(context.generated_revisions), written


def pending_operations(conn: Connection, source: MigrationSource | None = None) -> list[str]:
    """What autogenerate would put in a new revision, one readable line per operation (empty: in sync).

    ``conn`` must be at head.
    """
    directives, _ = _run_autogenerate(conn, source)
    lines: list[str] = []
    for script in directives:
        for upgrade_ops in script.upgrade_ops_list:
            for op in upgrade_ops.ops:
                lines.extend(_describe(op))
    return lines


def _describe(op: ops.MigrateOperation) -> list[str]:
    if isinstance(op, ops.ModifyTableOps):
        return [line for inner in op.ops for line in _describe(inner)]
    code = render_python_code(ops.UpgradeOps(ops=[op]), migration_context=None)
    body = [ln.strip() for ln in code.splitlines() if ln.strip() and not ln.strip().startswith("#")]
    text = " ".join(body)
    return [text if len(text) <= 200 else text[:197] + "..."]


def slug(message: str, room: int) -> str:
    """A file-name-safe slug of ``message`` at most ``room`` characters long."""
    words = re.sub(r"[^a-z0-9]+", "_", message.lower()).strip("_") or "revision"
    return words[:room].rstrip("_") or "revision"


def next_revision_id(message: str, source: MigrationSource | None = None) -> str:
    """``NNNN_slug``: one more than the highest numbered revision, within 32 characters."""
    scripts = script_directory(source)
    numbers = [int(m.group(1)) for r in plan.ordered(scripts) if (m := re.match(r"^(\d+)_", r.revision))]
    number = (max(numbers) + 1) if numbers else len(plan.ordered(scripts)) + 1
    prefix = f"{number:04d}_"
    return prefix + slug(message, MAX_REVISION_ID - len(prefix))


@dataclass
class GenerateResult:
    """What ``generate`` wrote (``revision`` None when the models and migrations already agree)."""

    revision: str | None
    path: str | None
    operations: list[str] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)
    snapshot: str | None = None
    checksums: str | None = None


def generate(
    db: Database, message: str, renames: Renames | None = None, *, source: MigrationSource | None = None
) -> GenerateResult:
    """Autogenerate a revision against a scratch database at head; write it, its snapshot and the checksums."""
    src = source or MigrationSource()
    if not message.strip():
        raise MigrationError("give the revision a message (-m): what it changes and why")
    scripts = script_directory(src)
    plan.single_head(scripts)
    rev_id = next_revision_id(message, src)
    with scratch_database(db, "generate") as scratch:
        runner.upgrade(scratch, "head", source=src)
        report = RewriteReport()
        with scratch.connect() as conn:
            directives, written = _run_autogenerate(
                conn, src, message=message.strip(), rev_id=rev_id, renames=renames, report=report, write=True
            )
        if report.unmatched:
            for script in written:
                if script is not None and script.path:
                    Path(script.path).unlink(missing_ok=True)
            raise MigrationError("cannot apply the rename(s): " + "; ".join(report.unmatched))
        if not written or written[0] is None:
            return GenerateResult(revision=None, path=None)
        script = written[0]
        operations = [line for d in directives for u in d.upgrade_ops_list for o in u.ops for line in _describe(o)]
        result = GenerateResult(revision=script.revision, path=script.path, operations=operations, renamed=report.done)
        artefacts.write_checksums(src)
        result.checksums = str(src.checksums_file)
        runner.upgrade(scratch, script.revision, source=src)
        with scratch.connect() as conn:
            snapshot.write(src.snapshot_path(script.revision), snapshot.take(conn), script.revision)
        result.snapshot = str(src.snapshot_path(script.revision))
    return result
