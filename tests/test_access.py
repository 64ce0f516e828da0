"""chanuka_db.access: idempotent, validated, all-or-nothing offline sync against a real PostgreSQL."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from chanuka_db.access import (
    BatchRejected,
    SyncResult,
    enqueue_offline_operations,
    is_e164,
    normalize_phone,
    sync_offline_submissions,
)
from chanuka_db.engine import Database
from chanuka_db.errors import InvalidInput
from tests.schema.factories import insert, make_bill, make_user

EAT = dt.timezone(dt.timedelta(hours=3))


@pytest.fixture
def conn(chanuka_db: Database) -> Iterator[Connection]:
    """A connection whose transaction is rolled back after the test."""
    with chanuka_db.engine.connect() as connection:
        tx = connection.begin()
        try:
            yield connection
        finally:
            tx.rollback()


def make_ambassador(conn: Connection) -> uuid.UUID:
    return insert(
        conn,
        "ambassadors",
        user_id=make_user(conn),
        ambassador_code=f"AMB-{uuid.uuid4().hex[:8]}",
        display_name="Wanjiru Kamau",
        contact_phone="+254711000222",
        preferred_contact_method="sms",
        primary_county="nyeri",
    )


def submission(ambassador: uuid.UUID, bill: uuid.UUID, key: str, **kw: Any) -> dict[str, Any]:
    return {
        "client_submission_id": key,
        "collected_by_id": ambassador,
        "bill_id": bill,
        "submission_text": "Tunaomba bei ya unga ipunguzwe.",
        "collection_method": "written",
        **kw,
    }


def stored(conn: Connection, ambassador: uuid.UUID) -> int:
    return int(
        conn.execute(
            text("SELECT count(*) FROM offline_submissions WHERE collected_by_id = :a"), {"a": ambassador}
        ).scalar_one()
    )


def test_syncing_the_same_batch_twice_stores_it_once(conn: Connection) -> None:
    ambassador, bill = make_ambassador(conn), make_bill(conn)
    batch = [
        submission(
            ambassador,
            bill,
            "dev1-0001",
            position="support",
            participant_phone="+254712345678",
            participant_demographics={"age_range": "26-35", "session": uuid.uuid4()},
            collected_at=dt.datetime(2025, 6, 14, 10, 30, tzinfo=EAT),
            photo_file_paths=["/sd/0001.jpg"],
        ),
        submission(ambassador, bill, "dev1-0002", position="oppose", processing_status="transcribed"),
        submission(ambassador, bill, "dev1-0003"),
    ]
    assert sync_offline_submissions(conn, batch) == SyncResult(inserted=3, duplicates=0)
    again = sync_offline_submissions(conn, batch)
    assert again == SyncResult(inserted=0, duplicates=3, duplicate_keys=("dev1-0001", "dev1-0002", "dev1-0003"))
    assert stored(conn, ambassador) == 3
    row = conn.execute(
        text(
            "SELECT sync_status::text, synced_at IS NOT NULL, position::text, participant_phone, "
            "participant_demographics->>'age_range' FROM offline_submissions WHERE client_submission_id = 'dev1-0001'"
        )
    ).one()
    assert row == ("synced", True, "support", "+254712345678", "26-35")


def test_a_partly_new_batch_inserts_only_the_new_rows(conn: Connection) -> None:
    ambassador, bill = make_ambassador(conn), make_bill(conn)
    sync_offline_submissions(conn, [submission(ambassador, bill, "a"), submission(ambassador, bill, "b")])
    result = sync_offline_submissions(
        conn,
        [
            submission(ambassador, bill, "b", submission_text="edited on the device after the first send"),
            submission(ambassador, bill, "c"),
            submission(ambassador, bill, "c"),  # repeated inside one batch
        ],
    )
    assert result == SyncResult(inserted=1, duplicates=2, duplicate_keys=("b", "c"))
    first_version = conn.execute(
        text("SELECT submission_text FROM offline_submissions WHERE client_submission_id = 'b'")
    ).scalar_one()
    assert first_version == "Tunaomba bei ya unga ipunguzwe."  # the first version wins


def test_keys_are_scoped_to_the_ambassador(conn: Connection) -> None:
    bill = make_bill(conn)
    a, b = make_ambassador(conn), make_ambassador(conn)
    assert sync_offline_submissions(conn, [submission(a, bill, "0001")]).inserted == 1
    assert sync_offline_submissions(conn, [submission(b, bill, "0001")]).inserted == 1


def test_a_bad_phone_number_rejects_the_whole_batch_naming_the_row(conn: Connection) -> None:
    ambassador, bill = make_ambassador(conn), make_bill(conn)
    batch = [
        submission(ambassador, bill, "k1"),
        submission(ambassador, bill, "k2", participant_phone="0712345678"),
        submission(ambassador, bill, "k3"),
    ]
    with pytest.raises(BatchRejected) as caught:
        sync_offline_submissions(conn, batch)
    err = caught.value
    assert [(e.position, e.client_key, e.column) for e in err.errors] == [(1, "k2", "participant_phone")]
    assert "row 1 ('k2'), column participant_phone: not an E.164 phone number" in str(err)
    assert "0712345678" not in str(err)  # personal data stays out of error messages
    assert isinstance(err, InvalidInput)
    assert stored(conn, ambassador) == 0


def test_every_bad_row_is_reported_before_anything_is_written(conn: Connection) -> None:
    ambassador, bill = make_ambassador(conn), make_bill(conn)
    good = submission(ambassador, bill, "ok-1")
    missing_text = submission(ambassador, bill, "k2")
    del missing_text["submission_text"]
    batch: list[Any] = [
        good,
        submission(ambassador, bill, "k1", collection_method="telepathy"),
        missing_text,
        {k: v for k, v in submission(ambassador, bill, "x").items() if k != "client_submission_id"},
        submission(ambassador, bill, "has space"),
        submission(ambassador, bill, "k5", position="maybe"),
        submission(ambassador, bill, "k6", sync_status="synced"),
        submission(ambassador, bill, "k7", colour="blue"),
        submission(ambassador, bill, "k8", collected_at=dt.datetime(2025, 6, 1, 9, 0)),  # naive timestamp
        submission(ambassador, "not-a-uuid", "k9"),  # type: ignore[arg-type]
        "not a row",
    ]
    with pytest.raises(BatchRejected) as caught:
        sync_offline_submissions(conn, batch)
    problems = {(e.position, e.column) for e in caught.value.errors}
    assert problems == {
        (1, "collection_method"),
        (2, "submission_text"),
        (3, "client_submission_id"),
        (4, "client_submission_id"),
        (5, "position"),
        (6, "sync_status"),
        (7, "colour"),
        (8, "collected_at"),
        (9, "bill_id"),
        (10, None),
    }
    assert "10 bad row(s), nothing stored" in str(caught.value)
    assert stored(conn, ambassador) == 0


def test_a_row_the_database_refuses_rolls_back_the_batch_and_keeps_the_transaction(conn: Connection) -> None:
    ambassador, bill = make_ambassador(conn), make_bill(conn)
    missing_bill = uuid.uuid4()
    batch = [submission(ambassador, bill, "k1"), submission(ambassador, missing_bill, "k2")]
    with pytest.raises(BatchRejected) as caught:
        sync_offline_submissions(conn, batch)
    [problem] = caught.value.errors
    assert (problem.position, problem.client_key) == (1, "k2")
    assert "foreign key" in problem.reason and str(missing_bill) in problem.reason
    assert stored(conn, ambassador) == 0  # row 0 was rolled back with the savepoint
    # The caller's transaction is still usable: fix the batch and sync again.
    assert sync_offline_submissions(conn, [submission(ambassador, bill, "k1")]).inserted == 1


def test_works_on_an_orm_session_and_an_empty_batch(conn: Connection) -> None:
    ambassador, bill = make_ambassador(conn), make_bill(conn)
    with Session(bind=conn, join_transaction_mode="create_savepoint") as session:
        assert sync_offline_submissions(session, []) == SyncResult(0, 0)
        assert sync_offline_submissions(session, iter([submission(ambassador, bill, "s1")])).inserted == 1
        assert sync_offline_submissions(session, [submission(ambassador, bill, "s1")]).duplicates == 1
        session.commit()  # the caller commits (here: releases the session's savepoint)
    assert stored(conn, ambassador) == 1


def test_offline_operations_are_enqueued_once(conn: Connection) -> None:
    user = make_user(conn)
    ops = [
        {
            "client_operation_id": f"nokia-7:{n}",
            "user_id": user,
            "operation_type": "create",
            "entity_type": "bill_vote",
            "entity_id": f"local-{n}",
            "operation_data": {"vote": "for", "at": dt.datetime(2025, 6, 14, 9, n, tzinfo=EAT)},
            "original_timestamp": dt.datetime(2025, 6, 14, 9, n, tzinfo=EAT),
            "priority": "normal",
            "device_info": {"model": "Nokia 110 4G"},
        }
        for n in range(3)
    ]
    assert enqueue_offline_operations(conn, ops) == SyncResult(inserted=3, duplicates=0)
    assert enqueue_offline_operations(conn, ops).duplicates == 3
    queued = conn.execute(
        text("SELECT count(*), min(sync_status), max(sync_attempts) FROM offline_sync_queue WHERE user_id = :u"),
        {"u": user},
    ).one()
    assert tuple(queued) == (3, "pending", 0)
    with pytest.raises(BatchRejected, match=r"row 0 \('nokia-7:0'\), column sync_attempts: set by the server"):
        enqueue_offline_operations(conn, [{**ops[0], "sync_attempts": 5}])


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("+254712345678", "+254712345678"),
        ("0712 345 678", "+254712345678"),
        ("0712-345-678", "+254712345678"),
        ("254712345678", "+254712345678"),
        ("00254712345678", "+254712345678"),
        ("+254 (0)712 345678", "+254712345678"),  # the bracketed trunk 0 is dropped
        ("712345678", None),
        ("+2547", None),
        ("phone", None),
    ],
)
def test_normalize_phone(typed: str, expected: str | None) -> None:
    if expected is None:
        with pytest.raises(InvalidInput):
            normalize_phone(typed)
    else:
        assert normalize_phone(typed) == expected
        assert is_e164(expected)


def test_normalize_phone_for_another_country_and_e164_check() -> None:
    assert normalize_phone("0772 123456", country_code="256") == "+256772123456"
    assert not is_e164("+0712345678") and not is_e164(254712345678) and not is_e164("+2547123456789012")
    with pytest.raises(InvalidInput):
        normalize_phone("0712", country_code="+254")
