"""impact_measurement against a real PostgreSQL: round trips, constraints, cascades, no drift."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Connection, select, text
from sqlalchemy.orm import Session

from chanuka_db.schema.enums import BillImplementationStatus, LegislativeOutcomeStatus
from chanuka_db.schema.impact_measurement import DOMAIN, LegislativeOutcome, SuccessStory
from tests.schema.conftest import Rejects
from tests.schema.factories import insert, make_bill, make_user
from tests.schema.test_advocacy_coordination import (
    check_enum,
    check_foreign_key,
    count,
    domain_drift,
    domain_table_names,
    enum_columns,
    live_constraint_names,
    make_campaign,
    single_column_fks,
)

J = json.dumps

# Minimal valid row per free-standing time-series table (one subject, one period).
SERIES: dict[str, dict[str, Any]] = {
    "geographic_equity_metrics": {
        "county": "turkana",
        "measurement_date": "2025-06-30",
        "measurement_period": "monthly",
    },
    "demographic_equity_metrics": {
        "age_range": "18-25",
        "gender": "female",
        "measurement_date": "2025-06-30",
        "measurement_period": "monthly",
    },
    "digital_inclusion_metrics": {"measurement_date": "2025-06-30", "geographic_scope": "county", "county": "kisumu"},
    "platform_performance_indicators": {
        "indicator_name": "monthly_active_users",
        "indicator_category": "reach",
        "measurement_date": "2025-06-30",
        "measurement_period": "monthly",
        "current_value": "15234.0000",
    },
    "legislative_impact_indicators": {"measurement_date": "2025-06-30", "measurement_period": "quarterly"},
    "civic_engagement_indicators": {"measurement_date": "2025-06-30", "measurement_period": "monthly"},
    "financial_sustainability_indicators": {"measurement_date": "2025-06-30", "measurement_period": "quarterly"},
}


def make_cohort(conn: Connection, **kw: Any) -> uuid.UUID:
    values = {"cohort_name": "Rural youth", "cohort_type": "demographic", "definition_criteria": J({"age": [18, 35]})}
    return insert(conn, "participation_cohorts", **{**values, **kw})


def make_outcome(conn: Connection, bill: uuid.UUID | None = None, **kw: Any) -> uuid.UUID:
    values = {"bill_id": bill or make_bill(conn), "final_status": "passed", "outcome_date": "2025-06-20", **kw}
    return insert(conn, "legislative_outcomes", **values)


def make_implementation(conn: Connection, bill: uuid.UUID | None = None, **kw: Any) -> uuid.UUID:
    return insert(conn, "bill_implementation", **{"bill_id": bill or make_bill(conn), **kw})


def make_assessment(conn: Connection, **kw: Any) -> uuid.UUID:
    values = {
        "assessment_type": "bill_outcome",
        "assessment_start_date": "2025-01-01",
        "assessment_end_date": "2025-06-30",
        "assessment_methodology": "before_after",
        **kw,
    }
    return insert(conn, "attribution_assessments", **values)


def make_story(conn: Connection, **kw: Any) -> uuid.UUID:
    values = {
        "title": "Turkana water clause amended",
        "story_type": "bill_improvement",
        "story_summary": "Public input changed clause 12.",
        "story_date": "2025-06-25",
        **kw,
    }
    return insert(conn, "success_stories", **values)


def test_outcomes_stories_and_assessments_round_trip(conn: Connection, session: Session) -> None:
    bill, user = make_bill(conn), make_user(conn)
    campaign = make_campaign(conn, created_by=user)
    make_outcome(
        conn,
        bill,
        final_status="amended_passed",
        final_vote_for=180,
        final_vote_against=95,
        vote_margin=85,
        amendment_count=12,
        amendments_from_public_input=4,
        implementation_status="pending",
    )
    make_implementation(
        conn,
        bill,
        implementing_agencies=["National Treasury", "KRA"],
        implementation_percentage="37.50",
        key_milestones=J([{"name": "Regulations gazetted", "done": False}]),
    )
    make_assessment(
        conn,
        target_bill_id=bill,
        target_campaign_id=campaign,
        platform_contribution_percentage="22.50",
        confidence_level="0.70",
        quantitative_evidence=J({"comments": 4312}),
        assessor_id=user,
    )
    story = make_story(conn, related_bill_id=bill, related_campaign_id=campaign, key_actors=J(["Turkana CSO forum"]))
    make_cohort(conn, county="turkana", urban_rural="rural", device_type="feature_phone", total_members=10)
    outcome = session.execute(select(LegislativeOutcome).where(LegislativeOutcome.bill_id == bill)).scalar_one()
    assert outcome.final_status is LegislativeOutcomeStatus.AMENDED_PASSED
    assert outcome.implementation_status is BillImplementationStatus.PENDING
    assert outcome.bill.id == bill
    loaded = session.get(SuccessStory, story)
    assert loaded is not None and loaded.verification_status.value == "unverified"
    assert loaded.related_campaign is not None and loaded.related_campaign.id == campaign
    assert loaded.key_actors == ["Turkana CSO forum"]


@pytest.mark.parametrize("table", sorted(SERIES))
def test_time_series_hold_one_row_per_subject_and_period(conn: Connection, rejects: Rejects, table: str) -> None:
    values = SERIES[table]
    insert(conn, table, **values)
    cols = ", ".join(values)
    params = ", ".join(f":{k}" for k in values)
    rejects(f"INSERT INTO {table} ({cols}) VALUES ({params})", values, sqlstate="23505")
    insert(conn, table, **{**values, "measurement_date": "2025-07-31"})  # the next period is fine


def test_null_slices_count_as_equal_in_period_keys(conn: Connection, rejects: Rejects) -> None:
    # A county-wide row (no constituency) is recorded once per period; a constituency row is its own subject.
    county_row = {"county": "nairobi", "measurement_date": "2025-06-30", "measurement_period": "monthly"}
    insert(conn, "geographic_equity_metrics", **county_row)
    rejects(
        "INSERT INTO geographic_equity_metrics (county, measurement_date, measurement_period) "
        "VALUES (:county, :measurement_date, :measurement_period)",
        county_row,
        sqlstate="23505",
    )
    insert(conn, "geographic_equity_metrics", **county_row, constituency="Kibra")
    # One national digital-inclusion row per date; constituency rows are not keyed (no constituency column).
    insert(conn, "digital_inclusion_metrics", measurement_date="2025-06-30", geographic_scope="national")
    rejects(
        "INSERT INTO digital_inclusion_metrics (measurement_date, geographic_scope) VALUES ('2025-06-30', 'national')",
        sqlstate="23505",
    )
    for _ in range(2):
        insert(conn, "digital_inclusion_metrics", measurement_date="2025-06-30", geographic_scope="constituency")


def series(table: str, **kw: Any) -> Callable[[Connection], uuid.UUID]:
    return lambda c: insert(c, table, **{**SERIES[table], **kw})


def _duplicate(table: str) -> Callable[[Connection], None]:
    def run(conn: Connection) -> None:
        series(table)(conn)
        series(table)(conn)

    return run


def _same_bill_twice(factory: Callable[..., uuid.UUID]) -> Callable[[Connection], None]:
    def run(conn: Connection) -> None:
        bill = make_bill(conn)
        factory(conn, bill)
        factory(conn, bill)

    return run


Factory = Callable[[Connection], uuid.UUID]
#: A valid row per table with every foreign key set (for the systematic FK and enum checks).
FULL: dict[str, Factory] = {
    "participation_cohorts": make_cohort,
    "legislative_outcomes": lambda c: make_outcome(c, implementation_status="pending"),
    "bill_implementation": make_implementation,
    "attribution_assessments": lambda c: make_assessment(
        c, target_bill_id=make_bill(c), target_campaign_id=make_campaign(c), assessor_id=make_user(c)
    ),
    "success_stories": lambda c: make_story(
        c, related_bill_id=make_bill(c), related_campaign_id=make_campaign(c), documented_by_id=make_user(c)
    ),
    **{table: series(table) for table in SERIES},
}

# (constraint, variant, insert, SQLSTATE). Every CHECK and unique key of the domain has a case
# (test_cases_cover_every_check_and_unique), and the error must name the constraint.
Case = Callable[[Connection], object]
CASES: list[tuple[str, str, Case, str]] = [
    ("ck_participation_cohorts_cohort_type_values", "x", lambda c: make_cohort(c, cohort_type="astrological"), "23514"),
    ("ck_participation_cohorts_urban_rural_values", "x", lambda c: make_cohort(c, urban_rural="suburban"), "23514"),
    ("ck_participation_cohorts_device_type_values", "x", lambda c: make_cohort(c, device_type="pager"), "23514"),
    (
        "ck_participation_cohorts_connectivity_level_values",
        "x",
        lambda c: make_cohort(c, connectivity_level="x"),
        "23514",
    ),
    (
        "ck_participation_cohorts_analysis_frequency_values",
        "x",
        lambda c: make_cohort(c, analysis_frequency="hourly"),
        "23514",
    ),
    (
        "ck_participation_cohorts_date_range",
        "end before start",
        lambda c: make_cohort(c, cohort_start_date="2025-02-01", cohort_end_date="2025-01-01"),
        "23514",
    ),
    ("ck_participation_cohorts_counts_non_negative", "active", lambda c: make_cohort(c, active_members=-1), "23514"),
    (
        "ck_participation_cohorts_active_within_total",
        "more active",
        lambda c: make_cohort(c, total_members=5, active_members=6),
        "23514",
    ),
    ("uq_legislative_outcomes_bill_id", "dup", _same_bill_twice(make_outcome), "23505"),
    ("ck_legislative_outcomes_counts_non_negative", "votes", lambda c: make_outcome(c, final_vote_for=-1), "23514"),
    (
        "ck_legislative_outcomes_public_amendments_within_total",
        "more public",
        lambda c: make_outcome(c, amendment_count=2, amendments_from_public_input=3),
        "23514",
    ),
    (
        "ck_legislative_outcomes_implementation_after_outcome",
        "before",
        lambda c: make_outcome(c, implementation_date="2025-01-01"),
        "23514",
    ),
    ("uq_bill_implementation_bill_id", "dup", _same_bill_twice(make_implementation), "23505"),
    (
        "ck_bill_implementation_percentages_range",
        "101",
        lambda c: make_implementation(c, implementation_percentage=101),
        "23514",
    ),
    (
        "ck_bill_implementation_counts_non_negative",
        "budget",
        lambda c: make_implementation(c, budget_allocated=-1),
        "23514",
    ),
    (
        "ck_bill_implementation_counts_non_negative",
        "reports",
        lambda c: make_implementation(c, citizen_reports_count=-1),
        "23514",
    ),
    (
        "ck_attribution_assessments_assessment_type_values",
        "x",
        lambda c: make_assessment(c, assessment_type="x"),
        "23514",
    ),
    (
        "ck_attribution_assessments_assessment_methodology_values",
        "guess",
        lambda c: make_assessment(c, assessment_methodology="guess"),
        "23514",
    ),
    (
        "ck_attribution_assessments_date_range",
        "end first",
        lambda c: make_assessment(c, assessment_end_date="2024-12-31"),
        "23514",
    ),
    (
        "ck_attribution_assessments_percentages_range",
        "150",
        lambda c: make_assessment(c, platform_contribution_percentage=150),
        "23514",
    ),
    (
        "ck_attribution_assessments_confidence_level_range",
        "1.5",
        lambda c: make_assessment(c, confidence_level="1.50"),
        "23514",
    ),
    (
        "ck_attribution_assessments_confidence_level_range",
        "-0.1",
        lambda c: make_assessment(c, confidence_level="-0.10"),
        "23514",
    ),
    ("ck_success_stories_story_type_values", "gossip", lambda c: make_story(c, story_type="gossip"), "23514"),
    (
        "ck_success_stories_geographic_scope_values",
        "planet",
        lambda c: make_story(c, geographic_scope="planet"),
        "23514",
    ),
    ("ck_success_stories_counts_non_negative", "people", lambda c: make_story(c, people_affected=-1), "23514"),
    ("uq_geographic_equity_metrics_period", "dup", _duplicate("geographic_equity_metrics"), "23505"),
    (
        "ck_geographic_equity_metrics_measurement_period_values",
        "yearly",
        series("geographic_equity_metrics", measurement_period="yearly"),
        "23514",
    ),
    (
        "ck_geographic_equity_metrics_counts_non_negative",
        "offline",
        series("geographic_equity_metrics", offline_participants=-1),
        "23514",
    ),
    (
        "ck_geographic_equity_metrics_percentages_range",
        "130",
        series("geographic_equity_metrics", participation_rate=130),
        "23514",
    ),
    ("uq_demographic_equity_metrics_period", "dup", _duplicate("demographic_equity_metrics"), "23505"),
    (
        "ck_demographic_equity_metrics_counts_non_negative",
        "registered",
        series("demographic_equity_metrics", registered_users=-1),
        "23514",
    ),
    (
        "ck_demographic_equity_metrics_percentages_range",
        "101",
        series("demographic_equity_metrics", participation_rate=101),
        "23514",
    ),
    ("uq_digital_inclusion_metrics_period", "dup", _duplicate("digital_inclusion_metrics"), "23505"),
    (
        "ck_digital_inclusion_metrics_geographic_scope_values",
        "ward",
        series("digital_inclusion_metrics", geographic_scope="ward"),
        "23514",
    ),
    (
        "ck_digital_inclusion_metrics_county_scope_names_county",
        "no county",
        series("digital_inclusion_metrics", county=None),
        "23514",
    ),
    (
        "ck_digital_inclusion_metrics_counts_non_negative",
        "ussd",
        series("digital_inclusion_metrics", ussd_usage=-1),
        "23514",
    ),
    (
        "ck_digital_inclusion_metrics_percentages_range",
        "101",
        series("digital_inclusion_metrics", mobile_only_users_percentage=101),
        "23514",
    ),
    ("uq_platform_performance_indicators_period", "dup", _duplicate("platform_performance_indicators"), "23505"),
    (
        "ck_platform_performance_indicators_indicator_category_values",
        "vanity",
        series("platform_performance_indicators", indicator_category="vanity"),
        "23514",
    ),
    (
        "ck_platform_performance_indicators_trend_direction_values",
        "sideways",
        series("platform_performance_indicators", trend_direction="sideways"),
        "23514",
    ),
    ("uq_legislative_impact_indicators_period", "dup", _duplicate("legislative_impact_indicators"), "23505"),
    (
        "ck_legislative_impact_indicators_counts_non_negative",
        "passed",
        series("legislative_impact_indicators", bills_passed=-1),
        "23514",
    ),
    (
        "ck_legislative_impact_indicators_percentages_range",
        "100.5",
        series("legislative_impact_indicators", substantive_changes_percentage=100.5),
        "23514",
    ),
    ("uq_civic_engagement_indicators_period", "dup", _duplicate("civic_engagement_indicators"), "23505"),
    (
        "ck_civic_engagement_indicators_counts_non_negative",
        "mau",
        series("civic_engagement_indicators", monthly_active_users=-1),
        "23514",
    ),
    (
        "ck_civic_engagement_indicators_percentages_range",
        "101",
        series("civic_engagement_indicators", repeat_engagement_rate=101),
        "23514",
    ),
    (
        "uq_financial_sustainability_indicators_period",
        "dup",
        _duplicate("financial_sustainability_indicators"),
        "23505",
    ),
    (
        "ck_financial_sustainability_indicators_amounts_non_negative",
        "costs",
        series("financial_sustainability_indicators", total_costs=-1),
        "23514",
    ),
    (
        "ck_financial_sustainability_indicators_trend_values",
        "meh",
        series("financial_sustainability_indicators", cost_efficiency_trend="meh"),
        "23514",
    ),
]


@pytest.mark.parametrize(
    ("name", "case", "sqlstate"), [(n, c, s) for n, _, c, s in CASES], ids=[f"{n}-{v}" for n, v, _, _ in CASES]
)
def test_constraint_rejects(conn: Connection, rejects: Rejects, name: str, case: Case, sqlstate: str) -> None:
    message = rejects(lambda: case(conn), sqlstate=sqlstate)
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


def test_required_columns_stay_required(conn: Connection, rejects: Rejects) -> None:
    rejects(lambda: make_cohort(conn, definition_criteria=None), sqlstate="23502")


def test_percentages_accept_both_bounds_and_fractions(conn: Connection) -> None:
    make_implementation(conn, implementation_percentage=0)
    make_implementation(conn, implementation_percentage=100)
    make_assessment(conn, platform_contribution_percentage="0.35", confidence_level="1.00")
    insert(conn, "civic_engagement_indicators", **SERIES["civic_engagement_indicators"], repeat_engagement_rate=0.42)


def test_bill_and_campaign_deletion_rules(conn: Connection) -> None:
    bill, user = make_bill(conn), make_user(conn)
    campaign = make_campaign(conn, created_by=user)
    make_outcome(conn, bill)
    make_implementation(conn, bill)
    assessed = make_assessment(conn, target_bill_id=bill, assessor_id=make_user(conn))
    by_campaign = make_assessment(conn, target_campaign_id=campaign)
    story = make_story(conn, related_bill_id=bill, related_campaign_id=campaign, documented_by_id=make_user(conn))
    conn.execute(text("DELETE FROM bills WHERE id = :b"), {"b": bill})
    for table in ("legislative_outcomes", "bill_implementation"):
        assert count(conn, table, "bill_id = :b", b=bill) == 0, table
    assert count(conn, "attribution_assessments", "id = :a", a=assessed) == 0
    assert count(conn, "success_stories", "id = :s AND related_bill_id IS NULL", s=story) == 1
    conn.execute(text("DELETE FROM campaigns WHERE id = :c"), {"c": campaign})
    assert count(conn, "attribution_assessments", "id = :a", a=by_campaign) == 0
    assert count(conn, "success_stories", "id = :s AND related_campaign_id IS NULL", s=story) == 1
    conn.execute(
        text("DELETE FROM users WHERE id <> :u AND id IN (SELECT documented_by_id FROM success_stories)"), {"u": user}
    )
    assert count(conn, "success_stories", "id = :s AND documented_by_id IS NULL", s=story) == 1


def test_models_match_the_migrated_database(conn: Connection) -> None:
    assert domain_drift(conn, DOMAIN) == []
