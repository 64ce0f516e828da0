"""The adopt plan: every difference between the live database and the target schema, as ordered steps.

The target is the committed snapshot of the adopt base revision (:mod:`chanuka_db.adopt.target`).
:func:`build` compares it with the live snapshot and produces, per table, what is added, changed or
kept, every data conversion with its exact SQL, what blocks the plan, what is dropped (duplicate or
superseded indexes and constraints, drizzle bookkeeping, unused types: never a column holding data),
what is moved aside into ``chanuka_legacy``, and the steps, in phases:

1. ``global``: extensions, enum types (new ones; missing values added with ``ALTER TYPE ... ADD
   VALUE``, outside a transaction), functions; tables the new schema does not have moved aside.
2. ``prepare`` (per table, one short transaction): renames of constraints and indexes that only
   change name, obsolete triggers/constraints dropped, columns added, defaults and comments.
3. ``convert``: column conversions. In place (one ``ALTER TABLE ... TYPE ... USING``) when the
   estimated rewrite fits the lock budget, otherwise online: shadow columns kept in sync by a
   trigger, backfilled in batches, indexes built concurrently, swapped in a short transaction.
4. ``columns``: NOT NULL (through a validated CHECK on large tables, so no scan under the lock).
5. ``create``: tables the old database never had.
6. ``constraints``: CHECK and FOREIGN KEY added ``NOT VALID`` then validated (writers keep going);
   UNIQUE and PRIMARY KEY from indexes built ``CONCURRENTLY``.
7. ``indexes``: built ``CONCURRENTLY``; superseded and duplicate ones dropped ``CONCURRENTLY``.
8. ``triggers``, 9. ``partition`` (tables that became partitioned: the old table is attached as the
   DEFAULT partition of a new parent, no row moves), 10. ``cleanup``.

Re-running :func:`build` on a partly adopted database plans only what is left (every step's effect
is visible in the catalog), which is how an interrupted adopt resumes.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from chanuka_db.adopt import convert, sqltext
from chanuka_db.adopt.live import Live
from chanuka_db.adopt.mapping import NULL_TOKEN, ColumnMapping, Mapping
from chanuka_db.adopt.model import (
    LEGACY_SCHEMA,
    SHADOW,
    AdoptPlan,
    Backfill,
    Blocker,
    Conversion,
    Detection,
    Dropped,
    Step,
    TablePlan,
    ValueCount,
)
from chanuka_db.adopt.sqltext import ident, literal

#: Estimated throughput of a table rewrite, an index build and a sequential scan (bytes per second),
#: used only to estimate lock times and choose in-place or online conversions.
REWRITE_BYTES_PER_S = 80e6
INDEX_BYTES_PER_S = 40e6
SCAN_BYTES_PER_S = 300e6
#: A catalog-only statement (rename, add a nullable column, swap): its lock lasts about this long.
CATALOG_S = 0.05
#: Extensions the old module needed that chanuka-db does not (dropped once nothing uses them).
OLD_EXTENSIONS = frozenset({"uuid-ossp"})
SAMPLE = 5
_SHAPE_KEEP = frozenset({"id", "created_at", "updated_at", "metadata"})
_VOLATILE = re.compile(r"\b(now|clock_timestamp|statement_timestamp|transaction_timestamp|gen_random_uuid|random)\(")


@dataclass(frozen=True)
class Options:
    """Planning choices: the zone of old ``timestamp`` values, the lock budget, the backfill batch."""

    timezone: str = "Africa/Nairobi"
    lock_budget_s: float = 1.0
    batch_rows: int = 5000
    lock_timeout_ms: int = 2000


@dataclass
class _Phases:
    """Steps collected per phase, emitted in phase order."""

    order: tuple[str, ...] = (
        "global",
        "prepare",
        "convert",
        "columns",
        "create",
        "keys",
        "constraints",
        "indexes",
        "triggers",
        "partition",
        "cleanup",
    )
    steps: dict[str, list[Step]] = field(default_factory=dict)

    def add(self, step: Step) -> None:
        self.steps.setdefault(step.phase, []).append(step)

    def ordered(self) -> list[Step]:
        return [s for phase in self.order for s in self.steps.get(phase, [])]


def temp_name(name: str) -> str:
    """A name for a temporary index standing in for ``name`` (kept under 63 bytes)."""
    candidate = name + SHADOW
    if len(candidate.encode()) <= 63:
        return candidate
    return "adopt_" + hashlib.md5(name.encode(), usedforsecurity=False).hexdigest()[:16] + SHADOW


def _q(table: str) -> str:
    return f"public.{ident(table)}"


def _estimate_rewrite(live: Live, table: str) -> float:
    stats = live.stats.get(table)
    if stats is None:
        return 0.0
    return (stats.table_bytes / REWRITE_BYTES_PER_S) + (stats.index_bytes / INDEX_BYTES_PER_S)


def _estimate_scan(live: Live, table: str) -> float:
    return live.bytes(table) / SCAN_BYTES_PER_S


class Planner:
    """Builds one :class:`AdoptPlan` (see the module docstring)."""

    def __init__(
        self,
        conn: Connection,
        live: Live,
        goal: dict[str, Any],
        mapping: Mapping,
        options: Options,
        plan: AdoptPlan,
    ) -> None:
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
        self.new_tables: list[str] = []
        self.moved: set[str] = set()

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
            if name in self.goal_tables and name not in collisions and name not in partitions:
                continue
            if name in partitions and not self._partition_in_progress(name):
                pass
            if name in self.plan.detection.bookkeeping or f"public.{name}" in self.plan.detection.bookkeeping:
                continue
            if name in partitions:
                continue
            self._move_aside(name, "a name collision with the new schema's table" if name in collisions else "")
        for name in sorted(self.goal_tables):
            if name in partitions:
                continue
            if name in live_tables and name not in collisions:
                self._existing(name, live_tables[name])
            else:
                self.new_tables.append(name)
        self._create_tables()
        self._cleanup()
        self.plan.steps = self.phases.ordered()
        self.plan.tables.sort(key=lambda t: t.name)

    def _partition_in_progress(self, name: str) -> bool:
        return False

    def _preflight(self) -> None:
        live = self.live
        if live.read_only:
            self._block(None, None, "read-only", 0, f"role {live.user} is in a read-only transaction; adopt must write")
        views = live.schema.get("views", {})
        for view in sorted(views):
            self._block(view, None, "view", 0, "views are not part of the new schema and would pin column types; "
                        "drop or move the view first")
        extra_schemas = [s for s in live.schema.get("schemas", []) if s not in ("drizzle", LEGACY_SCHEMA)]
        extra_schemas += [s for s in self.goal.get("schemas", []) if False]
        for schema in extra_schemas:
            self._block(None, None, "foreign schema", 0, f"schema {schema} is not chanuka-db's; move its objects out "
                        "or drop it before adopting")
        if not live.superuser:
            for name, stats in sorted(live.stats.items()):
                if stats.owner != live.user:
                    self._block(name, None, "privilege", 0, f"role {live.user} does not own the table (owner "
                                f"{stats.owner}); run adopt as the owner of the old tables")
                    break

    # ------------------------------------------------------------------------------ global objects
    def _extensions(self) -> None:
        have = set(self.live.schema.get("extensions", []))
        want = set(self.goal.get("extensions", []))
        for ext in sorted(want - have):
            self.phases.add(
                Step(f"global:extension:{ext}", "global", None, f"create extension {ext}",
                     [f"CREATE EXTENSION IF NOT EXISTS {ident(ext)} WITH SCHEMA public"])
            )
        for ext in sorted(have - want):
            if ext in OLD_EXTENSIONS:
                self.phases.add(
                    Step(f"cleanup:extension:{ext}", "cleanup", None, f"drop extension {ext} (no longer used)",
                         [f"DROP EXTENSION IF EXISTS {ident(ext)}"])
                )
                self.plan.dropped.append(Dropped("extension", ext, "the old uuid_generate_v4() defaults are replaced "
                                                 "by gen_random_uuid(); it holds no data"))
            else:
                self._block(None, None, "extension", 0, f"extension {ext} is not part of chanuka-db's schema; "
                            "drop it (or ask for it to be added to the schema) before adopting")

    def _enums(self) -> None:
        for name in sorted(self.goal_enums):
            want = self.goal_enums[name]
            have = self.live_enums.get(name)
            if have is None:
                values = ", ".join(literal(v) for v in want)
                self.phases.add(Step(f"global:enum:{name}", "global", None, f"create enum {name}",
                                     [f"CREATE TYPE public.{ident(name)} AS ENUM ({values})"]))
                continue
            if have == want:
                continue
            if [v for v in want if v in have] == have:
                for index, value in enumerate(want):
                    if value in have:
                        continue
                    following = next((v for v in want[index + 1 :] if v in have), None)
                    where = f"BEFORE {literal(following)}" if following else ""
                    if not where:
                        previous = next((v for v in reversed(want[:index]) if v in have or v in want[:index]), None)
                        where = f"AFTER {literal(previous)}" if previous else ""
                    self.phases.add(
                        Step(f"global:enum:{name}:{value}", "global", None, f"add value {value} to enum {name}",
                             [f"ALTER TYPE public.{ident(name)} ADD VALUE IF NOT EXISTS {literal(value)} {where}".strip()],
                             transactional=False, lock="catalog only")
                    )
                    have = [*have[: have.index(following)], value, *have[have.index(following) :]] if following else [
                        *have, value]
                added = [v for v in want if v not in self.live_enums[name]]
                self.plan.notes.append(f"enum {name} widened from {len(self.live_enums[name])} to {len(want)} values "
                                       f"({', '.join(added)})")
                continue
            # Values the new type lacks, or a different order: a new type, columns converted through text.
            self.replaced_enums.add(name)
            old = f"{name}{SHADOW}_old"
            values = ", ".join(literal(v) for v in want)
            self.phases.add(Step(f"global:enum:{name}:replace", "global", None,
                                 f"replace enum {name} (its values differ: {', '.join(have)})",
                                 [f"ALTER TYPE public.{ident(name)} RENAME TO {ident(old)}",
                                  f"CREATE TYPE public.{ident(name)} AS ENUM ({values})"]))
            self.phases.add(Step(f"cleanup:enum:{old}", "cleanup", None, f"drop the replaced enum {name}",
                                 [f"DROP TYPE IF EXISTS public.{ident(old)}"]))
        for name in sorted(set(self.live_enums) - set(self.goal_enums)):
            if name.endswith(f"{SHADOW}_old"):
                continue
            users = self._enum_users(name)
            if users:
                self.phases.add(Step(f"cleanup:enum:{name}", "cleanup", None,
                                     f"move enum {name} aside (used by {', '.join(users)})",
                                     [f"ALTER TYPE public.{ident(name)} SET SCHEMA {LEGACY_SCHEMA}"]))
                self.plan.moved_aside.append(f"type {name} (used by tables moved aside)")
            else:
                self.phases.add(Step(f"cleanup:enum:{name}", "cleanup", None, f"drop unused enum {name}",
                                     [f"DROP TYPE IF EXISTS public.{ident(name)}"]))
                self.plan.dropped.append(Dropped("enum", name, "declared by the old module but used by no column"))

    def _enum_users(self, name: str) -> list[str]:
        users = []
        for table, entry in self.live.tables.items():
            for col, spec in entry.get("columns", {}).items():
                if str(spec.get("type", "")).removesuffix("[]") == name:
                    users.append(f"{table}.{col}")
        return users

    def _functions(self) -> None:
        have: dict[str, str] = self.live.schema.get("functions", {})
        want: dict[str, str] = self.goal.get("functions", {})
        for sig in sorted(want):
            if have.get(sig) != want[sig]:
                self.phases.add(Step(f"global:function:{sig}", "global", None, f"create function {sig}",
                                     [want[sig]]))
        for sig in sorted(set(have) - set(want)):
            name, _, args = sig.partition("(")
            self.phases.add(Step(f"cleanup:function:{sig}", "cleanup", None, f"move function {sig} aside",
                                 [f"ALTER FUNCTION public.{ident(name)}({args} SET SCHEMA {LEGACY_SCHEMA}"]))
            self.plan.moved_aside.append(f"function {sig}")

    # ------------------------------------------------------------------------------ tables
    def _collides(self, live_entry: dict[str, Any], name: str) -> bool:
        """True when a live table only shares its name with the target's (its columns are mostly others)."""
        goal_entry = self.goal_tables[name]
        live_cols = set(live_entry.get("columns", {})) - _SHAPE_KEEP
        goal_cols = set(goal_entry.get("columns", {}))
        if not live_cols:
            return False
        return len(live_cols & goal_cols) / len(live_cols) < 0.3

    def _move_aside(self, name: str, why: str) -> None:
        rows = self.live.rows(name)
        self.moved.add(name)
        reason = why or "not part of the new schema"
        self.phases.add(
            Step(f"global:move:{name}", "global", name, f"move table {name} ({rows} rows) to {LEGACY_SCHEMA}: {reason}",
                 [f"ALTER TABLE public.{ident(name)} SET SCHEMA {LEGACY_SCHEMA}"], lock="catalog only",
                 est_lock_s=CATALOG_S)
        )
        self.plan.moved_aside.append(f"table {name} ({rows} rows): {reason}")
        self.plan.tables.append(TablePlan(name, "moved aside", rows, self.live.bytes(name), "move", est_lock_s=CATALOG_S))

    def _existing(self, name: str, live_entry: dict[str, Any]) -> None:
        goal_entry = self.goal_tables[name]
        partition_parent: str | None = None
        if goal_entry.get("kind") == "partitioned table" and live_entry.get("kind") == "table":
            default = next(
                (k for k, v in self.goal_tables.items()
                 if v.get("partition_of") == name and v.get("partition_bound") == "DEFAULT"),
                None,
            )
            if default is None:
                self._block(name, None, "unsupported", 0, "the new schema partitions this table without a DEFAULT "
                            "partition; adopt can only attach the old table as the DEFAULT partition")
                return
            partition_parent = name
            goal_entry = self.goal_tables[default]
        TableAdopter(self, name, live_entry, goal_entry, partition_parent).plan()

    def _create_tables(self) -> None:
        if not self.new_tables:
            return
        fks: list[str] = []
        for name in self.new_tables:
            entry = self.goal_tables[name]
            statements = create_table_sql(name, entry, self.goal_tables)
            fks += [f"ALTER TABLE {_q(name)} ADD CONSTRAINT {ident(c)} {d}"
                    for c, d in sorted(entry.get("constraints", {}).items()) if d.startswith("FOREIGN KEY")]
            for part in sorted(k for k, v in self.goal_tables.items() if v.get("partition_of") == name):
                statements += create_partition_sql(part, self.goal_tables[part], self.goal_tables[name])
            self.phases.add(Step(f"create:{name}", "create", name, f"create table {name}", statements))
            self.plan.tables.append(TablePlan(name, "added", strategy="create",
                                              added=[f"table {name} ({len(entry.get('columns', {}))} columns)"]))
        if fks:
            self.phases.add(Step("create:foreign-keys", "create", None,
                                 f"foreign keys of the {len(self.new_tables)} new table(s)", fks))

    def _cleanup(self) -> None:
        for qualified in self.plan.detection.bookkeeping:
            schema, _, table = qualified.partition(".")
            self.phases.add(
                Step(f"cleanup:bookkeeping:{qualified}", "cleanup", None,
                     f"drop drizzle bookkeeping {qualified} (its rows are kept in the adopt journal)",
                     [f"DROP TABLE IF EXISTS {sqltext.qualified(schema, table)}"])
            )
            self.plan.dropped.append(Dropped("table", qualified, "drizzle's migration bookkeeping: it describes the old "
                                             "module's migrations, not platform data (rows copied to the journal)"))
        if "drizzle" in self.live.schema.get("schemas", []):
            self.phases.add(Step("cleanup:schema:drizzle", "cleanup", None, "drop the empty schema drizzle",
                                 ["DROP SCHEMA IF EXISTS drizzle"]))

    # ------------------------------------------------------------------------------ helpers
    def _block(self, table: str | None, column: str | None, kind: str, rows: int, detail: str,
               sample: Iterable[str] = ()) -> None:
        self.plan.blockers.append(Blocker(table, column, kind, rows, detail, list(sample)[:SAMPLE]))

    def column_mapping(self, table: str, column: str) -> ColumnMapping | None:
        return self.mapping.column(table, column)


# ====================================================================================== per table
class TableAdopter:
    """Plans one table that exists in both the live database and the target."""

    def __init__(
        self,
        planner: Planner,
        name: str,
        live_entry: dict[str, Any],
        goal_entry: dict[str, Any],
        partition_parent: str | None,
    ) -> None:
        self.p = planner
        self.name = name
        self.L = live_entry
        self.G = goal_entry
        self.parent = partition_parent
        self.stats = planner.live.stats.get(name)
        self.rows = planner.live.rows(name)
        self.table_plan = TablePlan(name, "kept", self.rows, planner.live.bytes(name))
        self.conversions: dict[str, Conversion] = {}
        self.online = False
        self.prepare: list[str] = []
        self.prepare_notes: list[str] = []
        self.after: list[str] = []
        self.lock = CATALOG_S

    # ------------------------------------------------------------------ main
    def plan(self) -> None:
        lcols: dict[str, Any] = self.L.get("columns", {})
        gcols: dict[str, Any] = self.G.get("columns", {})
        shadows = {c.removesuffix(SHADOW) for c in lcols if c.endswith(SHADOW)}
        pk = self.stats.pk if self.stats else ()
        # 1. conversions
        for col in sorted(set(lcols) & set(gcols)):
            old_t, new_t = str(lcols[col]["type"]), str(gcols[col]["type"])
            kind = convert.kind_of(old_t, new_t, enums=self.p.goal_enums, zone=self.p.options.timezone,
                                   primary_key=(pk == (col,)), replaced_enums=self.p.replaced_enums)
            if col in shadows and kind is None:
                kind = "resume"
            if kind is not None:
                self._conversion(col, old_t, new_t, kind, lcols[col], gcols[col])
        self._choose_strategy(shadows)
        converted = set(self.conversions)
        online_cols = converted if self.online else set()
        # 2. columns added / extra / changed
        self._columns(lcols, gcols, converted)
        # 3. constraints, indexes, triggers
        cons_plan = self._constraints(online_cols, converted)
        idx_plan = self._indexes(online_cols, converted)
        self._triggers()
        # 4. emit steps
        self._emit_prepare()
        if self.conversions:
            if self.online:
                self._emit_online(pk, cons_plan, idx_plan)
            else:
                self._emit_direct()
        self._emit_columns(lcols, gcols, converted)
        self._emit_constraints(cons_plan)
        self._emit_indexes(idx_plan)
        self._emit_triggers()
        if self.parent is not None:
            self._emit_partition()
        changed = bool(self.table_plan.added or self.table_plan.changed or self.table_plan.dropped)
        self.table_plan.status = "partitioned" if self.parent else ("changed" if changed else "kept")
        self.table_plan.kept = len(set(lcols) & set(gcols)) - len(self.conversions)
        self.table_plan.est_lock_s = round(self.lock, 3)
        self.p.plan.tables.append(self.table_plan)

    # ------------------------------------------------------------------ conversions
    def _conversion(self, col: str, old_t: str, new_t: str, kind: str, lspec: dict[str, Any],
                    gspec: dict[str, Any]) -> None:
        if kind == "resume":
            kind = "cast"
        mapped = self.p.column_mapping(self.name, col)
        nullable = bool(gspec.get("nullable", True))
        conv = Conversion(self.name, col, old_t, new_t, kind, "", rows=self.rows,
                          rewrite=kind not in ("relabel",))
        unfit_values: list[str] = []
        decided = mapped.decided() if mapped else {}
        if kind == "enum":
            labels = self.p.goal_enums.get(new_t, [])
            values, distinct = convert.enum_values(self.p.conn, self.name, col, labels, mapped, nullable)
            conv.values = values
            if distinct > convert.MAX_DISTINCT:
                self.p._block(self.name, col, "too many values", self.rows,
                              f"more than {convert.MAX_DISTINCT} distinct values for enum {new_t}; clean the column first")
            unfit_values = [v.value for v in values if not v.fits and v.value is not None]
            self._discover(col, new_t, labels, values, "free text to enum: map every value to one of `allowed`")
        elif kind in ("cast", "timezone", "map"):
            unfit, complete = convert.cast_unfit(self.p.conn, self.name, col, new_t, kind, self.p.options.timezone,
                                                 self.p.live.server_version_num)
            if not complete:
                self.p.plan.notes.append(f"{self.name}.{col}: too many distinct values to pre-check the cast to "
                                         f"{new_t} on this PostgreSQL; a value that does not cast stops the step")
            values = []
            for value, count in unfit:
                target = decided.get(value) if value in decided else None
                fits = value in decided and (target is not None or nullable)
                if fits and target is not None and kind != "map":
                    fits = self._castable(target, new_t)
                values.append(ValueCount(value, count, target if value in decided else None, fits))
                if not fits:
                    unfit_values.append(value)
            conv.values = values
            if kind == "map":
                conv.values = self._map_values(col, new_t, decided, nullable)
                unfit_values = [v.value for v in conv.values if not v.fits and v.value is not None]
            if values or kind == "map":
                self._discover(col, new_t, [], conv.values, f"values that do not convert to {new_t}")
        conv.expression = convert.expression(kind, col, new_t, self.p.options.timezone, self.name, decided)
        self.lenient = getattr(self, "lenient", {})
        self.lenient[col] = convert.expression(kind, col, new_t, self.p.options.timezone, self.name, decided,
                                               unfit=unfit_values)
        for vc in conv.unfit:
            self.p._block(self.name, col, "value does not fit", vc.rows,
                          f"{vc.value!r} cannot become {new_t}; decide its new value in the mapping file")
        self.conversions[col] = conv
        self.p.plan.conversions.append(conv)
        self.table_plan.changed.append(f"column {col}: {old_t} -> {new_t} ({kind})")

    def _castable(self, value: str, new_t: str) -> bool:
        savepoint = self.p.conn.begin_nested()
        try:
            self.p.conn.execute(text(f"SELECT CAST(:v AS {new_t})"), {"v": value})
            return True
        except Exception:
            return False
        finally:
            savepoint.rollback()

    def _map_values(self, col: str, new_t: str, decided: dict[str, str | None], nullable: bool) -> list[ValueCount]:
        rows = self.p.conn.execute(
            text(f"SELECT {ident(col)}::text, count(*) FROM {_q(self.name)} WHERE {ident(col)} IS NOT NULL "  # noqa: S608
                 "GROUP BY 1 ORDER BY 1")
        ).all()
        out = []
        for value, count in rows:
            target = decided.get(str(value))
            fits = str(value) in decided and (target is not None or nullable)
            out.append(ValueCount(str(value), int(count), target, fits))
        return out

    def _discover(self, col: str, new_t: str, allowed: list[str], values: list[ValueCount], reason: str) -> None:
        entry = ColumnMapping(to=new_t, allowed=list(allowed), reason=reason)
        for vc in values:
            key = NULL_TOKEN if vc.value is None else vc.value
            if vc.value is None and vc.fits and vc.target == NULL_TOKEN and not allowed:
                continue
            entry.values[key] = vc.target if (vc.fits or vc.target is not None) else None
            entry.rows[key] = vc.rows
        if entry.values:
            self.p.discovered.columns[f"{self.name}.{col}"] = entry

    def _choose_strategy(self, shadows: set[str]) -> None:
        if not self.conversions:
            return
        if shadows:
            self.online = True
            return
        rewrite = any(c.rewrite for c in self.conversions.values())
        estimate = _estimate_rewrite(self.p.live, self.name) if rewrite else self._index_rebuild_estimate()
        pk = self.stats.pk if self.stats else ()
        rekey = any(c.kind == "rekey" for c in self.conversions.values())
        if estimate > self.p.options.lock_budget_s and len(pk) == 1 and not rekey:
            self.online = True
            self.table_plan.strategy = "online (shadow columns, batched backfill, short swap)"
            return
        self.table_plan.strategy = "in place (one ALTER TABLE)"
        self.lock = max(self.lock, estimate + CATALOG_S)
        if estimate > self.p.options.lock_budget_s:
            self.p.plan.notes.append(f"{self.name}: converted in place although the estimated lock is {estimate:.1f}s "
                                     "(no single-column primary key to batch on)")

    def _index_rebuild_estimate(self) -> float:
        stats = self.stats
        if stats is None:
            return 0.0
        indexes = list(self.L.get("indexes", {}).values()) + [
            d for d in self.L.get("constraints", {}).values() if d.startswith(("PRIMARY KEY", "UNIQUE"))]
        touched = [d for d in indexes if any(sqltext.mentions(d, c) for c in self.conversions)]
        if not indexes:
            return 0.0
        return stats.index_bytes * len(touched) / len(indexes) / INDEX_BYTES_PER_S

    # ------------------------------------------------------------------ columns
    def _columns(self, lcols: dict[str, Any], gcols: dict[str, Any], converted: set[str]) -> None:
        for col in sorted(set(gcols) - set(lcols)):
            spec = gcols[col]
            if col.endswith(SHADOW):
                continue
            self._add_column(col, spec)
        extra = sorted(c for c in set(lcols) - set(gcols) if not c.endswith(SHADOW))
        if extra:
            self._move_columns_aside(extra)
        for col in sorted(set(lcols) & set(gcols)):
            lspec, gspec = lcols[col], gcols[col]
            if "generated" in lspec and "generated" not in gspec:
                self.prepare.append(f"ALTER TABLE {_q(self.name)} ALTER COLUMN {ident(col)} DROP EXPRESSION")
                self.table_plan.changed.append(f"column {col}: no longer generated (values kept)")
            elif "generated" in gspec and lspec.get("generated") != gspec["generated"]:
                self.p._block(self.name, col, "unsupported", 0, "the new schema generates this column; adopt cannot "
                              "turn a stored column into a generated one without dropping its values")
            if col in converted:
                continue
            if lspec.get("default") != gspec.get("default"):
                if "default" in gspec:
                    self.prepare.append(f"ALTER TABLE {_q(self.name)} ALTER COLUMN {ident(col)} SET DEFAULT "
                                        f"{gspec['default']}")
                else:
                    self.prepare.append(f"ALTER TABLE {_q(self.name)} ALTER COLUMN {ident(col)} DROP DEFAULT")
                self.table_plan.changed.append(f"column {col}: default {lspec.get('default')} -> {gspec.get('default')}")
            if gspec.get("nullable", True) and not lspec.get("nullable", True):
                self.prepare.append(f"ALTER TABLE {_q(self.name)} ALTER COLUMN {ident(col)} DROP NOT NULL")
                self.table_plan.changed.append(f"column {col}: now nullable")

    def _add_column(self, col: str, spec: dict[str, Any]) -> None:
        parts = [f"ALTER TABLE {_q(self.name)} ADD COLUMN IF NOT EXISTS {ident(col)} {spec['type']}"]
        default = spec.get("default")
        not_null = not spec.get("nullable", True)
        if "generated" in spec:
            parts.append(f"GENERATED ALWAYS AS ({spec['generated']}) STORED")
            self.lock = max(self.lock, _estimate_rewrite(self.p.live, self.name) + CATALOG_S)
        elif default is not None:
            if _VOLATILE.search(str(default)) and self.rows and (
                    _estimate_rewrite(self.p.live, self.name) > self.p.options.lock_budget_s):
                # A volatile default rewrites the table: add it empty, fill in batches, then NOT NULL.
                self.prepare.append(" ".join(parts))
                self.prepare.append(f"ALTER TABLE {_q(self.name)} ALTER COLUMN {ident(col)} SET DEFAULT {default}")
                self.p.phases.add(Step(
                    f"convert:{self.name}:fill:{col}", "convert", self.name,
                    f"fill the new column {self.name}.{col} with {default} in batches",
                    backfill=Backfill(self.name, self._key(), [(col, str(default))], where=f"{ident(col)} IS NULL",
                                      batch_rows=self.p.options.batch_rows),
                    transactional=False))
                self.table_plan.added.append(f"column {col} {spec['type']} (filled in batches)")
                return
            parts.append(f"DEFAULT {default}")
            if _VOLATILE.search(str(default)):
                self.lock = max(self.lock, _estimate_rewrite(self.p.live, self.name) + CATALOG_S)
        if not_null:
            if default is None and "generated" not in spec and self.rows:
                self.p._block(self.name, col, "not null", self.rows, "the new schema adds this NOT NULL column "
                              "without a default; adopt cannot invent its values")
            parts.append("NOT NULL")
        self.prepare.append(" ".join(parts))
        self.table_plan.added.append(f"column {col} {spec['type']}")

    def _key(self) -> str:
        pk = self.stats.pk if self.stats else ()
        return pk[0] if len(pk) == 1 else "ctid"

    def _move_columns_aside(self, extra: list[str]) -> None:
        pk = list(self.stats.pk) if self.stats else []
        if not pk:
            self.p._block(self.name, ", ".join(extra), "unsupported", self.rows, "columns the new schema does not "
                          "have, on a table without a primary key to keep them by")
            return
        legacy = f"{self.name}__columns"
        cols = ", ".join(ident(c) for c in [*pk, *extra])
        keys = ", ".join(ident(c) for c in pk)
        self.p.phases.add(Step(
            f"prepare:{self.name}:aside", "prepare", self.name,
            f"move column(s) {', '.join(extra)} of {self.name} aside to {LEGACY_SCHEMA}.{legacy}",
            [f"LOCK TABLE {_q(self.name)} IN SHARE MODE",
             f"CREATE TABLE IF NOT EXISTS {LEGACY_SCHEMA}.{ident(legacy)} AS SELECT {cols} FROM {_q(self.name)}",  # noqa: S608
             f"ALTER TABLE {LEGACY_SCHEMA}.{ident(legacy)} ADD PRIMARY KEY ({keys})",
             *[f"ALTER TABLE {_q(self.name)} DROP COLUMN {ident(c)}" for c in extra]],
            lock="SHARE (writes wait while the columns are copied)",
            est_lock_s=_estimate_scan(self.p.live, self.name) * 2 + CATALOG_S))
        self.lock = max(self.lock, _estimate_scan(self.p.live, self.name) * 2 + CATALOG_S)
        self.p.plan.moved_aside.append(f"columns {self.name}.({', '.join(extra)}) with {', '.join(pk)}: "
                                       f"{LEGACY_SCHEMA}.{legacy}")

    # ------------------------------------------------------------------ constraints
    def _constraints(self, online_cols: set[str], converted: set[str]) -> dict[str, Any]:
        live_c: dict[str, str] = dict(self.L.get("constraints", {}))
        goal_c: dict[str, str] = dict(self.G.get("constraints", {}))
        keep: dict[str, str] = {}
        validate: list[str] = []
        for name, definition in list(live_c.items()):
            base, not_valid = sqltext.strip_not_valid(definition)
            if goal_c.get(name) == base:
                keep[name] = name
                if not_valid:
                    validate.append(name)
        free_goal = {n: d for n, d in goal_c.items() if n not in keep}
        renames: list[tuple[str, str]] = []
        for name, definition in sorted(live_c.items()):
            if name in keep:
                continue
            base, not_valid = sqltext.strip_not_valid(definition)
            if any(sqltext.mentions(base, c) for c in online_cols):
                continue
            match = next((g for g, d in sorted(free_goal.items()) if d == base), None)
            if match is not None:
                renames.append((name, match))
                keep[name] = match
                del free_goal[match]
                if not_valid:
                    validate.append(match)
        obsolete = {n: d for n, d in live_c.items() if n not in keep}
        pk_replace: str | None = None
        drop_now: list[str] = []
        for name, definition in sorted(obsolete.items()):
            if definition.startswith("PRIMARY KEY") and any(d.startswith("PRIMARY KEY") for d in free_goal.values()):
                pk_replace = name
                continue
            if any(sqltext.mentions(definition, c) for c in online_cols) and not definition.startswith("FOREIGN KEY"):
                continue
            drop_now.append(name)
            self.table_plan.dropped.append(f"constraint {name}") if False else None
        for old, new in renames:
            self.prepare.append(f"ALTER TABLE {_q(self.name)} RENAME CONSTRAINT {ident(old)} TO {ident(new)}")
        if renames:
            self.table_plan.changed.append(f"{len(renames)} constraint(s) renamed to the new naming convention")
        drops = [f"ALTER TABLE {_q(self.name)} DROP CONSTRAINT IF EXISTS {ident(n)}" for n in drop_now]
        self.prepare[:0] = drops
        if drop_now:
            self.table_plan.changed.append(f"constraint(s) superseded: {', '.join(drop_now)}")
        prebuilt: dict[str, str] = {}
        later: dict[str, str] = {}
        for name, definition in sorted(free_goal.items()):
            key = sqltext.key_parts(definition)
            if key is not None and any(c in online_cols for c in key[2]):
                prebuilt[name] = definition
            else:
                later[name] = definition
            self.table_plan.added.append(f"constraint {name}")
        self._check_new_constraints(later | prebuilt, converted)
        return {"prebuilt": prebuilt, "later": later, "validate": validate, "pk_replace": pk_replace}

    # ------------------------------------------------------------------ indexes
    def _indexes(self, online_cols: set[str], converted: set[str]) -> dict[str, Any]:
        live_i: dict[str, str] = dict(self.L.get("indexes", {}))
        goal_i: dict[str, str] = dict(self.G.get("indexes", {}))
        keep: set[str] = set()
        invalid: list[str] = []
        for name, definition in live_i.items():
            clean = definition.removesuffix(" -- INVALID")
            if goal_i.get(name) is not None and sqltext.index_shape(goal_i[name]) == sqltext.index_shape(clean):
                if definition.endswith("-- INVALID"):
                    invalid.append(name)
                else:
                    keep.add(name)
        free_goal = {n: d for n, d in goal_i.items() if n not in keep}
        renames: list[tuple[str, str]] = []
        shapes: dict[str, str] = {}
        duplicates: list[tuple[str, str]] = []
        for name, definition in sorted(live_i.items()):
            if name in keep or name in invalid or definition.endswith("-- INVALID"):
                continue
            shape = sqltext.index_shape(definition)
            if shape in shapes:
                duplicates.append((name, shapes[shape]))
                continue
            shapes[shape] = name
            if any(sqltext.mentions(sqltext.index_columns_text(definition) + definition.split(")")[-1], c)
                   for c in online_cols):
                continue
            match = next((g for g, d in sorted(free_goal.items()) if sqltext.index_shape(d) == shape), None)
            if match is not None:
                renames.append((name, match))
                keep.add(name)
                del free_goal[match]
        for old, new in renames:
            self.prepare.append(f"ALTER INDEX public.{ident(old)} RENAME TO {ident(new)}")
        if renames:
            self.table_plan.changed.append(f"{len(renames)} index(es) renamed to the new naming convention")
        renamed = {o for o, _ in renames}
        obsolete = [n for n in sorted(live_i) if n not in keep and n not in renamed]
        drop_first: list[str] = []
        drop_last: list[str] = []
        dup_of = dict(duplicates)
        for name in obsolete:
            definition = live_i[name]
            if name in invalid or definition.endswith("-- INVALID"):
                drop_first.append(name)
                continue
            involves_online = any(sqltext.mentions(definition, c) for c in online_cols)
            if involves_online:
                self.table_plan.dropped.append(f"index {name} (superseded; dropped with its old column)")
                self.p.plan.dropped.append(Dropped("index", name, "superseded by the new schema's index on the "
                                                   "converted column"))
                continue
            involves_direct = any(sqltext.mentions(definition, c) for c in converted)
            (drop_first if involves_direct else drop_last).append(name)
            reason = (f"duplicate of {dup_of[name]}" if name in dup_of
                      else "superseded by the new schema's indexes (no data)")
            self.table_plan.dropped.append(f"index {name}")
            self.p.plan.dropped.append(Dropped("index", name, reason))
        for name in drop_first:
            self.prepare.insert(0, f"DROP INDEX IF EXISTS public.{ident(name)}")
        prebuilt: dict[str, str] = {}
        later: dict[str, str] = {}
        for name, definition in sorted(free_goal.items()):
            if any(sqltext.mentions(definition, c) for c in online_cols):
                prebuilt[name] = definition
            else:
                later[name] = definition
            self.table_plan.added.append(f"index {name}")
        return {"prebuilt": prebuilt, "later": later, "drop_last": drop_last}

    # ------------------------------------------------------------------ triggers
    def _triggers(self) -> None:
        live_t: dict[str, str] = dict(self.L.get("triggers", {}))
        goal_t: dict[str, str] = dict(self.G.get("triggers", {}))
        if self.parent is not None:
            parent_t = self.p.goal_tables[self.parent].get("triggers", {})
            goal_t = {n: d for n, d in goal_t.items() if n not in parent_t}
        self.new_triggers = [d for n, d in sorted(goal_t.items()) if live_t.get(n) != d]
        for name in sorted(live_t):
            if name == "chanuka_adopt_sync":
                continue
            if goal_t.get(name) != live_t[name]:
                self.prepare.insert(0, f"DROP TRIGGER IF EXISTS {ident(name)} ON {_q(self.name)}")
                if name not in goal_t:
                    self.table_plan.changed.append(f"trigger {name} dropped (definition kept in the journal)")
        if self.new_triggers:
            self.table_plan.added.append(f"{len(self.new_triggers)} trigger(s)")

    # ------------------------------------------------------------------ new constraints vs data
    def _projection(self, converted: set[str], extra: Iterable[str] = ()) -> str:
        """A SELECT of the table's rows as they will be: converted columns through the lenient expression."""
        lcols = self.L.get("columns", {})
        gcols = self.G.get("columns", {})
        lenient: dict[str, str] = getattr(self, "lenient", {})
        items = []
        for col in sorted(gcols):
            if col in converted:
                items.append(f"{lenient.get(col, ident(col))} AS {ident(col)}")
            elif col in lcols:
                rewrite = self._value_rewrite(col)
                items.append(f"{rewrite} AS {ident(col)}" if rewrite else ident(col))
            elif "generated" in gcols[col]:
                continue
            else:
                default = gcols[col].get("default")
                items.append(f"{default if default and not _VOLATILE.search(str(default)) else 'NULL'}::"
                             f"{gcols[col]['type']} AS {ident(col)}")
        for col in extra:
            if col in lcols:
                items.append(f"{ident(col)}::text AS {ident(col + '__old')}")
        if "id" not in gcols and "ctid" not in items:
            items.append("ctid AS ctid")
        return f"SELECT {', '.join(items)} FROM {_q(self.name)}"  # noqa: S608

    def _value_rewrite(self, col: str) -> str | None:
        mapped = self.p.column_mapping(self.name, col)
        if mapped is None or col in self.conversions:
            return None
        decided = mapped.decided()
        if not decided:
            return None
        typ = self.L["columns"][col]["type"]
        return convert.expression("cast", col, typ, self.p.options.timezone, self.name, decided)

    def _check_new_constraints(self, added: dict[str, str], converted: set[str]) -> None:
        if not self.rows:
            return
        gcols = self.G.get("columns", {})
        checks = {n: sqltext.check_expression(d) for n, d in added.items() if d.startswith("CHECK")}
        single = {n: [c for c in gcols if sqltext.mentions(e, c)] for n, e in checks.items()}
        lcols = self.L.get("columns", {})
        not_null = [c for c, s in gcols.items() if not s.get("nullable", True) and "generated" not in s
                    and (c not in lcols or lcols[c].get("nullable", True))]
        extra = sorted({cols[0] for cols in single.values() if len(cols) == 1})
        proj = self._projection(converted, extra)
        filters = [f"count(*) FILTER (WHERE NOT ({e}))" for e in checks.values()]
        filters += [f"count(*) FILTER (WHERE {ident(c)} IS NULL)" for c in not_null]
        if filters:
            row = self.p.conn.execute(text(f"SELECT {', '.join(filters)} FROM ({proj}) p")).one()  # noqa: S608
            counts = list(row)
            for (name, expr), count in zip(checks.items(), counts[: len(checks)], strict=True):
                if count:
                    self._check_violation(name, expr, int(count), single[name], proj)
            for col, count in zip(not_null, counts[len(checks) :], strict=True):
                if count:
                    self._null_violation(col, int(count))
        for name, definition in added.items():
            key = sqltext.key_parts(definition)
            if key is not None:
                self._unique_violation(name, key, proj)
            fk = sqltext.fk_parts(definition)
            if fk is not None:
                self._fk_violation(name, fk, proj)

    def _check_violation(self, name: str, expr: str, count: int, cols: list[str], proj: str) -> None:
        if len(cols) == 1:
            col = cols[0]
            rows = self.p.conn.execute(
                text(f"SELECT {ident(col + '__old')}, count(*) FROM ({proj}) p WHERE NOT ({expr}) "  # noqa: S608
                     f"GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT {convert.MAX_DISTINCT}")
            ).all()
            values = [ValueCount(None if v is None else str(v), int(c), None, False) for v, c in rows]
            mapped = self.p.column_mapping(self.name, col)
            entry = self.p.discovered.columns.get(f"{self.name}.{col}") or ColumnMapping(
                to=str(self.G["columns"][col]["type"]), reason=f"values that break constraint {name}: {expr}")
            for vc in values:
                key = NULL_TOKEN if vc.value is None else vc.value
                entry.values.setdefault(key, mapped.decided().get(key) if mapped and key in mapped.decided() else None)
                entry.rows[key] = vc.rows
            self.p.discovered.columns[f"{self.name}.{col}"] = entry
            self.p._block(self.name, col, "check", count, f"{count} row(s) break the new constraint {name} "
                          f"({expr}); map their values in the mapping file or fix them",
                          [repr(v.value) for v in values])
            return
        sample = self._sample(proj, f"NOT ({expr})")
        self.p._block(self.name, ", ".join(cols) or None, "check", count,
                      f"{count} row(s) break the new constraint {name} ({expr}); fix them before adopting", sample)

    def _null_violation(self, col: str, count: int) -> None:
        self.p._block(self.name, col, "not null", count, f"{count} row(s) hold NULL where the new schema requires a "
                      f"value; map {NULL_TOKEN} in the mapping file or fill them",
                      self._sample(self._projection(set(self.conversions)), f"{ident(col)} IS NULL"))

    def _unique_violation(self, name: str, key: tuple[str, bool, list[str], str], proj: str) -> None:
        _, nulls_not_distinct, cols, _ = key
        group = ", ".join(ident(c) for c in cols)
        where = "" if nulls_not_distinct else "WHERE " + " AND ".join(f"{ident(c)} IS NOT NULL" for c in cols)
        rows = self.p.conn.execute(
            text(f"SELECT concat_ws(', ', {group}), count(*) FROM ({proj}) p {where} "  # noqa: S608
                 f"GROUP BY {group} HAVING count(*) > 1 ORDER BY 2 DESC LIMIT {SAMPLE}")
        ).all()
        if rows:
            total = sum(int(c) for _, c in rows)
            self.p._block(self.name, ", ".join(cols), "unique", total, f"duplicates break the new constraint {name}; "
                          "resolve them before adopting", [f"({v}) x{c}" for v, c in rows])

    def _fk_violation(self, name: str, fk: tuple[list[str], str, list[str]], proj: str) -> None:
        cols, ref, refcols = fk
        if ref == self.name or ref not in self.p.live.tables or ref in self.p.moved:
            present = " OR ".join(f"{ident(c)} IS NOT NULL" for c in cols)
            if ref in self.p.live.tables and ref not in self.p.moved:
                return
            count = int(self.p.conn.execute(text(f"SELECT count(*) FROM ({proj}) p WHERE {present}")).scalar() or 0)  # noqa: S608
            if count:
                self.p._block(self.name, ", ".join(cols), "foreign key", count,
                              f"rows refer to {ref}, which the old database does not have ({name})")
            return
        ref_cols = self.p.live.tables[ref].get("columns", {})
        if not all(c in ref_cols for c in refcols):
            return
        cond = " AND ".join(f"r.{ident(rc)}::text = p.{ident(c)}::text" for c, rc in zip(cols, refcols, strict=True))
        present = " AND ".join(f"p.{ident(c)} IS NOT NULL" for c in cols)
        rows = self.p.conn.execute(
            text(f"SELECT concat_ws(', ', {', '.join('p.' + ident(c) for c in cols)}) FROM ({proj}) p "  # noqa: S608
                 f"WHERE {present} AND NOT EXISTS (SELECT 1 FROM {_q(ref)} r WHERE {cond}) LIMIT 1000")
        ).all()
        if rows:
            self.p._block(self.name, ", ".join(cols), "foreign key", len(rows),
                          f"{len(rows)}{'+' if len(rows) >= 1000 else ''} row(s) refer to missing {ref} rows "
                          f"(new constraint {name}); fix or clear them before adopting", [str(r[0]) for r in rows])

    def _sample(self, proj: str, where: str) -> list[str]:
        key = ident(self._key()) if self._key() != "ctid" else "ctid"
        if key != "ctid" and self._key() not in self.G.get("columns", {}):
            return []
        rows = self.p.conn.execute(text(f"SELECT {key}::text FROM ({proj}) p WHERE {where} LIMIT {SAMPLE}")).all()  # noqa: S608
        return [f"{self._key()}={r[0]}" for r in rows]

    # ------------------------------------------------------------------ emit
    def _step(self, suffix: str, phase: str, action: str, sql: list[str], **kw: Any) -> None:
        self.p.phases.add(Step(f"{phase}:{self.name}:{suffix}", phase, self.name, action, sql, **kw))

    def _emit_prepare(self) -> None:
        comment = self.G.get("comment")
        if comment != self.L.get("comment"):
            self.after.append(
                f"COMMENT ON TABLE {_q(self.name)} IS {literal(comment) if comment else 'NULL'}")
        if self.prepare:
            self._step("prepare", "prepare", f"prepare {self.name}: renames, obsolete constraints, added columns",
                       self.prepare, lock="ACCESS EXCLUSIVE (catalog only)", est_lock_s=self.lock)

    def _emit_direct(self) -> None:
        clauses = []
        statements = []
        for col, conv in sorted(self.conversions.items()):
            gspec = self.G["columns"][col]
            clauses.append(f"ALTER COLUMN {ident(col)} DROP DEFAULT")
            if conv.kind == "relabel":
                clauses.append(f"ALTER COLUMN {ident(col)} TYPE {conv.to_type}")
                if conv.to_type == convert.TIMESTAMPTZ:
                    statements.append("SET LOCAL TimeZone = 'UTC'")
            else:
                clauses.append(f"ALTER COLUMN {ident(col)} TYPE {conv.to_type} USING {conv.expression}")
            if "default" in gspec:
                clauses.append(f"ALTER COLUMN {ident(col)} SET DEFAULT {gspec['default']}")
            if conv.kind == "rekey":
                statements += self._rekey_prelude(col)
        statements.append(f"ALTER TABLE {_q(self.name)} " + ", ".join(clauses))
        if any(c.kind == "rekey" for c in self.conversions.values()):
            statements.append(f"DROP FUNCTION IF EXISTS {LEGACY_SCHEMA}.{ident(convert.rekey_function(self.name))}(integer)")
        self._step("convert", "convert", f"convert {len(self.conversions)} column(s) of {self.name} in place",
                   statements, lock="ACCESS EXCLUSIVE (table rewrite)" if any(
                       c.rewrite for c in self.conversions.values()) else "ACCESS EXCLUSIVE (index rebuild)",
                   est_lock_s=self.lock)

    def _rekey_prelude(self, col: str) -> list[str]:
        table = convert.map_table(self.name)
        fn = convert.rekey_function(self.name)
        return [
            f"CREATE TABLE IF NOT EXISTS {LEGACY_SCHEMA}.{ident(table)} (old_id bigint PRIMARY KEY, "
            "new_id uuid NOT NULL UNIQUE DEFAULT gen_random_uuid())",
            f"INSERT INTO {LEGACY_SCHEMA}.{ident(table)} (old_id) SELECT {ident(col)} FROM {_q(self.name)} "  # noqa: S608
            "ON CONFLICT (old_id) DO NOTHING",
            f"CREATE OR REPLACE FUNCTION {LEGACY_SCHEMA}.{ident(fn)}(integer) RETURNS uuid LANGUAGE sql STABLE AS "
            f"$$ SELECT new_id FROM {LEGACY_SCHEMA}.{ident(table)} WHERE old_id = $1 $$",  # noqa: S608
        ]

    def _emit_online(self, pk: tuple[str, ...], cons: dict[str, Any], idx: dict[str, Any]) -> None:
        t = _q(self.name)
        shadow = {c: c + SHADOW for c in self.conversions}
        lcols = self.L.get("columns", {})
        fn = f"{LEGACY_SCHEMA}.{ident('adopt_sync_' + self.name)}"
        started = any(s in lcols for s in shadow.values())
        if not started:
            start = [f"ALTER TABLE {t} " + ", ".join(
                f"ADD COLUMN IF NOT EXISTS {ident(shadow[c])} {conv.to_type}" for c, conv in sorted(self.conversions.items()))]
            body = "; ".join(
                f"NEW.{ident(shadow[c])} := {_on_new(conv.expression, c)}" for c, conv in sorted(self.conversions.items()))
            start.append(f"CREATE OR REPLACE FUNCTION {fn}() RETURNS trigger LANGUAGE plpgsql AS "
                         f"$adopt$ BEGIN {body}; RETURN NEW; END $adopt$")
            start.append(f"CREATE TRIGGER chanuka_adopt_sync BEFORE INSERT OR UPDATE ON {t} FOR EACH ROW "
                         f"EXECUTE FUNCTION {fn}()")
            for c in sorted(self.conversions):
                if not self.G["columns"][c].get("nullable", True):
                    start.append(f"ALTER TABLE {t} ADD CONSTRAINT {ident(_nn_name(self.name, c))} CHECK "
                                 f"({ident(shadow[c])} IS NOT NULL) NOT VALID")
            self._step("online:start", "convert", f"start the online conversion of {self.name}: shadow columns and "
                       "a trigger that keeps them in sync", start, lock="ACCESS EXCLUSIVE (catalog only)",
                       est_lock_s=CATALOG_S)
        self._step("online:backfill", "convert", f"backfill {self.name} in batches of {self.p.options.batch_rows}",
                   [], transactional=False, lock="row locks only, one batch at a time",
                   backfill=Backfill(self.name, pk[0], [(shadow[c], conv.expression)
                                                        for c, conv in sorted(self.conversions.items())],
                                     batch_rows=self.p.options.batch_rows))
        for c in sorted(self.conversions):
            if not self.G["columns"][c].get("nullable", True):
                self._step(f"online:validate:{c}", "convert", f"validate that {self.name}.{c} has no NULLs",
                           [f"ALTER TABLE {t} VALIDATE CONSTRAINT {ident(_nn_name(self.name, c))}"],
                           lock="SHARE UPDATE EXCLUSIVE (writes continue)")
        for name, definition in sorted(cons["prebuilt"].items()):
            kind, nnd, cols, _ = sqltext.key_parts(definition) or ("UNIQUE", False, [], "")
            cols_sql = ", ".join(ident(shadow.get(c, c)) for c in cols)
            tmp = temp_name(name)
            self._step(f"online:index:{name}", "convert", f"build the index of {name} on the new column(s)",
                       [f"CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS {ident(tmp)} ON {t} ({cols_sql})"
                        f"{' NULLS NOT DISTINCT' if nnd else ''}"],
                       transactional=False, lock="none (CONCURRENTLY)", retry_invalid_index=tmp)
        for name, definition in sorted(idx["prebuilt"].items()):
            tmp = temp_name(name)
            renamed = _rename_index_columns(definition, shadow)
            self._step(f"online:index:{name}", "convert", f"build index {name} on the new column(s)",
                       [sqltext.index_sql(renamed, name=tmp, table=self.name, concurrently=True, if_not_exists=True)],
                       transactional=False, lock="none (CONCURRENTLY)", retry_invalid_index=tmp)
        swap = [f"DROP TRIGGER IF EXISTS chanuka_adopt_sync ON {t}"]
        if cons["pk_replace"] and any(
                (sqltext.key_parts(d) or ("",))[0] == "PRIMARY KEY" for d in cons["prebuilt"].values()):
            swap.append(f"ALTER TABLE {t} DROP CONSTRAINT IF EXISTS {ident(cons['pk_replace'])}")
            cons["pk_replace"] = None
        for c in sorted(self.conversions):
            swap.append(f"ALTER TABLE {t} DROP COLUMN {ident(c)}")
            swap.append(f"ALTER TABLE {t} RENAME COLUMN {ident(shadow[c])} TO {ident(c)}")
            gspec = self.G["columns"][c]
            if "default" in gspec:
                swap.append(f"ALTER TABLE {t} ALTER COLUMN {ident(c)} SET DEFAULT {gspec['default']}")
            if not gspec.get("nullable", True):
                swap.append(f"ALTER TABLE {t} ALTER COLUMN {ident(c)} SET NOT NULL")
                swap.append(f"ALTER TABLE {t} DROP CONSTRAINT {ident(_nn_name(self.name, c))}")
        for name, definition in sorted(cons["prebuilt"].items()):
            kind = (sqltext.key_parts(definition) or ("UNIQUE",))[0]
            swap.append(f"ALTER TABLE {t} ADD CONSTRAINT {ident(name)} {kind} USING INDEX {ident(temp_name(name))}")
        for name in sorted(idx["prebuilt"]):
            swap.append(f"ALTER INDEX public.{ident(temp_name(name))} RENAME TO {ident(name)}")
        swap.append(f"DROP FUNCTION IF EXISTS {fn}()")
        self._step("online:swap", "convert", f"swap the converted columns of {self.name} in", swap,
                   lock="ACCESS EXCLUSIVE (catalog only)", est_lock_s=CATALOG_S)
        cons["prebuilt"] = {}
        idx["prebuilt"] = {}

    def _emit_columns(self, lcols: dict[str, Any], gcols: dict[str, Any], converted: set[str]) -> None:
        t = _q(self.name)
        direct: list[str] = []
        for col in sorted(set(lcols) & set(gcols)):
            gspec, lspec = gcols[col], lcols[col]
            if col in converted and self.online:
                continue
            if not gspec.get("nullable", True) and lspec.get("nullable", True):
                scan = _estimate_scan(self.p.live, self.name)
                if scan <= self.p.options.lock_budget_s or not self.rows:
                    direct.append(f"ALTER TABLE {t} ALTER COLUMN {ident(col)} SET NOT NULL")
                    self.lock = max(self.lock, scan + CATALOG_S)
                else:
                    nn = _nn_name(self.name, col)
                    self._step(f"notnull:{col}:check", "columns", f"{self.name}.{col}: NOT NULL check (not valid)",
                               [f"ALTER TABLE {t} ADD CONSTRAINT {ident(nn)} CHECK ({ident(col)} IS NOT NULL) NOT VALID"],
                               est_lock_s=CATALOG_S)
                    self._step(f"notnull:{col}:validate", "columns", f"validate {nn}",
                               [f"ALTER TABLE {t} VALIDATE CONSTRAINT {ident(nn)}"],
                               lock="SHARE UPDATE EXCLUSIVE (writes continue)")
                    self._step(f"notnull:{col}:set", "columns", f"{self.name}.{col}: SET NOT NULL (no scan)",
                               [f"ALTER TABLE {t} ALTER COLUMN {ident(col)} SET NOT NULL",
                                f"ALTER TABLE {t} DROP CONSTRAINT {ident(nn)}"], est_lock_s=CATALOG_S)
                self.table_plan.changed.append(f"column {col}: now NOT NULL")
        for col in sorted(gcols):
            comment = gcols[col].get("comment")
            if comment != lcols.get(col, {}).get("comment"):
                self.after.append(f"COMMENT ON COLUMN {t}.{ident(col)} IS {literal(comment) if comment else 'NULL'}")
        rewrites = [c for c in sorted(lcols) if c in gcols and self._value_rewrite(c)]
        for col in rewrites:
            mapped = self.p.column_mapping(self.name, col)
            keys = [k for k in (mapped.decided() if mapped else {}) if k != NULL_TOKEN]
            where = " OR ".join(([f"{ident(col)}::text IN ({', '.join(literal(k) for k in keys)})"] if keys else [])
                                + ([f"{ident(col)} IS NULL"] if mapped and NULL_TOKEN in mapped.decided() else []))
            self._step(f"values:{col}", "convert", f"rewrite the mapped values of {self.name}.{col}",
                       [f"UPDATE {t} SET {ident(col)} = {self._value_rewrite(col)} WHERE {where}"],
                       lock="row locks on the mapped rows only")
            self.table_plan.changed.append(f"column {col}: {len(keys)} value(s) rewritten by the mapping")
        if direct or self.after:
            self._step("columns", "columns", f"{self.name}: NOT NULL, comments", direct + self.after,
                       lock="ACCESS EXCLUSIVE" if direct else "SHARE UPDATE EXCLUSIVE", est_lock_s=self.lock)

    def _emit_constraints(self, cons: dict[str, Any]) -> None:
        t = _q(self.name)
        for name in cons["validate"]:
            self._step(f"validate:{name}", "constraints", f"validate {name}",
                       [f"ALTER TABLE {t} VALIDATE CONSTRAINT {ident(name)}"],
                       lock="SHARE UPDATE EXCLUSIVE (writes continue)")
        for name, definition in sorted(cons["later"].items()):
            key = sqltext.key_parts(definition)
            if key is not None and not key[3]:
                kind, nnd, cols, _ = key
                cols_sql = ", ".join(ident(c) for c in cols)
                self._step(f"constraint:{name}:index", "keys", f"build the index of {name} concurrently",
                           [f"CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS {ident(name)} ON {t} ({cols_sql})"
                            f"{' NULLS NOT DISTINCT' if nnd else ''}"],
                           transactional=False, lock="none (CONCURRENTLY)", retry_invalid_index=name)
                attach = []
                if kind == "PRIMARY KEY" and cons["pk_replace"]:
                    attach.append(f"ALTER TABLE {t} DROP CONSTRAINT IF EXISTS {ident(cons['pk_replace'])}")
                attach.append(f"ALTER TABLE {t} ADD CONSTRAINT {ident(name)} {kind} USING INDEX {ident(name)}")
                self._step(f"constraint:{name}", "keys", f"add {name} using its index", attach,
                           est_lock_s=CATALOG_S)
            elif definition.startswith(("CHECK", "FOREIGN KEY")):
                self._step(f"constraint:{name}", "constraints", f"add {name} (not valid)",
                           [f"ALTER TABLE {t} ADD CONSTRAINT {ident(name)} {sqltext.source_form(definition)} NOT VALID"], est_lock_s=CATALOG_S)
                self._step(f"validate:{name}", "constraints", f"validate {name}",
                           [f"ALTER TABLE {t} VALIDATE CONSTRAINT {ident(name)}"],
                           lock="SHARE UPDATE EXCLUSIVE (writes continue)")
            else:
                self._step(f"constraint:{name}", "constraints", f"add {name}",
                           [f"ALTER TABLE {t} ADD CONSTRAINT {ident(name)} {sqltext.source_form(definition)}"],
                           est_lock_s=_estimate_scan(self.p.live, self.name) + CATALOG_S)

    def _emit_indexes(self, idx: dict[str, Any]) -> None:
        for name, definition in sorted(idx["later"].items()):
            self._step(f"index:{name}", "indexes", f"build index {name} concurrently",
                       [sqltext.index_sql(definition, table=self.name, concurrently=True, if_not_exists=True)],
                       transactional=False, lock="none (CONCURRENTLY)", retry_invalid_index=name)
        for name in idx["drop_last"]:
            self._step(f"index-drop:{name}", "indexes", f"drop index {name} concurrently",
                       [f"DROP INDEX CONCURRENTLY IF EXISTS public.{ident(name)}"], transactional=False,
                       lock="none (CONCURRENTLY)")

    def _emit_triggers(self) -> None:
        if self.new_triggers:
            self._step("triggers", "triggers", f"create {len(self.new_triggers)} trigger(s) on {self.name}",
                       list(self.new_triggers), est_lock_s=CATALOG_S)

    def _emit_partition(self) -> None:
        assert self.parent is not None
        parent = self.p.goal_tables[self.parent]
        default_name = next(k for k, v in self.p.goal_tables.items()
                            if v.get("partition_of") == self.parent and v.get("partition_bound") == "DEFAULT")
        statements = [f"ALTER TABLE {_q(self.name)} RENAME TO {ident(default_name)}"]
        statements += create_table_sql(self.parent, parent, self.p.goal_tables, include_fks=True)
        statements.append(f"ALTER TABLE {_q(self.parent)} ATTACH PARTITION {_q(default_name)} DEFAULT")
        self._step("partition", "partition", f"partition {self.parent}: the old table becomes its DEFAULT "
                   "partition (no row moves)", statements, est_lock_s=CATALOG_S * 2,
                   lock="ACCESS EXCLUSIVE (catalog only)")
        self.table_plan.changed.append(f"partitioned by {parent.get('partition_key')}; rows stay in {default_name}")


def _nn_name(table: str, col: str) -> str:
    name = f"{table}_{col}{SHADOW}_nn"
    return name if len(name) <= 63 else temp_name(name)


def _on_new(expression: str, column: str) -> str:
    """``expression`` over ``column`` rewritten over ``NEW.column`` (for the sync trigger)."""
    return sqltext.rename_identifiers(expression, {column: f"NEW.{column}"}).replace(
        ident(f"NEW.{column}"), f"NEW.{ident(column)}")


def _rename_index_columns(definition: str, renames: dict[str, str]) -> str:
    unique, name, only, table, rest = sqltext.index_parts(definition)
    head = f"CREATE {'UNIQUE ' if unique else ''}INDEX {name} ON {'ONLY ' if only else ''}{table} "
    return head + sqltext.rename_identifiers(rest, renames)


# ====================================================================================== DDL
def column_sql(name: str, spec: dict[str, Any]) -> str:
    """A column definition from a snapshot column entry."""
    parts = [ident(name), str(spec["type"])]
    if spec.get("collation"):
        parts.append(f"COLLATE {ident(spec['collation'])}")
    if "generated" in spec:
        parts.append(f"GENERATED ALWAYS AS ({spec['generated']}) STORED")
    elif "default" in spec:
        parts.append(f"DEFAULT {spec['default']}")
    if "identity" in spec:
        parts.append(f"GENERATED {'ALWAYS' if spec['identity'] == 'always' else 'BY DEFAULT'} AS IDENTITY")
    if not spec.get("nullable", True):
        parts.append("NOT NULL")
    return " ".join(parts)


def create_table_sql(name: str, entry: dict[str, Any], tables: dict[str, Any], *, include_fks: bool = False) -> list[str]:
    """Statements creating table ``name`` as the snapshot entry describes it (foreign keys optional)."""
    columns = entry.get("columns", {})
    body = ",\n  ".join(column_sql(c, columns[c]) for c in sorted(columns, key=lambda c: (c != "id", c)))
    tail = f" PARTITION BY {entry['partition_key']}" if entry.get("partition_key") else ""
    out = [f"CREATE TABLE {_q(name)} (\n  {body}\n){tail}"]
    for cname, definition in sorted(entry.get("constraints", {}).items()):
        if definition.startswith("FOREIGN KEY") and not include_fks:
            continue
        out.append(f"ALTER TABLE {_q(name)} ADD CONSTRAINT {ident(cname)} {sqltext.source_form(definition)}")
    for definition in sorted(entry.get("indexes", {}).values()):
        out.append(sqltext.source_form(definition.removesuffix(" -- INVALID")))
    if entry.get("comment"):
        out.append(f"COMMENT ON TABLE {_q(name)} IS {literal(entry['comment'])}")
    for col in sorted(columns):
        if columns[col].get("comment"):
            out.append(f"COMMENT ON COLUMN {_q(name)}.{ident(col)} IS {literal(columns[col]['comment'])}")
    out += list(sorted(entry.get("triggers", {}).values()))
    return out


def create_partition_sql(name: str, entry: dict[str, Any], parent: dict[str, Any]) -> list[str]:
    """Statements creating partition ``name`` of its parent (indexes and constraints come from the parent)."""
    out = [f"CREATE TABLE {_q(name)} PARTITION OF {_q(entry['partition_of'])} {entry['partition_bound']}"
           if entry["partition_bound"] == "DEFAULT" else
           f"CREATE TABLE {_q(name)} PARTITION OF {_q(entry['partition_of'])} {entry['partition_bound']}"]
    parent_indexes = {sqltext.index_shape(d) for d in parent.get("indexes", {}).values()}
    for definition in sorted(entry.get("indexes", {}).values()):
        if sqltext.index_shape(definition) not in parent_indexes:
            out.append(definition)
    return out


# ====================================================================================== entry point
def build(
    conn: Connection,
    live: Live,
    goal: dict[str, Any],
    detection: Detection,
    mapping: Mapping,
    options: Options,
    *,
    database: str,
) -> tuple[AdoptPlan, Mapping]:
    """Plan the adoption of the database ``conn`` is connected to (reads only); returns the plan and
    the mapping entries this database needs (for the mapping file)."""
    plan = AdoptPlan(database=database, detection=detection, timezone=options.timezone,
                     mapping_file=str(mapping.path) if mapping.path else None)
    planner = Planner(conn, live, goal, mapping, options, plan)
    planner.run()
    return plan, planner.discovered
