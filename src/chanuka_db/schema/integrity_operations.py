"""Moderation, verification, audit and security: content reports and the moderation queue, expert profiles,
identity verification requests, the user activity and system audit logs, and security events.
"""

import datetime as dt
import uuid
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column, relationship

from chanuka_db.schema.base import PII, Base, CreatedAt, Timestamps, UUIDPrimaryKey, ip_type
from chanuka_db.schema.enums import (
    CONTENT_REPORT_STATUS,
    MODERATION_STATUS,
    REVIEW_CAPACITY,
    SECURITY_RESOLUTION_STATUS,
    SERVICE_IMPACT,
    SEVERITY,
    VERIFICATION_STATUS,
    ContentReportStatus,
    ModerationStatus,
    ReviewCapacity,
    SecurityResolutionStatus,
    ServiceImpact,
    Severity,
    VerificationStatus,
)

if TYPE_CHECKING:
    from chanuka_db.schema.citizen_participation import Comment
    from chanuka_db.schema.foundation import User

DOMAIN = "integrity_operations"

# Probabilities/confidences stored as numeric(3, 2) are fractions in [0, 1].
_UNIT_INTERVAL = "BETWEEN 0 AND 1"


class ContentReport(UUIDPrimaryKey, Timestamps, Base):
    """User reports of problematic comments or users: category, reason, severity, evidence, status,
    assigned moderator, resolution, reporter feedback, appeal.
    """

    __tablename__ = "content_reports"
    __table_args__ = (
        CheckConstraint(
            "report_category IN ('spam', 'harassment', 'misinformation', 'hate_speech', 'violence', "
            "'illegal_content')",
            name="report_category_values",
        ),
        # A report is about exactly one thing: a comment or a user (the old schema allowed none or both).
        CheckConstraint("num_nonnulls(reported_comment_id, reported_user_id) = 1", name="exactly_one_target"),
        CheckConstraint("reporter_satisfaction BETWEEN 1 AND 5", name="reporter_satisfaction_range"),
        CheckConstraint("resolved_at >= created_at", name="resolved_after_created"),
        Index("ix_content_reports_reporter_id_report_status", "reporter_id", "report_status"),
        Index("ix_content_reports_reported_comment_id", "reported_comment_id"),
        Index("ix_content_reports_reported_user_id", "reported_user_id"),
        Index(
            "ix_content_reports_assigned_moderator_id_report_status", "assigned_moderator_id", "report_status"
        ),
        Index("ix_content_reports_report_severity_report_status", "report_severity", "report_status"),
        Index(
            "ix_content_reports_created_at",
            "created_at",
            postgresql_where=text("report_status IN ('pending', 'under_review')"),
        ),
        {
            "comment": "User reports of problematic comments or users: category, reason, severity, "
            "evidence, status, assigned moderator, resolution, reporter feedback, appeal."
        },
    )

    reported_comment_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("comments.id", ondelete="CASCADE")
    )
    reported_user_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE")
    )
    reporter_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE")
    )
    reporter_anonymous: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    report_category: Mapped[str] = mapped_column(
        String(50), comment="One of: spam, harassment, misinformation, hate_speech, violence, illegal_content"
    )
    report_reason: Mapped[str] = mapped_column(Text)
    report_severity: Mapped[Severity] = mapped_column(SEVERITY, server_default=text("'medium'"))
    evidence_screenshots: Mapped[list[str] | None] = mapped_column(ARRAY(String(500)))
    additional_context: Mapped[str | None] = mapped_column(Text)
    report_status: Mapped[ContentReportStatus] = mapped_column(
        CONTENT_REPORT_STATUS,
        server_default=text("'pending'"),
        comment="One of: pending, under_review, resolved, dismissed, escalated",
    )
    assigned_moderator_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="SET NULL")
    )
    resolution_action: Mapped[str | None] = mapped_column(String(100))
    resolution_notes: Mapped[str | None] = mapped_column(Text)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    reporter_feedback: Mapped[str | None] = mapped_column(Text)
    reporter_satisfaction: Mapped[int | None] = mapped_column(SmallInteger, comment="1-5 rating scale")
    appeal_requested: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    appeal_reason: Mapped[str | None] = mapped_column(Text)

    reporter: Mapped["User"] = relationship(foreign_keys=[reporter_id])
    reported_comment: Mapped["Comment | None"] = relationship(foreign_keys=[reported_comment_id])
    reported_user: Mapped["User | None"] = relationship(foreign_keys=[reported_user_id])
    assigned_moderator: Mapped["User | None"] = relationship(foreign_keys=[assigned_moderator_id])
    #: Queue items raised from this report (the database sets their report_id to NULL on delete).
    queue_items: Mapped[list["ModerationQueue"]] = relationship(back_populates="report", passive_deletes=True)


class ModerationQueue(UUIDPrimaryKey, Timestamps, Base):
    """Central moderation work queue over any content (polymorphic content_type/content_id), from
    reports or automated flags: priority, assignee, status, review timing, decision, QA review.
    """

    __tablename__ = "moderation_queue"
    __table_args__ = (
        CheckConstraint(
            "content_type IN ('comment', 'user_profile', 'campaign', 'reply')", name="content_type_values"
        ),
        CheckConstraint(
            "source_type IN ('user_report', 'automated_flag', 'moderator_review', 'appeal')",
            name="source_type_values",
        ),
        CheckConstraint(
            "moderation_action IN ('approve', 'reject', 'edit', 'suspend_user', 'remove_content', 'warn_user')",
            name="moderation_action_values",
        ),
        CheckConstraint("priority_score >= 0", name="priority_score_non_negative"),
        CheckConstraint(f"confidence_score {_UNIT_INTERVAL}", name="confidence_score_range"),
        CheckConstraint("review_duration_seconds >= 0", name="review_duration_non_negative"),
        CheckConstraint("review_completed_at >= review_started_at", name="review_completed_after_started"),
        Index("ix_moderation_queue_content_type_content_id", "content_type", "content_id"),
        Index(
            "ix_moderation_queue_queue_status_priority_score",
            "queue_status",
            "priority_score",
            postgresql_where=text("queue_status = 'pending'"),
        ),
        Index(
            "ix_moderation_queue_assigned_moderator_id_queue_status", "assigned_moderator_id", "queue_status"
        ),
        Index("ix_moderation_queue_report_id", "report_id"),
        Index(
            "ix_moderation_queue_qa_review_required",
            "qa_review_required",
            postgresql_where=text("qa_review_required = true AND qa_reviewed_by IS NULL"),
        ),
        Index("ix_moderation_queue_qa_reviewed_by", "qa_reviewed_by"),
        {
            "comment": "Central moderation work queue over any content (polymorphic "
            "content_type/content_id), from reports or automated flags: priority, assignee, "
            "status, review timing, decision, QA review."
        },
    )

    content_type: Mapped[str] = mapped_column(
        String(50), comment="One of: comment, user_profile, campaign, reply"
    )
    content_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    source_type: Mapped[str] = mapped_column(
        String(50), comment="One of: user_report, automated_flag, moderator_review, appeal"
    )
    report_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("content_reports.id", ondelete="SET NULL")
    )
    priority_score: Mapped[Decimal] = mapped_column(Numeric(5, 2), server_default=text("5.0"))
    assigned_moderator_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="SET NULL")
    )
    assigned_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    queue_status: Mapped[ModerationStatus] = mapped_column(
        MODERATION_STATUS, server_default=text("'pending'")
    )
    review_started_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    review_completed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    review_duration_seconds: Mapped[int | None] = mapped_column(Integer)
    moderation_action: Mapped[str | None] = mapped_column(
        String(100), comment="One of: approve, reject, edit, suspend_user, remove_content, warn_user"
    )
    moderation_reason: Mapped[str | None] = mapped_column(Text)
    moderation_notes: Mapped[str | None] = mapped_column(Text)
    confidence_score: Mapped[Decimal | None] = mapped_column(Numeric(3, 2))
    qa_review_required: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    qa_reviewed_by: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="SET NULL")
    )
    qa_review_notes: Mapped[str | None] = mapped_column(Text)
    qa_approved: Mapped[bool | None] = mapped_column(Boolean)

    report: Mapped[ContentReport | None] = relationship(back_populates="queue_items")
    assigned_moderator: Mapped["User | None"] = relationship(foreign_keys=[assigned_moderator_id])


class ExpertProfile(UUIDPrimaryKey, Timestamps, Base):
    """Expert verification profile of a user: expertise domains, specialisations, experience, position,
    education/publications (JSON), verification workflow and expiry, credential documents,
    references, review capacity and performance metrics.
    """

    __tablename__ = "expert_profiles"
    __table_args__ = (
        CheckConstraint("years_of_experience >= 0", name="years_of_experience_non_negative"),
        CheckConstraint("reviews_completed >= 0 AND reviews_accepted >= 0", name="review_counts_non_negative"),
        CheckConstraint("reviews_accepted <= reviews_completed", name="reviews_accepted_le_completed"),
        CheckConstraint(
            "review_quality_score >= 0 AND community_rating >= 0 AND average_review_time_hours >= 0",
            name="review_metrics_non_negative",
        ),
        CheckConstraint("verification_expires_at >= verification_date", name="verification_expiry_order"),
        CheckConstraint("verified_by <> user_id", name="not_self_verified"),
        Index("ix_expert_profiles_user_id", "user_id", unique=True),
        Index("ix_expert_profiles_verification_status", "verification_status"),
        Index("ix_expert_profiles_expertise_domains", "expertise_domains", postgresql_using="gin"),
        Index(
            "ix_expert_profiles_available_for_review_verification_status",
            "available_for_review",
            "verification_status",
            postgresql_where=text("available_for_review = true AND verification_status = 'verified'"),
        ),
        Index("ix_expert_profiles_verified_by", "verified_by"),
        {
            "comment": "Expert verification profile of a user: expertise domains, specialisations, "
            "experience, position, education/publications (JSON), verification workflow and "
            "expiry, credential documents, references, review capacity and performance "
            "metrics."
        },
    )

    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"))
    expertise_domains: Mapped[list[str]] = mapped_column(ARRAY(String(100)))
    specializations: Mapped[list[str] | None] = mapped_column(ARRAY(String(100)))
    years_of_experience: Mapped[int | None] = mapped_column(SmallInteger)
    current_position: Mapped[str | None] = mapped_column(String(255))
    organization: Mapped[str | None] = mapped_column(String(255))
    professional_bio: Mapped[str | None] = mapped_column(Text)
    educational_background: Mapped[list[Any] | None] = mapped_column(
        JSONB, server_default=text("'[]'::jsonb")
    )
    professional_certifications: Mapped[list[str] | None] = mapped_column(ARRAY(String(255)))
    publications: Mapped[list[Any] | None] = mapped_column(JSONB, server_default=text("'[]'::jsonb"))
    verification_status: Mapped[VerificationStatus] = mapped_column(
        VERIFICATION_STATUS, server_default=text("'pending'")
    )
    verification_date: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    verified_by: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="SET NULL")
    )
    verification_expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    credential_documents: Mapped[list[str] | None] = mapped_column(ARRAY(String(500)), info=PII)
    reference_contacts: Mapped[list[Any] | None] = mapped_column(
        JSONB, server_default=text("'[]'::jsonb"), info=PII
    )
    review_capacity: Mapped[ReviewCapacity] = mapped_column(
        REVIEW_CAPACITY,
        server_default=text("'occasional'"),
        comment="One of: occasional, regular, frequent, unavailable",
    )
    review_expertise: Mapped[dict[str, Any] | None] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    available_for_review: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    reviews_completed: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    reviews_accepted: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    review_quality_score: Mapped[Decimal | None] = mapped_column(Numeric(3, 2))
    community_rating: Mapped[Decimal | None] = mapped_column(Numeric(3, 2))
    average_review_time_hours: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))

    #: The profile's owner (one profile per user: unique index on user_id).
    user: Mapped["User"] = relationship(foreign_keys=[user_id])
    verifier: Mapped["User | None"] = relationship(foreign_keys=[verified_by])


class UserVerification(UUIDPrimaryKey, Timestamps, Base):
    """Identity/credential verification requests of a user (national ID, address, profession, phone,
    email): level, documents, encrypted data, duplicate-detection hash, verifier, status, expiry and
    renewal.
    """

    __tablename__ = "user_verification"
    __table_args__ = (
        CheckConstraint(
            "verification_type IN ('national_id', 'address', 'profession', 'phone', 'email')",
            name="verification_type_values",
        ),
        CheckConstraint("verification_level >= 1", name="verification_level_positive"),
        CheckConstraint("verified_at >= submitted_at", name="verified_after_submitted"),
        CheckConstraint("expires_at >= verified_at", name="expires_after_verified"),
        CheckConstraint("verifier_id <> user_id", name="not_self_verified"),
        Index("ix_user_verification_user_id_verification_type", "user_id", "verification_type"),
        Index("ix_user_verification_user_id_verification_status", "user_id", "verification_status"),
        Index("ix_user_verification_verification_status", "verification_status"),
        Index("ix_user_verification_verifier_id", "verifier_id"),
        Index(
            "ix_user_verification_submitted_at",
            "submitted_at",
            postgresql_where=text("verification_status = 'pending'"),
        ),
        Index(
            "ix_user_verification_expires_at",
            "expires_at",
            postgresql_where=text("expires_at IS NOT NULL AND verification_status = 'verified'"),
        ),
        {
            "comment": "Identity/credential verification requests of a user (national ID, address, "
            "profession, phone, email): level, documents, encrypted data, "
            "duplicate-detection hash, verifier, status, expiry and renewal."
        },
    )

    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"))
    verification_type: Mapped[str] = mapped_column(
        String(100), comment="One of: national_id, address, profession, phone, email"
    )
    verification_level: Mapped[int] = mapped_column(SmallInteger, server_default=text("1"))
    verification_documents: Mapped[list[str] | None] = mapped_column(ARRAY(String(500)), info=PII)
    verification_data: Mapped[dict[str, Any] | None] = mapped_column(
        JSONB, server_default=text("'{}'::jsonb"), info=PII
    )
    verification_hash: Mapped[str | None] = mapped_column(String(255), info=PII)
    submitted_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    verified_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    verifier_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="SET NULL")
    )
    verification_status: Mapped[VerificationStatus] = mapped_column(
        VERIFICATION_STATUS, server_default=text("'pending'")
    )
    verification_notes: Mapped[str | None] = mapped_column(Text)
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    renewal_required: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    renewal_reminder_sent: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))

    user: Mapped["User"] = relationship(foreign_keys=[user_id])
    verifier: Mapped["User | None"] = relationship(foreign_keys=[verifier_id])


class UserActivityLog(UUIDPrimaryKey, Base):
    """Per-user activity/security log: activity type and category, IP, user agent, session/request ids,
    polymorphic target, location, risk score and anomaly flags.

    Range-partitioned by month on ``created_at`` (primary key ``(id, created_at)``); partitions are
    created ahead and detached after the retention period by :mod:`chanuka_db.ops.partitions`.
    """

    __tablename__ = "user_activity_log"
    __table_args__ = (
        CheckConstraint(
            "activity_category IN ('authentication', 'content', 'social', 'admin')",
            name="activity_category_values",
        ),
        CheckConstraint("risk_score BETWEEN 0 AND 1", name="risk_score_range"),
        Index("ix_user_activity_log_user_id_created_at", "user_id", "created_at"),
        Index("ix_user_activity_log_activity_type", "activity_type"),
        Index("ix_user_activity_log_activity_category", "activity_category"),
        Index("ix_user_activity_log_ip_address", "ip_address"),
        Index("ix_user_activity_log_session_id", "session_id"),
        Index(
            "ix_user_activity_log_user_id_created_at_anomaly_detected",
            "user_id",
            "created_at",
            postgresql_where=text("anomaly_detected = true"),
        ),
        Index("ix_user_activity_log_created_at", "created_at"),
        {
            "comment": "Per-user activity/security log: activity type and category, IP, user agent, "
            "session/request ids, polymorphic target, location, risk score and anomaly "
            "flags; range-partitioned by month on created_at.",
            "postgresql_partition_by": "RANGE (created_at)",
            "info": {"partitioned": "month"},
        },
    )

    user_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="SET NULL")
    )
    activity_type: Mapped[str] = mapped_column(
        String(100), comment="For example: login, logout, create_comment, update_profile, vote"
    )
    activity_category: Mapped[str] = mapped_column(
        String(50), comment="One of: authentication, content, social, admin"
    )
    activity_description: Mapped[str | None] = mapped_column(Text)
    ip_address: Mapped[str | None] = mapped_column(ip_type(), info=PII)
    user_agent: Mapped[str | None] = mapped_column(Text, info=PII)
    session_id: Mapped[str | None] = mapped_column(String(255))
    request_id: Mapped[str | None] = mapped_column(String(255))
    target_type: Mapped[str | None] = mapped_column(String(50))
    target_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    location_data: Mapped[dict[str, Any] | None] = mapped_column(
        JSONB, server_default=text("'{}'::jsonb"), info=PII
    )
    risk_score: Mapped[Decimal | None] = mapped_column(Numeric(3, 2))
    anomaly_detected: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    anomaly_type: Mapped[str | None] = mapped_column(
        String(100), comment="For example: unusual_location, high_frequency, suspicious_pattern"
    )
    # Part of the primary key: a partitioned table's keys must include the partition column.
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), primary_key=True, server_default=func.now(), sort_order=1000
    )


class SecurityEvent(UUIDPrimaryKey, Timestamps, Base):
    """Security incidents and detections: type/subtype, severity, detection method/rule/confidence,
    actor (user, IP, session, fingerprint), evidence, attack vector, impact, automated/manual
    response, escalation, resolution.
    """

    __tablename__ = "security_events"
    __table_args__ = (
        CheckConstraint(
            "event_type IN ('failed_login', 'permission_denied', 'rate_limit_exceeded', 'suspicious_activity', "
            "'data_breach_attempt')",
            name="event_type_values",
        ),
        CheckConstraint(
            "detection_method IN ('automated', 'manual', 'user_report', 'ai_model')", name="detection_method_values"
        ),
        CheckConstraint(f"detection_confidence {_UNIT_INTERVAL}", name="detection_confidence_range"),
        CheckConstraint("affected_users >= 0", name="affected_users_non_negative"),
        CheckConstraint("resolved_at >= created_at", name="resolved_after_created"),
        Index("ix_security_events_severity_resolution_status", "severity", "resolution_status"),
        Index("ix_security_events_actor_user_id_created_at", "actor_user_id", "created_at"),
        Index("ix_security_events_actor_ip_address_event_type", "actor_ip_address", "event_type"),
        Index("ix_security_events_event_type", "event_type"),
        Index(
            "ix_security_events_created_at_partial",
            "created_at",
            postgresql_where=text(
                "severity IN ('high', 'critical') AND resolution_status IN ('open', 'investigating')"
            ),
        ),
        Index(
            "ix_security_events_created_at_data_compromised",
            "created_at",
            postgresql_where=text("data_compromised = true"),
        ),
        Index("ix_security_events_response_initiated_by", "response_initiated_by"),
        {
            "comment": "Security incidents and detections: type/subtype, severity, detection "
            "method/rule/confidence, actor (user, IP, session, fingerprint), evidence, "
            "attack vector, impact, automated/manual response, escalation, resolution."
        },
    )

    event_type: Mapped[str] = mapped_column(
        String(100),
        comment="One of: failed_login, permission_denied, rate_limit_exceeded, "
        "suspicious_activity, data_breach_attempt",
    )
    event_subtype: Mapped[str | None] = mapped_column(String(100))
    severity: Mapped[Severity] = mapped_column(SEVERITY)
    detection_method: Mapped[str] = mapped_column(
        String(100), comment="One of: automated, manual, user_report, ai_model"
    )
    detection_rule: Mapped[str | None] = mapped_column(String(100))
    detection_confidence: Mapped[Decimal | None] = mapped_column(Numeric(3, 2))
    actor_user_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="SET NULL")
    )
    actor_ip_address: Mapped[str | None] = mapped_column(ip_type(), info=PII)
    actor_session_id: Mapped[str | None] = mapped_column(String(255))
    actor_fingerprint: Mapped[str | None] = mapped_column(String(255), info=PII)
    event_description: Mapped[str] = mapped_column(Text)
    event_evidence: Mapped[dict[str, Any] | None] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    attack_vector: Mapped[str | None] = mapped_column(
        String(100), comment="e.g. brute_force, sql_injection, xss"
    )
    affected_systems: Mapped[list[str] | None] = mapped_column(ARRAY(String(100)))
    affected_users: Mapped[int | None] = mapped_column(Integer, server_default=text("0"))
    data_compromised: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    data_types_affected: Mapped[list[str] | None] = mapped_column(ARRAY(String(100)))
    service_impact: Mapped[ServiceImpact | None] = mapped_column(
        SERVICE_IMPACT, comment="One of: none, degraded, partial_outage, full_outage"
    )
    automated_response: Mapped[dict[str, Any] | None] = mapped_column(
        JSONB, server_default=text("'{}'::jsonb")
    )
    manual_response_required: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    response_initiated_by: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="SET NULL")
    )
    response_initiated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    incident_id: Mapped[str | None] = mapped_column(String(100))
    escalated: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    escalated_to: Mapped[str | None] = mapped_column(String(100))
    resolution_status: Mapped[SecurityResolutionStatus] = mapped_column(
        SECURITY_RESOLUTION_STATUS,
        server_default=text("'open'"),
        comment="One of: open, investigating, contained, resolved, false_positive",
    )
    resolution_notes: Mapped[str | None] = mapped_column(Text)
    lessons_learned: Mapped[str | None] = mapped_column(Text)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class SystemAuditLog(UUIDPrimaryKey, CreatedAt, Base):
    """System-level audit trail: event type/category, severity, actor (type/id/role/identifier), action
    and details, target, success/status/error, request context, timing, resource usage, retention
    period (default 7 years).
    """

    __tablename__ = "system_audit_log"
    __table_args__ = (
        CheckConstraint(
            "event_category IN ('security', 'data', 'admin', 'system', 'compliance')", name="event_category_values"
        ),
        CheckConstraint("actor_type IN ('user', 'system', 'admin', 'service')", name="actor_type_values"),
        CheckConstraint("action IN ('create', 'update', 'delete', 'access', 'export')", name="action_values"),
        CheckConstraint("status_code BETWEEN 100 AND 599", name="status_code_range"),
        CheckConstraint("processing_time_ms >= 0", name="processing_time_non_negative"),
        CheckConstraint("retention_period_days > 0", name="retention_period_positive"),
        Index("ix_system_audit_log_event_category_created_at", "event_category", "created_at"),
        Index("ix_system_audit_log_actor_id_created_at", "actor_id", "created_at"),
        Index("ix_system_audit_log_event_type", "event_type"),
        Index("ix_system_audit_log_target_type_target_id", "target_type", "target_id"),
        Index(
            "ix_system_audit_log_created_at_event_category",
            "created_at",
            "event_category",
            postgresql_where=text("success = false"),
        ),
        Index("ix_system_audit_log_severity_created_at", "severity", "created_at"),
        {
            "comment": "System-level audit trail: event type/category, severity, actor "
            "(type/id/role/identifier), action and details, target, success/status/error, "
            "request context, timing, resource usage, retention period (default 7 years)."
        },
    )

    event_type: Mapped[str] = mapped_column(String(100))
    event_category: Mapped[str] = mapped_column(
        String(50), comment="One of: security, data, admin, system, compliance"
    )
    severity: Mapped[Severity] = mapped_column(SEVERITY, server_default=text("'low'"))
    actor_type: Mapped[str] = mapped_column(String(50), comment="One of: user, system, admin, service")
    actor_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    actor_role: Mapped[str | None] = mapped_column(String(50))
    actor_identifier: Mapped[str | None] = mapped_column(String(255), info=PII)
    action: Mapped[str] = mapped_column(String(100), comment="One of: create, update, delete, access, export")
    action_details: Mapped[dict[str, Any] | None] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    target_type: Mapped[str | None] = mapped_column(String(50))
    target_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    target_description: Mapped[str | None] = mapped_column(Text)
    success: Mapped[bool] = mapped_column(Boolean)
    status_code: Mapped[int | None] = mapped_column(Integer)
    error_message: Mapped[str | None] = mapped_column(Text)
    error_stack: Mapped[str | None] = mapped_column(Text)
    source_ip: Mapped[str | None] = mapped_column(ip_type(), info=PII)
    user_agent: Mapped[str | None] = mapped_column(Text, info=PII)
    session_id: Mapped[str | None] = mapped_column(String(255))
    request_id: Mapped[str | None] = mapped_column(String(255))
    processing_time_ms: Mapped[int | None] = mapped_column(Integer)
    resource_usage: Mapped[dict[str, Any] | None] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    retention_period_days: Mapped[int | None] = mapped_column(Integer, server_default=text("2555"))
