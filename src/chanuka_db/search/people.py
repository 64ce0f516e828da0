"""Sponsor and comment search: one full-text tier each, with the same fallbacks as bills.

- Sponsors (a few hundred to a few thousand rows): ``sponsors.search_vector`` holds the name (A,
  English and ``simple``), constituency, county, party and position (B) and the bio (C). Fuzzy
  fallback: pg_trgm word similarity of the name (``Wetangula`` finds ``Wetang'ula``).
- Comments: ``comments.search_vector`` (the text); only ``approved`` comments are searched. With a
  bill filter the ``(bill_id, search_vector)`` GIN index answers "comments on this bill about X"
  alone. When more than :data:`POOL` comments match, the newest :data:`POOL` are scored.

Ranking: ``ts_rank_cd`` with the literal/synonym split of :mod:`.rank`; comments get the recency and
net-upvote boost. Ties: sponsor name / newest comment, then id.
"""

from __future__ import annotations

from collections.abc import Callable
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
from chanuka_db.search.filters import Conditions, comment_conditions, sponsor_conditions
from chanuka_db.search.query import ParsedQuery, parse
from chanuka_db.search.rank import MatchClass
from chanuka_db.search.suggestions import did_you_mean
from chanuka_db.search.types import CommentHit, SearchFilters, SearchPage, SponsorHit, check_page

POOL = 1000
FEW_RESULTS = 3
FUZZY_POOL = 50

_SPONSOR_FACETS = facets_sql("scored", {"party": "party::text", "chamber": "chamber::text", "county": "county::text"})
_COMMENT_FACETS = facets_sql("scored", {"position": "position::text", "county": "user_county::text"})


def _sponsor_sql(cond: Conditions) -> str:
    score = rank.text_score_sql("m.search_vector")
    return (
        "WITH m AS MATERIALIZED (SELECT s.id, s.name, s.party, s.county, s.chamber, s.search_vector "
        f"FROM sponsors s WHERE s.search_vector @@ CAST(:qh AS tsquery){cond.where()} "
        "ORDER BY s.name, s.id LIMIT :pool_plus), "
        f"scored AS MATERIALIZED (SELECT m.id, m.name, m.party, m.county, m.chamber, {score} AS score "
        "FROM (SELECT * FROM m LIMIT :pool) m), "
        "page AS MATERIALIZED (SELECT * FROM scored ORDER BY score DESC, name, id LIMIT :limit OFFSET :offset) "
        f"SELECT (SELECT count(*) FROM m) AS total, ({_SPONSOR_FACETS}) AS facets, p.id, p.name, "
        "p.party::text AS party, p.county::text AS county, p.chamber::text AS chamber, p.score, "
        "ts_headline('chanuka_english', coalesce(s.bio, ''), CAST(:q_hl AS tsquery), :hl_opts) AS bio_hl, "
        "ts_headline('chanuka_simple', concat_ws(', ', s.name, s.position, s.constituency, "
        "initcap(replace(s.county::text, '_', ' ')), initcap(replace(s.party::text, '_', ' '))), "
        "CAST(:q_hl AS tsquery), :hl_whole) AS about_hl "
        "FROM (SELECT 1) one LEFT JOIN (page p JOIN sponsors s ON s.id = p.id) ON true "
        "ORDER BY p.score DESC, p.name, p.id"
    )


def _sponsor_fuzzy_sql(cond: Conditions) -> str:
    return (
        "WITH scored AS MATERIALIZED (SELECT s.id, s.name, s.party, s.county, s.chamber, "
        f"word_similarity(:tq, s.name) AS score FROM sponsors s WHERE CAST(:tq AS text) <% s.name{cond.where()} "
        "ORDER BY score DESC, s.name LIMIT :fuzzy_pool), "
        "page AS (SELECT * FROM scored ORDER BY score DESC, name, id LIMIT :limit) "
        f"SELECT (SELECT count(*) FROM scored) AS total, ({_SPONSOR_FACETS}) AS facets, p.id, p.name, "
        "p.party::text AS party, p.county::text AS county, p.chamber::text AS chamber, p.score, "
        "NULL AS bio_hl, concat_ws(', ', s.name, s.position, s.constituency, "
        "initcap(replace(s.county::text, '_', ' ')), initcap(replace(s.party::text, '_', ' '))) AS about_hl "
        "FROM (SELECT 1) one LEFT JOIN (page p JOIN sponsors s ON s.id = p.id) ON true "
        "ORDER BY p.score DESC, p.name, p.id"
    )


def _comment_sql(cond: Conditions) -> str:
    score = rank.text_score_sql("m.search_vector")
    boost = rank.comment_boost_sql("m")
    return (
        "WITH m AS MATERIALIZED (SELECT c.id, c.bill_id, c.position, c.user_county, c.created_at, "
        "c.upvote_count, c.downvote_count, c.search_vector FROM comments c "
        f"WHERE c.search_vector @@ CAST(:qh AS tsquery) AND c.moderation_status = 'approved'{cond.where()} "
        "ORDER BY c.created_at DESC LIMIT :pool_plus), "
        "scored AS MATERIALIZED (SELECT m.id, m.bill_id, m.position, m.user_county, m.created_at, "
        f"{score} * {boost} AS score FROM (SELECT * FROM m LIMIT :pool) m), "
        "page AS MATERIALIZED (SELECT * FROM scored ORDER BY score DESC, created_at DESC, id "
        "LIMIT :limit OFFSET :offset) "
        f"SELECT (SELECT count(*) FROM m) AS total, ({_COMMENT_FACETS}) AS facets, p.id, p.bill_id, "
        "p.position::text AS position, p.created_at, p.score, "
        "ts_headline('chanuka_english', c.comment_text, CAST(:q_hl AS tsquery), :hl_opts) AS text_hl "
        "FROM (SELECT 1) one LEFT JOIN (page p JOIN comments c ON c.id = p.id) ON true "
        "ORDER BY p.score DESC, p.created_at DESC, p.id"
    )


def _params(analysis: Analysis, cond: Conditions, *, most: bool, limit: int) -> dict[str, Any]:
    head = analysis.most_head if most else analysis.head
    return {
        **cond.params,
        "qh": head,
        "q_lit": analysis.literal or head,
        "q_syn": analysis.synonyms,
        "q_hl": analysis.highlight or head,
        "hl_opts": highlight.OPTIONS,
        "hl_whole": highlight.OPTIONS_WHOLE,
        "pool": POOL,
        "pool_plus": POOL + 1,
        "limit": limit,
        "offset": 0,
    }


RowMaker = Callable[[Any, MatchClass], Candidate]


def _pass(
    session: Session, sql: str, params: dict[str, Any], make: RowMaker, cls: MatchClass
) -> PassResult:
    rows = session.execute(sql_text(sql), params).all()
    first = rows[0]
    total = int(first.total)
    result = PassResult(total=min(total, POOL), exact=total <= POOL, facets=load_facets(first.facets))
    result.candidates = [make(row, cls) for row in rows if row.id is not None]
    return result


def _run(
    session: Session,
    parsed: ParsedQuery,
    cond: Conditions,
    *,
    need: int,
    main_sql: Callable[[Conditions], str],
    make: RowMaker,
    fuzzy_sql: Callable[[Conditions], str] | None,
) -> tuple[list[PassResult], str | None]:
    """All-words, then (when few) did-you-mean, most-words and fuzzy passes."""
    passes: list[PassResult] = []
    suggestion: str | None = None
    with planner_settings(session):
        analysis = analyze(session, parsed)
        sql = main_sql(cond)
        if not analysis.empty:
            passes.append(_pass(session, sql, _params(analysis, cond, most=False, limit=need), make, MatchClass.HEAD))
        found = sum(p.total for p in passes)
        if found >= FEW_RESULTS or not parsed.clauses:
            return passes, suggestion
        correction = did_you_mean(session, parsed.text)
        if correction is not None:
            corrected = analyze(session, parse(correction.query))
            if not corrected.empty:
                p = _pass(session, sql, _params(corrected, cond, most=False, limit=need), make, MatchClass.CORRECTED)
                if p.total:
                    suggestion = correction.query
                    passes.append(p)
                    found += p.total
        if found < FEW_RESULTS and analysis.can_relax:
            p = _pass(session, sql, _params(analysis, cond, most=True, limit=need), make, MatchClass.MOST_WORDS)
            passes.append(p)
            found += p.total
        if found == 0 and fuzzy_sql is not None:
            words = " ".join(u.text for u in parsed.positive_units)[:200]
            if len(words.strip()) >= 3:
                params = {**cond.params, "tq": words, "fuzzy_pool": FUZZY_POOL, "limit": need}
                passes.append(_pass(session, fuzzy_sql(cond), params, make, MatchClass.FUZZY))
    return passes, suggestion


def _sponsor_row(row: Any, cls: MatchClass) -> Candidate:
    if row.bio_hl and highlight.has_mark(row.bio_hl):
        headline = highlight.render(row.bio_hl)
    elif highlight.has_mark(row.about_hl):
        headline = highlight.render(row.about_hl)
    else:
        headline = highlight.plain(row.about_hl)
    return Candidate(
        id=row.id,
        match=cls,
        score=float(row.score or 0),
        fields={"name": row.name, "party": row.party, "county": row.county, "chamber": row.chamber,
                "headline": headline},
    )


def _comment_row(row: Any, cls: MatchClass) -> Candidate:
    headline = highlight.render(row.text_hl) if highlight.has_mark(row.text_hl) else highlight.plain(row.text_hl)
    return Candidate(
        id=row.id,
        match=cls,
        score=float(row.score or 0),
        fields={"bill_id": row.bill_id, "position": row.position, "created_at": row.created_at,
                "headline": headline},
    )


def search_sponsors(
    session: Session,
    query: str,
    *,
    filters: SearchFilters | None = None,
    limit: int = 10,
    offset: int = 0,
    log: SearchLog | None = None,
) -> SearchPage[SponsorHit]:
    """Search sponsors (MPs, senators, MCAs) by name, constituency, county, party, position and bio."""
    clock = Clock()
    parsed = parse(query)
    check_page(limit, offset)
    cond = sponsor_conditions(filters)
    passes, suggestion = _run(
        session, parsed, cond, need=offset + limit, main_sql=_sponsor_sql, make=_sponsor_row,
        fuzzy_sql=_sponsor_fuzzy_sql,
    )
    candidates, total, exact, facets = merge(passes)
    hits = [
        SponsorHit(
            id=c.id,
            name=str(c.fields["name"]),
            party=c.fields["party"],
            county=c.fields["county"],
            chamber=str(c.fields["chamber"]),
            rank=rank.rank_value(c.match, c.score),
            headline=str(c.fields["headline"]),
            match=c.match.label,
        )
        for c in candidates[offset : offset + limit]
    ]
    took = clock.ms()
    log_search(log, query=query, search_type=_search_type(candidates), results=total, took_ms=took,
               metadata={"type": "sponsors", "total_exact": exact, "suggestion": suggestion})
    return SearchPage(query=parsed.text, total=total, hits=hits, facets=facets, suggestion=suggestion,
                      total_exact=exact, limit=limit, offset=offset, took_ms=round(took, 3))


def search_comments(
    session: Session,
    query: str,
    *,
    filters: SearchFilters | None = None,
    limit: int = 10,
    offset: int = 0,
    log: SearchLog | None = None,
) -> SearchPage[CommentHit]:
    """Search approved comments; ``filters.bill_id`` keeps one bill's comments (the usual case)."""
    clock = Clock()
    parsed = parse(query)
    check_page(limit, offset)
    cond = comment_conditions(filters)
    passes, suggestion = _run(
        session, parsed, cond, need=offset + limit, main_sql=_comment_sql, make=_comment_row, fuzzy_sql=None
    )
    candidates, total, exact, facets = merge(passes)
    hits = [
        CommentHit(
            id=c.id,
            bill_id=c.fields["bill_id"],
            position=c.fields["position"],
            created_at=c.fields["created_at"],
            rank=rank.rank_value(c.match, c.score),
            headline=str(c.fields["headline"]),
            match=c.match.label,
        )
        for c in candidates[offset : offset + limit]
    ]
    took = clock.ms()
    log_search(log, query=query, search_type=_search_type(candidates), results=total, took_ms=took,
               metadata={"type": "comments", "total_exact": exact, "suggestion": suggestion,
                         "bill_id": str(filters.bill_id) if filters and filters.bill_id else None})
    return SearchPage(query=parsed.text, total=total, hits=hits, facets=facets, suggestion=suggestion,
                      total_exact=exact, limit=limit, offset=offset, took_ms=round(took, 3))


def _search_type(candidates: list[Candidate]) -> str:
    return "fuzzy" if candidates and all(c.match is MatchClass.FUZZY for c in candidates) else "fulltext"
