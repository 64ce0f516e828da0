"""Bill search: exact bill numbers, a two-tier full-text match, fallbacks, facets and highlights.

One search is a few round trips (docs/search.md has the measurements):

1. :func:`~chanuka_db.search.analyze.analyze`: lexemes and synonyms of the query.
2. The main statement, over a *candidate pool* of at most :data:`POOL` bills:

   - tier 0: bills whose number the query names (unique index);
   - tier 1 (head): bills whose small ``search_head`` vector (title, number, summary, tags,
     category) matches. When more than :data:`POOL` do, the pool keeps the :data:`POOL` most recent
     and engaged ones, found by walking the ``chanuka_bill_static_rank`` index (or by a bitmap scan
     and a top-N sort when the planner's statistics say the word is rarer): the cost of a common word
     is bounded instead of growing with its frequency;
   - tier 2 (body): only when tier 1 has room, bills whose words are in the full text, found by the
     GIN index on ``search_vector`` with the relaxed (phrase-free) query, which the index answers
     without reading any vector; for a phrase, at most :data:`PHRASE_CHECKS` of them are read to
     check the phrase.

   Candidates are scored (:mod:`.rank`), counted per facet, and the requested page gets its
   ``ts_headline`` snippet (summary for tier 1, full text for tier 2).
3. Only when the pool was full: PostgreSQL's row estimate for the total (``total_exact`` False).
4. Only when fewer than :data:`FEW_RESULTS` bills match every word: the did-you-mean query, the
   most-words query and the trigram similarity of titles, in that order, appended below.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import uuid
from enum import StrEnum
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from chanuka_db.search import highlight, rank
from chanuka_db.search.analyze import Analysis, analyze
from chanuka_db.search.analytics import SearchLog
from chanuka_db.search.common import (
    Candidate,
    Clock,
    PassResult,
    facets_sql,
    load_facets,
    log_search,
    merge,
    planner_settings,
    sql_text,
)
from chanuka_db.search.filters import Conditions, bill_conditions
from chanuka_db.search.query import ParsedQuery, parse
from chanuka_db.search.rank import MatchClass
from chanuka_db.search.suggestions import did_you_mean
from chanuka_db.search.types import BillHit, SearchFilters, SearchPage, check_page

#: Most candidates scored per search (per tier).
POOL = 300
#: Most body-tier candidates whose full vector is read to check a phrase.
PHRASE_CHECKS = 200
#: Fewer all-words matches than this start the fallbacks (did you mean, most words, trigram).
FEW_RESULTS = 3
#: Most fuzzy (trigram) title matches considered.
FUZZY_POOL = 50

_FACETS = facets_sql(
    "scored", {"status": "status::text", "chamber": "chamber::text", "category": "category"},
    {"county": "counties"},
)
#: What the pool keeps of each candidate: facet fields, tie-break fields, and what scoring needs.
_COLUMNS = (
    "b.id, b.bill_number, b.status, b.chamber, b.category, b.affected_counties AS counties, "
    "b.introduced_date, b.last_action_date, b.engagement_score"
)
#: Recency windows, newest first, in months (each window one GIN lookup): about 12 years in all.
RECENCY_WINDOWS = (2, 2, 3, 5, 12, 24, 48, 48)
#: A word in more than this share of the bills is matched by reading whole recency windows.
VERY_DENSE_SHARE = 0.25


class Mode(StrEnum):
    """How the head tier gathers its candidates (chosen from the vocabulary's document counts)."""

    SPARSE = "sparse"  # one GIN lookup of the words: every match (overflow falls back to DENSE)
    DENSE = "dense"  # per recency window, newest first: one GIN lookup of "words AND window"
    VERY_DENSE = "very_dense"  # per window: GIN lookup of the window, words checked on the in-line vector


def recency_windows(today: dt.date | None = None) -> list[str]:
    """The tsqueries of the recency windows, newest first (``'~r202612' | '~r202611'``...), then undated.

    Revision 0101 puts one lexeme in every bill's vectors for the month of its last action (or of
    its introduction), so "matches of X in these months" is a GIN lookup like any word. The windows
    grow (2, 2, 3, 5, 12... months) so a common word fills the pool from the first one or two, and a
    rarer one needs few lookups to reach back twelve years.
    """
    return list(_windows(today or dt.date.today()))


@functools.lru_cache(maxsize=4)
def _windows(day: dt.date) -> tuple[str, ...]:
    month = day.year * 12 + day.month  # the month after today's, so a bill acted on today is included
    out: list[str] = []
    for size in RECENCY_WINDOWS:
        months = range(month, month - size, -1)
        out.append(" | ".join(f"'~r{m // 12}{m % 12 + 1:02d}'" for m in months))
        month -= size
    out.append("'~rnone'")
    return tuple(out)


def choose_mode(estimate: int, bills: float) -> Mode:
    """SPARSE when at most :data:`POOL` bills probably match, VERY_DENSE above :data:`VERY_DENSE_SHARE`."""
    if estimate <= POOL:
        return Mode.SPARSE
    if bills > 0 and estimate > VERY_DENSE_SHARE * bills:
        return Mode.VERY_DENSE
    return Mode.DENSE


def _buckets_sql(f: str, mode: Mode) -> str:
    if mode is Mode.VERY_DENSE:
        # ts_match_vq() is the @@ operator as a function: not an index condition, so the GIN lookup is
        # the month's alone and the (common) words are checked on each row's in-line head vector.
        match = "b.search_head @@ k.q AND ts_match_vq(b.search_head, CAST(:qh AS tsquery))"
    else:
        match = "b.search_head @@ (CAST(:qh AS tsquery) && k.q)"
    gate = "" if mode is not Mode.SPARSE else "WHERE (SELECT count(*) FROM t1p) > :pool "
    return (
        "t1d AS MATERIALIZED (SELECT x.* FROM unnest(CAST(:buckets AS tsquery[])) WITH ORDINALITY AS k(q, ord) "
        f"CROSS JOIN LATERAL (SELECT {_COLUMNS}, b.search_head FROM bills b WHERE {match}{f} LIMIT :pool) x "
        f"{gate}LIMIT :pool_plus)"
    )


def _main_sql(cond: Conditions, *, numbers: bool, text_: bool, phrase: bool, excluded: bool, mode: Mode) -> str:
    f = cond.where()
    ctes: list[str] = []
    tiers: list[str] = []
    if numbers:
        ctes.append(
            f"t0 AS MATERIALIZED (SELECT {_COLUMNS}, NULL::tsvector AS search_head FROM bills b "
            f"WHERE b.bill_number = ANY(CAST(:numbers AS text[])){f})"
        )
        tiers.append(f"SELECT {int(MatchClass.BILL_NUMBER)} AS cls, t0.* FROM t0")
    if text_:
        # Tier 1 (title, number, summary, tags, category): see Mode.
        if mode is Mode.SPARSE:
            ctes.append(
                f"t1p AS MATERIALIZED (SELECT {_COLUMNS}, b.search_head FROM bills b "
                f"WHERE b.search_head @@ CAST(:qh AS tsquery){f} LIMIT :pool_plus)"
            )
        else:
            ctes.append(f"t1p AS (SELECT {_COLUMNS}, b.search_head FROM bills b WHERE false)")
        ctes.append(_buckets_sql(f, mode))
        ctes.append(
            "t1 AS (SELECT * FROM t1p WHERE (SELECT count(*) FROM t1p) <= :pool "
            "UNION ALL SELECT * FROM (SELECT * FROM t1d LIMIT :pool) d)"
        )
        # Tier 2, only when tier 1 cannot fill the page: full-text-only matches.
        exclude = " AND NOT (b.search_head @@ CAST(:qx AS tsquery))" if excluded else ""
        gate = "(SELECT count(*) FROM t1p) + (SELECT count(*) FROM t1d) < :need"
        ctes.append(
            f"t2c AS MATERIALIZED (SELECT {_COLUMNS}, NULL::tsvector AS search_head FROM bills b "
            f"WHERE {gate} AND b.search_vector @@ CAST(:qb AS tsquery){f} "
            f"AND NOT (b.search_head @@ CAST(:qh AS tsquery)){exclude} LIMIT :pool)"
        )
        if phrase:
            ctes.append(
                "t2 AS MATERIALIZED (SELECT c.* FROM (SELECT * FROM t2c LIMIT :phrase_checks) c "
                "JOIN bills v ON v.id = c.id WHERE v.search_vector @@ CAST(:qp AS tsquery))"
            )
        else:
            ctes.append("t2 AS (SELECT * FROM t2c)")
        not_number = " WHERE id NOT IN (SELECT id FROM t0)" if numbers else ""
        tiers.append(f"SELECT {int(MatchClass.HEAD)} AS cls, t1.* FROM t1{not_number}")
        tiers.append(f"SELECT {int(MatchClass.BODY)} AS cls, t2.* FROM t2{not_number}")
    text_score = rank.text_score_sql("p.search_head")
    boost = rank.bill_boost_sql("p")
    ctes.append("best AS (" + " UNION ALL ".join(tiers) + ")")
    ctes.append(
        "scored AS MATERIALIZED (SELECT p.id, p.cls, p.bill_number, p.status, p.chamber, p.category, "
        "p.counties, p.introduced_date, "
        f"(CASE p.cls WHEN {int(MatchClass.HEAD)} THEN {text_score} "
        f"WHEN {int(MatchClass.BILL_NUMBER)} THEN 1.0 ELSE 0.5 END) * {boost} AS score FROM best p)"
    )
    ctes.append(
        "page AS MATERIALIZED (SELECT * FROM scored "
        "ORDER BY cls DESC, score DESC, introduced_date DESC NULLS LAST, bill_number LIMIT :limit OFFSET :offset)"
    )
    n1 = "(SELECT count(*) FROM t1p) + (SELECT count(*) FROM t1d)" if text_ else "0"
    n2 = "(SELECT count(*) FROM t2c)" if text_ else "0"
    headline = (
        f"CASE WHEN p.cls = {int(MatchClass.BODY)} THEN ts_headline('chanuka_english', coalesce(b.full_text, ''), "
        "CAST(:q_hl AS tsquery), :hl_opts) END AS body_hl, "
        "ts_headline('chanuka_english', coalesce(b.summary, ''), CAST(:q_hl AS tsquery), :hl_opts) AS summary_hl, "
        "ts_headline('chanuka_english', b.title, CAST(:q_hl AS tsquery), :hl_whole) AS title_hl, "
        "left(b.summary, 400) AS summary_start"
        if text_
        else "NULL AS body_hl, NULL AS summary_hl, NULL AS title_hl, left(b.summary, 400) AS summary_start"
    )
    return (
        "WITH "
        + ",\n".join(ctes)
        + f"\nSELECT (SELECT count(*) FROM scored) AS total, {n1} AS n1, {n2} AS n2, ({_FACETS}) AS facets, "
        "p.id, p.cls, p.bill_number, b.title, p.status::text AS status, p.score, p.introduced_date, "
        + headline
        + "\nFROM (SELECT 1) one LEFT JOIN (page p JOIN bills b ON b.id = p.id) ON true "
        "ORDER BY p.cls DESC, p.score DESC, p.introduced_date DESC NULLS LAST, p.bill_number"
    )


def _fuzzy_sql(cond: Conditions) -> str:
    f = cond.where()
    return (
        f"WITH scored AS MATERIALIZED (SELECT {_COLUMNS}, b.title, word_similarity(:tq, b.title) AS score FROM bills b "
        f"WHERE CAST(:tq AS text) <% b.title{f} ORDER BY score DESC, b.bill_number LIMIT :fuzzy_pool), "
        "page AS (SELECT * FROM scored ORDER BY score DESC, introduced_date DESC NULLS LAST, bill_number "
        "LIMIT :limit) "
        f"SELECT (SELECT count(*) FROM scored) AS total, ({_FACETS}) AS facets, p.id, p.bill_number, p.title, "
        "p.status::text AS status, p.score, p.introduced_date, left(b.summary, 400) AS summary_start "
        "FROM (SELECT 1) one LEFT JOIN (page p JOIN bills b ON b.id = p.id) ON true "
        "ORDER BY p.score DESC, p.introduced_date DESC NULLS LAST, p.bill_number"
    )


def _headline(row: Any) -> str:
    if row.body_hl and highlight.has_mark(row.body_hl):
        return highlight.render(row.body_hl)
    if row.summary_hl and highlight.has_mark(row.summary_hl):
        return highlight.render(row.summary_hl)
    if row.title_hl and highlight.has_mark(row.title_hl):
        return highlight.render(row.title_hl)
    return highlight.plain(row.summary_start)


def _estimate(session: Session, cond: Conditions, query: str) -> int:
    """PostgreSQL's estimate of the number of bills matching ``query`` (from the tsvector statistics)."""
    sql = text(
        "EXPLAIN (FORMAT JSON) SELECT 1 FROM bills b WHERE b.search_vector @@ CAST(:qb AS tsquery)" + cond.where()
    )
    plan = session.execute(sql, {"qb": query, **cond.params}).scalar()
    data = json.loads(plan) if isinstance(plan, str) else plan
    try:
        return int(data[0]["Plan"]["Plan Rows"])
    except (KeyError, IndexError, TypeError, ValueError):
        return 0


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
) -> PassResult:
    head = analysis.most_head if most else analysis.head
    body = analysis.most_body if most else analysis.body
    phrase_q = (analysis.most_head if most else analysis.phrase) if analysis.has_phrase else ""
    text_ = bool(head)
    if not text_ and not numbers:
        return PassResult()
    if most and analysis.excluded:
        phrase_q = ""  # most-words with exclusions: the phrase check would re-apply them; relaxed is enough
    # With filters the vocabulary's counts say nothing about the filtered matches: probe first. Reading
    # whole windows (VERY_DENSE) only pays for one common word, not for phrases or several words.
    mode = Mode.SPARSE if cond.sql else choose_mode(analysis.estimate, analysis.documents)
    if mode is Mode.VERY_DENSE and (analysis.clauses > 1 or analysis.has_phrase or analysis.excluded):
        mode = Mode.DENSE
    sql = _main_sql(
        cond, numbers=bool(numbers), text_=text_, phrase=bool(phrase_q) and text_, excluded=bool(analysis.excluded),
        mode=mode,
    )
    params: dict[str, Any] = {
        **cond.params,
        "numbers": list(numbers),
        "qh": head,
        "qb": body,
        "qp": phrase_q,
        "qx": analysis.excluded,
        "q_lit": analysis.literal or head,
        "q_syn": analysis.synonyms,
        "q_hl": analysis.highlight or head,
        "hl_opts": highlight.OPTIONS,
        "hl_whole": highlight.OPTIONS_WHOLE,
        "pool": POOL,
        "pool_plus": POOL + 1,
        "buckets": recency_windows(),
        "need": need,
        "phrase_checks": PHRASE_CHECKS,
        "limit": limit,
        "offset": offset,
    }
    rows = session.execute(sql_text(sql), params).all()
    first = rows[0]
    n1, n2 = int(first.n1), int(first.n2)
    head_complete = n1 <= POOL
    # The body tier ran (and saw everything) only when the head tier could not fill the page.
    body_complete = n2 < POOL and (not text_ or n1 < need)
    phrase_capped = bool(phrase_q) and n2 > PHRASE_CHECKS
    total = int(first.total)
    exact = head_complete and body_complete and not phrase_capped
    if not exact and body:
        total = max(total, _estimate(session, cond, body))
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
    words = " ".join(u.text for u in parsed.positive_units)[:200]
    if len(words.strip()) < 3:
        return PassResult()
    params = {**cond.params, "tq": words, "fuzzy_pool": FUZZY_POOL, "limit": limit}
    rows = session.execute(sql_text(_fuzzy_sql(cond)), params).all()
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
    with planner_settings(session):
        analysis = analyze(session, parsed)
        if parsed.bill_numbers or not analysis.empty:
            passes.append(
                _text_pass(session, analysis, cond, numbers=parsed.bill_numbers, need=need, limit=need, offset=0)
            )
        found = sum(p.total for p in passes)
        if found < FEW_RESULTS and parsed.clauses:
            correction = did_you_mean(session, parsed.text)
            if correction is not None:
                corrected = analyze(session, parse(correction.query))
                if not corrected.empty:
                    p = _text_pass(
                        session, corrected, cond, numbers=(), need=need, limit=need, offset=0,
                        relabel=MatchClass.CORRECTED,
                    )
                    if p.total:
                        suggestion = correction.query
                        passes.append(p)
                        found += p.total
            if found < FEW_RESULTS and analysis.can_relax:
                p = _text_pass(
                    session, analysis, cond, numbers=(), need=need, limit=need, offset=0,
                    relabel=MatchClass.MOST_WORDS, most=True,
                )
                passes.append(p)
                found += p.total
            if found == 0:
                passes.append(_fuzzy_pass(session, parsed, cond, limit=need))
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


def bill_ids(page: SearchPage[BillHit]) -> list[uuid.UUID]:
    """The ids of a page's hits, in order."""
    return [h.id for h in page.hits]
