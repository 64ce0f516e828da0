"""Plumbing shared by the bill, sponsor and comment searches: statements, planner settings, facets, merging.

Every statement of the search package is a :mod:`psycopg.sql` composition of constant text and
identifiers, and every value travels as a ``%(name)s`` parameter. Statements run on the psycopg
connection under the caller's SQLAlchemy session, so they share its transaction, without
SQLAlchemy's per-statement overhead (a search is a few statements of a millisecond or so).
"""

from __future__ import annotations

import contextlib
import json
import time
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

import psycopg
from psycopg import sql
from psycopg.rows import namedtuple_row
from sqlalchemy.orm import Session

from chanuka_db.search.analytics import SearchLog, SearchRecord
from chanuka_db.search.rank import MatchClass

#: Planner settings for the search statements, set for the statements only (transaction-local,
#: restored afterwards): a sequential scan that evaluates ``@@`` on every row would read (de-TOAST)
#: the full text vectors; with an index on every searched vector, the index paths are always right.
PLANNER_SETTINGS = {"enable_seqscan": "off", "plan_cache_mode": "force_generic_plan"}

_SET = sql.SQL(
    "SELECT name, current_setting(name, true) AS before, set_config(name, value, true) "
    "FROM unnest(CAST(%(names)s AS text[]), CAST(%(values)s AS text[])) AS s(name, value)"
)
_RESTORE = sql.SQL(
    "SELECT set_config(name, value, true) FROM unnest(CAST(%(names)s AS text[]), CAST(%(values)s AS text[])) "
    "AS s(name, value)"
)


#: A scalar subquery restoring planner settings at run time (``%(restore_names)s``/``%(restore_values)s``,
#: possibly empty): part of a search's main statement, so the restore costs no round trip of its own.
RESTORE = sql.SQL(
    "(SELECT count(set_config(r.name, r.value, true)) "
    "FROM unnest(CAST(%(restore_names)s AS text[]), CAST(%(restore_values)s AS text[])) AS r(name, value))"
)


def restore_params(previous: Mapping[str, str] | None) -> dict[str, list[str]]:
    """The parameters of :data:`RESTORE` for ``previous`` settings (nothing to restore when None)."""
    previous = previous or {}
    return {"restore_names": list(previous), "restore_values": list(previous.values())}


def restore_settings(session: Session, previous: Mapping[str, str] | None) -> None:
    """Restore ``previous`` planner settings now (a round trip; only when no statement did it)."""
    if previous:
        fetch(session, _RESTORE, {"names": list(previous), "values": list(previous.values())})


def connection(session: Session) -> psycopg.Connection[Any]:
    """The psycopg connection of ``session`` (in its transaction)."""
    return cast(psycopg.Connection[Any], session.connection().connection.driver_connection)


def fetch(
    session: Session, statement: str | sql.SQL | sql.Composed, params: Mapping[str, Any] | None = None
) -> list[Any]:
    """Run ``statement`` (a composition, or the text of one) in the session's transaction; named-tuple rows."""
    with connection(session).cursor(row_factory=namedtuple_row) as cur:
        cur.execute(statement, params)
        return cur.fetchall() if cur.description is not None else []


@contextlib.contextmanager
def planner_settings(session: Session, settings: dict[str, str] | None = None) -> Iterator[None]:
    """Apply ``settings`` (default :data:`PLANNER_SETTINGS`) for the block, then restore the previous values.

    The settings are transaction-local (``set_config(..., true)``): when the block fails, the
    caller's rollback discards them; restoring is attempted anyway, never hiding the first error.
    """
    wanted = settings or PLANNER_SETTINGS
    rows = fetch(session, _SET, {"names": list(wanted), "values": list(wanted.values())})
    before = {str(r.name): str(r.before) for r in rows if r.before}
    restore = {"names": list(before), "values": list(before.values())}
    try:
        yield
    except BaseException:
        with contextlib.suppress(Exception):
            fetch(session, _RESTORE, restore)
        raise
    fetch(session, _RESTORE, restore)


def facets_sql(source: str, fields: dict[str, str], arrays: dict[str, str] | None = None) -> sql.Composed:
    """A scalar subquery building ``{facet: {value: count}}`` (as JSON text) over CTE ``source``.

    ``fields`` maps facet names to scalar columns, ``arrays`` to array columns (each element counted).
    """
    src = sql.Identifier(source)
    parts: list[sql.Composable] = []
    for name, column in fields.items():
        col = sql.Identifier(column)
        parts.append(
            sql.SQL(
                "{name}, coalesce((SELECT jsonb_object_agg(k::text, n) FROM (SELECT {col} AS k, count(*) AS n "
                "FROM {src} WHERE {col} IS NOT NULL GROUP BY {col}) x), jsonb_build_object())"
            ).format(name=sql.Literal(name), col=col, src=src)
        )
    for name, column in (arrays or {}).items():
        parts.append(
            sql.SQL(
                "{name}, coalesce((SELECT jsonb_object_agg(k::text, n) FROM (SELECT k, count(*) AS n "
                "FROM {src}, unnest({col}) AS u(k) GROUP BY k) x), jsonb_build_object())"
            ).format(name=sql.Literal(name), col=sql.Identifier(column), src=src)
        )
    return sql.SQL("jsonb_build_object({})::text").format(sql.SQL(", ").join(parts))


def load_facets(value: Any) -> dict[str, dict[str, int]]:
    """Facets from the database (JSON text or a dict), each sorted by count then value."""
    data = json.loads(value) if isinstance(value, str) else (value or {})
    return sort_facets({str(n): {str(k): int(v) for k, v in (c or {}).items()} for n, c in data.items()})


def add_facets(into: dict[str, dict[str, int]], more: dict[str, dict[str, int]]) -> None:
    """Add the counts of ``more`` to ``into``."""
    for name, counts in more.items():
        target = into.setdefault(name, {})
        for k, v in counts.items():
            target[k] = target.get(k, 0) + v


def sort_facets(facets: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    """Each facet's values by count (descending), then value."""
    return {n: dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))) for n, c in facets.items()}


@dataclass
class Candidate:
    """One hit before rendering: its match class, score and the columns the hit shows."""

    id: uuid.UUID
    match: MatchClass
    score: float
    fields: dict[str, Any]


@dataclass
class PassResult:
    """What one search statement found: the first candidates in order, and the pool's totals."""

    candidates: list[Candidate] = field(default_factory=list)
    total: int = 0
    exact: bool = True
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


def merge(passes: list[PassResult]) -> tuple[list[Candidate], int, bool, dict[str, dict[str, int]]]:
    """Concatenate passes (earlier passes first), each id once; totals and facets summed over passes.

    When more than one pass contributed, later passes may overlap earlier ones beyond the rows seen,
    so the total is a best estimate (``exact`` False) and facets count such bills once per pass.
    """
    seen: set[uuid.UUID] = set()
    out: list[Candidate] = []
    total = 0
    exact = True
    facets: dict[str, dict[str, int]] = {}
    contributing = 0
    for p in passes:
        added = 0
        for c in p.candidates:
            if c.id in seen:
                continue
            seen.add(c.id)
            out.append(c)
            added += 1
        if p.total:
            contributing += 1
            overlap = len(p.candidates) - added
            total += max(p.total - overlap, added)
            exact = exact and p.exact
            add_facets(facets, p.facets)
    if contributing > 1:
        exact = False
    return out, total, exact, sort_facets(facets)


class Clock:
    """Milliseconds since creation."""

    def __init__(self) -> None:
        self.start = time.perf_counter()

    def ms(self) -> float:
        """Elapsed milliseconds."""
        return (time.perf_counter() - self.start) * 1000


def log_search(
    search_log: SearchLog | None,
    *,
    query: str,
    search_type: str,
    results: int,
    took_ms: float,
    metadata: dict[str, Any],
) -> None:
    """Hand the search to ``search_log`` (fire and forget); nothing when logging is off."""
    if search_log is None:
        return
    search_log.record(
        SearchRecord(
            query=query, search_type=search_type, results_count=results, execution_time_ms=round(took_ms),
            metadata=metadata,
        )
    )
