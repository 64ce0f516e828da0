-- Old-shape fixture: 0025_postgresql_fulltext_enhancements.sql and 0026_optimize_search_indexes.sql
-- applied statement by statement in autocommit (domain reference, 3.3-3.5): english-only expression
-- GIN indexes on bills and sponsors (one of 0026's is an exact duplicate of 0025's), trigram indexes,
-- the query-expansion, analytics and cache tables with timestamp-without-zone columns and 0025's
-- ten synonyms, and five functions. 0025's index on comments(content) fails and is absent.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX IF NOT EXISTS idx_bills_fulltext_gin ON bills USING gin (to_tsvector('english', title || ' ' || coalesce(summary, '') || ' ' || coalesce(full_text, '')));
CREATE INDEX IF NOT EXISTS idx_sponsors_fulltext_gin ON sponsors USING gin (to_tsvector('english', name || ' ' || coalesce(bio, '')));
CREATE INDEX IF NOT EXISTS idx_bills_title_trgm ON bills USING gin (title gin_trgm_ops);
CREATE INDEX IF NOT EXISTS idx_bills_summary_trgm ON bills USING gin (summary gin_trgm_ops);
CREATE INDEX IF NOT EXISTS idx_sponsors_name_trgm ON sponsors USING gin (name gin_trgm_ops);

CREATE TABLE IF NOT EXISTS search_synonyms (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    term varchar(255) NOT NULL,
    synonyms text[] NOT NULL,
    category varchar(100),
    weight numeric(3, 2) DEFAULT 1.0,
    created_at timestamp NOT NULL DEFAULT now(),
    updated_at timestamp NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS idx_search_synonyms_term ON search_synonyms (term);
CREATE INDEX IF NOT EXISTS idx_search_synonyms_category ON search_synonyms (category);

CREATE TABLE IF NOT EXISTS search_expansions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    original_query varchar(500) NOT NULL,
    expanded_query text NOT NULL,
    expansion_type varchar(50) NOT NULL,
    success_rate numeric(5, 4) DEFAULT 0,
    usage_count integer DEFAULT 0,
    created_at timestamp NOT NULL DEFAULT now(),
    updated_at timestamp NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS idx_search_expansions_query ON search_expansions (original_query);
CREATE INDEX IF NOT EXISTS idx_search_expansions_type ON search_expansions (expansion_type);

CREATE TABLE IF NOT EXISTS search_analytics (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    query varchar(500) NOT NULL,
    search_type varchar(50) NOT NULL,
    results_count integer NOT NULL,
    execution_time_ms integer NOT NULL,
    user_id uuid,
    session_id varchar(255),
    clicked_result_id uuid,
    clicked_result_position integer,
    search_timestamp timestamp NOT NULL DEFAULT now(),
    metadata jsonb DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS idx_search_analytics_query ON search_analytics (query);
CREATE INDEX IF NOT EXISTS idx_search_analytics_timestamp ON search_analytics (search_timestamp);
CREATE INDEX IF NOT EXISTS idx_search_analytics_performance ON search_analytics (execution_time_ms);
CREATE INDEX IF NOT EXISTS idx_search_analytics_user ON search_analytics (user_id);

INSERT INTO search_synonyms (term, synonyms, category, weight) VALUES
    ('bill', ARRAY['legislation', 'act', 'law', 'statute', 'proposal'], 'legal', 1.0),
    ('parliament', ARRAY['national assembly', 'senate', 'legislature', 'bunge'], 'political', 1.0),
    ('county', ARRAY['devolved unit', 'local government', 'region'], 'political', 0.9),
    ('budget', ARRAY['appropriation', 'allocation', 'funding', 'finance'], 'financial', 1.0),
    ('healthcare', ARRAY['health', 'medical', 'hospital', 'clinic', 'treatment'], NULL, 1.0),
    ('education', ARRAY['learning', 'school', 'university', 'academic', 'student'], NULL, 1.0),
    ('agriculture', ARRAY['farming', 'crops', 'livestock', 'rural', 'food security'], NULL, 1.0),
    ('infrastructure', ARRAY['roads', 'transport', 'construction', 'development'], 'policy', 1.0),
    ('corruption', ARRAY['graft', 'fraud', 'embezzlement', 'misappropriation'], NULL, 1.0),
    ('transparency', ARRAY['accountability', 'openness', 'disclosure', 'public access'], 'governance', 1.0)
ON CONFLICT DO NOTHING;

CREATE OR REPLACE FUNCTION log_search_performance(p_query text, p_search_type text, p_results_count integer,
    p_execution_time_ms integer, p_user_id uuid DEFAULT NULL, p_session_id text DEFAULT NULL,
    p_metadata jsonb DEFAULT '{}') RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_analytics (query, search_type, results_count, execution_time_ms, user_id, session_id, metadata)
    VALUES (p_query, p_search_type, p_results_count, p_execution_time_ms, p_user_id, p_session_id, p_metadata);
END $$;

CREATE OR REPLACE FUNCTION get_search_performance_stats(hours_back integer DEFAULT 24)
RETURNS TABLE (search_type text, avg_ms numeric, p95_ms double precision, total bigint, avg_results numeric)
LANGUAGE sql AS $$
    SELECT search_type, avg(execution_time_ms), percentile_cont(0.95) WITHIN GROUP (ORDER BY execution_time_ms),
           count(*), avg(results_count)
    FROM search_analytics WHERE search_timestamp > now() - make_interval(hours => hours_back)
    GROUP BY search_type ORDER BY count(*) DESC
$$;

CREATE OR REPLACE FUNCTION expand_query_with_synonyms(query text, p_category text DEFAULT NULL)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    word text;
    result text[] := '{}';
    syns text[];
BEGIN
    FOREACH word IN ARRAY string_to_array(lower(trim(query)), ' ') LOOP
        result := result || word;
        SELECT s.synonyms INTO syns FROM search_synonyms s
        WHERE s.term = word AND (p_category IS NULL OR s.category = p_category) ORDER BY s.weight DESC LIMIT 1;
        IF syns IS NOT NULL THEN result := result || syns; END IF;
    END LOOP;
    RETURN array_to_string(result, ' | ');
END $$;

CREATE INDEX IF NOT EXISTS idx_sponsors_bio_trgm ON sponsors USING gin (bio gin_trgm_ops);
CREATE INDEX IF NOT EXISTS idx_bills_fulltext_search ON bills USING gin (to_tsvector('english', title || ' ' || coalesce(summary, '')));
CREATE INDEX IF NOT EXISTS idx_sponsors_fulltext_search ON sponsors USING gin (to_tsvector('english', name || ' ' || coalesce(bio, '')));
CREATE INDEX IF NOT EXISTS idx_bills_search_filtered ON bills (status, chamber, engagement_score DESC) WHERE status IS NOT NULL;
CREATE INDEX IF NOT EXISTS idx_sponsors_search_filtered ON sponsors (chamber, county) WHERE chamber IS NOT NULL;

CREATE OR REPLACE FUNCTION calculate_search_relevance(title_text text, content_text text, search_query text)
RETURNS numeric LANGUAGE sql IMMUTABLE AS $$
    SELECT (ts_rank(to_tsvector('english', title_text || ' ' || coalesce(content_text, '')),
                    to_tsquery('english', search_query))
            + 0.5 * greatest(similarity(title_text, search_query), similarity(coalesce(content_text, ''), search_query)))::numeric
$$;

CREATE TABLE IF NOT EXISTS search_cache (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    query_hash varchar(64) NOT NULL UNIQUE,
    query_text text NOT NULL,
    results jsonb NOT NULL,
    hit_count integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL DEFAULT now() + interval '5 minutes'
);
CREATE INDEX IF NOT EXISTS idx_search_cache_hash ON search_cache (query_hash);
CREATE INDEX IF NOT EXISTS idx_search_cache_expires ON search_cache (expires_at);

CREATE OR REPLACE FUNCTION clean_search_cache() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE removed integer;
BEGIN
    DELETE FROM search_cache WHERE expires_at < now();
    GET DIAGNOSTICS removed = ROW_COUNT;
    RETURN removed;
END $$;

COMMENT ON TABLE search_cache IS 'Caches search results for 5 minutes';
