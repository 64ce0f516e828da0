"""``migrate --dry-run``: the revisions that would run, their statements, and the lock each takes.

Statements come from Alembic's offline (``--sql``) rendering of exactly the pending range, so the
plan shows what the revision code emits, not a guess; :mod:`~chanuka_db.migrate.locks` classifies
each. A relation counts as *new* when it does not exist in the live database before the plan (a
table created by an earlier statement of the same plan): an ACCESS EXCLUSIVE lock on it blocks
nobody.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.engine import Connection

from chanuka_db.migrate import locks, plan, render
from chanuka_db.migrate.config import MigrationSource, script_directory


@dataclass(frozen=True)
class LockedRelation:
    """A relation one statement locks."""

    relation: str
    mode: str
    new: bool


@dataclass
class PlannedStatement:
    """One statement of the plan with its locks."""

    sql: str
    kind: str
    lock: str | None
    lock_on_existing: str | None
    relations: list[LockedRelation] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class PlannedRevision:
    """One pending revision: what it is and what it would run."""

    revision: str
    doc: str
    transactional: bool
    statements: list[PlannedStatement] = field(default_factory=list)
    error: str | None = None  # why its statements cannot be shown (it cannot be rendered offline)


def _existing(conn: Connection, names: set[str]) -> set[str]:
    plain = sorted(n for n in names if n and " " not in n and n != "?")
    if not plain:
        return set()
    rows = conn.execute(
        text(
            "SELECT n FROM unnest(CAST(:names AS text[])) AS n WHERE "
            "(CASE WHEN strpos(n, '.') > 0 THEN to_regclass(n) ELSE to_regclass(quote_ident(n)) END) IS NOT NULL"
        ),
        {"names": plain},
    ).scalars()
    return set(rows)


def build(
    conn: Connection, target: str | None, source: MigrationSource | None = None, *, current: str | None = None
) -> list[PlannedRevision]:
    """The plan from the database's current revision (or ``current``) up to ``target``."""
    scripts = script_directory(source)
    start = current if current is not None else plan.current_revision(conn)
    path = plan.upgrade_path(start, target, scripts)
    if not path:
        return []
    by_rev = render.render_each(start, target, source=source)
    classified: list[tuple[plan.RevisionInfo, list[tuple[str, locks.StatementLocks]]]] = []
    names: set[str] = set()
    for info in path:
        rendered = by_rev[info.revision].rendered
        items = [(stmt, locks.classify(stmt)) for stmt in (rendered.statements if rendered else [])]
        for _, result in items:
            names.update(lock.relation for lock in result.locks)
        classified.append((info, items))
    owners = _index_owners(conn, classified, {n.removeprefix(locks.INDEX_OWNER) for n in names})
    existing = _existing(conn, names | set(owners.values()))
    out: list[PlannedRevision] = []
    for info, items in classified:
        planned = PlannedRevision(
            info.revision,
            info.doc.splitlines()[0] if info.doc else "",
            info.transactional,
            error=by_rev[info.revision].error,
        )
        for stmt, result in items:
            relations = []
            for lock in result.locks:
                relation = lock.relation
                if relation.startswith(locks.INDEX_OWNER):
                    relation = owners.get(relation.removeprefix(locks.INDEX_OWNER), relation)
                relations.append(LockedRelation(relation, lock.mode, _is_new(relation, lock.mode, existing)))
            planned.statements.append(
                PlannedStatement(
                    sql=stmt,
                    kind=result.kind,
                    lock=result.strongest,
                    lock_on_existing=locks.strongest(r.mode for r in relations if not r.new),
                    relations=relations,
                    notes=[n for n in result.notes if n],
                )
            )
        out.append(planned)
    return out


def _index_owners(
    conn: Connection,
    classified: list[tuple[plan.RevisionInfo, list[tuple[str, locks.StatementLocks]]]],
    indexes: set[str],
) -> dict[str, str]:
    """Index name -> its table: from the live catalog, else from the plan's own CREATE INDEX statements."""
    owners: dict[str, str] = {}
    plain = sorted(n for n in indexes if n and " " not in n and n != "?")
    if plain:
        rows = conn.execute(
            text(
                "SELECT c.relname, i.indrelid::regclass::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                "WHERE c.relname = ANY(:names) AND c.relnamespace = current_schema()::regnamespace"
            ),
            {"names": plain},
        )
        owners.update({index: locks.name(table) for index, table in rows})
    for _info, items in classified:
        for stmt, _result in items:
            made = locks.created_index(stmt)
            if made is not None and made[0] not in owners:
                owners[made[0]] = made[1]
    return owners


def _is_new(relation: str, mode: str, existing: set[str]) -> bool:
    if mode == "UNKNOWN" or " " in relation or relation == "?":
        return False  # cannot tell: assume it is live
    return relation not in existing
