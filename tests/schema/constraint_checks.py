"""Constraint checks derived from the model metadata (reference section 5.4), shared by the domain test modules.

A domain test module lists its tables, gives a factory per table (a valid row with every foreign key set),
and parametrizes over :func:`foreign_keys` and :func:`enum_columns`; the functions here do the checking
against the migrated database.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import Connection, Enum, text

from chanuka_db.schema import metadata
from tests.schema.conftest import Rejects

Factory = Callable[[Connection], uuid.UUID]


def domain_tables(*domains: str) -> list[str]:
    """Names of the tables of ``domains``, sorted."""
    return sorted(t.name for t in metadata.tables.values() if t.info.get("domain") in domains)


def foreign_keys(tables: Iterable[str]) -> list[tuple[str, str, str, str]]:
    """(table, column, referred table, ON DELETE rule) for every single-column foreign key of ``tables``."""
    out = []
    for name in tables:
        for fk in metadata.tables[name].foreign_keys:
            out.append((name, fk.parent.name, fk.column.table.name, (fk.ondelete or "NO ACTION").upper()))
    return sorted(out)


def enum_columns(tables: Iterable[str]) -> list[tuple[str, str]]:
    """(table, column) for every PostgreSQL-enum column of ``tables``."""
    return sorted(
        (name, col.name) for name in tables for col in metadata.tables[name].columns if isinstance(col.type, Enum)
    )


def live_check_names(conn: Connection, tables: Iterable[str]) -> set[str]:
    """Names of the CHECK constraints the database has on ``tables``."""
    rows = conn.execute(
        text(
            "SELECT conname FROM pg_constraint WHERE contype = 'c' "
            "AND conrelid = ANY (SELECT oid FROM pg_class "
            "WHERE relname = ANY (:t) AND relnamespace = 'public'::regnamespace)"
        ),
        {"t": list(tables)},
    ).scalars()
    return set(rows)


def value_of(conn: Connection, table: str, row_id: uuid.UUID, column: str) -> Any:
    """``table.column`` of row ``row_id`` (column and table names are code constants)."""
    return conn.execute(text(f'SELECT "{column}" FROM {table} WHERE id = :id'), {"id": row_id}).scalar_one()


def exists(conn: Connection, table: str, row_id: uuid.UUID) -> bool:
    """Whether ``table`` still has row ``row_id``."""
    return bool(conn.execute(text(f"SELECT count(*) FROM {table} WHERE id = :id"), {"id": row_id}).scalar_one() == 1)


def assert_dangling_rejected(
    rejects: Rejects, table: str, row_id: uuid.UUID, column: str, missing: uuid.UUID | None = None
) -> None:
    """Pointing ``table.column`` at a row that does not exist (``missing``, random by default) fails with 23503."""
    rejects(
        f'UPDATE {table} SET "{column}" = :missing WHERE id = :id',
        {"id": row_id, "missing": missing or uuid.uuid4()},
        sqlstate="23503",
    )


def assert_enum_rejects(rejects: Rejects, table: str, row_id: uuid.UUID, column: str) -> None:
    """A value outside the enum fails with 22P02."""
    rejects(f'UPDATE {table} SET "{column}" = \'no_such_value\' WHERE id = :id', {"id": row_id}, sqlstate="22P02")


def assert_on_delete(
    conn: Connection, rejects: Rejects, table: str, row_id: uuid.UUID, column: str, referred: str, rule: str
) -> None:
    """Deleting the row ``table.column`` points at does what ``rule`` says (CASCADE, SET NULL, RESTRICT)."""
    parent = value_of(conn, table, row_id, column)
    assert parent is not None, f"the factory of {table} must set {column}"
    delete = f"DELETE FROM {referred} WHERE id = :p"
    if rule in ("RESTRICT", "NO ACTION"):
        rejects(delete, {"p": parent}, sqlstate="23503")
        return
    conn.execute(text(delete), {"p": parent})
    if rule == "CASCADE":
        assert not exists(conn, table, row_id), f"{table} row survived deleting its {column}"
    elif rule == "SET NULL":
        assert value_of(conn, table, row_id, column) is None
    else:  # pragma: no cover - a rule this helper does not know
        raise AssertionError(f"unexpected ON DELETE rule {rule}")


def leads_an_index(conn: Connection, table: str, column: str) -> bool:
    """Whether some index of ``table`` (unique-constraint indexes included) has ``column`` first."""
    return bool(
        conn.execute(
            text(
                "SELECT EXISTS (SELECT 1 FROM pg_index i JOIN pg_attribute a "
                "ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] "
                "WHERE i.indrelid = CAST(:t AS regclass) AND a.attname = :c)"
            ),
            {"t": table, "c": column},
        ).scalar_one()
    )
