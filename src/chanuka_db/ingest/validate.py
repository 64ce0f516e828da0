"""Row validation before anything is sent: one compiled checker per column, built from its type.

The checks are the ones PostgreSQL would make, done in Python so a bad row is reported with its
position and column before the batch starts, instead of as a COPY error halfway through:
NOT NULL without default, varchar length, integer range, numeric precision, booleans, UUIDs,
enums, arrays (element by element), JSON serialisability, dates and time-zone-aware timestamps.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import ipaddress
import json
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from psycopg.types.json import Jsonb
from sqlalchemy import (
    ARRAY,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Enum,
    Float,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Table,
)
from sqlalchemy.dialects.postgresql import INET, JSONB, UUID
from sqlalchemy.types import JSON, TypeEngine

from chanuka_db.errors import InvalidInput

Converter = Callable[[Any], Any]

_INT_RANGES: dict[type[TypeEngine[Any]], tuple[int, int]] = {
    SmallInteger: (-(2**15), 2**15 - 1),
    BigInteger: (-(2**63), 2**63 - 1),
    Integer: (-(2**31), 2**31 - 1),
}


class RowError(InvalidInput):
    """A row that cannot be loaded: its position (0-based), the column and why."""

    def __init__(self, table: str, position: int, column: str | None, reason: str) -> None:
        self.table = table
        self.position = position
        self.column = column
        self.reason = reason
        where = f"{table} row {position}" + (f", column {column}" if column else "")
        super().__init__(f"{where}: {reason}")


class _Bad(ValueError):
    """Raised by a converter; the loader adds table, position and column."""


def _int_converter(low: int, high: int) -> Converter:
    def conv(v: Any) -> Any:
        if isinstance(v, bool) or not isinstance(v, int):
            if isinstance(v, str) and v.lstrip("-").isdigit():
                v = int(v)
            else:
                raise _Bad(f"expected an integer, got {type(v).__name__}")
        if not low <= v <= high:
            raise _Bad(f"{v} is out of range [{low}, {high}]")
        return v

    return conv


def _numeric_converter(precision: int | None, scale: int | None) -> Converter:
    limit = None
    if precision is not None:
        limit = decimal.Decimal(10) ** (precision - (scale or 0))

    def conv(v: Any) -> Any:
        if isinstance(v, bool):
            raise _Bad("expected a number, got bool")
        if isinstance(v, float):
            v = decimal.Decimal(repr(v))
        elif isinstance(v, (int, str)):
            try:
                v = decimal.Decimal(v)
            except decimal.InvalidOperation:
                raise _Bad(f"{v!r} is not a number") from None
        elif not isinstance(v, decimal.Decimal):
            raise _Bad(f"expected a number, got {type(v).__name__}")
        if not v.is_finite():
            raise _Bad(f"{v} is not finite")
        if limit is not None and abs(v) >= limit:
            raise _Bad(f"{v} does not fit numeric({precision}, {scale or 0})")
        return v

    return conv


def _string_converter(length: int | None) -> Converter:
    def conv(v: Any) -> Any:
        if not isinstance(v, str):
            raise _Bad(f"expected text, got {type(v).__name__}")
        if "\x00" in v:
            raise _Bad("text contains a NUL byte, which PostgreSQL cannot store")
        if length is not None and len(v) > length:
            raise _Bad(f"{len(v)} characters, the column holds at most {length}")
        return v

    return conv


def _bool(v: Any) -> Any:
    if not isinstance(v, bool):
        raise _Bad(f"expected true/false, got {type(v).__name__}")
    return v


def _uuid(v: Any) -> Any:
    if isinstance(v, uuid.UUID):
        return v
    if isinstance(v, str):
        try:
            return uuid.UUID(v)
        except ValueError:
            raise _Bad(f"{v[:40]!r} is not a UUID") from None
    raise _Bad(f"expected a UUID, got {type(v).__name__}")


def _datetime(v: Any) -> Any:
    if not isinstance(v, dt.datetime):
        raise _Bad(f"expected a datetime, got {type(v).__name__}")
    if v.tzinfo is None or v.utcoffset() is None:
        raise _Bad("naive datetime: give it a time zone (the column is timestamptz)")
    return v


def _date(v: Any) -> Any:
    if isinstance(v, dt.datetime) or not isinstance(v, dt.date):
        raise _Bad(f"expected a date, got {type(v).__name__}")
    return v


def _float(v: Any) -> Any:
    if isinstance(v, bool) or not isinstance(v, (int, float, decimal.Decimal)):
        raise _Bad(f"expected a number, got {type(v).__name__}")
    return v


def _json(v: Any) -> Any:
    try:
        json.dumps(v, allow_nan=False, default=_json_default)
    except (TypeError, ValueError) as exc:
        raise _Bad(f"not JSON-serialisable: {exc}") from None
    return Jsonb(v, dumps=_json_dumps)


def _json_default(o: Any) -> Any:
    if isinstance(o, (uuid.UUID, dt.date, dt.datetime, decimal.Decimal)):
        return str(o)
    raise TypeError(f"{type(o).__name__} is not JSON-serialisable")


def _json_dumps(obj: Any) -> str:
    return json.dumps(obj, default=_json_default, separators=(",", ":"))


def _inet(v: Any) -> Any:
    try:
        return ipaddress.ip_interface(v) if isinstance(v, str) and "/" in v else ipaddress.ip_address(v)
    except ValueError:
        raise _Bad(f"{str(v)[:40]!r} is not an IP address") from None


def _enum_converter(values: frozenset[str], name: str) -> Converter:
    def conv(v: Any) -> Any:
        s = getattr(v, "value", v)
        if s not in values:
            raise _Bad(f"{str(s)[:40]!r} is not a value of enum {name}")
        return s

    return conv


def _array_converter(inner: Converter) -> Converter:
    def conv(v: Any) -> Any:
        if isinstance(v, (str, bytes)) or not isinstance(v, (list, tuple)):
            raise _Bad(f"expected a list, got {type(v).__name__}")
        return [None if x is None else inner(x) for x in v]

    return conv


def converter_for(type_: TypeEngine[Any]) -> Converter:
    """The checking converter for one SQL type (identity for types it does not know)."""
    if isinstance(type_, ARRAY):
        return _array_converter(converter_for(type_.item_type))
    if isinstance(type_, Enum):
        return _enum_converter(frozenset(type_.enums), type_.name or "enum")
    if isinstance(type_, (JSONB, JSON)):
        return _json
    if isinstance(type_, UUID):
        return _uuid
    if isinstance(type_, Boolean):
        return _bool
    for int_type, (low, high) in _INT_RANGES.items():
        if isinstance(type_, int_type):
            return _int_converter(low, high)
    if isinstance(type_, Float):
        return _float
    if isinstance(type_, Numeric):
        return _numeric_converter(type_.precision, type_.scale)
    if isinstance(type_, DateTime):
        return _datetime if getattr(type_, "timezone", False) else _naive_ok_datetime
    if isinstance(type_, Date):
        return _date
    if isinstance(type_, INET):
        return _inet
    if isinstance(type_, String):
        return _string_converter(type_.length)
    return _identity


def _naive_ok_datetime(v: Any) -> Any:
    if not isinstance(v, dt.datetime):
        raise _Bad(f"expected a datetime, got {type(v).__name__}")
    return v


def _identity(v: Any) -> Any:
    return v


@dataclasses.dataclass(frozen=True)
class ColumnCheck:
    """How one column is checked and converted."""

    name: str
    required: bool  # NOT NULL: COPY writes NULL, not the default, for a column it is given
    convert: Converter


def column_checks(table: Table, columns: list[str]) -> list[ColumnCheck]:
    """Checks for ``columns`` of ``table``; :class:`InvalidInput` for unknown columns."""
    unknown = [c for c in columns if c not in table.c]
    if unknown:
        raise InvalidInput(f"{table.name} has no column(s) {', '.join(unknown)}")
    checks = []
    for name in columns:
        col: Column[Any] = table.c[name]
        if col.computed is not None:
            raise InvalidInput(f"{table.name}.{name} is a generated column and cannot be loaded")
        checks.append(ColumnCheck(name=name, required=not col.nullable, convert=converter_for(col.type)))
    return checks


def missing_required(table: Table, columns: list[str]) -> list[str]:
    """Required columns (NOT NULL, no default, not generated) absent from ``columns``."""
    given = set(columns)
    return [
        c.name
        for c in table.columns
        if c.name not in given
        and not c.nullable
        and c.server_default is None
        and c.default is None
        and not c.computed
        and not c.identity
        and not (c.primary_key and c.autoincrement is True)
    ]


def row_values(row: Any, columns: list[str]) -> list[Any]:
    """The values of ``columns`` from a dict, a dataclass instance or a sequence."""
    if isinstance(row, Mapping):
        return [row.get(c) for c in columns]
    if dataclasses.is_dataclass(row) and not isinstance(row, type):
        return [getattr(row, c, None) for c in columns]
    if isinstance(row, (list, tuple)):
        if len(row) != len(columns):
            raise _Bad(f"{len(row)} values for {len(columns)} columns")
        return list(row)
    raise _Bad(f"a row must be a dict, a dataclass or a tuple, not {type(row).__name__}")


def validate_row(table: str, position: int, values: list[Any], checks: list[ColumnCheck]) -> list[Any]:
    """Converted values of one row; :class:`RowError` on the first bad value."""
    out: list[Any] = []
    for check, value in zip(checks, values, strict=True):
        if value is None:
            if check.required:
                raise RowError(
                    table, position, check.name, "NULL in a NOT NULL column (leave the column out to use its default)"
                )
            out.append(None)
            continue
        try:
            out.append(check.convert(value))
        except _Bad as exc:
            raise RowError(table, position, check.name, str(exc)) from None
    return out
