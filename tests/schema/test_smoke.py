"""The shared schema fixtures work: rows round-trip and constraint violations are reported."""

from __future__ import annotations

from sqlalchemy import Connection, text

from tests.schema.conftest import Rejects
from tests.schema.factories import make_bill, make_user


def test_fixtures_roll_back_and_report(conn: Connection, rejects: Rejects) -> None:
    user = make_user(conn)
    bill = make_bill(conn, affected_counties=["nyeri", "turkana"])
    assert conn.execute(text("SELECT count(*) FROM users WHERE id = :u"), {"u": user}).scalar_one() == 1
    counties = conn.execute(text("SELECT affected_counties::text[] FROM bills WHERE id = :b"), {"b": bill}).scalar_one()
    assert counties == ["nyeri", "turkana"]
    rejects("INSERT INTO bills (bill_number, title, chamber) VALUES ('x', 't', 'moon')", sqlstate="22P02")
    rejects(
        "INSERT INTO comments (bill_id, user_id, comment_text) VALUES (gen_random_uuid(), :u, 'x')",
        {"u": user},
        sqlstate="23503",
    )
