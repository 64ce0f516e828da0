"""Adopting each old shape: nothing lost, every foreign key holds, the schema is the new one, twice is once.

For every table and every column that exists before and after, the row count and the checksum of
the values (before: through the conversion the plan documents) are equal; columns moved aside are
found, with their values, in ``chanuka_legacy``; tables moved aside keep every row. The adopted
schema equals a database migrated from scratch (``check``'s live comparison), the migration engine
owns it (``migrate`` has nothing to do, ``rollback``-ready journal), and a second adopt is a no-op.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import URL

from chanuka_db import adopt, api
from chanuka_db.adopt import live as live_mod
from chanuka_db.adopt.model import LEGACY_SCHEMA
from chanuka_db.engine import Database
from chanuka_db.migrate import diff, snapshot
from chanuka_db.migrate import plan as mplan
from chanuka_db.migrate.config import script_directory
from chanuka_db.testing import settings_for_tests
from tests.adopt import checks, oldshape
from tests.adopt.conftest import OldDb, decided_mapping, exec_sql

#: (shape, lock budget): 0 s forces every conversion online (shadow columns, backfill, swap).
CASES = [("push_core", 1.0), ("push_core", 0.0), ("sql_files", 1.0), ("anonymity_missing", 0.0)]


def _schema(db: Database) -> dict[str, Any]:
    with db.connect() as conn:
        return live_mod.without_legacy(snapshot.normalised(snapshot.take(conn)))


@pytest.fixture(scope="module")
def head_schema(chanuka_server_url: URL, chanuka_template: str) -> dict[str, Any]:
    """The schema of a database migrated from scratch to head (what `check` compares a live database with)."""
    with Database(settings_for_tests(), url=chanuka_server_url.set(database=chanuka_template)) as db:
        return _schema(db)


def _adopt(
    old: OldDb, tmp_path: Path, budget: float, progress: adopt.Progress | None = None
) -> tuple[adopt.AdoptResult, str]:
    """Adopt with the reviewer's decisions."""
    mapping = tmp_path / "mapping.json"
    if not mapping.exists():
        decided_mapping(old.db, mapping)
    result = adopt.adopt(old.db, mapping=mapping, yes=True, lock_budget_s=budget, backup_dir=tmp_path / "bk",
                         batch_rows=2, progress=progress)
    return result, ""


@pytest.mark.parametrize(("shape", "budget"), CASES, ids=[f"{s}-{'in-place' if b else 'online'}" for s, b in CASES])
def test_adopt_preserves_everything(
    old_db: Any, shape: str, budget: float, tmp_path: Path, head_schema: dict[str, Any]
) -> None:
    old: OldDb = old_db(shape)
    mapping = decided_mapping(old.db, tmp_path / "mapping.json")
    plan = adopt.dry_run(old.db, mapping=mapping, lock_budget_s=budget)
    assert plan.detection.kind == "old"
    with checks.connect(old.url) as conn:
        exprs = checks.expected(conn, plan)
        before = checks.figures(conn, exprs)
        moved_rows = {t.name: t.rows for t in plan.tables if t.status == "moved aside"}
        sponsor_extras = checks.figures(conn, {"sponsors": {"state": '"state"', "district": '"district"'}}) \
            if shape == "anonymity_missing" else None
        analysis_ids = [r[0] for r in conn.execute("SELECT id FROM analysis ORDER BY id")] \
            if shape == "anonymity_missing" else []

    assert not plan.blocked, [b.line() for b in plan.blockers]
    adopted: dict[str, checks.Figures] = {}

    def at_stamp(event: adopt.Event) -> None:
        # Adoption ends at the stamp; then the migration engine applies the later revisions.
        if event.what == "migrate":
            with checks.connect(old.url) as conn:
                adopted["figures"] = checks.figures(conn, checks.after(conn, exprs))

    result, _ = _adopt(old, tmp_path, budget, at_stamp)

    with checks.connect(old.url) as conn:
        after = adopted["figures"]
        assert after.rows == before.rows
        lost = {k: (v, after.sums.get(k)) for k, v in before.sums.items() if after.sums.get(k, v) != v}
        assert not lost, lost
        missing = set(before.sums) - set(after.sums)
        assert {k.split(".")[1] for k in missing} <= {"state", "district"}, missing
        at_head = checks.figures(conn, checks.after(conn, exprs))
        # 0100 adds the synonyms the old seed lacked (ON CONFLICT (term) DO NOTHING keeps the old rows).
        grown = {k for k, v in at_head.rows.items() if before.rows.get(k) != v}
        assert grown <= {"search_synonyms"}, grown
        assert at_head.rows.get("search_synonyms", 0) >= before.rows.get("search_synonyms", 0)
        # 0101 fills the search vectors with UPDATEs that keep updated_at (chanuka.skip_updated_at).
        changed = {k for k, v in after.sums.items() if at_head.sums.get(k) != v}
        assert {k for k in changed if not k.startswith("search_synonyms.")} == set(), changed
        assert checks.unvalidated_or_broken_fks(conn) == []
        for table, rows in moved_rows.items():
            assert exec_sql(old.url, f'SELECT count(*) FROM {LEGACY_SCHEMA}."{table}"')[0][0] == rows
        if sponsor_extras is not None:
            aside = checks.figures(conn, {"sponsors__columns": {"state": '"state"', "district": '"district"'}},
                                   schema=LEGACY_SCHEMA)
            assert aside.sums == {k.replace("sponsors.", "sponsors__columns."): v
                                  for k, v in sponsor_extras.sums.items()}
            mapped = conn.execute(f"SELECT old_id FROM {LEGACY_SCHEMA}.analysis_id_map ORDER BY 1").fetchall()
            assert [r[0] for r in mapped] == analysis_ids
            assert conn.execute(f"SELECT count(*) FROM analysis a JOIN {LEGACY_SCHEMA}.analysis_id_map m "
                                "ON m.new_id = a.id").fetchone() == (len(analysis_ids),)
    live = _schema(old.db)
    assert result.revision_after == mplan.single_head(script_directory())
    assert [c.text for c in diff.compare(head_schema, live)] == []
    assert result.backup_file and Path(result.backup_file).exists()
    _backup_checks(old, result)
    if (shape, budget) == ("push_core", 1.0):
        _spot_checks(old)
        _check_command(old)
    again = adopt.adopt(old.db, yes=True, backup_dir=tmp_path / "bk2")
    assert again.noop and again.kind == "ours"
    assert _schema(old.db) == live


def _spot_checks(old: OldDb) -> None:
    """What the conversions did to known rows."""
    U = oldshape.U
    rows = exec_sql(old.url, "SELECT id::text, position::text FROM comments ORDER BY id")
    by_id = dict(rows)
    assert by_id[U("cmt5")] == "support"  # 'Support', mapped
    assert by_id[U("cmt6")] == "neutral"  # 'maybe', mapped
    assert by_id[U("cmt4")] is None
    sync = dict(exec_sql(old.url, "SELECT id::text, (created_at AT TIME ZONE 'UTC')::text FROM data_sources"))
    assert sync[U("ds1")] == "2023-12-31 21:00:00"  # 00:00 in Nairobi (UTC+3)
    assert sync[U("ds2")] == "1899-12-31 21:32:44"  # in 1900 Nairobi kept local mean time, UTC+2:27:16
    ips = dict(exec_sql(old.url, "SELECT id::text, ip_address::text FROM analytics_events"))
    assert ips[U("ae3")] is None and ips[U("ae1")] == "2001:db8::1/128"
    assert exec_sql(old.url, "SELECT created_at::text FROM analytics_events WHERE id = %s", (U("ae4"),)) == [
        ("-infinity",)]
    assert exec_sql(old.url, "SELECT phone_number FROM user_profiles WHERE id = %s", (U("p2"),)) == [
        ("+254712345679",)]
    counties = exec_sql(old.url, "SELECT enum_range(NULL::kenyan_county)::text[]")[0][0]
    assert len(counties) == 47 and counties[-1] == "west_pokot" and counties.index("nyeri") == 35
    defaults = exec_sql(old.url, "SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d "
                        "WHERE d.adrelid = 'data_sources'::regclass")
    assert ("gen_random_uuid()",) in defaults
    journal = exec_sql(old.url, f"SELECT detail->'rows' FROM {LEGACY_SCHEMA}.adopt_steps "
                       "WHERE step = 'cleanup:bookkeeping:drizzle.__drizzle_migrations' AND status = 'done'")
    hashes = [r["hash"] for r in journal[0][0]]
    assert hashes == ["0021_clean_comprehensive_schema", "20251104110148_soft_captain_marvel"]
    assert exec_sql(old.url, "SELECT to_regnamespace('drizzle')") == [(None,)]


def _check_command(old: OldDb) -> None:
    """`chanuka-db check` on an adopted database: no drift anywhere (``chanuka_legacy`` is adopt's)."""
    report = api.check(old.db)
    assert report.ok, report.lines()
    assert api.status(old.db).up_to_date


def _backup_checks(old: OldDb, result: adopt.AdoptResult) -> None:
    """The verified backup adopt took first: dump, manifest, recorded in the journal."""
    assert result.backup_file is not None
    dump = Path(result.backup_file)
    assert dump.exists() and dump.with_name(dump.name + ".manifest.json").exists()
    assert result.backup_rows > 0
    assert exec_sql(old.url, f"SELECT backup_file FROM {LEGACY_SCHEMA}.adopt_runs") == [(str(dump),)]

