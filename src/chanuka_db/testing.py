"""pytest plugin: a real PostgreSQL for tests, a migrated template, a fresh database per module.

Installed as a pytest plugin (entry point ``chanuka_db``), so the platform's own services get the
same fixtures by installing chanuka-db:

- ``chanuka_server_url``: admin URL of the test server. With ``TEST_DATABASE_URL`` set, that
  server (any PostgreSQL 15+, the URL's user must be allowed to CREATE DATABASE); otherwise an
  embedded PostgreSQL started for the test session in a temporary directory and removed after.
- ``chanuka_template``: name of a database migrated to head once per session.
- ``chanuka_db``: a :class:`~chanuka_db.engine.Database` on a fresh clone of the template, one per
  test module (``CREATE DATABASE ... TEMPLATE``: milliseconds, not a migration run).
- ``chanuka_empty_db``: a fresh empty database per test (for migration tests).

A server that cannot be started fails the run; nothing is skipped for lack of a database.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from sqlalchemy.engine import URL, make_url

from chanuka_db.config import Environment, Settings, parse_database_url
from chanuka_db.engine import Database, libpq_url
from chanuka_db.server import EmbeddedServer


def settings_for_tests() -> Settings:
    """Settings for test databases: the ``test`` environment's pool and timeouts."""
    return Settings(CHANUKA_ENV=Environment.TEST, DATABASE_URL=None)


def admin_execute(admin_url: URL, statement: sql.Composed) -> None:
    """Run one statement in autocommit on the maintenance database of ``admin_url``."""
    with psycopg.connect(libpq_url(admin_url.set(database="postgres")), autocommit=True) as conn:
        conn.execute(statement)


def create_database(admin_url: URL, name: str, *, template: str | None = None) -> URL:
    """Create database ``name`` (optionally from ``template``); returns its URL."""
    stmt: sql.Composed = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    if template:
        stmt = sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(template))
    admin_execute(admin_url, stmt)
    return admin_url.set(database=name)


def drop_database(admin_url: URL, name: str) -> None:
    """Drop database ``name``, disconnecting its sessions."""
    admin_execute(admin_url, sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def unique_name(prefix: str) -> str:
    """A database name that no other test (or xdist worker) uses."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    clean = re.sub(r"[^a-z0-9_]", "_", prefix.lower())[:30]
    return f"t_{clean}_{worker}_{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="session")
def chanuka_server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[URL]:
    """Admin URL of the PostgreSQL server the tests use."""
    external = os.environ.get("TEST_DATABASE_URL")
    if external:
        yield parse_database_url(external)
        return
    data_dir = Path(tmp_path_factory.mktemp("pg")) / "pgdata"
    server = EmbeddedServer(data_dir, ephemeral=True)
    try:
        server.start()
    except Exception as exc:  # a suite without its database must fail, never skip
        pytest.exit(f"cannot start the embedded PostgreSQL for tests: {exc}", returncode=3)
    try:
        yield server.url()
    finally:
        server.destroy()


@pytest.fixture(scope="session")
def chanuka_template(chanuka_server_url: URL) -> Iterator[str]:
    """A database migrated to head once per session, cloned by ``chanuka_db``."""
    from chanuka_db import api

    name = unique_name("template")
    url = create_database(chanuka_server_url, name)
    with Database(settings_for_tests(), url=url) as db:
        api.migrate(db)
    try:
        yield name
    finally:
        drop_database(chanuka_server_url, name)


@pytest.fixture(scope="module")
def chanuka_db(chanuka_server_url: URL, chanuka_template: str, request: pytest.FixtureRequest) -> Iterator[Database]:
    """A fresh, migrated database for one test module."""
    name = unique_name(request.module.__name__.rpartition(".")[2])
    url = create_database(chanuka_server_url, name, template=chanuka_template)
    db = Database(settings_for_tests(), url=url)
    try:
        yield db
    finally:
        db.dispose()
        drop_database(chanuka_server_url, name)


@pytest.fixture
def chanuka_empty_db(chanuka_server_url: URL, request: pytest.FixtureRequest) -> Iterator[Database]:
    """A fresh, empty database for one test."""
    name = unique_name(request.node.name)
    url = create_database(chanuka_server_url, name)
    db = Database(settings_for_tests(), url=url)
    try:
        yield db
    finally:
        db.dispose()
        drop_database(chanuka_server_url, name)


def url_of(db: Database) -> str:
    """The libpq URL of ``db`` (with password), for subprocesses under test."""
    return libpq_url(make_url(db.url.render_as_string(hide_password=False)))
