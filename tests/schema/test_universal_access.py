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
from tests.schema.conftest import Rejects, restrict_sqlstate
from tests.schema.factories import insert, make_bill, make_comment, make_user
from tests.schema.test_advocacy_coordination import (
    check_enum,
    check_foreign_key,
    count,
    domain_drift,
    domain_table_names,
    enum_columns,
    live_constraint_names,
    single_column_fks,
)

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


def catalogue(table: str, **kw: Any) -> Callable[[Connection], uuid.UUID]:
    return lambda c: insert(c, table, **{**CATALOGUE_ROWS[table], **kw})


def _full_submission(conn: Connection) -> uuid.UUID:
    session = make_session(conn, make_ambassador(conn))
    comment = make_comment(conn, make_bill(conn), make_user(conn))
    return make_submission(conn, make_ambassador(conn), session_id=session, online_comment_id=comment)


Factory = Callable[[Connection], uuid.UUID]
#: A valid row per table with every foreign key set (for the systematic FK and enum checks).
FULL: dict[str, Factory] = {
    "ambassadors": lambda c: make_ambassador(c, recruited_by_id=make_user(c)),
    "communities": lambda c: make_community(c, primary_ambassador_id=make_ambassador(c)),
    "facilitation_sessions": lambda c: make_session(
        c, make_ambassador(c), community_id=make_community(c), primary_bill_id=make_bill(c)
    ),
    "offline_submissions": _full_submission,
    "ussd_sessions": lambda c: make_ussd(c, user_id=make_user(c)),
    "localized_content": lambda c: make_localized(c, translator_id=make_user(c), superseded_by=make_localized(c)),
    "accessibility_feedback": lambda c: make_feedback(c, make_user(c), assigned_to=make_user(c)),
    "user_accessibility_preferences": lambda c: make_preferences(c, make_user(c)),
    "offline_content_cache": lambda c: make_cache(c, make_user(c)),
    "offline_sync_queue": lambda c: make_queued(c, make_user(c)),
    **{table: catalogue(table) for table in CATALOGUE_ROWS},
}


def _code_of(conn: Connection, ambassador: uuid.UUID) -> str:
    return str(conn.execute(text("SELECT ambassador_code FROM ambassadors WHERE id = :a"), {"a": ambassador}).one()[0])


def _self_recruited(conn: Connection, _: uuid.UUID) -> uuid.UUID:
    user = make_user(conn)
    return make_ambassador(conn, user=user, recruited_by_id=user)


def _same_user_twice(factory: Callable[[Connection, uuid.UUID], object]) -> Callable[[Connection, uuid.UUID], None]:
    def run(conn: Connection, _: uuid.UUID) -> None:
        user = make_user(conn)
        factory(conn, user)
        factory(conn, user)

    return run


def _superseded_by_itself(conn: Connection, _: uuid.UUID) -> None:
    content = make_localized(conn)
    conn.execute(text("UPDATE localized_content SET superseded_by = id WHERE id = :c"), {"c": content})


_USSD_ID = "ATUid_fixed"
_SOURCE = uuid.uuid4()

# (constraint, variant, insert given a valid ambassador id, SQLSTATE). Every CHECK and unique key of the
# domain has a case (test_cases_cover_every_check_and_unique), and the error must name the constraint.
Case = Callable[[Connection, uuid.UUID], object]
CASES: list[tuple[str, str, Case, str]] = [
    ("uq_ambassadors_ambassador_code", "dup", lambda c, a: make_ambassador(c, ambassador_code=_code_of(c, a)), "23505"),
    ("ck_ambassadors_contact_method", "none", lambda c, a: make_ambassador(c, contact_phone=None), "23514"),
    (
        "ck_ambassadors_contact_phone_e164",
        "local",
        lambda c, a: make_ambassador(c, contact_phone="0712345678"),
        "23514",
    ),
    (
        "ck_ambassadors_contact_phone_e164",
        "no plus",
        lambda c, a: make_ambassador(c, contact_phone="254712345678"),
        "23514",
    ),
    (
        "ck_ambassadors_contact_email_format",
        "at",
        lambda c, a: make_ambassador(c, contact_email="achieng at mail"),
        "23514",
    ),
    (
        "ck_ambassadors_specializations_values",
        "sports",
        lambda c, a: make_ambassador(c, specializations=["youth", "sports"]),
        "23514",
    ),
    (
        "ck_ambassadors_connectivity_level_values",
        "5g",
        lambda c, a: make_ambassador(c, connectivity_level="5g"),
        "23514",
    ),
    (
        "ck_ambassadors_certification_level_values",
        "guru",
        lambda c, a: make_ambassador(c, certification_level="g"),
        "23514",
    ),
    ("ck_ambassadors_counts_non_negative", "reach", lambda c, a: make_ambassador(c, people_reached=-1), "23514"),
    ("ck_ambassadors_not_self_recruited", "self", _self_recruited, "23514"),
    (
        "ck_ambassadors_training_date_needs_completion",
        "date only",
        lambda c, a: make_ambassador(c, training_completion_date="2025-01-01"),
        "23514",
    ),
    (
        "ck_communities_community_type_values",
        "online",
        lambda c, a: make_community(c, community_type="online"),
        "23514",
    ),
    ("ck_communities_percentages_range", "120", lambda c, a: make_community(c, internet_penetration=120), "23514"),
    ("ck_communities_percentages_range", "negative", lambda c, a: make_community(c, literacy_rate=-1), "23514"),
    (
        "ck_communities_counts_non_negative",
        "population",
        lambda c, a: make_community(c, estimated_population=-10),
        "23514",
    ),
    (
        "uq_facilitation_sessions_session_code",
        "dup",
        lambda c, a: [make_session(c, a, session_code="FS-KSM-001") for _ in range(2)],
        "23505",
    ),
    ("ck_facilitation_sessions_venue_type_values", "stadium", lambda c, a: make_session(c, a, venue_type="x"), "23514"),
    (
        "ck_facilitation_sessions_session_format_values",
        "rally",
        lambda c, a: make_session(c, a, session_format="x"),
        "23514",
    ),
    (
        "ck_facilitation_sessions_participation_methods_values",
        "shouting",
        lambda c, a: make_session(c, a, participation_methods=["verbal", "shouting"]),
        "23514",
    ),
    (
        "ck_facilitation_sessions_counts_non_negative",
        "actual",
        lambda c, a: make_session(c, a, actual_participants=-4),
        "23514",
    ),
    (
        "uq_offline_submissions_collected_by_id_client_submission_id",
        "dup",
        lambda c, a: [make_submission(c, a, client_submission_id="k-1") for _ in range(2)],
        "23505",
    ),
    (
        "ck_offline_submissions_client_submission_id_format",
        "space",
        lambda c, a: make_submission(c, a, client_submission_id="batch 1"),
        "23514",
    ),
    (
        "ck_offline_submissions_participant_phone_e164",
        "no plus",
        lambda c, a: make_submission(c, a, participant_phone="254712345678"),
        "23514",
    ),
    (
        "ck_offline_submissions_collection_method_values",
        "telepathy",
        lambda c, a: make_submission(c, a, collection_method="telepathy"),
        "23514",
    ),
    (
        "ck_offline_submissions_original_format_values",
        "morse",
        lambda c, a: make_submission(c, a, original_format="x"),
        "23514",
    ),
    (
        "ck_offline_submissions_transcription_quality_values",
        "ok",
        lambda c, a: make_submission(c, a, transcription_quality="ok"),
        "23514",
    ),
    ("uq_ussd_sessions_session_id", "dup", lambda c, a: [make_ussd(c, session_id=_USSD_ID) for _ in range(2)], "23505"),
    ("ck_ussd_sessions_phone_number_e164", "local", lambda c, a: make_ussd(c, phone_number="0722000111"), "23514"),
    ("ck_ussd_sessions_phone_number_e164", "short", lambda c, a: make_ussd(c, phone_number="+25472"), "23514"),
    (
        "ck_ussd_sessions_session_outcome_values",
        "dropped",
        lambda c, a: make_ussd(c, session_outcome="dropped"),
        "23514",
    ),
    ("ck_ussd_sessions_counts_non_negative", "menus", lambda c, a: make_ussd(c, menus_visited=-1), "23514"),
    (
        "ck_ussd_sessions_session_end_after_start",
        "end before start",
        lambda c, a: make_ussd(
            c, session_start="2025-06-01T10:00Z", last_interaction="2025-06-01T10:00Z", session_end="2025-06-01T09:00Z"
        ),
        "23514",
    ),
    (
        "ck_ussd_sessions_last_interaction_after_start",
        "interaction before start",
        lambda c, a: make_ussd(c, session_start="2025-06-01T10:00Z", last_interaction="2025-06-01T09:59Z"),
        "23514",
    ),
    (
        "uq_localized_content_version",
        "dup",
        lambda c, a: [make_localized(c, source_id=_SOURCE) for _ in range(2)],
        "23505",
    ),
    ("ck_localized_content_content_type_values", "meme", lambda c, a: make_localized(c, content_type="meme"), "23514"),
    (
        "ck_localized_content_cultural_context_values",
        "x",
        lambda c, a: make_localized(c, cultural_context="x"),
        "23514",
    ),
    (
        "ck_localized_content_translation_method_values",
        "ai",
        lambda c, a: make_localized(c, translation_method="ai"),
        "23514",
    ),
    (
        "ck_localized_content_translation_quality_values",
        "x",
        lambda c, a: make_localized(c, translation_quality="x"),
        "23514",
    ),
    ("ck_localized_content_reading_level_values", "phd", lambda c, a: make_localized(c, reading_level="phd"), "23514"),
    (
        "ck_localized_content_language_code_format",
        "name",
        lambda c, a: make_localized(c, language_code="Swahili"),
        "23514",
    ),
    (
        "ck_localized_content_language_code_format",
        "region",
        lambda c, a: make_localized(c, language_code="sw-ke"),
        "23514",
    ),
    ("ck_localized_content_country_code_format", "lower", lambda c, a: make_localized(c, country_code="ke"), "23514"),
    ("ck_localized_content_counts_non_negative", "usage", lambda c, a: make_localized(c, usage_count=-1), "23514"),
    ("ck_localized_content_version_number_positive", "0", lambda c, a: make_localized(c, version_number=0), "23514"),
    ("ck_localized_content_not_superseded_by_itself", "self", _superseded_by_itself, "23514"),
    (
        "ck_assistive_technology_compatibility_score_non_negative",
        "-1",
        lambda c, a: catalogue("assistive_technology_compatibility", compatibility_score=-1)(c),
        "23514",
    ),
    (
        "ck_accessibility_features_user_impact_score_non_negative",
        "-1",
        lambda c, a: catalogue("accessibility_features", user_impact_score=-1)(c),
        "23514",
    ),
    (
        "ck_accessibility_audits_compliance_score_non_negative",
        "-1",
        lambda c, a: catalogue("accessibility_audits", overall_compliance_score=-1)(c),
        "23514",
    ),
    (
        "ck_accessibility_audits_follow_up_after_audit",
        "before",
        lambda c, a: catalogue("accessibility_audits", follow_up_date="2025-01-01T00:00:00+03:00")(c),
        "23514",
    ),
    (
        "ck_inclusive_design_metrics_score_non_negative",
        "-1",
        lambda c, a: catalogue("inclusive_design_metrics", inclusive_design_score=-1)(c),
        "23514",
    ),
    (
        "ck_alternative_formats_counts_non_negative",
        "duration",
        lambda c, a: catalogue("alternative_formats", duration_minutes=-1)(c),
        "23514",
    ),
    ("uq_user_accessibility_preferences_user_id", "dup", _same_user_twice(make_preferences), "23505"),
    (
        "ck_offline_content_cache_counts_non_negative",
        "access",
        lambda c, a: make_cache(c, make_user(c), access_count=-1),
        "23514",
    ),
    (
        "ck_offline_content_cache_expiry_after_caching",
        "expired",
        lambda c, a: make_cache(c, make_user(c), expiry_timestamp="2000-01-01T00:00Z"),
        "23514",
    ),
    (
        "uq_offline_sync_queue_user_id_client_operation_id",
        "dup",
        _same_user_twice(lambda c, u: make_queued(c, u, client_operation_id="op-1")),
        "23505",
    ),
    (
        "ck_offline_sync_queue_client_operation_id_format",
        "slash",
        lambda c, a: make_queued(c, make_user(c), client_operation_id="a/b"),
        "23514",
    ),
    (
        "ck_offline_sync_queue_counts_non_negative",
        "attempts",
        lambda c, a: make_queued(c, make_user(c), sync_attempts=-1),
        "23514",
    ),
]


@pytest.mark.parametrize(
    ("name", "case", "sqlstate"), [(n, c, s) for n, _, c, s in CASES], ids=[f"{n}-{v}" for n, v, _, _ in CASES]
)
def test_constraint_rejects(conn: Connection, rejects: Rejects, name: str, case: Case, sqlstate: str) -> None:
    ambassador = make_ambassador(conn)
    message = rejects(lambda: case(conn, ambassador), sqlstate=sqlstate)
    assert name in message


def test_cases_cover_every_check_and_unique(conn: Connection) -> None:
    assert live_constraint_names(conn, DOMAIN) <= {n for n, _, _, _ in CASES}
    assert set(FULL) == domain_table_names(DOMAIN)


@pytest.mark.parametrize(("table", "column", "referred", "rule"), single_column_fks(DOMAIN))
def test_foreign_key(conn: Connection, rejects: Rejects, table: str, column: str, referred: str, rule: str) -> None:
    check_foreign_key(conn, rejects, FULL[table](conn), table, column, referred, rule)


@pytest.mark.parametrize(("table", "column", "is_array"), enum_columns(DOMAIN))
def test_enum_rejects_unknown_value(
    conn: Connection, rejects: Rejects, table: str, column: str, is_array: bool
) -> None:
    check_enum(rejects, FULL[table](conn), table, column, is_array)


def test_declared_on_delete_rules() -> None:
    rules = {(t, c): r for t, c, _, r in single_column_fks(DOMAIN)}
    assert rules[("facilitation_sessions", "ambassador_id")] == "RESTRICT"
    assert rules[("offline_submissions", "collected_by_id")] == "RESTRICT"
    assert rules[("accessibility_feedback", "assigned_to")] == "SET NULL"
    for table in (
        "accessibility_feedback",
        "user_accessibility_preferences",
        "offline_content_cache",
        "offline_sync_queue",
        "ambassadors",
    ):
        assert rules[(table, "user_id")] == "CASCADE", table


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


def test_collected_input_survives_its_ambassador(conn: Connection, rejects: Rejects) -> None:
    user = make_user(conn)
    ambassador = make_ambassador(conn, user=user)
    make_session(conn, ambassador)
    make_submission(conn, ambassador)
    # Sessions and submissions restrict: the ambassador (and their account) cannot be deleted with them.
    rejects("DELETE FROM ambassadors WHERE id = :a", {"a": ambassador}, sqlstate=restrict_sqlstate(conn))
    rejects("DELETE FROM users WHERE id = :u", {"u": user}, sqlstate=restrict_sqlstate(conn))
    # An ambassador with no collected input goes with their account.
    idle_user = make_user(conn)
    idle = make_ambassador(conn, user=idle_user)
    community = make_community(conn, primary_ambassador_id=idle)
    conn.execute(text("DELETE FROM users WHERE id = :u"), {"u": idle_user})
    assert count(conn, "ambassadors", "id = :a", a=idle) == 0
    assert count(conn, "communities", "id = :c AND primary_ambassador_id IS NULL", c=community) == 1


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
