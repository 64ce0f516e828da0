"""Build old-shape databases (as the old Drizzle module left them) and fill them with telling rows.

The DDL lives in ``old_schema/*.sql``, derived from the old module's schema facts (drizzle-kit push
of the TypeScript files, or the old SQL files with their gaps). A :class:`Shape` lists which files
make up one kind of old database; :func:`build` creates it; the ``fill_*`` functions insert rows
that exercise every conversion adopt makes: ``timestamp`` values (NULL, infinity, the far past
where the zone's offset differs, the edge of the range that cannot convert), free-text statuses
(known, differently cased, unknown), phone numbers that break E.164, IP addresses that are not,
case-variant e-mails, extreme numbers, NULLs everywhere they are allowed.

:data:`DECISIONS` are the mapping-file decisions a reviewer would write for those rows.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

OLD_SCHEMA = Path(__file__).resolve().parent / "old_schema"

#: The 14 counties the older ``kenyan_county`` type lacked (33 of 47).
MISSING_COUNTIES = (
    "nyeri", "nyamira", "nyandarua", "samburu", "siaya", "taita_taveta", "tana_river", "tharaka_nithi",
    "trans_nzoia", "turkana", "uasin_gishu", "vihiga", "wajir", "west_pokot",
)


@dataclass(frozen=True)
class Shape:
    """One kind of old database: its SQL files in order, and how many counties its enum has."""

    name: str
    files: tuple[str, ...]
    counties: int = 47
    description: str = ""


PUSH_CORE = Shape(
    "push_core",
    ("enums.sql", "snapshot_foundation.sql", "snapshot_citizen_participation.sql",
     "snapshot_platform_operations.sql", "ts_foundation_citizen.sql", "drizzle_bookkeeping.sql"),
    counties=33,
    description="foundation, citizen participation and platform operations as `drizzle-kit push` built them "
    "from the TypeScript (anonymity columns, user_interests), kenyan_county with 33 values, drizzle-orm's "
    "bookkeeping in schema drizzle",
)
SQL_FILES = Shape(
    "sql_files",
    ("enums.sql", "snapshot_foundation.sql", "snapshot_citizen_participation.sql",
     "snapshot_parliamentary_process.sql", "snapshot_constitutional_intelligence.sql",
     "snapshot_argument_intelligence.sql", "snapshot_advocacy_coordination.sql", "snapshot_universal_access.sql",
     "snapshot_transparency_analysis.sql", "snapshot_impact_measurement.sql", "snapshot_integrity_operations.sql",
     "snapshot_platform_operations.sql", "sql_149_advanced_discovery.sql", "sql_152_expert_verification.sql",
     "sql_0023_0024_migration_infrastructure.sql", "sql_0025_0026_search.sql", "runner_bookkeeping.sql"),
    description="built by the old SQL files: 148 (84 tables, no anonymity columns), 149 and 152 (short feature "
    "tables; 150 and 151 failed), 0023+0024 (rollout bookkeeping), 0025+0026 (search), the old runner's "
    "public.__drizzle_migrations__",
)
ANONYMITY_MISSING = Shape(
    "anonymity_missing",
    ("enums.sql", "snapshot_foundation.sql", "sql_151_transparency_intelligence.sql", "analysis_integer.sql"),
    description="foundation without the anonymity columns, the disclosure-line-item financial_interests of 151, "
    "the integer-keyed analysis table, two columns left over from 0021's sponsors",
)
SHAPES = {s.name: s for s in (PUSH_CORE, SQL_FILES, ANONYMITY_MISSING)}

Conn = psycopg.Connection[Any]


def _uuid(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"chanuka-adopt-fixture/{name}"))


U = _uuid


def build(conn: Conn, shape: Shape) -> None:
    """Create ``shape``'s tables (autocommit connection, empty database)."""
    conn.execute(
        "DO $$ BEGIN CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\"; EXCEPTION WHEN OTHERS THEN "
        # The embedded server has no uuid-ossp: a plain function of the same name stands in.
        "CREATE FUNCTION public.uuid_generate_v4() RETURNS uuid LANGUAGE sql VOLATILE AS 'SELECT gen_random_uuid()'; "
        "END $$"
    )
    for name in shape.files:
        sql = (OLD_SCHEMA / name).read_text(encoding="utf-8")
        if name == "enums.sql" and shape.counties == 33:
            for county in MISSING_COUNTIES:
                sql = sql.replace(f", '{county}'", "")
        conn.execute(sql.encode())
    if shape is ANONYMITY_MISSING:
        # 0021's US-Congress-style sponsors had state/district; a database that kept them still does.
        conn.execute("ALTER TABLE sponsors ADD COLUMN state varchar(2), ADD COLUMN district varchar(10)")


# ------------------------------------------------------------------------------------------ rows
def _insert(conn: Conn, table: str, rows: list[dict[str, Any]]) -> None:
    for row in rows:
        cols = ", ".join(f'"{c}"' for c in row)
        marks = ", ".join("%s" for _ in row)
        values = [Jsonb(v) if isinstance(v, dict | list) and not _is_array(table, k) else v for k, v in row.items()]
        conn.execute(f'INSERT INTO "{table}" ({cols}) VALUES ({marks})', values)


_ARRAYS = {("bills", "affected_counties"), ("bills", "tags"), ("bills", "impact_areas"),
           ("alert_preferences", "county_alerts"), ("alert_preferences", "constituency_alerts")}


def _is_array(table: str, column: str) -> bool:
    return (table, column) in _ARRAYS


def fill_foundation(conn: Conn, *, anonymity: bool = True, sponsor_state: bool = False) -> None:
    """Users, profiles, sponsors, committees, sessions, sittings and bills."""
    users = [
        {"id": U("u1"), "email": "Amina.Wanjiru@Example.org", "password_hash": "x" * 60, "role": "citizen",
         "county": "nairobi", "constituency": "Westlands", "is_verified": True, "last_login_at": "2025-03-01 08:00+03"},
        {"id": U("u2"), "email": "otieno@example.org", "password_hash": "y" * 60, "role": "admin", "county": None,
         "verification_token": "t" * 64, "created_at": "2000-01-01 00:00+00"},
        {"id": U("u3"), "email": "moderator@example.org", "password_hash": "z" * 60, "role": "moderator",
         "county": "mombasa", "is_active": False},
        {"id": U("u4"), "email": "expert+tax@example.org", "password_hash": "w" * 60, "role": "expert",
         "county": "kisumu", "password_reset_token": "r" * 64, "password_reset_expires_at": "infinity"},
    ]
    _insert(conn, "users", users)
    profiles = [
        {"id": U("p1"), "user_id": U("u1"), "first_name": "Amina", "last_name": "Wanjiru", "display_name": "Amina W",
         "county": "nairobi", "national_id_hash": "a" * 64, "is_id_verified": True, "phone_number": "+254712345678",
         "phone_verified": True, "preferences": {"theme": "dark"}, "accessibility_needs": {"screen_reader": True}},
        {"id": U("p2"), "user_id": U("u2"), "phone_number": "0712 345 679", "emergency_contact_phone": "+254700000001",
         "bio": "Bunge watcher; «quotes» and emoji 🇰🇪"},
        {"id": U("p3"), "user_id": U("u3"), "first_name": None, "phone_number": None, "timezone": "UTC"},
    ]
    if anonymity:
        profiles[0]["anonymity_level"] = "pseudonymous"
        profiles[0]["pseudonym"] = "Mwananchi"
        profiles[1]["anonymous_id"] = "Citizen_A1B2C3"
    _insert(conn, "user_profiles", profiles)
    sponsors: list[dict[str, Any]] = [
        {"id": U("s1"), "name": "Hon. Jane Mbeki", "party": "oda", "county": "kisumu", "chamber": "national_assembly",
         "mp_number": "MP-001", "email": "jane@parliament.go.ke", "phone": "+254711111111", "attendance_rate": 99.99,
         "term_start": "2022-09-01", "term_end": "2027-08-31", "voting_record": {"finance_bill_2024": "yes"}},
        {"id": U("s2"), "name": "Sen. Paul Kiprop", "party": "independent", "chamber": "senate", "mp_number": None,
         "attendance_rate": 0},
        {"id": U("s3"), "name": "MCA Halima Noor", "chamber": "county_assembly", "mp_number": "MCA-17",
         "county": "garissa"},
    ]
    if sponsor_state:
        sponsors[0]["state"] = "KE"
        sponsors[1]["district"] = "D-9"
    _insert(conn, "sponsors", sponsors)
    _insert(conn, "committees", [
        {"id": U("c1"), "name": "Finance and National Planning", "chamber": "national_assembly", "chair_id": U("s1"),
         "vice_chair_id": U("s2"), "members_count": 2, "contact_email": "finance@parliament.go.ke"},
    ])
    _insert(conn, "committee_members", [
        {"id": U("cm1"), "committee_id": U("c1"), "sponsor_id": U("s1"), "role": "chair"},
        {"id": U("cm2"), "committee_id": U("c1"), "sponsor_id": U("s2"), "end_date": None},
    ])
    _insert(conn, "parliamentary_sessions", [
        {"id": U("ps1"), "session_number": 3, "parliament_number": 13, "start_date": "2025-02-11",
         "chamber": "national_assembly"},
    ])
    _insert(conn, "parliamentary_sittings", [
        {"id": U("sit1"), "session_id": U("ps1"), "sitting_date": "2025-02-12", "sitting_number": 1,
         "agenda": ["prayers", "finance bill"], "attendance_count": 280},
    ])
    _insert(conn, "bills", [
        {"id": U("b1"), "bill_number": "NA-2024-001", "title": "The Finance Bill, 2024", "status": "third_reading",
         "chamber": "national_assembly", "sponsor_id": U("s1"), "affected_counties": ["nairobi", "kisumu"],
         "tags": ["finance", "tax"], "view_count": 2147483647, "engagement_score": 99999999.99,
         "introduced_date": "2024-05-09", "last_action_date": "2024-06-25", "metadata": {"gazette": "2024/17"}},
        {"id": U("b2"), "bill_number": "SEN-2024-002", "title": "The County Allocation Bill", "status": "drafted",
         "chamber": "senate", "sponsor_id": None, "affected_counties": None, "tags": []},
        {"id": U("b3"), "bill_number": "NA-2025-003", "title": "Ustawi wa Jamii (Amendment) Bill", "summary": None,
         "status": "withdrawn", "chamber": "national_assembly", "sponsor_id": U("s3")},
    ])


def fill_citizen(conn: Conn) -> None:
    """Sessions, comments (every position, a mis-cased and an unknown one), votes, engagement, alerts."""
    _insert(conn, "sessions", [
        {"id": "sess-0001", "user_id": U("u1"), "expires_at": "2030-01-01 00:00+00", "data": {"csrf": "abc"}},
    ])
    positions = ["support", "oppose", "neutral", "question", None, "Support", "maybe"]
    comments = []
    for i, position in enumerate(positions):
        comments.append({
            "id": U(f"cmt{i}"), "bill_id": U("b1") if i % 2 == 0 else U("b2"), "user_id": U("u1") if i < 4 else U("u2"),
            "comment_text": f"Comment {i}: " + ("long text " * (50 if i == 0 else 1)), "position": position,
            "sentiment_score": [-1, 1, 0, 0.5, None, -0.25, 0.99][i], "thread_depth": 0 if i < 5 else 1,
            "parent_comment_id": U("cmt0") if i >= 5 else None, "moderation_status": ["pending", "approved"][i % 2],
            "user_county": "nairobi" if i % 3 else None, "upvote_count": i * 1000,
        })
    _insert(conn, "comments", comments)
    _insert(conn, "comment_votes", [
        {"id": U("cv1"), "comment_id": U("cmt0"), "user_id": U("u2"), "vote_type": "upvote"},
        {"id": U("cv2"), "comment_id": U("cmt1"), "user_id": U("u3"), "vote_type": "downvote", "vote_weight": 0},
    ])
    _insert(conn, "bill_votes", [
        {"id": U("bv1"), "bill_id": U("b1"), "user_id": U("u1"), "vote_type": "against", "user_county": "nairobi"},
        {"id": U("bv2"), "bill_id": U("b1"), "user_id": U("u2"), "vote_type": "abstain", "public_vote": False},
    ])
    _insert(conn, "bill_engagement", [
        {"id": U("be1"), "bill_id": U("b1"), "user_id": U("u1"), "engagement_type": "view",
         "engagement_value": {"seconds": 42}, "view_count": 7, "session_duration_seconds": 0},
    ])
    _insert(conn, "bill_tracking_preferences", [
        {"id": U("bt1"), "user_id": U("u1"), "bill_id": U("b1"), "notification_frequency": "weekly"},
    ])
    _insert(conn, "notifications", [
        {"id": U("n1"), "user_id": U("u1"), "notification_type": "bill_update", "title": "Finance Bill update",
         "message": "Third reading", "related_bill_id": U("b1"), "related_comment_id": U("cmt0"), "is_read": True,
         "read_at": "2025-01-01 00:00+03"},
    ])
    _insert(conn, "alert_preferences", [
        {"id": U("ap1"), "user_id": U("u1"), "county_alerts": ["nairobi", "mombasa"], "digest_frequency": "weekly",
         "accessibility_format": "high_contrast", "quiet_hours": {"start": "21:00", "end": "06:00"}},
        {"id": U("ap2"), "user_id": U("u2"), "county_alerts": None, "accessibility_format": None},
    ])
    _insert(conn, "user_contact_methods", [
        {"id": U("ucm1"), "user_id": U("u1"), "contact_type": "phone", "contact_value": "+254712345678",
         "is_primary": True},
        {"id": U("ucm2"), "user_id": U("u1"), "contact_type": "email", "contact_value": "amina@example.org"},
    ])


def fill_user_interests(conn: Conn) -> None:
    """The TS-only user_interests table."""
    _insert(conn, "user_interests", [
        {"id": U("ui1"), "user_id": U("u1"), "interest": "taxation", "interest_strength": 10},
        {"id": U("ui2"), "user_id": U("u2"), "interest": "health", "interest_strength": 1},
    ])


def fill_platform(conn: Conn) -> None:
    """platform_operations: every timestamp column (NULLs, infinity, far past, the unconvertible edge)."""
    _insert(conn, "data_sources", [
        {"id": U("ds1"), "source_name": "parliament.go.ke", "source_type": "website", "created_by": U("u2"),
         "last_successful_sync": "2025-06-30 23:59:59.999999", "last_health_check": None, "reliability_score": 0.95,
         "created_at": "2024-01-01 00:00:00", "updated_at": "2024-12-31 21:00:00", "auth_credentials": {}},
        {"id": U("ds2"), "source_name": "kenyalaw.org", "source_type": "api", "created_by": None,
         "last_successful_sync": "infinity", "last_health_check": "-infinity", "health_status": None,
         "created_at": "1900-01-01 00:00:00", "updated_at": "1960-06-30 12:00:00"},
    ])
    _insert(conn, "sync_jobs", [
        {"id": U("sj1"), "data_source_id": U("ds1"), "job_name": "nightly", "job_type": "full", "status": "completed",
         "started_at": "2025-01-01 01:00:00", "completed_at": "2025-01-01 01:30:00", "duration_seconds": 1800,
         "records_processed": 2147483647, "progress_percent": 100},
        {"id": U("sj2"), "data_source_id": U("ds1"), "job_name": "retry", "job_type": "incremental",
         "parent_job_id": U("sj1"), "started_at": None, "completed_at": None, "status": "queued"},
    ])
    _insert(conn, "external_bill_references", [
        {"id": U("ebr1"), "bill_id": U("b1"), "external_id": "2024/17", "external_source": "kenyalaw",
         "reference_type": "gazette", "last_verified": "2025-02-28 23:59:59", "confidence_score": 1},
    ])
    events = [
        ("10.0.0.1", "2025-03-01 09:15:00", -90, -180),
        ("2001:db8::1", "2025-03-01 09:16:00", 90, 180),
        (None, "1899-12-31 23:00:00", None, None),
        ("unknown", "2025-03-02 00:00:00", -1.2345678, 36.8219462),
        ("10.0.0.2", "4714-11-24 01:00:00 BC", 0, 0),
    ]
    _insert(conn, "analytics_events", [
        {"id": U(f"ae{i}"), "event_name": "page_view", "event_category": "navigation",
         "user_id": U("u1") if i else None,
         "bill_id": U("b1") if i % 2 else None, "comment_id": U("cmt0") if i == 1 else None, "ip_address": ip,
         "created_at": ts, "latitude": lat, "longitude": lon, "county": "nairobi" if i < 3 else None,
         "page_load_time_ms": 0 if i == 0 else 2147483647, "event_properties": {"i": i}}
        for i, (ip, ts, lat, lon) in enumerate(events)
    ])
    _insert(conn, "bill_impact_metrics", [
        {"id": U("bim1"), "bill_id": U("b1"), "metric_type": "views", "metric_category": "engagement",
         "total_value": 9999999999999.99, "measurement_date": "2025-03-01", "time_period": "daily",
         "period_start": "2025-03-01 00:00:00", "period_end": "2025-03-01 23:59:59.999999"},
    ])
    _insert(conn, "county_engagement_stats", [
        {"id": U("ces1"), "county": "nairobi", "measurement_date": "2025-03-01", "active_users": 10, "percentile": 100},
    ])
    _insert(conn, "trending_analysis", [
        {"id": U("ta1"), "analysis_date": "2025-03-01", "time_window_hours": 24,
         "analysis_start": "2025-02-28 00:00:00",
         "analysis_end": "2025-03-01 00:00:00", "analysis_method": "velocity", "statistical_significance": 0.0001},
    ])
    _insert(conn, "user_engagement_summary", [
        {"id": U("ues1"), "user_id": U("u1"), "measurement_date": "2025-03-01", "sessions_count": 3},
    ])
    _insert(conn, "platform_health_metrics", [
        {"id": U("phm1"), "measurement_timestamp": "2025-03-01 12:00:00", "error_rate": 0.0001,
         "health_status": "healthy", "cpu_usage_percent": 99.99},
    ])
    _insert(conn, "content_performance", [
        {"id": U("cp1"), "content_type": "bill", "content_id": U("b1"), "measurement_date": "2025-03-01",
         "impressions": 2147483647, "engagement_rate": 1},
    ])


def fill_feature_sql(conn: Conn) -> None:
    """Rows in the tables of 149 and 152, the rollout bookkeeping (0023/0024) and search (0025/0026)."""
    _insert(conn, "search_queries", [
        {"id": U("sq1"), "user_id": U("u1"), "query_text": "finance bill", "query_intent": "lookup",
         "created_at": "2025-03-01 10:00:00"},
        {"id": U("sq2"), "user_id": None, "query_text": "ushuru", "created_at": None},
    ])
    _insert(conn, "bill_relationships", [
        {"id": U("br1"), "bill_a_id": min(U("b1"), U("b2")), "bill_b_id": max(U("b1"), U("b2")),
         "relationship_type": "similar", "created_at": "2025-01-01 00:00:00"},
    ])
    _insert(conn, "credibility_scores", [
        {"id": U("cs1"), "user_id": U("u4"), "domain_category": "tax", "base_score": 60, "expertise_bonus": 10,
         "community_adjustment": -5, "peer_adjustment": 2.5},
    ])
    _insert(conn, "expert_domains", [
        {"id": U("ed1"), "user_id": U("u4"), "domain_category": "tax", "expertise_level": "expert",
         "years_experience": 12},
    ])
    _insert(conn, "search_analytics", [
        {"id": U("sa1"), "query": "finance", "search_type": "fulltext", "results_count": 3, "execution_time_ms": 12,
         "search_timestamp": "2025-03-01 10:00:01"},
    ])
    conn.execute("INSERT INTO migration_components (phase_id, name, status, feature_flag_name) "
                 "SELECT id, 'search-v2', 'rolled_out', 'search_v2' FROM migration_phases WHERE phase = 2 LIMIT 1")


def fill_transparency_intelligence(conn: Conn) -> None:
    """A disclosure with line items (the 151 shape of financial_interests)."""
    _insert(conn, "financial_disclosures", [
        {"id": U("fd1"), "sponsor_id": U("s1"), "disclosure_year": 2024, "disclosure_data": {"pages": 12},
         "verification_status": "verified", "verified_at": "2025-01-15 09:00:00"},
    ])
    _insert(conn, "financial_interests", [
        {"id": U("fi1"), "disclosure_id": U("fd1"), "interest_type": "stock", "entity_name": "Safaricom PLC",
         "estimated_value_min": 1000000, "estimated_value_max": 5000000, "ownership_percentage": 0.01},
        {"id": U("fi2"), "disclosure_id": U("fd1"), "interest_type": "property", "entity_name": None,
         "created_at": None},
    ])


def fill_analysis(conn: Conn) -> None:
    """The integer-keyed analysis table (its bill_id integers need the mapping file)."""
    _insert(conn, "analysis", [
        {"id": 1, "bill_id": 101, "analysis_type": "constitutional", "confidence": 0.9999, "approved_by": U("u2"),
         "is_approved": True},
        {"id": 2147483647, "bill_id": 102, "analysis_type": "summary", "confidence": None, "metadata": None},
    ])


def fill(conn: Conn, shape: Shape) -> None:
    """Fill ``shape``'s database with its rows."""
    if shape is PUSH_CORE:
        fill_foundation(conn)
        fill_citizen(conn)
        fill_user_interests(conn)
        fill_platform(conn)
    elif shape is SQL_FILES:
        fill_foundation(conn, anonymity=False)
        fill_citizen(conn)
        fill_platform(conn)
        fill_feature_sql(conn)
    else:
        fill_foundation(conn, anonymity=False, sponsor_state=True)
        fill_transparency_intelligence(conn)
        fill_analysis(conn)


#: What a reviewer writes into the mapping file for the rows above (table.column -> old -> new).
DECISIONS: dict[str, dict[str, str]] = {
    "comments.position": {"Support": "support", "maybe": "neutral"},
    "user_profiles.phone_number": {"0712 345 679": "+254712345679"},
    "analytics_events.ip_address": {"unknown": "<null>"},
    "analytics_events.created_at": {"4714-11-24 01:00:00 BC": "-infinity"},
    "analysis.bill_id": {"101": U("b1"), "102": U("b3")},
    "search_queries.created_at": {"<null>": "2025-01-01 00:00:00+03"},
    "financial_interests.created_at": {"<null>": "2025-01-15 00:00:00+03"},
}
