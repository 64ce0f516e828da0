"""Full-text search support: synonyms and query expansions, the search analytics log (query performance and
per-query click/dwell analytics) and a short-lived result cache.
"""

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import (
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

from chanuka_db.schema.base import Base, CreatedAt, Timestamps, UUIDPrimaryKey

DOMAIN = "search"


class SearchSynonym(UUIDPrimaryKey, Timestamps, Base):
    """Synonyms of a search term (with category and weight) used to expand full-text queries."""

    __tablename__ = "search_synonyms"
    __table_args__ = (
        Index("ix_search_synonyms_term", "term"),
        Index("ix_search_synonyms_category", "category"),
        {"comment": "Synonyms of a search term (with category and weight) used to expand full-text queries."},
    )

    term: Mapped[str] = mapped_column(String(255))
    synonyms: Mapped[list[str]] = mapped_column(ARRAY(Text))
    category: Mapped[str | None] = mapped_column(String(100), comment="e.g. legal, political, general")
    weight: Mapped[Decimal | None] = mapped_column(Numeric(3, 2), server_default=text("1.0"))


class SearchExpansion(UUIDPrimaryKey, Timestamps, Base):
    """Recorded expansions of a query (synonym, stemming, phrase) with their success rate and usage count."""

    __tablename__ = "search_expansions"
    __table_args__ = (
        Index("ix_search_expansions_original_query", "original_query"),
        Index("ix_search_expansions_expansion_type", "expansion_type"),
        {
            "comment": "Recorded expansions of a query (synonym, stemming, phrase) with their success "
            "rate and usage count."
        },
    )

    original_query: Mapped[str] = mapped_column(String(500))
    expanded_query: Mapped[str] = mapped_column(Text)
    expansion_type: Mapped[str] = mapped_column(String(50), comment="One of: synonym, stemming, phrase")
    success_rate: Mapped[Decimal | None] = mapped_column(Numeric(5, 4), server_default=text("0.0"))
    usage_count: Mapped[int | None] = mapped_column(Integer, server_default=text("0"))


class SearchAnalytics(UUIDPrimaryKey, CreatedAt, Base):
    """Search analytics: one row per executed search (query, type, result count, execution time,
    clicked result) and per-query analytics events (click-through, dwell time, refinement,
    abandonment) about an entity.
    """

    __tablename__ = "search_analytics"
    __table_args__ = (
        Index("ix_search_analytics_query_id", "query_id"),
        Index("ix_search_analytics_analytics_type", "analytics_type"),
        Index("ix_search_analytics_entity_type_entity_id", "entity_type", "entity_id"),
        Index("ix_search_analytics_created_at", "created_at"),
        Index("ix_search_analytics_query", "query"),
        Index("ix_search_analytics_search_timestamp", "search_timestamp"),
        Index("ix_search_analytics_execution_time_ms", "execution_time_ms"),
        Index("ix_search_analytics_user_id", "user_id"),
        {
            "comment": "Search analytics: one row per executed search (query, type, result count, "
            "execution time, clicked result) and per-query analytics events (click-through, "
            "dwell time, refinement, abandonment) about an entity."
        },
    )

    query: Mapped[str] = mapped_column(String(500))
    search_type: Mapped[str] = mapped_column(String(50), comment="One of: fulltext, fuzzy, simple")
    results_count: Mapped[int] = mapped_column(Integer)
    execution_time_ms: Mapped[int] = mapped_column(Integer)
    user_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    session_id: Mapped[str | None] = mapped_column(String(255))
    clicked_result_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    clicked_result_position: Mapped[int | None] = mapped_column(Integer)
    search_timestamp: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    metadata_: Mapped[dict[str, Any] | None] = mapped_column(
        "metadata", JSONB, server_default=text("'{}'::jsonb")
    )
    query_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True), ForeignKey("search_queries.id"))
    analytics_type: Mapped[str | None] = mapped_column(String(50))
    entity_type: Mapped[str | None] = mapped_column(String(50))
    entity_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    analytics_value: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    analytics_metadata: Mapped[dict[str, Any] | None] = mapped_column(JSONB)


class SearchCache(UUIDPrimaryKey, Timestamps, Base):
    """Short-lived cache of search results keyed by a hash of the query, with hit count and expiry."""

    __tablename__ = "search_cache"
    __table_args__ = (
        UniqueConstraint("query_hash"),
        Index("ix_search_cache_expires_at", "expires_at"),
        {
            "comment": "Short-lived cache of search results keyed by a hash of the query, with hit "
            "count and expiry."
        },
    )

    query_hash: Mapped[str] = mapped_column(String(64))
    query_text: Mapped[str] = mapped_column(Text)
    results: Mapped[dict[str, Any]] = mapped_column(JSONB)
    hit_count: Mapped[int] = mapped_column(Integer, server_default=text("1"))
    expires_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=text("now() + interval '5 minutes'")
    )
