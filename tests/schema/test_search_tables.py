"""search support tables against PostgreSQL: the seeded synonyms (and their reversible revision), expansions,
the merged search_analytics table (search rows and event rows), the result cache; every FK and CHECK."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterator

import pytest
from alembic import command
from sqlalchemy import Connection, select, text
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session

from chanuka_db.engine import Database
from chanuka_db.migrate.config import alembic_config
from chanuka_db.schema import metadata
from chanuka_db.schema.search import SearchAnalytics, SearchCache, SearchSynonym
from chanuka_db.testing import create_database, drop_database, settings_for_tests, unique_name
from tests.schema.conftest import Rejects
from tests.schema.constraint_checks import (
    assert_dangling_rejected,
    assert_on_delete,
    domain_tables,
    enum_columns,
    foreign_keys,
    leads_an_index,
    live_check_names,
)
from tests.schema.factories import insert, make_user

TABLES = domain_tables("search")
SEED_REVISION = "0100_seed_search_synonyms"


def make_search(conn: Connection, **kw: object) -> uuid.UUID:
    """A search row by a new user, linked to a logged query (every foreign key set)."""
    query = insert(conn, "search_queries", query_text="housing levy")
    values = {
        "query": "housing levy",
        "search_type": "fulltext",
        "results_count": 7,
        "execution_time_ms": 12,
        "user_id": make_user(conn),
        "query_id": query,
        **kw,
    }
    return insert(conn, "search_analytics", **values)


def cache_key(query: str) -> str:
    return hashlib.sha256(query.encode()).hexdigest()


FACTORIES: dict[str, Callable[[Connection], uuid.UUID]] = {
    "search_synonyms": lambda c: insert(c, "search_synonyms", term=f"t{uuid.uuid4().hex[:8]}", synonyms=["x"]),
    "search_expansions": lambda c: insert(
        c,
        "search_expansions",
        original_query="sheria ya fedha",
        expanded_query="sheria | law | fedha | finance",
        expansion_type="synonym",
    ),
    "search_analytics": make_search,
    "search_cache": lambda c: insert(
        c, "search_cache", query_hash=cache_key(uuid.uuid4().hex), query_text="q", results='{"ids": []}'
    ),
}


def test_factories_cover_the_domain() -> None:
    assert sorted(FACTORIES) == TABLES
    assert enum_columns(TABLES) == []  # open-ended value sets here are CHECKs the search issue can extend


@pytest.mark.parametrize("table", TABLES)
def test_minimal_row(conn: Connection, table: str) -> None:
    FACTORIES[table](conn)


@pytest.mark.parametrize(("table", "column", "referred", "rule"), foreign_keys(TABLES))
def test_foreign_key(conn: Connection, rejects: Rejects, table: str, column: str, referred: str, rule: str) -> None:
    assert leads_an_index(conn, table, column), f"{table}.{column} leads no index"
    row_id = FACTORIES[table](conn)
    assert_dangling_rejected(rejects, table, row_id, column)
    assert_on_delete(conn, rejects, table, row_id, column, referred, rule)


CHECKS = [
    ("search_synonyms", "term = 'Bunge'", "ck_search_synonyms_term_normalised"),
    ("search_synonyms", "term = ' bunge'", "ck_search_synonyms_term_normalised"),
    ("search_synonyms", "term = ''", "ck_search_synonyms_term_normalised"),
    ("search_synonyms", "synonyms = '{}'", "ck_search_synonyms_synonyms_not_empty"),
    ("search_synonyms", "synonyms = ARRAY['law', NULL]", "ck_search_synonyms_synonyms_not_empty"),
    ("search_synonyms", "synonyms = ARRAY['law', term]", "ck_search_synonyms_term_not_own_synonym"),
    ("search_synonyms", "weight = 0", "ck_search_synonyms_weight"),
    ("search_synonyms", "weight = 1.5", "ck_search_synonyms_weight"),
    ("search_expansions", "expansion_type = 'guess'", "ck_search_expansions_expansion_type_values"),
    ("search_expansions", "success_rate = 1.5", "ck_search_expansions_success_rate"),
    ("search_expansions", "usage_count = -1", "ck_search_expansions_usage_count"),
    ("search_analytics", "query = NULL", "ck_search_analytics_search_or_event"),
    ("search_analytics", "search_type = 'semantic'", "ck_search_analytics_search_type_values"),
    ("search_analytics", "results_count = -1", "ck_search_analytics_non_negative"),
    ("search_analytics", "execution_time_ms = -5", "ck_search_analytics_non_negative"),
    ("search_analytics", "clicked_result_position = -1", "ck_search_analytics_non_negative"),
    ("search_cache", "query_hash = 'abc'", "ck_search_cache_query_hash_sha256_hex"),
    ("search_cache", "query_hash = upper(query_hash)", "ck_search_cache_query_hash_sha256_hex"),
    ("search_cache", "hit_count = -1", "ck_search_cache_hit_count"),
    ("search_cache", "expires_at = created_at", "ck_search_cache_expires_after_created"),
]


@pytest.mark.parametrize(("table", "assignment", "constraint"), CHECKS)
def test_check_rejects(conn: Connection, rejects: Rejects, table: str, assignment: str, constraint: str) -> None:
    row_id = FACTORIES[table](conn)
    message = rejects(f"UPDATE {table} SET {assignment} WHERE id = :i", {"i": row_id}, sqlstate="23514")
    assert constraint in message


def test_every_check_has_a_counter_example(conn: Connection) -> None:
    assert live_check_names(conn, TABLES) == {c for *_, c in CHECKS}


# --- synonyms: the seed ------------------------------------------------------------------------------------

EXPECTED = {
    "bunge": "parliament",
    "sheria": "law",
    "elimu": "education",
    "afya": "health",
    "ushuru": "tax",
    "ufisadi": "corruption",
    "graft": "corruption",
    "mswada": "bill",
    "kaunti": "county",
    "serikali": "government",
}


def test_seed_has_the_vocabulary(conn: Connection) -> None:
    assert conn.execute(text("SELECT count(*) FROM search_synonyms")).scalar_one() >= 40
    rows: dict[str, list[str]] = dict(
        conn.execute(
            text("SELECT term, synonyms FROM search_synonyms WHERE term = ANY (:t)"), {"t": list(EXPECTED)}
        ).all()
    )
    assert {term: meaning in rows.get(term, []) for term, meaning in EXPECTED.items()} == dict.fromkeys(EXPECTED, True)
    categories = set(conn.execute(text("SELECT DISTINCT category FROM search_synonyms")).scalars())
    assert {"legal", "political"} <= categories


def test_synonyms_read_both_ways(session: Session) -> None:
    forward = session.scalars(select(SearchSynonym.synonyms).where(SearchSynonym.term == "ufisadi")).one()
    assert "corruption" in forward
    # The reverse direction: every term that lists "corruption" (GIN index on the synonyms array).
    reverse = session.scalars(
        select(SearchSynonym.term).where(SearchSynonym.synonyms.contains(["corruption"])).order_by(SearchSynonym.term)
    ).all()
    assert {"ufisadi", "graft", "rushwa"} <= set(reverse)


def test_one_row_per_term(conn: Connection, rejects: Rejects) -> None:
    message = rejects(
        "INSERT INTO search_synonyms (term, synonyms) VALUES ('bunge', ARRAY['assembly'])", sqlstate="23505"
    )
    assert "uq_search_synonyms_term" in message


@pytest.fixture
def seeded_clone(chanuka_server_url: URL, chanuka_template: str) -> Iterator[Database]:
    """A throw-away copy of the migrated template (its revisions can be rolled back and forth)."""
    name = unique_name("seed")
    db = Database(settings_for_tests(), url=create_database(chanuka_server_url, name, template=chanuka_template))
    try:
        yield db
    finally:
        db.dispose()
        drop_database(chanuka_server_url, name)


def test_seed_revision_is_reversible(seeded_clone: Database) -> None:
    def synonyms(conn: Connection) -> dict[str, list[str]]:
        return {term: syns for term, syns in conn.execute(text("SELECT term, synonyms FROM search_synonyms"))}

    with seeded_clone.engine.connect() as conn:
        seeded = synonyms(conn)
        conn.execute(
            text(
                "INSERT INTO search_synonyms (term, synonyms, category) VALUES "
                "('mahakama kuu', ARRAY['high court'], 'legal')"
            )
        )
        # An operator's edit of a seeded term is theirs: neither direction of the revision touches it.
        conn.execute(text("UPDATE search_synonyms SET synonyms = ARRAY['parliament', 'house'] WHERE term = 'bunge'"))
        conn.commit()
        command.downgrade(alembic_config(conn), "0017_search")
        conn.commit()
        kept = {"mahakama kuu": ["high court"], "bunge": ["parliament", "house"]}
        assert synonyms(conn) == kept  # exactly the rows still as seeded went
        command.upgrade(alembic_config(conn), SEED_REVISION)
        conn.commit()
        assert synonyms(conn) == {**seeded, **kept}  # ON CONFLICT (term) DO NOTHING: the edit stays


# --- analytics: search rows and event rows ----------------------------------------------------------------


def test_anonymous_minimal_search_row(session: Session) -> None:
    row = SearchAnalytics(query="ushuru wa nyumba", search_type="fuzzy", results_count=0, execution_time_ms=3)
    session.add(row)
    session.flush()
    session.expire(row)
    assert (row.user_id, row.session_id, row.metadata_, row.query_id) == (None, None, {}, None)
    assert row.search_timestamp.tzinfo is not None


def test_event_row_needs_no_search_fields(conn: Connection, rejects: Rejects) -> None:
    query = insert(conn, "search_queries", query_text="katiba")
    insert(
        conn,
        "search_analytics",
        query_id=query,
        analytics_type="dwell_time",
        entity_type="bill",
        entity_id=uuid.uuid4(),
        analytics_value=41.5,
    )
    rejects("INSERT INTO search_analytics (analytics_type) VALUES ('click_through')", sqlstate="23514")
    rejects("INSERT INTO search_analytics (search_type) VALUES ('fulltext')", sqlstate="23514")


def test_search_personal_data_is_marked() -> None:
    pii = {(t, c.name) for t in TABLES for c in metadata.tables[t].columns if c.info.get("pii")}
    assert pii == {
        ("search_analytics", "query"),
        ("search_analytics", "user_id"),
        ("search_analytics", "session_id"),
        ("search_expansions", "original_query"),
        ("search_expansions", "expanded_query"),
        ("search_cache", "query_text"),
    }


# --- cache -------------------------------------------------------------------------------------------------


def test_one_cache_entry_per_query_hash(conn: Connection, rejects: Rejects) -> None:
    key = cache_key("serikali ya kaunti")
    insert(conn, "search_cache", query_hash=key, query_text="serikali ya kaunti", results="[]")
    message = rejects("INSERT INTO search_cache (query_hash, query_text, results) VALUES (:k, 'x', '[]')", {"k": key},
                      sqlstate="23505")
    assert "uq_search_cache_query_hash" in message


def test_cache_defaults_and_expiry_lookup(session: Session, conn: Connection) -> None:
    entry = SearchCache(query_hash=cache_key("finance bill"), query_text="finance bill", results={"ids": [1, 2]})
    session.add(entry)
    session.flush()
    session.expire(entry)
    assert entry.hit_count == 1 and entry.results == {"ids": [1, 2]}
    assert 299 <= (entry.expires_at - entry.created_at).total_seconds() <= 301
    stale = conn.execute(text("SELECT count(*) FROM search_cache WHERE expires_at < now() + interval '10 minutes'"))
    assert stale.scalar_one() == 1
