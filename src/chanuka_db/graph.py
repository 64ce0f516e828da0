"""Walk the trees and graphs the schema stores: the constitution's provision hierarchy, the argument graph and
the bill-relationship graph.

- **Provision hierarchy** (:func:`ancestors`, :func:`subtree`): ``constitutional_provisions.path`` is
  generated from the chapter/article/section/clause numbers in ltree syntax; the GiST index on
  ``text2ltree(path)`` answers "ancestors of X" (``@>``) and "everything under X" (``<@``) in one
  indexed query each, no recursion.
- **Graphs** (:func:`neighbours`, :func:`paths`) over an :class:`EdgeTable`: :data:`ARGUMENTS`
  (``argument_relationships``, directed source -> target) and :data:`BILLS` (``bill_relationships``,
  undirected, each pair stored once with ``bill_a_id < bill_b_id``). Both ends of every edge lead an index,
  so a neighbour lookup is two index scans, and a path search is a recursive CTE whose every step is
  such a lookup, bounded by ``max_hops`` and never revisiting a node (cycle prevention).

Every statement is built with SQLAlchemy Core from the tables' metadata: values are bound parameters and
no SQL text is assembled from strings.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Connection,
    Select,
    Table,
    Text,
    all_,
    cast,
    func,
    literal,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.selectable import ScalarSelect

from chanuka_db.schema import Base
from chanuka_db.schema.constitutional_intelligence import ConstitutionalProvision

Direction = Literal["out", "in", "both"]

#: Upper bound of ``max_hops``: the number of walks grows with degree ** hops.
MAX_HOPS = 6


# --- the provision hierarchy -------------------------------------------------------------------------------

_PATH = func.text2ltree(ConstitutionalProvision.path)
_DOCUMENT_ORDER = (
    ConstitutionalProvision.chapter_number,
    ConstitutionalProvision.article_number.asc().nulls_first(),
    ConstitutionalProvision.section_number.asc().nulls_first(),
    ConstitutionalProvision.clause_number.asc().nulls_first(),
)


def _path_of(provision_id: uuid.UUID) -> ScalarSelect[Any]:
    """The ltree path of ``provision_id`` as a scalar subquery (NULL when there is no such provision)."""
    other = aliased(ConstitutionalProvision)
    return select(func.text2ltree(other.path)).where(other.id == provision_id).scalar_subquery()


def ancestors_query(provision_id: uuid.UUID, *, include_self: bool = False) -> Select[ConstitutionalProvision]:
    """The statement behind :func:`ancestors` (to compose further, or to EXPLAIN)."""
    stmt = select(ConstitutionalProvision).where(_PATH.op("@>", is_comparison=True)(_path_of(provision_id)))
    if not include_self:
        stmt = stmt.where(ConstitutionalProvision.id != provision_id)
    return stmt.order_by(func.nlevel(_PATH))


def ancestors(
    session: Session, provision_id: uuid.UUID, *, include_self: bool = False
) -> list[ConstitutionalProvision]:
    """The provisions above ``provision_id`` (its chapter, article, section), outermost first.

    ``include_self`` appends the provision itself. An unknown id gives ``[]``. One query: the GiST index on
    ``text2ltree(path)`` finds every row whose path is a prefix of the provision's.
    """
    return list(session.scalars(ancestors_query(provision_id, include_self=include_self)))


def subtree_query(
    provision_id: uuid.UUID, *, max_depth: int | None = None, include_self: bool = True
) -> Select[ConstitutionalProvision]:
    """The statement behind :func:`subtree`."""
    if max_depth is not None and max_depth < 0:
        raise ValueError("max_depth must be >= 0")
    root = _path_of(provision_id)
    stmt = select(ConstitutionalProvision).where(_PATH.op("<@", is_comparison=True)(root))
    if max_depth is not None:
        stmt = stmt.where(func.nlevel(_PATH) <= func.nlevel(root) + max_depth)
    if not include_self:
        stmt = stmt.where(ConstitutionalProvision.id != provision_id)
    return stmt.order_by(*_DOCUMENT_ORDER)


def subtree(
    session: Session, provision_id: uuid.UUID, *, max_depth: int | None = None, include_self: bool = True
) -> list[ConstitutionalProvision]:
    """``provision_id`` and every provision under it, in document order (chapter, article, section, clause).

    ``max_depth`` limits how many levels below the provision are returned (1: its direct children).
    An unknown id gives ``[]``. One query on the GiST index (``<@``).
    """
    return list(session.scalars(subtree_query(provision_id, max_depth=max_depth, include_self=include_self)))


# --- graphs over relationship tables -----------------------------------------------------------------------


@dataclass(frozen=True)
class EdgeTable:
    """How a relationship table stores a graph: which columns hold the two ends, the type and the strength."""

    table: str
    source: str
    target: str
    directed: bool
    type_column: str
    strength_column: str
    active_column: str | None = None


#: ``argument_relationships``: directed (source supports/contradicts/refines/generalizes target).
ARGUMENTS = EdgeTable(
    table="argument_relationships",
    source="source_argument_id",
    target="target_argument_id",
    directed=True,
    type_column="relationship_type",
    strength_column="strength",
)

#: ``bill_relationships``: undirected, one row per pair (``bill_a_id < bill_b_id``), soft-deleted via ``is_active``.
BILLS = EdgeTable(
    table="bill_relationships",
    source="bill_a_id",
    target="bill_b_id",
    directed=False,
    type_column="relationship_type",
    strength_column="relationship_strength",
    active_column="is_active",
)

_GRAPHS = (ARGUMENTS, BILLS)


@dataclass(frozen=True)
class Neighbour:
    """A node next to the one asked about, and the edge between them.

    ``direction``: ``"out"`` (the edge points from the asked node to this one), ``"in"`` (towards the asked
    node) or ``"both"`` (an undirected edge, :data:`BILLS`).
    """

    node_id: uuid.UUID
    edge_id: uuid.UUID
    direction: Direction
    relationship_type: str | None
    strength: Decimal | None


@dataclass(frozen=True)
class GraphPath:
    """A simple path (no node twice): ``nodes[0]`` is the start, ``nodes[-1]`` the end; ``edges[i]`` joins
    ``nodes[i]`` and ``nodes[i + 1]``."""

    nodes: tuple[uuid.UUID, ...]
    edges: tuple[uuid.UUID, ...]

    @property
    def hops(self) -> int:
        """Number of edges on the path."""
        return len(self.edges)


def ordered_pair(a: uuid.UUID, b: uuid.UUID) -> tuple[uuid.UUID, uuid.UUID]:
    """``(bill_a_id, bill_b_id)`` for a bill relationship between ``a`` and ``b``: the smaller id first.

    Python orders UUIDs by their 128-bit value, PostgreSQL byte by byte: the same order, so the pair
    passes the table's ``bill_a_id < bill_b_id`` check. A bill related to itself is refused.
    """
    if a == b:
        raise ValueError("a bill cannot be related to itself")
    return (a, b) if a < b else (b, a)


def _check(graph: EdgeTable) -> Table:
    if graph not in _GRAPHS:
        raise ValueError(f"unknown graph {graph!r}: use chanuka_db.graph.ARGUMENTS or BILLS")
    return Base.metadata.tables[graph.table]


def _direction(direction: str) -> Direction:
    if direction not in ("out", "in", "both"):
        raise ValueError(f"direction must be 'out', 'in' or 'both', not {direction!r}")
    return direction  # type: ignore[return-value]


def _steps(graph: EdgeTable, direction: Direction) -> list[tuple[str, str, Direction]]:
    """(next-node column, matched column, direction label) for each way an edge of ``graph`` can be followed."""
    if not graph.directed:
        return [(graph.target, graph.source, "both"), (graph.source, graph.target, "both")]
    steps: list[tuple[str, str, Direction]] = []
    if direction in ("out", "both"):
        steps.append((graph.target, graph.source, "out"))
    if direction in ("in", "both"):
        steps.append((graph.source, graph.target, "in"))
    return steps


def _edge_filters(
    graph: EdgeTable, table: Table, relationship_types: Sequence[str] | None, include_inactive: bool
) -> list[ColumnElement[bool]]:
    filters: list[ColumnElement[bool]] = []
    if relationship_types is not None:
        filters.append(cast(table.c[graph.type_column], Text).in_(list(relationship_types)))
    if graph.active_column and not include_inactive:
        filters.append(table.c[graph.active_column].is_(true()))
    return filters


def _union(selects: list[Select[Any]]) -> Select[Any] | CompoundSelect[Any]:
    return selects[0] if len(selects) == 1 else union_all(*selects)


def neighbours_query(
    node_id: uuid.UUID,
    *,
    graph: EdgeTable,
    direction: Direction = "both",
    relationship_types: Sequence[str] | None = None,
    include_inactive: bool = False,
) -> Select[Any] | CompoundSelect[Any]:
    """The statement behind :func:`neighbours` (columns node_id, edge_id, direction, relationship_type, strength)."""
    t = _check(graph)
    filters = _edge_filters(graph, t, relationship_types, include_inactive)
    stmt = _union(
        [
            select(
                t.c[nxt].label("node_id"),
                t.c.id.label("edge_id"),
                literal(label, Text).label("direction"),
                cast(t.c[graph.type_column], Text).label("relationship_type"),
                t.c[graph.strength_column].label("strength"),
            ).where(t.c[match] == node_id, *filters)
            for nxt, match, label in _steps(graph, _direction(direction))
        ]
    )
    cols = stmt.selected_columns
    return stmt.order_by(cols.strength.desc().nulls_last(), cols.node_id, cols.edge_id)


def neighbours(
    session: Session | Connection,
    node_id: uuid.UUID,
    *,
    graph: EdgeTable,
    direction: Direction = "both",
    relationship_types: Sequence[str] | None = None,
    include_inactive: bool = False,
) -> list[Neighbour]:
    """The nodes one edge away from ``node_id`` in ``graph`` (:data:`ARGUMENTS` or :data:`BILLS`).

    ``direction`` applies to the directed argument graph: ``"out"`` follows edges from ``node_id``, ``"in"``
    edges into it, ``"both"`` either. Bill relationships are undirected (each pair stored once), so both
    columns are searched whatever ``direction`` says. ``relationship_types`` keeps only those types;
    inactive bill relationships are left out unless ``include_inactive``. Strongest first.

    One statement: a UNION ALL of one index scan per column (each end of an edge leads an index).
    """
    stmt = neighbours_query(
        node_id,
        graph=graph,
        direction=direction,
        relationship_types=relationship_types,
        include_inactive=include_inactive,
    )
    return [
        Neighbour(row.node_id, row.edge_id, row.direction, row.relationship_type, row.strength)
        for row in session.execute(stmt)
    ]


def paths_query(
    from_id: uuid.UUID,
    to_id: uuid.UUID,
    max_hops: int,
    *,
    graph: EdgeTable,
    direction: Direction = "out",
    relationship_types: Sequence[str] | None = None,
    include_inactive: bool = False,
    limit: int = 20,
) -> Select[Any]:
    """The statement behind :func:`paths` (columns nodes, edges: uuid arrays)."""
    t = _check(graph)
    if not 1 <= max_hops <= MAX_HOPS:
        raise ValueError(f"max_hops must be between 1 and {MAX_HOPS}")
    if limit < 1:
        raise ValueError("limit must be >= 1")
    uuid_type = UUID(as_uuid=True)
    uuids = ARRAY(uuid_type)
    # Explicit casts: the anchor row fixes the CTE's column types, whatever the parameters are bound as.
    walk = select(
        cast(literal(from_id, uuid_type), uuid_type).label("node_id"),
        cast(literal([from_id], uuids), uuids).label("nodes"),
        cast(literal([], uuids), uuids).label("edges"),
    ).cte("walk", recursive=True)
    w = walk.alias("w")
    filters = _edge_filters(graph, t, relationship_types, include_inactive)
    step = _union(
        [
            select(t.c[nxt].label("next_id"), t.c.id.label("edge_id")).where(t.c[match] == w.c.node_id, *filters)
            for nxt, match, _label in _steps(graph, _direction(direction))
        ]
    ).lateral("step")
    walk = walk.union_all(
        select(
            step.c.next_id,
            w.c.nodes.op("||", return_type=uuids)(step.c.next_id),
            w.c.edges.op("||", return_type=uuids)(step.c.edge_id),
        )
        .select_from(w.join(step, true()))
        .where(
            func.cardinality(w.c.edges) < max_hops,
            w.c.node_id != to_id,
            step.c.next_id != all_(w.c.nodes),
            # The last hop is only worth taking onto the target: prunes the widest level of the walk.
            or_(func.cardinality(w.c.edges) < max_hops - 1, step.c.next_id == to_id),
        )
    )
    return (
        select(walk.c.nodes, walk.c.edges)
        .where(walk.c.node_id == to_id)
        .order_by(func.cardinality(walk.c.edges), walk.c.nodes, walk.c.edges)
        .limit(limit)
    )


def paths(
    session: Session | Connection,
    from_id: uuid.UUID,
    to_id: uuid.UUID,
    max_hops: int,
    *,
    graph: EdgeTable,
    direction: Direction = "out",
    relationship_types: Sequence[str] | None = None,
    include_inactive: bool = False,
    limit: int = 20,
) -> list[GraphPath]:
    """Simple paths from ``from_id`` to ``to_id`` of at most ``max_hops`` edges, shortest first (at most ``limit``).

    A recursive CTE walks ``graph`` one indexed neighbour lookup per step, never revisiting a node of the
    path it extends (so cycles end), stopping at ``max_hops`` (1..:data:`MAX_HOPS`) and at ``to_id``. On the
    argument graph ``direction`` says which way edges may be followed (``"out"``: source to target); bill
    relationships are undirected. ``from_id == to_id`` gives the empty path. Ties are ordered by node ids.
    The number of walks grows like degree ** max_hops: keep ``max_hops`` small on dense graphs.
    """
    stmt = paths_query(
        from_id,
        to_id,
        max_hops,
        graph=graph,
        direction=direction,
        relationship_types=relationship_types,
        include_inactive=include_inactive,
        limit=limit,
    )
    if from_id == to_id:
        return [GraphPath((from_id,), ())]
    return [GraphPath(tuple(row.nodes), tuple(row.edges)) for row in session.execute(stmt)]
