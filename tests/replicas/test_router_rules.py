"""The router's rules without a server: LSNs, what counts as a write, what is retried, read-your-writes pins."""

from __future__ import annotations

import threading

import psycopg
import pytest
from sqlalchemy import create_engine
from sqlalchemy.exc import OperationalError

from chanuka_db.replicas import (
    ReplicaRouter,
    RoutingPolicy,
    is_retryable,
    is_unreachable,
    is_write,
    parse_lsn,
    pin_scope,
)


def test_parse_lsn() -> None:
    assert parse_lsn("0/0") == 0
    assert parse_lsn("0/3000148") == 0x3000148
    assert parse_lsn("16/B374D848") == (0x16 << 32) + 0xB374D848
    assert parse_lsn(None) is None


@pytest.mark.parametrize(
    ("sql", "write"),
    [
        ("SELECT * FROM bills", False),
        ("  select 1", False),
        ("/* search */ SELECT ts_rank(v, q) FROM bills", False),
        ("-- listing\nSELECT id FROM bills ORDER BY introduced_date", False),
        ("WITH q AS (SELECT 1) SELECT * FROM q", False),
        ("(SELECT 1) UNION (SELECT 2)", False),
        ("SHOW statement_timeout", False),
        ("SET LOCAL statement_timeout = 1000", False),
        ("EXPLAIN SELECT 1", False),
        ("BEGIN", False),
        ("INSERT INTO comments (bill_id) VALUES (%(b)s)", True),
        ("update bills set view_count = view_count + 1", True),
        ("DELETE FROM sessions WHERE expires_at < now()", True),
        ("WITH moved AS (DELETE FROM a RETURNING *) INSERT INTO b SELECT * FROM moved", True),
        ("MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DO NOTHING", True),
        ("COPY bills FROM STDIN", True),
        ("CREATE INDEX ix ON bills (title)", True),
        ("REFRESH MATERIALIZED VIEW CONCURRENTLY search_vocabulary", True),
        ("/* x */ TRUNCATE search_cache", True),
    ],
)
def test_is_write(sql: str, write: bool) -> None:
    assert is_write(sql) is write


def test_retryable_errors() -> None:
    refused = psycopg.OperationalError("connection refused")
    assert is_unreachable(refused) and is_retryable(refused)
    wrapped = OperationalError("SELECT 1", {}, psycopg.errors.AdminShutdown("terminating connection"))
    assert is_unreachable(wrapped) and is_retryable(wrapped)
    conflict = psycopg.errors.SerializationFailure("canceling statement due to conflict with recovery")
    assert is_retryable(conflict) and not is_unreachable(conflict)
    timeout = psycopg.errors.QueryCanceled("canceling statement due to statement timeout")
    assert not is_retryable(timeout), "a slow query would only be slow again"
    assert not is_retryable(ValueError("not a database error"))


def test_policy_validation() -> None:
    with pytest.raises(ValueError, match="check_interval_s"):
        RoutingPolicy(check_interval_s=0)
    with pytest.raises(ValueError, match="read_your_writes_s"):
        RoutingPolicy(read_your_writes_s=-1)


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_read_your_writes_pins_per_context_and_per_scope() -> None:
    engine = create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")  # never connected
    clock = Clock()
    router = ReplicaRouter(engine, (), RoutingPolicy(read_your_writes_s=5), clock=clock)
    other = ReplicaRouter(engine, (), RoutingPolicy(read_your_writes_s=5), clock=clock)
    try:
        assert not router.pinned()
        router.note_write()
        assert router.pinned() and not other.pinned(), "a pin belongs to one router (one database)"
        seen: list[bool] = []
        thread = threading.Thread(target=lambda: seen.append(router.pinned()))
        thread.start()
        thread.join()
        assert seen == [False], "another thread is another context"
        clock.now += 5.1
        assert not router.pinned()

        with pin_scope("alice"):
            router.note_write()
            assert router.pinned()
        scoped: list[bool] = []

        def read_as(user: str) -> None:
            with pin_scope(user):
                scoped.append(router.pinned())

        for user in ("alice", "bob"):
            t = threading.Thread(target=read_as, args=(user,))
            t.start()
            t.join()
        assert scoped == [True, False]
        clock.now += 5.1
        with pin_scope("alice"):
            assert not router.pinned()
        assert router.candidates() == [], "with no replicas every read goes to the primary"
    finally:
        router.dispose()
        other.dispose()
        engine.dispose()


def test_pinning_off_by_default() -> None:
    engine = create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")
    router = ReplicaRouter(engine)
    router.note_write()
    assert not router.pinned()
    router.dispose()
