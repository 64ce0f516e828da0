"""What the search functions take and return: plain, frozen dataclasses (JSON-ready via ``asdict``)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from chanuka_db.errors import InvalidInput

#: Largest page a caller may ask for.
MAX_LIMIT = 100
#: Deepest offset: beyond this nobody is reading, and the candidate caps make deeper pages arbitrary.
MAX_OFFSET = 1_000


@dataclass(frozen=True)
class BillHit:
    """One bill in a result page. ``match`` says why it is there: ``bill_number`` (exact number),
    ``all_words``, ``most_words`` (some query words missing), ``corrected`` (the did-you-mean query)
    or ``fuzzy`` (trigram similarity of the title).
    """

    id: uuid.UUID
    bill_number: str
    title: str
    status: str
    rank: float
    headline: str
    match: str = "all_words"


@dataclass(frozen=True)
class SponsorHit:
    """One sponsor (MP, senator, MCA) in a result page."""

    id: uuid.UUID
    name: str
    party: str | None
    county: str | None
    chamber: str
    rank: float
    headline: str
    match: str = "all_words"


@dataclass(frozen=True)
class CommentHit:
    """One comment in a result page."""

    id: uuid.UUID
    bill_id: uuid.UUID
    position: str | None
    created_at: dt.datetime
    rank: float
    headline: str
    match: str = "all_words"


H = TypeVar("H", BillHit, SponsorHit, CommentHit)


@dataclass(frozen=True)
class SearchPage(Generic[H]):
    """One page of results.

    ``total`` counts every match when ``total_exact``; when a query matches more than the candidate
    cap (see docs/search.md) it is a lower bound and ``total_exact`` is False, like Elasticsearch's
    ``track_total_hits``. ``facets`` count the matches per value (over the same set as ``total``).
    ``suggestion`` is a corrected query ("did you mean") when the query looked misspelt.
    """

    query: str
    total: int
    hits: list[H]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    suggestion: str | None = None
    total_exact: bool = True
    limit: int = 10
    offset: int = 0
    took_ms: float = 0.0


@dataclass(frozen=True)
class Suggestion:
    """One autocomplete entry: a bill title or a sponsor name."""

    kind: str
    text: str
    id: uuid.UUID | None = None


def _tuple(value: str | Iterable[str] | None, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else list(value)
    out: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise InvalidInput(f"filter {name} takes text values, not {type(item).__name__}")
        for part in item.split(","):
            if part.strip():
                out.append(part.strip())
    return tuple(dict.fromkeys(out))


@dataclass(frozen=True)
class SearchFilters:
    """Filters for :func:`~chanuka_db.search.search_bills` (and, where they apply, sponsors and comments).

    Each text filter takes one value, a comma-separated list or a sequence; several values of one
    filter are alternatives (OR), different filters all apply (AND). ``county`` keeps bills whose
    ``affected_counties`` include any of the counties (names such as "Murang'a" or "Tana River" are
    accepted). ``sponsor`` is a sponsor's id or part of a name. ``date_from``/``date_to`` bound the
    introduction date (inclusive). Validation happens in the search (values are checked against the
    database's enums), raising :class:`~chanuka_db.errors.InvalidInput`.
    """

    status: tuple[str, ...] = ()
    chamber: tuple[str, ...] = ()
    category: tuple[str, ...] = ()
    county: tuple[str, ...] = ()
    party: tuple[str, ...] = ()
    position: tuple[str, ...] = ()
    sponsor: str | None = None
    bill_id: uuid.UUID | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    @classmethod
    def of(
        cls,
        *,
        status: str | Iterable[str] | None = None,
        chamber: str | Iterable[str] | None = None,
        category: str | Iterable[str] | None = None,
        county: str | Iterable[str] | None = None,
        party: str | Iterable[str] | None = None,
        position: str | Iterable[str] | None = None,
        sponsor: str | uuid.UUID | None = None,
        bill_id: str | uuid.UUID | None = None,
        date_from: dt.date | str | None = None,
        date_to: dt.date | str | None = None,
    ) -> SearchFilters:
        """Build filters from loose values (strings, lists, ISO dates), raising InvalidInput on bad ones."""
        return cls(
            status=_tuple(status, "status"),
            chamber=_tuple(chamber, "chamber"),
            category=_tuple(category, "category"),
            county=_tuple(county, "county"),
            party=_tuple(party, "party"),
            position=_tuple(position, "position"),
            sponsor=str(sponsor).strip() or None if sponsor is not None else None,
            bill_id=_uuid(bill_id, "bill") if bill_id is not None else None,
            date_from=_date(date_from, "date_from"),
            date_to=_date(date_to, "date_to"),
        )

    def is_empty(self) -> bool:
        """True when no filter is set."""
        return self == SearchFilters()


def _uuid(value: str | uuid.UUID, name: str) -> uuid.UUID:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value).strip())
    except ValueError:
        raise InvalidInput(f"{name} must be an id like 5f0c…-…, not {str(value)[:60]!r}") from None


def _date(value: dt.date | str | None, name: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(f"{name} must be a date like 2024-06-30, not {value[:40]!r}") from None


def check_page(limit: int, offset: int) -> None:
    """Raise InvalidInput unless 1 <= limit <= MAX_LIMIT and 0 <= offset <= MAX_OFFSET."""
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"limit must be between 1 and {MAX_LIMIT}, not {limit!r}")
    if isinstance(offset, bool) or not isinstance(offset, int) or not 0 <= offset <= MAX_OFFSET:
        raise InvalidInput(f"offset must be between 0 and {MAX_OFFSET}, not {offset!r}")
