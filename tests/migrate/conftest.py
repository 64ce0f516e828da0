"""Fixtures for the migration engine's tests.

- pytest-alembic: ``alembic_config`` / ``alembic_engine`` point its runner at chanuka-db's Alembic
  configuration and a fresh empty database (its plugin is disabled in pyproject's addopts: its
  collector breaks on pytest 9, so ``test_pytest_alembic.py`` imports the built-in tests itself).
- ``reference_snapshots``: every real revision's schema, built once per session by migrating an
  empty database one revision at a time (the truth the committed snapshots, the round trip and the
  kill test are held to).
- ``make_source``: a throw-away migrations folder (revisions written by the test, its own
  snapshots and checksum file, optionally its own models) for behaviour the real revisions cannot
  show: failures, slow revisions, renames, enum changes.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic.config import Config
from pytest_alembic.plugin.fixtures import alembic_runner  # noqa: F401  (the plugin itself is disabled)
from sqlalchemy import Engine, MetaData
from sqlalchemy.engine import URL

from chanuka_db.engine import Database
from chanuka_db.migrate import plan, runner, snapshot
from chanuka_db.migrate.config import MigrationSource, script_directory
from chanuka_db.migrate.config import alembic_config as chanuka_alembic_config
from chanuka_db.testing import create_database, drop_database, settings_for_tests, unique_name, url_of

Schema = dict[str, Any]


def pytest_configure(config: pytest.Config) -> None:
    """The marker pytest-alembic's built-in tests carry (its plugin, which registers it, is disabled)."""
    config.addinivalue_line("markers", "alembic: pytest-alembic's built-in migration tests")


@pytest.fixture
def alembic_config() -> Config:
    """chanuka-db's Alembic configuration (the package's migrations)."""
    return chanuka_alembic_config()


@pytest.fixture
def alembic_engine(chanuka_empty_db: Database) -> Engine:
    """A fresh empty database per pytest-alembic test."""
    return chanuka_empty_db.engine


@pytest.fixture(scope="session")
def reference_snapshots(chanuka_server_url: URL) -> Iterator[dict[str | None, Schema]]:
    """``{revision: schema}`` for every revision (``None``: the empty database), built step by step."""
    name = unique_name("reference")
    url = create_database(chanuka_server_url, name)
    db = Database(settings_for_tests(), url=url)
    try:
        out: dict[str | None, Schema] = {None: snapshot.normalised(snapshot.empty())}
        for info in plan.ordered(script_directory()):
            runner.upgrade(db, info.revision)
            with db.connect() as conn:
                out[info.revision] = snapshot.normalised(snapshot.take(conn))
        yield out
    finally:
        db.dispose()
        drop_database(chanuka_server_url, name)


def revision_text(
    revision: str,
    down: str | None,
    upgrade: str,
    downgrade: str = "pass",
    *,
    doc: str = "A test revision.\n\nIt exists to exercise the migration engine.",
    header: str = "",
) -> str:
    """The text of a revision module."""
    body_up = textwrap.indent(textwrap.dedent(upgrade).strip(), "    ")
    body_down = textwrap.indent(textwrap.dedent(downgrade).strip(), "    ")
    return (
        f'"""{doc}\n\nRevision ID: {revision}\nRevises: {down or ""}\n"""\n'
        "import sqlalchemy as sa\nfrom alembic import op\n\n"
        f"{textwrap.dedent(header).strip()}\n\n"
        f"revision = {revision!r}\ndown_revision = {down!r}\nbranch_labels = None\ndepends_on = None\n\n\n"
        f"def upgrade() -> None:\n{body_up}\n\n\ndef downgrade() -> None:\n{body_down}\n"
    )


class SourceFactory:
    """Builds throw-away migration folders under a temporary directory."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.count = 0

    def __call__(self, revisions: dict[str, str] | None = None, metadata: MetaData | None = None) -> MigrationSource:
        self.count += 1
        folder = self.root / f"source{self.count}"
        (folder / "versions").mkdir(parents=True)
        (folder / "snapshots").mkdir()
        source = MigrationSource.in_folder(folder, metadata)
        for filename, text in (revisions or {}).items():
            (source.versions_dir / filename).write_text(text, encoding="utf-8")
        return source


@pytest.fixture
def make_source(tmp_path: Path) -> SourceFactory:
    """``make_source({"0001_x.py": text}, metadata)`` -> a :class:`MigrationSource` in a temp folder."""
    return SourceFactory(tmp_path)


def cli_env(db: Database, **extra: str) -> dict[str, str]:
    """The environment for a ``chanuka-db`` run aimed at ``db`` (the test environment's timeouts)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "CHANUKA_"))}
    env.update({"DATABASE_URL": url_of(db), "CHANUKA_ENV": "test"}, **extra)
    return env


def run_cli(
    db: Database | None, *args: str, timeout: float = 120, subprocess_: bool = False, **env: str
) -> subprocess.CompletedProcess[str]:
    """Run ``chanuka-db ARGS`` against ``db``: in this process (fast: ``cli.main()`` with the environment,
    argv and standard streams swapped), or in a real subprocess with ``subprocess_=True``."""
    environment = cli_env(db, **env) if db is not None else {**os.environ, **env}
    if subprocess_:
        return subprocess.run(
            [sys.executable, "-m", "chanuka_db", *args],
            capture_output=True,
            text=True,
            env=environment,
            timeout=timeout,
            check=False,
        )
    from chanuka_db import cli

    saved_env, saved_argv = dict(os.environ), sys.argv
    out, err = io.StringIO(), io.StringIO()
    try:
        os.environ.clear()
        os.environ.update(environment)
        sys.argv = ["chanuka-db", *args]
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                cli.main()
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        os.environ.clear()
        os.environ.update(saved_env)
        sys.argv = saved_argv
    return subprocess.CompletedProcess(["chanuka-db", *args], code, out.getvalue(), err.getvalue())


CliFn = Callable[..., subprocess.CompletedProcess[str]]
