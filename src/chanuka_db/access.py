"""Ingestion from the offline and feature-phone channels: validated, idempotent, all or nothing.

Community ambassadors collect citizens' input without connectivity (on paper, by voice, in a phone app)
and send whole batches when they find a signal, often more than once. Each submission carries a key
the collecting device gave it (``client_submission_id``, unique per ambassador), so a re-sent batch
stores nothing twice: :func:`sync_offline_submissions` inserts with ``INSERT ... ON CONFLICT DO
NOTHING`` on that key and reports what was new and what was already there. The offline sync queue
works the same way on ``client_operation_id`` (unique per user): :func:`enqueue_offline_operations`.

A batch is checked completely before anything is written (columns, types, required values, documented
vocabularies, E.164 phone numbers, key format); a bad batch raises :class:`BatchRejected` naming every
bad row. The inserts then run in a savepoint of the caller's transaction: if the database refuses a
row (an unknown bill, say) the savepoint is rolled back, the error names that row, and the caller's
transaction is still usable. Nothing is committed here: the caller commits.

Positions in errors count from 0, like :mod:`chanuka_db.ingest`; the client key is named as well, since
that is what the device knows.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, func
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.types import JSON

from chanuka_db.errors import InvalidInput
from chanuka_db.ingest.validate import converter_for
from chanuka_db.schema import universal_access as ua
from chanuka_db.schema.base import E164_PATTERN

__all__ = [
    "BatchRejected",
    "RowProblem",
    "SyncResult",
    "enqueue_offline_operations",
    "is_e164",
    "normalize_phone",
    "sync_offline_submissions",
]

Executor = Connection | Session

_E164 = re.compile(E164_PATTERN)
_CLIENT_KEY = re.compile(ua.CLIENT_KEY_PATTERN)
_PHONE_PUNCTUATION = re.compile(r"[\s\-().]")
#: How many problems a :class:`BatchRejected` message lists (all are in ``errors``).
MESSAGE_PROBLEMS = 10


@dataclass(frozen=True)
class SyncResult:
    """What one sync call did: rows stored now, rows already stored by an earlier sync (or twice in
    this batch), and the client keys of those duplicates (the device may mark them synced too)."""

    inserted: int
    duplicates: int
    duplicate_keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class RowProblem:
    """Why one row of a batch was refused."""

    position: int
    client_key: str | None
    column: str | None
    reason: str

    def __str__(self) -> str:
        where = f"row {self.position}"
        if self.client_key is not None:
            where += f" ({self.client_key!r})"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.reason}"


class BatchRejected(InvalidInput):
    """A batch that was not stored at all, with every problem found (``errors``)."""

    def __init__(self, table: str, errors: list[RowProblem]) -> None:
        self.table = table
        self.errors = tuple(errors)
        shown = "; ".join(str(e) for e in errors[:MESSAGE_PROBLEMS])
        more = f"; and {len(errors) - MESSAGE_PROBLEMS} more" if len(errors) > MESSAGE_PROBLEMS else ""
        rows = len({e.position for e in errors})
        super().__init__(f"{table}: {rows} bad row(s), nothing stored: {shown}{more}")


def is_e164(value: object) -> bool:
    """True when ``value`` is a phone number in E.164 form (``+254712345678``)."""
    return isinstance(value, str) and _E164.fullmatch(value) is not None


def normalize_phone(value: str, *, country_code: str = "254") -> str:
    """``value`` in E.164, accepting the forms people type: ``0712 345 678``, ``254712345678``,
    ``00254...``, ``+254 (0)712-345-678``. A leading 0 is a national trunk prefix for ``country_code``
    (Kenya by default). :class:`InvalidInput` when the result is not a valid E.164 number.
    """
    if not country_code.isdigit():
        raise InvalidInput(f"country code {country_code!r} must be digits only, e.g. 254")
    # "+254 (0)712 ...": the bracketed trunk 0 is dropped when dialling internationally.
    raw = _PHONE_PUNCTUATION.sub("", value.strip().replace("(0)", ""))
    if raw.startswith("+"):
        candidate = raw
    elif raw.startswith("00"):
        candidate = "+" + raw[2:]
    elif raw.startswith("0"):
        candidate = "+" + country_code + raw[1:]
    elif raw.startswith(country_code):
        candidate = "+" + raw
    else:
        raise InvalidInput(f"{value!r} is not a phone number: give it as +<country><number>, e.g. +254712345678")
    if not is_e164(candidate):
        raise InvalidInput(f"{value!r} is not a valid phone number (E.164: + and 7 to 15 digits)")
    return candidate


@dataclass(frozen=True)
class _Target:
    """How batches for one table are checked and keyed."""

    table: Table
    key: str  # the client-supplied idempotency key
    scope: str  # the key is unique within this column's value
    server_set: frozenset[str]  # columns a client may not send
    vocabularies: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    phones: frozenset[str] = frozenset()
    set_on_insert: Mapping[str, Any] = field(default_factory=dict)


def _submissions() -> _Target:
    table = ua.OfflineSubmission.__table__
    assert isinstance(table, Table)
    return _Target(
        table=table,
        key="client_submission_id",
        scope="collected_by_id",
        server_set=frozenset({"id", "sync_status", "synced_at"}),
        vocabularies={
            "collection_method": ua.COLLECTION_METHODS,
            "original_format": ua.ORIGINAL_FORMATS,
            "transcription_quality": ua.TRANSCRIPTION_QUALITIES,
        },
        phones=frozenset({"participant_phone"}),
        # Arriving here is what "synced" means for an offline submission.
        set_on_insert={"sync_status": "synced", "synced_at": func.now()},
    )


def _operations() -> _Target:
    table = ua.OfflineSyncQueue.__table__
    assert isinstance(table, Table)
    return _Target(
        table=table,
        key="client_operation_id",
        scope="user_id",
        server_set=frozenset(
            {"id", "sync_attempts", "last_sync_attempt", "sync_status", "error_details", "created_at", "updated_at"}
        ),
    )


def sync_offline_submissions(executor: Executor, rows: Iterable[Mapping[str, Any]]) -> SyncResult:
    """Store a batch of offline submissions (dicts of ``offline_submissions`` columns), at most once each.

    Every row needs ``client_submission_id`` (1-64 characters: letters, digits, ``. _ : -``; a UUID or a
    device id plus a counter), unique per ambassador (``collected_by_id``), plus the table's required
    columns (``bill_id``, ``collected_by_id``, ``submission_text``, ``collection_method``).
    ``participant_phone``, when given, must already be E.164 (see :func:`normalize_phone`). Stored rows
    get ``sync_status = 'synced'`` and ``synced_at = now()``. A row whose key is already stored (or
    repeated in the batch) is skipped and counted as a duplicate, even if its content differs: the
    first version wins.

    Raises :class:`BatchRejected` (nothing stored) when any row is bad.
    """
    return _sync(executor, _submissions(), rows)


def enqueue_offline_operations(executor: Executor, rows: Iterable[Mapping[str, Any]]) -> SyncResult:
    """Add operations a device made offline to ``offline_sync_queue``, at most once each.

    Every row needs ``client_operation_id`` (same format as offline submissions' key), unique per user,
    and the queue's required columns (``user_id``, ``operation_type``, ``entity_type``, ``entity_id``,
    ``operation_data``, ``original_timestamp`` with a time zone, ``priority``, ``device_info``). The
    attempt counters and status are the server's. Raises :class:`BatchRejected` (nothing stored).
    """
    return _sync(executor, _operations(), rows)


def _sync(executor: Executor, target: _Target, rows: Iterable[Mapping[str, Any]]) -> SyncResult:
    batch = list(rows)
    checked = _check_batch(target, batch)
    table = target.table
    inserted = 0
    duplicates: list[str] = []
    with executor.begin_nested():
        for position, values in checked:
            key = str(values[target.key])
            stmt = (
                insert(table)
                .values({**values, **target.set_on_insert})
                .on_conflict_do_nothing(index_elements=[target.scope, target.key])
                .returning(table.c.id)
            )
            try:
                stored = executor.execute(stmt).first()
            except DBAPIError as exc:
                # Leaving the block with the exception rolls the savepoint back: nothing of the batch stays.
                raise BatchRejected(table.name, [RowProblem(position, key, None, _db_reason(exc))]) from exc
            if stored is None:
                duplicates.append(key)
            else:
                inserted += 1
    return SyncResult(inserted=inserted, duplicates=len(duplicates), duplicate_keys=tuple(duplicates))


def _check_batch(target: _Target, batch: list[Mapping[str, Any]]) -> list[tuple[int, dict[str, Any]]]:
    """Every row converted for insertion, or :class:`BatchRejected` listing every bad row."""
    problems: list[RowProblem] = []
    checked: list[tuple[int, dict[str, Any]]] = []
    for position, row in enumerate(batch):
        row_problems, values = _check_row(target, position, row)
        if row_problems:
            problems.extend(row_problems)
        else:
            checked.append((position, values))
    if problems:
        raise BatchRejected(target.table.name, problems)
    return checked


def _check_row(target: _Target, position: int, row: object) -> tuple[list[RowProblem], dict[str, Any]]:
    if not isinstance(row, Mapping):
        not_mapping = f"a row must be a mapping of column names to values, not {type(row).__name__}"
        return [RowProblem(position, None, None, not_mapping)], {}
    table = target.table
    raw_key = row.get(target.key)
    key = raw_key if isinstance(raw_key, str) else None
    problems: list[RowProblem] = []

    def bad(column: str | None, reason: str) -> None:
        problems.append(RowProblem(position, key, column, reason))

    if raw_key is None:
        bad(target.key, "missing: every synced row needs the key its device gave it")
    elif key is None or not _CLIENT_KEY.fullmatch(key):
        bad(target.key, f"{str(raw_key)[:70]!r} is not a valid key (1-64 of letters, digits, '.', '_', ':', '-')")
    values: dict[str, Any] = {}
    for column, value in row.items():
        if column not in table.c:
            bad(column, f"{table.name} has no such column")
            continue
        if column in target.server_set:
            bad(column, "set by the server, leave it out")
            continue
        col = table.c[column]
        if value is None:
            if not col.nullable:
                bad(column, "NULL in a required column")
            values[column] = None
            continue
        reason = _value_problem(target, column, value)
        if reason:
            bad(column, reason)
            continue
        try:
            converted = converter_for(col.type)(value)
        except ValueError as exc:
            bad(column, str(exc))
            continue
        values[column] = _plain_json(value) if isinstance(col.type, (JSON, JSONB)) else converted
    for column in table.columns:
        required = not column.nullable and column.server_default is None and column.default is None
        if required and column.name not in row and column.name not in target.set_on_insert:
            bad(column.name, "missing (required)")
    return problems, values


def _value_problem(target: _Target, column: str, value: Any) -> str | None:
    if column in target.phones and not is_e164(value):
        # The value is personal data: say what is wrong, not what it was.
        shown = f"{len(value)} characters" if isinstance(value, str) else type(value).__name__
        return f"not an E.164 phone number (+<country><number>, e.g. +254712345678; got {shown})"
    allowed = target.vocabularies.get(column)
    if allowed is not None and value not in allowed:
        return f"{str(value)[:40]!r} is not one of: {', '.join(allowed)}"
    return None


def _plain_json(value: Any) -> Any:
    """``value`` as plain JSON types (UUIDs, dates and decimals become strings), as the loader stores them."""
    return json.loads(json.dumps(value, default=_json_default))


def _json_default(o: Any) -> Any:
    if isinstance(o, (uuid.UUID, dt.date, dt.datetime, decimal.Decimal)):
        return str(o)
    raise TypeError(f"{type(o).__name__} is not JSON-serialisable")


def _db_reason(exc: DBAPIError) -> str:
    """The database's reason for refusing a row: its message and detail, without the SQL."""
    orig = exc.orig
    diag = getattr(orig, "diag", None)
    primary = getattr(diag, "message_primary", None) or str(orig).splitlines()[0]
    detail = getattr(diag, "message_detail", None)
    return f"{primary} ({detail})" if detail else str(primary)
