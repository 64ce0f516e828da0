"""Alembic environment for chanuka-db.

The connection comes from ``config.attributes["connection"]`` when chanuka-db's migration layer
drives Alembic (it holds its advisory lock on that connection); pytest-alembic puts an engine
there instead.
Otherwise an engine is built from the settings, so plain ``alembic`` commands work too.

Every revision runs in a transaction of its own (``transaction_per_migration``). A revision module
that sets ``non_transactional = True`` (CREATE INDEX CONCURRENTLY...) runs in autocommit instead;
its version-table update (and chanuka-db's journal row) still commit together afterwards.

Hooks chanuka-db's runner passes in ``config.attributes`` (absent for plain Alembic):

- ``on_version_apply``: a callback Alembic calls inside each revision's transaction (the journal).
- ``offline_preamble``: SQL text written before the first revision in ``--sql`` mode.
- ``target_metadata``: the models to autogenerate against (default ``chanuka_db.schema.metadata``).
- ``skip_metadata``: True when only applying revisions: the models are not imported at all, so
  ``migrate`` does not pay for (or depend on) importing the model code.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import alembic_postgresql_enum  # noqa: F401  (registers enum autogenerate support)
from alembic import context
from sqlalchemy import MetaData
from sqlalchemy.engine import Connection, Engine

import chanuka_db.migrate.partition_ops  # noqa: F401  (registers partition operations)
from chanuka_db.migrate import autogen  # registers chanuka-db's operations (op.create_updated_at_trigger...)

config = context.config


def _target_metadata() -> MetaData:
    given = config.attributes.get("target_metadata")
    if given is not None:
        return given  # type: ignore[no-any-return]
    from chanuka_db.schema import metadata

    return metadata


def _autocommit(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Run a non-transactional revision's ``upgrade``/``downgrade`` outside the revision's transaction."""
    if getattr(fn, "_chanuka_autocommit", False):
        return fn

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        with context.get_context().autocommit_block():
            return fn(*args, **kwargs)

    run._chanuka_autocommit = True  # type: ignore[attr-defined]
    return run


def _prepare_non_transactional_revisions() -> None:
    script = context.script
    for revision in script.walk_revisions():
        module = revision.module
        if getattr(module, "non_transactional", False):
            for name in ("upgrade", "downgrade"):
                setattr(module, name, _autocommit(getattr(module, name)))


def _configure(**kwargs: Any) -> None:
    context.configure(
        target_metadata=None if config.attributes.get("skip_metadata") else _target_metadata(),
        include_object=autogen.include_object,
        process_revision_directives=autogen.process_revision_directives,
        compare_type=True,
        compare_server_default=False,
        transaction_per_migration=True,
        on_version_apply=config.attributes.get("on_version_apply"),
        **kwargs,
    )


def run_migrations_offline() -> None:
    """Render SQL instead of executing it (``migrate --sql``)."""
    url = config.attributes.get("url") or config.get_main_option("sqlalchemy.url")
    _configure(url=url, literal_binds=True, dialect_opts={"paramstyle": "named"})
    preamble = config.attributes.get("offline_preamble")
    if preamble:
        context.get_context().impl.static_output(preamble.rstrip())
    with context.begin_transaction():
        context.run_migrations()


def _run(connection: Connection) -> None:
    _configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Apply migrations on the connection chanuka-db handed over, or on a fresh one."""
    connection = config.attributes.get("connection")
    if isinstance(connection, Engine):  # pytest-alembic hands over its engine
        with connection.connect() as conn:
            _run(conn)
            conn.commit()
        return
    if connection is not None:
        _run(connection)
        return
    from chanuka_db.engine import Database

    with Database() as db, db.engine.connect() as conn:
        _run(conn)
        conn.commit()


_prepare_non_transactional_revisions()
if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
