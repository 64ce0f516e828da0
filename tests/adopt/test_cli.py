"""`chanuka-db adopt` from the command line: dry run (exit 1 while blocked), refusal without --yes,
adoption with the reviewer's mapping, and a second run that does nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from chanuka_db.migrate import plan as mplan
from chanuka_db.migrate.config import script_directory
from tests.adopt.conftest import OldDb, decided_mapping, exec_sql
from tests.migrate.conftest import run_cli


def test_adopt_from_the_command_line(old_db: Any, tmp_path: Path) -> None:
    old: OldDb = old_db("push_core")
    mapping = tmp_path / "mapping.json"

    dry = run_cli(old.db, "adopt", "--dry-run", "--json", "--mapping", str(mapping))
    assert dry.returncode == 1, dry.stderr  # undecided values block the plan
    plan = json.loads(dry.stdout)
    assert plan["blocked"] and plan["detection"]["kind"] == "old" and plan["mapping_file"] == str(mapping)
    assert json.loads(mapping.read_text())["columns"]["comments.position"]["values"]["maybe"] is None
    text = run_cli(old.db, "adopt", "--dry-run", "--mapping", str(mapping))
    assert text.returncode == 1 and "BLOCKED by" in text.stdout and "data conversions:" in text.stdout

    blocked = run_cli(old.db, "adopt", "--mapping", str(mapping), "--yes")
    assert blocked.returncode != 0
    assert len(blocked.stderr.strip().splitlines()) == 1 and "adopt is blocked" in blocked.stderr

    decided_mapping(old.db, mapping)
    assert run_cli(old.db, "adopt", "--dry-run", "--mapping", str(mapping)).returncode == 0
    refused = run_cli(old.db, "adopt", "--mapping", str(mapping), "--json")  # no --yes, no terminal to ask
    assert refused.returncode != 0
    assert len(refused.stderr.strip().splitlines()) == 1 and "--yes" in refused.stderr
    assert exec_sql(old.url, "SELECT to_regclass('alembic_version') IS NULL") == [(True,)]  # nothing changed
    done = run_cli(
        old.db, "adopt", "--mapping", str(mapping), "--yes", "--json", "--backup-dir", str(tmp_path / "bk"), timeout=300
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["revision_after"] == mplan.single_head(script_directory()) and result["backup_file"]
    assert run_cli(old.db, "check").returncode == 0

    again = run_cli(old.db, "adopt", "--yes", "--backup-dir", str(tmp_path / "bk"))
    assert again.returncode == 0 and "nothing to adopt (ours)" in again.stdout
