"""Campaigns and collective action: campaigns, their action items, participants and completed actions, daily
impact metrics, and coalitions between campaigns.

A campaign owns its parts (action items, participants, completions, metrics and coalitions are deleted
with it); deleting a user deletes their participation and completions, but not the campaigns they
organise: ``campaigns.created_by_id`` restricts, so ownership is handed over (or the campaign
cancelled) before an organiser's account goes.
"""

import datetime as dt
import uuid
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    ForeignKeyConstraint,
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

from chanuka_db.schema.base import PII, Base, CreatedAt, Timestamps, UUIDPrimaryKey
from chanuka_db.schema.enums import (
    ACTION_TYPE,
    ACTION_VERIFICATION_STATUS,
    CAMPAIGN_STATUS,
    COALITION_STATUS,
    KENYAN_COUNTY,
    MODERATION_STATUS,
    ORGANIZATION_TYPE,
    ActionType,
    ActionVerificationStatus,
    CampaignStatus,
    CoalitionStatus,
    KenyanCounty,
    ModerationStatus,
    OrganizationType,
)

if TYPE_CHECKING:
    from chanuka_db.schema.foundation import Bill, User

DOMAIN = "advocacy_coordination"

# Documented vocabularies that may grow: named CHECK constraints (see docs/compatibility.md).
CAMPAIGN_SCOPES = ("national", "regional", "county", "constituency")
DIFFICULTY_LEVELS = ("easy", "moderate", "advanced")
PARTICIPATION_LEVELS = ("supporter", "active", "organizer", "leader")
COMPLETION_METHODS = ("platform", "external", "offline", "verified")
CAMPAIGN_METRIC_TYPES = ("participation", "engagement", "reach", "outcome")
RELATIONSHIP_TYPES = ("coalition", "endorsement", "coordination", "opposition")
#: Relationship types with no direction: the pair (A, B) is the pair (B, A) and is stored once.
SYMMETRIC_RELATIONSHIP_TYPES = ("coalition", "coordination")
RELATIONSHIP_STRENGTHS = ("weak", "moderate", "strong")


def one_of(column: str, values: tuple[str, ...], *, name: str | None = None) -> CheckConstraint:
    """``column IN (values)`` (NULL allowed), named ``<column>_values`` unless ``name`` is given."""
    listed = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({listed})", name=name or f"{column}_values")


def non_negative(*columns: str, name: str = "counts_non_negative") -> CheckConstraint:
    """Every one of ``columns`` is >= 0 (NULLs allowed)."""
    return CheckConstraint(" AND ".join(f"{c} >= 0" for c in columns), name=name)


class Campaign(UUIDPrimaryKey, Timestamps, Base):
    """Advocacy campaigns around bills: title/slug, description, target and primary bill, goal, key
    messages, call to action, organiser and organisation, status and dates, geographic scope and
    targets, participant/action counters, budget and funding, visibility and moderation.
    """

    __tablename__ = "campaigns"
    __table_args__ = (
        UniqueConstraint("slug"),
        CheckConstraint(
            "target_end_date IS NULL OR launch_date IS NULL OR target_end_date >= launch_date",
            name="date_range",
        ),
        CheckConstraint(
            "actual_end_date IS NULL OR launch_date IS NULL OR actual_end_date >= launch_date",
            name="actual_end_after_launch",
        ),
        one_of("geographic_scope", CAMPAIGN_SCOPES),
        non_negative("participant_count", "target_participant_count", "actions_completed"),
        CheckConstraint("budget >= 0", name="budget_non_negative"),
        Index(
            "ix_campaigns_status_is_public_launch_date",
            "status",
            "is_public",
            "launch_date",
            postgresql_where=text("is_public = true"),
        ),
        Index(
            "ix_campaigns_primary_bill_id_status",
            "primary_bill_id",
            "status",
            postgresql_where=text("primary_bill_id IS NOT NULL"),
        ),
        Index("ix_campaigns_target_counties", "target_counties", postgresql_using="gin"),
        Index(
            "ix_campaigns_organization_name_status",
            "organization_name",
            "status",
            postgresql_where=text("organization_name IS NOT NULL"),
        ),
        Index("ix_campaigns_created_by_id", "created_by_id"),
        {
            "comment": "Advocacy campaigns around bills: title/slug, description, target and primary "
            "bill, goal, key messages, call to action, organiser and organisation, status "
            "and dates, geographic scope and targets, participant/action counters, budget "
            "and funding, visibility and moderation."
        },
    )

    title: Mapped[str] = mapped_column(String(500))
    slug: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    target_bills: Mapped[list[uuid.UUID] | None] = mapped_column(ARRAY(UUID(as_uuid=True)))
    primary_bill_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("bills.id", ondelete="SET NULL")
    )
    campaign_goal: Mapped[str] = mapped_column(Text)
    key_messages: Mapped[list[str] | None] = mapped_column(ARRAY(String(300)))
    call_to_action: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id", ondelete="RESTRICT"))
    organization_name: Mapped[str | None] = mapped_column(String(300))
    organization_type: Mapped[OrganizationType | None] = mapped_column(
        ORGANIZATION_TYPE,
        comment="organization_type enum (old documented values: professional_body -> "
        "professional_association, grassroots -> cbo)",
    )
    status: Mapped[CampaignStatus] = mapped_column(
        CAMPAIGN_STATUS,
        server_default=text("'draft'"),
        comment="One of: draft, active, paused, completed, cancelled",
    )
    launch_date: Mapped[dt.date | None] = mapped_column(Date)
    target_end_date: Mapped[dt.date | None] = mapped_column(Date)
    actual_end_date: Mapped[dt.date | None] = mapped_column(Date)
    geographic_scope: Mapped[str] = mapped_column(
        String(30), comment="One of: national, regional, county, constituency"
    )
    target_counties: Mapped[list[KenyanCounty] | None] = mapped_column(ARRAY(KENYAN_COUNTY))
    target_constituencies: Mapped[list[str] | None] = mapped_column(ARRAY(String(100)))
    participant_count: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    target_participant_count: Mapped[int | None] = mapped_column(Integer)
    actions_completed: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    budget: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    funding_sources: Mapped[list[Any]] = mapped_column(JSONB, server_default=text("'[]'::jsonb"))
    is_public: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    requires_approval: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    moderation_status: Mapped[ModerationStatus] = mapped_column(
        MODERATION_STATUS, server_default=text("'approved'"), comment="One of: pending, approved, rejected"
    )

    primary_bill: Mapped["Bill | None"] = relationship(foreign_keys=[primary_bill_id])
    created_by: Mapped["User"] = relationship(foreign_keys=[created_by_id])
    action_items: Mapped[list["ActionItem"]] = relationship(
        back_populates="campaign", passive_deletes=True, order_by="ActionItem.display_order"
    )
    participants: Mapped[list["CampaignParticipant"]] = relationship(back_populates="campaign", passive_deletes=True)


class ActionItem(UUIDPrimaryKey, Timestamps, Base):
    """Concrete actions participants can take in a campaign (email MP, call, petition, share, attend),
    difficulty, impact, JSON configuration (targets, templates, social, petition, event), ordering
    and prerequisites.
    """

    __tablename__ = "action_items"
    __table_args__ = (
        # Target of action_completions' composite FK: a completion's campaign is its action's campaign.
        UniqueConstraint("id", "campaign_id"),
        one_of("difficulty_level", DIFFICULTY_LEVELS),
        CheckConstraint("impact_score BETWEEN 1 AND 10", name="impact_score_range"),
        CheckConstraint("estimated_time_minutes > 0", name="estimated_time_positive"),
        non_negative("completion_count", "target_completions", "display_order"),
        CheckConstraint("NOT (id = ANY (prerequisite_actions))", name="not_own_prerequisite"),
        Index(
            "ix_action_items_campaign_id_is_active_display_order",
            "campaign_id",
            "is_active",
            "display_order",
            postgresql_where=text("is_active = true"),
        ),
        Index(
            "ix_action_items_action_type_is_active_completion_count",
            "action_type",
            "is_active",
            "completion_count",
        ),
        Index("ix_action_items_difficulty_level_impact_score", "difficulty_level", "impact_score"),
        Index("ix_action_items_campaign_id", "campaign_id"),
        {
            "comment": "Concrete actions participants can take in a campaign (email MP, call, "
            "petition, share, attend), difficulty, impact, JSON configuration (targets, "
            "templates, social, petition, event), ordering and prerequisites."
        },
    )

    campaign_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("campaigns.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text)
    action_type: Mapped[ActionType] = mapped_column(
        ACTION_TYPE,
        comment="action_type enum (old documented values: email_mp -> email_campaign, phone_call -> call_mp, "
        "petition_sign -> petition, social_share -> share_social, attend_event -> attend_hearing)",
    )
    difficulty_level: Mapped[str] = mapped_column(String(20), comment="One of: easy, moderate, advanced")
    estimated_time_minutes: Mapped[int | None] = mapped_column(SmallInteger)
    impact_score: Mapped[int] = mapped_column(SmallInteger, server_default=text("1"), comment="1-10 scale")
    action_config: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    is_active: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    completion_count: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    target_completions: Mapped[int | None] = mapped_column(Integer)
    display_order: Mapped[int] = mapped_column(SmallInteger, server_default=text("1"))
    prerequisite_actions: Mapped[list[uuid.UUID] | None] = mapped_column(ARRAY(UUID(as_uuid=True)))

    campaign: Mapped[Campaign] = relationship(back_populates="action_items")


class CampaignParticipant(UUIDPrimaryKey, Timestamps, Base):
    """A user's participation in a campaign: level, notification preferences, activity counters,
    skills, availability, geography.
    """

    __tablename__ = "campaign_participants"
    __table_args__ = (
        UniqueConstraint("campaign_id", "user_id"),
        one_of("participation_level", PARTICIPATION_LEVELS),
        non_negative("actions_completed"),
        CheckConstraint(
            "last_action_date IS NULL OR last_action_date >= joined_date", name="last_action_after_joining"
        ),
        Index(
            "ix_campaign_participants_campaign_id_participation_lev_aae8f2f4",
            "campaign_id",
            "participation_level",
            "joined_date",
        ),
        Index(
            "ix_campaign_participants_user_id_last_action_date_acti_b2c7d25b",
            "user_id",
            "last_action_date",
            "actions_completed",
        ),
        Index(
            "ix_campaign_participants_participant_county_campaign_id",
            "participant_county",
            "campaign_id",
            postgresql_where=text("participant_county IS NOT NULL"),
        ),
        {
            "comment": "A user's participation in a campaign: level, notification preferences, "
            "activity counters, skills, availability, geography."
        },
    )

    campaign_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("campaigns.id", ondelete="CASCADE"))
    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"))
    joined_date: Mapped[dt.date] = mapped_column(Date, server_default=text("CURRENT_DATE"))
    participation_level: Mapped[str] = mapped_column(
        String(30), server_default=text("'supporter'"), comment="One of: supporter, active, organizer, leader"
    )
    notification_preferences: Mapped[dict[str, Any]] = mapped_column(
        JSONB,
        server_default=text(
            '\'{"email_updates": true, "sms_updates": false, "action_reminders": true, '
            '"milestone_alerts": true}\'::jsonb'
        ),
    )
    actions_completed: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    last_action_date: Mapped[dt.date | None] = mapped_column(Date)
    volunteer_skills: Mapped[list[str] | None] = mapped_column(ARRAY(String(100)))
    availability: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    participant_county: Mapped[KenyanCounty | None] = mapped_column(KENYAN_COUNTY, info=PII)
    participant_constituency: Mapped[str | None] = mapped_column(String(100), info=PII)

    campaign: Mapped[Campaign] = relationship(back_populates="participants")
    user: Mapped["User"] = relationship()


class ActionCompletion(UUIDPrimaryKey, CreatedAt, Base):
    """Record of a user completing an action item: date, method, evidence, verification status, target
    contacted and response.
    """

    __tablename__ = "action_completions"
    __table_args__ = (
        UniqueConstraint("action_item_id", "user_id"),
        # Composite FK instead of a plain one on action_item_id: campaign_id must be the action's campaign.
        ForeignKeyConstraint(
            ["action_item_id", "campaign_id"],
            ["action_items.id", "action_items.campaign_id"],
            ondelete="CASCADE",
        ),
        one_of("completion_method", COMPLETION_METHODS),
        Index(
            "ix_action_completions_campaign_id_completed_date_verif_c6e50ab5",
            "campaign_id",
            "completed_date",
            "verification_status",
        ),
        Index("ix_action_completions_user_id_completed_date", "user_id", "completed_date"),
        Index(
            "ix_action_completions_response_received_completed_date",
            "response_received",
            "completed_date",
            postgresql_where=text("response_received = true"),
        ),
        {
            "comment": "Record of a user completing an action item: date, method, evidence, "
            "verification status, target contacted and response."
        },
    )

    action_item_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"))
    campaign_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("campaigns.id", ondelete="CASCADE"))
    completed_date: Mapped[dt.date] = mapped_column(Date, server_default=text("CURRENT_DATE"))
    completion_method: Mapped[str | None] = mapped_column(
        String(50), comment="One of: platform, external, offline, verified"
    )
    completion_notes: Mapped[str | None] = mapped_column(Text)
    evidence_url: Mapped[str | None] = mapped_column(String(500))
    verification_status: Mapped[ActionVerificationStatus] = mapped_column(
        ACTION_VERIFICATION_STATUS,
        server_default=text("'self_reported'"),
        comment="One of: self_reported, verified, disputed",
    )
    target_contacted: Mapped[str | None] = mapped_column(String(200))
    response_received: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    response_content: Mapped[str | None] = mapped_column(Text)
    completion_data: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))


class CampaignImpactMetric(UUIDPrimaryKey, CreatedAt, Base):
    """Daily metric snapshot per campaign and metric type: participation, engagement, reach and outcome
    counters, county distribution.
    """

    __tablename__ = "campaign_impact_metrics"
    __table_args__ = (
        UniqueConstraint("campaign_id", "metric_date", "metric_type"),
        one_of("metric_type", CAMPAIGN_METRIC_TYPES),
        non_negative(
            "total_participants",
            "new_participants_today",
            "active_participants",
            "actions_completed_today",
            "total_actions_completed",
            "average_actions_per_participant",
            "social_media_shares",
            "email_opens",
            "website_visits",
            "legislative_responses",
            "media_mentions",
            "policy_changes",
        ),
        Index(
            "ix_campaign_impact_metrics_campaign_id_metric_type_metric_date",
            "campaign_id",
            "metric_type",
            "metric_date",
        ),
        Index("ix_campaign_impact_metrics_metric_type_metric_date", "metric_type", "metric_date"),
        {
            "comment": "Daily metric snapshot per campaign and metric type: participation, engagement, "
            "reach and outcome counters, county distribution."
        },
    )

    campaign_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("campaigns.id", ondelete="CASCADE"))
    metric_date: Mapped[dt.date] = mapped_column(Date, server_default=text("CURRENT_DATE"))
    metric_type: Mapped[str] = mapped_column(String(50), comment="One of: participation, engagement, reach, outcome")
    total_participants: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    new_participants_today: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    active_participants: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    actions_completed_today: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    total_actions_completed: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    average_actions_per_participant: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    social_media_shares: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    email_opens: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    website_visits: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    legislative_responses: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    media_mentions: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    policy_changes: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    county_participation: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    detailed_metrics: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))


class CoalitionRelationship(UUIDPrimaryKey, Timestamps, Base):
    """Partnership/endorsement/opposition relation between two campaigns with collaboration areas,
    shared resources, joint actions, status and dates.

    Endorsement and opposition have a direction (primary endorses/opposes partner). Coalition and
    coordination do not: a unique index on the unordered pair stores such a pair once, whichever
    campaign is named first.
    """

    __tablename__ = "coalition_relationships"
    __table_args__ = (
        UniqueConstraint("primary_campaign_id", "partner_campaign_id", name="uq_coalition_relationships_pair"),
        CheckConstraint("primary_campaign_id != partner_campaign_id", name="self_relationship"),
        one_of("relationship_type", RELATIONSHIP_TYPES),
        one_of("relationship_strength", RELATIONSHIP_STRENGTHS),
        CheckConstraint("end_date IS NULL OR end_date >= established_date", name="date_range"),
        Index(
            "uq_coalition_relationships_symmetric_pair",
            text("LEAST(primary_campaign_id, partner_campaign_id)"),
            text("GREATEST(primary_campaign_id, partner_campaign_id)"),
            unique=True,
            postgresql_where=text(
                "relationship_type IN (" + ", ".join(f"'{t}'" for t in SYMMETRIC_RELATIONSHIP_TYPES) + ")"
            ),
        ),
        Index(
            "ix_coalition_relationships_primary_campaign_id_relatio_6e93a3e3",
            "primary_campaign_id",
            "relationship_type",
            "status",
        ),
        Index(
            "ix_coalition_relationships_partner_campaign_id_relatio_5b0f8396",
            "partner_campaign_id",
            "relationship_type",
            "status",
        ),
        {
            "comment": "Partnership/endorsement/opposition relation between two campaigns with "
            "collaboration areas, shared resources, joint actions, status and dates."
        },
    )

    primary_campaign_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("campaigns.id", ondelete="CASCADE")
    )
    partner_campaign_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("campaigns.id", ondelete="CASCADE")
    )
    relationship_type: Mapped[str] = mapped_column(
        String(50), comment="One of: coalition, endorsement, coordination, opposition"
    )
    relationship_strength: Mapped[str | None] = mapped_column(String(20), comment="One of: weak, moderate, strong")
    collaboration_areas: Mapped[list[str] | None] = mapped_column(ARRAY(String(100)))
    shared_resources: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    joint_actions: Mapped[list[uuid.UUID] | None] = mapped_column(ARRAY(UUID(as_uuid=True)))
    status: Mapped[CoalitionStatus] = mapped_column(
        COALITION_STATUS, server_default=text("'active'"), comment="One of: proposed, active, paused, ended"
    )
    established_date: Mapped[dt.date] = mapped_column(Date, server_default=text("CURRENT_DATE"))
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    collaboration_notes: Mapped[str | None] = mapped_column(Text)
    success_metrics: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))

    primary_campaign: Mapped[Campaign] = relationship(foreign_keys=[primary_campaign_id])
    partner_campaign: Mapped[Campaign] = relationship(foreign_keys=[partner_campaign_id])
