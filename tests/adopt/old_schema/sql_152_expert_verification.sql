-- Old-shape fixture: what 20251104110152_expert_verification.sql creates (domain reference, 1.13,
-- "152 vs TS"): 3 of the 6 tables; no indexes on the first two and no unique keys at all;
-- credibility_scores.final_score is a stored generated column.

CREATE TABLE IF NOT EXISTS expert_credentials (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES users(id),
    credential_type varchar(50) NOT NULL,
    institution varchar(255),
    verification_method varchar(50),
    verified_at timestamp,
    verified_by uuid REFERENCES users(id),
    expires_at timestamp,
    credential_data jsonb,
    created_at timestamp DEFAULT now(),
    updated_at timestamp DEFAULT now()
);

CREATE TABLE IF NOT EXISTS expert_domains (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES users(id),
    domain_category varchar(100) NOT NULL,
    expertise_level varchar(20),
    years_experience integer,
    credential_ids uuid[] DEFAULT '{}',
    peer_validations integer DEFAULT 0,
    community_validations integer DEFAULT 0,
    created_at timestamp DEFAULT now(),
    updated_at timestamp DEFAULT now()
);

CREATE TABLE IF NOT EXISTS credibility_scores (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES users(id),
    domain_category varchar(100),
    base_score numeric(5, 2) DEFAULT '50.0',
    expertise_bonus numeric(5, 2) DEFAULT '0.0',
    community_adjustment numeric(5, 2) DEFAULT '0.0',
    peer_adjustment numeric(5, 2) DEFAULT '0.0',
    historical_accuracy numeric(5, 2),
    final_score numeric(5, 2) GENERATED ALWAYS AS (base_score + expertise_bonus + community_adjustment + peer_adjustment) STORED,
    last_calculated timestamp DEFAULT now(),
    calculation_metadata jsonb,
    created_at timestamp DEFAULT now()
);
CREATE INDEX IF NOT EXISTS idx_credibility_user_domain ON credibility_scores (user_id, domain_category);
CREATE INDEX IF NOT EXISTS idx_credibility_final_score ON credibility_scores (final_score DESC);
