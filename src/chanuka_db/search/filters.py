"""Validating :class:`~chanuka_db.search.types.SearchFilters` and turning them into SQL conditions.

Values are checked against the enums of the schema (a typo in ``--status`` is an
:class:`~chanuka_db.errors.InvalidInput` naming the accepted values, not an empty page) and always
travel as bound parameters; conditions are :mod:`psycopg.sql` compositions of constant text and
identifiers.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from psycopg import sql

from chanuka_db.errors import InvalidInput
from chanuka_db.schema.enums import BillStatus, Chamber, CommentPosition, KenyanCounty, Party
from chanuka_db.search.types import SearchFilters

_COUNTY_ALIASES = {"nairobi city": "nairobi", "murang'a": "muranga", "tharaka nithi": "tharaka_nithi"}


@dataclass
class Conditions:
    """SQL conditions (with ``%(name)s`` parameters), their parameter values, and for bills a tsquery.

    ``lexemes`` (bills only) holds the filters revision 0101 indexes as lexemes of ``search_head``
    (status, chamber, category, counties): ANDed into the text query, they are answered by the GIN
    index with the words instead of by reading and discarding rows.
    """

    clauses: list[sql.Composable] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)
    lexemes: str = ""

    def __bool__(self) -> bool:
        return bool(self.clauses or self.lexemes)

    def add(self, template: str, alias: str) -> None:
        """Add ``template`` with ``{a}`` standing for the table alias."""
        self.clauses.append(sql.SQL(template).format(a=sql.Identifier(alias)))

    def where(self) -> sql.Composed:
        """`` AND c1 AND c2...`` (empty when there is no condition), without the lexeme filters."""
        return sql.Composed([sql.SQL(" AND ") + c for c in self.clauses])

    def where_all(self, alias: str = "b") -> sql.Composed:
        """Like :meth:`where`, plus the lexeme filters checked on ``alias.search_head`` (``%(f_lexemes)s``)."""
        if not self.lexemes:
            return self.where()
        check = sql.SQL(" AND {}.search_head @@ CAST(%(f_lexemes)s AS tsquery)").format(sql.Identifier(alias))
        return self.where() + check


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


def lexeme(value: str) -> str:
    """``value`` as one quoted tsquery lexeme (quotes doubled, backslashes escaped)."""
    return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'"


def _like(value: str) -> str:
    """An ILIKE pattern for ``value`` anywhere (its own ``%``, ``_`` and ``\\`` taken literally)."""
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def bill_conditions(filters: SearchFilters | None, alias: str = "b") -> Conditions:
    """Conditions on ``bills`` (aliased ``alias``) for ``filters``."""
    c = Conditions()
    if filters is None:
        return c
    _forbid(filters, "bills", ("party", "position", "bill_id"))
    groups: list[list[str]] = []
    if filters.status:
        groups.append(["~s" + v for v in _enum_values(filters.status, [s.value for s in BillStatus], "status")])
    if filters.chamber:
        groups.append(["~h" + v for v in _enum_values(filters.chamber, [s.value for s in Chamber], "chamber")])
    if filters.category:
        groups.append(["~c" + v.strip().lower()[:100] for v in filters.category])
    if filters.county:
        counties = _enum_values(filters.county, [s.value for s in KenyanCounty], "county", county_key)
        groups.append(["~k" + v for v in counties])
    c.lexemes = " & ".join("(" + " | ".join(lexeme(v) for v in g) + ")" for g in groups)
    if c.lexemes:
        c.params["f_lexemes"] = c.lexemes
    _sponsor(filters, c, alias)
    if filters.date_from is not None:
        c.params["f_from"] = filters.date_from
        c.add("{a}.introduced_date >= %(f_from)s", alias)
    if filters.date_to is not None:
        c.params["f_to"] = filters.date_to
        c.add("{a}.introduced_date <= %(f_to)s", alias)
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise InvalidInput("date_from is after date_to")
    return c


def _sponsor(filters: SearchFilters, c: Conditions, alias: str) -> None:
    if not filters.sponsor:
        return
    try:
        c.params["f_sponsor_id"] = uuid.UUID(filters.sponsor)
        c.add("{a}.sponsor_id = %(f_sponsor_id)s", alias)
    except ValueError:
        c.params["f_sponsor_name"] = _like(filters.sponsor[:100])
        c.add("{a}.sponsor_id IN (SELECT s.id FROM sponsors s WHERE s.name ILIKE %(f_sponsor_name)s)", alias)


def sponsor_conditions(filters: SearchFilters | None, alias: str = "s") -> Conditions:
    """Conditions on ``sponsors`` for ``filters`` (chamber, county, party)."""
    c = Conditions()
    if filters is None:
        return c
    _forbid(filters, "sponsors", ("status", "category", "position", "sponsor", "bill_id", "date_from", "date_to"))
    if filters.chamber:
        c.params["f_chamber"] = _enum_values(filters.chamber, [s.value for s in Chamber], "chamber")
        c.add("{a}.chamber = ANY(CAST(CAST(%(f_chamber)s AS text[]) AS chamber[]))", alias)
    if filters.county:
        c.params["f_county"] = _enum_values(filters.county, [s.value for s in KenyanCounty], "county", county_key)
        c.add("{a}.county = ANY(CAST(CAST(%(f_county)s AS text[]) AS kenyan_county[]))", alias)
    if filters.party:
        c.params["f_party"] = _enum_values(filters.party, [s.value for s in Party], "party")
        c.add("{a}.party = ANY(CAST(CAST(%(f_party)s AS text[]) AS party[]))", alias)
    return c


def comment_conditions(filters: SearchFilters | None, alias: str = "c") -> Conditions:
    """Conditions on ``comments`` for ``filters`` (bill, position, commenter's county, dates)."""
    c = Conditions()
    if filters is None:
        return c
    _forbid(filters, "comments", ("status", "chamber", "category", "party", "sponsor"))
    if filters.bill_id is not None:
        c.params["f_bill_id"] = filters.bill_id
        c.add("{a}.bill_id = %(f_bill_id)s", alias)
    if filters.position:
        c.params["f_position"] = _enum_values(filters.position, [s.value for s in CommentPosition], "position")
        c.add("{a}.position = ANY(CAST(CAST(%(f_position)s AS text[]) AS comment_position[]))", alias)
    if filters.county:
        c.params["f_county"] = _enum_values(filters.county, [s.value for s in KenyanCounty], "county", county_key)
        c.add("{a}.user_county = ANY(CAST(CAST(%(f_county)s AS text[]) AS kenyan_county[]))", alias)
    if filters.date_from is not None:
        c.params["f_from"] = filters.date_from
        c.add("{a}.created_at >= CAST(%(f_from)s AS date)", alias)
    if filters.date_to is not None:
        c.params["f_to"] = filters.date_to
        c.add("{a}.created_at < CAST(%(f_to)s AS date) + 1", alias)
    return c
