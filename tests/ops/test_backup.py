"""Backup and restore: a seeded round trip, corrupted and unreadable dumps, non-empty targets, atomicity."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy.engine import URL

from chanuka_db import api
from chanuka_db.config import Environment, Settings
from chanuka_db.engine import Database, libpq_url
from chanuka_db.errors import RefusedError
from chanuka_db.ingest.demo import DemoSizes
from chanuka_db.ops import backup as ops_backup
from chanuka_db.ops.backup import BackupError, BackupManifest, ToolNotFound
from chanuka_db.testing import create_database, drop_database, settings_for_tests, unique_name

SIZES = DemoSizes(bills=50, users=100, comments=300, seed=11, as_of=dt.date(2026, 6, 30))


@pytest.fixture(scope="module")
def seeded(chanuka_db: Database) -> Database:
    report = api.seed(chanuka_db, sizes=SIZES)
    assert report.counts["bills"] == 50 and report.counts["comments"] == 300
    return chanuka_db


@pytest.fixture(scope="module")
def dump(seeded: Database, tmp_path_factory: pytest.TempPathFactory) -> BackupManifest:
    steps: list[tuple[str, int, int]] = []
    manifest = ops_backup.backup(seeded, tmp_path_factory.mktemp("backup") / "seeded.dump", lambda *a: steps.append(a))
    assert {"dump", "checksum", "sha256"} <= {s for s, _, _ in steps}
    return manifest


@pytest.fixture
def target(chanuka_server_url: URL) -> Iterator[URL]:
    """The URL of a database that does not exist yet (dropped after the test, whatever happened)."""
    name = unique_name("restore")
    try:
        yield chanuka_server_url.set(database=name)
    finally:
        drop_database(chanuka_server_url, name)


def _exists(admin: URL, name: str) -> bool:
    with psycopg.connect(libpq_url(admin.set(database="postgres"))) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is not None


def _copy_with_manifest(manifest: BackupManifest, folder: Path) -> Path:
    assert manifest.dump_path is not None and manifest.manifest_path is not None
    copy = folder / manifest.dump_path.name
    shutil.copy(manifest.dump_path, copy)
    shutil.copy(manifest.manifest_path, ops_backup.manifest_path_for(copy))
    return copy


def test_manifest_describes_the_dump(seeded: Database, dump: BackupManifest) -> None:
    assert dump.dump_path is not None and dump.dump_path.exists()
    assert dump.manifest_path == dump.dump_path.with_name("seeded.dump.manifest.json")
    assert dump.dump_path.stat().st_mode & 0o777 == 0o600
    assert dump.manifest_path.stat().st_mode & 0o777 == 0o600
    on_disk = ops_backup.read_manifest(dump.dump_path)
    assert on_disk.dump_sha256 == ops_backup.sha256_file(dump.dump_path) == dump.dump_sha256
    assert on_disk.tables == dump.tables
    assert dump.revision == api.status(seeded).current
    assert dump.tables["bills"].rows == 50 and dump.tables["users"].rows == 100
    assert dump.tables["comments"].rows == 300
    assert dump.pg_dump_major >= dump.server_version_num // 10000
    # the manifest is what the database holds now (nothing changed since the backup)
    assert ops_backup.checksums(seeded, list(dump.tables)) == dump.tables


def test_round_trip_restores_identical_tables(seeded: Database, dump: BackupManifest, target: URL) -> None:
    steps: list[tuple[str, int, int]] = []
    assert dump.dump_path is not None
    report = ops_backup.restore(dump.dump_path, target, progress=lambda *a: steps.append(a))
    assert report.database_created and not report.forced
    assert report.revision == dump.revision
    assert report.tables_verified == len(dump.tables) and report.rows_verified == dump.total_rows > 1000
    assert {"sha256", "restore", "checksum"} <= {s for s, _, _ in steps}
    with Database(settings_for_tests(), url=target) as restored:
        assert ops_backup.checksums(restored, list(dump.tables)) == ops_backup.checksums(seeded, list(dump.tables))
        assert api.status(restored).current == api.status(seeded).current


def test_corrupted_dump_fails_before_touching_the_target(
    dump: BackupManifest, target: URL, chanuka_server_url: URL, tmp_path: Path
) -> None:
    broken = _copy_with_manifest(dump, tmp_path)
    data = bytearray(broken.read_bytes())
    data[len(data) // 2] ^= 0xFF
    broken.write_bytes(bytes(data))
    # a target that does not exist stays absent
    with pytest.raises(BackupError, match=r"corrupted: its sha256 .* does not match the manifest") as info:
        ops_backup.restore(broken, target)
    assert "\n" not in info.value.message and "target is unchanged" in info.value.message
    assert not _exists(chanuka_server_url, target.database or "")
    # an existing target keeps exactly what it had, even with force
    create_database(chanuka_server_url, target.database or "")
    with psycopg.connect(libpq_url(target), autocommit=True) as conn:
        conn.execute("CREATE TABLE keep_me (id int)")
        conn.execute("INSERT INTO keep_me VALUES (1), (2)")
    with pytest.raises(BackupError, match="corrupted"):
        ops_backup.restore(broken, target, force=True)
    with psycopg.connect(libpq_url(target)) as conn:
        tables = [r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        assert tables == ["keep_me"]
        assert conn.execute("SELECT count(*) FROM keep_me").fetchone() == (2,)


def test_unreadable_archive_is_refused_before_touching_the_target(
    dump: BackupManifest, target: URL, chanuka_server_url: URL, tmp_path: Path
) -> None:
    fake = tmp_path / "fake.dump"
    fake.write_bytes(b"PGDMP this is not an archive" * 10)
    manifest = dump.model_copy(
        update={"dump_file": fake.name, "dump_bytes": fake.stat().st_size, "dump_sha256": ops_backup.sha256_file(fake)}
    )
    ops_backup.manifest_path_for(fake).write_text(manifest.model_dump_json())
    with pytest.raises(BackupError, match="not a readable pg_dump archive"):
        ops_backup.restore(fake, target)
    assert not _exists(chanuka_server_url, target.database or "")


def test_missing_manifest_is_a_clear_error(dump: BackupManifest, tmp_path: Path, target: URL) -> None:
    assert dump.dump_path is not None
    lone = tmp_path / "lone.dump"
    shutil.copy(dump.dump_path, lone)
    with pytest.raises(BackupError, match=r"no manifest for lone.dump: expected .*lone.dump.manifest.json"):
        ops_backup.restore(lone, target)


def test_non_empty_target_is_refused_without_force(
    dump: BackupManifest, target: URL, chanuka_server_url: URL
) -> None:
    assert dump.dump_path is not None
    create_database(chanuka_server_url, target.database or "")
    with psycopg.connect(libpq_url(target), autocommit=True) as conn:
        conn.execute("CREATE TABLE something (id int)")
    with pytest.raises(RefusedError, match=r"is not empty .* pass --force") as info:
        ops_backup.restore(dump.dump_path, target)
    assert "\n" not in info.value.message
    with psycopg.connect(libpq_url(target)) as conn:
        assert conn.execute("SELECT to_regclass('bills')").fetchone() == (None,)
    # with force, the dump's objects are restored beside it and verified
    report = ops_backup.restore(dump.dump_path, target, force=True, analyze=False)
    assert report.forced and not report.database_created and report.revision == dump.revision
    with psycopg.connect(libpq_url(target)) as conn:
        assert conn.execute("SELECT count(*) FROM bills").fetchone() == (50,)
        assert conn.execute("SELECT to_regclass('something') IS NOT NULL").fetchone() == (True,)


def test_failed_restore_leaves_nothing_behind(dump: BackupManifest, target: URL, chanuka_server_url: URL) -> None:
    """pg_restore runs in one transaction: an object it cannot replace rolls everything back."""
    assert dump.dump_path is not None
    create_database(chanuka_server_url, target.database or "")
    with psycopg.connect(libpq_url(target), autocommit=True) as conn:
        conn.execute("CREATE TABLE users (legacy_id int)")
        conn.execute("CREATE VIEW legacy_users AS SELECT legacy_id FROM users")  # blocks DROP TABLE users
    with pytest.raises(BackupError, match="pg_restore failed, nothing was restored") as info:
        ops_backup.restore(dump.dump_path, target, force=True)
    assert "\n" not in info.value.message
    with psycopg.connect(libpq_url(target)) as conn:
        tables = sorted(r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))
        assert tables == ["users"]
        columns = [r[0] for r in conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'users'"
        )]
        assert columns == ["legacy_id"]


def test_restore_into_a_database_it_created_drops_it_on_failure(
    dump: BackupManifest, target: URL, chanuka_server_url: URL, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert dump.dump_path is not None
    real = ops_backup._run_tool

    def failing(args: list[str], *rest: Any) -> Any:
        return real([*args[:-1], "--section=bogus", args[-1]], *rest)

    monkeypatch.setattr(ops_backup, "_run_tool", failing)
    with pytest.raises(BackupError, match="pg_restore failed"):
        ops_backup.restore(dump.dump_path, target)
    assert not _exists(chanuka_server_url, target.database or "")


def test_password_goes_through_the_environment_only(
    seeded: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[list[str], dict[str, str]]] = []
    real_popen = subprocess.Popen

    def spy(args: list[str], **kwargs: Any) -> Any:
        seen.append((list(args), dict(kwargs.get("env") or {})))
        return real_popen(args, **kwargs)

    monkeypatch.setattr(ops_backup.subprocess, "Popen", spy)
    ops_backup.backup(seeded, tmp_path / "pw.dump")
    password = seeded.url.password
    assert password and seen
    connecting = [(args, env) for args, env in seen if any(a.startswith("--dbname") for a in args)]
    assert connecting  # pg_dump (tool discovery also runs pg_config and --version, which connect nowhere)
    for args, _env in seen:
        assert not any(str(password) in a for a in args)
    for _args, env in connecting:
        assert env["PGPASSWORD"] == password


def test_existing_files_are_never_overwritten(seeded: Database, dump: BackupManifest) -> None:
    with pytest.raises(RefusedError, match="exists; choose another file name"):
        ops_backup.backup(seeded, dump.dump_path)


def test_default_path_and_tool_discovery(tmp_path: Path) -> None:
    when = dt.datetime(2026, 3, 1, 8, 30, 5, tzinfo=dt.UTC)
    assert ops_backup.default_backup_path("chanuka", directory=tmp_path, now=when) == tmp_path / (
        "chanuka-20260301T083005Z.dump"
    )
    tool = ops_backup.find_tool("pg_dump", 15)
    assert tool.major >= 15 and tool.path.exists()
    with pytest.raises(ToolNotFound, match=r"no pg_dump for PostgreSQL 99 or newer .* postgresql-client-99"):
        ops_backup.find_tool("pg_dump", 99)


def test_backup_before_migrate_only_in_production_with_pending_work(
    seeded: Database, chanuka_empty_db: Database, tmp_path: Path
) -> None:
    assert ops_backup.backup_before_migrate(seeded, directory=tmp_path) is None  # test environment
    production = Settings(CHANUKA_ENV=Environment.PRODUCTION, DATABASE_URL=None)
    with Database(production, url=seeded.url) as prod_at_head:
        assert ops_backup.backup_before_migrate(prod_at_head, directory=tmp_path) is None  # nothing pending
    with Database(production, url=chanuka_empty_db.url) as prod_empty:
        manifest = ops_backup.backup_before_migrate(prod_empty, directory=tmp_path)
    assert manifest is not None and manifest.revision is None
    assert manifest.dump_path is not None and manifest.dump_path.parent == tmp_path
