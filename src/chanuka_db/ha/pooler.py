"""PgBouncer in front of the cluster, kept pointed at the primary.

PgBouncer does not know which member is the primary. Each Patroni member runs ``callback.py`` on
``on_start`` and ``on_role_change``; when it reports the role ``primary`` the callback rewrites the
``[databases]`` line with that member's port and sends PgBouncer SIGHUP (a reload: new server
connections go to the new primary; clients waiting in PgBouncer's queue see no error when the
failover ends within ``query_wait_timeout``).

PgBouncer runs in transaction pooling mode, which cannot keep prepared statements: clients must
turn them off (psycopg: ``prepare_threshold=None``, see :func:`chanuka_db.ha.client.engine_options`).
Session features (advisory locks, ``SET``, ``LISTEN``) need the direct multi-host URL instead;
migrations use it.
"""

from __future__ import annotations

import re
from pathlib import Path

from chanuka_db.ha.state import HOST, SUPERUSER, ClusterState

DATABASES_LINE = re.compile(r"^\* = host=\S+ port=(\d+)\s*$", re.MULTILINE)

CALLBACK = '''"""Written by chanuka-db: Patroni callback that points PgBouncer at this member when it becomes primary.

Usage (Patroni appends the last three): callback.py INI PIDFILE PORT ACTION ROLE SCOPE
"""
import os
import re
import signal
import sys

ini, pidfile, port, action, role = sys.argv[1:6]
if role in ("primary", "master") and action in ("on_start", "on_role_change"):
    with open(ini) as fh:
        text = fh.read()
    new = re.sub(r"(?m)^\\* = host=(\\S+) port=\\d+\\s*$", "* = host=\\\\1 port=" + port, text)
    if new != text:
        tmp = ini + ".tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(new)
        os.replace(tmp, ini)
    try:
        with open(pidfile) as fh:
            os.kill(int(fh.read().split()[0]), signal.SIGHUP)
    except (OSError, ValueError, IndexError):
        pass  # PgBouncer is not running: the next start reads the file
'''


def ini_path(state: ClusterState) -> Path:
    """PgBouncer's configuration file."""
    return state.pooler_dir / "pgbouncer.ini"


def userlist_path(state: ClusterState) -> Path:
    """PgBouncer's auth file (plain password, so it can do SCRAM towards the server)."""
    return state.pooler_dir / "userlist.txt"


def pidfile_path(state: ClusterState) -> Path:
    """The PID file PgBouncer writes."""
    return state.pooler_dir / "pgbouncer.pid"


def callback_path(state: ClusterState) -> Path:
    """The Patroni callback script."""
    return state.pooler_dir / "callback.py"


def ini_text(state: ClusterState, primary_port: int) -> str:
    """``pgbouncer.ini``: every database forwarded to ``primary_port``; transaction pooling; loopback only."""
    d = state.pooler_dir
    return f"""; Written by chanuka-db. The Patroni callback rewrites the port below on every failover.
[databases]
* = host={HOST} port={primary_port}

[pgbouncer]
listen_addr = {HOST}
listen_port = {state.pooler_port}
unix_socket_dir =
auth_type = scram-sha-256
auth_file = {userlist_path(state)}
pool_mode = transaction
max_client_conn = 200
default_pool_size = 10
server_connect_timeout = 2
server_login_retry = 1
query_wait_timeout = 10
ignore_startup_parameters = extra_float_digits,options
pidfile = {pidfile_path(state)}
logfile = {d / "pgbouncer.log"}
"""


def userlist_text(state: ClusterState) -> str:
    """The auth file: the superuser and its password."""
    return f'"{SUPERUSER}" "{state.passwords["superuser"]}"\n'


def target_port(state: ClusterState) -> int | None:
    """The port PgBouncer forwards to now (from its file), or None."""
    try:
        match = DATABASES_LINE.search(ini_path(state).read_text())
    except OSError:
        return None
    return int(match.group(1)) if match else None


def callback_argv(python: str, state: ClusterState, port: int) -> list[str]:
    """The callback command for a member listening on ``port`` (Patroni appends action, role, scope)."""
    script, ini, pidfile = callback_path(state), ini_path(state), pidfile_path(state)
    return [python, "-S", "-E", "-s", str(script), str(ini), str(pidfile), str(port)]
