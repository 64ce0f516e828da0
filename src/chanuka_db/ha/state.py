"""The private state directory of an HA cluster: its layout, and ``state.json`` (ports, passwords, PIDs).

Everything one cluster owns lives under one directory (``<CHANUKA_DATA_DIR>-ha`` by default)::

    state.json              ports, random passwords, options, PIDs of what runs (0600)
    launch.py               starts a Python module with this virtualenv's packages (see processes.py)
    etcd/data, etcd/etcd.log
    n1/patroni.yml (0600), n1/data (PGDATA), n1/log/ (Patroni's log), n1/patroni.out, n1/pgpass
    archive/                the WAL archive every member writes to and restores from
    pgbouncer/              pgbouncer.ini, userlist.txt (0600), callback.py, pgbouncer.log, .pid

The directory is 0700 and owned by the service user (see :mod:`chanuka_db.ha.processes`); every
file holding a secret is 0600. A second ``start`` reads ``state.json`` back and reuses the ports
(unless another program took one meanwhile), the passwords and the data directories.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import secrets
import socket
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from chanuka_db.ha.errors import HAError

STATE_FILE = "state.json"
SCOPE = "chanuka"
#: Users Patroni creates (superuser and replication at initdb, rewind with its grants after).
SUPERUSER = "postgres"
REPLICATION_USER = "replicator"
REWIND_USER = "rewinder"
REST_USER = "patroni"
MIN_MEMBERS = 1
MAX_MEMBERS = 7
DEFAULT_MEMBERS = 3
HOST = "127.0.0.1"


@dataclass
class MemberSpec:
    """One Patroni member: its name and the two ports it listens on (PostgreSQL, Patroni REST API)."""

    name: str
    pg_port: int
    rest_port: int


@dataclass
class ProcessRecord:
    """A process the cluster started: its PID and start time (so a recycled PID is never taken for it)."""

    pid: int
    started: float


def state_dir_for(data_dir: Path | str) -> Path:
    """Where ``server start --ha`` keeps its cluster: beside the embedded server's data directory."""
    path = Path(data_dir).expanduser().absolute()
    return path.with_name(f"{path.name}-ha")


@dataclass
class ClusterState:
    """What ``state.json`` holds; ``path`` is the state directory (not stored)."""

    path: Path
    members: list[MemberSpec]
    etcd_client_port: int
    etcd_peer_port: int
    pooler_port: int
    passwords: dict[str, str]
    scope: str = SCOPE
    sync: bool = False
    pooler: bool = False
    primary_start_timeout: int = 0
    processes: dict[str, ProcessRecord] = field(default_factory=dict)
    last_leader: str | None = None

    # ------------------------------------------------------------------ layout
    @property
    def state_file(self) -> Path:
        """``state.json``."""
        return self.path / STATE_FILE

    @property
    def launcher(self) -> Path:
        """The script that runs a Python module (Patroni) with this virtualenv's packages."""
        return self.path / "launch.py"

    @property
    def etcd_dir(self) -> Path:
        """etcd's directory (``data`` and its log inside)."""
        return self.path / "etcd"

    @property
    def archive_dir(self) -> Path:
        """The shared WAL archive."""
        return self.path / "archive"

    @property
    def pooler_dir(self) -> Path:
        """PgBouncer's directory."""
        return self.path / "pgbouncer"

    def member_dir(self, name: str) -> Path:
        """Member ``name``'s directory."""
        return self.path / name

    def data_dir(self, name: str) -> Path:
        """Member ``name``'s PGDATA."""
        return self.member_dir(name) / "data"

    def member(self, name: str) -> MemberSpec:
        """The member called ``name``; :class:`HAError` for an unknown name."""
        for spec in self.members:
            if spec.name == name:
                return spec
        raise HAError(f"no member {name!r} in {self.path} (members: {', '.join(m.name for m in self.members)})")

    def rest_url(self, name: str) -> str:
        """Member ``name``'s Patroni REST API base URL."""
        return f"http://{HOST}:{self.member(name).rest_port}"

    @property
    def rest_urls(self) -> list[str]:
        """Every member's REST API base URL, in member order."""
        return [f"http://{HOST}:{m.rest_port}" for m in self.members]

    @property
    def etcd_url(self) -> str:
        """etcd's client URL."""
        return f"http://{HOST}:{self.etcd_client_port}"

    @property
    def initialised(self) -> bool:
        """True once some member has a data directory (the cluster was bootstrapped)."""
        return any((self.data_dir(m.name) / "PG_VERSION").exists() for m in self.members)

    # ------------------------------------------------------------- persistence
    def to_json(self) -> dict[str, Any]:
        """The JSON document stored in ``state.json``."""
        data = asdict(self)
        data.pop("path")
        return data

    def save(self) -> None:
        """Write ``state.json`` atomically, mode 0600."""
        write_private(self.state_file, json.dumps(self.to_json(), indent=2, sort_keys=True) + "\n")

    @classmethod
    def load(cls, path: Path) -> ClusterState | None:
        """The state in ``path``, or None when there is none."""
        file = path / STATE_FILE
        try:
            raw = json.loads(file.read_text())
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            raise HAError(f"cannot read {file}: {exc}") from exc
        try:
            return cls(
                path=path,
                members=[MemberSpec(**m) for m in raw["members"]],
                etcd_client_port=int(raw["etcd_client_port"]),
                etcd_peer_port=int(raw["etcd_peer_port"]),
                pooler_port=int(raw["pooler_port"]),
                passwords={str(k): str(v) for k, v in raw["passwords"].items()},
                scope=str(raw.get("scope", SCOPE)),
                sync=bool(raw.get("sync", False)),
                pooler=bool(raw.get("pooler", False)),
                primary_start_timeout=int(raw.get("primary_start_timeout", 0)),
                processes={k: ProcessRecord(**v) for k, v in (raw.get("processes") or {}).items()},
                last_leader=raw.get("last_leader"),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise HAError(f"{file} is not a chanuka-db HA state file ({exc})") from exc

    @classmethod
    def create(cls, path: Path, members: int) -> ClusterState:
        """A new state for ``members`` members: free ports and fresh random passwords (not saved yet)."""
        if not MIN_MEMBERS <= members <= MAX_MEMBERS:
            raise HAError(f"--members must be between {MIN_MEMBERS} and {MAX_MEMBERS} (got {members})")
        taken: set[int] = set()
        specs = [MemberSpec(f"n{i}", free_port(taken), free_port(taken)) for i in range(1, members + 1)]
        return cls(
            path=path,
            members=specs,
            etcd_client_port=free_port(taken),
            etcd_peer_port=free_port(taken),
            pooler_port=free_port(taken),
            passwords={
                "superuser": new_password(),
                "replication": new_password(),
                "rewind": new_password(),
                "restapi": new_password(),
            },
        )

    def ports(self) -> dict[str, int]:
        """Every port of the cluster by role (``n1.pg``, ``n1.rest``, ``etcd.client``...)."""
        out = {"etcd.client": self.etcd_client_port, "etcd.peer": self.etcd_peer_port, "pooler": self.pooler_port}
        for m in self.members:
            out[f"{m.name}.pg"] = m.pg_port
            out[f"{m.name}.rest"] = m.rest_port
        return out

    def move_busy_ports(self, keep: set[str]) -> list[str]:
        """Give a new free port to each port (except those of ``keep``, the running processes') that another
        program holds now. Returns the moved ports' roles."""
        taken = set(self.ports().values())
        moved: list[str] = []

        def fresh(role: str, port: int) -> int:
            if role.split(".", maxsplit=1)[0] in keep or not port_in_use(port):
                return port
            moved.append(role)
            return free_port(taken)

        self.etcd_client_port = fresh("etcd.client", self.etcd_client_port)
        self.etcd_peer_port = fresh("etcd.peer", self.etcd_peer_port)
        self.pooler_port = fresh("pgbouncer.port", self.pooler_port)
        for m in self.members:
            m.pg_port = fresh(f"{m.name}.pg", m.pg_port)
            m.rest_port = fresh(f"{m.name}.rest", m.rest_port)
        return moved


def new_password() -> str:
    """A random password (URL- and YAML-safe characters only)."""
    return secrets.token_urlsafe(24)


def free_port(taken: set[int], host: str = HOST) -> int:
    """A TCP port free on ``host`` now and not in ``taken`` (which it is added to)."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind((host, 0))
            port = int(sock.getsockname()[1])
        if port not in taken:
            taken.add(port)
            return port


def port_in_use(port: int, host: str = HOST) -> bool:
    """True when something listens on (or holds) ``host:port``."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return True
    return False


def write_private(path: Path, text: str, *, owner: tuple[int, int] | None = None) -> None:
    """Write ``text`` to ``path`` atomically with mode 0600 (owned by ``owner`` uid/gid when given)."""
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(text)
    os.chmod(tmp, 0o600)
    if owner is not None:
        os.chown(tmp, owner[0], owner[1])
    os.replace(tmp, path)


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Serialise start/stop/switchover of the cluster in ``path`` across processes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = path.parent / f".{path.name}.lock"
    with open(lock_path, "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
