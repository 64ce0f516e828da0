"""Maintenance of the real-time engagement tables: expiring the live metrics cache.

``live_metrics_cache`` rows carry a time to live in ``expires_at`` (indexed). Readers should ignore
rows past it; :func:`cleanup_expired_metrics` deletes them, in batches when asked, so a scheduler can
run it every few minutes without long locks. Takes a SQLAlchemy connection or a psycopg connection,
runs in the caller's transaction (commit it) and returns the number of rows deleted.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import psycopg
from sqlalchemy import text
from sqlalchemy.engine import Connection

from chanuka_db.errors import InvalidInput

# Written with psycopg's placeholders; SQLAlchemy's text() gets the same statement with :name ones.
_DELETE_ALL = "DELETE FROM live_metrics_cache WHERE expires_at < coalesce(%(now)s::timestamptz, now())"
# SKIP LOCKED: rows a writer is refreshing right now are left for the next run instead of waited on.
_DELETE_BATCH = (
    "DELETE FROM live_metrics_cache WHERE id IN (SELECT id FROM live_metrics_cache "
    "WHERE expires_at < coalesce(%(now)s::timestamptz, now()) "
    "ORDER BY expires_at LIMIT %(limit)s FOR UPDATE SKIP LOCKED)"
)


def _sqlalchemy_style(query: str) -> str:
    return query.replace("%(now)s::timestamptz", "CAST(:now AS timestamptz)").replace("%(limit)s", ":limit")


def cleanup_expired_metrics(
    conn: Connection | psycopg.Connection[Any], *, now: dt.datetime | None = None, limit: int | None = None
) -> int:
    """Delete the ``live_metrics_cache`` rows whose ``expires_at`` is past; returns how many.

    ``now`` defaults to the database's clock; ``limit`` caps one call's deletions (call again while it
    returns ``limit``). Rows without ``expires_at`` never expire.
    """
    if limit is not None and limit < 1:
        raise InvalidInput("the batch limit must be at least 1")
    if now is not None and now.tzinfo is None:
        raise InvalidInput("now must be timezone-aware")
    params: dict[str, Any] = {"now": now, "limit": limit}
    query = _DELETE_ALL if limit is None else _DELETE_BATCH
    if isinstance(conn, Connection):
        return int(conn.execute(text(_sqlalchemy_style(query)), params).rowcount)
    return int(conn.execute(query, params).rowcount)
