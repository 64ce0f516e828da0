"""chanuka_db.transparency: graph queries on small hand-built graphs (with cycles) in real PostgreSQL."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from chanuka_db import transparency as tp
from chanuka_db.engine import Database
from chanuka_db.schema.enums import FinancialConflictStatus, InterestHolderType, Severity
from tests.schema.factories import insert, make_bill, make_sponsor


@pytest.fixture
def conn(chanuka_db: Database) -> Iterator[Connection]:
    """A connection inside a transaction rolled back after the test."""
    with chanuka_db.engine.connect() as connection:
        tx = connection.begin()
        try:
            yield connection
        finally:
            tx.rollback()


def entity(conn: Connection, name: str, **kw: Any) -> uuid.UUID:
    return insert(conn, "corporate_entities", name=name, entity_type="corporation", **kw)


def owns(conn: Connection, owner: uuid.UUID, owned: uuid.UUID, pct: str | None = None, **kw: Any) -> uuid.UUID:
    values = {"ownership_type": "direct_shareholding", "ownership_percentage": None if pct is None else Decimal(pct)}
    return insert(conn, "cross_sector_ownership", owner_entity_id=owner, owned_entity_id=owned, **{**values, **kw})


def interest(conn: Connection, sponsor: uuid.UUID, ent: uuid.UUID | None, **kw: Any) -> uuid.UUID:
    return insert(conn, "financial_interests", sponsor_id=sponsor, entity_id=ent, **{"interest_type": "stock", **kw})


def lobbies(conn: Connection, lobbyist: uuid.UUID, target: uuid.UUID) -> uuid.UUID:
    return insert(
        conn,
        "lobbying_activities",
        activity_type="meeting",
        activity_date="2025-02-01",
        activity_description="Meeting on the Finance Bill",
        lobbyist_entity_id=lobbyist,
        target_sponsor_id=target,
    )


def influence(conn: Connection, src: uuid.UUID, dst: uuid.UUID, **kw: Any) -> uuid.UUID:
    values = {"source_entity_type": "corporate_entity", "target_entity_type": "corporate_entity", **kw}
    return insert(conn, "influence_networks", source_entity_id=src, target_entity_id=dst, **values)


def conflict(conn: Connection, bill: uuid.UUID, **kw: Any) -> uuid.UUID:
    values = {
        "conflict_type": "direct_benefit",
        "conflict_severity": "medium",
        "impact_description": "The bill exempts the entity from excise duty",
        "detection_method": "manual_review",
        **kw,
    }
    return insert(conn, "bill_financial_conflicts", bill_id=bill, **values)


# ----------------------------------------------------------------------------------------- neighbours


def test_neighbours_in_both_directions(conn: Connection) -> None:
    mp, other_mp = make_sponsor(conn), make_sponsor(conn)
    holding, sub, rival = entity(conn, "Holding"), entity(conn, "Sub"), entity(conn, "Rival")
    own_edge = owns(conn, holding, sub, "60")
    old_edge = owns(conn, rival, sub, "10", is_current=False)
    stake = interest(conn, mp, sub, ownership_percentage=Decimal("5"))
    lobby = lobbies(conn, sub, other_mp)

    found = {(n.edge.kind, n.node.id, n.outgoing) for n in tp.neighbours(conn, sub)}
    assert found == {
        ("ownership", holding, False),
        ("financial_interest", mp, False),
        ("lobbying", other_mp, True),
    }
    outgoing = tp.neighbours(conn, sub, direction="out")
    assert [(n.edge.kind, n.edge.edge_id, n.node) for n in outgoing] == [
        ("lobbying", lobby, tp.Node("sponsor", other_mp))
    ]
    incoming = tp.neighbours(conn, sub, direction="in", kinds=["ownership"], current_only=False)
    assert {n.edge.edge_id for n in incoming} == {own_edge, old_edge}
    edge = next(n.edge for n in incoming if n.edge.edge_id == own_edge)
    assert edge == tp.Edge(
        "ownership",
        own_edge,
        tp.Node("corporate_entity", holding),
        tp.Node("corporate_entity", sub),
        "direct_shareholding",
        Decimal("60.00"),
    )
    [mine] = tp.neighbours(conn, mp)
    assert (mine.edge.edge_id, mine.node, mine.outgoing) == (stake, tp.Node("corporate_entity", sub), True)
    assert tp.neighbours(conn, uuid.uuid4()) == []


def test_neighbours_validates_its_arguments(conn: Connection) -> None:
    with pytest.raises(ValueError, match="direction"):
        tp.neighbours(conn, uuid.uuid4(), direction="sideways")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown edge kinds"):
        tp.neighbours(conn, uuid.uuid4(), kinds=["friendship"])


def test_expired_influence_edges_are_not_current(conn: Connection) -> None:
    a, b = entity(conn, "A"), entity(conn, "B")
    influence(conn, a, b, relationship_type="board_interlock", active_to="2001-01-01")
    assert tp.neighbours(conn, a) == []
    assert [n.edge.label for n in tp.neighbours(conn, a, current_only=False)] == ["board_interlock"]


# ------------------------------------------------------------------------------------- influence paths


def test_follow_the_money_path(conn: Connection) -> None:
    """MP holds shares in A; A owns B; B lobbied MP2; MP2 sponsors nothing here: a 3-hop chain."""
    mp, mp2 = make_sponsor(conn), make_sponsor(conn)
    a, b, c = entity(conn, "A"), entity(conn, "B"), entity(conn, "C")
    stake = interest(conn, mp, a)
    a_owns_b = owns(conn, a, b, "51")
    b_lobbies = lobbies(conn, b, mp2)
    owns(conn, c, a, "20")  # a side branch that leads nowhere

    [path] = tp.influence_paths(conn, mp, mp2, directed=True)
    assert path.nodes == (mp, a, b, mp2)
    assert path.kinds == ("financial_interest", "ownership", "lobbying")
    assert [s.edge.edge_id for s in path.steps] == [stake, a_owns_b, b_lobbies]
    assert all(s.forward for s in path.steps)
    assert path.steps[0].edge.source == tp.Node("sponsor", mp)

    # Against the direction of the edges: nothing when directed, the mirror path when not.
    assert tp.influence_paths(conn, mp2, mp, directed=True) == []
    [back] = tp.influence_paths(conn, mp2, mp)
    assert back.nodes == (mp2, b, a, mp)
    assert [s.forward for s in back.steps] == [False, False, False]

    assert tp.influence_paths(conn, mp, mp2, max_hops=2) == []
    assert tp.influence_paths(conn, mp, mp2, kinds=["ownership", "lobbying"]) == []
    assert tp.influence_paths(conn, mp, mp) == []


def test_paths_through_a_cycle_end(conn: Connection) -> None:
    """A -> B -> C -> A (a cycle) and C -> D: every path is simple, and the search terminates."""
    a, b, c, d = (entity(conn, n) for n in "ABCD")
    owns(conn, a, b, "50")
    owns(conn, b, c, "50")
    owns(conn, c, a, "50")
    owns(conn, c, d, "50")
    directed = tp.influence_paths(conn, a, d, max_hops=6, directed=True)
    assert [p.nodes for p in directed] == [(a, b, c, d)]
    undirected = tp.influence_paths(conn, a, d, max_hops=6)
    assert sorted(p.nodes for p in undirected) == sorted([(a, c, d), (a, b, c, d)])
    assert [p.hops for p in undirected] == [2, 3]  # shortest first
    for path in undirected:
        assert len(set(path.nodes)) == len(path.nodes)


def test_multi_edges_are_distinct_paths_and_max_paths_caps(conn: Connection) -> None:
    a, b = entity(conn, "A"), entity(conn, "B")
    owns(conn, a, b, "30")
    influence(conn, a, b, relationship_type="shared_directors")
    paths = tp.influence_paths(conn, a, b)
    assert sorted(p.kinds for p in paths) == [("influence",), ("ownership",)]
    assert len(tp.influence_paths(conn, a, b, max_paths=1)) == 1


@pytest.mark.parametrize("max_hops", [0, tp.MAX_HOPS + 1])
def test_influence_paths_bounds_the_depth(conn: Connection, max_hops: int) -> None:
    with pytest.raises(ValueError, match="max_hops"):
        tp.influence_paths(conn, uuid.uuid4(), uuid.uuid4(), max_hops=max_hops)


def brute_force_paths(
    edges: list[tuple[uuid.UUID, uuid.UUID, uuid.UUID]], start: uuid.UUID, end: uuid.UUID, max_hops: int, directed: bool
) -> set[tuple[tuple[uuid.UUID, bool], ...]]:
    """All simple paths start -> end as sequences of (edge id, forward), by depth-first search."""
    found: set[tuple[tuple[uuid.UUID, bool], ...]] = set()

    def walk(node: uuid.UUID, seen: list[uuid.UUID], steps: list[tuple[uuid.UUID, bool]]) -> None:
        if node == end:
            found.add(tuple(steps))
            return
        if len(steps) == max_hops:
            return
        for edge_id, src, dst in edges:
            for here, there, forward in ((src, dst, True), (dst, src, False)):
                if here == node and there not in seen and (forward or not directed):
                    walk(there, [*seen, there], [*steps, (edge_id, forward)])

    walk(start, [start], [])
    return found


@pytest.mark.parametrize("seed", range(6))
def test_paths_match_a_brute_force_search_on_random_graphs(conn: Connection, seed: int) -> None:
    """Random small graphs with cycles and parallel edges: the bidirectional SQL search finds exactly the
    simple paths a depth-first search finds, for every length bound, directed and undirected."""
    rng = random.Random(seed)
    nodes = [entity(conn, f"N{i}") for i in range(7)]
    edges: list[tuple[uuid.UUID, uuid.UUID, uuid.UUID]] = []
    pairs = [(x, y) for x in nodes for y in nodes if x != y]
    for x, y in rng.sample(pairs, 13):
        edges.append((owns(conn, x, y, str(rng.randint(1, 100))), x, y))
    for x, y in rng.sample(pairs, 5):
        edges.append((influence(conn, x, y, relationship_type="board_interlock"), x, y))
    for _ in range(4):
        start, end = rng.sample(nodes, 2)
        for max_hops in (1, 2, 3, 4, 5):
            for directed in (True, False):
                expected = brute_force_paths(edges, start, end, max_hops, directed)
                got = tp.influence_paths(conn, start, end, max_hops, directed=directed, max_paths=10_000)
                as_steps = {tuple((s.edge.edge_id, s.forward) for s in p.steps) for p in got}
                assert len(got) == len(as_steps), "a path was reported twice"
                assert as_steps == expected, (seed, max_hops, directed)
                for p in got:
                    assert p.nodes[0] == start and p.nodes[-1] == end and p.hops <= max_hops
                    assert [p.hops for p in got] == sorted(p.hops for p in got)


# ----------------------------------------------------------------------------------- ownership chains


def test_ownership_chain_up_and_down(conn: Connection) -> None:
    """Top owns 60% of Mid, Mid owns 50% of Target, Target owns 100% of Leaf."""
    top, mid, target, leaf = (entity(conn, n) for n in ("Top", "Mid", "Target", "Leaf"))
    owns(conn, top, mid, "60")
    owns(conn, mid, target, "50")
    owns(conn, target, leaf, "100")
    chain = tp.ownership_chain(conn, target)
    assert [(o.name, o.depth, o.effective_percentage, o.is_terminal) for o in chain.owners] == [
        ("Mid", 1, Decimal("50.0000"), False),
        ("Top", 2, Decimal("30.0000"), True),
    ]
    assert chain.owners[1].path == (target, mid, top)
    assert [o.entity_id for o in chain.ultimate_owners] == [top]
    assert [(o.name, o.effective_percentage, o.is_terminal) for o in chain.owned] == [
        ("Leaf", Decimal("100.0000"), True)
    ]
    assert (chain.has_cycle, chain.truncated) == (False, False)

    shallow = tp.ownership_chain(conn, target, max_depth=1)
    assert [o.name for o in shallow.owners] == ["Mid"]
    assert shallow.ultimate_owners == ()
    assert shallow.truncated is True


def test_indirect_shares_add_up_over_a_diamond(conn: Connection) -> None:
    """A owns 50% of B and of C; B owns 40% and C 60% of D: A holds 50% of D through two paths."""
    a, b, c, d = (entity(conn, n) for n in "ABCD")
    owns(conn, a, b, "50")
    owns(conn, a, c, "50")
    owns(conn, b, d, "40")
    owns(conn, c, d, "60")
    [top] = tp.ownership_chain(conn, d).ultimate_owners
    assert (top.entity_id, top.paths, top.effective_percentage, top.depth) == (a, 2, Decimal("50.0000"), 2)
    owned = {o.name: (o.effective_percentage, o.paths) for o in tp.ownership_chain(conn, a).owned}
    assert owned == {"B": (Decimal("50.0000"), 1), "C": (Decimal("50.0000"), 1), "D": (Decimal("50.0000"), 2)}


def test_ownership_cycles_are_detected_not_followed(conn: Connection) -> None:
    x, y, z = entity(conn, "X"), entity(conn, "Y"), entity(conn, "Z")
    owns(conn, x, y, "50")
    owns(conn, y, z, "50")
    owns(conn, z, x, "50")
    chain = tp.ownership_chain(conn, x, max_depth=10)
    assert chain.has_cycle is True
    assert [(o.name, o.depth) for o in chain.owners] == [("Z", 1), ("Y", 2)]
    assert [(o.name, o.depth) for o in chain.owned] == [("Y", 1), ("Z", 2)]
    assert chain.ultimate_owners == ()  # in a ring nobody is on top
    assert chain.truncated is False


def test_parent_company_counts_as_ownership_of_unknown_share(conn: Connection) -> None:
    group = entity(conn, "Group")
    sub = entity(conn, "Sub", parent_company_id=group)
    sub2 = entity(conn, "Sub2", parent_company_id=group)
    owns(conn, group, sub2, "75", ownership_type="subsidiary")  # the same link, recorded twice: counted once
    owns(conn, group, sub, "10", is_current=False)
    owners = tp.ownership_chain(conn, sub).owners
    assert [(o.name, o.effective_percentage, o.paths) for o in owners] == [("Group", None, 1)]
    owners = tp.ownership_chain(conn, sub2).owners
    assert [(o.name, o.effective_percentage, o.paths) for o in owners] == [("Group", Decimal("75.0000"), 1)]
    # history: the old 10% edge counts when asked for, and then it records the parent link itself
    owners = tp.ownership_chain(conn, sub, current_only=False).owners
    assert [(o.name, o.effective_percentage) for o in owners] == [("Group", Decimal("10.0000"))]


def test_ownership_chain_of_an_unconnected_entity(conn: Connection) -> None:
    lone = entity(conn, "Lone")
    assert tp.ownership_chain(conn, lone) == tp.OwnershipChain(lone, (), (), False, False)
    with pytest.raises(ValueError, match="max_depth"):
        tp.ownership_chain(conn, lone, max_depth=0)


# ---------------------------------------------------------------------------------- sponsor conflicts


def test_sponsor_conflicts(conn: Connection) -> None:
    mp, other_mp = make_sponsor(conn), make_sponsor(conn)
    own_bill = make_bill(conn, sponsor_id=mp, bill_number="NA 12/2025")
    cosponsored = make_bill(conn, sponsor_id=other_mp, bill_number="NA 13/2025")
    insert(conn, "bill_cosponsors", bill_id=cosponsored, sponsor_id=mp)
    unrelated = make_bill(conn, sponsor_id=other_mp, bill_number="NA 14/2025")

    tea, bank, holdco, mill, insurer = (entity(conn, n) for n in ("Tea Co", "Bank", "HoldCo", "Mill", "Insurer"))
    owns(conn, holdco, mill, "80")

    stake = interest(conn, mp, tea, ownership_percentage=Decimal("12.5"), estimated_value=Decimal("1000000.00"))
    spouse = interest(
        conn, mp, bank, holder_type="family_member", holder_name="Mary Achieng", relationship_to_sponsor="spouse"
    )
    via_holding = interest(conn, mp, holdco)
    interest(conn, mp, insurer, is_current=False, end_date="2020-12-31")
    disclosure = insert(conn, "financial_disclosures", sponsor_id=mp, disclosure_year=2024, disclosure_data="{}")
    line_item = interest(conn, mp, None, disclosure_id=disclosure, interest_type="income", entity_name="Consultancy")

    c_tea = conflict(conn, own_bill, entity_id=tea, conflict_severity="critical")
    c_bank = conflict(conn, cosponsored, entity_id=bank, conflict_status="disclosed")
    c_mill = conflict(conn, own_bill, entity_id=mill, conflict_severity="low")
    c_item = conflict(conn, own_bill, financial_interest_id=line_item, sponsor_id=mp, conflict_severity="high")
    conflict(conn, own_bill, entity_id=insurer)  # only a past interest
    conflict(conn, unrelated, entity_id=tea)  # a bill the MP does not sponsor

    found = tp.sponsor_conflicts(conn, mp)
    assert [(c.conflict_id, c.interest_id, c.matched_by) for c in found] == [
        (c_tea, stake, "entity"),
        (c_item, line_item, "interest"),
        (c_bank, spouse, "entity"),
    ]
    tea_row, item_row, bank_row = found
    assert tea_row.conflict_severity is Severity.CRITICAL
    assert (tea_row.bill_number, tea_row.sponsor_role, tea_row.affected_entity_name) == (
        "NA 12/2025",
        "sponsor",
        "Tea Co",
    )
    assert (tea_row.ownership_percentage, tea_row.estimated_value) == (Decimal("12.50"), Decimal("1000000.00"))
    assert tea_row.ownership_path == (tea,)
    assert (item_row.interest_entity_name, item_row.disclosure_id, item_row.ownership_path) == (
        "Consultancy",
        disclosure,
        (),
    )
    assert (bank_row.sponsor_role, bank_row.holder_type, bank_row.holder_name) == (
        "cosponsor",
        InterestHolderType.FAMILY_MEMBER,
        "Mary Achieng",
    )
    assert bank_row.conflict_status is FinancialConflictStatus.DISCLOSED

    deep = tp.sponsor_conflicts(conn, mp, ownership_depth=2)
    [mill_row] = [c for c in deep if c.conflict_id == c_mill]
    assert (mill_row.interest_id, mill_row.matched_by, mill_row.ownership_path) == (
        via_holding,
        "ownership",
        (holdco, mill),
    )
    assert len(deep) == 4

    with_history = tp.sponsor_conflicts(conn, mp, current_only=False)
    assert len(with_history) == 4
    assert not all(c.is_current for c in with_history)

    assert tp.sponsor_conflicts(conn, other_mp) == []
    with pytest.raises(ValueError, match="ownership_depth"):
        tp.sponsor_conflicts(conn, mp, ownership_depth=-1)


def test_queries_accept_an_orm_session(conn: Connection) -> None:
    a, b = entity(conn, "A"), entity(conn, "B")
    owns(conn, a, b, "100")
    with Session(bind=conn, join_transaction_mode="create_savepoint") as session:
        assert [n.node.id for n in tp.neighbours(session, a)] == [b]
        assert [p.nodes for p in tp.influence_paths(session, a, b)] == [(a, b)]
        assert [o.entity_id for o in tp.ownership_chain(session, b).owners] == [a]


def test_graph_steps_use_the_endpoint_indexes(conn: Connection) -> None:
    """With many unrelated edges, one step of a search is an index probe per table, not a scan."""
    hub = entity(conn, "Hub")
    conn.execute(
        text(
            "INSERT INTO corporate_entities (name, entity_type)"
            " SELECT 'Filler ' || g, 'corporation' FROM generate_series(1, 2000) g"
        )
    )
    conn.execute(
        text(
            "INSERT INTO cross_sector_ownership (owner_entity_id, owned_entity_id, ownership_type)"
            " SELECT a.id, b.id, 'direct_shareholding' FROM"
            " (SELECT id, row_number() OVER (ORDER BY id) n FROM corporate_entities WHERE name LIKE 'Filler %') a"
            " JOIN (SELECT id, row_number() OVER (ORDER BY id) n FROM corporate_entities WHERE name LIKE 'Filler %') b"
            " ON b.n = a.n % 2000 + 1"
        )
    )
    conn.execute(text("ANALYZE corporate_entities, cross_sector_ownership"))
    queries = {
        "neighbours": (
            tp._NEIGHBOURS_SQL,
            {"node_id": hub, "want_out": True, "want_in": True, "kinds": [], "current_only": True},
        ),
        "paths": (
            tp._PATHS_SQL,
            {
                "from_id": hub,
                "to_id": uuid.uuid4(),
                "fwd_max": 2,
                "bwd_max": 2,
                "directed": False,
                "kinds": [],
                "current_only": True,
                "max_paths": 10,
            },
        ),
        "owners": (tp._OWNERS_SQL, {"entity_id": hub, "max_depth": 5, "current_only": True}),
    }
    for name, (statement, params) in queries.items():
        plan = "\n".join(r[0] for r in conn.execute(text("EXPLAIN " + statement.text), params))
        assert "Seq Scan on cross_sector_ownership" not in plan, (name, plan)
        assert "cross_sector_ownership" in plan, name
