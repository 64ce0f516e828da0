"""What adopt refuses, in one line and without changing anything: another application's database, an
unreachable server, a read-only role, a bad mapping file; and what it leaves alone (empty, its own)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy.engine import URL

from chanuka_db import adopt
from chanuka_db.engine import Database, libpq_url
from chanuka_db.errors import ChanukaError, ConnectionFailed, InvalidInput, RefusedError
from chanuka_db.migrate import snapshot
from chanuka_db.testing import create_database, drop_database, settings_for_tests, unique_name
from tests.adopt.conftest import OldDb, decided_mapping, exec_sql


def _schema(db: Database) -> dict[str, Any]:
    with db.connect() as conn:
        return snapshot.normalised(snapshot.take(conn))


def _one_line(exc: ChanukaError) -> str:
    assert "\n" not in exc.message and exc.message.strip()
    return exc.message


@pytest.fixture
def scratch_db(chanuka_server_url: URL) -> Any:
    made: list[tuple[str, Database]] = []

    def make() -> Database:
        name = unique_name("adopt_scratch")
        db = Database(settings_for_tests(), url=create_database(chanuka_server_url, name))
        made.append((name, db))
        return db

    yield make
    for name, db in made:
        db.dispose()
        drop_database(chanuka_server_url, name)


def test_foreign_database_is_refused_unchanged(scratch_db: Any, tmp_path: Path) -> None:
    db = scratch_db()
    url = libpq_url(db.url)
    exec_sql(url, "CREATE TABLE customers (id serial PRIMARY KEY, email text, password_hash text); "
                  "CREATE TABLE orders (id serial PRIMARY KEY, customer_id int REFERENCES customers, total numeric); "
                  "CREATE TABLE users (id serial PRIMARY KEY, email text, password_hash text)")
    before = _schema(db)
    with pytest.raises(RefusedError) as dry:
        adopt.dry_run(db, mapping=tmp_path / "m.json")
    assert "another application" in _one_line(dry.value)
    with pytest.raises(RefusedError) as real:
        adopt.adopt(db, yes=True, backup_dir=tmp_path / "bk")
    _one_line(real.value)
    assert _schema(db) == before
    assert not (tmp_path / "m.json").exists() and not (tmp_path / "bk").exists()


def test_foreign_alembic_history_is_refused(scratch_db: Any, tmp_path: Path) -> None:
    db = scratch_db()
    exec_sql(libpq_url(db.url), "CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY); "
                                "INSERT INTO alembic_version VALUES ('ae1027a6acf')")
    with pytest.raises(RefusedError) as exc:
        adopt.adopt(db, yes=True, backup_dir=tmp_path / "bk")
    assert "ae1027a6acf" in _one_line(exc.value)


def test_empty_and_own_databases_are_left_alone(scratch_db: Any, chanuka_db: Database, tmp_path: Path) -> None:
    empty = scratch_db()
    plan = adopt.dry_run(empty, mapping=tmp_path / "m.json")
    assert plan.detection.kind == "empty" and plan.noop and not (tmp_path / "m.json").exists()
    result = adopt.adopt(empty, yes=True, backup_dir=tmp_path / "bk")
    assert result.noop and result.kind == "empty" and _schema(empty) == {"format": snapshot.FORMAT}
    before = _schema(chanuka_db)
    ours = adopt.adopt(chanuka_db, yes=True, backup_dir=tmp_path / "bk")
    assert ours.noop and ours.kind == "ours" and ours.revision_after is not None
    assert _schema(chanuka_db) == before and not (tmp_path / "bk").exists()


def test_unreachable_server(tmp_path: Path) -> None:
    db = Database(settings_for_tests(), url="postgresql://nobody:secret@127.0.0.1:1/chanuka")
    with pytest.raises(ConnectionFailed) as exc:
        adopt.dry_run(db, mapping=tmp_path / "m.json")
    message = _one_line(exc.value)
    assert "connection refused" in message and "secret" not in message
    with pytest.raises(ConnectionFailed):
        adopt.adopt(db, yes=True, backup_dir=tmp_path / "bk")


def test_read_only_role_is_refused_unchanged(old_db: Any, chanuka_server_url: URL, tmp_path: Path) -> None:
    old: OldDb = old_db("push_core")
    role = f"adopt_ro_{uuid.uuid4().hex[:8]}"
    admin = libpq_url(chanuka_server_url.set(database="postgres"))
    exec_sql(admin, f"CREATE ROLE {role} LOGIN PASSWORD 'ro-pass'")
    try:
        exec_sql(old.url, f"GRANT USAGE ON SCHEMA public, drizzle TO {role}; "
                          f"GRANT SELECT ON ALL TABLES IN SCHEMA public, drizzle TO {role}; "
                          f"ALTER ROLE {role} SET default_transaction_read_only = on")
        url = chanuka_server_url.set(database=old.name, username=role, password="ro-pass")
        before = _schema(old.db)
        with Database(settings_for_tests(), url=url) as ro:
            plan = adopt.dry_run(ro, mapping=tmp_path / "m.json")
            kinds = {b.kind for b in plan.blockers}
            assert {"read-only", "privilege"} <= kinds
            with pytest.raises(RefusedError) as exc:
                adopt.adopt(ro, mapping=tmp_path / "m.json", yes=True, backup_dir=tmp_path / "bk")
            assert "blocked" in _one_line(exc.value)
        assert _schema(old.db) == before and not (tmp_path / "bk").exists()
    finally:
        with psycopg.connect(old.url, autocommit=True) as conn:
            conn.execute(f"DROP OWNED BY {role}")
        exec_sql(admin, f"DROP ROLE IF EXISTS {role}")


def test_refuses_when_blocked_or_unconfirmed(old_db: Any, tmp_path: Path) -> None:
    old: OldDb = old_db("anonymity_missing")
    before = _schema(old.db)
    with pytest.raises(RefusedError) as blocked:
        adopt.adopt(old.db, yes=True, backup_dir=tmp_path / "bk")
    assert "blocked" in _one_line(blocked.value)  # analysis.bill_id's integers need the mapping file
    mapping = decided_mapping(old.db, tmp_path / "m.json")
    with pytest.raises(RefusedError) as unconfirmed:
        adopt.adopt(old.db, mapping=mapping, backup_dir=tmp_path / "bk")
    assert "--yes" in _one_line(unconfirmed.value)
    with pytest.raises(RefusedError, match="cancelled"):
        adopt.adopt(old.db, mapping=mapping, backup_dir=tmp_path / "bk", confirm=lambda plan: False)
    assert _schema(old.db) == before and not (tmp_path / "bk").exists()


def test_bad_mapping_file_and_time_zone(old_db: Any, tmp_path: Path) -> None:
    old: OldDb = old_db("anonymity_missing")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(InvalidInput) as exc:
        adopt.adopt(old.db, mapping=bad, yes=True, backup_dir=tmp_path / "bk")
    assert "not valid JSON" in _one_line(exc.value)
    bad.write_text('{"format": 1, "columns": {"nodot": {}}}')
    with pytest.raises(InvalidInput):
        adopt.dry_run(old.db, mapping=bad)
    with pytest.raises(InvalidInput) as zone:
        adopt.dry_run(old.db, mapping=tmp_path / "m.json", timezone="Mars/Olympus_Mons")
    assert "Mars/Olympus_Mons" in _one_line(zone.value)
    with pytest.raises(InvalidInput):
        adopt.adopt(old.db, mapping=tmp_path / "missing.json", yes=True)
