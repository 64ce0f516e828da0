""" "Follow the money": corporate entities, financial interests of sponsors (including the line items of their
financial disclosures), lobbying, financial conflicts of interest on bills, cross-sector ownership and
regulatory-capture indicators.
"""

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, Numeric, String, Text, text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from chanuka_db.schema.base import PII, Base, Timestamps, UUIDPrimaryKey, email_check, email_type

DOMAIN = "transparency_analysis"


class CorporateEntity(UUIDPrimaryKey, Timestamps, Base):
    """Companies, NGOs, agencies and other organisations: identity and registration, sector and
    activities, revenue, addresses, parent company, ownership structure, executives, listing,
    licences, compliance, data provenance and verification.
    """

    __tablename__ = "corporate_entities"
    __table_args__ = (
        email_check("contact_email"),
        Index("ix_corporate_entities_name", "name"),
        Index(
            "ix_corporate_entities_registration_number",
            "registration_number",
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
        Index(
            "ix_corporate_entities_verification_status_last_updated", "verification_status", "last_updated"
        ),
        {
            "comment": "Companies, NGOs, agencies and other organisations: identity and registration, "
            "sector and activities, revenue, addresses, parent company, ownership "
            "structure, executives, listing, licences, compliance, data provenance and "
            "verification."
        },
    )

    name: Mapped[str] = mapped_column(String(500))
    legal_name: Mapped[str | None] = mapped_column(String(500))
    registration_number: Mapped[str | None] = mapped_column(String(100))
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
    key_executives: Mapped[list[Any]] = mapped_column(JSONB, server_default=text("'[]'::jsonb"))
    is_publicly_traded: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    stock_exchange: Mapped[str | None] = mapped_column(String(50))
    stock_symbol: Mapped[str | None] = mapped_column(String(20))
    regulatory_licenses: Mapped[list[str] | None] = mapped_column(ARRAY(String(100)))
    compliance_status: Mapped[str | None] = mapped_column(
        String(30), comment="One of: compliant, under_review, violations"
    )
    data_source: Mapped[str | None] = mapped_column(
        String(100), comment="One of: official_registry, public_filings, media_reports, user_submitted"
    )
    verification_status: Mapped[str] = mapped_column(
        String(30), server_default=text("'unverified'"), comment="One of: unverified, verified, disputed"
    )
    last_updated: Mapped[dt.date] = mapped_column(Date, server_default=text("CURRENT_DATE"))


class FinancialInterest(UUIDPrimaryKey, Timestamps, Base):
    """Financial stake of a sponsor (or a family member/associate) in a corporate entity: type
    (shareholding, directorship...), percentage, value, income, timeline, disclosure and conflict
    assessment; also the individual interests listed in a financial disclosure (stock, business,
    property, income) with value range and ownership %.
    """

    __tablename__ = "financial_interests"
    __table_args__ = (
        CheckConstraint(
            "disclosure_id IS NOT NULL OR (holder_type IS NOT NULL AND entity_id IS NOT NULL)",
            name="holder_or_disclosure",
        ),
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
        Index("ix_financial_interests_disclosure_id", "disclosure_id"),
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

    # NOT NULL in transparency_analysis; nullable here because disclosure line items may lack it.
    holder_type: Mapped[str | None] = mapped_column(
        String(30), comment="One of: sponsor, family_member, associate"
    )
    sponsor_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("sponsors.id", ondelete="CASCADE")
    )
    holder_name: Mapped[str | None] = mapped_column(String(200), info=PII)
    relationship_to_sponsor: Mapped[str | None] = mapped_column(
        String(100), comment="One of: spouse, child, business_partner"
    )
    # NOT NULL in transparency_analysis; nullable here because disclosure line items may lack it.
    entity_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("corporate_entities.id", ondelete="CASCADE")
    )
    interest_type: Mapped[str] = mapped_column(
        String(50), comment="One of: stock, business, property, income"
    )
    position_title: Mapped[str | None] = mapped_column(String(200))
    ownership_percentage: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
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
    # NOT NULL in transparency_intelligence; nullable here because sponsor-stake rows have no disclosure.
    disclosure_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("financial_disclosures.id")
    )
    entity_name: Mapped[str | None] = mapped_column(String(255))
    industry_sector: Mapped[str | None] = mapped_column(String(100))
    estimated_value_min: Mapped[Decimal | None] = mapped_column(Numeric(15, 2))
    estimated_value_max: Mapped[Decimal | None] = mapped_column(Numeric(15, 2))
    interest_metadata: Mapped[dict[str, Any] | None] = mapped_column(JSONB)


class LobbyingActivity(UUIDPrimaryKey, Timestamps, Base):
    """Recorded lobbying contacts: type, lobbyist (entity or name), target sponsor/institution, date,
    description, topics, target bills, policy areas, cost, gifts, disclosure status, information
    source and reliability.
    """

    __tablename__ = "lobbying_activities"
    __table_args__ = (
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
    target_institution: Mapped[str | None] = mapped_column(
        String(200), comment="e.g. Parliament, Ministry of Health"
    )
    activity_date: Mapped[dt.date] = mapped_column(Date)
    activity_description: Mapped[str] = mapped_column(Text)
    topics_discussed: Mapped[list[str] | None] = mapped_column(ARRAY(String(100)))
    target_bills: Mapped[list[uuid.UUID] | None] = mapped_column(ARRAY(UUID(as_uuid=True)))
    policy_areas: Mapped[list[str] | None] = mapped_column(ARRAY(String(100)))
    estimated_cost: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    gifts_or_benefits: Mapped[str | None] = mapped_column(Text)
    disclosure_required: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    is_disclosed: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    disclosure_reference: Mapped[str | None] = mapped_column(String(200))
    information_source: Mapped[str | None] = mapped_column(
        String(100), comment="One of: official_register, media_report, whistleblower, investigation"
    )
    source_reliability: Mapped[str | None] = mapped_column(
        String(20), comment="One of: high, medium, low, unverified"
    )


class BillFinancialConflict(UUIDPrimaryKey, Timestamps, Base):
    """A detected conflict between a bill and a sponsor's financial interest/entity: type, severity,
    potential impact, affected sections, detection method and confidence, status/resolution,
    publicity.
    """

    __tablename__ = "bill_financial_conflicts"
    __table_args__ = (
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
        Index("ix_bill_financial_conflicts_financial_interest_id", "financial_interest_id"),
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
    financial_interest_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("financial_interests.id", ondelete="CASCADE")
    )
    entity_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("corporate_entities.id", ondelete="CASCADE")
    )
    conflict_type: Mapped[str] = mapped_column(
        String(50),
        comment="One of: direct_benefit, competitive_advantage, regulatory_relief, contract_opportunity",
    )
    conflict_severity: Mapped[str] = mapped_column(String(20), comment="One of: low, medium, high, critical")
    potential_financial_impact: Mapped[Decimal | None] = mapped_column(Numeric(15, 2))
    impact_description: Mapped[str] = mapped_column(Text)
    affected_bill_sections: Mapped[list[str] | None] = mapped_column(ARRAY(String(100)))
    detection_method: Mapped[str] = mapped_column(
        String(50), comment="One of: automated, manual_review, public_report, investigation"
    )
    analysis_confidence: Mapped[Decimal | None] = mapped_column(Numeric(3, 2))
    conflict_status: Mapped[str] = mapped_column(
        String(30),
        server_default=text("'identified'"),
        comment="One of: identified, disclosed, recused, resolved, disputed",
    )
    resolution_notes: Mapped[str | None] = mapped_column(Text)
    is_public: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    media_coverage: Mapped[list[Any]] = mapped_column(JSONB, server_default=text("'[]'::jsonb"))


class CrossSectorOwnership(UUIDPrimaryKey, Timestamps, Base):
    """Ownership edge between two corporate entities (owner -> owned) with type, percentage, control
    level, timeline, cross-sector influence flag and affected sectors.
    """

    __tablename__ = "cross_sector_ownership"
    __table_args__ = (
        CheckConstraint("owner_entity_id != owned_entity_id", name="self_ownership"),
        Index(
            "ix_cross_sector_ownership_owner_entity_id_owned_entity_0d02da42",
            "owner_entity_id",
            "owned_entity_id",
            "is_current",
        ),
        Index(
            "ix_cross_sector_ownership_creates_cross_sector_influen_301f595d",
            "creates_cross_sector_influence",
            "is_current",
            postgresql_where=text("creates_cross_sector_influence = true AND is_current = true"),
        ),
        Index("ix_cross_sector_ownership_affected_sectors", "affected_sectors", postgresql_using="gin"),
        Index("ix_cross_sector_ownership_owned_entity_id", "owned_entity_id"),
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
    ownership_percentage: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    control_level: Mapped[str | None] = mapped_column(
        String(30), comment="One of: controlling, significant, minority, passive"
    )
    relationship_start: Mapped[dt.date | None] = mapped_column(Date)
    relationship_end: Mapped[dt.date | None] = mapped_column(Date)
    is_current: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    creates_cross_sector_influence: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    affected_sectors: Mapped[list[str] | None] = mapped_column(ARRAY(String(100)))
    data_source: Mapped[str | None] = mapped_column(String(100))
    verification_status: Mapped[str] = mapped_column(String(30), server_default=text("'unverified'"))


class RegulatoryCaptureIndicator(UUIDPrimaryKey, Timestamps, Base):
    """Indicator of regulatory capture (revolving door, concentrated lobbying...) involving an entity
    and/or sponsor and regulator: description, evidence, strength, confidence, timeline, affected
    policies, estimated cost, investigation status.
    """

    __tablename__ = "regulatory_capture_indicators"
    __table_args__ = (
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
    indicator_strength: Mapped[str] = mapped_column(
        String(20), comment="One of: weak, moderate, strong, very_strong"
    )
    confidence_level: Mapped[Decimal | None] = mapped_column(Numeric(3, 2))
    pattern_start_date: Mapped[dt.date | None] = mapped_column(Date)
    pattern_end_date: Mapped[dt.date | None] = mapped_column(Date)
    is_ongoing: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    affected_policies: Mapped[list[str] | None] = mapped_column(ARRAY(String(100)))
    estimated_public_cost: Mapped[Decimal | None] = mapped_column(Numeric(15, 2))
    detection_method: Mapped[str | None] = mapped_column(
        String(50), comment="One of: pattern_analysis, investigation, whistleblower, academic_study"
    )
    analysis_methodology: Mapped[str | None] = mapped_column(Text)
    investigation_status: Mapped[str] = mapped_column(
        String(30),
        server_default=text("'identified'"),
        comment="One of: identified, under_investigation, confirmed, disputed, resolved",
    )
