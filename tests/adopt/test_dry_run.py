"""``adopt --dry-run``: the plan, what blocks it, the mapping file, and that nothing changes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from chanuka_db import adopt
from chanuka_db.adopt import mapping as mapping_mod
from chanuka_db.adopt.model import LEGACY_SCHEMA
from chanuka_db.migrate import snapshot
from tests.adopt import checks, oldshape
from tests.adopt.conftest import OldDb, decided_mapping


def _state(old: OldDb) -> tuple[dict[str, Any], checks.Figures]:
    with old.db.connect() as conn:
        schema = snapshot.normalised(snapshot.take(conn))
    with checks.connect(old.url) as conn:
        cols = checks.columns(conn)
        return schema, checks.figures(conn, {t: {c: checks.q(c) for c in cs} for t, cs in cols.items()})


def test_dry_run_plans_blocks_and_writes_the_mapping(old_db: Any, tmp_path: Path) -> None:
    old: OldDb = old_db("push_core")
    before = _state(old)
    path = tmp_path / "mapping.json"
    plan = adopt.dry_run(old.db, mapping=path)
    assert _state(old) == before, "a dry run changed the database"
    assert plan.detection.kind == "old" and "drizzle.__drizzle_migrations" in plan.detection.bookkeeping
    assert plan.target_revision == "0017_search"

    # Rows that block are listed before anything changes, counted and sampled.
    blocked = {(b.table, b.column, b.kind) for b in plan.blockers}
    assert blocked == {
        ("analytics_events", "created_at", "value does not fit"),
        ("analytics_events", "ip_address", "value does not fit"),
        ("comments", "position", "value does not fit"),
        ("user_profiles", "phone_number", "check"),
    }
    assert any("'maybe'" in b.line() for b in plan.blockers)

    # The mapping file: every value of the enum column with its rows, the unfit ones undecided.
    written = json.loads(path.read_text())
    assert written["timezone"] == "Africa/Nairobi"
    position = written["columns"]["comments.position"]
    assert position["allowed"] == ["support", "oppose", "neutral", "question"]
    assert position["values"] == {"Support": None, "maybe": None, "neutral": "neutral", "oppose": "oppose",
                                  "question": "question", "support": "support", "<null>": "<null>"}
    assert position["rows"]["Support"] == 1
    assert written["columns"]["analytics_events.ip_address"]["values"] == {"unknown": None}
    assert written["columns"]["user_profiles.phone_number"]["values"] == {"0712 345 679": None}

    # Every conversion carries its exact SQL.
    by_column = {(c.table, c.column): c for c in plan.conversions}
    ts = by_column[("sync_jobs", "started_at")]
    assert ts.expression == "started_at AT TIME ZONE 'Africa/Nairobi'" and ts.kind == "timezone"
    assert by_column[("comments", "position")].expression == "position::text::comment_position"
    assert by_column[("users", "email")].kind == "relabel" and not by_column[("users", "email")].rewrite
    assert by_column[("analytics_events", "ip_address")].to_type == "inet"

    # kenyan_county widened in order, outside a transaction; uuid_generate_v4 defaults replaced.
    widen = [s for s in plan.steps if s.key.startswith("global:enum:kenyan_county:")]
    assert [s.key.rsplit(":", 1)[1] for s in widen] == sorted(oldshape.MISSING_COUNTIES)  # the target's order
    assert not any(s.transactional for s in widen)
    assert widen[0].sql == ["ALTER TYPE public.kenyan_county ADD VALUE IF NOT EXISTS 'nyamira'"]
    prepare = next(s for s in plan.steps if s.key == "prepare:data_sources:prepare")
    assert any("SET DEFAULT gen_random_uuid()" in sql for sql in prepare.sql)

    # Dropped: only objects holding no data; never a column.
    assert {d.kind for d in plan.dropped} <= {"index", "enum", "table", "extension"}
    assert [d.name for d in plan.dropped if d.kind == "table"] == ["drizzle.__drizzle_migrations"]
    assert not any("column" in d.kind for d in plan.dropped)
    assert all(t.est_lock_s >= 0 for t in plan.tables)
    analytics = next(t for t in plan.tables if t.name == "analytics_events")
    assert analytics.status == "partitioned"
    json.dumps(plan.as_dict())
    assert any(line.startswith("BLOCKED") for line in plan.lines())

    # Decisions are kept by the next dry run, which then plans without blockers.
    decided_mapping(old.db, path)
    again = adopt.dry_run(old.db, mapping=path)
    assert not again.blocked, [b.line() for b in again.blockers]
    kept = mapping_mod.read(path).columns["comments.position"].values
    assert kept["Support"] == "support" and kept["maybe"] == "neutral"
    assert "WHEN 'Support' THEN 'support'::comment_position" in next(
        c for c in again.conversions if c.column == "position").expression
    assert _state(old) == before


def test_timezone_option_and_utc_relabel(old_db: Any, tmp_path: Path) -> None:
    old: OldDb = old_db("push_core")
    plan = adopt.dry_run(old.db, mapping=tmp_path / "m.json", timezone="UTC")
    started = next(c for c in plan.conversions if (c.table, c.column) == ("sync_jobs", "started_at"))
    assert started.kind == "relabel" and not started.rewrite
    assert json.loads((tmp_path / "m.json").read_text())["timezone"] == "UTC"


def test_sql_files_plan_moves_aside_and_drops_duplicates(old_db: Any, tmp_path: Path) -> None:
    old: OldDb = old_db("sql_files")
    plan = adopt.dry_run(old.db, mapping=tmp_path / "m.json")
    moved = {t.name for t in plan.tables if t.status == "moved aside"}
    assert {"migration_phases", "migration_components", "user_behavior_tracking"} <= moved
    assert any(m.startswith("table migration_phases (10 rows)") for m in plan.moved_aside)
    assert {m for m in plan.moved_aside if m.startswith("function ")} >= {
        "function log_search_performance(p_query text, p_search_type text, p_results_count integer, "
        "p_execution_time_ms integer, p_user_id uuid, p_session_id text, p_metadata jsonb)"}
    duplicates = {d.name: d.reason for d in plan.dropped if d.reason.startswith("duplicate of")}
    assert duplicates == {"idx_sponsors_fulltext_search": "duplicate of idx_sponsors_fulltext_gin"}
    assert [d.name for d in plan.dropped if d.kind == "table"] == ["public.__drizzle_migrations__"]
    credibility = next(t for t in plan.tables if t.name == "credibility_scores")
    assert "column final_score: no longer generated (its values are kept)" in credibility.changed
    merged = next(t for t in plan.tables if t.name == "financial_interests")
    assert merged.status == "changed"
    assert not any(LEGACY_SCHEMA in t.name for t in plan.tables)


def test_financial_interests_shapes_merge(old_db: Any, tmp_path: Path) -> None:
    """The disclosure line items (151's shape) gain the sponsor of their disclosure."""
    old: OldDb = old_db("anonymity_missing")
    plan = adopt.dry_run(old.db, mapping=tmp_path / "m.json")
    fi = next(t for t in plan.tables if t.name == "financial_interests")
    assert any("financial_disclosures d WHERE d.id = financial_interests.disclosure_id" in a for a in fi.added)
    derive = next(s for s in plan.steps if s.key == "convert:financial_interests:derive:sponsor_id")
    assert derive.sql[0].startswith("UPDATE public.financial_interests SET sponsor_id = (SELECT d.sponsor_id")
    assert "columns sponsors.(district, state) with id: chanuka_legacy.sponsors__columns" in plan.moved_aside
    rekey = next(c for c in plan.conversions if (c.table, c.column) == ("analysis", "id"))
    assert rekey.kind == "rekey"
    mapped = next(c for c in plan.conversions if (c.table, c.column) == ("analysis", "bill_id"))
    assert mapped.kind == "map" and {v.value for v in mapped.unfit} == {"101", "102"}
