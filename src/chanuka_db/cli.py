"""The ``chanuka-db`` command: a thin shell over :mod:`chanuka_db.api`.

Each command parses its options, calls one API function and renders the result as a rich table
or, with ``--json``, as JSON. Errors become one line on stderr and an exit code (2: configuration
or connection, 1: unhealthy or refused); ``--debug`` shows the traceback.
"""

from __future__ import annotations

import dataclasses
import json
import sys
import traceback
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from chanuka_db import __version__, api
from chanuka_db.errors import ChanukaError, redact
from chanuka_db.server import ServerStatus

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
        },
    )


@server_app.command("start")
def server_start(as_json: JsonOpt = False) -> None:
    """Start (or reuse) the embedded server and create the `chanuka` database."""
    _render_server(api.server_start(), as_json)


@server_app.command("stop")
def server_stop(as_json: JsonOpt = False) -> None:
    """Stop the embedded server; its data directory is kept."""
    _render_server(api.server_stop(), as_json)


@server_app.command("status")
def server_status(as_json: JsonOpt = False) -> None:
    """Show whether the embedded server is running."""
    _render_server(api.server_status(), as_json)


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
                **{f"problem {i + 1}": p for i, p in enumerate(report.problems)},
            },
        )
    raise typer.Exit(report.exit_code)


# ---------------------------------------------------------------- migrations
@app.command()
def status(as_json: JsonOpt = False) -> None:
    """Show the current revision, the head and the pending revisions."""
    st = api.status()
    if as_json:
        emit_json({"current": st.current, "head": st.head, "pending": [r.revision for r in st.pending]})
        return
    kv_table(
        "migration status",
        {
            "current": st.current or "(empty database)",
            "head": st.head,
            "pending": ", ".join(r.revision for r in st.pending) or "none",
        },
    )


@app.command()
def migrate(
    to: Annotated[str, typer.Option("--to", help="Target revision (default: head).")] = "head",
    as_json: JsonOpt = False,
) -> None:
    """Apply pending migrations."""
    st = api.migrate(to=to)
    if as_json:
        emit_json({"current": st.current, "head": st.head, "pending": [r.revision for r in st.pending]})
    else:
        out.print(f"database at [bold]{st.current}[/bold] (head {st.head})")


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
