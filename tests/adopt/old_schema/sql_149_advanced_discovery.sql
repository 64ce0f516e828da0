-- Old-shape fixture: what 20251104110149_advanced_discovery.sql creates (domain reference, 1.13,
-- "149 vs TS"): 3 of the 6 TS tables, each with fewer columns than the TS; the user index is partial;
-- bill_relationships has the canonical-order CHECK but no unique pair. Constraint and index names
-- not given by the reference follow the file's idx_* style.

CREATE TABLE IF NOT EXISTS search_queries (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid REFERENCES users(id),
    query_text text NOT NULL,
    query_intent varchar(50),
    search_context jsonb,
    filters_applied jsonb,
    results_returned integer,
    results_clicked integer,
    query_satisfaction numeric(3, 2),
    created_at timestamp DEFAULT now()
);
CREATE INDEX IF NOT EXISTS idx_search_user ON search_queries (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS idx_search_created ON search_queries (created_at);

CREATE TABLE IF NOT EXISTS discovery_patterns (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    pattern_type varchar(50),
    entity_ids uuid[] NOT NULL,
    pattern_strength numeric(5, 2),
    pattern_metadata jsonb,
    detected_at timestamp DEFAULT now(),
    expires_at timestamp,
    validation_count integer DEFAULT 0
);
CREATE INDEX IF NOT EXISTS idx_discovery_type ON discovery_patterns (pattern_type);
CREATE INDEX IF NOT EXISTS idx_discovery_detected ON discovery_patterns (detected_at);

CREATE TABLE IF NOT EXISTS bill_relationships (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    bill_a_id uuid NOT NULL REFERENCES bills(id),
    bill_b_id uuid NOT NULL REFERENCES bills(id),
    relationship_type varchar(50),
    relationship_strength numeric(5, 2),
    relationship_basis jsonb,
    discovered_by varchar(50),
    created_at timestamp DEFAULT now(),
    CONSTRAINT bill_relationships_order_check CHECK (bill_a_id < bill_b_id)
);
CREATE INDEX IF NOT EXISTS idx_bill_rel_a ON bill_relationships (bill_a_id);
CREATE INDEX IF NOT EXISTS idx_bill_rel_b ON bill_relationships (bill_b_id);
CREATE INDEX IF NOT EXISTS idx_bill_rel_type ON bill_relationships (relationship_type);
