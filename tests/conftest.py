"""Suite-wide rules: the fixtures come from the chanuka_db.testing plugin (installed entry point)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable

import pytest


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A skipped test means a feature went unchecked: fail the run instead of passing it."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None and reporter.stats.get("skipped") and exitstatus == 0:
        session.exitstatus = 1


CliRunner = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def run_cli() -> CliRunner:
    """Run ``chanuka-db ARGS`` in a subprocess with extra environment; returns the completed process."""

    def run(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        full_env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "CHANUKA_"))}
        full_env.update(env or {})
        return subprocess.run(
            [sys.executable, "-m", "chanuka_db", *args],
            capture_output=True,
            text=True,
            env=full_env,
            timeout=timeout,
            check=False,
        )

    return run
