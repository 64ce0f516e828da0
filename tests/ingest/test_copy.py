"""The COPY loader: validation, bad-row positions, all-or-nothing, upsert, FK order, bounded memory."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import text

from chanuka_db.engine import Database
from chanuka_db.ingest.copy import load, load_many
from chanuka_db.ingest.validate import RowError
from chanuka_db.schema import metadata

USERS = metadata.tables["users"]
BILLS = metadata.tables["bills"]
SPONSORS = metadata.tables["sponsors"]
NOW = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


def user_rows(n: int, start: int = 0) -> Iterator[dict[str, Any]]:
    for i in range(start, start + n):
        yield {"email": f"user{i}@example.ke", "password_hash": "x" * 60, "role": "citizen", "county": "nairobi"}


def count(db: Database, table: str) -> int:
    with db.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


@pytest.fixture(autouse=True)
def _clean(chanuka_db: Database) -> Iterator[None]:
    yield
    with chanuka_db.connect() as conn:
        conn.execute(text("TRUNCATE users, sponsors, bills CASCADE"))
        conn.commit()


def test_load_generator_of_dicts(chanuka_db: Database) -> None:
    seen: list[int] = []
    with chanuka_db.raw_connection() as conn:
        result = load(conn, USERS, user_rows(12_345), progress=seen.append, progress_every=1000)
    assert result.rows == 12_345 and result.mode == "copy"
    assert seen[-1] == 12_345
    assert count(chanuka_db, "users") == 12_345


def test_dataclass_rows(chanuka_db: Database) -> None:
    @dataclasses.dataclass
    class Sponsor:
        name: str
        chamber: str
        mp_number: str

    rows = [Sponsor(f"Hon. Member {i}", "national_assembly", f"MP{i:03d}") for i in range(10)]
    with chanuka_db.raw_connection() as conn:
        assert load(conn, SPONSORS, rows).rows == 10
    assert count(chanuka_db, "sponsors") == 10


@pytest.mark.parametrize(
    ("bad", "column", "reason"),
    [
        ({"role": "emperor"}, "role", "not a value of enum user_role"),
        ({"county": "atlantis"}, "county", "kenyan_county"),
        ({"email": None}, "email", "NOT NULL"),
        ({"password_hash": "x" * 300}, "password_hash", "at most 255"),
        ({"last_login_at": dt.datetime(2025, 1, 1)}, "last_login_at", "naive datetime"),
        ({"is_active": "yes"}, "is_active", "true/false"),
        ({"email": "bad\x00email@x.ke"}, "email", "NUL"),
    ],
)
def test_bad_row_reports_position_and_nothing_is_stored(
    chanuka_db: Database, bad: dict[str, Any], column: str, reason: str
) -> None:
    valid_extra = {"is_active": True, "last_login_at": NOW}
    rows = [{**r, **valid_extra} for r in user_rows(100)]
    rows[57] = {**rows[57], **bad}
    with chanuka_db.raw_connection() as conn, pytest.raises(RowError) as info:
        load(conn, USERS, rows)
    assert info.value.position == 57
    assert info.value.column == column
    assert reason in str(info.value)
    assert count(chanuka_db, "users") == 0


def test_database_rejection_is_all_or_nothing(chanuka_db: Database) -> None:
    rows = list(user_rows(50))
    rows.append({**rows[10]})  # duplicate e-mail: only the database can see it
    with chanuka_db.raw_connection() as conn, pytest.raises(RowError) as info:
        load(conn, USERS, rows)
    assert info.value.position == 50
    assert "duplicate key" in str(info.value)
    assert count(chanuka_db, "users") == 0


def test_unknown_column_and_missing_required(chanuka_db: Database) -> None:
    with chanuka_db.raw_connection() as conn:
        with pytest.raises(Exception, match="no column"):
            load(conn, USERS, [{"email": "a@b.ke", "password_hash": "x", "nope": 1}])
        with pytest.raises(RowError, match="password_hash"):
            load(conn, USERS, [{"email": "a@b.ke"}])


def test_upsert_updates_existing_rows(chanuka_db: Database) -> None:
    with chanuka_db.raw_connection() as conn:
        load(conn, SPONSORS, [{"name": f"S{i}", "chamber": "senate", "mp_number": f"SN{i}"} for i in range(5)])
        result = load(
            conn,
            SPONSORS,
            [{"name": f"Renamed {i}", "chamber": "senate", "mp_number": f"SN{i}"} for i in range(3, 8)],
            upsert=["mp_number"],
        )
    assert result.mode == "upsert" and result.rows == 5
    with chanuka_db.connect() as c:
        names = {k: v for k, v in c.execute(text("SELECT mp_number, name FROM sponsors"))}
    assert len(names) == 8
    assert names["SN1"] == "S1" and names["SN4"] == "Renamed 4" and names["SN7"] == "Renamed 7"


def test_load_many_orders_by_foreign_keys(chanuka_db: Database) -> None:
    sponsor_id = uuid.uuid4()
    batches = {
        BILLS: [
            {
                "bill_number": f"NA {i}/2025",
                "title": f"The Test Bill {i}",
                "chamber": "national_assembly",
                "sponsor_id": sponsor_id,
                "affected_counties": ["nairobi", "kisumu"],
                "metadata": {"source": "test", "n": i},
                "introduced_date": dt.date(2025, 1, 1),
            }
            for i in range(20)
        ],
        SPONSORS: [{"id": sponsor_id, "name": "Hon. A", "chamber": "national_assembly"}],
    }
    with chanuka_db.raw_connection() as conn:
        results = load_many(conn, batches)
    assert [r.table for r in results] == ["sponsors", "bills"]
    with chanuka_db.connect() as c:
        row = c.execute(text("SELECT affected_counties::text[], metadata FROM bills LIMIT 1")).one()
    assert row[0] == ["nairobi", "kisumu"] and row[1]["source"] == "test"


def test_load_many_rolls_back_every_table(chanuka_db: Database) -> None:
    batches = {
        SPONSORS: [{"name": "Hon. B", "chamber": "senate"}],
        BILLS: [{"bill_number": "X", "title": "t", "chamber": "moon"}],
    }
    with chanuka_db.raw_connection() as conn, pytest.raises(RowError):
        load_many(conn, batches)
    assert count(chanuka_db, "sponsors") == 0


def test_pydantic_model_validation_hook(chanuka_db: Database) -> None:
    rows = list(user_rows(20))
    rows[13] = {**rows[13], "email": "not-an-email-but-short"}
    with chanuka_db.raw_connection() as conn:
        assert load(conn, USERS, list(user_rows(5, start=100)), validate_models=True).rows == 5
        conn.commit()
        with pytest.raises(RowError) as info:
            load(conn, USERS, rows, validate_models=True)
    assert info.value.position == 13
    assert count(chanuka_db, "users") == 5


def test_a_long_load_is_not_cut_by_the_statement_timeout(chanuka_db: Database) -> None:
    """The environment's statement_timeout is for requests; the loader's own transaction lifts it."""
    from chanuka_db.config import Environment, Settings

    strict = Database(
        Settings(CHANUKA_ENV=Environment.TEST, DATABASE_URL=None, CHANUKA_STATEMENT_TIMEOUT_MS=1), url=chanuka_db.url
    )
    try:
        with strict.raw_connection() as conn:
            with pytest.raises(Exception, match="statement timeout"):
                conn.execute("SELECT pg_sleep(0.05)")
            conn.rollback()
            assert load(conn, USERS, user_rows(20_000)).rows == 20_000
            assert conn.execute("SHOW statement_timeout").fetchone() == ("1ms",)  # only the load's transaction
    finally:
        strict.dispose()
    assert count(chanuka_db, "users") == 20_000
