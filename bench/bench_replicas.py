"""Read replicas: read throughput on the primary alone vs routed over two replicas; lag under writes.

Read as: **one 2-core machine**. The primary, both replicas and every client process share the same
two cores, so spreading reads over three PostgreSQL instances cannot add capacity here; what the
figures show is the cost of the routing layer and how far replicas trail the primary under a write
load on this box. On separate machines read capacity grows with the replicas; this benchmark does
not measure that. The servers are ephemeral (fsync off, asynchronous commit), as in every benchmark
of this repository.

Setup: an embedded primary with ``--replicas 2``, migrated, loaded with the demo dataset.

1. **Per-read overhead** (one process): a pooled ``SELECT 1`` through ``Database.connect()`` vs
   through ``Database.read()`` (the router: health-check bookkeeping, round robin, read-only).
2. **Read throughput**: :data:`CLIENTS` client processes cycling over a bill page (the bill with
   its sponsor, and its 20 latest comments), a listing page (20 bills by introduction date, random
   offset) and a full-text search on bills (ranked, 20 results). Three set-ups: the primary through
   ``connect()`` (no router), the primary through ``read()`` (router, no replicas), and ``read()``
   routed over both replicas. After a warm-up window per set-up (discarded), each runs
   :data:`READ_ROUNDS` windows of :data:`READ_SECONDS`, the order rotating (A B C, B C A, C A B...)
   so that changes in the machine's load hit all alike; the table gives the median and the range.
3. **Lag under writes**: :data:`WRITERS` processes insert comments (one row per transaction) for
   :data:`WRITE_SECONDS`; every 100 ms the primary's ``pg_stat_replication`` (replay lag in bytes
   and the walsender's ``replay_lag``) and the router's own estimate are sampled.
"""

from __future__ import annotations

import multiprocessing
import random
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import psycopg
from bench.common import median, percentile, table
from sqlalchemy import text
from sqlalchemy.engine import Connection

from chanuka_db import api
from chanuka_db.config import Environment, Settings
from chanuka_db.engine import Database, libpq_url
from chanuka_db.ingest.demo import DemoSizes
from chanuka_db.replicas import RoutingPolicy
from chanuka_db.server import EmbeddedServer

CLIENTS = 4
READ_SECONDS = 3.0
READ_ROUNDS = 6
WARM_SECONDS = 2.0
WRITERS = 2
WRITE_SECONDS = 8.0
OVERHEAD_READS = 2_000
SIZES = DemoSizes(bills=2_000, users=5_000, comments=20_000, seed=42)

BILL_PAGE = text(
    "SELECT b.id, b.bill_number, b.title, b.summary, b.status, b.introduced_date, s.name "
    "FROM bills b LEFT JOIN sponsors s ON s.id = b.sponsor_id WHERE b.id = :id"
)
BILL_COMMENTS = text(
    "SELECT id, comment_text, created_at FROM comments WHERE bill_id = :id ORDER BY created_at DESC LIMIT 20"
)
LISTING = text(
    "SELECT id, bill_number, title, status, introduced_date FROM bills "
    "ORDER BY introduced_date DESC NULLS LAST, id LIMIT 20 OFFSET :offset"
)
SEARCH_VECTOR = text(
    "SELECT id, title, ts_rank(search_vector, q) AS rank "
    "FROM bills, websearch_to_tsquery('chanuka_english', :q) AS q "
    "WHERE search_vector @@ q ORDER BY rank DESC, id LIMIT 20"
)
# Without the search revision (no bills.search_vector): an unindexed expression, labelled as such.
SEARCH_EXPRESSION = text(
    "SELECT id, title, ts_rank(v, q) AS rank FROM "
    "(SELECT id, title, to_tsvector('english', title || ' ' || coalesce(summary, '')) AS v FROM bills) AS b, "
    "websearch_to_tsquery('english', :q) AS q WHERE v @@ q ORDER BY rank DESC, id LIMIT 20"
)

HAS_SEARCH_VECTOR = text(
    "SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'bills'::regclass "
    "AND attname = 'search_vector' AND NOT attisdropped)"
)
LAG = text(
    "SELECT application_name, pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint, "
    "coalesce(extract(epoch FROM replay_lag), 0)::float8 FROM pg_stat_replication"
)


@dataclass
class Workload:
    """What each client process needs (picklable)."""

    primary: str
    replicas: list[str]
    mode: str  # "direct", "routed"
    bill_ids: list[str]
    terms: list[str]
    vector_search: bool
    start_at: float
    seconds: float
    seed: int


@dataclass
class ClientResult:
    """One client's counts and latencies (ms) per operation."""

    ops: dict[str, list[float]] = field(default_factory=dict)
    errors: int = 0
    servers: dict[int, int] = field(default_factory=dict)
    seconds: float = 0.0


def _settings() -> Settings:
    return Settings(CHANUKA_ENV=Environment.DEVELOPMENT, DATABASE_URL=None)


def _client(work: Workload) -> ClientResult:
    """One reader process: cycle bill page, listing, search until the window closes."""
    rng = random.Random(work.seed)
    db = Database(_settings(), url=work.primary, replica_urls=work.replicas)
    search = SEARCH_VECTOR if work.vector_search else SEARCH_EXPRESSION
    result = ClientResult()

    def bill_page(conn: Connection) -> int:
        bill = rng.choice(work.bill_ids)
        conn.execute(BILL_PAGE, {"id": bill}).all()
        conn.execute(BILL_COMMENTS, {"id": bill}).all()
        return _port(conn)

    def listing(conn: Connection) -> int:
        conn.execute(LISTING, {"offset": rng.randrange(0, 500)}).all()
        return _port(conn)

    def searching(conn: Connection) -> int:
        conn.execute(search, {"q": rng.choice(work.terms)}).all()
        return _port(conn)

    ops = [("bill page", bill_page), ("listing", listing), ("search", searching)]
    # Warm the pools (and the router's first health check) before the window opens.
    for _, fn in ops:
        _once(db, work.mode, fn)
    time.sleep(max(0.0, work.start_at - time.time()))
    began = time.time()
    end = max(began, work.start_at) + work.seconds
    i = 0
    while time.time() < end:
        name, fn = ops[i % len(ops)]
        i += 1
        t0 = time.perf_counter()
        try:
            port = _once(db, work.mode, fn)
        except Exception:
            result.errors += 1
            continue
        result.ops.setdefault(name, []).append((time.perf_counter() - t0) * 1000)
        if port:
            result.servers[port] = result.servers.get(port, 0) + 1
    result.seconds = time.time() - began
    db.dispose()
    return result


def _port(conn: Connection) -> int:
    """The server port of ``conn`` (from libpq, no round trip)."""
    raw = conn.connection.dbapi_connection
    return int(raw.info.port) if isinstance(raw, psycopg.Connection) else 0


def _ready(_: int) -> None:
    """Pool warm-up: make every worker import this module before any window opens."""
    time.sleep(0.5)


def _once(db: Database, mode: str, fn: Any) -> int:
    return int(db.read(fn)) if mode == "routed" else _direct(db, fn)


def _direct(db: Database, fn: Any) -> int:
    with db.connect() as conn:
        return int(fn(conn))


def _writer(args: tuple[str, list[str], list[str], float, float, int]) -> int:
    """Insert comments, one per transaction, until the window closes; returns the commits made.

    Commits wait for the local WAL flush, as in production: the ephemeral server's default is
    asynchronous commit, which holds WAL back for up to ``wal_writer_delay`` and would show as lag.
    """
    primary, bill_ids, user_ids, start_at, seconds, seed = args
    rng = random.Random(seed)
    body = "Benchmark comment on public participation and county budgets " * 3
    with psycopg.connect(primary, options="-c synchronous_commit=on") as conn:
        time.sleep(max(0.0, start_at - time.time()))
        end = start_at + seconds
        commits = 0
        while time.time() < end:
            conn.execute(
                "INSERT INTO comments (id, bill_id, user_id, comment_text) VALUES (%s, %s, %s, %s)",
                (uuid.uuid4(), rng.choice(bill_ids), rng.choice(user_ids), body),
            )
            conn.commit()
            commits += 1
    return commits


def _wait_caught_up(server: EmbeddedServer, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    with Database(_settings(), url=server.url("postgres")) as admin, admin.connect() as conn:
        target = conn.execute(text("SELECT pg_logical_emit_message(false, 'bench', 'sync', true)")).scalar_one()
        while time.monotonic() < deadline:
            behind = conn.execute(
                text("SELECT count(*) FROM pg_stat_replication WHERE replay_lsn < CAST(:t AS pg_lsn)"),
                {"t": str(target)},
            ).scalar_one()
            if behind == 0:
                return
            time.sleep(0.1)
    raise RuntimeError("replicas did not catch up with the primary")


def _fixtures(db: Database) -> tuple[list[str], list[str], list[str], bool]:
    with db.connect() as conn:
        bills = [str(r[0]) for r in conn.execute(text("SELECT id FROM bills ORDER BY id"))]
        users = [str(r[0]) for r in conn.execute(text("SELECT id FROM users ORDER BY id LIMIT 2000"))]
        titles = [str(r[0]) for r in conn.execute(text("SELECT title FROM bills ORDER BY id LIMIT 200"))]
        vector = bool(conn.execute(HAS_SEARCH_VECTOR).scalar_one())
    words = sorted({w.strip(",.()").lower() for t in titles for w in t.split() if len(w.strip(",.()")) >= 5})
    terms = words[:: max(1, len(words) // 40)][:40] or ["health"]
    terms += [f"{a} {b}" for a, b in zip(terms[::2], terms[1::2], strict=False)][:10]
    return bills, users, terms, vector


def _overhead(db: Database) -> list[list[str]]:
    """The two paths timed alternately, call by call, so a busy machine slows both alike."""
    select_one = text("SELECT 1")
    paths: dict[str, Callable[[], object]] = {
        "Database.connect()": lambda: _direct(db, lambda c: c.execute(select_one).scalar_one()),
        "Database.read(), no replicas": lambda: db.read(lambda c: c.execute(select_one).scalar_one()),
    }
    samples: dict[str, list[float]] = {label: [] for label in paths}
    for i in range(OVERHEAD_READS + 200):
        for label, call in paths.items():
            t0 = time.perf_counter()
            call()
            if i >= 200:  # the first 200 warm up
                samples[label].append((time.perf_counter() - t0) * 1e6)
    return [[label, f"{median(s):.0f}", f"{percentile(s, 99):.0f}"] for label, s in samples.items()]


def _read_round(work: Workload, pool: Any) -> list[ClientResult]:
    """One window of :data:`CLIENTS` readers running ``work`` at once."""
    start_at = time.time() + 2.0
    works = [replace(work, seed=work.seed + i, start_at=start_at) for i in range(CLIENTS)]
    results: list[ClientResult] = pool.map(_client, works, chunksize=1)
    return results


def _read_row(label: str, rounds: list[list[ClientResult]]) -> list[str]:
    """Throughput per round (sum over clients of reads / second), latencies, errors, spread."""
    latencies: dict[str, list[float]] = {}
    servers: dict[int, int] = {}
    per_round = []
    for results in rounds:
        per_round.append(sum(sum(len(s) for s in r.ops.values()) / r.seconds for r in results if r.seconds > 0))
        for r in results:
            for name, samples in r.ops.items():
                latencies.setdefault(name, []).extend(samples)
            for port, n in r.servers.items():
                servers[port] = servers.get(port, 0) + n
    row = [label, f"{median(per_round):,.0f} ({min(per_round):,.0f}-{max(per_round):,.0f})"]
    for name in ("bill page", "listing", "search"):
        s = latencies.get(name, [])
        row.append(f"{median(s):.2f} / {percentile(s, 99):.1f}")
    spread = " ".join(f"{p}:{servers[p]}" for p in sorted(servers))
    errors = sum(r.errors for results in rounds for r in results)
    return [*row, str(errors), spread]


def _lag_round(server: EmbeddedServer, db: Database, bills: list[str], users: list[str], pool: Any) -> None:
    start_at = time.time() + 4.0
    primary = libpq_url(db.url)
    args = [(primary, bills, users, start_at, WRITE_SECONDS, i) for i in range(WRITERS)]
    pending = pool.map_async(_writer, args)
    routed = Database(
        _settings(),
        url=db.url,
        replica_urls=server.replica_urls(),
        routing=RoutingPolicy(check_interval_s=0.1),
    )
    samples: dict[str, dict[str, list[float]]] = {}
    with Database(_settings(), url=server.url("postgres")) as admin, admin.connect() as conn:
        time.sleep(max(0.0, start_at - time.time()))
        while time.time() < start_at + WRITE_SECONDS:
            rows = conn.execute(LAG).all()
            conn.rollback()
            estimates = {h.name: h for h in routed.replica_health()}
            for name, lag_bytes, lag_s in rows:
                s = samples.setdefault(str(name), {"bytes": [], "seconds": [], "router": []})
                s["bytes"].append(float(lag_bytes or 0))
                s["seconds"].append(float(lag_s) * 1000)
                est = estimates.get(str(name))
                if est is not None and est.lag_seconds is not None:
                    s["router"].append(est.lag_seconds * 1000)
            time.sleep(0.1)
    commits = sum(pending.get())
    routed.dispose()
    rows_out = []
    for name in sorted(samples):
        s = samples[name]
        kib = [b / 1024 for b in s["bytes"]]
        rows_out.append(
            [name, _spread(kib, ".1f"), _spread(s["seconds"], ".1f"), _spread(s["router"], ".0f"), str(len(kib))]
        )
    table(
        f"replication lag under {WRITERS} writers ({commits / WRITE_SECONDS:,.0f} comment commits/s), "
        "median / p95 / max",
        ["replica", "lag KiB", "replay_lag ms (walsender)", "router estimate ms", "samples"],
        rows_out,
    )


def _spread(samples: list[float], fmt: str) -> str:
    if not samples:
        return "-"
    return " / ".join(format(v, fmt) for v in (median(samples), percentile(samples, 95), max(samples)))


def run() -> None:
    """Set up a primary with two replicas, measure, print the tables, remove everything."""
    print(__doc__.split("\n\n")[1].replace("\n", " "))
    with tempfile.TemporaryDirectory(prefix="chanuka-bench-replicas-") as tmp:
        server = EmbeddedServer(Path(tmp) / "pgdata", ephemeral=True)
        ctx = multiprocessing.get_context("spawn")
        try:
            t0 = time.perf_counter()
            server.start(replicas=2)
            print(f"\nprimary + 2 replicas started in {time.perf_counter() - t0:.1f} s")
            db = Database(_settings(), url=server.url())
            api.migrate(db)
            t0 = time.perf_counter()
            api.seed(db, sizes=SIZES)
            _wait_caught_up(server)
            loaded = time.perf_counter() - t0
            print(f"demo data ({SIZES.bills} bills, {SIZES.comments} comments) loaded and replicated in {loaded:.1f} s")
            bills, users, terms, vector = _fixtures(db)
            if not vector:
                print("note: bills.search_vector is missing: search uses an unindexed to_tsvector() expression")
            table("per-read overhead, one process, pooled SELECT 1 (µs)", ["path", "median", "p99"], _overhead(db))
            primary = db.url.render_as_string(hide_password=False)
            replicas = [u.render_as_string(hide_password=False) for u in server.replica_urls()]
            base = Workload(primary, [], "direct", bills, terms, vector, 0.0, READ_SECONDS, 1)
            setups = {
                "primary, connect() (no router)": base,
                "primary, read() (router, 0 replicas)": replace(base, mode="routed"),
                "read() routed over 2 replicas": replace(base, mode="routed", replicas=replicas),
            }
            with ctx.Pool(CLIENTS) as pool:
                pool.map(_ready, range(CLIENTS), chunksize=1)
                # Warm every server's cache first (discarded), then rotate the order of the set-ups
                # (A B C, B C A, C A B, ...) so changes in the machine's load hit each alike.
                for work in setups.values():
                    _read_round(replace(work, seconds=WARM_SECONDS), pool)
                rounds: dict[str, list[list[ClientResult]]] = {label: [] for label in setups}
                labels = list(setups)
                for cycle in range(READ_ROUNDS):
                    for label in labels[cycle % 3 :] + labels[: cycle % 3]:
                        rounds[label].append(_read_round(setups[label], pool))
            table(
                f"read throughput, {CLIENTS} client processes, {READ_ROUNDS} rounds x {READ_SECONDS:.0f} s per "
                "set-up (bill page / listing / search in turn); reads/s median (min-max) of the rounds; "
                "latency ms median / p99",
                ["set-up", "reads/s", "bill page", "listing", "search", "errors", "reads by server port"],
                [_read_row(label, results) for label, results in rounds.items()],
            )
            with ctx.Pool(WRITERS) as pool:
                pool.map(_ready, range(WRITERS), chunksize=1)
                _lag_round(server, db, bills, users, pool)
            db.dispose()
        finally:
            server.destroy()
