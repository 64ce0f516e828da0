"""Revision 0101: existing rows get their vectors, the downgrade undoes it, and the upgrade runs again."""

from __future__ import annotations

from sqlalchemy import text

from chanuka_db.engine import Database
from chanuka_db.migrate import runner

BEFORE = "0100_seed_search_synonyms"
REVISION = "0101_search_vectors"


def _state(db: Database) -> dict[str, int]:
    with db.connect() as conn:
        row = conn.execute(
            text(
                "SELECT (SELECT count(*) FROM pg_ts_config WHERE cfgname LIKE 'chanuka%'), "
                "(SELECT count(*) FROM information_schema.columns "
                "WHERE column_name IN ('search_head', 'search_vector')), "
                "(SELECT count(*) FROM pg_matviews WHERE matviewname IN ('search_vocabulary', 'search_suggestions')), "
                "(SELECT count(*) FROM pg_trigger WHERE tgname IN ('trg_bills_search_vectors', "
                "'trg_sponsors_search_vector', 'trg_comments_search_vector')), "
                "(SELECT count(*) FROM pg_indexes WHERE indexname IN ('ix_bills_search_head', "
                "'ix_bills_search_vector', "
                "'ix_bills_title_trgm', 'ix_sponsors_search_vector', 'ix_sponsors_name_trgm', "
                "'ix_comments_bill_id_search_vector'))"
            )
        ).one()
    return dict(zip(("configurations", "columns", "views", "triggers", "indexes"), row, strict=True))


def test_upgrade_fills_existing_rows_and_downgrade_undoes_it(chanuka_empty_db: Database) -> None:
    db = chanuka_empty_db
    runner.upgrade(db, BEFORE)
    assert set(_state(db).values()) == {0}
    with db.transaction() as s:
        sponsor = s.execute(
            text(
                "INSERT INTO sponsors (name, chamber) VALUES ('Hon. Achieng Odhiambo', 'national_assembly') "
                "RETURNING id"
            )
        ).scalar_one()
        bill = s.execute(
            text(
                "INSERT INTO bills (bill_number, title, summary, full_text, chamber, sponsor_id, status) VALUES "
                "('NA 7/2025', 'The Fisheries Bill, 2025', 'Beach management units.', 'Nets and tilapia.', "
                "'national_assembly', :s, 'first_reading') RETURNING id"
            ),
            {"s": sponsor},
        ).scalar_one()
        user = s.execute(
            text("INSERT INTO users (email, password_hash) VALUES ('a@b.ke', :p) RETURNING id"), {"p": "x" * 60}
        ).scalar_one()
        s.execute(
            text("INSERT INTO comments (bill_id, user_id, comment_text) VALUES (:b, :u, 'Tilapia prices are falling')"),
            {"b": bill, "u": user},
        )
    runner.upgrade(db, REVISION)
    assert _state(db) == {"configurations": 2, "columns": 4, "views": 2, "triggers": 3, "indexes": 6}
    with db.connect() as conn:
        head, full = conn.execute(text("SELECT search_head::text, search_vector::text FROM bills")).one()
        sponsor_vector = conn.execute(text("SELECT search_vector::text FROM sponsors")).scalar_one()
        comment_vector = conn.execute(text("SELECT search_vector::text FROM comments")).scalar_one()
        words = conn.execute(text("SELECT count(*) FROM search_vocabulary WHERE word = 'fisheries'")).scalar_one()
    assert "'fisheri':2A" in head and "'~sfirst_reading'" in head and "'tilapia'" not in head
    assert "'tilapia'" in full and "'achieng'" in sponsor_vector and "'tilapia'" in comment_vector
    assert words == 1
    runner.downgrade(db, to=BEFORE)
    assert set(_state(db).values()) == {0}
    runner.upgrade(db, REVISION)
    assert _state(db)["indexes"] == 6
