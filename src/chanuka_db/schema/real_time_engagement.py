"""Real-time engagement and gamification: the high-volume engagement event log, cached live metrics, civic
achievements and scores, leaderboards, real-time notifications and computed engagement analytics.

``engagement_events`` is range-partitioned by month on ``created_at`` (see :mod:`chanuka_db.ops.partitions`):
its primary key is ``(id, created_at)`` because PostgreSQL requires every key of a partitioned table to
include the partition column (the old version declared ``id`` alone, which PostgreSQL rejects). No table
references it by foreign key (a foreign key cannot point at a partitioned table's partial key).

ON DELETE: rows that belong to a user (achievements, score, leaderboard positions, notifications) go
with the user; events and computed analytics keep their statistics with ``user_id`` set to NULL. A
catalogue achievement that users have earned cannot be deleted (deactivate it with ``is_active``).
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
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from chanuka_db.schema.base import PII, Base, CreatedAt, UUIDPrimaryKey, ip_type

DOMAIN = "real_time_engagement"


class EngagementEvent(UUIDPrimaryKey, Base):
    """High-volume event log of views/comments/votes/shares on any entity with session, depth, duration
    and client info; partitioned by month on created_at.
    """

    __tablename__ = "engagement_events"
    __table_args__ = (
        CheckConstraint("engagement_duration >= 0", name="engagement_duration_non_negative"),
        Index("ix_engagement_events_entity_type_entity_id", "entity_type", "entity_id"),
        Index("ix_engagement_events_user_id", "user_id"),
        Index("ix_engagement_events_session_id", "session_id"),
        Index("ix_engagement_events_created_at", "created_at"),
        Index("ix_engagement_events_event_type", "event_type"),
        Index("ix_engagement_events_engagement_depth", "engagement_depth"),
        Index("ix_engagement_events_device_type", "device_type"),
        {
            "comment": "High-volume event log of views/comments/votes/shares on any entity with "
            "session, depth, duration and client info; range-partitioned by month on "
            "created_at.",
            "postgresql_partition_by": "RANGE (created_at)",
            "info": {"partitioned": "month"},
        },
    )

    event_type: Mapped[str] = mapped_column(String(50))
    entity_type: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), comment="Polymorphic: no foreign key")
    user_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id", ondelete="SET NULL"))
    session_id: Mapped[str | None] = mapped_column(String(255))
    engagement_duration: Mapped[int | None] = mapped_column(Integer, comment="Seconds")
    engagement_depth: Mapped[str | None] = mapped_column(String(20))
    event_metadata: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    user_agent: Mapped[str | None] = mapped_column(Text, info=PII)
    ip_address: Mapped[str | None] = mapped_column(ip_type(), info=PII)
    referrer_url: Mapped[str | None] = mapped_column(Text)
    device_type: Mapped[str | None] = mapped_column(String(20))
    # Part of the primary key: a partitioned table's keys must include the partition column.
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), primary_key=True, server_default=func.now(), sort_order=1000
    )


class LiveMetricsCache(UUIDPrimaryKey, Base):
    """Cached live metric value per (metric type, entity) with TTL and optimistic-lock version.

    Rows past ``expires_at`` are stale: :func:`chanuka_db.realtime.cleanup_expired_metrics` deletes them.
    """

    __tablename__ = "live_metrics_cache"
    __table_args__ = (
        UniqueConstraint("metric_type", "entity_type", "entity_id"),
        CheckConstraint("version >= 1", name="version_positive"),
        CheckConstraint("expires_at >= calculated_at", name="expires_after_calculated"),
        Index("ix_live_metrics_cache_entity_type_entity_id", "entity_type", "entity_id"),
        Index("ix_live_metrics_cache_expires_at", "expires_at"),
        Index("ix_live_metrics_cache_calculated_at", "calculated_at"),
        {"comment": "Cached live metric value per (metric type, entity) with TTL and optimistic-lock version."},
    )

    metric_type: Mapped[str] = mapped_column(String(50))
    entity_type: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), comment="Polymorphic: no foreign key")
    metric_value: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    metric_metadata: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    calculated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), server_default=func.now())
    expires_at: Mapped[dt.datetime | None] = mapped_column(
        DateTime(timezone=True), comment="Time to live: the row is stale after this instant (NULL: never)"
    )
    version: Mapped[int | None] = mapped_column(
        Integer, server_default=text("1"), comment="Optimistic lock: incremented on every update"
    )


class CivicAchievement(UUIDPrimaryKey, CreatedAt, Base):
    """Catalogue of gamification achievements (category, tier, points, JSON requirements)."""

    __tablename__ = "civic_achievements"
    __table_args__ = (
        CheckConstraint("points_value >= 0", name="points_value_non_negative"),
        Index("ix_civic_achievements_achievement_name", "achievement_name"),
        Index("ix_civic_achievements_achievement_category", "achievement_category"),
        Index("ix_civic_achievements_achievement_tier", "achievement_tier"),
        Index("ix_civic_achievements_points_value", "points_value"),
        Index("ix_civic_achievements_is_active", "is_active"),
        Index("ix_civic_achievements_sort_order", "sort_order"),
        {"comment": "Catalogue of gamification achievements (category, tier, points, JSON requirements)."},
    )

    achievement_name: Mapped[str] = mapped_column(String(100))
    achievement_category: Mapped[str | None] = mapped_column(String(50))
    achievement_tier: Mapped[str | None] = mapped_column(String(20))
    points_value: Mapped[int] = mapped_column(Integer)
    requirements: Mapped[dict[str, Any]] = mapped_column(JSONB)
    icon_url: Mapped[str | None] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(Text)
    is_active: Mapped[bool | None] = mapped_column(Boolean, server_default=text("true"))
    sort_order: Mapped[int | None] = mapped_column(Integer, server_default=text("0"))
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), server_default=func.now())


class UserAchievement(UUIDPrimaryKey, Base):
    """Achievements earned by users (one per user per achievement), context, visibility, notification flag."""

    __tablename__ = "user_achievements"
    __table_args__ = (
        UniqueConstraint("user_id", "achievement_id"),
        Index("ix_user_achievements_achievement_id", "achievement_id"),
        Index("ix_user_achievements_earned_at", "earned_at"),
        Index("ix_user_achievements_is_visible", "is_visible"),
        {
            "comment": "Achievements earned by users (one per user per achievement), context, "
            "visibility, notification flag."
        },
    )

    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"))
    achievement_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True),
        ForeignKey("civic_achievements.id", ondelete="RESTRICT"),
        comment="An earned achievement cannot be deleted from the catalogue: deactivate it instead",
    )
    earned_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), server_default=func.now())
    earning_context: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    is_visible: Mapped[bool | None] = mapped_column(Boolean, server_default=text("true"))
    notification_sent: Mapped[bool | None] = mapped_column(Boolean, server_default=text("false"))


class CivicScore(UUIDPrimaryKey, Base):
    """One row per user: total and component civic scores, rank and rank change, score history."""

    __tablename__ = "civic_scores"
    __table_args__ = (
        UniqueConstraint("user_id"),
        CheckConstraint(
            "total_score >= 0 AND participation_score >= 0 AND quality_score >= 0 "
            "AND impact_score >= 0 AND expertise_score >= 0",
            name="scores_non_negative",
        ),
        CheckConstraint("current_rank >= 1 AND previous_rank >= 1", name="ranks_positive"),
        Index("ix_civic_scores_total_score", "total_score"),
        Index("ix_civic_scores_current_rank", "current_rank"),
        Index("ix_civic_scores_last_updated", "last_updated"),
        {"comment": "One row per user: total and component civic scores, rank and rank change, score history."},
    )

    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"))
    total_score: Mapped[int | None] = mapped_column(Integer, server_default=text("0"))
    participation_score: Mapped[int | None] = mapped_column(Integer, server_default=text("0"))
    quality_score: Mapped[int | None] = mapped_column(Integer, server_default=text("0"))
    impact_score: Mapped[int | None] = mapped_column(Integer, server_default=text("0"))
    expertise_score: Mapped[int | None] = mapped_column(Integer, server_default=text("0"))
    current_rank: Mapped[int | None] = mapped_column(Integer, comment="1 is the top rank")
    score_history: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    last_updated: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), server_default=func.now())
    previous_rank: Mapped[int | None] = mapped_column(Integer)
    rank_change: Mapped[int | None] = mapped_column(Integer, comment="Positive when the user moved up")
    calculation_version: Mapped[str | None] = mapped_column(String(20))


class EngagementLeaderboard(UUIDPrimaryKey, Base):
    """Leaderboard positions per leaderboard type/category/period and user."""

    __tablename__ = "engagement_leaderboards"
    __table_args__ = (
        # One position per user, board, category and period; a board without category counts once too.
        UniqueConstraint(
            "user_id",
            "leaderboard_type",
            "category",
            "period_start",
            name="uq_engagement_leaderboards_user_board_period",
            postgresql_nulls_not_distinct=True,
        ),
        CheckConstraint("score >= 0", name="score_non_negative"),
        CheckConstraint("rank >= 1 AND previous_rank >= 1", name="ranks_positive"),
        CheckConstraint("period_end > period_start", name="period_order"),
        Index("ix_engagement_leaderboards_leaderboard_type", "leaderboard_type"),
        Index("ix_engagement_leaderboards_category", "category"),
        Index("ix_engagement_leaderboards_score", "score"),
        Index("ix_engagement_leaderboards_rank", "rank"),
        Index("ix_engagement_leaderboards_period_start_period_end", "period_start", "period_end"),
        {"comment": "Leaderboard positions per leaderboard type/category/period and user."},
    )

    leaderboard_type: Mapped[str] = mapped_column(String(50))
    category: Mapped[str | None] = mapped_column(String(50))
    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"))
    score: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    rank: Mapped[int] = mapped_column(Integer, comment="1 is the top rank")
    previous_rank: Mapped[int | None] = mapped_column(Integer)
    rank_change: Mapped[int | None] = mapped_column(Integer)
    period_start: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    period_end: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    calculated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), server_default=func.now())


class RealTimeNotification(UUIDPrimaryKey, CreatedAt, Base):
    """Real-time (websocket/push/email) notifications with priority, delivery and read state, expiry,
    JSON payload.
    """

    __tablename__ = "real_time_notifications"
    __table_args__ = (
        CheckConstraint("read_at IS NULL OR read_at >= created_at", name="read_after_created"),
        CheckConstraint("delivered_at IS NULL OR delivered_at >= created_at", name="delivered_after_created"),
        Index("ix_real_time_notifications_user_id", "user_id"),
        Index("ix_real_time_notifications_notification_type", "notification_type"),
        Index("ix_real_time_notifications_priority", "priority"),
        Index("ix_real_time_notifications_is_read", "is_read"),
        Index("ix_real_time_notifications_is_delivered", "is_delivered"),
        Index("ix_real_time_notifications_created_at", "created_at"),
        Index("ix_real_time_notifications_expires_at", "expires_at"),
        {
            "comment": "Real-time (websocket/push/email) notifications with priority, delivery and "
            "read state, expiry, JSON payload."
        },
    )

    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"))
    notification_type: Mapped[str | None] = mapped_column(String(50))
    title: Mapped[str] = mapped_column(String(255))
    message: Mapped[str | None] = mapped_column(Text)
    entity_type: Mapped[str | None] = mapped_column(String(50))
    entity_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True), comment="Polymorphic: no foreign key")
    priority: Mapped[str | None] = mapped_column(String(20), server_default=text("'normal'"))
    is_read: Mapped[bool | None] = mapped_column(Boolean, server_default=text("false"))
    is_delivered: Mapped[bool | None] = mapped_column(Boolean, server_default=text("false"))
    delivery_channel: Mapped[str | None] = mapped_column(String(50))
    delivered_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    read_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    notification_data: Mapped[dict[str, Any] | None] = mapped_column(JSONB)


class EngagementAnalytics(UUIDPrimaryKey, Base):
    """Computed engagement analytics (session, journey, conversion, retention) per entity/user/session
    and timeframe.
    """

    __tablename__ = "engagement_analytics"
    __table_args__ = (
        Index("ix_engagement_analytics_analytics_type", "analytics_type"),
        Index("ix_engagement_analytics_entity_type_entity_id", "entity_type", "entity_id"),
        Index("ix_engagement_analytics_user_id", "user_id"),
        Index("ix_engagement_analytics_session_id", "session_id"),
        Index("ix_engagement_analytics_timeframe", "timeframe"),
        Index("ix_engagement_analytics_calculated_at", "calculated_at"),
        {
            "comment": "Computed engagement analytics (session, journey, conversion, retention) per "
            "entity/user/session and timeframe."
        },
    )

    analytics_type: Mapped[str | None] = mapped_column(String(50))
    entity_type: Mapped[str | None] = mapped_column(String(50))
    entity_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True), comment="Polymorphic: no foreign key")
    user_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id", ondelete="SET NULL"))
    session_id: Mapped[str | None] = mapped_column(String(255))
    analytics_data: Mapped[dict[str, Any]] = mapped_column(JSONB)
    calculated_metrics: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    timeframe: Mapped[str | None] = mapped_column(String(20))
    calculated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), server_default=func.now())
