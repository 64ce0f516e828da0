-- Old-shape fixture, derived from the facts of the old Drizzle module's schema
-- (domain reference, section 1.5).
-- Written in the style of drizzle-kit's output (148): quoted identifiers,
-- CREATE ... IF NOT EXISTS, foreign keys in duplicate-tolerant DO blocks, drizzle's constraint and
-- index names. Do not edit by hand without checking the reference.

CREATE TABLE IF NOT EXISTS "arguments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"bill_id" uuid NOT NULL,
	"argument_text" text NOT NULL,
	"argument_summary" varchar(500),
	"position" varchar(20) NOT NULL,
	"argument_type" varchar(50),
	"strength_score" numeric(3, 2),
	"source_comments" uuid[],
	"extraction_method" varchar(20) NOT NULL,
	"confidence_score" numeric(3, 2),
	"support_count" integer DEFAULT 0 NOT NULL,
	"opposition_count" integer DEFAULT 0 NOT NULL,
	"citizen_endorsements" integer DEFAULT 0 NOT NULL,
	"is_verified" boolean DEFAULT false NOT NULL,
	"verified_by" uuid,
	"quality_score" numeric(3, 2),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE IF NOT EXISTS "claims" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"claim_text" text NOT NULL,
	"claim_summary" varchar(300),
	"claim_type" varchar(50),
	"verification_status" varchar(20) DEFAULT 'unverified' NOT NULL,
	"fact_check_url" varchar(500),
	"supporting_arguments" uuid[],
	"contradicting_arguments" uuid[],
	"mention_count" integer DEFAULT 1 NOT NULL,
	"bills_referenced" uuid[],
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE IF NOT EXISTS "evidence" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"evidence_type" varchar(50) NOT NULL,
	"title" varchar(500) NOT NULL,
	"description" text,
	"source_url" varchar(500),
	"source_organization" varchar(200),
	"publication_date" date,
	"credibility_score" numeric(3, 2),
	"peer_reviewed" boolean DEFAULT false NOT NULL,
	"supports_claims" uuid[],
	"contradicts_claims" uuid[],
	"supports_arguments" uuid[],
	"citation_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE IF NOT EXISTS "argument_relationships" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source_argument_id" uuid NOT NULL,
	"target_argument_id" uuid NOT NULL,
	"relationship_type" varchar(50) NOT NULL,
	"strength" numeric(3, 2),
	"explanation" text,
	"detected_by" varchar(20) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "argument_relationships_source_target_unique" UNIQUE("source_argument_id","target_argument_id")
);

CREATE TABLE IF NOT EXISTS "legislative_briefs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"bill_id" uuid NOT NULL,
	"brief_type" varchar(50) NOT NULL,
	"title" varchar(500) NOT NULL,
	"executive_summary" text NOT NULL,
	"key_arguments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"stakeholder_positions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"public_sentiment" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"constitutional_implications" text,
	"legal_precedents_cited" uuid[],
	"generated_by" varchar(20) NOT NULL,
	"data_cutoff_date" timestamp with time zone NOT NULL,
	"delivered_to_committee" boolean DEFAULT false NOT NULL,
	"committee_response" text,
	"public_release_date" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE IF NOT EXISTS "synthesis_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"job_type" varchar(50) NOT NULL,
	"bill_id" uuid,
	"status" varchar(20) DEFAULT 'pending' NOT NULL,
	"progress_percentage" smallint DEFAULT 0 NOT NULL,
	"parameters" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"results" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"error_message" text,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);

DO $$ BEGIN
 ALTER TABLE "arguments" ADD CONSTRAINT "arguments_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "arguments" ADD CONSTRAINT "arguments_verified_by_users_id_fk" FOREIGN KEY ("verified_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "argument_relationships" ADD CONSTRAINT "argument_relationships_source_argument_id_arguments_id_fk" FOREIGN KEY ("source_argument_id") REFERENCES "public"."arguments"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "argument_relationships" ADD CONSTRAINT "argument_relationships_target_argument_id_arguments_id_fk" FOREIGN KEY ("target_argument_id") REFERENCES "public"."arguments"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "legislative_briefs" ADD CONSTRAINT "legislative_briefs_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "synthesis_jobs" ADD CONSTRAINT "synthesis_jobs_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;

CREATE INDEX IF NOT EXISTS "idx_arguments_bill_position" ON "arguments" USING btree ("bill_id","position","strength_score");
CREATE INDEX IF NOT EXISTS "idx_arguments_verified_quality" ON "arguments" USING btree ("is_verified","quality_score") WHERE "is_verified" = true;
CREATE INDEX IF NOT EXISTS "idx_arguments_source_comments" ON "arguments" USING gin ("source_comments");
CREATE INDEX IF NOT EXISTS "idx_claims_verification_status" ON "claims" USING btree ("verification_status","mention_count");
CREATE INDEX IF NOT EXISTS "idx_claims_bills_referenced" ON "claims" USING gin ("bills_referenced");
CREATE INDEX IF NOT EXISTS "idx_claims_claim_text" ON "claims" USING btree ("claim_text");
CREATE INDEX IF NOT EXISTS "idx_evidence_type_credibility" ON "evidence" USING btree ("evidence_type","credibility_score");
CREATE INDEX IF NOT EXISTS "idx_evidence_peer_reviewed" ON "evidence" USING btree ("peer_reviewed","credibility_score") WHERE "peer_reviewed" = true;
CREATE INDEX IF NOT EXISTS "idx_evidence_supports_claims" ON "evidence" USING gin ("supports_claims");
CREATE INDEX IF NOT EXISTS "idx_evidence_supports_arguments" ON "evidence" USING gin ("supports_arguments");
CREATE INDEX IF NOT EXISTS "idx_argument_relationships_source_type" ON "argument_relationships" USING btree ("source_argument_id","relationship_type");
CREATE INDEX IF NOT EXISTS "idx_argument_relationships_target_type" ON "argument_relationships" USING btree ("target_argument_id","relationship_type");
CREATE INDEX IF NOT EXISTS "idx_legislative_briefs_bill_type" ON "legislative_briefs" USING btree ("bill_id","brief_type");
CREATE INDEX IF NOT EXISTS "idx_legislative_briefs_committee_delivery" ON "legislative_briefs" USING btree ("delivered_to_committee","created_at");
CREATE INDEX IF NOT EXISTS "idx_legislative_briefs_public_release" ON "legislative_briefs" USING btree ("public_release_date") WHERE "public_release_date" IS NOT NULL;
CREATE INDEX IF NOT EXISTS "idx_synthesis_jobs_status_type" ON "synthesis_jobs" USING btree ("status","job_type","created_at");
CREATE INDEX IF NOT EXISTS "idx_synthesis_jobs_bill_status" ON "synthesis_jobs" USING btree ("bill_id","status") WHERE "bill_id" IS NOT NULL;
