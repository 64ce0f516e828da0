-- Old-shape fixture, derived from the facts of the old Drizzle module's schema
-- (domain reference, section 1.4).
-- Written in the style of drizzle-kit's output (148): quoted identifiers,
-- CREATE ... IF NOT EXISTS, foreign keys in duplicate-tolerant DO blocks, drizzle's constraint and
-- index names. Do not edit by hand without checking the reference.

CREATE TABLE IF NOT EXISTS "constitutional_provisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"chapter_number" smallint NOT NULL,
	"article_number" smallint,
	"section_number" smallint,
	"clause_number" smallint,
	"title" varchar(500) NOT NULL,
	"full_text" text NOT NULL,
	"summary" text,
	"is_fundamental_right" boolean DEFAULT false NOT NULL,
	"is_directive_principle" boolean DEFAULT false NOT NULL,
	"enforcement_mechanism" varchar(100),
	"related_provisions" uuid[],
	"keywords" varchar(100)[],
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "constitutional_provisions_ref_unique" UNIQUE("chapter_number","article_number","section_number","clause_number")
);

CREATE TABLE IF NOT EXISTS "constitutional_analyses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"bill_id" uuid NOT NULL,
	"analysis_type" varchar(50) NOT NULL,
	"confidence_score" numeric(3, 2),
	"constitutional_provisions_cited" uuid[],
	"potential_violations" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"constitutional_alignment" varchar(20),
	"executive_summary" text NOT NULL,
	"detailed_analysis" text,
	"recommendations" text,
	"requires_expert_review" boolean DEFAULT false NOT NULL,
	"expert_reviewed" boolean DEFAULT false NOT NULL,
	"expert_reviewer_id" uuid,
	"expert_notes" text,
	"analysis_version" integer DEFAULT 1 NOT NULL,
	"superseded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE IF NOT EXISTS "legal_precedents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_name" varchar(500) NOT NULL,
	"case_number" varchar(100),
	"court_level" varchar(50) NOT NULL,
	"judgment_date" date,
	"judges" varchar(100)[],
	"case_summary" text,
	"legal_principle" text,
	"constitutional_provisions_involved" uuid[],
	"precedent_strength" varchar(20),
	"judgment_url" varchar(500),
	"citation" varchar(200),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE IF NOT EXISTS "expert_review_queue" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"analysis_id" uuid NOT NULL,
	"bill_id" uuid NOT NULL,
	"priority_level" varchar(20) DEFAULT 'medium' NOT NULL,
	"review_reason" varchar(100) NOT NULL,
	"assigned_expert_id" uuid,
	"assigned_at" timestamp with time zone,
	"status" varchar(20) DEFAULT 'pending' NOT NULL,
	"completed_at" timestamp with time zone,
	"review_notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE IF NOT EXISTS "analysis_audit_trail" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"analysis_id" uuid NOT NULL,
	"action_type" varchar(50) NOT NULL,
	"actor_id" uuid,
	"actor_type" varchar(20) NOT NULL,
	"changes_made" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"reason" text,
	"ip_address" varchar(45),
	"user_agent" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);

DO $$ BEGIN
 ALTER TABLE "constitutional_analyses" ADD CONSTRAINT "constitutional_analyses_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "constitutional_analyses" ADD CONSTRAINT "constitutional_analyses_expert_reviewer_id_users_id_fk" FOREIGN KEY ("expert_reviewer_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "constitutional_analyses" ADD CONSTRAINT "constitutional_analyses_superseded_by_constitutional_analyses_id_fk" FOREIGN KEY ("superseded_by") REFERENCES "public"."constitutional_analyses"("id") ON DELETE set null ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "expert_review_queue" ADD CONSTRAINT "expert_review_queue_analysis_id_constitutional_analyses_id_fk" FOREIGN KEY ("analysis_id") REFERENCES "public"."constitutional_analyses"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "expert_review_queue" ADD CONSTRAINT "expert_review_queue_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "expert_review_queue" ADD CONSTRAINT "expert_review_queue_assigned_expert_id_users_id_fk" FOREIGN KEY ("assigned_expert_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "analysis_audit_trail" ADD CONSTRAINT "analysis_audit_trail_analysis_id_constitutional_analyses_id_fk" FOREIGN KEY ("analysis_id") REFERENCES "public"."constitutional_analyses"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "analysis_audit_trail" ADD CONSTRAINT "analysis_audit_trail_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;

CREATE INDEX IF NOT EXISTS "idx_constitutional_provisions_chapter_article" ON "constitutional_provisions" USING btree ("chapter_number","article_number");
CREATE INDEX IF NOT EXISTS "idx_constitutional_provisions_fundamental_rights" ON "constitutional_provisions" USING btree ("is_fundamental_right") WHERE "is_fundamental_right" = true;
CREATE INDEX IF NOT EXISTS "idx_constitutional_provisions_keywords" ON "constitutional_provisions" USING gin ("keywords");
CREATE INDEX IF NOT EXISTS "idx_constitutional_analyses_bill_current" ON "constitutional_analyses" USING btree ("bill_id","superseded_by") WHERE "superseded_by" IS NULL;
CREATE INDEX IF NOT EXISTS "idx_constitutional_analyses_expert_review" ON "constitutional_analyses" USING btree ("requires_expert_review","expert_reviewed","created_at") WHERE "requires_expert_review" = true AND "expert_reviewed" = false;
CREATE INDEX IF NOT EXISTS "idx_constitutional_analyses_alignment" ON "constitutional_analyses" USING btree ("constitutional_alignment","confidence_score");
CREATE INDEX IF NOT EXISTS "idx_legal_precedents_case_name" ON "legal_precedents" USING btree ("case_name");
CREATE INDEX IF NOT EXISTS "idx_legal_precedents_court_level_date" ON "legal_precedents" USING btree ("court_level","judgment_date");
CREATE INDEX IF NOT EXISTS "idx_legal_precedents_constitutional_provisions" ON "legal_precedents" USING gin ("constitutional_provisions_involved");
CREATE INDEX IF NOT EXISTS "idx_expert_review_queue_status_priority" ON "expert_review_queue" USING btree ("status","priority_level","created_at");
CREATE INDEX IF NOT EXISTS "idx_expert_review_queue_assigned_expert" ON "expert_review_queue" USING btree ("assigned_expert_id","status") WHERE "assigned_expert_id" IS NOT NULL;
CREATE INDEX IF NOT EXISTS "idx_expert_review_queue_bill_status" ON "expert_review_queue" USING btree ("bill_id","status");
CREATE INDEX IF NOT EXISTS "idx_analysis_audit_trail_analysis_action" ON "analysis_audit_trail" USING btree ("analysis_id","action_type","created_at");
CREATE INDEX IF NOT EXISTS "idx_analysis_audit_trail_actor_type" ON "analysis_audit_trail" USING btree ("actor_type","created_at");
