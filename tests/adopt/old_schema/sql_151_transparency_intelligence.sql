-- Old-shape fixture: the transparency_intelligence tables of 20251104110151 (domain reference, 1.13),
-- as they exist where 151 ran before anything created transparency_analysis's financial_interests:
-- financial_interests has the *disclosure line item* shape (the second of the two shapes).

CREATE TABLE IF NOT EXISTS financial_disclosures (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    sponsor_id uuid NOT NULL REFERENCES sponsors(id),
    disclosure_year integer NOT NULL,
    disclosure_type varchar(50),
    source varchar(100),
    filing_date date,
    disclosure_data jsonb NOT NULL,
    verification_status varchar(20) DEFAULT 'unverified',
    verified_by uuid REFERENCES users(id),
    verified_at timestamp,
    created_at timestamp DEFAULT now(),
    updated_at timestamp DEFAULT now()
);

CREATE TABLE IF NOT EXISTS financial_interests (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    disclosure_id uuid NOT NULL REFERENCES financial_disclosures(id),
    interest_type varchar(50) NOT NULL,
    entity_name varchar(255),
    industry_sector varchar(100),
    estimated_value_min numeric(15, 2),
    estimated_value_max numeric(15, 2),
    ownership_percentage numeric(5, 2),
    interest_metadata jsonb,
    created_at timestamp DEFAULT now()
);
