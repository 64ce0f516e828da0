"""Transparency intelligence on sponsors and bills: financial disclosures, detected conflicts of interest,
influence networks between entities and workarounds that re-implement rejected provisions. The line items
of a disclosure are rows of transparency_analysis.financial_interests.
"""

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, Numeric, String, Text, func, text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from chanuka_db.schema.base import Base, CreatedAt, UUIDPrimaryKey

DOMAIN = "transparency_intelligence"


class FinancialDisclosure(UUIDPrimaryKey, CreatedAt, Base):
    """Sponsor financial disclosures per year/type/source with JSON data and verification."""

    __tablename__ = "financial_disclosures"
    __table_args__ = (
        Index("ix_financial_disclosures_sponsor_id", "sponsor_id"),
        Index("ix_financial_disclosures_disclosure_year", "disclosure_year"),
        Index("ix_financial_disclosures_verification_status", "verification_status"),
        Index("ix_financial_disclosures_verified_by", "verified_by"),
        {"comment": "Sponsor financial disclosures per year/type/source with JSON data and verification."},
    )

    sponsor_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("sponsors.id"))
    disclosure_year: Mapped[int] = mapped_column(Integer)
    disclosure_type: Mapped[str | None] = mapped_column(String(50))
    source: Mapped[str | None] = mapped_column(String(100))
    filing_date: Mapped[dt.date | None] = mapped_column(Date)
    disclosure_data: Mapped[dict[str, Any]] = mapped_column(JSONB)
    verification_status: Mapped[str | None] = mapped_column(String(20), server_default=text("'unverified'"))
    verified_by: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True), ForeignKey("users.id"))
    verified_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), server_default=func.now())


class ConflictDetection(UUIDPrimaryKey, CreatedAt, Base):
    """Detected conflicts of interest between a bill and a sponsor: type, severity, confidence, method,
    JSON evidence, expert consensus, disclosure quality.
    """

    __tablename__ = "conflict_detections"
    __table_args__ = (
        Index("ix_conflict_detections_bill_id", "bill_id"),
        Index("ix_conflict_detections_sponsor_id", "sponsor_id"),
        Index("ix_conflict_detections_severity_level", "severity_level"),
        Index("ix_conflict_detections_conflict_type", "conflict_type"),
        {
            "comment": "Detected conflicts of interest between a bill and a sponsor: type, severity, "
            "confidence, method, JSON evidence, expert consensus, disclosure quality."
        },
    )

    bill_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("bills.id"))
    sponsor_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("sponsors.id"))
    conflict_type: Mapped[str] = mapped_column(String(50))
    severity_level: Mapped[str | None] = mapped_column(String(20))
    confidence_score: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    detection_method: Mapped[str | None] = mapped_column(String(50))
    evidence_data: Mapped[dict[str, Any]] = mapped_column(JSONB)
    reviewed_by_expert: Mapped[bool | None] = mapped_column(Boolean, server_default=text("false"))
    expert_consensus: Mapped[str | None] = mapped_column(String(20))
    public_disclosure_quality: Mapped[str | None] = mapped_column(String(20))
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), server_default=func.now())


class InfluenceNetwork(UUIDPrimaryKey, CreatedAt, Base):
    """Generic typed edges between entities (sponsor/organisation/industry) with relationship type,
    strength, evidence and validity dates.
    """

    __tablename__ = "influence_networks"
    __table_args__ = (
        Index(
            "ix_influence_networks_source_entity_type_source_entity_id",
            "source_entity_type",
            "source_entity_id",
        ),
        Index(
            "ix_influence_networks_target_entity_type_target_entity_id",
            "target_entity_type",
            "target_entity_id",
        ),
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
    relationship_strength: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    evidence_sources: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    active_from: Mapped[dt.date | None] = mapped_column(Date)
    active_to: Mapped[dt.date | None] = mapped_column(Date)
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), server_default=func.now())


class ImplementationWorkaround(UUIDPrimaryKey, CreatedAt, Base):
    """Attempts to implement rejected bill provisions by other means (executive order, rule, court
    decision, budget), with similarity score and status.
    """

    __tablename__ = "implementation_workarounds"
    __table_args__ = (
        Index("ix_implementation_workarounds_original_bill_id", "original_bill_id"),
        Index("ix_implementation_workarounds_workaround_type", "workaround_type"),
        Index("ix_implementation_workarounds_status", "status"),
        Index("ix_implementation_workarounds_implementation_date", "implementation_date"),
        {
            "comment": "Attempts to implement rejected bill provisions by other means (executive "
            "order, rule, court decision, budget), with similarity score and status."
        },
    )

    original_bill_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("bills.id"))
    workaround_type: Mapped[str | None] = mapped_column(String(50))
    workaround_document_id: Mapped[str | None] = mapped_column(String(255))
    implementing_body: Mapped[str | None] = mapped_column(String(255))
    implementation_date: Mapped[dt.date | None] = mapped_column(Date)
    provisions_reimplemented: Mapped[list[str] | None] = mapped_column(ARRAY(Text))
    similarity_score: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    detection_method: Mapped[str | None] = mapped_column(String(50))
    status: Mapped[str | None] = mapped_column(String(20))
    workaround_metadata: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), server_default=func.now())
