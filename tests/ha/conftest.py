"""The HA stack for the tests: installed when missing (root with apt-get), otherwise the run fails.

etcd and PgBouncer come from Debian's packages. When they are missing and the tests run as root on a
machine with apt-get, the session installs them (``DEBIAN_FRONTEND=noninteractive``, with a
``policy-rc.d`` that keeps the packages' own services from starting, and stops/disables them where
systemd runs). Otherwise every HA test fails with the exact install command: nothing is skipped.
Patroni comes from the ``ha`` extra.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from chanuka_db.ha import doctor

INSTALL_LOCK = Path(tempfile.gettempdir()) / "chanuka-ha-install.lock"
POLICY_RC_D = Path("/usr/sbin/policy-rc.d")
SERVICES = ("etcd", "pgbouncer")


@contextlib.contextmanager
def _install_lock() -> Iterator[None]:
    with open(INSTALL_LOCK, "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _apt_get(args: list[str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    return subprocess.run(
        ["apt-get", *args], capture_output=True, text=True, env=env, timeout=900, check=False, stdin=subprocess.DEVNULL
    )


def _stop_package_services() -> None:
    """The packages' own etcd/PgBouncer must not run (they would take 2379/6432 and the CPU)."""
    if Path("/run/systemd/system").is_dir() and shutil.which("systemctl"):
        for service in SERVICES:
            subprocess.run(["systemctl", "disable", "--now", f"{service}.service"], capture_output=True, check=False)
        return
    for service in SERVICES:
        script = Path("/etc/init.d") / service
        if script.exists():
            subprocess.run([str(script), "stop"], capture_output=True, check=False, stdin=subprocess.DEVNULL)


def apt_install(packages: list[str]) -> None:
    """``apt-get install -y PACKAGES`` without starting their services (``apt-get update`` first if needed)."""
    created_policy = False
    if not POLICY_RC_D.exists():
        POLICY_RC_D.write_text("#!/bin/sh\n# chanuka-db tests: do not start services while installing\nexit 101\n")
        POLICY_RC_D.chmod(0o755)
        created_policy = True
    try:
        result = _apt_get(["install", "-y", "--no-install-recommends", *packages])
        if result.returncode != 0:
            _apt_get(["update"])
            result = _apt_get(["install", "-y", "--no-install-recommends", *packages])
        if result.returncode != 0:
            tail = " / ".join(result.stderr.strip().splitlines()[-3:])
            pytest.fail(f"apt-get install {' '.join(packages)} failed: {tail}", pytrace=False)
    finally:
        if created_policy:
            POLICY_RC_D.unlink(missing_ok=True)
    _stop_package_services()


@pytest.fixture(scope="session")
def ha_stack() -> doctor.DoctorReport:
    """Patroni, etcd and PgBouncer present (installed here when possible), or the test fails."""
    report = doctor.doctor()
    patroni = report.component("patroni")
    if not patroni.present:
        pytest.fail(f"Patroni is missing (the `ha` extra): {patroni.install}", pytrace=False)
    missing = [c for c in report.components if not c.present and c.name in doctor.DEBIAN_PACKAGES]
    if missing:
        command = doctor.install_command(missing)
        if os.geteuid() != 0 or not shutil.which("apt-get"):
            pytest.fail(f"the HA tests need {', '.join(c.name for c in missing)}: {command}", pytrace=False)
        with _install_lock():
            still = [c for c in doctor.doctor().components if not c.present and c.name in doctor.DEBIAN_PACKAGES]
            if still:
                apt_install([doctor.DEBIAN_PACKAGES[c.name] for c in still])
        report = doctor.doctor()
    absent = [c.name for c in report.components if not c.present]
    if absent:
        pytest.fail(f"still missing after install: {', '.join(absent)}: {report.install}", pytrace=False)
    return report


def new_state_dir() -> Path:
    """A fresh state directory path for a module-scoped cluster (the caller removes its parent); it is
    where ``server start --ha`` puts the cluster of data directory ``<parent>/pgdata``."""
    return Path(tempfile.mkdtemp(prefix="chanuka-ha-")) / "pgdata-ha"
