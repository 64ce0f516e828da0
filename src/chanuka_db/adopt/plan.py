"""The adopt plan: every difference between the live database and the target schema, as ordered steps.

The target is the committed snapshot of the adopt base revision (:mod:`chanuka_db.adopt.target`).
:func:`build` compares it with the live snapshot and produces, per table, what is added, changed or
kept, every data conversion with its exact SQL, what blocks the plan, what is dropped (superseded
or duplicate indexes and constraints, drizzle bookkeeping, unused types: never a column holding
data), what is moved aside into ``chanuka_legacy``, and the steps, in phases:

1. ``global``: extensions, enum types (new ones; missing values added with ``ALTER TYPE ... ADD
   VALUE``, outside a transaction), functions; tables the new schema does not have moved aside.
2. ``prepare`` (per table, one short transaction): renames of constraints and indexes that only
   change name, superseded constraints and indexes dropped, columns added, defaults.
3. ``convert``: column conversions (see :mod:`chanuka_db.adopt.tables`), merged-shape fills and
   mapped value rewrites.
4. ``columns``: NOT NULL (through a validated CHECK on large tables: no scan under the lock), comments.
5. ``create``: tables the old database never had.
6. ``keys``: UNIQUE and PRIMARY KEY constraints from indexes built ``CONCURRENTLY``.
7. ``constraints``: CHECK and FOREIGN KEY added ``NOT VALID``, then validated (writers keep going).
8. ``indexes``: built ``CONCURRENTLY``; superseded and duplicate ones dropped ``CONCURRENTLY``.
9. ``triggers``; 10. ``partition`` (a table the new schema partitions becomes the DEFAULT partition
   of a new parent, no row moves); 11. ``cleanup``.

Re-running :func:`build` on a partly adopted database plans only what is left (every step's effect
is visible in the catalog), which is how an interrupted adopt resumes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Connection

from chanuka_db.adopt import ddl, detect, estimate, sqltext
from chanuka_db.adopt.live import Live
from chanuka_db.adopt.mapping import ColumnMapping, Mapping
from chanuka_db.adopt.model import LEGACY_SCHEMA, SHADOW, AdoptPlan, Blocker, Detection, Dropped, Step, TablePlan
from chanuka_db.adopt.sqltext import ident, literal
from chanuka_db.adopt.tables import TableAdopter

#: Extensions the old module needed that chanuka-db does not (dropped once nothing uses them).
OLD_EXTENSIONS = frozenset({"uuid-ossp"})
#: Columns a table may share with another of the same name without being the same table.
_SHARED_NAMES = frozenset({"id", "created_at", "updated_at", "metadata"})
#: A live table sharing fewer of its columns than this with the target's table of the same name is
#: another table that happens to have that name: it is moved aside and the target's created.
COLLISION_OVERLAP = 0.3
PHASES = ("global", "prepare", "convert", "columns", "create", "keys", "constraints", "indexes", "triggers",
          "partition", "cleanup")
SAMPLE = 5


@dataclass(frozen=True)
class Options:
    """Planning choices: the zone of old ``timestamp`` values, the lock budget, batches, lock waits."""

    timezone: str = "Africa/Nairobi"
    lock_budget_s: float = 1.0
    batch_rows: int = 5000
    lock_timeout_ms: int = 2000


@dataclass
class _Phases:
    steps: dict[str, list[Step]] = field(default_factory=dict)

    def add(self, step: Step) -> None:
        self.steps.setdefault(step.phase, []).append(step)

    def ordered(self) -> list[Step]:
        return [s for phase in PHASES for s in self.steps.get(phase, [])]


class Planner:
    """Builds one :class:`AdoptPlan` (see the module docstring); tables are planned by :class:`TableAdopter`."""

    def __init__(self, conn: Connection, live: Live, goal: dict[str, Any], mapping: Mapping, options: Options,
                 plan: AdoptPlan) -> None:
        self.conn = conn
        self.live = live
        self.goal = goal
        self.mapping = mapping
        self.options = options
        self.plan = plan
        self.phases = _Phases()
        self.discovered = Mapping(timezone=options.timezone)
        self.goal_tables: dict[str, Any] = goal.get("tables", {})
        self.goal_enums: dict[str, list[str]] = goal.get("enums", {})
        self.live_enums: dict[str, list[str]] = live.schema.get("enums", {})
        self.replaced_enums: set[str] = set()
        self.moved: set[str] = set()
        pairs = [(k.split(".", 1)[0], k.split(".", 1)[1]) if "." in k else ("public", k) for k in live.tables]
        self.bookkeeping = detect.bookkeeping_tables(pairs)

    def block(self, table: str | None, column: str | None, kind: str, rows: int, detail: str,
              sample: Iterable[str] = ()) -> None:
        """Record something that stops the plan."""
        self.plan.blockers.append(Blocker(table, column, kind, rows, detail, list(sample)[:SAMPLE]))

    def column_mapping(self, table: str, column: str) -> ColumnMapping | None:
        """The mapping file's decisions for ``table.column``."""
        return self.mapping.column(table, column)

    def default_partition(self, parent: str) -> str | None:
        """The target's DEFAULT partition of ``parent``."""
        return next((k for k, v in self.goal_tables.items()
                     if v.get("partition_of") == parent and v.get("partition_bound") == "DEFAULT"), None)

    # ------------------------------------------------------------------------------ top level
    def run(self) -> None:
        """Fill the plan."""
        self._preflight()
        self._extensions()
        self._enums()
        self._functions()
        live_tables = {k: v for k, v in self.live.tables.items() if "." not in k}
        partitions = {k for k, v in self.goal_tables.items() if "partition_of" in v}
        collisions = {n for n in live_tables if n in self.goal_tables and self._collides(live_tables[n], n)}
        for name in sorted(live_tables):
            if f"public.{name}" in self.bookkeeping or name in partitions:
                continue
            if name not in self.goal_tables or name in collisions:
                self._move_aside(name, "its name collides with a different table of the new schema"
                                 if name in collisions else "not part of the new schema")
        new_tables: list[str] = []
        for name in sorted(self.goal_tables):
            if name in partitions:
                if name in live_tables:
                    self._partition_index_names(name, live_tables[name])
                continue
            if name in live_tables and name not in collisions:
                self._existing(name, live_tables[name])
            else:
                new_tables.append(name)
        self._create_tables(new_tables)
        self._cleanup()
        self.plan.steps = self.phases.ordered()
        self.plan.tables.sort(key=lambda t: t.name)

    def _preflight(self) -> None:
        live = self.live
        if live.read_only:
            self.block(None, None, "read-only", 0, f"role {live.user} may only read (default_transaction_read_only, "
                       "or a standby); adopt must write")
        for view in sorted(live.schema.get("views", {})):
            self.block(view, None, "view", 0, "views are not part of the new schema and pin the types of the columns "
                       "they read; drop or move the view before adopting")
        for schema in live.schema.get("schemas", []):
            if schema not in ("drizzle", LEGACY_SCHEMA):
                self.block(None, None, "foreign schema", 0, f"schema {schema} is not chanuka-db's; move its objects "
                           "out or drop it before adopting")
        if not live.superuser:
            foreign = sorted(n for n, s in live.stats.items() if not s.owned)
            if foreign:
                owner = live.stats[foreign[0]].owner
                self.block(foreign[0], None, "privilege", 0, f"role {live.user} does not own {len(foreign)} table(s) "
                           f"(e.g. owned by {owner}); run adopt as the owner of the old tables")

    # ------------------------------------------------------------------------------ global objects
    def _extensions(self) -> None:
        have = set(self.live.schema.get("extensions", []))
        want = set(self.goal.get("extensions", []))
        for ext in sorted(want - have):
            self.phases.add(Step(f"global:extension:{ext}", "global", None, f"create extension {ext}",
                                 [f"CREATE EXTENSION IF NOT EXISTS {ident(ext)} WITH SCHEMA public"]))
        for ext in sorted(have - want):
            if ext in OLD_EXTENSIONS:
                self.phases.add(Step(f"cleanup:extension:{ext}", "cleanup", None, f"drop extension {ext}",
                                     [f"DROP EXTENSION IF EXISTS {ident(ext)}"]))
                self.plan.dropped.append(Dropped("extension", ext, "uuid_generate_v4() defaults become "
                                                 "gen_random_uuid() (built in); the extension holds no data"))
            else:
                self.block(None, None, "extension", 0, f"extension {ext} is not part of chanuka-db's schema; drop it "
                           "(or have it added to the schema) before adopting")

    def _enums(self) -> None:
        for name in sorted(self.goal_enums):
            want = self.goal_enums[name]
            have = self.live_enums.get(name)
            if have is None:
                values = ", ".join(literal(v) for v in want)
                self.phases.add(Step(f"global:enum:{name}", "global", None, f"create enum {name}",
                                     [f"CREATE TYPE public.{ident(name)} AS ENUM ({values})"]))
            elif have != want and [v for v in want if v in have] == have:
                self._widen(name, have, want)
            elif have != want:
                self._replace_enum(name, have, want)
        for name in sorted(set(self.live_enums) - set(self.goal_enums)):
            if SHADOW in name:
                continue
            users = [f"{t}.{c}" for t, e in self.live.tables.items() for c, s in e.get("columns", {}).items()
                     if str(s.get("type", "")).removesuffix("[]") == name]
            if users:
                self.phases.add(Step(f"cleanup:enum:{name}", "cleanup", None, f"move enum {name} aside (used by "
                                     f"{', '.join(users)})", [f"ALTER TYPE public.{ident(name)} SET SCHEMA "
                                                              f"{LEGACY_SCHEMA}"]))
                self.plan.moved_aside.append(f"type {name} (used by tables moved aside)")
            else:
                self.phases.add(Step(f"cleanup:enum:{name}", "cleanup", None, f"drop unused enum {name}",
                                     [f"DROP TYPE IF EXISTS public.{ident(name)}"]))
                self.plan.dropped.append(Dropped("enum", name, "declared by the old module, used by no column"))

    def _widen(self, name: str, have: list[str], want: list[str]) -> None:
        """``ALTER TYPE ... ADD VALUE`` for each missing value, in the target's order (outside a transaction)."""
        present = list(have)
        for index, value in enumerate(want):
            if value in present:
                continue
            following = next((v for v in want[index + 1 :] if v in present), None)
            where = f" BEFORE {literal(following)}" if following else ""
            self.phases.add(Step(f"global:enum:{name}:{value}", "global", None, f"add value {value} to enum {name}",
                                 [f"ALTER TYPE public.{ident(name)} ADD VALUE IF NOT EXISTS {literal(value)}{where}"],
                                 transactional=False, lock="catalog only"))
            present.insert(present.index(following) if following else len(present), value)
        added = [v for v in want if v not in have]
        self.plan.notes.append(f"enum {name} widened from {len(have)} to {len(want)} values ({', '.join(added)})")

    def _replace_enum(self, name: str, have: list[str], want: list[str]) -> None:
        """A type whose values differ: a new type; its columns are converted through text and the mapping."""
        self.replaced_enums.add(name)
        old = f"{name}{SHADOW}_old"
        values = ", ".join(literal(v) for v in want)
        self.phases.add(Step(f"global:enum:{name}:replace", "global", None,
                             f"replace enum {name} (old values: {', '.join(have)})",
                             [f"ALTER TYPE public.{ident(name)} RENAME TO {ident(old)}",
                              f"CREATE TYPE public.{ident(name)} AS ENUM ({values})"]))
        self.phases.add(Step(f"cleanup:enum:{old}", "cleanup", None, f"drop the replaced enum {name}",
                             [f"DROP TYPE IF EXISTS public.{ident(old)}"]))

    def _functions(self) -> None:
        have: dict[str, str] = self.live.schema.get("functions", {})
        want: dict[str, str] = self.goal.get("functions", {})
        for sig in sorted(want):
            if have.get(sig) != want[sig]:
                self.phases.add(Step(f"global:function:{sig}", "global", None, f"create function {sig}", [want[sig]]))
        for sig in sorted(set(have) - set(want)):
            name, _, args = sig.partition("(")
            self.phases.add(Step(f"cleanup:function:{sig}", "cleanup", None, f"move function {sig} aside",
                                 [f"ALTER FUNCTION public.{ident(name)}({args} SET SCHEMA {LEGACY_SCHEMA}"]))
            self.plan.moved_aside.append(f"function {sig}")

    # ------------------------------------------------------------------------------ tables
    def _collides(self, live_entry: dict[str, Any], name: str) -> bool:
        live_cols = set(live_entry.get("columns", {})) - _SHARED_NAMES
        goal_cols = set(self.goal_tables[name].get("columns", {}))
        return bool(live_cols) and len(live_cols & goal_cols) / len(live_cols) < COLLISION_OVERLAP

    def _move_aside(self, name: str, reason: str) -> None:
        rows = self.live.rows(name)
        self.moved.add(name)
        self.phases.add(Step(f"global:move:{name}", "global", name, f"move table {name} ({rows} rows) to "
                             f"{LEGACY_SCHEMA}: {reason}", [f"ALTER TABLE public.{ident(name)} SET SCHEMA "
                                                            f"{LEGACY_SCHEMA}"],
                             lock="ACCESS EXCLUSIVE (catalog only)", est_lock_s=estimate.CATALOG_S))
        self.plan.moved_aside.append(f"table {name} ({rows} rows): {reason}")
        self.plan.tables.append(TablePlan(name, "moved aside", rows, self.live.bytes(name), "move",
                                          est_lock_s=estimate.CATALOG_S))

    def _existing(self, name: str, live_entry: dict[str, Any]) -> None:
        goal_entry = self.goal_tables[name]
        parent: str | None = None
        if goal_entry.get("kind") == "partitioned table" and live_entry.get("kind") == "table":
            default = self.default_partition(name)
            if default is None:
                self.block(name, None, "unsupported", 0, "the new schema partitions this table without a DEFAULT "
                           "partition; adopt attaches the old table as the DEFAULT partition")
                return
            parent, goal_entry = name, self.goal_tables[default]
        TableAdopter(self, name, live_entry, goal_entry, parent).plan()

    def _partition_index_names(self, name: str, live_entry: dict[str, Any]) -> None:
        """Partition indexes PostgreSQL named itself: renamed to the target's names where they differ."""
        goal_i = self.goal_tables[name].get("indexes", {})
        live_i = live_entry.get("indexes", {})
        wanted = {sqltext.index_shape(d): n for n, d in goal_i.items() if n not in live_i}
        renames = [(n, wanted[sqltext.index_shape(d)]) for n, d in sorted(live_i.items())
                   if n not in goal_i and sqltext.index_shape(d) in wanted]
        if renames:
            self.phases.add(Step(f"indexes:{name}:names", "indexes", name, f"name the indexes of partition {name}",
                                 [f"ALTER INDEX public.{ident(o)} RENAME TO {ident(n)}" for o, n in renames]))

    def _create_tables(self, names: list[str]) -> None:
        fks: list[str] = []
        for name in names:
            entry = self.goal_tables[name]
            statements = ddl.create_table(name, entry)
            fks += ddl.foreign_keys(name, entry)
            for part in sorted(k for k, v in self.goal_tables.items() if v.get("partition_of") == name):
                statements += ddl.create_partition(part, self.goal_tables[part], entry)
            self.phases.add(Step(f"create:{name}", "create", name, f"create table {name}", statements))
            self.plan.tables.append(TablePlan(name, "added", strategy="create",
                                              added=[f"table {name} ({len(entry.get('columns', {}))} columns)"]))
        if fks:
            self.phases.add(Step("create:foreign-keys", "create", None,
                                 f"foreign keys of the {len(names)} new table(s)", fks))

    def _cleanup(self) -> None:
        for qualified in self.bookkeeping:
            schema, _, table = qualified.partition(".")
            self.phases.add(Step(f"cleanup:bookkeeping:{qualified}", "cleanup", None,
                                 f"drop drizzle bookkeeping {qualified} (its rows are kept in the adopt journal)",
                                 [f"DROP TABLE IF EXISTS {sqltext.qualified(schema, table)}"]))
            self.plan.dropped.append(Dropped("table", qualified, "drizzle's migration bookkeeping: the old module's "
                                             "migration history, not platform data (its rows go to the journal)"))
        if "drizzle" in self.live.schema.get("schemas", []):
            self.phases.add(Step("cleanup:schema:drizzle", "cleanup", None, "drop the emptied schema drizzle",
                                 ["DROP SCHEMA IF EXISTS drizzle"]))


def build(
    conn: Connection,
    live: Live,
    goal: dict[str, Any],
    detection: Detection,
    mapping: Mapping,
    options: Options,
    *,
    database: str,
    types_ready: bool = True,
) -> tuple[AdoptPlan, Mapping]:
    """Plan the adoption of the database ``conn`` is connected to (reads only); returns the plan and
    the mapping entries this database needs (for the mapping file)."""
    plan = AdoptPlan(database=database, detection=detection, timezone=options.timezone,
                     mapping_file=str(mapping.path) if mapping.path else None)
    planner = Planner(conn, live, goal, mapping, options, plan)
    if not types_ready:
        plan.notes.append("the role may not create types, even in a rolled-back transaction: constraints on the new "
                          "enum types were not checked against the data beforehand")
    planner.run()
    return plan, planner.discovered
