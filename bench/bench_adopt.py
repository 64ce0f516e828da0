"""Adopting an old-module database holding 100k bills and 1M comments, while the platform keeps writing.

The old database is the ``push_core`` shape of the adopt tests (foundation, citizen participation and
platform operations as ``drizzle-kit push`` built them, kenyan_county with 33 values, drizzle's
bookkeeping), filled server-side: 50k users and profiles, 400 sponsors, ``BILLS`` bills,
``COMMENTS`` comments (free-text positions, some mis-cased), ``EVENTS`` analytics events
(``timestamp`` without zone, IP addresses as text). It is built once and cloned for each run.

Each run adopts a clone while a writer process inserts comments and analytics events and updates
bills and users in a loop, timing every statement: the longest a statement waited is the longest
that table was locked against writes, as the platform sees it. Runs, same server, same data:

- **adopt**: the default (conversions that would rewrite a large table under its lock run online:
  shadow columns, batched backfill, a swap of milliseconds), with its verified backup.
- **baseline**: every conversion in place (one ``ALTER TABLE ... TYPE``), no backup: what a plain
  migration script would do.

Target: no table locked against writes for more than 5 s (2 cores). Run: ``python -m bench adopt``
(``CHANUKA_BENCH_ADOPT_SCALE=0.1`` for a tenth of the rows).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import psycopg
from bench.common import bench_server, table
from psycopg import sql
from tests.adopt import oldshape

from chanuka_db import adopt
from chanuka_db.adopt import mapping as mapping_mod
from chanuka_db.config import Environment, Settings
from chanuka_db.engine import Database, libpq_url
from chanuka_db.server import EmbeddedServer

SCALE = float(os.environ.get("CHANUKA_BENCH_ADOPT_SCALE", "1"))
BILLS = int(100_000 * SCALE)
COMMENTS = int(1_000_000 * SCALE)
EVENTS = int(300_000 * SCALE)
USERS = int(50_000 * SCALE)
TARGET_S = 5.0
TEMPLATE = "adopt_bench_old"

FILL = [
    ("users", """INSERT INTO users (id, email, password_hash, role, county, created_at)
        SELECT gen_random_uuid(), 'user' || g || '@example.org', md5(g::text), 'citizen',
               (enum_range(NULL::kenyan_county))[1 + g % 33], now() - (g || ' minutes')::interval
        FROM generate_series(1, {users}) g"""),
    ("user_profiles", """INSERT INTO user_profiles (user_id, display_name, phone_number, county)
        SELECT id, 'Mwananchi ' || row_number() OVER (), '+2547' || lpad((row_number() OVER ())::text, 8, '0'),
               county FROM users"""),
    ("sponsors", """INSERT INTO sponsors (name, chamber, mp_number, email, phone)
        SELECT 'Hon. Member ' || g, 'national_assembly', 'MP-' || g, 'mp' || g || '@parliament.go.ke',
               '+2547' || lpad(g::text, 8, '0') FROM generate_series(1, 400) g"""),
    ("bills", """WITH s AS (SELECT array_agg(id) a FROM sponsors)
        INSERT INTO bills (id, bill_number, title, summary, status, chamber, sponsor_id, affected_counties, tags,
                           view_count, created_at)
        SELECT gen_random_uuid(), 'NA-' || g, 'The Bill number ' || g || ' on public finance and county services',
               repeat('Summary of the bill. ', 5), (enum_range(NULL::bill_status))[1 + g % 11],
               'national_assembly', s.a[1 + g % 400], ARRAY['nairobi', 'mombasa']::kenyan_county[],
               ARRAY['finance'], g % 1000, now() - (g || ' hours')::interval
        FROM generate_series(1, {bills}) g, s"""),
    ("comments", """WITH u AS (SELECT array_agg(id) a FROM users), b AS (SELECT array_agg(id) a FROM bills)
        INSERT INTO comments (id, bill_id, user_id, comment_text, position, sentiment_score, created_at)
        SELECT gen_random_uuid(), b.a[1 + g % {bills}], u.a[1 + (g * 7) % {users}],
               'Maoni ya mwananchi kuhusu mswada huu, nambari ' || g,
               (ARRAY['support', 'oppose', 'neutral', 'question', NULL, 'Support'])[1 + g % 6],
               ((g % 200) - 100) / 100.0, now() - (g || ' seconds')::interval
        FROM generate_series(1, {comments}) g, u, b"""),
    ("analytics_events", """WITH u AS (SELECT array_agg(id) a FROM users)
        INSERT INTO analytics_events (id, event_name, event_category, user_id, ip_address, county, created_at)
        SELECT gen_random_uuid(), 'page_view', 'navigation', u.a[1 + g % {users}],
               '10.' || (g % 250) || '.' || (g % 200) || '.' || (g % 100), 'nairobi',
               localtimestamp - (g || ' seconds')::interval
        FROM generate_series(1, {events}) g, u"""),
]


def _settings() -> Settings:
    return Settings(CHANUKA_ENV=Environment.DEVELOPMENT, DATABASE_URL=None)


def _admin(server: EmbeddedServer, statement: sql.Composed) -> None:
    with psycopg.connect(libpq_url(server.url()), autocommit=True) as conn:
        conn.execute(statement)


def build_template(server: EmbeddedServer) -> dict[str, float]:
    """The old database, filled; returns the seconds each table took to fill."""
    _admin(server, sql.SQL("CREATE DATABASE {}").format(sql.Identifier(TEMPLATE)))
    timings: dict[str, float] = {}
    with psycopg.connect(libpq_url(server.url(TEMPLATE)), autocommit=True) as conn:
        oldshape.build(conn, oldshape.PUSH_CORE)
        for name, statement in FILL:
            start = time.perf_counter()
            conn.execute(statement.format(bills=BILLS, comments=COMMENTS, events=EVENTS, users=USERS).encode())
            timings[name] = time.perf_counter() - start
        conn.execute("VACUUM ANALYZE")
    return timings


OPS: dict[str, str] = {
    "comments": "INSERT INTO comments (id, bill_id, user_id, comment_text, position) "
                "VALUES (gen_random_uuid(), %(bill)s, %(user)s, 'written during adopt', 'support')",
    "bills": "UPDATE bills SET view_count = view_count + 1 WHERE id = %(bill)s",
    "analytics_events": "INSERT INTO analytics_events (id, event_name, event_category, ip_address, created_at) "
                        "VALUES (gen_random_uuid(), 'bench', 'write', '10.9.9.9', now())",
    "users": "UPDATE users SET last_login_at = now() WHERE id = %(user)s",
}


def writer(url: str, table: str, stop: Any, results: Any) -> None:
    """Write one table like the platform until told to stop; report the longest wait of a statement."""
    longest, count, error = 0.0, 0, ""
    with psycopg.connect(url, autocommit=True) as conn:
        bills = [r[0] for r in conn.execute("SELECT id FROM bills LIMIT 500")]
        users = [r[0] for r in conn.execute("SELECT id FROM users LIMIT 500")]
        while not stop.is_set():
            start = time.perf_counter()
            try:
                conn.execute(OPS[table], {"bill": bills[count % len(bills)], "user": users[count % len(users)]})
            except psycopg.Error as exc:
                error = str(exc).splitlines()[0]
            longest = max(longest, time.perf_counter() - start)
            count += 1
            time.sleep(0.002)
    results.put((table, longest, count, error))


def adopt_once(server: EmbeddedServer, name: str, budget: float, with_backup: bool, folder: Path) -> dict[str, Any]:
    """Clone the old database, adopt it under writes; return the figures."""
    _admin(server, sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(TEMPLATE)))
    db = Database(_settings(), url=server.url(name))
    path = folder / f"{name}.mapping.json"
    start = time.perf_counter()
    plan = adopt.dry_run(db, mapping=path, lock_budget_s=budget)
    dry = time.perf_counter() - start
    decided = mapping_mod.read(path)
    decided.columns["comments.position"].values["Support"] = "support"
    mapping_mod.write(decided, path)
    marks: dict[str, float] = {}

    def progress(event: adopt.Event) -> None:
        if event.what in ("backup", "stamp", "migrate", "done"):
            marks.setdefault(event.what, time.perf_counter())
        if event.what == "step" and "steps" not in marks:
            marks["steps"] = time.perf_counter()

    def no_backup(database: Database, directory: Path | None) -> adopt.BackupTaken:
        return adopt.BackupTaken(path="(none)", rows=0)

    stop = mp.Event()
    results: mp.Queue[Any] = mp.Queue()
    procs = [mp.Process(target=writer, args=(libpq_url(db.url), table, stop, results)) for table in OPS]
    for proc in procs:
        proc.start()
    time.sleep(1.0)
    start = time.perf_counter()
    try:
        result = adopt.adopt(db, mapping=path, yes=True, lock_budget_s=budget, progress=progress,
                             backup=None if with_backup else no_backup, backup_dir=folder / "backups")
    finally:
        total = time.perf_counter() - start
        time.sleep(0.5)
        stop.set()
        longest: dict[str, float] = {}
        counts: dict[str, int] = {}
        errors: dict[str, str] = {}
        for _ in procs:
            table_name, wait, count, error = results.get(timeout=120)
            longest[table_name], counts[table_name] = wait, count
            if error:
                errors[table_name] = error
        for proc in procs:
            proc.join(timeout=60)
        db.dispose()
    online = [t.name for t in plan.tables if t.strategy.startswith("online")]
    return {
        "dry": dry, "total": total, "result": result, "longest": longest, "counts": counts, "errors": errors,
        "prelude": marks.get("steps", start) - start, "migrate": marks.get("done", 0) - marks.get("migrate", 0),
        "steps": marks.get("stamp", start) - marks.get("steps", start),
        "online": online, "estimate": plan.est_lock_s,
    }


def run() -> None:
    """Build the old database, adopt two clones (online and in place) under writes, print the figures."""
    ctx = mp.get_context("fork")
    globals()["mp"] = ctx
    with bench_server() as server, tempfile.TemporaryDirectory(prefix="chanuka-adopt-bench-") as tmp:
        start = time.perf_counter()
        fills = build_template(server)
        with psycopg.connect(libpq_url(server.url(TEMPLATE))) as conn:
            size = conn.execute("SELECT pg_size_pretty(pg_database_size(current_database()))").fetchone()
        print(f"old database: {BILLS} bills, {COMMENTS} comments, {EVENTS} analytics events, {USERS} users; "
              f"{size[0] if size else '?'}; built in {time.perf_counter() - start:.1f}s "
              f"(comments {fills['comments']:.1f}s); {os.cpu_count()} cores", flush=True)
        runs = [("adopt", "adopt_online", 1.0, True), ("baseline: all in place", "adopt_in_place", 1e9, False)]
        rows = []
        figures: dict[str, dict[str, Any]] = {}
        for label, name, budget, backup in runs:
            out = adopt_once(server, name, budget, backup, Path(tmp))
            figures[label] = out
            res = out["result"]
            worst = max(out["longest"], key=out["longest"].get)
            rows.append([label, f"{out['dry']:.1f}", f"{out['prelude']:.1f}", f"{out['steps']:.1f}",
                         f"{out['migrate']:.1f}", f"{out['total']:.1f}", f"{out['longest'][worst]:.2f} ({worst})",
                         f"{res.longest_lock_ms / 1000:.2f} ({res.longest_lock_step})",
                         ", ".join(out["online"]) or "-"])
            print(f"{label}: {res.steps_run} steps; writes during adopt: "
                  + ", ".join(f"{k} {v}" for k, v in sorted(out["counts"].items()))
                  + (f"; write errors: {out['errors']}" if out["errors"] else ""), flush=True)
            per_table = ", ".join(f"{k} {v:.2f}s" for k, v in sorted(out["longest"].items()))
            print(f"  longest wait per table: {per_table}", flush=True)
        table("adopt: 100k bills, 1M comments (seconds)",
              ["run", "dry run", "backup+plan", "steps", "migrate", "total", "longest write wait", "longest lock step",
               "online tables"],
              rows)
        worst = max(figures["adopt"]["longest"].values())
        verdict = "PASS" if worst <= TARGET_S else "FAIL"
        print(f"\ntarget: no table locked against writes > {TARGET_S:.0f}s: {verdict} "
              f"(longest {worst:.2f}s; in place it would have been "
              f"{max(figures['baseline: all in place']['longest'].values()):.2f}s)")
