"""What changed between two schema snapshots, in words ("column bills.status: type changed ...").

Used by ``chanuka-db diff``, by ``check`` (live database against the head snapshot), by ``stamp``
(refuses unless the live schema equals the snapshot) and by ``lint`` (what a revision changes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from chanuka_db.migrate.snapshot import Schema


@dataclass(frozen=True)
class Change:
    """One difference: ``action`` is added / removed / changed; ``kind`` the object type."""

    action: str
    kind: str
    name: str
    text: str
    before: Any = None
    after: Any = None


def _short(value: Any, limit: int = 80) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _named(a: dict[str, Any], b: dict[str, Any], kind: str, out: list[Change], describe: bool = True) -> list[str]:
    """Added and removed entries of two name-keyed dicts; returns the names in both."""
    for key in sorted(set(b) - set(a)):
        out.append(Change("added", kind, key, f"{kind} {key} added", after=b[key]))
    for key in sorted(set(a) - set(b)):
        out.append(Change("removed", kind, key, f"{kind} {key} removed", before=a[key]))
    common = sorted(set(a) & set(b))
    if describe:
        for key in common:
            if a[key] != b[key]:
                out.append(
                    Change(
                        "changed",
                        kind,
                        key,
                        f"{kind} {key} changed: {_short(a[key])} -> {_short(b[key])}",
                        a[key],
                        b[key],
                    )
                )
    return common


def compare(a: Schema, b: Schema) -> list[Change]:
    """The changes that turn schema ``a`` into schema ``b``, in a stable order."""
    out: list[Change] = []
    ext_a, ext_b = set(a.get("extensions", [])), set(b.get("extensions", []))
    out += [Change("added", "extension", e, f"extension {e} added") for e in sorted(ext_b - ext_a)]
    out += [Change("removed", "extension", e, f"extension {e} removed") for e in sorted(ext_a - ext_b)]
    sch_a, sch_b = set(a.get("schemas", [])), set(b.get("schemas", []))
    out += [Change("added", "schema", s, f"schema {s} added") for s in sorted(sch_b - sch_a)]
    out += [Change("removed", "schema", s, f"schema {s} removed") for s in sorted(sch_a - sch_b)]
    _enums(a.get("enums", {}), b.get("enums", {}), out)
    _named(a.get("domains", {}), b.get("domains", {}), "domain", out)
    _named(a.get("types", {}), b.get("types", {}), "type", out)
    _named(a.get("sequences", {}), b.get("sequences", {}), "sequence", out)
    for name in _named(a.get("functions", {}), b.get("functions", {}), "function", out, describe=False):
        if a["functions"][name] != b["functions"][name]:
            out.append(Change("changed", "function", name, f"function {name}: definition changed"))
    tables_a, tables_b = a.get("tables", {}), b.get("tables", {})
    for name in _named(tables_a, tables_b, "table", out, describe=False):
        _relation(name, tables_a[name], tables_b[name], out)
    views_a, views_b = a.get("views", {}), b.get("views", {})
    for name in _named(views_a, views_b, "view", out, describe=False):
        _relation(name, views_a[name], views_b[name], out, kind="view")
    return out


def _enums(a: dict[str, list[str]], b: dict[str, list[str]], out: list[Change]) -> None:
    for name in _named(a, b, "enum", out, describe=False):
        old, new = a[name], b[name]
        if old == new:
            continue
        added = [v for v in new if v not in old]
        removed = [v for v in old if v not in new]
        parts = []
        if added:
            parts.append("values added: " + ", ".join(added))
        if removed:
            parts.append("values removed: " + ", ".join(removed))
        if not parts:
            parts.append(f"values reordered: {', '.join(old)} -> {', '.join(new)}")
        out.append(Change("changed", "enum", name, f"enum {name}: " + "; ".join(parts), old, new))


_SIMPLE_TABLE_KEYS = (
    ("kind", "kind"),
    ("comment", "comment"),
    ("row_security", "row level security"),
    ("partition_key", "partition key"),
    ("partition_of", "partition of"),
    ("partition_bound", "partition bound"),
    ("definition", "definition"),
    ("options", "storage options"),
    ("unlogged", "unlogged"),
)


#: A name qualifying the next one (``users.email``, ``analytics.mask_phone``), outside string literals.
_QUALIFIER = re.compile(r"""('(?:[^']|'')*')|\b[A-Za-z_][A-Za-z0-9_$]*\.(?=[A-Za-z_"*])""")


def canonical_view(definition: str) -> str:
    """A view's definition without the names that qualify columns, for comparisons.

    PostgreSQL 16+ prints a single-relation view's columns bare (``SELECT email FROM users``), 15
    qualifies them (``SELECT users.email FROM users``): the same view, two texts. Dropping every
    qualifier on both sides makes them equal; a change of a view's columns, expressions, joins or
    filters still shows, only a change of which schema or relation qualifies a name does not.
    """
    return _QUALIFIER.sub(lambda m: m.group(1) or "", definition)


def _same(key: str, a: Any, b: Any) -> bool:
    if key == "definition" and isinstance(a, str) and isinstance(b, str):
        return canonical_view(a) == canonical_view(b)
    return bool(a == b)


def _relation(name: str, a: dict[str, Any], b: dict[str, Any], out: list[Change], kind: str = "table") -> None:
    for key, label in _SIMPLE_TABLE_KEYS:
        if not _same(key, a.get(key), b.get(key)):
            out.append(
                Change(
                    "changed",
                    kind,
                    name,
                    f"{kind} {name}: {label} changed from {_short(a.get(key))} to {_short(b.get(key))}",
                    a.get(key),
                    b.get(key),
                )
            )
    cols_a, cols_b = a.get("columns", {}), b.get("columns", {})
    for col in sorted(set(cols_b) - set(cols_a)):
        spec = cols_b[col]
        out.append(
            Change("added", "column", f"{name}.{col}", f"column {name}.{col} added ({_column_words(spec)})", after=spec)
        )
    for col in sorted(set(cols_a) - set(cols_b)):
        spec = cols_a[col]
        out.append(Change("removed", "column", f"{name}.{col}", f"column {name}.{col} removed", before=spec))
    for col in sorted(set(cols_a) & set(cols_b)):
        _column(f"{name}.{col}", cols_a[col], cols_b[col], out)
    for key, label in (
        ("constraints", "constraint"),
        ("indexes", "index"),
        ("triggers", "trigger"),
        ("policies", "policy"),
    ):
        part_a, part_b = a.get(key, {}), b.get(key, {})
        for item in sorted(set(part_b) - set(part_a)):
            out.append(
                Change(
                    "added",
                    label,
                    f"{name}.{item}",
                    f"{label} {item} on {name} added: {_short(part_b[item])}",
                    after=part_b[item],
                )
            )
        for item in sorted(set(part_a) - set(part_b)):
            out.append(
                Change("removed", label, f"{name}.{item}", f"{label} {item} on {name} removed", before=part_a[item])
            )
        for item in sorted(set(part_a) & set(part_b)):
            if part_a[item] != part_b[item]:
                out.append(
                    Change(
                        "changed",
                        label,
                        f"{name}.{item}",
                        f"{label} {item} on {name} changed: {_short(part_a[item])} -> {_short(part_b[item])}",
                        part_a[item],
                        part_b[item],
                    )
                )


def _column_words(spec: dict[str, Any]) -> str:
    words = [spec.get("type", "?"), "null" if spec.get("nullable", True) else "not null"]
    if "default" in spec:
        words.append(f"default {spec['default']}")
    if "generated" in spec:
        words.append(f"generated as {spec['generated']}")
    if "identity" in spec:
        words.append(f"identity {spec['identity']}")
    return ", ".join(words)


def _column(name: str, a: dict[str, Any], b: dict[str, Any], out: list[Change]) -> None:
    if a.get("type") != b.get("type"):
        out.append(
            Change(
                "changed",
                "column type",
                name,
                f"column {name}: type changed from {a.get('type')} to {b.get('type')}",
                a.get("type"),
                b.get("type"),
            )
        )
    if a.get("nullable", True) != b.get("nullable", True):
        now = "nullable" if b.get("nullable", True) else "not null"
        out.append(
            Change(
                "changed", "column nullability", name, f"column {name}: now {now}", a.get("nullable"), b.get("nullable")
            )
        )
    for key, label in (
        ("default", "default"),
        ("generated", "generation expression"),
        ("identity", "identity"),
        ("comment", "comment"),
        ("collation", "collation"),
    ):
        if a.get(key) != b.get(key):
            out.append(
                Change(
                    "changed",
                    f"column {label}",
                    name,
                    f"column {name}: {label} changed from {_short(a.get(key))} to {_short(b.get(key))}",
                    a.get(key),
                    b.get(key),
                )
            )
