"""Search and discovery: the log of search queries, detected discovery patterns, relationships between bills,
trending topics and per-user recommendations.

The old TypeScript declared almost every column nullable and every foreign key without an ON DELETE rule;
here flags, counters and detection times are NOT NULL with their defaults, and each foreign key says what a
deletion does: a user's recommendations go with the user, the search log and validations keep their rows
with the user pointer cleared, and a bill's relationships go with the bill.

``bill_relationships`` is an undirected graph stored once per pair (``bill_a_id < bill_b_id``); both ends
lead an index, and :mod:`chanuka_db.graph` reads the pair in both directions.
"""

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column, relationship

from chanuka_db.schema.base import PII, Base, CreatedAt, UUIDPrimaryKey, ip_type
from chanuka_db.schema.foundation import Bill, User

DOMAIN = "advanced_discovery"


def _unit_interval(column: str) -> CheckConstraint:
    """``column`` is NULL or between 0 and 1."""
    return CheckConstraint(f"{column} IS NULL OR ({column} >= 0 AND {column} <= 1)", name=column)


def _non_negative(*columns: str, name: str) -> CheckConstraint:
    """Every one of ``columns`` is NULL or >= 0."""
    return CheckConstraint(" AND ".join(f"({c} IS NULL OR {c} >= 0)" for c in columns), name=name)


class SearchQuery(UUIDPrimaryKey, CreatedAt, Base):
    """Log of search queries with intent, context, filters, result/click counts, implicit satisfaction,
    session and client info.
    """

    __tablename__ = "search_queries"
    __table_args__ = (
        Index("ix_search_queries_user_id", "user_id"),
        Index("ix_search_queries_created_at", "created_at"),
        Index("ix_search_queries_query_intent", "query_intent"),
        Index("ix_search_queries_session_id", "session_id"),
        Index("ix_search_queries_query_satisfaction", "query_satisfaction"),
        _non_negative("results_returned", "results_clicked", name="counts"),
        _unit_interval("query_satisfaction"),
        {
            "comment": "Log of search queries with intent, context, filters, result/click counts, "
            "implicit satisfaction, session and client info."
        },
    )

    user_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True),
        ForeignKey("users.id", ondelete="SET NULL"),
        info=PII,
        comment="NULL for anonymous searches; cleared when the user is deleted (the log stays)",
    )
    query_text: Mapped[str] = mapped_column(Text, info=PII, comment="As typed by the user: may hold personal data")
    query_intent: Mapped[str | None] = mapped_column(String(50))
    search_context: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    filters_applied: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    results_returned: Mapped[int | None] = mapped_column(Integer)
    results_clicked: Mapped[int | None] = mapped_column(Integer)
    query_satisfaction: Mapped[Decimal | None] = mapped_column(Numeric(3, 2), comment="Range: 0.00 to 1.00")
    session_id: Mapped[str | None] = mapped_column(String(255), info=PII)
    user_agent: Mapped[str | None] = mapped_column(Text, info=PII)
    ip_address: Mapped[str | None] = mapped_column(ip_type(), info=PII)

    user: Mapped[User | None] = relationship()


class DiscoveryPattern(UUIDPrimaryKey, Base):
    """Detected, time-bounded patterns over sets of bills/topics (trending, controversial, clusters,
    impact predictions) with strength/confidence.
    """

    __tablename__ = "discovery_patterns"
    __table_args__ = (
        Index("ix_discovery_patterns_pattern_type", "pattern_type"),
        Index("ix_discovery_patterns_detected_at", "detected_at"),
        Index("ix_discovery_patterns_expires_at", "expires_at"),
        Index("ix_discovery_patterns_pattern_strength", "pattern_strength"),
        Index("ix_discovery_patterns_is_active", "is_active"),
        Index("ix_discovery_patterns_confidence_score", "confidence_score"),
        # "Which active patterns involve bill X?" (entity_ids @> ARRAY[X]).
        Index("ix_discovery_patterns_entity_ids", "entity_ids", postgresql_using="gin"),
        CheckConstraint("cardinality(entity_ids) >= 1", name="entity_ids_not_empty"),
        _non_negative("pattern_strength", "validation_count", name="non_negative"),
        _unit_interval("confidence_score"),
        CheckConstraint("expires_at IS NULL OR expires_at > detected_at", name="expires_after_detected"),
        {
            "comment": "Detected, time-bounded patterns over sets of bills/topics (trending, "
            "controversial, clusters, impact predictions) with strength/confidence."
        },
    )

    pattern_type: Mapped[str | None] = mapped_column(String(50))
    entity_ids: Mapped[list[uuid.UUID]] = mapped_column(ARRAY(UUID(as_uuid=True)))
    pattern_strength: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    pattern_metadata: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    detected_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    validation_count: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    confidence_score: Mapped[Decimal | None] = mapped_column(Numeric(3, 2), comment="Range: 0.00 to 1.00")
    impact_score: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    is_active: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))


class BillRelationship(UUIDPrimaryKey, CreatedAt, Base):
    """Pairwise relation between two bills (similar, conflicting, dependent, superseding) with
    strength, basis, discoverer and validation.
    """

    __tablename__ = "bill_relationships"
    __table_args__ = (
        # With the ordering check, the unique pair stores each unordered pair once. Its index leads with
        # bill_a_id (the old separate index on bill_a_id alone was redundant and is gone).
        UniqueConstraint("bill_a_id", "bill_b_id"),
        CheckConstraint("bill_a_id < bill_b_id", name="ordered_pair"),
        Index("ix_bill_relationships_bill_b_id", "bill_b_id"),
        Index("ix_bill_relationships_relationship_type", "relationship_type"),
        Index("ix_bill_relationships_relationship_strength", "relationship_strength"),
        Index("ix_bill_relationships_discovered_by", "discovered_by"),
        Index("ix_bill_relationships_is_active", "is_active"),
        Index("ix_bill_relationships_validated_by", "validated_by"),
        _non_negative("relationship_strength", name="relationship_strength"),
        CheckConstraint(
            "validated_at IS NULL OR validated_at >= discovered_at", name="validated_after_discovered"
        ),
        {
            "comment": "Pairwise relation between two bills (similar, conflicting, dependent, "
            "superseding) with strength, basis, discoverer and validation."
        },
    )

    bill_a_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True),
        ForeignKey("bills.id", ondelete="CASCADE"),
        comment="The smaller of the two bill ids (bill_a_id < bill_b_id): each pair is stored once",
    )
    bill_b_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("bills.id", ondelete="CASCADE"), comment="The larger of the two bill ids"
    )
    relationship_type: Mapped[str | None] = mapped_column(String(50))
    relationship_strength: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    relationship_basis: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    discovered_by: Mapped[str | None] = mapped_column(String(50))
    discovered_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    validated_by: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="SET NULL")
    )
    validated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    is_active: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))

    bill_a: Mapped[Bill] = relationship(foreign_keys=[bill_a_id])
    bill_b: Mapped[Bill] = relationship(foreign_keys=[bill_b_id])
    validator: Mapped[User | None] = relationship(foreign_keys=[validated_by])


class TrendingTopic(UUIDPrimaryKey, Base):
    """Topic trend scores and velocity with related bills, search/engagement volume, sentiment, expiry."""

    __tablename__ = "trending_topics"
    __table_args__ = (
        Index("ix_trending_topics_topic_name", "topic_name"),
        Index("ix_trending_topics_topic_category", "topic_category"),
        Index("ix_trending_topics_trend_score", "trend_score"),
        Index("ix_trending_topics_trend_velocity", "trend_velocity"),
        Index("ix_trending_topics_calculated_at", "calculated_at"),
        Index("ix_trending_topics_expires_at", "expires_at"),
        _non_negative("search_volume", "engagement_volume", name="volumes"),
        CheckConstraint(
            "sentiment_score IS NULL OR (sentiment_score >= -1 AND sentiment_score <= 1)", name="sentiment_score"
        ),
        CheckConstraint("expires_at IS NULL OR expires_at > calculated_at", name="expires_after_calculated"),
        {
            "comment": "Topic trend scores and velocity with related bills, search/engagement volume, "
            "sentiment, expiry."
        },
    )

    topic_name: Mapped[str] = mapped_column(String(255))
    topic_category: Mapped[str | None] = mapped_column(String(100))
    trend_score: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    trend_velocity: Mapped[Decimal | None] = mapped_column(
        Numeric(8, 2), comment="Change of trend_score; may be negative"
    )
    related_bill_ids: Mapped[list[uuid.UUID]] = mapped_column(
        ARRAY(UUID(as_uuid=True)), server_default=text("'{}'")
    )
    search_volume: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    engagement_volume: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    sentiment_score: Mapped[Decimal | None] = mapped_column(Numeric(3, 2), comment="Range: -1.00 to 1.00")
    trend_metadata: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    calculated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class UserRecommendation(UUIDPrimaryKey, CreatedAt, Base):
    """Recommendations of bills/topics/experts/discussions for a user, with score, reason, algorithm
    version and interaction flags.
    """

    __tablename__ = "user_recommendations"
    __table_args__ = (
        Index("ix_user_recommendations_user_id", "user_id"),
        Index("ix_user_recommendations_recommendation_type", "recommendation_type"),
        Index("ix_user_recommendations_entity_type_entity_id", "entity_type", "entity_id"),
        Index("ix_user_recommendations_recommendation_score", "recommendation_score"),
        Index("ix_user_recommendations_is_viewed", "is_viewed"),
        Index("ix_user_recommendations_created_at", "created_at"),
        Index("ix_user_recommendations_expires_at", "expires_at"),
        _non_negative("recommendation_score", name="recommendation_score"),
        CheckConstraint(
            "feedback_score IS NULL OR (feedback_score >= -1 AND feedback_score <= 1)", name="feedback_score"
        ),
        CheckConstraint("expires_at IS NULL OR expires_at > created_at", name="expires_after_created"),
        {
            "comment": "Recommendations of bills/topics/experts/discussions for a user, with score, "
            "reason, algorithm version and interaction flags."
        },
    )

    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"))
    recommendation_type: Mapped[str | None] = mapped_column(String(50))
    entity_type: Mapped[str | None] = mapped_column(String(50))
    entity_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    recommendation_score: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    recommendation_reason: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    algorithm_version: Mapped[str | None] = mapped_column(String(20))
    is_viewed: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    is_clicked: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    is_bookmarked: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    feedback_score: Mapped[Decimal | None] = mapped_column(
        Numeric(3, 2), comment="Range: -1.00 (negative) to 1.00 (positive)"
    )
    expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship()
