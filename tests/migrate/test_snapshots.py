"""Snapshots: deterministic, committed one per revision and equal to what the revision produces; diff in words."""

from __future__ import annotations

import json
from typing import Any

from chanuka_db import api
from chanuka_db.engine import Database
from chanuka_db.migrate import artefacts, diff, plan, snapshot
from chanuka_db.migrate.config import DEFAULT_SOURCE, script_directory
from tests.migrate.conftest import run_cli

FIX = "run `chanuka-db snapshot --write-all` and commit migrations/snapshots/"


def test_committed_snapshots_match_what_each_revision_produces(reference_snapshots: dict[str | None, Any]) -> None:
    revisions = plan.ordered(script_directory())
    problems = []
    for info in revisions:
        path = DEFAULT_SOURCE.snapshot_path(info.revision)
        if not path.exists():
            problems.append(f"{path.name} is missing")
            continue
        document = json.loads(path.read_text(encoding="utf-8"))
        if document.get("revision") != info.revision:
            problems.append(f"{path.name} records revision {document.get('revision')}")
        committed = snapshot.normalised(snapshot.strip(document))
        changes = diff.compare(committed, reference_snapshots[info.revision])
        if changes:
            problems.append(f"{path.name} is stale: {changes[0].text} (+{len(changes) - 1} more)")
    known = {info.revision for info in revisions}
    problems += [
        f"{p.name} belongs to no revision" for p in DEFAULT_SOURCE.snapshots_dir.glob("*.json") if p.stem not in known
    ]
    assert not problems, f"{FIX}:\n" + "\n".join(problems)


def test_committed_snapshot_files_are_canonical() -> None:
    for path in sorted(DEFAULT_SOURCE.snapshots_dir.glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        assert snapshot.dumps(snapshot.strip(document), document["revision"]) == path.read_text(encoding="utf-8"), (
            path.name
        )


def test_snapshot_is_deterministic_and_complete(chanuka_db: Database) -> None:
    with chanuka_db.connect() as conn:
        first = snapshot.dumps(snapshot.take(conn))
        second = snapshot.dumps(snapshot.take(conn))
    assert first == second
    schema = json.loads(first)
    assert schema["format"] == snapshot.FORMAT
    assert "chanuka_migration_journal" not in schema["tables"] and "alembic_version" not in schema["tables"]
    assert {"citext", "pg_trgm"} <= set(schema["extensions"])
    assert schema["enums"]["user_role"][0] == "citizen"
    users = schema["tables"]["users"]
    assert users["columns"]["id"] == {"default": "gen_random_uuid()", "nullable": False, "type": "uuid"}
    assert any(c.startswith("PRIMARY KEY") for c in users["constraints"].values())
    assert "trg_users_updated_at" in users["triggers"]
    assert "chanuka_set_updated_at()" in schema["functions"]
    # Objects of extensions stay out (pg_trgm alone defines dozens of functions).
    assert not any(name.startswith(("similarity", "gtrgm")) for name in schema["functions"])


def test_snapshot_cli_matches_the_committed_head(chanuka_db: Database, tmp_path: Any) -> None:
    head = plan.single_head(script_directory())
    assert head is not None
    out = tmp_path / "live.json"
    result = run_cli(chanuka_db, "snapshot", "--out", str(out))
    assert result.returncode == 0, result.stderr
    live = snapshot.normalised(snapshot.strip(json.loads(out.read_text())))
    assert diff.compare(snapshot.normalised(artefacts.committed_snapshot(head)), live) == []
    printed = run_cli(chanuka_db, "snapshot")
    assert printed.returncode == 0 and json.loads(printed.stdout)["revision"] == head


def test_diff_says_what_changed_in_words(chanuka_db: Database) -> None:
    revisions = [r.revision for r in plan.ordered(script_directory())]
    changes = api.diff("base", revisions[min(1, len(revisions) - 1)])
    texts = [c.text for c in changes]
    assert any(t.startswith("table ") and t.endswith(" added") for t in texts), texts[:5]
    back = api.diff(revisions[min(1, len(revisions) - 1)], "base")
    assert {c.action for c in back} <= {"removed"} and len(back) == len(changes)
    assert api.diff("head", "live", chanuka_db) == []
    result = run_cli(chanuka_db, "diff", "base", revisions[0], "--json")
    assert result.returncode == 0, result.stderr
    assert all({"action", "kind", "name", "text"} <= set(item) for item in json.loads(result.stdout))


def test_diff_describes_column_and_enum_changes() -> None:
    a: dict[str, Any] = {
        "format": 1,
        "enums": {"status": ["open", "closed"]},
        "tables": {
            "bills": {
                "kind": "table",
                "columns": {
                    "title": {"type": "character varying(100)", "nullable": False},
                    "old": {"type": "text", "nullable": True},
                },
            }
        },
    }
    b: dict[str, Any] = {
        "format": 1,
        "enums": {"status": ["open", "closed", "archived"]},
        "tables": {
            "bills": {
                "kind": "table",
                "columns": {"title": {"type": "text", "nullable": True}, "new": {"type": "text", "nullable": True}},
                "indexes": {"ix_bills_new": "CREATE INDEX ix_bills_new ON public.bills USING btree (new)"},
            }
        },
        "views": {"v": {"kind": "view", "definition": "SELECT 1", "columns": {}}},
    }
    texts = [c.text for c in diff.compare(a, b)]
    assert "enum status: values added: archived" in texts
    assert "column bills.title: type changed from character varying(100) to text" in texts
    assert "column bills.title: now nullable" in texts
    assert "column bills.old removed" in texts
    assert any(t.startswith("column bills.new added (text, null") for t in texts)
    assert any(t.startswith("index ix_bills_new on bills added") for t in texts)
    assert "view v added" in texts


def test_view_definitions_compare_across_postgresql_versions() -> None:
    """PostgreSQL 15 qualifies a single-relation view's columns, 16+ does not: the same view."""
    pg15 = "SELECT users.email, users.county, 'a.b'::text AS x, analytics.mask_phone(users.phone) FROM users"
    pg18 = "SELECT email, county, 'a.b'::text AS x, analytics.mask_phone(phone) FROM users"
    assert diff.canonical_view(pg15) == diff.canonical_view(pg18)
    assert "'a.b'" in diff.canonical_view(pg15)  # string literals are left alone
    view = {"views": {"v": {"kind": "view", "definition": pg15, "columns": {}}}}
    same = {"views": {"v": {"kind": "view", "definition": pg18, "columns": {}}}}
    other = {"views": {"v": {"kind": "view", "definition": pg18.replace("county", "ward"), "columns": {}}}}
    assert diff.compare(view, same) == []
    assert [c.text.split(":")[0] for c in diff.compare(view, other)] == ["view v"]
