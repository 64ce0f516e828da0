"""Every revision: upgrade -> downgrade -> upgrade gives the same schema, and keeps the rows it should."""

from __future__ import annotations

from typing import Any

import pytest

from chanuka_db.engine import Database
from chanuka_db.migrate import plan, runner, snapshot
from chanuka_db.migrate.config import script_directory
from tests.migrate import rowgen


def _schema(db: Database) -> dict[str, Any]:
    with db.connect() as conn:
        return snapshot.normalised(snapshot.take(conn))


@pytest.mark.slow
def test_every_revision_round_trips_and_preserves_data(
    chanuka_empty_db: Database, reference_snapshots: dict[str | None, Any]
) -> None:
    revisions = plan.ordered(script_directory())
    inserted = rowgen.Inserted()
    previous: str | None = None
    with chanuka_empty_db.raw_connection(autocommit=True) as conn:
        for info in revisions:
            # Rows go into every table that exists before this revision's round trip.
            rowgen.fill(conn, inserted)
            before = set(reference_snapshots[previous].get("tables", {}))
            runner.upgrade(chanuka_empty_db, info.revision)
            assert _schema(chanuka_empty_db) == reference_snapshots[info.revision], f"upgrade to {info.revision}"
            runner.downgrade(chanuka_empty_db, to=previous or "base")
            assert _schema(chanuka_empty_db) == reference_snapshots[previous], f"downgrade of {info.revision}"
            runner.upgrade(chanuka_empty_db, info.revision)
            assert _schema(chanuka_empty_db) == reference_snapshots[info.revision], f"re-upgrade to {info.revision}"
            surviving = before & set(reference_snapshots[info.revision].get("tables", {}))
            lost = sorted(name for name, ok in rowgen.present(conn, inserted, surviving).items() if not ok)
            assert not lost, f"{info.revision} up/down/up lost the rows of {lost}"
            previous = info.revision
        rowgen.fill(conn, inserted)
    tables = set(reference_snapshots[previous].get("tables", {}))
    filled = set(inserted.keys)
    assert not inserted.failed, f"rows could not be generated for {inserted.failed}"
    # Partitions get their rows through the parent; every other table held a row through the walk.
    partitions = {n for n, t in reference_snapshots[previous].get("tables", {}).items() if "partition_of" in t}
    assert tables - partitions <= filled
