"""integrity_operations against real PostgreSQL: reports, moderation queue, expert profiles, identity
verification, security events and the system audit log (user_activity_log is tested with its partitioning).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from psycopg.types.json import Jsonb
from sqlalchemy import Connection, select, text
from sqlalchemy.orm import Session

from chanuka_db.schema.enums import (
    ContentReportStatus,
    ModerationStatus,
    ReviewCapacity,
    SecurityResolutionStatus,
    ServiceImpact,
    Severity,
    VerificationStatus,
)
from chanuka_db.schema.integrity_operations import ContentReport, ExpertProfile, ModerationQueue
from tests.schema.conftest import Rejects
from tests.schema.factories import insert, make_bill, make_comment, make_user

# ---------------------------------------------------------------------------------------------- factories


def make_report(conn: Connection, reporter_id: uuid.UUID, **kw: Any) -> uuid.UUID:
    """A harassment report against a user (pass ``reported_comment_id`` and ``reported_user_id=None``
    to report a comment instead)."""
    values: dict[str, Any] = {
        "reporter_id": reporter_id,
        "report_category": "harassment",
        "report_reason": "Matusi kwa mtumiaji mwingine.",
        **kw,
    }
    if "reported_user_id" not in values and "reported_comment_id" not in values:
        values["reported_user_id"] = make_user(conn)
    values = {k: v for k, v in values.items() if v is not None}
    return insert(conn, "content_reports", **values)


def make_queue_item(conn: Connection, **kw: Any) -> uuid.UUID:
    """An automated flag on some comment."""
    values = {"content_type": "comment", "content_id": uuid.uuid4(), "source_type": "automated_flag", **kw}
    return insert(conn, "moderation_queue", **values)


def make_expert_profile(conn: Connection, user_id: uuid.UUID, **kw: Any) -> uuid.UUID:
    """An expert profile in public finance."""
    return insert(conn, "expert_profiles", **{"user_id": user_id, "expertise_domains": ["public_finance"], **kw})


def make_user_verification(conn: Connection, user_id: uuid.UUID, **kw: Any) -> uuid.UUID:
    """A pending national-ID verification request."""
    return insert(conn, "user_verification", **{"user_id": user_id, "verification_type": "national_id", **kw})


def make_security_event(conn: Connection, **kw: Any) -> uuid.UUID:
    """An automated failed-login detection."""
    values = {
        "event_type": "failed_login",
        "severity": "medium",
        "detection_method": "automated",
        "event_description": "5 failed logins in 60 s",
        **kw,
    }
    return insert(conn, "security_events", **values)


def make_audit_entry(conn: Connection, **kw: Any) -> uuid.UUID:
    """A successful data export by an admin."""
    values = {
        "event_type": "bills.export",
        "event_category": "data",
        "actor_type": "admin",
        "action": "export",
        "success": True,
        **kw,
    }
    return insert(conn, "system_audit_log", **values)


def row(conn: Connection, table: str, row_id: uuid.UUID) -> Any:
    return conn.execute(text(f"SELECT * FROM {table} WHERE id = :id"), {"id": row_id}).mappings().one()


# ---------------------------------------------------------------------------------------------- round trips


def test_content_report_round_trip_and_defaults(conn: Connection) -> None:
    reporter, author = make_user(conn), make_user(conn)
    comment = make_comment(conn, make_bill(conn), author)
    report = make_report(
        conn,
        reporter,
        reported_comment_id=comment,
        reported_user_id=None,
        report_category="misinformation",
        report_severity="high",
        evidence_screenshots=["https://cdn.example.ke/e/1.png", "https://cdn.example.ke/e/2.png"],
        reporter_satisfaction=4,
    )
    r = row(conn, "content_reports", report)
    assert r["reported_comment_id"] == comment and r["reported_user_id"] is None
    assert r["report_status"] == ContentReportStatus.PENDING
    assert r["report_severity"] == Severity.HIGH
    assert r["evidence_screenshots"] == ["https://cdn.example.ke/e/1.png", "https://cdn.example.ke/e/2.png"]
    assert r["reporter_anonymous"] is False and r["appeal_requested"] is False
    assert r["reporter_satisfaction"] == 4
    assert r["created_at"] is not None and r["updated_at"] is not None


def test_moderation_queue_round_trip_and_defaults(conn: Connection) -> None:
    report = make_report(conn, make_user(conn))
    item = make_queue_item(
        conn, content_type="user_profile", source_type="user_report", report_id=report, confidence_score=Decimal("0.87")
    )
    r = row(conn, "moderation_queue", item)
    assert r["queue_status"] == ModerationStatus.PENDING
    assert r["priority_score"] == Decimal("5.00")
    assert r["confidence_score"] == Decimal("0.87")
    assert r["report_id"] == report
    assert r["qa_review_required"] is False


def test_expert_profile_round_trip_and_defaults(conn: Connection) -> None:
    user = make_user(conn)
    profile = make_expert_profile(
        conn,
        user,
        expertise_domains=["constitutional_law", "public_finance"],
        specializations=["devolution"],
        educational_background=Jsonb([{"degree": "LLM", "institution": "University of Nairobi", "year": 2012}]),
        reference_contacts=Jsonb([{"name": "Wanjiku", "phone": "+254700000001"}]),
        review_expertise=Jsonb({"finance_bills": True}),
        reviews_completed=10,
        reviews_accepted=8,
    )
    r = row(conn, "expert_profiles", profile)
    assert r["expertise_domains"] == ["constitutional_law", "public_finance"]
    assert r["educational_background"] == [{"degree": "LLM", "institution": "University of Nairobi", "year": 2012}]
    assert r["reference_contacts"][0]["name"] == "Wanjiku"
    assert r["review_expertise"] == {"finance_bills": True}
    assert r["publications"] == []
    assert r["verification_status"] == VerificationStatus.PENDING
    assert r["review_capacity"] == ReviewCapacity.OCCASIONAL
    assert r["available_for_review"] is True


def test_user_verification_round_trip_and_defaults(conn: Connection) -> None:
    user = make_user(conn)
    ver = make_user_verification(
        conn,
        user,
        verification_documents=["s3://kyc/abc/front.jpg", "s3://kyc/abc/back.jpg"],
        verification_data=Jsonb({"ciphertext": "AAEC", "key_id": "kms-1"}),
        verification_hash="a" * 64,
    )
    r = row(conn, "user_verification", ver)
    assert r["verification_documents"] == ["s3://kyc/abc/front.jpg", "s3://kyc/abc/back.jpg"]
    assert r["verification_data"] == {"ciphertext": "AAEC", "key_id": "kms-1"}
    assert r["verification_level"] == 1
    assert r["verification_status"] == VerificationStatus.PENDING
    assert r["submitted_at"] is not None and r["renewal_required"] is False


def test_security_event_round_trip_and_defaults(conn: Connection) -> None:
    actor = make_user(conn)
    event = make_security_event(
        conn,
        severity="critical",
        actor_user_id=actor,
        actor_ip_address="198.51.100.7",
        event_evidence=Jsonb({"attempts": 5, "window_s": 60}),
        affected_systems=["auth", "api"],
        service_impact="degraded",
        detection_confidence=Decimal("0.95"),
    )
    r = row(conn, "security_events", event)
    assert r["severity"] == Severity.CRITICAL
    assert r["resolution_status"] == SecurityResolutionStatus.OPEN
    assert r["service_impact"] == ServiceImpact.DEGRADED
    assert ipaddress.ip_address(str(r["actor_ip_address"])) == ipaddress.ip_address("198.51.100.7")
    assert r["event_evidence"] == {"attempts": 5, "window_s": 60}
    assert r["affected_systems"] == ["auth", "api"]
    assert r["affected_users"] == 0 and r["automated_response"] == {}


def test_system_audit_log_round_trip_and_defaults(conn: Connection) -> None:
    entry = make_audit_entry(
        conn,
        action_details=Jsonb({"format": "csv", "rows": 1200}),
        source_ip="2001:db8::1",
        status_code=200,
        processing_time_ms=35,
    )
    r = row(conn, "system_audit_log", entry)
    assert r["severity"] == Severity.LOW
    assert r["retention_period_days"] == 2555
    assert r["action_details"] == {"format": "csv", "rows": 1200}
    assert ipaddress.ip_address(str(r["source_ip"])) == ipaddress.ip_address("2001:db8::1")


# ---------------------------------------------------------------------------------------------- rejections


def test_foreign_keys_reject_dangling_ids(conn: Connection, rejects: Rejects) -> None:
    user, ghost = make_user(conn), uuid.uuid4()
    cases: list[Callable[[], Any]] = [
        lambda: make_report(conn, ghost),
        lambda: make_report(conn, user, reported_user_id=None, reported_comment_id=ghost),
        lambda: make_queue_item(conn, report_id=ghost),
        lambda: make_queue_item(conn, assigned_moderator_id=ghost),
        lambda: make_expert_profile(conn, ghost),
        lambda: make_user_verification(conn, user, verifier_id=ghost),
        lambda: make_security_event(conn, actor_user_id=ghost),
    ]
    for case in cases:
        rejects(case, sqlstate="23503")


def test_one_expert_profile_per_user(conn: Connection, rejects: Rejects) -> None:
    user = make_user(conn)
    make_expert_profile(conn, user)
    msg = rejects(lambda: make_expert_profile(conn, user, expertise_domains=["health"]), sqlstate="23505")
    assert "ix_expert_profiles_user_id" in msg


CHECKS: list[tuple[str, str, dict[str, Any]]] = [
    ("content_reports", "report_category_values", {"report_category": "rude"}),
    ("content_reports", "reporter_satisfaction_range", {"reporter_satisfaction": 0}),
    ("content_reports", "reporter_satisfaction_range", {"reporter_satisfaction": 6}),
    ("content_reports", "exactly_one_target", {"reported_user_id": None}),
    ("content_reports", "exactly_one_target", {"reported_comment_id": "COMMENT", "reported_user_id": "OWNER"}),
    ("content_reports", "resolved_after_created", {"resolved_at": dt.datetime(2001, 1, 1, tzinfo=dt.UTC)}),
    ("moderation_queue", "content_type_values", {"content_type": "bill"}),
    ("moderation_queue", "source_type_values", {"source_type": "rumour"}),
    ("moderation_queue", "moderation_action_values", {"moderation_action": "ban_forever"}),
    ("moderation_queue", "priority_score_non_negative", {"priority_score": -1}),
    ("moderation_queue", "confidence_score_range", {"confidence_score": Decimal("1.5")}),
    ("moderation_queue", "review_duration_non_negative", {"review_duration_seconds": -5}),
    (
        "moderation_queue",
        "review_completed_after_started",
        {
            "review_started_at": dt.datetime(2025, 5, 2, tzinfo=dt.UTC),
            "review_completed_at": dt.datetime(2025, 5, 1, tzinfo=dt.UTC),
        },
    ),
    ("expert_profiles", "years_of_experience_non_negative", {"years_of_experience": -1}),
    ("expert_profiles", "review_counts_non_negative", {"reviews_completed": -1, "reviews_accepted": -2}),
    ("expert_profiles", "reviews_accepted_le_completed", {"reviews_completed": 2, "reviews_accepted": 3}),
    ("expert_profiles", "review_metrics_non_negative", {"community_rating": Decimal("-0.5")}),
    ("expert_profiles", "review_metrics_non_negative", {"average_review_time_hours": Decimal("-1")}),
    (
        "expert_profiles",
        "verification_expiry_order",
        {
            "verification_date": dt.datetime(2025, 6, 1, tzinfo=dt.UTC),
            "verification_expires_at": dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
        },
    ),
    ("expert_profiles", "not_self_verified", {"verified_by": "OWNER"}),
    ("user_verification", "verification_type_values", {"verification_type": "dna"}),
    ("user_verification", "verification_level_positive", {"verification_level": 0}),
    ("user_verification", "verified_after_submitted", {"verified_at": dt.datetime(2001, 1, 1, tzinfo=dt.UTC)}),
    (
        "user_verification",
        "expires_after_verified",
        {"verified_at": dt.datetime(2099, 1, 2, tzinfo=dt.UTC), "expires_at": dt.datetime(2099, 1, 1, tzinfo=dt.UTC)},
    ),
    ("user_verification", "not_self_verified", {"verifier_id": "OWNER"}),
    ("security_events", "event_type_values", {"event_type": "coffee_spill"}),
    ("security_events", "detection_method_values", {"detection_method": "psychic"}),
    ("security_events", "detection_confidence_range", {"detection_confidence": Decimal("-0.1")}),
    ("security_events", "affected_users_non_negative", {"affected_users": -3}),
    ("security_events", "resolved_after_created", {"resolved_at": dt.datetime(2001, 1, 1, tzinfo=dt.UTC)}),
    ("system_audit_log", "event_category_values", {"event_category": "gossip"}),
    ("system_audit_log", "actor_type_values", {"actor_type": "robot"}),
    ("system_audit_log", "action_values", {"action": "teleport"}),
    ("system_audit_log", "status_code_range", {"status_code": 42}),
    ("system_audit_log", "processing_time_non_negative", {"processing_time_ms": -1}),
    ("system_audit_log", "retention_period_positive", {"retention_period_days": 0}),
]


def _make(conn: Connection, table: str, owner: uuid.UUID, values: dict[str, Any]) -> uuid.UUID:
    """A row of ``table`` owned by ``owner`` with ``values`` ("OWNER"/"COMMENT" are placeholders)."""
    resolved = {
        k: owner if v == "OWNER" else make_comment(conn, make_bill(conn), owner) if v == "COMMENT" else v
        for k, v in values.items()
    }
    if table == "content_reports":
        return make_report(conn, owner, **resolved)
    if table == "moderation_queue":
        return make_queue_item(conn, **resolved)
    if table == "expert_profiles":
        return make_expert_profile(conn, owner, **resolved)
    if table == "user_verification":
        return make_user_verification(conn, owner, **resolved)
    if table == "security_events":
        return make_security_event(conn, **resolved)
    return make_audit_entry(conn, **resolved)


@pytest.mark.parametrize(("table", "check", "values"), CHECKS, ids=[f"{t}.{c}" for t, c, _ in CHECKS])
def test_check_constraints_reject(
    conn: Connection, rejects: Rejects, table: str, check: str, values: dict[str, Any]
) -> None:
    owner = make_user(conn)
    msg = rejects(lambda: _make(conn, table, owner, values), sqlstate="23514")
    assert f"ck_{table}_{check}" in msg


def test_check_constraints_accept_boundaries(conn: Connection) -> None:
    owner, verifier = make_user(conn), make_user(conn)
    make_report(conn, owner, reporter_satisfaction=1)
    make_report(conn, owner, reporter_satisfaction=5)
    make_queue_item(conn, priority_score=0, confidence_score=Decimal("1.00"), review_duration_seconds=0)
    make_expert_profile(conn, owner, reviews_completed=3, reviews_accepted=3, verified_by=verifier)
    make_user_verification(conn, owner, verifier_id=verifier, verified_at=dt.datetime.now(dt.UTC))
    make_audit_entry(conn, status_code=599, processing_time_ms=0)


ENUMS = [
    ("content_reports", "report_status", "closed"),
    ("content_reports", "report_severity", "extreme"),
    ("moderation_queue", "queue_status", "done"),
    ("expert_profiles", "review_capacity", "always"),
    ("expert_profiles", "verification_status", "rejected"),
    ("user_verification", "verification_status", "approved"),
    ("security_events", "resolution_status", "closed"),
    ("security_events", "service_impact", "total_outage"),
    ("security_events", "severity", "info"),
    ("system_audit_log", "severity", "debug"),
]


@pytest.mark.parametrize(("table", "column", "value"), ENUMS, ids=[f"{t}.{c}" for t, c, _ in ENUMS])
def test_enums_reject_unknown_values(conn: Connection, rejects: Rejects, table: str, column: str, value: str) -> None:
    owner = make_user(conn)
    rejects(lambda: _make(conn, table, owner, {column: value}), sqlstate="22P02")


# ---------------------------------------------------------------------------------------------- ON DELETE


def test_deleting_a_user_cascades_owned_rows_and_clears_pointers(conn: Connection) -> None:
    doomed, other = make_user(conn), make_user(conn)
    own_report = make_report(conn, doomed)  # reporter: cascade
    about_doomed = make_report(conn, other, reported_user_id=doomed)  # target: cascade
    assigned = make_report(conn, other, assigned_moderator_id=doomed)  # moderator: set null
    profile = make_expert_profile(conn, doomed)
    verified_profile = make_expert_profile(conn, other, verified_by=doomed)
    request = make_user_verification(conn, doomed)
    checked = make_user_verification(conn, other, verifier_id=doomed)
    queue = make_queue_item(conn, assigned_moderator_id=doomed, qa_reviewed_by=doomed)
    event = make_security_event(conn, actor_user_id=doomed, response_initiated_by=doomed)

    conn.execute(text("DELETE FROM users WHERE id = :id"), {"id": doomed})

    def exists(table: str, row_id: uuid.UUID) -> bool:
        found = conn.execute(text(f"SELECT count(*) FROM {table} WHERE id = :id"), {"id": row_id}).scalar_one()
        return bool(found == 1)

    assert not exists("content_reports", own_report)
    assert not exists("content_reports", about_doomed)
    assert not exists("expert_profiles", profile)
    assert not exists("user_verification", request)
    assert row(conn, "content_reports", assigned)["assigned_moderator_id"] is None
    assert row(conn, "expert_profiles", verified_profile)["verified_by"] is None
    assert row(conn, "user_verification", checked)["verifier_id"] is None
    q = row(conn, "moderation_queue", queue)
    assert q["assigned_moderator_id"] is None and q["qa_reviewed_by"] is None
    e = row(conn, "security_events", event)
    assert e["actor_user_id"] is None and e["response_initiated_by"] is None


def test_deleting_a_comment_drops_its_reports_and_a_report_unlinks_its_queue_items(conn: Connection) -> None:
    author, reporter = make_user(conn), make_user(conn)
    comment = make_comment(conn, make_bill(conn), author)
    on_comment = make_report(conn, reporter, reported_user_id=None, reported_comment_id=comment)
    report = make_report(conn, reporter)
    queue = make_queue_item(conn, report_id=report, source_type="user_report")

    conn.execute(text("DELETE FROM comments WHERE id = :id"), {"id": comment})
    conn.execute(text("DELETE FROM content_reports WHERE id = :id"), {"id": report})

    assert conn.execute(text("SELECT count(*) FROM content_reports WHERE id = :id"), {"id": on_comment}).scalar() == 0
    assert row(conn, "moderation_queue", queue)["report_id"] is None


# ---------------------------------------------------------------------------------------------- triggers, ORM


def test_updated_at_trigger_bumps_on_update(conn: Connection) -> None:
    past = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    event = make_security_event(conn, created_at=past, updated_at=past)
    conn.execute(text("UPDATE security_events SET resolution_status = 'investigating' WHERE id = :id"), {"id": event})
    r = row(conn, "security_events", event)
    assert r["updated_at"] > past
    assert r["created_at"] == past


def test_orm_navigates_report_queue_and_profile_owner(session: Session) -> None:
    conn = session.connection()
    reporter, target = make_user(conn), make_user(conn)
    report = ContentReport(
        reporter_id=reporter, reported_user_id=target, report_category="spam", report_reason="Links za kamari."
    )
    report.queue_items.append(
        ModerationQueue(content_type="user_profile", content_id=target, source_type="user_report")
    )
    session.add(report)
    session.add(
        ExpertProfile(user_id=target, expertise_domains=["agriculture"], review_capacity=ReviewCapacity.REGULAR)
    )
    session.flush()
    session.expire_all()

    item = session.scalars(select(ModerationQueue).where(ModerationQueue.report_id == report.id)).one()
    assert item.report is not None and item.report.reporter.id == reporter
    assert item.report.reported_user is not None and item.report.reported_user.id == target
    assert item.report.report_status is ContentReportStatus.PENDING
    profile = session.scalars(select(ExpertProfile).where(ExpertProfile.user_id == target)).one()
    assert profile.user.id == target and profile.verifier is None
    assert profile.review_capacity is ReviewCapacity.REGULAR
