"""Where the migrations live and the Alembic configuration chanuka-db drives Alembic with.

A :class:`MigrationSource` names the revision folder, the committed snapshots and the checksum
file (the package's own by default; tests and tools point it at another folder). The parsed
revision scripts are cached per process and reloaded when a file in the folder changes, so
``ensure_schema()`` at server start-up does not re-import every revision on each call.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alembic.config import Config
from alembic.runtime.environment import EnvironmentContext
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData
from sqlalchemy.engine import Connection

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
VERSIONS_DIR = MIGRATIONS_DIR / "versions"
SNAPSHOTS_DIR = MIGRATIONS_DIR / "snapshots"
CHECKSUMS_FILE = MIGRATIONS_DIR / "checksums"

#: The URL offline (``--sql``) rendering configures Alembic with: only its dialect matters.
OFFLINE_URL = "postgresql+psycopg://offline@localhost/offline"


@dataclass(frozen=True)
class MigrationSource:
    """A folder of revision scripts with its snapshots and checksum file.

    ``metadata``: the models autogenerate compares against (None: ``chanuka_db.schema.metadata``).
    """

    versions_dir: Path = VERSIONS_DIR
    snapshots_dir: Path = SNAPSHOTS_DIR
    checksums_file: Path = CHECKSUMS_FILE
    metadata: MetaData | None = field(default=None, compare=False, hash=False)

    @classmethod
    def in_folder(cls, folder: Path, metadata: MetaData | None = None) -> MigrationSource:
        """A source laid out like the package's: ``folder/versions``, ``folder/snapshots``, ``folder/checksums``."""
        return cls(folder / "versions", folder / "snapshots", folder / "checksums", metadata)

    def snapshot_path(self, revision: str) -> Path:
        """The committed snapshot of ``revision``."""
        return self.snapshots_dir / f"{revision}.json"


DEFAULT_SOURCE = MigrationSource()


def alembic_config(
    connection: Connection | None = None,
    *,
    url: str | None = None,
    source: MigrationSource | None = None,
    output_buffer: Any = None,
) -> Config:
    """An Alembic :class:`Config` for ``source`` (the package's migrations by default).

    ``connection``: the connection env.py migrates on (chanuka-db holds its advisory lock there).
    ``url``: for offline (``--sql``) rendering. ``output_buffer``: where offline SQL goes.
    """
    src = source or DEFAULT_SOURCE
    cfg = Config(output_buffer=output_buffer) if output_buffer is not None else Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("version_locations", str(src.versions_dir))
    cfg.set_main_option("path_separator", "os")
    # Revision ids are the file names (0002_foundation.py is revision 0002_foundation).
    cfg.set_main_option("file_template", "%%(rev)s")
    cfg.set_main_option("truncate_slug_length", "40")
    if connection is not None:
        cfg.attributes["connection"] = connection
    if url is not None:
        cfg.attributes["url"] = url
    if src.metadata is not None:
        cfg.attributes["target_metadata"] = src.metadata
    return cfg


_cache_lock = threading.Lock()
_script_cache: dict[Path, tuple[tuple[tuple[str, int, int], ...], ScriptDirectory]] = {}


def _fingerprint(folder: Path) -> tuple[tuple[str, int, int], ...]:
    try:
        entries = sorted(folder.glob("*.py"))
    except OSError:
        return ()
    out = []
    for path in entries:
        try:
            st = path.stat()
        except OSError:
            continue
        out.append((path.name, st.st_mtime_ns, st.st_size))
    return tuple(out)


def script_directory(source: MigrationSource | None = None) -> ScriptDirectory:
    """The parsed revision scripts of ``source``; cached until a revision file changes."""
    src = source or DEFAULT_SOURCE
    key = src.versions_dir.resolve()
    fingerprint = _fingerprint(key)
    with _cache_lock:
        cached = _script_cache.get(key)
        if cached is not None and cached[0] == fingerprint:
            return cached[1]
    scripts = ScriptDirectory.from_config(alembic_config(source=src))
    scripts.revision_map.heads  # noqa: B018  (parse every revision now, once, under no lock)
    with _cache_lock:
        _script_cache[key] = (fingerprint, scripts)
    return scripts


def run_alembic(
    cfg: Config,
    scripts: ScriptDirectory,
    direction: str,
    destination: str | None,
    *,
    starting: str | None = None,
    as_sql: bool = False,
) -> None:
    """Run env.py to move to ``destination`` (None: base), as ``alembic upgrade/downgrade`` do.

    The same steps as :func:`alembic.command.upgrade`/``downgrade``, but on the already parsed (cached)
    ``scripts`` instead of parsing every revision file again.
    """
    target = destination or "base"

    def steps(rev: Any, context: Any) -> Any:
        if direction == "upgrade":
            return scripts._upgrade_revs(target, rev)
        return scripts._downgrade_revs(target, rev)

    with EnvironmentContext(cfg, scripts, fn=steps, as_sql=as_sql, starting_rev=starting, destination_rev=target):
        scripts.run_env()
