"""Core legislative actors and content: user accounts and their one-to-one profiles, sponsors (MPs, senators,
MCAs), committees and their members, parliamentary sessions and sittings, and bills, the central entity
every other domain refers to.
"""

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR, UUID
from sqlalchemy.orm import Mapped, mapped_column, relationship

from chanuka_db.schema.base import (
    PII,
    SECRET,
    Base,
    Timestamps,
    UUIDPrimaryKey,
    e164_check,
    email_check,
    email_type,
    phone_type,
)
from chanuka_db.schema.enums import (
    ANONYMITY_LEVEL,
    BILL_STATUS,
    CHAMBER,
    KENYAN_COUNTY,
    PARTY,
    USER_ROLE,
    AnonymityLevel,
    BillStatus,
    Chamber,
    KenyanCounty,
    Party,
    UserRole,
)

DOMAIN = "foundation"

#: Column ``info`` for secrets (password hashes, one-time tokens and codes): personal data that must
#: also never be logged, exported or shown, not even to administrators.


class User(UUIDPrimaryKey, Timestamps, Base):
    """Login account of every person on the platform: email + password hash, role, optional home
    county/constituency, e-mail verification and password-reset tokens with expiry, last login,
    active flag.
    """

    __tablename__ = "users"
    __table_args__ = (
        UniqueConstraint("email"),
        email_check("email"),
        CheckConstraint("char_length(email) <= 320", name="email_length"),
        Index("ix_users_role_is_active", "role", "is_active"),
        Index(
            "ix_users_county_is_active",
            "county",
            "is_active",
            postgresql_where=text("county IS NOT NULL AND is_active = true"),
        ),
        Index(
            "ix_users_verification_token",
            "verification_token",
            postgresql_where=text("verification_token IS NOT NULL"),
        ),
        Index(
            "ix_users_password_reset_token",
            "password_reset_token",
            postgresql_where=text("password_reset_token IS NOT NULL"),
        ),
        Index("ix_users_last_login_at", "last_login_at", postgresql_where=text("is_active = true")),
        {
            "comment": "Login account of every person on the platform: email + password hash, role, "
            "optional home county/constituency, e-mail verification and password-reset "
            "tokens with expiry, last login, active flag."
        },
    )

    email: Mapped[str] = mapped_column(
        email_type(), info=PII, comment="citext: unique regardless of case; at most 320 characters"
    )
    password_hash: Mapped[str] = mapped_column(String(255), info=SECRET)
    role: Mapped[UserRole] = mapped_column(USER_ROLE, server_default=text("'citizen'"))
    county: Mapped[KenyanCounty | None] = mapped_column(KENYAN_COUNTY)
    constituency: Mapped[str | None] = mapped_column(String(100))
    is_verified: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    verification_token: Mapped[str | None] = mapped_column(String(64), info=SECRET)
    verification_expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    password_reset_token: Mapped[str | None] = mapped_column(String(64), info=SECRET)
    password_reset_expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    is_active: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))

    profile: Mapped["UserProfile | None"] = relationship(
        back_populates="user", uselist=False, passive_deletes=True
    )


class UserProfile(UUIDPrimaryKey, Timestamps, Base):
    """One-to-one personal profile of a user: names, bio, county/constituency/ward, SHA-256 hash of
    national ID, phone and its verification code, consent flags (GDPR / Kenya Data Protection Act
    2019), language/timezone, accessibility needs, emergency contact, preferences and privacy
    settings.
    """

    __tablename__ = "user_profiles"
    __table_args__ = (
        UniqueConstraint("user_id"),
        e164_check("phone_number"),
        e164_check("emergency_contact_phone"),
        CheckConstraint(
            "national_id_hash IS NULL OR national_id_hash ~ '^[0-9a-f]{64}$'", name="national_id_hash_sha256"
        ),
        CheckConstraint("NOT phone_verified OR phone_number IS NOT NULL", name="phone_verified_has_number"),
        Index(
            "ix_user_profiles_county_is_id_verified",
            "county",
            "is_id_verified",
            postgresql_where=text("is_id_verified = true AND county IS NOT NULL"),
        ),
        Index(
            "ix_user_profiles_display_name", "display_name", postgresql_where=text("display_name IS NOT NULL")
        ),
        Index(
            "ix_user_profiles_phone_number", "phone_number", postgresql_where=text("phone_number IS NOT NULL")
        ),
        Index(
            "ix_user_profiles_phone_verified_phone_number",
            "phone_verified",
            "phone_number",
            postgresql_where=text("phone_verified = true AND phone_number IS NOT NULL"),
        ),
        Index("ix_user_profiles_preferred_language", "preferred_language"),
        Index("ix_user_profiles_timezone", "timezone"),
        Index("ix_user_profiles_preferences", "preferences", postgresql_using="gin"),
        Index("ix_user_profiles_accessibility_needs", "accessibility_needs", postgresql_using="gin"),
        Index("ix_user_profiles_anonymity_level", "anonymity_level"),
        Index(
            "ix_user_profiles_anonymous_id",
            "anonymous_id",
            unique=True,
            postgresql_where=text("anonymous_id IS NOT NULL"),
        ),
        Index("ix_user_profiles_pseudonym", "pseudonym", postgresql_where=text("pseudonym IS NOT NULL")),
        {
            "comment": "One-to-one personal profile of a user: names, bio, county/constituency/ward, "
            "SHA-256 hash of national ID, phone and its verification code, consent flags "
            "(GDPR / Kenya Data Protection Act 2019), language/timezone, accessibility "
            "needs, emergency contact, preferences and privacy settings."
        },
    )

    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"))
    first_name: Mapped[str | None] = mapped_column(String(100), info=PII)
    last_name: Mapped[str | None] = mapped_column(String(100), info=PII)
    display_name: Mapped[str | None] = mapped_column(String(150), info=PII)
    bio: Mapped[str | None] = mapped_column(Text)
    county: Mapped[KenyanCounty | None] = mapped_column(KENYAN_COUNTY)
    constituency: Mapped[str | None] = mapped_column(String(100))
    ward: Mapped[str | None] = mapped_column(String(100))
    national_id_hash: Mapped[str | None] = mapped_column(
        String(64), info=PII, comment="SHA-256 of the national ID number, 64 lower-case hex digits"
    )
    is_id_verified: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    phone_number: Mapped[str | None] = mapped_column(phone_type(), info=PII, comment="E.164, e.g. +254712345678")
    phone_verified: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    phone_verification_code: Mapped[str | None] = mapped_column(String(10), info=SECRET)
    phone_verification_expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    email_notifications_consent: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    sms_notifications_consent: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    marketing_consent: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    data_processing_consent: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    consent_date: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    preferred_language: Mapped[str] = mapped_column(String(10), server_default=text("'en'"))
    timezone: Mapped[str] = mapped_column(String(50), server_default=text("'Africa/Nairobi'"))
    accessibility_needs: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    emergency_contact_name: Mapped[str | None] = mapped_column(String(200), info=PII)
    emergency_contact_phone: Mapped[str | None] = mapped_column(phone_type(), info=PII)
    emergency_contact_relationship: Mapped[str | None] = mapped_column(String(50))
    avatar_url: Mapped[str | None] = mapped_column(String(500))
    website: Mapped[str | None] = mapped_column(String(255))
    preferences: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    privacy_settings: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    anonymity_level: Mapped[AnonymityLevel] = mapped_column(ANONYMITY_LEVEL, server_default=text("'public'"))
    anonymous_id: Mapped[str | None] = mapped_column(String(20))
    pseudonym: Mapped[str | None] = mapped_column(String(100))

    user: Mapped[User] = relationship(back_populates="profile")


class Sponsor(UUIDPrimaryKey, Timestamps, Base):
    """Legislators (MPs, senators, MCAs) who sponsor bills: party, county/constituency/ward, chamber,
    official MP number, contact data, financial disclosures, voting record, attendance rate, term
    dates.
    """

    __tablename__ = "sponsors"
    __table_args__ = (
        UniqueConstraint("mp_number"),
        CheckConstraint(
            "attendance_rate IS NULL OR (attendance_rate >= 0 AND attendance_rate <= 100)",
            name="attendance_rate",
        ),
        CheckConstraint("term_end IS NULL OR term_start IS NULL OR term_end >= term_start", name="term_date"),
        email_check("email"),
        e164_check("phone"),
        Index(
            "ix_sponsors_chamber_county_is_active",
            "chamber",
            "county",
            "is_active",
            postgresql_where=text("is_active = true"),
        ),
        Index("ix_sponsors_party_county", "party", "county", postgresql_where=text("is_active = true")),
        Index("ix_sponsors_name", "name"),
        # Search (revision 0101): GIN on the vector its trigger keeps, trigram GIN for fuzzy names.
        Index("ix_sponsors_search_vector", "search_vector", postgresql_using="gin"),
        Index("ix_sponsors_name_trgm", "name", postgresql_using="gin", postgresql_ops={"name": "gin_trgm_ops"}),
        {
            "comment": "Legislators (MPs, senators, MCAs) who sponsor bills: party, "
            "county/constituency/ward, chamber, official MP number, contact data, financial "
            "disclosures, voting record, attendance rate, term dates."
        },
    )

    name: Mapped[str] = mapped_column(String(255))
    party: Mapped[Party | None] = mapped_column(PARTY)
    county: Mapped[KenyanCounty | None] = mapped_column(KENYAN_COUNTY)
    constituency: Mapped[str | None] = mapped_column(String(100))
    ward: Mapped[str | None] = mapped_column(String(100))
    chamber: Mapped[Chamber] = mapped_column(CHAMBER)
    mp_number: Mapped[str | None] = mapped_column(
        String(50), comment="Official member number; unique when present, any number of sponsors may lack one"
    )
    position: Mapped[str | None] = mapped_column(String(100))
    role: Mapped[str | None] = mapped_column(String(100))
    bio: Mapped[str | None] = mapped_column(Text)
    photo_url: Mapped[str | None] = mapped_column(String(500))
    website: Mapped[str | None] = mapped_column(String(255))
    email: Mapped[str | None] = mapped_column(email_type(), info=PII)
    phone: Mapped[str | None] = mapped_column(phone_type(), info=PII)
    office_location: Mapped[str | None] = mapped_column(Text)
    social_media: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    financial_disclosures: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    last_disclosure_date: Mapped[dt.date | None] = mapped_column(Date)
    voting_record: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    attendance_rate: Mapped[Decimal | None] = mapped_column(Numeric(5, 2), comment="Percentage, 0 to 100")
    term_start: Mapped[dt.date | None] = mapped_column(Date)
    term_end: Mapped[dt.date | None] = mapped_column(Date)
    is_active: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    search_vector: Mapped[str | None] = mapped_column(
        TSVECTOR,
        deferred=True,
        comment="Search: name (A), constituency, county, party, position (B), bio (C); "
        "kept by trigger trg_sponsors_search_vector (revision 0101)",
    )

    bills: Mapped[list["Bill"]] = relationship(back_populates="sponsor", passive_deletes=True)


class Committee(UUIDPrimaryKey, Timestamps, Base):
    """Parliamentary committees of a chamber with optional chair and vice-chair (both sponsors),
    mandate and member count.
    """

    __tablename__ = "committees"
    __table_args__ = (
        CheckConstraint(
            "chair_id IS NULL OR vice_chair_id IS NULL OR chair_id != vice_chair_id", name="leadership"
        ),
        CheckConstraint("members_count >= 0", name="members_count"),
        email_check("contact_email"),
        Index(
            "ix_committees_chamber_is_active",
            "chamber",
            "is_active",
            postgresql_where=text("is_active = true"),
        ),
        Index("ix_committees_name", "name"),
        Index("ix_committees_chair_id", "chair_id", postgresql_where=text("chair_id IS NOT NULL")),
        Index(
            "ix_committees_vice_chair_id", "vice_chair_id", postgresql_where=text("vice_chair_id IS NOT NULL")
        ),
        {
            "comment": "Parliamentary committees of a chamber with optional chair and vice-chair (both "
            "sponsors), mandate and member count."
        },
    )

    name: Mapped[str] = mapped_column(String(255))
    chamber: Mapped[Chamber] = mapped_column(CHAMBER)
    description: Mapped[str | None] = mapped_column(Text)
    chair_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("sponsors.id", ondelete="SET NULL")
    )
    vice_chair_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("sponsors.id", ondelete="SET NULL")
    )
    members_count: Mapped[int] = mapped_column(SmallInteger, server_default=text("0"))
    mandate: Mapped[str | None] = mapped_column(Text)
    contact_email: Mapped[str | None] = mapped_column(email_type(), info=PII)
    is_active: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))

    members: Mapped[list["CommitteeMember"]] = relationship(back_populates="committee", passive_deletes=True)


class CommitteeMember(UUIDPrimaryKey, Timestamps, Base):
    """Membership of a sponsor in a committee with role and date range (junction committees <-> sponsors)."""

    __tablename__ = "committee_members"
    __table_args__ = (
        UniqueConstraint("committee_id", "sponsor_id"),
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="date_range"),
        Index(
            "ix_committee_members_committee_id_is_active",
            "committee_id",
            "is_active",
            postgresql_where=text("is_active = true"),
        ),
        Index(
            "ix_committee_members_sponsor_id_is_active",
            "sponsor_id",
            "is_active",
            postgresql_where=text("is_active = true"),
        ),
        Index("ix_committee_members_sponsor_id", "sponsor_id"),
        {
            "comment": "Membership of a sponsor in a committee with role and date range (junction "
            "committees <-> sponsors)."
        },
    )

    committee_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("committees.id", ondelete="CASCADE")
    )
    sponsor_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("sponsors.id", ondelete="CASCADE")
    )
    role: Mapped[str] = mapped_column(String(100), server_default=text("'member'"))
    start_date: Mapped[dt.date] = mapped_column(Date, server_default=text("CURRENT_DATE"))
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    is_active: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))

    committee: Mapped[Committee] = relationship(back_populates="members")
    sponsor: Mapped[Sponsor] = relationship()


class Bill(UUIDPrimaryKey, Timestamps, Base):
    """The central entity: a bill with number, title, summary/full text, lifecycle status, chamber,
    sponsor, committee, affected counties, public-participation details (Constitution Art. 118),
    denormalised engagement counters and score, tags, links, metadata, and AI-pipeline statuses.
    """

    __tablename__ = "bills"
    __table_args__ = (
        UniqueConstraint("bill_number"),
        CheckConstraint(
            "view_count >= 0 AND comment_count >= 0 AND share_count >= 0"
            " AND vote_count_for >= 0 AND vote_count_against >= 0",
            name="engagement_counts",
        ),
        CheckConstraint(
            "last_action_date IS NULL OR introduced_date IS NULL OR last_action_date >= introduced_date",
            name="date_logic",
        ),
        CheckConstraint("engagement_score >= 0", name="engagement_score"),
        Index("ix_bills_status_chamber_engagement_score", "status", "chamber", "engagement_score"),
        Index("ix_bills_affected_counties", "affected_counties", postgresql_using="gin"),
        Index("ix_bills_tags", "tags", postgresql_using="gin"),
        Index("ix_bills_impact_areas", "impact_areas", postgresql_using="gin"),
        Index(
            "ix_bills_sponsor_id_status",
            "sponsor_id",
            "status",
            postgresql_where=text("sponsor_id IS NOT NULL"),
        ),
        Index(
            "ix_bills_introduced_date",
            "introduced_date",
            postgresql_where=text("introduced_date IS NOT NULL"),
        ),
        Index(
            "ix_bills_last_action_date",
            "last_action_date",
            postgresql_where=text("last_action_date IS NOT NULL"),
        ),
        Index("ix_bills_title", "title"),
        Index("ix_bills_metadata", "metadata", postgresql_using="gin"),
        # Search (revision 0101): GIN on the vectors its trigger keeps, trigram GIN for fuzzy titles.
        Index("ix_bills_search_head", "search_head", postgresql_using="gin"),
        Index("ix_bills_search_vector", "search_vector", postgresql_using="gin"),
        Index("ix_bills_title_trgm", "title", postgresql_using="gin", postgresql_ops={"title": "gin_trgm_ops"}),
        {
            "comment": "The central entity: a bill with number, title, summary/full text, lifecycle "
            "status, chamber, sponsor, committee, affected counties, public-participation "
            "details (Constitution Art. 118), denormalised engagement counters and score, "
            "tags, links, metadata, and AI-pipeline statuses."
        },
    )

    bill_number: Mapped[str] = mapped_column(String(50))
    title: Mapped[str] = mapped_column(String(500))
    summary: Mapped[str | None] = mapped_column(Text)
    full_text: Mapped[str | None] = mapped_column(Text)
    bill_type: Mapped[str | None] = mapped_column(String(50))
    status: Mapped[BillStatus] = mapped_column(BILL_STATUS, server_default=text("'drafted'"))
    introduced_date: Mapped[dt.date | None] = mapped_column(Date)
    last_action_date: Mapped[dt.date | None] = mapped_column(Date)
    chamber: Mapped[Chamber] = mapped_column(CHAMBER)
    parliament_session: Mapped[str | None] = mapped_column(String(50))
    sponsor_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("sponsors.id", ondelete="SET NULL")
    )
    committee: Mapped[str | None] = mapped_column(String(255))
    committee_report_url: Mapped[str | None] = mapped_column(String(500))
    affected_counties: Mapped[list[KenyanCounty] | None] = mapped_column(ARRAY(KENYAN_COUNTY))
    impact_areas: Mapped[list[str] | None] = mapped_column(ARRAY(String(100)))
    public_participation_date: Mapped[dt.date | None] = mapped_column(Date)
    public_participation_venue: Mapped[str | None] = mapped_column(String(255))
    public_participation_status: Mapped[str | None] = mapped_column(String(50))
    view_count: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    comment_count: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    share_count: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    vote_count_for: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    vote_count_against: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    engagement_score: Mapped[Decimal] = mapped_column(Numeric(10, 2), server_default=text("0"))
    category: Mapped[str | None] = mapped_column(String(100))
    tags: Mapped[list[str] | None] = mapped_column(ARRAY(String(100)))
    external_urls: Mapped[list[Any]] = mapped_column(JSONB, server_default=text("'[]'::jsonb"))
    metadata_: Mapped[dict[str, Any]] = mapped_column("metadata", JSONB, server_default=text("'{}'::jsonb"))
    constitutional_analysis_status: Mapped[str] = mapped_column(String(50), server_default=text("'pending'"))
    argument_synthesis_status: Mapped[str] = mapped_column(String(50), server_default=text("'pending'"))
    search_head: Mapped[str | None] = mapped_column(
        TSVECTOR,
        deferred=True,
        comment="Search: title and number (A), summary (B), tags and category (D), recency and filter lexemes; "
        "kept by trigger trg_bills_search_vectors (revision 0101)",
    )
    search_vector: Mapped[str | None] = mapped_column(
        TSVECTOR,
        deferred=True,
        comment="Search: search_head plus the full text (C); kept by trigger trg_bills_search_vectors (revision 0101)",
    )

    sponsor: Mapped[Sponsor | None] = relationship(back_populates="bills")


class ParliamentarySession(UUIDPrimaryKey, Timestamps, Base):
    """Numbered session of a numbered Parliament for one chamber, with start/end dates."""

    __tablename__ = "parliamentary_sessions"
    __table_args__ = (
        UniqueConstraint(
            "parliament_number", "session_number", "chamber", name="uq_parliamentary_sessions_number_chamber"
        ),
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="date_range"),
        CheckConstraint("session_number > 0 AND parliament_number > 0", name="session_number"),
        Index(
            "ix_parliamentary_sessions_chamber_is_active",
            "chamber",
            "is_active",
            postgresql_where=text("is_active = true"),
        ),
        Index("ix_parliamentary_sessions_start_date_end_date", "start_date", "end_date"),
        {"comment": "Numbered session of a numbered Parliament for one chamber, with start/end dates."},
    )

    session_number: Mapped[int] = mapped_column(SmallInteger)
    parliament_number: Mapped[int] = mapped_column(SmallInteger)
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    chamber: Mapped[Chamber] = mapped_column(CHAMBER)
    is_active: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    description: Mapped[str | None] = mapped_column(Text)


class ParliamentarySitting(UUIDPrimaryKey, Timestamps, Base):
    """A single sitting day within a session: agenda, attendance, bills discussed, minutes and Hansard
    URLs.
    """

    __tablename__ = "parliamentary_sittings"
    __table_args__ = (
        UniqueConstraint("session_id", "sitting_date"),
        CheckConstraint("attendance_count >= 0", name="attendance_count"),
        CheckConstraint("sitting_number IS NULL OR sitting_number > 0", name="sitting_number"),
        Index("ix_parliamentary_sittings_sitting_date", "sitting_date"),
        Index("ix_parliamentary_sittings_agenda", "agenda", postgresql_using="gin"),
        Index("ix_parliamentary_sittings_bills_discussed", "bills_discussed", postgresql_using="gin"),
        {
            "comment": "A single sitting day within a session: agenda, attendance, bills discussed, "
            "minutes and Hansard URLs."
        },
    )

    session_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("parliamentary_sessions.id", ondelete="CASCADE")
    )
    sitting_date: Mapped[dt.date] = mapped_column(Date)
    sitting_number: Mapped[int | None] = mapped_column(SmallInteger)
    agenda: Mapped[list[Any]] = mapped_column(JSONB, server_default=text("'[]'::jsonb"))
    attendance_count: Mapped[int] = mapped_column(SmallInteger, server_default=text("0"))
    bills_discussed: Mapped[list[Any]] = mapped_column(JSONB, server_default=text("'[]'::jsonb"))
    minutes_url: Mapped[str | None] = mapped_column(String(500))
    hansard_url: Mapped[str | None] = mapped_column(String(500))
