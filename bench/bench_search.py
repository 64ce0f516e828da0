"""Bill search on 100,000 bills and 1,000,000 comments: ours vs tantivy, naive FTS and ILIKE.

Data: the demo generator (``DemoGenerator(DemoSizes(bills=100_000, users=2_000, comments=1_000_000))``)
loads sponsors, bills, users and comments with COPY into a database at head, so the search triggers
fill the vectors as rows arrive. The server gets ``shared_buffers = 1GB`` (a quarter of a small
production box; the default 128 MB does not hold the bills' heap, and "warm cache" should mean the
database's cache) and the searched relations are prewarmed.

Measured, single client, warm cache, same run:

- our ``search_bills`` (facets, totals, headlines included) on a fixed mix of 200 queries (topic,
  common and rare words, Kiswahili, phrases, typos, filters, several words, negations, bill numbers),
  three passes after a warm-up pass;
- tantivy (BM25, in process, ``en_stem``; index over title, summary, full text, number, status,
  counties) on the same corpus and query strings (top 10 with the exact count, documents fetched);
- naive PostgreSQL FTS: ``websearch_to_tsquery`` on the full weighted vector, ``ts_rank_cd`` over
  every match (one pass);
- ILIKE ``'%word%'`` over title, summary and full text, newest first (a 20-query subset: each takes
  seconds);
- ``suggest()`` on 100 prefixes; comment search within the 50 most commented bills;
- build: vectors by trigger vs generated columns (scratch copies of the 100,000 bills), GIN and
  trigram index builds, the vocabulary views, tantivy's index; sizes of both;
- relevance on the labelled set of tests/search/relevance.py: ours, plain FTS, tantivy.

Run: ``python -m bench search``. ``CHANUKA_BENCH_SEARCH_QUICK=1`` skips the trigger/generated
experiment; ``CHANUKA_BENCH_SEARCH_URL=postgresql://...`` reuses an already loaded database at head
(no loading, no build figures).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from bench.common import bench_server, percentile, table
from psycopg import sql
from sqlalchemy.orm import Session

from chanuka_db import api
from chanuka_db.config import Environment, Settings
from chanuka_db.engine import Database, libpq_url
from chanuka_db.ingest.copy import load
from chanuka_db.ingest.demo import DemoGenerator, DemoSizes
from chanuka_db.ingest.kenya import COUNTIES, POLICY_AREAS, SWAHILI_COMMON
from chanuka_db.ingest.text import vocabulary
from chanuka_db.schema import metadata
from chanuka_db.search import SearchFilters, refresh_vocabulary, search_bills, search_comments, suggest
from chanuka_db.search.filters import county_key

BILLS = int(os.environ.get("CHANUKA_BENCH_SEARCH_BILLS", "100000"))
COMMENTS = int(os.environ.get("CHANUKA_BENCH_SEARCH_COMMENTS", "1000000"))
USERS = 2_000
PASSES = 3
ILIKE_EVERY = 10
SEARCH_INDEXES = (
    "ix_bills_search_head", "ix_bills_search_vector", "ix_bills_title_trgm",
    "ix_sponsors_search_vector", "ix_sponsors_name_trgm", "ix_comments_bill_id_search_vector",
)  # fmt: skip


@dataclass(frozen=True)
class Q:
    """One benchmark query."""

    text: str
    kind: str
    filters: dict[str, str] = field(default_factory=dict)


# ----------------------------------------------------------------------------------------- setup
def _settings() -> Settings:
    return Settings(CHANUKA_ENV=Environment.DEVELOPMENT, CHANUKA_STATEMENT_TIMEOUT_MS=0, CHANUKA_LOG_SEARCHES=False)


@contextlib.contextmanager
def _database() -> Iterator[tuple[Database, bool]]:
    """(database, freshly loaded?): a reused one from CHANUKA_BENCH_SEARCH_URL, or a new server."""
    url = os.environ.get("CHANUKA_BENCH_SEARCH_URL")
    if url:
        db = Database(_settings(), url=url)
        try:
            yield db, False
        finally:
            db.dispose()
        return
    with bench_server() as server:
        admin = psycopg.connect(server.conninfo(), autocommit=True)
        admin.execute("ALTER SYSTEM SET shared_buffers = '1GB'")
        admin.close()
        server.stop()
        server.start()
        db = Database(_settings(), url=server.url())
        try:
            api.migrate(db)
            yield db, True
        finally:
            db.dispose()


def _conn(db: Database) -> psycopg.Connection[Any]:
    conn = psycopg.connect(libpq_url(db.url), autocommit=True)
    conn.execute("SET statement_timeout = 0")
    return conn


def _load(db: Database) -> list[list[str]]:
    rows: list[list[str]] = []
    start = time.perf_counter()
    gen = DemoGenerator(DemoSizes(bills=BILLS, users=USERS, comments=COMMENTS, as_of=dt.date(2026, 11, 1)))
    rows.append(["plan (demo generator)", f"{time.perf_counter() - start:.1f}", ""])
    plan = {t: make for t, make, _ in gen.tables()}
    with psycopg.connect(libpq_url(db.url)) as conn:
        conn.execute("SET statement_timeout = 0")
        for name in ("sponsors", "bills", "users", "comments"):
            result = load(conn, metadata.tables[name], gen.rows(name, plan[name]))
            conn.commit()
            rows.append([f"load {name} (COPY, triggers fill vectors)", f"{result.seconds:.1f}", f"{result.rows:,}"])
    with _conn(db) as conn:
        for name in ("bills", "sponsors", "comments", "users"):
            conn.execute(sql.SQL("VACUUM ANALYZE {}").format(sql.Identifier(name)))
    return rows


# ------------------------------------------------------------------------------ build figures
def _maintenance(db: Database) -> list[list[str]]:
    """Vectors for 100,000 bills: BEFORE trigger vs stored generated columns (scratch tables)."""
    cols = (
        "id, bill_number, title, summary, full_text, status, chamber, category, tags, affected_counties, "
        "introduced_date, last_action_date, engagement_score, view_count"
    )
    # Casting an enum to text is only STABLE, which a generation expression refuses: the generated
    # variant needs IMMUTABLE wrappers (one more reason revision 0101 uses triggers).
    head = (
        "chanuka_bill_head_vector(title, bill_number, summary, category, tags::text[], "
        "coalesce(last_action_date, introduced_date), bench_enum_text(status), bench_enum_text(chamber), "
        "bench_enum_texts(affected_counties))"
    )
    q = {"cols": sql.SQL(cols), "head": sql.SQL(head)}
    steps = [
        sql.SQL("CREATE OR REPLACE FUNCTION bench_enum_text(anyenum) RETURNS text IMMUTABLE LANGUAGE sql "
                "AS 'SELECT $1::text'"),
        sql.SQL("CREATE OR REPLACE FUNCTION bench_enum_texts(anyarray) RETURNS text[] IMMUTABLE LANGUAGE sql "
                "AS 'SELECT $1::text[]'"),
        sql.SQL("CREATE UNLOGGED TABLE bench_base AS SELECT {cols} FROM bills LIMIT 0").format(**q),
        sql.SQL("CREATE UNLOGGED TABLE bench_gen (LIKE bench_base)"),
        sql.SQL("ALTER TABLE bench_gen ADD COLUMN search_head tsvector GENERATED ALWAYS AS ({head}) STORED, "
                "ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
                "(chanuka_bill_search_vector({head}, full_text)) STORED").format(**q),
        sql.SQL("CREATE UNLOGGED TABLE bench_trg (LIKE bench_base)"),
        sql.SQL("ALTER TABLE bench_trg ADD COLUMN search_head tsvector, ADD COLUMN search_vector tsvector"),
        sql.SQL("CREATE TRIGGER bench_trg_vectors BEFORE INSERT OR UPDATE OF title, bill_number, summary, "
                "full_text, category, tags, last_action_date, introduced_date, status, chamber, affected_counties, "
                "search_head, search_vector ON bench_trg FOR EACH ROW "
                "EXECUTE FUNCTION chanuka_bills_search_trigger()"),
    ]  # fmt: skip
    timings: dict[str, float] = {}
    with _conn(db) as conn:
        for statement in steps:
            conn.execute(statement)
        ten_thousand = sql.SQL(" WHERE id IN (SELECT id FROM bench_base ORDER BY id LIMIT 10000)")
        for label, run in (
            ("insert, no vectors", sql.SQL("INSERT INTO bench_base SELECT {cols} FROM bills").format(**q)),
            ("insert, generated columns", sql.SQL("INSERT INTO bench_gen SELECT * FROM bench_base")),
            ("insert, trigger", sql.SQL("INSERT INTO bench_trg SELECT *, NULL, NULL FROM bench_base")),
            ("update view_count, no vectors", sql.SQL("UPDATE bench_base SET view_count = view_count + 1")),
            ("update view_count, generated", sql.SQL("UPDATE bench_gen SET view_count = view_count + 1")),
            ("update view_count, trigger", sql.SQL("UPDATE bench_trg SET view_count = view_count + 1")),
            ("update 10,000 summaries, generated",
             sql.SQL("UPDATE bench_gen SET summary = summary || ' x'") + ten_thousand),
            ("update 10,000 summaries, trigger",
             sql.SQL("UPDATE bench_trg SET summary = summary || ' x'") + ten_thousand),
        ):  # fmt: skip
            start = time.perf_counter()
            conn.execute(run)
            timings[label] = time.perf_counter() - start
        same = conn.execute(
            "SELECT count(*) FILTER (WHERE g.search_vector = t.search_vector), count(*) "
            "FROM bench_gen g JOIN bench_trg t USING (id)"
        ).fetchone()
        conn.execute("DROP TABLE bench_base, bench_gen, bench_trg")
        conn.execute("DROP FUNCTION bench_enum_text(anyenum), bench_enum_texts(anyarray)")
    base = timings["insert, no vectors"]
    rows = [[k, f"{v:.1f}", f"+{v - base:.1f}" if k.startswith("insert") and v is not base else ""]
            for k, v in timings.items()]
    equal, count = (same[0], same[1]) if same else (0, 0)
    rows.append(["identical vectors (generated vs trigger)", f"{equal:,}", f"of {count:,}"])
    return rows


def _index_builds(db: Database) -> list[list[str]]:
    rows: list[list[str]] = []
    with _conn(db) as conn:
        for name in SEARCH_INDEXES:
            found = conn.execute("SELECT pg_get_indexdef(to_regclass(%s))", (name,)).fetchone()
            if not found or not found[0]:
                continue
            definition = str(found[0])
            conn.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(name)))
            start = time.perf_counter()
            conn.execute(definition)  # the definition PostgreSQL itself printed
            seconds = time.perf_counter() - start
            size = conn.execute("SELECT pg_relation_size(to_regclass(%s))", (name,)).fetchone()
            rows.append([f"build {name}", f"{seconds:.1f}", f"{(size[0] if size else 0) / 1e6:.0f} MB"])
        conn.execute("ANALYZE bills")
        conn.execute("ANALYZE comments")
    with db.transaction() as session:
        rows.append(["refresh vocabulary + suggestion views", f"{refresh_vocabulary(session):.1f}", ""])
    return rows


def _sizes(db: Database) -> dict[str, float]:
    with _conn(db) as conn:
        row = conn.execute(
            "SELECT (SELECT sum(pg_column_size(search_head)) + sum(pg_column_size(search_vector)) FROM bills), "
            "(SELECT sum(pg_column_size(search_vector)) FROM comments), "
            "(SELECT sum(pg_relation_size(to_regclass(i))) FROM unnest(%s::text[]) i WHERE i LIKE 'ix_bills%%'), "
            "(SELECT sum(pg_relation_size(to_regclass(i))) FROM unnest(%s::text[]) i WHERE i NOT LIKE 'ix_bills%%'), "
            "(SELECT pg_total_relation_size('search_vocabulary') + pg_total_relation_size('search_suggestions')), "
            "(SELECT sum(octet_length(title) + coalesce(octet_length(summary), 0) "
            "+ coalesce(octet_length(full_text), 0)) FROM bills)",
            (list(SEARCH_INDEXES), list(SEARCH_INDEXES)),
        ).fetchone()
    names = ("bill vectors", "comment vectors", "bill indexes", "sponsor+comment indexes", "views", "bill text")
    return {n: float(v or 0) / 1e6 for n, v in zip(names, row or (), strict=False)}


def _prewarm(db: Database) -> None:
    with _conn(db) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
        for rel in ("bills", "sponsors", "search_vocabulary", "search_suggestions", *SEARCH_INDEXES):
            conn.execute("SELECT pg_prewarm(%s)", (rel,))


# ------------------------------------------------------------------------------------- queries
def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("drop", "swap", "double"))
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "swap":
        return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]
    return word[:i] + word[i] + word[i:]


def query_mix(db: Database) -> list[Q]:
    """200 queries, the same for every run on the same data."""
    rng = random.Random(2024)
    en = sorted({w for a in POLICY_AREAS.values() for w in a[2] if " " not in w})
    sw = sorted({w for a in POLICY_AREAS.values() for w in a[3] if " " not in w} | set(SWAHILI_COMMON[20:48]))
    words = [w for w in vocabulary().words if len(w) >= 5 and w.isalpha()]
    with _conn(db) as conn:
        titles = [str(r[0]) for r in conn.execute("SELECT DISTINCT title FROM bills ORDER BY title").fetchall()]
        numbers = [str(r[0]) for r in conn.execute("SELECT bill_number FROM bills ORDER BY bill_number LIMIT 5000")]
    out: list[Q] = []
    out += [Q(w, "topic word") for w in rng.sample(en, 30)]
    out += [Q(w, "common word") for w in rng.sample(words[100:1500], 20)]
    out += [Q(w, "rare word") for w in rng.sample(words[20_000:50_000], 15)]
    out += [Q(w, "kiswahili") for w in rng.sample(sw, 25)]
    for t in rng.sample(titles, 10):
        parts = [p for p in t.replace(",", "").replace("(", "").replace(")", "").split() if p not in {"The", "Bill"}]
        i = rng.randrange(max(1, len(parts) - 1))
        out.append(Q(f'"{" ".join(parts[i : i + 2])}"', "phrase"))
    out += [Q(f'"{a} {b}"', "phrase") for a, b in (rng.sample(en, 2) for _ in range(10))]
    out += [Q(_typo(w, rng), "typo") for w in rng.sample([w for w in en if len(w) >= 5], 25)]
    statuses = ["first_reading", "second_reading", "committee_stage", "act_of_parliament"]
    for i, w in enumerate(rng.sample(en, 25)):
        f = ({"status": rng.choice(statuses)}, {"county": rng.choice(list(COUNTIES))}, {"chamber": "senate"},
             {"category": rng.choice(list(POLICY_AREAS))})[i % 4]  # fmt: skip
        out.append(Q(w, "filter", f))
    for _ in range(20):
        area = POLICY_AREAS[rng.choice(list(POLICY_AREAS))]
        out.append(Q(" ".join(rng.sample(list(area[2]) + list(area[3]), rng.choice((2, 3)))), "several words"))
    for _ in range(10):
        area = POLICY_AREAS[rng.choice(list(POLICY_AREAS))]
        a, b = rng.sample(list(area[2]), 2)
        out.append(Q(f"{a} -{b}", "negation"))
    for n in rng.sample(numbers, 10):
        prefix, rest = n.split(" ", 1)
        num, year = rest.split("/")
        chamber = "Senate " if prefix == "SEN" else ""
        out.append(Q(n if rng.random() < 0.5 else f"{chamber}Bill No. {num} of {year}", "bill number"))
    return out


def _filters(q: Q) -> SearchFilters | None:
    return SearchFilters.of(**q.filters) if q.filters else None


# ------------------------------------------------------------------------------------- tantivy
@dataclass
class Tantivy:
    """An in-process tantivy index of the bills."""

    index: Any
    path: Path
    seconds: float
    size_mb: float

    def query(self, q: Q) -> Any:
        import tantivy

        parsed = self.index.parse_query(q.text, ["title", "summary", "full_text", "bill_number"])
        if not q.filters:
            return parsed
        clauses = [(tantivy.Occur.Must, parsed)]
        for name, value in q.filters.items():
            field_ = {"county": "county"}.get(name, name)
            term = county_key(value) if name == "county" else value
            clauses.append((tantivy.Occur.Must, tantivy.Query.term_query(self.index.schema, field_, term)))
        return tantivy.Query.boolean_query(clauses)


def _tantivy_build(db: Database, where: Path) -> Tantivy:
    import tantivy

    sb = tantivy.SchemaBuilder()
    for name in ("title", "summary", "full_text"):
        sb.add_text_field(name, stored=name == "title", tokenizer_name="en_stem")
    sb.add_text_field("bill_number", stored=True)
    for name in ("status", "chamber", "category", "county"):
        sb.add_text_field(name, stored=False, tokenizer_name="raw")
    sb.add_text_field("id", stored=True, tokenizer_name="raw")
    schema = sb.build()
    start = time.perf_counter()
    index = tantivy.Index(schema, path=str(where))
    writer = index.writer(heap_size=512_000_000)
    with psycopg.connect(libpq_url(db.url)) as conn, conn.cursor(name="bills") as cur:
        cur.itersize = 2_000
        cur.execute(
            "SELECT id::text, bill_number, title, coalesce(summary, ''), coalesce(full_text, ''), status::text, "
            "chamber::text, coalesce(category, ''), coalesce(affected_counties::text[], '{}') FROM bills"
        )
        for id_, number, title, summary, full_text, status, chamber, category, counties in cur:
            doc = tantivy.Document(id=id_, bill_number=number, title=title, summary=summary, full_text=full_text,
                                   status=status, chamber=chamber, category=category)
            for c in counties:
                doc.add_text("county", c)
            writer.add_document(doc)
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    seconds = time.perf_counter() - start
    size = sum(p.stat().st_size for p in where.rglob("*") if p.is_file()) / 1e6
    return Tantivy(index, where, seconds, size)


# ------------------------------------------------------------------------------------- timing
def _time(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def _ours(session: Session, q: Q) -> None:
    """One request: search, then commit the read-only transaction (as chanuka_db.search.service does)."""
    search_bills(session, q.text, filters=_filters(q))
    session.commit()


def _naive_sql(q: Q) -> tuple[sql.Composed, list[Any]]:
    """The notes' naive ranking: the full weighted vector, ts_rank_cd over every match (filters as SQL)."""
    where: list[sql.Composable] = []
    params: list[Any] = [q.text]
    for name, value in q.filters.items():
        if name == "county":
            where.append(sql.SQL(" AND affected_counties @> ARRAY[%s]::kenyan_county[]"))
            params.append(county_key(value))
        else:
            where.append(sql.SQL(" AND {}::text = %s").format(sql.Identifier(name)))
            params.append(value)
    statement = sql.SQL(
        "SELECT id, title FROM bills, websearch_to_tsquery('chanuka_english', %s) q "
        "WHERE search_vector @@ q{} ORDER BY ts_rank_cd(search_vector, q) DESC LIMIT 10"
    ).format(sql.Composed(where))
    return statement, params


def _backend_cpu_ms(session: Session) -> float | None:
    """CPU milliseconds used so far by the session's server process (local servers only)."""
    from sqlalchemy import text as sql_text

    pid = session.execute(sql_text("SELECT pg_backend_pid()")).scalar()
    try:
        fields_ = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields_[11]) + int(fields_[12])) * 1000 / ticks


def _summary(samples: list[float]) -> list[str]:
    return [f"{percentile(samples, 50):.1f}", f"{percentile(samples, 95):.1f}", f"{statistics.fmean(samples):.1f}",
            f"{max(samples):.1f}"]


def _by_kind(mix: list[Q], ours: dict[int, list[float]], tv: dict[int, list[float]]) -> list[list[str]]:
    rows = []
    for kind in dict.fromkeys(q.kind for q in mix):
        idx = [i for i, q in enumerate(mix) if q.kind == kind]
        o = [s for i in idx for s in ours[i]]
        t = [s for i in idx for s in tv.get(i, [])]
        rows.append([kind, str(len(idx)), f"{percentile(o, 50):.1f}", f"{percentile(o, 95):.1f}",
                     f"{percentile(t, 50):.2f}" if t else "-", f"{percentile(t, 95):.2f}" if t else "-"])
    return rows


# ------------------------------------------------------------------------------------- relevance
def _relevance(server_db: Database) -> list[list[str]]:
    """Ours vs plain PostgreSQL FTS vs tantivy's default BM25 on the labelled set."""
    import tantivy
    from tests.search.conftest import load as load_labelled
    from tests.search.relevance import BILLS as LABELLED
    from tests.search.relevance import CASES, Case

    name = f"bench_relevance_{os.getpid()}"
    admin = psycopg.connect(libpq_url(server_db.url.set(database="postgres")), autocommit=True)
    admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    db = Database(_settings(), url=server_db.url.set(database=name))
    try:
        api.migrate(db)
        data = load_labelled(db)
        by_id = {v: k for k, v in data.bills.items()}
        bill_of = {b.key: b for b in LABELLED}

        def keep(case: Case, key: str) -> bool:
            b = bill_of[key]
            f = case.filters
            return ("status" not in f or b.status == f["status"]) and (
                "county" not in f or county_key(f["county"]) in b.counties
            )

        def passed(case: Case, ranked: list[str]) -> bool:
            ranked = [k for k in ranked if keep(case, k)]
            return all(k in ranked[:3] for k in case.expect) and not any(k in ranked[:10] for k in case.exclude)

        sb = tantivy.SchemaBuilder()
        for f in ("title", "summary", "full_text"):
            sb.add_text_field(f, stored=False, tokenizer_name="en_stem")
        sb.add_text_field("bill_number", stored=False)
        sb.add_text_field("key", stored=True, tokenizer_name="raw")
        index = tantivy.Index(sb.build())
        writer = index.writer()
        for b in LABELLED:
            writer.add_document(tantivy.Document(key=b.key, title=b.title, summary=b.summary, full_text=b.full_text,
                                                 bill_number=b.bill_number))
        writer.commit()
        index.reload()
        searcher = index.searcher()
        scores = {"ours": 0, "plain FTS (websearch_to_tsquery, english)": 0, "tantivy BM25 (default, OR)": 0}
        errors = {k: 0 for k in scores}
        with db.session() as session, _conn(db) as conn:
            for case in CASES:
                page = search_bills(session, case.query, filters=SearchFilters.of(**case.filters) or None, limit=10)
                session.rollback()
                scores["ours"] += passed(case, [by_id[h.id] for h in page.hits])
                try:
                    rows = conn.execute(
                        "SELECT b.id FROM bills b, websearch_to_tsquery('english', %s) q, "
                        "to_tsvector('english', b.title || ' ' || coalesce(b.summary, '') || ' ' || "
                        "coalesce(b.full_text, '')) v WHERE v @@ q "
                        "ORDER BY ts_rank_cd(v, q) DESC, b.bill_number LIMIT 50",
                        (case.query,),
                    ).fetchall()
                    scores["plain FTS (websearch_to_tsquery, english)"] += passed(case, [by_id[r[0]] for r in rows])
                except psycopg.Error:
                    errors["plain FTS (websearch_to_tsquery, english)"] += 1
                try:
                    query = index.parse_query(case.query, ["title", "summary", "full_text", "bill_number"])
                    hits = searcher.search(query, 50).hits
                    ranked = [searcher.doc(addr)["key"][0] for _, addr in hits]
                    scores["tantivy BM25 (default, OR)"] += passed(case, ranked)
                except ValueError:
                    errors["tantivy BM25 (default, OR)"] += 1
        return [[k, f"{v}/{len(CASES)}", f"{100 * v / len(CASES):.0f} %", str(errors[k])] for k, v in scores.items()]
    finally:
        db.dispose()
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        admin.close()


# ------------------------------------------------------------------------------------------ run
def run() -> None:
    """Load (or reuse) the corpus, build, measure, and print every figure."""
    quick = os.environ.get("CHANUKA_BENCH_SEARCH_QUICK") == "1"
    with _database() as (db, fresh):
        if fresh:
            table("Loading the demo corpus", ["step", "seconds", "rows"], _load(db))
            if not quick:
                table("Vector maintenance on 100,000 bills: trigger vs generated columns (scratch tables)",
                      ["statement", "seconds", "vector cost"], _maintenance(db))
            table("Search index builds", ["step", "seconds", "size"], _index_builds(db))
        _prewarm(db)
        mix = query_mix(db)
        tmp = Path(tempfile.mkdtemp(prefix="chanuka-tantivy-"))
        try:
            tv = _tantivy_build(db, tmp)
            sizes = _sizes(db)
            table(
                "Index footprint",
                ["what", "MB"],
                [[k, f"{v:.0f}"] for k, v in sizes.items()] + [["tantivy index (all fields)", f"{tv.size_mb:.0f}"],
                                                                ["tantivy build seconds", f"{tv.seconds:.1f}"]],
            )
            _measure(db, mix, tv)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        table("Relevance on the labelled set (tests/search/relevance.py)", ["engine", "passed", "share", "errors"],
              _relevance(db))


def _measure(db: Database, mix: list[Q], tv: Tantivy) -> None:
    ours: dict[int, list[float]] = {i: [] for i in range(len(mix))}
    tvs: dict[int, list[float]] = {i: [] for i in range(len(mix))}
    failures = 0
    searcher = tv.index.searcher()

    def tantivy_once(q: Q) -> None:
        result = searcher.search(tv.query(q), 10, count=True)
        for _, addr in result.hits:
            searcher.doc(addr)

    cpu_ours = cpu_tv = 0.0
    with db.session() as session:
        for q in mix:  # warm-up
            _ours(session, q)
        for _ in range(PASSES):
            for i, q in enumerate(mix):
                ours[i].append(_time(lambda q=q: _ours(session, q)))
        for _ in range(PASSES):
            for i, q in enumerate(mix):
                try:
                    tvs[i].append(_time(lambda q=q: tantivy_once(q)))
                except ValueError:
                    failures += 1
        # CPU per query (client + server process), which a busy machine distorts less than wall time.
        server_before, client_before = _backend_cpu_ms(session), time.process_time()
        for q in mix:
            _ours(session, q)
        server_after, client_after = _backend_cpu_ms(session), time.process_time()
        if server_before is not None and server_after is not None:
            cpu_ours = ((server_after - server_before) + (client_after - client_before) * 1000) / len(mix)
        client_before = time.process_time()
        for q in mix:
            with contextlib.suppress(ValueError):
                tantivy_once(q)
        cpu_tv = (time.process_time() - client_before) * 1000 / len(mix)
        all_ours = [s for v in ours.values() for s in v]
        all_tv = [s for v in tvs.values() for s in v]
        naive: list[float] = []
        with _conn(db) as conn:
            conn.execute("SET statement_timeout = '30s'")
            for q in mix:
                statement, params = _naive_sql(q)
                try:
                    naive.append(_time(lambda s=statement, p=params: conn.execute(s, p).fetchall()))
                except psycopg.Error:
                    naive.append(30_000.0)
            ilike: list[float] = []
            ours_subset: list[float] = []
            conn.execute("SET statement_timeout = 0")
            for i, q in enumerate(mix[::ILIKE_EVERY]):
                word = "%" + q.text.strip('"').split()[0].lstrip("-") + "%"
                ilike.append(_time(lambda w=word: conn.execute(
                    "SELECT id, title FROM bills WHERE title ILIKE %s OR summary ILIKE %s OR full_text ILIKE %s "
                    "ORDER BY introduced_date DESC NULLS LAST LIMIT 10", (w, w, w)).fetchall()))
                ours_subset.extend(ours[i * ILIKE_EVERY])
        prefixes = [q.text.strip('"-')[: random.Random(i).randint(2, 6)] for i, q in enumerate(mix[:100])]
        sugg = []
        for p in prefixes:
            suggest(session, p or "co")
            session.commit()
        for p in prefixes:
            sugg.append(_time(lambda p=p: suggest(session, p or "co")))
            session.commit()
        with _conn(db) as conn:
            bills = [r[0] for r in conn.execute("SELECT id FROM bills ORDER BY comment_count DESC, id LIMIT 50")]
        words = [q.text for q in mix if q.kind in {"topic word", "kiswahili"}]
        comment_times = []
        for i, bill in enumerate(bills):
            f = SearchFilters.of(bill_id=bill)
            word = words[i % len(words)]
            search_comments(session, word, filters=f)
            session.commit()
            comment_times.append(_time(lambda w=word, f=f: search_comments(session, w, filters=f)))
            session.commit()
    header = ["engine", "p50 ms", "p95 ms", "mean ms", "max ms"]
    table(
        f"Bill search, {len(mix)} queries x {PASSES} passes, single client, warm cache",
        header,
        [
            ["ours: search_bills (facets, totals, headlines)", *_summary(all_ours)],
            ["tantivy BM25 (top 10 + count + docs)", *_summary(all_tv)],
            ["naive FTS: ts_rank_cd over every match (1 pass)", *_summary(naive)],
            [f"ours on the ILIKE subset ({len(ilike)} queries)", *_summary(ours_subset)],
            [f"ILIKE '%word%' title/summary/full text ({len(ilike)} queries)", *_summary(ilike)],
            ["suggest() (100 prefixes)", *_summary(sugg)],
            ["search_comments within a bill (50 busiest bills)", *_summary(comment_times)],
        ],
    )
    table("By kind of query", ["kind", "n", "ours p50", "ours p95", "tantivy p50", "tantivy p95"],
          _by_kind(mix, ours, tvs))
    p95_ours, p95_tv = percentile(all_ours, 95), percentile(all_tv, 95)
    print(
        f"\nratios: ours p95 / tantivy p95 = {p95_ours / p95_tv:.1f}x (target <= 5x); "
        f"ILIKE p50 / ours p50 (subset) = {percentile(ilike, 50) / percentile(ours_subset, 50):.0f}x (target >= 50x); "
        f"naive p95 / ours p95 = {percentile(naive, 95) / p95_ours:.1f}x; tantivy parse failures: {failures}\n"
        f"targets: p95 <= 20 ms -> {p95_ours:.1f}; p50 <= 5 ms -> {percentile(all_ours, 50):.1f}; "
        f"suggest < 10 ms -> p95 {percentile(sugg, 95):.1f}; load average {os.getloadavg()[0]:.1f}\n"
        f"CPU per query (client + server process): ours {cpu_ours:.2f} ms, tantivy {cpu_tv:.2f} ms"
    )
