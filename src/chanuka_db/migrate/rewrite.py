"""Fix what Alembic's autogenerate gets wrong before it becomes a revision file.

- **Renames.** Autogenerate sees a renamed column or table as a drop plus an add, which loses the
  data. Given the renames (``generate --rename table.old=new``, ``--rename-table old=new``), the
  pair becomes ``op.alter_column(..., new_column_name=...)`` / ``op.rename_table(...)``, and the
  indexes and constraints whose names follow the naming convention are renamed with
  ``ALTER INDEX ... RENAME`` / ``ALTER TABLE ... RENAME CONSTRAINT`` instead of being dropped and
  rebuilt.
- **Type changes get an explicit USING cast** (``postgresql_using``), since PostgreSQL refuses to
  change most types without one; alembic-postgresql-enum already adds it for enums.
- **New enum values** become ``ALTER TYPE ... ADD VALUE IF NOT EXISTS ... BEFORE/AFTER`` in an
  autocommit block, in the right place (alembic-postgresql-enum puts a value inserted between two
  others after the wrong one). Removing values stays the library's type swap with a cast.

:func:`rewrite` works on the ``MigrationScript`` Alembic hands to ``process_revision_directives``
and recomputes the downgrade from the rewritten upgrade.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from alembic.autogenerate import renderers
from alembic.autogenerate.api import AutogenContext
from alembic.operations import ops
from sqlalchemy import Enum, inspect
from sqlalchemy.dialects import postgresql
from sqlalchemy.types import TypeEngine

from chanuka_db.errors import InvalidInput

_PG = postgresql.dialect()  # type: ignore[no-untyped-call]
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_$]*$")


@dataclass(frozen=True)
class Renames:
    """Column renames keyed by (table, old column) and table renames keyed by old table name."""

    columns: dict[tuple[str, str], str] = field(default_factory=dict)
    tables: dict[str, str] = field(default_factory=dict)

    @classmethod
    def parse(cls, columns: list[str] | None = None, tables: list[str] | None = None) -> Renames:
        """Parse ``table.old=new`` (columns) and ``old=new`` (tables); :class:`InvalidInput` when malformed."""
        cols: dict[tuple[str, str], str] = {}
        for spec in columns or []:
            left, sep, new = spec.partition("=")
            table, dot, old = left.partition(".")
            if not (sep and dot and all(_NAME.match(x.strip()) for x in (table, old, new))):
                raise InvalidInput(f"--rename expects table.old_column=new_column, got {spec!r}")
            cols[(table.strip(), old.strip())] = new.strip()
        tabs: dict[str, str] = {}
        for spec in tables or []:
            old, sep, new = spec.partition("=")
            if not (sep and _NAME.match(old.strip()) and _NAME.match(new.strip())):
                raise InvalidInput(f"--rename-table expects old_table=new_table, got {spec!r}")
            tabs[old.strip()] = new.strip()
        return cls(cols, tabs)

    def __bool__(self) -> bool:
        return bool(self.columns or self.tables)


@dataclass
class RewriteReport:
    """What :func:`rewrite` did (``done``) and which requested renames it could not apply."""

    done: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)


# ------------------------------------------------------------------------------- operations
def _q(name: str) -> str:
    """``name`` as an SQL identifier: bare when it can be, double-quoted otherwise (reserved words...)."""
    return str(_PG.identifier_preparer.quote(name))


class RenameIndexOp(ops.ExecuteSQLOp):
    """``ALTER INDEX old RENAME TO new`` (rendered as ``op.execute``), reversible."""

    def __init__(self, old: str, new: str) -> None:
        super().__init__(f"ALTER INDEX {_q(old)} RENAME TO {_q(new)}")
        self.old, self.new = old, new

    def reverse(self) -> RenameIndexOp:
        return RenameIndexOp(self.new, self.old)


class RenameConstraintOp(ops.ExecuteSQLOp):
    """``ALTER TABLE t RENAME CONSTRAINT old TO new``, reversible (``table`` as named when it runs, both ways:
    a downgrade runs the reversed operations in reverse order)."""

    def __init__(self, table: str, old: str, new: str) -> None:
        super().__init__(f"ALTER TABLE {_q(table)} RENAME CONSTRAINT {_q(old)} TO {_q(new)}")
        self.table, self.old, self.new = table, old, new

    def reverse(self) -> RenameConstraintOp:
        return RenameConstraintOp(self.table, self.new, self.old)


class RenameTriggerOp(ops.ExecuteSQLOp):
    """``ALTER TRIGGER old ON t RENAME TO new``, reversible."""

    def __init__(self, table: str, old: str, new: str) -> None:
        super().__init__(f"ALTER TRIGGER {_q(old)} ON {_q(table)} RENAME TO {_q(new)}")
        self.table, self.old, self.new = table, old, new

    def reverse(self) -> RenameTriggerOp:
        return RenameTriggerOp(self.table, self.new, self.old)


class RenameTableOp(ops.RenameTableOp):
    """``op.rename_table(old, new)`` with a reverse (Alembic's own has none)."""

    def reverse(self) -> RenameTableOp:
        return RenameTableOp(self.new_table_name, self.table_name, schema=self.schema)


@renderers.dispatch_for(RenameTableOp)
def _render_rename_table(autogen_context: AutogenContext, op: RenameTableOp) -> str:
    return f"op.rename_table({op.table_name!r}, {op.new_table_name!r})"


class AlterColumnUsingOp(ops.AlterColumnOp):
    """``op.alter_column`` that renders ``postgresql_using`` and keeps renames reversible."""

    def __init__(self, table_name: str, column_name: str, *, using: str | None = None, **kw: Any) -> None:
        super().__init__(table_name, column_name, **kw)
        self.using = using

    @classmethod
    def from_op(cls, op: ops.AlterColumnOp, using: str | None) -> AlterColumnUsingOp:
        """The same alteration as ``op`` with a USING cast."""
        new = cls(
            op.table_name,
            op.column_name,
            schema=op.schema,
            existing_type=op.existing_type,
            existing_server_default=op.existing_server_default,
            existing_nullable=op.existing_nullable,
            existing_comment=op.existing_comment,
            modify_nullable=op.modify_nullable,
            modify_comment=op.modify_comment,
            modify_server_default=op.modify_server_default,
            modify_name=op.modify_name,
            modify_type=op.modify_type,
            using=using,
            **{k: v for k, v in op.kw.items() if k != "postgresql_using"},
        )
        return new

    def reverse(self) -> AlterColumnUsingOp:
        # PostgreSQL's alter_column changes the type first (under the current name), then renames.
        name_now = self.modify_name or self.column_name
        result = AlterColumnUsingOp.from_op(super().reverse(), None)
        result.column_name = name_now
        result.modify_name = self.column_name if self.modify_name else None
        if result.modify_type is not None:
            result.using = using_cast(name_now, result.modify_type, result.existing_type)
        return result


@renderers.dispatch_for(AlterColumnUsingOp)
def _render_alter_using(autogen_context: AutogenContext, op: AlterColumnUsingOp) -> str:
    base = renderers.dispatch(ops.AlterColumnOp)(autogen_context, op)
    if not op.using:
        return str(base)
    return f"{str(base)[:-1]},\n{' ' * 11}postgresql_using={op.using!r})"


class AddEnumValuesOp(ops.MigrateOperation):
    """New enum values, each ``ALTER TYPE ... ADD VALUE IF NOT EXISTS`` in its place, outside the transaction.

    Replaces alembic-postgresql-enum's operation of the same job, which places a value inserted
    between two others *after* the following one instead of before it. ``reverse`` is the library's
    own (removing values swaps the type, with a cast).
    """

    def __init__(self, schema: str | None, name: str, old_values: list[str], new_values: list[str], undo: Any) -> None:
        self.schema, self.name = schema, name
        self.old_values, self.new_values = list(old_values), list(new_values)
        self.undo = undo

    def statements(self) -> list[str]:
        """One ALTER TYPE per added value, in an order where every anchor value already exists."""
        qualified = f"{_q(self.schema)}.{_q(self.name)}" if self.schema else _q(self.name)
        out = []
        for i, value in enumerate(self.new_values):
            if value in self.old_values:
                continue
            anchor = f"AFTER {_literal(self.new_values[i - 1])}" if i else f"BEFORE {_literal(self.old_values[0])}"
            out.append(f"ALTER TYPE {qualified} ADD VALUE IF NOT EXISTS {_literal(value)} {anchor}")
        return out

    def reverse(self) -> Any:
        return self.undo


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


@renderers.dispatch_for(AddEnumValuesOp)
def _render_add_enum_values(autogen_context: AutogenContext, op: AddEnumValuesOp) -> list[str]:
    # Alembic's printer indents after a line ending in ":" and dedents after an empty line.
    lines = [
        "# ADD VALUE runs outside the revision's transaction (a value cannot be used in the transaction",
        "# that adds it); IF NOT EXISTS makes a re-run harmless.",
        "with op.get_context().autocommit_block():",
    ]
    lines += [f"op.execute({stmt!r})" for stmt in op.statements()]
    return [*lines, ""]


def _replace_enum_additions(upgrade_ops: ops.UpgradeOps) -> bool:
    from alembic_postgresql_enum.operations.add_enum_values import AddEnumValuesOp as LibraryAddEnumValuesOp

    changed = False
    for i, op in enumerate(upgrade_ops.ops):
        if isinstance(op, LibraryAddEnumValuesOp):
            undo: Any = op.reverse()  # type: ignore[no-untyped-call]
            upgrade_ops.ops[i] = AddEnumValuesOp(op.schema, op.name, op.old_values, op.new_values, undo)
            changed = True
    return changed


def _compiled(type_: Any) -> str:
    if type_ is None:
        return ""
    try:
        return str(type_.compile(dialect=_PG))
    except Exception:
        return repr(type_)


def using_cast(column: str, new_type: TypeEngine[Any], old_type: TypeEngine[Any] | None) -> str:
    """The USING expression that converts ``column`` to ``new_type`` (through text for enums)."""
    target = _compiled(new_type)
    if isinstance(new_type, Enum) or isinstance(old_type, Enum):
        return f"{_q(column)}::text::{target}"
    return f"{_q(column)}::{target}"


# ---------------------------------------------------------------------------------- rewrite
def rewrite(script: ops.MigrationScript, renames: Renames | None, connection: Any = None) -> RewriteReport:
    """Apply ``renames`` and USING casts to ``script`` in place; recompute its downgrade if changed."""
    report = RewriteReport()
    changed = False
    for upgrade_ops in script.upgrade_ops_list:
        if renames:
            changed |= _rename_tables(upgrade_ops, renames.tables, connection, report)
            changed |= _rename_columns(upgrade_ops, renames.columns, report)
        changed |= _add_using(upgrade_ops)
        changed |= _replace_enum_additions(upgrade_ops)
    if changed:
        for upgrade_ops, downgrade_ops in zip(script.upgrade_ops_list, script.downgrade_ops_list, strict=False):
            upgrade_ops.reverse_into(downgrade_ops)
    return report


def _modify_ops(upgrade_ops: ops.UpgradeOps, table: str) -> list[ops.ModifyTableOps]:
    return [o for o in upgrade_ops.ops if isinstance(o, ops.ModifyTableOps) and o.table_name == table]


def _add_using(upgrade_ops: ops.UpgradeOps) -> bool:
    changed = False
    for group in upgrade_ops.ops:
        if not isinstance(group, ops.ModifyTableOps):
            continue
        for i, op in enumerate(group.ops):
            if (
                isinstance(op, ops.AlterColumnOp)
                and not isinstance(op, AlterColumnUsingOp)
                and op.modify_type is not None
                and "postgresql_using" not in op.kw
            ):
                group.ops[i] = AlterColumnUsingOp.from_op(
                    op, using_cast(op.column_name, op.modify_type, op.existing_type)
                )
                changed = True
    return changed


def _substitute(text: str, old: str, new: str) -> str:
    return re.sub(rf'(?<![\w"]){re.escape(old)}(?![\w"])|"{re.escape(old)}"', new, text)


def _index_signature(columns: list[Any], unique: bool, kw: dict[str, Any], renames: dict[str, str]) -> tuple[Any, ...]:
    names = []
    for col in columns:
        name = col if isinstance(col, str) else getattr(col, "name", None) or str(col)
        names.append(renames.get(name, name))
    where = kw.get("postgresql_where")
    where_text = str(where) if where is not None else ""
    for old, new in renames.items():
        where_text = _substitute(where_text, old, new)
    return (tuple(names), bool(unique), kw.get("postgresql_using") or "btree", " ".join(where_text.split()))


def _rename_columns(upgrade_ops: ops.UpgradeOps, columns: dict[tuple[str, str], str], report: RewriteReport) -> bool:
    changed = False
    for (table, old), new in columns.items():
        groups = _modify_ops(upgrade_ops, table)
        drop = next(
            ((g, o) for g in groups for o in g.ops if isinstance(o, ops.DropColumnOp) and o.column_name == old), None
        )
        add = next(
            ((g, o) for g in groups for o in g.ops if isinstance(o, ops.AddColumnOp) and o.column.name == new), None
        )
        if drop is None or add is None:
            report.unmatched.append(
                f"{table}.{old}={new}: autogenerate did not drop {table}.{old} and add {table}.{new}"
            )
            continue
        (drop_group, drop_op), (add_group, add_op) = drop, add
        old_col = drop_op.to_column()
        new_col = add_op.column
        type_changed = _compiled(old_col.type) != _compiled(new_col.type)
        rename = AlterColumnUsingOp(
            table,
            old,
            modify_name=new,
            existing_type=old_col.type,
            existing_nullable=old_col.nullable,
            existing_server_default=old_col.server_default.arg if old_col.server_default is not None else None,  # type: ignore[attr-defined]
            modify_type=new_col.type if type_changed else None,
            modify_nullable=new_col.nullable if bool(new_col.nullable) != bool(old_col.nullable) else None,
            using=using_cast(old, new_col.type, old_col.type) if type_changed else None,
        )
        add_group.ops[add_group.ops.index(add_op)] = rename
        drop_group.ops.remove(drop_op)
        report.done.append(f"column {table}.{old} renamed to {new} (was drop + add)")
        _pair_indexes(groups, {old: new}, report)
        _pair_constraints(groups, table, {old: new}, report)
        changed = True
    return changed


def _pair_indexes(groups: list[ops.ModifyTableOps], renames: dict[str, str], report: RewriteReport) -> None:
    drops = [(g, o) for g in groups for o in g.ops if isinstance(o, ops.DropIndexOp)]
    creates = [(g, o) for g in groups for o in g.ops if isinstance(o, ops.CreateIndexOp)]
    for dgroup, dop in drops:
        reflected = dop.to_index()
        sig = _index_signature(
            list(dop._reverse.columns) if dop._reverse else [c.name for c in reflected.columns],
            bool(reflected.unique),
            dict(reflected.dialect_kwargs),
            renames,
        )
        for cgroup, cop in creates:
            if _index_signature(list(cop.columns), bool(cop.unique), dict(cop.kw), {}) == sig:
                dgroup.ops.remove(dop)
                position = cgroup.ops.index(cop)
                if dop.index_name == cop.index_name:
                    cgroup.ops.pop(position)
                else:
                    cgroup.ops[position] = RenameIndexOp(str(dop.index_name), str(cop.index_name))
                    report.done.append(f"index {dop.index_name} renamed to {cop.index_name}")
                creates.remove((cgroup, cop))
                break


def _constraint_signature(constraint: Any, renames: dict[str, str], tables: dict[str, str]) -> tuple[Any, ...] | None:
    kind = type(constraint).__name__
    cols = tuple(
        renames.get(c, c) for c in getattr(constraint, "column_keys", None) or [c.name for c in constraint.columns]
    )
    if kind == "ForeignKeyConstraint":
        targets = []
        for element in constraint.elements:
            table, _, col = element.target_fullname.rpartition(".")
            table = table.rpartition(".")[2]
            targets.append((tables.get(table, table), col))
        return ("fk", cols, tuple(targets))
    if kind == "UniqueConstraint":
        return ("uq", cols)
    return None


def _pair_constraints(
    groups: list[ops.ModifyTableOps],
    table: str,
    renames: dict[str, str],
    report: RewriteReport,
    tables: dict[str, str] | None = None,
) -> None:
    tables = tables or {}
    drops = [(g, o) for g in groups for o in g.ops if isinstance(o, ops.DropConstraintOp)]
    adds = [(g, o) for g in groups for o in g.ops if isinstance(o, ops.AddConstraintOp)]
    for dgroup, dop in drops:
        try:
            sig = _constraint_signature(dop.to_constraint(), renames, tables)
        except Exception:
            continue
        if sig is None:
            continue
        for agroup, aop in adds:
            try:
                asig = _constraint_signature(aop.to_constraint(), {}, {})
            except Exception:
                continue
            if asig == sig:
                dgroup.ops.remove(dop)
                position = agroup.ops.index(aop)
                new_name = str(getattr(aop, "constraint_name", None))
                if dop.constraint_name == new_name:
                    agroup.ops.pop(position)
                else:
                    agroup.ops[position] = RenameConstraintOp(
                        tables.get(table, table), str(dop.constraint_name), new_name
                    )
                    report.done.append(f"constraint {dop.constraint_name} renamed to {new_name}")
                adds.remove((agroup, aop))
                break


def _column_signature(table: Any) -> dict[str, str]:
    return {c.name: _compiled(c.type) for c in table.columns}


def _rename_tables(upgrade_ops: ops.UpgradeOps, tables: dict[str, str], connection: Any, report: RewriteReport) -> bool:
    changed = False
    for old, new in tables.items():
        drop = next((o for o in upgrade_ops.ops if isinstance(o, ops.DropTableOp) and o.table_name == old), None)
        create = next((o for o in upgrade_ops.ops if isinstance(o, ops.CreateTableOp) and o.table_name == new), None)
        if drop is None or create is None:
            report.unmatched.append(f"{old}={new}: autogenerate did not drop table {old} and create table {new}")
            continue
        old_table, new_table = drop.to_table(), create.to_table()
        if _column_signature(old_table) != _column_signature(new_table):
            report.unmatched.append(
                f"{old}={new}: the columns differ, so this is not a pure rename; rename the table in one "
                "revision and change its columns in the next"
            )
            continue
        position = upgrade_ops.ops.index(create)
        upgrade_ops.ops.remove(drop)
        position = upgrade_ops.ops.index(create)
        renames: list[ops.MigrateOperation] = []
        upgrade_ops.ops[position] = RenameTableOp(old, new, schema=create.schema)
        report.done.append(f"table {old} renamed to {new} (was drop + create)")
        # The new table's indexes, as autogenerate would create them.
        new_groups = _modify_ops(upgrade_ops, new)
        creates = [(g, o) for g in new_groups for o in g.ops if isinstance(o, ops.CreateIndexOp)]
        insp = inspect(connection) if connection is not None else None
        if insp is not None:
            for index in insp.get_indexes(old, schema=drop.schema):
                sig = _index_signature(
                    list(index.get("column_names") or []),
                    bool(index.get("unique")),
                    {
                        "postgresql_where": (index.get("dialect_options") or {}).get("postgresql_where"),
                        "postgresql_using": (index.get("dialect_options") or {}).get("postgresql_using"),
                    },
                    {},
                )
                for group, cop in creates:
                    if _index_signature(list(cop.columns), bool(cop.unique), dict(cop.kw), {}) == sig:
                        group.ops.remove(cop)
                        creates.remove((group, cop))
                        if index["name"] != cop.index_name:
                            renames.append(RenameIndexOp(str(index["name"]), str(cop.index_name)))
                        break
            renames.extend(_renamed_table_constraints(insp, old, new, new_table, drop.schema))
            renames.extend(_renamed_trigger(upgrade_ops, insp, old, new, drop.schema))
        if renames:
            upgrade_ops.ops.insert(position + 1, ops.ModifyTableOps(new, renames, schema=create.schema))
            report.done.extend(f"{getattr(r, 'sqltext', r)}" for r in renames)
        # Foreign keys of other tables that point at the renamed table: rename, do not rebuild.
        others = [g for g in upgrade_ops.ops if isinstance(g, ops.ModifyTableOps) and g.table_name not in (old, new)]
        for group in others:
            _pair_constraints([group], group.table_name, {}, report, tables={old: new})
        changed = True
    return changed


def _renamed_table_constraints(insp: Any, old: str, new: str, new_table: Any, schema: str | None) -> list[Any]:
    out: list[Any] = []
    wanted: dict[tuple[Any, ...], str] = {}
    for constraint in new_table.constraints:
        kind = type(constraint).__name__
        cols = tuple(c.name for c in constraint.columns)
        if kind == "PrimaryKeyConstraint":
            wanted[("pk",)] = str(constraint.name)
        elif kind == "UniqueConstraint":
            wanted[("uq", cols)] = str(constraint.name)
        elif kind == "CheckConstraint":
            wanted[("ck", str(constraint.name).replace(f"_{new}_", "_"))] = str(constraint.name)
        elif kind == "ForeignKeyConstraint":
            targets = tuple((e.column.table.name, e.column.name) for e in constraint.elements)
            wanted[("fk", cols, targets)] = str(constraint.name)
    current: list[tuple[tuple[Any, ...], str]] = []
    pk = insp.get_pk_constraint(old, schema=schema)
    if pk.get("name"):
        current.append((("pk",), pk["name"]))
    for uq in insp.get_unique_constraints(old, schema=schema):
        current.append((("uq", tuple(uq["column_names"])), uq["name"]))
    for ck in insp.get_check_constraints(old, schema=schema):
        current.append((("ck", str(ck["name"]).replace(f"_{old}_", "_")), ck["name"]))
    for fk in insp.get_foreign_keys(old, schema=schema):
        referred = fk["referred_table"]
        targets = tuple((new if referred == old else referred, c) for c in fk["referred_columns"])
        current.append((("fk", tuple(fk["constrained_columns"]), targets), fk["name"]))
    for sig, name in current:
        target = wanted.get(sig)
        if target and target != name:
            out.append(RenameConstraintOp(new, name, target))
    return out


def _renamed_trigger(upgrade_ops: ops.UpgradeOps, insp: Any, old: str, new: str, schema: str | None) -> list[Any]:
    from chanuka_db.migrate.autogen import CreateUpdatedAtTriggerOp, trigger_name

    create = next((o for o in upgrade_ops.ops if isinstance(o, CreateUpdatedAtTriggerOp) and o.table_name == new), None)
    if create is None:
        return []
    conn = insp.bind
    from sqlalchemy import text

    exists = conn.execute(
        text("SELECT 1 FROM pg_trigger WHERE tgname = :n AND tgrelid = to_regclass(:t)"),
        {"n": trigger_name(old), "t": old},
    ).first()
    if not exists:
        return []
    upgrade_ops.ops.remove(create)
    return [RenameTriggerOp(new, trigger_name(old), trigger_name(new))]
