"""Which table-level lock a DDL/DML statement takes in PostgreSQL, for ``migrate --dry-run``.

A reviewer reading a plan wants to know what each statement blocks on a live database: ACCESS
EXCLUSIVE blocks reads and writes, SHARE blocks writes, SHARE UPDATE EXCLUSIVE blocks neither
(only other schema changes and VACUUM). The rules follow the PostgreSQL documentation's "Explicit
Locking" chapter and the lock notes of each command's reference page (PostgreSQL 13 and later).

:func:`classify` reads one statement and returns the relations it locks with the mode; statements
that lock no table (CREATE FUNCTION, CREATE TYPE, ALTER TYPE ... ADD VALUE, GRANT...) return an
empty list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

#: PostgreSQL's table lock modes, weakest first.
MODES: tuple[str, ...] = (
    "ACCESS SHARE",
    "ROW SHARE",
    "ROW EXCLUSIVE",
    "SHARE UPDATE EXCLUSIVE",
    "SHARE",
    "SHARE ROW EXCLUSIVE",
    "EXCLUSIVE",
    "ACCESS EXCLUSIVE",
)

#: What each mode blocks for other sessions using the table.
BLOCKS: dict[str, str] = {
    "ACCESS SHARE": "only ACCESS EXCLUSIVE",
    "ROW SHARE": "EXCLUSIVE and ACCESS EXCLUSIVE",
    "ROW EXCLUSIVE": "SHARE and stronger (CREATE INDEX, ...)",
    "SHARE UPDATE EXCLUSIVE": "other schema changes and VACUUM; not reads or writes",
    "SHARE": "writes (INSERT, UPDATE, DELETE); not reads",
    "SHARE ROW EXCLUSIVE": "writes and other schema changes; not reads",
    "EXCLUSIVE": "writes; reads continue",
    "ACCESS EXCLUSIVE": "everything, reads included",
    "UNKNOWN": "unknown: the statement could not be classified (DO block, procedure call...)",
}

_IDENT = r'(?:"[^"]+"|[A-Za-z_][\w$]*)(?:\.(?:"[^"]+"|[A-Za-z_][\w$]*))?'


@dataclass(frozen=True)
class TableLock:
    """One relation a statement locks, and how."""

    relation: str
    mode: str


@dataclass
class StatementLocks:
    """The locks of one statement, plus notes on expensive side effects (rewrites, scans)."""

    kind: str
    locks: list[TableLock] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def strongest(self) -> str | None:
        """The strongest mode taken (None when no table is locked)."""
        return strongest(lock.mode for lock in self.locks)


def strongest(modes: Iterable[str]) -> str | None:
    """The strongest of ``modes``; UNKNOWN outranks everything."""
    best: str | None = None
    for mode in modes:
        if mode == "UNKNOWN":
            return "UNKNOWN"
        if best is None or MODES.index(mode) > MODES.index(best):
            best = mode
    return best


def name(raw: str) -> str:
    """An identifier as written (maybe quoted, maybe schema-qualified) to a plain relation name."""
    parts: list[str] = [str(p).strip('"') for p in re.findall(r'"[^"]+"|[^.]+', raw.strip())]
    if len(parts) == 2 and parts[0] == "public":
        return parts[1]
    return ".".join(parts)


def _strip(sql: str) -> str:
    text = re.sub(r"--[^\n]*", " ", sql)
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.DOTALL)
    return re.sub(r"\s+", " ", text).strip().rstrip(";").strip()


def _split_top_level(text: str) -> list[str]:
    parts, depth, quote, start = [], 0, False, 0
    for i, ch in enumerate(text):
        if ch == "'":
            quote = not quote
        elif quote:
            continue
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    parts.append(text[start:].strip())
    return [p for p in parts if p]


def _references(text: str) -> list[str]:
    return [name(m) for m in re.findall(rf"\bREFERENCES\s+({_IDENT})", text, flags=re.IGNORECASE)]


def classify(sql: str) -> StatementLocks:
    """The table locks ``sql`` (one statement) takes."""
    text = _strip(sql)
    upper = text.upper()
    for handler in _HANDLERS:
        result = handler(text, upper)
        if result is not None:
            return result
    return StatementLocks(kind="other", locks=[TableLock("?", "UNKNOWN")])


#: CREATE INDEX: group 1 CONCURRENTLY, group 2 the index's name (when given), group 3 the table.
_CREATE_INDEX = re.compile(
    rf"CREATE (?:UNIQUE )?INDEX (CONCURRENTLY )?(?:IF NOT EXISTS )?(?:({_IDENT}) )?ON (?:ONLY )?({_IDENT})",
    flags=re.IGNORECASE,
)


def _create_index(text: str, upper: str) -> StatementLocks | None:
    m = _CREATE_INDEX.match(text)
    if not m:
        return None
    concurrent = bool(m.group(1))
    mode = "SHARE UPDATE EXCLUSIVE" if concurrent else "SHARE"
    notes = (
        ["builds the index without blocking writes (cannot run in a transaction)"]
        if concurrent
        else ["blocks writes for the whole index build"]
    )
    return StatementLocks("create index", [TableLock(name(m.group(3)), mode)], notes)


def _drop_index(text: str, upper: str) -> StatementLocks | None:
    m = re.match(r"DROP INDEX (CONCURRENTLY )?(?:IF EXISTS )?(.+?)(?: CASCADE| RESTRICT)?$", text, re.IGNORECASE)
    if not m:
        return None
    mode = "SHARE UPDATE EXCLUSIVE" if m.group(1) else "ACCESS EXCLUSIVE"
    indexes = [name(p) for p in _split_top_level(m.group(2))]
    return StatementLocks("drop index", [TableLock(f"{INDEX_OWNER}{ix}", mode) for ix in indexes])


#: A statement naming only an index locks its table, which the statement does not name: the relation
#: is reported as ``table of index NAME`` until :mod:`~chanuka_db.migrate.dryrun` resolves it.
INDEX_OWNER = "table of index "


def created_index(sql: str) -> tuple[str, str] | None:
    """``(index, table)`` when ``sql`` is a CREATE INDEX that names its index, else None."""
    m = _CREATE_INDEX.match(_strip(sql))
    return (name(m.group(2)), name(m.group(3))) if m and m.group(2) else None


def _alter_index(text: str, upper: str) -> StatementLocks | None:
    m = re.match(rf"ALTER INDEX (?:IF EXISTS )?({_IDENT}) (.*)$", text, re.IGNORECASE)
    if not m:
        return None
    action = m.group(2).upper()
    mode = (
        "SHARE UPDATE EXCLUSIVE"
        if action.startswith(("RENAME", "SET (", "RESET (", "SET STATISTICS"))
        else ("ACCESS EXCLUSIVE")
    )
    return StatementLocks("alter index", [TableLock(f"index {name(m.group(1))}", mode)])


def _create_table(text: str, upper: str) -> StatementLocks | None:
    m = re.match(
        rf"CREATE (?:(?:GLOBAL |LOCAL )?(?:TEMPORARY |TEMP |UNLOGGED ))?TABLE (?:IF NOT EXISTS )?({_IDENT})",
        text,
        re.IGNORECASE,
    )
    if not m:
        return None
    locks = [TableLock(name(m.group(1)), "ACCESS EXCLUSIVE")]
    parent = re.search(rf"\bPARTITION OF ({_IDENT})", text, re.IGNORECASE)
    if parent:
        locks.append(TableLock(name(parent.group(1)), "ACCESS EXCLUSIVE"))
    locks.extend(TableLock(ref, "SHARE ROW EXCLUSIVE") for ref in _references(text))
    notes = [] if not re.search(r"\bAS SELECT\b", upper) else ["fills the table from a query"]
    return StatementLocks("create table", _dedupe(locks), notes)


def _alter_table_action(table: str, action: str) -> tuple[list[TableLock], list[str]]:
    a = action.upper()
    notes: list[str] = []
    if re.search(r"\bFOREIGN KEY\b", a) and a.startswith("ADD"):
        locks = [TableLock(table, "SHARE ROW EXCLUSIVE")]
        locks += [TableLock(ref, "SHARE ROW EXCLUSIVE") for ref in _references(action)]
        if "NOT VALID" not in a:
            notes.append("validates every existing row while holding the lock (add NOT VALID, validate later)")
        return locks, notes
    if a.startswith("VALIDATE CONSTRAINT"):
        return [TableLock(table, "SHARE UPDATE EXCLUSIVE")], ["scans the table without blocking writes"]
    if re.match(r"(ENABLE|DISABLE) (ALWAYS |REPLICA )?TRIGGER\b", a):
        return [TableLock(table, "SHARE ROW EXCLUSIVE")], notes
    if re.match(r"ALTER (COLUMN )?\S+ (SET STATISTICS|SET \(|RESET \()", a) or re.match(
        r"(SET \(|RESET \(|CLUSTER ON|SET WITHOUT CLUSTER)", a
    ):
        return [TableLock(table, "SHARE UPDATE EXCLUSIVE")], notes
    attach = re.match(rf"ATTACH PARTITION ({_IDENT})", action, re.IGNORECASE)
    if attach:
        return [TableLock(table, "SHARE UPDATE EXCLUSIVE"), TableLock(name(attach.group(1)), "ACCESS EXCLUSIVE")], [
            "scans the partition to check its bound unless a matching CHECK constraint exists"
        ]
    detach = re.match(rf"DETACH PARTITION ({_IDENT})( CONCURRENTLY)?", action, re.IGNORECASE)
    if detach:
        mode = "SHARE UPDATE EXCLUSIVE" if detach.group(2) else "ACCESS EXCLUSIVE"
        return [TableLock(table, mode), TableLock(name(detach.group(1)), "ACCESS EXCLUSIVE")], notes
    if re.search(r"\bTYPE\b", a) and a.startswith("ALTER"):
        notes.append("may rewrite the table and its indexes (unless the new type is binary-compatible)")
    elif re.search(r"\bSET NOT NULL\b", a):
        notes.append("scans the whole table to check for NULLs (unless a validated CHECK proves it)")
    elif a.startswith("ADD") and re.search(r"\bDEFAULT\b.*\b(RANDOM|CLOCK_TIMESTAMP|GEN_RANDOM_UUID)\s*\(", a):
        notes.append("a volatile default rewrites the whole table")
    elif a.startswith("ADD") and re.search(r"\b(CHECK|UNIQUE|PRIMARY KEY|EXCLUDE)\b", a) and "NOT VALID" not in a:
        notes.append("checks every existing row while holding the lock")
    locks = [TableLock(table, "ACCESS EXCLUSIVE")]
    locks += [TableLock(ref, "SHARE ROW EXCLUSIVE") for ref in _references(action)]
    return locks, notes


def _alter_table(text: str, upper: str) -> StatementLocks | None:
    m = re.match(rf"ALTER TABLE (?:IF EXISTS )?(?:ONLY )?({_IDENT})\*? (.*)$", text, re.IGNORECASE)
    if not m:
        return None
    table = name(m.group(1))
    body = m.group(2)
    if re.match(r"RENAME\b", body, re.IGNORECASE):
        return StatementLocks("alter table", [TableLock(table, "ACCESS EXCLUSIVE")])
    locks: list[TableLock] = []
    notes: list[str] = []
    for action in _split_top_level(body):
        more, extra = _alter_table_action(table, action)
        locks += more
        notes += extra
    return StatementLocks("alter table", _dedupe(locks), _unique(notes))


def _drop_table(text: str, upper: str) -> StatementLocks | None:
    m = re.match(
        r"DROP (TABLE|VIEW|MATERIALIZED VIEW) (?:IF EXISTS )?(.+?)(?: CASCADE| RESTRICT)?$", text, re.IGNORECASE
    )
    if not m:
        return None
    kind = m.group(1).lower()
    notes = ["removes the table and its data"] if kind == "table" else []
    return StatementLocks(
        f"drop {kind}", [TableLock(name(p), "ACCESS EXCLUSIVE") for p in _split_top_level(m.group(2))], notes
    )


def _truncate(text: str, upper: str) -> StatementLocks | None:
    m = re.match(
        r"TRUNCATE (?:TABLE )?(?:ONLY )?(.+?)(?: RESTART IDENTITY| CONTINUE IDENTITY)?(?: CASCADE| RESTRICT)?$",
        text,
        re.IGNORECASE,
    )
    if not m:
        return None
    return StatementLocks("truncate", [TableLock(name(p), "ACCESS EXCLUSIVE") for p in _split_top_level(m.group(1))])


def _trigger(text: str, upper: str) -> StatementLocks | None:
    m = re.match(
        rf"(CREATE (?:OR REPLACE )?(?:CONSTRAINT )?TRIGGER|DROP TRIGGER|ALTER TRIGGER) .*? ON ({_IDENT})",
        text,
        re.IGNORECASE,
    )
    if not m:
        return None
    kind = m.group(1).upper()
    mode = "SHARE ROW EXCLUSIVE" if kind.startswith("CREATE") else "ACCESS EXCLUSIVE"
    return StatementLocks(kind.lower().replace("or replace ", ""), [TableLock(name(m.group(2)), mode)])


def _policy(text: str, upper: str) -> StatementLocks | None:
    m = re.match(rf"(CREATE|ALTER|DROP) POLICY (?:IF EXISTS )?{_IDENT} ON ({_IDENT})", text, re.IGNORECASE)
    if not m:
        return None
    return StatementLocks(f"{m.group(1).lower()} policy", [TableLock(name(m.group(2)), "ACCESS EXCLUSIVE")])


def _view(text: str, upper: str) -> StatementLocks | None:
    m = re.match(
        rf"CREATE (?:OR REPLACE )?(?:TEMP |TEMPORARY )?(?:RECURSIVE )?(MATERIALIZED )?VIEW "
        rf"(?:IF NOT EXISTS )?({_IDENT})",
        text,
        re.IGNORECASE,
    )
    if m:
        return StatementLocks("create view", [TableLock(name(m.group(2)), "ACCESS EXCLUSIVE")])
    m = re.match(rf"REFRESH MATERIALIZED VIEW (CONCURRENTLY )?({_IDENT})", text, re.IGNORECASE)
    if m:
        mode = "EXCLUSIVE" if m.group(1) else "ACCESS EXCLUSIVE"
        return StatementLocks("refresh materialized view", [TableLock(name(m.group(2)), mode)])
    return None


def _comment(text: str, upper: str) -> StatementLocks | None:
    m = re.match(
        rf"COMMENT ON (TABLE|COLUMN|VIEW|MATERIALIZED VIEW|INDEX) ({_IDENT}(?:\.{_IDENT})?)", text, re.IGNORECASE
    )
    if m:
        target = m.group(2)
        if m.group(1).upper() == "COLUMN":
            target = target.rsplit(".", 1)[0]
        return StatementLocks("comment", [TableLock(name(target), "SHARE UPDATE EXCLUSIVE")])
    if upper.startswith("COMMENT ON"):
        return StatementLocks("comment")
    return None


def _dml(text: str, upper: str) -> StatementLocks | None:
    m = re.match(rf"(?:WITH .*? )?(INSERT INTO|UPDATE|DELETE FROM) (?:ONLY )?({_IDENT})", text, re.IGNORECASE)
    if m:
        notes = ["touches every row it matches; batch large backfills"] if m.group(1).upper() != "INSERT INTO" else []
        return StatementLocks(m.group(1).split()[0].lower(), [TableLock(name(m.group(2)), "ROW EXCLUSIVE")], notes)
    if upper.startswith("SELECT"):
        return StatementLocks("select", [TableLock("tables read", "ACCESS SHARE")])
    return None


def _lock(text: str, upper: str) -> StatementLocks | None:
    m = re.match(rf"LOCK (?:TABLE )?(?:ONLY )?({_IDENT})(?: IN ([A-Z ]+?) MODE)?(?: NOWAIT)?$", text, re.IGNORECASE)
    if not m:
        return None
    mode = (m.group(2) or "ACCESS EXCLUSIVE").upper()
    return StatementLocks("lock", [TableLock(name(m.group(1)), mode if mode in MODES else "UNKNOWN")])


def _maintenance(text: str, upper: str) -> StatementLocks | None:
    if re.match(r"(VACUUM|ANALYZE|CREATE STATISTICS)\b", upper) and not upper.startswith("VACUUM FULL"):
        return StatementLocks(upper.split(maxsplit=1)[0].lower(), [TableLock("tables named", "SHARE UPDATE EXCLUSIVE")])
    if upper.startswith(("VACUUM FULL", "CLUSTER")):
        return StatementLocks("rewrite", [TableLock("tables named", "ACCESS EXCLUSIVE")], ["rewrites the table"])
    m = re.match(
        rf"REINDEX (?:\(.*?\) )?(?:INDEX|TABLE|SCHEMA|DATABASE) (CONCURRENTLY )?({_IDENT})", text, re.IGNORECASE
    )
    if m:
        mode = "SHARE UPDATE EXCLUSIVE" if m.group(1) else "SHARE"
        return StatementLocks("reindex", [TableLock(name(m.group(2)), mode)])
    return None


_NO_TABLE_LOCK = re.compile(
    r"^(CREATE (OR REPLACE )?(FUNCTION|PROCEDURE|AGGREGATE|TYPE|DOMAIN|EXTENSION|SCHEMA|SEQUENCE|ROLE|COLLATION"
    r"|TEXT SEARCH|CAST|OPERATOR)"
    r"|ALTER (TYPE|DOMAIN|FUNCTION|PROCEDURE|SEQUENCE|SCHEMA|EXTENSION|ROLE|DEFAULT PRIVILEGES)"
    r"|DROP (FUNCTION|PROCEDURE|AGGREGATE|TYPE|DOMAIN|EXTENSION|SCHEMA|SEQUENCE|ROLE|COLLATION|TEXT SEARCH|CAST"
    r"|OPERATOR)"
    r"|GRANT|REVOKE|SET|RESET|BEGIN|COMMIT|START TRANSACTION|SAVEPOINT|RELEASE|SHOW)\b",
    re.IGNORECASE,
)


def _no_table_lock(text: str, upper: str) -> StatementLocks | None:
    m = _NO_TABLE_LOCK.match(text)
    if not m:
        return None
    notes = []
    if re.match(r"ALTER TYPE .* ADD VALUE", upper):
        notes.append("the new value cannot be used until the transaction commits")
    return StatementLocks(" ".join(m.group(0).lower().split()[:2]), notes=notes)


_HANDLERS = (
    _create_index,
    _drop_index,
    _alter_index,
    _create_table,
    _alter_table,
    _drop_table,
    _truncate,
    _trigger,
    _policy,
    _view,
    _comment,
    _lock,
    _maintenance,
    _no_table_lock,
    _dml,
)


def _dedupe(locks: list[TableLock]) -> list[TableLock]:
    best: dict[str, str] = {}
    for lock in locks:
        prev = best.get(lock.relation)
        best[lock.relation] = lock.mode if prev is None else (strongest([prev, lock.mode]) or lock.mode)
    return [TableLock(rel, mode) for rel, mode in best.items()]


def _unique(items: list[str]) -> list[str]:
    return [x for i, x in enumerate(items) if x and x not in items[:i]]
