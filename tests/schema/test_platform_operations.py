"""platform_operations: data sources, sync jobs, external references, analytics events and aggregates."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Connection, text

from tests.schema.conftest import Rejects
from tests.schema.factories import insert, make_bill, make_comment, make_user

TABLES = (
    "data_sources",
    "sync_jobs",
    "external_bill_references",
    "analytics_events",
    "bill_impact_metrics",
    "county_engagement_stats",
    "trending_analysis",
    "user_engagement_summary",
    "platform_health_metrics",
    "content_performance",
)
DAY = dt.date(2025, 6, 30)


def one(conn: Connection, sql: str, **params: object) -> object:
    return conn.execute(text(sql), params).scalar_one()


def make_source(conn: Connection, **kw: object) -> uuid.UUID:
    return insert(conn, "data_sources", **{"source_name": f"src-{uuid.uuid4().hex[:8]}", "source_type": "api", **kw})


def make_job(conn: Connection, source: uuid.UUID, **kw: object) -> uuid.UUID:
    return insert(conn, "sync_jobs", **{"data_source_id": source, "job_name": "bills", "job_type": "full", **kw})


def test_timestamps_have_time_zones_and_ids_need_no_extension(conn: Connection) -> None:
    naive = conn.execute(
        text(
            "SELECT table_name || '.' || column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' AND table_name = ANY(:t) AND data_type = 'timestamp without time zone'"
        ),
        {"t": list(TABLES)},
    ).all()
    assert naive == []
    defaults = conn.execute(
        text(
            "SELECT DISTINCT column_default FROM information_schema.columns "
            "WHERE table_schema = 'public' AND table_name = ANY(:t) AND column_name = 'id'"
        ),
        {"t": list(TABLES)},
    ).scalars()
    assert set(defaults) == {"gen_random_uuid()"}


def test_data_source_defaults_unique_name_checks_and_creator(conn: Connection, rejects: Rejects) -> None:
    user = make_user(conn)
    source = make_source(conn, source_name="kenya-law", created_by=user)
    row = conn.execute(
        text(
            "SELECT sync_frequency, is_active, health_status, sync_failure_count, auth_credentials, "
            "created_at IS NOT NULL AND updated_at IS NOT NULL FROM data_sources WHERE id = :i"
        ),
        {"i": source},
    ).one()
    assert tuple(row) == ("daily", True, "unknown", 0, {}, True)
    rejects("INSERT INTO data_sources (source_name, source_type) VALUES ('kenya-law', 'api')", sqlstate="23505")
    rejects(
        "INSERT INTO data_sources (source_name, source_type, reliability_score) VALUES ('x', 'api', 1.5)",
        sqlstate="23514",
    )
    rejects(
        "INSERT INTO data_sources (source_name, source_type, consecutive_failures) VALUES ('y', 'api', -1)",
        sqlstate="23514",
    )
    rejects(
        "INSERT INTO data_sources (source_name, source_type, created_by) VALUES ('z', 'api', gen_random_uuid())",
        sqlstate="23503",
    )
    conn.execute(text("DELETE FROM users WHERE id = :u"), {"u": user})
    assert one(conn, "SELECT created_by FROM data_sources WHERE id = :i", i=source) is None


def test_sync_jobs_cascade_with_their_source_and_keep_orphaned_children(conn: Connection, rejects: Rejects) -> None:
    source = make_source(conn)
    parent = make_job(conn, source)
    child = make_job(conn, source, parent_job_id=parent, status="running", progress_percent=42.5)
    assert one(conn, "SELECT status FROM sync_jobs WHERE id = :i", i=parent) == "queued"
    rejects(
        "INSERT INTO sync_jobs (data_source_id, job_name, job_type, started_at, completed_at) "
        "VALUES (:s, 'j', 't', now(), now() - interval '1 hour')",
        {"s": source},
        sqlstate="23514",
    )
    for column, value in (
        ("records_processed", -1),
        ("retry_count", -2),
        ("progress_percent", 101),
        ("timeout_seconds", 0),
    ):
        rejects(
            f"INSERT INTO sync_jobs (data_source_id, job_name, job_type, {column}) VALUES (:s, 'j', 't', :v)",
            {"s": source, "v": value},
            sqlstate="23514",
        )
    rejects("UPDATE sync_jobs SET parent_job_id = id WHERE id = :i", {"i": parent}, sqlstate="23514")
    rejects(
        "INSERT INTO sync_jobs (data_source_id, job_name, job_type) VALUES (gen_random_uuid(), 'j', 't')",
        sqlstate="23503",
    )
    conn.execute(text("DELETE FROM sync_jobs WHERE id = :i"), {"i": parent})
    assert one(conn, "SELECT parent_job_id FROM sync_jobs WHERE id = :i", i=child) is None
    conn.execute(text("DELETE FROM data_sources WHERE id = :s"), {"s": source})
    assert one(conn, "SELECT count(*) FROM sync_jobs WHERE data_source_id = :s", s=source) == 0


def test_external_bill_references_are_unique_per_source_and_follow_the_bill(conn: Connection, rejects: Rejects) -> None:
    bill = make_bill(conn)
    values = {"bill_id": bill, "external_id": "NA-12", "external_source": "parliament.go.ke", "reference_type": "page"}
    ref = insert(conn, "external_bill_references", **values)
    assert one(conn, "SELECT verification_status FROM external_bill_references WHERE id = :i", i=ref) == "active"
    cols = ", ".join(values)
    rejects(
        f"INSERT INTO external_bill_references ({cols}) VALUES (:bill_id, :external_id, :external_source, "
        ":reference_type)",
        values,
        sqlstate="23505",
    )
    rejects("UPDATE external_bill_references SET confidence_score = 2 WHERE id = :i", {"i": ref}, sqlstate="23514")
    conn.execute(text("DELETE FROM bills WHERE id = :b"), {"b": bill})
    assert one(conn, "SELECT count(*) FROM external_bill_references WHERE id = :i", i=ref) == 0


def test_analytics_events_round_trip_and_lose_only_links_on_delete(conn: Connection, rejects: Rejects) -> None:
    user, bill = make_user(conn), make_bill(conn)
    comment = make_comment(conn, bill, user)
    at = dt.datetime(2025, 4, 3, 9, 30, tzinfo=dt.UTC)
    event = insert(
        conn,
        "analytics_events",
        event_name="page_view",
        event_category="navigation",
        user_id=user,
        bill_id=bill,
        comment_id=comment,
        county="kisumu",
        ip_address="197.248.10.1",
        latitude=-0.0917,
        longitude=34.768,
        created_at=at,
    )
    row = conn.execute(
        text("SELECT county::text, host(ip_address), event_properties, created_at FROM analytics_events WHERE id = :i"),
        {"i": event},
    ).one()
    assert tuple(row) == ("kisumu", "197.248.10.1", {}, at)
    # The key is (id, created_at): the same pair twice is a duplicate.
    rejects(
        "INSERT INTO analytics_events (id, event_name, event_category, created_at) VALUES (:i, 'x', 'y', :at)",
        {"i": event, "at": at},
        sqlstate="23505",
    )
    rejects(
        "INSERT INTO analytics_events (event_name, event_category, county) VALUES ('x', 'y', 'atlantis')",
        sqlstate="22P02",
    )
    rejects(
        "INSERT INTO analytics_events (event_name, event_category, latitude) VALUES ('x', 'y', 91)", sqlstate="23514"
    )
    rejects(
        "INSERT INTO analytics_events (event_name, event_category, page_load_time_ms) VALUES ('x', 'y', -5)",
        sqlstate="23514",
    )
    rejects(
        "INSERT INTO analytics_events (event_name, event_category, bill_id) VALUES ('x', 'y', gen_random_uuid())",
        sqlstate="23503",
    )
    rejects(
        "INSERT INTO analytics_events (event_name, event_category, ip_address) VALUES ('x', 'y', 'nope')",
        sqlstate="22P02",
    )
    conn.execute(text("DELETE FROM comments WHERE id = :c"), {"c": comment})
    conn.execute(text("DELETE FROM bills WHERE id = :b"), {"b": bill})
    conn.execute(text("DELETE FROM users WHERE id = :u"), {"u": user})
    links = conn.execute(text("SELECT user_id, bill_id, comment_id FROM analytics_events WHERE id = :i"), {"i": event})
    assert tuple(links.one()) == (None, None, None)


def test_bill_impact_metrics_natural_key_checks_and_cascade(conn: Connection, rejects: Rejects) -> None:
    bill = make_bill(conn)
    values = {
        "bill_id": bill,
        "metric_type": "views",
        "metric_category": "reach",
        "total_value": 1200,
        "measurement_date": DAY,
        "time_period": "daily",
    }
    insert(conn, "bill_impact_metrics", **values)
    cols, params = ", ".join(values), ", ".join(f":{k}" for k in values)
    rejects(f"INSERT INTO bill_impact_metrics ({cols}) VALUES ({params})", values, sqlstate="23505")
    rejects(
        f"INSERT INTO bill_impact_metrics ({cols}, period_start, period_end) VALUES ({params}, now(), now() - "
        "interval '1 day')",
        {**values, "time_period": "weekly"},
        sqlstate="23514",
    )
    rejects(
        f"INSERT INTO bill_impact_metrics ({cols}, data_quality_score) VALUES ({params}, 1.2)",
        {**values, "time_period": "monthly"},
        sqlstate="23514",
    )
    conn.execute(text("DELETE FROM bills WHERE id = :b"), {"b": bill})
    assert one(conn, "SELECT count(*) FROM bill_impact_metrics WHERE bill_id = :b", b=bill) == 0


def test_county_stats_unique_per_county_day_and_period_with_non_negative_counts(
    conn: Connection, rejects: Rejects
) -> None:
    stats = insert(conn, "county_engagement_stats", county="turkana", measurement_date=DAY)
    row = conn.execute(
        text("SELECT time_period, active_users, votes_cast FROM county_engagement_stats WHERE id = :i"), {"i": stats}
    ).one()
    assert tuple(row) == ("monthly", 0, 0)
    rejects(
        "INSERT INTO county_engagement_stats (county, measurement_date) VALUES ('turkana', :d)",
        {"d": DAY},
        sqlstate="23505",
    )
    rejects(
        "INSERT INTO county_engagement_stats (county, measurement_date, votes_cast) VALUES ('nyeri', :d, -1)",
        {"d": DAY},
        sqlstate="23514",
    )
    rejects(
        "INSERT INTO county_engagement_stats (county, measurement_date, percentile) VALUES ('nyeri', :d, 100.5)",
        {"d": DAY},
        sqlstate="23514",
    )
    rejects(
        "INSERT INTO county_engagement_stats (county, measurement_date) VALUES ('gotham', :d)",
        {"d": DAY},
        sqlstate="22P02",
    )


def test_trending_analysis_unique_per_day_and_window(conn: Connection, rejects: Rejects) -> None:
    values = {
        "analysis_date": DAY,
        "time_window_hours": 24,
        "analysis_start": dt.datetime(2025, 6, 29, tzinfo=dt.UTC),
        "analysis_end": dt.datetime(2025, 6, 30, tzinfo=dt.UTC),
        "analysis_method": "velocity",
    }
    analysis = insert(conn, "trending_analysis", **values)
    assert one(conn, "SELECT trending_bills FROM trending_analysis WHERE id = :i", i=analysis) == []
    cols, params = ", ".join(values), ", ".join(f":{k}" for k in values)
    rejects(f"INSERT INTO trending_analysis ({cols}) VALUES ({params})", values, sqlstate="23505")
    rejects(
        f"INSERT INTO trending_analysis ({cols}) VALUES ({params})",
        {**values, "time_window_hours": 0},
        sqlstate="23514",
    )
    swapped = {**values, "time_window_hours": 48, "analysis_start": values["analysis_end"]}
    swapped["analysis_end"] = values["analysis_start"]
    rejects(f"INSERT INTO trending_analysis ({cols}) VALUES ({params})", swapped, sqlstate="23514")
    rejects(
        f"INSERT INTO trending_analysis ({cols}, statistical_significance) VALUES ({params}, 1.5)",
        {**values, "time_window_hours": 6},
        sqlstate="23514",
    )


def test_user_engagement_summary_unique_and_goes_with_the_user(conn: Connection, rejects: Rejects) -> None:
    user = make_user(conn)
    insert(conn, "user_engagement_summary", user_id=user, measurement_date=DAY)
    rejects(
        "INSERT INTO user_engagement_summary (user_id, measurement_date) VALUES (:u, :d)",
        {"u": user, "d": DAY},
        sqlstate="23505",
    )
    rejects(
        "INSERT INTO user_engagement_summary (user_id, measurement_date, time_period, followers_lost) "
        "VALUES (:u, :d, 'daily', -1)",
        {"u": user, "d": DAY},
        sqlstate="23514",
    )
    conn.execute(text("DELETE FROM users WHERE id = :u"), {"u": user})
    assert one(conn, "SELECT count(*) FROM user_engagement_summary WHERE user_id = :u", u=user) == 0


def test_platform_health_metrics_unique_sample_and_ranges(conn: Connection, rejects: Rejects) -> None:
    at = dt.datetime(2025, 6, 30, 12, 5, tzinfo=dt.UTC)
    sample = insert(conn, "platform_health_metrics", measurement_timestamp=at, error_rate=0.0125, health_score=0.97)
    row = conn.execute(
        text("SELECT measurement_period_minutes, alerts_triggered FROM platform_health_metrics WHERE id = :i"),
        {"i": sample},
    ).one()
    assert tuple(row) == (5, 0)
    rejects("INSERT INTO platform_health_metrics (measurement_timestamp) VALUES (:at)", {"at": at}, sqlstate="23505")
    for column, value in (
        ("error_rate", 1.5),
        ("cache_hit_rate", -0.1),
        ("disk_usage_percent", 120),
        ("services_down", -1),
        ("measurement_period_minutes", 0),
    ):
        rejects(
            f"INSERT INTO platform_health_metrics (measurement_timestamp, {column}) VALUES (now(), :v)",
            {"v": value},
            sqlstate="23514",
        )


def test_content_performance_unique_per_item_day_and_period(conn: Connection, rejects: Rejects) -> None:
    item = uuid.uuid4()
    insert(conn, "content_performance", content_type="bill", content_id=item, measurement_date=DAY)
    rejects(
        "INSERT INTO content_performance (content_type, content_id, measurement_date) VALUES ('bill', :c, :d)",
        {"c": item, "d": DAY},
        sqlstate="23505",
    )
    for column, value in (("impressions", -1), ("engagement_rate", 1.01), ("scroll_depth_average", 101)):
        rejects(
            f"INSERT INTO content_performance (content_type, content_id, measurement_date, {column}) "
            "VALUES ('bill', gen_random_uuid(), :d, :v)",
            {"d": DAY, "v": value},
            sqlstate="23514",
        )
