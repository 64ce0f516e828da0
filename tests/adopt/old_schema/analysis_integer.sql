-- Old-shape fixture: the integer-keyed `analysis` table of analysis.ts (domain reference, 1.12), as a
-- database that created it by hand holds it: integer id without default, integer bill_id (the
-- declared foreign key to bills.id, a uuid, is one PostgreSQL rejects, so it is absent), approved_by
-- referencing users.

CREATE TABLE IF NOT EXISTS analysis (
    id integer PRIMARY KEY,
    bill_id integer NOT NULL,
    analysis_type varchar(50) NOT NULL,
    results jsonb DEFAULT '{}'::jsonb NOT NULL,
    confidence numeric(5, 4) DEFAULT 0,
    model_version text,
    metadata jsonb DEFAULT '{}'::jsonb,
    is_approved boolean DEFAULT false NOT NULL,
    approved_by uuid REFERENCES users(id) ON DELETE SET NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);
