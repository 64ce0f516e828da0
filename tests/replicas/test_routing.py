"""Read routing over two streaming replicas: round robin, read-only, read-your-writes, lag, failover drill."""

from __future__ import annotations

import itertools
import threading
import time
from dataclasses import dataclass, field

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from chanuka_db import testing
from chanuka_db.engine import Database
from chanuka_db.ops import health
from chanuka_db.server import EmbeddedServer
from tests.replicas.conftest import port_of, routed, wait_replayed


def replica_ports(cluster: EmbeddedServer) -> list[int]:
    return [int(url.port or 0) for url in cluster.replica_urls()]


def test_reads_round_robin_over_replicas_and_writes_stay_on_the_primary(cluster: EmbeddedServer) -> None:
    with routed(cluster) as db:
        ports = [port_of(db) for _ in range(6)]
        assert sorted(set(ports)) == sorted(replica_ports(cluster))
        assert all(a != b for a, b in itertools.pairwise(ports)), f"not round robin: {ports}"
        with db.transaction() as session:
            written_on = session.execute(text("SELECT inet_server_port()")).scalar_one()
            session.execute(text("INSERT INTO items (v) VALUES ('routed')"))
        assert written_on == cluster.port
        with db.reading() as session:
            assert session.execute(text("SELECT pg_is_in_recovery()")).scalar_one() is True
        assert db.read(lambda conn: conn.execute(text("SELECT count(*) FROM items")).scalar_one()) >= 100


def test_read_sessions_are_read_only_on_the_primary_too(cluster: EmbeddedServer) -> None:
    with Database(testing.settings_for_tests(), url=cluster.url()) as db:  # no replicas: reads go to the primary
        assert port_of(db) == cluster.port
        with pytest.raises(DBAPIError, match="read-only transaction"), db.reading() as session:
            session.execute(text("INSERT INTO items (v) VALUES ('nope')"))
        # The pooled connection goes back to the server's default, not to an explicit READ WRITE.
        with db.connect() as conn:
            assert conn.connection.dbapi_connection.read_only is None  # type: ignore[union-attr]
            conn.execute(text("INSERT INTO items (v) VALUES ('fine')"))
            conn.commit()
    with routed(cluster) as db, pytest.raises(DBAPIError, match="read-only transaction"), db.reading() as session:
        session.execute(text("INSERT INTO items (v) VALUES ('nope')"))


def test_read_your_writes_pins_the_writing_context_then_lets_go(cluster: EmbeddedServer) -> None:
    replicas = replica_ports(cluster)
    with routed(cluster, read_your_writes_s=1.0) as db:
        assert port_of(db) in replicas
        with db.transaction() as session:
            session.execute(text("INSERT INTO items (v) VALUES ('mine')"))
        wrote_at = time.monotonic()
        assert [port_of(db) for _ in range(4)] == [cluster.port] * 4, "reads after a write must see it"
        # Another thread is another context: it is not pinned.
        seen: list[int] = []
        worker = threading.Thread(target=lambda: seen.append(port_of(db)))
        worker.start()
        worker.join()
        assert seen[0] in replicas
        # A pin scope (a user id) follows the user across threads.
        with db.pin_scope("user-42"):
            with db.transaction() as session:
                session.execute(text("INSERT INTO items (v) VALUES ('user 42')"))
            scoped: list[int] = []

            def read_as(user: str) -> None:
                with db.pin_scope(user):
                    scoped.append(port_of(db))

            for user in ("user-42", "user-7"):
                t = threading.Thread(target=read_as, args=(user,))
                t.start()
                t.join()
        assert scoped[0] == cluster.port and scoped[1] in replicas
        time.sleep(max(0.0, 1.05 - (time.monotonic() - wrote_at)))
        with db.pin_scope("user-42"):
            time.sleep(0.2)
            assert port_of(db) in replicas
        assert port_of(db) in replicas, "the pin must expire"
        # Reads alone never pin.
        assert [port_of(db) in replicas for _ in range(3)] == [True] * 3


def test_a_lagging_replica_leaves_the_rotation_and_comes_back(cluster: EmbeddedServer) -> None:
    replica1, replica2 = cluster.replicas()
    p1, p2 = replica_ports(cluster)
    by_seconds = routed(cluster, max_lag_seconds=0.5, max_lag_bytes=None, check_interval_s=0.1)
    by_bytes = routed(cluster, max_lag_seconds=None, max_lag_bytes=4096, check_interval_s=0.1)
    try:
        assert all(r.in_rotation and r.state == "streaming" for r in by_seconds.replica_health())
        with psycopg.connect(replica1.conninfo(), autocommit=True) as standby:
            standby.execute("SELECT pg_wal_replay_pause()")
            try:
                with psycopg.connect(cluster.conninfo(), autocommit=True) as primary:
                    for _ in range(15):  # 1.5 s of writes the paused standby does not replay
                        primary.execute("INSERT INTO items (v) SELECT repeat('w', 200) FROM generate_series(1, 20)")
                        time.sleep(0.1)
                for db in (by_seconds, by_bytes):
                    first, second = db.replica_health()
                    assert (first.name, first.state, first.in_rotation) == ("replica1", "paused", False), first
                    assert first.replay_paused is True and first.lag_bytes and first.lag_bytes > 4096
                    assert first.reason and "lags" in first.reason
                    assert second.in_rotation and second.lag_bytes is not None and second.lag_bytes < 4096
                    assert {port_of(db) for _ in range(6)} == {p2}, "reads must avoid the lagging replica"
                assert (by_seconds.replica_health()[0].lag_seconds or 0) > 0.5
                report = health.check(by_seconds)
                assert [r["name"] for r in report.replicas] == ["replica1", "replica2"]
                assert report.replicas[0]["in_rotation"] is False and report.replicas[0]["state"] == "paused"
                assert any("replica1" in p and "out of the read rotation" in p for p in report.problems)
            finally:
                standby.execute("SELECT pg_wal_replay_resume()")
        wait_replayed(cluster)
        time.sleep(0.15)
        for db in (by_seconds, by_bytes):
            assert all(r.in_rotation for r in db.replica_health())
            assert {port_of(db) for _ in range(6)} == {p1, p2}
    finally:
        by_seconds.dispose()
        by_bytes.dispose()
    assert replica2.running


@dataclass
class LoadLog:
    """What the drill's reader threads saw: (monotonic time, port) per read, and errors."""

    reads: list[tuple[float, int]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    writes: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def test_failover_drill_replica_stopped_mid_load_reads_continue_on_the_primary(cluster: EmbeddedServer) -> None:
    """The primary's one replica is stopped (fast shutdown) while 3 readers and a writer run."""
    replica = cluster.replicas()[0]
    replica_port = replica_ports(cluster)[0]
    db = routed(cluster, replicas=1, check_interval_s=0.2)
    log = LoadLog()
    stop = threading.Event()

    def reader() -> None:
        sql = text("SELECT inet_server_port(), count(*) FROM items")
        while not stop.is_set():
            try:
                port = db.read(lambda conn: int(conn.execute(sql).one()[0]))
            except Exception as exc:
                with log.lock:
                    log.errors.append(repr(exc))
            else:
                with log.lock:
                    log.reads.append((time.monotonic(), port))

    def writer() -> None:
        while not stop.is_set():
            with db.transaction() as session:
                session.execute(text("INSERT INTO items (v) VALUES ('load')"))
            log.writes += 1
            time.sleep(0.01)

    threads = [threading.Thread(target=reader) for _ in range(3)] + [threading.Thread(target=writer)]
    try:
        for t in threads:
            t.start()
        time.sleep(1.5)
        stopped_at = time.monotonic()
        replica.stop()
        stopped_done = time.monotonic()
        time.sleep(2.0)
        report = health.check(db)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=20)
    try:
        assert not log.errors, f"reads failed during the drill: {log.errors[:3]}"
        before = [p for t, p in log.reads if t < stopped_at]
        after = [p for t, p in log.reads if t > stopped_done + 0.1]
        assert before and before.count(replica_port) == len(before), "before the stop, reads go to the replica"
        assert len(after) > 20, "reads must continue after the replica stops"
        assert set(after) == {cluster.port}, "after the stop, reads go to the primary"
        assert log.writes > 10
        assert report.replicas[0]["state"] == "down" and report.replicas[0]["in_rotation"] is False
        assert any("out of the read rotation" in p for p in report.problems)
    finally:
        cluster.start()  # restarts the stopped replica and waits until it streams
    wait_replayed(cluster)
    time.sleep(0.25)
    assert port_of(db) == replica_port, "the restarted replica comes back into rotation"
    db.dispose()
