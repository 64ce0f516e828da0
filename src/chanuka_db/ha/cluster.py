"""``chanuka-db server start --ha``: one etcd member, N Patroni members and optionally PgBouncer, on loopback.

Patroni does all failover work (leader election, promotion, ``pg_rewind``, rejoin); this module only
runs the processes, writes their configuration and waits for the result:

- :meth:`HACluster.start` creates the state directory the first time (free ports, random passwords,
  see :mod:`chanuka_db.ha.state`), starts etcd, then the Patroni members (all at once on the first
  start: one wins the initialize race and runs initdb, the others clone it; on a later start the
  member that was leader last starts first, so a replica that stopped earlier cannot win the race),
  makes sure the cluster-wide settings match (``--sync`` on an existing cluster is a ``PATCH
  /config``), creates the ``chanuka`` database, starts PgBouncer on the leader when asked, and returns
  once the leader runs and every replica streams (with ``--sync``, once one is the synchronous
  standby). Called on a running cluster it starts what is missing, and reinitialises a member that
  cannot rejoin on its own (its WAL was recycled: Patroni would retry for ever). When it had to restart
  etcd under running members, it then renews each Patroni process without stopping its PostgreSQL
  (a Patroni that lived through an etcd restart can keep a stale view of it for up to ttl seconds,
  which stalls the next leader change). When it fails it stops what it started.
- :meth:`HACluster.stop` stops PgBouncer, the replicas, then the leader, then etcd, each by PID
  (SIGTERM, then SIGKILL after a grace period; a postmaster that outlived its Patroni is stopped
  too), and finally kills any process still naming the state directory: nothing is left running.
- :meth:`HACluster.status` reads Patroni's ``/cluster`` (members, role, state, timeline, lag).
- :meth:`HACluster.switchover` and :meth:`HACluster.failover` wrap Patroni's REST calls and wait
  until the new leader runs and the others stream from it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from chanuka_db.config import Settings
from chanuka_db.ha import config as ha_config
from chanuka_db.ha import doctor, pooler, processes, rest
from chanuka_db.ha.client import ha_url
from chanuka_db.ha.errors import HAError
from chanuka_db.ha.rest import Member
from chanuka_db.ha.state import (
    DEFAULT_MEMBERS,
    HOST,
    REST_USER,
    SUPERUSER,
    ClusterState,
    locked,
    state_dir_for,
    write_private,
)
from chanuka_db.server import DATABASE, bin_dir

START_TIMEOUT_S = 120.0
ETCD_TIMEOUT_S = 15.0
#: How long the last leader gets to take the lead alone on a warm start before the others start.
LEADER_FIRST_S = 25.0
#: A member whose Patroni runs but that has not streamed for this long is reinitialised by ``start``.
REINIT_AFTER_S = 30.0
STOP_GRACE_S = 60.0
ETCD = "etcd"
PGBOUNCER = "pgbouncer"


@dataclass(frozen=True)
class MemberStatus:
    """One member, as ``server status`` shows it (``role``/``state`` from Patroni; ``stopped`` when its
    Patroni does not run)."""

    name: str
    role: str
    state: str
    timeline: int | None
    lag_bytes: int | None
    host: str
    port: int
    rest_port: int
    patroni_pid: int | None
    postgres_pid: int | None
    data_dir: str


@dataclass(frozen=True)
class ProcessStatus:
    """etcd or PgBouncer: whether it runs, its PID and port (``target``: PgBouncer's current backend port)."""

    name: str
    running: bool
    pid: int | None
    port: int
    target: int | None = None


@dataclass(frozen=True)
class ClusterStatus:
    """What ``server status`` reports for an HA cluster; ``leftovers``: PIDs ``stop`` had to kill by sweep."""

    state_dir: str
    initialised: bool
    running: bool
    leader: str | None
    sync: bool
    members: list[MemberStatus] = field(default_factory=list)
    etcd: ProcessStatus | None = None
    pooler: ProcessStatus | None = None
    url: str | None = None
    pooler_url: str | None = None
    leftovers: list[int] = field(default_factory=list)


def default_state_dir(settings: Settings) -> Path:
    """Where ``server start --ha`` keeps its cluster: beside the embedded server's data directory."""
    return state_dir_for(settings.data_dir)


class HACluster:
    """The HA cluster whose state lives in ``state_dir``."""

    def __init__(self, state_dir: Path) -> None:
        self.path = Path(state_dir).expanduser().absolute()

    # ------------------------------------------------------------------ helpers
    @property
    def exists(self) -> bool:
        """True when the directory holds a cluster's state."""
        return ClusterState.load(self.path) is not None

    def state(self) -> ClusterState:
        """The saved state; :class:`HAError` when there is none."""
        state = ClusterState.load(self.path)
        if state is None:
            raise HAError(f"no HA cluster in {self.path}; run `chanuka-db server start --ha`")
        return state

    def _members_now(self, state: ClusterState, timeout: float = 2.0) -> list[Member]:
        running = [state.rest_url(m.name) for m in state.members if processes.alive(state.processes.get(m.name))]
        answer = rest.first_answer(running or state.rest_urls, timeout=timeout)
        return answer[1] if answer else []

    def _log_tail(self, state: ClusterState, name: str, lines: int = 3) -> str:
        candidates = (
            [state.member_dir(name) / "log" / "patroni.log", state.member_dir(name) / "patroni.out"]
            if name not in (ETCD, PGBOUNCER)
            else [state.etcd_dir / "etcd.log"]
            if name == ETCD
            else [state.pooler_dir / "pgbouncer.out"]
        )
        for path in candidates:
            with contextlib.suppress(OSError):
                text = [ln.strip() for ln in path.read_text(errors="replace").splitlines() if ln.strip()]
                if text:
                    return f"{path}: " + " / ".join(text[-lines:])
        return "no log yet"

    # -------------------------------------------------------------------- start
    def start(
        self,
        *,
        members: int | None = None,
        sync: bool | None = None,
        pooler: bool | None = None,
        timeout: float = START_TIMEOUT_S,
    ) -> ClusterStatus:
        """Start (or complete, or reuse) the cluster; returns once the leader runs and the replicas stream.

        ``members``/``sync``/``pooler`` left at None keep what the state says (3 members, asynchronous, no
        PgBouncer for a new cluster). The number of members is fixed when the cluster is created.
        """
        existing = ClusterState.load(self.path)
        want_pooler = pooler if pooler is not None else bool(existing and existing.pooler)
        doctor.require(pooler=want_pooler)
        deadline = time.monotonic() + timeout
        with locked(self.path):
            state = ClusterState.load(self.path)
            if state is None:
                state = ClusterState.create(self.path, members or DEFAULT_MEMBERS)
            elif members is not None and members != len(state.members):
                raise HAError(
                    f"the cluster in {self.path} has {len(state.members)} members (asked for {members}); "
                    f"stop it and remove the directory to create another"
                )
            if sync is not None:
                state.sync = sync
            state.pooler = want_pooler
            started: list[str] = []
            try:
                self._start_locked(state, started, deadline)
            except BaseException:
                with contextlib.suppress(Exception):
                    self._stop_processes(state, started)
                with contextlib.suppress(Exception):
                    state.save()
                raise
            state.save()
        return self.status()

    def _start_locked(self, state: ClusterState, started: list[str], deadline: float) -> None:
        user = processes.service_user()
        python = processes.service_python(user)
        pg_bin = bin_dir()
        reloaded = self._prepare(state, user, python, pg_bin)
        running_before = [m.name for m in state.members if processes.alive(state.processes.get(m.name))]
        self._start_etcd(state, user, started)
        self._start_members(state, user, python, started, deadline)
        leader = self._wait_leader(state, deadline)
        self._apply_dynamic_config(state, leader)
        if ETCD in started and running_before:
            self._renew_patroni(state, running_before, user, python, deadline)
        for name in reloaded:  # running members whose configuration changed (e.g. --pooler added)
            record = state.processes.get(name)
            if record is not None:
                processes.signal_process(record, signal.SIGHUP)
        self._ensure_database(state, leader, deadline)
        if state.pooler:
            self._start_pooler(state, user, leader, started)
        else:
            self._stop_pooler(state)
        self._wait_healthy(state, deadline, started)

    def _prepare(self, state: ClusterState, user: processes.ServiceUser, python: str, pg_bin: Path) -> list[str]:
        """Directories, permissions and configuration files; returns the running members whose YAML changed."""
        fresh = not self.path.exists()
        self.path.mkdir(parents=True, exist_ok=True)
        self.path.chmod(0o700)
        owner = user.owner
        if user.switch:
            processes.allow_traversal(self.path)
            processes.allow_traversal(pg_bin / "postgres")
            for site in processes.site_dirs():
                processes.allow_traversal(Path(site) / "x")
        dirs = [state.etcd_dir, state.archive_dir, state.pooler_dir]
        for spec in state.members:
            dirs += [state.member_dir(spec.name), state.member_dir(spec.name) / "log"]
        for directory in [self.path, *dirs]:
            directory.mkdir(exist_ok=True)
            directory.chmod(0o700)
            if owner is not None:
                shutil.chown(directory, user=owner[0], group=owner[1])
        running = {name for name, rec in state.processes.items() if processes.alive(rec)}
        keep = set(running)
        if (state.etcd_dir / "data").exists():
            keep.add(ETCD)  # etcd's peer URL is recorded in its data: its ports stay
        state.move_busy_ports(keep)
        write_private(state.launcher, processes.launcher_source(), owner=owner)
        if state.pooler:
            write_private(pooler.callback_path(state), pooler.CALLBACK, owner=owner)
            write_private(pooler.userlist_path(state), pooler.userlist_text(state), owner=owner)
        changed: list[str] = []
        for spec in state.members:
            callback = pooler.callback_argv(python, state, spec.pg_port) if state.pooler else None
            text = ha_config.render_yaml(ha_config.member_config(state, spec, bin_dir=pg_bin, callback=callback))
            path = state.member_dir(spec.name) / "patroni.yml"
            with contextlib.suppress(OSError):
                if path.read_text() == text:
                    continue
            write_private(path, text, owner=owner)
            if spec.name in running:
                changed.append(spec.name)
        if fresh or not state.state_file.exists():
            state.save()
        if not state.initialised:
            # A clear message before anything starts; later a Patroni that cannot start says it in patroni.out.
            self._check_launcher(state, user, python)
        return changed

    def _check_launcher(self, state: ClusterState, user: processes.ServiceUser, python: str) -> None:
        try:
            result = subprocess.run(
                [python, "-S", "-E", "-s", str(state.launcher), "patroni", "--version"],
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
                cwd=state.path,
                stdin=subprocess.DEVNULL,
                user=user.uid if user.switch else None,
                group=user.gid if user.switch else None,
                extra_groups=[] if user.switch else None,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise HAError(f"cannot run Patroni as {user.name}: {exc}") from exc
        if result.returncode != 0:
            last = (result.stderr.strip().splitlines() or ["no output"])[-1]
            raise HAError(f"Patroni does not start as {user.name} with {python}: {last}")

    # --------------------------------------------------------------------- etcd
    def _start_etcd(self, state: ClusterState, user: processes.ServiceUser, started: list[str]) -> None:
        if not processes.alive(state.processes.get(ETCD)):
            etcd = doctor.find_program("etcd")
            if etcd is None:
                raise HAError("etcd is not installed; see `chanuka-db ha doctor`")
            argv = ha_config.etcd_argv(etcd, state)
            state.processes[ETCD] = processes.spawn(
                argv, user=user, cwd=state.etcd_dir, log=state.etcd_dir / "etcd.log"
            )
            started.append(ETCD)
        deadline = time.monotonic() + ETCD_TIMEOUT_S
        while True:
            with contextlib.suppress(rest.RestError):
                health = rest.get_json(state.etcd_url + "/health", timeout=1.0)
                if isinstance(health, dict) and str(health.get("health")) == "true":
                    return
            if not processes.alive(state.processes.get(ETCD)):
                raise HAError(f"etcd exited at start; {self._log_tail(state, ETCD)}")
            if time.monotonic() > deadline:
                raise HAError(f"etcd was not healthy within {ETCD_TIMEOUT_S:.0f}s; {self._log_tail(state, ETCD)}")
            time.sleep(0.1)

    # ------------------------------------------------------------------ members
    def _spawn_member(self, state: ClusterState, name: str, user: processes.ServiceUser, python: str) -> None:
        member_dir = state.member_dir(name)
        argv = [python, "-S", "-E", "-s", str(state.launcher), "patroni", str(member_dir / "patroni.yml")]
        state.processes[name] = processes.spawn(argv, user=user, cwd=member_dir, log=member_dir / "patroni.out")

    def _start_members(
        self, state: ClusterState, user: processes.ServiceUser, python: str, started: list[str], deadline: float
    ) -> None:
        stopped = [m.name for m in state.members if not processes.alive(state.processes.get(m.name))]
        if not stopped:
            return
        any_running = len(stopped) < len(state.members)
        first = state.last_leader if state.initialised and not any_running else None
        if first in stopped:
            # Warm start: the member that led last has every acknowledged commit; let it take the lead alone.
            self._spawn_member(state, first, user, python)
            started.append(first)
            stopped.remove(first)
            wait_until = min(deadline, time.monotonic() + LEADER_FIRST_S)
            while time.monotonic() < wait_until:
                if any(m.is_leader and m.state == "running" for m in self._members_now(state, timeout=1.0)):
                    break
                if not processes.alive(state.processes.get(first)):
                    break
                time.sleep(0.2)
        for name in stopped:
            self._spawn_member(state, name, user, python)
            started.append(name)

    def _wait_leader(self, state: ClusterState, deadline: float) -> Member:
        while True:
            members = self._members_now(state, timeout=1.0)
            for m in members:
                if m.is_leader and m.state == "running":
                    return m
            alive = [m.name for m in state.members if processes.alive(state.processes.get(m.name))]
            if not alive:
                name = state.members[0].name
                raise HAError(f"every Patroni member exited; {self._log_tail(state, name)}")
            if time.monotonic() > deadline:
                name = state.last_leader or state.members[0].name
                raise HAError(f"no leader was elected in time; {self._log_tail(state, name)}")
            time.sleep(0.2)

    def _auth(self, state: ClusterState) -> tuple[str, str]:
        return (REST_USER, state.passwords["restapi"])

    def _apply_dynamic_config(self, state: ClusterState, leader: Member) -> None:
        """PATCH the cluster-wide settings that differ from the wanted ones (``--sync`` on an existing cluster)."""
        url = state.rest_url(leader.name)
        current = rest.get_json(url + "/config")
        wanted = ha_config.dynamic_config(sync=state.sync, primary_start_timeout=state.primary_start_timeout)
        patch = _diff(wanted, current if isinstance(current, dict) else {})
        if patch:
            rest.call(url, "/config", method="PATCH", body=patch, auth=self._auth(state))

    def _renew_patroni(
        self, state: ClusterState, names: list[str], user: processes.ServiceUser, python: str, deadline: float
    ) -> None:
        """Restart the Patroni processes of ``names`` without stopping their PostgreSQL (replicas first).

        Called after etcd restarted under running members. A Patroni that was running while etcd came back
        can keep a stale view of the DCS for up to ttl seconds (measured: 14-18 s): a leader change in that
        window stalls (a switchover failed with "Switchover status unknown"). A fresh Patroni process starts
        with a fresh view; killing Patroni leaves its PostgreSQL running, and the new process adopts it
        (Patroni is built to survive its own crash), so clients see nothing. The leader keeps its key: its
        lease (ttl 20 s) outlives the few seconds of the restart.
        """
        leader = next((m.name for m in self._members_now(state) if m.is_leader), None)
        for name in sorted(names, key=lambda n: n == leader):
            record = state.processes.get(name)
            if record is not None:
                processes.terminate([record], signo=signal.SIGKILL, timeout=5)
            self._spawn_member(state, name, user, python)
            while True:
                with contextlib.suppress(rest.RestError):
                    info = rest.get_json(state.rest_url(name) + "/patroni", timeout=1.0)
                    if isinstance(info, dict) and info.get("state") == "running":
                        break
                if not processes.alive(state.processes.get(name)):
                    raise HAError(f"Patroni {name} exited after its restart; {self._log_tail(state, name)}")
                if time.monotonic() > deadline:
                    raise HAError(f"Patroni {name} did not come back after its restart; {self._log_tail(state, name)}")
                time.sleep(0.2)

    def _ensure_database(self, state: ClusterState, leader: Member, deadline: float) -> None:
        spec = state.member(leader.name)
        conninfo = psycopg.conninfo.make_conninfo(
            host=HOST,
            port=spec.pg_port,
            user=SUPERUSER,
            password=state.passwords["superuser"],
            dbname="postgres",
            connect_timeout=3,
            target_session_attrs="read-write",
        )
        while True:
            try:
                with psycopg.connect(conninfo, autocommit=True) as conn:
                    exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE,)).fetchone()
                    if not exists:
                        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE)))
                    return
            except psycopg.OperationalError as exc:
                if time.monotonic() > deadline:
                    raise HAError(f"the leader {leader.name} does not accept connections: {exc}") from exc
                time.sleep(0.3)

    def _wait_healthy(self, state: ClusterState, deadline: float, started: list[str]) -> list[Member]:
        """Wait for a running leader with every other member streaming (and a sync standby with ``sync``)."""
        unhealthy_since: dict[str, float] = {}
        reinitialised: set[str] = set()
        while True:
            members = self._members_now(state, timeout=1.0)
            by_name = {m.name: m for m in members}
            leader = next((m for m in members if m.is_leader and m.state == "running"), None)
            lagging = [
                s.name
                for s in state.members
                if leader is None or (s.name != leader.name and not _streaming(by_name.get(s.name)))
            ]
            sync_ok = (
                not state.sync
                or len(state.members) == 1
                or any(m.role == "sync_standby" and m.state == "streaming" for m in members)
            )
            if leader is not None and not lagging and sync_ok:
                return members
            now = time.monotonic()
            if leader is not None:
                for name in lagging:
                    since = unhealthy_since.setdefault(name, now)
                    if now - since > REINIT_AFTER_S and name not in reinitialised and name in by_name:
                        # A member that cannot rejoin (typically: the WAL it needs is gone): copy it afresh.
                        with contextlib.suppress(rest.RestError):
                            rest.call(
                                state.rest_url(name), "/reinitialize", body={"force": True}, auth=self._auth(state)
                            )
                            reinitialised.add(name)
                for name in list(unhealthy_since):
                    if name not in lagging:
                        unhealthy_since.pop(name)
            if now > deadline:
                if leader is None:
                    raise HAError(f"the cluster has no running leader; {self._log_tail(state, state.members[0].name)}")
                detail = (
                    ", ".join(f"{n}: {by_name[n].state if n in by_name else 'absent'}" for n in lagging)
                    or "no synchronous standby yet"
                )
                first = lagging[0] if lagging else leader.name
                raise HAError(f"replicas are not streaming in time ({detail}); {self._log_tail(state, first)}")
            time.sleep(0.2)

    # ------------------------------------------------------------------- pooler
    def _start_pooler(
        self, state: ClusterState, user: processes.ServiceUser, leader: Member, started: list[str]
    ) -> None:
        port = state.member(leader.name).pg_port
        write_private(pooler.ini_path(state), pooler.ini_text(state, port), owner=user.owner)
        record = state.processes.get(PGBOUNCER)
        if processes.alive(record) and record is not None:
            processes.signal_process(record, signal.SIGHUP)
            return
        program = doctor.find_program("pgbouncer")
        if program is None:
            raise HAError("pgbouncer is not installed; see `chanuka-db ha doctor`")
        state.processes[PGBOUNCER] = processes.spawn(
            [program, str(pooler.ini_path(state))],
            user=user,
            cwd=state.pooler_dir,
            log=state.pooler_dir / "pgbouncer.out",
        )
        started.append(PGBOUNCER)
        deadline = time.monotonic() + 10
        while True:
            try:
                with psycopg.connect(
                    host=HOST,
                    port=state.pooler_port,
                    user=SUPERUSER,
                    password=state.passwords["superuser"],
                    dbname=DATABASE,
                    connect_timeout=2,
                    prepare_threshold=None,
                ) as conn:
                    conn.execute("SELECT 1")
                    return
            except psycopg.OperationalError as exc:
                if not processes.alive(state.processes.get(PGBOUNCER)) or time.monotonic() > deadline:
                    raise HAError(f"PgBouncer did not start: {exc}; {self._log_tail(state, PGBOUNCER)}") from exc
                time.sleep(0.2)

    def _stop_pooler(self, state: ClusterState) -> None:
        record = state.processes.pop(PGBOUNCER, None)
        if record is not None:
            processes.terminate([record], timeout=10)

    # --------------------------------------------------------------------- stop
    def stop(self, *, grace: float = STOP_GRACE_S) -> ClusterStatus:
        """Stop PgBouncer, the replicas, the leader, then etcd, by PID; nothing is left running."""
        leftovers: list[int] = []
        with locked(self.path):
            state = ClusterState.load(self.path)
            if state is None:
                return self.status()
            leader = next((m.name for m in self._members_now(state, timeout=1.0) if m.is_leader), None)
            if leader is not None:
                state.last_leader = leader
            self._stop_processes(state, [PGBOUNCER, *[m.name for m in state.members], ETCD], grace=grace)
            for proc in processes.processes_under(self.path):
                leftovers.append(proc.pid)
                with contextlib.suppress(Exception):
                    proc.kill()
            state.processes = {}
            state.save()
        return dataclasses.replace(self.status(), leftovers=leftovers)

    def _stop_processes(self, state: ClusterState, names: list[str], *, grace: float = STOP_GRACE_S) -> None:
        """Stop the named processes: PgBouncer first, replicas, then the leader, etcd last."""
        leader = state.last_leader
        members = [m.name for m in state.members if m.name in names]
        groups = [
            [PGBOUNCER] if PGBOUNCER in names else [],
            [n for n in members if n != leader],
            [n for n in members if n == leader],
            [ETCD] if ETCD in names else [],
        ]
        for group in groups:
            records = [state.processes[n] for n in group if n in state.processes]
            if records:
                processes.terminate(records, timeout=grace if group and group[0] not in (ETCD, PGBOUNCER) else 10)
            postmasters = [
                pm
                for n in group
                if n not in (ETCD, PGBOUNCER)
                for pm in [processes.postmaster_of(state.data_dir(n))]
                if pm is not None
            ]
            if postmasters:  # outlived their Patroni (killed, or crashed): fast shutdown, then kill
                processes.terminate(postmasters, signo=signal.SIGINT, timeout=30)
            for n in group:
                state.processes.pop(n, None)

    def destroy(self) -> None:
        """Stop the cluster and delete its state directory (tests and benchmarks)."""
        with contextlib.suppress(HAError):
            self.stop(grace=20)
        shutil.rmtree(self.path, ignore_errors=True)
        with contextlib.suppress(OSError):
            (self.path.parent / f".{self.path.name}.lock").unlink()

    # ------------------------------------------------------------------- status
    def status(self) -> ClusterStatus:
        """Members (role, state, timeline, lag), etcd and PgBouncer, and the client URLs (passwords masked)."""
        state = ClusterState.load(self.path)
        if state is None:
            return ClusterStatus(state_dir=str(self.path), initialised=False, running=False, leader=None, sync=False)
        reported = {m.name: m for m in self._members_now(state)}
        members: list[MemberStatus] = []
        for spec in state.members:
            record = state.processes.get(spec.name)
            patroni_alive = processes.alive(record)
            postmaster = processes.postmaster_of(state.data_dir(spec.name))
            m = reported.get(spec.name)
            members.append(
                MemberStatus(
                    name=spec.name,
                    role=m.role if m is not None and patroni_alive else "",
                    state=m.state if m is not None and patroni_alive else "stopped",
                    timeline=m.timeline if m is not None else None,
                    lag_bytes=m.lag_bytes if m is not None and patroni_alive else None,
                    host=HOST,
                    port=spec.pg_port,
                    rest_port=spec.rest_port,
                    patroni_pid=record.pid if patroni_alive and record is not None else None,
                    postgres_pid=postmaster.pid if postmaster is not None else None,
                    data_dir=str(state.data_dir(spec.name)),
                )
            )
        leader = next((m.name for m in members if m.role == "leader" and m.state == "running"), None)
        etcd_record = state.processes.get(ETCD)
        etcd_alive = processes.alive(etcd_record)
        etcd_pid = etcd_record.pid if etcd_alive and etcd_record else None
        etcd = ProcessStatus(ETCD, etcd_alive, etcd_pid, state.etcd_client_port)
        pooler_status = None
        if state.pooler:
            rec = state.processes.get(PGBOUNCER)
            up = processes.alive(rec)
            pooler_status = ProcessStatus(
                PGBOUNCER, up, rec.pid if up and rec else None, state.pooler_port, pooler.target_port(state)
            )
        return ClusterStatus(
            state_dir=str(self.path),
            initialised=state.initialised,
            running=leader is not None,
            leader=leader,
            sync=state.sync,
            members=members,
            etcd=etcd,
            pooler=pooler_status,
            url=ha_url(state).render_as_string(hide_password=True),
            pooler_url=ha_url(state, pooler=True).render_as_string(hide_password=True) if state.pooler else None,
        )

    # ------------------------------------------------------- switchover/failover
    def switchover(self, candidate: str | None = None, *, timeout: float = 60.0) -> ClusterStatus:
        """Patroni's switchover: the leader steps down cleanly for ``candidate`` (Patroni picks one when None)."""
        with locked(self.path):
            state = self.state()
            leader = self._current_leader(state)
            if candidate is not None:
                state.member(candidate)
                if candidate == leader.name:
                    raise HAError(f"{candidate} is already the leader")
            body: dict[str, Any] = {"leader": leader.name}
            if candidate is not None:
                body["candidate"] = candidate
            rest.call(state.rest_url(leader.name), "/switchover", body=body, auth=self._auth(state), timeout=timeout)
            self._wait_new_leader(state, leader.name, candidate, time.monotonic() + timeout)
        return self.status()

    def failover(self, candidate: str | None = None, *, timeout: float = 60.0) -> ClusterStatus:
        """Patroni's failover: promote ``candidate`` (default: the streaming replica with the least lag,
        the synchronous standby first) whether or not the leader is healthy."""
        with locked(self.path):
            state = self.state()
            members = self._members_now(state)
            old = next((m.name for m in members if m.is_leader), None)
            if candidate is None:
                replicas = [m for m in members if m.is_streaming_replica]
                if not replicas:
                    raise HAError("no streaming replica to fail over to")
                replicas.sort(key=lambda m: (m.role != "sync_standby", 1 << 62 if m.lag_bytes is None else m.lag_bytes))
                candidate = replicas[0].name
            state.member(candidate)
            if candidate == old:
                raise HAError(f"{candidate} is already the leader")
            url = next((state.rest_url(m.name) for m in members if m.name == old), state.rest_url(candidate))
            rest.call(url, "/failover", body={"candidate": candidate}, auth=self._auth(state), timeout=timeout)
            self._wait_new_leader(state, old, candidate, time.monotonic() + timeout)
        return self.status()

    def _current_leader(self, state: ClusterState) -> Member:
        leader = next((m for m in self._members_now(state) if m.is_leader and m.state == "running"), None)
        if leader is None:
            raise HAError(f"the cluster in {self.path} has no running leader; see `chanuka-db server status`")
        return leader

    def _wait_new_leader(self, state: ClusterState, old: str | None, candidate: str | None, deadline: float) -> None:
        while True:
            members = self._members_now(state, timeout=1.0)
            leader = next((m for m in members if m.is_leader and m.state == "running"), None)
            if leader is not None and leader.name != old and (candidate is None or leader.name == candidate):
                break
            if time.monotonic() > deadline:
                raise HAError(f"no new leader in time (members: {_describe(members)})")
            time.sleep(0.2)
        self._wait_healthy(state, deadline + 30, [])


def _streaming(member: Member | None) -> bool:
    return member is not None and member.is_streaming_replica


def _describe(members: list[Member]) -> str:
    return ", ".join(f"{m.name} {m.role or '-'} {m.state}" for m in members) or "none answered"


def _diff(wanted: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    """The parts of ``wanted`` that ``current`` lacks or holds differently (nested dicts compared by key)."""
    out: dict[str, Any] = {}
    for key, value in wanted.items():
        have = current.get(key)
        if isinstance(value, dict):
            sub = _diff(value, have if isinstance(have, dict) else {})
            if sub:
                out[key] = sub
        elif json.dumps(value) != json.dumps(have) and str(value) != str(have):
            out[key] = value
    return out


# ---------------------------------------------------------------------------- thin API for api.py / cli.py
def start(
    state_dir: Path, *, members: int | None = None, sync: bool | None = None, pooler: bool | None = None
) -> ClusterStatus:
    """``server start --ha [--members N] [--sync] [--pooler]``."""
    return HACluster(state_dir).start(members=members, sync=sync, pooler=pooler)


def stop(state_dir: Path) -> ClusterStatus:
    """``server stop`` when an HA cluster exists."""
    return HACluster(state_dir).stop()


def status(state_dir: Path) -> ClusterStatus:
    """``server status`` when an HA cluster exists."""
    return HACluster(state_dir).status()


def switchover(state_dir: Path, candidate: str | None = None) -> ClusterStatus:
    """``server switchover [--to NAME]``."""
    return HACluster(state_dir).switchover(candidate)


def failover(state_dir: Path, candidate: str | None = None) -> ClusterStatus:
    """``server failover [--to NAME]``."""
    return HACluster(state_dir).failover(candidate)


def exists(state_dir: Path) -> bool:
    """True when ``state_dir`` holds an HA cluster (so ``server stop``/``status`` are HA-aware)."""
    return HACluster(state_dir).exists
