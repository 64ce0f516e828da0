"""Read replicas: read-only work goes to hot standbys, health-checked, falling back to the primary.

A :class:`ReplicaRouter` sits beside the primary's engine (one per
:class:`~chanuka_db.engine.Database`). Each read asks it for a connection:

- **Round robin** over the replicas *in rotation*; with none in rotation (none configured, all
  down, all lagging, or the caller is pinned) the read goes to the primary. Every read connection is
  read-only (``BEGIN READ ONLY``), on the primary too, so code that writes in a read session fails
  the same way whether or not a replica is up.
- **Health checks** run at most every :attr:`RoutingPolicy.check_interval_s`, on the request path of
  the one caller that finds the last check stale (the others go on with the last result; only the
  very first check makes callers wait). A check samples the primary's WAL position, then asks each
  replica how far it has received and replayed. A replica is taken out of rotation when it cannot be
  reached, is not in recovery (promoted: its data has diverged), or lags past
  :attr:`RoutingPolicy.max_lag_bytes` / :attr:`RoutingPolicy.max_lag_seconds`; it comes back at the
  first check that finds it well. A connection error on a replica takes it out at once.
- **Lag in seconds** is estimated as the smaller of two upper bounds on how stale the replica's data
  can be: the time since the last transaction it replayed committed (exact under a steady write
  load, far too high after an idle spell, or while WAL without commits flows: vacuum, checkpoints),
  and the time since the primary stood at a WAL position the replica has replayed (from the
  primary's positions sampled at each check: never far too high, but only as fine as the check
  interval). When the replica has replayed everything the primary had written before the check, its
  lag is 0.
- **Read-your-writes** (:attr:`RoutingPolicy.read_your_writes_s` > 0): after a write on the
  primary, reads from the same context (thread or asyncio task) go to the primary for that many
  seconds. Within ``pin_scope(key)`` (a user id, a session id) the pin follows the key instead, so it
  also covers the next request of the same user in this process. Writes are recognised from the SQL
  sent through the primary's engine (INSERT, UPDATE, DELETE, MERGE, COPY, DDL, data-modifying
  ``WITH``); writes through a raw psycopg connection call :meth:`ReplicaRouter.note_write`.

Nothing here reads the environment or prints; ``engine.py`` builds the router from the settings.
"""

from __future__ import annotations

import contextlib
import itertools
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any, TypeVar

import psycopg
from sqlalchemy import Engine, event, text
from sqlalchemy.engine import URL, Connection
from sqlalchemy.exc import DBAPIError, InvalidRequestError
from sqlalchemy.orm import Session

from chanuka_db.errors import redact

T = TypeVar("T")

#: SQLSTATEs after which a read may simply run again: the connection went away (class 08, admin or
#: crash shutdown, "the database system is starting up / shutting down") or a hot standby cancelled
#: the query because replay needed the rows it was reading (40001, "conflict with recovery").
RETRYABLE_SQLSTATES = frozenset({"08000", "08001", "08003", "08004", "08006", "57P01", "57P02", "57P03", "40001"})
#: SQLSTATEs that mean the server itself is gone or going: the replica leaves the rotation.
UNREACHABLE_SQLSTATES = frozenset({"08000", "08001", "08003", "08004", "08006", "57P01", "57P02", "57P03"})

_CHECK_SQL = text(
    "SELECT pg_is_in_recovery(), pg_last_wal_receive_lsn()::text, pg_last_wal_replay_lsn()::text, "
    "CASE WHEN pg_is_in_recovery() THEN pg_is_wal_replay_paused() END, "
    "EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp())::float8, "
    "(SELECT pid FROM pg_stat_wal_receiver), (SELECT status FROM pg_stat_wal_receiver)"
)
_PRIMARY_LSN_SQL = text("SELECT CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_current_wal_lsn()::text END")

_LEADING_NOISE = re.compile(r"^(?:\s+|--[^\n]*\n?|/\*.*?\*/|\()*", re.DOTALL)
_WRITE_VERBS = re.compile(
    r"(insert|update|delete|merge|copy|create|alter|drop|truncate|grant|revoke|comment|refresh|call|do|lock|"
    r"vacuum|analyze|analyse|reindex|cluster|import|security|reassign|notify|discard\s+sequences)\b",
    re.IGNORECASE,
)
_MODIFYING_WITH = re.compile(r"\b(insert|update|delete|merge)\b", re.IGNORECASE)

_TOKENS = itertools.count(1)
_SCOPE: ContextVar[Hashable | None] = ContextVar("chanuka_pin_scope", default=None)
_CONTEXT_WRITES: ContextVar[Mapping[int, float]] = ContextVar("chanuka_context_writes", default=MappingProxyType({}))
#: Primary WAL positions kept for the lag-in-seconds estimate (one per health check).
_LSN_SAMPLES = 600
#: Scoped pins kept per router before expired ones are swept.
_SCOPED_SWEEP_AT = 10_000


@dataclass(frozen=True)
class RoutingPolicy:
    """How reads are routed. The defaults suit a replica on the same network as the primary.

    ``max_lag_bytes`` / ``max_lag_seconds``: a replica further behind leaves the rotation (None: no
    limit). ``check_interval_s``: how old a health check may get before the next read triggers one.
    ``read_your_writes_s``: after a write, this context's (or scope's) reads stay on the primary for
    that long; 0 turns it off. To be sure a read sees the write, make it at least
    ``max_lag_seconds + check_interval_s``.
    """

    max_lag_bytes: int | None = 16 * 1024 * 1024
    max_lag_seconds: float | None = 5.0
    check_interval_s: float = 1.0
    read_your_writes_s: float = 0.0

    def __post_init__(self) -> None:
        if self.check_interval_s <= 0:
            raise ValueError("check_interval_s must be positive")
        if self.read_your_writes_s < 0:
            raise ValueError("read_your_writes_s must not be negative")


@dataclass(frozen=True)
class ReplicaHealth:
    """One replica as the router last saw it (``health --json`` lists these).

    ``state``: ``streaming`` (receiving and replaying), ``paused`` (replay paused on the standby),
    ``disconnected`` (in recovery but no WAL receiver: it serves what it has), ``not a standby``
    (out of recovery: promoted, or the URL names a primary), ``down`` (unreachable), ``unchecked``.
    ``in_rotation``: whether reads go to it; ``reason`` says why not.
    """

    name: str
    address: str
    state: str
    in_rotation: bool
    lag_bytes: int | None = None
    lag_seconds: float | None = None
    replay_paused: bool | None = None
    reason: str | None = None


class Replica:
    """A replica the router can send reads to: its engine and its last health."""

    def __init__(self, name: str, url: URL, engine: Engine, address: str) -> None:
        self.name = name
        self.url = url
        self.engine = engine
        self.health = ReplicaHealth(name=name, address=address, state="unchecked", in_rotation=True)

    def __repr__(self) -> str:
        return f"Replica({self.name!r}, {self.health.address!r}, {self.health.state!r})"


def parse_lsn(value: str | None) -> int | None:
    """``'16/B374D848'`` as a byte position; None for None."""
    if value is None:
        return None
    high, _, low = value.partition("/")
    return (int(high, 16) << 32) + int(low, 16)


def is_write(statement: str) -> bool:
    """True when ``statement`` changes data or schema (as far as its text shows).

    Plain SELECT, SHOW, SET, EXPLAIN, VALUES, TABLE, FETCH and transaction control are reads; a
    ``WITH`` counts as a write when it contains INSERT, UPDATE, DELETE or MERGE. A SELECT calling a
    function that writes is not recognised: call :meth:`ReplicaRouter.note_write` after it.
    """
    head = _LEADING_NOISE.sub("", statement, count=1)
    if head[:4].lower() == "with":
        return _MODIFYING_WITH.search(head) is not None
    return _WRITE_VERBS.match(head) is not None


def sqlstate_of(exc: BaseException) -> str | None:
    """The SQLSTATE of a psycopg error (wrapped by SQLAlchemy or not), if it has one."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    return getattr(orig, "sqlstate", None) if isinstance(orig, psycopg.Error) else None


def is_unreachable(exc: BaseException) -> bool:
    """True when ``exc`` says the server went away or refused the connection."""
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    if not isinstance(orig, psycopg.OperationalError):
        return False
    state = getattr(orig, "sqlstate", None)
    return state is None or state in UNREACHABLE_SQLSTATES


def is_retryable(exc: BaseException) -> bool:
    """True when a read that failed with ``exc`` can simply run again (elsewhere)."""
    return is_unreachable(exc) or sqlstate_of(exc) in RETRYABLE_SQLSTATES


@contextlib.contextmanager
def pin_scope(key: Hashable) -> Iterator[None]:
    """Within this block, read-your-writes pins follow ``key`` (a user or session id), not the context."""
    token = _SCOPE.set(key)
    try:
        yield
    finally:
        _SCOPE.reset(token)


class ReadSession(Session):
    """A read-only ORM session on one routed connection; :meth:`close` gives the connection back."""

    _routed_connection: Connection | None = None

    def close(self) -> None:
        """Close the session, then return its connection to its pool."""
        try:
            super().close()
        finally:
            conn, self._routed_connection = self._routed_connection, None
            if conn is not None:
                conn.close()


class ReplicaRouter:
    """Routes reads over ``replicas`` (round robin, health-checked), falling back to ``primary``.

    ``replicas``: (name, URL, engine, address) of each. ``primary_error`` turns the primary's
    connection error into the caller's exception type. ``clock`` is injectable (monotonic seconds).
    """

    def __init__(
        self,
        primary: Engine,
        replicas: Sequence[tuple[str, URL, Engine, str]] = (),
        policy: RoutingPolicy | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        primary_error: Callable[[BaseException], Exception] | None = None,
    ) -> None:
        self.policy = policy or RoutingPolicy()
        self._primary_error = primary_error
        self.primary = primary
        self.replicas: tuple[Replica, ...] = tuple(Replica(*r) for r in replicas)
        self._clock = clock
        self._token = next(_TOKENS)
        self._rr = itertools.count()
        self._rotation: tuple[Replica, ...] = self.replicas
        self._state_lock = threading.Lock()
        self._check_lock = threading.Lock()
        self._checked_at: float | None = None
        #: (router-clock time, primary WAL position) of recent checks, oldest first.
        self._samples: deque[tuple[float, int]] = deque(maxlen=_LSN_SAMPLES)
        self._scoped: dict[Hashable, float] = {}
        self._listening = False
        for replica in self.replicas:
            event.listen(replica.engine, "handle_error", self._error_handler(replica))
            event.listen(replica.engine, "checkin", _clear_read_only)
        event.listen(primary, "checkin", _clear_read_only)
        if self.policy.read_your_writes_s > 0:
            event.listen(primary, "before_cursor_execute", self._on_execute)
            event.listen(primary, "commit", self._on_commit)
            event.listen(primary, "rollback", self._on_rollback)
            self._listening = True

    # ------------------------------------------------------------ rotation
    def rotation(self) -> list[Replica]:
        """The replicas reads may go to right now (without checking)."""
        return list(self._rotation)

    def health(self) -> list[ReplicaHealth]:
        """Each replica's last known health (without checking)."""
        return [r.health for r in self.replicas]

    def check(self) -> list[ReplicaHealth]:
        """Check every replica now and update the rotation; returns their health."""
        with self._check_lock:
            self._check_all()
        return self.health()

    def _maybe_check(self) -> None:
        if not self.replicas:
            return
        checked = self._checked_at
        if checked is not None and self._clock() - checked < self.policy.check_interval_s:
            return
        # The first check makes everyone wait for it; later ones are done by whoever gets the lock.
        if self._check_lock.acquire(blocking=checked is None):
            try:
                current = self._checked_at
                if current is None or self._clock() - current >= self.policy.check_interval_s:
                    self._check_all()
            finally:
                self._check_lock.release()

    def _check_all(self) -> None:
        sampled_at = self._clock()
        primary_lsn = self._primary_lsn()
        if primary_lsn is not None:
            self._samples.append((sampled_at, primary_lsn))
        for replica in self.replicas:
            health = self._check_one(replica, primary_lsn)
            with self._state_lock:
                replica.health = health
        with self._state_lock:
            self._rotation = tuple(r for r in self.replicas if r.health.in_rotation)
            self._checked_at = self._clock()

    def _primary_lsn(self) -> int | None:
        try:
            with self.primary.connect() as conn:
                value = conn.execute(_PRIMARY_LSN_SQL).scalar_one()
        except DBAPIError:
            return None
        return parse_lsn(value)

    def _caught_up_at(self, replay_lsn: int) -> float | None:
        """When the primary last stood where the replica now is: the newest sample it has replayed."""
        for sampled_at, lsn in reversed(self._samples):
            if replay_lsn >= lsn:
                return sampled_at
        return None

    def _check_one(self, replica: Replica, primary_lsn: int | None) -> ReplicaHealth:
        base = replica.health
        try:
            with replica.engine.connect() as conn:
                row = conn.execute(_CHECK_SQL).one()
        except DBAPIError as exc:
            return ReplicaHealth(base.name, base.address, "down", in_rotation=False, reason=_first_line(exc))
        in_recovery, received, replayed, paused, since_replay, receiver_pid, receiver_status = row
        if not in_recovery:
            return ReplicaHealth(
                base.name,
                base.address,
                "not a standby",
                in_rotation=False,
                reason="the server is not in recovery (promoted?): its data may have diverged from the primary's",
            )
        if paused:
            state = "paused"
        elif receiver_pid is None or (receiver_status is not None and receiver_status != "streaming"):
            state = "disconnected"
        else:
            state = "streaming"
        replay_lsn, receive_lsn = parse_lsn(replayed), parse_lsn(received)
        lag_bytes = None if primary_lsn is None or replay_lsn is None else max(0, primary_lsn - replay_lsn)
        since = None if since_replay is None else max(0.0, float(since_replay))
        lag_seconds: float | None
        if lag_bytes == 0:
            lag_seconds = 0.0
        elif primary_lsn is None or replay_lsn is None:
            # The primary is unreachable: judge by what the replica has received but not replayed.
            lag_seconds = 0.0 if receive_lsn is not None and receive_lsn == replay_lsn else since
        else:
            caught_up_at = self._caught_up_at(replay_lsn)
            if caught_up_at is not None:
                since_caught_up = self._clock() - caught_up_at
                lag_seconds = since_caught_up if since is None else min(since, since_caught_up)
            elif since is not None:
                lag_seconds = since
            else:
                # Behind every sample kept, and no commit replayed yet: at least as old as the oldest.
                lag_seconds = self._clock() - self._samples[0][0] if self._samples else None
        reason = None
        policy = self.policy
        if policy.max_lag_bytes is not None and lag_bytes is not None and lag_bytes > policy.max_lag_bytes:
            reason = f"lags {lag_bytes} bytes behind the primary (limit {policy.max_lag_bytes})"
        elif policy.max_lag_seconds is not None and lag_seconds is not None and lag_seconds > policy.max_lag_seconds:
            reason = f"lags {lag_seconds:.1f} s behind the primary (limit {policy.max_lag_seconds:g} s)"
        return ReplicaHealth(
            base.name,
            base.address,
            state,
            in_rotation=reason is None,
            lag_bytes=lag_bytes,
            lag_seconds=None if lag_seconds is None else round(lag_seconds, 3),
            replay_paused=bool(paused),
            reason=reason,
        )

    def mark_down(self, replica: Replica, exc: BaseException) -> None:
        """Take ``replica`` out of rotation at once (a read on it failed); the next check may bring it back."""
        with self._state_lock:
            replica.health = replace(
                replica.health,
                state="down",
                in_rotation=False,
                lag_bytes=None,
                lag_seconds=None,
                reason=_first_line(exc),
            )
            self._rotation = tuple(r for r in self._rotation if r is not replica)

    # ------------------------------------------------------------- routing
    def candidates(self) -> list[Replica]:
        """The replicas to try for the next read, in round-robin order (empty: use the primary)."""
        self._maybe_check()
        if self.pinned():
            return []
        rotation = self._rotation
        if not rotation:
            return []
        start = next(self._rr) % len(rotation)
        return [*rotation[start:], *rotation[:start]]

    def connect(self) -> tuple[Connection, Replica | None]:
        """A read-only connection: a replica's (round robin) or, failing that, the primary's."""
        for replica in self.candidates():
            try:
                return _read_only(replica.engine.connect()), replica
            except DBAPIError as exc:
                self.mark_down(replica, exc)
        try:
            return _read_only(self.primary.connect()), None
        except DBAPIError as exc:
            if self._primary_error is not None:
                raise self._primary_error(exc) from None
            raise

    @contextlib.contextmanager
    def read_connection(self) -> Iterator[Connection]:
        """A routed read-only Core connection, returned to its pool at the end of the block."""
        conn, _ = self.connect()
        with conn:
            yield conn

    def read_session(self) -> ReadSession:
        """A read-only ORM session on a routed connection (the caller closes it; ``with`` does)."""
        conn, _ = self.connect()
        session = ReadSession(bind=conn, expire_on_commit=False)
        session._routed_connection = conn
        return session

    def run_read(self, fn: Callable[[Connection], T], *, retries: int = 1) -> T:
        """``fn(conn)`` on a routed read connection, run again (up to ``retries`` times, on the next
        replica or the primary) when it fails with a retryable error. ``fn`` must only read."""
        attempt = 0
        while True:
            try:
                with self.read_connection() as conn:
                    return fn(conn)
            except DBAPIError as exc:
                if attempt >= retries or not is_retryable(exc):
                    raise
                attempt += 1

    def _error_handler(self, replica: Replica) -> Callable[[Any], None]:
        def on_error(ctx: Any) -> None:
            # A failed pre-ping is followed by a fresh connection: only a real failure counts.
            if not ctx.is_pre_ping and (ctx.is_disconnect or is_unreachable(ctx.original_exception)):
                self.mark_down(replica, ctx.original_exception)

        return on_error

    # ----------------------------------------------------- read your writes
    def note_write(self) -> None:
        """Record a write by the current context (and scope): its reads stay on the primary for a while."""
        if self.policy.read_your_writes_s <= 0:
            return
        now = self._clock()
        writes = dict(_CONTEXT_WRITES.get())
        writes[self._token] = now
        _CONTEXT_WRITES.set(MappingProxyType(writes))
        key = _SCOPE.get()
        if key is not None:
            with self._state_lock:
                self._scoped[key] = now
                if len(self._scoped) > _SCOPED_SWEEP_AT:
                    window = self.policy.read_your_writes_s
                    self._scoped = {k: t for k, t in self._scoped.items() if now - t < window}

    def pinned(self) -> bool:
        """True while the current context (or scope) must read from the primary."""
        window = self.policy.read_your_writes_s
        if window <= 0:
            return False
        key = _SCOPE.get()
        wrote = self._scoped.get(key) if key is not None else _CONTEXT_WRITES.get().get(self._token)
        return wrote is not None and self._clock() - wrote < window

    def _on_execute(
        self, conn: Connection, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool
    ) -> None:
        if is_write(statement):
            conn.info["chanuka_wrote"] = True
            self.note_write()

    def _on_commit(self, conn: Connection) -> None:
        if conn.info.pop("chanuka_wrote", False):
            self.note_write()  # the pin runs from the commit, when the write becomes visible

    def _on_rollback(self, conn: Connection) -> None:
        conn.info.pop("chanuka_wrote", None)

    # ---------------------------------------------------------------- close
    def dispose(self) -> None:
        """Stop listening to the primary's engine and close the replicas' pools."""
        with contextlib.suppress(InvalidRequestError):
            event.remove(self.primary, "checkin", _clear_read_only)
        if self._listening:
            event.remove(self.primary, "before_cursor_execute", self._on_execute)
            event.remove(self.primary, "commit", self._on_commit)
            event.remove(self.primary, "rollback", self._on_rollback)
            self._listening = False
        for replica in self.replicas:
            replica.engine.dispose()


def _read_only(conn: Connection) -> Connection:
    """Make ``conn``'s transactions read-only (psycopg then sends ``BEGIN READ ONLY``: no extra round trip).

    Set on the driver connection rather than through SQLAlchemy's ``postgresql_readonly`` execution
    option: an option engine registers an event listener, which puts every statement on
    SQLAlchemy's slower event-dispatching path (measured: about 30 us per statement).
    """
    raw = conn.connection.dbapi_connection
    if isinstance(raw, psycopg.Connection):
        raw.read_only = True
    return conn


def _clear_read_only(dbapi_connection: Any, record: Any) -> None:
    """Pool check-in: back to the server's default, neither read-only nor an explicit ``READ WRITE``
    (which a standby refuses, and which would override a ``default_transaction_read_only`` set on
    the primary)."""
    if dbapi_connection is not None and not dbapi_connection.closed:
        with contextlib.suppress(psycopg.Error):
            dbapi_connection.read_only = None


def _first_line(exc: BaseException) -> str:
    raw = str(exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc)
    for line in raw.splitlines():
        if line.strip():
            return redact(line.strip())[:200]
    return type(exc).__name__
