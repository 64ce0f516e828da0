"""Validating :class:`~chanuka_db.search.types.SearchFilters` and turning them into SQL conditions.

Values are checked against the enums of the schema (a typo in ``--status`` is an
:class:`~chanuka_db.errors.InvalidInput` naming the accepted values, not an empty page) and always
travel as bound parameters; the SQL text is chosen from constant fragments.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from chanuka_db.errors import InvalidInput
from chanuka_db.schema.enums import BillStatus, Chamber, CommentPosition, KenyanCounty, Party
from chanuka_db.search.types import SearchFilters

_COUNTY_ALIASES = {"nairobi city": "nairobi", "muranga": "muranga", "murang'a": "muranga", "tharaka nithi": "tharaka_nithi"}


@dataclass
class Conditions:
    """SQL conditions (constant text with ``:name`` parameters) and their parameter values."""

    sql: list[str] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)

    def where(self, prefix: str = " AND ") -> str:
        """The conditions joined with AND, each preceded by ``prefix`` ('' when none)."""
        return "".join(prefix + c for c in self.sql)


def _enum_values(values: tuple[str, ...], allowed: list[str], name: str, normalise: Any = None) -> list[str]:
    out: list[str] = []
    for value in values:
        key = normalise(value) if normalise else value.strip().lower().replace(" ", "_").replace("-", "_")
        if key not in allowed:
            shown = ", ".join(allowed[:12]) + (", ..." if len(allowed) > 12 else "")
            raise InvalidInput(f"unknown {name} {value[:60]!r}; expected one of: {shown}")
        out.append(key)
    return out


def county_key(value: str) -> str:
    """The ``kenyan_county`` value for a county name: "Murang'a" -> muranga, "Tana River" -> tana_river."""
    low = " ".join(value.strip().lower().replace("\u2019", "'").split())
    if low in _COUNTY_ALIASES:
        return _COUNTY_ALIASES[low]
    low = low.removesuffix(" county")
    return re.sub(r"[\s\-]+", "_", low.replace("'", ""))


def _forbid(filters: SearchFilters, kind: str, names: tuple[str, ...]) -> None:
    for name in names:
        if getattr(filters, name) not in ((), None):
            raise InvalidInput(f"filter {name} does not apply to {kind}")


def _like(value: str) -> str:
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def bill_conditions(filters: SearchFilters | None, alias: str = "b") -> Conditions:
    """Conditions on ``bills`` (aliased ``alias``) for ``filters``."""
    c = Conditions()
    if filters is None:
        return c
    _forbid(filters, "bills", ("party", "position", "bill_id"))
    if filters.status:
        c.params["f_status"] = _enum_values(filters.status, [s.value for s in BillStatus], "status")
        c.sql.append(f"{alias}.status = ANY(CAST(CAST(:f_status AS text[]) AS bill_status[]))")
    if filters.chamber:
        c.params["f_chamber"] = _enum_values(filters.chamber, [s.value for s in Chamber], "chamber")
        c.sql.append(f"{alias}.chamber = ANY(CAST(CAST(:f_chamber AS text[]) AS chamber[]))")
    if filters.category:
        c.params["f_category"] = [v.strip().lower() for v in filters.category]
        c.sql.append(f"lower({alias}.category) = ANY(CAST(:f_category AS text[]))")
    if filters.county:
        c.params["f_county"] = _enum_values(filters.county, [s.value for s in KenyanCounty], "county", county_key)
        c.sql.append(f"{alias}.affected_counties && CAST(CAST(:f_county AS text[]) AS kenyan_county[])")
    _sponsor(filters, c, f"{alias}.sponsor_id")
    if filters.date_from is not None:
        c.params["f_from"] = filters.date_from
        c.sql.append(f"{alias}.introduced_date >= :f_from")
    if filters.date_to is not None:
        c.params["f_to"] = filters.date_to
        c.sql.append(f"{alias}.introduced_date <= :f_to")
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise InvalidInput("date_from is after date_to")
    return c


def _sponsor(filters: SearchFilters, c: Conditions, column: str) -> None:
    if not filters.sponsor:
        return
    try:
        c.params["f_sponsor_id"] = uuid.UUID(filters.sponsor)
        c.sql.append(f"{column} = :f_sponsor_id")
    except ValueError:
        c.params["f_sponsor_name"] = _like(filters.sponsor[:100])
        c.sql.append(f"{column} IN (SELECT s.id FROM sponsors s WHERE s.name ILIKE :f_sponsor_name ESCAPE '\\')")


def sponsor_conditions(filters: SearchFilters | None, alias: str = "s") -> Conditions:
    """Conditions on ``sponsors`` for ``filters`` (chamber, county, party)."""
    c = Conditions()
    if filters is None:
        return c
    _forbid(filters, "sponsors", ("status", "category", "position", "sponsor", "bill_id", "date_from", "date_to"))
    if filters.chamber:
        c.params["f_chamber"] = _enum_values(filters.chamber, [s.value for s in Chamber], "chamber")
        c.sql.append(f"{alias}.chamber = ANY(CAST(CAST(:f_chamber AS text[]) AS chamber[]))")
    if filters.county:
        c.params["f_county"] = _enum_values(filters.county, [s.value for s in KenyanCounty], "county", county_key)
        c.sql.append(f"{alias}.county = ANY(CAST(CAST(:f_county AS text[]) AS kenyan_county[]))")
    if filters.party:
        c.params["f_party"] = _enum_values(filters.party, [s.value for s in Party], "party")
        c.sql.append(f"{alias}.party = ANY(CAST(CAST(:f_party AS text[]) AS party[]))")
    return c


def comment_conditions(filters: SearchFilters | None, alias: str = "c") -> Conditions:
    """Conditions on ``comments`` for ``filters`` (bill, position, commenter's county, dates)."""
    c = Conditions()
    if filters is None:
        return c
    _forbid(filters, "comments", ("status", "chamber", "category", "party", "sponsor"))
    if filters.bill_id is not None:
        c.params["f_bill_id"] = filters.bill_id
        c.sql.append(f"{alias}.bill_id = :f_bill_id")
    if filters.position:
        c.params["f_position"] = _enum_values(filters.position, [s.value for s in CommentPosition], "position")
        c.sql.append(f"{alias}.position = ANY(CAST(CAST(:f_position AS text[]) AS comment_position[]))")
    if filters.county:
        c.params["f_county"] = _enum_values(filters.county, [s.value for s in KenyanCounty], "county", county_key)
        c.sql.append(f"{alias}.user_county = ANY(CAST(CAST(:f_county AS text[]) AS kenyan_county[]))")
    if filters.date_from is not None:
        c.params["f_from"] = filters.date_from
        c.sql.append(f"{alias}.created_at >= CAST(:f_from AS date)")
    if filters.date_to is not None:
        c.params["f_to"] = filters.date_to
        c.sql.append(f"{alias}.created_at < CAST(:f_to AS date) + 1")
    return c
