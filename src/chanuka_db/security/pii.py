"""The personal-data registry: every column the models mark as personal, with a category.

Domain modules mark a column holding personal data with ``info=PII`` (``chanuka_db.schema.base``),
or ``info=SECRET`` for credentials, tokens and one-time codes (``chanuka_db.schema.foundation``).
This module reads those marks from the metadata, so the registry can never disagree with the models:

- :func:`pii_columns` lists them (``chanuka-db pii``), each with a :data:`CATEGORIES` category;
- :func:`pii_mark` gives the mark of one column (the data dictionary shows it);
- :func:`user_reference_columns` lists the columns that point at a person (foreign keys to
  ``users``): a pseudonymous identifier is personal data too, so ``chanuka_readonly`` never gets
  those either;
- :data:`PERSONAL_TABLES` are the tables ``chanuka_readonly`` gets nothing of.

A column's category is ``info["pii_category"]`` when a model sets one, else inferred from the secret
flag, the column's type and its name (:func:`category_of`).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import cache
from typing import Any

from sqlalchemy import Column, MetaData, Table
from sqlalchemy.dialects.postgresql import INET
from sqlalchemy.dialects.postgresql.base import PGDialect
from sqlalchemy.engine import Dialect

#: What each category means; ``chanuka-db pii`` and docs/security.md show these.
CATEGORIES: dict[str, str] = {
    "secret": "password hashes, tokens, one-time codes, credentials: never shown, logged or exported",
    "contact": "phone numbers, e-mail addresses and other ways to reach a person",
    "identity": "names, national ID hashes, identity documents, credentials, verification data and other "
    "identifying details",
    "location": "where a person is: coordinates, location data, home county of a participant",
    "device": "IP addresses, user agents, device details, fingerprints, session and anonymous ids",
    "health": "accessibility needs and assistive technology (sensitive data under the Data Protection Act 2019)",
    "activity": "what a person searched for, and who did something (the person behind an event or audit entry)",
    "media": "recordings and photos of a person",
}

#: Tables protected by row-level security, plus ``users``: ``chanuka_readonly`` may read none of
#: their columns (each row is one person's account, profile, contacts, preferences or documents).
RLS_TABLES: tuple[str, ...] = (
    "user_profiles",
    "user_contact_methods",
    "notifications",
    "bill_tracking_preferences",
    "alert_preferences",
    "sessions",
    "user_verification",
    "expert_credentials",
)
PERSONAL_TABLES: frozenset[str] = frozenset({*RLS_TABLES, "users"})

# Inference rules, first match wins: (category, pattern over the column name).
_NAME_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("device", re.compile(r"(^|_)(ip|ip_address|user_agent|fingerprint|device_info|session_id|anonymous_id)$")),
    ("contact", re.compile(r"(phone|email|contact)")),
    ("location", re.compile(r"(latitude|longitude|location|county|constituency)")),
    ("health", re.compile(r"(accessibility|assistive|visual|auditory|motor|cognitive)")),
    ("media", re.compile(r"(audio|photo|video)")),
    ("activity", re.compile(r"(query|actor_id|actor_identifier)")),
)
_IDENTITY_FALLBACK = "identity"


@dataclass(frozen=True)
class PiiMark:
    """The personal-data mark of one column."""

    category: str
    secret: bool

    @property
    def label(self) -> str:
        """``PII: contact``, or ``PII: secret`` (what the data dictionary prints)."""
        return f"PII: {self.category}"


@dataclass(frozen=True)
class PiiColumn:
    """One personal column of the schema."""

    table: str
    column: str
    category: str
    secret: bool
    type: str
    domain: str | None
    comment: str | None

    @property
    def name(self) -> str:
        """``table.column``."""
        return f"{self.table}.{self.column}"

    def as_dict(self) -> dict[str, Any]:
        """Plain data for ``--json``."""
        return {"name": self.name, **asdict(self)}


def _metadata(metadata: MetaData | None) -> MetaData:
    if metadata is not None:
        return metadata
    from chanuka_db.schema import metadata as models

    return models


def category_of(column: Column[object]) -> str:
    """The category of a personal ``column`` (explicit ``pii_category``, else inferred)."""
    explicit = column.info.get("pii_category")
    if isinstance(explicit, str):
        if explicit not in CATEGORIES:
            raise ValueError(f"{column.table.name}.{column.name}: unknown pii_category {explicit!r}")
        return explicit
    if column.info.get("secret"):
        return "secret"
    if isinstance(column.type, INET):
        return "device"
    name = column.name.lower()
    if name == "user_id" or _refers_to_users(column):
        return "activity"
    for category, pattern in _NAME_RULES:
        if pattern.search(name):
            return category
    return _IDENTITY_FALLBACK


def pii_mark(column: Column[object]) -> PiiMark | None:
    """The personal-data mark of ``column``, or None for a column that holds none.

    The docs generator's hook: ``mark = pii_mark(col); mark.label if mark else ""``.
    """
    if not column.info.get("pii"):
        return None
    return PiiMark(category=category_of(column), secret=bool(column.info.get("secret")))


def pii_mark_of(table: str, column: str, metadata: MetaData | None = None) -> PiiMark | None:
    """The mark of ``table.column`` by name (None when unmarked or unknown)."""
    found = _metadata(metadata).tables.get(table)
    if found is None or column not in found.c:
        return None
    return pii_mark(found.c[column])


def pii_columns(metadata: MetaData | None = None) -> list[PiiColumn]:
    """Every personal column of the models, sorted by table then column."""
    out: list[PiiColumn] = []
    for table in sorted(_metadata(metadata).tables.values(), key=lambda t: t.name):
        for column in table.columns:
            mark = pii_mark(column)
            if mark is None:
                continue
            out.append(
                PiiColumn(
                    table=table.name,
                    column=column.name,
                    category=mark.category,
                    secret=mark.secret,
                    type=str(column.type.compile(dialect=_pg_dialect())),
                    domain=table.info.get("domain"),
                    comment=column.comment,
                )
            )
    return sorted(out, key=lambda c: (c.table, c.column))


def _refers_to_users(column: Column[object]) -> bool:
    return any(fk.column.table.name == "users" for fk in column.foreign_keys)


def user_reference_columns(metadata: MetaData | None = None) -> list[tuple[str, str]]:
    """``(table, column)`` of every column that is a foreign key to ``users``."""
    return sorted(
        (table.name, column.name)
        for table in _metadata(metadata).tables.values()
        for column in table.columns
        if _refers_to_users(column)
    )


def readonly_excluded(table: Table) -> list[str]:
    """The columns of ``table`` ``chanuka_readonly`` may never read: personal ones and references to users."""
    return [c.name for c in table.columns if c.info.get("pii") or _refers_to_users(c)]


def readonly_columns(table: Table) -> list[str]:
    """The columns of ``table`` ``chanuka_readonly`` may read: not personal, not a reference to a person,
    and none at all of a :data:`PERSONAL_TABLES` table."""
    if table.name in PERSONAL_TABLES:
        return []
    return [c.name for c in table.columns if not c.info.get("pii") and not _refers_to_users(c)]


def lines(columns: list[PiiColumn] | None = None) -> list[str]:
    """``table.column  category`` lines for a terminal (``chanuka-db pii`` without ``--json``)."""
    cols = pii_columns() if columns is None else columns
    width = max((len(c.name) for c in cols), default=0)
    return [
        f"{c.name:<{width}}  {c.category}{'  (secret)' if c.secret and c.category != 'secret' else ''}" for c in cols
    ]


@cache
def _pg_dialect() -> Dialect:
    return PGDialect()  # type: ignore[no-untyped-call]


__all__ = [
    "CATEGORIES",
    "PERSONAL_TABLES",
    "RLS_TABLES",
    "PiiColumn",
    "PiiMark",
    "category_of",
    "lines",
    "pii_columns",
    "pii_mark",
    "pii_mark_of",
    "readonly_columns",
    "readonly_excluded",
    "user_reference_columns",
]
