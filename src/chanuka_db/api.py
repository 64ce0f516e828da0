"""The Python API: one function per CLI verb, each returning plain data.

Like Alembic's ``command`` module, every user-facing operation is a small function here; the CLI
(:mod:`chanuka_db.cli`) only parses arguments and renders what these return. Functions take an
optional :class:`~chanuka_db.engine.Database`; without one they use the settings from the
environment.
"""

from __future__ import annotations

from chanuka_db.config import Settings, load_settings
from chanuka_db.engine import Database
from chanuka_db.migrate import plan, runner
from chanuka_db.ops import health as _health
from chanuka_db.server import EmbeddedServer, ServerStatus


def _db(db: Database | None) -> Database:
    return db if db is not None else Database()


def _server(settings: Settings | None) -> EmbeddedServer:
    s = settings or load_settings()
    return Database(s).embedded


def server_start(settings: Settings | None = None) -> ServerStatus:
    """Start (or reuse) the embedded PostgreSQL and create the ``chanuka`` database."""
    return _server(settings).start()


def server_stop(settings: Settings | None = None) -> ServerStatus:
    """Stop the embedded PostgreSQL (its data is kept)."""
    return _server(settings).stop()


def server_status(settings: Settings | None = None) -> ServerStatus:
    """Whether the embedded PostgreSQL is initialised and running."""
    return _server(settings).status()


def server_url(settings: Settings | None = None, *, show_password: bool = False) -> str:
    """The embedded server's URL (starts it if needed); password masked unless asked for."""
    server = _server(settings)
    server.start()
    return server.url().render_as_string(hide_password=not show_password)


def health(db: Database | None = None) -> _health.HealthReport:
    """Connectivity, version, latency, size, extensions and migration state."""
    return _health.check(_db(db))


def status(db: Database | None = None) -> plan.MigrationStatus:
    """Current revision, head and pending revisions."""
    database = _db(db)
    with database.connect() as conn:
        return plan.status(conn)


def migrate(db: Database | None = None, *, to: str = "head") -> plan.MigrationStatus:
    """Apply pending revisions (under the migration advisory lock); returns the status after."""
    database = _db(db)
    runner.upgrade(database, to)
    return status(database)
