"""Drop 19 single-column indexes that only repeat the leading columns of another index.

The old module declared, on the same table, an index on ``(user_id)`` and one on
``(user_id, created_at)``; ``chanuka-db doctor`` reports each such pair. The longer index (or the
unique constraint) answers every query the shorter one did, foreign-key lookups included, so the
shorter one only costs writes, WAL, memory and vacuum time. The models no longer declare them.

Locks: ``DROP INDEX CONCURRENTLY`` waits for running transactions on the table but blocks neither
reads nor writes. ``analytics_events`` is partitioned and PostgreSQL cannot drop a partitioned
index concurrently: its two indexes are dropped with a plain ``DROP INDEX``, a catalog change that
holds an ACCESS EXCLUSIVE lock on the parent and its partitions for milliseconds, bounded by the
runner's ``lock_timeout`` (the revision is retried when it hits it). Every statement is idempotent
(``IF EXISTS`` / ``IF NOT EXISTS``), so an interrupted run is finished by the next ``migrate``.

Downgrade rebuilds the indexes (CONCURRENTLY where PostgreSQL allows it).

Revision ID: 0103_redundant_indexes
Revises: 0102_security
Create Date: 2026-11-26
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0103_redundant_indexes"
down_revision: str | Sequence[str] | None = "0102_security"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: CREATE/DROP INDEX CONCURRENTLY cannot run inside a transaction block.
non_transactional = True

#: (index, table, columns, the index that covers it)
REDUNDANT = (
    ("ix_bill_impact_metrics_bill_id", "bill_impact_metrics", "bill_id",
     "ix_bill_impact_metrics_bill_id_measurement_date"),
    ("ix_bill_impact_metrics_metric_type", "bill_impact_metrics", "metric_type",
     "ix_bill_impact_metrics_metric_type_time_period_measurement_date"),
    ("ix_constitutional_provisions_chapter_number_article_number", "constitutional_provisions",
     "chapter_number, article_number", "uq_constitutional_provisions_reference"),
    ("ix_content_performance_content_type_content_id", "content_performance", "content_type, content_id",
     "ix_content_performance_content_type_content_id_measure_c9d84328"),
    ("ix_county_engagement_stats_county", "county_engagement_stats", "county",
     "ix_county_engagement_stats_county_measurement_date_time_period"),
    ("ix_data_sources_is_active", "data_sources", "is_active", "ix_data_sources_is_active_source_type"),
    ("ix_engagement_leaderboards_user_id", "engagement_leaderboards", "user_id",
     "uq_engagement_leaderboards_user_board_period"),
    ("ix_external_bill_references_bill_id", "external_bill_references", "bill_id",
     "ix_external_bill_references_bill_id_external_source_external_id"),
    ("ix_external_bill_references_external_source", "external_bill_references", "external_source",
     "ix_external_bill_references_external_source_external_id"),
    ("ix_live_metrics_cache_metric_type", "live_metrics_cache", "metric_type",
     "uq_live_metrics_cache_metric_type_entity_type_entity_id"),
    ("ix_offline_sync_queue_user_id", "offline_sync_queue", "user_id",
     "uq_offline_sync_queue_user_id_client_operation_id"),
    ("ix_platform_health_metrics_measurement_timestamp", "platform_health_metrics", "measurement_timestamp",
     "ix_platform_health_metrics_measurement_timestamp_measu_4e60d633"),
    ("ix_sync_jobs_data_source_id", "sync_jobs", "data_source_id", "ix_sync_jobs_data_source_id_status_started_at"),
    ("ix_sync_jobs_status", "sync_jobs", "status", "ix_sync_jobs_status_priority_created_at"),
    ("ix_trending_analysis_analysis_date", "trending_analysis", "analysis_date",
     "ix_trending_analysis_analysis_date_confidence_score"),
    ("ix_user_achievements_user_id", "user_achievements", "user_id", "uq_user_achievements_user_id_achievement_id"),
    ("ix_user_engagement_summary_user_id", "user_engagement_summary", "user_id",
     "ix_user_engagement_summary_user_id_measurement_date_time_period"),
)  # fmt: skip

#: The same, on the partitioned analytics_events (no CONCURRENTLY for partitioned indexes).
REDUNDANT_PARTITIONED = (
    ("ix_analytics_events_event_category", "analytics_events", "event_category",
     "ix_analytics_events_event_category_event_action_created_at"),
    ("ix_analytics_events_user_id", "analytics_events", "user_id", "ix_analytics_events_user_id_created_at"),
)  # fmt: skip

_PARTITIONED_NOTE = "-- squawk-ignore require-concurrent-index-deletion,require-concurrent-index-creation\n"


def upgrade() -> None:
    for name, _table, _columns, _covered_by in REDUNDANT:
        op.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
    for name, _table, _columns, _covered_by in REDUNDANT_PARTITIONED:
        op.execute(f"{_PARTITIONED_NOTE}DROP INDEX IF EXISTS {name}")


def downgrade() -> None:
    for name, table, columns, _covered_by in REDUNDANT_PARTITIONED:
        op.execute(f"{_PARTITIONED_NOTE}CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})")
    for name, table, columns, _covered_by in REDUNDANT:
        op.execute(f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON {table} ({columns})")
