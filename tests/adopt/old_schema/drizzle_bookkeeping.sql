-- Old-shape fixture: drizzle's migration bookkeeping. drizzle-orm's migrator keeps
-- drizzle.__drizzle_migrations (id serial, hash text, created_at bigint); the old project's own
-- runner keeps public.__drizzle_migrations__ (domain reference, 4.7; see runner_bookkeeping.sql).

CREATE SCHEMA IF NOT EXISTS drizzle;
CREATE TABLE IF NOT EXISTS drizzle.__drizzle_migrations (
    id serial PRIMARY KEY,
    hash text NOT NULL,
    created_at bigint
);
INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES
    ('0021_clean_comprehensive_schema', 1761512944688),
    ('20251104110148_soft_captain_marvel', 1762254108685);
