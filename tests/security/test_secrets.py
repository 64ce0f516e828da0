"""DATABASE_URL passwords never show: not in errors, --json output, --debug tracebacks or log records."""

from __future__ import annotations

import logging
import os
import secrets
import sys
import traceback
import urllib.parse

import pytest
from sqlalchemy.engine import URL

from chanuka_db import api
from chanuka_db.config import Settings
from chanuka_db.engine import Database
from chanuka_db.errors import ChanukaError
from tests.conftest import CliRunner


def _password() -> str:
    return f"Pw{secrets.token_hex(8)}Xq"


def _forms(password: str) -> list[str]:
    """The password as typed, and as it appears percent-encoded in a URL."""
    return sorted({password, urllib.parse.quote(password, safe=""), urllib.parse.quote_plus(password)})


def _assert_hidden(output: str, password: str) -> None:
    for form in _forms(password):
        assert form not in output, f"password leaked: {form!r} in\n{output}"


def _unreachable(password: str, *, user: str = "chanuka") -> str:
    return f"postgresql://{user}:{urllib.parse.quote(password, safe='')}@127.0.0.1:1/chanuka"


def run_in_process(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str, env: dict[str, str]
) -> tuple[int, str]:
    """``chanuka-db ARGS`` through the console entry point, in this process (exit code, all output)."""
    from chanuka_db import cli

    for key in list(os.environ):
        if key.startswith(("DATABASE_", "CHANUKA_")):
            monkeypatch.delenv(key)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr(sys, "argv", ["chanuka-db", *args])
    monkeypatch.setitem(cli._state, "debug", False)
    try:
        cli.main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    captured = capsys.readouterr()
    return code, captured.out + captured.err


# A few runs of the real command in a subprocess (what operators see) ...
SUBPROCESS = [("--debug", "status", "--json"), ("health", "--json"), ("--debug", "migrate")]


@pytest.mark.parametrize("args", SUBPROCESS, ids=" ".join)
def test_unreachable_server_errors_hide_the_password(run_cli: CliRunner, args: tuple[str, ...]) -> None:
    password = "p@ss:w/rd#" + _password()
    env = {"DATABASE_URL": _unreachable(password), "DATABASE_REPLICA_URLS": _unreachable(password, user="replica")}
    result = run_cli(*args, env=env)
    assert result.returncode == 2
    assert "127.0.0.1" in result.stdout + result.stderr, "the target is still named"
    _assert_hidden(result.stdout + result.stderr, password)
    if args[0] == "--debug":
        assert "Traceback" in result.stderr


def test_wrong_password_against_a_real_server(run_cli: CliRunner, chanuka_server_url: URL) -> None:
    password = _password()
    wrong = chanuka_server_url.set(password=password, drivername="postgresql")
    result = run_cli("--debug", "status", "--json", env={"DATABASE_URL": wrong.render_as_string(hide_password=False)})
    assert result.returncode == 2
    assert "authentication failed" in result.stderr and "Traceback" in result.stderr
    _assert_hidden(result.stdout + result.stderr, password)


# ... and the rest of the matrix through the same entry point in-process (seconds instead of minutes).
COMMANDS = [
    ("health",),
    ("health", "--json"),
    ("--debug", "health", "--json"),
    ("status",),
    ("--debug", "status", "--json"),
    ("--debug", "migrate", "--json"),
    ("--debug", "migrate", "--sql", "--json"),
    ("--debug", "migrate", "--dry-run"),
    ("--debug", "history", "--json"),
    ("--debug", "verify", "--json"),
    ("--debug", "check", "--json"),
    ("--debug", "seed", "--json", "--quiet"),
]
PASSWORDS = [
    pytest.param("", id="plain"),
    pytest.param("p@ss:word/with#odd?chars&x=", id="url-syntax"),
    pytest.param("quote'and\"double\\", id="quotes"),
    pytest.param("percent%41sign", id="percent"),
    pytest.param("ünïcødé-paß", id="unicode"),
    pytest.param("space s and+plus", id="spaces"),
]


@pytest.mark.parametrize("prefix", PASSWORDS)
def test_every_command_hides_every_kind_of_password(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], prefix: str
) -> None:
    password = prefix + _password()
    env = {"DATABASE_URL": _unreachable(password), "CHANUKA_CONNECT_TIMEOUT_S": "2"}
    for args in COMMANDS:
        code, output = run_in_process(monkeypatch, capsys, *args, env=env)
        _assert_hidden(output, password)
        assert code == 2, (args, output)
        if args[0] == "--debug" and args[1] != "health":
            assert "Traceback" in output, args


def test_password_in_the_query_string_stays_hidden(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    password = _password()
    url = f"postgresql://chanuka@127.0.0.1:1/chanuka?password={password}"
    for args in (("--debug", "status"), ("health", "--json")):
        code, output = run_in_process(monkeypatch, capsys, *args, env={"DATABASE_URL": url})
        assert code == 2
        _assert_hidden(output, password)


MALFORMED = [
    pytest.param("mysql://u:{pw}@h/x", id="other-scheme"),
    pytest.param("postgresql://u:{pw}@127.0.0.1:notaport/x", id="bad-port"),
    pytest.param("postgresql://u:{pw}@127.0.0.1:99999/x", id="port-out-of-range"),
    pytest.param("postgresql://u:{pw}@/x", id="no-host"),
    pytest.param("postgresql://u:{pw}@127.0.0.1:1", id="no-database"),
    pytest.param("postgresql://u:{pw}@no-such-host.invalid/x", id="unknown-host"),
    pytest.param("host=127.0.0.1 port=1 password={pw} dbname=x", id="keyword-conninfo"),
    pytest.param("postgresql//u:{pw}@h/x", id="typo-missing-colon"),
    pytest.param("u:{pw}@h/x", id="no-scheme"),
]


@pytest.mark.parametrize("template", MALFORMED)
def test_malformed_urls_with_passwords_stay_hidden(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], template: str
) -> None:
    password = _password()
    for args in (("--debug", "status"), ("health", "--json")):
        code, output = run_in_process(monkeypatch, capsys, *args, env={"DATABASE_URL": template.format(pw=password)})
        _assert_hidden(output, password)
        assert code == 2, (template, output)


def test_the_real_password_never_shows_in_successful_output(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], chanuka_server_url: URL
) -> None:
    real = chanuka_server_url.password
    assert real
    url = chanuka_server_url.set(drivername="postgresql").render_as_string(hide_password=False)
    for args in (("health", "--json"), ("health",), ("status", "--json")):
        _, output = run_in_process(monkeypatch, capsys, *args, env={"DATABASE_URL": url})
        _assert_hidden(output, str(real))


def test_log_records_exceptions_and_tracebacks_hide_the_password(caplog: pytest.LogCaptureFixture) -> None:
    password = _password()
    caplog.set_level(logging.DEBUG)
    for name in ("sqlalchemy.engine", "sqlalchemy.pool", "psycopg", "chanuka_db"):
        caplog.set_level(logging.DEBUG, logger=name)  # restored after the test
    db = Database(Settings(DATABASE_URL=_unreachable(password), CHANUKA_CONNECT_TIMEOUT_S=2))
    seen: list[str] = [repr(db.url), str(db.url), repr(db.engine)]
    for call in (api.status, api.history, lambda d: api.health(d).error):
        try:
            seen.append(str(call(db)))
        except ChanukaError as exc:
            seen += [str(exc), repr(exc), "".join(traceback.format_exception(exc))]
    db.dispose()
    seen += [r.getMessage() for r in caplog.records] + [caplog.text]
    _assert_hidden("\n".join(seen), password)
    assert any("127.0.0.1" in s for s in seen), "the target is still named"
