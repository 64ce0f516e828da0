"""The Constitution of Kenya and analyses of bills against it: provisions, versioned constitutional analyses,
legal precedents, the expert review queue and an audit trail of changes to analyses.

Provisions form a hierarchy (chapter > article > section > clause). ``path`` is derived by PostgreSQL from
the four numbers (a generated column, so it can never disagree with them), written in ltree syntax
(``ch4.art27.sec1.cl2``) and GiST-indexed as ``text2ltree(path)``: a provision's ancestors or its whole
subtree are one indexed query (see :mod:`chanuka_db.graph`).
"""

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Computed,
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
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID, ExcludeConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from chanuka_db.schema.base import PII, Base, CreatedAt, Timestamps, UUIDPrimaryKey, ip_type
from chanuka_db.schema.enums import (
    ANALYSIS_ACTOR_TYPE,
    CONSTITUTIONAL_ALIGNMENT,
    COURT_LEVEL,
    GENERATION_METHOD,
    PRECEDENT_STRENGTH,
    REVIEW_QUEUE_PRIORITY,
    REVIEW_QUEUE_STATUS,
    AnalysisActorType,
    ConstitutionalAlignment,
    CourtLevel,
    GenerationMethod,
    PrecedentStrength,
    ReviewQueuePriority,
    ReviewQueueStatus,
)
from chanuka_db.schema.foundation import Bill, User

DOMAIN = "constitutional_intelligence"

#: SQL of the generated ``constitutional_provisions.path``: one ltree label per level that is set.
#: Only immutable functions (integer output, concatenation, CASE), as a generated column requires.
PROVISION_PATH_SQL = (
    "'ch' || chapter_number::text"
    " || CASE WHEN article_number IS NULL THEN '' ELSE '.art' || article_number::text END"
    " || CASE WHEN section_number IS NULL THEN '' ELSE '.sec' || section_number::text END"
    " || CASE WHEN clause_number IS NULL THEN '' ELSE '.cl' || clause_number::text END"
)


def _unit_interval(column: str) -> CheckConstraint:
    """``column`` is NULL or between 0 and 1 (scores and confidences stored as numeric(3,2))."""
    return CheckConstraint(f"{column} IS NULL OR ({column} >= 0 AND {column} <= 1)", name=column)


class ConstitutionalProvision(UUIDPrimaryKey, Timestamps, Base):
    """The Constitution of Kenya broken into chapter/article/section/clause with title, text, flags
    (fundamental right, directive principle), cross-references and keywords.
    """

    __tablename__ = "constitutional_provisions"
    __table_args__ = (
        # NULLS NOT DISTINCT: the old constraint let two "chapter 4" rows (article NULL) coexist.
        UniqueConstraint(
            "chapter_number",
            "article_number",
            "section_number",
            "clause_number",
            name="uq_constitutional_provisions_reference",
            postgresql_nulls_not_distinct=True,
        ),
        Index(
            "ix_constitutional_provisions_is_fundamental_right",
            "is_fundamental_right",
            postgresql_where=text("is_fundamental_right = true"),
        ),
        Index("ix_constitutional_provisions_keywords", "keywords", postgresql_using="gin"),
        Index("ix_constitutional_provisions_path", text("text2ltree(path)"), postgresql_using="gist"),
        CheckConstraint(
            "chapter_number >= 1 AND (article_number IS NULL OR article_number >= 1) "
            "AND (section_number IS NULL OR section_number >= 1) AND (clause_number IS NULL OR clause_number >= 1)",
            name="numbers_positive",
        ),
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
    path: Mapped[str] = mapped_column(
        Text,
        Computed(PROVISION_PATH_SQL, persisted=True),
        comment="Generated from the numbers, in ltree syntax (ch4.art27.sec1.cl2); GiST-indexed as "
        "text2ltree(path) for ancestor and subtree queries. Not in the old schema.",
    )


class ConstitutionalAnalysis(UUIDPrimaryKey, Timestamps, Base):
    """Automated/expert/hybrid analysis of a bill's constitutionality: provisions cited, potential
    violations, alignment verdict, summary, recommendations, expert-review state, versioning via
    superseded_by.
    """

    __tablename__ = "constitutional_analyses"
    __table_args__ = (
        # One current (not superseded) analysis per bill, checked at commit: a new version is inserted and
        # the old one pointed at it in the same transaction. Replaces the old non-unique partial index
        # idx_constitutional_analyses_bill_current, whose job this constraint's index now does.
        ExcludeConstraint(
            ("bill_id", "="),
            name="xcl_constitutional_analyses_one_current_per_bill",
            using="btree",
            where=text("superseded_by IS NULL"),
            deferrable=True,
            initially="DEFERRED",
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
        _unit_interval("confidence_score"),
        CheckConstraint("analysis_version >= 1", name="analysis_version"),
        CheckConstraint("superseded_by IS NULL OR superseded_by <> id", name="not_superseded_by_itself"),
        {
            "comment": "Automated/expert/hybrid analysis of a bill's constitutionality: provisions "
            "cited, potential violations, alignment verdict, summary, recommendations, "
            "expert-review state, versioning via superseded_by."
        },
    )

    bill_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("bills.id", ondelete="CASCADE"))
    analysis_type: Mapped[GenerationMethod] = mapped_column(
        GENERATION_METHOD, comment="One of: automated, expert, hybrid"
    )
    confidence_score: Mapped[Decimal | None] = mapped_column(Numeric(3, 2), comment="Range: 0.00 to 1.00")
    constitutional_provisions_cited: Mapped[list[uuid.UUID] | None] = mapped_column(ARRAY(UUID(as_uuid=True)))
    potential_violations: Mapped[list[Any]] = mapped_column(JSONB, server_default=text("'[]'::jsonb"))
    constitutional_alignment: Mapped[ConstitutionalAlignment | None] = mapped_column(
        CONSTITUTIONAL_ALIGNMENT, comment="One of: aligned, concerning, violates"
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
        UUID(as_uuid=True),
        ForeignKey("constitutional_analyses.id", ondelete="SET NULL"),
        comment="The newer version of this analysis; NULL for the current one (at most one per bill)",
    )

    bill: Mapped[Bill] = relationship()
    expert_reviewer: Mapped[User | None] = relationship()
    newer_version: Mapped["ConstitutionalAnalysis | None"] = relationship(
        remote_side="ConstitutionalAnalysis.id", foreign_keys=[superseded_by]
    )
    review_items: Mapped[list["ExpertReviewQueue"]] = relationship(
        back_populates="analysis", cascade="all, delete-orphan", passive_deletes=True
    )
    audit_entries: Mapped[list["AnalysisAuditTrail"]] = relationship(
        back_populates="analysis",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="AnalysisAuditTrail.created_at",
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
    court_level: Mapped[CourtLevel] = mapped_column(
        COURT_LEVEL,
        comment="The court_level enum: supreme, appeal, high, magistrate, tribunal (the old varchar held "
        "'Supreme Court', 'Court of Appeal', 'High Court')",
    )
    judgment_date: Mapped[dt.date | None] = mapped_column(Date)
    judges: Mapped[list[str] | None] = mapped_column(ARRAY(String(100)))
    case_summary: Mapped[str | None] = mapped_column(Text)
    legal_principle: Mapped[str | None] = mapped_column(Text)
    constitutional_provisions_involved: Mapped[list[uuid.UUID] | None] = mapped_column(
        ARRAY(UUID(as_uuid=True))
    )
    precedent_strength: Mapped[PrecedentStrength | None] = mapped_column(
        PRECEDENT_STRENGTH, comment="One of: binding, persuasive, distinguishable"
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
        CheckConstraint(
            "review_reason IN ('low_confidence', 'complex_issue', 'public_interest')", name="review_reason_values"
        ),
        CheckConstraint(
            "completed_at IS NULL OR assigned_at IS NULL OR completed_at >= assigned_at",
            name="completed_after_assigned",
        ),
        CheckConstraint("status <> 'completed' OR completed_at IS NOT NULL", name="completed_has_completed_at"),
        {
            "comment": "Queue of constitutional analyses awaiting human expert review: priority, "
            "reason, assignee, status, completion notes."
        },
    )

    analysis_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("constitutional_analyses.id", ondelete="CASCADE")
    )
    bill_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("bills.id", ondelete="CASCADE"))
    priority_level: Mapped[ReviewQueuePriority] = mapped_column(
        REVIEW_QUEUE_PRIORITY, server_default=text("'medium'"), comment="One of: low, medium, high, urgent"
    )
    review_reason: Mapped[str] = mapped_column(
        String(100),
        comment="One of: low_confidence, complex_issue, public_interest (a CHECK: reasons are expected to grow)",
    )
    assigned_expert_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="SET NULL")
    )
    assigned_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    status: Mapped[ReviewQueueStatus] = mapped_column(
        REVIEW_QUEUE_STATUS,
        server_default=text("'pending'"),
        comment="One of: pending, assigned, in_review, completed, escalated",
    )
    completed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    review_notes: Mapped[str | None] = mapped_column(Text)

    analysis: Mapped[ConstitutionalAnalysis] = relationship(back_populates="review_items")
    bill: Mapped[Bill] = relationship()
    assigned_expert: Mapped[User | None] = relationship()


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
        CheckConstraint(
            "action_type IN ('created', 'updated', 'reviewed', 'superseded')", name="action_type_values"
        ),
        {
            "comment": "Audit log of changes to constitutional analyses: action, actor and actor type, "
            "JSON diff, reason, IP and user agent."
        },
    )

    analysis_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("constitutional_analyses.id", ondelete="CASCADE")
    )
    action_type: Mapped[str] = mapped_column(
        String(50), comment="One of: created, updated, reviewed, superseded (a CHECK: actions are expected to grow)"
    )
    actor_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="SET NULL"), info=PII
    )
    actor_type: Mapped[AnalysisActorType] = mapped_column(
        ANALYSIS_ACTOR_TYPE, comment="One of: system, expert, admin"
    )
    changes_made: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    reason: Mapped[str | None] = mapped_column(Text)
    ip_address: Mapped[str | None] = mapped_column(ip_type(), info=PII)
    user_agent: Mapped[str | None] = mapped_column(Text, info=PII)

    analysis: Mapped[ConstitutionalAnalysis] = relationship(back_populates="audit_entries")
    actor: Mapped[User | None] = relationship()
