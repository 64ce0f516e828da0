"""The ``chanuka-db`` command: a thin shell over :mod:`chanuka_db.api`.

Each command parses its options, calls one API function and renders the result as a rich table
or, with ``--json``, as JSON. Errors become one line on stderr and an exit code (2: configuration
or connection, 1: unhealthy or refused); ``--debug`` shows the traceback.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import html
import json
import re
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn
from rich.table import Table

from chanuka_db import __version__, api
from chanuka_db.errors import ChanukaError, InvalidInput, redact
from chanuka_db.server import ServerStatus

if TYPE_CHECKING:  # imported where used: the ingest modules import the models, which most commands never need
    from chanuka_db.ingest.demo import DemoSizes, SeedReport

app = typer.Typer(
    name="chanuka-db",
    help="Schema, migrations, search and operations for the Chanuka platform's PostgreSQL.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
server_app = typer.Typer(help="The embedded PostgreSQL used when DATABASE_URL is not set.", no_args_is_help=True)
app.add_typer(server_app, name="server")

out = Console()
err = Console(stderr=True)
_state: dict[str, bool] = {"debug": False}

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars.")]


def _jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: _jsonable(v) for k, v in dataclasses.asdict(value).items()}
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def emit_json(value: Any) -> None:
    """Print ``value`` as indented JSON on stdout."""
    print(json.dumps(_jsonable(value), indent=2, default=str, sort_keys=False))


def kv_table(title: str, rows: dict[str, Any]) -> None:
    """Render a two-column table."""
    table = Table(title=title, show_header=False, title_justify="left")
    table.add_column(style="bold")
    table.add_column()
    for key, value in rows.items():
        table.add_row(key, "" if value is None else str(value))
    out.print(table)


@app.callback()
def _root(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    _state["debug"] = debug
    if version:
        out.print(f"chanuka-db {__version__}")
        raise typer.Exit(0)


# ------------------------------------------------------------------ server
def _render_server(status: ServerStatus, as_json: bool) -> None:
    if as_json:
        emit_json(status)
        return
    kv_table(
        "embedded PostgreSQL",
        {
            "data dir": status.data_dir,
            "state": "running" if status.running else ("stopped" if status.initialised else "not initialised"),
            "pid": status.pid,
            "port": status.port,
            "version": status.version,
            "url": status.url,
            **{
                f"replica {r.name}": f"{r.state}, port {r.port}, lag {r.lag_bytes if r.lag_bytes is not None else '?'}"
                for r in status.replicas
            },
        },
    )


@server_app.command("start")
def server_start(
    replicas: Annotated[
        int | None, typer.Option("--replicas", min=0, max=8, help="Hot standbys to keep streaming (0 removes them).")
    ] = None,
    ha: Annotated[bool, typer.Option("--ha", help="A Patroni + etcd cluster instead of a single server.")] = False,
    members: Annotated[int | None, typer.Option("--members", min=2, max=7, help="With --ha: members (3).")] = None,
    sync: Annotated[bool | None, typer.Option("--sync/--no-sync", help="With --ha: synchronous replication.")] = None,
    pooler: Annotated[bool | None, typer.Option("--pooler/--no-pooler", help="With --ha: PgBouncer.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Start (or reuse) the embedded server and create the `chanuka` database (or, with --ha, a cluster)."""
    if ha:
        _render_cluster(api.ha_start(members=members, sync=sync, pooler=pooler), as_json)
        return
    if members is not None or sync is not None or pooler is not None:
        raise InvalidInput("--members, --sync and --pooler go with --ha")
    _render_server(api.server_start(replicas=replicas), as_json)


def _render_cluster(status: Any, as_json: bool) -> None:
    if as_json:
        emit_json(status)
        return
    table = Table(title=f"HA cluster ({status.state_dir}): leader {status.leader or 'none'}", title_justify="left")
    for name in ("member", "role", "state", "timeline", "lag bytes", "port"):
        table.add_column(name)
    for m in status.members:
        table.add_row(m.name, m.role, m.state, str(m.timeline), str(m.lag_bytes), str(m.port))
    for proc in (status.etcd, status.pooler):
        if proc is not None:
            table.add_row(proc.name, "", "running" if proc.running else "stopped", "", "", str(proc.port))
    out.print(table)
    if status.url:
        _say(f"url: {status.url}")
    if status.pooler_url:
        _say(f"pooler url: {status.pooler_url}")
    if status.leftovers:
        _say(f"had to kill leftover processes: {', '.join(map(str, status.leftovers))}")


@server_app.command("stop")
def server_stop(as_json: JsonOpt = False) -> None:
    """Stop the embedded server (or the HA cluster); data is kept."""
    if api.ha_exists():
        _render_cluster(api.ha_stop(), as_json)
        return
    _render_server(api.server_stop(), as_json)


@server_app.command("status")
def server_status(as_json: JsonOpt = False) -> None:
    """Show whether the embedded server (or the HA cluster's members) are running."""
    if api.ha_exists():
        _render_cluster(api.ha_status(), as_json)
        return
    _render_server(api.server_status(), as_json)


@server_app.command("switchover")
def server_switchover(
    to: Annotated[str | None, typer.Option("--to", help="Member to promote (default: any healthy replica).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """HA: planned change of leader through Patroni."""
    _render_cluster(api.ha_switchover(candidate=to), as_json)


@server_app.command("failover")
def server_failover(
    to: Annotated[str | None, typer.Option("--to", help="Member to promote.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """HA: forced change of leader through Patroni."""
    _render_cluster(api.ha_failover(candidate=to), as_json)


ha_app = typer.Typer(help="High availability: Patroni, etcd and PgBouncer.", no_args_is_help=True)
app.add_typer(ha_app, name="ha")


@ha_app.command("doctor")
def ha_doctor(as_json: JsonOpt = False) -> None:
    """What of the HA stack is installed, which versions, and the command that installs the rest."""
    report = api.ha_doctor()
    if as_json:
        emit_json({**dataclasses.asdict(report), "ok": report.ok})
        raise typer.Exit(0 if report.ok else 1)
    table = Table(title="HA components", title_justify="left")
    for name in ("component", "present", "version", "path", "note"):
        table.add_column(name)
    for c in report.components:
        table.add_row(c.name, "yes" if c.present else "[red]no[/red]", c.version or "", c.path or "", c.note or "")
    out.print(table)
    if report.install:
        _say(f"install: {report.install}")
    raise typer.Exit(0 if report.ok else 1)


@server_app.command("url")
def server_url(
    show_password: Annotated[bool, typer.Option("--show-password", help="Include the password.")] = False,
) -> None:
    """Print the embedded server's URL (for DATABASE_URL in other tools)."""
    print(api.server_url(show_password=show_password))


# ------------------------------------------------------------------ health
@app.command()
def health(as_json: JsonOpt = False) -> None:
    """Check connectivity, latency, version and migration state (exit 0 ok, 1 unhealthy, 2 unreachable)."""
    report = api.health()
    if as_json:
        emit_json(report.as_dict())
    elif report.error:
        err.print(f"chanuka-db: unhealthy: {report.error}", highlight=False, markup=False, soft_wrap=True)
    else:
        kv_table(
            f"chanuka-db health: {'[green]ok[/green]' if report.ok else '[red]unhealthy[/red]'}",
            {
                "target": report.target + (" (embedded)" if report.embedded else ""),
                "server": report.server_version,
                "latency": f"{report.latency_ms} ms",
                "size": f"{(report.database_size_bytes or 0) / 1e6:.1f} MB",
                "extensions": ", ".join(f"{k} {v}" for k, v in report.extensions.items()),
                "revision": report.revision or "(empty database)",
                "head": report.head,
                "pending": report.pending,
                **{
                    f"replica {r.get('name')}": f"{r.get('state')}, lag {r.get('lag_bytes')} B/{r.get('lag_seconds')} s"
                    for r in report.replicas
                },
                **{f"problem {i + 1}": p for i, p in enumerate(report.problems)},
            },
        )
    raise typer.Exit(report.exit_code)


# ---------------------------------------------------------------- migrations
# One command per verb of chanuka_db.api's migration section (docs/migrations.md describes them).


def _say(text: str) -> None:
    out.print(text, highlight=False, markup=False, soft_wrap=True)


def _warn(text: str) -> None:
    err.print(f"chanuka-db: warning: {text}", highlight=False, markup=False, soft_wrap=True)


def _problem(text: str) -> None:
    err.print(f"chanuka-db: error: {redact(text)}", highlight=False, markup=False, soft_wrap=True)


def _status_json(st: Any) -> dict[str, Any]:
    return {
        "current": st.current,
        "head": st.head,
        "pending": [r.revision for r in st.pending],
        "up_to_date": not st.pending,
    }


@app.command()
def status(as_json: JsonOpt = False) -> None:
    """Show the current revision, the head and the pending revisions."""
    st = api.status()
    if as_json:
        emit_json(_status_json(st))
        return
    kv_table(
        "migration status",
        {
            "current": st.current or "(empty database)",
            "head": st.head,
            "pending": ", ".join(r.revision for r in st.pending) or "none",
        },
    )


def _render_run(result: api.MigrateResult, verb: str, as_json: bool) -> None:
    if as_json:
        emit_json(
            {
                **_status_json(result),
                "before": result.before,
                "applied": result.applied,
                "lock_wait_ms": result.lock_wait_ms,
                "retries": result.retries,
            }
        )
        return
    for step in result.applied:
        _say(f"{'applied' if step.direction == 'upgrade' else 'rolled back'} {step.revision} ({step.duration_ms} ms)")
    if not result.applied:
        _say(f"nothing to {verb}: database at {result.current or 'base (empty)'}")
    pending = f", {len(result.pending)} pending" if result.pending else ""
    _say(f"database at {result.current or 'base (empty)'} (head {result.head}{pending})")


def _render_plan(result: api.MigrateResult) -> None:
    planned = result.planned or []
    if not planned:
        _say(f"nothing to apply: database at {result.current or 'base (empty)'} (head {result.head})")
        return
    for rev in planned:
        mode = "one transaction" if rev.transactional else "autocommit (non-transactional)"
        if rev.error:
            _say(f"{rev.revision}: {rev.doc}  [{mode}]: statements unknown: {rev.error}")
            continue
        table = Table(title=f"{rev.revision}: {rev.doc}  [{mode}]", title_justify="left", show_lines=False)
        table.add_column("#", justify="right")
        table.add_column("lock on live tables")
        table.add_column("statement")
        for i, stmt in enumerate(rev.statements, start=1):
            if stmt.lock_on_existing:
                lock = f"{stmt.lock_on_existing} on " + ", ".join(
                    r.relation for r in stmt.relations if not r.new and r.mode == stmt.lock_on_existing
                )
            elif stmt.lock:
                lock = f"{stmt.lock} (new: " + ", ".join(r.relation for r in stmt.relations) + ")"
            else:
                lock = "none"
            sql = " ".join(stmt.sql.split())
            notes = f"  -- {'; '.join(stmt.notes)}" if stmt.notes else ""
            table.add_row(str(i), lock, (sql if len(sql) <= 110 else sql[:107] + "...") + notes)
        out.print(table)
    _say(f"{len(planned)} revision(s), {sum(len(r.statements) for r in planned)} statement(s); nothing was changed")


@app.command()
def migrate(
    to: Annotated[str, typer.Option("--to", help="Target revision (default: head).")] = "head",
    sql: Annotated[bool, typer.Option("--sql", help="Print the SQL instead of running it (offline).")] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show the revisions, statements and locks; change nothing.")
    ] = False,
    from_rev: Annotated[
        str | None, typer.Option("--from", help="With --sql/--dry-run: start here instead of the database's revision.")
    ] = None,
    no_backup: Annotated[
        bool, typer.Option("--no-backup", help="In production, skip the backup taken before migrating.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Apply pending migrations (one transaction per revision, under the migration lock)."""
    if sql and dry_run:
        raise InvalidInput("--sql and --dry-run are alternatives: pick one")
    result = api.migrate(to=to, sql=sql, dry_run=dry_run, from_rev=from_rev, no_backup=no_backup)
    if sql:
        if as_json:
            emit_json(
                {"from": result.before, "to": to, "revisions": [r.revision for r in result.pending], "sql": result.sql}
            )
        else:
            print(result.sql or "-- nothing to apply", end="" if result.sql else "\n")
        return
    if dry_run:
        if as_json:
            emit_json({**_status_json(result), "plan": result.planned})
        else:
            _render_plan(result)
        return
    _render_run(result, "apply", as_json)


@app.command()
def rollback(
    steps: Annotated[int | None, typer.Option("--steps", min=1, help="Revisions to undo (default 1).")] = None,
    to: Annotated[str | None, typer.Option("--to", help="Undo down to this revision (`base`: all).")] = None,
    yes: Annotated[bool, typer.Option("--yes", help="Required in production; accepted elsewhere.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Undo applied revisions (downgrade); refuses in production without --yes."""
    if steps is not None and to is not None:
        raise InvalidInput("--steps and --to are alternatives: pick one")
    _render_run(api.rollback(steps=steps, to=to, yes=yes), "roll back", as_json)


@app.command()
def history(
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Only the newest N entries.")] = None,
    revision: Annotated[str | None, typer.Option("--revision", help="Only this revision's entries.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Show the migration journal: applied, failed, rolled back and stamped revisions, newest first."""
    entries = api.history(revision=revision, limit=limit)
    if as_json:
        emit_json(entries)
        return
    if not entries:
        _say("the journal is empty")
        return
    table = Table(title="migration journal", title_justify="left")
    for col in ("#", "revision", "direction", "status", "at (UTC)", "ms", "by", "version", "error"):
        table.add_column(col, justify="right" if col in ("#", "ms") else "left")
    for e in entries:
        at = e.applied_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")
        status_text = {"applied": "[green]applied[/green]", "failed": "[red]failed[/red]"}.get(e.status, e.status)
        table.add_row(
            str(e.id),
            e.revision,
            e.direction,
            status_text,
            at,
            "" if e.duration_ms is None else str(e.duration_ms),
            e.applied_by,
            e.package_version or "",
            (e.error or "")[:80],
        )
    out.print(table)


@app.command()
def verify(as_json: JsonOpt = False) -> None:
    """Check that no applied revision's file changed or disappeared (exit 1 naming the file if one did)."""
    report = api.verify()
    if as_json:
        emit_json({**dataclasses.asdict(report), "ok": report.ok})
    else:
        for warning in report.warnings:
            _warn(warning)
        for problem in report.problems:
            _problem(problem)
        if report.ok:
            _say(f"verified {report.checked} applied revision(s): files unchanged")
    raise typer.Exit(0 if report.ok else 1)


@app.command()
def snapshot(
    rev: Annotated[str | None, typer.Option("--rev", help="Snapshot what this revision produces (scratch db).")] = None,
    out_file: Annotated[Path | None, typer.Option("--out", help="Write to this file instead of stdout.")] = None,
    write_all: Annotated[
        bool, typer.Option("--write-all", help="Rewrite migrations/snapshots/<rev>.json for every revision.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Print the schema as deterministic JSON (the live database, or --rev); --write-all refreshes the repo's."""
    if write_all and (rev or out_file):
        raise InvalidInput("--write-all writes every revision's snapshot; it takes neither --rev nor --out")
    result = api.snapshot(rev=rev, write_all=write_all)
    if result.written is not None:
        if as_json:
            emit_json(result.written)
            return
        w = result.written
        _say(f"snapshots: {len(w.written)} written, {len(w.unchanged)} unchanged, {len(w.removed)} removed")
        for name in w.written:
            _say(f"  wrote {name}.json")
        for name in w.removed:
            _say(f"  removed {name}.json (no such revision)")
        return
    from chanuka_db.migrate.snapshot import dumps

    text = dumps(result.schema or {}, result.revision)
    if out_file is not None:
        out_file.write_text(text, encoding="utf-8")
        if as_json:
            emit_json({"written": str(out_file), "revision": result.revision})
        else:
            _say(f"wrote {out_file} (revision {result.revision or 'base'})")
    else:
        print(text, end="")


@app.command()
def diff(
    rev_a: Annotated[str, typer.Argument(help="From: a revision, `base`, `head` or `live`.")],
    rev_b: Annotated[str, typer.Argument(help="To: a revision, `base`, `head` or `live`.")],
    as_json: JsonOpt = False,
) -> None:
    """Say in words what changes in the schema from REV_A to REV_B (committed snapshots; `live` = database)."""
    changes = api.diff(rev_a, rev_b)
    if as_json:
        emit_json([{"action": c.action, "kind": c.kind, "name": c.name, "text": c.text} for c in changes])
        return
    if not changes:
        _say(f"no schema difference between {rev_a} and {rev_b}")
    for change in changes:
        _say(f"- {change.text}")


@app.command()
def check(as_json: JsonOpt = False) -> None:
    """Models vs migrations, snapshots and checksums vs files, live database vs head (exit 1 on any drift)."""
    report = api.check()
    if as_json:
        emit_json(
            {
                "ok": report.ok,
                "head": report.head,
                "live_revision": report.live_revision,
                "problems": report.problems,
                "notes": report.notes,
            }
        )
    else:
        for note in report.notes:
            _warn(note)
        if report.ok:
            _say(f"no drift: models, migrations, snapshots and the live database agree at {report.head}")
        else:
            _say(f"drift found ({len(report.lines())} problem(s)):")
            for line in report.lines():
                _say(f"- {line}")
    raise typer.Exit(0 if report.ok else 1)


@app.command()
def generate(
    message: Annotated[str, typer.Option("-m", "--message", help="What the revision changes and why.")],
    rename: Annotated[
        list[str] | None, typer.Option("--rename", help="table.old_column=new_column (repeatable).")
    ] = None,
    rename_table: Annotated[
        list[str] | None, typer.Option("--rename-table", help="old_table=new_table (repeatable).")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Autogenerate a revision from the models; writes it, its snapshot and the checksums."""
    result = api.generate(message, renames=rename or [], table_renames=rename_table or [])
    if as_json:
        emit_json(result)
        return
    if result.revision is None:
        _say("no changes: the models and the migrations agree")
        return
    _say(f"wrote {result.path} (revision {result.revision})")
    for line in result.renamed:
        _say(f"  rename: {line}")
    for line in result.operations:
        _say(f"  {line}")
    _say(
        "review it, then `chanuka-db lint` (after editing it: `chanuka-db checksums --write` and "
        "`chanuka-db snapshot --write-all`)"
    )


@app.command()
def lint(
    rev: Annotated[str | None, typer.Argument(help="Only this revision (default: all).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", help="Print errors only, nothing when clean.")] = False,
    citus: Annotated[bool, typer.Option("--citus", help="Also check the models against the Citus plan.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Run squawk and chanuka-db's rules over the revisions' SQL (no database needed)."""
    report = api.lint(rev, citus=citus)
    if as_json:
        emit_json(
            {
                "ok": report.ok,
                "revisions": report.revisions,
                "findings": report.findings,
                "squawk_excluded": report.squawk_excluded,
            }
        )
        raise typer.Exit(0 if report.ok else 1)
    for finding in report.findings:
        if quiet and finding.severity != "error":
            continue
        line = f"{finding.where()}: {finding.rule}: {finding.message}"
        if finding.severity == "error":
            _problem(line)
        else:
            _warn(line)
    if not quiet:
        _say(
            f"linted {len(report.revisions)} revision(s): {len(report.errors)} error(s), "
            f"{len(report.findings) - len(report.errors)} warning(s)"
        )
    raise typer.Exit(0 if report.ok else 1)


@app.command()
def stamp(
    rev: Annotated[str, typer.Argument(help="The revision the database's schema already is.")],
    as_json: JsonOpt = False,
) -> None:
    """Record REV as applied without running it, once the live schema matches its snapshot."""
    result = api.stamp(rev)
    if as_json:
        emit_json(result)
        return
    _say(
        f"stamped {result.current or 'base'} (was {result.before or 'base'}); "
        f"journaled {len(result.journaled)} revision(s)"
    )


@app.command()
def repair(
    rev: Annotated[str, typer.Argument(help="The revision whose failed record to clear.")],
    as_json: JsonOpt = False,
) -> None:
    """Clear REV's failed journal records once fixed (and re-record its checksum if its file was edited)."""
    result = api.repair(rev)
    if as_json:
        emit_json({**dataclasses.asdict(result), "changed": result.changed})
        return
    if not result.changed:
        _say(f"nothing to repair for {result.revision}: no failed record, checksum matches")
        return
    if result.cleared_failures:
        _say(f"cleared {result.cleared_failures} failed record(s) of {result.revision}")
    if result.realigned_checksum:
        _say(f"recorded the current checksum of {result.revision}: {result.realigned_checksum[:12]}")


@app.command()
def checksums(
    write: Annotated[bool, typer.Option("--write", help="Rewrite migrations/checksums from the files.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Check (or --write) migrations/checksums, the per-revision sha256 list with its total."""
    result = api.checksums(write=write)
    if as_json:
        emit_json(result)
        raise typer.Exit(0 if not result.problems else 1)
    if result.written:
        _say(f"wrote checksums for {len(result.entries)} revision(s)")
        return
    for problem in result.problems:
        _problem(problem)
    if not result.problems:
        _say(f"checksums match {len(result.entries)} revision(s)")
    raise typer.Exit(0 if not result.problems else 1)


# ------------------------------------------------------------------ data
@contextlib.contextmanager
def progress_bars(quiet: bool) -> Iterator[Callable[[str, int, int], None] | None]:
    """A rich progress display (rows, rows/s, ETA) fed by ``callback(task, done, total)``; None when quiet."""
    if quiet or (not out.is_terminal and not sys.stderr.isatty()):
        yield None
        return
    columns = (
        TextColumn("[bold]{task.description:<24}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:>10}"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=err, transient=False) as bar:
        tasks: dict[str, TaskID] = {}
        started: dict[str, float] = {}

        def update(name: str, done: int, total: int) -> None:
            if name not in tasks:
                tasks[name] = bar.add_task(name, total=total or None, rate="")
                started[name] = time.perf_counter()
            elapsed = max(time.perf_counter() - started[name], 1e-6)
            bar.update(tasks[name], completed=done, total=max(total, done) or None, rate=f"{done / elapsed:,.0f}/s")

        yield update


def _sizes(bills: int, users: int, comments: int, seed_: int, events: int | None, as_of: str | None) -> DemoSizes:
    from chanuka_db.ingest.demo import DemoSizes

    kwargs: dict[str, Any] = {"bills": bills, "users": users, "comments": comments, "seed": seed_, "events": events}
    if as_of:
        try:
            kwargs["as_of"] = dt.date.fromisoformat(as_of)
        except ValueError:
            raise InvalidInput(f"--as-of must be a date like 2026-11-01, not {as_of!r}") from None
    for name in ("bills", "users", "comments"):
        if kwargs[name] < 0 or kwargs[name] > 50_000_000:
            raise InvalidInput(f"--{name} must be between 0 and 50,000,000")
    if users < 1 and comments:
        raise InvalidInput("comments need users: give --users 1 or more")
    return DemoSizes(**kwargs)


def _render_seed(report: SeedReport, as_json: bool) -> None:
    if as_json:
        emit_json(report)
        return
    if report.skipped:
        out.print("database already holds data: nothing seeded (use --replace to start over)")
    table = Table(title="rows", title_justify="left")
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, n in report.counts.items():
        table.add_row(name, f"{n:,}")
    out.print(table)
    if not report.skipped:
        cover = ", ".join(f"{w} {n}" for w, n in report.top_words_bill_coverage.items())
        out.print(f"vocabulary: {report.vocabulary_size:,} words; bills containing the ten commonest: {cover}")
        out.print(f"seeded in {report.seconds:.1f} s")


@app.command()
def seed(
    bills: Annotated[int, typer.Option("--bills", help="Bills to generate.")] = 2_000,
    users: Annotated[int, typer.Option("--users", help="Users (with profiles).")] = 5_000,
    comments: Annotated[int, typer.Option("--comments", help="Comments, replies included.")] = 20_000,
    seed_: Annotated[int, typer.Option("--seed", help="Random seed: same seed, same data.")] = 42,
    events: Annotated[int | None, typer.Option("--events", help="Engagement events (default 2.5 per comment).")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Last day of the 24 months of activity.")] = None,
    replace: Annotated[bool, typer.Option("--replace", help="Empty the demo tables first.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress bars.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Load a realistic, deterministic Kenyan demo dataset with COPY."""
    sizes = _sizes(bills, users, comments, seed_, events, as_of)
    with progress_bars(quiet or as_json) as bar:
        report = api.seed(sizes=sizes, replace=replace, progress=bar)
    _render_seed(report, as_json)


@app.command()
def demo(
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress bars.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Migrate, load the demo dataset if the database is empty, and show what is there."""
    with progress_bars(quiet or as_json) as bar:
        result = api.demo(progress=bar)
    if as_json:
        emit_json(result)
        return
    _render_seed(result.seed, False)
    for line in result.samples:
        out.print(line)


# ------------------------------------------------------------------ search
def _marked(headline: str) -> str:
    """A search headline (HTML-escaped, <mark> tags) as rich markup for the terminal."""
    parts: list[str] = []
    for piece in re.split(r"(</?mark>)", headline):
        if piece == "<mark>":
            parts.append("[bold yellow]")
        elif piece == "</mark>":
            parts.append("[/bold yellow]")
        else:
            parts.append(escape(html.unescape(piece)))
    return "".join(parts)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help='Words, "a phrase", -word, a or b; or a bill number like NA 12/2024.')],
    limit: Annotated[int, typer.Option("--limit", help="Hits to show (1-100).")] = 10,
    offset: Annotated[int, typer.Option("--offset", help="Hits to skip.")] = 0,
    kind: Annotated[str, typer.Option("--type", help="bills, sponsors or comments.")] = "bills",
    status: Annotated[list[str] | None, typer.Option("--status", help="Bill status (repeatable).")] = None,
    county: Annotated[
        list[str] | None, typer.Option("--county", help="Affected county; sponsor's or commenter's county.")
    ] = None,
    chamber: Annotated[list[str] | None, typer.Option("--chamber", help="national_assembly, senate...")] = None,
    category: Annotated[list[str] | None, typer.Option("--category", help="Bill category.")] = None,
    party: Annotated[list[str] | None, typer.Option("--party", help="Sponsor's party.")] = None,
    position: Annotated[list[str] | None, typer.Option("--position", help="Comment position.")] = None,
    sponsor: Annotated[str | None, typer.Option("--sponsor", help="Sponsor id or part of a name.")] = None,
    bill: Annotated[str | None, typer.Option("--bill", help="Comments of this bill (its id).")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="Introduced (or commented) on or after.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Introduced (or commented) on or before.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Full-text search of bills (default), sponsors or comments (exit 2 for an empty query)."""
    page = api.search(
        query,
        type=kind,
        limit=limit,
        offset=offset,
        status=status,
        county=county,
        chamber=chamber,
        category=category,
        party=party,
        position=position,
        sponsor=sponsor,
        bill=bill,
        date_from=date_from,
        date_to=date_to,
    )
    if as_json:
        emit_json(page)
        return
    about = "" if page.total_exact else "about "
    out.print(f"{about}{page.total:,} result(s) for {escape(page.query)!r} in {page.took_ms:.1f} ms", highlight=False)
    if page.suggestion:
        out.print(f"did you mean: [bold]{escape(page.suggestion)}[/bold] (shown first below)")
    table = Table(show_lines=True)
    table.add_column("rank", justify="right")
    columns: dict[str, tuple[str, ...]] = {
        "bills": ("bill_number", "title", "status"),
        "sponsors": ("name", "party", "county"),
        "comments": ("bill_id", "position", "created_at"),
    }
    fields = columns.get(kind, columns["bills"])
    for name in fields:
        table.add_column(name.replace("_", " "))
    table.add_column("headline", ratio=2)
    for hit in page.hits:
        values: list[Any] = [getattr(hit, f) for f in fields]
        table.add_row(f"{hit.rank:.3f}", *(escape(str(v or "")) for v in values), _marked(hit.headline))
    out.print(table)
    for name, counts in page.facets.items():
        shown = ", ".join(f"{escape(k)} {n}" for k, n in list(counts.items())[:8])
        out.print(f"[bold]{name}[/bold]: {shown}", highlight=False)


@app.command("suggest")
def suggest_command(
    prefix: Annotated[str, typer.Argument(help="The start of a bill title or a sponsor's name.")],
    limit: Annotated[int, typer.Option("--limit", help="Suggestions to show (1-25).")] = 8,
    as_json: JsonOpt = False,
) -> None:
    """Autocomplete bill titles and sponsor names."""
    items = api.suggest(prefix, limit=limit)
    if as_json:
        emit_json(items)
        return
    for item in items:
        out.print(f"{item.kind:8} {item.text}", markup=False, highlight=False)


@app.command("search-refresh")
def search_refresh(as_json: JsonOpt = False) -> None:
    """Refresh the search vocabulary and autocomplete views (after bulk loads; on a schedule)."""
    seconds = api.refresh_search()
    if as_json:
        emit_json({"seconds": round(seconds, 3)})
    else:
        out.print(f"search views refreshed in {seconds:.1f} s")


# ------------------------------------------------------------------ adopting the old database
@app.command()
def adopt(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Plan only: change nothing, write the mapping file.")
    ] = False,
    mapping: Annotated[
        Path | None, typer.Option("--mapping", help="Value mapping file (default: chanuka-adopt-mapping.json).")
    ] = None,
    timezone: Annotated[
        str | None, typer.Option("--timezone", help="Zone of the old timestamp values (default Africa/Nairobi).")
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask before changing the database.")] = False,
    backup_dir: Annotated[
        Path | None, typer.Option("--backup-dir", help="Where the backup taken first goes (default .chanuka/backups).")
    ] = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Take over a database built by the old Drizzle module in place, keeping every row (docs/adopting.md).

    Exit 1 when the plan is blocked (rows that would not survive; decide them in the mapping file).
    """
    if dry_run:
        plan = api.adopt_plan(mapping=mapping, timezone=timezone)
        if as_json:
            emit_json(plan.as_dict())
        else:
            for line in plan.lines():
                out.print(line, markup=False, highlight=False, soft_wrap=True)
            if plan.mapping_file:
                out.print(f"mapping file: {plan.mapping_file}", markup=False, highlight=False, soft_wrap=True)
        if plan.blocked:
            raise typer.Exit(1)
        return

    def confirm(plan: Any) -> bool:
        if as_json or not sys.stdin.isatty():
            raise InvalidInput(
                "adopt changes the database in place: review `chanuka-db adopt --dry-run`, then add --yes"
            )
        for line in plan.lines():
            out.print(line, markup=False, highlight=False, soft_wrap=True)
        return typer.confirm("Back up, then adopt this database in place?", default=False)

    # The question is asked before any step runs; progress bars start only when nothing will be asked.
    with progress_bars(quiet or as_json or not yes) as bar:

        def progress(event: Any) -> None:
            if bar is None:
                return
            if event.what == "step":
                bar("adopt steps", event.index + 1, event.total)
            elif event.what == "batch":
                bar(f"backfill {event.step}"[:24], event.index, event.total)

        result = api.adopt(
            mapping=mapping, timezone=timezone, yes=yes, confirm=confirm, progress=progress, backup_dir=backup_dir
        )
    if as_json:
        emit_json(result.as_dict())
        return
    for line in result.lines():
        out.print(line, markup=False, highlight=False, soft_wrap=True)


# ------------------------------------------------------------------ operations


@app.command()
def backup(
    file: Annotated[
        Path | None, typer.Argument(help="Dump file (default: .chanuka/backups/<db>-<UTC time>.dump).")
    ] = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """pg_dump the database (custom format) and write FILE.manifest.json beside it."""
    with progress_bars(quiet or as_json) as progress:
        manifest = api.backup(path=file, progress=progress)
    if as_json:
        emit_json(
            {
                **manifest.model_dump(mode="json"),
                "dump_path": str(manifest.dump_path),
                "manifest_path": str(manifest.manifest_path),
            }
        )
        return
    kv_table(
        "backup",
        {
            "dump": manifest.dump_path,
            "manifest": manifest.manifest_path,
            "revision": manifest.revision or "(none)",
            "tables": len(manifest.tables),
            "rows": f"{manifest.total_rows:,}",
            "size": f"{manifest.dump_bytes / 1e6:.1f} MB",
            "sha256": manifest.dump_sha256,
            "seconds": manifest.seconds,
        },
    )


@app.command()
def restore(
    file: Annotated[Path, typer.Argument(help="A dump made by `chanuka-db backup` (its manifest beside it).")],
    target: Annotated[str, typer.Option("--target", help="URL of the database to restore into (new or empty).")],
    force: Annotated[
        bool, typer.Option("--force", help="Restore into a non-empty database, replacing the dump's objects.")
    ] = False,
    no_acl: Annotated[bool, typer.Option("--no-acl", help="Skip GRANTs (a server without the dump's roles).")] = False,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Check the dump against its manifest, restore it, then verify row counts, checksums and revision."""
    with progress_bars(quiet or as_json) as progress:
        report = api.restore(file, target, force=force, no_acl=no_acl, progress=progress)
    if as_json:
        emit_json(report)
        return
    kv_table(
        "restored and verified",
        {
            "target": report.target,
            "created": report.database_created,
            "revision": report.revision or "(none)",
            "tables verified": report.tables_verified,
            "rows verified": f"{report.rows_verified:,}",
            "seconds": report.seconds,
        },
    )


@app.command()
def doctor(as_json: JsonOpt = False) -> None:
    """Check slow queries, indexes, bloat, cache, sessions, partitions and sequences (exit 1 when critical)."""
    report = api.doctor()
    if as_json:
        emit_json(report.as_dict())
        raise typer.Exit(report.exit_code)
    colour = {"ok": "green", "warning": "yellow", "critical": "red"}
    table = Table(
        title=f"chanuka-db doctor: {report.target} (PostgreSQL {report.server_version})", title_justify="left"
    )
    for name in ("check", "severity", "value", "threshold"):
        table.add_column(name)
    for f in report.findings:
        table.add_row(f.name, f"[{colour[f.severity]}]{f.severity}[/]", f.value, f.threshold)
    out.print(table)
    for f in report.findings:
        if f.severity == "ok":
            continue
        out.print(f"[{colour[f.severity]}]{f.name}[/]: {f.advice}", highlight=False)
        for item in f.items[:10]:
            _say(f"  - {item}")
        if len(f.items) > 10:
            _say(f"  ... and {len(f.items) - 10} more (--json lists them all)")
    raise typer.Exit(report.exit_code)


@app.command()
def docs(
    out_dir: Annotated[Path | None, typer.Option("--out", help="Folder to write (default: docs/schema).")] = None,
    check: Annotated[bool, typer.Option("--check", help="Change nothing; exit 1 when the folder is stale.")] = False,
) -> None:
    """Write the data dictionary, ER diagrams (Mermaid and SVG) and the changelog of revisions."""
    result = api.docs(out_dir, check=check)
    if check:
        for problem in result.problems:
            _problem(problem)
        if result.ok:
            _say(f"{result.out_dir} is up to date ({len(result.files)} files)")
        else:
            _say(f"{len(result.problems)} file(s) stale: run `chanuka-db docs`")
        raise typer.Exit(0 if result.ok else 1)
    _say(f"wrote {len(result.files)} files to {result.out_dir}")


@app.command("types")
def types_(
    fmt: Annotated[str, typer.Option("--format", help="ts (TypeScript) or jsonschema.")],
    out_file: Annotated[Path | None, typer.Option("--out", help="Write here instead of stdout.")] = None,
) -> None:
    """Export every table's Row and Insert shapes as TypeScript or JSON Schema."""
    text_out = api.types(fmt)
    if out_file is None:
        sys.stdout.write(text_out)
        return
    out_file.parent.mkdir(parents=True, exist_ok=True)
    out_file.write_text(text_out)
    _say(f"wrote {out_file}")


# ------------------------------------------------------------------ partitions
partitions_app = typer.Typer(help="Monthly partitions of the high-volume event tables.", no_args_is_help=True)
app.add_typer(partitions_app, name="partitions")


@partitions_app.command("ensure")
def partitions_ensure(
    months_ahead: Annotated[int, typer.Option("--months-ahead", min=0, max=120, help="Months to create ahead.")] = 3,
    months_back: Annotated[int, typer.Option("--months-back", min=0, max=240, help="Months to create back.")] = 0,
    as_json: JsonOpt = False,
) -> None:
    """Create the monthly partitions that are missing (idempotent; also run by `migrate`)."""
    result = api.partitions_ensure(months_ahead=months_ahead, months_back=months_back)
    if as_json:
        emit_json(result.as_dict())
        return
    _say(
        f"partitions {result.first_month} .. {result.last_month}: {len(result.created)} created, "
        f"{len(result.existing)} already there, "
        f"{sum(result.moved_rows.values()):,} row(s) moved out of default partitions"
    )
    for warning in result.warnings:
        _problem(warning)


@partitions_app.command("list")
def partitions_list(as_json: JsonOpt = False) -> None:
    """List partitions with their row counts; warn when a default partition holds rows."""
    result = api.partitions_list()
    if as_json:
        emit_json(result)
        return
    table = Table(title="partitions", title_justify="left")
    for name in ("table", "partition", "kind", "month", "rows", "size"):
        table.add_column(name, justify="right" if name in {"rows", "size"} else "left")
    for p in result.partitions:
        rows = f"~{p.rows:,}" if p.rows_estimated else f"{p.rows:,}"
        table.add_row(p.table, p.name, p.kind, str(p.month or p.bound), rows, f"{p.total_bytes / 1e6:.1f} MB")
    out.print(table)
    for warning in result.warnings:
        _problem(warning)


@partitions_app.command("detach")
def partitions_detach(
    older_than: Annotated[str, typer.Option("--older-than", help="Retention, e.g. 24m or 2y.")] = "24m",
    drop: Annotated[bool, typer.Option("--drop", help="Drop detached partitions (deletes their rows).")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Detach partitions older than the retention period; their data is kept unless --drop."""
    result = api.partitions_detach(older_than=older_than, drop=drop)
    if as_json:
        emit_json(result)
        return
    _say(f"cutoff {result.cutoff}: {len(result.detached)} detached, {len(result.dropped)} dropped")
    for name in result.detached:
        _say(f"  detached {name} (kept as a plain table)")


# ------------------------------------------------------------------ security
roles_app = typer.Typer(help="Roles, grants and row-level security.", no_args_is_help=True)
app.add_typer(roles_app, name="roles")


@roles_app.command("apply")
def roles_apply(
    transfer_ownership: Annotated[
        bool, typer.Option("--transfer-ownership", help="Also make chanuka_owner own the schema's objects.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Create missing roles; GRANT what the rules call for, REVOKE what they forbid."""
    result = api.roles_apply(transfer_ownership=transfer_ownership)
    if as_json:
        emit_json(result.as_dict())
        return
    for line in result.lines():
        _say(line)


@roles_app.command("show")
def roles_show(as_json: JsonOpt = False) -> None:
    """Who can do what; exit 1 on a leak or a row-level-security hole."""
    report = api.roles_show()
    if as_json:
        emit_json(report.as_dict())
    else:
        for line in report.lines():
            _say(line)
    raise typer.Exit(0 if report.ok else 1)


@app.command()
def pii(as_json: JsonOpt = False) -> None:
    """List the columns holding personal data (table.column, category)."""
    from chanuka_db.security import pii as pii_mod

    cols = api.pii()
    if as_json:
        emit_json([c.as_dict() for c in cols])
        return
    for line in pii_mod.lines(cols):
        _say(line)


def main() -> None:
    """Console-script entry point: run the app, turn errors into one line and an exit code."""
    try:
        # Standalone mode: usage errors exit 2 and typer.Exit carries its code, both via SystemExit.
        app()
    except ChanukaError as exc:
        _fail(exc.message, exc.exit_code, exc)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:
        first = redact(str(exc)).splitlines()[0] if str(exc) else ""
        _fail(f"unexpected {type(exc).__name__}: {first}", 1, exc)


def _fail(message: str, code: int, exc: BaseException) -> None:
    err.print(f"chanuka-db: error: {redact(message)}", highlight=False, markup=False, soft_wrap=True)
    if _state["debug"]:
        err.print(redact("".join(traceback.format_exception(exc))), highlight=False, markup=False)
    sys.exit(code)
