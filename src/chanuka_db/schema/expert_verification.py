"""Verification of expertise: credentials and domains of expert users, per-domain credibility scores, expert
reviews, peer validations between experts and an activity log of experts.
"""

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import (
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
from sqlalchemy.orm import Mapped, mapped_column

from chanuka_db.schema.base import Base, CreatedAt, UUIDPrimaryKey

DOMAIN = "expert_verification"


class ExpertCredential(UUIDPrimaryKey, CreatedAt, Base):
    """Credentials of an expert user (academic/professional/institutional) with verification method,
    verifier, expiry and JSON data.
    """

    __tablename__ = "expert_credentials"
    __table_args__ = (
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

    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id"))
    credential_type: Mapped[str] = mapped_column(String(50))
    institution: Mapped[str | None] = mapped_column(String(255))
    verification_method: Mapped[str | None] = mapped_column(String(50))
    verified_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    verified_by: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id"))
    expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    credential_data: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), server_default=func.now())


class ExpertDomain(UUIDPrimaryKey, CreatedAt, Base):
    """Domains of expertise of a user with level, experience, supporting credential ids and validation
    counters.
    """

    __tablename__ = "expert_domains"
    __table_args__ = (
        UniqueConstraint("user_id", "domain_category"),
        Index("ix_expert_domains_user_id", "user_id"),
        Index("ix_expert_domains_domain_category", "domain_category"),
        Index("ix_expert_domains_expertise_level", "expertise_level"),
        {
            "comment": "Domains of expertise of a user with level, experience, supporting credential "
            "ids and validation counters."
        },
    )

    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id"))
    domain_category: Mapped[str] = mapped_column(String(100))
    expertise_level: Mapped[str | None] = mapped_column(String(20))
    years_experience: Mapped[int | None] = mapped_column(Integer)
    credential_ids: Mapped[list[uuid.UUID] | None] = mapped_column(
        ARRAY(UUID(as_uuid=True)), server_default=text("'{}'")
    )
    peer_validations: Mapped[int | None] = mapped_column(Integer, server_default=text("0"))
    community_validations: Mapped[int | None] = mapped_column(Integer, server_default=text("0"))
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), server_default=func.now())


class CredibilityScore(UUIDPrimaryKey, CreatedAt, Base):
    """Credibility score per user and domain: base score plus bonuses/adjustments, historical accuracy,
    final score.
    """

    __tablename__ = "credibility_scores"
    __table_args__ = (
        UniqueConstraint("user_id", "domain_category"),
        Index("ix_credibility_scores_final_score", "final_score"),
        Index("ix_credibility_scores_user_id", "user_id"),
        Index("ix_credibility_scores_domain_category", "domain_category"),
        {
            "comment": "Credibility score per user and domain: base score plus bonuses/adjustments, "
            "historical accuracy, final score."
        },
    )

    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id"))
    domain_category: Mapped[str | None] = mapped_column(String(100))
    base_score: Mapped[Decimal | None] = mapped_column(Numeric(5, 2), server_default=text("50.0"))
    expertise_bonus: Mapped[Decimal | None] = mapped_column(Numeric(5, 2), server_default=text("0.0"))
    community_adjustment: Mapped[Decimal | None] = mapped_column(Numeric(5, 2), server_default=text("0.0"))
    peer_adjustment: Mapped[Decimal | None] = mapped_column(Numeric(5, 2), server_default=text("0.0"))
    historical_accuracy: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    final_score: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    last_calculated: Mapped[dt.datetime | None] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    calculation_metadata: Mapped[dict[str, Any] | None] = mapped_column(JSONB)


class ExpertReview(UUIDPrimaryKey, CreatedAt, Base):
    """Reviews by an expert of an entity (bill/analysis/comment): type, status, content, confidence."""

    __tablename__ = "expert_reviews"
    __table_args__ = (
        Index("ix_expert_reviews_expert_id", "expert_id"),
        Index("ix_expert_reviews_entity_type_entity_id", "entity_type", "entity_id"),
        Index("ix_expert_reviews_review_status", "review_status"),
        Index("ix_expert_reviews_review_type", "review_type"),
        {
            "comment": "Reviews by an expert of an entity (bill/analysis/comment): type, status, "
            "content, confidence."
        },
    )

    expert_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id"))
    entity_type: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    review_type: Mapped[str | None] = mapped_column(String(50))
    review_status: Mapped[str | None] = mapped_column(String(20))
    review_content: Mapped[str | None] = mapped_column(Text)
    confidence_level: Mapped[Decimal | None] = mapped_column(Numeric(3, 2))
    review_metadata: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), server_default=func.now())


class PeerValidation(UUIDPrimaryKey, CreatedAt, Base):
    """An expert validating another expert in a domain (endorsement, credential check, assessment) with
    score and reason.
    """

    __tablename__ = "peer_validations"
    __table_args__ = (
        UniqueConstraint("validator_id", "target_expert_id", "domain_category"),
        Index("ix_peer_validations_validator_id", "validator_id"),
        Index("ix_peer_validations_target_expert_id", "target_expert_id"),
        Index("ix_peer_validations_domain_category", "domain_category"),
        Index("ix_peer_validations_validation_type", "validation_type"),
        {
            "comment": "An expert validating another expert in a domain (endorsement, credential "
            "check, assessment) with score and reason."
        },
    )

    validator_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id"))
    target_expert_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id"))
    domain_category: Mapped[str | None] = mapped_column(String(100))
    validation_type: Mapped[str | None] = mapped_column(String(50))
    validation_score: Mapped[Decimal | None] = mapped_column(Numeric(3, 2))
    validation_reason: Mapped[str | None] = mapped_column(Text)
    validation_metadata: Mapped[dict[str, Any] | None] = mapped_column(JSONB)


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

    expert_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id"))
    activity_type: Mapped[str | None] = mapped_column(String(50))
    entity_type: Mapped[str | None] = mapped_column(String(50))
    entity_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    activity_score: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    quality_metrics: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    community_feedback: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
