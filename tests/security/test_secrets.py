"""DATABASE_URL passwords never show: not in errors, --json output, --debug tracebacks or log records."""

from __future__ import annotations

import logging
import secrets
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


COMMANDS = [
    ("health",),
    ("health", "--json"),
    ("status",),
    ("status", "--json"),
    ("--debug", "health"),
    ("--debug", "status", "--json"),
    ("--debug", "migrate"),
    ("--debug", "migrate", "--sql", "--json"),
    ("--debug", "history", "--json"),
    ("--debug", "check", "--json"),
]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_unreachable_server_errors_hide_the_password(run_cli: CliRunner, args: tuple[str, ...]) -> None:
    password = _password()
    env = {"DATABASE_URL": _unreachable(password), "DATABASE_REPLICA_URLS": _unreachable(password, user="replica")}
    result = run_cli(*args, env=env)
    assert result.returncode != 0
    _assert_hidden(result.stdout + result.stderr, password)
    if "--debug" in args:
        assert "Traceback" in result.stderr


@pytest.mark.parametrize(
    "password",
    ["p@ss:word/with#odd?chars", "quote'and\"double", "percent%41sign", "space s and+plus", "ünïcødé-paß"],
    ids=["url-syntax", "quotes", "percent", "spaces", "unicode"],
)
def test_passwords_with_url_syntax_stay_hidden(run_cli: CliRunner, password: str) -> None:
    secret = password + secrets.token_hex(4)
    for args in (("--debug", "health", "--json"), ("status",)):
        result = run_cli(*args, env={"DATABASE_URL": _unreachable(secret)})
        assert result.returncode == 2
        _assert_hidden(result.stdout + result.stderr, secret)


def test_password_in_the_query_string_stays_hidden(run_cli: CliRunner) -> None:
    password = _password()
    url = f"postgresql://chanuka@127.0.0.1:1/chanuka?password={password}"
    for args in (("--debug", "health"), ("health", "--json")):
        result = run_cli(*args, env={"DATABASE_URL": url})
        assert result.returncode == 2
        _assert_hidden(result.stdout + result.stderr, password)


def test_malformed_urls_with_passwords_stay_hidden(run_cli: CliRunner) -> None:
    password = _password()
    for url in (
        f"mysql://u:{password}@h/x",
        f"postgresql://u:{password}@127.0.0.1:notaport/x",
        f"postgresql://u:{password}@/x",
        f"postgresql://u:{password}@127.0.0.1:1",
    ):
        result = run_cli("--debug", "health", "--json", env={"DATABASE_URL": url})
        assert result.returncode == 2, url
        _assert_hidden(result.stdout + result.stderr, password)


def test_wrong_password_against_a_real_server(run_cli: CliRunner, chanuka_server_url: URL) -> None:
    password = _password()
    wrong = chanuka_server_url.set(password=password, drivername="postgresql")
    for args in (("--debug", "health", "--json"), ("--debug", "migrate"), ("status", "--json")):
        result = run_cli(*args, env={"DATABASE_URL": wrong.render_as_string(hide_password=False)})
        assert result.returncode == 2
        assert "authentication failed" in result.stdout + result.stderr
        _assert_hidden(result.stdout + result.stderr, password)


def test_the_real_password_never_shows_in_successful_output(run_cli: CliRunner, chanuka_server_url: URL) -> None:
    real = chanuka_server_url.password
    assert real
    url = chanuka_server_url.set(drivername="postgresql").render_as_string(hide_password=False)
    for args in (("health", "--json"), ("health",), ("status", "--json")):
        result = run_cli(*args, env={"DATABASE_URL": url})
        _assert_hidden(result.stdout + result.stderr, str(real))


def test_log_records_exceptions_and_tracebacks_hide_the_password(caplog: pytest.LogCaptureFixture) -> None:
    password = _password()
    caplog.set_level(logging.DEBUG)
    for name in ("sqlalchemy.engine", "sqlalchemy.pool", "psycopg", "chanuka_db"):
        logging.getLogger(name).setLevel(logging.DEBUG)
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
