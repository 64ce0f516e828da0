"""Search and discovery: the log of search queries, detected discovery patterns, relationships between bills,
trending topics and per-user recommendations.
"""

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Boolean,
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
from sqlalchemy.orm import Mapped, mapped_column

from chanuka_db.schema.base import PII, Base, CreatedAt, UUIDPrimaryKey, ip_type

DOMAIN = "advanced_discovery"


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
        {
            "comment": "Log of search queries with intent, context, filters, result/click counts, "
            "implicit satisfaction, session and client info."
        },
    )

    user_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id"))
    query_text: Mapped[str] = mapped_column(Text)
    query_intent: Mapped[str | None] = mapped_column(String(50))
    search_context: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    filters_applied: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    results_returned: Mapped[int | None] = mapped_column(Integer)
    results_clicked: Mapped[int | None] = mapped_column(Integer)
    query_satisfaction: Mapped[Decimal | None] = mapped_column(Numeric(3, 2))
    session_id: Mapped[str | None] = mapped_column(String(255))
    user_agent: Mapped[str | None] = mapped_column(Text, info=PII)
    ip_address: Mapped[str | None] = mapped_column(ip_type(), info=PII)


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
        {
            "comment": "Detected, time-bounded patterns over sets of bills/topics (trending, "
            "controversial, clusters, impact predictions) with strength/confidence."
        },
    )

    pattern_type: Mapped[str | None] = mapped_column(String(50))
    entity_ids: Mapped[list[uuid.UUID]] = mapped_column(ARRAY(UUID(as_uuid=True)))
    pattern_strength: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    pattern_metadata: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    detected_at: Mapped[dt.datetime | None] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    validation_count: Mapped[int | None] = mapped_column(Integer, server_default=text("0"))
    confidence_score: Mapped[Decimal | None] = mapped_column(Numeric(3, 2))
    impact_score: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    is_active: Mapped[bool | None] = mapped_column(Boolean, server_default=text("true"))


class BillRelationship(UUIDPrimaryKey, CreatedAt, Base):
    """Pairwise relation between two bills (similar, conflicting, dependent, superseding) with
    strength, basis, discoverer and validation.
    """

    __tablename__ = "bill_relationships"
    __table_args__ = (
        UniqueConstraint("bill_a_id", "bill_b_id"),
        Index("ix_bill_relationships_bill_a_id", "bill_a_id"),
        Index("ix_bill_relationships_bill_b_id", "bill_b_id"),
        Index("ix_bill_relationships_relationship_type", "relationship_type"),
        Index("ix_bill_relationships_relationship_strength", "relationship_strength"),
        Index("ix_bill_relationships_discovered_by", "discovered_by"),
        Index("ix_bill_relationships_is_active", "is_active"),
        Index("ix_bill_relationships_validated_by", "validated_by"),
        {
            "comment": "Pairwise relation between two bills (similar, conflicting, dependent, "
            "superseding) with strength, basis, discoverer and validation."
        },
    )

    bill_a_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("bills.id"))
    bill_b_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("bills.id"))
    relationship_type: Mapped[str | None] = mapped_column(String(50))
    relationship_strength: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    relationship_basis: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    discovered_by: Mapped[str | None] = mapped_column(String(50))
    discovered_at: Mapped[dt.datetime | None] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    validated_by: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id"))
    validated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    is_active: Mapped[bool | None] = mapped_column(Boolean, server_default=text("true"))


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
        {
            "comment": "Topic trend scores and velocity with related bills, search/engagement volume, "
            "sentiment, expiry."
        },
    )

    topic_name: Mapped[str] = mapped_column(String(255))
    topic_category: Mapped[str | None] = mapped_column(String(100))
    trend_score: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    trend_velocity: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    related_bill_ids: Mapped[list[uuid.UUID] | None] = mapped_column(
        ARRAY(UUID(as_uuid=True)), server_default=text("'{}'")
    )
    search_volume: Mapped[int | None] = mapped_column(Integer, server_default=text("0"))
    engagement_volume: Mapped[int | None] = mapped_column(Integer, server_default=text("0"))
    sentiment_score: Mapped[Decimal | None] = mapped_column(Numeric(3, 2))
    trend_metadata: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    calculated_at: Mapped[dt.datetime | None] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
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
        {
            "comment": "Recommendations of bills/topics/experts/discussions for a user, with score, "
            "reason, algorithm version and interaction flags."
        },
    )

    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id"))
    recommendation_type: Mapped[str | None] = mapped_column(String(50))
    entity_type: Mapped[str | None] = mapped_column(String(50))
    entity_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    recommendation_score: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    recommendation_reason: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    algorithm_version: Mapped[str | None] = mapped_column(String(20))
    is_viewed: Mapped[bool | None] = mapped_column(Boolean, server_default=text("false"))
    is_clicked: Mapped[bool | None] = mapped_column(Boolean, server_default=text("false"))
    is_bookmarked: Mapped[bool | None] = mapped_column(Boolean, server_default=text("false"))
    feedback_score: Mapped[Decimal | None] = mapped_column(Numeric(3, 2))
    expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
