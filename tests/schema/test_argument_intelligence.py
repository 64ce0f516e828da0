"""argument_intelligence against PostgreSQL: arguments and their graph, claims (long text), evidence, briefs,
synthesis jobs and the generic analysis table; every FK, enum and CHECK."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from collections.abc import Callable
from decimal import Decimal

import pytest
from sqlalchemy import Connection, select, text
from sqlalchemy.orm import Session

from chanuka_db.schema.argument_intelligence import Analysis, Argument, ArgumentRelationship, Claim, LegislativeBrief
from chanuka_db.schema.enums import ArgumentPosition, ArgumentRelationshipType, ExtractionMethod, SynthesisJobStatus
from tests.schema.conftest import Rejects
from tests.schema.constraint_checks import (
    assert_dangling_rejected,
    assert_enum_rejects,
    assert_on_delete,
    domain_tables,
    enum_columns,
    foreign_keys,
    leads_an_index,
    live_check_names,
)
from tests.schema.factories import insert, make_bill, make_user

TABLES = domain_tables("argument_intelligence")


def make_argument(conn: Connection, bill_id: uuid.UUID | None = None, **kw: object) -> uuid.UUID:
    """A verified argument in support of ``bill_id`` (a new bill by default)."""
    values = {
        "bill_id": bill_id or make_bill(conn),
        "argument_text": "The levy hurts small traders.",
        "position": "oppose",
        "extraction_method": "automated",
        "verified_by": make_user(conn),
        **kw,
    }
    return insert(conn, "arguments", **values)


def make_relationship(conn: Connection, **kw: object) -> uuid.UUID:
    """``supports`` between two new arguments on the same bill."""
    bill = make_bill(conn)
    values = {
        "source_argument_id": make_argument(conn, bill),
        "target_argument_id": make_argument(conn, bill),
        "relationship_type": "supports",
        "detected_by": "automated",
        **kw,
    }
    return insert(conn, "argument_relationships", **values)


def make_brief(conn: Connection, **kw: object) -> uuid.UUID:
    values = {
        "bill_id": make_bill(conn),
        "brief_type": "public_input",
        "title": "What Kenyans said",
        "executive_summary": "Most submissions oppose clause 12.",
        "generated_by": "hybrid",
        "data_cutoff_date": dt.datetime(2025, 6, 1, tzinfo=dt.UTC),
        **kw,
    }
    return insert(conn, "legislative_briefs", **values)


FACTORIES: dict[str, Callable[[Connection], uuid.UUID]] = {
    "arguments": make_argument,
    "claims": lambda c: insert(c, "claims", claim_text="The bill raises VAT on bread to 16%."),
    "evidence": lambda c: insert(c, "evidence", evidence_type="document", title="KRA revenue report 2024"),
    "argument_relationships": make_relationship,
    "legislative_briefs": make_brief,
    "synthesis_jobs": lambda c: insert(c, "synthesis_jobs", job_type="argument_extraction", bill_id=make_bill(c)),
    "analysis": lambda c: insert(
        c, "analysis", bill_id=make_bill(c), analysis_type="sentiment", approved_by=make_user(c)
    ),
}


def test_factories_cover_the_domain() -> None:
    assert sorted(FACTORIES) == TABLES


@pytest.mark.parametrize("table", TABLES)
def test_minimal_row(conn: Connection, table: str) -> None:
    row_id = FACTORIES[table](conn)
    created = conn.execute(text(f"SELECT created_at FROM {table} WHERE id = :i"), {"i": row_id}).scalar_one()
    assert created.tzinfo is not None


@pytest.mark.parametrize(("table", "column", "referred", "rule"), foreign_keys(TABLES))
def test_foreign_key(conn: Connection, rejects: Rejects, table: str, column: str, referred: str, rule: str) -> None:
    assert leads_an_index(conn, table, column), f"{table}.{column} leads no index"
    row_id = FACTORIES[table](conn)
    assert_dangling_rejected(rejects, table, row_id, column)
    assert_on_delete(conn, rejects, table, row_id, column, referred, rule)


@pytest.mark.parametrize(("table", "column"), enum_columns(TABLES))
def test_enum_rejects_unknown_value(conn: Connection, rejects: Rejects, table: str, column: str) -> None:
    assert_enum_rejects(rejects, table, FACTORIES[table](conn), column)


CHECKS = [
    ("arguments", "argument_type = 'moral'", "ck_arguments_argument_type_values"),
    ("arguments", "strength_score = 1.5", "ck_arguments_strength_score"),
    ("arguments", "confidence_score = 2", "ck_arguments_confidence_score"),
    ("arguments", "quality_score = -0.5", "ck_arguments_quality_score"),
    ("arguments", "support_count = -1", "ck_arguments_counts"),
    ("arguments", "citizen_endorsements = -1", "ck_arguments_counts"),
    ("claims", "mention_count = -1", "ck_claims_mention_count"),
    ("evidence", "evidence_type = 'rumour'", "ck_evidence_evidence_type_values"),
    ("evidence", "credibility_score = 1.01", "ck_evidence_credibility_score"),
    ("evidence", "citation_count = -1", "ck_evidence_citation_count"),
    ("argument_relationships", "target_argument_id = source_argument_id", "ck_argument_relationships_not_self"),
    ("argument_relationships", "strength = 1.2", "ck_argument_relationships_strength"),
    ("legislative_briefs", "brief_type = 'gossip'", "ck_legislative_briefs_brief_type_values"),
    (
        "legislative_briefs",
        "public_release_date = data_cutoff_date - interval '1 day'",
        "ck_legislative_briefs_released_after_cutoff",
    ),
    ("synthesis_jobs", "job_type = 'mining'", "ck_synthesis_jobs_job_type_values"),
    ("synthesis_jobs", "progress_percentage = 101", "ck_synthesis_jobs_progress_percentage"),
    ("synthesis_jobs", "progress_percentage = -1", "ck_synthesis_jobs_progress_percentage"),
    (
        "synthesis_jobs",
        "started_at = now(), completed_at = now() - interval '1 hour'",
        "ck_synthesis_jobs_completed_after_started",
    ),
    ("analysis", "confidence = 1.5", "ck_analysis_confidence"),
]


@pytest.mark.parametrize(("table", "assignment", "constraint"), CHECKS)
def test_check_rejects(conn: Connection, rejects: Rejects, table: str, assignment: str, constraint: str) -> None:
    row_id = FACTORIES[table](conn)
    message = rejects(f"UPDATE {table} SET {assignment} WHERE id = :i", {"i": row_id}, sqlstate="23514")
    assert constraint in message


def test_every_check_has_a_counter_example(conn: Connection) -> None:
    assert live_check_names(conn, TABLES) == {c for *_, c in CHECKS}


# --- the argument graph ------------------------------------------------------------------------------------


def test_relationship_pair_is_unique_per_direction(conn: Connection, rejects: Rejects) -> None:
    rid = make_relationship(conn)
    src, dst = conn.execute(
        text("SELECT source_argument_id, target_argument_id FROM argument_relationships WHERE id = :i"), {"i": rid}
    ).one()
    rejects(
        "INSERT INTO argument_relationships (source_argument_id, target_argument_id, relationship_type, "
        "detected_by) VALUES (:s, :t, 'refines', 'manual')",
        {"s": src, "t": dst},
        sqlstate="23505",
    )
    # The reverse edge is a different statement about the arguments: allowed.
    insert(
        conn,
        "argument_relationships",
        source_argument_id=dst,
        target_argument_id=src,
        relationship_type="contradicts",
        detected_by="crowd",
    )


def test_argument_round_trip_and_graph_relationships(session: Session, conn: Connection) -> None:
    bill = make_bill(conn)
    comments = [uuid.uuid4(), uuid.uuid4()]
    a = Argument(
        bill_id=bill,
        argument_text="Housing levy is a tax",
        position=ArgumentPosition.OPPOSE,
        argument_type="economic",
        extraction_method=ExtractionMethod.HYBRID,
        source_comments=comments,
        strength_score=Decimal("0.70"),
    )
    b = Argument(bill_id=bill, argument_text="Workers already pay NHIF", position="oppose", extraction_method="manual")
    session.add_all([a, b])
    session.flush()
    session.add(
        ArgumentRelationship(
            source_argument_id=b.id,
            target_argument_id=a.id,
            relationship_type=ArgumentRelationshipType.SUPPORTS,
            detected_by="manual",
            strength=Decimal("0.6"),
        )
    )
    session.flush()
    session.expire_all()
    a = session.get_one(Argument, a.id)
    assert a.source_comments == comments and a.position is ArgumentPosition.OPPOSE
    assert (a.support_count, a.opposition_count, a.citizen_endorsements, a.is_verified) == (0, 0, 0, False)
    assert [r.source.id for r in a.incoming] == [b.id] and a.outgoing == []
    assert a.incoming[0].relationship_type is ArgumentRelationshipType.SUPPORTS
    # Deleting an argument removes its edges (ON DELETE CASCADE; the ORM leaves it to the database).
    session.delete(session.get_one(Argument, b.id))
    session.flush()
    session.expire_all()
    assert session.get_one(Argument, a.id).incoming == []


# --- claims, briefs, jobs, analysis ------------------------------------------------------------------------


def test_long_claim_text_is_accepted_and_found(session: Session) -> None:
    long_text = secrets.token_hex(6000)  # 12 kB of incompressible text: the old btree index refused this
    session.add(Claim(claim_text=long_text, claim_type="factual", bills_referenced=[uuid.uuid4()]))
    session.flush()
    found = session.scalars(select(Claim).where(Claim.claim_text == long_text)).one()
    assert found.verification_status == "unverified" and found.mention_count == 1


def test_brief_json_round_trip(session: Session, conn: Connection) -> None:
    bid = make_brief(
        conn,
        key_arguments='[{"argument": "cost of living", "weight": 0.8}]',
        stakeholder_positions='{"KEPSA": "oppose", "COTU": "oppose"}',
    )
    brief = session.get_one(LegislativeBrief, bid)
    assert brief.key_arguments == [{"argument": "cost of living", "weight": 0.8}]
    assert brief.stakeholder_positions == {"KEPSA": "oppose", "COTU": "oppose"}
    assert brief.public_sentiment == {} and brief.generated_by == "hybrid" and brief.bill.id == brief.bill_id


def test_synthesis_job_life_cycle(conn: Connection) -> None:
    jid = FACTORIES["synthesis_jobs"](conn)
    for status, extra in [
        ("running", ", started_at = now(), progress_percentage = 40"),
        ("completed", ", completed_at = now(), progress_percentage = 100, results = '{\"arguments\": 12}'"),
    ]:
        conn.execute(text(f"UPDATE synthesis_jobs SET status = :s{extra} WHERE id = :i"), {"s": status, "i": jid})
    row = conn.execute(
        text("SELECT status::text, progress_percentage, results FROM synthesis_jobs WHERE id = :i"), {"i": jid}
    ).one()
    assert tuple(row) == (SynthesisJobStatus.COMPLETED, 100, {"arguments": 12})


def test_analysis_has_uuid_keys(conn: Connection, session: Session) -> None:
    types: dict[str, str] = dict(
        conn.execute(
            text(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_name = 'analysis' AND column_name IN ('id', 'bill_id')"
            )
        ).all()
    )
    assert types == {"id": "uuid", "bill_id": "uuid"}
    aid = FACTORIES["analysis"](conn)
    row = session.get_one(Analysis, aid)
    assert isinstance(row.id, uuid.UUID) and row.confidence == 0 and row.metadata_ == {}
    assert row.approver is not None and row.bill.id == row.bill_id
