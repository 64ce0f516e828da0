""" "Follow the money": corporate entities, financial interests of sponsors (including the line items of their
financial disclosures), lobbying, financial conflicts of interest on bills, cross-sector ownership and
regulatory-capture indicators.

``financial_interests`` is the one table behind both old definitions of that name (see
docs/compatibility.md): a sponsor's declared stake in a corporate entity, and a line item of a financial
disclosure (``disclosure_id``), which may also be matched to a corporate entity. Money is ``numeric``,
percentages are 0..100, confidences 0..1. Ownership, lobbying, interests and conflicts form a graph
queried by :mod:`chanuka_db.transparency`; every edge endpoint leads an index.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column, relationship

from chanuka_db.schema.base import PII, Base, Timestamps, UUIDPrimaryKey, email_check, email_type
from chanuka_db.schema.enums import (
    CAPTURE_INDICATOR_STRENGTH,
    CAPTURE_INVESTIGATION_STATUS,
    CORPORATE_COMPLIANCE_STATUS,
    CORPORATE_VERIFICATION_STATUS,
    FINANCIAL_CONFLICT_STATUS,
    INTEREST_HOLDER_TYPE,
    OWNERSHIP_CONTROL_LEVEL,
    SEVERITY,
    SOURCE_RELIABILITY,
    CaptureIndicatorStrength,
    CaptureInvestigationStatus,
    CorporateComplianceStatus,
    CorporateVerificationStatus,
    FinancialConflictStatus,
    InterestHolderType,
    OwnershipControlLevel,
    Severity,
    SourceReliability,
)
from chanuka_db.schema.foundation import Bill, Sponsor
from chanuka_db.schema.transparency_intelligence import FinancialDisclosure

DOMAIN = "transparency_analysis"

# Documented value sets that may grow (new kinds of entity, source, method...): named CHECKs, extended by a
# migration. Closed sets (statuses, levels, strengths) are PostgreSQL enums in schema/enums.py.
ENTITY_TYPES = ("corporation", "ngo", "government_agency", "international_org")
ENTITY_DATA_SOURCES = ("official_registry", "public_filings", "media_reports", "user_submitted")
RELATIONSHIPS_TO_SPONSOR = ("spouse", "child", "business_partner")
INTEREST_TYPES = ("stock", "business", "property", "income")
DISCLOSURE_SOURCES = ("parliamentary_register", "company_filings", "media_investigation")
LOBBYING_ACTIVITY_TYPES = ("meeting", "communication", "event", "campaign", "gift")
LOBBYING_INFORMATION_SOURCES = ("official_register", "media_report", "whistleblower", "investigation")
CONFLICT_TYPES = ("direct_benefit", "competitive_advantage", "regulatory_relief", "contract_opportunity")
CONFLICT_DETECTION_METHODS = ("automated", "manual_review", "public_report", "investigation")
OWNERSHIP_TYPES = ("direct_shareholding", "subsidiary", "joint_venture", "partnership")
CAPTURE_INDICATOR_TYPES = ("revolving_door", "concentrated_lobbying", "regulatory_favoritism", "policy_alignment")
CAPTURE_DETECTION_METHODS = ("pattern_analysis", "investigation", "whistleblower", "academic_study")


def values_check(column: str, values: Sequence[str]) -> CheckConstraint:
    """``column IN (...)`` named ``<column>_values`` (NULL passes, as for any CHECK)."""
    listed = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({listed})", name=f"{column}_values")


def non_negative(*columns: str, name: str) -> CheckConstraint:
    """Every one of ``columns`` is NULL or >= 0."""
    return CheckConstraint(" AND ".join(f"({c} IS NULL OR {c} >= 0)" for c in columns), name=name)


def within(column: str, low: int, high: int) -> CheckConstraint:
    """``column`` is NULL or within ``low..high`` (named ``<column>_range``)."""
    return CheckConstraint(f"{column} IS NULL OR ({column} >= {low} AND {column} <= {high})", name=f"{column}_range")


def date_order(start: str, end: str, *, name: str) -> CheckConstraint:
    """``end`` is not before ``start`` when both are known."""
    return CheckConstraint(f"{start} IS NULL OR {end} IS NULL OR {end} >= {start}", name=name)


class CorporateEntity(UUIDPrimaryKey, Timestamps, Base):
    """Companies, NGOs, agencies and other organisations: identity and registration, sector and
    activities, revenue, addresses, parent company, ownership structure, executives, listing,
    licences, compliance, data provenance and verification.
    """

    __tablename__ = "corporate_entities"
    __table_args__ = (
        email_check("contact_email"),
        values_check("entity_type", ENTITY_TYPES),
        values_check("data_source", ENTITY_DATA_SOURCES),
        non_negative("annual_revenue", "employee_count", name="non_negative"),
        CheckConstraint("parent_company_id IS NULL OR parent_company_id <> id", name="parent_not_self"),
        Index("ix_corporate_entities_name", "name"),
        # One record per registered company and country (the registry number is the natural key).
        Index(
            "uq_corporate_entities_registration_number_country",
            "registration_number",
            "registration_country",
            unique=True,
            postgresql_where=text("registration_number IS NOT NULL"),
        ),
        Index("ix_corporate_entities_industry_sector_annual_revenue", "industry_sector", "annual_revenue"),
        Index(
            "ix_corporate_entities_parent_company_id",
            "parent_company_id",
            postgresql_where=text("parent_company_id IS NOT NULL"),
        ),
        Index(
            "ix_corporate_entities_is_publicly_traded_stock_exchange",
            "is_publicly_traded",
            "stock_exchange",
            postgresql_where=text("is_publicly_traded = true"),
        ),
        Index("ix_corporate_entities_verification_status_last_updated", "verification_status", "last_updated"),
        {
            "comment": "Companies, NGOs, agencies and other organisations: identity and registration, "
            "sector and activities, revenue, addresses, parent company, ownership "
            "structure, executives, listing, licences, compliance, data provenance and "
            "verification."
        },
    )

    name: Mapped[str] = mapped_column(String(500))
    legal_name: Mapped[str | None] = mapped_column(String(500))
    registration_number: Mapped[str | None] = mapped_column(
        String(100), comment="Registry number; unique per registration_country when present"
    )
    entity_type: Mapped[str] = mapped_column(
        String(50), comment="One of: corporation, ngo, government_agency, international_org"
    )
    industry_sector: Mapped[str | None] = mapped_column(String(100))
    business_activities: Mapped[list[str] | None] = mapped_column(ARRAY(String(100)))
    annual_revenue: Mapped[Decimal | None] = mapped_column(Numeric(15, 2))
    employee_count: Mapped[int | None] = mapped_column(Integer)
    incorporation_date: Mapped[dt.date | None] = mapped_column(Date)
    registration_country: Mapped[str] = mapped_column(String(5), server_default=text("'KE'"))
    tax_id: Mapped[str | None] = mapped_column(String(50))
    headquarters_address: Mapped[str | None] = mapped_column(Text)
    kenya_office_address: Mapped[str | None] = mapped_column(Text)
    official_address: Mapped[str | None] = mapped_column(Text)
    contact_email: Mapped[str | None] = mapped_column(email_type(), info=PII)
    contact_phone: Mapped[str | None] = mapped_column(String(50), info=PII)
    website_url: Mapped[str | None] = mapped_column(String(500))
    parent_company_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("corporate_entities.id", ondelete="SET NULL")
    )
    ownership_structure: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    key_executives: Mapped[list[Any]] = mapped_column(
        JSONB, server_default=text("'[]'::jsonb"), info=PII, comment="Names and roles of executives (personal data)"
    )
    is_publicly_traded: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    stock_exchange: Mapped[str | None] = mapped_column(String(50))
    stock_symbol: Mapped[str | None] = mapped_column(String(20))
    regulatory_licenses: Mapped[list[str] | None] = mapped_column(ARRAY(String(100)))
    compliance_status: Mapped[CorporateComplianceStatus | None] = mapped_column(
        CORPORATE_COMPLIANCE_STATUS, comment="One of: compliant, under_review, violations"
    )
    data_source: Mapped[str | None] = mapped_column(
        String(100), comment="One of: official_registry, public_filings, media_reports, user_submitted"
    )
    verification_status: Mapped[CorporateVerificationStatus] = mapped_column(
        CORPORATE_VERIFICATION_STATUS,
        server_default=text("'unverified'"),
        comment="One of: unverified, verified, disputed",
    )
    last_updated: Mapped[dt.date] = mapped_column(Date, server_default=text("CURRENT_DATE"))

    parent_company: Mapped[CorporateEntity | None] = relationship(
        remote_side="CorporateEntity.id", back_populates="subsidiaries"
    )
    subsidiaries: Mapped[list[CorporateEntity]] = relationship(back_populates="parent_company", passive_deletes=True)
    financial_interests: Mapped[list[FinancialInterest]] = relationship(back_populates="entity", passive_deletes=True)


class FinancialInterest(UUIDPrimaryKey, Timestamps, Base):
    """Financial stake of a sponsor (or a family member/associate) in a corporate entity: type
    (shareholding, directorship...), percentage, value, income, timeline, disclosure and conflict
    assessment; also the individual interests listed in a financial disclosure (stock, business,
    property, income) with value range and ownership %.
    """

    __tablename__ = "financial_interests"
    __table_args__ = (
        # A line item of a disclosure carries the disclosure's sponsor: the composite key makes PostgreSQL
        # check that they agree (and follow a correction of the disclosure's sponsor).
        ForeignKeyConstraint(
            ["disclosure_id", "sponsor_id"],
            ["financial_disclosures.id", "financial_disclosures.sponsor_id"],
            ondelete="CASCADE",
            onupdate="CASCADE",
        ),
        # An interest is either declared in a disclosure or held in a known corporate entity (or both).
        CheckConstraint("disclosure_id IS NOT NULL OR entity_id IS NOT NULL", name="entity_or_disclosure"),
        CheckConstraint("disclosure_id IS NULL OR sponsor_id IS NOT NULL", name="disclosure_sponsor"),
        # The holder is identified: the sponsor by id, a family member or associate by name.
        CheckConstraint(
            "(holder_type = 'sponsor' AND sponsor_id IS NOT NULL)"
            " OR (holder_type <> 'sponsor' AND holder_name IS NOT NULL)",
            name="holder_identified",
        ),
        values_check("relationship_to_sponsor", RELATIONSHIPS_TO_SPONSOR),
        values_check("interest_type", INTEREST_TYPES),
        values_check("disclosure_source", DISCLOSURE_SOURCES),
        within("ownership_percentage", 0, 100),
        non_negative(
            "estimated_value",
            "annual_income",
            "estimated_value_min",
            "estimated_value_max",
            name="amounts_non_negative",
        ),
        CheckConstraint(
            "estimated_value_min IS NULL OR estimated_value_max IS NULL OR estimated_value_max >= estimated_value_min",
            name="value_range_order",
        ),
        date_order("start_date", "end_date", name="date_order"),
        Index(
            "ix_financial_interests_sponsor_id_entity_id_is_current",
            "sponsor_id",
            "entity_id",
            "is_current",
            postgresql_where=text("sponsor_id IS NOT NULL"),
        ),
        Index(
            "ix_financial_interests_entity_id_interest_type_is_current",
            "entity_id",
            "interest_type",
            "is_current",
        ),
        Index(
            "ix_financial_interests_potential_conflict_is_current",
            "potential_conflict",
            "is_current",
            postgresql_where=text("potential_conflict = true AND is_current = true"),
        ),
        Index(
            "ix_financial_interests_is_publicly_disclosed_disclosure_date",
            "is_publicly_disclosed",
            "disclosure_date",
        ),
        Index(
            "ix_financial_interests_disclosure_id",
            "disclosure_id",
            postgresql_where=text("disclosure_id IS NOT NULL"),
        ),
        Index("ix_financial_interests_interest_type", "interest_type"),
        Index("ix_financial_interests_industry_sector", "industry_sector"),
        {
            "comment": "Financial stake of a sponsor (or a family member/associate) in a corporate "
            "entity: type (shareholding, directorship...), percentage, value, income, "
            "timeline, disclosure and conflict assessment; also the individual interests "
            "listed in a financial disclosure (stock, business, property, income) with "
            "value range and ownership %."
        },
    )

    holder_type: Mapped[InterestHolderType] = mapped_column(
        INTEREST_HOLDER_TYPE,
        server_default=text("'sponsor'"),
        comment="One of: sponsor, family_member, associate",
    )
    sponsor_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True),
        ForeignKey("sponsors.id", ondelete="CASCADE"),
        comment="The sponsor the interest is about (holder or relative); for a disclosure item, its disclosure's",
    )
    holder_name: Mapped[str | None] = mapped_column(String(200), info=PII)
    relationship_to_sponsor: Mapped[str | None] = mapped_column(
        String(100), comment="One of: spouse, child, business_partner"
    )
    entity_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True),
        ForeignKey("corporate_entities.id", ondelete="SET NULL"),
        comment="Corporate entity the interest is in; required unless the row is a disclosure line item",
    )
    interest_type: Mapped[str] = mapped_column(String(50), comment="One of: stock, business, property, income")
    position_title: Mapped[str | None] = mapped_column(String(200))
    ownership_percentage: Mapped[Decimal | None] = mapped_column(Numeric(5, 2), comment="0..100")
    estimated_value: Mapped[Decimal | None] = mapped_column(Numeric(15, 2))
    annual_income: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    is_current: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    disclosure_source: Mapped[str | None] = mapped_column(
        String(100), comment="One of: parliamentary_register, company_filings, media_investigation"
    )
    disclosure_date: Mapped[dt.date | None] = mapped_column(Date)
    is_publicly_disclosed: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    potential_conflict: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    conflict_description: Mapped[str | None] = mapped_column(Text)
    disclosure_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), comment="Financial disclosure listing this interest (line item), if any"
    )
    entity_name: Mapped[str | None] = mapped_column(
        String(255), comment="Name as written in the disclosure (kept when the entity link is removed)"
    )
    industry_sector: Mapped[str | None] = mapped_column(String(100))
    estimated_value_min: Mapped[Decimal | None] = mapped_column(Numeric(15, 2))
    estimated_value_max: Mapped[Decimal | None] = mapped_column(Numeric(15, 2))
    interest_metadata: Mapped[dict[str, Any] | None] = mapped_column(JSONB)

    sponsor: Mapped[Sponsor | None] = relationship(overlaps="disclosure,interests")
    entity: Mapped[CorporateEntity | None] = relationship(back_populates="financial_interests")
    disclosure: Mapped[FinancialDisclosure | None] = relationship(back_populates="interests", overlaps="sponsor")


class LobbyingActivity(UUIDPrimaryKey, Timestamps, Base):
    """Recorded lobbying contacts: type, lobbyist (entity or name), target sponsor/institution, date,
    description, topics, target bills, policy areas, cost, gifts, disclosure status, information
    source and reliability.
    """

    __tablename__ = "lobbying_activities"
    __table_args__ = (
        values_check("activity_type", LOBBYING_ACTIVITY_TYPES),
        values_check("information_source", LOBBYING_INFORMATION_SOURCES),
        non_negative("estimated_cost", name="estimated_cost_non_negative"),
        Index(
            "ix_lobbying_activities_lobbyist_entity_id_activity_date",
            "lobbyist_entity_id",
            "activity_date",
            postgresql_where=text("lobbyist_entity_id IS NOT NULL"),
        ),
        Index(
            "ix_lobbying_activities_target_sponsor_id_activity_date",
            "target_sponsor_id",
            "activity_date",
            postgresql_where=text("target_sponsor_id IS NOT NULL"),
        ),
        Index("ix_lobbying_activities_target_bills", "target_bills", postgresql_using="gin"),
        Index(
            "ix_lobbying_activities_disclosure_required_is_disclose_91bdd0e2",
            "disclosure_required",
            "is_disclosed",
            "activity_date",
        ),
        {
            "comment": "Recorded lobbying contacts: type, lobbyist (entity or name), target "
            "sponsor/institution, date, description, topics, target bills, policy areas, "
            "cost, gifts, disclosure status, information source and reliability."
        },
    )

    activity_type: Mapped[str] = mapped_column(
        String(50), comment="One of: meeting, communication, event, campaign, gift"
    )
    lobbyist_entity_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("corporate_entities.id", ondelete="SET NULL")
    )
    lobbyist_name: Mapped[str | None] = mapped_column(String(200), info=PII)
    target_sponsor_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("sponsors.id", ondelete="SET NULL")
    )
    target_institution: Mapped[str | None] = mapped_column(String(200), comment="e.g. Parliament, Ministry of Health")
    activity_date: Mapped[dt.date] = mapped_column(Date)
    activity_description: Mapped[str] = mapped_column(Text)
    topics_discussed: Mapped[list[str] | None] = mapped_column(ARRAY(String(100)))
    target_bills: Mapped[list[uuid.UUID] | None] = mapped_column(
        ARRAY(UUID(as_uuid=True)), comment="Ids of bills.id (no FK: PostgreSQL has none for array elements)"
    )
    policy_areas: Mapped[list[str] | None] = mapped_column(ARRAY(String(100)))
    estimated_cost: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    gifts_or_benefits: Mapped[str | None] = mapped_column(Text)
    disclosure_required: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    is_disclosed: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    disclosure_reference: Mapped[str | None] = mapped_column(String(200))
    information_source: Mapped[str | None] = mapped_column(
        String(100), comment="One of: official_register, media_report, whistleblower, investigation"
    )
    source_reliability: Mapped[SourceReliability | None] = mapped_column(
        SOURCE_RELIABILITY, comment="One of: high, medium, low, unverified"
    )

    lobbyist: Mapped[CorporateEntity | None] = relationship()
    target_sponsor: Mapped[Sponsor | None] = relationship()


class BillFinancialConflict(UUIDPrimaryKey, Timestamps, Base):
    """A detected conflict between a bill and a sponsor's financial interest/entity: type, severity,
    potential impact, affected sections, detection method and confidence, status/resolution,
    publicity.
    """

    __tablename__ = "bill_financial_conflicts"
    __table_args__ = (
        values_check("conflict_type", CONFLICT_TYPES),
        values_check("detection_method", CONFLICT_DETECTION_METHODS),
        within("analysis_confidence", 0, 1),
        non_negative("potential_financial_impact", name="impact_non_negative"),
        Index(
            "ix_bill_financial_conflicts_bill_id_conflict_severity_08dc3538",
            "bill_id",
            "conflict_severity",
            "conflict_status",
        ),
        Index(
            "ix_bill_financial_conflicts_sponsor_id_conflict_severity",
            "sponsor_id",
            "conflict_severity",
            postgresql_where=text("sponsor_id IS NOT NULL"),
        ),
        Index(
            "ix_bill_financial_conflicts_entity_id_potential_financ_c1ec7a40",
            "entity_id",
            "potential_financial_impact",
            postgresql_where=text("entity_id IS NOT NULL"),
        ),
        Index(
            "ix_bill_financial_conflicts_is_public_conflict_severit_13f15fe9",
            "is_public",
            "conflict_severity",
            "created_at",
        ),
        Index(
            "ix_bill_financial_conflicts_financial_interest_id",
            "financial_interest_id",
            postgresql_where=text("financial_interest_id IS NOT NULL"),
        ),
        {
            "comment": "A detected conflict between a bill and a sponsor's financial interest/entity: "
            "type, severity, potential impact, affected sections, detection method and "
            "confidence, status/resolution, publicity."
        },
    )

    bill_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("bills.id", ondelete="CASCADE"))
    sponsor_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("sponsors.id", ondelete="CASCADE")
    )
    # SET NULL (was CASCADE): re-importing a disclosure replaces its line items, and must not erase findings.
    financial_interest_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("financial_interests.id", ondelete="SET NULL")
    )
    entity_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True),
        ForeignKey("corporate_entities.id", ondelete="CASCADE"),
        comment="Corporate entity the bill affects",
    )
    conflict_type: Mapped[str] = mapped_column(
        String(50),
        comment="One of: direct_benefit, competitive_advantage, regulatory_relief, contract_opportunity",
    )
    conflict_severity: Mapped[Severity] = mapped_column(SEVERITY, comment="One of: low, medium, high, critical")
    potential_financial_impact: Mapped[Decimal | None] = mapped_column(Numeric(15, 2))
    impact_description: Mapped[str] = mapped_column(Text)
    affected_bill_sections: Mapped[list[str] | None] = mapped_column(ARRAY(String(100)))
    detection_method: Mapped[str] = mapped_column(
        String(50), comment="One of: automated, manual_review, public_report, investigation"
    )
    analysis_confidence: Mapped[Decimal | None] = mapped_column(Numeric(3, 2), comment="0..1")
    conflict_status: Mapped[FinancialConflictStatus] = mapped_column(
        FINANCIAL_CONFLICT_STATUS,
        server_default=text("'identified'"),
        comment="One of: identified, disclosed, recused, resolved, disputed",
    )
    resolution_notes: Mapped[str | None] = mapped_column(Text)
    is_public: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    media_coverage: Mapped[list[Any]] = mapped_column(JSONB, server_default=text("'[]'::jsonb"))

    bill: Mapped[Bill] = relationship()
    sponsor: Mapped[Sponsor | None] = relationship()
    financial_interest: Mapped[FinancialInterest | None] = relationship()
    entity: Mapped[CorporateEntity | None] = relationship()


class CrossSectorOwnership(UUIDPrimaryKey, Timestamps, Base):
    """Ownership edge between two corporate entities (owner -> owned) with type, percentage, control
    level, timeline, cross-sector influence flag and affected sectors.
    """

    __tablename__ = "cross_sector_ownership"
    __table_args__ = (
        CheckConstraint("owner_entity_id <> owned_entity_id", name="self_ownership"),
        values_check("ownership_type", OWNERSHIP_TYPES),
        within("ownership_percentage", 0, 100),
        date_order("relationship_start", "relationship_end", name="relationship_dates"),
        # Both directions of the edge lead an index: "who owns X" and "what does X own".
        Index(
            "ix_cross_sector_ownership_owner_entity_id_owned_entity_0d02da42",
            "owner_entity_id",
            "owned_entity_id",
            "is_current",
        ),
        Index(
            "ix_cross_sector_ownership_owned_entity_id_owner_entity_id",
            "owned_entity_id",
            "owner_entity_id",
            "is_current",
        ),
        # At most one current edge of each ownership type between two entities.
        Index(
            "uq_cross_sector_ownership_current_edge",
            "owner_entity_id",
            "owned_entity_id",
            "ownership_type",
            unique=True,
            postgresql_where=text("is_current = true"),
        ),
        Index(
            "ix_cross_sector_ownership_creates_cross_sector_influen_301f595d",
            "creates_cross_sector_influence",
            "is_current",
            postgresql_where=text("creates_cross_sector_influence = true AND is_current = true"),
        ),
        Index("ix_cross_sector_ownership_affected_sectors", "affected_sectors", postgresql_using="gin"),
        {
            "comment": "Ownership edge between two corporate entities (owner -> owned) with type, "
            "percentage, control level, timeline, cross-sector influence flag and affected "
            "sectors."
        },
    )

    owner_entity_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("corporate_entities.id", ondelete="CASCADE")
    )
    owned_entity_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("corporate_entities.id", ondelete="CASCADE")
    )
    ownership_type: Mapped[str] = mapped_column(
        String(50), comment="One of: direct_shareholding, subsidiary, joint_venture, partnership"
    )
    ownership_percentage: Mapped[Decimal | None] = mapped_column(Numeric(5, 2), comment="0..100")
    control_level: Mapped[OwnershipControlLevel | None] = mapped_column(
        OWNERSHIP_CONTROL_LEVEL, comment="One of: controlling, significant, minority, passive"
    )
    relationship_start: Mapped[dt.date | None] = mapped_column(Date)
    relationship_end: Mapped[dt.date | None] = mapped_column(Date)
    is_current: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    creates_cross_sector_influence: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    affected_sectors: Mapped[list[str] | None] = mapped_column(ARRAY(String(100)))
    data_source: Mapped[str | None] = mapped_column(String(100))
    verification_status: Mapped[str] = mapped_column(String(30), server_default=text("'unverified'"))

    owner: Mapped[CorporateEntity] = relationship(foreign_keys=[owner_entity_id])
    owned: Mapped[CorporateEntity] = relationship(foreign_keys=[owned_entity_id])


class RegulatoryCaptureIndicator(UUIDPrimaryKey, Timestamps, Base):
    """Indicator of regulatory capture (revolving door, concentrated lobbying...) involving an entity
    and/or sponsor and regulator: description, evidence, strength, confidence, timeline, affected
    policies, estimated cost, investigation status.
    """

    __tablename__ = "regulatory_capture_indicators"
    __table_args__ = (
        values_check("indicator_type", CAPTURE_INDICATOR_TYPES),
        values_check("detection_method", CAPTURE_DETECTION_METHODS),
        within("confidence_level", 0, 1),
        non_negative("estimated_public_cost", name="cost_non_negative"),
        date_order("pattern_start_date", "pattern_end_date", name="pattern_dates"),
        Index(
            "ix_regulatory_capture_indicators_indicator_type_indica_4906ddd7",
            "indicator_type",
            "indicator_strength",
            "is_ongoing",
        ),
        Index(
            "ix_regulatory_capture_indicators_entity_id_indicator_strength",
            "entity_id",
            "indicator_strength",
            postgresql_where=text("entity_id IS NOT NULL"),
        ),
        Index(
            "ix_regulatory_capture_indicators_sponsor_id_indicator_strength",
            "sponsor_id",
            "indicator_strength",
            postgresql_where=text("sponsor_id IS NOT NULL"),
        ),
        Index(
            "ix_regulatory_capture_indicators_investigation_status_e1f61c8c",
            "investigation_status",
            "created_at",
        ),
        {
            "comment": "Indicator of regulatory capture (revolving door, concentrated lobbying...) "
            "involving an entity and/or sponsor and regulator: description, evidence, "
            "strength, confidence, timeline, affected policies, estimated cost, "
            "investigation status."
        },
    )

    indicator_type: Mapped[str] = mapped_column(
        String(50),
        comment="One of: revolving_door, concentrated_lobbying, regulatory_favoritism, policy_alignment",
    )
    entity_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("corporate_entities.id", ondelete="CASCADE")
    )
    sponsor_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("sponsors.id", ondelete="CASCADE")
    )
    regulatory_body: Mapped[str | None] = mapped_column(String(200))
    indicator_description: Mapped[str] = mapped_column(Text)
    evidence_summary: Mapped[str | None] = mapped_column(Text)
    indicator_strength: Mapped[CaptureIndicatorStrength] = mapped_column(
        CAPTURE_INDICATOR_STRENGTH, comment="One of: weak, moderate, strong, very_strong"
    )
    confidence_level: Mapped[Decimal | None] = mapped_column(Numeric(3, 2), comment="0..1")
    pattern_start_date: Mapped[dt.date | None] = mapped_column(Date)
    pattern_end_date: Mapped[dt.date | None] = mapped_column(Date)
    is_ongoing: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    affected_policies: Mapped[list[str] | None] = mapped_column(ARRAY(String(100)))
    estimated_public_cost: Mapped[Decimal | None] = mapped_column(Numeric(15, 2))
    detection_method: Mapped[str | None] = mapped_column(
        String(50), comment="One of: pattern_analysis, investigation, whistleblower, academic_study"
    )
    analysis_methodology: Mapped[str | None] = mapped_column(Text)
    investigation_status: Mapped[CaptureInvestigationStatus] = mapped_column(
        CAPTURE_INVESTIGATION_STATUS,
        server_default=text("'identified'"),
        comment="One of: identified, under_investigation, confirmed, disputed, resolved",
    )

    entity: Mapped[CorporateEntity | None] = relationship()
    sponsor: Mapped[Sponsor | None] = relationship()
