"""Which schema adopt converges an old database to.

The domain revisions (numbered below :data:`HAND_WRITTEN_FROM`) are generated from the models and
build the tables; the hand-written ones after them (seed data, search vectors...) are written to run
on live, populated databases. Adopt therefore converges the old database to the committed snapshot
of the **last generated revision** (the *adopt base*), stamps that revision, and lets the migration
engine apply the hand-written revisions up to head, exactly as on any chanuka-db database. Their
seed rows, text-search configurations and backfills then come from the revisions themselves.
"""

from __future__ import annotations

import re

from alembic.script import ScriptDirectory

from chanuka_db.errors import MigrationError
from chanuka_db.migrate import plan, snapshot
from chanuka_db.migrate.config import MigrationSource

#: Revisions numbered from here on are hand-written (the domain revisions are 0001..0099).
HAND_WRITTEN_FROM = 100
_NUMBER = re.compile(r"^(\d+)_")


def adopt_base(scripts: ScriptDirectory) -> str | None:
    """The last generated revision of the chain (the head when none is numbered as hand-written)."""
    chain = plan.chain(plan.single_head(scripts), scripts)
    base: str | None = None
    for info in chain:
        match = _NUMBER.match(info.revision)
        if match is not None and int(match.group(1)) >= HAND_WRITTEN_FROM:
            break
        base = info.revision
    return base


def schema_of(revision: str | None, source: MigrationSource) -> snapshot.Schema:
    """The committed snapshot of ``revision``, normalised (as ``stamp`` reads it)."""
    if revision is None:
        raise MigrationError("the migrations define no revision to adopt to")
    return snapshot.normalised(snapshot.load(source.snapshot_path(revision)))
