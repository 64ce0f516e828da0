"""A failover drill: a write load of acknowledged inserts with client-side ids, and a postmaster kill.

Used by the tests and the benchmark, and by an operator who wants to see the cluster fail over
(``docs/high-availability.md`` has the runbook):

- :class:`WriteLoad` runs writer threads that insert rows with ids made by the client, each commit
  through :func:`~chanuka_db.ha.client.run_idempotent` (``ON CONFLICT DO NOTHING``: a commit whose
  outcome was unknown is simply sent again). A commit that returned is *acknowledged*; the load
  records when. Every loop is bounded by the time given to :meth:`WriteLoad.run_for` or by
  :meth:`WriteLoad.stop`.
- :func:`kill_postmaster` sends SIGKILL to a member's postmaster (what a crash of PostgreSQL looks
  like to Patroni).
- :func:`missing_ids` compares the acknowledged ids with what the new primary holds.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import URL, Connection

from chanuka_db.ha.client import engine_options, run_idempotent
from chanuka_db.ha.errors import HAError
from chanuka_db.ha.processes import postmaster_of
from chanuka_db.ha.state import ClusterState

TABLE = "ha_drill"
_INSERT = text(
    "INSERT INTO ha_drill (id, writer, pad) SELECT i, :w, :pad FROM unnest(CAST(:ids AS text[])) i"
    " ON CONFLICT (id) DO NOTHING"
)


@dataclass
class LoadResult:
    """What a load did: acknowledged ids with their times, and the failures it saw."""

    acked: dict[str, float] = field(default_factory=dict)
    ack_times: list[float] = field(default_factory=list)
    errors: list[tuple[float, str]] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    commits: int = 0
    started_at: float = 0.0
    stopped_at: float = 0.0

    def first_ack_after(self, moment: float) -> float | None:
        """The time of the first acknowledged commit after ``moment`` (monotonic seconds), if any."""
        later = [t for t in self.ack_times if t > moment]
        return min(later) if later else None

    def resumed_after(self, moment: float) -> float | None:
        """When writes resumed after an outage that began at ``moment``: the end of the longest stall
        between two acknowledged commits after it. Commits acknowledged in the first instants after a
        postmaster kill (backends finish before they notice) do not count as resumed."""
        times = sorted(t for t in self.ack_times if t > moment - 0.001)
        best: tuple[float, float] | None = None
        previous = moment
        for t in times:
            if best is None or t - previous > best[1] - best[0]:
                best = (previous, t)
            previous = t
        return None if best is None else best[1]

    def longest_gap(self, start: float | None = None, end: float | None = None) -> float:
        """The longest time between two consecutive acknowledged commits (within ``start``..``end``)."""
        times = sorted(t for t in self.ack_times if (start is None or t >= start) and (end is None or t <= end))
        return max((b - a for a, b in itertools.pairwise(times)), default=0.0)

    @property
    def rows_per_second(self) -> float:
        """Acknowledged rows per second over the run."""
        span = self.stopped_at - self.started_at
        return len(self.acked) / span if span > 0 else 0.0

    @property
    def commits_per_second(self) -> float:
        """Acknowledged commits per second over the run."""
        span = self.stopped_at - self.started_at
        return self.commits / span if span > 0 else 0.0


def make_engine(url: URL, *, pooler: bool = False, pool_size: int = 4) -> Engine:
    """An engine for the load (pre-ping, short connect timeout; prepared statements off through PgBouncer)."""
    return create_engine(
        url,
        pool_size=pool_size,
        max_overflow=0,
        pool_pre_ping=True,
        connect_args={"connect_timeout": 2, **engine_options(pooler=pooler)},
    )


def create_table(engine: Engine) -> None:
    """The drill's table (idempotent)."""
    with engine.begin() as conn:
        conn.execute(
            text(
                "CREATE TABLE IF NOT EXISTS ha_drill (id text PRIMARY KEY, writer int NOT NULL, pad text NOT NULL,"
                " at timestamptz NOT NULL DEFAULT now())"
            )
        )


class WriteLoad:
    """``writers`` threads, each committing ``rows`` rows per transaction, pausing ``pause_s`` between commits."""

    def __init__(
        self,
        engine: Engine,
        *,
        writers: int = 1,
        rows: int = 1,
        pause_s: float = 0.02,
        pad_bytes: int = 0,
        prefix: str = "w",
        attempts: int = 60,
    ) -> None:
        self.engine = engine
        self.writers = writers
        self.rows = rows
        self.pause_s = pause_s
        self.pad = "x" * pad_bytes
        self.prefix = prefix
        self.attempts = attempts
        self.result = LoadResult()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()

    def start(self, deadline_s: float) -> None:
        """Start the writers; each stops by itself ``deadline_s`` seconds from now at the latest."""
        self.result.started_at = time.monotonic()
        until = self.result.started_at + deadline_s
        for n in range(self.writers):
            thread = threading.Thread(target=self._write, args=(n, until), name=f"ha-load-{n}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> LoadResult:
        """Stop the writers and wait for them; returns the result."""
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=60)
        self.result.stopped_at = time.monotonic()
        return self.result

    def run_for(self, seconds: float) -> LoadResult:
        """Run the load for ``seconds`` and return the result."""
        self.start(seconds + 5)
        time.sleep(seconds)
        return self.stop()

    def _write(self, writer: int, until: float) -> None:
        seq = 0
        while not self._stop.is_set() and time.monotonic() < until:
            ids = [f"{self.prefix}{writer}-{seq + i}" for i in range(self.rows)]
            seq += self.rows

            def insert(conn: Connection, ids: list[str] = ids) -> None:
                conn.execute(
                    _INSERT,
                    {"w": writer, "pad": self.pad, "ids": ids},
                )

            began = time.monotonic()
            try:
                run_idempotent(self.engine, insert, attempts=self.attempts, backoff=0.05, max_backoff=0.5)
            except Exception as exc:  # the load goes on; the failure is counted (ConnectionFailed...)
                with self._lock:
                    self.result.errors.append((time.monotonic(), f"{type(exc).__name__}: {exc}"[:200]))
                continue
            now = time.monotonic()
            with self._lock:
                for i in ids:
                    self.result.acked[i] = now
                self.result.ack_times.append(now)
                self.result.latencies.append(now - began)
                self.result.commits += 1
            if self.pause_s:
                self._stop.wait(self.pause_s)


def kill_postmaster(state: ClusterState, member: str) -> float:
    """SIGKILL member ``member``'s postmaster; returns the monotonic time of the kill."""
    record = postmaster_of(state.data_dir(member))
    if record is None:
        raise HAError(f"the postmaster of {member} is not running")
    moment = time.monotonic()
    os.kill(record.pid, signal.SIGKILL)
    return moment


def missing_ids(engine: Engine, acked: dict[str, float]) -> list[str]:
    """The acknowledged ids that the database behind ``engine`` does not hold."""
    with engine.connect() as conn:
        present = {str(r[0]) for r in conn.execute(text("SELECT id FROM ha_drill"))}
    return sorted(set(acked) - present)


@contextlib.contextmanager
def load_engine(url: URL, *, pooler: bool = False, pool_size: int = 4) -> Iterator[Engine]:
    """:func:`make_engine` disposed of at the end of the block."""
    engine = make_engine(url, pooler=pooler, pool_size=pool_size)
    try:
        yield engine
    finally:
        engine.dispose()
