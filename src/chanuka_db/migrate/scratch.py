"""Throw-away databases on the same server, for work that must not touch the real one.

``check`` and ``generate`` compare the models with a database migrated to head, and
``snapshot --rev``/``--write-all`` build each revision's schema: all on a scratch database created
from ``template0`` (so nothing an administrator put in ``template1`` leaks in) and dropped after.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator

import psycopg
from psycopg import sql

from chanuka_db.engine import Database
from chanuka_db.errors import MigrationError

PREFIX = "chanuka_scratch"


class ScratchUnavailable(MigrationError):
    """The role may not create a scratch database."""


@contextlib.contextmanager
def scratch_database(db: Database, purpose: str) -> Iterator[Database]:
    """A new empty database next to ``db``'s, dropped on exit; ``purpose`` goes into error messages."""
    name = f"{PREFIX}_{os.getpid()}_{secrets.token_hex(4)}"
    try:
        with db.raw_connection(autocommit=True) as admin:
            admin.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(name)))
    except psycopg.errors.InsufficientPrivilege:
        raise ScratchUnavailable(
            f"{purpose} needs a scratch database, and this role may not CREATE DATABASE; "
            "run it against a development server (the embedded one, or DATABASE_URL with CREATEDB)"
        ) from None
    scratch = Database(db.settings, url=db.url.set(database=name))
    try:
        yield scratch
    finally:
        scratch.dispose()
        with contextlib.suppress(Exception), db.raw_connection(autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
