"""Migrating: chanuka-db vs plain Alembic on the same revisions, and ensure_schema() with nothing pending.

Same run, same ephemeral server, same revisions:

- **fresh database to head**: ``api.migrate()`` (advisory lock, journal row and checksum per revision,
  pre-flight verification) against ``alembic.command.upgrade(cfg, "head")`` on a connection, the way
  an application calls Alembic. Each is run ``ROUNDS`` times on a new empty database, alternating
  which goes first; the models are imported before the clock starts (plain Alembic's env.py imports
  them, chanuka-db's runner does not need them). Target: ratio <= 1.3.
- **ensure_schema() with nothing pending**: the call a server makes at start-up, ``CALLS`` times in a
  warm process (median, p95), plus the first call of a fresh process. Target: median <= 50 ms.

Run: ``python -m bench migrate`` (``CHANUKA_BENCH_ROUNDS`` overrides the rounds).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

from alembic import command
from bench.common import bench_server, percentile, table
from psycopg import sql

from chanuka_db import api
from chanuka_db.config import Environment, Settings
from chanuka_db.engine import Database, libpq_url
from chanuka_db.migrate import plan
from chanuka_db.migrate.config import alembic_config, script_directory
from chanuka_db.server import EmbeddedServer

ROUNDS = int(os.environ.get("CHANUKA_BENCH_ROUNDS", "5"))
CALLS = 200


def _settings() -> Settings:
    return Settings(CHANUKA_ENV=Environment.DEVELOPMENT, DATABASE_URL=None)


def _fresh(server: EmbeddedServer, name: str) -> Database:
    with Database(_settings(), url=server.url()).raw_connection(autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return Database(_settings(), url=server.url(name))


def _chanuka(server: EmbeddedServer, name: str) -> float:
    db = _fresh(server, name)
    try:
        start = time.perf_counter()
        result = api.migrate(db)
        elapsed = time.perf_counter() - start
        assert result.current == result.head
        return elapsed
    finally:
        db.dispose()


def _alembic(server: EmbeddedServer, name: str) -> float:
    db = _fresh(server, name)
    try:
        start = time.perf_counter()
        with db.engine.connect() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            conn.commit()
        return time.perf_counter() - start
    finally:
        db.dispose()


def _cold_ensure(server: EmbeddedServer, name: str) -> float:
    code = (
        "import sys, time; t = time.perf_counter(); "
        "from chanuka_db import api; from chanuka_db.engine import Database; "
        "imported = time.perf_counter(); api.ensure_schema(Database(url=sys.argv[1])); "
        "print((time.perf_counter() - imported) * 1000)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, libpq_url(server.url(name))],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "CHANUKA_ENV": "development"},
    )
    return float(out.stdout.strip())


def run() -> None:
    """Print both migration times and their ratio, and ensure_schema() latencies."""
    import chanuka_db.schema  # noqa: F401  (the models, imported once, outside every timing)

    revisions = len(plan.ordered(script_directory()))
    with bench_server() as server:
        ours: list[float] = []
        theirs: list[float] = []
        for i in range(ROUNDS):
            runs = [("c", _chanuka), ("a", _alembic)] if i % 2 == 0 else [("a", _alembic), ("c", _chanuka)]
            for tag, fn in runs:
                (ours if tag == "c" else theirs).append(fn(server, f"bench_{tag}_{i}"))
        c_med, a_med = statistics.median(ours), statistics.median(theirs)
        table(
            f"fresh database to head: {revisions} revisions, median of {ROUNDS} rounds",
            ["runner", "median s", "min s", "max s"],
            [
                ["chanuka-db migrate", f"{c_med:.3f}", f"{min(ours):.3f}", f"{max(ours):.3f}"],
                ["alembic upgrade head", f"{a_med:.3f}", f"{min(theirs):.3f}", f"{max(theirs):.3f}"],
            ],
        )
        ratio = c_med / a_med
        print(f"ratio chanuka-db / alembic: {ratio:.2f}x (target <= 1.3x: {'met' if ratio <= 1.3 else 'MISSED'})")

        db = Database(_settings(), url=server.url("bench_c_0"))
        try:
            api.ensure_schema(db)  # warm: engine, pool, parsed revisions
            samples = []
            for _ in range(CALLS):
                start = time.perf_counter()
                api.ensure_schema(db)
                samples.append((time.perf_counter() - start) * 1000)
        finally:
            db.dispose()
        cold = [_cold_ensure(server, "bench_c_0") for _ in range(3)]
        median = statistics.median(samples)
        table(
            f"ensure_schema() with nothing pending ({CALLS} calls)",
            ["case", "median ms", "p95 ms", "max ms"],
            [
                ["warm process", f"{median:.2f}", f"{percentile(samples, 95):.2f}", f"{max(samples):.2f}"],
                [
                    "first call of a new process (after import)",
                    f"{statistics.median(cold):.1f}",
                    "",
                    f"{max(cold):.1f}",
                ],
            ],
        )
        print(f"ensure_schema median {median:.2f} ms (target <= 50 ms: {'met' if median <= 50 else 'MISSED'})")
