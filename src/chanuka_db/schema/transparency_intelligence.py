"""Transparency intelligence on sponsors and bills: financial disclosures, detected conflicts of interest,
influence networks between entities and workarounds that re-implement rejected provisions. The line items
of a disclosure are rows of transparency_analysis.financial_interests.

Foreign keys (the old feature migration left them all NO ACTION): a disclosure belongs to its sponsor and a
detected conflict to its bill and sponsor (CASCADE, like ``bill_financial_conflicts``); removing a verifier's
account keeps the disclosure (SET NULL). ``influence_networks`` is a typed edge list whose endpoints may live
in several tables (sponsors, corporate entities, industries...), so it has no foreign keys; it is indexed on
both endpoint ids for graph traversal (see :mod:`chanuka_db.transparency`).
"""

from __future__ import annotations

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
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column, relationship

from chanuka_db.schema.base import PII, Base, Timestamps, UUIDPrimaryKey
from chanuka_db.schema.foundation import Bill, Sponsor, User

if TYPE_CHECKING:
    from chanuka_db.schema.transparency_analysis import FinancialInterest

DOMAIN = "transparency_intelligence"


def _score_0_100(column: str) -> CheckConstraint:
    """``column`` is NULL or a score on the 0..100 scale its numeric(5, 2) type was sized for."""
    return CheckConstraint(f"{column} IS NULL OR ({column} >= 0 AND {column} <= 100)", name=f"{column}_range")


class FinancialDisclosure(UUIDPrimaryKey, Timestamps, Base):
    """Sponsor financial disclosures per year/type/source with JSON data and verification."""

    __tablename__ = "financial_disclosures"
    __table_args__ = (
        # Target of financial_interests (disclosure_id, sponsor_id): a line item carries the sponsor of
        # its disclosure, and this key lets PostgreSQL check that the two agree.
        UniqueConstraint("id", "sponsor_id"),
        CheckConstraint("disclosure_year >= 1963 AND disclosure_year <= 2100", name="disclosure_year_range"),
        Index("ix_financial_disclosures_sponsor_id_disclosure_year", "sponsor_id", "disclosure_year"),
        Index("ix_financial_disclosures_disclosure_year", "disclosure_year"),
        Index("ix_financial_disclosures_verification_status", "verification_status"),
        Index(
            "ix_financial_disclosures_verified_by",
            "verified_by",
            postgresql_where=text("verified_by IS NOT NULL"),
        ),
        {"comment": "Sponsor financial disclosures per year/type/source with JSON data and verification."},
    )

    sponsor_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("sponsors.id", ondelete="CASCADE"))
    disclosure_year: Mapped[int] = mapped_column(Integer, comment="Year the disclosure covers (1963..2100)")
    disclosure_type: Mapped[str | None] = mapped_column(String(50))
    source: Mapped[str | None] = mapped_column(String(100))
    filing_date: Mapped[dt.date | None] = mapped_column(Date)
    disclosure_data: Mapped[dict[str, Any]] = mapped_column(JSONB, info=PII)
    verification_status: Mapped[str] = mapped_column(String(20), server_default=text("'unverified'"))
    verified_by: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="SET NULL")
    )
    verified_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    sponsor: Mapped[Sponsor] = relationship()
    verifier: Mapped[User | None] = relationship()
    interests: Mapped[list[FinancialInterest]] = relationship(
        back_populates="disclosure", passive_deletes=True, overlaps="sponsor"
    )


class ConflictDetection(UUIDPrimaryKey, Timestamps, Base):
    """Detected conflicts of interest between a bill and a sponsor: type, severity, confidence, method,
    JSON evidence, expert consensus, disclosure quality.
    """

    __tablename__ = "conflict_detections"
    __table_args__ = (
        _score_0_100("confidence_score"),
        Index("ix_conflict_detections_bill_id", "bill_id"),
        Index("ix_conflict_detections_sponsor_id", "sponsor_id"),
        Index("ix_conflict_detections_severity_level", "severity_level"),
        Index("ix_conflict_detections_conflict_type", "conflict_type"),
        {
            "comment": "Detected conflicts of interest between a bill and a sponsor: type, severity, "
            "confidence, method, JSON evidence, expert consensus, disclosure quality."
        },
    )

    bill_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("bills.id", ondelete="CASCADE"))
    sponsor_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("sponsors.id", ondelete="CASCADE"))
    conflict_type: Mapped[str] = mapped_column(String(50))
    severity_level: Mapped[str | None] = mapped_column(String(20))
    confidence_score: Mapped[Decimal | None] = mapped_column(Numeric(5, 2), comment="0..100")
    detection_method: Mapped[str | None] = mapped_column(String(50))
    evidence_data: Mapped[dict[str, Any]] = mapped_column(JSONB)
    reviewed_by_expert: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    expert_consensus: Mapped[str | None] = mapped_column(String(20))
    public_disclosure_quality: Mapped[str | None] = mapped_column(String(20))

    bill: Mapped[Bill] = relationship()
    sponsor: Mapped[Sponsor] = relationship()


class InfluenceNetwork(UUIDPrimaryKey, Timestamps, Base):
    """Generic typed edges between entities (sponsor/organisation/industry) with relationship type,
    strength, evidence and validity dates.
    """

    __tablename__ = "influence_networks"
    __table_args__ = (
        CheckConstraint(
            "NOT (source_entity_type = target_entity_type AND source_entity_id = target_entity_id)",
            name="no_self_edge",
        ),
        _score_0_100("relationship_strength"),
        CheckConstraint("active_to IS NULL OR active_from IS NULL OR active_to >= active_from", name="active_dates"),
        # Graph traversal looks edges up by one endpoint id in either direction ("neighbours of X",
        # recursive path search), so each endpoint id leads an index; the type follows for typed lookups.
        Index("ix_influence_networks_source_entity_id_source_entity_type", "source_entity_id", "source_entity_type"),
        Index("ix_influence_networks_target_entity_id_target_entity_type", "target_entity_id", "target_entity_type"),
        Index("ix_influence_networks_relationship_type", "relationship_type"),
        {
            "comment": "Generic typed edges between entities (sponsor/organisation/industry) with "
            "relationship type, strength, evidence and validity dates."
        },
    )

    source_entity_type: Mapped[str] = mapped_column(String(50))
    source_entity_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    target_entity_type: Mapped[str] = mapped_column(String(50))
    target_entity_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    relationship_type: Mapped[str | None] = mapped_column(String(50))
    relationship_strength: Mapped[Decimal | None] = mapped_column(Numeric(5, 2), comment="0..100")
    evidence_sources: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    active_from: Mapped[dt.date | None] = mapped_column(Date)
    active_to: Mapped[dt.date | None] = mapped_column(Date)


class ImplementationWorkaround(UUIDPrimaryKey, Timestamps, Base):
    """Attempts to implement rejected bill provisions by other means (executive order, rule, court
    decision, budget), with similarity score and status.
    """

    __tablename__ = "implementation_workarounds"
    __table_args__ = (
        _score_0_100("similarity_score"),
        Index("ix_implementation_workarounds_original_bill_id", "original_bill_id"),
        Index("ix_implementation_workarounds_workaround_type", "workaround_type"),
        Index("ix_implementation_workarounds_status", "status"),
        Index("ix_implementation_workarounds_implementation_date", "implementation_date"),
        {
            "comment": "Attempts to implement rejected bill provisions by other means (executive "
            "order, rule, court decision, budget), with similarity score and status."
        },
    )

    original_bill_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("bills.id", ondelete="CASCADE"))
    workaround_type: Mapped[str | None] = mapped_column(String(50))
    workaround_document_id: Mapped[str | None] = mapped_column(String(255))
    implementing_body: Mapped[str | None] = mapped_column(String(255))
    implementation_date: Mapped[dt.date | None] = mapped_column(Date)
    provisions_reimplemented: Mapped[list[str] | None] = mapped_column(ARRAY(Text))
    similarity_score: Mapped[Decimal | None] = mapped_column(Numeric(5, 2), comment="0..100")
    detection_method: Mapped[str | None] = mapped_column(String(50))
    status: Mapped[str | None] = mapped_column(String(20))
    workaround_metadata: Mapped[dict[str, Any] | None] = mapped_column(JSONB)

    original_bill: Mapped[Bill] = relationship()
