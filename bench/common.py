"""Shared benchmark plumbing: a throwaway embedded server with a migrated database, and timing."""

from __future__ import annotations

import contextlib
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from chanuka_db import api
from chanuka_db.config import Environment, Settings
from chanuka_db.engine import Database
from chanuka_db.server import EmbeddedServer


@contextlib.contextmanager
def bench_server() -> Iterator[EmbeddedServer]:
    """An ephemeral embedded PostgreSQL in a temporary directory, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="chanuka-bench-") as tmp:
        server = EmbeddedServer(Path(tmp) / "pgdata", ephemeral=True)
        server.start()
        try:
            yield server
        finally:
            server.destroy()


@contextlib.contextmanager
def migrated_database() -> Iterator[Database]:
    """A database at head on a throwaway server. No statement timeout: the baselines (raw COPY, the
    ORM, executemany) run single statements for minutes, as the loader's own transaction may."""
    with bench_server() as server:
        db = Database(Settings(CHANUKA_ENV=Environment.DEVELOPMENT, CHANUKA_STATEMENT_TIMEOUT_MS=0), url=server.url())
        api.migrate(db)
        try:
            yield db
        finally:
            db.dispose()


def timed(fn: Callable[[], object]) -> float:
    """Seconds ``fn`` took."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def percentile(samples: list[float], pct: float) -> float:
    """The ``pct`` percentile (0-100) of ``samples``."""
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    k = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[k]


def median(samples: list[float]) -> float:
    """The median of ``samples``."""
    return statistics.median(samples) if samples else float("nan")


def table(title: str, header: list[str], rows: list[list[str]]) -> None:
    """Print a plain aligned table (benchmarks print text, not rich markup, so logs stay readable)."""
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=False)]
    print(f"\n## {title}")
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=False)))
    for row in rows:
        print(
            "  ".join(
                str(c).rjust(w) if i else str(c).ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=False))
            )
        )
