"""Search vectors: weighted tsvectors for bills, sponsors and comments, their GIN and trigram indexes,
two text search configurations, and the vocabulary and autocomplete views.

What
- Text search configurations ``chanuka_english`` (``unaccent`` then English stemming) and
  ``chanuka_simple`` (``unaccent``, no stemming, English stop words) for Kiswahili and names. Built
  from immutable parts, so ``to_tsvector('chanuka_english', ...)`` is immutable too.
- ``bills.search_head``: title (A, both configurations) and bill number (A), summary (B), tags and
  category (D), and lexemes without positions (they never count in ranking) for the month of the
  bill's last action (``~r202611``), its status (``~sfirst_reading``), chamber (``~hsenate``),
  category (``~cagriculture``) and affected counties (``~knairobi``): the search's recency windows
  and filters are then GIN lookups like any word. Small, stored in line, cheap to rank.
  ``bills.search_vector``: the head plus the full text (C): whether a bill matches at all.
  ``sponsors.search_vector``: name (A), constituency, county, party, position (B), bio (C).
  ``comments.search_vector``: the comment text.
- GIN indexes on each vector (comments: ``(bill_id, search_vector)`` through btree_gin, so "comments
  on this bill about X" is one index lookup) and pg_trgm GIN indexes on bill titles and sponsor
  names for the fuzzy fallback.
- Triggers keep the vectors current. They fire only when a column they read is in the UPDATE's SET
  list, and skip the work when nothing changed, so counter updates (views, votes) cost nothing.
- ``search_vocabulary`` (words of titles, summaries, tags, categories, sponsor names and
  constituencies with their document counts; GIN trigram index, for "did you mean" and for
  estimating how common a query word is) and ``search_suggestions`` (distinct bill titles and sponsor
  names, for autocomplete): materialized views, refreshed by
  ``chanuka_db.search.refresh_vocabulary`` (CONCURRENTLY: readers never wait).

Why triggers and not generated columns: both were measured on the 100,000 demo bills
(``python -m bench search``; figures in docs/search.md): loading costs the same, and a trigger can
skip unchanged text. Generated columns would also have to be declared in the models with an
expression naming these configurations, while the domain revisions (0002...) are generated from the
models and run before this revision creates the configurations; a trigger-filled plain tsvector
column has no such ordering problem.

How
``non_transactional``: every step is idempotent and no large table is locked for long: the columns
are added without a default (catalog only), existing rows get their vectors in committed batches of
:data:`BATCH` rows, and indexes are built with CREATE INDEX CONCURRENTLY IF NOT EXISTS (an
interrupted build leaves an INVALID index, which the next run drops and rebuilds). Downgrade drops
the views, triggers, functions and configurations, and the columns and indexes too unless the
models own them (:data:`MODEL_OWNS_COLUMNS`).

Revision ID: 0101_search_vectors
Revises: 0100_seed_search_synonyms
Create Date: 2026-11-25
"""

from collections.abc import Sequence
from typing import Any, cast

import psycopg
import sqlalchemy as sa
from alembic import context, op
from psycopg import sql

revision: str = "0101_search_vectors"
down_revision: str | Sequence[str] | None = "0100_seed_search_synonyms"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: CREATE INDEX CONCURRENTLY and batched backfills cannot run inside one transaction.
non_transactional = True

#: Rows filled per committed batch when existing rows get their vectors.
BATCH = 5_000

#: The configurations map the word token types (asciiword, word, numword and the hyphenated parts)
#: through ``unaccent`` first; numbers, URLs, e-mails and file names keep ``simple``.
CONFIGURATIONS = """
DO $$
DECLARE
    ns oid := (SELECT oid FROM pg_namespace WHERE nspname = current_schema());
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_dict WHERE dictname = 'chanuka_simple_dict' AND dictnamespace = ns) THEN
        CREATE TEXT SEARCH DICTIONARY chanuka_simple_dict (TEMPLATE = pg_catalog.simple, STOPWORDS = english);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'chanuka_simple' AND cfgnamespace = ns) THEN
        CREATE TEXT SEARCH CONFIGURATION chanuka_simple (COPY = pg_catalog.simple);
        ALTER TEXT SEARCH CONFIGURATION chanuka_simple
            ALTER MAPPING FOR asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, hword_part, hword_numpart
                WITH unaccent, chanuka_simple_dict;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'chanuka_english' AND cfgnamespace = ns) THEN
        CREATE TEXT SEARCH CONFIGURATION chanuka_english (COPY = pg_catalog.english);
        ALTER TEXT SEARCH CONFIGURATION chanuka_english
            ALTER MAPPING FOR asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, hword_part, hword_numpart
                WITH unaccent, english_stem;
    END IF;
END
$$
"""

FUNCTIONS = (
    """
    CREATE OR REPLACE FUNCTION chanuka_recency_bucket(day date) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE WHEN day IS NULL THEN '~rnone'
                    ELSE '~r' || (extract(year FROM day)::int * 100 + extract(month FROM day)::int) END
    $$
    """,
    """
    CREATE OR REPLACE FUNCTION chanuka_bill_filter_lexemes(
        recency date, status text, chamber text, category text, counties text[]
    ) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT array_to_tsvector(
            ARRAY[chanuka_recency_bucket(recency), '~s' || coalesce(status, ''), '~h' || coalesce(chamber, ''),
                  '~c' || lower(coalesce(category, ''))]
            || coalesce(ARRAY(SELECT '~k' || c FROM unnest(counties) AS c), ARRAY[]::text[]))
    $$
    """,
    """
    CREATE OR REPLACE FUNCTION chanuka_bill_head_vector(
        title text, bill_number text, summary text, category text, tags text[],
        recency date, status text, chamber text, counties text[]
    ) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT AS $$
        SELECT setweight(to_tsvector('chanuka_english'::regconfig, coalesce(title, '')), 'A')
            || setweight(to_tsvector('chanuka_simple'::regconfig,
                                     coalesce(title, '') || ' ' || coalesce(bill_number, '')), 'A')
            || setweight(to_tsvector('chanuka_english'::regconfig, coalesce(summary, '')), 'B')
            || setweight(to_tsvector('chanuka_simple'::regconfig,
                                     coalesce(category, '') || ' ' || coalesce(array_to_string(tags, ' '), '')), 'D')
            || chanuka_bill_filter_lexemes(recency, status, chamber, category, counties)
    $$
    """,
    """
    CREATE OR REPLACE FUNCTION chanuka_bill_search_vector(head tsvector, full_text text)
    RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT AS $$
        SELECT head || setweight(to_tsvector('chanuka_english'::regconfig, coalesce(full_text, '')), 'C')
    $$
    """,
    """
    CREATE OR REPLACE FUNCTION chanuka_sponsor_search_vector(
        name text, constituency text, county text, party text, position_ text, role text, bio text
    ) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT AS $$
        SELECT setweight(to_tsvector('chanuka_english'::regconfig, coalesce(name, '')), 'A')
            || setweight(to_tsvector('chanuka_simple'::regconfig, coalesce(name, '')), 'A')
            || setweight(to_tsvector('chanuka_simple'::regconfig,
                   coalesce(constituency, '') || ' ' || replace(coalesce(county, ''), '_', ' ') || ' '
                   || replace(coalesce(party, ''), '_', ' ') || ' ' || coalesce(position_, '') || ' '
                   || coalesce(role, '')), 'B')
            || setweight(to_tsvector('chanuka_english'::regconfig, coalesce(bio, '')), 'C')
    $$
    """,
    """
    CREATE OR REPLACE FUNCTION chanuka_comment_search_vector(comment_text text)
    RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT AS $$
        SELECT to_tsvector('chanuka_english'::regconfig, coalesce(comment_text, ''))
    $$
    """,
    """
    CREATE OR REPLACE FUNCTION chanuka_bills_estimate(query tsquery) RETURNS bigint
    LANGUAGE plpgsql VOLATILE SET search_path FROM CURRENT AS $$
    -- The planner's estimate of the bills matching ``query`` (tsvector statistics), for the "about N
    -- results" of a search whose candidate pool was capped: EXPLAIN without running the query.
    -- VOLATILE because PostgreSQL only allows EXPLAIN in volatile functions.
    DECLARE
        plan json;
    BEGIN
        EXECUTE 'EXPLAIN (FORMAT JSON) SELECT 1 FROM bills WHERE search_vector @@ $1' INTO plan USING query;
        RETURN (plan -> 0 -> 'Plan' ->> 'Plan Rows')::bigint;
    END
    $$
    """,
    """
    CREATE OR REPLACE FUNCTION chanuka_bills_search_trigger() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
    BEGIN
        IF TG_OP = 'UPDATE'
           AND NEW.search_head IS NOT NULL AND NEW.search_vector IS NOT NULL
           AND NEW.search_head IS NOT DISTINCT FROM OLD.search_head
           AND NEW.search_vector IS NOT DISTINCT FROM OLD.search_vector
           AND NEW.title IS NOT DISTINCT FROM OLD.title
           AND NEW.bill_number IS NOT DISTINCT FROM OLD.bill_number
           AND NEW.summary IS NOT DISTINCT FROM OLD.summary
           AND NEW.full_text IS NOT DISTINCT FROM OLD.full_text
           AND NEW.category IS NOT DISTINCT FROM OLD.category
           AND NEW.tags IS NOT DISTINCT FROM OLD.tags
           AND coalesce(NEW.last_action_date, NEW.introduced_date)
               IS NOT DISTINCT FROM coalesce(OLD.last_action_date, OLD.introduced_date)
           AND NEW.status IS NOT DISTINCT FROM OLD.status
           AND NEW.chamber IS NOT DISTINCT FROM OLD.chamber
           AND NEW.affected_counties IS NOT DISTINCT FROM OLD.affected_counties THEN
            RETURN NEW;
        END IF;
        NEW.search_head := chanuka_bill_head_vector(
            NEW.title, NEW.bill_number, NEW.summary, NEW.category, NEW.tags::text[],
            coalesce(NEW.last_action_date, NEW.introduced_date), NEW.status::text, NEW.chamber::text,
            NEW.affected_counties::text[]);
        NEW.search_vector := chanuka_bill_search_vector(NEW.search_head, NEW.full_text);
        RETURN NEW;
    END
    $$
    """,
    """
    CREATE OR REPLACE FUNCTION chanuka_sponsors_search_trigger() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
    BEGIN
        IF TG_OP = 'UPDATE'
           AND NEW.search_vector IS NOT NULL
           AND NEW.search_vector IS NOT DISTINCT FROM OLD.search_vector
           AND NEW.name IS NOT DISTINCT FROM OLD.name
           AND NEW.constituency IS NOT DISTINCT FROM OLD.constituency
           AND NEW.county IS NOT DISTINCT FROM OLD.county
           AND NEW.party IS NOT DISTINCT FROM OLD.party
           AND NEW.position IS NOT DISTINCT FROM OLD.position
           AND NEW.role IS NOT DISTINCT FROM OLD.role
           AND NEW.bio IS NOT DISTINCT FROM OLD.bio THEN
            RETURN NEW;
        END IF;
        NEW.search_vector := chanuka_sponsor_search_vector(
            NEW.name, NEW.constituency, NEW.county::text, NEW.party::text, NEW.position, NEW.role, NEW.bio);
        RETURN NEW;
    END
    $$
    """,
    """
    CREATE OR REPLACE FUNCTION chanuka_comments_search_trigger() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
    BEGIN
        IF TG_OP = 'UPDATE'
           AND NEW.search_vector IS NOT NULL
           AND NEW.search_vector IS NOT DISTINCT FROM OLD.search_vector
           AND NEW.comment_text IS NOT DISTINCT FROM OLD.comment_text THEN
            RETURN NEW;
        END IF;
        NEW.search_vector := chanuka_comment_search_vector(NEW.comment_text);
        RETURN NEW;
    END
    $$
    """,
)

#: (table, trigger, columns whose UPDATE fires it, trigger function)
TRIGGERS = (
    ("bills", "trg_bills_search_vectors",
     "title, bill_number, summary, full_text, category, tags, last_action_date, introduced_date, status, chamber, "
     "affected_counties, search_head, search_vector",
     "chanuka_bills_search_trigger"),
    ("sponsors", "trg_sponsors_search_vector",
     "name, constituency, county, party, position, role, bio, search_vector",
     "chanuka_sponsors_search_trigger"),
    ("comments", "trg_comments_search_vector", "comment_text, search_vector", "chanuka_comments_search_trigger"),
)  # fmt: skip

#: (table, column, comment): plain tsvector columns the triggers fill. The models declare them too
#: (so ``chanuka-db check`` sees no drift), with the same comments.
COLUMNS = (
    ("bills", "search_head",
     "Search: title and number (A), summary (B), tags and category (D), recency and filter lexemes; "
     "kept by trigger trg_bills_search_vectors (revision 0101)"),
    ("bills", "search_vector",
     "Search: search_head plus the full text (C); kept by trigger trg_bills_search_vectors (revision 0101)"),
    ("sponsors", "search_vector",
     "Search: name (A), constituency, county, party, position (B), bio (C); "
     "kept by trigger trg_sponsors_search_vector (revision 0101)"),
    ("comments", "search_vector",
     "Search: the comment text; kept by trigger trg_comments_search_vector (revision 0101)"),
)  # fmt: skip

#: The models declare these columns and indexes (so ``chanuka-db check`` sees no drift at head), but
#: this revision creates them and its downgrade drops them: they are search's, built on the
#: extensions and functions above, and the generated domain revisions (and the adopt base, 0017)
#: predate search. True would leave them to domain revisions that create them.
MODEL_OWNS_COLUMNS = False

#: (name, table, definition) built CONCURRENTLY.
INDEXES = (
    ("ix_bills_search_head", "bills", "USING gin (search_head)"),
    ("ix_bills_search_vector", "bills", "USING gin (search_vector)"),
    ("ix_bills_title_trgm", "bills", "USING gin (title gin_trgm_ops)"),
    ("ix_sponsors_search_vector", "sponsors", "USING gin (search_vector)"),
    ("ix_sponsors_name_trgm", "sponsors", "USING gin (name gin_trgm_ops)"),
    ("ix_comments_bill_id_search_vector", "comments", "USING gin (bill_id, search_vector)"),
)  # fmt: skip

#: The vocabulary view. ``ts_stat`` runs its query text at refresh time, when PostgreSQL (17+) sets a
#: safe search_path for maintenance commands, so every name inside that text is schema-qualified:
#: the DO block builds the text with the current schema (the same SQL online and in ``--sql`` output).
VOCABULARY = """
DO $do$
DECLARE
    words text := replace($q$
        SELECT to_tsvector('@S@.chanuka_simple'::regconfig, coalesce(title, '') || ' ' || coalesce(summary, '')
               || ' ' || coalesce(category, '') || ' ' || coalesce(array_to_string(tags, ' '), ''))
        FROM @S@.bills
        UNION ALL
        SELECT to_tsvector('@S@.chanuka_simple'::regconfig, coalesce(name, '') || ' ' || coalesce(constituency, '')
               || ' ' || replace(coalesce(county::text, ''), '_', ' '))
        FROM @S@.sponsors
    $q$, '@S@', quote_ident(current_schema()));
BEGIN
    EXECUTE format($v$CREATE MATERIALIZED VIEW IF NOT EXISTS search_vocabulary AS SELECT word, ndoc FROM ts_stat(%L)
        WHERE length(word) BETWEEN 3 AND 40 AND word !~ '[0-9_/.]'$v$, words);
END
$do$
"""


SUGGESTIONS = """
CREATE MATERIALIZED VIEW IF NOT EXISTS search_suggestions AS
SELECT kind, ref_id, label, weight, to_tsvector('chanuka_simple'::regconfig, label) AS words
FROM (
    SELECT *
    FROM (
        SELECT DISTINCT ON (title)
               'bill'::text AS kind, id AS ref_id, title AS label,
               (count(*) OVER (PARTITION BY title))::double precision
                 + ln(1 + greatest(coalesce(engagement_score, 0), 0)::double precision) AS weight
        FROM bills
        ORDER BY title, engagement_score DESC, id
    ) bill_titles
    UNION ALL
    SELECT 'sponsor', s.id, s.name, (SELECT count(*) FROM bills b WHERE b.sponsor_id = s.id)::double precision
    FROM sponsors s
) labels
"""

#: (name, view, definition, unique) built CONCURRENTLY like the table indexes; the unique ones let
#: REFRESH MATERIALIZED VIEW CONCURRENTLY run without blocking readers.
VIEW_INDEXES = (
    ("ux_search_vocabulary_word", "search_vocabulary", "(word)", True),
    ("ix_search_vocabulary_word_trgm", "search_vocabulary", "USING gin (word gin_trgm_ops)", False),
    ("ux_search_suggestions_kind_ref_id", "search_suggestions", "(kind, ref_id)", True),
    ("ix_search_suggestions_words", "search_suggestions", "USING gin (words)", False),
    ("ix_search_suggestions_label", "search_suggestions", "(lower(label) text_pattern_ops)", False),
)


def _bind() -> sa.engine.Connection:
    return op.get_bind()


def _online() -> bool:
    """False while Alembic only renders SQL (``migrate --sql``, dry runs): nothing can be queried then."""
    return not context.is_offline_mode()


def _raw() -> psycopg.Connection[Any]:
    return cast(psycopg.Connection[Any], _bind().connection.driver_connection)


def _execute(statement: sql.Composable) -> None:
    """Run a psycopg composition (identifiers quoted by psycopg) through Alembic (online or offline)."""
    op.execute(sa.text(statement.as_string(None).replace(":", "\\:")))


def _backfill(table: str, column: str) -> None:
    """Give existing rows their vectors: setting the column to NULL makes the trigger compute it.

    Online, in committed batches of :data:`BATCH` rows in primary-key order; in rendered SQL, one
    statement (a script cannot page through the table).
    """
    t, c = sql.Identifier(table), sql.Identifier(column)
    if not _online():
        _execute(sql.SQL("UPDATE {t} SET {c} = NULL WHERE {c} IS NULL").format(t=t, c=c))
        return
    next_bound = sql.SQL(
        "SELECT id FROM {t} WHERE %(last)s::uuid IS NULL OR id > %(last)s::uuid ORDER BY id OFFSET %(skip)s LIMIT 1"
    ).format(t=t)
    fill = sql.SQL(
        "UPDATE {t} SET {c} = NULL WHERE {c} IS NULL AND (%(last)s::uuid IS NULL OR id > %(last)s::uuid) "
        "AND (%(bound)s::uuid IS NULL OR id <= %(bound)s::uuid)"
    ).format(t=t, c=c)
    raw = _raw()
    last: str | None = None
    while True:
        row = raw.execute(next_bound, {"last": last, "skip": BATCH - 1}).fetchone()
        bound = str(row[0]) if row else None
        raw.execute(fill, {"last": last, "bound": bound})
        if bound is None:
            return
        last = bound


def _create_index(name: str, table: str, definition: str, *, unique: bool = False) -> None:
    """CREATE INDEX CONCURRENTLY IF NOT EXISTS, after dropping an INVALID leftover of an interrupted build."""
    if _online() and _raw().execute(
        "SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "WHERE c.relname = %s AND c.relnamespace = current_schema()::regnamespace AND NOT i.indisvalid",
        (name,),
    ).fetchone():
        _execute(sql.SQL("DROP INDEX CONCURRENTLY IF EXISTS {}").format(sql.Identifier(name)))
    _execute(
        sql.SQL("CREATE {}INDEX CONCURRENTLY IF NOT EXISTS {} ON {} {}").format(
            sql.SQL("UNIQUE " if unique else ""), sql.Identifier(name), sql.Identifier(table), sql.SQL(definition)
        )
    )


def upgrade() -> None:
    ident = sql.Identifier
    for ext in ("pg_trgm", "unaccent", "btree_gin"):
        _execute(sql.SQL("CREATE EXTENSION IF NOT EXISTS {}").format(ident(ext)))
    op.execute(CONFIGURATIONS)
    for fn in FUNCTIONS:
        op.execute(fn)
    for table, column, comment in COLUMNS:
        _execute(sql.SQL("ALTER TABLE {} ADD COLUMN IF NOT EXISTS {} tsvector").format(ident(table), ident(column)))
        _execute(sql.SQL("COMMENT ON COLUMN {} IS {}").format(ident(table, column), sql.Literal(comment)))
    for table, trigger, columns, function in TRIGGERS:
        _execute(
            sql.SQL(
                "CREATE OR REPLACE TRIGGER {} BEFORE INSERT OR UPDATE OF {} ON {} FOR EACH ROW EXECUTE FUNCTION {}()"
            ).format(ident(trigger), sql.SQL(", ").join(ident(c.strip()) for c in columns.split(",")), ident(table), ident(function))
        )
    # Computing the vectors of existing rows is not an edit: keep their updated_at (see 0001's
    # chanuka_set_updated_at). Session-wide, so that it holds across the committed batches; reset after.
    _execute(sql.SQL("SET chanuka.skip_updated_at = 'on'"))
    _backfill("bills", "search_vector")
    _backfill("sponsors", "search_vector")
    _backfill("comments", "search_vector")
    _execute(sql.SQL("RESET chanuka.skip_updated_at"))
    for name, table, definition in INDEXES:
        _create_index(name, table, definition)
    op.execute(VOCABULARY)
    op.execute(SUGGESTIONS)
    for name, view, definition, unique in VIEW_INDEXES:
        _create_index(name, view, definition, unique=unique)
    # No ANALYZE here: the backfill's updates make autovacuum analyze the tables (the search's "about N
    # results" estimates come from those statistics); run ANALYZE by hand to have them at once.


#: Functions this revision creates (dropped by the downgrade).
FUNCTION_SIGNATURES = (
    "chanuka_bills_search_trigger()",
    "chanuka_sponsors_search_trigger()",
    "chanuka_comments_search_trigger()",
    "chanuka_bill_search_vector(tsvector, text)",
    "chanuka_bill_head_vector(text, text, text, text, text[], date, text, text, text[])",
    "chanuka_bill_filter_lexemes(date, text, text, text, text[])",
    "chanuka_recency_bucket(date)",
    "chanuka_sponsor_search_vector(text, text, text, text, text, text, text)",
    "chanuka_comment_search_vector(text)",
    "chanuka_bills_estimate(tsquery)",
)


def downgrade() -> None:
    ident = sql.Identifier
    op.execute("DROP MATERIALIZED VIEW IF EXISTS search_suggestions")
    op.execute("DROP MATERIALIZED VIEW IF EXISTS search_vocabulary")
    for table, trigger, _columns, _function in TRIGGERS:
        _execute(sql.SQL("DROP TRIGGER IF EXISTS {} ON {}").format(ident(trigger), ident(table)))
    if not MODEL_OWNS_COLUMNS:
        for name, _table, _definition in reversed(INDEXES):
            _execute(sql.SQL("DROP INDEX CONCURRENTLY IF EXISTS {}").format(ident(name)))
        for table, column, _comment in COLUMNS:
            _execute(sql.SQL("ALTER TABLE {} DROP COLUMN IF EXISTS {}").format(ident(table), ident(column)))
    for signature in FUNCTION_SIGNATURES:
        op.execute("DROP FUNCTION IF EXISTS " + signature)
    op.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS chanuka_english")
    op.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS chanuka_simple")
    op.execute("DROP TEXT SEARCH DICTIONARY IF EXISTS chanuka_simple_dict")
