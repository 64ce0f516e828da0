"""Database-level entry points for :mod:`chanuka_db.api` and the CLI: open a session, search, close.

Each function takes a :class:`~chanuka_db.engine.Database` and runs in a transaction of its own.
A search writes nothing (analytics go through their own connection), so the transaction is
committed rather than rolled back: psycopg keeps the statements it prepared on the pooled
connection only across committed transactions, and prepared statements save the search's
planning time (about a millisecond) on every later search. Searches are handed to the database's
analytics log when logging is on (:func:`search_log_for`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid
from collections.abc import Iterator
from typing import Any, Literal

from sqlalchemy.orm import Session

from chanuka_db.engine import Database
from chanuka_db.errors import InvalidInput
from chanuka_db.search import suggestions as _suggest
from chanuka_db.search.analytics import search_log_for
from chanuka_db.search.bills import search_bills
from chanuka_db.search.people import search_comments, search_sponsors
from chanuka_db.search.types import SearchFilters, SearchPage, Suggestion

SearchType = Literal["bills", "sponsors", "comments"]
SEARCH_TYPES: tuple[str, ...] = ("bills", "sponsors", "comments")


def search(
    db: Database,
    query: str,
    *,
    type: str = "bills",
    limit: int = 10,
    offset: int = 0,
    status: str | list[str] | None = None,
    chamber: str | list[str] | None = None,
    category: str | list[str] | None = None,
    county: str | list[str] | None = None,
    party: str | list[str] | None = None,
    position: str | list[str] | None = None,
    sponsor: str | None = None,
    bill: str | uuid.UUID | None = None,
    date_from: dt.date | str | None = None,
    date_to: dt.date | str | None = None,
) -> SearchPage[Any]:
    """Search bills, sponsors or comments (``type``) with the given filters; see :mod:`chanuka_db.search`."""
    if type not in SEARCH_TYPES:
        raise InvalidInput(f"unknown search type {type!r}; expected one of: {', '.join(SEARCH_TYPES)}")
    filters = SearchFilters.of(
        status=status, chamber=chamber, category=category, county=county, party=party, position=position,
        sponsor=sponsor, bill_id=bill, date_from=date_from, date_to=date_to,
    )
    log = search_log_for(db)
    with _read(db) as session:
        if type == "sponsors":
            return search_sponsors(session, query, filters=filters, limit=limit, offset=offset, log=log)
        if type == "comments":
            return search_comments(session, query, filters=filters, limit=limit, offset=offset, log=log)
        return search_bills(session, query, filters=filters, limit=limit, offset=offset, log=log)


def suggest(db: Database, prefix: str, *, limit: int = _suggest.DEFAULT_SUGGESTIONS) -> list[Suggestion]:
    """Autocomplete: bill titles and sponsor names completing ``prefix``."""
    with _read(db) as session:
        return _suggest.suggest(session, prefix, limit=limit)


@contextlib.contextmanager
def _read(db: Database) -> Iterator[Session]:
    """A read session (on a replica when there are some) whose transaction is committed after
    success, rolled back after an error."""
    with db.reading() as session:
        try:
            yield session
        except BaseException:
            session.rollback()
            raise
        session.commit()


def refresh(db: Database) -> float:
    """Refresh the vocabulary and autocomplete views (after bulk loads, and on a schedule); seconds taken."""
    with db.transaction() as session:
        return _suggest.refresh_vocabulary(session)
