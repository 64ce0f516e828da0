"""The embedded PostgreSQL: start, reuse, restart with data intact, stop; through the CLI."""

from __future__ import annotations

import json
import os
from pathlib import Path

import psycopg

from chanuka_db.server import EmbeddedServer
from tests.conftest import CliRunner


def test_server_lifecycle_keeps_data(run_cli: CliRunner, tmp_path: Path) -> None:
    env = {"CHANUKA_DATA_DIR": str(tmp_path / "pgdata"), "CHANUKA_ENV": "test"}
    try:
        started = run_cli("server", "start", "--json", env=env)
        assert started.returncode == 0, started.stderr
        first = json.loads(started.stdout)
        assert first["running"] and first["version"] == "18"
        assert "***" in first["url"]

        server = EmbeddedServer(tmp_path / "pgdata")
        with psycopg.connect(server.conninfo(), autocommit=True) as conn:
            conn.execute("CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)")

        again = json.loads(run_cli("server", "start", "--json", env=env).stdout)
        assert again["pid"] == first["pid"], "a second start must reuse the running server"

        stopped = json.loads(run_cli("server", "stop", "--json", env=env).stdout)
        assert not stopped["running"]
        assert json.loads(run_cli("server", "status", "--json", env=env).stdout)["running"] is False

        restarted = json.loads(run_cli("server", "start", "--json", env=env).stdout)
        assert restarted["running"] and restarted["port"] == first["port"]
        with psycopg.connect(server.conninfo()) as conn:
            assert conn.execute("SELECT v FROM kept").fetchone() == (42,)

        url = run_cli("server", "url", env=env)
        assert url.returncode == 0 and "***" in url.stdout
        state = server.state_path.stat()
        assert state.st_mode & 0o077 == 0, "the password file must be private"
    finally:
        run_cli("server", "stop", env=env)


def test_health_uses_embedded_server_when_no_url(run_cli: CliRunner, tmp_path: Path) -> None:
    env = {"CHANUKA_DATA_DIR": str(tmp_path / "pgdata"), "CHANUKA_ENV": "test"}
    try:
        result = run_cli("health", "--json", env=env)
        report = json.loads(result.stdout)
        # a fresh database has every migration pending: reachable but unhealthy
        assert result.returncode == 1, result.stderr
        assert report["embedded"] is True
        assert report["server_version"].startswith("18")
        assert report["pending"] > 0 and report["revision"] is None
        for key in ("ok", "latency_ms", "revision", "head", "pending"):
            assert key in report
        assert os.path.isdir(tmp_path / "pgdata")
    finally:
        run_cli("server", "stop", env=env)
