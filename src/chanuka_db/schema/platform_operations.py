"""Data ingestion and analytics aggregates: external data sources and their sync jobs, external references of
bills, raw analytics events, and aggregated metrics per bill, county, user, content item and for platform
health.

Changes from the old version: timestamps are ``timestamptz`` (they were ``timestamp`` without time zone),
ids default to ``gen_random_uuid()`` (the old ``uuid_generate_v4()`` needed an extension nobody created),
``data_sources.created_by`` and ``sync_jobs.parent_job_id`` are real foreign keys, counters cannot go
negative, fractions stay in [0, 1] and percentages in [0, 100]. ``analytics_events`` is range-partitioned
by month on ``created_at`` (primary key ``(id, created_at)``; see :mod:`chanuka_db.ops.partitions`).
"""

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from chanuka_db.schema.base import PII, SECRET, Base, CreatedAt, Timestamps, UUIDPrimaryKey, ip_type
from chanuka_db.schema.enums import KENYAN_COUNTY, KenyanCounty

DOMAIN = "platform_operations"


def _non_negative(*columns: str) -> CheckConstraint:
    """``CHECK (a >= 0 AND b >= 0 ...)`` named ``ck_<table>_non_negative`` (NULL passes)."""
    return CheckConstraint(" AND ".join(f"{c} >= 0" for c in columns), name="non_negative")


def _fractions(*columns: str) -> CheckConstraint:
    """``CHECK (a BETWEEN 0 AND 1 ...)`` for rates and scores stored as fractions (NULL passes)."""
    return CheckConstraint(" AND ".join(f"{c} BETWEEN 0 AND 1" for c in columns), name="fractions_range")


class DataSource(UUIDPrimaryKey, Timestamps, Base):
    """External data sources (e.g. parliament websites, APIs) that are synchronised: type, URL, auth
    method and credentials (JSON), reliability, sync schedule and failures, health.
    """

    __tablename__ = "data_sources"
    __table_args__ = (
        CheckConstraint("reliability_score BETWEEN 0 AND 1", name="reliability_score_range"),
        CheckConstraint("sync_failure_count >= 0 AND consecutive_failures >= 0", name="failure_counts_non_negative"),
        Index("ix_data_sources_source_name", "source_name", unique=True),
        Index("ix_data_sources_source_type", "source_type"),
        Index("ix_data_sources_health_status", "health_status"),
        Index("ix_data_sources_is_active_source_type", "is_active", "source_type"),
        Index("ix_data_sources_created_by", "created_by"),
        {
            "comment": "External data sources (e.g. parliament websites, APIs) that are synchronised: "
            "type, URL, auth method and credentials (JSON), reliability, sync schedule and "
            "failures, health."
        },
    )

    source_name: Mapped[str] = mapped_column(String(255))
    source_type: Mapped[str] = mapped_column(String(100))
    source_url: Mapped[str | None] = mapped_column(String(1000))
    auth_method: Mapped[str | None] = mapped_column(String(100))
    auth_credentials: Mapped[dict[str, Any] | None] = mapped_column(
        JSONB,
        server_default=text("'{}'::jsonb"),
        info=SECRET,
        comment="Secret: prefer a reference to a secret store over the credentials themselves",
    )
    reliability_score: Mapped[Decimal | None] = mapped_column(Numeric(3, 2))
    last_successful_sync: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    sync_failure_count: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    consecutive_failures: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    sync_frequency: Mapped[str] = mapped_column(String(50), server_default=text("'daily'"))
    sync_parameters: Mapped[dict[str, Any] | None] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    is_active: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    last_health_check: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    health_status: Mapped[str | None] = mapped_column(String(50), server_default=text("'unknown'"))
    health_details: Mapped[dict[str, Any] | None] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="SET NULL")
    )


class SyncJob(UUIDPrimaryKey, Timestamps, Base):
    """Runs of data synchronisation from a data source: type, status, priority, timing and timeout,
    record counters, errors and retries, resource use, progress, trigger, parent job.
    """

    __tablename__ = "sync_jobs"
    __table_args__ = (
        CheckConstraint("completed_at >= started_at", name="completed_after_started"),
        _non_negative(
            "duration_seconds",
            "records_processed",
            "records_created",
            "records_updated",
            "records_deleted",
            "records_skipped",
            "error_count",
            "retry_count",
            "max_retries",
            "memory_usage_mb",
            "memory_peak_mb",
            "cpu_usage_percent",
        ),
        CheckConstraint("timeout_seconds > 0", name="timeout_positive"),
        CheckConstraint("progress_percent BETWEEN 0 AND 100", name="progress_percent_range"),
        CheckConstraint("parent_job_id <> id", name="not_own_parent"),
        Index("ix_sync_jobs_started_at", "started_at"),
        Index("ix_sync_jobs_completed_at", "completed_at"),
        Index("ix_sync_jobs_status_priority_created_at", "status", "priority", "created_at"),
        Index("ix_sync_jobs_parent_job_id", "parent_job_id"),
        Index("ix_sync_jobs_data_source_id_status_started_at", "data_source_id", "status", "started_at"),
        {
            "comment": "Runs of data synchronisation from a data source: type, status, priority, "
            "timing and timeout, record counters, errors and retries, resource use, "
            "progress, trigger, parent job."
        },
    )

    data_source_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("data_sources.id", ondelete="CASCADE")
    )
    job_name: Mapped[str] = mapped_column(String(255))
    job_type: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(50), server_default=text("'queued'"))
    priority: Mapped[int] = mapped_column(Integer, server_default=text("5"))
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    completed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    duration_seconds: Mapped[int | None] = mapped_column(Integer)
    timeout_seconds: Mapped[int | None] = mapped_column(Integer, server_default=text("3600"))
    records_processed: Mapped[int | None] = mapped_column(Integer, server_default=text("0"))
    records_created: Mapped[int | None] = mapped_column(Integer, server_default=text("0"))
    records_updated: Mapped[int | None] = mapped_column(Integer, server_default=text("0"))
    records_deleted: Mapped[int | None] = mapped_column(Integer, server_default=text("0"))
    records_skipped: Mapped[int | None] = mapped_column(Integer, server_default=text("0"))
    error_count: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    error_details: Mapped[list[Any] | None] = mapped_column(JSONB, server_default=text("'[]'::jsonb"))
    last_error: Mapped[str | None] = mapped_column(Text)
    retry_count: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    max_retries: Mapped[int | None] = mapped_column(Integer, server_default=text("3"))
    memory_usage_mb: Mapped[int | None] = mapped_column(Integer)
    memory_peak_mb: Mapped[int | None] = mapped_column(Integer)
    cpu_usage_percent: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    progress_percent: Mapped[Decimal | None] = mapped_column(Numeric(5, 2), server_default=text("0"))
    progress_message: Mapped[str | None] = mapped_column(String(500))
    triggered_by: Mapped[str | None] = mapped_column(String(50), server_default=text("'scheduled'"))
    parent_job_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("sync_jobs.id", ondelete="SET NULL")
    )


class ExternalBillReference(UUIDPrimaryKey, Timestamps, Base):
    """Links between a bill and its identifier/URL in an external source, with confidence, verification
    and access statistics.
    """

    __tablename__ = "external_bill_references"
    __table_args__ = (
        CheckConstraint("confidence_score BETWEEN 0 AND 1", name="confidence_score_range"),
        _non_negative("access_count"),
        Index(
            "ix_external_bill_references_bill_id_external_source_external_id",
            "bill_id",
            "external_source",
            "external_id",
            unique=True,
        ),
        Index(
            "ix_external_bill_references_verification_status_last_verified",
            "verification_status",
            "last_verified",
        ),
        Index("ix_external_bill_references_external_source_external_id", "external_source", "external_id"),
        {
            "comment": "Links between a bill and its identifier/URL in an external source, with "
            "confidence, verification and access statistics."
        },
    )

    bill_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("bills.id", ondelete="CASCADE"))
    external_id: Mapped[str] = mapped_column(String(255))
    external_source: Mapped[str] = mapped_column(String(100))
    external_url: Mapped[str | None] = mapped_column(String(1000))
    reference_type: Mapped[str] = mapped_column(String(50))
    confidence_score: Mapped[Decimal | None] = mapped_column(Numeric(3, 2))
    last_verified: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    last_checked: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    verification_status: Mapped[str] = mapped_column(String(50), server_default=text("'active'"))
    external_metadata: Mapped[dict[str, Any] | None] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    access_count: Mapped[int | None] = mapped_column(Integer, server_default=text("0"))
    last_accessed: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class AnalyticsEvent(UUIDPrimaryKey, Base):
    """Raw client analytics events (page views, clicks...): event name/category/action, user or
    anonymous id, session, page and referrer, related bill/comment/user, properties,
    device/browser/OS, IP and geolocation incl. county, performance timings, A/B experiment.
    """

    __tablename__ = "analytics_events"
    __table_args__ = (
        _non_negative("page_load_time_ms", "time_on_page_ms", "dom_interactive_ms", "first_paint_ms"),
        CheckConstraint("latitude BETWEEN -90 AND 90 AND longitude BETWEEN -180 AND 180", name="coordinates_range"),
        Index("ix_analytics_events_event_name", "event_name"),
        Index("ix_analytics_events_bill_id", "bill_id"),
        Index("ix_analytics_events_session_id", "session_id"),
        Index("ix_analytics_events_created_at", "created_at"),
        Index("ix_analytics_events_anonymous_id", "anonymous_id"),
        Index("ix_analytics_events_county", "county"),
        Index("ix_analytics_events_experiment_id_experiment_variant", "experiment_id", "experiment_variant"),
        Index("ix_analytics_events_user_id_created_at", "user_id", "created_at"),
        Index(
            "ix_analytics_events_event_category_event_action_created_at",
            "event_category",
            "event_action",
            "created_at",
        ),
        Index("ix_analytics_events_comment_id", "comment_id"),
        {
            "comment": "Raw client analytics events (page views, clicks...): event "
            "name/category/action, user or anonymous id, session, page and referrer, "
            "related bill/comment/user, properties, device/browser/OS, IP and geolocation "
            "incl. county, performance timings, A/B experiment; range-partitioned by month on "
            "created_at.",
            "postgresql_partition_by": "RANGE (created_at)",
            "info": {"partitioned": "month"},
        },
    )

    event_name: Mapped[str] = mapped_column(String(100))
    event_category: Mapped[str] = mapped_column(String(50))
    event_action: Mapped[str | None] = mapped_column(String(50))
    user_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id", ondelete="SET NULL"))
    anonymous_id: Mapped[str | None] = mapped_column(String(255), info=PII, comment="Persistent device identifier")
    session_id: Mapped[str | None] = mapped_column(String(255))
    page_url: Mapped[str | None] = mapped_column(String(1000))
    page_title: Mapped[str | None] = mapped_column(String(255))
    referrer_url: Mapped[str | None] = mapped_column(String(1000))
    referrer_type: Mapped[str | None] = mapped_column(String(50))
    bill_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True), ForeignKey("bills.id", ondelete="SET NULL"))
    comment_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("comments.id", ondelete="SET NULL")
    )
    user_target_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    event_properties: Mapped[dict[str, Any] | None] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    user_agent: Mapped[str | None] = mapped_column(Text, info=PII)
    device_type: Mapped[str | None] = mapped_column(String(50))
    device_vendor: Mapped[str | None] = mapped_column(String(50))
    browser: Mapped[str | None] = mapped_column(String(50))
    browser_version: Mapped[str | None] = mapped_column(String(50))
    operating_system: Mapped[str | None] = mapped_column(String(50))
    os_version: Mapped[str | None] = mapped_column(String(50))
    screen_resolution: Mapped[str | None] = mapped_column(String(20))
    ip_address: Mapped[str | None] = mapped_column(ip_type(), info=PII)
    country: Mapped[str | None] = mapped_column(String(2))
    region: Mapped[str | None] = mapped_column(String(100))
    city: Mapped[str | None] = mapped_column(String(100))
    county: Mapped[KenyanCounty | None] = mapped_column(KENYAN_COUNTY)
    latitude: Mapped[Decimal | None] = mapped_column(Numeric(10, 7), info=PII)
    longitude: Mapped[Decimal | None] = mapped_column(Numeric(10, 7), info=PII)
    page_load_time_ms: Mapped[int | None] = mapped_column(Integer)
    time_on_page_ms: Mapped[int | None] = mapped_column(Integer)
    dom_interactive_ms: Mapped[int | None] = mapped_column(Integer)
    first_paint_ms: Mapped[int | None] = mapped_column(Integer)
    experiment_id: Mapped[str | None] = mapped_column(String(100))
    experiment_variant: Mapped[str | None] = mapped_column(String(50))
    # Part of the primary key: a partitioned table's keys must include the partition column.
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), primary_key=True, server_default=func.now(), sort_order=1000
    )


class BillImpactMetric(UUIDPrimaryKey, Timestamps, Base):
    """Aggregated metric per bill, metric type, date and period: totals, averages, change, and
    breakdowns by county, demographic, source and platform.
    """

    __tablename__ = "bill_impact_metrics"
    __table_args__ = (
        CheckConstraint("period_end >= period_start", name="period_order"),
        CheckConstraint("data_quality_score BETWEEN 0 AND 1", name="data_quality_score_range"),
        _non_negative("sample_size"),
        Index(
            "ix_bill_impact_metrics_bill_id_metric_type_measurement_5de78be5",
            "bill_id",
            "metric_type",
            "measurement_date",
            "time_period",
            unique=True,
        ),
        Index("ix_bill_impact_metrics_measurement_date", "measurement_date"),
        Index("ix_bill_impact_metrics_metric_category", "metric_category"),
        Index("ix_bill_impact_metrics_bill_id_measurement_date", "bill_id", "measurement_date"),
        Index(
            "ix_bill_impact_metrics_metric_type_time_period_measurement_date",
            "metric_type",
            "time_period",
            "measurement_date",
        ),
        {
            "comment": "Aggregated metric per bill, metric type, date and period: totals, averages, "
            "change, and breakdowns by county, demographic, source and platform."
        },
    )

    bill_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("bills.id", ondelete="CASCADE"))
    metric_type: Mapped[str] = mapped_column(String(100))
    metric_category: Mapped[str] = mapped_column(String(50))
    total_value: Mapped[Decimal] = mapped_column(Numeric(15, 2))
    unique_value: Mapped[Decimal | None] = mapped_column(Numeric(15, 2))
    average_value: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    median_value: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    change_from_previous: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    change_percent: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    measurement_date: Mapped[dt.date] = mapped_column(Date)
    time_period: Mapped[str] = mapped_column(String(20))
    period_start: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    period_end: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    county_breakdown: Mapped[dict[str, Any] | None] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    demographic_breakdown: Mapped[dict[str, Any] | None] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    source_breakdown: Mapped[dict[str, Any] | None] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    platform_breakdown: Mapped[dict[str, Any] | None] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    data_quality_score: Mapped[Decimal | None] = mapped_column(Numeric(3, 2))
    sample_size: Mapped[int | None] = mapped_column(Integer)


class CountyEngagementStats(UUIDPrimaryKey, Timestamps, Base):
    """Aggregated engagement statistics per county per date and period: users, engagements, votes,
    sessions and durations, demographics, device mix, growth, rank, percentile, comparison to
    national average.
    """

    __tablename__ = "county_engagement_stats"
    __table_args__ = (
        _non_negative(
            "active_users",
            "new_users",
            "returning_users",
            "total_engagements",
            "bills_viewed",
            "bills_viewed_unique",
            "comments_posted",
            "votes_cast",
            "votes_support",
            "votes_oppose",
            "shares_count",
            "sessions_count",
            "average_session_duration",
            "median_session_duration",
            "total_time_spent",
            "avg_engagements_per_user",
            "avg_bills_per_user",
        ),
        CheckConstraint("percentile BETWEEN 0 AND 100", name="percentile_range"),
        Index(
            "ix_county_engagement_stats_county_measurement_date_time_period",
            "county",
            "measurement_date",
            "time_period",
            unique=True,
        ),
        Index("ix_county_engagement_stats_measurement_date", "measurement_date"),
        Index(
            "ix_county_engagement_stats_total_engagements_measurement_date",
            "total_engagements",
            "measurement_date",
        ),
        Index("ix_county_engagement_stats_active_users_new_users", "active_users", "new_users"),
        Index(
            "ix_county_engagement_stats_county_time_period_measurement_date",
            "county",
            "time_period",
            "measurement_date",
        ),
        {
            "comment": "Aggregated engagement statistics per county per date and period: users, "
            "engagements, votes, sessions and durations, demographics, device mix, growth, "
            "rank, percentile, comparison to national average."
        },
    )

    county: Mapped[KenyanCounty] = mapped_column(KENYAN_COUNTY)
    active_users: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    new_users: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    returning_users: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    total_engagements: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    bills_viewed: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    bills_viewed_unique: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    comments_posted: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    votes_cast: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    votes_support: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    votes_oppose: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    shares_count: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    sessions_count: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    average_session_duration: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    median_session_duration: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    total_time_spent: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    avg_engagements_per_user: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    avg_bills_per_user: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    comment_rate: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    user_demographics: Mapped[dict[str, Any] | None] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    device_breakdown: Mapped[dict[str, Any] | None] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    measurement_date: Mapped[dt.date] = mapped_column(Date)
    time_period: Mapped[str] = mapped_column(String(20), server_default=text("'monthly'"))
    growth_rate: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    engagement_trend: Mapped[str | None] = mapped_column(String(20))
    rank_by_engagement: Mapped[int | None] = mapped_column(Integer)
    percentile: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    vs_national_average: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))


class TrendingAnalysis(UUIDPrimaryKey, Timestamps, Base):
    """Result of a trending computation for a date and time window: trending/emerging bills and topics,
    velocity, social/news/search signals, county and sentiment trends, method, confidence,
    statistics, timing.
    """

    __tablename__ = "trending_analysis"
    __table_args__ = (
        CheckConstraint("analysis_end >= analysis_start", name="analysis_window_order"),
        CheckConstraint("time_window_hours > 0", name="time_window_positive"),
        CheckConstraint("confidence_score BETWEEN 0 AND 1", name="confidence_score_range"),
        CheckConstraint("statistical_significance BETWEEN 0 AND 1", name="statistical_significance_range"),
        _non_negative("sample_size", "computation_time_ms", "data_freshness_minutes"),
        Index(
            "ix_trending_analysis_analysis_date_time_window_hours",
            "analysis_date",
            "time_window_hours",
            unique=True,
        ),
        Index("ix_trending_analysis_analysis_method", "analysis_method"),
        Index("ix_trending_analysis_confidence_score_analysis_date", "confidence_score", "analysis_date"),
        Index("ix_trending_analysis_analysis_date_confidence_score", "analysis_date", "confidence_score"),
        {
            "comment": "Result of a trending computation for a date and time window: trending/emerging "
            "bills and topics, velocity, social/news/search signals, county and sentiment "
            "trends, method, confidence, statistics, timing."
        },
    )

    analysis_date: Mapped[dt.date] = mapped_column(Date)
    time_window_hours: Mapped[int] = mapped_column(Integer)
    analysis_start: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    analysis_end: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    trending_bills: Mapped[list[Any] | None] = mapped_column(JSONB, server_default=text("'[]'::jsonb"))
    trending_topics: Mapped[list[Any] | None] = mapped_column(JSONB, server_default=text("'[]'::jsonb"))
    emerging_topics: Mapped[list[Any] | None] = mapped_column(JSONB, server_default=text("'[]'::jsonb"))
    engagement_velocity: Mapped[dict[str, Any] | None] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    social_media_mentions: Mapped[dict[str, Any] | None] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    news_coverage: Mapped[dict[str, Any] | None] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    search_trends: Mapped[dict[str, Any] | None] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    county_trends: Mapped[dict[str, Any] | None] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    regional_differences: Mapped[dict[str, Any] | None] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    sentiment_trends: Mapped[dict[str, Any] | None] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    analysis_method: Mapped[str] = mapped_column(String(100))
    algorithm_version: Mapped[str | None] = mapped_column(String(50))
    confidence_score: Mapped[Decimal | None] = mapped_column(Numeric(3, 2))
    sample_size: Mapped[int | None] = mapped_column(Integer)
    statistical_significance: Mapped[Decimal | None] = mapped_column(Numeric(5, 4))
    computation_time_ms: Mapped[int | None] = mapped_column(Integer)
    data_freshness_minutes: Mapped[int | None] = mapped_column(Integer)


class UserEngagementSummary(UUIDPrimaryKey, Timestamps, Base):
    """Aggregated activity of a user per date and period: sessions, time, views, comments, votes,
    shares, social signals, scores, behavioural patterns, topic interests.
    """

    __tablename__ = "user_engagement_summary"
    __table_args__ = (
        _non_negative(
            "sessions_count",
            "total_time_spent_seconds",
            "days_active",
            "bills_viewed",
            "bills_viewed_unique",
            "comments_posted",
            "votes_cast",
            "shares_made",
            "comments_received",
            "likes_received",
            "mentions_received",
            "followers_gained",
            "followers_lost",
        ),
        Index(
            "ix_user_engagement_summary_user_id_measurement_date_time_period",
            "user_id",
            "measurement_date",
            "time_period",
            unique=True,
        ),
        Index("ix_user_engagement_summary_measurement_date", "measurement_date"),
        Index(
            "ix_user_engagement_summary_engagement_score_measurement_date",
            "engagement_score",
            "measurement_date",
        ),
        {
            "comment": "Aggregated activity of a user per date and period: sessions, time, views, "
            "comments, votes, shares, social signals, scores, behavioural patterns, topic "
            "interests."
        },
    )

    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"))
    measurement_date: Mapped[dt.date] = mapped_column(Date)
    time_period: Mapped[str] = mapped_column(String(20), server_default=text("'monthly'"))
    sessions_count: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    total_time_spent_seconds: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    days_active: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    bills_viewed: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    bills_viewed_unique: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    comments_posted: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    votes_cast: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    shares_made: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    comments_received: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    likes_received: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    mentions_received: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    followers_gained: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    followers_lost: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    engagement_score: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    influence_score: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    most_active_time: Mapped[str | None] = mapped_column(String(50))
    most_active_day: Mapped[str | None] = mapped_column(String(20))
    preferred_device: Mapped[str | None] = mapped_column(String(50))
    topic_interests: Mapped[dict[str, Any] | None] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    engagement_distribution: Mapped[dict[str, Any] | None] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))


class PlatformHealthMetric(UUIDPrimaryKey, CreatedAt, Base):
    """System health sample per timestamp and period: latency percentiles, error rate, traffic, DB and
    cache metrics, API metrics, CPU/memory/disk, service counts, alerts, overall health
    score/status.
    """

    __tablename__ = "platform_health_metrics"
    __table_args__ = (
        CheckConstraint("measurement_period_minutes > 0", name="measurement_period_positive"),
        _non_negative(
            "avg_response_time_ms",
            "p95_response_time_ms",
            "p99_response_time_ms",
            "requests_total",
            "requests_per_second",
            "unique_visitors",
            "concurrent_users",
            "db_connection_pool_size",
            "db_active_connections",
            "db_query_time_avg_ms",
            "db_slow_queries_count",
            "cache_memory_usage_mb",
            "api_calls_total",
            "api_rate_limit_hits",
            "cpu_usage_percent",
            "services_healthy",
            "services_degraded",
            "services_down",
            "alerts_triggered",
            "incidents_active",
        ),
        _fractions("error_rate", "cache_hit_rate", "api_success_rate", "health_score"),
        CheckConstraint(
            "memory_usage_percent BETWEEN 0 AND 100 AND disk_usage_percent BETWEEN 0 AND 100",
            name="usage_percent_range",
        ),
        Index(
            "ix_platform_health_metrics_measurement_timestamp_measu_4e60d633",
            "measurement_timestamp",
            "measurement_period_minutes",
            unique=True,
        ),
        Index(
            "ix_platform_health_metrics_health_status_measurement_timestamp",
            "health_status",
            "measurement_timestamp",
        ),
        {
            "comment": "System health sample per timestamp and period: latency percentiles, error "
            "rate, traffic, DB and cache metrics, API metrics, CPU/memory/disk, service "
            "counts, alerts, overall health score/status."
        },
    )

    measurement_timestamp: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    measurement_period_minutes: Mapped[int] = mapped_column(Integer, server_default=text("5"))
    avg_response_time_ms: Mapped[int | None] = mapped_column(Integer)
    p95_response_time_ms: Mapped[int | None] = mapped_column(Integer)
    p99_response_time_ms: Mapped[int | None] = mapped_column(Integer)
    error_rate: Mapped[Decimal | None] = mapped_column(Numeric(5, 4))
    requests_total: Mapped[int | None] = mapped_column(Integer)
    requests_per_second: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    unique_visitors: Mapped[int | None] = mapped_column(Integer)
    concurrent_users: Mapped[int | None] = mapped_column(Integer)
    db_connection_pool_size: Mapped[int | None] = mapped_column(Integer)
    db_active_connections: Mapped[int | None] = mapped_column(Integer)
    db_query_time_avg_ms: Mapped[int | None] = mapped_column(Integer)
    db_slow_queries_count: Mapped[int | None] = mapped_column(Integer)
    cache_hit_rate: Mapped[Decimal | None] = mapped_column(Numeric(5, 4))
    cache_memory_usage_mb: Mapped[int | None] = mapped_column(Integer)
    api_calls_total: Mapped[int | None] = mapped_column(Integer)
    api_success_rate: Mapped[Decimal | None] = mapped_column(Numeric(5, 4))
    api_rate_limit_hits: Mapped[int | None] = mapped_column(Integer)
    cpu_usage_percent: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    memory_usage_percent: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    disk_usage_percent: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    services_healthy: Mapped[int | None] = mapped_column(Integer)
    services_degraded: Mapped[int | None] = mapped_column(Integer)
    services_down: Mapped[int | None] = mapped_column(Integer)
    alerts_triggered: Mapped[int | None] = mapped_column(Integer, server_default=text("0"))
    incidents_active: Mapped[int | None] = mapped_column(Integer, server_default=text("0"))
    health_score: Mapped[Decimal | None] = mapped_column(Numeric(3, 2))
    health_status: Mapped[str | None] = mapped_column(String(50))


class ContentPerformance(UUIDPrimaryKey, Timestamps, Base):
    """Aggregated performance of any content item (polymorphic content_type/content_id) per date and
    period: reach, engagement, interactions, conversion, audience, virality and quality.
    """

    __tablename__ = "content_performance"
    __table_args__ = (
        _non_negative(
            "impressions",
            "unique_views",
            "engagements_total",
            "average_time_spent_seconds",
            "clicks",
            "shares",
            "comments",
            "reactions",
            "bookmarks",
        ),
        _fractions("reach_rate", "engagement_rate", "click_through_rate", "conversion_rate"),
        CheckConstraint("scroll_depth_average BETWEEN 0 AND 100", name="scroll_depth_range"),
        Index(
            "ix_content_performance_content_type_content_id_measure_c9d84328",
            "content_type",
            "content_id",
            "measurement_date",
            "time_period",
            unique=True,
        ),
        Index("ix_content_performance_measurement_date", "measurement_date"),
        Index("ix_content_performance_engagement_rate_measurement_date", "engagement_rate", "measurement_date"),
        {
            "comment": "Aggregated performance of any content item (polymorphic "
            "content_type/content_id) per date and period: reach, engagement, interactions, "
            "conversion, audience, virality and quality."
        },
    )

    content_type: Mapped[str] = mapped_column(String(50))
    content_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    measurement_date: Mapped[dt.date] = mapped_column(Date)
    time_period: Mapped[str] = mapped_column(String(20), server_default=text("'daily'"))
    impressions: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    unique_views: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    reach_rate: Mapped[Decimal | None] = mapped_column(Numeric(5, 4))
    engagements_total: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    engagement_rate: Mapped[Decimal | None] = mapped_column(Numeric(5, 4))
    average_time_spent_seconds: Mapped[int | None] = mapped_column(Integer)
    scroll_depth_average: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    clicks: Mapped[int | None] = mapped_column(Integer, server_default=text("0"))
    shares: Mapped[int | None] = mapped_column(Integer, server_default=text("0"))
    comments: Mapped[int | None] = mapped_column(Integer, server_default=text("0"))
    reactions: Mapped[int | None] = mapped_column(Integer, server_default=text("0"))
    bookmarks: Mapped[int | None] = mapped_column(Integer, server_default=text("0"))
    click_through_rate: Mapped[Decimal | None] = mapped_column(Numeric(5, 4))
    conversion_rate: Mapped[Decimal | None] = mapped_column(Numeric(5, 4))
    audience_breakdown: Mapped[dict[str, Any] | None] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    top_counties: Mapped[list[Any] | None] = mapped_column(JSONB, server_default=text("'[]'::jsonb"))
    virality_score: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    quality_score: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
