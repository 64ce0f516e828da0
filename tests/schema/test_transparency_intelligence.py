"""transparency_intelligence: disclosures, conflict detections, influence edges, workarounds (real PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Connection, text

from tests.schema.conftest import Rejects
from tests.schema.factories import insert, make_bill, make_sponsor, make_user


def make_disclosure(conn: Connection, sponsor_id: uuid.UUID, **kw: Any) -> uuid.UUID:
    """A 2024 wealth declaration of ``sponsor_id``."""
    values = {"sponsor_id": sponsor_id, "disclosure_year": 2024, "disclosure_data": '{"assets": []}', **kw}
    return insert(conn, "financial_disclosures", **values)


def make_detection(conn: Connection, bill_id: uuid.UUID, sponsor_id: uuid.UUID, **kw: Any) -> uuid.UUID:
    """A detected conflict of interest between a bill and a sponsor."""
    values = {
        "bill_id": bill_id,
        "sponsor_id": sponsor_id,
        "conflict_type": "financial",
        "evidence_data": '{"sources": ["register"]}',
        **kw,
    }
    return insert(conn, "conflict_detections", **values)


def make_influence(conn: Connection, source: uuid.UUID, target: uuid.UUID, **kw: Any) -> uuid.UUID:
    """An influence edge between two sponsors."""
    values = {
        "source_entity_type": "sponsor",
        "source_entity_id": source,
        "target_entity_type": "sponsor",
        "target_entity_id": target,
        **kw,
    }
    return insert(conn, "influence_networks", **values)


def make_workaround(conn: Connection, bill_id: uuid.UUID, **kw: Any) -> uuid.UUID:
    """An executive order re-implementing provisions of a rejected bill."""
    return insert(conn, "implementation_workarounds", **{"original_bill_id": bill_id, **kw})


def one(conn: Connection, sql: str, **params: Any) -> Any:
    return conn.execute(text(sql), params).one()


def test_rows_round_trip_with_defaults(conn: Connection) -> None:
    sponsor, bill, user = make_sponsor(conn), make_bill(conn), make_user(conn)
    disclosure = make_disclosure(
        conn,
        sponsor,
        disclosure_type="annual",
        source="ethics_commission",
        filing_date=dt.date(2024, 12, 31),
        disclosure_data='{"assets": [{"kind": "land", "value": 1200000.50}], "liabilities": []}',
        verified_by=user,
    )
    row = one(conn, "SELECT * FROM financial_disclosures WHERE id = :i", i=disclosure)
    assert row.disclosure_data == {"assets": [{"kind": "land", "value": 1200000.50}], "liabilities": []}
    assert row.verification_status == "unverified"
    assert row.created_at is not None and row.updated_at is not None
    assert row.created_at.tzinfo is not None

    detection = make_detection(conn, bill, sponsor, confidence_score=Decimal("87.50"), severity_level="high")
    row = one(conn, "SELECT * FROM conflict_detections WHERE id = :i", i=detection)
    assert row.confidence_score == Decimal("87.50")
    assert row.reviewed_by_expert is False
    assert row.evidence_data == {"sources": ["register"]}

    edge = make_influence(
        conn,
        sponsor,
        make_sponsor(conn),
        relationship_type="party_whip",
        relationship_strength=Decimal("40.25"),
        evidence_sources='{"urls": ["https://example.ke/a"]}',
        active_from=dt.date(2023, 1, 1),
    )
    row = one(conn, "SELECT * FROM influence_networks WHERE id = :i", i=edge)
    assert (row.relationship_strength, row.evidence_sources) == (Decimal("40.25"), {"urls": ["https://example.ke/a"]})

    workaround = make_workaround(
        conn,
        bill,
        workaround_type="executive_order",
        provisions_reimplemented=["Section 12(3)", "Section 14"],
        similarity_score=Decimal("92.00"),
        workaround_metadata='{"gazette": "Vol. CXXVI No. 45"}',
    )
    row = one(conn, "SELECT * FROM implementation_workarounds WHERE id = :i", i=workaround)
    assert row.provisions_reimplemented == ["Section 12(3)", "Section 14"]
    assert row.workaround_metadata == {"gazette": "Vol. CXXVI No. 45"}


@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("financial_disclosures", "sponsor_id"),
        ("financial_disclosures", "verified_by"),
        ("conflict_detections", "bill_id"),
        ("conflict_detections", "sponsor_id"),
        ("implementation_workarounds", "original_bill_id"),
    ],
)
def test_dangling_references_are_rejected(conn: Connection, rejects: Rejects, table: str, column: str) -> None:
    sponsor, bill = make_sponsor(conn), make_bill(conn)
    valid: dict[str, dict[str, Any]] = {
        "financial_disclosures": {"sponsor_id": sponsor, "disclosure_year": 2024, "disclosure_data": "{}"},
        "conflict_detections": {
            "bill_id": bill,
            "sponsor_id": sponsor,
            "conflict_type": "financial",
            "evidence_data": "{}",
        },
        "implementation_workarounds": {"original_bill_id": bill},
    }
    values = {**valid[table], column: uuid.uuid4()}
    cols = ", ".join(values)
    params = ", ".join(f":{k}" for k in values)
    rejects(f"INSERT INTO {table} ({cols}) VALUES ({params})", values, sqlstate="23503")


@pytest.mark.parametrize(
    ("table", "values", "constraint"),
    [
        ("financial_disclosures", {"disclosure_year": 1900}, "disclosure_year_range"),
        ("financial_disclosures", {"disclosure_year": 2101}, "disclosure_year_range"),
        ("conflict_detections", {"confidence_score": Decimal("100.01")}, "confidence_score_range"),
        ("conflict_detections", {"confidence_score": Decimal("-1")}, "confidence_score_range"),
        ("influence_networks", {"relationship_strength": Decimal("101")}, "relationship_strength_range"),
        ("influence_networks", {"active_from": dt.date(2024, 5, 1), "active_to": dt.date(2024, 4, 30)}, "active_dates"),
        ("influence_networks", {"self": True}, "no_self_edge"),
        ("implementation_workarounds", {"similarity_score": Decimal("-0.01")}, "similarity_score_range"),
    ],
)
def test_checks_reject_out_of_range_values(
    conn: Connection, rejects: Rejects, table: str, values: dict[str, Any], constraint: str
) -> None:
    sponsor, other, bill = make_sponsor(conn), make_sponsor(conn), make_bill(conn)
    base: dict[str, dict[str, Any]] = {
        "financial_disclosures": {"sponsor_id": sponsor, "disclosure_year": 2024, "disclosure_data": "{}"},
        "conflict_detections": {
            "bill_id": bill,
            "sponsor_id": sponsor,
            "conflict_type": "financial",
            "evidence_data": "{}",
        },
        "influence_networks": {
            "source_entity_type": "sponsor",
            "source_entity_id": sponsor,
            "target_entity_type": "sponsor",
            "target_entity_id": sponsor if values.get("self") else other,
        },
        "implementation_workarounds": {"original_bill_id": bill},
    }
    row = {**base[table], **{k: v for k, v in values.items() if k != "self"}}
    cols = ", ".join(row)
    params = ", ".join(f":{k}" for k in row)
    message = rejects(f"INSERT INTO {table} ({cols}) VALUES ({params})", row, sqlstate="23514")
    assert f"ck_{table}_{constraint}" in message


def test_boundary_values_are_accepted(conn: Connection) -> None:
    sponsor, bill = make_sponsor(conn), make_bill(conn)
    make_disclosure(conn, sponsor, disclosure_year=1963)
    make_disclosure(conn, sponsor, disclosure_year=2100)
    make_detection(conn, bill, sponsor, confidence_score=Decimal("0"))
    make_detection(conn, bill, sponsor, confidence_score=Decimal("100"))
    make_workaround(conn, bill, similarity_score=Decimal("100"))
    # The same id under two types is two nodes, not a self-loop.
    insert(
        conn,
        "influence_networks",
        source_entity_type="sponsor",
        source_entity_id=sponsor,
        target_entity_type="organisation",
        target_entity_id=sponsor,
        active_from=dt.date(2024, 1, 1),
        active_to=dt.date(2024, 1, 1),
    )


def test_duplicate_primary_key_is_rejected(conn: Connection, rejects: Rejects) -> None:
    sponsor = make_sponsor(conn)
    disclosure = make_disclosure(conn, sponsor)
    rejects(
        "INSERT INTO financial_disclosures (id, sponsor_id, disclosure_year, disclosure_data)"
        " VALUES (:i, :s, 2025, '{}')",
        {"i": disclosure, "s": sponsor},
        sqlstate="23505",
    )


def test_not_null_columns_are_required(conn: Connection, rejects: Rejects) -> None:
    sponsor = make_sponsor(conn)
    rejects(
        "INSERT INTO financial_disclosures (sponsor_id, disclosure_year) VALUES (:s, 2024)",
        {"s": sponsor},
        sqlstate="23502",
    )
    rejects(
        "INSERT INTO influence_networks (source_entity_type, source_entity_id, target_entity_type)"
        " VALUES ('sponsor', :s, 'sponsor')",
        {"s": sponsor},
        sqlstate="23502",
    )


def count(conn: Connection, table: str, where: str, **params: Any) -> int:
    return int(conn.execute(text(f"SELECT count(*) FROM {table} WHERE {where}"), params).scalar_one())


def test_deleting_a_sponsor_removes_its_disclosures_and_detections(conn: Connection) -> None:
    sponsor, bill = make_sponsor(conn), make_bill(conn)
    make_disclosure(conn, sponsor)
    make_detection(conn, bill, sponsor)
    conn.execute(text("DELETE FROM sponsors WHERE id = :s"), {"s": sponsor})
    assert count(conn, "financial_disclosures", "sponsor_id = :s", s=sponsor) == 0
    assert count(conn, "conflict_detections", "sponsor_id = :s", s=sponsor) == 0


def test_deleting_a_bill_removes_its_detections_and_workarounds(conn: Connection) -> None:
    sponsor, bill = make_sponsor(conn), make_bill(conn)
    make_detection(conn, bill, sponsor)
    make_workaround(conn, bill)
    conn.execute(text("DELETE FROM bills WHERE id = :b"), {"b": bill})
    assert count(conn, "conflict_detections", "bill_id = :b", b=bill) == 0
    assert count(conn, "implementation_workarounds", "original_bill_id = :b", b=bill) == 0


def test_deleting_the_verifier_keeps_the_disclosure(conn: Connection) -> None:
    sponsor, user = make_sponsor(conn), make_user(conn)
    disclosure = make_disclosure(conn, sponsor, verified_by=user, verification_status="verified")
    conn.execute(text("DELETE FROM users WHERE id = :u"), {"u": user})
    row = one(conn, "SELECT verified_by, verification_status FROM financial_disclosures WHERE id = :i", i=disclosure)
    assert (row.verified_by, row.verification_status) == (None, "verified")


def test_updated_at_is_maintained_by_trigger(conn: Connection) -> None:
    sponsor = make_sponsor(conn)
    old = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    disclosure = make_disclosure(conn, sponsor, updated_at=old)
    conn.execute(text("UPDATE financial_disclosures SET source = 'gazette' WHERE id = :i"), {"i": disclosure})
    assert one(conn, "SELECT updated_at FROM financial_disclosures WHERE id = :i", i=disclosure).updated_at > old
