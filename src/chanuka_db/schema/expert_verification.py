"""Verification of expertise: credentials and domains of expert users, per-domain credibility scores, expert
reviews, peer validations between experts and an activity log of experts.

Everything here belongs to one expert user: deleting the user deletes their credentials, domains,
scores, reviews, validations (given or received) and activity; a verifier who leaves only clears the
``verified_by`` pointer. No status or type column has documented values, so they stay free text.
Scores are on the 0-100 scale the old schema implied (base 50.0, final = base + bonus + adjustments);
confidences are fractions in [0, 1].
"""

import datetime as dt
import uuid
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
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
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column, relationship

from chanuka_db.schema.base import PII, Base, CreatedAt, Timestamps, UUIDPrimaryKey

if TYPE_CHECKING:
    from chanuka_db.schema.foundation import User

DOMAIN = "expert_verification"


class ExpertCredential(UUIDPrimaryKey, Timestamps, Base):
    """Credentials of an expert user (academic/professional/institutional) with verification method,
    verifier, expiry and JSON data.
    """

    __tablename__ = "expert_credentials"
    __table_args__ = (
        CheckConstraint("verified_by <> user_id", name="not_self_verified"),
        Index("ix_expert_credentials_user_id", "user_id"),
        Index("ix_expert_credentials_credential_type", "credential_type"),
        Index("ix_expert_credentials_institution", "institution"),
        Index("ix_expert_credentials_verified_at", "verified_at"),
        Index("ix_expert_credentials_expires_at", "expires_at"),
        Index("ix_expert_credentials_verified_by", "verified_by"),
        {
            "comment": "Credentials of an expert user (academic/professional/institutional) with "
            "verification method, verifier, expiry and JSON data."
        },
    )

    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"))
    credential_type: Mapped[str] = mapped_column(String(50))
    institution: Mapped[str | None] = mapped_column(String(255))
    verification_method: Mapped[str | None] = mapped_column(String(50))
    verified_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    verified_by: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="SET NULL")
    )
    expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    credential_data: Mapped[dict[str, Any] | None] = mapped_column(
        JSONB, info=PII, comment="Credential details; may hold identity-document numbers and scans (personal data)"
    )

    user: Mapped["User"] = relationship(foreign_keys=[user_id])
    verifier: Mapped["User | None"] = relationship(foreign_keys=[verified_by])


class ExpertDomain(UUIDPrimaryKey, Timestamps, Base):
    """Domains of expertise of a user with level, experience, supporting credential ids and validation
    counters.
    """

    __tablename__ = "expert_domains"
    __table_args__ = (
        # Also serves lookups by user_id (leading column), so no separate user_id index.
        UniqueConstraint("user_id", "domain_category"),
        CheckConstraint("years_experience >= 0", name="years_experience_non_negative"),
        CheckConstraint(
            "peer_validations >= 0 AND community_validations >= 0", name="validation_counts_non_negative"
        ),
        Index("ix_expert_domains_domain_category", "domain_category"),
        Index("ix_expert_domains_expertise_level", "expertise_level"),
        {
            "comment": "Domains of expertise of a user with level, experience, supporting credential "
            "ids and validation counters."
        },
    )

    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"))
    domain_category: Mapped[str] = mapped_column(String(100))
    expertise_level: Mapped[str | None] = mapped_column(String(20))
    years_experience: Mapped[int | None] = mapped_column(Integer)
    credential_ids: Mapped[list[uuid.UUID] | None] = mapped_column(
        ARRAY(UUID(as_uuid=True)),
        server_default=text("'{}'"),
        comment="ids of expert_credentials rows backing this domain (array, so no foreign key)",
    )
    peer_validations: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    community_validations: Mapped[int] = mapped_column(Integer, server_default=text("0"))

    user: Mapped["User"] = relationship()


class CredibilityScore(UUIDPrimaryKey, CreatedAt, Base):
    """Credibility score per user and domain: base score plus bonuses/adjustments, historical accuracy,
    final score.
    """

    __tablename__ = "credibility_scores"
    __table_args__ = (
        # One score per (user, domain); NULLS NOT DISTINCT makes the domain-less (overall) score unique too.
        # Its index also serves lookups by user_id, so no separate user_id index.
        UniqueConstraint("user_id", "domain_category", postgresql_nulls_not_distinct=True),
        CheckConstraint("base_score BETWEEN 0 AND 100", name="base_score_range"),
        CheckConstraint("final_score BETWEEN 0 AND 100", name="final_score_range"),
        CheckConstraint("historical_accuracy BETWEEN 0 AND 100", name="historical_accuracy_range"),
        CheckConstraint(
            "expertise_bonus BETWEEN -100 AND 100 AND community_adjustment BETWEEN -100 AND 100 "
            "AND peer_adjustment BETWEEN -100 AND 100",
            name="adjustments_range",
        ),
        Index("ix_credibility_scores_final_score", "final_score"),
        Index("ix_credibility_scores_domain_category", "domain_category"),
        {
            "comment": "Credibility score per user and domain: base score plus bonuses/adjustments, "
            "historical accuracy, final score."
        },
    )

    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"))
    domain_category: Mapped[str | None] = mapped_column(
        String(100), comment="NULL: the user's overall score (at most one per user)"
    )
    base_score: Mapped[Decimal] = mapped_column(Numeric(5, 2), server_default=text("50.0"), comment="0-100")
    expertise_bonus: Mapped[Decimal] = mapped_column(Numeric(5, 2), server_default=text("0.0"))
    community_adjustment: Mapped[Decimal] = mapped_column(Numeric(5, 2), server_default=text("0.0"))
    peer_adjustment: Mapped[Decimal] = mapped_column(Numeric(5, 2), server_default=text("0.0"))
    historical_accuracy: Mapped[Decimal | None] = mapped_column(Numeric(5, 2), comment="percentage, 0-100")
    final_score: Mapped[Decimal | None] = mapped_column(
        Numeric(5, 2),
        comment="0-100; maintained by the platform from base score, bonus and adjustments",
    )
    last_calculated: Mapped[dt.datetime | None] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    calculation_metadata: Mapped[dict[str, Any] | None] = mapped_column(JSONB)

    user: Mapped["User"] = relationship()


class ExpertReview(UUIDPrimaryKey, Timestamps, Base):
    """Reviews by an expert of an entity (bill/analysis/comment): type, status, content, confidence."""

    __tablename__ = "expert_reviews"
    __table_args__ = (
        CheckConstraint("confidence_level BETWEEN 0 AND 1", name="confidence_level_range"),
        Index("ix_expert_reviews_expert_id", "expert_id"),
        Index("ix_expert_reviews_entity_type_entity_id", "entity_type", "entity_id"),
        Index("ix_expert_reviews_review_status", "review_status"),
        Index("ix_expert_reviews_review_type", "review_type"),
        {
            "comment": "Reviews by an expert of an entity (bill/analysis/comment): type, status, "
            "content, confidence."
        },
    )

    expert_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"))
    entity_type: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    review_type: Mapped[str | None] = mapped_column(String(50))
    review_status: Mapped[str | None] = mapped_column(String(20))
    review_content: Mapped[str | None] = mapped_column(Text)
    confidence_level: Mapped[Decimal | None] = mapped_column(Numeric(3, 2), comment="fraction, 0-1")
    review_metadata: Mapped[dict[str, Any] | None] = mapped_column(JSONB)

    expert: Mapped["User"] = relationship()


class PeerValidation(UUIDPrimaryKey, CreatedAt, Base):
    """An expert validating another expert in a domain (endorsement, credential check, assessment) with
    score and reason.
    """

    __tablename__ = "peer_validations"
    __table_args__ = (
        # One validation per (validator, target, domain), the domain-less one included (NULLS NOT DISTINCT).
        # Its index also serves lookups by validator_id, so no separate validator_id index.
        UniqueConstraint("validator_id", "target_expert_id", "domain_category", postgresql_nulls_not_distinct=True),
        CheckConstraint("validator_id <> target_expert_id", name="not_self_validation"),
        CheckConstraint("validation_score >= 0", name="validation_score_non_negative"),
        Index("ix_peer_validations_target_expert_id", "target_expert_id"),
        Index("ix_peer_validations_domain_category", "domain_category"),
        Index("ix_peer_validations_validation_type", "validation_type"),
        {
            "comment": "An expert validating another expert in a domain (endorsement, credential "
            "check, assessment) with score and reason."
        },
    )

    validator_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE")
    )
    target_expert_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE")
    )
    domain_category: Mapped[str | None] = mapped_column(String(100))
    validation_type: Mapped[str | None] = mapped_column(String(50))
    validation_score: Mapped[Decimal | None] = mapped_column(Numeric(3, 2))
    validation_reason: Mapped[str | None] = mapped_column(Text)
    validation_metadata: Mapped[dict[str, Any] | None] = mapped_column(JSONB)

    validator: Mapped["User"] = relationship(foreign_keys=[validator_id])
    target_expert: Mapped["User"] = relationship(foreign_keys=[target_expert_id])


class ExpertActivity(UUIDPrimaryKey, CreatedAt, Base):
    """Activity log of experts with impact score, quality metrics and community feedback."""

    __tablename__ = "expert_activity"
    __table_args__ = (
        Index("ix_expert_activity_expert_id", "expert_id"),
        Index("ix_expert_activity_activity_type", "activity_type"),
        Index("ix_expert_activity_entity_type_entity_id", "entity_type", "entity_id"),
        Index("ix_expert_activity_created_at", "created_at"),
        {"comment": "Activity log of experts with impact score, quality metrics and community feedback."},
    )

    expert_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"))
    activity_type: Mapped[str | None] = mapped_column(String(50))
    entity_type: Mapped[str | None] = mapped_column(String(50))
    entity_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    activity_score: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    quality_metrics: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    community_feedback: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
