"""Lint the revisions: squawk over each revision's SQL, plus chanuka-db's own rules. No database needed.

What each revision changes comes from the committed snapshots (the revision's and its parent's),
so the rules see real before/after types and indexes instead of guessing from SQL text.

Rules (``rule`` names as reported):

- ``single-head``: exactly one head revision.
- ``checksums``: ``migrations/checksums`` matches the revision files.
- ``revision-id``: at most 32 characters (the width of ``alembic_version.version_num``).
- ``docstring``: the module docstring says what the revision does (beyond Alembic's header lines).
- ``downgrade``: a ``downgrade()`` exists and does something.
- ``breaking-change``: DROP TABLE, DROP COLUMN, a narrowing type change or a removed enum value
  needs a ``# breaking: <reason>`` comment in the revision file.
- ``probable-rename``: a column dropped and another of the same type added to the same table in
  one revision is usually a rename that loses the data (``generate --rename``); acknowledge a real
  drop + add with ``# not-a-rename: <reason>``.
- ``fk-index``: every new foreign key has an index whose leading columns are its columns.
- ``concurrently-in-transaction``: CREATE/DROP INDEX CONCURRENTLY needs ``non_transactional = True``.
- ``non-transactional-idempotent``: statements of a non-transactional revision must be re-runnable
  (``IF NOT EXISTS`` / ``IF EXISTS``), since a retry runs them again.
- ``snapshot``: the committed snapshots the rules need exist.
- ``offline-sql``: the revision renders offline (``migrate --sql``, ``--dry-run`` and squawk need it).
- ``squawk:<rule>``: squawk's findings, minus :data:`SQUAWK_EXCLUDED` (see there for why).
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chanuka_db.errors import MigrationError
from chanuka_db.migrate import artefacts, diff, locks, plan, render, snapshot
from chanuka_db.migrate.config import MigrationSource, script_directory

#: squawk rules chanuka-db switches off, and why (also in docs/migrations.md).
SQUAWK_EXCLUDED: dict[str, str] = {
    "require-lock-timeout": "the runner sets lock_timeout on the migration session (the settings' value) and "
    "retries a revision that hits it, so revision SQL does not repeat it",
    "require-statement-timeout": "the runner lifts statement_timeout on purpose: an index build or backfill "
    "must not be killed half way; lock_timeout is what protects live traffic",
    "prefer-text-field": "the domain spec keeps the platform's varchar(n) limits that other services rely on; "
    "raising a varchar limit later is a catalog-only change in PostgreSQL",
    "prefer-bigint-over-int": "primary keys are UUIDs; integer columns hold counts, positions and scores far from 2^31",
    "prefer-bigint-over-smallint": "smallint columns hold small bounded values (session numbers, ratings)",
}
SQUAWK_PG_VERSION = "15"

#: squawk rules about blocking live traffic, which do not apply to a relation the same revision creates
#: (squawk knows about tables created in the file, not about materialized views).
SQUAWK_NEW_RELATION_SAFE = frozenset(
    {
        "require-concurrent-index-creation",
        "require-concurrent-index-deletion",
        "adding-foreign-key-constraint",
        "constraint-missing-not-valid",
        "adding-required-field",
        "adding-not-nullable-field",
        "disallowed-unique-constraint",
        "adding-field-with-default",
        "changing-column-type",
    }
)

#: squawk rules about changes that break clients (or lose data): a ``# breaking: <reason>`` comment in the
#: revision acknowledges them (they are then reported as warnings), like chanuka-db's own breaking-change rule.
SQUAWK_BREAKING = frozenset(
    {
        "ban-drop-column",
        "ban-drop-table",
        "ban-drop-database",
        "ban-drop-type",
        "ban-drop-function",
        "ban-truncate-cascade",
        "changing-column-type",
        "renaming-column",
        "renaming-table",
        "renaming-object",
    }
)

_HEADER = re.compile(r"^(Revision ID|Revises|Create Date):", re.IGNORECASE)
_BREAKING = re.compile(r"#\s*breaking:\s*\S", re.IGNORECASE)
_NOT_A_RENAME = re.compile(r"#\s*not-a-rename:\s*\S", re.IGNORECASE)
_CONCURRENTLY = re.compile(r"\b(CREATE\s+(UNIQUE\s+)?INDEX|DROP\s+INDEX|REINDEX[^;]*)\s+CONCURRENTLY\b", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    """One lint finding (``revision`` None for findings about the whole folder)."""

    rule: str
    message: str
    revision: str | None = None
    file: str | None = None
    line: int | None = None
    severity: str = "error"

    def where(self) -> str:
        """``file:line`` (or the revision, or ``migrations``)."""
        if self.file:
            return f"{self.file}:{self.line}" if self.line else self.file
        return self.revision or "migrations"


@dataclass
class LintReport:
    """All findings, and what was linted."""

    revisions: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    squawk_excluded: dict[str, str] = field(default_factory=lambda: dict(SQUAWK_EXCLUDED))

    @property
    def errors(self) -> list[Finding]:
        """Findings that fail the lint."""
        return [f for f in self.findings if f.severity == "error"]

    @property
    def ok(self) -> bool:
        """True when there is no error."""
        return not self.errors


def lint(revision: str | None = None, *, source: MigrationSource | None = None, citus: bool = False) -> LintReport:
    """Lint every revision, or only ``revision`` (the folder-wide rules always run).

    ``citus``: also check the models against the Citus sharding plan (:mod:`chanuka_db.migrate.citus`).
    """
    src = source or MigrationSource()
    scripts = script_directory(src)
    report = LintReport()
    if citus:
        from chanuka_db.migrate.citus import citus_findings

        if src.metadata is not None:
            metadata = src.metadata
        else:
            from chanuka_db.schema import metadata
        report.findings += citus_findings(metadata)
    try:
        plan.single_head(scripts)
    except MigrationError as exc:
        report.findings.append(Finding("single-head", exc.message))
        return report
    report.findings += [Finding("checksums", p) for p in artefacts.checksum_problems(src)]
    revisions = plan.ordered(scripts)
    if revision is not None:
        wanted = plan.resolve(revision, scripts)
        revisions = [r for r in revisions if r.revision == wanted]
    report.revisions = [r.revision for r in revisions]
    if not revisions:
        return report
    rendered_all = render.render_each(None, revisions[-1].revision, source=src)
    sql_of = {rev: item.rendered for rev, item in rendered_all.items() if item.rendered is not None}
    for info in revisions:
        rendered = sql_of.get(info.revision)
        error = rendered_all[info.revision].error
        if error:
            report.findings.append(
                Finding(
                    "offline-sql",
                    f"{error}; `migrate --sql` and `--dry-run` cannot show it. A revision that queries the database "
                    "(op.get_bind()) must skip that in offline mode (`if not context.is_offline_mode(): ...`)",
                    info.revision,
                    info.filename,
                )
            )
        report.findings += _lint_file(info)
        report.findings += _lint_sql(info, rendered)
        report.findings += _lint_changes(info, src, rendered)
    report.findings += _squawk(revisions, sql_of)
    return report


def _lint_file(info: plan.RevisionInfo) -> list[Finding]:
    out: list[Finding] = []
    name = info.filename
    text = Path(info.path).read_text(encoding="utf-8")
    if len(info.revision) > 32:
        out.append(
            Finding("revision-id", f"revision id {info.revision!r} is longer than 32 characters", info.revision, name)
        )
    try:
        tree = ast.parse(text)
    except SyntaxError as exc:
        return [Finding("syntax", f"cannot parse: {exc.msg}", info.revision, name, exc.lineno)]
    doc = ast.get_docstring(tree) or ""
    meaningful = [ln for ln in doc.splitlines() if ln.strip() and not _HEADER.match(ln.strip())]
    if not meaningful:
        out.append(Finding("docstring", "no docstring saying what the revision does and why", info.revision, name, 1))
    down = next((n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "downgrade"), None)
    if down is None:
        out.append(Finding("downgrade", "no downgrade() function", info.revision, name))
    elif _is_empty(down):
        out.append(Finding("downgrade", "downgrade() does nothing", info.revision, name, down.lineno))
    return out


def _is_empty(fn: ast.FunctionDef) -> bool:
    for node in fn.body:
        if isinstance(node, ast.Pass):
            continue
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue  # a docstring or ``...``
        return False
    return True


def _lint_sql(info: plan.RevisionInfo, rendered: render.RenderedRevision | None) -> list[Finding]:
    if rendered is None:
        return []
    out: list[Finding] = []
    for stmt in rendered.statements:
        first = " ".join(stmt.split())[:120]
        if info.transactional and _CONCURRENTLY.search(stmt):
            out.append(
                Finding(
                    "concurrently-in-transaction",
                    f"{first}: CONCURRENTLY cannot run in a transaction; declare `non_transactional = True` "
                    "in the revision (and make it idempotent)",
                    info.revision,
                    info.filename,
                )
            )
        if not info.transactional and _not_idempotent(stmt):
            out.append(
                Finding(
                    "non-transactional-idempotent",
                    f"{first}: a non-transactional revision is re-run after a failure or retry; use IF NOT EXISTS / "
                    "IF EXISTS",
                    info.revision,
                    info.filename,
                )
            )
    return out


def _not_idempotent(stmt: str) -> bool:
    flat = " ".join(stmt.upper().split())
    if re.match(r"CREATE (UNIQUE )?INDEX|CREATE TABLE|CREATE SCHEMA|CREATE EXTENSION|CREATE SEQUENCE", flat):
        return "IF NOT EXISTS" not in flat
    if re.match(r"DROP (INDEX|TABLE|SCHEMA|EXTENSION|SEQUENCE|VIEW|TYPE|FUNCTION|TRIGGER)", flat):
        return "IF EXISTS" not in flat
    if re.match(r"ALTER TYPE .* ADD VALUE", flat):
        return "IF NOT EXISTS" not in flat
    return False


# ------------------------------------------------------------------------- what changed
_IDENT = r'(?:"[^"]+"|[A-Za-z_][\w$]*)(?:\.(?:"[^"]+"|[A-Za-z_][\w$]*))?'
_RENAME_TABLE = re.compile(rf"^ALTER TABLE (?:IF EXISTS )?(?:ONLY )?({_IDENT}) RENAME TO ({_IDENT})", re.IGNORECASE)
_RENAME_COLUMN = re.compile(
    rf"^ALTER TABLE (?:IF EXISTS )?(?:ONLY )?({_IDENT}) RENAME (?:COLUMN )?({_IDENT}) TO ({_IDENT})", re.IGNORECASE
)


def renames_in(rendered: render.RenderedRevision | None) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """Table renames (old -> new) and column renames ((table, old) -> new) a revision's SQL performs."""
    tables: dict[str, str] = {}
    columns: dict[tuple[str, str], str] = {}
    for stmt in rendered.statements if rendered else []:
        flat = " ".join(stmt.split())
        if m := _RENAME_TABLE.match(flat):
            tables[locks.name(m.group(1))] = locks.name(m.group(2))
        elif m := _RENAME_COLUMN.match(flat):
            columns[(locks.name(m.group(1)), locks.name(m.group(2)))] = locks.name(m.group(3))
    return tables, columns


def _without_renames(
    changes: list[diff.Change], tables: dict[str, str], columns: dict[tuple[str, str], str]
) -> list[diff.Change]:
    """``changes`` minus the removed/added pairs that are really renames."""
    renamed_from = {f"{t}.{old}" for (t, old) in columns} | {f"{tables.get(t, t)}.{old}" for (t, old) in columns}
    renamed_to = {f"{t}.{new}" for (t, _), new in columns.items()} | {
        f"{tables.get(t, t)}.{new}" for (t, _), new in columns.items()
    }
    out = []
    for change in changes:
        if change.kind == "table" and (
            (change.action == "removed" and change.name in tables)
            or (change.action == "added" and change.name in tables.values())
        ):
            continue
        if change.kind == "column" and (
            (change.action == "removed" and change.name in renamed_from)
            or (change.action == "added" and change.name in renamed_to)
        ):
            continue
        out.append(change)
    return out


def _lint_changes(
    info: plan.RevisionInfo, src: MigrationSource, rendered: render.RenderedRevision | None
) -> list[Finding]:
    try:
        after = snapshot.normalised(artefacts.committed_snapshot(info.revision, src))
        parent = info.down_revision if info.down_revision and "," not in info.down_revision else None
        before = snapshot.normalised(artefacts.committed_snapshot(parent, src))
    except MigrationError as exc:
        return [Finding("snapshot", exc.message, info.revision, info.filename)]
    text = Path(info.path).read_text(encoding="utf-8")
    changes = _without_renames(diff.compare(before, after), *renames_in(rendered))
    out: list[Finding] = []
    marked = bool(_BREAKING.search(text))
    for change in changes:
        reason = _breaking(change)
        if reason and not marked:
            out.append(
                Finding(
                    "breaking-change",
                    f"{reason}: add a `# breaking: <reason>` comment to the revision once clients no longer need it",
                    info.revision,
                    info.filename,
                )
            )
    if not _NOT_A_RENAME.search(text):
        out += _probable_renames(info, changes)
    out += _fk_without_index(info, before, after)
    return out


def _breaking(change: diff.Change) -> str | None:
    if change.kind == "table" and change.action == "removed":
        return f"DROP TABLE {change.name}"
    if change.kind == "column" and change.action == "removed":
        return f"DROP COLUMN {change.name}"
    if change.kind == "column type" and narrowing(str(change.before), str(change.after)):
        return f"type of {change.name} narrowed from {change.before} to {change.after}"
    if change.kind == "enum" and change.action == "changed":
        removed = [v for v in change.before or [] if v not in (change.after or [])]
        if removed:
            return f"enum {change.name} loses value(s) {', '.join(removed)}"
    if change.kind == "enum" and change.action == "removed":
        return f"DROP TYPE {change.name}"
    return None


_INT_WIDTH = {"smallint": 2, "integer": 4, "bigint": 8}
_PARAMS = re.compile(r"^(?P<base>[a-z ]+?)(?:\((?P<args>[\d, ]+)\))?(?P<array>(\[\])*)$")


def narrowing(old: str, new: str) -> bool:
    """True when changing a column from type ``old`` to ``new`` can fail or lose data."""
    if old == new:
        return False
    a, b = _PARAMS.match(old.strip()), _PARAMS.match(new.strip())
    if not a or not b or a.group("array") != b.group("array"):
        return True
    base_a, base_b = a.group("base").strip(), b.group("base").strip()
    args_a = [int(x) for x in (a.group("args") or "").replace(" ", "").split(",") if x]
    args_b = [int(x) for x in (b.group("args") or "").replace(" ", "").split(",") if x]
    text_like = {"text", "character varying", "character", "citext"}
    if base_b in ("text", "citext") and base_a in text_like:
        return False
    if base_b == "character varying" and base_a in ("character varying", "character"):
        return bool(args_b) and (not args_a or args_b[0] < args_a[0])
    if base_a in _INT_WIDTH and base_b in _INT_WIDTH:
        return _INT_WIDTH[base_b] < _INT_WIDTH[base_a]
    if base_b == "numeric" and base_a in _INT_WIDTH:
        return (
            bool(args_b)
            and args_b[0] - (args_b[1] if len(args_b) > 1 else 0) < {2: 5, 4: 10, 8: 19}[_INT_WIDTH[base_a]]
        )
    if base_a == base_b == "numeric":
        if not args_b:
            return False
        if not args_a:
            return True
        scale_a = args_a[1] if len(args_a) > 1 else 0
        scale_b = args_b[1] if len(args_b) > 1 else 0
        return scale_b < scale_a or args_b[0] - scale_b < args_a[0] - scale_a
    widening = {
        ("real", "double precision"),
        ("timestamp without time zone", "timestamp with time zone"),
        ("date", "timestamp with time zone"),
        ("date", "timestamp without time zone"),
        ("json", "jsonb"),
    }
    if (base_a, base_b) in widening:
        return False
    return not (base_b in ("text", "character varying") and not args_b)


def _probable_renames(info: plan.RevisionInfo, changes: list[diff.Change]) -> list[Finding]:
    removed: dict[str, list[tuple[str, str]]] = {}
    added: dict[str, list[tuple[str, str]]] = {}
    for change in changes:
        if change.kind != "column" or change.action not in ("added", "removed"):
            continue
        table, _, column = change.name.rpartition(".")
        spec = change.after if change.action == "added" else change.before
        typ = str((spec or {}).get("type"))
        (added if change.action == "added" else removed).setdefault(table, []).append((column, typ))
    out: list[Finding] = []
    for table, gone in removed.items():
        for old, typ in gone:
            for new, typ2 in added.get(table, []):
                if typ == typ2:
                    out.append(
                        Finding(
                            "probable-rename",
                            f"{table}.{old} dropped and {table}.{new} ({typ}) added: if this is a rename it loses the "
                            f"data; regenerate with `chanuka-db generate --rename {table}.{old}={new}`, or add "
                            "`# not-a-rename: <reason>`",
                            info.revision,
                            info.filename,
                        )
                    )
    return out


_FK = re.compile(r"FOREIGN KEY \((?P<cols>[^)]*)\) REFERENCES (?P<table>[^(]+)\((?P<refcols>[^)]*)\)")
_USING = re.compile(r" USING (?P<method>\w+) \(")
_KEY_COLS = re.compile(r"^(?:PRIMARY KEY|UNIQUE(?: NULLS NOT DISTINCT)?) \((?P<cols>[^)]*)\)")


def _split_cols(text: str) -> list[str]:
    return [c.strip().strip('"') for c in text.split(",") if c.strip()]


def _index_parts(definition: str) -> tuple[str, list[str], str | None] | None:
    """(method, key columns, WHERE predicate) of a ``pg_get_indexdef`` text."""
    m = _USING.search(definition)
    if not m:
        return None
    depth, start = 1, m.end()
    i = start
    while i < len(definition) and depth:
        depth += {"(": 1, ")": -1}.get(definition[i], 0)
        i += 1
    cols = _split_cols(definition[start : i - 1])
    rest = definition[i:]
    where = rest.split(" WHERE ", 1)[1].strip() if " WHERE " in rest else None
    return m.group("method"), cols, where


def _lookup_keys(table: dict[str, Any]) -> list[tuple[list[str], str | None]]:
    """Column lists a foreign-key lookup can use: btree/hash indexes, primary keys, unique constraints."""
    out: list[tuple[list[str], str | None]] = []
    for definition in table.get("indexes", {}).values():
        parts = _index_parts(definition)
        if parts and parts[0] in ("btree", "hash"):
            out.append((parts[1], parts[2]))
    for definition in table.get("constraints", {}).values():
        m = _KEY_COLS.search(definition)
        if m:
            out.append((_split_cols(m.group("cols")), None))
    return out


def _unique_alone(table: dict[str, Any] | None, column: str) -> bool:
    """True when ``column`` by itself is the primary key or a unique constraint of ``table``."""
    return any(
        (m := _KEY_COLS.search(d)) is not None and _split_cols(m.group("cols")) == [column]
        for d in (table or {}).get("constraints", {}).values()
    )


def _covered(keys: list[tuple[list[str], str | None]], cols: list[str], leaders: list[str]) -> bool:
    """True when some index serves lookups on ``cols``: it leads with all of them (any order), or with one of
    ``leaders`` (columns selective on their own); a partial index counts only for ``col IS NOT NULL``."""
    for lead, where in keys:
        if where is not None and not any(re.fullmatch(rf"\(*{re.escape(c)} IS NOT NULL\)*", where) for c in cols):
            continue
        if set(lead[: len(cols)]) == set(cols) or (lead and lead[0] in leaders):
            return True
    return False


def _fk_without_index(info: plan.RevisionInfo, before: dict[str, Any], after: dict[str, Any]) -> list[Finding]:
    out: list[Finding] = []
    tables = after.get("tables", {})
    for table_name, table in tables.items():
        if "partition_of" in table:
            continue  # partitions inherit the parent's indexes and keys
        old_constraints = before.get("tables", {}).get(table_name, {}).get("constraints", {})
        keys = _lookup_keys(table)
        for name, definition in table.get("constraints", {}).items():
            m = _FK.search(definition)
            if not m or old_constraints.get(name) == definition:
                continue
            cols, refcols = _split_cols(m.group("cols")), _split_cols(m.group("refcols"))
            parent = tables.get(m.group("table").strip().strip('"').removeprefix("public."))
            # For a composite key, an index leading with a column that references a unique column of the
            # parent (its id) is as selective as one on all the key's columns.
            leaders = [c for c, r in zip(cols, refcols, strict=False) if len(cols) > 1 and _unique_alone(parent, r)]
            if not _covered(keys, cols, leaders):
                out.append(
                    Finding(
                        "fk-index",
                        f"foreign key {name} on {table_name}({', '.join(cols)}) has no index leading with those "
                        "columns: every delete or key update on the referenced table scans this one",
                        info.revision,
                        info.filename,
                    )
                )
    return out


# --------------------------------------------------------------------------------- squawk
def squawk_binary() -> str | None:
    """The squawk executable (installed beside this Python by the squawk-cli wheel), if any."""
    beside = Path(sys.executable).with_name("squawk")
    if beside.exists():
        return str(beside)
    return shutil.which("squawk")


def _squawk(revisions: list[plan.RevisionInfo], sql_of: dict[str, render.RenderedRevision]) -> list[Finding]:
    revisions = [r for r in revisions if r.revision in sql_of]
    binary = squawk_binary()
    if binary is None:
        return [Finding("squawk", "squawk is not installed (pip install squawk-cli)")]
    out: list[Finding] = []
    marked = {info.revision: bool(_BREAKING.search(Path(info.path).read_text(encoding="utf-8"))) for info in revisions}
    with tempfile.TemporaryDirectory(prefix="chanuka-lint-") as tmp:
        groups: dict[bool, list[tuple[plan.RevisionInfo, Path]]] = {True: [], False: []}
        for info in revisions:
            rendered = sql_of.get(info.revision)
            if rendered is None or not rendered.statements:
                continue
            path = Path(tmp) / f"{info.revision}.sql"
            path.write_text(rendered.sql, encoding="utf-8")
            groups[info.transactional].append((info, path))
        for transactional, items in groups.items():
            if not items:
                continue
            cmd = [
                binary,
                "--reporter",
                "json",
                "--pg-version",
                SQUAWK_PG_VERSION,
                "--exclude",
                ",".join(SQUAWK_EXCLUDED),
            ]
            if transactional:
                cmd.append("--assume-in-transaction")
            cmd += [str(p) for _, p in items]
            try:
                proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
            except (OSError, subprocess.TimeoutExpired) as exc:
                return [Finding("squawk", f"cannot run squawk: {exc}")]
            by_file = {p.name: info for info, p in items}
            try:
                results = json.loads(proc.stdout or "[]")
            except ValueError:
                first = (proc.stderr.strip().splitlines() or ["no output"])[0]
                return [Finding("squawk", f"squawk failed: {first}")]
            for item in results:
                found = by_file.get(Path(str(item.get("file", ""))).name)
                if found is None:
                    continue
                info = found
                rendered = sql_of[info.revision]
                line = int(item.get("line", 0))
                index = _statement_index(rendered, line)
                stmt = _short(rendered.statements[index]) if index is not None else ""
                if (
                    item.get("rule_name") in SQUAWK_NEW_RELATION_SAFE
                    and index is not None
                    and _only_new(rendered, index)
                ):
                    continue
                rule = str(item.get("rule_name", "unknown"))
                message = f"{item.get('message', '')} {item.get('help') or ''}".strip()
                severity = "error"
                if rule in SQUAWK_BREAKING:
                    if marked.get(info.revision):
                        severity, message = "warning", message + " (acknowledged by `# breaking:`)"
                    else:
                        message += " Acknowledge it with a `# breaking: <reason>` comment in the revision."
                out.append(
                    Finding(f"squawk:{rule}", f"{message} [{stmt}]", info.revision, info.filename, severity=severity)
                )
    return out


def _statement_index(rendered: render.RenderedRevision, line: int) -> int | None:
    """Which statement of ``rendered.sql`` (statements joined by blank lines) holds 0-based ``line``."""
    start = 0
    for i, stmt in enumerate(rendered.statements):
        end = start + stmt.count("\n") + 1
        if start <= line < end + 1:
            return i
        start = end + 1
    return None


def _only_new(rendered: render.RenderedRevision, index: int) -> bool:
    """True when every relation statement ``index`` locks was created earlier in the same revision."""
    created: set[str] = set()
    for stmt in rendered.statements[:index]:
        result = locks.classify(stmt)
        if result.kind in ("create table", "create view") and result.locks:
            created.add(result.locks[0].relation)
    targets = {lock.relation for lock in locks.classify(rendered.statements[index]).locks}
    return bool(targets) and targets <= created


def _short(statement: str) -> str:
    text = " ".join(statement.split())
    return text if len(text) <= 90 else text[:87] + "..."
