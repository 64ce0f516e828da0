"""The value mapping file: how values that do not fit the new schema are converted, decided by a person.

``adopt --dry-run`` writes it (``--mapping FILE`` names it, default :data:`DEFAULT_FILE`), listing
for every column that changes into an enum all its distinct values, and for every other column the
values that would not survive the conversion or a new CHECK constraint, each with its row count::

    {
      "format": 1,
      "timezone": "Africa/Nairobi",
      "columns": {
        "comments.position": {
          "to": "comment_position",
          "allowed": ["support", "oppose", "neutral", "question"],
          "values": {"support": "support", "Support": null, "maybe": null},
          "rows": {"support": 812, "Support": 3, "maybe": 1}
        }
      }
    }

A value mapped to ``null`` is undecided: the plan is blocked until a person writes its new value
(or :data:`NULL_TOKEN` for SQL NULL, where the column allows it). The key :data:`NULL_TOKEN` maps
the rows that hold NULL. Nothing is ever coerced silently: a value adopt cannot convert and the file
does not map blocks the plan. ``adopt --mapping FILE`` reads the decisions back; a second dry run
keeps them and adds whatever is new.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chanuka_db.errors import InvalidInput

FORMAT = 1
#: Where ``adopt --dry-run`` writes the mapping when no file is named.
DEFAULT_FILE = Path("chanuka-adopt-mapping.json")
#: Stands for SQL NULL, as a value and as a key.
NULL_TOKEN = "<null>"


@dataclass
class ColumnMapping:
    """Decisions for one column: old value (text) -> new value (text, :data:`NULL_TOKEN`, or None = undecided)."""

    to: str
    values: dict[str, str | None] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    allowed: list[str] = field(default_factory=list)
    reason: str = ""

    def decided(self) -> dict[str, str | None]:
        """The decided entries, with :data:`NULL_TOKEN` turned into None (SQL NULL)."""
        return {k: (None if v == NULL_TOKEN else v) for k, v in self.values.items() if v is not None}

    def undecided(self) -> list[str]:
        """Values still mapped to null."""
        return [k for k, v in self.values.items() if v is None]


@dataclass
class Mapping:
    """Every column's decisions, the time zone of the old ``timestamp`` columns, and the file they came from."""

    columns: dict[str, ColumnMapping] = field(default_factory=dict)
    timezone: str | None = None
    path: Path | None = None

    def column(self, table: str, column: str) -> ColumnMapping | None:
        """The decisions for ``table.column``, if any."""
        return self.columns.get(f"{table}.{column}")

    def as_dict(self) -> dict[str, Any]:
        """The file's JSON content."""
        columns: dict[str, Any] = {}
        for key in sorted(self.columns):
            entry = self.columns[key]
            body: dict[str, Any] = {"to": entry.to}
            if entry.reason:
                body["reason"] = entry.reason
            if entry.allowed:
                body["allowed"] = entry.allowed
            body["values"] = dict(entry.values)
            if entry.rows:
                body["rows"] = dict(entry.rows)
            columns[key] = body
        data: dict[str, Any] = {"format": FORMAT}
        if self.timezone:
            data["timezone"] = self.timezone
        data["columns"] = columns
        return data


def read(path: Path | str) -> Mapping:
    """Read a mapping file; :class:`InvalidInput` (one line) when it is missing or malformed."""
    file = Path(path)
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InvalidInput(f"mapping file {file} does not exist (write it with `chanuka-db adopt --dry-run`)") from None
    except (OSError, ValueError) as exc:
        raise InvalidInput(f"mapping file {file} is not valid JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("columns", {}), dict):
        raise InvalidInput(f"mapping file {file} is not a chanuka-db adopt mapping (format {FORMAT})")
    timezone = data.get("timezone")
    if timezone is not None and not isinstance(timezone, str):
        raise InvalidInput(f"mapping file {file}: timezone must be a string")
    mapping = Mapping(timezone=timezone, path=file)
    for key, body in data.get("columns", {}).items():
        if "." not in key or not isinstance(body, dict):
            raise InvalidInput(f"mapping file {file}: entry {key!r} must be \"table.column\": {{...}}")
        values = body.get("values", {})
        if not isinstance(values, dict) or not all(v is None or isinstance(v, str) for v in values.values()):
            raise InvalidInput(f"mapping file {file}: {key}.values must map strings to strings or null")
        rows = body.get("rows", {})
        mapping.columns[key] = ColumnMapping(
            to=str(body.get("to", "")),
            values={str(k): v for k, v in values.items()},
            rows={str(k): int(v) for k, v in rows.items()} if isinstance(rows, dict) else {},
            allowed=[str(a) for a in body.get("allowed", [])],
            reason=str(body.get("reason", "")),
        )
    return mapping


def write(mapping: Mapping, path: Path | str) -> Path:
    """Write ``mapping`` to ``path`` (atomically); returns the path."""
    file = Path(path)
    file.parent.mkdir(parents=True, exist_ok=True)
    tmp = file.with_name(file.name + ".tmp")
    tmp.write_text(json.dumps(mapping.as_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(file)
    return file


def merge(decided: Mapping, discovered: Mapping) -> Mapping:
    """``discovered`` (what this dry run found) with the decisions of ``decided`` (the file read back).

    Decisions for values that still occur are kept; undecided new values are added; columns the
    database no longer needs mapped are kept only when they hold a decision.
    """
    out = Mapping(timezone=discovered.timezone or decided.timezone, path=decided.path)
    for key, found in discovered.columns.items():
        previous = decided.columns.get(key)
        values = dict(found.values)
        if previous is not None:
            for value, target in previous.values.items():
                if target is not None and (value in values or value in found.rows):
                    values[value] = target
        out.columns[key] = ColumnMapping(
            to=found.to, values=values, rows=dict(found.rows), allowed=list(found.allowed), reason=found.reason
        )
    for key, previous in decided.columns.items():
        if key not in out.columns and previous.decided():
            out.columns[key] = previous
    return out
