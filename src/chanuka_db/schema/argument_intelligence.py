"""Turns citizens' comments into structured arguments, claims and evidence, relates arguments to each other
and synthesises legislative briefs through background jobs; also holds generic per-bill analysis records.

``argument_relationships`` is a directed graph over arguments: both ends lead an index, so "what does X
point at" and "what points at X" are index scans; :mod:`chanuka_db.graph` walks it.
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
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column, relationship

from chanuka_db.schema.base import Base, CreatedAt, Timestamps, UUIDPrimaryKey
from chanuka_db.schema.enums import (
    ARGUMENT_POSITION,
    ARGUMENT_RELATIONSHIP_TYPE,
    CLAIM_TYPE,
    CLAIM_VERIFICATION_STATUS,
    DETECTION_METHOD,
    EXTRACTION_METHOD,
    GENERATION_METHOD,
    SYNTHESIS_JOB_STATUS,
    ArgumentPosition,
    ArgumentRelationshipType,
    ClaimType,
    ClaimVerificationStatus,
    DetectionMethod,
    ExtractionMethod,
    GenerationMethod,
    SynthesisJobStatus,
)
from chanuka_db.schema.foundation import Bill, User

DOMAIN = "argument_intelligence"


def _unit_interval(column: str) -> CheckConstraint:
    """``column`` is NULL or between 0 and 1 (scores, confidences and strengths)."""
    return CheckConstraint(f"{column} IS NULL OR ({column} >= 0 AND {column} <= 1)", name=column)


class Argument(UUIDPrimaryKey, Timestamps, Base):
    """Structured arguments extracted from citizen comments for a bill: text, position, type, strength,
    source comment ids, extraction method/confidence, support counts, verification and quality.
    """

    __tablename__ = "arguments"
    __table_args__ = (
        Index("ix_arguments_bill_id_position_strength_score", "bill_id", "position", "strength_score"),
        Index(
            "ix_arguments_is_verified_quality_score",
            "is_verified",
            "quality_score",
            postgresql_where=text("is_verified = true"),
        ),
        Index("ix_arguments_source_comments", "source_comments", postgresql_using="gin"),
        Index("ix_arguments_verified_by", "verified_by"),
        CheckConstraint(
            "argument_type IS NULL OR argument_type IN ('economic', 'constitutional', 'social', 'procedural')",
            name="argument_type_values",
        ),
        _unit_interval("strength_score"),
        _unit_interval("confidence_score"),
        _unit_interval("quality_score"),
        CheckConstraint(
            "support_count >= 0 AND opposition_count >= 0 AND citizen_endorsements >= 0", name="counts"
        ),
        {
            "comment": "Structured arguments extracted from citizen comments for a bill: text, "
            "position, type, strength, source comment ids, extraction method/confidence, "
            "support counts, verification and quality."
        },
    )

    bill_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("bills.id", ondelete="CASCADE"))
    argument_text: Mapped[str] = mapped_column(Text)
    argument_summary: Mapped[str | None] = mapped_column(String(500))
    position: Mapped[ArgumentPosition] = mapped_column(
        ARGUMENT_POSITION, comment="One of: support, oppose, neutral, conditional"
    )
    argument_type: Mapped[str | None] = mapped_column(
        String(50),
        comment="One of: economic, constitutional, social, procedural (a CHECK: types are expected to grow)",
    )
    strength_score: Mapped[Decimal | None] = mapped_column(Numeric(3, 2), comment="Range: 0.00 to 1.00")
    source_comments: Mapped[list[uuid.UUID] | None] = mapped_column(
        ARRAY(UUID(as_uuid=True)), comment="Ids of the comments the argument was extracted from (no FK: an array)"
    )
    extraction_method: Mapped[ExtractionMethod] = mapped_column(
        EXTRACTION_METHOD, comment="One of: automated, manual, hybrid"
    )
    confidence_score: Mapped[Decimal | None] = mapped_column(Numeric(3, 2), comment="Range: 0.00 to 1.00")
    support_count: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    opposition_count: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    citizen_endorsements: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    is_verified: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    verified_by: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="SET NULL")
    )
    quality_score: Mapped[Decimal | None] = mapped_column(Numeric(3, 2), comment="Range: 0.00 to 1.00")

    bill: Mapped[Bill] = relationship()
    verifier: Mapped[User | None] = relationship()
    outgoing: Mapped[list["ArgumentRelationship"]] = relationship(
        back_populates="source",
        foreign_keys="ArgumentRelationship.source_argument_id",
        cascade="all",
        passive_deletes=True,
    )
    incoming: Mapped[list["ArgumentRelationship"]] = relationship(
        back_populates="target",
        foreign_keys="ArgumentRelationship.target_argument_id",
        cascade="all",
        passive_deletes=True,
    )


class Claim(UUIDPrimaryKey, Timestamps, Base):
    """Deduplicated factual assertions: text, type, verification status, fact-check link,
    supporting/contradicting argument ids, mention count, bills referenced.
    """

    __tablename__ = "claims"
    __table_args__ = (
        Index("ix_claims_verification_status_mention_count", "verification_status", "mention_count"),
        Index("ix_claims_bills_referenced", "bills_referenced", postgresql_using="gin"),
        # A hash index: equality lookups for deduplication without btree's ~2.7 kB row limit, which made the
        # old btree index reject long claims.
        Index("ix_claims_claim_text", "claim_text", postgresql_using="hash"),
        CheckConstraint("mention_count >= 0", name="mention_count"),
        {
            "comment": "Deduplicated factual assertions: text, type, verification status, fact-check "
            "link, supporting/contradicting argument ids, mention count, bills referenced."
        },
    )

    claim_text: Mapped[str] = mapped_column(Text)
    claim_summary: Mapped[str | None] = mapped_column(String(300))
    claim_type: Mapped[ClaimType | None] = mapped_column(
        CLAIM_TYPE, comment="One of: factual, predictive, normative, causal"
    )
    verification_status: Mapped[ClaimVerificationStatus] = mapped_column(
        CLAIM_VERIFICATION_STATUS,
        server_default=text("'unverified'"),
        comment="One of: verified, disputed, false, unverified",
    )
    fact_check_url: Mapped[str | None] = mapped_column(String(500))
    supporting_arguments: Mapped[list[uuid.UUID] | None] = mapped_column(ARRAY(UUID(as_uuid=True)))
    contradicting_arguments: Mapped[list[uuid.UUID] | None] = mapped_column(ARRAY(UUID(as_uuid=True)))
    mention_count: Mapped[int] = mapped_column(Integer, server_default=text("1"))
    bills_referenced: Mapped[list[uuid.UUID] | None] = mapped_column(ARRAY(UUID(as_uuid=True)))


class Evidence(UUIDPrimaryKey, Timestamps, Base):
    """Evidence items (documents, data, expert opinion, precedent) with source, date, credibility,
    peer-review flag and the claims/arguments they support or contradict.
    """

    __tablename__ = "evidence"
    __table_args__ = (
        Index("ix_evidence_evidence_type_credibility_score", "evidence_type", "credibility_score"),
        Index(
            "ix_evidence_peer_reviewed_credibility_score",
            "peer_reviewed",
            "credibility_score",
            postgresql_where=text("peer_reviewed = true"),
        ),
        Index("ix_evidence_supports_claims", "supports_claims", postgresql_using="gin"),
        Index("ix_evidence_supports_arguments", "supports_arguments", postgresql_using="gin"),
        CheckConstraint(
            "evidence_type IN ('document', 'data', 'expert_opinion', 'precedent')", name="evidence_type_values"
        ),
        _unit_interval("credibility_score"),
        CheckConstraint("citation_count >= 0", name="citation_count"),
        {
            "comment": "Evidence items (documents, data, expert opinion, precedent) with source, date, "
            "credibility, peer-review flag and the claims/arguments they support or "
            "contradict."
        },
    )

    evidence_type: Mapped[str] = mapped_column(
        String(50),
        comment="One of: document, data, expert_opinion, precedent (a CHECK: types are expected to grow)",
    )
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str | None] = mapped_column(Text)
    source_url: Mapped[str | None] = mapped_column(String(500))
    source_organization: Mapped[str | None] = mapped_column(String(200))
    publication_date: Mapped[dt.date | None] = mapped_column(Date)
    credibility_score: Mapped[Decimal | None] = mapped_column(Numeric(3, 2), comment="Range: 0.00 to 1.00")
    peer_reviewed: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    supports_claims: Mapped[list[uuid.UUID] | None] = mapped_column(ARRAY(UUID(as_uuid=True)))
    contradicts_claims: Mapped[list[uuid.UUID] | None] = mapped_column(ARRAY(UUID(as_uuid=True)))
    supports_arguments: Mapped[list[uuid.UUID] | None] = mapped_column(ARRAY(UUID(as_uuid=True)))
    citation_count: Mapped[int] = mapped_column(Integer, server_default=text("0"))


class ArgumentRelationship(UUIDPrimaryKey, CreatedAt, Base):
    """Directed relation between two arguments (supports/contradicts/refines/generalizes) with strength
    and how it was detected.
    """

    __tablename__ = "argument_relationships"
    __table_args__ = (
        UniqueConstraint("source_argument_id", "target_argument_id"),
        Index(
            "ix_argument_relationships_source_argument_id_relationship_type",
            "source_argument_id",
            "relationship_type",
        ),
        Index(
            "ix_argument_relationships_target_argument_id_relationship_type",
            "target_argument_id",
            "relationship_type",
        ),
        CheckConstraint("source_argument_id <> target_argument_id", name="not_self"),
        _unit_interval("strength"),
        {
            "comment": "Directed relation between two arguments "
            "(supports/contradicts/refines/generalizes) with strength and how it was "
            "detected."
        },
    )

    source_argument_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("arguments.id", ondelete="CASCADE")
    )
    target_argument_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("arguments.id", ondelete="CASCADE")
    )
    relationship_type: Mapped[ArgumentRelationshipType] = mapped_column(
        ARGUMENT_RELATIONSHIP_TYPE, comment="One of: supports, contradicts, refines, generalizes"
    )
    strength: Mapped[Decimal | None] = mapped_column(Numeric(3, 2), comment="Range: 0.00 to 1.00")
    explanation: Mapped[str | None] = mapped_column(Text)
    detected_by: Mapped[DetectionMethod] = mapped_column(DETECTION_METHOD, comment="One of: automated, manual, crowd")

    source: Mapped[Argument] = relationship(back_populates="outgoing", foreign_keys=[source_argument_id])
    target: Mapped[Argument] = relationship(back_populates="incoming", foreign_keys=[target_argument_id])


class LegislativeBrief(UUIDPrimaryKey, Timestamps, Base):
    """Briefs synthesised for lawmakers from public input: summary, key arguments, stakeholder
    positions, public sentiment, constitutional implications, precedents cited, delivery to
    committee and public release.
    """

    __tablename__ = "legislative_briefs"
    __table_args__ = (
        Index("ix_legislative_briefs_bill_id_brief_type", "bill_id", "brief_type"),
        Index(
            "ix_legislative_briefs_delivered_to_committee_created_at", "delivered_to_committee", "created_at"
        ),
        Index(
            "ix_legislative_briefs_public_release_date",
            "public_release_date",
            postgresql_where=text("public_release_date IS NOT NULL"),
        ),
        CheckConstraint(
            "brief_type IN ('public_input', 'constitutional', 'stakeholder', 'comprehensive')",
            name="brief_type_values",
        ),
        CheckConstraint(
            "public_release_date IS NULL OR public_release_date >= data_cutoff_date", name="released_after_cutoff"
        ),
        {
            "comment": "Briefs synthesised for lawmakers from public input: summary, key arguments, "
            "stakeholder positions, public sentiment, constitutional implications, "
            "precedents cited, delivery to committee and public release."
        },
    )

    bill_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("bills.id", ondelete="CASCADE"))
    brief_type: Mapped[str] = mapped_column(
        String(50),
        comment="One of: public_input, constitutional, stakeholder, comprehensive "
        "(a CHECK: types are expected to grow)",
    )
    title: Mapped[str] = mapped_column(String(500))
    executive_summary: Mapped[str] = mapped_column(Text)
    key_arguments: Mapped[list[Any]] = mapped_column(JSONB, server_default=text("'[]'::jsonb"))
    stakeholder_positions: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    public_sentiment: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    constitutional_implications: Mapped[str | None] = mapped_column(Text)
    legal_precedents_cited: Mapped[list[uuid.UUID] | None] = mapped_column(ARRAY(UUID(as_uuid=True)))
    generated_by: Mapped[GenerationMethod] = mapped_column(
        GENERATION_METHOD, comment="One of: automated, expert, hybrid"
    )
    data_cutoff_date: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    delivered_to_committee: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    committee_response: Mapped[str | None] = mapped_column(Text)
    public_release_date: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    bill: Mapped[Bill] = relationship()


class SynthesisJob(UUIDPrimaryKey, CreatedAt, Base):
    """Background job queue for argument extraction, claim deduplication and brief generation: status,
    progress, parameters, results, error, timing.
    """

    __tablename__ = "synthesis_jobs"
    __table_args__ = (
        Index("ix_synthesis_jobs_status_job_type_created_at", "status", "job_type", "created_at"),
        Index(
            "ix_synthesis_jobs_bill_id_status",
            "bill_id",
            "status",
            postgresql_where=text("bill_id IS NOT NULL"),
        ),
        CheckConstraint(
            "job_type IN ('argument_extraction', 'claim_deduplication', 'brief_generation')", name="job_type_values"
        ),
        CheckConstraint("progress_percentage >= 0 AND progress_percentage <= 100", name="progress_percentage"),
        CheckConstraint(
            "completed_at IS NULL OR started_at IS NULL OR completed_at >= started_at", name="completed_after_started"
        ),
        {
            "comment": "Background job queue for argument extraction, claim deduplication and brief "
            "generation: status, progress, parameters, results, error, timing."
        },
    )

    job_type: Mapped[str] = mapped_column(
        String(50),
        comment="One of: argument_extraction, claim_deduplication, brief_generation (a CHECK: job types grow)",
    )
    bill_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("bills.id", ondelete="CASCADE")
    )
    status: Mapped[SynthesisJobStatus] = mapped_column(
        SYNTHESIS_JOB_STATUS, server_default=text("'pending'"), comment="One of: pending, running, completed, failed"
    )
    progress_percentage: Mapped[int] = mapped_column(SmallInteger, server_default=text("0"), comment="Range: 0 to 100")
    parameters: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    results: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    error_message: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    completed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    bill: Mapped[Bill | None] = relationship()


class Analysis(UUIDPrimaryKey, Timestamps, Base):
    """Generic analysis record for a bill (type, JSON results, confidence, model version, approval)."""

    __tablename__ = "analysis"
    __table_args__ = (
        Index("ix_analysis_bill_id", "bill_id"),
        Index("ix_analysis_approved_by", "approved_by"),
        _unit_interval("confidence"),
        {
            "comment": "Generic analysis record for a bill (type, JSON results, confidence, model "
            "version, approval)."
        },
    )

    bill_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("bills.id", ondelete="CASCADE"))
    analysis_type: Mapped[str] = mapped_column(String(50))
    results: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    confidence: Mapped[Decimal | None] = mapped_column(
        Numeric(5, 4), server_default=text("0"), comment="Range: 0.0000 to 1.0000"
    )
    model_version: Mapped[str | None] = mapped_column(Text)
    metadata_: Mapped[dict[str, Any] | None] = mapped_column(
        "metadata", JSONB, server_default=text("'{}'::jsonb")
    )
    is_approved: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    approved_by: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="SET NULL")
    )

    bill: Mapped[Bill] = relationship()
    approver: Mapped[User | None] = relationship()
