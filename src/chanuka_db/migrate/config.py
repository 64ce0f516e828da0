"""The Alembic configuration object chanuka-db drives Alembic with."""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
VERSIONS_DIR = MIGRATIONS_DIR / "versions"
SNAPSHOTS_DIR = MIGRATIONS_DIR / "snapshots"
CHECKSUMS_FILE = MIGRATIONS_DIR / "checksums"


def alembic_config(connection: Connection | None = None, *, url: str | None = None) -> Config:
    """An Alembic :class:`Config` for our migrations.

    ``connection``: the connection env.py migrates on (chanuka-db holds its advisory lock there).
    ``url``: for offline (``--sql``) rendering.
    """
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("version_locations", str(VERSIONS_DIR))
    cfg.set_main_option("path_separator", "os")
    cfg.set_main_option("file_template", "%%(year)d%%(month).2d%%(day).2d_%%(rev)s_%%(slug)s")
    cfg.set_main_option("truncate_slug_length", "40")
    if connection is not None:
        cfg.attributes["connection"] = connection
    if url is not None:
        cfg.attributes["url"] = url
    return cfg


def script_directory() -> ScriptDirectory:
    """The revision scripts (parsed once per call; cheap)."""
    return ScriptDirectory.from_config(alembic_config())
