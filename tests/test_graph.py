"""chanuka_db.graph against PostgreSQL: the provision hierarchy (ancestors, subtree) and the argument and bill
graphs (neighbours, bounded paths with cycles, symmetric bill pairs), each on the indexes it relies on."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Connection, text
from sqlalchemy.orm import Session
from sqlalchemy.sql import ClauseElement

from chanuka_db import graph
from chanuka_db.engine import Database
from chanuka_db.graph import ARGUMENTS, BILLS, EdgeTable, GraphPath, ordered_pair
from tests.schema.factories import insert, make_bill


@pytest.fixture
def conn(chanuka_db: Database) -> Iterator[Connection]:
    """A connection in a transaction rolled back after the test."""
    with chanuka_db.engine.connect() as connection:
        tx = connection.begin()
        try:
            yield connection
        finally:
            tx.rollback()


@pytest.fixture
def session(conn: Connection) -> Iterator[Session]:
    with Session(bind=conn, join_transaction_mode="create_savepoint") as s:
        yield s


def plan(conn: Connection, stmt: ClauseElement) -> str:
    """EXPLAIN of ``stmt`` with sequential scans discouraged: an index that can serve it will show up."""
    sql = stmt.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True})
    conn.execute(text("SET LOCAL enable_seqscan = off"))  # until the test's transaction is rolled back
    return "\n".join(conn.exec_driver_sql(f"EXPLAIN {sql}").scalars())


# --- the provision hierarchy -------------------------------------------------------------------------------


@pytest.fixture
def constitution(conn: Connection) -> dict[str, uuid.UUID]:
    """A small constitution: chapter 4 (articles 26 and 27 with sections and clauses) and chapter 5."""
    rows = {
        "ch4": (4, None, None, None), "ch4.art26": (4, 26, None, None), "ch4.art27": (4, 27, None, None),
        "ch4.art27.cl3": (4, 27, None, 3), "ch4.art27.sec1": (4, 27, 1, None), "ch4.art27.sec1.cl1": (4, 27, 1, 1),
        "ch4.art27.sec1.cl2": (4, 27, 1, 2), "ch4.art27.sec2": (4, 27, 2, None), "ch5": (5, None, None, None),
        "ch5.art60": (5, 60, None, None),
    }
    ids = {}
    for path, (ch, art, sec, cl) in rows.items():
        ids[path] = insert(conn, "constitutional_provisions", chapter_number=ch, article_number=art,
                           section_number=sec, clause_number=cl, title=path, full_text=f"Text of {path}")
    return ids


def paths_of(provisions: list[Any]) -> list[str]:
    return [p.path for p in provisions]


def test_ancestors_outermost_first(session: Session, constitution: dict[str, uuid.UUID]) -> None:
    clause = constitution["ch4.art27.sec1.cl2"]
    assert paths_of(graph.ancestors(session, clause)) == ["ch4", "ch4.art27", "ch4.art27.sec1"]
    assert paths_of(graph.ancestors(session, clause, include_self=True))[-1] == "ch4.art27.sec1.cl2"
    # A clause directly under its article (no section) has no section among its ancestors.
    assert paths_of(graph.ancestors(session, constitution["ch4.art27.cl3"])) == ["ch4", "ch4.art27"]
    assert graph.ancestors(session, constitution["ch5"]) == []
    assert graph.ancestors(session, uuid.uuid4()) == []


def test_subtree_in_document_order(session: Session, constitution: dict[str, uuid.UUID]) -> None:
    assert paths_of(graph.subtree(session, constitution["ch4.art27"])) == [
        "ch4.art27", "ch4.art27.cl3", "ch4.art27.sec1", "ch4.art27.sec1.cl1", "ch4.art27.sec1.cl2", "ch4.art27.sec2",
    ]
    assert paths_of(graph.subtree(session, constitution["ch4"], max_depth=1)) == ["ch4", "ch4.art26", "ch4.art27"]
    assert paths_of(graph.subtree(session, constitution["ch5"], include_self=False)) == ["ch5.art60"]
    assert graph.subtree(session, constitution["ch4.art26"], include_self=False) == []
    assert graph.subtree(session, uuid.uuid4()) == []
    with pytest.raises(ValueError, match="max_depth"):
        graph.subtree(session, constitution["ch4"], max_depth=-1)


def test_hierarchy_queries_use_the_gist_index(conn: Connection, constitution: dict[str, uuid.UUID]) -> None:
    for stmt in (graph.ancestors_query(constitution["ch4.art27.sec1.cl2"]), graph.subtree_query(constitution["ch4"])):
        assert "ix_constitutional_provisions_path" in plan(conn, stmt)


# --- the argument graph ------------------------------------------------------------------------------------


@pytest.fixture
def arguments(conn: Connection) -> dict[str, uuid.UUID]:
    """a -> b -> c -> a (a cycle), a -> d -> c, and e alone; edges typed and weighted."""
    bill = make_bill(conn)
    ids = {
        name: insert(conn, "arguments", bill_id=bill, argument_text=f"argument {name}", position="support",
                     extraction_method="manual")
        for name in "abcde"
    }
    for src, dst, kind, strength in [("a", "b", "supports", 0.9), ("b", "c", "refines", 0.5),
                                     ("c", "a", "contradicts", 0.7), ("a", "d", "supports", 0.2),
                                     ("d", "c", "supports", None)]:
        ids[f"{src}{dst}"] = insert(conn, "argument_relationships", source_argument_id=ids[src],
                                    target_argument_id=ids[dst], relationship_type=kind, detected_by="manual",
                                    strength=strength)
    return ids


def names(ids: dict[str, uuid.UUID], values: tuple[uuid.UUID, ...] | list[uuid.UUID]) -> str:
    back = {v: k for k, v in ids.items()}
    return "".join(back[v] for v in values)


def test_argument_neighbours_by_direction(session: Session, arguments: dict[str, uuid.UUID]) -> None:
    a = arguments["a"]
    both = graph.neighbours(session, a, graph=ARGUMENTS)
    assert [(names(arguments, [n.node_id]), n.direction, n.relationship_type) for n in both] == [
        ("b", "out", "supports"), ("c", "in", "contradicts"), ("d", "out", "supports")]  # strongest first
    assert [n.edge_id for n in both] == [arguments["ab"], arguments["ca"], arguments["ad"]]
    assert names(arguments, [n.node_id for n in graph.neighbours(session, a, graph=ARGUMENTS, direction="out")]) == "bd"
    assert names(arguments, [n.node_id for n in graph.neighbours(session, a, graph=ARGUMENTS, direction="in")]) == "c"
    typed = graph.neighbours(session, a, graph=ARGUMENTS, relationship_types=["contradicts"])
    assert [n.node_id for n in typed] == [arguments["c"]]
    assert graph.neighbours(session, arguments["e"], graph=ARGUMENTS) == []


def test_argument_paths_follow_edge_direction(session: Session, arguments: dict[str, uuid.UUID]) -> None:
    a, c = arguments["a"], arguments["c"]
    found = graph.paths(session, a, c, 2, graph=ARGUMENTS)
    assert sorted(names(arguments, p.nodes) for p in found) == ["abc", "adc"]
    assert all(p.hops == 2 for p in found)
    abc = next(p for p in found if names(arguments, p.nodes) == "abc")
    assert abc.edges == (arguments["ab"], arguments["bc"])
    # One hop: a -> c does not exist, only c -> a; walking both ways finds it.
    assert graph.paths(session, a, c, 1, graph=ARGUMENTS) == []
    assert graph.paths(session, a, c, 1, graph=ARGUMENTS, direction="both") == [GraphPath((a, c), (arguments["ca"],))]
    assert graph.paths(session, c, a, 1, graph=ARGUMENTS, direction="in") == []
    assert graph.paths(session, a, a, 3, graph=ARGUMENTS) == [GraphPath((a,), ())]


def test_paths_are_shortest_first_and_limited(session: Session, arguments: dict[str, uuid.UUID]) -> None:
    a, c = arguments["a"], arguments["c"]
    found = graph.paths(session, a, c, 4, graph=ARGUMENTS, direction="both")
    hops = [p.hops for p in found]
    assert hops == sorted(hops) and hops[0] == 1
    assert {names(arguments, p.nodes) for p in found} == {"ac", "abc", "adc"}
    assert len(graph.paths(session, a, c, 4, graph=ARGUMENTS, direction="both", limit=2)) == 2
    typed = graph.paths(session, a, c, 4, graph=ARGUMENTS, relationship_types=["supports"])
    assert [names(arguments, p.nodes) for p in typed] == ["adc"]


def test_cycles_end_and_paths_are_simple(session: Session, arguments: dict[str, uuid.UUID]) -> None:
    # Every walk around the a-b-c-d cycles is bounded; the isolated e is never reached.
    assert graph.paths(session, arguments["a"], arguments["e"], graph.MAX_HOPS, graph=ARGUMENTS,
                       direction="both") == []
    for p in graph.paths(session, arguments["b"], arguments["d"], graph.MAX_HOPS, graph=ARGUMENTS, direction="both"):
        assert len(set(p.nodes)) == len(p.nodes)
        assert p.nodes[0] == arguments["b"] and p.nodes[-1] == arguments["d"]


@pytest.mark.parametrize("bad", [0, -1, graph.MAX_HOPS + 1])
def test_max_hops_is_bounded(session: Session, bad: int) -> None:
    with pytest.raises(ValueError, match="max_hops"):
        graph.paths(session, uuid.uuid4(), uuid.uuid4(), bad, graph=ARGUMENTS)


def test_only_known_graphs(session: Session) -> None:
    other = EdgeTable("comments", "parent_comment_id", "id", True, "position", "sentiment_score")
    with pytest.raises(ValueError, match="unknown graph"):
        graph.neighbours(session, uuid.uuid4(), graph=other)
    with pytest.raises(ValueError, match="direction"):
        graph.neighbours(session, uuid.uuid4(), graph=ARGUMENTS, direction="sideways")  # type: ignore[arg-type]


def test_argument_graph_queries_use_indexes_both_ways(conn: Connection) -> None:
    node = uuid.uuid4()
    for stmt in (graph.neighbours_query(node, graph=ARGUMENTS, direction="both"),
                 graph.paths_query(node, uuid.uuid4(), 3, graph=ARGUMENTS, direction="both")):
        text_plan = plan(conn, stmt)
        assert "Seq Scan on argument_relationships" not in text_plan
        assert "source_argument_id" in text_plan and "target_argument_id" in text_plan


# --- the bill graph: one row per pair, read both ways ------------------------------------------------------


@pytest.fixture
def bills(conn: Connection) -> dict[str, uuid.UUID]:
    """w - x - y - z as a chain of stored pairs; y - z is inactive."""
    ids = {name: make_bill(conn) for name in "wxyz"}
    for left, right, active in [("w", "x", True), ("x", "y", True), ("y", "z", False)]:
        a, b = ordered_pair(ids[left], ids[right])
        ids[left + right] = insert(conn, "bill_relationships", bill_a_id=a, bill_b_id=b, relationship_type="similar",
                                   is_active=active, relationship_strength=50)
    return ids


def test_bill_neighbours_ignore_storage_order(session: Session, bills: dict[str, uuid.UUID]) -> None:
    x = bills["x"]
    found = graph.neighbours(session, x, graph=BILLS)
    assert sorted(names(bills, [n.node_id]) for n in found) == ["w", "y"]
    assert {n.direction for n in found} == {"both"}
    assert graph.neighbours(session, x, graph=BILLS, direction="out") == found  # undirected: no direction
    assert graph.neighbours(session, bills["z"], graph=BILLS) == []  # its only edge is inactive
    inactive = graph.neighbours(session, bills["z"], graph=BILLS, include_inactive=True)
    assert [n.node_id for n in inactive] == [bills["y"]]


def test_bill_paths_both_ways(session: Session, bills: dict[str, uuid.UUID]) -> None:
    w, y, z = bills["w"], bills["y"], bills["z"]
    assert [names(bills, p.nodes) for p in graph.paths(session, w, y, 3, graph=BILLS)] == ["wxy"]
    assert [names(bills, p.nodes) for p in graph.paths(session, y, w, 3, graph=BILLS)] == ["yxw"]
    assert graph.paths(session, w, z, 3, graph=BILLS) == []
    via_inactive = graph.paths(session, w, z, 3, graph=BILLS, include_inactive=True)
    assert [names(bills, p.nodes) for p in via_inactive] == ["wxyz"]
    assert via_inactive[0].edges == (bills["wx"], bills["xy"], bills["yz"])
    assert graph.paths(session, w, z, 2, graph=BILLS, include_inactive=True) == []  # too far


def test_bill_graph_queries_use_indexes_both_ways(conn: Connection) -> None:
    text_plan = plan(conn, graph.neighbours_query(uuid.uuid4(), graph=BILLS))
    assert "Seq Scan on bill_relationships" not in text_plan
    assert "uq_bill_relationships_bill_a_id_bill_b_id" in text_plan and "ix_bill_relationships_bill_b_id" in text_plan


def test_ordered_pair_matches_postgresql_order(conn: Connection) -> None:
    rng = random.Random(5)
    pairs = [(uuid.UUID(int=rng.getrandbits(128)), uuid.UUID(int=rng.getrandbits(128))) for _ in range(500)]
    pairs += [(uuid.UUID(int=1 << 127), uuid.UUID(int=(1 << 127) - 1)), (uuid.UUID(int=255), uuid.UUID(int=256))]
    pg = conn.execute(
        text("SELECT array_agg(a < b ORDER BY n) FROM unnest(CAST(:a AS uuid[]), CAST(:b AS uuid[])) "
             "WITH ORDINALITY AS t(a, b, n)"),
        {"a": [a for a, _ in pairs], "b": [b for _, b in pairs]},
    ).scalar_one()
    assert pg == [a < b for a, b in pairs]
    assert all(ordered_pair(a, b)[0] < ordered_pair(a, b)[1] for a, b in pairs)
    with pytest.raises(ValueError, match="itself"):
        ordered_pair(pairs[0][0], pairs[0][0])
