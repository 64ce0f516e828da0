"""Follow the money: graph queries over the transparency tables.

The transparency domains hold several edge lists that together form one directed graph whose nodes are
sponsors, corporate entities, bills and whatever ``influence_networks`` names (organisations, industries):

============================  =====================================  ==================================
kind                          source -> target                       table
============================  =====================================  ==================================
``influence``                 any typed node -> any typed node       influence_networks
``ownership``                 owner entity -> owned entity           cross_sector_ownership
``parent_company``            parent entity -> subsidiary            corporate_entities.parent_company_id
``financial_interest``        sponsor -> entity                      financial_interests
``lobbying``                  lobbyist entity -> target sponsor      lobbying_activities
``bill_conflict``             entity or sponsor -> bill              bill_financial_conflicts
============================  =====================================  ==================================

Nodes are identified by their uuid alone (``gen_random_uuid()`` ids do not collide across tables); every
edge reports the node types at both ends. Every edge endpoint column leads an index, so "neighbours of X"
is one index probe per table and each step of a path search is a parameterised nested loop.

- :func:`neighbours`: the edges at a node, outgoing, incoming or both.
- :func:`influence_paths`: simple paths from X to Y of at most N hops, found by a bidirectional search
  (half the hops from each end, joined in the middle), so the work grows with b^(N/2), not b^N.
- :func:`ownership_chain`: owners of an entity up to the ultimate owners, or everything it owns, with the
  effective (indirect) percentage summed over all ownership paths.
- :func:`sponsor_conflicts`: a sponsor's financial interests in entities that bills they (co-)sponsor
  affect, per ``bill_financial_conflicts``; optionally also interests in companies that own the affected
  entity (through up to N ownership links).

All queries are recursive CTEs with cycle prevention (a path never revisits a node) and a bounded depth.
Values are always bound parameters; the SQL text is assembled from constant fragments only.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from sqlalchemy import Connection, TextClause, text
from sqlalchemy.orm import Session

from chanuka_db.schema.enums import FinancialConflictStatus, InterestHolderType, Severity

__all__ = [
    "EDGE_KINDS",
    "MAX_DEPTH",
    "MAX_HOPS",
    "Edge",
    "InfluencePath",
    "Neighbour",
    "Node",
    "OwnershipChain",
    "OwnershipLink",
    "SponsorConflict",
    "Step",
    "influence_paths",
    "neighbours",
    "ownership_chain",
    "sponsor_conflicts",
]

#: Edge kinds of the transparency graph (see the module docstring).
EDGE_KINDS: tuple[str, ...] = (
    "influence",
    "ownership",
    "parent_company",
    "financial_interest",
    "lobbying",
    "bill_conflict",
)
#: Upper bound of ``max_hops`` for :func:`influence_paths` (paths grow exponentially with it).
MAX_HOPS = 6
#: Upper bound of the ownership depths.
MAX_DEPTH = 10

Direction = Literal["out", "in", "both"]
Executor = Session | Connection


# --------------------------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Node:
    """A graph node: its type (``sponsor``, ``corporate_entity``, ``bill`` or an influence type) and id."""

    type: str
    id: uuid.UUID


@dataclass(frozen=True)
class Edge:
    """One edge: ``kind`` and the id of the row it comes from, its two ends, a label and a weight.

    ``label`` is the relationship/ownership/interest/activity/conflict type of the row; ``weight`` is the
    relationship strength (influence), ownership percentage (ownership, financial_interest), estimated cost
    (lobbying) or potential financial impact (bill_conflict), when known.
    """

    kind: str
    edge_id: uuid.UUID
    source: Node
    target: Node
    label: str | None = None
    weight: Decimal | None = None


@dataclass(frozen=True)
class Neighbour:
    """A node adjacent to the queried one, the edge between them and whether that edge leaves the query node."""

    node: Node
    edge: Edge
    outgoing: bool


@dataclass(frozen=True)
class Step:
    """One hop of a path: the edge and whether the path follows it from source to target."""

    edge: Edge
    forward: bool


@dataclass(frozen=True)
class InfluencePath:
    """A simple path: ``nodes[0]`` is the start, ``nodes[-1]`` the end, ``steps[i]`` joins nodes i and i+1."""

    nodes: tuple[uuid.UUID, ...]
    steps: tuple[Step, ...]

    @property
    def hops(self) -> int:
        """Number of edges on the path."""
        return len(self.steps)

    @property
    def kinds(self) -> tuple[str, ...]:
        """The edge kinds along the path."""
        return tuple(s.edge.kind for s in self.steps)


@dataclass(frozen=True)
class OwnershipLink:
    """An entity reached from the queried one by following ownership edges.

    ``depth`` and ``path`` describe the shortest chain (``path`` starts at the queried entity).
    ``effective_percentage`` is the indirect share (product of percentages along a chain, summed over all
    ``paths`` chains), or None when some percentage on the way is unknown (``parent_company`` links and
    ownership rows without a percentage). ``is_terminal``: nothing owns it (ultimate owner) for owners,
    it owns nothing for owned entities.
    """

    entity_id: uuid.UUID
    name: str
    depth: int
    path: tuple[uuid.UUID, ...]
    paths: int
    effective_percentage: Decimal | None
    is_terminal: bool


@dataclass(frozen=True)
class OwnershipChain:
    """Who owns an entity and what it owns, each up to ``max_depth`` ownership links away.

    ``has_cycle``: an ownership cycle was met (it is not followed round). ``truncated``: some chain goes on
    beyond ``max_depth``.
    """

    entity_id: uuid.UUID
    owners: tuple[OwnershipLink, ...]
    owned: tuple[OwnershipLink, ...]
    has_cycle: bool
    truncated: bool

    @property
    def ultimate_owners(self) -> tuple[OwnershipLink, ...]:
        """Owners nobody owns: the top of every ownership chain above the entity."""
        return tuple(link for link in self.owners if link.is_terminal)


@dataclass(frozen=True)
class SponsorConflict:
    """A sponsor's financial interest in an entity that a bill they sponsor affects.

    ``matched_by``: ``interest`` (the conflict names this interest), ``entity`` (the interest is in the
    affected entity) or ``ownership`` (the interest is in an entity that owns the affected one, through
    ``ownership_path``, which runs from the interest's entity to the affected entity).
    """

    conflict_id: uuid.UUID
    bill_id: uuid.UUID
    bill_number: str
    bill_title: str
    sponsor_role: Literal["sponsor", "cosponsor"]
    conflict_type: str
    conflict_severity: Severity
    conflict_status: FinancialConflictStatus
    potential_financial_impact: Decimal | None
    affected_entity_id: uuid.UUID | None
    affected_entity_name: str | None
    interest_id: uuid.UUID
    interest_type: str
    holder_type: InterestHolderType
    holder_name: str | None
    interest_entity_id: uuid.UUID | None
    interest_entity_name: str | None
    ownership_percentage: Decimal | None
    estimated_value: Decimal | None
    disclosure_id: uuid.UUID | None
    is_current: bool
    matched_by: Literal["interest", "entity", "ownership"]
    ownership_path: tuple[uuid.UUID, ...]


# ------------------------------------------------------------------------------------------------- SQL
# Constant fragments. Parameters: :current_only (bool), :kinds (text[], empty = all kinds).

_EDGES = """
edges AS NOT MATERIALIZED (
    SELECT 'influence'::text AS kind, n.id AS edge_id,
           n.source_entity_type::text AS src_type, n.source_entity_id AS src_id,
           n.target_entity_type::text AS dst_type, n.target_entity_id AS dst_id,
           n.relationship_type::text AS label, n.relationship_strength::numeric AS weight
      FROM influence_networks n
     WHERE NOT :current_only OR n.active_to IS NULL OR n.active_to >= CURRENT_DATE
    UNION ALL
    SELECT 'ownership', o.id, 'corporate_entity', o.owner_entity_id, 'corporate_entity', o.owned_entity_id,
           o.ownership_type::text, o.ownership_percentage::numeric
      FROM cross_sector_ownership o
     WHERE NOT :current_only OR o.is_current
    UNION ALL
    SELECT 'parent_company', c.id, 'corporate_entity', c.parent_company_id, 'corporate_entity', c.id,
           NULL::text, NULL::numeric
      FROM corporate_entities c
     WHERE c.parent_company_id IS NOT NULL
    UNION ALL
    SELECT 'financial_interest', f.id, 'sponsor', f.sponsor_id, 'corporate_entity', f.entity_id,
           f.interest_type::text, f.ownership_percentage::numeric
      FROM financial_interests f
     WHERE f.sponsor_id IS NOT NULL AND f.entity_id IS NOT NULL AND (NOT :current_only OR f.is_current)
    UNION ALL
    SELECT 'lobbying', l.id, 'corporate_entity', l.lobbyist_entity_id, 'sponsor', l.target_sponsor_id,
           l.activity_type::text, l.estimated_cost::numeric
      FROM lobbying_activities l
     WHERE l.lobbyist_entity_id IS NOT NULL AND l.target_sponsor_id IS NOT NULL
    UNION ALL
    SELECT 'bill_conflict', b.id, 'corporate_entity', b.entity_id, 'bill', b.bill_id,
           b.conflict_type::text, b.potential_financial_impact::numeric
      FROM bill_financial_conflicts b
     WHERE b.entity_id IS NOT NULL
    UNION ALL
    SELECT 'bill_conflict', b.id, 'sponsor', b.sponsor_id, 'bill', b.bill_id,
           b.conflict_type::text, b.potential_financial_impact::numeric
      FROM bill_financial_conflicts b
     WHERE b.sponsor_id IS NOT NULL
),
-- every edge twice: once leaving its source (forward), once leaving its target (backward)
hops AS NOT MATERIALIZED (
    SELECT e.*, e.src_id AS from_id, e.dst_id AS to_id, true AS forward FROM edges e
    UNION ALL
    SELECT e.*, e.dst_id AS from_id, e.src_id AS to_id, false AS forward FROM edges e
)"""


_NEIGHBOURS = """
SELECT h.kind, h.edge_id, h.src_type, h.src_id, h.dst_type, h.dst_id, h.label, h.weight, h.forward
  FROM hops h
 WHERE h.from_id = CAST(:node_id AS uuid)
   AND ((h.forward AND :want_out) OR (NOT h.forward AND :want_in))
   AND (cardinality(CAST(:kinds AS text[])) = 0 OR h.kind = ANY (CAST(:kinds AS text[])))
 ORDER BY h.kind, h.forward DESC, h.to_id, h.edge_id"""


# Each step looks up the edges of the nodes just reached through a LATERAL subquery fenced with OFFSET 0: the
# planner then probes the endpoint indexes per node (a parameterised scan of each edge table) instead of
# hashing whole edge tables, which it otherwise prefers because it cannot estimate a recursive working table.
#
# Bidirectional search: fwd walks at most :fwd_max hops from the start, bwd at most :bwd_max hops back from
# the end; a path of L hops is reported once, split so that the forward half has ceil(L/2) hops.
_PATHS = """
, fwd (node, depth, nodes, steps) AS (
    SELECT CAST(:from_id AS uuid), 0, ARRAY[CAST(:from_id AS uuid)], '[]'::jsonb
    UNION ALL
    SELECT h.to_id, f.depth + 1, f.nodes || h.to_id, f.steps || jsonb_build_array(jsonb_build_object(
               'kind', h.kind, 'edge_id', h.edge_id, 'src_type', h.src_type, 'src_id', h.src_id,
               'dst_type', h.dst_type, 'dst_id', h.dst_id, 'label', h.label, 'weight', h.weight::text,
               'forward', h.forward))
      FROM fwd f
     CROSS JOIN LATERAL (
           SELECT * FROM hops h
            WHERE h.from_id = f.node
              AND (NOT :directed OR h.forward)
              AND (cardinality(CAST(:kinds AS text[])) = 0 OR h.kind = ANY (CAST(:kinds AS text[])))
           OFFSET 0) h
     WHERE f.depth < :fwd_max
       AND f.node <> CAST(:to_id AS uuid)
       AND h.to_id <> ALL (f.nodes)
), bwd (node, depth, nodes, steps) AS (
    SELECT CAST(:to_id AS uuid), 0, ARRAY[CAST(:to_id AS uuid)], '[]'::jsonb
    UNION ALL
    SELECT h.to_id, b.depth + 1, b.nodes || h.to_id, b.steps || jsonb_build_array(jsonb_build_object(
               'kind', h.kind, 'edge_id', h.edge_id, 'src_type', h.src_type, 'src_id', h.src_id,
               'dst_type', h.dst_type, 'dst_id', h.dst_id, 'label', h.label, 'weight', h.weight::text,
               'forward', h.forward))
      FROM bwd b
     CROSS JOIN LATERAL (
           SELECT * FROM hops h
            WHERE h.from_id = b.node
              AND (NOT :directed OR NOT h.forward)
              AND (cardinality(CAST(:kinds AS text[])) = 0 OR h.kind = ANY (CAST(:kinds AS text[])))
           OFFSET 0) h
     WHERE b.depth < :bwd_max
       AND b.node <> CAST(:from_id AS uuid)
       AND h.to_id <> ALL (b.nodes)
)
SELECT f.nodes AS fwd_nodes, f.steps AS fwd_steps, b.nodes AS bwd_nodes, b.steps AS bwd_steps
  FROM fwd f
  JOIN bwd b ON b.node = f.node
 WHERE f.depth + b.depth >= 1
   AND f.depth - b.depth IN (0, 1)
   AND NOT (f.nodes[1:f.depth] && b.nodes)
 ORDER BY f.depth + b.depth, f.nodes, b.nodes
 LIMIT :max_paths"""

# Ownership as (near, far) pairs: walking "up" goes from the owned entity (near) to its owner (far),
# walking "down" the other way. parent_company_id counts as an ownership link of unknown percentage
# unless a cross_sector_ownership row already records that pair.
_OWN_TEMPLATE = """
own AS NOT MATERIALIZED (
    SELECT o.{near}_entity_id AS near, o.{far}_entity_id AS far, o.ownership_percentage::numeric AS pct
      FROM cross_sector_ownership o
     WHERE NOT :current_only OR o.is_current
    UNION ALL
    SELECT c.{parent_near} AS near, c.{parent_far} AS far, NULL::numeric
      FROM corporate_entities c
     WHERE c.parent_company_id IS NOT NULL
       AND NOT EXISTS (
           SELECT 1 FROM cross_sector_ownership x
            WHERE x.owner_entity_id = c.parent_company_id AND x.owned_entity_id = c.id
              AND (NOT :current_only OR x.is_current))
)"""
_OWN_UP = _OWN_TEMPLATE.format(near="owned", far="owner", parent_near="id", parent_far="parent_company_id")
_OWN_DOWN = _OWN_TEMPLATE.format(near="owner", far="owned", parent_near="parent_company_id", parent_far="id")

_OWNERSHIP_WALK = """
, walk (entity_id, depth, path, share) AS (
    SELECT CAST(:entity_id AS uuid), 0, ARRAY[CAST(:entity_id AS uuid)], CAST(1 AS numeric)
    UNION ALL
    SELECT o.far, w.depth + 1, w.path || o.far, w.share * o.pct / 100
      FROM walk w
     CROSS JOIN LATERAL (SELECT * FROM own o WHERE o.near = w.entity_id OFFSET 0) o
     WHERE w.depth < :max_depth
       AND o.far <> ALL (w.path)
), ranked AS (
    SELECT w.entity_id, w.depth, w.path,
           row_number() OVER per_entity AS rn,
           count(*) OVER whole AS paths,
           CASE WHEN bool_and(w.share IS NOT NULL) OVER whole THEN sum(w.share) OVER whole END AS share
      FROM walk w
     WHERE w.depth > 0
    WINDOW per_entity AS (PARTITION BY w.entity_id ORDER BY w.depth, w.path),
           whole AS (PARTITION BY w.entity_id)
), flags AS (
    SELECT EXISTS (SELECT 1 FROM walk w
                     CROSS JOIN LATERAL (SELECT * FROM own o WHERE o.near = w.entity_id OFFSET 0) o
                    WHERE o.far = ANY (w.path)) AS has_cycle,
           EXISTS (SELECT 1 FROM walk w
                     CROSS JOIN LATERAL (SELECT * FROM own o WHERE o.near = w.entity_id OFFSET 0) o
                    WHERE w.depth = :max_depth AND o.far <> ALL (w.path)) AS truncated
)
SELECT r.entity_id, e.name, r.depth, r.path, r.paths, round(r.share * 100, 4) AS effective_percentage,
       NOT EXISTS (SELECT 1 FROM own o WHERE o.near = r.entity_id) AS is_terminal,
       flags.has_cycle, flags.truncated
  FROM flags
  LEFT JOIN ranked r ON r.rn = 1
  LEFT JOIN corporate_entities e ON e.id = r.entity_id
 ORDER BY r.depth, e.name, r.entity_id"""

_SPONSOR_CONFLICTS = """
, interests AS (
    SELECT fi.id, fi.entity_id
      FROM financial_interests fi
     WHERE fi.sponsor_id = CAST(:sponsor_id AS uuid)
       AND (NOT :current_only OR fi.is_current)
), reach (interest_id, entity_id, depth, path) AS (
    SELECT i.id, i.entity_id, 0, ARRAY[i.entity_id] FROM interests i WHERE i.entity_id IS NOT NULL
    UNION ALL
    SELECT r.interest_id, o.far, r.depth + 1, r.path || o.far
      FROM reach r
     CROSS JOIN LATERAL (SELECT * FROM own o WHERE o.near = r.entity_id OFFSET 0) o
     WHERE r.depth < :ownership_depth
       AND o.far <> ALL (r.path)
), matches AS (
    SELECT c.id AS conflict_id, r.interest_id, r.path, r.depth,
           CASE WHEN r.depth = 0 THEN 'entity' ELSE 'ownership' END AS matched_by, 1 AS preference
      FROM reach r
      JOIN bill_financial_conflicts c ON c.entity_id = r.entity_id
    UNION ALL
    SELECT c.id, i.id, CASE WHEN i.entity_id IS NULL THEN ARRAY[]::uuid[] ELSE ARRAY[i.entity_id] END, 0,
           'interest', 0
      FROM interests i
      JOIN bill_financial_conflicts c ON c.financial_interest_id = i.id
), best AS (
    SELECT DISTINCT ON (m.conflict_id, m.interest_id) m.*
      FROM matches m
     ORDER BY m.conflict_id, m.interest_id, m.depth, m.preference
), sponsored AS (
    SELECT b.id AS bill_id, 'sponsor' AS role FROM bills b WHERE b.sponsor_id = CAST(:sponsor_id AS uuid)
    UNION ALL
    SELECT bc.bill_id, 'cosponsor' FROM bill_cosponsors bc
     WHERE bc.sponsor_id = CAST(:sponsor_id AS uuid)
       AND NOT EXISTS (SELECT 1 FROM bills b WHERE b.id = bc.bill_id AND b.sponsor_id = CAST(:sponsor_id AS uuid))
)
SELECT c.id AS conflict_id, b.id AS bill_id, b.bill_number, b.title AS bill_title, s.role AS sponsor_role,
       c.conflict_type, c.conflict_severity::text AS conflict_severity,
       c.conflict_status::text AS conflict_status, c.potential_financial_impact,
       c.entity_id AS affected_entity_id, ae.name AS affected_entity_name,
       fi.id AS interest_id, fi.interest_type, fi.holder_type::text AS holder_type, fi.holder_name,
       fi.entity_id AS interest_entity_id, COALESCE(ie.name, fi.entity_name) AS interest_entity_name,
       fi.ownership_percentage, fi.estimated_value, fi.disclosure_id, fi.is_current,
       m.matched_by, m.path AS ownership_path
  FROM best m
  JOIN bill_financial_conflicts c ON c.id = m.conflict_id
  JOIN sponsored s ON s.bill_id = c.bill_id
  JOIN bills b ON b.id = c.bill_id
  JOIN financial_interests fi ON fi.id = m.interest_id
  LEFT JOIN corporate_entities ae ON ae.id = c.entity_id
  LEFT JOIN corporate_entities ie ON ie.id = fi.entity_id
 ORDER BY c.conflict_severity DESC, b.bill_number, c.id, fi.id"""


def _sql(*fragments: str) -> TextClause:
    """One statement from constant SQL fragments (never from values: those are bound parameters)."""
    return text("".join(fragments))


_NEIGHBOURS_SQL = _sql("WITH ", _EDGES, _NEIGHBOURS)
_PATHS_SQL = _sql("WITH RECURSIVE ", _EDGES, _PATHS)
_OWNERS_SQL = _sql("WITH RECURSIVE ", _OWN_UP, _OWNERSHIP_WALK)
_OWNED_SQL = _sql("WITH RECURSIVE ", _OWN_DOWN, _OWNERSHIP_WALK)
_SPONSOR_CONFLICTS_SQL = _sql("WITH RECURSIVE ", _OWN_DOWN, _SPONSOR_CONFLICTS)


# ------------------------------------------------------------------------------------------------ API


def neighbours(
    session: Executor,
    node_id: uuid.UUID,
    *,
    direction: Direction = "both",
    kinds: Iterable[str] | None = None,
    current_only: bool = True,
) -> list[Neighbour]:
    """The edges at ``node_id``: leaving it (``out``), reaching it (``in``) or ``both``.

    ``kinds`` restricts the edge kinds (:data:`EDGE_KINDS`); ``current_only`` drops ownership rows and
    interests that are no longer current and influence edges whose ``active_to`` has passed.
    """
    if direction not in ("out", "in", "both"):
        raise ValueError(f"direction must be 'out', 'in' or 'both', not {direction!r}")
    rows = session.execute(
        _NEIGHBOURS_SQL,
        {
            "node_id": node_id,
            "want_out": direction in ("out", "both"),
            "want_in": direction in ("in", "both"),
            "kinds": _kinds(kinds),
            "current_only": current_only,
        },
    ).mappings()
    result = []
    for row in rows:
        edge = _edge(row)
        outgoing = bool(row["forward"])
        result.append(Neighbour(node=edge.target if outgoing else edge.source, edge=edge, outgoing=outgoing))
    return result


def influence_paths(
    session: Executor,
    from_id: uuid.UUID,
    to_id: uuid.UUID,
    max_hops: int = 4,
    *,
    directed: bool = False,
    kinds: Iterable[str] | None = None,
    current_only: bool = True,
    max_paths: int = 100,
) -> list[InfluencePath]:
    """Simple paths (no node twice) from ``from_id`` to ``to_id`` with at most ``max_hops`` edges.

    Shortest first, at most ``max_paths``. ``directed=False`` (the default) follows edges either way, which
    finds connections such as "sponsor holds shares in A, A owns B, B lobbied sponsor 2"; ``directed=True``
    follows edges only from source to target. ``kinds`` and ``current_only`` as for :func:`neighbours`.
    """
    if not 1 <= max_hops <= MAX_HOPS:
        raise ValueError(f"max_hops must be between 1 and {MAX_HOPS}, not {max_hops}")
    if max_paths < 1:
        raise ValueError("max_paths must be at least 1")
    if from_id == to_id:
        return []
    rows = session.execute(
        _PATHS_SQL,
        {
            "from_id": from_id,
            "to_id": to_id,
            "fwd_max": (max_hops + 1) // 2,
            "bwd_max": max_hops // 2,
            "directed": directed,
            "kinds": _kinds(kinds),
            "current_only": current_only,
            "max_paths": max_paths,
        },
    ).mappings()
    paths = []
    for row in rows:
        bwd_nodes = [uuid.UUID(str(n)) for n in row["bwd_nodes"]]
        nodes = [uuid.UUID(str(n)) for n in row["fwd_nodes"]] + bwd_nodes[-2::-1]
        steps = [Step(_edge(s), bool(s["forward"])) for s in row["fwd_steps"]]
        # The backward half was walked from the end: reversed, each of its edges is crossed the other way.
        steps += [Step(_edge(s), not s["forward"]) for s in reversed(row["bwd_steps"])]
        paths.append(InfluencePath(nodes=tuple(nodes), steps=tuple(steps)))
    return paths


def ownership_chain(
    session: Executor,
    entity_id: uuid.UUID,
    max_depth: int = 5,
    *,
    current_only: bool = True,
) -> OwnershipChain:
    """The owners of ``entity_id`` up to its ultimate owners, and every entity it owns, ``max_depth`` deep.

    Ownership links are ``cross_sector_ownership`` rows (only current ones with ``current_only``) and
    ``corporate_entities.parent_company_id``. Cycles (A owns B owns A) are detected, not followed.
    """
    if not 1 <= max_depth <= MAX_DEPTH:
        raise ValueError(f"max_depth must be between 1 and {MAX_DEPTH}, not {max_depth}")
    params = {"entity_id": entity_id, "max_depth": max_depth, "current_only": current_only}
    owners, owners_cycle, owners_truncated = _ownership_walk(session, _OWNERS_SQL, params)
    owned, owned_cycle, owned_truncated = _ownership_walk(session, _OWNED_SQL, params)
    return OwnershipChain(
        entity_id=entity_id,
        owners=owners,
        owned=owned,
        has_cycle=owners_cycle or owned_cycle,
        truncated=owners_truncated or owned_truncated,
    )


def sponsor_conflicts(
    session: Executor,
    sponsor_id: uuid.UUID,
    *,
    ownership_depth: int = 0,
    current_only: bool = True,
) -> list[SponsorConflict]:
    """A sponsor's financial interests in entities affected by bills the sponsor sponsors or co-sponsors.

    A conflict row (``bill_financial_conflicts``) of such a bill matches an interest of the sponsor (held by
    the sponsor, a family member or an associate, declared or disclosed) when it names the interest, when
    the interest is in the affected entity, or, with ``ownership_depth`` > 0, when the interest is in an
    entity that owns the affected entity through up to that many ownership links. Most severe first.
    """
    if not 0 <= ownership_depth <= MAX_DEPTH:
        raise ValueError(f"ownership_depth must be between 0 and {MAX_DEPTH}, not {ownership_depth}")
    rows = session.execute(
        _SPONSOR_CONFLICTS_SQL,
        {"sponsor_id": sponsor_id, "ownership_depth": ownership_depth, "current_only": current_only},
    ).mappings()
    return [
        SponsorConflict(
            conflict_id=r["conflict_id"],
            bill_id=r["bill_id"],
            bill_number=r["bill_number"],
            bill_title=r["bill_title"],
            sponsor_role=r["sponsor_role"],
            conflict_type=r["conflict_type"],
            conflict_severity=Severity(r["conflict_severity"]),
            conflict_status=FinancialConflictStatus(r["conflict_status"]),
            potential_financial_impact=r["potential_financial_impact"],
            affected_entity_id=r["affected_entity_id"],
            affected_entity_name=r["affected_entity_name"],
            interest_id=r["interest_id"],
            interest_type=r["interest_type"],
            holder_type=InterestHolderType(r["holder_type"]),
            holder_name=r["holder_name"],
            interest_entity_id=r["interest_entity_id"],
            interest_entity_name=r["interest_entity_name"],
            ownership_percentage=r["ownership_percentage"],
            estimated_value=r["estimated_value"],
            disclosure_id=r["disclosure_id"],
            is_current=r["is_current"],
            matched_by=r["matched_by"],
            ownership_path=tuple(r["ownership_path"] or ()),
        )
        for r in rows
    ]


# ------------------------------------------------------------------------------------------- helpers


def _kinds(kinds: Iterable[str] | None) -> list[str]:
    if kinds is None:
        return []
    chosen = list(kinds)
    unknown = sorted(set(chosen) - set(EDGE_KINDS))
    if unknown:
        raise ValueError(f"unknown edge kinds {unknown}; known: {', '.join(EDGE_KINDS)}")
    if not chosen:
        raise ValueError("kinds is empty: pass None for every kind")
    return chosen


def _uuid(value: Any) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _edge(row: Mapping[Any, Any]) -> Edge:
    """An :class:`Edge` from a row of ``hops`` or a step object of a path (JSON, where ids are strings)."""
    weight = row["weight"]
    return Edge(
        kind=row["kind"],
        edge_id=_uuid(row["edge_id"]),
        source=Node(row["src_type"], _uuid(row["src_id"])),
        target=Node(row["dst_type"], _uuid(row["dst_id"])),
        label=row["label"],
        weight=None if weight is None else Decimal(weight),
    )


def _ownership_walk(
    session: Executor, statement: TextClause, params: dict[str, Any]
) -> tuple[tuple[OwnershipLink, ...], bool, bool]:
    rows = session.execute(statement, params).mappings().all()
    links = tuple(
        OwnershipLink(
            entity_id=r["entity_id"],
            name=r["name"],
            depth=r["depth"],
            path=tuple(_ids(r["path"])),
            paths=r["paths"],
            effective_percentage=r["effective_percentage"],
            is_terminal=r["is_terminal"],
        )
        for r in rows
        if r["entity_id"] is not None
    )
    first = rows[0]
    return links, bool(first["has_cycle"]), bool(first["truncated"])


def _ids(values: Sequence[Any]) -> list[uuid.UUID]:
    return [_uuid(v) for v in values]
