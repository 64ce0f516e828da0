"""Offline, low-bandwidth and accessible participation: community ambassadors, communities, facilitation
sessions, offline submissions, USSD sessions and localized content, plus accessibility features, audits,
feedback, preferences, alternative formats and the offline content cache and sync queue.

Citizens' input collected offline outlives the ambassador who collected it: facilitation sessions and
offline submissions restrict the deletion of their ambassador (deactivate the ambassador instead).
Offline submissions and queued offline operations carry a client-supplied key, unique per ambassador
or user, so a device that re-sends a batch never creates duplicates (see :mod:`chanuka_db.access`).
"""

import datetime as dt
import uuid
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column, relationship

from chanuka_db.schema.base import (
    PII,
    Base,
    CreatedAt,
    Timestamps,
    UUIDPrimaryKey,
    e164_check,
    email_check,
    email_type,
    phone_type,
)
from chanuka_db.schema.enums import (
    AMBASSADOR_STATUS,
    AMBASSADOR_VERIFICATION_STATUS,
    COMMENT_POSITION,
    FACILITATION_SESSION_STATUS,
    KENYAN_COUNTY,
    OFFLINE_PROCESSING_STATUS,
    OFFLINE_SYNC_STATUS,
    AmbassadorStatus,
    AmbassadorVerificationStatus,
    CommentPosition,
    FacilitationSessionStatus,
    KenyanCounty,
    OfflineProcessingStatus,
    OfflineSyncStatus,
)

if TYPE_CHECKING:
    from chanuka_db.schema.citizen_participation import Comment
    from chanuka_db.schema.foundation import Bill, User

DOMAIN = "universal_access"

# Documented vocabularies that may grow: named CHECK constraints (see docs/compatibility.md).
SPECIALIZATIONS = ("youth", "women", "disability", "rural")
CONNECTIVITY_LEVELS = ("good", "intermittent", "poor")
CERTIFICATION_LEVELS = ("basic", "intermediate", "advanced")
COMMUNITY_TYPES = ("geographic", "demographic", "interest_based", "institutional")
VENUE_TYPES = ("community_center", "school", "church", "market", "home")
SESSION_FORMATS = ("presentation", "discussion", "workshop", "town_hall")
PARTICIPATION_METHODS = ("verbal", "written", "voting", "drawing")
COLLECTION_METHODS = ("verbal_transcribed", "written", "audio_recorded", "drawing")
ORIGINAL_FORMATS = ("swahili", "english", "local_language", "visual")
TRANSCRIPTION_QUALITIES = ("high", "medium", "low", "needs_review")
USSD_OUTCOMES = ("completed", "timeout", "user_exit", "error")
LOCALIZED_CONTENT_TYPES = ("bill_summary", "constitutional_analysis", "help_text", "menu_item")
CULTURAL_CONTEXTS = ("urban", "rural", "youth", "elderly")
TRANSLATION_METHODS = ("human", "machine", "hybrid", "community")
TRANSLATION_QUALITIES = ("draft", "reviewed", "approved", "native_speaker")
READING_LEVELS = ("basic", "intermediate", "advanced")

#: ISO 639-1/639-3 language, optionally with an ISO 3166 region: ``sw``, ``kik``, ``sw-KE``.
LANGUAGE_CODE_PATTERN = r"^[a-z]{2,3}(-[A-Z]{2})?$"
#: Client-supplied idempotency keys: 1-64 characters, no spaces (a UUID, or a device id plus a counter).
CLIENT_KEY_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$"


def one_of(column: str, values: tuple[str, ...], *, name: str | None = None) -> CheckConstraint:
    """``column IN (values)`` (NULL allowed), named ``<column>_values`` unless ``name`` is given."""
    listed = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({listed})", name=name or f"{column}_values")


def all_of(column: str, values: tuple[str, ...], *, name: str | None = None) -> CheckConstraint:
    """Every element of the varchar array ``column`` is one of ``values`` (NULL allowed)."""
    listed = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} <@ ARRAY[{listed}]::varchar[]", name=name or f"{column}_values")


def non_negative(*columns: str, name: str = "counts_non_negative") -> CheckConstraint:
    """Every one of ``columns`` is >= 0 (NULLs allowed)."""
    return CheckConstraint(" AND ".join(f"{c} >= 0" for c in columns), name=name)


def percentages(*columns: str, name: str = "percentages_range") -> CheckConstraint:
    """Every one of ``columns`` is between 0 and 100 (NULLs allowed)."""
    return CheckConstraint(" AND ".join(f"{c} BETWEEN 0 AND 100" for c in columns), name=name)


def client_key_check(column: str) -> CheckConstraint:
    """``column`` is a well-formed client idempotency key (NULL allowed)."""
    return CheckConstraint(f"{column} ~ '{CLIENT_KEY_PATTERN}'", name=f"{column}_format")


class Ambassador(UUIDPrimaryKey, Timestamps, Base):
    """Community ambassadors (offline facilitators) linked to a user: unique code, contact, county
    coverage, languages, equipment, status, training/certification, performance counters, recruiter.
    """

    __tablename__ = "ambassadors"
    __table_args__ = (
        UniqueConstraint("ambassador_code"),
        CheckConstraint("contact_phone IS NOT NULL OR contact_email IS NOT NULL", name="contact_method"),
        e164_check("contact_phone"),
        email_check("contact_email"),
        all_of("specializations", SPECIALIZATIONS),
        one_of("connectivity_level", CONNECTIVITY_LEVELS),
        one_of("certification_level", CERTIFICATION_LEVELS),
        non_negative("sessions_conducted", "people_reached"),
        CheckConstraint("recruited_by_id IS NULL OR recruited_by_id != user_id", name="not_self_recruited"),
        CheckConstraint(
            "training_completion_date IS NULL OR training_completed", name="training_date_needs_completion"
        ),
        Index(
            "ix_ambassadors_status_primary_county",
            "status",
            "primary_county",
            postgresql_where=text("status = 'active'"),
        ),
        Index("ix_ambassadors_coverage_areas", "coverage_areas", postgresql_using="gin"),
        Index(
            "ix_ambassadors_last_activity_date_sessions_conducted_p_8b69d16a",
            "last_activity_date",
            "sessions_conducted",
            "people_reached",
        ),
        Index(
            "ix_ambassadors_training_completed_certification_level",
            "training_completed",
            "certification_level",
        ),
        Index("ix_ambassadors_user_id", "user_id"),
        Index("ix_ambassadors_recruited_by_id", "recruited_by_id"),
        {
            "comment": "Community ambassadors (offline facilitators) linked to a user: unique code, "
            "contact, county coverage, languages, equipment, status, "
            "training/certification, performance counters, recruiter."
        },
    )

    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"))
    ambassador_code: Mapped[str] = mapped_column(String(20))
    display_name: Mapped[str] = mapped_column(String(200), info=PII)
    contact_phone: Mapped[str | None] = mapped_column(phone_type(), info=PII)
    contact_email: Mapped[str | None] = mapped_column(email_type(), info=PII)
    preferred_contact_method: Mapped[str] = mapped_column(String(50))
    primary_county: Mapped[KenyanCounty] = mapped_column(KENYAN_COUNTY)
    primary_constituency: Mapped[str | None] = mapped_column(String(100))
    coverage_areas: Mapped[list[str] | None] = mapped_column(ARRAY(String(100)))
    background: Mapped[str | None] = mapped_column(Text, info=PII)
    languages_spoken: Mapped[list[str] | None] = mapped_column(ARRAY(String(50)))
    specializations: Mapped[list[str] | None] = mapped_column(
        ARRAY(String(100)), comment="Each one of: youth, women, disability, rural"
    )
    has_smartphone: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    has_laptop: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    connectivity_level: Mapped[str | None] = mapped_column(String(50), comment="One of: good, intermittent, poor")
    status: Mapped[AmbassadorStatus] = mapped_column(
        AMBASSADOR_STATUS,
        server_default=text("'pending'"),
        comment="ambassador_status enum: pending, active, inactive, suspended (and certified)",
    )
    verification_status: Mapped[AmbassadorVerificationStatus] = mapped_column(
        AMBASSADOR_VERIFICATION_STATUS,
        server_default=text("'unverified'"),
        comment="One of: unverified, verified, background_checked",
    )
    training_completed: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    training_completion_date: Mapped[dt.date | None] = mapped_column(Date)
    certification_level: Mapped[str | None] = mapped_column(String(30), comment="One of: basic, intermediate, advanced")
    sessions_conducted: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    people_reached: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    last_activity_date: Mapped[dt.date | None] = mapped_column(Date)
    recruited_by_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="SET NULL")
    )
    onboarding_date: Mapped[dt.date] = mapped_column(Date, server_default=text("CURRENT_DATE"))

    user: Mapped["User"] = relationship(foreign_keys=[user_id])
    sessions: Mapped[list["FacilitationSession"]] = relationship(back_populates="ambassador", passive_deletes=True)


class Community(UUIDPrimaryKey, Timestamps, Base):
    """Geographic/demographic communities served offline: location down to sub-location, population,
    languages, connectivity and literacy rates, concerns, leaders and groups, assigned ambassadors.
    """

    __tablename__ = "communities"
    __table_args__ = (
        one_of("community_type", COMMUNITY_TYPES),
        percentages("internet_penetration", "smartphone_penetration", "literacy_rate"),
        non_negative("estimated_population"),
        Index(
            "ix_communities_county_constituency_is_active",
            "county",
            "constituency",
            "is_active",
            postgresql_where=text("is_active = true"),
        ),
        Index(
            "ix_communities_primary_ambassador_id_is_active",
            "primary_ambassador_id",
            "is_active",
            postgresql_where=text("primary_ambassador_id IS NOT NULL AND is_active = true"),
        ),
        Index(
            "ix_communities_internet_penetration_smartphone_penetration",
            "internet_penetration",
            "smartphone_penetration",
        ),
        Index(
            "ix_communities_last_engagement_date_is_active",
            "last_engagement_date",
            "is_active",
            postgresql_where=text("is_active = true"),
        ),
        Index("ix_communities_primary_ambassador_id", "primary_ambassador_id"),
        {
            "comment": "Geographic/demographic communities served offline: location down to "
            "sub-location, population, languages, connectivity and literacy rates, "
            "concerns, leaders and groups, assigned ambassadors."
        },
    )

    name: Mapped[str] = mapped_column(String(300))
    community_type: Mapped[str] = mapped_column(
        String(50), comment="One of: geographic, demographic, interest_based, institutional"
    )
    county: Mapped[KenyanCounty | None] = mapped_column(KENYAN_COUNTY)
    constituency: Mapped[str | None] = mapped_column(String(100))
    ward: Mapped[str | None] = mapped_column(String(100))
    sub_location: Mapped[str | None] = mapped_column(String(100))
    estimated_population: Mapped[int | None] = mapped_column(Integer)
    primary_language: Mapped[str | None] = mapped_column(String(50))
    secondary_languages: Mapped[list[str] | None] = mapped_column(ARRAY(String(50)))
    internet_penetration: Mapped[Decimal | None] = mapped_column(Numeric(5, 2), comment="Percentage, 0-100")
    smartphone_penetration: Mapped[Decimal | None] = mapped_column(Numeric(5, 2), comment="Percentage, 0-100")
    literacy_rate: Mapped[Decimal | None] = mapped_column(Numeric(5, 2), comment="Percentage, 0-100")
    primary_concerns: Mapped[list[str] | None] = mapped_column(ARRAY(String(100)))
    engagement_preferences: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    traditional_leaders: Mapped[list[Any]] = mapped_column(JSONB, server_default=text("'[]'::jsonb"), info=PII)
    community_groups: Mapped[list[Any]] = mapped_column(JSONB, server_default=text("'[]'::jsonb"))
    primary_ambassador_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("ambassadors.id", ondelete="SET NULL")
    )
    secondary_ambassadors: Mapped[list[uuid.UUID] | None] = mapped_column(ARRAY(UUID(as_uuid=True)))
    is_active: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    last_engagement_date: Mapped[dt.date | None] = mapped_column(Date)

    primary_ambassador: Mapped[Ambassador | None] = relationship()


class FacilitationSession(UUIDPrimaryKey, Timestamps, Base):
    """Offline sessions run by an ambassador for a community: unique code, date/time/venue, bills
    discussed, agenda, participants and demographics, format, outcomes, media collected, offline-
    sync status.
    """

    __tablename__ = "facilitation_sessions"
    __table_args__ = (
        UniqueConstraint("session_code"),
        one_of("venue_type", VENUE_TYPES),
        one_of("session_format", SESSION_FORMATS),
        all_of("participation_methods", PARTICIPATION_METHODS),
        non_negative("planned_participants", "actual_participants", "feedback_collected", "photos_taken"),
        Index(
            "ix_facilitation_sessions_ambassador_id_session_date_se_ec52dad0",
            "ambassador_id",
            "session_date",
            "session_status",
        ),
        Index(
            "ix_facilitation_sessions_community_id_session_date",
            "community_id",
            "session_date",
            postgresql_where=text("community_id IS NOT NULL"),
        ),
        Index("ix_facilitation_sessions_bills_discussed", "bills_discussed", postgresql_using="gin"),
        Index(
            "ix_facilitation_sessions_sync_status_last_synced_at",
            "sync_status",
            "last_synced_at",
            postgresql_where=text("sync_status != 'synced'"),
        ),
        Index("ix_facilitation_sessions_primary_bill_id", "primary_bill_id"),
        {
            "comment": "Offline sessions run by an ambassador for a community: unique code, "
            "date/time/venue, bills discussed, agenda, participants and demographics, "
            "format, outcomes, media collected, offline-sync status."
        },
    )

    session_code: Mapped[str] = mapped_column(String(30))
    session_title: Mapped[str | None] = mapped_column(String(500))
    ambassador_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("ambassadors.id", ondelete="RESTRICT")
    )
    community_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("communities.id", ondelete="SET NULL")
    )
    session_date: Mapped[dt.date] = mapped_column(Date)
    start_time: Mapped[str | None] = mapped_column(String(10))
    end_time: Mapped[str | None] = mapped_column(String(10))
    venue: Mapped[str | None] = mapped_column(String(300))
    venue_type: Mapped[str | None] = mapped_column(
        String(50), comment="One of: community_center, school, church, market, home"
    )
    bills_discussed: Mapped[list[uuid.UUID] | None] = mapped_column(ARRAY(UUID(as_uuid=True)))
    primary_bill_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("bills.id", ondelete="SET NULL")
    )
    session_agenda: Mapped[str | None] = mapped_column(Text)
    materials_used: Mapped[list[str] | None] = mapped_column(ARRAY(String(100)))
    planned_participants: Mapped[int | None] = mapped_column(Integer)
    actual_participants: Mapped[int | None] = mapped_column(Integer)
    participant_demographics: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    session_format: Mapped[str | None] = mapped_column(
        String(50), comment="One of: presentation, discussion, workshop, town_hall"
    )
    participation_methods: Mapped[list[str] | None] = mapped_column(
        ARRAY(String(50)), comment="Each one of: verbal, written, voting, drawing"
    )
    language_used: Mapped[str | None] = mapped_column(String(50))
    session_status: Mapped[FacilitationSessionStatus] = mapped_column(
        FACILITATION_SESSION_STATUS,
        server_default=text("'planned'"),
        comment="One of: planned, completed, cancelled, postponed",
    )
    key_outcomes: Mapped[str | None] = mapped_column(Text)
    action_items_generated: Mapped[str | None] = mapped_column(Text)
    follow_up_needed: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    feedback_collected: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    photos_taken: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    audio_recorded: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    sync_status: Mapped[OfflineSyncStatus] = mapped_column(
        OFFLINE_SYNC_STATUS,
        server_default=text("'synced'"),
        comment="offline_sync_status enum; documented: pending, synced, conflict",
    )
    last_synced_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    ambassador: Mapped[Ambassador] = relationship(back_populates="sessions")
    community: Mapped[Community | None] = relationship()
    primary_bill: Mapped["Bill | None"] = relationship()
    submissions: Mapped[list["OfflineSubmission"]] = relationship(back_populates="session", passive_deletes=True)


class OfflineSubmission(UUIDPrimaryKey, Base):
    """Citizen input collected offline by an ambassador (optionally during a session) on a bill:
    anonymised participant code and demographics, text, language, position,
    transcription/translation workflow, media paths, sync status, optional link to an online
    comment.
    """

    __tablename__ = "offline_submissions"
    __table_args__ = (
        # Idempotent sync: a re-sent batch hits this key (ON CONFLICT DO NOTHING) instead of duplicating.
        UniqueConstraint("collected_by_id", "client_submission_id"),
        client_key_check("client_submission_id"),
        e164_check("participant_phone"),
        one_of("collection_method", COLLECTION_METHODS),
        one_of("original_format", ORIGINAL_FORMATS),
        one_of("transcription_quality", TRANSCRIPTION_QUALITIES),
        Index(
            "ix_offline_submissions_session_id_collected_at",
            "session_id",
            "collected_at",
            postgresql_where=text("session_id IS NOT NULL"),
        ),
        Index("ix_offline_submissions_bill_id_position_collected_at", "bill_id", "position", "collected_at"),
        Index(
            "ix_offline_submissions_processing_status_needs_transla_7b815358",
            "processing_status",
            "needs_translation",
            "collected_at",
        ),
        Index(
            "ix_offline_submissions_sync_status_collected_at",
            "sync_status",
            "collected_at",
            postgresql_where=text("sync_status != 'synced'"),
        ),
        Index("ix_offline_submissions_collected_by_id_collected_at", "collected_by_id", "collected_at"),
        Index("ix_offline_submissions_online_comment_id", "online_comment_id"),
        {
            "comment": "Citizen input collected offline by an ambassador (optionally during a session) "
            "on a bill: anonymised participant code and demographics, text, language, "
            "position, transcription/translation workflow, media paths, sync status, "
            "optional link to an online comment."
        },
    )

    session_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("facilitation_sessions.id", ondelete="SET NULL")
    )
    bill_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("bills.id", ondelete="CASCADE"))
    collected_by_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("ambassadors.id", ondelete="RESTRICT")
    )
    client_submission_id: Mapped[str | None] = mapped_column(
        String(64),
        comment="Addition: key the collecting device gives each submission, unique per ambassador (idempotent re-sync)",
    )
    participant_code: Mapped[str | None] = mapped_column(String(20))
    participant_phone: Mapped[str | None] = mapped_column(
        phone_type(),
        info=PII,
        comment="Addition: E.164 number for SMS follow-up, only with the participant's consent; NULL keeps "
        "the submission anonymous",
    )
    participant_demographics: Mapped[dict[str, Any]] = mapped_column(
        JSONB, server_default=text("'{}'::jsonb"), info=PII
    )
    submission_text: Mapped[str] = mapped_column(Text)
    submission_language: Mapped[str | None] = mapped_column(String(50))
    position: Mapped[CommentPosition | None] = mapped_column(
        COMMENT_POSITION, comment="One of: support, oppose, neutral, question"
    )
    collection_method: Mapped[str] = mapped_column(
        String(30), comment="One of: verbal_transcribed, written, audio_recorded, drawing"
    )
    original_format: Mapped[str | None] = mapped_column(
        String(30), comment="One of: swahili, english, local_language, visual"
    )
    transcription_quality: Mapped[str | None] = mapped_column(
        String(20), comment="One of: high, medium, low, needs_review"
    )
    verified_by_participant: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    processing_status: Mapped[OfflineProcessingStatus] = mapped_column(
        OFFLINE_PROCESSING_STATUS,
        server_default=text("'collected'"),
        comment="One of: collected, transcribed, translated, processed",
    )
    needs_translation: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    translated_text: Mapped[str | None] = mapped_column(Text)
    audio_file_path: Mapped[str | None] = mapped_column(String(500), info=PII)
    photo_file_paths: Mapped[list[str] | None] = mapped_column(ARRAY(String(500)), info=PII)
    sync_status: Mapped[OfflineSyncStatus] = mapped_column(
        OFFLINE_SYNC_STATUS,
        server_default=text("'pending'"),
        comment="offline_sync_status enum; documented: pending, synced, error",
    )
    integrated_with_online: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    online_comment_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("comments.id", ondelete="SET NULL")
    )
    collected_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    synced_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    session: Mapped[FacilitationSession | None] = relationship(back_populates="submissions")
    collected_by: Mapped[Ambassador] = relationship()
    bill: Mapped["Bill"] = relationship()
    online_comment: Mapped["Comment | None"] = relationship()


class UssdSession(UUIDPrimaryKey, CreatedAt, Base):
    """Feature-phone USSD sessions: network session id, phone number, optional user, menu
    state/history, JSON state, timing, counters, bills viewed, county, telecom, outcome.
    """

    __tablename__ = "ussd_sessions"
    __table_args__ = (
        UniqueConstraint("session_id"),
        e164_check("phone_number"),
        one_of("session_outcome", USSD_OUTCOMES),
        non_negative("menus_visited", "actions_performed"),
        CheckConstraint("session_end IS NULL OR session_end >= session_start", name="session_end_after_start"),
        CheckConstraint("last_interaction >= session_start", name="last_interaction_after_start"),
        Index("ix_ussd_sessions_phone_number_session_active", "phone_number", "session_active"),
        Index(
            "ix_ussd_sessions_user_id_session_start",
            "user_id",
            "session_start",
            postgresql_where=text("user_id IS NOT NULL"),
        ),
        Index("ix_ussd_sessions_bills_viewed", "bills_viewed", postgresql_using="gin"),
        Index(
            "ix_ussd_sessions_session_outcome_telecom_provider_session_start",
            "session_outcome",
            "telecom_provider",
            "session_start",
        ),
        {
            "comment": "Feature-phone USSD sessions: network session id, phone number, optional user, "
            "menu state/history, JSON state, timing, counters, bills viewed, county, "
            "telecom, outcome."
        },
    )

    session_id: Mapped[str] = mapped_column(String(100))
    phone_number: Mapped[str] = mapped_column(phone_type(), info=PII, comment="E.164, e.g. +254712345678")
    user_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id", ondelete="SET NULL"))
    current_menu: Mapped[str] = mapped_column(String(100), server_default=text("'main'"))
    menu_history: Mapped[list[str] | None] = mapped_column(ARRAY(String(100)))
    session_data: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    session_active: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    session_start: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    session_end: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    last_interaction: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    menus_visited: Mapped[int] = mapped_column(Integer, server_default=text("1"))
    actions_performed: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    bills_viewed: Mapped[list[uuid.UUID] | None] = mapped_column(ARRAY(UUID(as_uuid=True)))
    county: Mapped[KenyanCounty | None] = mapped_column(KENYAN_COUNTY, info=PII)
    telecom_provider: Mapped[str | None] = mapped_column(String(100), comment="e.g. Safaricom, Airtel")
    session_outcome: Mapped[str | None] = mapped_column(
        String(50), comment="One of: completed, timeout, user_exit, error"
    )


class LocalizedContent(UUIDPrimaryKey, Timestamps, Base):
    """Translated, simplified or audio versions of any content item (polymorphic source_id) per
    language and cultural context, with translation method/quality, reading level, usage and
    feedback, versioning.
    """

    __tablename__ = "localized_content"
    __table_args__ = (
        # One row per version of a content item's field in a language and cultural context.
        UniqueConstraint(
            "content_type",
            "source_id",
            "content_key",
            "language_code",
            "cultural_context",
            "version_number",
            name="uq_localized_content_version",
            postgresql_nulls_not_distinct=True,
        ),
        one_of("content_type", LOCALIZED_CONTENT_TYPES),
        one_of("cultural_context", CULTURAL_CONTEXTS),
        one_of("translation_method", TRANSLATION_METHODS),
        one_of("translation_quality", TRANSLATION_QUALITIES),
        one_of("reading_level", READING_LEVELS),
        CheckConstraint(f"language_code ~ '{LANGUAGE_CODE_PATTERN}'", name="language_code_format"),
        CheckConstraint("country_code ~ '^[A-Z]{2}$'", name="country_code_format"),
        non_negative("usage_count"),
        CheckConstraint("version_number >= 1", name="version_number_positive"),
        CheckConstraint("superseded_by != id", name="not_superseded_by_itself"),
        Index(
            "ix_localized_content_content_type_source_id_language_code",
            "content_type",
            "source_id",
            "language_code",
        ),
        Index(
            "ix_localized_content_translation_method_translation_qu_64127f75",
            "translation_method",
            "translation_quality",
            "needs_update",
        ),
        Index(
            "ix_localized_content_cultural_context_reading_level_la_4c6fa0ed",
            "cultural_context",
            "reading_level",
            "language_code",
        ),
        Index("ix_localized_content_usage_count_feedback_score", "usage_count", "feedback_score"),
        Index("ix_localized_content_translator_id", "translator_id"),
        Index("ix_localized_content_superseded_by", "superseded_by"),
        {
            "comment": "Translated, simplified or audio versions of any content item (polymorphic "
            "source_id) per language and cultural context, with translation method/quality, "
            "reading level, usage and feedback, versioning."
        },
    )

    content_type: Mapped[str] = mapped_column(
        String(50), comment="One of: bill_summary, constitutional_analysis, help_text, menu_item"
    )
    source_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    content_key: Mapped[str] = mapped_column(String(100))
    language_code: Mapped[str] = mapped_column(
        String(10), comment="ISO 639 language, optional ISO 3166 region: sw, kik, sw-KE"
    )
    country_code: Mapped[str] = mapped_column(String(5), server_default=text("'KE'"), comment="ISO 3166-1 alpha-2")
    cultural_context: Mapped[str | None] = mapped_column(String(50), comment="One of: urban, rural, youth, elderly")
    original_text: Mapped[str] = mapped_column(Text)
    localized_text: Mapped[str] = mapped_column(Text)
    simplified_text: Mapped[str | None] = mapped_column(Text)
    audio_url: Mapped[str | None] = mapped_column(String(500))
    translation_method: Mapped[str] = mapped_column(String(30), comment="One of: human, machine, hybrid, community")
    translator_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="SET NULL")
    )
    translation_quality: Mapped[str | None] = mapped_column(
        String(20), comment="One of: draft, reviewed, approved, native_speaker"
    )
    reading_level: Mapped[str | None] = mapped_column(String(20), comment="One of: basic, intermediate, advanced")
    cultural_adaptations: Mapped[str | None] = mapped_column(Text)
    usage_count: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    feedback_score: Mapped[Decimal | None] = mapped_column(Numeric(3, 2))
    needs_update: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    version_number: Mapped[int] = mapped_column(Integer, server_default=text("1"))
    superseded_by: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("localized_content.id", ondelete="SET NULL")
    )


class AssistiveTechnologyCompatibility(UUIDPrimaryKey, Timestamps, Base):
    """Compatibility of an assistive technology (screen reader, switch access, ...) on a platform:
    score, per-browser and per-feature support (JSON), recommendation.
    """

    __tablename__ = "assistive_technology_compatibility"
    __table_args__ = (
        non_negative("compatibility_score", name="score_non_negative"),
        {
            "comment": "Compatibility of an assistive technology (screen reader, switch access, ...) "
            "on a platform: score, per-browser and per-feature support (JSON), "
            "recommendation."
        },
    )

    technology_name: Mapped[str] = mapped_column(String(255))
    technology_type: Mapped[str] = mapped_column(String(100))
    platform: Mapped[str] = mapped_column(String(100))
    compatibility_score: Mapped[int] = mapped_column(Integer)
    browser_compatibility: Mapped[dict[str, Any]] = mapped_column(JSONB)
    feature_support: Mapped[dict[str, Any]] = mapped_column(JSONB)
    recommendation: Mapped[str] = mapped_column(String(100))
    is_active: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))


class AccessibilityFeature(UUIDPrimaryKey, Timestamps, Base):
    """Catalogue of accessibility features: category, user-impact score, target disabilities (JSON),
    active flag.
    """

    __tablename__ = "accessibility_features"
    __table_args__ = (
        non_negative("user_impact_score", name="user_impact_score_non_negative"),
        {
            "comment": "Catalogue of accessibility features: category, user-impact score, target "
            "disabilities (JSON), active flag."
        },
    )

    feature_name: Mapped[str] = mapped_column(String(255))
    feature_category: Mapped[str] = mapped_column(String(100))
    user_impact_score: Mapped[int] = mapped_column(Integer)
    target_disabilities: Mapped[dict[str, Any]] = mapped_column(JSONB)
    is_active: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))


class AccessibilityAudit(UUIDPrimaryKey, Timestamps, Base):
    """Accessibility audit records: type, scope, audited components, methodology, auditor, findings,
    recommendations, compliance score and level, follow-up.
    """

    __tablename__ = "accessibility_audits"
    __table_args__ = (
        non_negative("overall_compliance_score", name="compliance_score_non_negative"),
        CheckConstraint("follow_up_date IS NULL OR follow_up_date >= audit_date", name="follow_up_after_audit"),
        {
            "comment": "Accessibility audit records: type, scope, audited components, methodology, "
            "auditor, findings, recommendations, compliance score and level, follow-up."
        },
    )

    audit_type: Mapped[str] = mapped_column(String(100))
    scope: Mapped[str] = mapped_column(String(100))
    audited_components: Mapped[dict[str, Any]] = mapped_column(JSONB)
    audit_methodology: Mapped[str] = mapped_column(String(255))
    auditor_info: Mapped[dict[str, Any]] = mapped_column(JSONB, info=PII)
    findings: Mapped[dict[str, Any]] = mapped_column(JSONB)
    recommendations: Mapped[dict[str, Any]] = mapped_column(JSONB)
    overall_compliance_score: Mapped[int] = mapped_column(Integer)
    compliance_level: Mapped[str] = mapped_column(String(50))
    audit_date: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    follow_up_required: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    follow_up_date: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(50))


class AccessibilityFeedback(UUIDPrimaryKey, Timestamps, Base):
    """User-reported accessibility problems on a page/component: category, severity, expected vs
    current behaviour, reproduction steps, browser, assistive technology, status, priority,
    assignee, resolution.
    """

    __tablename__ = "accessibility_feedback"
    __table_args__ = (
        Index("ix_accessibility_feedback_user_id", "user_id"),
        Index("ix_accessibility_feedback_assigned_to", "assigned_to"),
        {
            "comment": "User-reported accessibility problems on a page/component: category, severity, "
            "expected vs current behaviour, reproduction steps, browser, assistive "
            "technology, status, priority, assignee, resolution."
        },
    )

    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"))
    feedback_type: Mapped[str] = mapped_column(String(100))
    page_url: Mapped[str] = mapped_column(String(500))
    component: Mapped[str] = mapped_column(String(255))
    issue_category: Mapped[str] = mapped_column(String(100))
    severity: Mapped[str] = mapped_column(String(50))
    description: Mapped[str] = mapped_column(Text)
    expected_behavior: Mapped[str] = mapped_column(Text)
    current_behavior: Mapped[str] = mapped_column(Text)
    steps_to_reproduce: Mapped[dict[str, Any]] = mapped_column(JSONB)
    browser_info: Mapped[dict[str, Any]] = mapped_column(JSONB)
    assistive_technology_used: Mapped[str | None] = mapped_column(String(255), info=PII)
    screenshots: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    status: Mapped[str] = mapped_column(String(50))
    priority: Mapped[str] = mapped_column(String(50))
    assigned_to: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="SET NULL")
    )
    resolution_notes: Mapped[str | None] = mapped_column(Text)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class InclusiveDesignMetric(UUIDPrimaryKey, Timestamps, Base):
    """Periodic inclusive-design measurement: user diversity, accessibility usage, content
    accessibility and technical compliance (JSON), overall score, benchmarks, recommendations.
    """

    __tablename__ = "inclusive_design_metrics"
    __table_args__ = (
        non_negative("inclusive_design_score", name="score_non_negative"),
        {
            "comment": "Periodic inclusive-design measurement: user diversity, accessibility usage, "
            "content accessibility and technical compliance (JSON), overall score, "
            "benchmarks, recommendations."
        },
    )

    measurement_date: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    reporting_period: Mapped[str] = mapped_column(String(50))
    user_diversity_metrics: Mapped[dict[str, Any]] = mapped_column(JSONB)
    accessibility_usage_metrics: Mapped[dict[str, Any]] = mapped_column(JSONB)
    content_accessibility_metrics: Mapped[dict[str, Any]] = mapped_column(JSONB)
    technical_compliance_metrics: Mapped[dict[str, Any]] = mapped_column(JSONB)
    inclusive_design_score: Mapped[int] = mapped_column(Integer)
    benchmark_comparison: Mapped[dict[str, Any]] = mapped_column(JSONB)
    improvement_recommendations: Mapped[dict[str, Any]] = mapped_column(JSONB)


class UserAccessibilityPreference(UUIDPrimaryKey, Timestamps, Base):
    """Per-user visual, auditory, motor and cognitive preferences, assistive technology and last-used
    features (all JSON). One row per user; the preferences reveal disabilities (sensitive personal data).
    """

    __tablename__ = "user_accessibility_preferences"
    __table_args__ = (
        UniqueConstraint("user_id"),
        {
            "comment": "Per-user visual, auditory, motor and cognitive preferences, assistive "
            "technology and last-used features (all JSON)."
        },
    )

    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"))
    visual_preferences: Mapped[dict[str, Any]] = mapped_column(JSONB, info=PII)
    auditory_preferences: Mapped[dict[str, Any]] = mapped_column(JSONB, info=PII)
    motor_preferences: Mapped[dict[str, Any]] = mapped_column(JSONB, info=PII)
    cognitive_preferences: Mapped[dict[str, Any]] = mapped_column(JSONB, info=PII)
    assistive_technology: Mapped[dict[str, Any]] = mapped_column(JSONB, info=PII)
    last_used_features: Mapped[dict[str, Any]] = mapped_column(JSONB)

    user: Mapped["User"] = relationship()


class AlternativeFormat(UUIDPrimaryKey, Timestamps, Base):
    """Alternative formats of a content item (audio, braille, easy-read, sign language, ...): details,
    target disabilities, quality score, duration, feedback.
    """

    __tablename__ = "alternative_formats"
    __table_args__ = (
        non_negative("quality_score", "duration_minutes"),
        {
            "comment": "Alternative formats of a content item (audio, braille, easy-read, sign "
            "language, ...): details, target disabilities, quality score, duration, "
            "feedback."
        },
    )

    content_type: Mapped[str] = mapped_column(String(100))
    content_id: Mapped[str] = mapped_column(String(255))
    format_type: Mapped[str] = mapped_column(String(100))
    format_details: Mapped[dict[str, Any]] = mapped_column(JSONB)
    target_disabilities: Mapped[dict[str, Any]] = mapped_column(JSONB)
    quality_score: Mapped[int] = mapped_column(Integer)
    duration_minutes: Mapped[int | None] = mapped_column(Integer)
    user_feedback: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    is_active: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))


class OfflineContentCache(UUIDPrimaryKey, Timestamps, Base):
    """Content cached per user/device for offline use, with expiry, access count and priority."""

    __tablename__ = "offline_content_cache"
    __table_args__ = (
        non_negative("access_count"),
        CheckConstraint("expiry_timestamp > cache_timestamp", name="expiry_after_caching"),
        Index("ix_offline_content_cache_user_id", "user_id"),
        Index("ix_offline_content_cache_expiry_timestamp", "expiry_timestamp"),
        {"comment": "Content cached per user/device for offline use, with expiry, access count and priority."},
    )

    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"))
    content_type: Mapped[str] = mapped_column(String(100))
    content_id: Mapped[str] = mapped_column(String(255))
    content_data: Mapped[dict[str, Any]] = mapped_column(JSONB)
    metadata_: Mapped[dict[str, Any]] = mapped_column("metadata", JSONB)
    cache_timestamp: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    expiry_timestamp: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    access_count: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    priority_level: Mapped[str] = mapped_column(String(50))
    device_info: Mapped[dict[str, Any]] = mapped_column(JSONB, info=PII)


class OfflineSyncQueue(UUIDPrimaryKey, Timestamps, Base):
    """Operations made offline by a user/device waiting to be synchronised: operation and entity,
    payload, attempts, status, errors, priority.
    """

    __tablename__ = "offline_sync_queue"
    __table_args__ = (
        # Idempotent enqueue: a device re-sending its queue hits this key instead of duplicating work.
        UniqueConstraint("user_id", "client_operation_id"),
        client_key_check("client_operation_id"),
        non_negative("sync_attempts"),
        Index(
            "ix_offline_sync_queue_sync_status_original_timestamp",
            "sync_status",
            "original_timestamp",
            postgresql_where=text("sync_status = 'pending'"),
        ),
        {
            "comment": "Operations made offline by a user/device waiting to be synchronised: operation "
            "and entity, payload, attempts, status, errors, priority."
        },
    )

    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"))
    client_operation_id: Mapped[str | None] = mapped_column(
        String(64),
        comment="Addition: key the device gives each queued operation, unique per user (idempotent re-sync)",
    )
    operation_type: Mapped[str] = mapped_column(String(100))
    entity_type: Mapped[str] = mapped_column(String(100))
    entity_id: Mapped[str] = mapped_column(String(255))
    operation_data: Mapped[dict[str, Any]] = mapped_column(JSONB)
    original_timestamp: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    sync_attempts: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    last_sync_attempt: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    sync_status: Mapped[str] = mapped_column(String(50), server_default=text("'pending'"))
    error_details: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    priority: Mapped[str] = mapped_column(String(50))
    device_info: Mapped[dict[str, Any]] = mapped_column(JSONB, info=PII)
