"""What Alembic's autogenerate needs to know about chanuka-db.

- :func:`include_object`: objects autogenerate must leave alone (our journal, partitions of
  partitioned tables, tables of other applications, and what hand-written revisions create without
  a model: see :func:`not_in_models`).
- The ``updated_at`` triggers as first-class Alembic operations (``op.create_updated_at_trigger``),
  with a comparator, so a new table with ``updated_at`` gets its trigger in the generated revision
  and a missing trigger shows up as drift.
- :func:`process_revision_directives`: no empty revision files.
"""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import comparators, renderers
from alembic.autogenerate.api import AutogenContext
from alembic.operations import MigrateOperation, Operations
from alembic.operations.ops import UpgradeOps
from sqlalchemy import MetaData, text

JOURNAL_TABLES = frozenset({"chanuka_migration_journal", "alembic_version"})
TRIGGER_FUNCTION = "chanuka_set_updated_at"


def trigger_name(table: str) -> str:
    """The name of ``table``'s updated_at trigger."""
    return f"trg_{table}_updated_at"


#: ``(table, name)`` of columns, indexes and constraints that hand-written revisions create and the
#: models deliberately do not declare (e.g. trigger-maintained search vectors): see :func:`not_in_models`.
NOT_IN_MODELS: set[tuple[str, str]] = set()


def not_in_models(table: str, *names: str) -> None:
    """Declare that ``table``'s columns/indexes/constraints ``names`` come from a hand-written revision, not
    from the models, so autogenerate (``generate``, ``check``) does not propose to drop them.

    Call it from a module the models import (env.py imports :mod:`chanuka_db.schema` to autogenerate).
    The snapshots still include these objects: they are part of the migrations' schema.
    """
    NOT_IN_MODELS.update((table, name) for name in names)


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Hide bookkeeping tables, partitions (children of a partitioned table) and :data:`NOT_IN_MODELS`."""
    if reflected and compare_to is None and name is not None and type_ != "table":
        table = getattr(getattr(obj, "table", None), "name", None)
        if (table, name) in NOT_IN_MODELS:
            return False
    if type_ == "table" and name is not None:
        if name in JOURNAL_TABLES:
            return False
        if reflected and compare_to is None and _is_partition(obj):
            return False
    return not (type_ == "index" and reflected and compare_to is None and bool(name) and str(name).endswith("_pkey"))


def _is_partition(table: Any) -> bool:
    return bool(getattr(table, "info", {}).get("partition_of")) or _looks_like_partition(getattr(table, "name", ""))


def _looks_like_partition(name: str) -> bool:
    # Partitions are named <parent>_pYYYYMM or <parent>_default by the partitions module.
    if name.endswith("_default"):
        return True
    head, _, tail = name.rpartition("_p")
    return bool(head) and len(tail) == 6 and tail.isdigit()


@Operations.register_operation("create_updated_at_trigger")
class CreateUpdatedAtTriggerOp(MigrateOperation):
    """Create the trigger that keeps ``table.updated_at`` current."""

    def __init__(self, table_name: str) -> None:
        self.table_name = table_name

    @classmethod
    def create_updated_at_trigger(cls, operations: Operations, table_name: str) -> Any:
        """``op.create_updated_at_trigger("bills")``."""
        return operations.invoke(cls(table_name))

    def reverse(self) -> DropUpdatedAtTriggerOp:
        return DropUpdatedAtTriggerOp(self.table_name)


@Operations.register_operation("drop_updated_at_trigger")
class DropUpdatedAtTriggerOp(MigrateOperation):
    """Drop the ``updated_at`` trigger of a table."""

    def __init__(self, table_name: str) -> None:
        self.table_name = table_name

    @classmethod
    def drop_updated_at_trigger(cls, operations: Operations, table_name: str) -> Any:
        """``op.drop_updated_at_trigger("bills")``."""
        return operations.invoke(cls(table_name))

    def reverse(self) -> CreateUpdatedAtTriggerOp:
        return CreateUpdatedAtTriggerOp(self.table_name)


@Operations.implementation_for(CreateUpdatedAtTriggerOp)
def _create_trigger(operations: Operations, operation: CreateUpdatedAtTriggerOp) -> None:
    table = operation.table_name
    operations.execute(
        f'CREATE TRIGGER "{trigger_name(table)}" BEFORE UPDATE ON "{table}" '
        f"FOR EACH ROW EXECUTE FUNCTION {TRIGGER_FUNCTION}()"
    )


@Operations.implementation_for(DropUpdatedAtTriggerOp)
def _drop_trigger(operations: Operations, operation: DropUpdatedAtTriggerOp) -> None:
    table = operation.table_name
    operations.execute(f'DROP TRIGGER IF EXISTS "{trigger_name(table)}" ON "{table}"')


@renderers.dispatch_for(CreateUpdatedAtTriggerOp)
def _render_create(autogen_context: AutogenContext, op: CreateUpdatedAtTriggerOp) -> str:
    return f"op.create_updated_at_trigger({op.table_name!r})"


@renderers.dispatch_for(DropUpdatedAtTriggerOp)
def _render_drop(autogen_context: AutogenContext, op: DropUpdatedAtTriggerOp) -> str:
    return f"op.drop_updated_at_trigger({op.table_name!r})"


@comparators.dispatch_for("schema")
def _compare_updated_at_triggers(
    autogen_context: AutogenContext, upgrade_ops: UpgradeOps, schemas: Any
) -> None:
    metadata = autogen_context.metadata
    conn = autogen_context.connection
    if not isinstance(metadata, MetaData) or conn is None:
        return
    wanted = {
        t.name
        for t in metadata.tables.values()
        if "updated_at" in t.c and (autogen_context.run_object_filters(t, t.name, "table", False, None))
    }
    rows = conn.execute(
        text(
            "SELECT c.relname FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND NOT g.tgisinternal "
            "AND g.tgname = 'trg_' || c.relname || '_updated_at'"
        )
    ).scalars()
    present = set(rows)
    for table in sorted(wanted - present):
        upgrade_ops.ops.append(CreateUpdatedAtTriggerOp(table))
    existing_tables = {t.name for t in metadata.tables.values()}
    for table in sorted(present - wanted):
        if table in existing_tables:
            upgrade_ops.ops.append(DropUpdatedAtTriggerOp(table))


def process_revision_directives(context: Any, revision: Any, directives: list[Any]) -> None:
    """Skip empty autogenerated revisions; apply renames and USING casts; order trigger operations.

    Renames come from ``config.attributes["renames"]`` (a :class:`~chanuka_db.migrate.rewrite.Renames`,
    set by ``chanuka-db generate --rename``); what was rewritten goes to
    ``config.attributes["rewrite_report"]`` when the caller left one there.
    """
    if not directives:
        return
    script = directives[0]
    cfg = getattr(context, "config", None)
    attributes = cfg.attributes if cfg is not None else {}
    autogen = bool(getattr(getattr(cfg, "cmd_opts", None), "autogenerate", False)) or bool(
        attributes.get("autogenerate")
    )
    if autogen and script.upgrade_ops.is_empty():
        directives[:] = []
        return
    from chanuka_db.migrate.rewrite import RewriteReport, rewrite

    report = rewrite(script, attributes.get("renames"), getattr(context, "connection", None))
    collected = attributes.get("rewrite_report")
    if isinstance(collected, RewriteReport):
        collected.done.extend(report.done)
        collected.unmatched.extend(report.unmatched)
    # Triggers go after the tables they need, and their drops before the tables go.
    for ops in script.upgrade_ops_list:
        ops.ops.sort(key=lambda o: isinstance(o, CreateUpdatedAtTriggerOp))
    for ops in script.downgrade_ops_list:
        ops.ops.sort(key=lambda o: not isinstance(o, DropUpdatedAtTriggerOp))
