"""Plumbing shared by the bill, sponsor and comment searches: planner settings, facets, merging passes."""

from __future__ import annotations

import contextlib
import functools
import json
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import TextClause, text
from sqlalchemy.orm import Session

from chanuka_db.search.analytics import SearchLog, SearchRecord
from chanuka_db.search.rank import MatchClass

#: Planner settings for the search statements, set for the statements only (transaction-local,
#: restored afterwards): a sequential scan that evaluates ``@@`` on every row would read (de-TOAST)
#: the full text vectors; with an index on every searched vector, the index paths are always right.
PLANNER_SETTINGS = {"enable_seqscan": "off"}

_SET_SQL = text(
    "SELECT name, current_setting(name, true) AS before, set_config(name, value, true) "
    "FROM unnest(CAST(:names AS text[]), CAST(:values AS text[])) AS s(name, value)"
)
_RESTORE_SQL = text(
    "SELECT set_config(name, value, true) FROM unnest(CAST(:names AS text[]), CAST(:values AS text[])) AS s(name, value)"
)


@contextlib.contextmanager
def planner_settings(session: Session, settings: dict[str, str] | None = None) -> Iterator[None]:
    """Apply ``settings`` (default :data:`PLANNER_SETTINGS`) for the block, then restore the previous values.

    The settings are transaction-local (``set_config(..., true)``): when the block fails, the
    caller's rollback discards them; restoring is attempted anyway, never hiding the first error.
    """
    wanted = settings or PLANNER_SETTINGS
    rows = session.execute(_SET_SQL, {"names": list(wanted), "values": list(wanted.values())}).all()
    before = {str(name): str(prev) for name, prev, _ in rows if prev}
    restore = {"names": list(before), "values": list(before.values())}
    try:
        yield
    except BaseException:
        with contextlib.suppress(Exception):
            session.execute(_RESTORE_SQL, restore)
        raise
    session.execute(_RESTORE_SQL, restore)


@functools.lru_cache(maxsize=512)
def sql_text(statement: str) -> TextClause:
    """``text(statement)``, built once per distinct statement (SQLAlchemy parses the bind names each time)."""
    return text(statement)


def facets_sql(source: str, fields: dict[str, str], arrays: dict[str, str] | None = None) -> str:
    """A scalar subquery building ``{facet: {value: count}}`` over CTE ``source``.

    ``fields`` maps facet names to scalar columns, ``arrays`` to array columns (each element counted).
    """
    parts: list[str] = []
    for name, column in fields.items():
        parts.append(
            f"'{name}', coalesce((SELECT jsonb_object_agg(k, n) FROM (SELECT {column} AS k, count(*) AS n "
            f"FROM {source} WHERE {column} IS NOT NULL GROUP BY 1) x), '{{}}'::jsonb)"
        )
    for name, column in (arrays or {}).items():
        parts.append(
            f"'{name}', coalesce((SELECT jsonb_object_agg(k, n) FROM (SELECT k, count(*) AS n "
            f"FROM {source}, unnest({column}) AS u(k) GROUP BY 1) x), '{{}}'::jsonb)"
        )
    return "jsonb_build_object(" + ", ".join(parts) + ")"


def load_facets(value: Any) -> dict[str, dict[str, int]]:
    """Facets from the database (a dict or JSON text), sorted by count then value."""
    data = json.loads(value) if isinstance(value, str) else (value or {})
    out: dict[str, dict[str, int]] = {}
    for name, counts in data.items():
        items = sorted(((str(k), int(v)) for k, v in (counts or {}).items()), key=lambda kv: (-kv[1], kv[0]))
        out[str(name)] = dict(items)
    return out


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
    sort_key: tuple[Any, ...] = ()


@dataclass
class PassResult:
    """What one search statement found: the first ``n`` candidates in order, and the pool's totals."""

    candidates: list[Candidate] = field(default_factory=list)
    total: int = 0
    exact: bool = True
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


def merge(passes: list[PassResult]) -> tuple[list[Candidate], int, bool, dict[str, dict[str, int]]]:
    """Concatenate passes (earlier passes first), each id once; totals and facets summed over passes.

    When more than one pass contributed, later passes may overlap earlier ones, so the total is a
    best estimate (``exact`` False) and facets count such bills once per pass.
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
