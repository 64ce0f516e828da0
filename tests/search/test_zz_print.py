from chanuka_db.search import SearchFilters, search_bills
from tests.search.relevance import CASES
def test_print(session, search_data):
    by_id = {v: k for k, v in search_data.bills.items()}
    for c in CASES:
        f = SearchFilters.of(**c.filters) if c.filters else None
        p = search_bills(session, c.query, filters=f, limit=5)
        print(f"{c.query!r:38} tot={p.total:3} {p.suggestion!s:14} " + " ".join(f"{by_id[h.id]}:{h.match[:4]}:{h.rank:.3f}" for h in p.hits[:4]))
