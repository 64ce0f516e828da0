"""Bill search: exact bill numbers, a two-tier full-text match, fallbacks, facets and highlights.

A search is a few statements (docs/search.md explains it with the measurements):

1. :func:`~chanuka_db.search.analyze.analyze`: lexemes, synonyms and document counts of the words.
2. The main statement, over a *candidate pool* of at most :data:`POOL` bills:

   - tier 0: bills whose number the query names (unique index);
   - tier 1 (head): bills whose small ``search_head`` vector (title, number, summary, tags,
     category) matches, gathered as :class:`Mode` says: one GIN lookup when the words are rare
     enough (every match is scored); for common words the newest :data:`POOL` matches, window by
     window of recency (a GIN lookup of "words AND these months" each), so the cost of a common word
     is bounded instead of growing with its frequency;
   - tier 2 (body), only when tier 1 cannot fill the page: bills with the words only in the full
     text, found by the GIN index on ``search_vector`` with the relaxed (phrase-free) query, which
     the index answers without reading any vector; for a phrase, at most :data:`PHRASE_CHECKS` of
     them are read to check it.

   Status, chamber, category and county filters are lexemes of ``search_head`` (revision 0101),
   ANDed into the words: the GIN index applies them. Candidates are scored (:mod:`.rank`), counted
   per facet, and the requested page gets its ``ts_headline`` snippet (summary, title or full text).
3. When the pool was capped: PostgreSQL's row estimate for the total (``total_exact`` False).
4. When the words as typed do not fill the page and have synonyms: the same with the synonyms.
5. When fewer than :data:`FEW_RESULTS` bills match every word: the did-you-mean query, the
   most-words query and, when nothing matched at all, the trigram similarity of titles.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
from enum import StrEnum
from typing import Any

from psycopg import sql
from sqlalchemy.orm import Session

from chanuka_db.search import highlight, rank
from chanuka_db.search.analytics import SearchLog
from chanuka_db.search.analyze import Analysis, analyze, and_
from chanuka_db.search.common import (
    PLANNER_SETTINGS,
    RESTORE,
    Candidate,
    Clock,
    PassResult,
    facets_sql,
    fetch,
    load_facets,
    log_search,
    merge,
    planner_settings,
    restore_params,
    restore_settings,
)
from chanuka_db.search.fallback import FEW_RESULTS, FUZZY_POOL, fuzzy_words, run_fallbacks
from chanuka_db.search.filters import Conditions, bill_conditions
from chanuka_db.search.query import ParsedQuery, parse
from chanuka_db.search.rank import MatchClass
from chanuka_db.search.types import BillHit, SearchFilters, SearchPage, check_page

#: Most candidates scored per search (per tier).
POOL = 200
#: Most body-tier candidates whose full vector is read to check a phrase.
PHRASE_CHECKS = 200

_FACETS = facets_sql(
    "scored", {"status": "status", "chamber": "chamber", "category": "category"}, {"county": "counties"}
)
#: What the pool keeps of each candidate: facet fields, tie-break fields, and what scoring needs.
_COLUMNS = sql.SQL(
    "b.id, b.bill_number, b.status, b.chamber, b.category, b.affected_counties AS counties, "
    "b.introduced_date, b.last_action_date, b.engagement_score"
)
#: Recency windows, newest first, in months (each window one GIN lookup): twelve years back from
#: this month, after one window for the months ahead.
RECENCY_WINDOWS = (2, 2, 3, 5, 12, 24, 48, 48)
RECENCY_MONTHS_AHEAD = 24
#: A word in more than this share of the bills is matched by reading whole recency windows.
VERY_DENSE_SHARE = 0.25


class Mode(StrEnum):
    """How the head tier gathers its candidates (chosen from the vocabulary's document counts)."""

    SPARSE = "sparse"  # one GIN lookup of the words: every match (overflow falls back to DENSE)
    DENSE = "dense"  # per recency window, newest first: one GIN lookup of "words AND window"
    VERY_DENSE = "very_dense"  # per window: GIN lookup of the window, words checked on the in-line vector


def recency_windows(today: dt.date | None = None) -> list[str]:
    """The tsqueries of the recency windows, newest first (``'~r202611' | '~r202610'``...), then undated.

    Revision 0101 puts one lexeme in every bill's vectors for the month of its last action (or of
    its introduction), so "matches of X in these months" is a GIN lookup like any word. After one
    window for the months ahead, the windows grow (2, 2, 3, 5, 12... months) so a common word fills
    the pool from the first one or two, and a rarer one needs few lookups to reach back twelve years.
    """
    return list(_windows(today or dt.date.today()))


@functools.lru_cache(maxsize=4)
def _windows(day: dt.date) -> tuple[str, ...]:
    current = day.year * 12 + day.month - 1
    out = [_months(current + RECENCY_MONTHS_AHEAD, RECENCY_MONTHS_AHEAD)]
    month = current
    for size in RECENCY_WINDOWS:
        out.append(_months(month, size))
        month -= size
    out.append("'~rnone'")
    return tuple(out)


def _months(last: int, count: int) -> str:
    return " | ".join(f"'~r{m // 12}{m % 12 + 1:02d}'" for m in range(last, last - count, -1))


def choose_mode(estimate: int, bills: float) -> Mode:
    """SPARSE when at most :data:`POOL` bills probably match, VERY_DENSE above :data:`VERY_DENSE_SHARE`."""
    if estimate <= POOL:
        return Mode.SPARSE
    if bills > 0 and estimate > VERY_DENSE_SHARE * bills:
        return Mode.VERY_DENSE
    return Mode.DENSE


def _windows_sql(f: sql.Composable, mode: Mode) -> sql.Composed:
    if mode is Mode.VERY_DENSE:
        # ts_match_vq() is the @@ operator as a function: not an index condition, so the GIN lookup is
        # the window's alone and the (common) words are checked on each row's in-line head vector.
        match = sql.SQL("b.search_head @@ k.q AND ts_match_vq(b.search_head, CAST(%(qh)s AS tsquery))")
    else:
        match = sql.SQL("b.search_head @@ (CAST(%(qh)s AS tsquery) && k.q)")
    gate = sql.SQL("WHERE (SELECT count(*) FROM t1p) > %(pool)s ") if mode is Mode.SPARSE else sql.SQL("")
    return sql.SQL(
        "t1d AS MATERIALIZED (SELECT x.* FROM unnest(CAST(%(windows)s AS tsquery[])) WITH ORDINALITY AS k(q, ord) "
        "CROSS JOIN LATERAL (SELECT {columns}, b.search_head FROM bills b WHERE {match}{f} LIMIT %(pool)s) x "
        "{gate}LIMIT %(pool_plus)s)"
    ).format(columns=_COLUMNS, match=match, f=f, gate=gate)


@functools.lru_cache(maxsize=256)
def _main_text(
    where: str, where_all: str, *, numbers: bool, text_: bool, phrase: bool, excluded: bool, mode: Mode
) -> str:
    """The main statement as text, built once per shape (composing it costs more than running it)."""
    return _main_sql(
        sql.SQL(where), sql.SQL(where_all), numbers=numbers, text_=text_, phrase=phrase, excluded=excluded, mode=mode
    ).as_string(None)


def _main_sql(
    f: sql.Composable,
    f_all: sql.Composable,
    *,
    numbers: bool,
    text_: bool,
    phrase: bool,
    excluded: bool,
    mode: Mode,
) -> sql.Composed:
    # ``f``: the SQL filter conditions. The lexeme filters are ANDed into the text queries (:qh, :qb)
    # by the caller; bill numbers are looked up by number, so they get them as a condition (``f_all``).
    fmt = {"columns": _COLUMNS, "f": f}
    ctes: list[sql.Composable] = []
    tiers: list[sql.Composable] = []
    if numbers:
        ctes.append(
            sql.SQL(
                "t0 AS MATERIALIZED (SELECT {columns}, NULL::tsvector AS search_head FROM bills b "
                "WHERE b.bill_number = ANY(CAST(%(numbers)s AS text[])){f})"
            ).format(columns=_COLUMNS, f=f_all)
        )
        tiers.append(sql.SQL("SELECT {} AS cls, t0.* FROM t0").format(sql.Literal(int(MatchClass.BILL_NUMBER))))
    if text_:
        # Tier 1 (title, number, summary, tags, category): see Mode.
        if mode is Mode.SPARSE:
            ctes.append(
                sql.SQL(
                    "t1p AS MATERIALIZED (SELECT {columns}, b.search_head FROM bills b "
                    "WHERE b.search_head @@ CAST(%(qh)s AS tsquery){f} LIMIT %(pool_plus)s)"
                ).format(**fmt)
            )
        else:
            ctes.append(sql.SQL("t1p AS (SELECT {columns}, b.search_head FROM bills b WHERE false)").format(**fmt))
        ctes.append(_windows_sql(f, mode))
        ctes.append(
            sql.SQL(
                "t1 AS (SELECT * FROM t1p WHERE (SELECT count(*) FROM t1p) <= %(pool)s "
                "UNION ALL SELECT * FROM (SELECT * FROM t1d LIMIT %(pool)s) d)"
            )
        )
        # Tier 2, only when tier 1 cannot fill the page: full-text-only matches.
        exclude = sql.SQL(" AND NOT (b.search_head @@ CAST(%(qx)s AS tsquery))") if excluded else sql.SQL("")
        ctes.append(
            sql.SQL(
                "t2c AS MATERIALIZED (SELECT {columns}, NULL::tsvector AS search_head FROM bills b "
                "WHERE (SELECT count(*) FROM t1p) + (SELECT count(*) FROM t1d) < %(need)s "
                "AND b.search_vector @@ CAST(%(qb)s AS tsquery){f} "
                "AND NOT (b.search_head @@ CAST(%(qh)s AS tsquery)){exclude} LIMIT %(pool)s)"
            ).format(exclude=exclude, **fmt)
        )
        if phrase:
            ctes.append(
                sql.SQL(
                    "t2 AS MATERIALIZED (SELECT c.* FROM (SELECT * FROM t2c LIMIT %(phrase_checks)s) c "
                    "JOIN bills v ON v.id = c.id WHERE v.search_vector @@ CAST(%(qp)s AS tsquery))"
                )
            )
        else:
            ctes.append(sql.SQL("t2 AS (SELECT * FROM t2c)"))
        not_number = sql.SQL(" WHERE id NOT IN (SELECT id FROM t0)") if numbers else sql.SQL("")
        for cls, cte in ((MatchClass.HEAD, "t1"), (MatchClass.BODY, "t2")):
            tiers.append(
                sql.SQL("SELECT {cls} AS cls, {t}.* FROM {t}{not_number}").format(
                    cls=sql.Literal(int(cls)), t=sql.Identifier(cte), not_number=not_number
                )
            )
    ctes.append(sql.SQL("best AS ({})").format(sql.SQL(" UNION ALL ").join(tiers)))
    head = sql.Literal(int(MatchClass.HEAD))
    ctes.append(
        sql.SQL(
            "ranked AS MATERIALIZED (SELECT p.*, CASE WHEN p.cls = {head} THEN {lit} END AS lit FROM best p)"
        ).format(head=head, lit=rank.literal_rank_sql(sql.SQL("p.search_head")))
    )
    ctes.append(
        sql.SQL(
            "scored AS MATERIALIZED (SELECT p.id, p.cls, p.bill_number, p.status, p.chamber, p.category, "
            "p.counties, p.introduced_date, "
            "(CASE p.cls WHEN {head} THEN {text_score} WHEN {number} THEN 1.0 ELSE 0.5 END) * {boost} AS score "
            "FROM ranked p)"
        ).format(
            head=head,
            number=sql.Literal(int(MatchClass.BILL_NUMBER)),
            text_score=rank.text_score_sql(sql.SQL("p.search_head"), sql.SQL("p.lit")),
            boost=rank.bill_boost_sql("p"),
        )
    )
    ctes.append(
        sql.SQL(
            "page AS MATERIALIZED (SELECT * FROM scored ORDER BY cls DESC, score DESC, "
            "introduced_date DESC NULLS LAST, bill_number LIMIT %(limit)s OFFSET %(offset)s)"
        )
    )
    counts: sql.Composable
    headline: sql.Composable
    if text_:
        ctes.append(
            sql.SQL(
                "counts AS MATERIALIZED (SELECT (SELECT count(*) FROM t1p) + (SELECT count(*) FROM t1d) AS n1, "
                "(SELECT count(*) FROM t2c) AS n2)"
            )
        )
        # Not every match was seen (pool capped, body tier skipped, phrase checks capped): ask the
        # planner for the total, in this statement (chanuka_bills_estimate runs EXPLAIN, revision 0101).
        inexact = sql.SQL(
            "c.n1 > %(pool)s OR c.n2 >= %(pool)s OR c.n1 >= %(need)s"
            + (" OR c.n2 > %(phrase_checks)s" if phrase else "")
        )
        counts = sql.SQL(
            "(SELECT n1 FROM counts) AS n1, (SELECT n2 FROM counts) AS n2, "
            "(SELECT CASE WHEN {inexact} THEN chanuka_bills_estimate(CAST(%(qb)s AS tsquery)) END FROM counts c) "
            "AS estimate"
        ).format(inexact=inexact)
        headline = sql.SQL(
            "CASE WHEN p.cls = {body} THEN ts_headline('chanuka_english', coalesce(b.full_text, ''), "
            "CAST(%(q_hl)s AS tsquery), %(hl_opts)s) END AS body_hl, "
            "ts_headline('chanuka_english', coalesce(b.summary, ''), CAST(%(q_hl)s AS tsquery), %(hl_opts)s) "
            "AS summary_hl, "
            "ts_headline('chanuka_english', b.title, CAST(%(q_hl)s AS tsquery), %(hl_whole)s) AS title_hl"
        ).format(body=sql.Literal(int(MatchClass.BODY)))
    else:
        counts = sql.SQL("0 AS n1, 0 AS n2, NULL::bigint AS estimate")
        headline = sql.SQL("NULL AS body_hl, NULL AS summary_hl, NULL AS title_hl")
    return sql.SQL(
        "WITH {ctes}\n"
        "SELECT (SELECT count(*) FROM scored) AS total, {counts}, {facets} AS facets, {restore} AS restored, "
        "p.id, p.cls, p.bill_number, b.title, p.status::text AS status, p.score, p.introduced_date, "
        "{headline}, left(b.summary, 400) AS summary_start\n"
        "FROM (SELECT 1) one LEFT JOIN (page p JOIN bills b ON b.id = p.id) ON true "
        "ORDER BY p.cls DESC, p.score DESC, p.introduced_date DESC NULLS LAST, p.bill_number"
    ).format(ctes=sql.SQL(",\n").join(ctes), counts=counts, facets=_FACETS, headline=headline, restore=RESTORE)


def _fuzzy_sql(cond: Conditions) -> sql.Composed:
    return sql.SQL(
        "WITH scored AS MATERIALIZED (SELECT {columns}, b.title, word_similarity(%(tq)s, b.title) AS score "
        "FROM bills b WHERE CAST(%(tq)s AS text) <%% b.title{f} ORDER BY score DESC, b.bill_number "
        "LIMIT %(fuzzy_pool)s), "
        "page AS (SELECT * FROM scored ORDER BY score DESC, introduced_date DESC NULLS LAST, bill_number "
        "LIMIT %(limit)s) "
        "SELECT (SELECT count(*) FROM scored) AS total, {facets} AS facets, p.id, p.bill_number, p.title, "
        "p.status::text AS status, p.score, p.introduced_date, left(b.summary, 400) AS summary_start "
        "FROM (SELECT 1) one LEFT JOIN (page p JOIN bills b ON b.id = p.id) ON true "
        "ORDER BY p.score DESC, p.introduced_date DESC NULLS LAST, p.bill_number"
    ).format(columns=_COLUMNS, f=cond.where_all(), facets=_FACETS)


def _headline(row: Any) -> str:
    for raw in (row.body_hl, row.summary_hl, row.title_hl):
        if raw and highlight.has_mark(raw):
            return highlight.render(raw)
    return highlight.plain(row.summary_start)


def _text_pass(
    session: Session,
    analysis: Analysis,
    cond: Conditions,
    *,
    numbers: tuple[str, ...],
    need: int,
    limit: int,
    offset: int,
    relabel: MatchClass | None = None,
    most: bool = False,
    expanded: bool = False,
    restore: dict[str, str] | None = None,
) -> PassResult:
    """Run the main statement once; ``restore``: planner settings the statement puts back at its end."""
    v = analysis.variant(expanded=expanded)
    head = v.most_head if most else v.head
    body = v.most_body if most else v.body
    phrase_q = (v.most_head if most else v.phrase) if v.has_phrase else ""
    text_ = bool(head)
    if text_ and cond.lexemes:
        head, body = and_([head, cond.lexemes]), and_([body, cond.lexemes])
        phrase_q = and_([phrase_q, cond.lexemes]) if phrase_q else ""
    if not text_ and not numbers:
        return PassResult()
    if most and analysis.excluded:
        phrase_q = ""  # most-words with exclusions: the phrase check would re-apply them; relaxed is enough
    # With filters the vocabulary's counts say nothing about the filtered matches: probe first. Reading
    # whole windows (VERY_DENSE) only pays for one common word, not for phrases or several words.
    mode = Mode.SPARSE if cond else choose_mode(v.estimate, analysis.documents)
    if mode is Mode.VERY_DENSE and (analysis.clauses > 1 or v.has_phrase or analysis.excluded):
        mode = Mode.DENSE
    statement = _main_text(
        cond.where().as_string(None),
        cond.where_all().as_string(None),
        numbers=bool(numbers),
        text_=text_,
        phrase=bool(phrase_q) and text_,
        excluded=bool(analysis.excluded),
        mode=mode,
    )
    params: dict[str, Any] = {
        **rank.rank_params(),
        **restore_params(restore),
        **cond.params,
        "numbers": list(numbers),
        "qh": head,
        "qb": body,
        "qp": phrase_q,
        "qx": analysis.excluded,
        "q_lit": analysis.literal or head,
        "q_syn": analysis.synonyms if expanded else "",
        "q_hl": analysis.highlight or head,
        "hl_opts": highlight.OPTIONS,
        "hl_whole": highlight.OPTIONS_WHOLE,
        "pool": POOL,
        "pool_plus": POOL + 1,
        "windows": recency_windows(),
        "need": need,
        "phrase_checks": PHRASE_CHECKS,
        "limit": limit,
        "offset": offset,
    }
    rows = fetch(session, statement, params)
    first = rows[0]
    n1, n2 = int(first.n1), int(first.n2)
    head_complete = n1 <= POOL
    # The body tier ran (and saw everything) only when the head tier could not fill the page.
    body_complete = n2 < POOL and (not text_ or n1 < need)
    phrase_capped = bool(phrase_q) and n2 > PHRASE_CHECKS
    total = int(first.total)
    exact = head_complete and body_complete and not phrase_capped
    if not exact and first.estimate is not None:
        total = max(total, int(first.estimate))
    result = PassResult(total=total, exact=exact, facets=load_facets(first.facets))
    for row in rows:
        if row.id is None:
            continue
        cls = MatchClass(int(row.cls))
        score = float(row.score or 0)
        if relabel is not None and cls is not MatchClass.BILL_NUMBER:
            # One class for the whole pass; head-tier hits stay above body-tier hits within it.
            score = (0.5 + score / 2) if cls is MatchClass.HEAD else score / 2
            cls = relabel
        result.candidates.append(
            Candidate(
                id=row.id,
                match=cls,
                score=score,
                fields={"bill_number": row.bill_number, "title": row.title, "status": row.status,
                        "headline": _headline(row)},
            )
        )
    return result


def _fuzzy_pass(session: Session, parsed: ParsedQuery, cond: Conditions, *, limit: int) -> PassResult:
    words = fuzzy_words(parsed)
    if words is None:
        return PassResult()
    params = {**cond.params, "tq": words, "fuzzy_pool": FUZZY_POOL, "limit": limit}
    rows = fetch(session, _fuzzy_sql(cond), params)
    first = rows[0]
    result = PassResult(total=int(first.total), exact=True, facets=load_facets(first.facets))
    for row in rows:
        if row.id is None:
            continue
        result.candidates.append(
            Candidate(
                id=row.id,
                match=MatchClass.FUZZY,
                score=float(row.score or 0),
                fields={"bill_number": row.bill_number, "title": row.title, "status": row.status,
                        "headline": highlight.plain(row.summary_start)},
            )
        )
    return result


def _fallbacks(
    session: Session, parsed: ParsedQuery, analysis: Analysis, cond: Conditions, passes: list[PassResult], *, need: int
) -> str | None:
    """Fewer than FEW_RESULTS bills match every word: did you mean, most words, then trigram titles."""

    def corrected(fixed: Analysis) -> PassResult:
        return _text_pass(
            session, fixed, cond, numbers=(), need=need, limit=need, offset=0, relabel=MatchClass.CORRECTED,
            expanded=True,
        )

    def most_words() -> PassResult:
        return _text_pass(
            session, analysis, cond, numbers=(), need=need, limit=need, offset=0, relabel=MatchClass.MOST_WORDS,
            most=True, expanded=True,
        )

    return run_fallbacks(
        session, parsed, analysis, passes, corrected=corrected, most_words=most_words,
        fuzzy=lambda: _fuzzy_pass(session, parsed, cond, limit=need),
    )


def search_bills(
    session: Session,
    query: str,
    *,
    filters: SearchFilters | None = None,
    limit: int = 10,
    offset: int = 0,
    log: SearchLog | None = None,
) -> SearchPage[BillHit]:
    """Search bills; see the module docstring and docs/search.md.

    ``query`` is any text with a non-space character (else :class:`~chanuka_db.errors.InvalidInput`);
    ``filters`` narrow the bills; ``log`` receives an analytics row (fire and forget).
    """
    clock = Clock()
    parsed = parse(query)
    check_page(limit, offset)
    cond = bill_conditions(filters)
    need = offset + limit
    suggestion: str | None = None
    passes: list[PassResult] = []
    # The planner settings go in with the analysis and come back with the main statement: no round
    # trip of their own on the usual path; the rarer follow-up passes set and restore them again.
    analysis = analyze(session, parsed, settings=PLANNER_SETTINGS)
    first = PassResult()
    try:
        if parsed.bill_numbers or not analysis.empty:
            first = _text_pass(
                session, analysis, cond, numbers=parsed.bill_numbers, need=need, limit=need, offset=0,
                restore=analysis.previous,
            )
        else:
            restore_settings(session, analysis.previous)
    except BaseException:
        with contextlib.suppress(Exception):
            restore_settings(session, analysis.previous)
        raise
    expand = analysis.has_synonyms and first.total < need
    if expand or (first.total < FEW_RESULTS and parsed.clauses):
        with planner_settings(session):
            if expand:
                # The words as typed do not fill the page: match their synonyms too (ranked lower).
                first = _text_pass(
                    session, analysis, cond, numbers=parsed.bill_numbers, need=need, limit=need, offset=0,
                    expanded=True,
                )
            passes.append(first)
            suggestion = _fallbacks(session, parsed, analysis, cond, passes, need=need)
    else:
        passes.append(first)
    candidates, total, exact, facets = merge(passes)
    page = candidates[offset : offset + limit]
    hits = [
        BillHit(
            id=c.id,
            bill_number=str(c.fields["bill_number"]),
            title=str(c.fields["title"]),
            status=str(c.fields["status"]),
            rank=rank.rank_value(c.match, c.score),
            headline=str(c.fields["headline"]),
            match=c.match.label,
        )
        for c in page
    ]
    took = clock.ms()
    log_search(
        log,
        query=query,
        search_type="fuzzy" if any(c.match is MatchClass.FUZZY for c in page) else "fulltext",
        results=total,
        took_ms=took,
        metadata={"type": "bills", "total_exact": exact, "suggestion": suggestion, "offset": offset},
    )
    return SearchPage(
        query=parsed.text,
        total=total,
        hits=hits,
        facets=facets,
        suggestion=suggestion,
        total_exact=exact,
        limit=limit,
        offset=offset,
        took_ms=round(took, 3),
    )
