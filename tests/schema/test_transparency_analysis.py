"""transparency_analysis: corporate entities, the merged financial_interests, lobbying, conflicts, ownership,
capture indicators (real PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from chanuka_db.schema.enums import InterestHolderType
from chanuka_db.schema.transparency_analysis import FinancialInterest
from chanuka_db.schema.transparency_intelligence import FinancialDisclosure
from tests.schema.conftest import Rejects
from tests.schema.factories import insert, make_bill, make_sponsor
from tests.schema.test_transparency_intelligence import make_disclosure


def make_entity(conn: Connection, **kw: Any) -> uuid.UUID:
    """A Kenyan company."""
    return insert(
        conn,
        "corporate_entities",
        **{"name": f"Test Holdings {uuid.uuid4().hex[:6]} Ltd", "entity_type": "corporation", **kw},
    )


def make_interest(conn: Connection, **kw: Any) -> uuid.UUID:
    """A financial interest; pass sponsor_id/entity_id/disclosure_id as the case needs."""
    return insert(conn, "financial_interests", **{"interest_type": "stock", **kw})


def make_ownership(conn: Connection, owner: uuid.UUID, owned: uuid.UUID, **kw: Any) -> uuid.UUID:
    """``owner`` holds shares in ``owned``."""
    values = {"owner_entity_id": owner, "owned_entity_id": owned, "ownership_type": "direct_shareholding", **kw}
    return insert(conn, "cross_sector_ownership", **values)


def make_lobbying(conn: Connection, **kw: Any) -> uuid.UUID:
    """A lobbying meeting."""
    values = {
        "activity_type": "meeting",
        "activity_date": dt.date(2025, 3, 4),
        "activity_description": "Breakfast meeting on the Finance Bill",
        **kw,
    }
    return insert(conn, "lobbying_activities", **values)


def make_bill_conflict(conn: Connection, bill_id: uuid.UUID, **kw: Any) -> uuid.UUID:
    """A conflict between ``bill_id`` and an interest/entity/sponsor."""
    values = {
        "bill_id": bill_id,
        "conflict_type": "direct_benefit",
        "conflict_severity": "high",
        "impact_description": "Tax relief for the sponsor's company",
        "detection_method": "automated",
        **kw,
    }
    return insert(conn, "bill_financial_conflicts", **values)


def make_capture(conn: Connection, **kw: Any) -> uuid.UUID:
    """A revolving-door indicator."""
    values = {
        "indicator_type": "revolving_door",
        "indicator_description": "Former regulator now on the board",
        "indicator_strength": "strong",
        **kw,
    }
    return insert(conn, "regulatory_capture_indicators", **values)


def make_row(conn: Connection, table: str) -> uuid.UUID:
    """A valid row of ``table`` (with whatever rows it needs) for tests that then update one column."""
    if table == "corporate_entities":
        return make_entity(conn)
    if table == "financial_interests":
        return make_interest(conn, sponsor_id=make_sponsor(conn), entity_id=make_entity(conn))
    if table == "lobbying_activities":
        return make_lobbying(conn)
    if table == "bill_financial_conflicts":
        return make_bill_conflict(conn, make_bill(conn), entity_id=make_entity(conn))
    if table == "cross_sector_ownership":
        return make_ownership(conn, make_entity(conn), make_entity(conn))
    assert table == "regulatory_capture_indicators"
    return make_capture(conn)


def one(conn: Connection, sql: str, **params: Any) -> Any:
    return conn.execute(text(sql), params).one()


def count(conn: Connection, table: str, where: str, **params: Any) -> int:
    return int(conn.execute(text(f"SELECT count(*) FROM {table} WHERE {where}"), params).scalar_one())


def insert_sql(table: str, values: dict[str, Any]) -> str:
    return f"INSERT INTO {table} ({', '.join(values)}) VALUES ({', '.join(':' + k for k in values)})"


# --------------------------------------------------------------------------------------- round trips


def test_rows_round_trip_with_defaults(conn: Connection) -> None:
    sponsor, bill = make_sponsor(conn), make_bill(conn)
    parent = make_entity(conn)
    entity = make_entity(
        conn,
        legal_name="Test Holdings Limited",
        registration_number="PVT-ABC123",
        industry_sector="agriculture",
        business_activities=["tea", "coffee"],
        annual_revenue=Decimal("123456789012.34"),
        employee_count=250,
        parent_company_id=parent,
        ownership_structure='{"shareholders": [{"name": "A", "pct": 60}]}',
        key_executives='[{"name": "Jane Wanjiru", "role": "CEO"}]',
        compliance_status="under_review",
        contact_email="Info@Example.KE",
    )
    row = one(conn, "SELECT * FROM corporate_entities WHERE id = :i", i=entity)
    assert row.annual_revenue == Decimal("123456789012.34")
    assert row.business_activities == ["tea", "coffee"]
    assert row.ownership_structure == {"shareholders": [{"name": "A", "pct": 60}]}
    assert row.key_executives == [{"name": "Jane Wanjiru", "role": "CEO"}]
    assert (row.compliance_status, row.verification_status) == ("under_review", "unverified")
    assert (row.registration_country, row.is_publicly_traded, row.last_updated) == ("KE", False, dt.date.today())

    interest = make_interest(
        conn,
        sponsor_id=sponsor,
        entity_id=entity,
        ownership_percentage=Decimal("12.50"),
        estimated_value=Decimal("2500000.00"),
        annual_income=Decimal("300000.00"),
        start_date=dt.date(2019, 1, 1),
        disclosure_source="parliamentary_register",
    )
    row = one(conn, "SELECT * FROM financial_interests WHERE id = :i", i=interest)
    assert (row.holder_type, row.is_current, row.potential_conflict) == ("sponsor", True, False)
    assert row.ownership_percentage == Decimal("12.50")

    lobbying = make_lobbying(
        conn,
        lobbyist_entity_id=entity,
        target_sponsor_id=sponsor,
        target_bills=[bill],
        topics_discussed=["excise duty"],
        estimated_cost=Decimal("45000.00"),
        source_reliability="medium",
        information_source="media_report",
    )
    row = one(conn, "SELECT * FROM lobbying_activities WHERE id = :i", i=lobbying)
    assert row.target_bills == [bill]
    assert row.source_reliability == "medium"
    assert count(conn, "lobbying_activities", "target_bills @> ARRAY[CAST(:b AS uuid)]", b=bill) == 1

    conflict = make_bill_conflict(
        conn,
        bill,
        sponsor_id=sponsor,
        financial_interest_id=interest,
        entity_id=entity,
        analysis_confidence=Decimal("0.85"),
        potential_financial_impact=Decimal("10000000.00"),
        affected_bill_sections=["Part III"],
        media_coverage='[{"outlet": "Daily Nation"}]',
    )
    row = one(conn, "SELECT * FROM bill_financial_conflicts WHERE id = :i", i=conflict)
    assert (row.conflict_status, row.conflict_severity, row.is_public) == ("identified", "high", False)
    assert row.media_coverage == [{"outlet": "Daily Nation"}]

    ownership = make_ownership(
        conn, parent, entity, ownership_percentage=Decimal("100"), control_level="controlling", affected_sectors=["tea"]
    )
    row = one(conn, "SELECT * FROM cross_sector_ownership WHERE id = :i", i=ownership)
    assert (row.control_level, row.verification_status, row.is_current) == ("controlling", "unverified", True)

    capture = make_capture(conn, entity_id=entity, sponsor_id=sponsor, confidence_level=Decimal("0.70"))
    row = one(conn, "SELECT * FROM regulatory_capture_indicators WHERE id = :i", i=capture)
    assert (row.investigation_status, row.is_ongoing, row.indicator_strength) == ("identified", True, "strong")


# ------------------------------------------------------------------------- the merged financial_interests


def test_a_declared_stake_and_a_disclosure_line_item_share_the_table(conn: Connection) -> None:
    sponsor, entity = make_sponsor(conn), make_entity(conn)
    disclosure = make_disclosure(conn, sponsor)
    # transparency_analysis shape: the sponsor's stake in a corporate entity
    stake = make_interest(conn, holder_type="sponsor", sponsor_id=sponsor, entity_id=entity, position_title="Director")
    # transparency_intelligence shape: a line item of a disclosure (no corporate entity on file)
    item = make_interest(
        conn,
        disclosure_id=disclosure,
        sponsor_id=sponsor,
        interest_type="property",
        entity_name="Plot LR 209/1234, Nairobi",
        estimated_value_min=Decimal("5000000"),
        estimated_value_max=Decimal("10000000"),
        interest_metadata='{"acreage": 0.5}',
    )
    # a line item matched to a corporate entity, held by the spouse
    spouse_item = make_interest(
        conn,
        disclosure_id=disclosure,
        sponsor_id=sponsor,
        holder_type="family_member",
        holder_name="Mary Achieng",
        relationship_to_sponsor="spouse",
        entity_id=entity,
        entity_name="Test Holdings",
        ownership_percentage=Decimal("5"),
    )
    rows = conn.execute(
        text("SELECT id FROM financial_interests WHERE sponsor_id = :s ORDER BY id"), {"s": sponsor}
    ).scalars()
    assert set(rows) == {stake, item, spouse_item}
    assert count(conn, "financial_interests", "disclosure_id = :d", d=disclosure) == 2
    assert one(conn, "SELECT interest_metadata FROM financial_interests WHERE id = :i", i=item)[0] == {"acreage": 0.5}


@pytest.mark.parametrize(
    ("values", "constraint"),
    [
        ({"sponsor_id": "S"}, "entity_or_disclosure"),  # neither an entity nor a disclosure
        ({"disclosure_id": "D", "holder_type": "family_member", "holder_name": "X"}, "disclosure_sponsor"),
        ({"entity_id": "E", "holder_type": "sponsor"}, "holder_identified"),  # sponsor holder without sponsor
        ({"entity_id": "E", "sponsor_id": "S", "holder_type": "associate"}, "holder_identified"),  # no name
        (
            {"entity_id": "E", "sponsor_id": "S", "ownership_percentage": Decimal("100.01")},
            "ownership_percentage_range",
        ),
        ({"entity_id": "E", "sponsor_id": "S", "ownership_percentage": Decimal("-0.01")}, "ownership_percentage_range"),
        ({"entity_id": "E", "sponsor_id": "S", "estimated_value": Decimal("-1")}, "amounts_non_negative"),
        ({"entity_id": "E", "sponsor_id": "S", "annual_income": Decimal("-1")}, "amounts_non_negative"),
        (
            {"disclosure_id": "D", "sponsor_id": "S", "estimated_value_min": 10, "estimated_value_max": 5},
            "value_range_order",
        ),
        (
            {"entity_id": "E", "sponsor_id": "S", "start_date": dt.date(2024, 1, 2), "end_date": dt.date(2024, 1, 1)},
            "date_order",
        ),
        ({"entity_id": "E", "sponsor_id": "S", "interest_type": "crypto"}, "interest_type_values"),
        ({"entity_id": "E", "sponsor_id": "S", "disclosure_source": "rumour"}, "disclosure_source_values"),
        (
            {
                "entity_id": "E",
                "sponsor_id": "S",
                "holder_type": "family_member",
                "holder_name": "Y",
                "relationship_to_sponsor": "cousin",
            },
            "relationship_to_sponsor_values",
        ),
    ],
)
def test_financial_interest_checks(conn: Connection, rejects: Rejects, values: dict[str, Any], constraint: str) -> None:
    sponsor = make_sponsor(conn)
    ids = {"S": sponsor, "E": make_entity(conn), "D": make_disclosure(conn, sponsor)}
    row = {"interest_type": "stock", **{k: ids.get(v, v) if isinstance(v, str) else v for k, v in values.items()}}
    message = rejects(insert_sql("financial_interests", row), row, sqlstate="23514")
    assert f"ck_financial_interests_{constraint}" in message


def test_a_line_item_must_carry_its_disclosures_sponsor(conn: Connection, rejects: Rejects) -> None:
    sponsor, other = make_sponsor(conn), make_sponsor(conn)
    disclosure = make_disclosure(conn, sponsor)
    row = {"disclosure_id": disclosure, "sponsor_id": other, "interest_type": "income", "entity_name": "Salary"}
    message = rejects(insert_sql("financial_interests", row), row, sqlstate="23503")
    assert "fk_financial_interests_disclosure_id_financial_disclosures" in message


def test_correcting_a_disclosures_sponsor_moves_its_line_items(conn: Connection) -> None:
    sponsor, right = make_sponsor(conn), make_sponsor(conn)
    disclosure = make_disclosure(conn, sponsor)
    item = make_interest(conn, disclosure_id=disclosure, sponsor_id=sponsor, entity_name="Safaricom PLC")
    conn.execute(text("UPDATE financial_disclosures SET sponsor_id = :r WHERE id = :d"), {"r": right, "d": disclosure})
    assert one(conn, "SELECT sponsor_id FROM financial_interests WHERE id = :i", i=item)[0] == right


def test_deleting_a_disclosure_removes_its_items_but_keeps_conflict_findings(conn: Connection) -> None:
    sponsor, entity, bill = make_sponsor(conn), make_entity(conn), make_bill(conn)
    disclosure = make_disclosure(conn, sponsor)
    item = make_interest(conn, disclosure_id=disclosure, sponsor_id=sponsor, entity_id=entity)
    conflict = make_bill_conflict(conn, bill, sponsor_id=sponsor, financial_interest_id=item, entity_id=entity)
    conn.execute(text("DELETE FROM financial_disclosures WHERE id = :d"), {"d": disclosure})
    assert count(conn, "financial_interests", "id = :i", i=item) == 0
    row = one(conn, "SELECT financial_interest_id, entity_id FROM bill_financial_conflicts WHERE id = :c", c=conflict)
    assert (row.financial_interest_id, row.entity_id) == (None, entity)


def test_deleting_an_entity_unlinks_disclosure_items_but_not_declared_stakes(
    conn: Connection, rejects: Rejects
) -> None:
    sponsor, entity = make_sponsor(conn), make_entity(conn)
    disclosure = make_disclosure(conn, sponsor)
    item = make_interest(conn, disclosure_id=disclosure, sponsor_id=sponsor, entity_id=entity, entity_name="Acme")
    stake = make_interest(conn, sponsor_id=sponsor, entity_id=entity)
    # A declared stake cannot silently lose its entity: re-point or delete it first.
    message = rejects("DELETE FROM corporate_entities WHERE id = :e", {"e": entity}, sqlstate="23514")
    assert "ck_financial_interests_entity_or_disclosure" in message
    conn.execute(text("DELETE FROM financial_interests WHERE id = :i"), {"i": stake})
    conn.execute(
        text(
            "DELETE FROM corporate_entities WHERE id = :e",
        ),
        {"e": entity},
    )
    row = one(conn, "SELECT entity_id, entity_name FROM financial_interests WHERE id = :i", i=item)
    assert (row.entity_id, row.entity_name) == (None, "Acme")


def test_orm_line_items_inherit_the_disclosures_sponsor(session: Session) -> None:
    conn = session.connection()
    sponsor = make_sponsor(conn)
    disclosure = session.get_one(FinancialDisclosure, make_disclosure(conn, sponsor))
    disclosure.interests.append(FinancialInterest(interest_type="income", entity_name="County Assembly allowance"))
    session.flush()
    item = disclosure.interests[0]
    assert item.sponsor_id == sponsor
    assert item.holder_type is InterestHolderType.SPONSOR
    assert item.sponsor is not None and item.sponsor.id == sponsor
    assert item.disclosure is disclosure


# ----------------------------------------------------------------------------------- other tables


@pytest.mark.parametrize(
    ("table", "values", "constraint"),
    [
        ("corporate_entities", {"entity_type": "cartel"}, "entity_type_values"),
        ("corporate_entities", {"data_source": "gossip"}, "data_source_values"),
        ("corporate_entities", {"annual_revenue": Decimal("-0.01")}, "non_negative"),
        ("corporate_entities", {"employee_count": -1}, "non_negative"),
        ("corporate_entities", {"contact_email": "not-an-email"}, "contact_email_format"),
        ("lobbying_activities", {"activity_type": "bribe"}, "activity_type_values"),
        ("lobbying_activities", {"information_source": "dream"}, "information_source_values"),
        ("lobbying_activities", {"estimated_cost": Decimal("-5")}, "estimated_cost_non_negative"),
        ("bill_financial_conflicts", {"conflict_type": "vibes"}, "conflict_type_values"),
        ("bill_financial_conflicts", {"detection_method": "guess"}, "detection_method_values"),
        ("bill_financial_conflicts", {"analysis_confidence": Decimal("1.01")}, "analysis_confidence_range"),
        ("bill_financial_conflicts", {"potential_financial_impact": Decimal("-1")}, "impact_non_negative"),
        ("cross_sector_ownership", {"ownership_percentage": Decimal("150")}, "ownership_percentage_range"),
        ("cross_sector_ownership", {"ownership_type": "vassal"}, "ownership_type_values"),
        (
            "cross_sector_ownership",
            {"relationship_start": dt.date(2024, 1, 1), "relationship_end": dt.date(2023, 1, 1)},
            "relationship_dates",
        ),
        ("cross_sector_ownership", {"owned_entity_id": "OWNER"}, "self_ownership"),
        ("regulatory_capture_indicators", {"indicator_type": "bad_vibes"}, "indicator_type_values"),
        ("regulatory_capture_indicators", {"detection_method": "astrology"}, "detection_method_values"),
        ("regulatory_capture_indicators", {"confidence_level": Decimal("-0.1")}, "confidence_level_range"),
        ("regulatory_capture_indicators", {"estimated_public_cost": Decimal("-1")}, "cost_non_negative"),
        (
            "regulatory_capture_indicators",
            {"pattern_start_date": dt.date(2024, 2, 1), "pattern_end_date": dt.date(2024, 1, 1)},
            "pattern_dates",
        ),
    ],
)
def test_checks_reject_invalid_values(
    conn: Connection, rejects: Rejects, table: str, values: dict[str, Any], constraint: str
) -> None:
    owner, owned, bill = make_entity(conn), make_entity(conn), make_bill(conn)
    base: dict[str, dict[str, Any]] = {
        "corporate_entities": {"name": "Acme", "entity_type": "corporation"},
        "lobbying_activities": {
            "activity_type": "meeting",
            "activity_date": dt.date(2025, 1, 1),
            "activity_description": "x",
        },
        "bill_financial_conflicts": {
            "bill_id": bill,
            "entity_id": owned,
            "conflict_type": "direct_benefit",
            "conflict_severity": "low",
            "impact_description": "x",
            "detection_method": "automated",
        },
        "cross_sector_ownership": {"owner_entity_id": owner, "owned_entity_id": owned, "ownership_type": "subsidiary"},
        "regulatory_capture_indicators": {
            "indicator_type": "revolving_door",
            "indicator_description": "x",
            "indicator_strength": "weak",
        },
    }
    row = {**base[table], **{k: owner if v == "OWNER" else v for k, v in values.items()}}
    message = rejects(insert_sql(table, row), row, sqlstate="23514")
    assert f"ck_{table}_{constraint}" in message


def test_an_entity_cannot_be_its_own_parent(conn: Connection, rejects: Rejects) -> None:
    entity = make_entity(conn)
    message = rejects(
        "UPDATE corporate_entities SET parent_company_id = id WHERE id = :e", {"e": entity}, sqlstate="23514"
    )
    assert "ck_corporate_entities_parent_not_self" in message


def test_boundaries_are_accepted(conn: Connection) -> None:
    a, b, sponsor, bill = make_entity(conn), make_entity(conn), make_sponsor(conn), make_bill(conn)
    make_ownership(conn, a, b, ownership_percentage=Decimal("0"))
    make_ownership(conn, a, b, ownership_type="partnership", ownership_percentage=Decimal("100"))
    make_interest(conn, sponsor_id=sponsor, entity_id=a, ownership_percentage=Decimal("100"), estimated_value=0)
    make_bill_conflict(conn, bill, entity_id=a, analysis_confidence=Decimal("1"), potential_financial_impact=0)
    make_bill_conflict(conn, bill, entity_id=a, analysis_confidence=Decimal("0"))
    make_capture(
        conn,
        confidence_level=Decimal("1"),
        pattern_start_date=dt.date(2024, 1, 1),
        pattern_end_date=dt.date(2024, 1, 1),
    )


@pytest.mark.parametrize(
    ("table", "column", "value"),
    [
        ("corporate_entities", "compliance_status", "bankrupt"),
        ("corporate_entities", "verification_status", "pending"),
        ("financial_interests", "holder_type", "cousin"),
        ("lobbying_activities", "source_reliability", "dubious"),
        ("bill_financial_conflicts", "conflict_severity", "catastrophic"),
        ("bill_financial_conflicts", "conflict_status", "ignored"),
        ("cross_sector_ownership", "control_level", "total"),
        ("regulatory_capture_indicators", "indicator_strength", "overwhelming"),
        ("regulatory_capture_indicators", "investigation_status", "buried"),
    ],
)
def test_enums_reject_unknown_values(conn: Connection, rejects: Rejects, table: str, column: str, value: str) -> None:
    row_id = make_row(conn, table)
    rejects(f"UPDATE {table} SET {column} = :v WHERE id = :i", {"v": value, "i": row_id}, sqlstate="22P02")


def test_registration_numbers_are_unique_per_country(conn: Connection, rejects: Rejects) -> None:
    make_entity(conn, registration_number="CPR/2010/12345")
    make_entity(conn, registration_number="CPR/2010/12345", registration_country="UG")
    make_entity(conn)  # any number of entities without a registration number
    make_entity(conn)
    rejects(
        "INSERT INTO corporate_entities (name, entity_type, registration_number)"
        " VALUES ('Dup', 'ngo', 'CPR/2010/12345')",
        sqlstate="23505",
    )


def test_one_current_ownership_edge_per_type(conn: Connection, rejects: Rejects) -> None:
    a, b = make_entity(conn), make_entity(conn)
    make_ownership(conn, a, b, is_current=False, relationship_end=dt.date(2020, 1, 1))
    make_ownership(conn, a, b, is_current=False)  # history may repeat
    make_ownership(conn, a, b)
    make_ownership(conn, b, a)  # the reverse edge is another edge
    row = {"owner_entity_id": a, "owned_entity_id": b, "ownership_type": "direct_shareholding"}
    rejects(insert_sql("cross_sector_ownership", row), row, sqlstate="23505")


@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("corporate_entities", "parent_company_id"),
        ("financial_interests", "sponsor_id"),
        ("financial_interests", "entity_id"),
        ("lobbying_activities", "lobbyist_entity_id"),
        ("lobbying_activities", "target_sponsor_id"),
        ("bill_financial_conflicts", "bill_id"),
        ("bill_financial_conflicts", "sponsor_id"),
        ("bill_financial_conflicts", "financial_interest_id"),
        ("bill_financial_conflicts", "entity_id"),
        ("cross_sector_ownership", "owner_entity_id"),
        ("cross_sector_ownership", "owned_entity_id"),
        ("regulatory_capture_indicators", "entity_id"),
        ("regulatory_capture_indicators", "sponsor_id"),
    ],
)
def test_dangling_references_are_rejected(conn: Connection, rejects: Rejects, table: str, column: str) -> None:
    row_id = make_row(conn, table)
    rejects(f"UPDATE {table} SET {column} = :v WHERE id = :i", {"v": uuid.uuid4(), "i": row_id}, sqlstate="23503")


# ------------------------------------------------------------------------------------------ cascades


def test_deleting_a_sponsor(conn: Connection) -> None:
    sponsor, entity, bill = make_sponsor(conn), make_entity(conn), make_bill(conn)
    interest = make_interest(conn, sponsor_id=sponsor, entity_id=entity)
    conflict = make_bill_conflict(conn, bill, sponsor_id=sponsor)
    capture = make_capture(conn, sponsor_id=sponsor)
    lobbying = make_lobbying(conn, target_sponsor_id=sponsor, lobbyist_entity_id=entity)
    conn.execute(text("DELETE FROM sponsors WHERE id = :s"), {"s": sponsor})
    assert count(conn, "financial_interests", "id = :i", i=interest) == 0
    assert count(conn, "bill_financial_conflicts", "id = :i", i=conflict) == 0
    assert count(conn, "regulatory_capture_indicators", "id = :i", i=capture) == 0
    # the lobbying record stays, without its target
    assert one(conn, "SELECT target_sponsor_id FROM lobbying_activities WHERE id = :i", i=lobbying)[0] is None


def test_deleting_a_corporate_entity(conn: Connection) -> None:
    parent, entity, other, bill = make_entity(conn), make_entity(conn), make_entity(conn), make_bill(conn)
    child = make_entity(conn, parent_company_id=entity)
    conn.execute(text("UPDATE corporate_entities SET parent_company_id = :p WHERE id = :e"), {"p": parent, "e": entity})
    edges = [make_ownership(conn, entity, other), make_ownership(conn, other, entity)]
    lobbying = make_lobbying(conn, lobbyist_entity_id=entity, lobbyist_name="J. Kamau")
    conflict = make_bill_conflict(conn, bill, entity_id=entity)
    capture = make_capture(conn, entity_id=entity)
    conn.execute(text("DELETE FROM corporate_entities WHERE id = :e"), {"e": entity})
    assert count(conn, "cross_sector_ownership", "id = ANY(:ids)", ids=edges) == 0
    assert count(conn, "bill_financial_conflicts", "id = :i", i=conflict) == 0
    assert count(conn, "regulatory_capture_indicators", "id = :i", i=capture) == 0
    row = one(conn, "SELECT lobbyist_entity_id, lobbyist_name FROM lobbying_activities WHERE id = :i", i=lobbying)
    assert (row.lobbyist_entity_id, row.lobbyist_name) == (None, "J. Kamau")
    # the subsidiary stays, without a parent; the parent is untouched
    assert one(conn, "SELECT parent_company_id FROM corporate_entities WHERE id = :i", i=child)[0] is None
    assert count(conn, "corporate_entities", "id = :i", i=parent) == 1


def test_deleting_a_bill_removes_its_conflicts(conn: Connection) -> None:
    bill, entity = make_bill(conn), make_entity(conn)
    conflict = make_bill_conflict(conn, bill, entity_id=entity)
    conn.execute(text("DELETE FROM bills WHERE id = :b"), {"b": bill})
    assert count(conn, "bill_financial_conflicts", "id = :i", i=conflict) == 0
    assert count(conn, "corporate_entities", "id = :e", e=entity) == 1


# ------------------------------------------------------------------------------------------ indexes

TRANSPARENCY_TABLES = (
    "corporate_entities",
    "financial_interests",
    "lobbying_activities",
    "bill_financial_conflicts",
    "cross_sector_ownership",
    "regulatory_capture_indicators",
    "financial_disclosures",
    "conflict_detections",
    "influence_networks",
    "implementation_workarounds",
)

LEADING_INDEX_COLUMNS = """
SELECT DISTINCT c.relname AS table_name, a.attname AS column_name
  FROM pg_index i
  JOIN pg_class c ON c.oid = i.indrelid
  JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
 WHERE c.relname = ANY(:tables)
"""


def test_every_foreign_key_leads_an_index(conn: Connection) -> None:
    fks = conn.execute(
        text(
            "SELECT c.conrelid::regclass::text AS table_name, a.attname AS column_name"
            "  FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]"
            " WHERE c.contype = 'f' AND c.conrelid::regclass::text = ANY(:tables)"
        ),
        {"tables": list(TRANSPARENCY_TABLES)},
    ).all()
    leading = set(conn.execute(text(LEADING_INDEX_COLUMNS), {"tables": list(TRANSPARENCY_TABLES)}).all())
    assert len(fks) == 19  # 5 in transparency_intelligence, 14 in transparency_analysis
    assert {tuple(fk) for fk in fks} <= leading


@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("influence_networks", "source_entity_id"),
        ("influence_networks", "target_entity_id"),
        ("cross_sector_ownership", "owner_entity_id"),
        ("cross_sector_ownership", "owned_entity_id"),
        ("corporate_entities", "parent_company_id"),
        ("corporate_entities", "id"),
        ("financial_interests", "sponsor_id"),
        ("financial_interests", "entity_id"),
        ("lobbying_activities", "lobbyist_entity_id"),
        ("lobbying_activities", "target_sponsor_id"),
        ("bill_financial_conflicts", "bill_id"),
        ("bill_financial_conflicts", "entity_id"),
        ("bill_financial_conflicts", "sponsor_id"),
    ],
)
def test_both_ends_of_every_graph_edge_lead_an_index(conn: Connection, table: str, column: str) -> None:
    leading = set(conn.execute(text(LEADING_INDEX_COLUMNS), {"tables": [table]}).all())
    assert (table, column) in leading
