"""Public interaction layer: login sessions, threaded comments and votes on them, citizens' votes on and
engagement with bills, bill tracking, notifications, alert preferences, contact methods and interests.
Every table belongs to a user, and deleting a user deletes their participation.
"""

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
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
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR, UUID
from sqlalchemy.orm import Mapped, mapped_column, relationship

from chanuka_db.schema.base import E164_PATTERN, EMAIL_PATTERN, PII, SECRET, Base, Timestamps, UUIDPrimaryKey
from chanuka_db.schema.enums import (
    BILL_VOTE_TYPE,
    COMMENT_POSITION,
    COMMENT_VOTE_TYPE,
    ENGAGEMENT_TYPE,
    KENYAN_COUNTY,
    MODERATION_STATUS,
    NOTIFICATION_TYPE,
    BillVoteType,
    CommentPosition,
    CommentVoteType,
    EngagementType,
    KenyanCounty,
    ModerationStatus,
    NotificationType,
)
from chanuka_db.schema.foundation import Bill, User

DOMAIN = "citizen_participation"


class UserSession(Timestamps, Base):
    """Server-side login sessions keyed by an opaque string id, expiring, with a JSON payload."""

    __tablename__ = "sessions"
    __table_args__ = (
        Index("ix_sessions_user_id_expires_at", "user_id", "expires_at"),
        Index("ix_sessions_expires_at", "expires_at"),
        {
            "comment": "Server-side login sessions keyed by an opaque string id, expiring, with a JSON "
            "payload."
        },
    )

    id: Mapped[str] = mapped_column(
        String(255), primary_key=True, info=SECRET, comment="Opaque session token chosen by the caller (no default)"
    )
    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    data: Mapped[dict[str, Any]] = mapped_column(
        JSONB, server_default=text("'{}'::jsonb"), info=PII, comment="Session payload; may hold personal data"
    )


class Comment(UUIDPrimaryKey, Timestamps, Base):
    """Citizen comments on bills, threaded via parent_comment_id, with position, sentiment, moderation
    workflow, denormalised vote/reply counts, commenter geography and argument-extraction flags.
    """

    __tablename__ = "comments"
    __table_args__ = (
        Index("ix_comments_bill_id_created_at", "bill_id", "created_at"),
        Index("ix_comments_user_id_created_at", "user_id", "created_at"),
        Index("ix_comments_parent_comment_id_thread_depth", "parent_comment_id", "thread_depth"),
        Index("ix_comments_moderation_status_created_at", "moderation_status", "created_at"),
        Index("ix_comments_user_county_bill_id", "user_county", "bill_id"),
        Index(
            "ix_comments_argument_extracted",
            "argument_extracted",
            postgresql_where=text("argument_extracted = false"),
        ),
        Index("ix_comments_moderated_by", "moderated_by"),
        # Search (revision 0101): "comments on this bill about X" from one GIN index (btree_gin).
        Index("ix_comments_bill_id_search_vector", "bill_id", "search_vector", postgresql_using="gin"),
        CheckConstraint("thread_depth >= 0", name="thread_depth"),
        CheckConstraint("parent_comment_id IS NULL OR parent_comment_id <> id", name="not_own_parent"),
        CheckConstraint(
            "sentiment_score IS NULL OR (sentiment_score >= -1 AND sentiment_score <= 1)", name="sentiment_score"
        ),
        CheckConstraint("upvote_count >= 0 AND downvote_count >= 0 AND reply_count >= 0", name="counts"),
        {
            "comment": "Citizen comments on bills, threaded via parent_comment_id, with position, "
            "sentiment, moderation workflow, denormalised vote/reply counts, commenter "
            "geography and argument-extraction flags."
        },
    )

    bill_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("bills.id", ondelete="CASCADE"))
    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"))
    comment_text: Mapped[str] = mapped_column(Text)
    comment_summary: Mapped[str | None] = mapped_column(String(500))
    parent_comment_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("comments.id", ondelete="CASCADE")
    )
    thread_depth: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    position: Mapped[CommentPosition | None] = mapped_column(
        COMMENT_POSITION, comment="One of: support, oppose, neutral, question"
    )
    sentiment_score: Mapped[Decimal | None] = mapped_column(Numeric(3, 2), comment="Range: -1.00 to 1.00")
    is_constructive: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    moderation_status: Mapped[ModerationStatus] = mapped_column(
        MODERATION_STATUS, server_default=text("'pending'")
    )
    moderation_notes: Mapped[str | None] = mapped_column(Text)
    moderated_by: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="SET NULL")
    )
    moderated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    upvote_count: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    downvote_count: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    reply_count: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    user_county: Mapped[KenyanCounty | None] = mapped_column(KENYAN_COUNTY)
    user_constituency: Mapped[str | None] = mapped_column(String(100))
    argument_extracted: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    included_in_brief: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    search_vector: Mapped[str | None] = mapped_column(
        TSVECTOR,
        deferred=True,
        comment="Search: the comment text; kept by trigger trg_comments_search_vector (revision 0101)",
    )

    bill: Mapped[Bill] = relationship()
    author: Mapped[User] = relationship(foreign_keys=[user_id])
    parent: Mapped["Comment | None"] = relationship(back_populates="replies", remote_side="Comment.id")
    replies: Mapped[list["Comment"]] = relationship(
        back_populates="parent", passive_deletes=True, order_by="Comment.created_at"
    )


class CommentVote(UUIDPrimaryKey, Timestamps, Base):
    """Up/down vote of a user on a comment (at most one per user per comment), optional reason and weight."""

    __tablename__ = "comment_votes"
    __table_args__ = (
        UniqueConstraint("comment_id", "user_id"),
        Index("ix_comment_votes_comment_id_vote_type", "comment_id", "vote_type"),
        Index("ix_comment_votes_user_id_created_at", "user_id", "created_at"),
        CheckConstraint("vote_weight >= 0", name="vote_weight"),
        {
            "comment": "Up/down vote of a user on a comment (at most one per user per comment), "
            "optional reason and weight."
        },
    )

    comment_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("comments.id", ondelete="CASCADE")
    )
    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"))
    vote_type: Mapped[CommentVoteType] = mapped_column(COMMENT_VOTE_TYPE)
    voting_reason: Mapped[str | None] = mapped_column(Text)
    vote_weight: Mapped[int] = mapped_column(Integer, server_default=text("1"))


class BillVote(UUIDPrimaryKey, Timestamps, Base):
    """A citizen's for/against/abstain vote on a bill (one per user per bill), public or private, with
    geography.
    """

    __tablename__ = "bill_votes"
    __table_args__ = (
        UniqueConstraint("bill_id", "user_id"),
        Index("ix_bill_votes_bill_id_vote_type", "bill_id", "vote_type"),
        Index("ix_bill_votes_user_county_bill_id", "user_county", "bill_id"),
        Index("ix_bill_votes_user_id_created_at", "user_id", "created_at"),
        {
            "comment": "A citizen's for/against/abstain vote on a bill (one per user per bill), public "
            "or private, with geography."
        },
    )

    bill_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("bills.id", ondelete="CASCADE"))
    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"))
    vote_type: Mapped[BillVoteType] = mapped_column(BILL_VOTE_TYPE)
    voting_reason: Mapped[str | None] = mapped_column(Text)
    public_vote: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    user_county: Mapped[KenyanCounty | None] = mapped_column(KENYAN_COUNTY)
    user_constituency: Mapped[str | None] = mapped_column(String(100))


class BillEngagement(UUIDPrimaryKey, Timestamps, Base):
    """Per user, per bill, per engagement type (view/comment/vote/share/track/report) record with JSON
    detail, geography, device and counters; unique per (bill, user, type).
    """

    __tablename__ = "bill_engagement"
    __table_args__ = (
        UniqueConstraint("bill_id", "user_id", "engagement_type"),
        Index(
            "ix_bill_engagement_bill_id_engagement_type_created_at",
            "bill_id",
            "engagement_type",
            "created_at",
        ),
        Index(
            "ix_bill_engagement_user_id_engagement_type_created_at",
            "user_id",
            "engagement_type",
            "created_at",
        ),
        Index("ix_bill_engagement_created_at", "created_at"),
        CheckConstraint(
            "view_count >= 0 AND comment_count >= 0 AND share_count >= 0 AND engagement_score >= 0",
            name="counts",
        ),
        CheckConstraint(
            "session_duration_seconds IS NULL OR session_duration_seconds >= 0", name="session_duration"
        ),
        {
            "comment": "Per user, per bill, per engagement type (view/comment/vote/share/track/report) "
            "record with JSON detail, geography, device and counters; unique per (bill, "
            "user, type)."
        },
    )

    bill_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("bills.id", ondelete="CASCADE"))
    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"))
    engagement_type: Mapped[EngagementType] = mapped_column(ENGAGEMENT_TYPE)
    engagement_value: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    user_county: Mapped[KenyanCounty | None] = mapped_column(KENYAN_COUNTY)
    user_constituency: Mapped[str | None] = mapped_column(String(100))
    session_duration_seconds: Mapped[int | None] = mapped_column(Integer)
    device_type: Mapped[str | None] = mapped_column(String(50))
    view_count: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    comment_count: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    share_count: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    engagement_score: Mapped[Decimal] = mapped_column(Numeric(10, 2), server_default=text("0"))


class BillTrackingPreference(UUIDPrimaryKey, Timestamps, Base):
    """Which bills a user follows and which events trigger notifications, with batching frequency."""

    __tablename__ = "bill_tracking_preferences"
    __table_args__ = (
        UniqueConstraint("user_id", "bill_id"),
        Index(
            "ix_bill_tracking_preferences_user_id_notification_frequency", "user_id", "notification_frequency"
        ),
        Index(
            "ix_bill_tracking_preferences_bill_id_notify_on_status_change",
            "bill_id",
            "notify_on_status_change",
        ),
        {
            "comment": "Which bills a user follows and which events trigger notifications, with "
            "batching frequency."
        },
    )

    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"))
    bill_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("bills.id", ondelete="CASCADE"))
    notify_on_status_change: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    notify_on_new_comments: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    notify_on_hearing_scheduled: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    notify_on_committee_report: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    notification_frequency: Mapped[str] = mapped_column(String(20), server_default=text("'immediate'"))
    tracking_started_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    tracking_reason: Mapped[str | None] = mapped_column(Text)


class Notification(UUIDPrimaryKey, Timestamps, Base):
    """Notifications to a user (type, title, message) optionally linked to a bill, comment or another
    user, with read/dismiss state, delivery channel and status, and call-to-action tracking.
    """

    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_user_id_is_read_created_at", "user_id", "is_read", "created_at"),
        Index(
            "ix_notifications_user_id_notification_type_is_read", "user_id", "notification_type", "is_read"
        ),
        Index(
            "ix_notifications_delivery_status_created_at",
            "delivery_status",
            "created_at",
            postgresql_where=text("delivery_status = 'pending'"),
        ),
        Index("ix_notifications_related_bill_id_created_at", "related_bill_id", "created_at"),
        Index("ix_notifications_related_comment_id", "related_comment_id"),
        Index("ix_notifications_related_user_id", "related_user_id"),
        {
            "comment": "Notifications to a user (type, title, message) optionally linked to a bill, "
            "comment or another user, with read/dismiss state, delivery channel and status, "
            "and call-to-action tracking."
        },
    )

    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"))
    notification_type: Mapped[NotificationType] = mapped_column(NOTIFICATION_TYPE)
    title: Mapped[str] = mapped_column(String(255))
    message: Mapped[str] = mapped_column(Text)
    related_bill_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("bills.id", ondelete="CASCADE")
    )
    related_comment_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("comments.id", ondelete="CASCADE")
    )
    related_user_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE")
    )
    is_read: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    read_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    is_dismissed: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    delivery_method: Mapped[str] = mapped_column(String(50), server_default=text("'in_app'"))
    delivery_status: Mapped[str] = mapped_column(String(50), server_default=text("'pending'"))
    action_taken: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    action_type: Mapped[str | None] = mapped_column(String(50))


class AlertPreference(UUIDPrimaryKey, Timestamps, Base):
    """Global (one row per user) alert settings: categories, channels, verification of channels, digest
    frequency, quiet hours, counties/constituencies of interest, language and accessibility format.
    """

    __tablename__ = "alert_preferences"
    __table_args__ = (
        UniqueConstraint("user_id"),
        Index(
            "ix_alert_preferences_email_verified_email_notifications",
            "email_verified",
            "email_notifications",
            postgresql_where=text("email_verified = true AND email_notifications = true"),
        ),
        Index(
            "ix_alert_preferences_phone_verified_sms_notifications",
            "phone_verified",
            "sms_notifications",
            postgresql_where=text("phone_verified = true AND sms_notifications = true"),
        ),
        CheckConstraint(
            "accessibility_format IS NULL OR accessibility_format IN ('plain_text', 'high_contrast', 'audio')",
            name="accessibility_format_values",
        ),
        {
            "comment": "Global (one row per user) alert settings: categories, channels, verification "
            "of channels, digest frequency, quiet hours, counties/constituencies of "
            "interest, language and accessibility format."
        },
    )

    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"))
    bill_alerts: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    comment_alerts: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    campaign_alerts: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    system_alerts: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    email_notifications: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    sms_notifications: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    push_notifications: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    whatsapp_notifications: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    email_verified: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    phone_verified: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    digest_frequency: Mapped[str] = mapped_column(String(20), server_default=text("'daily'"))
    quiet_hours: Mapped[dict[str, Any]] = mapped_column(
        JSONB, server_default=text('\'{"start": "22:00", "end": "08:00"}\'::jsonb')
    )
    county_alerts: Mapped[list[KenyanCounty] | None] = mapped_column(ARRAY(KENYAN_COUNTY))
    constituency_alerts: Mapped[list[str] | None] = mapped_column(ARRAY(String(100)))
    notification_language: Mapped[str] = mapped_column(String(10), server_default=text("'en'"))
    accessibility_format: Mapped[str | None] = mapped_column(
        String(50), comment="One of: plain_text, high_contrast, audio"
    )


class UserContactMethod(UUIDPrimaryKey, Timestamps, Base):
    """Additional verified contact channels per user (email/phone/WhatsApp) with verification codes,
    primary flag and delivery-failure counter.
    """

    __tablename__ = "user_contact_methods"
    __table_args__ = (
        UniqueConstraint("user_id", "contact_type", "contact_value"),
        Index(
            "ix_user_contact_methods_user_id_contact_type",
            "user_id",
            "contact_type",
            unique=True,
            postgresql_where=text("is_primary = true"),
        ),
        Index("ix_user_contact_methods_contact_value", "contact_value"),
        Index(
            "ix_user_contact_methods_user_id_is_verified_is_active",
            "user_id",
            "is_verified",
            "is_active",
            postgresql_where=text("is_verified = true AND is_active = true"),
        ),
        Index(
            "ix_user_contact_methods_verification_code",
            "verification_code",
            postgresql_where=text("verification_code IS NOT NULL"),
        ),
        CheckConstraint("contact_type IN ('email', 'phone', 'whatsapp')", name="contact_type_values"),
        CheckConstraint(
            f"(contact_type = 'email' AND contact_value ~* '{EMAIL_PATTERN}')"
            f" OR (contact_type IN ('phone', 'whatsapp') AND contact_value ~ '{E164_PATTERN}')",
            name="contact_value_format",
        ),
        CheckConstraint("delivery_failures >= 0", name="delivery_failures"),
        {
            "comment": "Additional verified contact channels per user (email/phone/WhatsApp) with "
            "verification codes, primary flag and delivery-failure counter."
        },
    )

    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"))
    contact_type: Mapped[str] = mapped_column(String(20), comment="One of: email, phone, whatsapp")
    contact_value: Mapped[str] = mapped_column(
        String(320), info=PII, comment="An e-mail address, or an E.164 number for phone and whatsapp"
    )
    is_verified: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    verification_code: Mapped[str | None] = mapped_column(String(10), info=SECRET)
    verification_expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    verified_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    is_primary: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    is_active: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    delivery_failures: Mapped[int] = mapped_column(Integer, server_default=text("0"))


class UserInterest(UUIDPrimaryKey, Timestamps, Base):
    """Explicit topics a user is interested in (1-10 strength, source) for recommendations and
    notification filtering; unique per (user, interest).
    """

    __tablename__ = "user_interests"
    __table_args__ = (
        UniqueConstraint("user_id", "interest"),
        Index("ix_user_interests_interest", "interest"),
        Index("ix_user_interests_user_id_interest_strength", "user_id", "interest_strength"),
        CheckConstraint("interest_strength >= 1 AND interest_strength <= 10", name="interest_strength"),
        {
            "comment": "Explicit topics a user is interested in (1-10 strength, source) for "
            "recommendations and notification filtering; unique per (user, interest)."
        },
    )

    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"))
    interest: Mapped[str] = mapped_column(String(100))
    interest_strength: Mapped[int] = mapped_column(Integer, server_default=text("5"), comment="1 (weak) to 10 (strong)")
    interest_source: Mapped[str] = mapped_column(String(50), server_default=text("'user_selected'"))
