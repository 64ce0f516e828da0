"""Alembic environment for chanuka-db.

The connection comes from ``config.attributes["connection"]`` when chanuka-db's migration layer
drives Alembic (it holds the advisory lock on that connection); otherwise an engine is built from
the settings, so plain ``alembic`` commands work too.
"""

from __future__ import annotations

from typing import Any

import alembic_postgresql_enum  # noqa: F401  (registers enum autogenerate support)
from alembic import context
from sqlalchemy.engine import Connection

from chanuka_db.migrate.autogen import include_object, process_revision_directives
from chanuka_db.schema import metadata

config = context.config
# A caller may narrow the models to some domains (one revision per domain is generated this way).
target_metadata = config.attributes.get("target_metadata", metadata)


def _configure(**kwargs: Any) -> None:
    context.configure(
        target_metadata=target_metadata,
        include_object=include_object,
        process_revision_directives=process_revision_directives,
        compare_type=True,
        compare_server_default=False,
        transaction_per_migration=True,
        **kwargs,
    )


def run_migrations_offline() -> None:
    """Render SQL instead of executing it (``migrate --sql``)."""
    url = config.attributes.get("url") or config.get_main_option("sqlalchemy.url")
    _configure(url=url, literal_binds=True, dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def _run(connection: Connection) -> None:
    _configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Apply migrations on the connection chanuka-db handed over, or on a fresh one."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from chanuka_db.engine import Database

    with Database() as db, db.engine.connect() as conn:
        _run(conn)
        conn.commit()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
