"""One exception hierarchy for everything chanuka-db raises on purpose.

Each error carries a message a user can act on and the process exit code the CLI uses for it:
2 for configuration and connection problems (nothing could be done), 1 for a reachable
database that is in a bad state or refused an operation. Messages never contain passwords:
build them with :func:`mask_url` / :func:`redact`.
"""

from __future__ import annotations

import re

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

EXIT_OK = 0
EXIT_UNHEALTHY = 1
EXIT_CONFIG = 2


class ChanukaError(Exception):
    """Base class: a failure with a one-line, password-free explanation."""

    exit_code: int = EXIT_UNHEALTHY

    def __init__(self, message: str) -> None:
        super().__init__(redact(message))

    @property
    def message(self) -> str:
        """The one-line message shown to the user."""
        return str(self)


class ConfigError(ChanukaError):
    """Settings are missing or invalid (bad URL, production without DATABASE_URL...)."""

    exit_code = EXIT_CONFIG


class ConnectionFailed(ChanukaError):
    """The database server could not be reached or refused the login."""

    exit_code = EXIT_CONFIG


class ServerError(ChanukaError):
    """The embedded PostgreSQL server could not be initialised, started or stopped."""

    exit_code = EXIT_CONFIG


class InvalidInput(ChanukaError):
    """A value given by the user (query, row, revision name...) is not acceptable."""

    exit_code = EXIT_CONFIG


class MigrationError(ChanukaError):
    """A migration could not be planned, applied, rolled back or verified."""


class RefusedError(ChanukaError):
    """An operation was refused on purpose (production safety, non-empty target...)."""


class DriftError(ChanukaError):
    """Models, migrations and the live database disagree."""


# user:password@ after a scheme (or after a mistyped one, "postgresql//", or none at all).
_URL_PASSWORD = re.compile(r"(?P<scheme>(?:[a-z][a-z0-9+.-]*:?//)?[^:/@\s]+:)(?P<pw>[^@\s]*)@", re.IGNORECASE)
_KV_PASSWORD = re.compile(r"(password\s*=\s*)('[^']*'|\S+)", re.IGNORECASE)


def redact(text: str) -> str:
    """Replace passwords in URLs and ``password=...`` pairs inside ``text`` with ``***``."""
    text = _URL_PASSWORD.sub(lambda m: f"{m.group('scheme')}***@", text)
    return _KV_PASSWORD.sub(lambda m: f"{m.group(1)}***", text)


def mask_url(url: str) -> str:
    """``url`` with its password shown as ``***`` (returns a redacted string for unparsable input)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return redact(url)
    return parsed.render_as_string(hide_password=True)
