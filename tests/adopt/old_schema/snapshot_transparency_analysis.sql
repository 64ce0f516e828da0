-- Old-shape fixture, derived from the facts of the old Drizzle module's schema
-- (domain reference, section 1.8).
-- Written in the style of drizzle-kit's output (148): quoted identifiers,
-- CREATE ... IF NOT EXISTS, foreign keys in duplicate-tolerant DO blocks, drizzle's constraint and
-- index names. Do not edit by hand without checking the reference.

CREATE TABLE IF NOT EXISTS "corporate_entities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" varchar(500) NOT NULL,
	"legal_name" varchar(500),
	"registration_number" varchar(100),
	"entity_type" varchar(50) NOT NULL,
	"industry_sector" varchar(100),
	"business_activities" varchar(100)[],
	"annual_revenue" numeric(15, 2),
	"employee_count" integer,
	"incorporation_date" date,
	"registration_country" varchar(5) DEFAULT 'KE' NOT NULL,
	"tax_id" varchar(50),
	"headquarters_address" text,
	"kenya_office_address" text,
	"official_address" text,
	"contact_email" varchar(255),
	"contact_phone" varchar(50),
	"website_url" varchar(500),
	"parent_company_id" uuid,
	"ownership_structure" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"key_executives" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"is_publicly_traded" boolean DEFAULT false NOT NULL,
	"stock_exchange" varchar(50),
	"stock_symbol" varchar(20),
	"regulatory_licenses" varchar(100)[],
	"compliance_status" varchar(30),
	"data_source" varchar(100),
	"verification_status" varchar(30) DEFAULT 'unverified' NOT NULL,
	"last_updated" date DEFAULT CURRENT_DATE NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE IF NOT EXISTS "financial_interests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"holder_type" varchar(30) NOT NULL,
	"sponsor_id" uuid,
	"holder_name" varchar(200),
	"relationship_to_sponsor" varchar(100),
	"entity_id" uuid NOT NULL,
	"interest_type" varchar(50) NOT NULL,
	"position_title" varchar(200),
	"ownership_percentage" numeric(5, 2),
	"estimated_value" numeric(15, 2),
	"annual_income" numeric(12, 2),
	"start_date" date,
	"end_date" date,
	"is_current" boolean DEFAULT true NOT NULL,
	"disclosure_source" varchar(100),
	"disclosure_date" date,
	"is_publicly_disclosed" boolean DEFAULT false NOT NULL,
	"potential_conflict" boolean DEFAULT false NOT NULL,
	"conflict_description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE IF NOT EXISTS "lobbying_activities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"activity_type" varchar(50) NOT NULL,
	"lobbyist_entity_id" uuid,
	"lobbyist_name" varchar(200),
	"target_sponsor_id" uuid,
	"target_institution" varchar(200),
	"activity_date" date NOT NULL,
	"activity_description" text NOT NULL,
	"topics_discussed" varchar(100)[],
	"target_bills" uuid[],
	"policy_areas" varchar(100)[],
	"estimated_cost" numeric(12, 2),
	"gifts_or_benefits" text,
	"disclosure_required" boolean DEFAULT false NOT NULL,
	"is_disclosed" boolean DEFAULT false NOT NULL,
	"disclosure_reference" varchar(200),
	"information_source" varchar(100),
	"source_reliability" varchar(20),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE IF NOT EXISTS "bill_financial_conflicts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"bill_id" uuid NOT NULL,
	"sponsor_id" uuid,
	"financial_interest_id" uuid,
	"entity_id" uuid,
	"conflict_type" varchar(50) NOT NULL,
	"conflict_severity" varchar(20) NOT NULL,
	"potential_financial_impact" numeric(15, 2),
	"impact_description" text NOT NULL,
	"affected_bill_sections" varchar(100)[],
	"detection_method" varchar(50) NOT NULL,
	"analysis_confidence" numeric(3, 2),
	"conflict_status" varchar(30) DEFAULT 'identified' NOT NULL,
	"resolution_notes" text,
	"is_public" boolean DEFAULT false NOT NULL,
	"media_coverage" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE IF NOT EXISTS "cross_sector_ownership" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_entity_id" uuid NOT NULL,
	"owned_entity_id" uuid NOT NULL,
	"ownership_type" varchar(50) NOT NULL,
	"ownership_percentage" numeric(5, 2),
	"control_level" varchar(30),
	"relationship_start" date,
	"relationship_end" date,
	"is_current" boolean DEFAULT true NOT NULL,
	"creates_cross_sector_influence" boolean DEFAULT false NOT NULL,
	"affected_sectors" varchar(100)[],
	"data_source" varchar(100),
	"verification_status" varchar(30) DEFAULT 'unverified' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cross_sector_ownership_self_ownership_check" CHECK ("owner_entity_id" != "owned_entity_id")
);

CREATE TABLE IF NOT EXISTS "regulatory_capture_indicators" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"indicator_type" varchar(50) NOT NULL,
	"entity_id" uuid,
	"sponsor_id" uuid,
	"regulatory_body" varchar(200),
	"indicator_description" text NOT NULL,
	"evidence_summary" text,
	"indicator_strength" varchar(20) NOT NULL,
	"confidence_level" numeric(3, 2),
	"pattern_start_date" date,
	"pattern_end_date" date,
	"is_ongoing" boolean DEFAULT true NOT NULL,
	"affected_policies" varchar(100)[],
	"estimated_public_cost" numeric(15, 2),
	"detection_method" varchar(50),
	"analysis_methodology" text,
	"investigation_status" varchar(30) DEFAULT 'identified' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);

DO $$ BEGIN
 ALTER TABLE "financial_interests" ADD CONSTRAINT "financial_interests_sponsor_id_sponsors_id_fk" FOREIGN KEY ("sponsor_id") REFERENCES "public"."sponsors"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "financial_interests" ADD CONSTRAINT "financial_interests_entity_id_corporate_entities_id_fk" FOREIGN KEY ("entity_id") REFERENCES "public"."corporate_entities"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "lobbying_activities" ADD CONSTRAINT "lobbying_activities_lobbyist_entity_id_corporate_entities_id_fk" FOREIGN KEY ("lobbyist_entity_id") REFERENCES "public"."corporate_entities"("id") ON DELETE set null ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "lobbying_activities" ADD CONSTRAINT "lobbying_activities_target_sponsor_id_sponsors_id_fk" FOREIGN KEY ("target_sponsor_id") REFERENCES "public"."sponsors"("id") ON DELETE set null ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "bill_financial_conflicts" ADD CONSTRAINT "bill_financial_conflicts_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "bill_financial_conflicts" ADD CONSTRAINT "bill_financial_conflicts_sponsor_id_sponsors_id_fk" FOREIGN KEY ("sponsor_id") REFERENCES "public"."sponsors"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "bill_financial_conflicts" ADD CONSTRAINT "bill_financial_conflicts_financial_interest_id_financial_interests_id_fk" FOREIGN KEY ("financial_interest_id") REFERENCES "public"."financial_interests"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "bill_financial_conflicts" ADD CONSTRAINT "bill_financial_conflicts_entity_id_corporate_entities_id_fk" FOREIGN KEY ("entity_id") REFERENCES "public"."corporate_entities"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "cross_sector_ownership" ADD CONSTRAINT "cross_sector_ownership_owner_entity_id_corporate_entities_id_fk" FOREIGN KEY ("owner_entity_id") REFERENCES "public"."corporate_entities"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "cross_sector_ownership" ADD CONSTRAINT "cross_sector_ownership_owned_entity_id_corporate_entities_id_fk" FOREIGN KEY ("owned_entity_id") REFERENCES "public"."corporate_entities"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "regulatory_capture_indicators" ADD CONSTRAINT "regulatory_capture_indicators_entity_id_corporate_entities_id_fk" FOREIGN KEY ("entity_id") REFERENCES "public"."corporate_entities"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "regulatory_capture_indicators" ADD CONSTRAINT "regulatory_capture_indicators_sponsor_id_sponsors_id_fk" FOREIGN KEY ("sponsor_id") REFERENCES "public"."sponsors"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;

CREATE INDEX IF NOT EXISTS "idx_corporate_entities_name" ON "corporate_entities" USING btree ("name");
CREATE INDEX IF NOT EXISTS "idx_corporate_entities_registration_number" ON "corporate_entities" USING btree ("registration_number") WHERE "registration_number" IS NOT NULL;
CREATE INDEX IF NOT EXISTS "idx_corporate_entities_industry_sector" ON "corporate_entities" USING btree ("industry_sector","annual_revenue");
CREATE INDEX IF NOT EXISTS "idx_corporate_entities_parent_company" ON "corporate_entities" USING btree ("parent_company_id") WHERE "parent_company_id" IS NOT NULL;
CREATE INDEX IF NOT EXISTS "idx_corporate_entities_publicly_traded" ON "corporate_entities" USING btree ("is_publicly_traded","stock_exchange") WHERE "is_publicly_traded" = true;
CREATE INDEX IF NOT EXISTS "idx_corporate_entities_verification_status" ON "corporate_entities" USING btree ("verification_status","last_updated");
CREATE INDEX IF NOT EXISTS "idx_financial_interests_sponsor_entity" ON "financial_interests" USING btree ("sponsor_id","entity_id","is_current") WHERE "sponsor_id" IS NOT NULL;
CREATE INDEX IF NOT EXISTS "idx_financial_interests_entity_interest" ON "financial_interests" USING btree ("entity_id","interest_type","is_current");
CREATE INDEX IF NOT EXISTS "idx_financial_interests_potential_conflict" ON "financial_interests" USING btree ("potential_conflict","is_current") WHERE "potential_conflict" = true AND "is_current" = true;
CREATE INDEX IF NOT EXISTS "idx_financial_interests_disclosure_status" ON "financial_interests" USING btree ("is_publicly_disclosed","disclosure_date");
CREATE INDEX IF NOT EXISTS "idx_lobbying_activities_lobbyist_date" ON "lobbying_activities" USING btree ("lobbyist_entity_id","activity_date") WHERE "lobbyist_entity_id" IS NOT NULL;
CREATE INDEX IF NOT EXISTS "idx_lobbying_activities_target_sponsor" ON "lobbying_activities" USING btree ("target_sponsor_id","activity_date") WHERE "target_sponsor_id" IS NOT NULL;
CREATE INDEX IF NOT EXISTS "idx_lobbying_activities_target_bills" ON "lobbying_activities" USING gin ("target_bills");
CREATE INDEX IF NOT EXISTS "idx_lobbying_activities_disclosure_compliance" ON "lobbying_activities" USING btree ("disclosure_required","is_disclosed","activity_date");
CREATE INDEX IF NOT EXISTS "idx_bill_financial_conflicts_bill_conflict" ON "bill_financial_conflicts" USING btree ("bill_id","conflict_severity","conflict_status");
CREATE INDEX IF NOT EXISTS "idx_bill_financial_conflicts_sponsor_conflict" ON "bill_financial_conflicts" USING btree ("sponsor_id","conflict_severity") WHERE "sponsor_id" IS NOT NULL;
CREATE INDEX IF NOT EXISTS "idx_bill_financial_conflicts_entity_impact" ON "bill_financial_conflicts" USING btree ("entity_id","potential_financial_impact") WHERE "entity_id" IS NOT NULL;
CREATE INDEX IF NOT EXISTS "idx_bill_financial_conflicts_public_disclosure" ON "bill_financial_conflicts" USING btree ("is_public","conflict_severity","created_at");
CREATE INDEX IF NOT EXISTS "idx_cross_sector_ownership_owner_owned" ON "cross_sector_ownership" USING btree ("owner_entity_id","owned_entity_id","is_current");
CREATE INDEX IF NOT EXISTS "idx_cross_sector_ownership_cross_sector_influence" ON "cross_sector_ownership" USING btree ("creates_cross_sector_influence","is_current") WHERE "creates_cross_sector_influence" = true AND "is_current" = true;
CREATE INDEX IF NOT EXISTS "idx_cross_sector_ownership_affected_sectors" ON "cross_sector_ownership" USING gin ("affected_sectors");
CREATE INDEX IF NOT EXISTS "idx_regulatory_capture_indicators_type_strength" ON "regulatory_capture_indicators" USING btree ("indicator_type","indicator_strength","is_ongoing");
CREATE INDEX IF NOT EXISTS "idx_regulatory_capture_indicators_entity_capture" ON "regulatory_capture_indicators" USING btree ("entity_id","indicator_strength") WHERE "entity_id" IS NOT NULL;
CREATE INDEX IF NOT EXISTS "idx_regulatory_capture_indicators_sponsor_influence" ON "regulatory_capture_indicators" USING btree ("sponsor_id","indicator_strength") WHERE "sponsor_id" IS NOT NULL;
CREATE INDEX IF NOT EXISTS "idx_regulatory_capture_indicators_investigation_status" ON "regulatory_capture_indicators" USING btree ("investigation_status","created_at");
