"""Fixtures for the per-domain schema tests: one transaction per test, rolled back after it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from chanuka_db.engine import Database


@pytest.fixture
def conn(chanuka_db: Database) -> Iterator[Connection]:
    """A connection inside a transaction that is rolled back after the test (no state leaks)."""
    with chanuka_db.engine.connect() as connection:
        tx = connection.begin()
        try:
            yield connection
        finally:
            tx.rollback()


@pytest.fixture
def session(conn: Connection) -> Iterator[Session]:
    """An ORM session on ``conn``'s transaction (rolled back after the test)."""
    with Session(bind=conn, join_transaction_mode="create_savepoint") as s:
        yield s


Rejects = Callable[..., str]


@pytest.fixture
def rejects(conn: Connection) -> Rejects:
    """``rejects(sql, params, sqlstate=...)``: the statement fails with that SQLSTATE; returns the message.

    Runs in a savepoint so the test's transaction stays usable. SQLSTATEs: 23503 foreign key,
    23505 unique, 23514 check, 23502 not null, 22P02 invalid enum/text representation.
    """

    def check(statement: str | Callable[[], Any], params: dict[str, Any] | None = None, *, sqlstate: str) -> str:
        sp = conn.begin_nested()
        try:
            if callable(statement):
                statement()
            else:
                conn.execute(text(statement), params or {})
        except DBAPIError as exc:
            sp.rollback()
            code = getattr(exc.orig, "sqlstate", None)
            assert code == sqlstate, f"expected SQLSTATE {sqlstate}, got {code}: {exc.orig}"
            return str(exc.orig)
        sp.rollback()
        raise AssertionError(f"statement was accepted, expected SQLSTATE {sqlstate}")

    return check


def restrict_sqlstate(conn: Connection) -> str:
    """SQLSTATE of an ON DELETE RESTRICT refusal: restrict_violation since PostgreSQL 18, before that 23503."""
    version = conn.execute(text("SELECT current_setting('server_version_num')::int")).scalar_one()
    return "23001" if version >= 180000 else "23503"
