"""Full-text search over bills, sponsors and comments, inside PostgreSQL.

Session-level functions (they run in the caller's transaction)::

    from chanuka_db.search import search_bills, SearchFilters
    page = search_bills(session, "ushuru wa kahawa", filters=SearchFilters.of(county="Kiambu"))
    page.total, page.hits[0].title, page.hits[0].headline, page.facets["status"], page.suggestion

- :func:`search_bills`, :func:`search_sponsors`, :func:`search_comments` return a :class:`SearchPage`;
- :func:`suggest` completes bill titles and sponsor names; :func:`did_you_mean` corrects a query;
- :func:`refresh_vocabulary` refreshes the views those two read.

:mod:`chanuka_db.search.service` wraps them for a :class:`~chanuka_db.engine.Database` (what
``chanuka_db.api`` and the CLI call). How it works, the ranking formula and the measured figures:
docs/search.md.
"""

from chanuka_db.search.analytics import SearchLog, SearchRecord, search_log_for
from chanuka_db.search.bills import search_bills
from chanuka_db.search.people import search_comments, search_sponsors
from chanuka_db.search.suggestions import Correction, did_you_mean, refresh_vocabulary, suggest
from chanuka_db.search.types import (
    BillHit,
    CommentHit,
    SearchFilters,
    SearchPage,
    SponsorHit,
    Suggestion,
)

#: The hit of a bill search (the issue calls it ``Hit``).
Hit = BillHit

__all__ = [
    "BillHit",
    "CommentHit",
    "Correction",
    "Hit",
    "SearchFilters",
    "SearchLog",
    "SearchPage",
    "SearchRecord",
    "SponsorHit",
    "Suggestion",
    "did_you_mean",
    "refresh_vocabulary",
    "search_bills",
    "search_comments",
    "search_log_for",
    "search_sponsors",
    "suggest",
]
