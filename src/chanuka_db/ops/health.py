"""Health: can we connect, how fast, which server, is the schema current, and how are the replicas."""

from __future__ import annotations

import statistics
import time
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import text

from chanuka_db.engine import Database, describe
from chanuka_db.errors import EXIT_CONFIG, EXIT_OK, EXIT_UNHEALTHY, ChanukaError
from chanuka_db.migrate import plan

LATENCY_SAMPLES = 5


@dataclass
class HealthReport:
    """What ``chanuka-db health`` prints (``--json`` uses these field names)."""

    ok: bool
    target: str
    embedded: bool
    server_version: str | None = None
    latency_ms: float | None = None
    database_size_bytes: int | None = None
    extensions: dict[str, str] = field(default_factory=dict)
    revision: str | None = None
    head: str | None = None
    pending: int = 0
    problems: list[str] = field(default_factory=list)
    error: str | None = None
    exit_code: int = EXIT_OK
    #: One entry per replica (:class:`~chanuka_db.replicas.ReplicaHealth` as a dict): name, address,
    #: state, in_rotation, lag_bytes, lag_seconds, replay_paused, reason.
    replicas: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return asdict(self)


def check(db: Database) -> HealthReport:
    """Measure connectivity and schema state; never raises for an unreachable database."""
    try:
        url = db.url
    except ChanukaError as exc:
        return HealthReport(ok=False, target="unresolved", embedded=False, error=exc.message, exit_code=exc.exit_code)
    report = HealthReport(ok=False, target=describe(url), embedded=db.uses_embedded)
    try:
        with db.connect() as conn:
            samples = []
            for _ in range(LATENCY_SAMPLES):
                start = time.perf_counter()
                conn.execute(text("SELECT 1"))
                samples.append((time.perf_counter() - start) * 1000)
            report.latency_ms = round(statistics.median(samples), 3)
            report.server_version = conn.execute(text("SHOW server_version")).scalar_one()
            report.database_size_bytes = conn.execute(
                text("SELECT pg_database_size(current_database())")
            ).scalar_one()
            rows = conn.execute(text("SELECT extname, extversion FROM pg_extension ORDER BY extname"))
            report.extensions = {str(n): str(v) for n, v in rows}
            st = plan.status(conn)
            report.revision, report.head, report.pending = st.current, st.head, len(st.pending)
    except ChanukaError as exc:
        report.error = exc.message
        report.exit_code = exc.exit_code if exc.exit_code == EXIT_CONFIG else EXIT_UNHEALTHY
        return report
    if report.pending:
        report.problems.append(f"{report.pending} migration(s) pending: run `chanuka-db migrate`")
    _check_replicas(db, report)
    report.ok = not report.problems
    report.exit_code = EXIT_OK if report.ok else EXIT_UNHEALTHY
    return report


def _check_replicas(db: Database, report: HealthReport) -> None:
    """Fill ``report.replicas``; a replica out of the read rotation is a problem (reads still work)."""
    try:
        replicas = db.replica_health()
    except ChanukaError as exc:
        report.problems.append(f"replicas: {exc.message}")
        return
    report.replicas = [asdict(r) for r in replicas]
    for r in replicas:
        if not r.in_rotation:
            report.problems.append(f"replica {r.name} ({r.address}) is out of the read rotation: {r.reason}")
