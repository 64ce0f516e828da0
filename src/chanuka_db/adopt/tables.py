"""The plan of one table that exists both in the old database and in the target schema.

:class:`TableAdopter` compares the live table with its target entry (for a table the new schema
partitions: the entry of its DEFAULT partition, which the old table becomes) and adds its steps to
the plan: what only changes name is renamed; superseded constraints and indexes are dropped (never a
column holding data; columns the new schema lacks are moved aside with the primary key); columns are
added, converted (in place, or online through shadow columns when the estimated rewrite exceeds
the lock budget), given their defaults and NOT NULL; constraints are added without blocking writers;
indexes are built concurrently; triggers are created last, so that no backfill fires them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from chanuka_db.adopt import convert, datacheck, ddl, estimate, sqltext
from chanuka_db.adopt.ddl import table_ref
from chanuka_db.adopt.mapping import NULL_TOKEN, ColumnMapping
from chanuka_db.adopt.model import LEGACY_SCHEMA, SHADOW, Backfill, Conversion, Dropped, Step, TablePlan, ValueCount
from chanuka_db.adopt.sqltext import ident, literal, temp_name

if TYPE_CHECKING:
    from chanuka_db.adopt.plan import Planner

#: Columns the old database may lack whose values follow from others: ``(table, column)`` ->
#: ``(scalar expression over the row, table it reads)``. The two shapes of financial_interests merge
#: this way: a disclosure line item (transparency intelligence) belongs to the sponsor of its disclosure.
DERIVED: dict[tuple[str, str], tuple[str, str]] = {
    ("financial_interests", "sponsor_id"): (
        "(SELECT d.sponsor_id FROM public.financial_disclosures d WHERE d.id = {table}.disclosure_id)",
        "financial_disclosures",
    ),
}
VOLATILE = re.compile(r"\b(now|clock_timestamp|statement_timestamp|transaction_timestamp|gen_random_uuid|random)\(")
SYNC_TRIGGER = "chanuka_adopt_sync"


def nn_check_name(table: str, col: str) -> str:
    """The CHECK (col IS NOT NULL) that lets SET NOT NULL skip its scan."""
    return temp_name(f"{table}_{col}{SHADOW}_nn")


class TableAdopter:
    """Plans one table that exists in both the live database and the target (see the module docstring)."""

    def __init__(self, planner: Planner, name: str, live_entry: dict[str, Any], goal_entry: dict[str, Any],
                 partition_parent: str | None) -> None:
        self.p = planner
        self.name = name
        self.L = live_entry
        self.G = goal_entry
        self.parent = partition_parent
        self.stats = planner.live.stats.get(name)
        self.rows = planner.live.rows(name)
        self.table_plan = TablePlan(name, "kept", self.rows, planner.live.bytes(name))
        self.conversions: dict[str, Conversion] = {}
        self.lenient: dict[str, str] = {}
        self.online = False
        self.prepare: list[str] = []
        self.after: list[str] = []
        self.new_triggers: list[str] = []
        self.lock = estimate.CATALOG_S

    def key(self) -> str:
        """The column backfills walk in order (the primary key), or ``ctid``."""
        pk = self.stats.pk if self.stats else ()
        return pk[0] if len(pk) == 1 else "ctid"

    # ------------------------------------------------------------------ main
    def plan(self) -> None:
        """Add this table's steps and its summary to the plan."""
        lcols: dict[str, Any] = self.L.get("columns", {})
        gcols: dict[str, Any] = self.G.get("columns", {})
        shadows = {c.removesuffix(SHADOW) for c in lcols if c.endswith(SHADOW)}
        pk = self.stats.pk if self.stats else ()
        for col in sorted(set(lcols) & set(gcols)):
            old_t, new_t = str(lcols[col]["type"]), str(gcols[col]["type"])
            kind = convert.kind_of(old_t, new_t, enums=self.p.goal_enums, zone=self.p.options.timezone,
                                   primary_key=(pk == (col,)), replaced_enums=self.p.replaced_enums)
            if kind is not None:
                self._conversion(col, old_t, new_t, kind, gcols[col])
        for orphan in sorted(shadows - set(self.conversions)):
            # A shadow column left by a conversion that is no longer needed (its copy of the data only).
            self.prepare.append(f"ALTER TABLE {table_ref(self.name)} DROP COLUMN IF EXISTS {ident(orphan + SHADOW)}")
        self._choose_strategy(shadows & set(self.conversions))
        online_cols = set(self.conversions) if self.online else set()
        self._columns(lcols, gcols)
        constraints = self._constraints(online_cols)
        indexes = self._indexes(online_cols)
        self._triggers()
        self._emit_prepare()
        if self.conversions:
            if self.online:
                self._emit_online(pk, constraints, indexes)
            else:
                self._emit_direct()
        self._emit_columns(lcols, gcols)
        self._emit_constraints(constraints)
        self._emit_indexes(indexes)
        if self.new_triggers:
            self._step("triggers", "triggers", f"create {len(self.new_triggers)} trigger(s) on {self.name}",
                       list(self.new_triggers), est_lock_s=estimate.CATALOG_S)
        if self.parent is not None:
            self._emit_partition()
        changed = bool(self.table_plan.added or self.table_plan.changed or self.table_plan.dropped)
        self.table_plan.status = "partitioned" if self.parent else ("changed" if changed else "kept")
        self.table_plan.kept = len(set(lcols) & set(gcols)) - len(self.conversions)
        self.table_plan.est_lock_s = round(self.lock, 3)
        self.p.plan.tables.append(self.table_plan)

    def _step(self, suffix: str, phase: str, action: str, sql: list[str], **kw: Any) -> None:
        self.p.phases.add(Step(f"{phase}:{self.name}:{suffix}", phase, self.name, action, sql, **kw))

    # ------------------------------------------------------------------ conversions
    def _conversion(self, col: str, old_t: str, new_t: str, kind: str, gspec: dict[str, Any]) -> None:
        mapped = self.p.column_mapping(self.name, col)
        nullable = bool(gspec.get("nullable", True))
        decided = mapped.decided() if mapped else {}
        conv = Conversion(self.name, col, old_t, new_t, kind, "", rows=self.rows, rewrite=kind != "relabel")
        unfit: list[str] = []
        if kind == "enum":
            labels = self.p.goal_enums.get(new_t, [])
            conv.values, distinct = convert.enum_values(self.p.conn, self.name, col, labels, mapped, nullable)
            if distinct > convert.MAX_DISTINCT:
                self.p.block(self.name, col, "too many values", self.rows, f"more than {convert.MAX_DISTINCT} "
                             f"distinct values for enum {new_t}; clean the column first")
            self._discover(col, new_t, labels, conv.values, "free text to enum: map every value to one of `allowed`")
        elif kind == "map":
            conv.values = self._map_values(col, decided, nullable)
            self._discover(col, new_t, [], conv.values, f"integers that referred to an integer key: map each to "
                           f"the {new_t} it means")
        elif kind in ("cast", "timezone"):
            failing, complete = convert.cast_unfit(self.p.conn, self.name, col, new_t, kind, self.p.options.timezone,
                                                   self.p.live.server_version_num)
            if not complete:
                self.p.plan.notes.append(f"{self.name}.{col}: too many distinct values to pre-check the cast to "
                                         f"{new_t} on this PostgreSQL; a value that does not cast stops the step")
            for value, count in failing:
                target = decided.get(value)
                fits = value in decided and (target is not None or nullable)
                if fits and target is not None:
                    fits = self._castable(target, new_t)
                conv.values.append(ValueCount(value, count, target if value in decided else None, fits))
            if conv.values:
                self._discover(col, new_t, [], conv.values, f"values that do not convert to {new_t}")
        unfit = [v.value for v in conv.values if not v.fits and v.value is not None]
        zone = self.p.options.timezone
        conv.expression = convert.expression(kind, col, new_t, zone, self.name, decided)
        self.lenient[col] = (f"md5({ident(col)}::text)::uuid" if kind == "rekey"
                             else convert.expression(kind, col, new_t, zone, self.name, decided, unfit=unfit))
        for vc in conv.unfit:
            self.p.block(self.name, col, "value does not fit", vc.rows,
                         f"{vc.value!r} cannot become {new_t}; decide its new value in the mapping file")
        self.conversions[col] = conv
        self.p.plan.conversions.append(conv)
        self.table_plan.changed.append(f"column {col}: {old_t} -> {new_t} ({kind})")

    def _castable(self, value: str, new_t: str) -> bool:
        savepoint = self.p.conn.begin_nested()
        try:
            self.p.conn.exec_driver_sql(f"SELECT CAST(CAST(%(v)s AS text) AS {new_t})", {"v": value})
        except Exception:
            savepoint.rollback()
            return False
        savepoint.rollback()
        return True

    def _map_values(self, col: str, decided: dict[str, str | None], nullable: bool) -> list[ValueCount]:
        rows = self.p.conn.exec_driver_sql(
            f"SELECT {ident(col)}::text, count(*) FROM {table_ref(self.name)} "  # noqa: S608
            f"WHERE {ident(col)} IS NOT NULL GROUP BY 1 ORDER BY 1 LIMIT {convert.MAX_DISTINCT}"
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
            entry.values[key] = vc.target if (vc.fits or vc.target is not None) else None
            entry.rows[key] = vc.rows
        if entry.values:
            self.p.discovered.columns[f"{self.name}.{col}"] = entry

    def _choose_strategy(self, started: set[str]) -> None:
        if not self.conversions:
            return
        if started:
            self.online = True
            self.table_plan.strategy = "online (resuming)"
            return
        rewrite = any(c.rewrite for c in self.conversions.values())
        indexes = list(self.L.get("indexes", {}).values()) + [
            d for d in self.L.get("constraints", {}).values() if d.startswith(("PRIMARY KEY", "UNIQUE"))]
        touched = sum(1 for d in indexes if any(sqltext.mentions(d, c) for c in self.conversions))
        cost = (estimate.rewrite(self.p.live, self.name) if rewrite
                else estimate.index_rebuild(self.p.live, self.name, touched, len(indexes)))
        pk = self.stats.pk if self.stats else ()
        rekey = any(c.kind == "rekey" for c in self.conversions.values())
        if cost > self.p.options.lock_budget_s and len(pk) == 1 and not rekey:
            self.online = True
            self.table_plan.strategy = "online (shadow columns, batched backfill, short swap)"
            return
        self.table_plan.strategy = "in place (one ALTER TABLE)"
        self.lock = max(self.lock, cost + estimate.CATALOG_S)
        if cost > self.p.options.lock_budget_s:
            self.p.plan.notes.append(f"{self.name}: converted in place although the estimated lock is {cost:.1f}s "
                                     "(no single-column primary key to batch on, or a re-keyed table)")

    # ------------------------------------------------------------------ columns
    def derived(self, col: str) -> str | None:
        """The value an added column takes from the row (see :data:`DERIVED`), if any."""
        rule = DERIVED.get((self.name, col))
        if rule is None or rule[1] not in self.p.live.tables:
            return None
        return rule[0].format(table=self.name)

    def rewrites(self, col: str) -> dict[str, str | None]:
        """The mapping file's non-identity decisions for an unconverted column (CHECK and NOT NULL fixes)."""
        mapped = self.p.column_mapping(self.name, col)
        if mapped is None or col in self.conversions:
            return {}
        return {k: v for k, v in mapped.decided().items() if k != v and not (k == NULL_TOKEN and v is None)}

    def value_rewrite(self, col: str) -> str | None:
        """The expression rewriting an unconverted column's mapped values, if the mapping has any."""
        decided = self.rewrites(col)
        if not decided:
            return None
        typ = self.L["columns"][col]["type"]
        return convert.expression("cast", col, typ, self.p.options.timezone, self.name, decided)

    def _columns(self, lcols: dict[str, Any], gcols: dict[str, Any]) -> None:
        t = table_ref(self.name)
        for col in sorted(set(gcols) - set(lcols)):
            self._add_column(col, gcols[col])
        extra = sorted(c for c in set(lcols) - set(gcols) if not c.endswith(SHADOW))
        if extra:
            self._move_columns_aside(extra)
        for col in sorted(set(lcols) & set(gcols)):
            lspec, gspec = lcols[col], gcols[col]
            if "generated" in lspec and "generated" not in gspec:
                self.prepare.append(f"ALTER TABLE {t} ALTER COLUMN {ident(col)} DROP EXPRESSION")
                self.table_plan.changed.append(f"column {col}: no longer generated (its values are kept)")
            elif "generated" in gspec and lspec.get("generated") != gspec["generated"]:
                self.p.block(self.name, col, "unsupported", 0, "the new schema generates this column; adopt cannot "
                             "turn a stored column into a generated one without dropping its values")
            if col in self.conversions:
                continue
            if lspec.get("default") != gspec.get("default"):
                if "default" in gspec:
                    self.prepare.append(f"ALTER TABLE {t} ALTER COLUMN {ident(col)} SET DEFAULT {gspec['default']}")
                else:
                    self.prepare.append(f"ALTER TABLE {t} ALTER COLUMN {ident(col)} DROP DEFAULT")
                self.table_plan.changed.append(f"column {col}: default {lspec.get('default')} -> "
                                               f"{gspec.get('default')}")
            if gspec.get("nullable", True) and not lspec.get("nullable", True):
                self.prepare.append(f"ALTER TABLE {t} ALTER COLUMN {ident(col)} DROP NOT NULL")
                self.table_plan.changed.append(f"column {col}: now nullable")

    def _add_column(self, col: str, spec: dict[str, Any]) -> None:
        t = table_ref(self.name)
        add = f"ALTER TABLE {t} ADD COLUMN IF NOT EXISTS {ident(col)} {spec['type']}"
        derived = self.derived(col)
        if derived is not None and self.rows:
            self.prepare.append(add)
            fill = f"UPDATE {t} SET {ident(col)} = {derived} WHERE {ident(col)} IS NULL"  # noqa: S608
            self._step(f"derive:{col}", "convert", f"fill {self.name}.{col} from {DERIVED[(self.name, col)][1]} "
                       "(merging the two shapes)", [fill], lock="row locks only")
            self.table_plan.added.append(f"column {col} {spec['type']} = {derived}")
            return
        parts = [add]
        default = spec.get("default")
        rewrite = estimate.rewrite(self.p.live, self.name)
        if "generated" in spec:
            parts.append(f"GENERATED ALWAYS AS ({spec['generated']}) STORED")
            self.lock = max(self.lock, rewrite + estimate.CATALOG_S)
        elif default is not None:
            if VOLATILE.search(str(default)) and self.rows and rewrite > self.p.options.lock_budget_s:
                # A volatile default rewrites the table: add the column empty, fill it in batches.
                self.prepare.append(add)
                self.prepare.append(f"ALTER TABLE {t} ALTER COLUMN {ident(col)} SET DEFAULT {default}")
                self._step(f"fill:{col}", "convert", f"fill the new column {self.name}.{col} with {default} in batches",
                           [], transactional=False, lock="row locks only, one batch at a time",
                           backfill=Backfill(self.name, self.key(), [(col, str(default))],
                                             where=f"{ident(col)} IS NULL", batch_rows=self.p.options.batch_rows))
                self.table_plan.added.append(f"column {col} {spec['type']} (filled in batches)")
                return
            parts.append(f"DEFAULT {default}")
            if VOLATILE.search(str(default)):
                self.lock = max(self.lock, rewrite + estimate.CATALOG_S)
        if not spec.get("nullable", True):
            if default is None and "generated" not in spec and self.rows:
                self.p.block(self.name, col, "not null", self.rows, "the new schema adds this NOT NULL column without "
                             "a default; adopt cannot invent its values")
            parts.append("NOT NULL")
        self.prepare.append(" ".join(parts))
        self.table_plan.added.append(f"column {col} {spec['type']}")

    def _move_columns_aside(self, extra: list[str]) -> None:
        pk = list(self.stats.pk) if self.stats else []
        if not pk:
            self.p.block(self.name, ", ".join(extra), "unsupported", self.rows, "columns the new schema does not have, "
                         "on a table without a primary key to keep them by")
            return
        legacy = f"{LEGACY_SCHEMA}.{ident(self.name + '__columns')}"
        cols = ", ".join(ident(c) for c in [*pk, *extra])
        lock = estimate.scan(self.p.live, self.name) * 2 + estimate.CATALOG_S
        self._step("aside", "prepare", f"move column(s) {', '.join(extra)} of {self.name} aside to {legacy} (with "
                   f"{', '.join(pk)})",
                   [f"LOCK TABLE {table_ref(self.name)} IN SHARE MODE",
                    f"CREATE TABLE {legacy} AS SELECT {cols} FROM {table_ref(self.name)}",  # noqa: S608
                    f"ALTER TABLE {legacy} ADD PRIMARY KEY ({', '.join(ident(c) for c in pk)})",
                    *[f"ALTER TABLE {table_ref(self.name)} DROP COLUMN {ident(c)}" for c in extra]],
                   lock="SHARE (writes wait while the columns are copied)", est_lock_s=lock)
        self.lock = max(self.lock, lock)
        self.p.plan.moved_aside.append(f"columns {self.name}.({', '.join(extra)}) with {', '.join(pk)}: {legacy}")

    # ------------------------------------------------------------------ constraints
    def _constraints(self, online_cols: set[str]) -> dict[str, Any]:
        t = table_ref(self.name)
        live_c: dict[str, str] = dict(self.L.get("constraints", {}))
        goal_c: dict[str, str] = dict(self.G.get("constraints", {}))
        keep: set[str] = set()
        validate: list[str] = []
        for name, definition in live_c.items():
            base, not_valid = sqltext.strip_not_valid(definition)
            if goal_c.get(name) == base:
                keep.add(name)
                if not_valid:
                    validate.append(name)
        free_goal = {n: d for n, d in goal_c.items() if n not in keep}
        renames: list[tuple[str, str]] = []
        for name, definition in sorted(live_c.items()):
            base, not_valid = sqltext.strip_not_valid(definition)
            if name in keep or SHADOW in name or any(sqltext.mentions(base, c) for c in online_cols):
                continue
            match = next((g for g, d in sorted(free_goal.items()) if d == base), None)
            if match is not None:
                renames.append((name, match))
                keep.add(name)
                del free_goal[match]
                if not_valid:
                    validate.append(match)
        pk_replace: str | None = None
        drops: list[str] = []
        goal_has_pk = any(d.startswith("PRIMARY KEY") for d in free_goal.values())
        for name, definition in sorted(live_c.items()):
            if name in keep or SHADOW in name:
                continue
            if definition.startswith("PRIMARY KEY") and goal_has_pk:
                pk_replace = name  # replaced in the same transaction as its successor is added
                continue
            if definition.startswith(("CHECK", "UNIQUE", "PRIMARY KEY")) and any(
                    sqltext.mentions(definition, c) for c in online_cols):
                continue  # goes with the old column at the swap
            drops.append(name)
        self.prepare[:0] = [f"ALTER TABLE {t} DROP CONSTRAINT IF EXISTS {ident(n)}" for n in drops]
        self.prepare += [f"ALTER TABLE {t} RENAME CONSTRAINT {ident(o)} TO {ident(n)}" for o, n in renames]
        if renames:
            self.table_plan.changed.append(f"{len(renames)} constraint(s) renamed to the new naming convention")
        if drops:
            self.table_plan.changed.append(f"constraint(s) superseded: {', '.join(drops)}")
        prebuilt: dict[str, str] = {}
        later: dict[str, str] = {}
        for name, definition in sorted(free_goal.items()):
            key = sqltext.key_parts(definition)
            (prebuilt if key is not None and any(c in online_cols for c in key[2]) else later)[name] = definition
            self.table_plan.added.append(f"constraint {name}")
        datacheck.check(self, free_goal)
        return {"prebuilt": prebuilt, "later": later, "validate": validate, "pk_replace": pk_replace}

    # ------------------------------------------------------------------ indexes
    def _indexes(self, online_cols: set[str]) -> dict[str, Any]:
        live_i: dict[str, str] = dict(self.L.get("indexes", {}))
        goal_i: dict[str, str] = dict(self.G.get("indexes", {}))
        keep: set[str] = set()
        invalid: set[str] = set()
        for name, definition in live_i.items():
            clean = definition.removesuffix(" -- INVALID")
            if name in goal_i and sqltext.index_shape(goal_i[name]) == sqltext.index_shape(clean):
                (invalid if definition.endswith("-- INVALID") else keep).add(name)
        free_goal = {n: d for n, d in goal_i.items() if n not in keep}
        renames: list[tuple[str, str]] = []
        first_of_shape: dict[str, str] = {}
        duplicate_of: dict[str, str] = {}
        for name, definition in sorted(live_i.items()):
            if name in keep or name in invalid or definition.endswith("-- INVALID") or SHADOW in name:
                continue
            shape = sqltext.index_shape(definition)
            if shape in first_of_shape:
                duplicate_of[name] = first_of_shape[shape]
                continue
            first_of_shape[shape] = name
            if any(sqltext.mentions(definition, c) for c in online_cols):
                continue
            match = next((g for g, d in sorted(free_goal.items()) if sqltext.index_shape(d) == shape), None)
            if match is not None:
                renames.append((name, match))
                keep.add(name)
                del free_goal[match]
        self.prepare += [f"ALTER INDEX public.{ident(o)} RENAME TO {ident(n)}" for o, n in renames]
        if renames:
            self.table_plan.changed.append(f"{len(renames)} index(es) renamed to the new naming convention")
        drop_first: list[str] = []
        drop_last: list[str] = []
        # An index named after a key constraint the target adds was built for it by an interrupted
        # run: the `keys` step attaches it (or, if INVALID, builds it again).
        pending_keys = {n for n, d in self.G.get("constraints", {}).items() if sqltext.key_parts(d) is not None}
        for name in sorted(live_i):
            if name in keep or SHADOW in name or name in pending_keys:
                continue
            definition = live_i[name]
            if name in invalid or definition.endswith("-- INVALID"):
                drop_first.append(name)  # an interrupted build: nothing in it
                continue
            reason = (f"duplicate of {duplicate_of[name]}" if name in duplicate_of
                      else "superseded by the new schema's indexes")
            if any(sqltext.mentions(definition, c) for c in online_cols):
                reason += " (dropped with its old column at the swap)"
            elif any(sqltext.mentions(definition, c) for c in self.conversions):
                drop_first.append(name)  # no point rebuilding it in the conversion
            else:
                drop_last.append(name)
            self.table_plan.dropped.append(f"index {name}")
            self.p.plan.dropped.append(Dropped("index", name, reason))
        self.prepare[:0] = [f"DROP INDEX IF EXISTS public.{ident(n)}" for n in drop_first]
        prebuilt: dict[str, str] = {}
        later: dict[str, str] = {}
        for name, definition in sorted(free_goal.items()):
            (prebuilt if any(sqltext.mentions(definition, c) for c in online_cols) else later)[name] = definition
            self.table_plan.added.append(f"index {name}")
        return {"prebuilt": prebuilt, "later": later, "drop_last": drop_last}

    # ------------------------------------------------------------------ triggers
    def _triggers(self) -> None:
        live_t: dict[str, str] = dict(self.L.get("triggers", {}))
        goal_t: dict[str, str] = dict(self.G.get("triggers", {}))
        if self.parent is not None:  # the parent's triggers are cloned onto the partition when it is attached
            parent_t = self.p.goal_tables[self.parent].get("triggers", {})
            goal_t = {n: d for n, d in goal_t.items() if n not in parent_t}
        self.new_triggers = [d for n, d in sorted(goal_t.items()) if live_t.get(n) != d]
        for name in sorted(live_t):
            if name == SYNC_TRIGGER or goal_t.get(name) == live_t[name]:
                continue
            # Old triggers go first: none may fire during the backfills (their definitions are in the journal).
            self.prepare.insert(0, f"DROP TRIGGER IF EXISTS {ident(name)} ON {table_ref(self.name)}")
            if name not in goal_t:
                self.table_plan.changed.append(f"trigger {name} dropped (its definition is kept in the journal)")
        if self.new_triggers:
            self.table_plan.added.append(f"{len(self.new_triggers)} trigger(s)")

    # ------------------------------------------------------------------ emit
    def _emit_prepare(self) -> None:
        comment = self.G.get("comment")
        if comment != self.L.get("comment"):
            self.after.append(f"COMMENT ON TABLE {table_ref(self.name)} IS {literal(comment) if comment else 'NULL'}")
        if self.prepare:
            self._step("prepare", "prepare", f"prepare {self.name}: renames, superseded constraints and indexes, "
                       "added columns, defaults", self.prepare, lock="ACCESS EXCLUSIVE (catalog only)",
                       est_lock_s=self.lock)

    def _emit_direct(self) -> None:
        clauses: list[str] = []
        statements: list[str] = []
        for col, conv in sorted(self.conversions.items()):
            gspec = self.G["columns"][col]
            clauses.append(f"ALTER COLUMN {ident(col)} DROP DEFAULT")
            if conv.kind == "relabel":
                clauses.append(f"ALTER COLUMN {ident(col)} TYPE {conv.to_type}")
                if conv.to_type == convert.TIMESTAMPTZ:
                    statements.append("SET LOCAL TimeZone = 'UTC'")  # the old values are UTC: no rewrite
            else:
                clauses.append(f"ALTER COLUMN {ident(col)} TYPE {conv.to_type} USING {conv.expression}")
            if "default" in gspec:
                clauses.append(f"ALTER COLUMN {ident(col)} SET DEFAULT {gspec['default']}")
            if conv.kind == "rekey":
                statements += self._rekey_prelude(col)
        statements.append(f"ALTER TABLE {table_ref(self.name)} " + ", ".join(clauses))
        if any(c.kind == "rekey" for c in self.conversions.values()):
            statements.append(f"DROP FUNCTION IF EXISTS {LEGACY_SCHEMA}.{ident(convert.rekey_function(self.name))}"
                              "(integer)")
        rewrite = any(c.rewrite for c in self.conversions.values())
        self._step("convert", "convert", f"convert {len(self.conversions)} column(s) of {self.name} in place",
                   statements, lock="ACCESS EXCLUSIVE (" + ("table rewrite" if rewrite else "index rebuild") + ")",
                   est_lock_s=self.lock)

    def _rekey_prelude(self, col: str) -> list[str]:
        table = f"{LEGACY_SCHEMA}.{ident(convert.map_table(self.name))}"
        fn = f"{LEGACY_SCHEMA}.{ident(convert.rekey_function(self.name))}"
        return [
            f"CREATE TABLE IF NOT EXISTS {table} (old_id bigint PRIMARY KEY, new_id uuid NOT NULL UNIQUE "
            "DEFAULT gen_random_uuid())",
            f"INSERT INTO {table} (old_id) SELECT {ident(col)} FROM {table_ref(self.name)} ON CONFLICT "  # noqa: S608
            "(old_id) DO NOTHING",
            f"CREATE OR REPLACE FUNCTION {fn}(integer) RETURNS uuid LANGUAGE sql STABLE AS $$ "  # noqa: S608
            f"SELECT new_id FROM {table} WHERE old_id = $1 $$",
        ]

    def _emit_online(self, pk: tuple[str, ...], cons: dict[str, Any], idx: dict[str, Any]) -> None:
        t = table_ref(self.name)
        shadow = {c: c + SHADOW for c in self.conversions}
        fn = f"{LEGACY_SCHEMA}.{ident('adopt_sync_' + self.name)}"
        not_null = [c for c in sorted(self.conversions) if not self.G["columns"][c].get("nullable", True)]
        live_c = self.L.get("constraints", {})
        if not any(s in self.L.get("columns", {}) for s in shadow.values()):
            adds = ", ".join(f"ADD COLUMN IF NOT EXISTS {ident(shadow[c])} {conv.to_type}"
                             for c, conv in sorted(self.conversions.items()))
            body = "; ".join(f"NEW.{ident(shadow[c])} := {_on_new(conv.expression, c)}"
                             for c, conv in sorted(self.conversions.items()))
            start = [
                f"ALTER TABLE {t} {adds}",
                f"CREATE OR REPLACE FUNCTION {fn}() RETURNS trigger LANGUAGE plpgsql AS "
                f"$adopt$ BEGIN {body}; RETURN NEW; END $adopt$",
                f"CREATE TRIGGER {SYNC_TRIGGER} BEFORE INSERT OR UPDATE ON {t} FOR EACH ROW EXECUTE FUNCTION {fn}()",
            ]
            start += [f"ALTER TABLE {t} ADD CONSTRAINT {ident(nn_check_name(self.name, c))} CHECK "
                      f"({ident(shadow[c])} IS NOT NULL) NOT VALID" for c in not_null]
            self._step("online:start", "convert", f"start converting {self.name} online: shadow columns, and a trigger "
                       "that keeps them in sync with every write", start, lock="ACCESS EXCLUSIVE (catalog only)",
                       est_lock_s=estimate.CATALOG_S)
        else:
            missing = [f"ALTER TABLE {t} ADD CONSTRAINT {ident(nn_check_name(self.name, c))} CHECK "
                       f"({ident(shadow[c])} IS NOT NULL) NOT VALID" for c in not_null
                       if nn_check_name(self.name, c) not in live_c]
            if missing:
                self._step("online:recheck", "convert", f"restore the NOT NULL checks of {self.name}'s shadow columns",
                           missing, est_lock_s=estimate.CATALOG_S)
        self._step("online:backfill", "convert", f"backfill {self.name} in batches of {self.p.options.batch_rows}",
                   [], transactional=False, lock="row locks only, one batch at a time",
                   backfill=Backfill(self.name, pk[0], [(shadow[c], conv.expression)
                                                        for c, conv in sorted(self.conversions.items())],
                                     batch_rows=self.p.options.batch_rows))
        for c in not_null:
            self._step(f"online:validate:{c}", "convert", f"check that {self.name}.{c} has no NULLs",
                       [f"ALTER TABLE {t} VALIDATE CONSTRAINT {ident(nn_check_name(self.name, c))}"],
                       lock="SHARE UPDATE EXCLUSIVE (writes continue)")
        for name, definition in sorted(cons["prebuilt"].items()):
            _, nnd, cols, _ = sqltext.key_parts(definition) or ("UNIQUE", False, [], "")
            tmp = temp_name(name)
            self._step(f"online:index:{name}", "convert", f"build the index of {name} on the new column(s)",
                       [f"CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS {ident(tmp)} ON {t} "
                        f"({', '.join(ident(shadow.get(c, c)) for c in cols)}){' NULLS NOT DISTINCT' if nnd else ''}"],
                       transactional=False, lock="none (CONCURRENTLY)", retry_invalid_index=tmp)
        for name, definition in sorted(idx["prebuilt"].items()):
            tmp = temp_name(name)
            self._step(f"online:index:{name}", "convert", f"build index {name} on the new column(s)",
                       [sqltext.index_sql(_rename_index_columns(definition, shadow), name=tmp, table=self.name,
                                          concurrently=True, if_not_exists=True)],
                       transactional=False, lock="none (CONCURRENTLY)", retry_invalid_index=tmp)
        swap = [f"DROP TRIGGER IF EXISTS {SYNC_TRIGGER} ON {t}"]
        new_pk = any((sqltext.key_parts(d) or ("",))[0] == "PRIMARY KEY" for d in cons["prebuilt"].values())
        if cons["pk_replace"] and new_pk:
            swap.append(f"ALTER TABLE {t} DROP CONSTRAINT IF EXISTS {ident(cons['pk_replace'])}")
            cons["pk_replace"] = None
        for c in sorted(self.conversions):
            swap += [f"ALTER TABLE {t} DROP COLUMN {ident(c)}",
                     f"ALTER TABLE {t} RENAME COLUMN {ident(shadow[c])} TO {ident(c)}"]
            gspec = self.G["columns"][c]
            if "default" in gspec:
                swap.append(f"ALTER TABLE {t} ALTER COLUMN {ident(c)} SET DEFAULT {gspec['default']}")
            if c in not_null:
                swap += [f"ALTER TABLE {t} ALTER COLUMN {ident(c)} SET NOT NULL",
                         f"ALTER TABLE {t} DROP CONSTRAINT {ident(nn_check_name(self.name, c))}"]
        for name, definition in sorted(cons["prebuilt"].items()):
            kind = (sqltext.key_parts(definition) or ("UNIQUE",))[0]
            swap.append(f"ALTER TABLE {t} ADD CONSTRAINT {ident(name)} {kind} USING INDEX {ident(temp_name(name))}")
        swap += [f"ALTER INDEX public.{ident(temp_name(n))} RENAME TO {ident(n)}" for n in sorted(idx["prebuilt"])]
        swap.append(f"DROP FUNCTION IF EXISTS {fn}()")
        self._step("online:swap", "convert", f"swap the converted columns of {self.name} in", swap,
                   lock="ACCESS EXCLUSIVE (catalog only)", est_lock_s=estimate.CATALOG_S)
        cons["prebuilt"] = {}
        idx["prebuilt"] = {}

    def _emit_columns(self, lcols: dict[str, Any], gcols: dict[str, Any]) -> None:
        t = table_ref(self.name)
        direct: list[str] = []
        for col in sorted(set(lcols) & set(gcols)):
            if col in self.conversions and self.online:
                continue
            if gcols[col].get("nullable", True) or not lcols[col].get("nullable", True):
                continue
            scan = estimate.scan(self.p.live, self.name)
            self.table_plan.changed.append(f"column {col}: now NOT NULL")
            if scan <= self.p.options.lock_budget_s or not self.rows:
                direct.append(f"ALTER TABLE {t} ALTER COLUMN {ident(col)} SET NOT NULL")
                self.lock = max(self.lock, scan + estimate.CATALOG_S)
                continue
            nn = nn_check_name(self.name, col)
            self._step(f"notnull:{col}:check", "columns", f"{self.name}.{col}: NOT NULL check (not valid yet)",
                       [f"ALTER TABLE {t} ADD CONSTRAINT {ident(nn)} CHECK ({ident(col)} IS NOT NULL) NOT VALID"],
                       est_lock_s=estimate.CATALOG_S)
            self._step(f"notnull:{col}:validate", "columns", f"validate {nn}",
                       [f"ALTER TABLE {t} VALIDATE CONSTRAINT {ident(nn)}"],
                       lock="SHARE UPDATE EXCLUSIVE (writes continue)")
            self._step(f"notnull:{col}:set", "columns", f"{self.name}.{col}: SET NOT NULL (the check proves it)",
                       [f"ALTER TABLE {t} ALTER COLUMN {ident(col)} SET NOT NULL",
                        f"ALTER TABLE {t} DROP CONSTRAINT {ident(nn)}"], est_lock_s=estimate.CATALOG_S)
        for col in sorted(gcols):
            comment = gcols[col].get("comment")
            if comment != lcols.get(col, {}).get("comment"):
                self.after.append(f"COMMENT ON COLUMN {t}.{ident(col)} IS {literal(comment) if comment else 'NULL'}")
        for col in sorted(c for c in lcols if c in gcols):
            rewrite = self.value_rewrite(col)
            if rewrite is None or not self.rows:
                continue
            decided = self.rewrites(col)
            keys = [k for k in decided if k != NULL_TOKEN]
            where = " OR ".join(([f"{ident(col)}::text IN ({', '.join(literal(k) for k in keys)})"] if keys else [])
                                + ([f"{ident(col)} IS NULL"] if NULL_TOKEN in decided else []))
            hits = int(self.p.conn.exec_driver_sql(f"SELECT count(*) FROM {t} WHERE {where}").scalar() or 0)  # noqa: S608
            if not hits:
                continue  # rewritten already (or the rows are gone)
            self._step(f"values:{col}", "convert", f"rewrite the mapped values of {self.name}.{col} ({hits} rows)",
                       [f"UPDATE {t} SET {ident(col)} = {rewrite} WHERE {where}"],  # noqa: S608
                       lock="row locks on the mapped rows only")
            self.table_plan.changed.append(f"column {col}: {hits} row(s) rewritten by the mapping file")
        if direct or self.after:
            self._step("columns", "columns", f"{self.name}: NOT NULL, comments", direct + self.after,
                       lock="ACCESS EXCLUSIVE" if direct else "SHARE UPDATE EXCLUSIVE", est_lock_s=self.lock)

    def _emit_constraints(self, cons: dict[str, Any]) -> None:
        t = table_ref(self.name)
        for name in cons["validate"]:
            self._step(f"validate:{name}", "constraints", f"validate {name}",
                       [f"ALTER TABLE {t} VALIDATE CONSTRAINT {ident(name)}"],
                       lock="SHARE UPDATE EXCLUSIVE (writes continue)")
        for name, definition in sorted(cons["later"].items()):
            key = sqltext.key_parts(definition)
            if key is not None and not key[3]:
                kind, nnd, cols, _ = key
                self._step(f"constraint:{name}:index", "keys", f"build the index of {name} concurrently",
                           [f"CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS {ident(name)} ON {t} "
                            f"({', '.join(ident(c) for c in cols)}){' NULLS NOT DISTINCT' if nnd else ''}"],
                           transactional=False, lock="none (CONCURRENTLY)", retry_invalid_index=name)
                attach = []
                if kind == "PRIMARY KEY" and cons["pk_replace"]:
                    attach.append(f"ALTER TABLE {t} DROP CONSTRAINT IF EXISTS {ident(cons['pk_replace'])}")
                attach.append(f"ALTER TABLE {t} ADD CONSTRAINT {ident(name)} {kind} USING INDEX {ident(name)}")
                self._step(f"constraint:{name}", "keys", f"add {name} on its index", attach,
                           est_lock_s=estimate.CATALOG_S)
            elif definition.startswith(("CHECK", "FOREIGN KEY")):
                self._step(f"constraint:{name}", "constraints", f"add {name} (not valid yet)",
                           [f"ALTER TABLE {t} ADD CONSTRAINT {ident(name)} {sqltext.source_form(definition)} "
                            "NOT VALID"],
                           est_lock_s=estimate.CATALOG_S)
                self._step(f"validate:{name}", "constraints", f"validate {name}",
                           [f"ALTER TABLE {t} VALIDATE CONSTRAINT {ident(name)}"],
                           lock="SHARE UPDATE EXCLUSIVE (writes continue)")
            else:
                scan = estimate.scan(self.p.live, self.name)
                self._step(f"constraint:{name}", "constraints", f"add {name}",
                           [f"ALTER TABLE {t} ADD CONSTRAINT {ident(name)} {sqltext.source_form(definition)}"],
                           est_lock_s=scan + estimate.CATALOG_S)
                self.lock = max(self.lock, scan + estimate.CATALOG_S)

    def _emit_indexes(self, idx: dict[str, Any]) -> None:
        for name, definition in sorted(idx["later"].items()):
            self._step(f"index:{name}", "indexes", f"build index {name} concurrently",
                       [sqltext.index_sql(definition, table=self.name, concurrently=True, if_not_exists=True)],
                       transactional=False, lock="none (CONCURRENTLY)", retry_invalid_index=name)
        for name in idx["drop_last"]:
            self._step(f"index-drop:{name}", "indexes", f"drop index {name} concurrently",
                       [f"DROP INDEX CONCURRENTLY IF EXISTS public.{ident(name)}"], transactional=False,
                       lock="none (CONCURRENTLY)")

    def _emit_partition(self) -> None:
        assert self.parent is not None
        parent = self.p.goal_tables[self.parent]
        default = self.p.default_partition(self.parent)
        assert default is not None
        statements = [f"ALTER TABLE {table_ref(self.name)} RENAME TO {ident(default)}"]
        statements += ddl.create_table(self.parent, parent, include_fks=True)
        statements.append(f"ALTER TABLE {table_ref(self.parent)} ATTACH PARTITION {table_ref(default)} DEFAULT")
        self._step("partition", "partition", f"partition {self.parent}: the old table becomes its DEFAULT partition "
                   "(no row moves)", statements, est_lock_s=estimate.CATALOG_S * 2,
                   lock="ACCESS EXCLUSIVE (catalog only)")
        self.lock = max(self.lock, estimate.CATALOG_S * 2)
        self.table_plan.changed.append(f"partitioned by {parent.get('partition_key')}; its rows stay, in {default}")


def _on_new(expression: str, column: str) -> str:
    """``expression`` over ``column`` rewritten over ``NEW.column`` (for the sync trigger)."""
    marker = "__adopt_new_row__"
    return sqltext.rename_identifiers(expression, {column: marker}).replace(marker, f"NEW.{ident(column)}")


def _rename_index_columns(definition: str, renames: dict[str, str]) -> str:
    unique, name, only, table, rest = sqltext.index_parts(definition)
    head = f"CREATE {'UNIQUE ' if unique else ''}INDEX {name} ON {'ONLY ' if only else ''}{table} "
    return head + sqltext.rename_identifiers(rest, renames)



