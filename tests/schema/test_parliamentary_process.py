"""Parliamentary process against real PostgreSQL: assignments, amendments, versions, readings, MPs' votes,
co-sponsors, public participation events, submissions and hearings.

Uses the derived foreign-key, ON DELETE, enum and constraint-coverage tests of test_foundation.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Connection, select, text
from sqlalchemy.orm import Session

from chanuka_db.schema.enums import (
    AmendmentType,
    Chamber,
    CosponsorType,
    ParliamentaryVoteChoice,
    ParticipationEventStatus,
    SubmissionReviewStatus,
)
from chanuka_db.schema.foundation import Bill, Sponsor
from chanuka_db.schema.parliamentary_process import (
    BillAmendment,
    BillCosponsor,
    ParliamentaryVote,
    PublicHearing,
    PublicParticipationEvent,
    PublicSubmission,
)
from tests.schema.conftest import Rejects, restrict_sqlstate
from tests.schema.factories import insert, make_bill, make_sponsor
from tests.schema.test_foundation import (
    BUILDERS as FOUNDATION_BUILDERS,
)
from tests.schema.test_foundation import (
    SERIAL,
    Builder,
    Case,
    build_committee,
    build_parliamentary_session,
    check_cases_cover,
    check_enum_rejects,
    check_fk_rejects_dangling,
    check_on_delete,
    check_updated_at_trigger,
    domain_tables,
    enum_columns,
    foreign_keys,
    j,
    row_exists,
)

DOMAIN = "parliamentary_process"
DAY = dt.date(2025, 3, 4)


# --- builders -----------------------------------------------------------------------------------------


def _on_bill(table: str, **defaults: Any) -> Callable[..., uuid.UUID]:
    def build(conn: Connection, **kw: Any) -> uuid.UUID:
        kw.setdefault("bill_id", make_bill(conn))
        return insert(conn, table, **{**defaults, **kw})

    return build


def build_assignment(conn: Connection, **kw: Any) -> uuid.UUID:
    kw.setdefault("committee_id", build_committee(conn))
    return _on_bill("bill_committee_assignments", assignment_type="primary")(conn, **kw)


def build_amendment(conn: Connection, **kw: Any) -> uuid.UUID:
    values = {"amendment_number": f"A{next(SERIAL)}", "amendment_type": "insertion", "proposed_text": "Insert (c)."}
    return _on_bill("bill_amendments", **values)(conn, **kw)


def build_version(conn: Connection, **kw: Any) -> uuid.UUID:
    return _on_bill("bill_versions", version_number=str(next(SERIAL)), full_text="1. Short title.")(conn, **kw)


def build_reading(conn: Connection, **kw: Any) -> uuid.UUID:
    return _on_bill("bill_readings", reading_number=1, reading_date=DAY)(conn, **kw)


def build_parliamentary_vote(conn: Connection, **kw: Any) -> uuid.UUID:
    kw.setdefault("sponsor_id", make_sponsor(conn))
    if kw.get("amendment_id") is not None:
        kw.setdefault("vote_stage", "amendment_vote")
    values = {"vote_stage": "second_reading", "vote_date": DAY, "vote_choice": "yes", **kw}
    return _on_bill("parliamentary_votes")(conn, **values)


def build_cosponsor(conn: Connection, **kw: Any) -> uuid.UUID:
    kw.setdefault("sponsor_id", make_sponsor(conn))
    return _on_bill("bill_cosponsors")(conn, **kw)


def build_event(conn: Connection, **kw: Any) -> uuid.UUID:
    values = {"event_type": "public_hearing", "event_title": "Hearing on the Bill", "event_date": DAY}
    return _on_bill("public_participation_events", **values)(conn, **kw)


def build_submission(conn: Connection, **kw: Any) -> uuid.UUID:
    return _on_bill("public_submissions", submission_text="We object.", submission_method="online")(conn, **kw)


def build_hearing(conn: Connection, **kw: Any) -> uuid.UUID:
    return _on_bill("public_hearings", hearing_title="Public hearing", hearing_date=DAY)(conn, **kw)


BUILDERS: dict[str, Builder] = {
    **FOUNDATION_BUILDERS,
    "bill_committee_assignments": build_assignment,
    "bill_amendments": build_amendment,
    "bill_versions": build_version,
    "bill_readings": build_reading,
    "parliamentary_votes": build_parliamentary_vote,
    "bill_cosponsors": build_cosponsor,
    "public_participation_events": build_event,
    "public_submissions": build_submission,
    "public_hearings": build_hearing,
}


# --- check and unique cases ---------------------------------------------------------------------------

LATER, EARLIER = DAY + dt.timedelta(days=1), DAY - dt.timedelta(days=1)

CHECKS: dict[str, Case] = {
    "ck_bill_committee_assignments_report_after_assignment": lambda c: build_assignment(
        c, assigned_date=DAY, actual_report_date=EARLIER
    ),
    "ck_bill_committee_assignments_expected_after_assignment": lambda c: build_assignment(
        c, assigned_date=DAY, expected_report_date=EARLIER
    ),
    "ck_bill_amendments_vote_counts": lambda c: build_amendment(c, votes_against=-1),
    "ck_bill_amendments_voting_after_proposal": lambda c: build_amendment(c, proposed_date=DAY, voting_date=EARLIER),
    "ck_bill_versions_created_by_stage_values": lambda c: build_version(c, created_by_stage="senate"),
    "ck_bill_versions_document_hash_sha256": lambda c: build_version(c, document_hash="md5:abc"),
    "ck_bill_readings_reading_number": lambda c: build_reading(c, reading_number=4),
    "ck_bill_readings_reading_stage_values": lambda c: build_reading(c, reading_stage="fourth_reading"),
    "ck_bill_readings_vote_counts": lambda c: build_reading(c, votes_for=-3),
    "ck_bill_readings_next_reading_after": lambda c: build_reading(c, reading_date=DAY, next_reading_scheduled=EARLIER),
    "ck_parliamentary_votes_vote_stage_values": lambda c: build_parliamentary_vote(c, vote_stage="first_reading"),
    "ck_parliamentary_votes_amendment_vote_has_amendment": lambda c: build_parliamentary_vote(
        c, vote_stage="amendment_vote"
    ),
    "ck_public_participation_events_event_type_values": lambda c: build_event(c, event_type="concert"),
    "ck_public_participation_events_participants": lambda c: build_event(c, actual_participants=-1),
    "ck_public_participation_events_registration_deadline": lambda c: build_event(
        c, event_date=DAY, registration_deadline=LATER
    ),
    "ck_public_participation_events_contact_email_format": lambda c: build_event(c, contact_email="clerk@"),
    "ck_public_participation_events_contact_phone_e164": lambda c: build_event(c, contact_phone="020 2221291"),
    "ck_public_submissions_submitter_type_values": lambda c: build_submission(c, submitter_type="bot"),
    "ck_public_submissions_submission_method_values": lambda c: build_submission(c, submission_method="fax"),
}


def _pair(builder: Builder, shared: dict[str, Builder], first: dict[str, Any], second: dict[str, Any]) -> Case:
    """Two rows sharing freshly built parents (``shared``), with their own extra values."""

    def run(conn: Connection) -> None:
        parents = {col: make(conn) for col, make in shared.items()}
        builder(conn, **parents, **first)
        builder(conn, **parents, **second)

    return run


def _mp_votes_twice_without_amendment(conn: Connection) -> None:
    """The old unique key let an MP vote twice at a stage when amendment_id was NULL."""
    bill, mp = make_bill(conn), make_sponsor(conn)
    build_parliamentary_vote(conn, bill_id=bill, sponsor_id=mp, vote_stage="third_reading", vote_choice="yes")
    build_parliamentary_vote(conn, bill_id=bill, sponsor_id=mp, vote_stage="third_reading", vote_choice="no")


UNIQUES: dict[str, Case] = {
    "uq_bill_committee_assignments_bill_id_committee_id": _pair(
        build_assignment,
        {"bill_id": make_bill, "committee_id": build_committee},
        {"assignment_type": "primary"},
        {"assignment_type": "secondary"},
    ),
    "ix_bill_committee_assignments_bill_id_primary": _pair(
        build_assignment, {"bill_id": make_bill}, {"assignment_type": "primary"}, {"assignment_type": "primary"}
    ),
    "uq_bill_amendments_bill_id_amendment_number": _pair(
        build_amendment, {"bill_id": make_bill}, {"amendment_number": "7"}, {"amendment_number": "7"}
    ),
    "uq_bill_versions_bill_id_version_number": _pair(
        build_version, {"bill_id": make_bill}, {"version_number": "2"}, {"version_number": "2"}
    ),
    "ix_bill_versions_bill_id_is_current_version": _pair(
        build_version, {"bill_id": make_bill}, {"is_current_version": True}, {"is_current_version": True}
    ),
    "uq_bill_readings_bill_id_reading_number": _pair(
        build_reading, {"bill_id": make_bill}, {"reading_number": 2}, {"reading_number": 2, "reading_date": LATER}
    ),
    "uq_parliamentary_votes_sponsor_bill_stage_amendment": _mp_votes_twice_without_amendment,
    "uq_bill_cosponsors_bill_id_sponsor_id": _pair(
        build_cosponsor, {"bill_id": make_bill, "sponsor_id": make_sponsor}, {}, {"cosponsor_type": "lead"}
    ),
}


# --- derived and listed constraint tests -------------------------------------------------------------


def test_cases_cover_every_check_and_unique(conn: Connection) -> None:
    check_cases_cover(conn, DOMAIN, CHECKS, UNIQUES)
    assert set(domain_tables(DOMAIN)) <= set(BUILDERS)


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_check_rejects(conn: Connection, rejects: Rejects, name: str) -> None:
    assert name in rejects(lambda: CHECKS[name](conn), sqlstate="23514")


@pytest.mark.parametrize("name", sorted(UNIQUES))
def test_unique_rejects_duplicate(conn: Connection, rejects: Rejects, name: str) -> None:
    assert name in rejects(lambda: UNIQUES[name](conn), sqlstate="23505")


@pytest.mark.parametrize(("table", "column", "name", "parent", "ondelete"), foreign_keys(DOMAIN))
def test_foreign_key_rejects_dangling_id(
    conn: Connection, rejects: Rejects, table: str, column: str, name: str, parent: str, ondelete: str
) -> None:
    check_fk_rejects_dangling(conn, rejects, BUILDERS, table, column, name)


@pytest.mark.parametrize(("table", "column", "name", "parent", "ondelete"), foreign_keys(DOMAIN))
def test_foreign_key_on_delete(
    conn: Connection, rejects: Rejects, table: str, column: str, name: str, parent: str, ondelete: str
) -> None:
    check_on_delete(conn, rejects, BUILDERS, table, column, parent, ondelete)


@pytest.mark.parametrize(("table", "column", "is_array"), enum_columns(DOMAIN))
def test_enum_rejects_unknown_value(
    conn: Connection, rejects: Rejects, table: str, column: str, is_array: bool
) -> None:
    check_enum_rejects(conn, rejects, BUILDERS, table, column, is_array)


def test_declared_on_delete_rules() -> None:
    """Rows about a bill go with it; optional context pointers are cleared; an MP's votes are kept."""
    rules = {(t, c): rule for t, c, _, _, rule in foreign_keys(DOMAIN)}
    assert {c for (t, c), rule in rules.items() if rule == "CASCADE"} == {
        "bill_id",
        "committee_id",  # an assignment belongs to its committee
        "sponsor_id",  # bill_cosponsors only
        "amendment_id",  # votes on an amendment go with the amendment
    }
    assert rules[("bill_cosponsors", "sponsor_id")] == "CASCADE"
    assert rules[("parliamentary_votes", "sponsor_id")] == "RESTRICT"
    assert rules[("parliamentary_votes", "amendment_id")] == "CASCADE"
    set_null = {(t, c) for (t, c), rule in rules.items() if rule == "SET NULL"}
    assert set_null == {
        ("bill_amendments", "proposed_by_id"),
        ("bill_amendments", "proposed_by_committee_id"),
        ("bill_readings", "session_id"),
        ("parliamentary_votes", "session_id"),
        ("public_participation_events", "organizing_committee_id"),
        ("public_submissions", "event_id"),
        ("public_hearings", "event_id"),
        ("public_hearings", "presiding_committee_id"),
        ("public_hearings", "chairperson_id"),
    }


# --- domain behaviour ---------------------------------------------------------------------------------


def test_readings_ordered_and_bounded(conn: Connection, rejects: Rejects) -> None:
    bill = make_bill(conn)
    session = build_parliamentary_session(conn)
    for number, stage in ((3, "third_reading"), (1, "first_reading"), (2, "second_reading")):
        build_reading(
            conn,
            bill_id=bill,
            session_id=session,
            reading_number=number,
            reading_stage=stage,
            reading_date=DAY + dt.timedelta(days=7 * number),
            votes_for=120,
            votes_against=0,
            votes_abstain=3,
            key_speakers=["Hon. A", "Hon. B"],
            outcome="passed",
        )
    rows = conn.execute(
        text(
            "SELECT reading_number, reading_stage, outcome::text, key_speakers FROM bill_readings "
            "WHERE bill_id = :b ORDER BY reading_number"
        ),
        {"b": bill},
    ).all()
    assert [r[0] for r in rows] == [1, 2, 3]
    assert rows[0][1:] == ("first_reading", "passed", ["Hon. A", "Hon. B"])
    rejects(lambda: build_reading(conn, bill_id=bill, reading_number=0), sqlstate="23514")


def test_mp_votes_one_per_stage_and_per_amendment(conn: Connection, rejects: Rejects) -> None:
    bill, mp = make_bill(conn), make_sponsor(conn)
    first, second = build_amendment(conn, bill_id=bill), build_amendment(conn, bill_id=bill)
    build_parliamentary_vote(conn, bill_id=bill, sponsor_id=mp, vote_stage="second_reading")
    build_parliamentary_vote(conn, bill_id=bill, sponsor_id=mp, vote_stage="third_reading", vote_choice="absent")
    build_parliamentary_vote(conn, bill_id=bill, sponsor_id=mp, amendment_id=first, vote_choice="no")
    build_parliamentary_vote(conn, bill_id=bill, sponsor_id=mp, amendment_id=second, vote_choice="abstain")
    rejects(lambda: build_parliamentary_vote(conn, bill_id=bill, sponsor_id=mp, amendment_id=first), sqlstate="23505")
    # a vote on an amendment must say so, and only amendment votes name one
    rejects(
        lambda: build_parliamentary_vote(conn, bill_id=bill, amendment_id=first, vote_stage="third_reading"),
        sqlstate="23514",
    )


def test_amendment_vote_counts_are_non_negative(conn: Connection, rejects: Rejects) -> None:
    for column in ("votes_for", "votes_against", "votes_abstain"):
        message = rejects(lambda c=column: build_amendment(conn, **{c: -1}), sqlstate="23514")
        assert "ck_bill_amendments_vote_counts" in message
    amendment = build_amendment(conn, votes_for=150, votes_against=80, votes_abstain=0, status="approved")
    assert row_exists(conn, "bill_amendments", amendment)


def test_sponsor_with_recorded_votes_cannot_be_deleted(conn: Connection, rejects: Rejects) -> None:
    mp = make_sponsor(conn)
    build_parliamentary_vote(conn, sponsor_id=mp)
    message = rejects("DELETE FROM sponsors WHERE id = :i", {"i": mp}, sqlstate=restrict_sqlstate(conn))
    assert "fk_parliamentary_votes_sponsor_id_sponsors" in message
    conn.execute(text("UPDATE sponsors SET is_active = false WHERE id = :i"), {"i": mp})  # what to do instead


def test_one_current_version_and_one_primary_committee(conn: Connection, rejects: Rejects) -> None:
    bill = make_bill(conn)
    build_version(conn, bill_id=bill, version_number="1", is_current_version=False)
    build_version(conn, bill_id=bill, version_number="2", is_current_version=True)
    build_version(conn, bill_id=bill, version_number="3", is_current_version=False)
    rejects(lambda: build_version(conn, bill_id=bill, is_current_version=True), sqlstate="23505")
    build_assignment(conn, bill_id=bill, assignment_type="primary")
    build_assignment(conn, bill_id=bill, assignment_type="secondary")
    build_assignment(conn, bill_id=bill, assignment_type="joint")
    rejects(lambda: build_assignment(conn, bill_id=bill, assignment_type="primary"), sqlstate="23505")


def test_cosponsors_unique_per_bill_and_sponsor(conn: Connection, rejects: Rejects) -> None:
    bill, mp = make_bill(conn), make_sponsor(conn)
    build_cosponsor(conn, bill_id=bill, sponsor_id=mp, cosponsor_type="lead")
    build_cosponsor(conn, bill_id=bill)
    build_cosponsor(conn, sponsor_id=mp)
    rejects(lambda: build_cosponsor(conn, bill_id=bill, sponsor_id=mp), sqlstate="23505")


def test_participation_event_round_trip(conn: Connection) -> None:
    committee = build_committee(conn)
    event = build_event(
        conn,
        county="tana_river",
        organizing_committee_id=committee,
        expected_participants=300,
        registration_required=True,
        registration_deadline=EARLIER,
        contact_phone="+254202221291",
    )
    build_submission(
        conn,
        event_id=event,
        position="amend",
        submitter_type="organization",
        submitter_contact=j({"email": "info@ngo.or.ke"}),
        supporting_documents=["https://ngo.or.ke/memo.pdf"],
    )
    build_hearing(conn, event_id=event, presiding_committee_id=committee, public_speakers=j([{"name": "Wafula"}]))
    row = conn.execute(text("SELECT * FROM public_participation_events WHERE id = :i"), {"i": event}).mappings().one()
    assert row["county"] == "tana_river" and row["event_status"] == "scheduled"
    sub = conn.execute(text("SELECT * FROM public_submissions WHERE event_id = :e"), {"e": event}).mappings().one()
    assert sub["review_status"] == "received" and sub["submitter_contact"] == {"email": "info@ngo.or.ke"}
    assert sub["supporting_documents"] == ["https://ngo.or.ke/memo.pdf"]
    hearing = conn.execute(text("SELECT * FROM public_hearings WHERE event_id = :e"), {"e": event}).mappings().one()
    assert hearing["public_speakers"] == [{"name": "Wafula"}] and hearing["invited_speakers"] == []


def test_updated_at_trigger_bumps_on_update(conn: Connection) -> None:
    check_updated_at_trigger(conn, "bill_amendments", build_amendment, "status = 'debated'")


def test_orm_relationships(session: Session) -> None:
    """Amendment votes, co-sponsors and an event's submissions and hearings through the ORM."""
    mp = Sponsor(name="Hon. Kimani", chamber=Chamber.NATIONAL_ASSEMBLY)
    bill = Bill(bill_number="NA 12/2025", title="The Water Bill", chamber=Chamber.NATIONAL_ASSEMBLY, sponsor=mp)
    session.add(bill)
    session.flush()
    amendment = BillAmendment(
        bill_id=bill.id, amendment_number="1", amendment_type=AmendmentType.DELETION, proposed_text="Delete 4(2)."
    )
    amendment.votes.append(
        ParliamentaryVote(
            bill_id=bill.id,
            sponsor=mp,
            vote_stage="amendment_vote",
            vote_date=DAY,
            vote_choice=ParliamentaryVoteChoice.NO,
        )
    )
    event = PublicParticipationEvent(
        bill_id=bill.id, event_type="county_consultation", event_title="Forum", event_date=DAY
    )
    event.submissions.append(PublicSubmission(bill_id=bill.id, submission_text="Ndiyo.", submission_method="verbal"))
    event.hearings.append(PublicHearing(bill_id=bill.id, hearing_title="Hearing", hearing_date=DAY))
    session.add_all([amendment, event, BillCosponsor(bill=bill, sponsor=mp)])
    session.flush()
    session.expire_all()

    loaded = session.scalars(select(BillAmendment).where(BillAmendment.bill_id == bill.id)).one()
    assert [(v.sponsor.name, v.vote_choice) for v in loaded.votes] == [("Hon. Kimani", ParliamentaryVoteChoice.NO)]
    assert loaded.votes[0].amendment is loaded
    cosponsor = session.scalars(select(BillCosponsor).where(BillCosponsor.bill_id == bill.id)).one()
    assert cosponsor.cosponsor_type is CosponsorType.SUPPORTING and cosponsor.bill.title == "The Water Bill"
    ev = session.scalars(select(PublicParticipationEvent).where(PublicParticipationEvent.bill_id == bill.id)).one()
    assert ev.event_status is ParticipationEventStatus.SCHEDULED
    assert [s.review_status for s in ev.submissions] == [SubmissionReviewStatus.RECEIVED]
    assert ev.hearings[0].event is ev
