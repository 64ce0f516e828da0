-- Old-shape fixture: the old project's own migration manager (domain reference, 4.7), which claims
-- public.__drizzle_migrations__ with its own shape; a failed version is recorded with success=false.

CREATE TABLE IF NOT EXISTS public.__drizzle_migrations__ (
    id serial PRIMARY KEY,
    version varchar(255) NOT NULL UNIQUE,
    filename varchar(255) NOT NULL,
    checksum varchar(64) NOT NULL,
    executed_at timestamp DEFAULT now(),
    execution_time integer,
    success boolean DEFAULT true,
    rollback_sql text,
    created_at timestamp DEFAULT now()
);
INSERT INTO public.__drizzle_migrations__ (version, filename, checksum, execution_time, success) VALUES
    ('0021', '0021_clean_comprehensive_schema.sql', repeat('a', 64), 120, true),
    ('0022', '0022_fix_schema_alignment.sql', repeat('b', 64), 15, false),
    ('20251104110148', '20251104110148_soft_captain_marvel.sql', repeat('c', 64), 900, true);
