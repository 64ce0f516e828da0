"""Engines, pools and sessions: the one place that creates database connections.

:class:`Database` resolves where to connect (``DATABASE_URL``, or the embedded server when it is
not set), builds one SQLAlchemy engine on psycopg 3 with a pool sized from the settings, pre-ping,
and per-connection statement/lock timeouts, and hands out sessions and transactions.

Reads that may be served by a replica go through :meth:`Database.reading` (an ORM session),
:meth:`Database.read_connect` (a Core connection) or :meth:`Database.read` (a function, run again
elsewhere if its server goes away): they are routed by a :class:`~chanuka_db.replicas.ReplicaRouter`
over ``DATABASE_REPLICA_URLS`` (or the embedded server's replicas), and are read-only everywhere.
Everything else (:meth:`~Database.session`, :meth:`~Database.transaction`, :meth:`~Database.connect`,
:meth:`~Database.raw_connection`) is on the primary.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Hashable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import quote

import psycopg
from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import URL, Connection
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from chanuka_db.config import Settings, load_settings, parse_database_url
from chanuka_db.errors import ConnectionFailed, redact
from chanuka_db.replicas import ReadSession, ReplicaHealth, ReplicaRouter, RoutingPolicy, pin_scope
from chanuka_db.server import DATABASE, EmbeddedServer

if TYPE_CHECKING:
    from chanuka_db.ha.state import ClusterState

T = TypeVar("T")


def libpq_url(url: URL) -> str:
    """``url`` as a plain ``postgresql://`` string for psycopg and the PostgreSQL tools.

    The password is percent-encoded completely (SQLAlchemy leaves spaces as they are, which libpq
    rejects with an error message that quotes the password).
    """
    plain = url.set(drivername="postgresql")
    if plain.password is None:
        return plain.render_as_string(hide_password=False)
    masked = plain.render_as_string(hide_password=True)
    return masked.replace(":***@", ":" + quote(str(plain.password), safe="") + "@", 1)


def describe(url: URL) -> str:
    """``host:port/database`` of ``url``, for messages (never the password)."""
    host = url.host or str(url.query.get("host", "localhost"))
    return f"{host}:{url.port or 5432}/{url.database}"


def connection_error(exc: BaseException, url: URL) -> ConnectionFailed:
    """Translate a driver error raised while connecting into one line a user can act on."""
    raw = str(getattr(exc, "orig", None) or exc)
    low = raw.lower()
    where = describe(url)
    if "password authentication failed" in low or "no password supplied" in low:
        reason = f"authentication failed for user {url.username!r} (check the password in DATABASE_URL)"
    elif "does not exist" in low and "database" in low:
        reason = f"database {url.database!r} does not exist (create it, or fix DATABASE_URL)"
    elif "role" in low and "does not exist" in low:
        reason = f"role {url.username!r} does not exist"
    elif "connection refused" in low:
        reason = "connection refused (is PostgreSQL running and listening there?)"
    elif "timeout" in low or "timed out" in low:
        reason = "connection timed out"
    elif "could not translate host name" in low or "name or service not known" in low:
        reason = "unknown host name"
    elif "ssl" in low:
        reason = "SSL negotiation failed: " + _first_line(raw)
    else:
        reason = _first_line(raw)
    return ConnectionFailed(f"cannot connect to {where}: {redact(reason)}")


def _first_line(text: str) -> str:
    for raw in text.splitlines():
        line = raw.strip()
        if line:
            return line
    return "unknown error"


class Database:
    """Where chanuka-db connects, with a lazily created engine and session factory.

    ``Database()`` reads the settings from the environment. Pass ``url`` to target a specific
    database (tests, restore targets). Use as a context manager to dispose of the pool.

    Replicas: ``replica_urls`` when given; else, for a ``url`` given here, none; else
    ``DATABASE_REPLICA_URLS`` with ``DATABASE_URL``, or the embedded server's replicas.
    ``routing`` sets lag limits, health-check interval and read-your-writes.
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        url: URL | str | None = None,
        replica_urls: Sequence[URL | str] | None = None,
        routing: RoutingPolicy | None = None,
    ) -> None:
        self.settings = settings or load_settings()
        self._url: URL | None = None
        self._embedded = False
        self._ha_state: ClusterState | None = None
        self._url_given = url is not None
        if url is not None:
            self._url = parse_database_url(url) if isinstance(url, str) else url
        self._replica_urls: list[URL] | None = None
        if replica_urls is not None:
            self._replica_urls = [parse_database_url(u) if isinstance(u, str) else u for u in replica_urls]
        self.routing = routing or RoutingPolicy()
        self._engine: Engine | None = None
        self._sessions: sessionmaker[Session] | None = None
        self._replicas: list[tuple[str, URL]] | None = None
        self._router: ReplicaRouter | None = None

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.dispose()

    @property
    def embedded(self) -> EmbeddedServer:
        """The embedded server this database uses when no URL is configured."""
        return EmbeddedServer(Path(self.settings.data_dir), ephemeral=self.settings.env.value == "test")

    @property
    def url(self) -> URL:
        """The resolved URL: ``DATABASE_URL``; else the HA cluster started beside the data directory
        (``server start --ha``), through its multi-host URL; else the embedded server, started."""
        if self._url is None:
            explicit = self.settings.explicit_url()
            if explicit is None:
                explicit = self._ha_url()
            if explicit is None:
                server = self.embedded
                server.start()
                explicit = server.url()
                self._embedded = True
            self._url = explicit
        return self._url

    def _ha_url(self) -> URL | None:
        # psycopg tries each member and keeps the one accepting writes, so after a failover a new
        # connection finds the new leader by itself; the cluster is not started here (server start --ha).
        from chanuka_db.ha import client as ha_client
        from chanuka_db.ha.state import ClusterState, state_dir_for

        state = ClusterState.load(state_dir_for(self.settings.data_dir))
        if state is None:
            return None
        self._ha_state = state
        return ha_client.ha_url(state)

    @property
    def uses_embedded(self) -> bool:
        """True when the resolved URL is the embedded server's (no ``DATABASE_URL``)."""
        _ = self.url
        return self._embedded

    @property
    def engine(self) -> Engine:
        """The pooled engine of the primary (created on first use)."""
        if self._engine is None:
            self._engine = build_engine(self.url, self.settings)
            if self.routing.read_your_writes_s > 0:
                _ = self.router  # it must see every write from the start
        return self._engine

    @property
    def replica_urls(self) -> list[URL]:
        """Where reads may go besides the primary (see the class docstring); possibly empty."""
        return [url for _, url in self._replica_endpoints()]

    def _replica_endpoints(self) -> list[tuple[str, URL]]:
        if self._replicas is None:
            url = self.url
            if self._replica_urls is not None:
                self._replicas = [(f"replica{i + 1}", u) for i, u in enumerate(self._replica_urls)]
            elif self._embedded:
                self._replicas = self.embedded.replica_endpoints(url.database or DATABASE)
            elif self._ha_state is not None:
                # Every member is a candidate: the router's health check keeps the standbys of the
                # moment in rotation, so a failover needs no rebuilt router.
                from chanuka_db.ha import client as ha_client

                members = ha_client.member_endpoints(self._ha_state, database=url.database or DATABASE)
                self._replicas = [(name, parse_database_url(u)) for name, u in members]
            elif self._url_given:
                self._replicas = []
            else:
                self._replicas = [(f"replica{i + 1}", u) for i, u in enumerate(self.settings.replica_urls())]
        return self._replicas

    @property
    def router(self) -> ReplicaRouter:
        """The read router (created on first use; with no replicas every read goes to the primary)."""
        if self._router is None:
            engine = self.engine
            if self._router is not None:  # the engine property built it (read-your-writes)
                return self._router
            replicas = [(n, u, build_engine(u, self.settings), describe(u)) for n, u in self._replica_endpoints()]
            url = self.url
            self._router = ReplicaRouter(
                engine, replicas, self.routing, primary_error=lambda exc: connection_error(exc, url)
            )
        return self._router

    @property
    def sessions(self) -> sessionmaker[Session]:
        """The session factory bound to :attr:`engine`."""
        if self._sessions is None:
            self._sessions = sessionmaker(bind=self.engine, expire_on_commit=False)
        return self._sessions

    def session(self) -> Session:
        """A new ORM session (the caller closes it)."""
        return self.sessions()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session inside one transaction: committed on success, rolled back on error."""
        with self.sessions.begin() as session:
            yield session

    @contextlib.contextmanager
    def connect(self) -> Iterator[Connection]:
        """A pooled Core connection; connection failures become :class:`ConnectionFailed`."""
        try:
            conn = self.engine.connect()
        except (OperationalError, DBAPIError, psycopg.OperationalError) as exc:
            raise connection_error(exc, self.url) from None
        with conn:
            yield conn

    def raw_connection(self, *, autocommit: bool = False) -> psycopg.Connection[tuple[object, ...]]:
        """A direct psycopg connection (COPY, advisory locks, LISTEN), outside the pool."""
        conn_settings = self.settings.connection()
        try:
            return psycopg.connect(
                libpq_url(self.url),
                autocommit=autocommit,
                connect_timeout=conn_settings.connect_timeout_s,
                application_name=conn_settings.application_name,
                options=_session_options(self.settings),
            )
        except psycopg.OperationalError as exc:
            raise connection_error(exc, self.url) from None

    # ------------------------------------------------------------------ reads
    @contextlib.contextmanager
    def reading(self) -> Iterator[ReadSession]:
        """A read-only ORM session on a replica (round robin) or, failing that, the primary."""
        with self.router.read_session() as session:
            yield session

    def read_session(self) -> ReadSession:
        """Like :meth:`reading`, for a caller that closes the session itself."""
        return self.router.read_session()

    @contextlib.contextmanager
    def read_connect(self) -> Iterator[Connection]:
        """A read-only Core connection on a replica (round robin) or, failing that, the primary."""
        with self.router.read_connection() as conn:
            yield conn

    def read(self, fn: Callable[[Connection], T], *, retries: int = 1) -> T:
        """``fn(conn)`` on a routed read connection; run again elsewhere (up to ``retries`` times)
        when its server goes away or a standby cancels it. ``fn`` must only read."""
        return self.router.run_read(fn, retries=retries)

    def note_write(self) -> None:
        """Tell read-your-writes about a write it cannot see (through :meth:`raw_connection`)."""
        self.router.note_write()

    @staticmethod
    def pin_scope(key: Hashable) -> contextlib.AbstractContextManager[None]:
        """Within this block read-your-writes pins follow ``key`` (a user or session id)."""
        return pin_scope(key)

    def replica_health(self, *, check: bool = True) -> list[ReplicaHealth]:
        """Each replica's state, lag and place in the rotation (checked now unless ``check=False``)."""
        if not self.replica_urls:
            return []
        return self.router.check() if check else self.router.health()

    def dispose(self) -> None:
        """Close every pooled connection (the replicas' too)."""
        if self._router is not None:
            self._router.dispose()
            self._router = None
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
            self._sessions = None


def _session_options(settings: Settings) -> str:
    c = settings.connection()
    return f"-c statement_timeout={c.statement_timeout_ms} -c lock_timeout={c.lock_timeout_ms}"


def build_engine(url: URL, settings: Settings) -> Engine:
    """An engine for ``url`` with the pool and timeouts of ``settings``."""
    c = settings.connection()
    return create_engine(
        url,
        pool_size=c.pool_size,
        max_overflow=c.max_overflow,
        pool_pre_ping=True,
        pool_recycle=1800,
        connect_args={
            "connect_timeout": c.connect_timeout_s,
            "application_name": c.application_name,
            # Startup options cost no round trip and survive pool resets.
            "options": _session_options(settings),
        },
    )
