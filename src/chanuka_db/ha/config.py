"""Configuration of the cluster's pieces: Patroni's YAML for each member, and etcd's command line.

The defaults were measured on a 2-core machine (a postmaster ``kill -9``: new leader in 1.5-4.3 s,
writes stalled 2.1-4.7 s) and are explained in ``docs/high-availability.md``:

- ``ttl 20 / loop_wait 2 / retry_timeout 5`` (Patroni's defaults are 30/10/10; 20 is its minimum
  ttl; ``loop_wait + 2 * retry_timeout <= ttl``). loop_wait bounds how fast a crashed postmaster is
  noticed, ttl how fast a dead Patroni (a lost node) is.
- ``primary_start_timeout 0``: a crashed primary is failed over at once instead of being restarted in
  place for up to 300 s (see the docs for why).
- ``failsafe_mode``: with a single etcd, the primary keeps its role while etcd is away as long as it
  can reach every other member over the REST API.
- ``use_pg_rewind`` with ``use_slots``, data checksums and ``wal_log_hints``: an old leader rejoins by
  rewinding, not by a full copy; a shared WAL archive with ``restore_command`` gives the rewound
  member the WAL the new primary may already have recycled (``pg_rewind --restore-target-wal``).
- ``synchronous_mode`` only with ``--sync``: no acknowledged commit is lost at failover, at the price
  of a round trip to a standby per commit (about half the write throughput under heavy load).
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chanuka_db.ha.state import HOST, REPLICATION_USER, REST_USER, REWIND_USER, SUPERUSER, ClusterState, MemberSpec


@dataclass(frozen=True)
class Timings:
    """Patroni's HA loop timings, in seconds."""

    ttl: int = 20
    loop_wait: int = 2
    retry_timeout: int = 5


TIMINGS = Timings()
#: Archived WAL older than this is removed (by the standbys, at restartpoints). A rewound old leader
#: that rejoins within this time always finds the WAL it needs.
ARCHIVE_KEEP_MINUTES = 60
#: Settings every member shares: Patroni keeps these in etcd and applies them cluster-wide.
SHARED_PARAMETERS: dict[str, Any] = {
    "wal_level": "replica",
    "hot_standby": "on",
    "wal_log_hints": "on",
    "max_connections": 100,
    "max_wal_senders": 10,
    "max_replication_slots": 10,
    "wal_keep_size": "128MB",
    # A member that stays away must not make the primary keep WAL until the disk is full.
    "max_slot_wal_keep_size": "1GB",
}
#: Per-member settings (small: several members share one machine).
LOCAL_PARAMETERS: dict[str, Any] = {
    "unix_socket_directories": "",  # TCP on loopback only; Patroni connects over TCP too
    "shared_buffers": "32MB",
    "password_encryption": "scram-sha-256",
    "shared_preload_libraries": "pg_stat_statements",
    "timezone": "UTC",
    "logging_collector": "on",
    "log_directory": "log",
    "log_filename": "postgresql-%a.log",
    "log_truncate_on_rotation": "on",
    "log_rotation_age": "1d",
    "log_rotation_size": 0,
}
INITDB_OPTIONS: list[Any] = [
    {"encoding": "UTF8"},
    {"locale-provider": "builtin"},
    {"builtin-locale": "C.UTF-8"},
    {"locale": "C"},
    "data-checksums",
]


def dynamic_config(*, sync: bool, primary_start_timeout: int = 0, timings: Timings = TIMINGS) -> dict[str, Any]:
    """The cluster-wide (DCS) configuration: used to bootstrap, and to PATCH an existing cluster."""
    return {
        "ttl": timings.ttl,
        "loop_wait": timings.loop_wait,
        "retry_timeout": timings.retry_timeout,
        "maximum_lag_on_failover": 1024 * 1024,
        "primary_start_timeout": primary_start_timeout,
        "synchronous_mode": sync,
        "synchronous_node_count": 1,
        "failsafe_mode": True,
        "postgresql": {
            "use_pg_rewind": True,
            "use_slots": True,
            "parameters": dict(SHARED_PARAMETERS),
        },
    }


def _sh_path(path: Path) -> str:
    """``path`` quoted for /bin/sh inside a PostgreSQL ``*_command`` (``%`` doubled)."""
    return shlex.quote(str(path)).replace("%", "%%")


def archive_command(archive: Path) -> str:
    """Copy a finished WAL segment into ``archive`` atomically; an identical copy already there is success
    (a primary that crashed after archiving but before noting it archives the segment again)."""
    target = _sh_path(archive) + "/%f"
    return f'f={target}; if [ -f "$f" ]; then cmp -s "%p" "$f"; else cp "%p" "$f.tmp" && mv "$f.tmp" "$f"; fi'


def restore_command(archive: Path) -> str:
    """Fetch a WAL segment (or timeline history file) from ``archive``."""
    return f'cp {_sh_path(archive)}/%f "%p"'


def archive_cleanup_command(archive: Path, keep_minutes: int = ARCHIVE_KEEP_MINUTES) -> str:
    """Remove archived segments older than ``keep_minutes`` (timeline history files are kept)."""
    return f"find {_sh_path(archive)} -maxdepth 1 -type f -mmin +{keep_minutes} ! -name '*.history' -delete"


def member_config(
    state: ClusterState,
    spec: MemberSpec,
    *,
    bin_dir: Path,
    callback: list[str] | None = None,
) -> dict[str, Any]:
    """Patroni's configuration for member ``spec`` (``callback``: the command Patroni runs on role changes,
    e.g. to keep PgBouncer on the primary; Patroni appends ``action role scope``)."""
    member_dir = state.member_dir(spec.name)
    pw = state.passwords
    parameters = dict(LOCAL_PARAMETERS)
    postgresql: dict[str, Any] = {
        "listen": f"{HOST}:{spec.pg_port}",
        "connect_address": f"{HOST}:{spec.pg_port}",
        "data_dir": str(state.data_dir(spec.name)),
        "bin_dir": str(bin_dir),
        "pgpass": str(member_dir / "pgpass"),
        "authentication": {
            "superuser": {"username": SUPERUSER, "password": pw["superuser"]},
            "replication": {"username": REPLICATION_USER, "password": pw["replication"]},
            "rewind": {"username": REWIND_USER, "password": pw["rewind"]},
        },
        "parameters": parameters,
        # A new replica's pg_basebackup must not wait for a spread checkpoint (minutes on an idle primary).
        "basebackup": [{"checkpoint": "fast"}],
        "pg_hba": [
            f"host replication {REPLICATION_USER} {HOST}/32 scram-sha-256",
            f"host all all {HOST}/32 scram-sha-256",
        ],
    }
    if len(state.members) > 1:
        parameters["archive_mode"] = "on"
        parameters["archive_command"] = archive_command(state.archive_dir)
        postgresql["recovery_conf"] = {
            "restore_command": restore_command(state.archive_dir),
            "archive_cleanup_command": archive_cleanup_command(state.archive_dir),
        }
    if callback:
        command = shlex.join(callback)
        postgresql["callbacks"] = {"on_start": command, "on_role_change": command}
    return {
        "scope": state.scope,
        "name": spec.name,
        "log": {"dir": str(member_dir / "log"), "level": "INFO", "file_num": 4, "file_size": 10 * 1024 * 1024},
        "restapi": {
            "listen": f"{HOST}:{spec.rest_port}",
            "connect_address": f"{HOST}:{spec.rest_port}",
            "authentication": {"username": REST_USER, "password": pw["restapi"]},
        },
        "etcd3": {"hosts": [f"{HOST}:{state.etcd_client_port}"]},
        "bootstrap": {
            "dcs": dynamic_config(sync=state.sync, primary_start_timeout=state.primary_start_timeout),
            "initdb": list(INITDB_OPTIONS),
        },
        "postgresql": postgresql,
        # No /dev/watchdog on one machine or in a container: see "What is not covered" in the docs.
        "watchdog": {"mode": "off"},
        "tags": {"nofailover": False, "noloadbalance": False, "clonefrom": False, "nosync": False},
    }


def render_yaml(config: dict[str, Any]) -> str:
    """``config`` as the YAML Patroni reads, keys in the order given."""
    import yaml  # from the `ha` extra (Patroni's own dependency)

    header = "# Written by chanuka-db at each `server start --ha`: edit the generator, not this file.\n"
    return header + yaml.safe_dump(config, sort_keys=False, default_flow_style=False)


def etcd_argv(etcd: str, state: ClusterState) -> list[str]:
    """The command line of the cluster's single etcd member (loopback only, compacted hourly)."""
    client = f"http://{HOST}:{state.etcd_client_port}"
    peer = f"http://{HOST}:{state.etcd_peer_port}"
    return [
        etcd,
        "--name", "e1",
        "--data-dir", str(state.etcd_dir / "data"),
        "--listen-client-urls", client,
        "--advertise-client-urls", client,
        "--listen-peer-urls", peer,
        "--initial-advertise-peer-urls", peer,
        "--initial-cluster", f"e1={peer}",
        "--initial-cluster-state", "new",
        "--initial-cluster-token", f"chanuka-{state.scope}",
        # Patroni writes every loop_wait: without compaction the keyspace history grows until the quota.
        "--auto-compaction-mode", "periodic",
        "--auto-compaction-retention", "1h",
        "--logger", "zap",
        "--log-outputs", "stderr",
    ]
