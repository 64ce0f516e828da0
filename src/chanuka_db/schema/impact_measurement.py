"""Outcome, attribution and equity measurement: participation cohorts, legislative outcomes and
implementation, attribution assessments and success stories, and free-standing time series of equity,
digital-inclusion, performance, legislative-impact, civic-engagement and financial-sustainability
indicators.

A bill has at most one outcome and one implementation record. Every time series holds one row per
subject and period (unique keys; NULL slice columns count as equal), counters are non-negative and
percentages lie between 0 and 100.
"""

import datetime as dt
import uuid
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    REAL,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column, relationship

from chanuka_db.schema.base import Base, CreatedAt, Timestamps, UUIDPrimaryKey
from chanuka_db.schema.enums import (
    BILL_IMPLEMENTATION_STATUS,
    KENYAN_COUNTY,
    LEGISLATIVE_OUTCOME_STATUS,
    STORY_VERIFICATION_STATUS,
    BillImplementationStatus,
    KenyanCounty,
    LegislativeOutcomeStatus,
    StoryVerificationStatus,
)

if TYPE_CHECKING:
    from chanuka_db.schema.advocacy_coordination import Campaign
    from chanuka_db.schema.foundation import Bill

DOMAIN = "impact_measurement"

# Documented vocabularies that may grow: named CHECK constraints (see docs/compatibility.md).
COHORT_TYPES = ("demographic", "geographic", "temporal", "behavioral")
URBAN_RURAL = ("urban", "rural", "peri_urban")
DEVICE_TYPES = ("smartphone", "feature_phone", "computer", "shared_device")
CONNECTIVITY_LEVELS = ("high_speed", "mobile_data", "intermittent", "offline_only")
PERIODS = ("daily", "weekly", "monthly", "quarterly")
ASSESSMENT_TYPES = ("bill_outcome", "amendment_influence", "participation_increase", "awareness_change")
ASSESSMENT_METHODOLOGIES = ("before_after", "control_group", "regression_analysis", "expert_judgment")
STORY_TYPES = ("bill_improvement", "increased_participation", "transparency_win", "community_mobilization")
STORY_SCOPES = ("national", "county", "constituency", "community")
INCLUSION_SCOPES = ("national", "county", "constituency")
INDICATOR_CATEGORIES = ("reach", "engagement", "impact", "equity")
TRENDS = ("improving", "declining", "stable")


def one_of(column: str, values: tuple[str, ...], *, name: str | None = None) -> CheckConstraint:
    """``column IN (values)`` (NULL allowed), named ``<column>_values`` unless ``name`` is given."""
    listed = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({listed})", name=name or f"{column}_values")


def non_negative(*columns: str, name: str = "counts_non_negative") -> CheckConstraint:
    """Every one of ``columns`` is >= 0 (NULLs allowed)."""
    return CheckConstraint(" AND ".join(f"{c} >= 0" for c in columns), name=name)


def percentages(*columns: str, name: str = "percentages_range") -> CheckConstraint:
    """Every one of ``columns`` is between 0 and 100 (NULLs allowed; a 0-1 fraction also fits)."""
    return CheckConstraint(" AND ".join(f"{c} BETWEEN 0 AND 100" for c in columns), name=name)


class ParticipationCohort(UUIDPrimaryKey, Timestamps, Base):
    """Definitions of user cohorts (demographic, geographic, temporal, behavioural, device) for equity
    analysis, with member counts.
    """

    __tablename__ = "participation_cohorts"
    __table_args__ = (
        one_of("cohort_type", COHORT_TYPES),
        one_of("urban_rural", URBAN_RURAL),
        one_of("device_type", DEVICE_TYPES),
        one_of("connectivity_level", CONNECTIVITY_LEVELS),
        one_of("analysis_frequency", PERIODS),
        CheckConstraint(
            "cohort_end_date IS NULL OR cohort_start_date IS NULL OR cohort_end_date >= cohort_start_date",
            name="date_range",
        ),
        non_negative("total_members", "active_members"),
        CheckConstraint("active_members <= total_members", name="active_within_total"),
        Index(
            "ix_participation_cohorts_cohort_type_is_active",
            "cohort_type",
            "is_active",
            postgresql_where=text("is_active = true"),
        ),
        Index(
            "ix_participation_cohorts_county_urban_rural",
            "county",
            "urban_rural",
            postgresql_where=text("county IS NOT NULL"),
        ),
        Index(
            "ix_participation_cohorts_age_range_gender",
            "age_range",
            "gender",
            postgresql_where=text("age_range IS NOT NULL AND gender IS NOT NULL"),
        ),
        Index("ix_participation_cohorts_device_type_connectivity_level", "device_type", "connectivity_level"),
        {
            "comment": "Definitions of user cohorts (demographic, geographic, temporal, behavioural, "
            "device) for equity analysis, with member counts."
        },
    )

    cohort_name: Mapped[str] = mapped_column(String(200))
    cohort_type: Mapped[str] = mapped_column(
        String(50), comment="One of: demographic, geographic, temporal, behavioral"
    )
    definition_criteria: Mapped[dict[str, Any]] = mapped_column(JSONB)
    county: Mapped[KenyanCounty | None] = mapped_column(KENYAN_COUNTY)
    constituency: Mapped[str | None] = mapped_column(String(100))
    urban_rural: Mapped[str | None] = mapped_column(String(20), comment="One of: urban, rural, peri_urban")
    age_range: Mapped[str | None] = mapped_column(String(30))
    gender: Mapped[str | None] = mapped_column(String(20))
    education_level: Mapped[str | None] = mapped_column(String(50))
    income_bracket: Mapped[str | None] = mapped_column(String(50))
    device_type: Mapped[str | None] = mapped_column(
        String(30), comment="One of: smartphone, feature_phone, computer, shared_device"
    )
    connectivity_level: Mapped[str | None] = mapped_column(
        String(30), comment="One of: high_speed, mobile_data, intermittent, offline_only"
    )
    registration_period: Mapped[str | None] = mapped_column(String(50))
    cohort_start_date: Mapped[dt.date | None] = mapped_column(Date)
    cohort_end_date: Mapped[dt.date | None] = mapped_column(Date)
    total_members: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    active_members: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    is_active: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    analysis_frequency: Mapped[str] = mapped_column(
        String(20), server_default=text("'monthly'"), comment="One of: daily, weekly, monthly, quarterly"
    )


class LegislativeOutcome(UUIDPrimaryKey, Timestamps, Base):
    """What finally happened to a bill (passed, rejected, ...) with process metrics, public-engagement
    metrics, final vote, public-input amendments, implementation status.
    """

    __tablename__ = "legislative_outcomes"
    __table_args__ = (
        UniqueConstraint("bill_id"),
        non_negative(
            "total_readings",
            "committee_stages",
            "amendment_count",
            "public_comments_received",
            "public_participation_events",
            "campaign_activities",
            "final_vote_for",
            "final_vote_against",
            "final_vote_abstain",
            "amendments_from_public_input",
        ),
        CheckConstraint("amendments_from_public_input <= amendment_count", name="public_amendments_within_total"),
        CheckConstraint(
            "implementation_date IS NULL OR implementation_date >= outcome_date", name="implementation_after_outcome"
        ),
        Index("ix_legislative_outcomes_final_status_outcome_date", "final_status", "outcome_date"),
        Index(
            "ix_legislative_outcomes_public_comments_received_amend_7534b0d0",
            "public_comments_received",
            "amendments_from_public_input",
            "substantive_changes_made",
        ),
        Index(
            "ix_legislative_outcomes_implementation_status_implemen_f0fc29b7",
            "implementation_status",
            "implementation_date",
            postgresql_where=text("implementation_status IS NOT NULL"),
        ),
        {
            "comment": "What finally happened to a bill (passed, rejected, ...) with process metrics, "
            "public-engagement metrics, final vote, public-input amendments, implementation "
            "status."
        },
    )

    bill_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("bills.id", ondelete="CASCADE"))
    final_status: Mapped[LegislativeOutcomeStatus] = mapped_column(
        LEGISLATIVE_OUTCOME_STATUS, comment="One of: passed, rejected, withdrawn, lapsed, amended_passed"
    )
    outcome_date: Mapped[dt.date] = mapped_column(Date)
    total_readings: Mapped[int] = mapped_column(SmallInteger, server_default=text("0"))
    committee_stages: Mapped[int] = mapped_column(SmallInteger, server_default=text("0"))
    amendment_count: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    public_comments_received: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    public_participation_events: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    campaign_activities: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    final_vote_for: Mapped[int | None] = mapped_column(Integer)
    final_vote_against: Mapped[int | None] = mapped_column(Integer)
    final_vote_abstain: Mapped[int | None] = mapped_column(Integer)
    vote_margin: Mapped[int | None] = mapped_column(Integer)
    amendments_from_public_input: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    substantive_changes_made: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    changes_summary: Mapped[str | None] = mapped_column(Text)
    implementation_status: Mapped[BillImplementationStatus | None] = mapped_column(
        BILL_IMPLEMENTATION_STATUS, comment="One of: not_applicable, pending, partial, full, delayed"
    )
    implementation_date: Mapped[dt.date | None] = mapped_column(Date)

    bill: Mapped["Bill"] = relationship()


class BillImplementation(UUIDPrimaryKey, Timestamps, Base):
    """Post-passage implementation tracking of a bill: expected/actual dates and delay, agencies,
    budget allocated/used, progress %, milestones, challenges, citizen/media monitoring counts.
    """

    __tablename__ = "bill_implementation"
    __table_args__ = (
        UniqueConstraint("bill_id"),
        percentages("implementation_percentage"),
        non_negative("budget_allocated", "budget_utilized", "citizen_reports_count", "media_coverage_count"),
        Index(
            "ix_bill_implementation_expected_implementation_date_ac_501396f0",
            "expected_implementation_date",
            "actual_implementation_date",
            "implementation_delay_days",
        ),
        Index(
            "ix_bill_implementation_budget_allocated_budget_utilize_52cb39d1",
            "budget_allocated",
            "budget_utilized",
            "implementation_percentage",
        ),
        Index(
            "ix_bill_implementation_citizen_reports_count_media_cov_2c28f3aa",
            "citizen_reports_count",
            "media_coverage_count",
        ),
        {
            "comment": "Post-passage implementation tracking of a bill: expected/actual dates and "
            "delay, agencies, budget allocated/used, progress %, milestones, challenges, "
            "citizen/media monitoring counts."
        },
    )

    bill_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("bills.id", ondelete="CASCADE"))
    expected_implementation_date: Mapped[dt.date | None] = mapped_column(Date)
    actual_implementation_date: Mapped[dt.date | None] = mapped_column(Date)
    implementation_delay_days: Mapped[int | None] = mapped_column(Integer)
    implementing_agencies: Mapped[list[str] | None] = mapped_column(ARRAY(String(200)))
    budget_allocated: Mapped[Decimal | None] = mapped_column(Numeric(15, 2))
    budget_utilized: Mapped[Decimal | None] = mapped_column(Numeric(15, 2))
    implementation_percentage: Mapped[Decimal | None] = mapped_column(Numeric(5, 2), comment="0-100")
    key_milestones: Mapped[list[Any]] = mapped_column(JSONB, server_default=text("'[]'::jsonb"))
    implementation_challenges: Mapped[str | None] = mapped_column(Text)
    legal_challenges: Mapped[str | None] = mapped_column(Text)
    citizen_reports_count: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    media_coverage_count: Mapped[int] = mapped_column(Integer, server_default=text("0"))

    bill: Mapped["Bill"] = relationship()


class AttributionAssessment(UUIDPrimaryKey, Timestamps, Base):
    """Assessment of how much the platform contributed to an outcome for a bill or campaign: period,
    methodology, contribution %, confidence, evidence, confounders, assessor, peer review.
    """

    __tablename__ = "attribution_assessments"
    __table_args__ = (
        one_of("assessment_type", ASSESSMENT_TYPES),
        one_of("assessment_methodology", ASSESSMENT_METHODOLOGIES),
        CheckConstraint("assessment_end_date >= assessment_start_date", name="date_range"),
        percentages("platform_contribution_percentage"),
        CheckConstraint("confidence_level BETWEEN 0 AND 1", name="confidence_level_range"),
        Index(
            "ix_attribution_assessments_assessment_type_confidence_5d5fbc2b",
            "assessment_type",
            "confidence_level",
            "platform_contribution_percentage",
        ),
        Index(
            "ix_attribution_assessments_target_bill_id_platform_con_d8795ef3",
            "target_bill_id",
            "platform_contribution_percentage",
            postgresql_where=text("target_bill_id IS NOT NULL"),
        ),
        Index(
            "ix_attribution_assessments_peer_reviewed_methodology_v_c584fbfd",
            "peer_reviewed",
            "methodology_validated",
            "confidence_level",
        ),
        Index("ix_attribution_assessments_target_campaign_id", "target_campaign_id"),
        Index("ix_attribution_assessments_assessor_id", "assessor_id"),
        {
            "comment": "Assessment of how much the platform contributed to an outcome for a bill or "
            "campaign: period, methodology, contribution %, confidence, evidence, "
            "confounders, assessor, peer review."
        },
    )

    assessment_type: Mapped[str] = mapped_column(
        String(50),
        comment="One of: bill_outcome, amendment_influence, participation_increase, awareness_change",
    )
    target_bill_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("bills.id", ondelete="CASCADE")
    )
    target_campaign_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("campaigns.id", ondelete="CASCADE")
    )
    assessment_start_date: Mapped[dt.date] = mapped_column(Date)
    assessment_end_date: Mapped[dt.date] = mapped_column(Date)
    assessment_methodology: Mapped[str] = mapped_column(
        String(100), comment="One of: before_after, control_group, regression_analysis, expert_judgment"
    )
    control_group_description: Mapped[str | None] = mapped_column(Text)
    platform_contribution_percentage: Mapped[Decimal | None] = mapped_column(Numeric(5, 2), comment="0-100")
    confidence_level: Mapped[Decimal | None] = mapped_column(Numeric(3, 2), comment="0.00-1.00")
    quantitative_evidence: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    qualitative_evidence: Mapped[str | None] = mapped_column(Text)
    confounding_factors: Mapped[str | None] = mapped_column(Text)
    alternative_explanations: Mapped[str | None] = mapped_column(Text)
    assessor_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="SET NULL")
    )
    peer_reviewed: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    methodology_validated: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))

    target_bill: Mapped["Bill | None"] = relationship()
    target_campaign: Mapped["Campaign | None"] = relationship()


class SuccessStory(UUIDPrimaryKey, Timestamps, Base):
    """Documented positive outcomes (bill improved, participation increased...) linked to a
    bill/campaign: narrative, actors, quantified impact, evidence, verification, featured/public
    flags.
    """

    __tablename__ = "success_stories"
    __table_args__ = (
        one_of("story_type", STORY_TYPES),
        one_of("geographic_scope", STORY_SCOPES),
        non_negative("people_affected"),
        Index(
            "ix_success_stories_story_type_is_public_story_date",
            "story_type",
            "is_public",
            "story_date",
            postgresql_where=text("is_public = true"),
        ),
        Index(
            "ix_success_stories_is_featured_story_date",
            "is_featured",
            "story_date",
            postgresql_where=text("is_featured = true"),
        ),
        Index("ix_success_stories_geographic_scope_people_affected", "geographic_scope", "people_affected"),
        Index("ix_success_stories_related_bill_id", "related_bill_id"),
        Index("ix_success_stories_related_campaign_id", "related_campaign_id"),
        Index("ix_success_stories_documented_by_id", "documented_by_id"),
        {
            "comment": "Documented positive outcomes (bill improved, participation increased...) "
            "linked to a bill/campaign: narrative, actors, quantified impact, evidence, "
            "verification, featured/public flags."
        },
    )

    title: Mapped[str] = mapped_column(String(500))
    story_type: Mapped[str] = mapped_column(
        String(50),
        comment="One of: bill_improvement, increased_participation, transparency_win, community_mobilization",
    )
    related_bill_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("bills.id", ondelete="SET NULL")
    )
    related_campaign_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("campaigns.id", ondelete="SET NULL")
    )
    geographic_scope: Mapped[str | None] = mapped_column(
        String(50), comment="One of: national, county, constituency, community"
    )
    story_summary: Mapped[str] = mapped_column(Text)
    detailed_narrative: Mapped[str | None] = mapped_column(Text)
    key_actors: Mapped[list[Any]] = mapped_column(JSONB, server_default=text("'[]'::jsonb"))
    quantified_impact: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    people_affected: Mapped[int | None] = mapped_column(Integer)
    evidence_sources: Mapped[list[Any]] = mapped_column(JSONB, server_default=text("'[]'::jsonb"))
    verification_status: Mapped[StoryVerificationStatus] = mapped_column(
        STORY_VERIFICATION_STATUS,
        server_default=text("'unverified'"),
        comment="One of: unverified, verified, disputed",
    )
    story_date: Mapped[dt.date] = mapped_column(Date)
    is_featured: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    is_public: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    documented_by_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="SET NULL")
    )

    related_bill: Mapped["Bill | None"] = relationship()
    related_campaign: Mapped["Campaign | None"] = relationship()


class GeographicEquityMetric(UUIDPrimaryKey, CreatedAt, Base):
    """Per county (and optionally constituency) participation metrics for a period: population,
    internet penetration, users, engagement, offline activity, participation rate, digital divide
    index.
    """

    __tablename__ = "geographic_equity_metrics"
    __table_args__ = (
        # One row per area and period; its leading (county, measurement_date) also serves county queries.
        UniqueConstraint(
            "county",
            "measurement_date",
            "measurement_period",
            "constituency",
            name="uq_geographic_equity_metrics_period",
            postgresql_nulls_not_distinct=True,
        ),
        one_of("measurement_period", PERIODS),
        non_negative(
            "total_population",
            "eligible_population",
            "registered_users",
            "active_users",
            "new_registrations",
            "comments_posted",
            "bills_viewed",
            "votes_cast",
            "campaigns_joined",
            "facilitation_sessions_held",
            "offline_participants",
            "engagement_intensity",
        ),
        percentages("internet_penetration_rate", "participation_rate"),
        Index(
            "ix_geographic_equity_metrics_participation_rate_digita_1ae0b8b3",
            "participation_rate",
            "digital_divide_index",
        ),
        Index(
            "ix_geographic_equity_metrics_constituency_participation_rate",
            "constituency",
            "participation_rate",
            postgresql_where=text("constituency IS NOT NULL"),
        ),
        {
            "comment": "Per county (and optionally constituency) participation metrics for a period: "
            "population, internet penetration, users, engagement, offline activity, "
            "participation rate, digital divide index."
        },
    )

    county: Mapped[KenyanCounty] = mapped_column(KENYAN_COUNTY)
    constituency: Mapped[str | None] = mapped_column(String(100))
    measurement_date: Mapped[dt.date] = mapped_column(Date)
    measurement_period: Mapped[str] = mapped_column(String(20), comment="One of: daily, weekly, monthly, quarterly")
    total_population: Mapped[int | None] = mapped_column(Integer)
    eligible_population: Mapped[int | None] = mapped_column(Integer)
    internet_penetration_rate: Mapped[float | None] = mapped_column(REAL)
    registered_users: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    active_users: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    new_registrations: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    comments_posted: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    bills_viewed: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    votes_cast: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    campaigns_joined: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    facilitation_sessions_held: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    offline_participants: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    participation_rate: Mapped[float | None] = mapped_column(REAL)
    engagement_intensity: Mapped[float | None] = mapped_column(REAL)
    digital_divide_index: Mapped[float | None] = mapped_column(REAL)


class DemographicEquityMetric(UUIDPrimaryKey, CreatedAt, Base):
    """Participation metrics per demographic slice (age, gender, education, income) for a period, with
    barriers and support needs.
    """

    __tablename__ = "demographic_equity_metrics"
    __table_args__ = (
        UniqueConstraint(
            "measurement_date",
            "measurement_period",
            "age_range",
            "gender",
            "education_level",
            "income_bracket",
            name="uq_demographic_equity_metrics_period",
            postgresql_nulls_not_distinct=True,
        ),
        non_negative(
            "estimated_population",
            "registered_users",
            "active_users",
            "average_session_duration",
            "average_actions_per_session",
        ),
        percentages("participation_rate"),
        Index(
            "ix_demographic_equity_metrics_age_range_gender_measurement_date",
            "age_range",
            "gender",
            "measurement_date",
        ),
        Index(
            "ix_demographic_equity_metrics_participation_rate_engag_e26815b2",
            "participation_rate",
            "engagement_quality_score",
        ),
        Index(
            "ix_demographic_equity_metrics_education_level_income_b_54962b72",
            "education_level",
            "income_bracket",
            "participation_rate",
        ),
        {
            "comment": "Participation metrics per demographic slice (age, gender, education, income) "
            "for a period, with barriers and support needs."
        },
    )

    age_range: Mapped[str | None] = mapped_column(String(30))
    gender: Mapped[str | None] = mapped_column(String(20))
    education_level: Mapped[str | None] = mapped_column(String(50))
    income_bracket: Mapped[str | None] = mapped_column(String(50))
    measurement_date: Mapped[dt.date] = mapped_column(Date)
    measurement_period: Mapped[str] = mapped_column(String(20))
    estimated_population: Mapped[int | None] = mapped_column(Integer)
    registered_users: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    active_users: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    average_session_duration: Mapped[float | None] = mapped_column(REAL)
    average_actions_per_session: Mapped[float | None] = mapped_column(REAL)
    preferred_engagement_types: Mapped[list[str] | None] = mapped_column(ARRAY(String(50)))
    reported_barriers: Mapped[list[Any]] = mapped_column(JSONB, server_default=text("'[]'::jsonb"))
    support_needs: Mapped[list[Any]] = mapped_column(JSONB, server_default=text("'[]'::jsonb"))
    participation_rate: Mapped[float | None] = mapped_column(REAL)
    engagement_quality_score: Mapped[float | None] = mapped_column(REAL)


class DigitalInclusionMetric(UUIDPrimaryKey, CreatedAt, Base):
    """Device and connectivity mix of users and channel usage (web, app, USSD, ambassador) for a
    period/scope.
    """

    __tablename__ = "digital_inclusion_metrics"
    __table_args__ = (
        # One national row and one row per county per date. Constituency rows have no constituency
        # column to tell them apart, so they are left out of the key.
        Index(
            "uq_digital_inclusion_metrics_period",
            "measurement_date",
            "geographic_scope",
            "county",
            unique=True,
            postgresql_nulls_not_distinct=True,
            postgresql_where=text("geographic_scope IN ('national', 'county')"),
        ),
        one_of("geographic_scope", INCLUSION_SCOPES),
        CheckConstraint("geographic_scope != 'county' OR county IS NOT NULL", name="county_scope_names_county"),
        non_negative(
            "smartphone_users",
            "feature_phone_users",
            "computer_users",
            "shared_device_users",
            "high_speed_users",
            "mobile_data_users",
            "intermittent_connectivity_users",
            "offline_only_users",
            "web_platform_usage",
            "mobile_app_usage",
            "ussd_usage",
            "ambassador_facilitated_usage",
            "device_diversity_index",
        ),
        percentages("mobile_only_users_percentage", "platform_switching_rate"),
        Index(
            "ix_digital_inclusion_metrics_county_measurement_date",
            "county",
            "measurement_date",
            postgresql_where=text("county IS NOT NULL"),
        ),
        Index(
            "ix_digital_inclusion_metrics_smartphone_users_feature_26f09cdb",
            "smartphone_users",
            "feature_phone_users",
            "offline_only_users",
        ),
        Index(
            "ix_digital_inclusion_metrics_web_platform_usage_ussd_u_81c92abc",
            "web_platform_usage",
            "ussd_usage",
            "ambassador_facilitated_usage",
        ),
        {
            "comment": "Device and connectivity mix of users and channel usage (web, app, USSD, "
            "ambassador) for a period/scope."
        },
    )

    measurement_date: Mapped[dt.date] = mapped_column(Date)
    geographic_scope: Mapped[str | None] = mapped_column(String(50), comment="One of: national, county, constituency")
    county: Mapped[KenyanCounty | None] = mapped_column(KENYAN_COUNTY)
    smartphone_users: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    feature_phone_users: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    computer_users: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    shared_device_users: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    high_speed_users: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    mobile_data_users: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    intermittent_connectivity_users: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    offline_only_users: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    web_platform_usage: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    mobile_app_usage: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    ussd_usage: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    ambassador_facilitated_usage: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    mobile_vs_desktop_access: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    mobile_only_users_percentage: Mapped[float | None] = mapped_column(REAL)
    smartphone_vs_feature_phone: Mapped[dict[str, Any] | None] = mapped_column(
        JSONB, server_default=text("'{}'::jsonb")
    )
    device_diversity_index: Mapped[float | None] = mapped_column(REAL)
    platform_switching_rate: Mapped[float | None] = mapped_column(REAL)


class PlatformPerformanceIndicator(UUIDPrimaryKey, CreatedAt, Base):
    """Generic KPI time series: indicator name/category, current/target/baseline/previous value,
    change, trend, method, data sources.
    """

    __tablename__ = "platform_performance_indicators"
    __table_args__ = (
        UniqueConstraint(
            "indicator_name", "measurement_date", "measurement_period", name="uq_platform_performance_indicators_period"
        ),
        one_of("indicator_category", INDICATOR_CATEGORIES),
        one_of("trend_direction", TRENDS),
        Index(
            "ix_platform_performance_indicators_indicator_category_874aef4d",
            "indicator_category",
            "trend_direction",
            "measurement_date",
        ),
        {
            "comment": "Generic KPI time series: indicator name/category, "
            "current/target/baseline/previous value, change, trend, method, data sources."
        },
    )

    indicator_name: Mapped[str] = mapped_column(String(200))
    indicator_category: Mapped[str] = mapped_column(String(50), comment="One of: reach, engagement, impact, equity")
    measurement_date: Mapped[dt.date] = mapped_column(Date)
    measurement_period: Mapped[str] = mapped_column(String(20))
    current_value: Mapped[Decimal] = mapped_column(Numeric(15, 4))
    target_value: Mapped[Decimal | None] = mapped_column(Numeric(15, 4))
    baseline_value: Mapped[Decimal | None] = mapped_column(Numeric(15, 4))
    previous_period_value: Mapped[Decimal | None] = mapped_column(Numeric(15, 4))
    change_percentage: Mapped[float | None] = mapped_column(REAL)
    trend_direction: Mapped[str | None] = mapped_column(String(20), comment="One of: improving, declining, stable")
    calculation_method: Mapped[str | None] = mapped_column(Text)
    data_sources: Mapped[list[str] | None] = mapped_column(ARRAY(String(100)))


class LegislativeImpactIndicator(UUIDPrimaryKey, CreatedAt, Base):
    """Aggregate legislative KPIs per period: bills introduced/engaged/amended/passed/rejected, public-
    input amendments, implementation timeliness.
    """

    __tablename__ = "legislative_impact_indicators"
    __table_args__ = (
        UniqueConstraint("measurement_date", "measurement_period", name="uq_legislative_impact_indicators_period"),
        non_negative(
            "bills_introduced",
            "bills_with_public_engagement",
            "bills_amended_after_engagement",
            "bills_passed",
            "bills_rejected",
            "average_comments_per_bill",
            "average_participants_per_bill",
            "public_participation_events_held",
            "amendments_from_public_input",
            "bills_implemented_on_time",
        ),
        percentages("substantive_changes_percentage"),
        Index(
            "ix_legislative_impact_indicators_bills_with_public_eng_bea2f257",
            "bills_with_public_engagement",
            "bills_amended_after_engagement",
        ),
        {
            "comment": "Aggregate legislative KPIs per period: bills "
            "introduced/engaged/amended/passed/rejected, public-input amendments, "
            "implementation timeliness."
        },
    )

    measurement_date: Mapped[dt.date] = mapped_column(Date)
    measurement_period: Mapped[str] = mapped_column(String(20))
    bills_introduced: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    bills_with_public_engagement: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    bills_amended_after_engagement: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    bills_passed: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    bills_rejected: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    average_comments_per_bill: Mapped[float | None] = mapped_column(REAL)
    average_participants_per_bill: Mapped[float | None] = mapped_column(REAL)
    public_participation_events_held: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    amendments_from_public_input: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    substantive_changes_percentage: Mapped[float | None] = mapped_column(REAL)
    bills_implemented_on_time: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    average_implementation_delay_days: Mapped[float | None] = mapped_column(REAL)


class CivicEngagementIndicator(UUIDPrimaryKey, CreatedAt, Base):
    """Aggregate civic-engagement KPIs per period: registered/MAU/DAU, new registrations, comments,
    views, votes, shares, campaigns, actions, comment quality, repeat engagement.
    """

    __tablename__ = "civic_engagement_indicators"
    __table_args__ = (
        UniqueConstraint("measurement_date", "measurement_period", name="uq_civic_engagement_indicators_period"),
        non_negative(
            "total_registered_users",
            "monthly_active_users",
            "daily_active_users",
            "new_user_registrations",
            "comments_posted",
            "bills_viewed",
            "votes_cast",
            "shares_made",
            "campaigns_created",
            "campaign_participants",
            "actions_completed",
            "average_comment_length",
        ),
        percentages("constructive_comments_percentage", "repeat_engagement_rate"),
        Index(
            "ix_civic_engagement_indicators_monthly_active_users_da_953421a7",
            "monthly_active_users",
            "daily_active_users",
            "repeat_engagement_rate",
        ),
        {
            "comment": "Aggregate civic-engagement KPIs per period: registered/MAU/DAU, new "
            "registrations, comments, views, votes, shares, campaigns, actions, comment "
            "quality, repeat engagement."
        },
    )

    measurement_date: Mapped[dt.date] = mapped_column(Date)
    measurement_period: Mapped[str] = mapped_column(String(20))
    total_registered_users: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    monthly_active_users: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    daily_active_users: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    new_user_registrations: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    comments_posted: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    bills_viewed: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    votes_cast: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    shares_made: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    campaigns_created: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    campaign_participants: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    actions_completed: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    average_comment_length: Mapped[float | None] = mapped_column(REAL)
    constructive_comments_percentage: Mapped[float | None] = mapped_column(REAL)
    repeat_engagement_rate: Mapped[float | None] = mapped_column(REAL)


class FinancialSustainabilityIndicator(UUIDPrimaryKey, CreatedAt, Base):
    """Platform cost and revenue KPIs per period: cost lines, revenue lines, unit costs, runway,
    growth, trend.
    """

    __tablename__ = "financial_sustainability_indicators"
    __table_args__ = (
        UniqueConstraint(
            "measurement_date", "measurement_period", name="uq_financial_sustainability_indicators_period"
        ),
        non_negative(
            "infrastructure_costs",
            "personnel_costs",
            "operational_costs",
            "total_costs",
            "grant_funding",
            "subscription_revenue",
            "service_revenue",
            "total_revenue",
            "cost_per_active_user",
            "cost_per_engagement",
            "funding_runway_months",
            name="amounts_non_negative",
        ),
        one_of("cost_efficiency_trend", TRENDS, name="trend_values"),
        Index(
            "ix_financial_sustainability_indicators_funding_runway_c969bf7f",
            "funding_runway_months",
            "revenue_growth_rate",
            "cost_efficiency_trend",
        ),
        {
            "comment": "Platform cost and revenue KPIs per period: cost lines, revenue lines, unit "
            "costs, runway, growth, trend."
        },
    )

    measurement_date: Mapped[dt.date] = mapped_column(Date)
    measurement_period: Mapped[str] = mapped_column(String(20))
    infrastructure_costs: Mapped[Decimal] = mapped_column(Numeric(12, 2), server_default=text("0"))
    personnel_costs: Mapped[Decimal] = mapped_column(Numeric(12, 2), server_default=text("0"))
    operational_costs: Mapped[Decimal] = mapped_column(Numeric(12, 2), server_default=text("0"))
    total_costs: Mapped[Decimal] = mapped_column(Numeric(12, 2), server_default=text("0"))
    grant_funding: Mapped[Decimal] = mapped_column(Numeric(12, 2), server_default=text("0"))
    subscription_revenue: Mapped[Decimal] = mapped_column(Numeric(12, 2), server_default=text("0"))
    service_revenue: Mapped[Decimal] = mapped_column(Numeric(12, 2), server_default=text("0"))
    total_revenue: Mapped[Decimal] = mapped_column(Numeric(12, 2), server_default=text("0"))
    cost_per_active_user: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    cost_per_engagement: Mapped[Decimal | None] = mapped_column(Numeric(8, 4))
    funding_runway_months: Mapped[float | None] = mapped_column(REAL)
    revenue_growth_rate: Mapped[float | None] = mapped_column(REAL)
    cost_efficiency_trend: Mapped[str | None] = mapped_column(
        String(20), comment="One of: improving, declining, stable"
    )
