"""A primary with two streaming hot standbys, per test module, in a temporary directory."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from sqlalchemy import text

from chanuka_db.config import Settings
from chanuka_db.engine import Database
from chanuka_db.replicas import RoutingPolicy
from chanuka_db.server import EmbeddedServer
from chanuka_db.testing import settings_for_tests


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedServer]:
    """An embedded primary plus two replicas (``items`` table created and replicated); removed after."""
    server = EmbeddedServer(tmp_path_factory.mktemp("cluster") / "pgdata", ephemeral=True)
    try:
        server.start(replicas=2)
        with psycopg.connect(server.conninfo(), autocommit=True) as conn:
            conn.execute("CREATE TABLE items (id serial PRIMARY KEY, v text NOT NULL DEFAULT 'x')")
            conn.execute("INSERT INTO items (v) SELECT 'seed' FROM generate_series(1, 100)")
        wait_replayed(server)
        yield server
    finally:
        server.destroy()


def wait_replayed(server: EmbeddedServer, timeout: float = 10.0) -> None:
    """Wait until every running replica has replayed everything committed on the primary so far.

    The test servers commit asynchronously (``synchronous_commit = off``): a WAL message written
    with ``flush`` first makes the primary write out everything before it.
    """
    deadline = time.monotonic() + timeout
    with psycopg.connect(server.conninfo(), autocommit=True) as conn:
        target = conn.execute("SELECT pg_logical_emit_message(false, 'chanuka-test', 'sync', true)").fetchone()
        assert target is not None
        while True:
            row = conn.execute(
                "SELECT count(*) FILTER (WHERE replay_lsn >= %s::pg_lsn), count(*) FROM pg_stat_replication",
                (str(target[0]),),
            ).fetchone()
            assert row is not None
            if row[0] == row[1]:
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"replicas did not catch up within {timeout}s")
            time.sleep(0.05)


def routed(server: EmbeddedServer, replicas: int = 2, settings: Settings | None = None, **policy: Any) -> Database:
    """A Database on the cluster's primary that routes reads over its first ``replicas`` replicas."""
    return Database(
        settings or settings_for_tests(),
        url=server.url(),
        replica_urls=server.replica_urls()[:replicas],
        routing=RoutingPolicy(**policy),
    )


def port_of(db: Database) -> int:
    """The port of the server a routed read lands on."""
    with db.read_connect() as conn:
        return int(conn.execute(text("SELECT inet_server_port()")).scalar_one())
