"""Fixtures for adopt: old-shape databases (built once per session as templates, cloned per test).

- ``old_template(shape)``: a database of that old shape, filled, never adopted (cloned, not used).
- ``old_db(shape)``: a fresh clone, dropped after the test.
- ``decided_mapping(db, path)``: a dry run's mapping file with the reviewer's :data:`DECISIONS`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy.engine import URL

from chanuka_db import adopt
from chanuka_db.adopt import mapping as mapping_mod
from chanuka_db.engine import Database, libpq_url
from chanuka_db.testing import create_database, drop_database, settings_for_tests, unique_name
from tests.adopt import oldshape


@dataclass
class OldDb:
    """A database of an old shape: its name, URL (libpq form) and a :class:`Database`."""

    name: str
    url: str
    db: Database
    shape: oldshape.Shape


@pytest.fixture(scope="session")
def old_templates(chanuka_server_url: URL) -> Iterator[dict[str, str]]:
    """Build each old shape once, filled; ``{shape name: template database}``."""
    names: dict[str, str] = {}
    try:
        for shape in oldshape.SHAPES.values():
            name = unique_name(f"old_{shape.name}")
            url = create_database(chanuka_server_url, name)
            with psycopg.connect(libpq_url(url), autocommit=True) as conn:
                oldshape.build(conn, shape)
                with conn.transaction():
                    oldshape.fill(conn, shape)
            names[shape.name] = name
        yield names
    finally:
        for name in names.values():
            drop_database(chanuka_server_url, name)


@pytest.fixture
def old_db(chanuka_server_url: URL, old_templates: dict[str, str]) -> Iterator[Callable[[str], OldDb]]:
    """``old_db(shape_name)``: a fresh clone of that shape's template (dropped after the test)."""
    made: list[OldDb] = []

    def make(shape: str) -> OldDb:
        name = unique_name(f"adopt_{shape}")
        url = create_database(chanuka_server_url, name, template=old_templates[shape])
        old = OldDb(name, libpq_url(url), Database(settings_for_tests(), url=url), oldshape.SHAPES[shape])
        made.append(old)
        return old

    yield make
    for old in made:
        old.db.dispose()
        drop_database(chanuka_server_url, old.name)


def decided_mapping(db: Database, path: Path) -> Path:
    """Dry-run ``db`` writing ``path``, then write the reviewer's decisions into it."""
    adopt.dry_run(db, mapping=path)
    if not path.exists():
        return path
    mapping = mapping_mod.read(path)
    for key, values in oldshape.DECISIONS.items():
        entry = mapping.columns.get(key)
        if entry is None:
            continue
        for old, new in values.items():
            if old in entry.values:
                entry.values[old] = new
    mapping_mod.write(mapping, path)
    return path


@pytest.fixture
def no_backup() -> adopt.BackupFn:
    """A backup stand-in for tests that are not about the backup (the real one is tested once)."""

    def backup(db: Database, directory: Path | None) -> adopt.BackupTaken:
        return adopt.BackupTaken(path="(test: no backup)", rows=0)

    return backup


def exec_sql(url: str, sql: str, params: Any = None) -> list[tuple[Any, ...]]:
    """Run one statement on ``url`` (autocommit) and return its rows."""
    with psycopg.connect(url, autocommit=True) as conn:
        cur = conn.execute(sql, params)
        with contextlib.suppress(psycopg.ProgrammingError):
            return list(cur.fetchall())
    return []
