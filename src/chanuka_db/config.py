"""Settings: read once from the environment (and a ``.env`` file), validated, per-environment defaults.

Nothing else in the package reads the environment. :func:`load_settings` returns a
:class:`Settings`; :meth:`Settings.connection` resolves the per-environment defaults into the
values the engine uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from chanuka_db.errors import ConfigError, redact

_ACCEPTED_SCHEMES = {"postgresql", "postgres", "postgresql+psycopg", "postgresql+psycopg2"}


class Environment(StrEnum):
    """Where chanuka-db runs; each has its own defaults (see :data:`ENVIRONMENT_DEFAULTS`)."""

    DEVELOPMENT = "development"
    TEST = "test"
    STAGING = "staging"
    PRODUCTION = "production"


@dataclass(frozen=True)
class EnvironmentDefaults:
    """Connection defaults for one environment."""

    pool_size: int
    max_overflow: int
    statement_timeout_ms: int
    lock_timeout_ms: int
    connect_timeout_s: int
    sslmode: str | None


ENVIRONMENT_DEFAULTS: dict[Environment, EnvironmentDefaults] = {
    # A laptop: few connections, generous timeouts for exploratory queries.
    Environment.DEVELOPMENT: EnvironmentDefaults(5, 5, 60_000, 10_000, 5, None),
    # Tests open many short-lived databases: small pools, fail fast on locks.
    Environment.TEST: EnvironmentDefaults(2, 3, 30_000, 5_000, 5, None),
    Environment.STAGING: EnvironmentDefaults(10, 10, 30_000, 5_000, 10, "prefer"),
    # Production: bounded statements so a runaway query cannot hold a connection for ever,
    # short lock waits so a migration never queues behind (and in front of) live traffic.
    Environment.PRODUCTION: EnvironmentDefaults(20, 10, 15_000, 3_000, 10, "require"),
}


class Settings(BaseSettings):
    """chanuka-db settings. Every field can be set by the environment variable in its alias."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    database_url: SecretStr | None = Field(default=None, alias="DATABASE_URL")
    database_replica_urls: str | None = Field(default=None, alias="DATABASE_REPLICA_URLS")
    env: Environment = Field(default=Environment.DEVELOPMENT, alias="CHANUKA_ENV")
    data_dir: Path = Field(default=Path(".chanuka/pgdata"), alias="CHANUKA_DATA_DIR")
    pool_size: int | None = Field(default=None, alias="CHANUKA_POOL_SIZE", ge=1, le=500)
    max_overflow: int | None = Field(default=None, alias="CHANUKA_MAX_OVERFLOW", ge=0, le=500)
    statement_timeout_ms: int | None = Field(default=None, alias="CHANUKA_STATEMENT_TIMEOUT_MS", ge=0)
    lock_timeout_ms: int | None = Field(default=None, alias="CHANUKA_LOCK_TIMEOUT_MS", ge=0)
    connect_timeout_s: int | None = Field(default=None, alias="CHANUKA_CONNECT_TIMEOUT_S", ge=1, le=300)
    application_name: str = Field(default="chanuka-db", alias="CHANUKA_APPLICATION_NAME", max_length=63)
    log_searches: bool = Field(default=True, alias="CHANUKA_LOG_SEARCHES")

    @field_validator("env", mode="before")
    @classmethod
    def _lower_env(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    @property
    def defaults(self) -> EnvironmentDefaults:
        """The defaults of the current environment."""
        return ENVIRONMENT_DEFAULTS[self.env]

    def connection(self) -> ConnectionSettings:
        """Resolve explicit settings over the environment's defaults."""
        d = self.defaults
        return ConnectionSettings(
            pool_size=self.pool_size if self.pool_size is not None else d.pool_size,
            max_overflow=self.max_overflow if self.max_overflow is not None else d.max_overflow,
            statement_timeout_ms=(
                self.statement_timeout_ms if self.statement_timeout_ms is not None else d.statement_timeout_ms
            ),
            lock_timeout_ms=self.lock_timeout_ms if self.lock_timeout_ms is not None else d.lock_timeout_ms,
            connect_timeout_s=self.connect_timeout_s if self.connect_timeout_s is not None else d.connect_timeout_s,
            application_name=self.application_name,
            sslmode=d.sslmode,
        )

    def explicit_url(self) -> URL | None:
        """The parsed, validated ``DATABASE_URL``, or None when it is not set.

        Raises :class:`ConfigError` for a malformed URL; in production, when it is missing.
        """
        if self.database_url is None or not self.database_url.get_secret_value().strip():
            if self.env is Environment.PRODUCTION:
                raise ConfigError(
                    "CHANUKA_ENV=production requires DATABASE_URL; the embedded server is for "
                    "development and tests only"
                )
            return None
        url = parse_database_url(self.database_url.get_secret_value())
        if self.defaults.sslmode and "sslmode" not in url.query:
            url = url.update_query_dict({"sslmode": self.defaults.sslmode})
        return url

    def replica_urls(self) -> list[URL]:
        """Parsed ``DATABASE_REPLICA_URLS`` (comma separated), possibly empty."""
        raw = self.database_replica_urls or ""
        return [parse_database_url(part) for part in raw.split(",") if part.strip()]


@dataclass(frozen=True)
class ConnectionSettings:
    """Resolved pool and per-connection settings."""

    pool_size: int
    max_overflow: int
    statement_timeout_ms: int
    lock_timeout_ms: int
    connect_timeout_s: int
    application_name: str
    sslmode: str | None


def parse_database_url(raw: str) -> URL:
    """Parse a PostgreSQL URL and normalise its driver to psycopg 3.

    Accepts ``postgresql://``, ``postgres://`` and ``postgresql+psycopg://``. Raises
    :class:`ConfigError` with the (masked) URL for anything else.
    """
    text = raw.strip()
    try:
        url = make_url(text)
    except (ArgumentError, ValueError) as exc:
        raise ConfigError(f"DATABASE_URL is not a valid URL: {redact(text)!s}") from exc
    if url.drivername not in _ACCEPTED_SCHEMES:
        raise ConfigError(
            f"DATABASE_URL must start with postgresql:// (got {url.drivername}://); "
            "chanuka-db only speaks PostgreSQL"
        )
    if not url.host and "host" not in url.query:
        raise ConfigError(f"DATABASE_URL has no host: {url.render_as_string(hide_password=True)}")
    if not url.database:
        raise ConfigError(f"DATABASE_URL names no database: {url.render_as_string(hide_password=True)}")
    try:
        _ = url.port
    except ValueError as exc:  # pragma: no cover - make_url already rejects most
        raise ConfigError("DATABASE_URL has an invalid port") from exc
    return url.set(drivername="postgresql+psycopg")


def load_settings(**overrides: Any) -> Settings:
    """Read settings from the environment and ``.env``; keyword overrides win.

    Raises :class:`ConfigError` (one line, no secrets) for invalid values.
    """
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "settings"
        raise ConfigError(f"invalid setting {where}: {first.get('msg', 'invalid value')}") from None
