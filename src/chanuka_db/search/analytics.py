"""Search analytics: one ``search_analytics`` row per search, written off the search's path.

A search never waits for its log row and never fails because of it. :meth:`SearchLog.record` puts
the row on a bounded in-memory queue and returns (microseconds); a daemon thread drains the queue
in batches of up to :data:`BATCH` rows on a connection of its own (so the row is neither part of
nor blocked by the caller's transaction, and a rolled-back request still leaves its search logged).
When the database is slow or down the queue fills and further rows are dropped and counted
(:attr:`SearchLog.dropped`) rather than growing memory or slowing searches; failed batches are
counted in :attr:`SearchLog.failed`. At interpreter exit the queue is flushed for at most two
seconds.

Logging is on when ``settings.log_searches`` is true and the environment is not ``test``
(:func:`search_log_for`); tests that check the log build a :class:`SearchLog` themselves.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import logging
import queue
import threading
import time
import weakref
from dataclasses import dataclass, field
from typing import Any

import psycopg

from chanuka_db.config import Environment
from chanuka_db.engine import Database

log = logging.getLogger(__name__)

#: Rows written per INSERT batch.
BATCH = 200
#: Rows held in memory at most; beyond this, new rows are dropped.
MAX_QUEUE = 10_000
#: Longest a row waits in the queue before a (partial) batch is written.
FLUSH_INTERVAL_S = 0.5
#: ``search_analytics.query`` is varchar(500).
MAX_LOGGED_QUERY = 500

_INSERT = (
    "INSERT INTO search_analytics (query, search_type, results_count, execution_time_ms, metadata)"
    " VALUES (%s, %s, %s, %s, %s::jsonb)"
)


@dataclass(frozen=True)
class SearchRecord:
    """What one search logs."""

    query: str
    search_type: str
    results_count: int
    execution_time_ms: int
    metadata: dict[str, Any] = field(default_factory=dict)

    def row(self) -> tuple[str, str, int, int, str]:
        """The INSERT parameters (query cut to the column's length, NULs removed)."""
        text = self.query.replace("\x00", "")[:MAX_LOGGED_QUERY]
        return (
            text,
            self.search_type,
            max(0, self.results_count),
            max(0, self.execution_time_ms),
            json.dumps(self.metadata, default=str),
        )


class SearchLog:
    """A fire-and-forget writer of :class:`SearchRecord` rows for one database."""

    def __init__(self, db: Database, *, max_queue: int = MAX_QUEUE) -> None:
        self._db = db
        self._queue: queue.Queue[SearchRecord | None] = queue.Queue(maxsize=max_queue)
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._idle = threading.Event()
        self._idle.set()
        self._closed = False
        self.written = 0
        self.dropped = 0
        self.failed = 0

    def record(self, rec: SearchRecord) -> None:
        """Queue ``rec`` for writing; never blocks and never raises."""
        if self._closed:
            self.dropped += 1
            return
        try:
            self._idle.clear()
            self._queue.put_nowait(rec)
        except queue.Full:
            self.dropped += 1
            return
        if self._thread is None:
            self._start()

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait (at most ``timeout`` seconds) until every queued row is written or given up on."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._queue.empty() and self._idle.is_set():
                return True
            time.sleep(0.01)
        return self._queue.empty() and self._idle.is_set()

    def close(self, timeout: float = 2.0) -> None:
        """Flush for at most ``timeout`` seconds and stop the writer thread."""
        self.flush(timeout)
        self._closed = True
        thread = self._thread
        if thread is not None:
            with contextlib.suppress(queue.Full):
                self._queue.put_nowait(None)
            thread.join(timeout)

    # ------------------------------------------------------------------ writer thread
    def _start(self) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="chanuka-search-log", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        conn: psycopg.Connection[Any] | None = None
        while True:
            batch = self._next_batch()
            if batch is None:
                break
            if not batch:
                self._idle.set()
                continue
            try:
                if conn is None or conn.closed:
                    conn = self._db.raw_connection(autocommit=True)
                with conn.cursor() as cur:
                    cur.executemany(_INSERT, [r.row() for r in batch])
                self.written += len(batch)
            except Exception as exc:  # the log must never take anything down
                self.failed += len(batch)
                log.warning("search analytics: %d rows not written: %s", len(batch), exc)
                if conn is not None:
                    with contextlib.suppress(Exception):
                        conn.close()
                conn = None
            if self._queue.empty():
                self._idle.set()
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.close()
        self._idle.set()

    def _next_batch(self) -> list[SearchRecord] | None:
        try:
            first = self._queue.get(timeout=FLUSH_INTERVAL_S)
        except queue.Empty:
            return []
        if first is None:
            return None
        batch = [first]
        while len(batch) < BATCH:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
            if item is None:
                self._queue.put_nowait(None)
                break
            batch.append(item)
        return batch


_LOGS: weakref.WeakKeyDictionary[Database, SearchLog] = weakref.WeakKeyDictionary()
_LOGS_LOCK = threading.Lock()


def logging_enabled(db: Database) -> bool:
    """True when searches on ``db`` should be logged: ``log_searches`` on, not the test environment."""
    return bool(db.settings.log_searches) and db.settings.env is not Environment.TEST


def search_log_for(db: Database) -> SearchLog | None:
    """The process-wide :class:`SearchLog` of ``db``, or None when logging is off for it."""
    if not logging_enabled(db):
        return None
    with _LOGS_LOCK:
        found = _LOGS.get(db)
        if found is None:
            found = SearchLog(db)
            _LOGS[db] = found
        return found


@atexit.register
def _flush_all() -> None:  # pragma: no cover - runs at interpreter exit
    for search_log in list(_LOGS.values()):
        with contextlib.suppress(Exception):
            search_log.close(timeout=2.0)
