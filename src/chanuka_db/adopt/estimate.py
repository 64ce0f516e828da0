"""How long a step keeps writers waiting, estimated from table and index sizes.

Only used to choose between an in-place conversion (one ``ALTER TABLE``, a rewrite under an ACCESS
EXCLUSIVE lock) and an online one (shadow columns, batched backfill, a swap of milliseconds), and to
print the estimated lock per table in the plan. The throughputs are deliberately modest (a small
2-core server under load); ``bench/bench_adopt.py`` measures the real figures.
"""

from __future__ import annotations

from chanuka_db.adopt.live import Live

#: Bytes per second of a table rewrite, of an index build and of a sequential scan.
REWRITE_BYTES_PER_S = 80e6
INDEX_BYTES_PER_S = 40e6
SCAN_BYTES_PER_S = 300e6
#: A catalog-only statement (rename, add a nullable column, a swap): about this long.
CATALOG_S = 0.05


def rewrite(live: Live, table: str) -> float:
    """Seconds to rewrite ``table`` and rebuild all its indexes."""
    stats = live.stats.get(table)
    if stats is None:
        return 0.0
    return stats.table_bytes / REWRITE_BYTES_PER_S + stats.index_bytes / INDEX_BYTES_PER_S


def scan(live: Live, table: str) -> float:
    """Seconds to read ``table`` once."""
    return live.bytes(table) / SCAN_BYTES_PER_S


def index_rebuild(live: Live, table: str, touched: int, total: int) -> float:
    """Seconds to rebuild ``touched`` of the ``total`` indexes of ``table`` (by average index size)."""
    stats = live.stats.get(table)
    if stats is None or not total:
        return 0.0
    return stats.index_bytes * touched / total / INDEX_BYTES_PER_S
