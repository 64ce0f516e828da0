"""The HA pieces that need no cluster: configuration, state, the PgBouncer callback, doctor, client retries."""

from __future__ import annotations

import json
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psycopg
import pytest
import yaml
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError as SAOperationalError

from chanuka_db.config import parse_database_url
from chanuka_db.engine import Database, libpq_url
from chanuka_db.ha import client, doctor, pooler, processes
from chanuka_db.ha import config as ha_config
from chanuka_db.ha.cluster import _diff
from chanuka_db.ha.errors import CommitOutcomeUnknown, HAError, MissingComponent
from chanuka_db.ha.rest import parse_members
from chanuka_db.ha.state import ClusterState
from chanuka_db.server import bin_dir

# ---------------------------------------------------------------------------------------------- config


def test_member_config_has_the_measured_defaults(tmp_path: Path) -> None:
    state = ClusterState.create(tmp_path / "c", 3)
    cfg = ha_config.member_config(state, state.members[0], bin_dir=Path("/pg/bin"), callback=["/py", "cb.py"])
    dcs = cfg["bootstrap"]["dcs"]
    assert (dcs["ttl"], dcs["loop_wait"], dcs["retry_timeout"]) == (20, 2, 5)
    assert dcs["loop_wait"] + 2 * dcs["retry_timeout"] <= dcs["ttl"]
    assert dcs["failsafe_mode"] is True
    assert dcs["primary_start_timeout"] == 0
    assert dcs["synchronous_mode"] is False
    assert dcs["postgresql"]["use_pg_rewind"] is True and dcs["postgresql"]["use_slots"] is True
    assert dcs["postgresql"]["parameters"]["wal_log_hints"] == "on"
    assert "data-checksums" in cfg["bootstrap"]["initdb"]
    pg = cfg["postgresql"]
    assert pg["listen"].startswith("127.0.0.1:") and cfg["restapi"]["listen"].startswith("127.0.0.1:")
    assert pg["bin_dir"] == "/pg/bin"
    assert pg["parameters"]["archive_mode"] == "on"
    assert str(state.archive_dir) in pg["parameters"]["archive_command"]
    assert pg["recovery_conf"]["restore_command"].startswith(f"cp {state.archive_dir}/%f")
    assert pg["callbacks"]["on_role_change"] == "/py cb.py"
    assert cfg["restapi"]["authentication"]["password"] == state.passwords["restapi"]
    assert all("scram-sha-256" in line for line in pg["pg_hba"])
    assert cfg["watchdog"] == {"mode": "off"}
    state.sync = True
    synced = ha_config.member_config(state, state.members[0], bin_dir=Path("/pg/bin"))
    assert synced["bootstrap"]["dcs"]["synchronous_mode"] is True
    assert "callbacks" not in synced["postgresql"]
    single = ClusterState.create(tmp_path / "s", 1)
    assert "archive_mode" not in ha_config.member_config(single, single.members[0], bin_dir=Path("/b"))[
        "postgresql"
    ]["parameters"]


def test_rendered_yaml_passes_patronis_validator(tmp_path: Path) -> None:
    state = ClusterState.create(tmp_path / "c", 2)
    cfg = ha_config.member_config(state, state.members[0], bin_dir=bin_dir())
    text_ = ha_config.render_yaml(cfg)
    assert yaml.safe_load(text_) == cfg
    path = tmp_path / "patroni.yml"
    path.write_text(text_)
    result = subprocess.run(
        [sys.executable, "-m", "patroni", "--validate-config", str(path)],
        capture_output=True, text=True, timeout=120, check=False,
    )
    # The validator is written for one member per host: it refuses loopback connect addresses and wants
    # etcd up. Anything else it says is a real mistake in the YAML.
    expected = ('must not contain "127.0.0.1"', "is not reachable")
    problems = [ln for ln in (result.stdout + result.stderr).splitlines() if ln.strip() and not ln.startswith(" ")]
    unexpected = [ln for ln in problems if not any(e in ln for e in expected)]
    assert unexpected == [], problems
    assert len(problems) == 3  # the two loopback addresses and the etcd host: nothing else was checked away


def test_archive_command_is_idempotent_and_restore_reads_it_back(tmp_path: Path) -> None:
    archive = tmp_path / "arch ive"
    archive.mkdir()
    segment = tmp_path / "000000010000000000000001"
    segment.write_bytes(b"wal" * 100)

    def sh(command: str) -> int:
        expanded = command.replace("%p", str(segment)).replace("%f", segment.name).replace("%%", "%")
        return subprocess.run(["/bin/sh", "-c", expanded], check=False).returncode

    assert sh(ha_config.archive_command(archive)) == 0
    assert (archive / segment.name).read_bytes() == segment.read_bytes()
    assert sh(ha_config.archive_command(archive)) == 0  # the same segment again: success
    segment.write_bytes(b"different")
    assert sh(ha_config.archive_command(archive)) != 0  # never overwrite a different one
    restored = tmp_path / "restored"
    cmd = ha_config.restore_command(archive).replace("%p", str(restored)).replace("%f", segment.name)
    assert subprocess.run(["/bin/sh", "-c", cmd], check=False).returncode == 0
    assert restored.read_bytes() == b"wal" * 100


def test_dynamic_config_diff_only_names_what_differs() -> None:
    wanted = ha_config.dynamic_config(sync=True)
    current = json.loads(json.dumps(ha_config.dynamic_config(sync=False)))
    assert _diff(wanted, current) == {"synchronous_mode": True}
    assert _diff(wanted, json.loads(json.dumps(wanted))) == {}
    current["postgresql"]["parameters"]["max_connections"] = "100"  # Patroni may answer strings
    current["synchronous_mode"] = True
    assert _diff(wanted, current) == {}


# ----------------------------------------------------------------------------------------------- state


def test_state_has_distinct_ports_random_passwords_and_a_private_file(tmp_path: Path) -> None:
    a = ClusterState.create(tmp_path / "a", 3)
    b = ClusterState.create(tmp_path / "b", 3)
    ports = list(a.ports().values())
    assert len(ports) == len(set(ports)) == 9
    assert set(a.passwords) == {"superuser", "replication", "rewind", "restapi"}
    assert len(set(a.passwords.values())) == 4 and not set(a.passwords.values()) & set(b.passwords.values())
    a.path.mkdir()
    a.save()
    assert stat.S_IMODE(a.state_file.stat().st_mode) == 0o600
    loaded = ClusterState.load(a.path)
    assert loaded is not None and loaded.to_json() == a.to_json()
    assert ClusterState.load(tmp_path / "none") is None
    with pytest.raises(HAError, match="between 1 and 7"):
        ClusterState.create(tmp_path / "c", 8)
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "state.json").write_text("{}")
    with pytest.raises(HAError, match="not a chanuka-db HA state file"):
        ClusterState.load(tmp_path / "bad")


def test_busy_ports_move_except_for_running_processes(tmp_path: Path) -> None:
    import socket

    state = ClusterState.create(tmp_path / "c", 2)
    with socket.socket() as held:
        held.bind(("127.0.0.1", state.members[0].pg_port))
        held.listen()
        old = state.members[0].pg_port
        assert state.move_busy_ports(keep={"n1"}) == [] and state.members[0].pg_port == old
        assert state.move_busy_ports(keep=set()) == ["n1.pg"] and state.members[0].pg_port != old


# -------------------------------------------------------------------------------------- pooler callback


def test_pgbouncer_callback_follows_the_primary_and_reloads(tmp_path: Path) -> None:
    state = ClusterState.create(tmp_path / "c", 2)
    state.pooler_dir.mkdir(parents=True)
    pooler.ini_path(state).write_text(pooler.ini_text(state, 1111))
    pooler.callback_path(state).write_text(pooler.CALLBACK)
    receiver = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        pooler.pidfile_path(state).write_text(f"{receiver.pid}\n")
        argv = pooler.callback_argv(sys.executable, state, 2222)
        subprocess.run([*argv, "on_role_change", "replica", "chanuka"], check=True, timeout=30)
        assert pooler.target_port(state) == 1111 and receiver.poll() is None  # not the primary: nothing
        subprocess.run([*argv, "on_role_change", "primary", "chanuka"], check=True, timeout=30)
        assert pooler.target_port(state) == 2222
        assert receiver.wait(timeout=10) == -signal.SIGHUP  # PgBouncer got its reload signal
    finally:
        receiver.kill()
        receiver.wait()
    assert stat.S_IMODE(pooler.ini_path(state).stat().st_mode) == 0o600


# ---------------------------------------------------------------------------------------------- doctor


def test_doctor_reports_versions_and_install_commands(ha_stack: doctor.DoctorReport, monkeypatch: Any) -> None:
    report = doctor.doctor()
    assert report.ok and report.install is None
    assert report.component("patroni").version and report.component("etcd").version
    assert (report.component("postgresql").version or "").startswith("18")
    monkeypatch.setattr(doctor, "find_program", lambda name: None)
    missing = doctor.doctor()
    assert not missing.ok
    assert "etcd-server" in (missing.component("etcd").install or "")
    assert missing.install is not None and "etcd-server pgbouncer" in missing.install
    with pytest.raises(MissingComponent, match=r"install with: .*etcd-server"):
        doctor.require(pooler=False)


def test_service_python_runs_as_the_service_user() -> None:
    user = processes.service_user()
    python = processes.service_python(user)
    assert processes.probe_python(python, user)
    if processes.is_root():
        assert user.switch and user.name == "embedded_postgres"


# ---------------------------------------------------------------------------------------------- client


def test_members_parse_patronis_cluster_document() -> None:
    doc = {
        "members": [
            {"name": "n1", "role": "leader", "state": "running", "host": "127.0.0.1", "port": 5441, "timeline": 3,
             "api_url": "http://127.0.0.1:8011/patroni"},
            {"name": "n2", "role": "sync_standby", "state": "streaming", "host": "127.0.0.1", "port": 5442,
             "timeline": 3, "lag": 0},
            {"name": "n3", "role": "replica", "state": "starting", "port": 5443, "lag": "unknown"},
        ]
    }
    n1, n2, n3 = parse_members(doc)
    assert n1.is_leader and n1.lag_bytes == 0 and n1.timeline == 3
    assert n2.is_streaming_replica and n2.lag_bytes == 0
    assert not n3.is_streaming_replica and n3.lag_bytes is None and n3.host is None


def test_ha_url_is_read_by_sqlalchemy_and_libpq(tmp_path: Path) -> None:
    state = ClusterState.create(tmp_path / "c", 3)
    url = client.ha_url(state)
    assert parse_database_url(url.render_as_string(hide_password=False)) == url
    params = psycopg.conninfo.conninfo_to_dict(libpq_url(url))
    assert params["host"] == "127.0.0.1,127.0.0.1,127.0.0.1"
    assert params["port"] == ",".join(str(m.pg_port) for m in state.members)
    assert params["target_session_attrs"] == "read-write"
    assert client.ha_url(state, pooler=True).port == state.pooler_port
    endpoints = client.member_endpoints(state)
    assert [n for n, _ in endpoints] == ["n1", "n2", "n3"]
    assert [parse_database_url(u).port for _, u in endpoints] == [m.pg_port for m in state.members]
    assert client.engine_options(pooler=True) == {"prepare_threshold": None}
    assert psycopg.conninfo.conninfo_to_dict(client.ha_conninfo(state))["target_session_attrs"] == "read-write"


def _error(sqlstate: str | None) -> SAOperationalError:
    exc: psycopg.Error = psycopg.OperationalError("boom")
    if sqlstate is not None:
        exc = psycopg.errors.lookup(sqlstate)("boom")
    return SAOperationalError("SELECT 1", {}, exc)


@pytest.mark.parametrize("code", ["57P01", "08006", "08P01", "08001", None])
def test_connection_failures_are_retryable(code: str | None) -> None:
    assert client.is_connection_failure(_error(code))


@pytest.mark.parametrize("code", ["23505", "42P01", "40001"])
def test_other_errors_are_not(code: str) -> None:
    exc = psycopg.errors.lookup(code)("no")
    assert not client.is_connection_failure(SAOperationalError("x", {}, exc))


@pytest.fixture(scope="module")
def probe_table(chanuka_db: Database) -> Database:
    with chanuka_db.engine.begin() as conn:
        conn.execute(text("CREATE TABLE ha_probe (id text PRIMARY KEY)"))
    return chanuka_db


def test_run_transaction_retries_failures_before_commit(probe_table: Database) -> None:
    calls: list[int] = []
    sleeps: list[float] = []

    def work(conn: Connection) -> str:
        calls.append(1)
        conn.execute(text("INSERT INTO ha_probe VALUES ('retried')"))
        if len(calls) < 3:
            raise _error("57P01")
        return "done"

    assert client.run_transaction(probe_table, work, attempts=5, backoff=0.1, sleep=sleeps.append) == "done"
    assert len(calls) == 3 and len(sleeps) == 2 and sleeps[0] <= 0.1 and sleeps[1] <= 0.2
    with probe_table.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM ha_probe WHERE id = 'retried'")).scalar_one() == 1

    def always(conn: Connection) -> None:
        raise _error("08006")

    with pytest.raises(Exception, match="no primary reachable after 3 attempts"):
        client.run_transaction(probe_table, always, attempts=3, backoff=0.0, sleep=lambda s: None)

    def duplicate(conn: Connection) -> None:
        calls.append(1)
        conn.execute(text("INSERT INTO ha_probe VALUES ('retried')"))

    calls.clear()
    with pytest.raises(Exception, match="duplicate key"):
        client.run_transaction(probe_table, duplicate, sleep=lambda s: None)
    assert len(calls) == 1  # not a connection failure: no retry


def _killed_before_commit(db: Database, row: str) -> Any:
    """Work that inserts ``row`` and then has its own backend terminated, so the COMMIT fails in flight."""

    def work(conn: Connection) -> None:
        conn.execute(text("INSERT INTO ha_probe VALUES (:id) ON CONFLICT DO NOTHING"), {"id": row})
        pid = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
        if not getattr(work, "killed", False):
            work.killed = True  # type: ignore[attr-defined]
            with db.raw_connection(autocommit=True) as admin:
                admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:
                with db.raw_connection(autocommit=True) as admin:
                    gone = admin.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", (pid,)).fetchone()
                if gone == (0,):
                    break
                time.sleep(0.05)

    return work


def test_a_failed_commit_raises_commit_outcome_unknown(probe_table: Database) -> None:
    with pytest.raises(CommitOutcomeUnknown, match="may or may not have committed"):
        client.run_transaction(probe_table, _killed_before_commit(probe_table, "in-doubt"), sleep=lambda s: None)
    # run_idempotent sends the same idempotent work again and succeeds.
    client.run_idempotent(probe_table, _killed_before_commit(probe_table, "again"), sleep=lambda s: None)
    with probe_table.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM ha_probe WHERE id = 'again'")).scalar_one() == 1
