"""One real HA cluster for this module: etcd + 3 Patroni members (synchronous mode) + PgBouncer, on loopback.

The tests run in file order against the same cluster: start, the failover drill, an etcd outage, then
stop and a second start that reuses the state. The fixture stops everything at the end, also on failure.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import stat
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import psycopg
import pytest
from sqlalchemy import text

from chanuka_db.config import Environment, Settings, parse_database_url
from chanuka_db.engine import Database, libpq_url
from chanuka_db.ha import client, drill
from chanuka_db.ha.cluster import ETCD, HACluster
from chanuka_db.ha.doctor import DoctorReport
from chanuka_db.ha.errors import HAError
from chanuka_db.ha.processes import alive, is_root, processes_under
from chanuka_db.ha.rest import Member
from chanuka_db.ha.state import ClusterState
from chanuka_db.testing import settings_for_tests
from tests.ha.conftest import new_state_dir

#: Bounds for a busy 2-core machine (the benchmark reports the figures against the 5 s targets).
NEW_LEADER_BOUND_S = 15.0
REJOIN_BOUND_S = 90.0


@pytest.fixture(scope="module")
def cluster(ha_stack: DoctorReport) -> Iterator[HACluster]:
    """A started 3-member cluster with --sync and --pooler; stopped and removed after the module."""
    path = new_state_dir()
    ha = HACluster(path)
    try:
        ha.start(members=3, sync=True, pooler=True)
        yield ha
    finally:
        leftovers: list[int] = []
        with contextlib.suppress(Exception):
            ha.stop(grace=20)
        for proc in processes_under(path.parent):
            leftovers.append(proc.pid)
            with contextlib.suppress(Exception):
                proc.kill()
        shutil.rmtree(path.parent, ignore_errors=True)
        assert not leftovers, f"processes left running after stop: {leftovers}"


def members(ha: HACluster) -> list[Member]:
    return ha._members_now(ha.state(), timeout=1.0)


def wait_for(predicate: object, timeout: float, what: str) -> float:
    """Poll ``predicate()`` every 0.1 s; returns the monotonic time it became true."""
    assert callable(predicate)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return time.monotonic()
        time.sleep(0.1)
    raise AssertionError(f"{what} within {timeout}s")


def test_start_gives_a_leader_and_streaming_replicas(cluster: HACluster) -> None:
    status = cluster.status()
    assert status.running and status.leader is not None
    assert status.sync
    roles = sorted(m.role for m in status.members)
    assert roles == ["leader", "replica", "sync_standby"]
    assert all(m.state == "streaming" for m in status.members if m.role != "leader")
    assert len({m.timeline for m in status.members}) == 1
    assert status.etcd is not None and status.etcd.running
    assert status.pooler is not None and status.pooler.running
    leader_port = next(m.port for m in status.members if m.name == status.leader)
    assert status.pooler.target == leader_port
    assert status.url is not None and "***" in status.url and "target_session_attrs=read-write" in status.url

    state = cluster.state()
    # Private state: every file with a secret is 0600, the directory 0700.
    assert stat.S_IMODE(state.path.stat().st_mode) == 0o700
    for secret in [state.state_file, *(state.member_dir(m.name) / "patroni.yml" for m in state.members),
                   state.pooler_dir / "userlist.txt"]:
        assert stat.S_IMODE(secret.stat().st_mode) == 0o600, secret
    # Loopback only, and never root.
    for proc in processes_under(state.path):
        assert proc.uids().real != 0, proc.cmdline()
        for conn in proc.net_connections(kind="inet"):
            if conn.status == psutil.CONN_LISTEN:
                assert conn.laddr.ip == "127.0.0.1", (proc.cmdline()[:3], conn.laddr)
    if is_root():
        assert {p.username() for p in processes_under(state.path)} == {"embedded_postgres"}


def test_clients_reach_the_primary_and_read_from_replicas(cluster: HACluster) -> None:
    state = cluster.state()
    url = client.ha_url(state)
    assert parse_database_url(url.render_as_string(hide_password=False)) == url
    # The multi-host URL works for psycopg directly (libpq form) and through SQLAlchemy.
    with psycopg.connect(libpq_url(url)) as conn:
        row = conn.execute("SELECT pg_is_in_recovery(), current_database()").fetchone()
        assert row == (False, "chanuka")
    with psycopg.connect(client.ha_conninfo(state, pooler=True), prepare_threshold=None) as conn:
        assert conn.execute("SELECT pg_is_in_recovery()").fetchone() == (False,)
    replicas = client.replica_urls(state)
    assert len(replicas) == 2
    with Database(settings_for_tests(), url=url, replica_urls=replicas) as db:
        health = db.replica_health()
        assert [h.in_rotation for h in health] == [True, True], health
        with db.read_connect() as conn:
            assert conn.execute(text("SELECT pg_is_in_recovery()")).scalar_one() is True
        assert client.run_transaction(db, lambda c: c.execute(text("SELECT 41 + 1")).scalar_one()) == 42
    # Every member as a candidate: the router's own check keeps the two standbys, not the primary.
    everyone = [u for _, u in client.member_endpoints(state)]
    with Database(settings_for_tests(), url=url, replica_urls=everyone) as db:
        assert sorted(h.in_rotation for h in db.replica_health()) == [False, True, True]


def test_without_a_url_the_database_uses_the_cluster_beside_its_data_directory(cluster: HACluster) -> None:
    """No DATABASE_URL and a cluster started with `server start --ha`: Database() (so every CLI verb)
    connects through the multi-host URL, and its read routing knows the members."""
    state = cluster.state()
    data_dir = str(state.path.parent / "pgdata")
    settings = Settings(CHANUKA_ENV=Environment.TEST, DATABASE_URL=None, CHANUKA_DATA_DIR=data_dir)
    with Database(settings) as db:
        assert not db.uses_embedded
        assert db.url.query["target_session_attrs"] == "read-write"
        with db.connect() as conn:
            assert conn.execute(text("SELECT pg_is_in_recovery()")).scalar_one() is False
        with db.raw_connection() as raw:
            assert raw.execute("SELECT pg_is_in_recovery()").fetchone() == (False,)
        assert sorted(h.in_rotation for h in db.replica_health()) == [False, True, True]
        with db.read_connect() as conn:
            assert conn.execute(text("SELECT pg_is_in_recovery()")).scalar_one() is True
    assert not (state.path.parent / "pgdata").exists()  # no embedded server was started


def test_failover_drill_loses_no_acknowledged_write_and_the_old_leader_rejoins(cluster: HACluster) -> None:
    state = cluster.state()
    old = client.leader(state)
    assert old is not None
    with drill.load_engine(client.ha_url(state)) as direct, drill.load_engine(
        client.ha_url(state, pooler=True), pooler=True
    ) as pooled:
        drill.create_table(direct)
        load = drill.WriteLoad(direct, writers=2, pause_s=0.01, prefix="d")
        via_pooler = drill.WriteLoad(pooled, writers=1, pause_s=0.02, prefix="p")
        load.start(60)
        via_pooler.start(60)
        try:
            time.sleep(3)
            killed_at = drill.kill_postmaster(state, old.name)
            elected_at = wait_for(
                lambda: (now := client.leader(state, timeout=1.0)) is not None and now.name != old.name,
                NEW_LEADER_BOUND_S,
                "a new leader",
            )
            wait_for(lambda: load.result.first_ack_after(elected_at) is not None, 20, "writes resumed")
            wait_for(lambda: via_pooler.result.first_ack_after(elected_at) is not None, 20, "writes via PgBouncer")
            time.sleep(2)
        finally:
            result = load.stop()
            pooled_result = via_pooler.stop()
        resumed_at = result.resumed_after(killed_at)
        assert resumed_at is not None
        new = client.leader(state)
        assert new is not None and new.name != old.name
        print(
            f"\nfailover: new leader {new.name} after {elected_at - killed_at:.1f}s, writes resumed after "
            f"{resumed_at - killed_at:.1f}s; {len(result.acked) + len(pooled_result.acked)} rows acknowledged"
        )
        # --sync: not one acknowledged write is missing on the new primary.
        assert drill.missing_ids(direct, result.acked) == []
        assert drill.missing_ids(direct, pooled_result.acked) == []
        assert len(result.acked) > 50 and len(pooled_result.acked) > 20

    # PgBouncer now forwards to the new leader (the Patroni callback moved it).
    assert cluster.status().pooler is not None
    new_port = state.member(new.name).pg_port
    wait_for(lambda: cluster.status().pooler.target == new_port, 10, "PgBouncer on the new leader")  # type: ignore[union-attr]

    # The old leader comes back by itself as a streaming replica, on the new timeline, with every row.
    def rejoined() -> bool:
        by_name = {m.name: m for m in members(cluster)}
        m, lead = by_name.get(old.name), by_name.get(new.name)
        return m is not None and lead is not None and m.is_streaming_replica and (m.timeline or 0) > (old.timeline or 0)

    wait_for(rejoined, REJOIN_BOUND_S, f"{old.name} rejoined as a streaming replica")
    old_url = parse_database_url(client.ha_url(state).render_as_string(hide_password=False)).set(
        query={}, host="127.0.0.1", port=state.member(old.name).pg_port
    )

    def has_all_rows() -> bool:
        with psycopg.connect(libpq_url(old_url)) as conn:
            count = conn.execute("SELECT count(*) FROM ha_drill").fetchone()
            return count is not None and count[0] >= len(result.acked) + len(pooled_result.acked)

    wait_for(has_all_rows, 30, f"{old.name} replayed every acknowledged row")


def test_etcd_outage_with_failsafe_mode_keeps_writes_going(cluster: HACluster) -> None:
    state = cluster.state()
    leader = client.leader(state)
    assert leader is not None
    etcd = state.processes[ETCD]
    patroni_pids = [state.processes[m.name].pid for m in state.members]
    with drill.load_engine(client.ha_url(state)) as engine:
        drill.create_table(engine)
        load = drill.WriteLoad(engine, writers=1, pause_s=0.02, prefix="e")
        load.start(45)
        try:
            time.sleep(2)
            os.kill(etcd.pid, signal.SIGKILL)
            down_at = time.monotonic()
            wait_for(lambda: not alive(etcd), 5, "etcd gone")
            time.sleep(20)
            up_at = time.monotonic()
            # A start on the running cluster restarts etcd, then renews each Patroni process without
            # stopping its PostgreSQL: the writes go on through that too.
            status = cluster.start()
            time.sleep(1)
        finally:
            result = load.stop()
        # The primary stayed (failsafe: every member still answers over REST): no gap, no error.
        assert result.errors == []
        gap = result.longest_gap(down_at, up_at)
        print(f"\netcd down 20 s: {len(result.acked)} rows acknowledged, longest gap {gap:.2f}s; "
              f"{result.longest_gap(up_at):.2f}s while etcd and Patroni restarted")
        assert gap < 2.0
        assert result.longest_gap(up_at) < 2.0
        assert result.first_ack_after(up_at + 1) is not None
        assert drill.missing_ids(engine, result.acked) == []
    assert status.etcd is not None and status.etcd.running
    assert status.leader == leader.name
    assert all(m.patroni_pid != before for m in status.members for before in patroni_pids)


def test_switchover_and_failover(cluster: HACluster) -> None:
    before = cluster.status()
    assert before.leader is not None
    after = cluster.switchover()
    assert after.leader is not None and after.leader != before.leader
    assert sorted(m.role for m in after.members) == ["leader", "replica", "sync_standby"]
    assert all(m.state == "streaming" for m in after.members if m.role != "leader")
    sync_standby = next(m.name for m in after.members if m.role == "sync_standby")
    forced = cluster.failover()
    assert forced.leader == sync_standby  # the default candidate: the synchronous standby
    assert all(m.state == "streaming" for m in forced.members if m.role != "leader")
    with pytest.raises(HAError, match="already the leader"):
        cluster.switchover(forced.leader)


def test_stop_leaves_nothing_running_and_a_second_start_reuses_the_state(cluster: HACluster) -> None:
    state = cluster.state()
    with psycopg.connect(client.ha_conninfo(state)) as conn:
        system_id = conn.execute("SELECT system_identifier FROM pg_control_system()").fetchone()
        rows = conn.execute("SELECT count(*) FROM ha_drill").fetchone()
    pids = [rec.pid for rec in state.processes.values()]
    postmasters = [pid for m in state.members if (pid := _postmaster_pid(state, m.name)) is not None]

    status = cluster.stop()
    assert status.leftovers == []
    assert not status.running and all(m.state == "stopped" for m in status.members)
    assert processes_under(state.path) == []
    for pid in [*pids, *postmasters]:
        with contextlib.suppress(psutil.NoSuchProcess):
            assert psutil.Process(pid).status() == psutil.STATUS_ZOMBIE, pid
    after = ClusterState.load(state.path)
    assert after is not None and after.processes == {}

    started = time.monotonic()
    status = cluster.start()
    print(f"\nwarm start: {time.monotonic() - started:.1f}s")
    again = cluster.state()
    assert again.passwords == state.passwords
    assert [(m.name, m.pg_port) for m in again.members] == [(m.name, m.pg_port) for m in state.members]
    assert status.running and sum(m.state == "streaming" for m in status.members) == 2
    with psycopg.connect(client.ha_conninfo(again)) as conn:
        assert conn.execute("SELECT system_identifier FROM pg_control_system()").fetchone() == system_id
        assert conn.execute("SELECT count(*) FROM ha_drill").fetchone() == rows


def _postmaster_pid(state: ClusterState, name: str) -> int | None:
    try:
        return int((state.data_dir(name) / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def test_state_directory_is_private(cluster: HACluster) -> None:
    """Nothing under the state directory is readable by other users (initdb's files included)."""
    root = cluster.state().path
    for path in [root, *Path(root).iterdir()]:
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path
