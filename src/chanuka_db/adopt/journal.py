"""Adopt's journal, in schema ``chanuka_legacy``: one row per run, one row per step done.

A transactional step writes its ``done`` row in its own transaction, so a step and its record
commit together; a batched backfill records its last key with every batch. The journal is an audit
trail and a progress record: resuming an interrupted run re-plans from the live catalog (every
finished step is visible there) and uses the journal for the run's id, its backup and the backfill
positions. The schema also keeps what adopt moves aside and the id mappings of re-keyed tables.
"""

from __future__ import annotations

import json
import os
import socket
import uuid
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from chanuka_db import __version__
from chanuka_db.adopt.model import LEGACY_SCHEMA

RUNS = f"{LEGACY_SCHEMA}.adopt_runs"
STEPS = f"{LEGACY_SCHEMA}.adopt_steps"

DDL = (
    f"CREATE SCHEMA IF NOT EXISTS {LEGACY_SCHEMA}",
    f"COMMENT ON SCHEMA {LEGACY_SCHEMA} IS 'chanuka-db adopt: its journal, id mappings of re-keyed tables, and "
    "whatever the old database held that the new schema does not (moved aside, never dropped)'",
    f"""CREATE TABLE IF NOT EXISTS {RUNS} (
        run_id uuid PRIMARY KEY,
        started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        finished_at timestamptz,
        status text NOT NULL CHECK (status IN ('running', 'failed', 'stamped', 'finished')),
        database text NOT NULL,
        target_revision text,
        head_revision text,
        timezone text,
        backup_file text,
        detection jsonb,
        plan jsonb,
        mapping jsonb,
        before_schema jsonb,
        package_version text,
        applied_by text NOT NULL DEFAULT current_user,
        error text
    )""",
    f"""CREATE TABLE IF NOT EXISTS {STEPS} (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        run_id uuid NOT NULL REFERENCES {RUNS} (run_id),
        step text NOT NULL,
        phase text NOT NULL,
        table_name text,
        status text NOT NULL CHECK (status IN ('done', 'failed', 'progress')),
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        duration_ms integer,
        lock_ms integer,
        detail jsonb,
        error text
    )""",
    f"CREATE INDEX IF NOT EXISTS adopt_steps_run_step_idx ON {STEPS} (run_id, step, id)",
)

Conn = psycopg.Connection[Any]


def ensure(conn: Conn) -> None:
    """Create the schema and the journal tables when missing (in the caller's transaction)."""
    for statement in DDL:
        conn.execute(statement)


def open_run(conn: Conn) -> tuple[str, str | None] | None:
    """``(run_id, backup_file)`` of the latest unfinished run, if any."""
    if not _exists(conn):
        return None
    row = conn.execute(
        f"SELECT run_id::text, backup_file FROM {RUNS} WHERE status <> 'finished' "  # noqa: S608
        "ORDER BY started_at DESC LIMIT 1"
    ).fetchone()
    return None if row is None else (str(row[0]), row[1])


def _exists(conn: Conn) -> bool:
    row = conn.execute("SELECT to_regclass(%s) IS NOT NULL", (RUNS,)).fetchone()
    return bool(row and row[0])


def start_run(
    conn: Conn,
    *,
    database: str,
    target: str | None,
    head: str | None,
    timezone: str,
    backup_file: str | None,
    detection: dict[str, Any],
    plan: dict[str, Any],
    mapping: dict[str, Any],
    before_schema: dict[str, Any],
) -> str:
    """Record a new run; returns its id."""
    run_id = str(uuid.uuid4())
    conn.execute(
        f"INSERT INTO {RUNS} (run_id, status, database, target_revision, head_revision, timezone, backup_file, "  # noqa: S608
        "detection, plan, mapping, before_schema, package_version, applied_by) "
        "VALUES (%s, 'running', %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, current_user || %s)",
        (
            run_id, database, target, head, timezone, backup_file, Jsonb(detection), Jsonb(plan), Jsonb(mapping),
            Jsonb(before_schema), __version__, f"@{socket.gethostname()} pid {os.getpid()}",
        ),
    )
    return run_id


def set_status(conn: Conn, run_id: str, status: str, error: str | None = None) -> None:
    """Move a run to ``status`` (``finished`` also records the time)."""
    conn.execute(
        f"UPDATE {RUNS} SET status = %s, error = %s, "  # noqa: S608
        "finished_at = CASE WHEN %s = 'finished' THEN clock_timestamp() END WHERE run_id = %s",
        (status, error, status, run_id),
    )


def record(
    conn: Conn,
    run_id: str,
    *,
    step: str,
    phase: str,
    table: str | None,
    status: str,
    duration_ms: int | None = None,
    lock_ms: int | None = None,
    detail: dict[str, Any] | None = None,
    error: str | None = None,
) -> None:
    """Append one step row (in the caller's transaction)."""
    conn.execute(
        f"INSERT INTO {STEPS} (run_id, step, phase, table_name, status, duration_ms, lock_ms, detail, error) "  # noqa: S608
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
        (run_id, step, phase, table, status, duration_ms, lock_ms, Jsonb(detail) if detail is not None else None,
         error),
    )


def last_progress(conn: Conn, step: str) -> str | None:
    """The last key a backfill step recorded (any run), or None when it has not started."""
    row = conn.execute(
        f"SELECT detail->>'last_key' FROM {STEPS} WHERE step = %s AND status = 'progress' "  # noqa: S608
        "ORDER BY id DESC LIMIT 1",
        (step,),
    ).fetchone()
    return None if row is None else row[0]


def steps_done(conn: Conn, run_id: str) -> int:
    """How many steps of run ``run_id`` are done."""
    row = conn.execute(f"SELECT count(*) FROM {STEPS} WHERE run_id = %s AND status = 'done'", (run_id,)).fetchone()  # noqa: S608
    return int(row[0]) if row else 0


def rows_as_json(conn: Conn, qualified_table: str) -> Any:
    """Every row of a table as a JSON array (for the bookkeeping adopt drops)."""
    row = conn.execute(f"SELECT coalesce(json_agg(t), '[]'::json) FROM {qualified_table} t").fetchone()  # noqa: S608
    return json.loads(row[0]) if row and isinstance(row[0], str) else (row[0] if row else [])
