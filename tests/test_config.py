"""Settings: environments, defaults, URL validation, secrets."""

from __future__ import annotations

import pytest

from chanuka_db.config import Environment, Settings, load_settings, parse_database_url
from chanuka_db.errors import ConfigError, mask_url, redact


def test_defaults_per_environment() -> None:
    dev = Settings(CHANUKA_ENV="development").connection()
    prod = Settings(CHANUKA_ENV="production", DATABASE_URL="postgresql://u:p@db/x").connection()
    assert dev.pool_size < prod.pool_size
    assert prod.sslmode == "require"
    assert prod.lock_timeout_ms <= 5_000


def test_explicit_settings_win() -> None:
    s = Settings(CHANUKA_ENV="staging", CHANUKA_POOL_SIZE=3, CHANUKA_LOCK_TIMEOUT_MS=1)
    c = s.connection()
    assert (c.pool_size, c.lock_timeout_ms) == (3, 1)


def test_production_requires_url() -> None:
    with pytest.raises(ConfigError, match="requires DATABASE_URL"):
        Settings(CHANUKA_ENV="production").explicit_url()


def test_production_adds_sslmode_require() -> None:
    url = Settings(CHANUKA_ENV="production", DATABASE_URL="postgresql://u:p@db/x").explicit_url()
    assert url is not None and url.query["sslmode"] == "require"


@pytest.mark.parametrize(
    "raw",
    ["mysql://u:p@h/x", "postgresql://u:p@/", "not a url", "postgresql://u:p@h:notaport/x"],
)
def test_bad_urls_are_config_errors(raw: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_database_url(raw)
    assert "p@" not in str(info.value)


def test_driver_is_normalised() -> None:
    for raw in ("postgres://u@h/x", "postgresql://u@h/x", "postgresql+psycopg://u@h/x"):
        assert parse_database_url(raw).drivername == "postgresql+psycopg"


def test_invalid_environment_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHANUKA_ENV", "prod")
    with pytest.raises(ConfigError, match="CHANUKA_ENV"):
        load_settings()


def test_env_file(tmp_path: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # type: ignore[arg-type]
    monkeypatch.delenv("CHANUKA_ENV", raising=False)
    (tmp_path / ".env").write_text("CHANUKA_ENV=staging\n")  # type: ignore[operator]
    assert load_settings().env is Environment.STAGING


def test_redaction() -> None:
    assert "secret" not in redact("postgresql://u:secret@h:5/x failed")
    assert "secret" not in redact("host=h password=secret user=u")
    assert mask_url("postgresql://u:secret@h/x") == "postgresql://u:***@h/x"
