"""``server start --replicas N``: hot standbys beside the primary, stopped and started with it."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import psycopg
import pytest

from chanuka_db.config import Environment, Settings
from chanuka_db.engine import Database
from chanuka_db.errors import ServerError
from chanuka_db.server import EmbeddedServer
from tests.replicas.conftest import wait_replayed


def alive(pid: int, grace: float = 5.0) -> bool:
    """True when process ``pid`` still runs after ``grace`` seconds (a zombie awaiting its reaper is gone)."""
    deadline = time.monotonic() + grace
    while True:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return False
        if state in ("Z", "X"):
            return False
        if time.monotonic() > deadline:
            return True
        time.sleep(0.05)


def slots(server: EmbeddedServer) -> dict[str, bool]:
    with psycopg.connect(server.conninfo(), autocommit=True) as conn:
        return {str(n): bool(a) for n, a in conn.execute("SELECT slot_name, active FROM pg_replication_slots")}


def test_replicas_lifecycle(tmp_path: Path) -> None:
    server = EmbeddedServer(tmp_path / "pgdata", ephemeral=True)
    pids: list[int] = []
    try:
        status = server.start(replicas=2)
        assert [r.name for r in status.replicas] == ["replica1", "replica2"]
        assert all(r.running and r.state == "streaming" and r.lag_bytes == 0 for r in status.replicas)
        assert [Path(r.data_dir).name for r in status.replicas] == ["pgdata-replica1", "pgdata-replica2"]
        assert len({status.port, *(r.port for r in status.replicas)}) == 3, "each server has its own port"
        assert all(r.url and "***" in r.url for r in status.replicas)
        pids = [p for p in (status.pid, *(r.pid for r in status.replicas)) if p is not None]
        assert slots(server) == {"chanuka_replica1": True, "chanuka_replica2": True}
        state = json.loads(server.state_path.read_text())
        assert [e["slot"] for e in state["replicas"]] == ["chanuka_replica1", "chanuka_replica2"]
        replica1, replica2 = server.replicas()
        assert replica1.is_replica and not server.is_replica
        assert replica1.state_path.stat().st_mode & 0o077 == 0
        assert (replica1.data_dir / "chanuka.conf").stat().st_mode & 0o077 == 0, "it holds the password"

        with psycopg.connect(server.conninfo(), autocommit=True) as conn:
            conn.execute("CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)")
        wait_replayed(server)
        for replica in (replica1, replica2):
            with psycopg.connect(replica.conninfo()) as conn:
                assert conn.execute("SELECT v, pg_is_in_recovery() FROM kept").fetchone() == (42, True)
            with pytest.raises(psycopg.errors.ReadOnlySqlTransaction), psycopg.connect(replica.conninfo()) as conn:
                conn.execute("INSERT INTO kept VALUES (1)")

        # With no DATABASE_URL, a Database on this data directory routes reads to its replicas.
        settings = Settings(CHANUKA_ENV=Environment.TEST, CHANUKA_DATA_DIR=str(server.data_dir), DATABASE_URL=None)
        with Database(settings) as db:
            assert db.uses_embedded
            assert [u.port for u in db.replica_urls] == [r.port for r in status.replicas]
            assert [(h.name, h.state, h.in_rotation) for h in db.replica_health()] == [
                ("replica1", "streaming", True),
                ("replica2", "streaming", True),
            ]

        stopped = server.stop()
        assert not stopped.running and all(r.state == "stopped" and not r.running for r in stopped.replicas)
        assert not any(alive(p) for p in pids), "stop must stop the replicas too"

        restarted = server.start()
        assert [r.state for r in restarted.replicas] == ["streaming", "streaming"]
        assert [r.port for r in restarted.replicas] == [r.port for r in status.replicas]
        pids = [p for p in (restarted.pid, *(r.pid for r in restarted.replicas)) if p is not None]

        # A replica whose directory was lost is cloned again on the next start.
        replica2.stop()
        shutil.rmtree(replica2.data_dir)
        healed = server.start()
        assert [r.state for r in healed.replicas] == ["streaming", "streaming"]
        with psycopg.connect(replica2.conninfo()) as conn:
            assert conn.execute("SELECT v FROM kept").fetchone() == (42,)

        # A replica that cannot start does not keep the primary from starting; asked for, it is an error.
        server.stop()
        auto_conf = replica2.data_dir / "postgresql.auto.conf"
        good = auto_conf.read_text()
        auto_conf.write_text(good + "\nno_such_setting = 1\n")
        degraded = server.start()
        assert degraded.running and [(r.name, r.state) for r in degraded.replicas] == [
            ("replica1", "streaming"),
            ("replica2", "stopped"),
        ]
        with pytest.raises(ServerError, match="did not start"):
            server.start(replicas=2)
        auto_conf.write_text(good)
        assert [r.state for r in server.start(replicas=2).replicas] == ["streaming", "streaming"]

        shrunk = server.start(replicas=1)
        assert [r.name for r in shrunk.replicas] == ["replica1"]
        assert not replica2.data_dir.exists()
        assert slots(server) == {"chanuka_replica1": True}, "the removed replica's slot must be dropped"
        pids = [p for p in (shrunk.pid, *(r.pid for r in shrunk.replicas)) if p is not None]

        # Starting a replica's directory starts that replica only.
        replica1.stop()
        assert replica1.start().running
        with pytest.raises(ServerError, match="is a replica"):
            replica1.start(replicas=1)
    finally:
        server.destroy()
    assert not any(alive(p) for p in pids)
    assert not server.data_dir.exists() and not server.replica_dir(1).exists() and not server.replica_dir(2).exists()


def test_replica_count_is_bounded(tmp_path: Path) -> None:
    server = EmbeddedServer(tmp_path / "pgdata", ephemeral=True)
    with pytest.raises(ServerError, match="between 0 and"):
        server.start(replicas=-1)
    with pytest.raises(ServerError, match="between 0 and"):
        server.start(replicas=99)
    assert not server.data_dir.exists()
