"""Bad configuration and unreachable servers: one line, exit 2, no secret, no traceback."""

from __future__ import annotations

import pytest

from tests.conftest import CliRunner


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"DATABASE_URL": "postgresql://u:secret@127.0.0.1:1/x"}, "connection refused"),
        ({"CHANUKA_ENV": "production"}, "requires DATABASE_URL"),
        ({"DATABASE_URL": "mysql://u:secret@h/x"}, "postgresql://"),
        ({"DATABASE_URL": "postgresql://u:secret@127.0.0.1:notaport/x"}, "DATABASE_URL"),
        ({"DATABASE_URL": "postgresql://u:secret@no-such-host.invalid/x"}, "unknown host"),
        ({"CHANUKA_ENV": "nonsense"}, "CHANUKA_ENV"),
    ],
)
def test_health_config_and_connection_errors(run_cli: CliRunner, env: dict[str, str], expected: str) -> None:
    result = run_cli("health", env=env)
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    assert expected in output
    assert "secret" not in output
    assert "Traceback" not in output
    assert len(result.stderr.strip().splitlines()) == 1


def test_wrong_password_and_missing_database(run_cli: CliRunner, chanuka_server_url: object) -> None:
    from sqlalchemy.engine import URL

    assert isinstance(chanuka_server_url, URL)
    wrong = chanuka_server_url.set(password="definitely-wrong", drivername="postgresql")
    result = run_cli("health", env={"DATABASE_URL": wrong.render_as_string(hide_password=False)})
    assert result.returncode == 2
    assert "authentication failed" in result.stderr
    assert "definitely-wrong" not in result.stdout + result.stderr

    missing = chanuka_server_url.set(database="no_such_db", drivername="postgresql")
    result = run_cli("health", env={"DATABASE_URL": missing.render_as_string(hide_password=False)})
    assert result.returncode == 2
    assert "does not exist" in result.stderr


def test_debug_shows_traceback_without_password(run_cli: CliRunner) -> None:
    result = run_cli("--debug", "status", env={"DATABASE_URL": "postgresql://u:secret@127.0.0.1:1/x"})
    assert result.returncode == 2
    assert "Traceback" in result.stderr
    assert "secret" not in result.stderr


def test_usage_error_exit_code(run_cli: CliRunner) -> None:
    assert run_cli("no-such-command").returncode == 2
