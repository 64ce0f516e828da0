"""Full-text search support: synonyms and query expansions, the search analytics log (query performance and
per-query click/dwell analytics) and a short-lived result cache.

``search_synonyms`` holds one row per term (unique, lower-case) with its synonyms; a GIN index on the
synonyms array answers the reverse lookup ("which terms list X?"), so expansion can go both ways. Revision
0100_seed_search_synonyms seeds it with legal, political and Kiswahili terms.

``search_analytics`` merges two old tables of the same name: one row per executed search (query, type,
result count, execution time: all four required together) or one analytics event about an earlier query
(``analytics_type`` and ``query_id`` required). A CHECK accepts exactly those two shapes.
"""

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import (
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

from chanuka_db.schema.advanced_discovery import SearchQuery
from chanuka_db.schema.base import PII, Base, CreatedAt, Timestamps, UUIDPrimaryKey
from chanuka_db.schema.foundation import User

DOMAIN = "search"

#: Search modes recorded in ``search_analytics.search_type`` (a CHECK, so the search issue can add modes).
SEARCH_TYPES: tuple[str, ...] = ("fulltext", "fuzzy", "simple")


class SearchSynonym(UUIDPrimaryKey, Timestamps, Base):
    """Synonyms of a search term (with category and weight) used to expand full-text queries."""

    __tablename__ = "search_synonyms"
    __table_args__ = (
        # One row per term; its index serves "synonyms of X" (the old separate term index was redundant).
        UniqueConstraint("term"),
        # Reverse lookup: "which terms list X as a synonym?" (synonyms @> ARRAY[X]).
        Index("ix_search_synonyms_synonyms", "synonyms", postgresql_using="gin"),
        Index("ix_search_synonyms_category", "category"),
        CheckConstraint("term = lower(btrim(term)) AND term <> ''", name="term_normalised"),
        CheckConstraint(
            "cardinality(synonyms) >= 1 AND array_position(synonyms, NULL) IS NULL", name="synonyms_not_empty"
        ),
        CheckConstraint("NOT (term = ANY (synonyms))", name="term_not_own_synonym"),
        CheckConstraint("weight > 0 AND weight <= 1", name="weight"),
        {"comment": "Synonyms of a search term (with category and weight) used to expand full-text queries."},
    )

    term: Mapped[str] = mapped_column(String(255), comment="Lower-case and trimmed; unique")
    synonyms: Mapped[list[str]] = mapped_column(ARRAY(Text), comment="At least one; no NULL elements")
    category: Mapped[str | None] = mapped_column(String(100), comment="e.g. legal, political, general")
    weight: Mapped[Decimal] = mapped_column(
        Numeric(3, 2), server_default=text("1.0"), comment="How strongly the synonyms stand for the term: (0, 1]"
    )


class SearchExpansion(UUIDPrimaryKey, Timestamps, Base):
    """Recorded expansions of a query (synonym, stemming, phrase) with their success rate and usage count."""

    __tablename__ = "search_expansions"
    __table_args__ = (
        Index("ix_search_expansions_original_query", "original_query"),
        Index("ix_search_expansions_expansion_type", "expansion_type"),
        CheckConstraint("expansion_type IN ('synonym', 'stemming', 'phrase')", name="expansion_type_values"),
        CheckConstraint("success_rate IS NULL OR (success_rate >= 0 AND success_rate <= 1)", name="success_rate"),
        CheckConstraint("usage_count >= 0", name="usage_count"),
        {
            "comment": "Recorded expansions of a query (synonym, stemming, phrase) with their success "
            "rate and usage count."
        },
    )

    original_query: Mapped[str] = mapped_column(String(500), info=PII, comment="As typed: may hold personal data")
    expanded_query: Mapped[str] = mapped_column(Text, info=PII)
    expansion_type: Mapped[str] = mapped_column(
        String(50), comment="One of: synonym, stemming, phrase (a CHECK: the search issue may add types)"
    )
    success_rate: Mapped[Decimal | None] = mapped_column(
        Numeric(5, 4), server_default=text("0.0"), comment="Range: 0.0000 to 1.0000"
    )
    usage_count: Mapped[int] = mapped_column(Integer, server_default=text("0"))


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
        CheckConstraint(
            "(query IS NOT NULL AND search_type IS NOT NULL AND results_count IS NOT NULL "
            "AND execution_time_ms IS NOT NULL) OR (analytics_type IS NOT NULL AND query_id IS NOT NULL)",
            name="search_or_event",
        ),
        CheckConstraint(
            "search_type IS NULL OR search_type IN ({})".format(", ".join(f"'{t}'" for t in SEARCH_TYPES)),
            name="search_type_values",
        ),
        CheckConstraint(
            "(results_count IS NULL OR results_count >= 0) AND (execution_time_ms IS NULL OR execution_time_ms >= 0) "
            "AND (clicked_result_position IS NULL OR clicked_result_position >= 0)",
            name="non_negative",
        ),
        {
            "comment": "Search analytics: one row per executed search (query, type, result count, "
            "execution time, clicked result) and per-query analytics events (click-through, "
            "dwell time, refinement, abandonment) about an entity."
        },
    )

    query: Mapped[str | None] = mapped_column(
        String(500), info=PII, comment="Search rows: the query as typed (may hold personal data)"
    )
    search_type: Mapped[str | None] = mapped_column(
        String(50), comment="Search rows: one of fulltext, fuzzy, simple (a CHECK: the search issue may add modes)"
    )
    results_count: Mapped[int | None] = mapped_column(Integer, comment="Search rows: number of results, >= 0")
    execution_time_ms: Mapped[int | None] = mapped_column(Integer, comment="Search rows: milliseconds, >= 0")
    user_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True),
        ForeignKey("users.id", ondelete="SET NULL"),
        info=PII,
        comment="NULL for anonymous searches; cleared when the user is deleted",
    )
    session_id: Mapped[str | None] = mapped_column(String(255), info=PII)
    clicked_result_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), comment="Id of the clicked result (a bill, sponsor...: polymorphic, no FK)"
    )
    clicked_result_position: Mapped[int | None] = mapped_column(Integer)
    search_timestamp: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    metadata_: Mapped[dict[str, Any]] = mapped_column("metadata", JSONB, server_default=text("'{}'::jsonb"))
    query_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True),
        ForeignKey("search_queries.id", ondelete="CASCADE"),
        comment="Event rows: the logged search the event is about (events go with it)",
    )
    analytics_type: Mapped[str | None] = mapped_column(
        String(50), comment="Event rows: e.g. click_through, dwell_time, refinement, abandonment"
    )
    entity_type: Mapped[str | None] = mapped_column(String(50))
    entity_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    analytics_value: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    analytics_metadata: Mapped[dict[str, Any] | None] = mapped_column(JSONB)

    search_query: Mapped[SearchQuery | None] = relationship()
    user: Mapped[User | None] = relationship()


class SearchCache(UUIDPrimaryKey, Timestamps, Base):
    """Short-lived cache of search results keyed by a hash of the query, with hit count and expiry."""

    __tablename__ = "search_cache"
    __table_args__ = (
        UniqueConstraint("query_hash"),
        Index("ix_search_cache_expires_at", "expires_at"),
        CheckConstraint("query_hash ~ '^[0-9a-f]{64}$'", name="query_hash_sha256_hex"),
        CheckConstraint("hit_count >= 0", name="hit_count"),
        CheckConstraint("expires_at > created_at", name="expires_after_created"),
        {
            "comment": "Short-lived cache of search results keyed by a hash of the query, with hit "
            "count and expiry."
        },
    )

    query_hash: Mapped[str] = mapped_column(String(64), comment="SHA-256 of the normalised query, 64 lower-case hex")
    query_text: Mapped[str] = mapped_column(Text, info=PII)
    results: Mapped[dict[str, Any]] = mapped_column(JSONB)
    hit_count: Mapped[int] = mapped_column(Integer, server_default=text("1"))
    expires_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True),
        server_default=text("now() + interval '5 minutes'"),
        comment="Rows past this time are stale; deleting them is the search module's job (indexed)",
    )
