"""The Constitution of Kenya and analyses of bills against it: provisions, versioned constitutional analyses,
legal precedents, the expert review queue and an audit trail of changes to analyses.
"""

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Boolean,
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
from sqlalchemy.orm import Mapped, mapped_column

from chanuka_db.schema.base import PII, Base, CreatedAt, Timestamps, UUIDPrimaryKey, ip_type

DOMAIN = "constitutional_intelligence"


class ConstitutionalProvision(UUIDPrimaryKey, Timestamps, Base):
    """The Constitution of Kenya broken into chapter/article/section/clause with title, text, flags
    (fundamental right, directive principle), cross-references and keywords.
    """

    __tablename__ = "constitutional_provisions"
    __table_args__ = (
        UniqueConstraint("chapter_number", "article_number", "section_number", "clause_number"),
        Index(
            "ix_constitutional_provisions_chapter_number_article_number", "chapter_number", "article_number"
        ),
        Index(
            "ix_constitutional_provisions_is_fundamental_right",
            "is_fundamental_right",
            postgresql_where=text("is_fundamental_right = true"),
        ),
        Index("ix_constitutional_provisions_keywords", "keywords", postgresql_using="gin"),
        {
            "comment": "The Constitution of Kenya broken into chapter/article/section/clause with "
            "title, text, flags (fundamental right, directive principle), cross-references "
            "and keywords."
        },
    )

    chapter_number: Mapped[int] = mapped_column(SmallInteger)
    article_number: Mapped[int | None] = mapped_column(SmallInteger)
    section_number: Mapped[int | None] = mapped_column(SmallInteger)
    clause_number: Mapped[int | None] = mapped_column(SmallInteger)
    title: Mapped[str] = mapped_column(String(500))
    full_text: Mapped[str] = mapped_column(Text)
    summary: Mapped[str | None] = mapped_column(Text)
    is_fundamental_right: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    is_directive_principle: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    enforcement_mechanism: Mapped[str | None] = mapped_column(String(100))
    related_provisions: Mapped[list[uuid.UUID] | None] = mapped_column(ARRAY(UUID(as_uuid=True)))
    keywords: Mapped[list[str] | None] = mapped_column(ARRAY(String(100)))


class ConstitutionalAnalyse(UUIDPrimaryKey, Timestamps, Base):
    """Automated/expert/hybrid analysis of a bill's constitutionality: provisions cited, potential
    violations, alignment verdict, summary, recommendations, expert-review state, versioning via
    superseded_by.
    """

    __tablename__ = "constitutional_analyses"
    __table_args__ = (
        Index(
            "ix_constitutional_analyses_bill_id_superseded_by",
            "bill_id",
            "superseded_by",
            postgresql_where=text("superseded_by IS NULL"),
        ),
        Index(
            "ix_constitutional_analyses_requires_expert_review_expe_1b8dd130",
            "requires_expert_review",
            "expert_reviewed",
            "created_at",
            postgresql_where=text("requires_expert_review = true AND expert_reviewed = false"),
        ),
        Index(
            "ix_constitutional_analyses_constitutional_alignment_co_8208c844",
            "constitutional_alignment",
            "confidence_score",
        ),
        Index("ix_constitutional_analyses_bill_id", "bill_id"),
        Index("ix_constitutional_analyses_expert_reviewer_id", "expert_reviewer_id"),
        Index("ix_constitutional_analyses_superseded_by", "superseded_by"),
        {
            "comment": "Automated/expert/hybrid analysis of a bill's constitutionality: provisions "
            "cited, potential violations, alignment verdict, summary, recommendations, "
            "expert-review state, versioning via superseded_by."
        },
    )

    bill_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("bills.id", ondelete="CASCADE"))
    analysis_type: Mapped[str] = mapped_column(String(50), comment="One of: automated, expert, hybrid")
    confidence_score: Mapped[Decimal | None] = mapped_column(Numeric(3, 2))
    constitutional_provisions_cited: Mapped[list[uuid.UUID] | None] = mapped_column(ARRAY(UUID(as_uuid=True)))
    potential_violations: Mapped[list[Any]] = mapped_column(JSONB, server_default=text("'[]'::jsonb"))
    constitutional_alignment: Mapped[str | None] = mapped_column(
        String(20), comment="One of: aligned, concerning, violates"
    )
    executive_summary: Mapped[str] = mapped_column(Text)
    detailed_analysis: Mapped[str | None] = mapped_column(Text)
    recommendations: Mapped[str | None] = mapped_column(Text)
    requires_expert_review: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    expert_reviewed: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    expert_reviewer_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="SET NULL")
    )
    expert_notes: Mapped[str | None] = mapped_column(Text)
    analysis_version: Mapped[int] = mapped_column(Integer, server_default=text("1"))
    superseded_by: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("constitutional_analyses.id", ondelete="SET NULL")
    )


class LegalPrecedent(UUIDPrimaryKey, Timestamps, Base):
    """Case law: case name/number, court level, judgment date, judges, summary, legal principle,
    provisions involved, precedent strength, citation.
    """

    __tablename__ = "legal_precedents"
    __table_args__ = (
        Index("ix_legal_precedents_case_name", "case_name"),
        Index("ix_legal_precedents_court_level_judgment_date", "court_level", "judgment_date"),
        Index(
            "ix_legal_precedents_constitutional_provisions_involved",
            "constitutional_provisions_involved",
            postgresql_using="gin",
        ),
        {
            "comment": "Case law: case name/number, court level, judgment date, judges, summary, legal "
            "principle, provisions involved, precedent strength, citation."
        },
    )

    case_name: Mapped[str] = mapped_column(String(500))
    case_number: Mapped[str | None] = mapped_column(String(100))
    court_level: Mapped[str] = mapped_column(
        String(50), comment="One of: High Court, Court of Appeal, Supreme Court"
    )
    judgment_date: Mapped[dt.date | None] = mapped_column(Date)
    judges: Mapped[list[str] | None] = mapped_column(ARRAY(String(100)))
    case_summary: Mapped[str | None] = mapped_column(Text)
    legal_principle: Mapped[str | None] = mapped_column(Text)
    constitutional_provisions_involved: Mapped[list[uuid.UUID] | None] = mapped_column(
        ARRAY(UUID(as_uuid=True))
    )
    precedent_strength: Mapped[str | None] = mapped_column(
        String(20), comment="One of: binding, persuasive, distinguishable"
    )
    judgment_url: Mapped[str | None] = mapped_column(String(500))
    citation: Mapped[str | None] = mapped_column(String(200))


class ExpertReviewQueue(UUIDPrimaryKey, Timestamps, Base):
    """Queue of constitutional analyses awaiting human expert review: priority, reason, assignee,
    status, completion notes.
    """

    __tablename__ = "expert_review_queue"
    __table_args__ = (
        Index(
            "ix_expert_review_queue_status_priority_level_created_at",
            "status",
            "priority_level",
            "created_at",
        ),
        Index(
            "ix_expert_review_queue_assigned_expert_id_status",
            "assigned_expert_id",
            "status",
            postgresql_where=text("assigned_expert_id IS NOT NULL"),
        ),
        Index("ix_expert_review_queue_bill_id_status", "bill_id", "status"),
        Index("ix_expert_review_queue_analysis_id", "analysis_id"),
        {
            "comment": "Queue of constitutional analyses awaiting human expert review: priority, "
            "reason, assignee, status, completion notes."
        },
    )

    analysis_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("constitutional_analyses.id", ondelete="CASCADE")
    )
    bill_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("bills.id", ondelete="CASCADE"))
    priority_level: Mapped[str] = mapped_column(
        String(20), server_default=text("'medium'"), comment="One of: low, medium, high, urgent"
    )
    review_reason: Mapped[str] = mapped_column(
        String(100), comment="One of: low_confidence, complex_issue, public_interest"
    )
    assigned_expert_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="SET NULL")
    )
    assigned_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(
        String(20),
        server_default=text("'pending'"),
        comment="One of: pending, assigned, in_review, completed, escalated",
    )
    completed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    review_notes: Mapped[str | None] = mapped_column(Text)


class AnalysisAuditTrail(UUIDPrimaryKey, CreatedAt, Base):
    """Audit log of changes to constitutional analyses: action, actor and actor type, JSON diff,
    reason, IP and user agent.
    """

    __tablename__ = "analysis_audit_trail"
    __table_args__ = (
        Index(
            "ix_analysis_audit_trail_analysis_id_action_type_created_at",
            "analysis_id",
            "action_type",
            "created_at",
        ),
        Index("ix_analysis_audit_trail_actor_type_created_at", "actor_type", "created_at"),
        Index("ix_analysis_audit_trail_actor_id", "actor_id"),
        {
            "comment": "Audit log of changes to constitutional analyses: action, actor and actor type, "
            "JSON diff, reason, IP and user agent."
        },
    )

    analysis_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("constitutional_analyses.id", ondelete="CASCADE")
    )
    action_type: Mapped[str] = mapped_column(
        String(50), comment="One of: created, updated, reviewed, superseded"
    )
    actor_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="SET NULL")
    )
    actor_type: Mapped[str] = mapped_column(String(20), comment="One of: system, expert, admin")
    changes_made: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    reason: Mapped[str | None] = mapped_column(Text)
    ip_address: Mapped[str | None] = mapped_column(ip_type(), info=PII)
    user_agent: Mapped[str | None] = mapped_column(Text, info=PII)
