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

import contextlib
from collections.abc import Callable
from typing import Any

from psycopg import sql
from sqlalchemy.orm import Session

from chanuka_db.search import highlight, rank
from chanuka_db.search.analytics import SearchLog
from chanuka_db.search.analyze import Analysis, analyze
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
from chanuka_db.search.filters import Conditions, comment_conditions, sponsor_conditions
from chanuka_db.search.query import ParsedQuery, parse
from chanuka_db.search.rank import MatchClass
from chanuka_db.search.types import CommentHit, SearchFilters, SearchPage, SponsorHit, check_page

POOL = 1000

_SPONSOR_FACETS = facets_sql("scored", {"party": "party", "chamber": "chamber", "county": "county"})
_COMMENT_FACETS = facets_sql("scored", {"position": "position", "county": "user_county"})
_ABOUT = sql.SQL(
    "concat_ws(', ', s.name, s.position, s.constituency, initcap(replace(s.county::text, '_', ' ')), "
    "initcap(replace(s.party::text, '_', ' ')))"
)


def _sponsor_sql(cond: Conditions) -> sql.Composed:
    return sql.SQL(
        "WITH m AS MATERIALIZED (SELECT s.id, s.name, s.party, s.county, s.chamber, s.search_vector "
        "FROM sponsors s WHERE s.search_vector @@ CAST(%(qh)s AS tsquery){f} "
        "ORDER BY s.name, s.id LIMIT %(pool_plus)s), "
        "scored AS MATERIALIZED (SELECT m.id, m.name, m.party, m.county, m.chamber, {score} AS score "
        "FROM (SELECT m.*, {lit} AS lit FROM m LIMIT %(pool)s) m), "
        "page AS MATERIALIZED (SELECT * FROM scored ORDER BY score DESC, name, id LIMIT %(limit)s OFFSET %(offset)s) "
        "SELECT (SELECT count(*) FROM m) AS total, {facets} AS facets, {restore} AS restored, p.id, p.name, "
        "p.party::text AS party, p.county::text AS county, p.chamber::text AS chamber, p.score, "
        "ts_headline('chanuka_english', coalesce(s.bio, ''), CAST(%(q_hl)s AS tsquery), %(hl_opts)s) AS bio_hl, "
        "ts_headline('chanuka_simple', {about}, CAST(%(q_hl)s AS tsquery), %(hl_whole)s) AS about_hl "
        "FROM (SELECT 1) one LEFT JOIN (page p JOIN sponsors s ON s.id = p.id) ON true "
        "ORDER BY p.score DESC, p.name, p.id"
    ).format(
        f=cond.where(),
        lit=rank.literal_rank_sql(sql.SQL("m.search_vector")),
        score=rank.text_score_sql(sql.SQL("m.search_vector"), sql.SQL("m.lit")),
        facets=_SPONSOR_FACETS,
        about=_ABOUT,
        restore=RESTORE,
    )


def _sponsor_fuzzy_sql(cond: Conditions) -> sql.Composed:
    return sql.SQL(
        "WITH scored AS MATERIALIZED (SELECT s.id, s.name, s.party, s.county, s.chamber, "
        "word_similarity(%(tq)s, s.name) AS score FROM sponsors s WHERE CAST(%(tq)s AS text) <%% s.name{f} "
        "ORDER BY score DESC, s.name LIMIT %(fuzzy_pool)s), "
        "page AS (SELECT * FROM scored ORDER BY score DESC, name, id LIMIT %(limit)s) "
        "SELECT (SELECT count(*) FROM scored) AS total, {facets} AS facets, p.id, p.name, "
        "p.party::text AS party, p.county::text AS county, p.chamber::text AS chamber, p.score, "
        "NULL AS bio_hl, {about} AS about_hl "
        "FROM (SELECT 1) one LEFT JOIN (page p JOIN sponsors s ON s.id = p.id) ON true "
        "ORDER BY p.score DESC, p.name, p.id"
    ).format(f=cond.where(), facets=_SPONSOR_FACETS, about=_ABOUT)


def _comment_sql(cond: Conditions) -> sql.Composed:
    return sql.SQL(
        "WITH m AS MATERIALIZED (SELECT c.id, c.bill_id, c.position, c.user_county, c.created_at, "
        "c.upvote_count, c.downvote_count, c.search_vector FROM comments c "
        "WHERE c.search_vector @@ CAST(%(qh)s AS tsquery) AND c.moderation_status = 'approved'{f} "
        "ORDER BY c.created_at DESC LIMIT %(pool_plus)s), "
        "scored AS MATERIALIZED (SELECT m.id, m.bill_id, m.position, m.user_county, m.created_at, "
        "{score} * {boost} AS score FROM (SELECT m.*, {lit} AS lit FROM m LIMIT %(pool)s) m), "
        "page AS MATERIALIZED (SELECT * FROM scored ORDER BY score DESC, created_at DESC, id "
        "LIMIT %(limit)s OFFSET %(offset)s) "
        "SELECT (SELECT count(*) FROM m) AS total, {facets} AS facets, {restore} AS restored, p.id, p.bill_id, "
        "p.position::text AS position, p.created_at, p.score, "
        "ts_headline('chanuka_english', c.comment_text, CAST(%(q_hl)s AS tsquery), %(hl_opts)s) AS text_hl "
        "FROM (SELECT 1) one LEFT JOIN (page p JOIN comments c ON c.id = p.id) ON true "
        "ORDER BY p.score DESC, p.created_at DESC, p.id"
    ).format(
        f=cond.where(),
        lit=rank.literal_rank_sql(sql.SQL("m.search_vector")),
        score=rank.text_score_sql(sql.SQL("m.search_vector"), sql.SQL("m.lit")),
        boost=rank.comment_boost_sql("m"),
        facets=_COMMENT_FACETS,
        restore=RESTORE,
    )


def _params(analysis: Analysis, cond: Conditions, *, most: bool, limit: int, expanded: bool) -> dict[str, Any]:
    v = analysis.variant(expanded=expanded)
    head = v.most_head if most else v.head
    return {
        **rank.rank_params(),
        **restore_params(None),
        **cond.params,
        "qh": head,
        "q_lit": analysis.literal or head,
        "q_syn": analysis.synonyms if expanded else "",
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
    session: Session, statement: sql.Composed, params: dict[str, Any], make: RowMaker, cls: MatchClass
) -> PassResult:
    rows = fetch(session, statement, params)
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
    main_sql: Callable[[Conditions], sql.Composed],
    make: RowMaker,
    fuzzy_sql: Callable[[Conditions], sql.Composed] | None,
) -> tuple[list[PassResult], str | None]:
    """All-words (typed, then with synonyms when few), then did-you-mean, most-words and fuzzy passes.

    As for bills, the planner settings go in with the analysis and come back with the first pass;
    follow-up passes set and restore them again.
    """
    passes: list[PassResult] = []
    analysis = analyze(session, parsed, settings=PLANNER_SETTINGS)
    statement = main_sql(cond)
    first = PassResult()
    try:
        if analysis.empty:
            restore_settings(session, analysis.previous)
        else:
            params = _params(analysis, cond, most=False, limit=need, expanded=False)
            first = _pass(session, statement, {**params, **restore_params(analysis.previous)}, make, MatchClass.HEAD)
    except BaseException:
        with contextlib.suppress(Exception):
            restore_settings(session, analysis.previous)
        raise
    expand = analysis.has_synonyms and first.total < need
    if not (expand or (first.total < FEW_RESULTS and parsed.clauses)):
        return [first] if not analysis.empty else [], None
    with planner_settings(session):
        if expand:
            params = _params(analysis, cond, most=False, limit=need, expanded=True)
            first = _pass(session, statement, params, make, MatchClass.HEAD)
        if not analysis.empty:
            passes.append(first)
        suggestion = _fallbacks(session, parsed, analysis, cond, passes, statement, make, fuzzy_sql, need=need)
    return passes, suggestion


def _fallbacks(
    session: Session,
    parsed: ParsedQuery,
    analysis: Analysis,
    cond: Conditions,
    passes: list[PassResult],
    statement: sql.Composed,
    make: RowMaker,
    fuzzy_sql: Callable[[Conditions], sql.Composed] | None,
    *,
    need: int,
) -> str | None:
    def corrected(fixed: Analysis) -> PassResult:
        params = _params(fixed, cond, most=False, limit=need, expanded=True)
        return _pass(session, statement, params, make, MatchClass.CORRECTED)

    def most_words() -> PassResult:
        params = _params(analysis, cond, most=True, limit=need, expanded=True)
        return _pass(session, statement, params, make, MatchClass.MOST_WORDS)

    def fuzzy() -> PassResult:
        words = fuzzy_words(parsed)
        if words is None or fuzzy_sql is None:
            return PassResult()
        params = {**cond.params, "tq": words, "fuzzy_pool": FUZZY_POOL, "limit": need}
        return _pass(session, fuzzy_sql(cond), params, make, MatchClass.FUZZY)

    return run_fallbacks(
        session, parsed, analysis, passes, corrected=corrected, most_words=most_words,
        fuzzy=fuzzy if fuzzy_sql is not None else None,
    )


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
