"""Runtime validation and type export: pydantic models, TypeScript and JSON Schema from the SQLAlchemy models.

For every table two pydantic v2 models are built at runtime from its :class:`~sqlalchemy.Table` (on
first use, then cached; nothing is code-generated):

- ``<Table>Insert`` (the *create* shape): the columns a client may write. Generated columns are left
  out; columns with a server default (or identity) and nullable columns are optional; unknown keys
  are rejected. Dump it with ``model_dump(exclude_unset=True)`` so the database fills the defaults.
- ``<Table>Row`` (the *read* shape): every column, nullable ones as ``T | None``; secret columns
  (``info=SECRET``: password hashes, tokens, codes) are accepted but never serialised.

Types follow the columns: enums (PostgreSQL enums, and ``CHECK (col IN (...))``) as ``Literal``,
``varchar(n)`` as ``max_length``, integer types with their ranges, ``numeric(p, s)`` rounded to ``s``
places and bounded to ``p - s`` integer digits as PostgreSQL does, JSONB as the ``dict``/``list``
the model declares, arrays as lists, ``timestamptz`` as time-zone-aware datetimes, ``inet`` as IP
addresses. Single-column CHECK constraints of the simple shapes (``col >= n``, ``col BETWEEN a AND
b``, ``char_length(col) <= n``, ``col ~ 'regex'``, each optionally behind ``col IS NULL OR``) are
mirrored; other constraints are left to the database.

:func:`validate_row` checks one row against the Insert model; :func:`copy_row_check` gives the COPY
loader a per-row hook. :func:`export_typescript` and :func:`export_jsonschema` describe the same
shapes for the platform's TypeScript client (``Row`` as the JSON the API returns: numerics as
strings, timestamps as ISO 8601 strings; ``Insert`` as what it may send).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import functools
import json
import re
import sys
import typing
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    IPvAnyAddress,
    IPvAnyInterface,
    IPvAnyNetwork,
    NaiveDatetime,
    ValidationError,
    WithJsonSchema,
    create_model,
)
from pydantic.json_schema import models_json_schema
from sqlalchemy import (
    ARRAY,
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Enum,
    Float,
    Integer,
    Interval,
    LargeBinary,
    MetaData,
    Numeric,
    SmallInteger,
    String,
    Table,
    Time,
)
from sqlalchemy.dialects.postgresql import CIDR, INET, JSONB, UUID

from chanuka_db.errors import InvalidInput

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
_INT_RANGES: tuple[tuple[type[Any], int, int], ...] = (
    (SmallInteger, -(2**15), 2**15 - 1),
    (BigInteger, -(2**63), 2**63 - 1),
    (Integer, -(2**31), 2**31 - 1),
)


class InvalidRow(InvalidInput):
    """A row the Insert model rejects: ``table``, the first bad ``column`` and every pydantic error."""

    def __init__(self, table: str, exc: ValidationError) -> None:
        self.table = table
        self.errors = exc.errors(include_url=False)
        loc = self.errors[0]["loc"] if self.errors else ()
        self.column: str | None = str(loc[0]) if loc else None
        reason = self.errors[0]["msg"] if self.errors else "invalid"
        more = f" (and {len(self.errors) - 1} more)" if len(self.errors) > 1 else ""
        super().__init__(f"{table}" + (f".{self.column}" if self.column else "") + f": {reason}{more}")


@dataclass(frozen=True)
class TableModels:
    """The pydantic models of one table: ``insert`` (create shape) and ``row`` (read shape)."""

    table: Table
    insert: type[BaseModel]
    row: type[BaseModel]


# --------------------------------------------------------------------------- CHECK constraints
@dataclass
class _Rules:
    values: tuple[str, ...] | None = None
    ge: decimal.Decimal | None = None
    gt: decimal.Decimal | None = None
    le: decimal.Decimal | None = None
    lt: decimal.Decimal | None = None
    max_length: int | None = None
    patterns: list[tuple[str, bool]] = dataclasses.field(default_factory=list)  # (regex, case-insensitive)


_IDENT = r'"?([a-z_][a-z0-9_]*)"?'
_NUM = r"(-?\d+(?:\.\d+)?)"
_IN = re.compile(rf"^{_IDENT}\s+IN\s*\((.*)\)$", re.IGNORECASE | re.DOTALL)
_CMP = re.compile(rf"^{_IDENT}\s*(>=|>|<=|<)\s*{_NUM}$", re.IGNORECASE)
_BETWEEN = re.compile(rf"^{_IDENT}\s+BETWEEN\s+{_NUM}\s+AND\s+{_NUM}$", re.IGNORECASE)
_LENGTH = re.compile(rf"^(?:char_length|length|character_length)\({_IDENT}\)\s*(<=|<)\s*(\d+)$", re.IGNORECASE)
_REGEX = re.compile(rf"^{_IDENT}\s*(~\*|~)\s*'((?:[^']|'')*)'$", re.IGNORECASE)
_NULL_OR = re.compile(rf"^{_IDENT}\s+IS\s+NULL\s+OR\s+(.+)$", re.IGNORECASE | re.DOTALL)
_QUOTED_ITEM = re.compile(r"'((?:[^']|'')*)'")
_QUOTED_LIST = re.compile(r"\s*'(?:[^']|'')*'(?:\s*,\s*'(?:[^']|'')*')*\s*")


def _strip_parens(text: str) -> str:
    text = text.strip()
    while text.startswith("(") and text.endswith(")"):
        depth = 0
        for i, ch in enumerate(text):
            depth += ch == "("
            depth -= ch == ")"
            if depth == 0 and i < len(text) - 1:
                return text
        text = text[1:-1].strip()
    return text


def _split_top(text: str, word: str) -> list[str]:
    """Split on ``word`` (AND, OR) outside parentheses and quotes."""
    parts, depth, quoted, start, i = [], 0, False, 0, 0
    pattern = re.compile(rf"\s+{word}\s+", re.IGNORECASE)
    while i < len(text):
        ch = text[i]
        if ch == "'":
            quoted = not quoted
        elif not quoted and ch == "(":
            depth += 1
        elif not quoted and ch == ")":
            depth -= 1
        elif not quoted and depth == 0:
            m = pattern.match(text, i)
            if m:
                parts.append(text[start:i])
                start = i = m.end()
                continue
        i += 1
    parts.append(text[start:])
    merged: list[str] = []
    for part in parts:  # "x BETWEEN 1" + "10": the AND belonged to BETWEEN
        if merged and re.search(r"\bBETWEEN\s+\S+$", merged[-1], re.IGNORECASE):
            merged[-1] = f"{merged[-1]} AND {part}"
        else:
            merged.append(part)
    return [p.strip() for p in merged]


def _check_rules(table: Table) -> dict[str, _Rules]:
    """What the simple single-column CHECK constraints of ``table`` say, by column."""
    rules: dict[str, _Rules] = {}
    for constraint in sorted(
        (c for c in table.constraints if isinstance(c, CheckConstraint)), key=lambda c: str(c.name or "")
    ):
        for conjunct in _split_top(_strip_parens(" ".join(str(constraint.sqltext).split())), "AND"):
            term = _strip_parens(conjunct)
            null_or = _NULL_OR.match(term)
            if null_or:
                term = _strip_parens(null_or.group(2))
            _apply_term(table, term, rules, null_or.group(1) if null_or else None)
    return rules


def _apply_term(table: Table, term: str, rules: dict[str, _Rules], guarded: str | None) -> None:
    def target(name: str) -> _Rules | None:
        if name not in table.c or (guarded is not None and guarded != name) or isinstance(table.c[name].type, ARRAY):
            return None
        return rules.setdefault(name, _Rules())

    if m := _IN.match(term):
        if (r := target(m.group(1))) is not None and _QUOTED_LIST.fullmatch(m.group(2)):
            r.values = tuple(v.replace("''", "'") for v in _QUOTED_ITEM.findall(m.group(2)))
    elif m := _BETWEEN.match(term):
        if (r := target(m.group(1))) is not None:
            r.ge, r.le = decimal.Decimal(m.group(2)), decimal.Decimal(m.group(3))
    elif m := _CMP.match(term):
        if (r := target(m.group(1))) is not None:
            value = decimal.Decimal(m.group(3))
            setattr(r, {">=": "ge", ">": "gt", "<=": "le", "<": "lt"}[m.group(2)], value)
    elif m := _LENGTH.match(term):
        if (r := target(m.group(1))) is not None:
            limit = int(m.group(3)) - (1 if m.group(2) == "<" else 0)
            r.max_length = limit if r.max_length is None else min(r.max_length, limit)
    elif (m := _REGEX.match(term)) and (r := target(m.group(1))) is not None:
        regex = m.group(3).replace("''", "'")
        if "[[:" not in regex:
            try:
                re.compile(regex)
            except re.error:
                return
            r.patterns.append((regex, m.group(2) == "~*"))


# --------------------------------------------------------------------------- python types
def _json_annotation(table: Table, column: Column[Any]) -> Any:
    """``dict[str, Any]`` or ``list[Any]`` as the model declares the JSONB column (both when unknown)."""
    declared = _declared_annotations(table).get(column.key)
    origin = typing.get_origin(declared)
    args = [a for a in typing.get_args(declared) if a is not type(None)] if origin in (typing.Union, _UnionType) else []
    candidate = args[0] if len(args) == 1 else declared
    base = typing.get_origin(candidate) or candidate
    if base is dict:
        return dict[str, Any]
    if base is list:
        return list[Any]
    return dict[str, Any] | list[Any]


_UnionType = type(int | str)


@functools.cache
def _declared_annotations(table: Table) -> dict[str, Any]:
    """The ``Mapped[...]`` annotations of the ORM class mapped to ``table``, resolved (column key -> type)."""
    from chanuka_db.schema import Base

    for mapper in Base.registry.mappers:
        if mapper.local_table is not table:
            continue
        cls = mapper.class_
        try:
            hints = typing.get_type_hints(cls)
        except Exception:  # one unresolvable annotation: resolve the others one by one
            hints = {}
            for klass in reversed(cls.__mro__):
                namespace = vars(sys.modules[klass.__module__])
                for key, raw in vars(klass).get("__annotations__", {}).items():
                    try:
                        # the models' own annotation strings, evaluated where they were written
                        hints[key] = eval(raw, namespace) if isinstance(raw, str) else raw
                    except Exception:
                        hints.pop(key, None)
        out: dict[str, Any] = {}
        for key, hint in hints.items():
            args = typing.get_args(hint)
            out[key] = args[0] if typing.get_origin(hint) is not None and args else hint
        return out
    return {}


def _numeric_type(precision: int | None, scale: int | None) -> Any:
    places = scale or 0
    digits_before = precision - places if precision is not None else None
    bound = decimal.Decimal(10) ** digits_before if digits_before is not None else None
    quantum = decimal.Decimal(1).scaleb(-places)

    def fit(value: decimal.Decimal) -> decimal.Decimal:
        if not value.is_finite():
            raise ValueError("must be a finite number")
        if scale is not None:
            value = value.quantize(quantum, rounding=decimal.ROUND_HALF_UP)
        if bound is not None and abs(value) >= bound:
            raise ValueError(f"does not fit numeric({precision}, {places}): at most {digits_before} integer digits")
        return value

    digits = r"\d+" if digits_before is None else (rf"\d{{1,{digits_before}}}" if digits_before else "0")
    pattern = rf"^[+-]?{digits}(\.\d+)?$"
    number: dict[str, Any] = {"type": "number"}
    if bound is not None:
        number.update({"exclusiveMaximum": int(bound), "exclusiveMinimum": -int(bound)})
    return Annotated[
        decimal.Decimal,
        AfterValidator(fit),
        WithJsonSchema({"anyOf": [number, {"type": "string", "pattern": pattern}]}, mode="validation"),
        WithJsonSchema({"type": "string", "pattern": pattern}, mode="serialization"),
    ]


def _case_insensitive_matters(regex: str) -> bool:
    return bool(re.search(r"[A-Za-z]", re.sub(r"\\.", "", regex)))


def _string_type(max_length: int | None, patterns: list[tuple[str, bool]]) -> Any:
    meta: list[Any] = []
    if max_length is not None:
        meta.append(Field(max_length=max_length))
    for regex, insensitive in patterns:
        if insensitive and _case_insensitive_matters(regex):
            compiled = re.compile(regex, re.IGNORECASE)

            def check(value: str, compiled: re.Pattern[str] = compiled) -> str:
                if not compiled.search(value):
                    raise ValueError(f"does not match {compiled.pattern!r} (ignoring case)")
                return value

            meta.append(AfterValidator(check))
        else:
            meta.append(Field(pattern=regex))
    return Annotated[str, *meta] if meta else str


def _scalar_type(table: Table, column: Column[Any], sa_type: Any, rules: _Rules | None) -> Any:
    """The pydantic annotation of one (non-array) value of ``sa_type``."""
    if isinstance(sa_type, Enum):
        return Literal[tuple(sa_type.enums)]
    if rules is not None and rules.values:
        return Literal[rules.values]
    if isinstance(sa_type, (JSONB, JSON)):
        return _json_annotation(table, column)
    if isinstance(sa_type, UUID):
        return uuid.UUID
    if isinstance(sa_type, Boolean):
        return bool
    for int_type, low, high in _INT_RANGES:
        if isinstance(sa_type, int_type):
            lo = max(low, int(rules.ge if rules and rules.ge is not None else low))
            hi = min(high, int(rules.le if rules and rules.le is not None else high))
            extra: dict[str, Any] = {}
            if rules is not None and rules.gt is not None:
                extra["gt"] = int(rules.gt)
            if rules is not None and rules.lt is not None:
                extra["lt"] = int(rules.lt)
            return Annotated[int, Field(ge=lo, le=hi, **extra)]
    if isinstance(sa_type, Float):
        return Annotated[float, Field(**_bounds(rules, float))] if rules else float
    if isinstance(sa_type, Numeric):
        if not sa_type.asdecimal:
            return Annotated[float, Field(**_bounds(rules, float))] if rules else float
        base = _numeric_type(sa_type.precision, sa_type.scale)
        return Annotated[base, Field(**_bounds(rules, decimal.Decimal))] if rules else base
    if isinstance(sa_type, DateTime):
        return AwareDatetime if sa_type.timezone else NaiveDatetime
    if isinstance(sa_type, Date):
        return dt.date
    if isinstance(sa_type, Time):
        return dt.time
    if isinstance(sa_type, Interval):
        return dt.timedelta
    if isinstance(sa_type, CIDR):
        return IPvAnyNetwork
    if isinstance(sa_type, INET):
        return IPvAnyAddress | IPvAnyInterface
    if isinstance(sa_type, LargeBinary):
        return bytes
    if isinstance(sa_type, String) or _is_text_like(sa_type):
        limits = [n for n in (getattr(sa_type, "length", None), rules.max_length if rules else None) if n]
        return _string_type(min(limits) if limits else None, rules.patterns if rules else [])
    return Any


def _is_text_like(sa_type: Any) -> bool:
    try:
        return sa_type.python_type is str
    except NotImplementedError:
        return False


def _bounds(rules: _Rules | None, kind: Callable[[Any], Any]) -> dict[str, Any]:
    if rules is None:
        return {}
    return {k: kind(v) for k in ("ge", "gt", "le", "lt") if (v := getattr(rules, k)) is not None}


def python_type(table: Table, column: Column[Any], rules: _Rules | None = None) -> Any:
    """The pydantic annotation of ``column`` without its nullability."""
    if isinstance(column.type, ARRAY):
        return list[_scalar_type(table, column, column.type.item_type, None)]  # type: ignore[misc]
    return _scalar_type(table, column, column.type, rules)


def has_default(column: Column[Any]) -> bool:
    """True when the database (or SQLAlchemy) fills the column when an INSERT leaves it out."""
    return (
        column.server_default is not None
        or column.default is not None
        or column.identity is not None
        or (column.primary_key and column.autoincrement is True)
    )


def _is_secret(column: Column[Any]) -> bool:
    return bool(column.info.get("secret"))


def pascal(name: str) -> str:
    """``user_profiles`` -> ``UserProfiles``."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", name) if part)


# --------------------------------------------------------------------------- models
@functools.cache
def table_models(table: Table) -> TableModels:
    """The Insert and Row models of ``table`` (built once per table)."""
    rules = _check_rules(table)
    insert_fields: dict[str, Any] = {}
    row_fields: dict[str, Any] = {}
    for column in table.columns:
        annotation = python_type(table, column, rules.get(column.name))
        description = column.comment or None
        nullable_annotation = annotation | None if column.nullable else annotation
        secret = _is_secret(column)
        row_fields[column.key] = (
            (nullable_annotation | None, Field(default=None, exclude=True, repr=False, description=description))
            if secret
            else (nullable_annotation, Field(description=description))
        )
        if column.computed is not None:
            continue
        if column.nullable or has_default(column):
            insert_fields[column.key] = (nullable_annotation, Field(default=None, description=description,
                                                                    repr=not secret))
        else:
            insert_fields[column.key] = (annotation, Field(description=description, repr=not secret))
    base = pascal(table.name)
    doc = " ".join((table.comment or f"The {table.name} table.").split())
    insert = create_model(
        f"{base}Insert",
        __config__=ConfigDict(extra="forbid", regex_engine="python-re", title=f"{base}Insert"),
        __doc__=f"A new row of {table.name}: {doc}",
        **insert_fields,
    )
    row = create_model(
        f"{base}Row",
        __config__=ConfigDict(extra="ignore", from_attributes=True, regex_engine="python-re", title=f"{base}Row"),
        __doc__=f"A row of {table.name} as read: {doc}",
        **row_fields,
    )
    return TableModels(table=table, insert=insert, row=row)


def _metadata(metadata: MetaData | None) -> MetaData:
    if metadata is not None:
        return metadata
    from chanuka_db.schema import metadata as default

    return default


def _table(table: Table | str, metadata: MetaData | None = None) -> Table:
    if isinstance(table, Table):
        return table
    found = _metadata(metadata).tables.get(table)
    if found is None:
        raise InvalidInput(f"unknown table {table!r}")
    return found


def models(metadata: MetaData | None = None) -> dict[str, TableModels]:
    """The models of every table, by table name (sorted)."""
    md = _metadata(metadata)
    return {name: table_models(md.tables[name]) for name in sorted(md.tables)}


def insert_model(table: Table | str) -> type[BaseModel]:
    """The Insert (create) model of ``table``."""
    return table_models(_table(table)).insert


def row_model(table: Table | str) -> type[BaseModel]:
    """The Row (read) model of ``table``."""
    return table_models(_table(table)).row


def validate_row(table: Table | str, data: Any) -> BaseModel:
    """``data`` (a mapping or a dataclass instance) checked against ``table``'s Insert model.

    Raises :class:`InvalidRow` (an :class:`~chanuka_db.errors.InvalidInput`) naming the first bad
    column, with every error in ``.errors``. ``model_dump(exclude_unset=True)`` gives the values to
    insert (defaults left to the database).
    """
    t = _table(table)
    if dataclasses.is_dataclass(data) and not isinstance(data, type):
        data = {f.name: getattr(data, f.name) for f in dataclasses.fields(data)}
    try:
        return table_models(t).insert.model_validate(data)
    except ValidationError as exc:
        raise InvalidRow(t.name, exc) from None


def copy_row_check(
    table: Table | str, columns: Sequence[str] | None = None
) -> Callable[[int, Any], dict[str, Any]]:
    """A per-row hook for the COPY loader: ``check(position, row) -> values``.

    Returns the validated values of the keys the row gave (a mapping, a dataclass, or a tuple of
    ``columns``; defaults are left to the database) and raises
    :class:`chanuka_db.ingest.validate.RowError` with the row's position and the first bad column.
    """
    from chanuka_db.ingest.validate import RowError

    t = _table(table)
    model = table_models(t).insert
    names = list(columns) if columns is not None else None

    def check(position: int, row: Any) -> dict[str, Any]:
        data = row
        if dataclasses.is_dataclass(row) and not isinstance(row, type):
            data = {f.name: getattr(row, f.name) for f in dataclasses.fields(row)}
        elif names is not None and isinstance(row, (list, tuple)):
            if len(row) != len(names):
                raise RowError(t.name, position, None, f"{len(row)} values for {len(names)} columns")
            data = dict(zip(names, row, strict=True))
        if not isinstance(data, Mapping):
            raise RowError(t.name, position, None, f"a row must be a dict or a dataclass, not {type(row).__name__}")
        try:
            return model.model_validate(data).model_dump(exclude_unset=True)
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            loc = first.get("loc", ())
            raise RowError(t.name, position, str(loc[0]) if loc else None, str(first.get("msg"))) from None

    return check


# --------------------------------------------------------------------------- JSON Schema
def export_jsonschema(metadata: MetaData | None = None) -> dict[str, Any]:
    """One JSON Schema (2020-12) document: ``$defs/<Table>Insert`` and ``$defs/<Table>Row`` for every table.

    ``x-tables`` maps each table name to its two definitions. Row is the serialised shape (numerics
    as strings; secret columns absent), Insert the accepted input.
    """
    all_models = models(metadata)
    pairs: list[tuple[type[BaseModel], Literal["validation", "serialization"]]] = []
    for tm in all_models.values():
        pairs += [(tm.insert, "validation"), (tm.row, "serialization")]
    _, schema = models_json_schema(pairs, ref_template="#/$defs/{model}")
    defs: dict[str, Any] = schema.get("$defs", {})
    for tm in all_models.values():
        insert_def = defs[tm.insert.__name__]
        required = set(insert_def.get("required", []))
        for name, prop in insert_def.get("properties", {}).items():
            column = tm.table.c[name]
            if name not in required and not column.nullable and prop.get("default", 0) is None:
                del prop["default"]  # left out, the database fills it; null itself is not allowed
            if _is_secret(column):
                prop["writeOnly"] = True
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "$id": "urn:chanuka-db:tables",
        "title": "chanuka-db tables",
        "description": "Insert (what a client may send) and Row (what the API returns) shapes of every table, "
        "generated from the chanuka-db models.",
        "x-tables": {
            name: {"insert": f"#/$defs/{tm.insert.__name__}", "row": f"#/$defs/{tm.row.__name__}"}
            for name, tm in all_models.items()
        },
        "$defs": dict(sorted(defs.items())),
    }


# --------------------------------------------------------------------------- TypeScript
_TS_HEADER = """\
// Generated by `chanuka-db types --format ts` from the chanuka-db models; do not edit, regenerate.
// Row: a row as the API returns it (JSON: numerics as strings, timestamps as ISO 8601 strings,
// secret columns never included). Insert: what a client may send (optional keys have defaults).

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
"""


def _ts_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _ts_doc(text: str | None, indent: str, extra: list[str] | None = None) -> list[str]:
    lines = [" ".join(text.split())] if text else []
    lines += extra or []
    if not lines:
        return []
    body = [ln.replace("*/", "*\\/") for ln in lines]
    if len(body) == 1:
        return [f"{indent}/** {body[0]} */"]
    return [f"{indent}/**", *(f"{indent} * {ln}" for ln in body), f"{indent} */"]


def _ts_property(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z_$][A-Za-z0-9_$]*", name) else _ts_string(name)


class _TsTypes:
    """TypeScript types of columns; collects the named enum unions it uses."""

    def __init__(self) -> None:
        self.enums: dict[str, tuple[str, ...]] = {}

    def scalar(self, table: Table, column: Column[Any], sa_type: Any, rules: _Rules | None, *, row: bool) -> str:
        if isinstance(sa_type, Enum):
            alias = pascal(sa_type.name or f"{table.name}_{column.name}")
            self.enums.setdefault(alias, tuple(sa_type.enums))
            return alias
        if rules is not None and rules.values:
            return " | ".join(_ts_string(v) for v in rules.values)
        if isinstance(sa_type, (JSONB, JSON)):
            ann = _json_annotation(table, column)
            origin = typing.get_origin(ann)
            if origin is dict:
                return "{ [key: string]: Json }"
            return "Json[]" if origin is list else "Json"
        if isinstance(sa_type, Boolean):
            return "boolean"
        if isinstance(sa_type, Numeric) and not isinstance(sa_type, Float) and sa_type.asdecimal:
            return "string" if row else "number | string"
        if isinstance(sa_type, (Integer, Float, Numeric)):
            return "number"
        if isinstance(sa_type, (UUID, DateTime, Date, Time, Interval, INET, CIDR, LargeBinary, String)):
            return "string"
        return "string" if _is_text_like(sa_type) else "unknown"

    def column(self, table: Table, column: Column[Any], rules: _Rules | None, *, row: bool) -> str:
        if isinstance(column.type, ARRAY):
            inner = self.scalar(table, column, column.type.item_type, None, row=row)
            ts = f"({inner})[]" if "|" in inner else f"{inner}[]"
        else:
            ts = self.scalar(table, column, column.type, rules, row=row)
        return f"{ts} | null" if column.nullable else ts


def export_typescript(metadata: MetaData | None = None) -> str:
    """TypeScript declarations: enum unions, then ``<Table>Row`` and ``<Table>Insert`` per table and a
    ``Tables`` map. Compiles with ``tsc --strict``."""
    md = _metadata(metadata)
    types = _TsTypes()
    body: list[str] = []
    names = sorted(md.tables)
    for name in names:
        table = md.tables[name]
        rules = _check_rules(table)
        base = pascal(name)
        body += _ts_doc(table.comment, "", [f"Table `{name}`: a row as read."])
        body.append(f"export interface {base}Row {{")
        for column in table.columns:
            if _is_secret(column):
                continue
            body += _ts_doc(column.comment, "  ")
            ts = types.column(table, column, rules.get(column.name), row=True)
            body.append(f"  {_ts_property(column.key)}: {ts};")
        body += ["}", ""]
        body += _ts_doc(None, "", [f"Table `{name}`: a new row (optional keys have database defaults)."])
        body.append(f"export interface {base}Insert {{")
        for column in table.columns:
            if column.computed is not None:
                continue
            extra = ["Secret: write-only, never returned."] if _is_secret(column) else None
            body += _ts_doc(column.comment, "  ", extra)
            optional = "?" if column.nullable or has_default(column) else ""
            ts = types.column(table, column, rules.get(column.name), row=False)
            body.append(f"  {_ts_property(column.key)}{optional}: {ts};")
        body += ["}", ""]
    enums = [
        f"export type {alias} = {' | '.join(_ts_string(v) for v in values)};"
        for alias, values in sorted(types.enums.items())
    ]
    tables = ["export interface Tables {"]
    tables += [f"  {_ts_property(n)}: {{ Row: {pascal(n)}Row; Insert: {pascal(n)}Insert }};" for n in names]
    tables += ["}", "", "export type TableName = keyof Tables;", ""]
    return "\n".join([_TS_HEADER, *enums, "", *body, *tables])


TypeFormat = Literal["ts", "jsonschema"]


def export(fmt: TypeFormat | str, metadata: MetaData | None = None) -> str:
    """``chanuka-db types --format ts|jsonschema``: the TypeScript file or the JSON Schema document as text."""
    if fmt == "ts":
        return export_typescript(metadata)
    if fmt == "jsonschema":
        return json.dumps(export_jsonschema(metadata), indent=2, ensure_ascii=False) + "\n"
    raise InvalidInput(f"unknown format {fmt!r}: use ts or jsonschema")


__all__ = [
    "InvalidRow",
    "TableModels",
    "TypeFormat",
    "copy_row_check",
    "export",
    "export_jsonschema",
    "export_typescript",
    "has_default",
    "insert_model",
    "models",
    "pascal",
    "python_type",
    "row_model",
    "table_models",
    "validate_row",
]
