"""advanced_discovery against PostgreSQL: the search log (personal data, anonymous searches), discovery patterns,
bill relationships stored once per pair, trending topics and recommendations; every FK and CHECK."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from sqlalchemy import Connection, select, text
from sqlalchemy.orm import Session

from chanuka_db.graph import ordered_pair
from chanuka_db.schema import metadata
from chanuka_db.schema.advanced_discovery import BillRelationship, DiscoveryPattern, SearchQuery, UserRecommendation
from tests.schema.conftest import Rejects
from tests.schema.constraint_checks import (
    assert_dangling_rejected,
    assert_on_delete,
    domain_tables,
    enum_columns,
    foreign_keys,
    leads_an_index,
    live_check_names,
)
from tests.schema.factories import insert, make_bill, make_user

TABLES = domain_tables("advanced_discovery")


def make_bill_relationship(conn: Connection, **kw: object) -> uuid.UUID:
    """Two new bills related as 'similar', validated by a new user."""
    a, b = ordered_pair(make_bill(conn), make_bill(conn))
    now = conn.execute(text("SELECT now()")).scalar_one()
    values = {
        "bill_a_id": a,
        "bill_b_id": b,
        "relationship_type": "similar",
        "validated_by": make_user(conn),
        "validated_at": now,
        **kw,
    }
    return insert(conn, "bill_relationships", **values)


FACTORIES: dict[str, Callable[[Connection], uuid.UUID]] = {
    "search_queries": lambda c: insert(c, "search_queries", user_id=make_user(c), query_text="finance bill 2025"),
    "discovery_patterns": lambda c: insert(c, "discovery_patterns", pattern_type="trending", entity_ids=[uuid.uuid4()]),
    "bill_relationships": make_bill_relationship,
    "trending_topics": lambda c: insert(c, "trending_topics", topic_name="housing levy", trend_score=87.5),
    "user_recommendations": lambda c: insert(
        c,
        "user_recommendations",
        user_id=make_user(c),
        recommendation_type="bill",
        entity_type="bill",
        entity_id=uuid.uuid4(),
    ),
}


def test_factories_cover_the_domain() -> None:
    assert sorted(FACTORIES) == TABLES
    assert enum_columns(TABLES) == []  # no documented value sets in this domain: nothing became an enum


@pytest.mark.parametrize("table", TABLES)
def test_minimal_row(conn: Connection, table: str) -> None:
    FACTORIES[table](conn)


@pytest.mark.parametrize(("table", "column", "referred", "rule"), foreign_keys(TABLES))
def test_foreign_key(conn: Connection, rejects: Rejects, table: str, column: str, referred: str, rule: str) -> None:
    assert leads_an_index(conn, table, column), f"{table}.{column} leads no index"
    assert rule != "NO ACTION", "feature-domain foreign keys say what a deletion does"
    row_id = FACTORIES[table](conn)
    # bill_a_id < bill_b_id must still hold, so the missing bill is the smallest or the largest uuid.
    missing = {"bill_a_id": uuid.UUID(int=0), "bill_b_id": uuid.UUID(int=2**128 - 1)}.get(column)
    assert_dangling_rejected(rejects, table, row_id, column, missing)
    assert_on_delete(conn, rejects, table, row_id, column, referred, rule)


CHECKS = [
    ("search_queries", "results_returned = -1", "ck_search_queries_counts"),
    ("search_queries", "results_clicked = -1", "ck_search_queries_counts"),
    ("search_queries", "query_satisfaction = 1.5", "ck_search_queries_query_satisfaction"),
    ("discovery_patterns", "entity_ids = '{}'", "ck_discovery_patterns_entity_ids_not_empty"),
    ("discovery_patterns", "pattern_strength = -1", "ck_discovery_patterns_non_negative"),
    ("discovery_patterns", "validation_count = -1", "ck_discovery_patterns_non_negative"),
    ("discovery_patterns", "confidence_score = 1.1", "ck_discovery_patterns_confidence_score"),
    (
        "discovery_patterns",
        "expires_at = detected_at - interval '1 hour'",
        "ck_discovery_patterns_expires_after_detected",
    ),
    ("bill_relationships", "bill_a_id = bill_b_id, bill_b_id = bill_a_id", "ck_bill_relationships_ordered_pair"),
    ("bill_relationships", "bill_b_id = bill_a_id", "ck_bill_relationships_ordered_pair"),
    ("bill_relationships", "relationship_strength = -1", "ck_bill_relationships_relationship_strength"),
    (
        "bill_relationships",
        "validated_at = discovered_at - interval '1 day'",
        "ck_bill_relationships_validated_after_discovered",
    ),
    ("trending_topics", "search_volume = -1", "ck_trending_topics_volumes"),
    ("trending_topics", "engagement_volume = -1", "ck_trending_topics_volumes"),
    ("trending_topics", "sentiment_score = 1.5", "ck_trending_topics_sentiment_score"),
    (
        "trending_topics",
        "expires_at = calculated_at - interval '1 hour'",
        "ck_trending_topics_expires_after_calculated",
    ),
    ("user_recommendations", "recommendation_score = -1", "ck_user_recommendations_recommendation_score"),
    ("user_recommendations", "feedback_score = -1.5", "ck_user_recommendations_feedback_score"),
    (
        "user_recommendations",
        "expires_at = created_at - interval '1 hour'",
        "ck_user_recommendations_expires_after_created",
    ),
]


@pytest.mark.parametrize(("table", "assignment", "constraint"), CHECKS)
def test_check_rejects(conn: Connection, rejects: Rejects, table: str, assignment: str, constraint: str) -> None:
    row_id = FACTORIES[table](conn)
    message = rejects(f"UPDATE {table} SET {assignment} WHERE id = :i", {"i": row_id}, sqlstate="23514")
    assert constraint in message


def test_every_check_has_a_counter_example(conn: Connection) -> None:
    assert live_check_names(conn, TABLES) == {c for *_, c in CHECKS}


@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("discovery_patterns", "is_active"),
        ("discovery_patterns", "validation_count"),
        ("discovery_patterns", "detected_at"),
        ("bill_relationships", "is_active"),
        ("bill_relationships", "discovered_at"),
        ("trending_topics", "search_volume"),
        ("trending_topics", "related_bill_ids"),
        ("user_recommendations", "is_viewed"),
        ("search_queries", "created_at"),
    ],
)
def test_flags_counters_and_times_are_not_null(conn: Connection, rejects: Rejects, table: str, column: str) -> None:
    row_id = FACTORIES[table](conn)
    rejects(f'UPDATE {table} SET "{column}" = NULL WHERE id = :i', {"i": row_id}, sqlstate="23502")


# --- bill relationships: one row per unordered pair --------------------------------------------------------


def test_a_pair_is_stored_once(conn: Connection, rejects: Rejects) -> None:
    a, b = ordered_pair(make_bill(conn), make_bill(conn))
    insert(conn, "bill_relationships", bill_a_id=a, bill_b_id=b, relationship_type="conflicting")
    sql = "INSERT INTO bill_relationships (bill_a_id, bill_b_id) VALUES (:a, :b)"
    rejects(sql, {"a": a, "b": b}, sqlstate="23505")  # the same pair again
    rejects(sql, {"a": b, "b": a}, sqlstate="23514")  # the same pair the other way round
    rejects(sql, {"a": a, "b": a}, sqlstate="23514")  # a bill related to itself


def test_bill_relationship_round_trip(session: Session, conn: Connection) -> None:
    a, b = ordered_pair(make_bill(conn), make_bill(conn))
    rel = BillRelationship(
        bill_a_id=a,
        bill_b_id=b,
        relationship_type="dependent",
        relationship_strength=72.5,
        relationship_basis={"shared_sections": ["s3", "s7"], "method": "tfidf"},
    )
    session.add(rel)
    session.flush()
    session.expire_all()
    rel = session.get_one(BillRelationship, rel.id)
    assert rel.relationship_basis == {"shared_sections": ["s3", "s7"], "method": "tfidf"}
    assert (rel.bill_a.id, rel.bill_b.id, rel.is_active, rel.validator) == (a, b, True, None)
    assert rel.discovered_at.tzinfo is not None


# --- search log, patterns, recommendations -----------------------------------------------------------------


def test_anonymous_search_is_logged(session: Session) -> None:
    q = SearchQuery(
        query_text="mswada wa fedha",
        filters_applied={"status": ["committee_stage"]},
        results_returned=12,
        results_clicked=2,
        ip_address="41.90.64.1",
    )
    session.add(q)
    session.flush()
    session.expire(q)
    assert (q.user_id, q.user, str(q.ip_address), q.filters_applied) == (
        None,
        None,
        "41.90.64.1",
        {"status": ["committee_stage"]},
    )


def test_search_personal_data_is_marked() -> None:
    log = metadata.tables["search_queries"]
    assert {c.name for c in log.columns if c.info.get("pii")} == {
        "user_id",
        "query_text",
        "session_id",
        "user_agent",
        "ip_address",
    }


def test_patterns_involving_an_entity(session: Session) -> None:
    bill = uuid.uuid4()
    session.add_all(
        [
            DiscoveryPattern(pattern_type="controversial", entity_ids=[bill, uuid.uuid4()], pattern_metadata={"n": 2}),
            DiscoveryPattern(pattern_type="trending", entity_ids=[uuid.uuid4()]),
        ]
    )
    session.flush()
    found = session.scalars(select(DiscoveryPattern).where(DiscoveryPattern.entity_ids.contains([bill]))).all()
    assert [p.pattern_type for p in found] == ["controversial"]
    assert found[0].is_active is True and found[0].validation_count == 0


def test_recommendations_go_with_their_user(session: Session, conn: Connection) -> None:
    user = make_user(conn)
    session.add(UserRecommendation(user_id=user, recommendation_type="bill", recommendation_reason={"tags": ["tax"]}))
    session.flush()
    rec = session.scalars(select(UserRecommendation).where(UserRecommendation.user_id == user)).one()
    assert (rec.is_viewed, rec.is_clicked, rec.is_bookmarked, rec.user.id) == (False, False, False, user)
    conn.execute(text("DELETE FROM users WHERE id = :u"), {"u": user})
    assert conn.execute(text("SELECT count(*) FROM user_recommendations WHERE user_id = :u"), {"u": user}).scalar() == 0
