"""High availability: failover time, lost writes, throughput with and without --sync, cold start, memory.

One real cluster on loopback (etcd + 3 Patroni members + PgBouncer), in a temporary directory:

- **cold start**: ``HACluster.start()`` on an empty directory until the leader runs and both replicas
  stream (target <= 15 s); then **memory**: the proportional set size (PSS) of every process of the
  cluster, idle. Later a **warm start** (stop, start again with the data kept).
- **throughput** of a heavy write load (4 writers, 100-row commits with a 200-byte pad) for
  ``LOAD_S`` seconds, asynchronous then synchronous replication: rows/s, commits/s, p50/p99 commit.
- **failover drills**, ``DRILLS`` per mode: the same load, ``kill -9`` of the leader's postmaster
  ``KILL_AFTER_S`` seconds in; *new leader* = kill to a new leader running in Patroni's ``/cluster``
  (target <= 5 s), *writes resumed* = kill to the first acknowledged commit after it (target <= 5 s),
  *lost* = acknowledged rows missing on the new primary (target with --sync: 0), *rejoin* = kill to
  the old leader streaming again. Every load stops by itself.

Baseline in the same run: the same load's throughput on the asynchronous cluster is the reference for
the synchronous one. Run: ``python -m bench ha`` (needs ``chanuka-db ha doctor`` to be all green).
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import psutil
from bench.common import median, percentile, table

from chanuka_db.ha import client, drill
from chanuka_db.ha.cluster import HACluster
from chanuka_db.ha.doctor import require
from chanuka_db.ha.processes import postmaster_of, processes_under
from chanuka_db.ha.rest import Member
from chanuka_db.ha.state import ClusterState

LOAD_S = 10.0
DRILLS = 2
KILL_AFTER_S = 5.0
AFTER_RESUME_S = 3.0
REJOIN_TIMEOUT_S = 90.0
TARGET_LEADER_S = 5.0
TARGET_RESUME_S = 5.0
TARGET_COLD_S = 15.0
WRITERS, ROWS, PAUSE_S, PAD_BYTES = 4, 100, 0.002, 200


def _wait(predicate: Callable[[], bool], timeout: float) -> float | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return time.monotonic()
        time.sleep(0.1)
    return None


def _members(state: ClusterState) -> list[Member]:
    from chanuka_db.ha.rest import first_answer

    answer = first_answer(state.rest_urls, timeout=1.0)
    return answer[1] if answer else []


def memory_pss_mb(state: ClusterState) -> dict[str, float]:
    """PSS in MB by kind of process (etcd, patroni, postgres, pgbouncer) of the cluster in ``state``."""
    procs: dict[int, psutil.Process] = {p.pid: p for p in processes_under(state.path)}
    for m in state.members:
        pm = postmaster_of(state.data_dir(m.name))
        if pm is not None:
            with contextlib.suppress(psutil.Error):
                for child in psutil.Process(pm.pid).children(recursive=True):
                    procs[child.pid] = child
    out: dict[str, float] = {"etcd": 0.0, "patroni": 0.0, "postgres": 0.0, "pgbouncer": 0.0}
    for proc in procs.values():
        try:
            name = Path(proc.cmdline()[0]).name if proc.cmdline() else proc.name()
            pss = proc.memory_full_info().pss / 1e6
        except (psutil.Error, IndexError):
            continue
        kind = "patroni" if name.startswith("python") else "postgres" if name.startswith("postgres") else name
        out[kind] = out.get(kind, 0.0) + pss
    return out


def throughput(state: ClusterState, label: str) -> list[str]:
    """One heavy load for LOAD_S seconds; a table row."""
    with drill.load_engine(client.ha_url(state), pool_size=WRITERS) as engine:
        drill.create_table(engine)
        load = drill.WriteLoad(
            engine, prefix=f"t{label}-", writers=WRITERS, rows=ROWS, pause_s=PAUSE_S, pad_bytes=PAD_BYTES
        )
        result = load.run_for(LOAD_S)
    lat = [x * 1000 for x in result.latencies]
    return [
        label,
        f"{result.rows_per_second:,.0f}",
        f"{result.commits_per_second:,.0f}",
        f"{median(lat):.1f}",
        f"{percentile(lat, 99):.1f}",
        str(len(result.errors)),
    ]


def failover_drill(ha: HACluster, label: str, run: int) -> list[str]:
    """Kill the leader's postmaster under the heavy load; a table row."""
    state = ha.state()
    old = client.leader(state)
    if old is None:
        raise RuntimeError("no leader before the drill")
    with drill.load_engine(client.ha_url(state), pool_size=WRITERS) as engine:
        drill.create_table(engine)
        load = drill.WriteLoad(
            engine, prefix=f"f{label}{run}-", writers=WRITERS, rows=ROWS, pause_s=PAUSE_S, pad_bytes=PAD_BYTES
        )
        load.start(KILL_AFTER_S + 40)
        try:
            time.sleep(KILL_AFTER_S)
            killed = drill.kill_postmaster(state, old.name)
            elected = _wait(lambda: (n := client.leader(state, timeout=1.0)) is not None and n.name != old.name, 30)
            _wait(lambda: load.result.first_ack_after(elected or killed) is not None, 30)
            time.sleep(AFTER_RESUME_S)
        finally:
            result = load.stop()
        resumed = result.resumed_after(killed)
        lost = len(drill.missing_ids(engine, result.acked))

    def rejoined() -> bool:
        m = next((x for x in _members(state) if x.name == old.name), None)
        return m is not None and m.is_streaming_replica and (m.timeline or 0) > (old.timeline or 0)

    back = _wait(rejoined, REJOIN_TIMEOUT_S)
    if back is None:  # leave a healthy cluster for the next drill (start reinitialises a stuck member)
        ha.start()

    def secs(t: float | None, target: float | None = None) -> str:
        if t is None:
            return "none"
        mark = "" if target is None else (" ok" if t - killed <= target else " SLOW")
        return f"{t - killed:.1f}{mark}"

    return [
        f"{label} #{run}",
        secs(elected, TARGET_LEADER_S),
        secs(resumed, TARGET_RESUME_S),
        f"{result.longest_gap():.1f}",
        f"{len(result.acked):,}",
        f"{lost}" + (" ok" if label == "sync" and lost == 0 else " LOST" if label == "sync" else ""),
        str(len(result.errors)),
        secs(back),
    ]


def run() -> None:
    """Start a cluster, measure, stop it; print the tables."""
    require(pooler=True)
    base = Path(tempfile.mkdtemp(prefix="chanuka-bench-ha-"))
    ha = HACluster(base / "cluster")
    try:
        started = time.perf_counter()
        ha.start(members=3, sync=False, pooler=True)
        cold = time.perf_counter() - started
        time.sleep(2)
        state = ha.state()
        mem = memory_pss_mb(state)
        table(
            "cold start and memory (3 members, etcd, PgBouncer; idle)",
            ["what", "value", "target"],
            [
                ["cold start to leader + 2 streaming replicas", f"{cold:.1f} s", f"<= {TARGET_COLD_S:.0f} s"
                 + (" ok" if cold <= TARGET_COLD_S else " SLOW")],
                *[[f"PSS {k}", f"{v:.0f} MB", ""] for k, v in mem.items()],
                ["PSS total", f"{sum(mem.values()):.0f} MB", "about 217 MB in the notes"],
            ],
        )
        rows = [throughput(state, "async")]
        drills = [failover_drill(ha, "async", i + 1) for i in range(DRILLS)]
        ha.start(sync=True)
        state = ha.state()
        rows.append(throughput(state, "sync"))
        drills += [failover_drill(ha, "sync", i + 1) for i in range(DRILLS)]
        table(
            f"write throughput ({WRITERS} writers x {ROWS}-row commits, {LOAD_S:.0f} s; "
            "async is the baseline)",
            ["replication", "rows/s", "commits/s", "p50 ms", "p99 ms", "errors"],
            rows,
        )
        table(
            "failover after kill -9 of the leader's postmaster (seconds after the kill)",
            ["mode", "new leader", "writes resumed", "longest stall", "rows acked", "lost acked", "errors", "rejoin"],
            drills,
        )
        ha.stop()
        started = time.perf_counter()
        ha.start()
        warm = time.perf_counter() - started
        print(f"\nwarm start (data kept): {warm:.1f} s")
    finally:
        with contextlib.suppress(Exception):
            ha.stop(grace=20)
        shutil.rmtree(base, ignore_errors=True)
