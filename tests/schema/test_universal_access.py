"""universal_access against a real PostgreSQL: round trips, constraints, cascades, no drift."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Connection, select, text
from sqlalchemy.orm import Session

from chanuka_db.schema import metadata
from chanuka_db.schema.enums import AmbassadorStatus, CommentPosition, OfflineSyncStatus
from chanuka_db.schema.universal_access import DOMAIN, Ambassador, OfflineSubmission
from tests.schema.conftest import Rejects
from tests.schema.factories import insert, make_bill, make_comment, make_user
from tests.schema.test_advocacy_coordination import count, domain_drift, unindexed_foreign_keys

J = json.dumps  # JSONB parameters go in as JSON text


def make_ambassador(conn: Connection, user: uuid.UUID | None = None, **kw: Any) -> uuid.UUID:
    values = {
        "user_id": user or make_user(conn),
        "ambassador_code": f"AMB-{uuid.uuid4().hex[:8]}",
        "display_name": "Achieng Otieno",
        "contact_phone": "+254712345678",
        "preferred_contact_method": "sms",
        "primary_county": "kisumu",
        **kw,
    }
    return insert(conn, "ambassadors", **values)


def make_community(conn: Connection, **kw: Any) -> uuid.UUID:
    return insert(conn, "communities", **{"name": "Nyalenda B", "community_type": "geographic", **kw})


def make_session(conn: Connection, ambassador: uuid.UUID, **kw: Any) -> uuid.UUID:
    values = {"session_code": f"FS-{uuid.uuid4().hex[:10]}", "ambassador_id": ambassador, "session_date": "2025-06-14"}
    return insert(conn, "facilitation_sessions", **{**values, **kw})


def make_submission(conn: Connection, ambassador: uuid.UUID, bill: uuid.UUID | None = None, **kw: Any) -> uuid.UUID:
    values = {
        "bill_id": bill or make_bill(conn),
        "collected_by_id": ambassador,
        "submission_text": "Tunataka maji safi kabla ya ushuru mpya.",
        "collection_method": "verbal_transcribed",
        **kw,
    }
    return insert(conn, "offline_submissions", **values)


def make_ussd(conn: Connection, **kw: Any) -> uuid.UUID:
    values = {"session_id": f"ATUid_{uuid.uuid4().hex}", "phone_number": "+254722000111", **kw}
    return insert(conn, "ussd_sessions", **values)


def make_localized(conn: Connection, **kw: Any) -> uuid.UUID:
    values = {
        "content_type": "bill_summary",
        "source_id": uuid.uuid4(),
        "content_key": "summary",
        "language_code": "sw",
        "original_text": "The bill raises VAT.",
        "localized_text": "Mswada unaongeza VAT.",
        "translation_method": "human",
        **kw,
    }
    return insert(conn, "localized_content", **values)


def make_feedback(conn: Connection, user: uuid.UUID, **kw: Any) -> uuid.UUID:
    values = {
        "user_id": user,
        "feedback_type": "bug",
        "page_url": "/bills/finance-2025",
        "component": "comment form",
        "issue_category": "screen_reader",
        "severity": "high",
        "description": "Submit button has no label",
        "expected_behavior": "Announced as Submit",
        "current_behavior": "Announced as button",
        "steps_to_reproduce": J(["open bill", "tab to form"]),
        "browser_info": J({"name": "Firefox", "version": "128"}),
        "status": "open",
        "priority": "high",
        **kw,
    }
    return insert(conn, "accessibility_feedback", **values)


def make_preferences(conn: Connection, user: uuid.UUID) -> uuid.UUID:
    prefs = {name: J({}) for name in ("visual", "auditory", "motor", "cognitive")}
    return insert(
        conn,
        "user_accessibility_preferences",
        user_id=user,
        visual_preferences=J({"high_contrast": True, "font_scale": 1.5}),
        auditory_preferences=prefs["auditory"],
        motor_preferences=prefs["motor"],
        cognitive_preferences=prefs["cognitive"],
        assistive_technology=J({"screen_reader": "TalkBack"}),
        last_used_features=J(["high_contrast"]),
    )


def make_cache(conn: Connection, user: uuid.UUID, **kw: Any) -> uuid.UUID:
    values = {
        "user_id": user,
        "content_type": "bill",
        "content_id": "NA 12/2025",
        "content_data": J({"title": "Finance Bill"}),
        "metadata": J({"etag": "abc"}),
        "expiry_timestamp": "2099-01-01T00:00:00+03:00",
        "priority_level": "high",
        "device_info": J({"model": "Tecno Spark"}),
        **kw,
    }
    return insert(conn, "offline_content_cache", **values)


def make_queued(conn: Connection, user: uuid.UUID, **kw: Any) -> uuid.UUID:
    values = {
        "user_id": user,
        "operation_type": "create",
        "entity_type": "comment",
        "entity_id": "local-7",
        "operation_data": J({"text": "Naunga mkono"}),
        "original_timestamp": "2025-06-14T10:00:00+03:00",
        "priority": "normal",
        "device_info": J({"model": "Nokia 110"}),
        **kw,
    }
    return insert(conn, "offline_sync_queue", **values)


CATALOGUE_ROWS: dict[str, dict[str, Any]] = {
    "assistive_technology_compatibility": {
        "technology_name": "NVDA",
        "technology_type": "screen_reader",
        "platform": "windows",
        "compatibility_score": 92,
        "browser_compatibility": J({"firefox": "full"}),
        "feature_support": J({"forms": True}),
        "recommendation": "recommended",
    },
    "accessibility_features": {
        "feature_name": "High contrast",
        "feature_category": "visual",
        "user_impact_score": 9,
        "target_disabilities": J(["low_vision"]),
    },
    "accessibility_audits": {
        "audit_type": "wcag",
        "scope": "web",
        "audited_components": J(["bill page"]),
        "audit_methodology": "WCAG 2.2 AA manual review",
        "auditor_info": J({"firm": "Access Kenya"}),
        "findings": J({"critical": 1}),
        "recommendations": J(["label buttons"]),
        "overall_compliance_score": 78,
        "compliance_level": "AA-partial",
        "audit_date": "2025-05-01T09:00:00+03:00",
        "follow_up_date": "2025-08-01T09:00:00+03:00",
        "status": "open",
    },
    "inclusive_design_metrics": {
        "measurement_date": "2025-06-30T00:00:00+03:00",
        "reporting_period": "2025-Q2",
        "user_diversity_metrics": J({}),
        "accessibility_usage_metrics": J({}),
        "content_accessibility_metrics": J({}),
        "technical_compliance_metrics": J({}),
        "inclusive_design_score": 71,
        "benchmark_comparison": J({}),
        "improvement_recommendations": J([]),
    },
    "alternative_formats": {
        "content_type": "bill",
        "content_id": "NA 12/2025",
        "format_type": "audio",
        "format_details": J({"language": "sw"}),
        "target_disabilities": J(["blind", "low_literacy"]),
        "quality_score": 4,
        "duration_minutes": 12,
    },
}


def test_ambassador_session_and_submission_round_trip(conn: Connection, session: Session) -> None:
    ambassador = make_ambassador(
        conn,
        specializations=["youth", "rural"],
        languages_spoken=["Dholuo", "Kiswahili"],
        coverage_areas=["Nyalenda", "Manyatta"],
        training_completed=True,
        training_completion_date="2025-01-20",
    )
    community = make_community(conn, primary_ambassador_id=ambassador, literacy_rate="71.50")
    fs = make_session(
        conn, ambassador, community_id=community, participation_methods=["verbal", "voting"], venue_type="church"
    )
    comment = make_comment(conn, make_bill(conn), make_user(conn))
    sub = make_submission(
        conn,
        ambassador,
        session_id=fs,
        position="oppose",
        participant_demographics=J({"age_range": "18-25", "gender": "female"}),
        photo_file_paths=["/media/a.jpg"],
        online_comment_id=comment,
        client_submission_id="dev1-0001",
        participant_phone="+254733111222",
    )
    row = conn.execute(
        text("SELECT status::text, verification_status::text, specializations FROM ambassadors WHERE id = :a"),
        {"a": ambassador},
    ).one()
    assert row == ("pending", "unverified", ["youth", "rural"])
    loaded = session.execute(select(OfflineSubmission).where(OfflineSubmission.id == sub)).scalar_one()
    assert loaded.position is CommentPosition.OPPOSE
    assert loaded.sync_status is OfflineSyncStatus.PENDING
    assert loaded.participant_demographics == {"age_range": "18-25", "gender": "female"}
    assert loaded.session is not None and loaded.session.session_status.value == "planned"
    assert loaded.session.community is not None and loaded.session.community.primary_ambassador_id == ambassador
    assert loaded.collected_by.status is AmbassadorStatus.PENDING
    assert loaded.online_comment is not None and loaded.online_comment.id == comment
    amb = session.get(Ambassador, ambassador)
    assert amb is not None and [s.id for s in amb.sessions] == [fs]


def test_ussd_localized_and_per_user_tables_round_trip(conn: Connection) -> None:
    user = make_user(conn)
    ussd = make_ussd(conn, user_id=user, menu_history=["main", "bills"], session_data=J({"lang": "sw"}))
    assert count(conn, "ussd_sessions", "id = :i AND menus_visited = 1 AND session_data->>'lang' = 'sw'", i=ussd) == 1
    content = make_localized(conn, language_code="sw-KE", cultural_context="rural", feedback_score="4.50")
    make_localized(conn, language_code="kik", superseded_by=content)
    make_feedback(conn, user, assigned_to=make_user(conn), assistive_technology_used="TalkBack")
    make_preferences(conn, user)
    make_cache(conn, user)
    make_queued(conn, user, client_operation_id="dev-9:42")
    for table, values in CATALOGUE_ROWS.items():
        insert(conn, table, **values)
    high_contrast = conn.execute(
        text("SELECT visual_preferences->>'high_contrast' FROM user_accessibility_preferences WHERE user_id = :u"),
        {"u": user},
    ).scalar_one()
    assert high_contrast == "true"


Case = Callable[[Connection, uuid.UUID], object]  # (conn, a valid ambassador id) -> insert
REJECTED: list[tuple[str, Case, str]] = [
    ("ambassador phone not E.164", lambda c, a: make_ambassador(c, contact_phone="0712345678"), "23514"),
    ("ambassador e-mail malformed", lambda c, a: make_ambassador(c, contact_email="achieng at mail"), "23514"),
    ("ambassador without contact", lambda c, a: make_ambassador(c, contact_phone=None), "23514"),
    ("duplicate ambassador code", lambda c, a: make_ambassador(c, ambassador_code=_code_of(c, a)), "23505"),
    ("unknown ambassador status", lambda c, a: make_ambassador(c, status="retired"), "22P02"),
    ("unknown verification", lambda c, a: make_ambassador(c, verification_status="kyc"), "22P02"),
    ("unknown specialization", lambda c, a: make_ambassador(c, specializations=["youth", "sports"]), "23514"),
    ("unknown connectivity", lambda c, a: make_ambassador(c, connectivity_level="5g"), "23514"),
    ("unknown certification", lambda c, a: make_ambassador(c, certification_level="guru"), "23514"),
    ("negative people reached", lambda c, a: make_ambassador(c, people_reached=-1), "23514"),
    ("training date without training", lambda c, a: make_ambassador(c, training_completion_date="2025-01-01"), "23514"),
    ("self-recruited", lambda c, a: _self_recruited(c), "23514"),
    ("ambassador for missing user", lambda c, a: make_ambassador(c, user=uuid.uuid4()), "23503"),
    ("unknown community type", lambda c, a: make_community(c, community_type="online"), "23514"),
    ("penetration over 100", lambda c, a: make_community(c, internet_penetration=120), "23514"),
    ("negative population", lambda c, a: make_community(c, estimated_population=-10), "23514"),
    ("unknown venue", lambda c, a: make_session(c, a, venue_type="stadium"), "23514"),
    ("unknown format", lambda c, a: make_session(c, a, session_format="rally"), "23514"),
    ("unknown method", lambda c, a: make_session(c, a, participation_methods=["verbal", "shouting"]), "23514"),
    ("unknown session status", lambda c, a: make_session(c, a, session_status="done"), "22P02"),
    ("unknown sync status", lambda c, a: make_session(c, a, sync_status="lost"), "22P02"),
    ("negative participants", lambda c, a: make_session(c, a, actual_participants=-4), "23514"),
    ("session of missing ambassador", lambda c, a: make_session(c, uuid.uuid4()), "23503"),
    ("submission phone not E.164", lambda c, a: make_submission(c, a, participant_phone="254712345678"), "23514"),
    ("submission key with spaces", lambda c, a: make_submission(c, a, client_submission_id="batch 1"), "23514"),
    ("unknown position", lambda c, a: make_submission(c, a, position="maybe"), "22P02"),
    ("unknown collection method", lambda c, a: make_submission(c, a, collection_method="telepathy"), "23514"),
    ("unknown original format", lambda c, a: make_submission(c, a, original_format="morse"), "23514"),
    ("unknown transcription quality", lambda c, a: make_submission(c, a, transcription_quality="ok"), "23514"),
    ("unknown processing status", lambda c, a: make_submission(c, a, processing_status="lost"), "22P02"),
    ("submission on missing bill", lambda c, a: make_submission(c, a, bill=uuid.uuid4()), "23503"),
    ("submission to missing comment", lambda c, a: make_submission(c, a, online_comment_id=uuid.uuid4()), "23503"),
    ("USSD phone not E.164", lambda c, a: make_ussd(c, phone_number="0722000111"), "23514"),
    ("USSD phone too short", lambda c, a: make_ussd(c, phone_number="+25472"), "23514"),
    ("unknown USSD outcome", lambda c, a: make_ussd(c, session_outcome="dropped"), "23514"),
    (
        "USSD ends before start",
        lambda c, a: make_ussd(
            c,
            session_start="2025-06-01T10:00:00Z",
            last_interaction="2025-06-01T10:00:00Z",
            session_end="2025-06-01T09:00:00Z",
        ),
        "23514",
    ),
    ("negative menus visited", lambda c, a: make_ussd(c, menus_visited=-1), "23514"),
    ("language code not ISO", lambda c, a: make_localized(c, language_code="Swahili"), "23514"),
    ("language region lower case", lambda c, a: make_localized(c, language_code="sw-ke"), "23514"),
    ("country code lower case", lambda c, a: make_localized(c, country_code="ke"), "23514"),
    ("unknown content type", lambda c, a: make_localized(c, content_type="meme"), "23514"),
    ("unknown translation method", lambda c, a: make_localized(c, translation_method="ai"), "23514"),
    ("unknown translation quality", lambda c, a: make_localized(c, translation_quality="meh"), "23514"),
    ("unknown reading level", lambda c, a: make_localized(c, reading_level="phd"), "23514"),
    ("unknown cultural context", lambda c, a: make_localized(c, cultural_context="diaspora"), "23514"),
    ("version 0", lambda c, a: make_localized(c, version_number=0), "23514"),
    (
        "cache expires before caching",
        lambda c, a: make_cache(c, make_user(c), expiry_timestamp="2000-01-01T00:00Z"),
        "23514",
    ),
    ("negative sync attempts", lambda c, a: make_queued(c, make_user(c), sync_attempts=-1), "23514"),
    ("feedback assignee missing", lambda c, a: make_feedback(c, make_user(c), assigned_to=uuid.uuid4()), "23503"),
    (
        "negative compatibility",
        lambda c, a: insert(
            c,
            "assistive_technology_compatibility",
            **{**CATALOGUE_ROWS["assistive_technology_compatibility"], "compatibility_score": -1},
        ),
        "23514",
    ),
    (
        "follow-up before audit",
        lambda c, a: insert(
            c,
            "accessibility_audits",
            **{**CATALOGUE_ROWS["accessibility_audits"], "follow_up_date": "2025-01-01T00:00:00+03:00"},
        ),
        "23514",
    ),
]


def _code_of(conn: Connection, ambassador: uuid.UUID) -> str:
    return str(conn.execute(text("SELECT ambassador_code FROM ambassadors WHERE id = :a"), {"a": ambassador}).one()[0])


def _self_recruited(conn: Connection) -> uuid.UUID:
    user = make_user(conn)
    return make_ambassador(conn, user=user, recruited_by_id=user)


@pytest.mark.parametrize(("case", "sqlstate"), [(c, s) for _, c, s in REJECTED], ids=[n for n, _, _ in REJECTED])
def test_invalid_rows_are_rejected(conn: Connection, rejects: Rejects, case: Case, sqlstate: str) -> None:
    ambassador = make_ambassador(conn)
    rejects(lambda: case(conn, ambassador), sqlstate=sqlstate)


def test_client_keys_are_unique_per_ambassador_and_per_user(conn: Connection, rejects: Rejects) -> None:
    a, b = make_ambassador(conn), make_ambassador(conn)
    make_submission(conn, a, client_submission_id="k-1")
    make_submission(conn, b, client_submission_id="k-1")  # another ambassador's device may reuse the key
    make_submission(conn, a)  # submissions entered without a key (web forms) are not constrained
    make_submission(conn, a)
    rejects(lambda: make_submission(conn, a, client_submission_id="k-1"), sqlstate="23505")
    user = make_user(conn)
    make_queued(conn, user, client_operation_id="op-1")
    make_queued(conn, make_user(conn), client_operation_id="op-1")
    rejects(lambda: make_queued(conn, user, client_operation_id="op-1"), sqlstate="23505")


def test_one_localized_version_per_item_language_and_context(conn: Connection, rejects: Rejects) -> None:
    source = uuid.uuid4()
    make_localized(conn, source_id=source)
    make_localized(conn, source_id=source, version_number=2)
    make_localized(conn, source_id=source, cultural_context="youth")
    # NULL cultural contexts count as equal: a second unqualified version 1 is a duplicate.
    rejects(lambda: make_localized(conn, source_id=source), sqlstate="23505")
    content = make_localized(conn)
    rejects("UPDATE localized_content SET superseded_by = id WHERE id = :c", {"c": content}, sqlstate="23514")


def test_one_accessibility_preference_row_per_user(conn: Connection, rejects: Rejects) -> None:
    user = make_user(conn)
    make_preferences(conn, user)
    rejects(lambda: make_preferences(conn, user), sqlstate="23505")


def test_collected_input_survives_its_ambassador(conn: Connection, rejects: Rejects) -> None:
    user = make_user(conn)
    ambassador = make_ambassador(conn, user=user)
    make_session(conn, ambassador)
    make_submission(conn, ambassador)
    # Sessions and submissions restrict: the ambassador (and their account) cannot be deleted with them.
    rejects("DELETE FROM ambassadors WHERE id = :a", {"a": ambassador}, sqlstate="23001")
    rejects("DELETE FROM users WHERE id = :u", {"u": user}, sqlstate="23001")
    # An ambassador with no collected input goes with their account.
    idle_user = make_user(conn)
    idle = make_ambassador(conn, user=idle_user)
    community = make_community(conn, primary_ambassador_id=idle)
    conn.execute(text("DELETE FROM users WHERE id = :u"), {"u": idle_user})
    assert count(conn, "ambassadors", "id = :a", a=idle) == 0
    assert count(conn, "communities", "id = :c AND primary_ambassador_id IS NULL", c=community) == 1


def test_set_null_and_cascade_rules(conn: Connection) -> None:
    ambassador = make_ambassador(conn)
    community, bill = make_community(conn), make_bill(conn)
    fs = make_session(conn, ambassador, community_id=community, primary_bill_id=make_bill(conn))
    sub = make_submission(conn, ambassador, bill=bill, session_id=fs)
    conn.execute(text("DELETE FROM communities WHERE id = :c"), {"c": community})
    conn.execute(text("DELETE FROM facilitation_sessions WHERE id = :s"), {"s": fs})
    assert count(conn, "offline_submissions", "id = :s AND session_id IS NULL", s=sub) == 1
    conn.execute(text("DELETE FROM bills WHERE id = :b"), {"b": bill})
    assert count(conn, "offline_submissions", "id = :s", s=sub) == 0

    user, assignee = make_user(conn), make_user(conn)
    ussd = make_ussd(conn, user_id=user)
    feedback = make_feedback(conn, make_user(conn), assigned_to=assignee)
    make_feedback(conn, user)
    make_preferences(conn, user)
    make_cache(conn, user)
    make_queued(conn, user)
    conn.execute(text("DELETE FROM users WHERE id = ANY(:u)"), {"u": [user, assignee]})
    assert count(conn, "ussd_sessions", "id = :i AND user_id IS NULL", i=ussd) == 1
    assert count(conn, "accessibility_feedback", "id = :f AND assigned_to IS NULL", f=feedback) == 1
    for table in (
        "accessibility_feedback",
        "user_accessibility_preferences",
        "offline_content_cache",
        "offline_sync_queue",
    ):
        assert count(conn, table, "user_id = :u", u=user) == 0, table


def test_personal_data_is_marked() -> None:
    pii = {
        f"{t.name}.{c.name}"
        for t in metadata.sorted_tables
        if t.info.get("domain") == DOMAIN
        for c in t.columns
        if c.info.get("pii")
    }
    assert {
        "ambassadors.display_name",
        "ambassadors.contact_phone",
        "ambassadors.contact_email",
        "offline_submissions.participant_phone",
        "offline_submissions.participant_demographics",
        "ussd_sessions.phone_number",
        "user_accessibility_preferences.assistive_technology",
    } <= pii


def test_models_match_the_migrated_database(conn: Connection) -> None:
    assert domain_drift(conn, DOMAIN) == []


def test_every_foreign_key_leads_an_index() -> None:
    assert unindexed_foreign_keys(DOMAIN) == []
