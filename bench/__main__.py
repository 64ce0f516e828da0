"""``python -m bench [NAME...]``: run the benchmarks in ``bench/bench_*.py`` (all of them, or those named).

Each benchmark module has a ``run() -> None`` that sets up what it needs (an ephemeral embedded
PostgreSQL in a temporary directory), measures its baseline in the same run, and prints its figures.
"""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def available() -> list[str]:
    """Benchmark names: ``bench_migrate.py`` is ``migrate``."""
    return sorted(p.stem.removeprefix("bench_") for p in HERE.glob("bench_*.py"))


def main(argv: list[str]) -> int:
    """Run the named benchmarks (all when none are named); exit status 2 for an unknown name."""
    names = available()
    wanted = argv or names
    unknown = [n for n in wanted if n not in names]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; available: {', '.join(names)}", file=sys.stderr)
        return 2
    if str(HERE.parent) not in sys.path:
        sys.path.insert(0, str(HERE.parent))
    for name in wanted:
        module = importlib.import_module(f"bench.bench_{name}")
        print(f"# bench {name}", flush=True)
        start = time.perf_counter()
        module.run()
        print(f"# bench {name}: {time.perf_counter() - start:.1f} s in all\n", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
