"""real_time_engagement: events, live metrics cache (and its cleanup), achievements, scores, leaderboards."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Connection, text

from chanuka_db.realtime import cleanup_expired_metrics
from tests.schema.conftest import Rejects, restrict_sqlstate
from tests.schema.factories import insert, make_user

NOW = dt.datetime(2025, 6, 30, 12, tzinfo=dt.UTC)


def one(conn: Connection, sql: str, **params: object) -> object:
    return conn.execute(text(sql), params).scalar_one()


def make_achievement(conn: Connection, **kw: object) -> uuid.UUID:
    values = {"achievement_name": "First comment", "points_value": 10, "requirements": '{"comments": 1}', **kw}
    return insert(conn, "civic_achievements", **values)


def test_engagement_events_round_trip_and_keep_statistics_without_the_user(conn: Connection, rejects: Rejects) -> None:
    user = make_user(conn)
    event = insert(
        conn,
        "engagement_events",
        event_type="view",
        entity_type="bill",
        entity_id=uuid.uuid4(),
        user_id=user,
        engagement_duration=95,
        ip_address="2001:db8::1",
        created_at=NOW,
    )
    row = conn.execute(
        text("SELECT engagement_duration, host(ip_address), created_at FROM engagement_events WHERE id = :i"),
        {"i": event},
    ).one()
    assert tuple(row) == (95, "2001:db8::1", NOW)
    default_now = insert(conn, "engagement_events", event_type="vote", entity_type="bill", entity_id=uuid.uuid4())
    assert one(conn, "SELECT created_at IS NOT NULL FROM engagement_events WHERE id = :i", i=default_now) is True
    rejects(
        "INSERT INTO engagement_events (id, event_type, entity_type, entity_id, created_at) "
        "VALUES (:i, 'view', 'bill', gen_random_uuid(), :at)",
        {"i": event, "at": NOW},
        sqlstate="23505",
    )
    rejects(
        "INSERT INTO engagement_events (event_type, entity_type, entity_id, engagement_duration) "
        "VALUES ('view', 'bill', gen_random_uuid(), -1)",
        sqlstate="23514",
    )
    rejects(
        "INSERT INTO engagement_events (event_type, entity_type, entity_id, user_id) "
        "VALUES ('view', 'bill', gen_random_uuid(), gen_random_uuid())",
        sqlstate="23503",
    )
    rejects(
        "INSERT INTO engagement_events (event_type, entity_type, entity_id, created_at) "
        "VALUES ('view', 'bill', gen_random_uuid(), NULL)",
        sqlstate="23502",
    )
    conn.execute(text("DELETE FROM users WHERE id = :u"), {"u": user})
    assert one(conn, "SELECT user_id FROM engagement_events WHERE id = :i", i=event) is None


def test_live_metrics_cache_unique_per_metric_and_entity(conn: Connection, rejects: Rejects) -> None:
    entity = uuid.uuid4()
    cached = insert(
        conn, "live_metrics_cache", metric_type="votes", entity_type="bill", entity_id=entity, metric_value=12
    )
    row = conn.execute(
        text("SELECT version, calculated_at IS NOT NULL, expires_at FROM live_metrics_cache WHERE id = :i"),
        {"i": cached},
    ).one()
    assert tuple(row) == (1, True, None)
    rejects(
        "INSERT INTO live_metrics_cache (metric_type, entity_type, entity_id, metric_value) "
        "VALUES ('votes', 'bill', :e, 13)",
        {"e": entity},
        sqlstate="23505",
    )
    rejects("UPDATE live_metrics_cache SET version = 0 WHERE id = :i", {"i": cached}, sqlstate="23514")
    rejects(
        "UPDATE live_metrics_cache SET expires_at = calculated_at - interval '1 second' WHERE id = :i",
        {"i": cached},
        sqlstate="23514",
    )


def test_cleanup_deletes_only_expired_metrics(conn: Connection) -> None:
    for i, expires in enumerate(
        [NOW - dt.timedelta(hours=2), NOW - dt.timedelta(minutes=1), NOW + dt.timedelta(minutes=5), None]
    ):
        insert(
            conn,
            "live_metrics_cache",
            metric_type=f"m{i}",
            entity_type="bill",
            entity_id=uuid.uuid4(),
            metric_value=i,
            calculated_at=NOW - dt.timedelta(hours=3),
            expires_at=expires,
        )
    assert cleanup_expired_metrics(conn, now=NOW, limit=1) == 1  # the oldest first
    assert cleanup_expired_metrics(conn, now=NOW) == 1
    assert cleanup_expired_metrics(conn, now=NOW) == 0
    left = conn.execute(text("SELECT metric_type FROM live_metrics_cache ORDER BY metric_type")).scalars().all()
    assert left == ["m2", "m3"]
    # On the database clock (years after NOW) the future row has expired too; NULL never expires.
    raw = conn.connection.driver_connection
    assert cleanup_expired_metrics(raw) == 1  # type: ignore[arg-type]
    assert conn.execute(text("SELECT metric_type FROM live_metrics_cache")).scalars().all() == ["m3"]


def test_achievements_one_per_user_and_catalogue_entries_stay_while_earned(conn: Connection, rejects: Rejects) -> None:
    user = make_user(conn)
    achievement = make_achievement(conn)
    assert one(conn, "SELECT is_active FROM civic_achievements WHERE id = :i", i=achievement) is True
    rejects(
        "INSERT INTO civic_achievements (achievement_name, points_value, requirements) VALUES ('x', -5, '{}')",
        sqlstate="23514",
    )
    insert(conn, "user_achievements", user_id=user, achievement_id=achievement)
    rejects(
        "INSERT INTO user_achievements (user_id, achievement_id) VALUES (:u, :a)",
        {"u": user, "a": achievement},
        sqlstate="23505",
    )
    # ON DELETE RESTRICT: restrict_violation (23001; 23503 before PostgreSQL 18), checked immediately.
    rejects("DELETE FROM civic_achievements WHERE id = :a", {"a": achievement}, sqlstate=restrict_sqlstate(conn))
    rejects(
        "INSERT INTO user_achievements (user_id, achievement_id) VALUES (:u, gen_random_uuid())",
        {"u": user},
        sqlstate="23503",
    )
    conn.execute(text("DELETE FROM users WHERE id = :u"), {"u": user})
    assert one(conn, "SELECT count(*) FROM user_achievements WHERE achievement_id = :a", a=achievement) == 0
    conn.execute(text("DELETE FROM civic_achievements WHERE id = :a"), {"a": achievement})


def test_civic_scores_one_row_per_user_non_negative(conn: Connection, rejects: Rejects) -> None:
    user = make_user(conn)
    score = insert(conn, "civic_scores", user_id=user, current_rank=1)
    assert one(conn, "SELECT total_score FROM civic_scores WHERE id = :i", i=score) == 0
    rejects("INSERT INTO civic_scores (user_id) VALUES (:u)", {"u": user}, sqlstate="23505")
    rejects("UPDATE civic_scores SET quality_score = -1 WHERE id = :i", {"i": score}, sqlstate="23514")
    rejects("UPDATE civic_scores SET current_rank = 0 WHERE id = :i", {"i": score}, sqlstate="23514")
    conn.execute(text("DELETE FROM users WHERE id = :u"), {"u": user})
    assert one(conn, "SELECT count(*) FROM civic_scores WHERE id = :i", i=score) == 0


def test_leaderboards_one_position_per_user_board_and_period(conn: Connection, rejects: Rejects) -> None:
    user = make_user(conn)
    start, end = NOW, NOW + dt.timedelta(days=7)
    values = {"leaderboard_type": "weekly", "user_id": user, "score": 88.5, "rank": 3, "period_start": start}
    insert(conn, "engagement_leaderboards", **values, period_end=end)
    sql = (
        "INSERT INTO engagement_leaderboards (leaderboard_type, category, user_id, score, rank, period_start, "
        "period_end) VALUES ('weekly', :category, :u, 1, 1, :s, :e)"
    )
    # No category counts as one category: a second uncategorised row for the same period is a duplicate.
    rejects(sql, {"category": None, "u": user, "s": start, "e": end}, sqlstate="23505")
    insert(conn, "engagement_leaderboards", **values, category="county", period_end=end)
    rejects(sql, {"category": "county", "u": user, "s": start, "e": end}, sqlstate="23505")
    rejects(sql, {"category": "other", "u": user, "s": start, "e": start}, sqlstate="23514")
    rejects(
        "INSERT INTO engagement_leaderboards (leaderboard_type, user_id, score, rank, period_start, period_end) "
        "VALUES ('weekly', :u, 1, 0, :s, :e)",
        {"u": user, "s": end, "e": end + dt.timedelta(days=7)},
        sqlstate="23514",
    )
    rejects(
        "INSERT INTO engagement_leaderboards (leaderboard_type, user_id, score, rank, period_start, period_end) "
        "VALUES ('weekly', :u, -1, 1, :s, :e)",
        {"u": user, "s": end, "e": end + dt.timedelta(days=7)},
        sqlstate="23514",
    )
    conn.execute(text("DELETE FROM users WHERE id = :u"), {"u": user})
    assert one(conn, "SELECT count(*) FROM engagement_leaderboards WHERE user_id = :u", u=user) == 0


def test_real_time_notifications_defaults_order_and_cascade(conn: Connection, rejects: Rejects) -> None:
    user = make_user(conn)
    note = insert(conn, "real_time_notifications", user_id=user, title="Bill moved to second reading")
    row = conn.execute(
        text("SELECT priority, is_read, is_delivered FROM real_time_notifications WHERE id = :i"), {"i": note}
    ).one()
    assert tuple(row) == ("normal", False, False)
    rejects(
        "UPDATE real_time_notifications SET read_at = created_at - interval '1 minute' WHERE id = :i",
        {"i": note},
        sqlstate="23514",
    )
    rejects("INSERT INTO real_time_notifications (user_id) VALUES (:u)", {"u": user}, sqlstate="23502")
    conn.execute(text("DELETE FROM users WHERE id = :u"), {"u": user})
    assert one(conn, "SELECT count(*) FROM real_time_notifications WHERE id = :i", i=note) == 0


def test_engagement_analytics_outlive_the_user(conn: Connection, rejects: Rejects) -> None:
    user = make_user(conn)
    row = insert(conn, "engagement_analytics", user_id=user, analytics_type="retention", analytics_data='{"d7": 0.4}')
    rejects("INSERT INTO engagement_analytics (analytics_type) VALUES ('session')", sqlstate="23502")
    conn.execute(text("DELETE FROM users WHERE id = :u"), {"u": user})
    kept = conn.execute(text("SELECT user_id, analytics_data FROM engagement_analytics WHERE id = :i"), {"i": row})
    assert tuple(kept.one()) == (None, {"d7": 0.4})
