"""The client side of the HA cluster: where to connect, what to retry, and which replicas to read from.

- **Where.** :func:`ha_url` is a multi-host URL over every member with
  ``target_session_attrs=read-write``: libpq (through psycopg) tries the members in turn and keeps the
  one that accepts writes, so after a failover a new connection finds the new primary by itself.
  ``pooler=True`` gives PgBouncer's address instead (one host, kept on the primary by a Patroni
  callback); through it prepared statements must be off (:func:`engine_options`).
- **What to retry.** A failover shows up as connection errors: SQLSTATE 57P01 (admin shutdown), 08006
  (connection failure), 08P01 (PgBouncer's ``query_wait_timeout``/``server_login_retry``), 08001 (could
  not connect), a few more of the same kind (:data:`RETRYABLE_SQLSTATES`), and driver errors without
  a SQLSTATE ("server closed the connection unexpectedly"). :func:`run_transaction` runs a unit of
  work in one transaction and retries it with backoff when such an error happens *before* COMMIT
  (nothing was committed); when COMMIT itself fails that way it raises
  :class:`~chanuka_db.ha.errors.CommitOutcomeUnknown`: the transaction may have committed.
  :func:`run_idempotent` also retries that case, for work that is safe to apply twice (client-side
  ids with ``ON CONFLICT DO NOTHING``, upserts, deletes by key).
- **Replicas.** :func:`patroni_members` reads Patroni's REST API; :func:`replica_urls` turns the
  streaming replicas into URLs for the read routing of :mod:`chanuka_db.replicas`.
"""

from __future__ import annotations

import contextlib
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import psycopg
from sqlalchemy import Engine
from sqlalchemy.engine import URL, Connection
from sqlalchemy.exc import DBAPIError

from chanuka_db.errors import ConnectionFailed, redact
from chanuka_db.ha.errors import CommitOutcomeUnknown, HAError
from chanuka_db.ha.rest import Member, first_answer, patroni_members
from chanuka_db.ha.state import HOST, SUPERUSER, ClusterState
from chanuka_db.server import DATABASE

if TYPE_CHECKING:  # engine.py may import this module to wire HA in: no import cycle at run time
    from chanuka_db.engine import Database

__all__ = [
    "RETRYABLE_SQLSTATES",
    "Member",
    "engine_options",
    "ha_conninfo",
    "ha_url",
    "is_connection_failure",
    "member_endpoints",
    "patroni_members",
    "replica_endpoints",
    "replica_urls",
    "run_idempotent",
    "run_transaction",
]

T = TypeVar("T")

#: SQLSTATEs that mean "this connection (or server) went away; the same work may succeed elsewhere".
RETRYABLE_SQLSTATES = frozenset(
    {
        "57P01",  # admin_shutdown: the server is stopping (Patroni demotes or restarts it)
        "57P02",  # crash_shutdown: another backend crashed, the server restarts
        "57P03",  # cannot_connect_now: starting up, shutting down, or in recovery
        "08000",  # connection_exception
        "08001",  # sqlclient_unable_to_establish_sqlconnection
        "08003",  # connection_does_not_exist
        "08004",  # sqlserver_rejected_establishment_of_sqlconnection
        "08006",  # connection_failure
        "08P01",  # protocol_violation: PgBouncer's query_wait_timeout and server_login_retry
        "25006",  # read_only_sql_transaction: reached a primary just demoted (through PgBouncer)
    }
)
DEFAULT_ATTEMPTS = 8
DEFAULT_BACKOFF_S = 0.25
DEFAULT_MAX_BACKOFF_S = 2.0


def _load(state: ClusterState | Path) -> ClusterState:
    if isinstance(state, ClusterState):
        return state
    loaded = ClusterState.load(Path(state))
    if loaded is None:
        raise HAError(f"no HA cluster in {state}; run `chanuka-db server start --ha`")
    return loaded


def ha_url(
    state: ClusterState | Path,
    *,
    database: str = DATABASE,
    pooler: bool = False,
    connect_timeout_s: int = 2,
) -> URL:
    """The SQLAlchemy URL (psycopg 3) of the cluster's primary: multi-host with
    ``target_session_attrs=read-write``, or PgBouncer's single address with ``pooler=True``.

    The hosts go in the query as ``host=h1,h2&port=p1,p2``, a form both SQLAlchemy and libpq read
    (so ``engine.libpq_url`` of it works for psycopg and the PostgreSQL tools).
    """
    st = _load(state)
    password = st.passwords["superuser"]
    if pooler:
        return URL.create(
            "postgresql+psycopg", username=SUPERUSER, password=password, host=HOST, port=st.pooler_port,
            database=database, query={"connect_timeout": str(connect_timeout_s)},
        )
    return URL.create(
        "postgresql+psycopg",
        username=SUPERUSER,
        password=password,
        database=database,
        query={
            "host": ",".join(HOST for _ in st.members),
            "port": ",".join(str(m.pg_port) for m in st.members),
            "target_session_attrs": "read-write",
            "connect_timeout": str(connect_timeout_s),
        },
    )


def ha_conninfo(state: ClusterState | Path, *, database: str = DATABASE, pooler: bool = False) -> str:
    """:func:`ha_url` as a libpq connection string (for psycopg and the PostgreSQL tools)."""
    st = _load(state)
    password = st.passwords["superuser"]
    if pooler:
        return psycopg.conninfo.make_conninfo(
            host=HOST, port=st.pooler_port, user=SUPERUSER, password=password, dbname=database, connect_timeout=2
        )
    return psycopg.conninfo.make_conninfo(
        host=",".join(HOST for _ in st.members),
        port=",".join(str(m.pg_port) for m in st.members),
        user=SUPERUSER,
        password=password,
        dbname=database,
        target_session_attrs="read-write",
        connect_timeout=2,
    )


def engine_options(*, pooler: bool) -> dict[str, Any]:
    """Extra ``connect_args`` for an engine on :func:`ha_url`: through PgBouncer (transaction pooling)
    psycopg must not prepare statements."""
    return {"prepare_threshold": None} if pooler else {}


# --------------------------------------------------------------------------- retries
def sqlstate(exc: BaseException) -> str | None:
    """The SQLSTATE of ``exc`` (a psycopg error, possibly wrapped by SQLAlchemy), if any."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    return getattr(orig, "sqlstate", None) if isinstance(orig, psycopg.Error) else None


def is_connection_failure(exc: BaseException) -> bool:
    """True when ``exc`` says the server or the connection went away (see :data:`RETRYABLE_SQLSTATES`)."""
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    if not isinstance(orig, psycopg.Error):
        return False
    state = getattr(orig, "sqlstate", None)
    if state is None:
        # Raised by the driver, not the server: connection refused, closed, timed out.
        return isinstance(orig, (psycopg.OperationalError, psycopg.InterfaceError))
    return state in RETRYABLE_SQLSTATES


def _engine(db: Database | Engine) -> Engine:
    return db if isinstance(db, Engine) else db.engine


def _first_line(exc: BaseException) -> str:
    orig = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    for line in str(orig).splitlines():
        if line.strip():
            return redact(line.strip())[:200]
    return type(exc).__name__


class _CommitFailed(Exception):
    """Internal: COMMIT raised a connection failure (wraps it)."""

    def __init__(self, cause: BaseException) -> None:
        super().__init__(str(cause))
        self.cause = cause


def _attempt(engine: Engine, fn: Callable[[Connection], T]) -> T:
    with engine.connect() as conn:
        trans = conn.begin()
        try:
            result = fn(conn)
        except BaseException:
            if trans.is_active:
                with contextlib.suppress(DBAPIError):  # the connection is gone: nothing was committed
                    trans.rollback()
            raise
        try:
            trans.commit()
        except DBAPIError as exc:
            if is_connection_failure(exc):
                raise _CommitFailed(exc) from exc
            raise
        return result


def _run(
    db: Database | Engine,
    fn: Callable[[Connection], T],
    *,
    attempts: int,
    backoff: float,
    max_backoff: float,
    retry_commit: bool,
    sleep: Callable[[float], None],
) -> T:
    if attempts < 1:
        raise ValueError("attempts must be at least 1")
    engine = _engine(db)
    for attempt in range(1, attempts + 1):
        try:
            return _attempt(engine, fn)
        except _CommitFailed as failed:
            if not retry_commit or attempt == attempts:
                raise CommitOutcomeUnknown(
                    f"the connection failed during COMMIT ({_first_line(failed.cause)}): the transaction may or "
                    "may not have committed"
                ) from failed.cause
        except DBAPIError as exc:
            if not is_connection_failure(exc):
                raise
            if attempt == attempts:
                raise ConnectionFailed(
                    f"no primary reachable after {attempts} attempts: {_first_line(exc)}"
                ) from exc
        # Exponential backoff with jitter, so clients do not come back in lockstep.
        delay = min(max_backoff, backoff * 2 ** (attempt - 1))
        sleep(delay * random.uniform(0.5, 1.0))  # jitter, not a secret
    raise AssertionError("unreachable")  # pragma: no cover


def run_transaction(
    db: Database | Engine,
    fn: Callable[[Connection], T],
    *,
    attempts: int = DEFAULT_ATTEMPTS,
    backoff: float = DEFAULT_BACKOFF_S,
    max_backoff: float = DEFAULT_MAX_BACKOFF_S,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """``fn(conn)`` in one transaction on the primary, committed; returns what ``fn`` returned.

    A connection failure before COMMIT (connecting, or while ``fn`` runs) rolled everything back:
    the whole unit runs again, up to ``attempts`` times, after ``backoff`` seconds doubling up to
    ``max_backoff`` (with jitter). A connection failure *during* COMMIT raises
    :class:`~chanuka_db.ha.errors.CommitOutcomeUnknown`, never retried here. ``fn`` must not commit
    itself, and must not have effects outside the database that cannot run twice.
    Other errors (constraint violations...) propagate at once. When every attempt failed to reach a
    primary: :class:`~chanuka_db.errors.ConnectionFailed`.
    """
    return _run(
        db, fn, attempts=attempts, backoff=backoff, max_backoff=max_backoff, retry_commit=False, sleep=sleep
    )


def run_idempotent(
    db: Database | Engine,
    fn: Callable[[Connection], T],
    attempts: int = DEFAULT_ATTEMPTS,
    backoff: float = DEFAULT_BACKOFF_S,
    *,
    max_backoff: float = DEFAULT_MAX_BACKOFF_S,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Like :func:`run_transaction` for work that is safe to apply twice: a failed COMMIT is retried too
    (:class:`~chanuka_db.ha.errors.CommitOutcomeUnknown` only when the last attempt's COMMIT failed)."""
    return _run(
        db, fn, attempts=attempts, backoff=backoff, max_backoff=max_backoff, retry_commit=True, sleep=sleep
    )


# --------------------------------------------------------------------------- replicas
def replica_endpoints(
    state: ClusterState | Path, *, database: str = DATABASE, timeout: float = 2.0
) -> list[tuple[str, str]]:
    """``(member name, URL)`` of each replica that streams from the leader now, from Patroni's REST API
    (asks each member in turn until one answers; empty when none does)."""
    st = _load(state)
    answer = first_answer(st.rest_urls, timeout=timeout)
    if answer is None:
        return []
    _, members = answer
    password = st.passwords["superuser"]
    out: list[tuple[str, str]] = []
    for m in members:
        if not m.is_streaming_replica or m.port is None:
            continue
        url = URL.create(
            "postgresql+psycopg", username=SUPERUSER, password=password, host=m.host or HOST, port=m.port,
            database=database,
        )
        out.append((m.name, url.render_as_string(hide_password=False)))
    return out


def replica_urls(state: ClusterState | Path, *, database: str = DATABASE, timeout: float = 2.0) -> list[str]:
    """URLs (with password) of the replicas streaming now, for ``Database(replica_urls=...)``."""
    return [url for _, url in replica_endpoints(state, database=database, timeout=timeout)]


def member_endpoints(state: ClusterState | Path, *, database: str = DATABASE) -> list[tuple[str, str]]:
    """``(member name, URL)`` of every member, whatever its role now (no REST call).

    For a long-lived read router: given every member as a replica candidate, the router's own health
    check (``pg_is_in_recovery()``) keeps only the standbys in rotation, so after a failover the new
    primary leaves the rotation and the rejoined old leader enters it without rebuilding anything."""
    st = _load(state)
    password = st.passwords["superuser"]
    return [
        (
            m.name,
            URL.create(
                "postgresql+psycopg", username=SUPERUSER, password=password, host=HOST, port=m.pg_port,
                database=database,
            ).render_as_string(hide_password=False),
        )
        for m in st.members
    ]


def leader(state: ClusterState | Path, *, timeout: float = 2.0) -> Member | None:
    """The current leader according to Patroni, or None (no member answers, or no leader now)."""
    st = _load(state)
    answer = first_answer(st.rest_urls, timeout=timeout)
    if answer is None:
        return None
    return next((m for m in answer[1] if m.is_leader and m.state == "running"), None)
