"""Minimal valid rows for the tables most domains point at (users, sponsors, bills, comments)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Connection, text


def insert(conn: Connection, table: str, **values: Any) -> uuid.UUID:
    """Insert one row with ``values`` (column names are code constants, values are bound) and return its id."""
    cols = ", ".join(values)
    params = ", ".join(f":{k}" for k in values)
    row = conn.execute(text(f"INSERT INTO {table} ({cols}) VALUES ({params}) RETURNING id"), values).one()
    return uuid.UUID(str(row[0]))


def make_user(conn: Connection, **kw: Any) -> uuid.UUID:
    """A citizen account with a unique e-mail."""
    values = {"email": f"u{uuid.uuid4().hex[:12]}@example.ke", "password_hash": "h" * 60, **kw}
    return insert(conn, "users", **values)


def make_sponsor(conn: Connection, **kw: Any) -> uuid.UUID:
    """A member of the National Assembly."""
    return insert(conn, "sponsors", **{"name": "Hon. Test Member", "chamber": "national_assembly", **kw})


def make_bill(conn: Connection, **kw: Any) -> uuid.UUID:
    """A bill with a unique number."""
    values = {
        "bill_number": f"NA {uuid.uuid4().hex[:6]}/2025",
        "title": "The Test (Amendment) Bill, 2025",
        "chamber": "national_assembly",
        **kw,
    }
    return insert(conn, "bills", **values)


def make_comment(conn: Connection, bill_id: uuid.UUID, user_id: uuid.UUID, **kw: Any) -> uuid.UUID:
    """A comment on ``bill_id`` by ``user_id``."""
    return insert(conn, "comments", **{"bill_id": bill_id, "user_id": user_id, "comment_text": "Nakubali.", **kw})
