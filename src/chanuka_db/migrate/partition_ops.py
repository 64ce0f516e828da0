"""Alembic support for range-partitioned tables: the DEFAULT partition as a first-class operation.

A model declares partitioning with ``__table_args__ = {"postgresql_partition_by": "RANGE (created_at)"}``;
autogenerate renders that in ``op.create_table``. A partitioned table without partitions rejects every
insert, so each one also gets a DEFAULT partition (``<table>_default``) that catches any row no monthly
partition takes (the monthly ones come from :mod:`chanuka_db.ops.partitions`). This module makes that
generic, the way :mod:`chanuka_db.migrate.autogen` does for ``updated_at`` triggers:

- ``op.create_default_partition("engagement_events")`` / ``op.drop_default_partition(...)``: custom
  operations (with renderers, so they appear in generated revisions, and reversible, so a generated
  downgrade drops what the upgrade created).
- A schema comparator that emits ``create_default_partition`` for every partitioned model table whose
  default partition is missing from the database (a new table included), so the generated revision
  creates it and a missing one shows up as drift. It runs at the LAST priority, after Alembic's own
  table comparison, so the operation lands after the ``CREATE TABLE`` it needs.

Partition children (``<table>_default``, ``<table>_pYYYYMM``) are hidden from autogenerate by
:func:`chanuka_db.migrate.autogen.include_object`. Imported by ``migrations/env.py`` for registration.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from alembic.autogenerate import comparators, renderers
from alembic.autogenerate.api import AutogenContext
from alembic.operations import MigrateOperation, Operations
from alembic.operations.ops import CreateTableOp, UpgradeOps
from sqlalchemy import MetaData, Table, text

from chanuka_db.ops.partitions import default_partition_name

try:  # Alembic >= 1.18 runs plugin comparators by priority; older versions in registration order.
    from alembic.util import DispatchPriority

    _LAST: dict[str, Any] = {"priority": DispatchPriority.LAST}
except ImportError:  # pragma: no cover - depends on the installed Alembic
    _LAST = {}


def is_partitioned(table: Table) -> bool:
    """Whether the model declares ``table`` partitioned (``postgresql_partition_by``)."""
    return bool(table.dialect_options["postgresql"].get("partition_by"))


def _qualified(operations: Operations, name: str, schema: str | None) -> str:
    quote = operations.get_context().dialect.identifier_preparer.quote
    return f"{quote(schema)}.{quote(name)}" if schema else quote(name)


@Operations.register_operation("create_default_partition")
class CreateDefaultPartitionOp(MigrateOperation):
    """Create ``<table>_default``, the DEFAULT partition of a partitioned table."""

    def __init__(self, table_name: str, schema: str | None = None) -> None:
        self.table_name = table_name
        self.schema = schema

    @classmethod
    def create_default_partition(cls, operations: Operations, table_name: str, *, schema: str | None = None) -> Any:
        """``op.create_default_partition("engagement_events")``."""
        return operations.invoke(cls(table_name, schema=schema))

    def reverse(self) -> DropDefaultPartitionOp:
        return DropDefaultPartitionOp(self.table_name, schema=self.schema)

    def to_diff_tuple(self) -> tuple[Any, ...]:
        return ("create_default_partition", self.schema, self.table_name)


@Operations.register_operation("drop_default_partition")
class DropDefaultPartitionOp(MigrateOperation):
    """Drop ``<table>_default`` (its rows go with it: only for a table being dropped or emptied)."""

    def __init__(self, table_name: str, schema: str | None = None) -> None:
        self.table_name = table_name
        self.schema = schema

    @classmethod
    def drop_default_partition(cls, operations: Operations, table_name: str, *, schema: str | None = None) -> Any:
        """``op.drop_default_partition("engagement_events")``."""
        return operations.invoke(cls(table_name, schema=schema))

    def reverse(self) -> CreateDefaultPartitionOp:
        return CreateDefaultPartitionOp(self.table_name, schema=self.schema)

    def to_diff_tuple(self) -> tuple[Any, ...]:
        return ("drop_default_partition", self.schema, self.table_name)


@Operations.implementation_for(CreateDefaultPartitionOp)
def _create_default_partition(operations: Operations, operation: CreateDefaultPartitionOp) -> None:
    parent = _qualified(operations, operation.table_name, operation.schema)
    child = _qualified(operations, default_partition_name(operation.table_name), operation.schema)
    operations.execute(f"CREATE TABLE IF NOT EXISTS {child} PARTITION OF {parent} DEFAULT")


@Operations.implementation_for(DropDefaultPartitionOp)
def _drop_default_partition(operations: Operations, operation: DropDefaultPartitionOp) -> None:
    child = _qualified(operations, default_partition_name(operation.table_name), operation.schema)
    operations.execute(f"DROP TABLE IF EXISTS {child}")


def _render_args(op: CreateDefaultPartitionOp | DropDefaultPartitionOp) -> str:
    return f"{op.table_name!r}" + (f", schema={op.schema!r}" if op.schema else "")


@renderers.dispatch_for(CreateDefaultPartitionOp)
def _render_create(autogen_context: AutogenContext, op: CreateDefaultPartitionOp) -> str:
    return f"op.create_default_partition({_render_args(op)})"


@renderers.dispatch_for(DropDefaultPartitionOp)
def _render_drop(autogen_context: AutogenContext, op: DropDefaultPartitionOp) -> str:
    return f"op.drop_default_partition({_render_args(op)})"


def _model_tables(metadata: Any) -> Iterable[Table]:
    if isinstance(metadata, MetaData):
        return metadata.sorted_tables
    if isinstance(metadata, (list, tuple)):
        return [t for md in metadata if isinstance(md, MetaData) for t in md.sorted_tables]
    return []


@comparators.dispatch_for("schema", **_LAST)
def _compare_default_partitions(autogen_context: AutogenContext, upgrade_ops: UpgradeOps, schemas: Any) -> None:
    conn = autogen_context.connection
    if conn is None:
        return
    wanted = [
        t
        for t in _model_tables(autogen_context.metadata)
        if t.schema is None
        and is_partitioned(t)
        and autogen_context.run_object_filters(t, t.name, "table", False, None)
    ]
    if not wanted:
        return
    # relkind 'p' = partitioned table; partdefid = its DEFAULT partition (0 when there is none).
    state = {
        row[0]: (row[1], bool(row[2]))
        for row in conn.execute(
            text(
                "SELECT c.relname, c.relkind::text, coalesce(pt.partdefid, 0) <> 0 "
                "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "LEFT JOIN pg_partitioned_table pt ON pt.partrelid = c.oid "
                "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')"
            )
        )
    }
    created = {op.table_name for op in upgrade_ops.ops if isinstance(op, CreateTableOp)}
    for table in wanted:
        relkind, has_default = state.get(table.name, (None, False))
        # A table created by this revision, or a partitioned one that lost its default partition. (A plain
        # table that the model now partitions needs a hand-written rebuild: nothing to emit here.)
        if (relkind is None and table.name in created) or (relkind == "p" and not has_default):
            upgrade_ops.ops.append(CreateDefaultPartitionOp(table.name))
