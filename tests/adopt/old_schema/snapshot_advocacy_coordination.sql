-- Old-shape fixture, derived from the facts of the old Drizzle module's schema
-- (domain reference, section 1.6).
-- Written in the style of drizzle-kit's output (148): quoted identifiers,
-- CREATE ... IF NOT EXISTS, foreign keys in duplicate-tolerant DO blocks, drizzle's constraint and
-- index names. Do not edit by hand without checking the reference.

CREATE TABLE IF NOT EXISTS "campaigns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" varchar(500) NOT NULL,
	"slug" varchar(200) NOT NULL,
	"description" text NOT NULL,
	"target_bills" uuid[],
	"primary_bill_id" uuid,
	"campaign_goal" text NOT NULL,
	"key_messages" varchar(300)[],
	"call_to_action" text NOT NULL,
	"created_by_id" uuid NOT NULL,
	"organization_name" varchar(300),
	"organization_type" varchar(50),
	"status" varchar(30) DEFAULT 'draft' NOT NULL,
	"launch_date" date,
	"target_end_date" date,
	"actual_end_date" date,
	"geographic_scope" varchar(30) NOT NULL,
	"target_counties" kenyan_county[],
	"target_constituencies" varchar(100)[],
	"participant_count" integer DEFAULT 0 NOT NULL,
	"target_participant_count" integer,
	"actions_completed" integer DEFAULT 0 NOT NULL,
	"budget" numeric(12, 2),
	"funding_sources" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"is_public" boolean DEFAULT true NOT NULL,
	"requires_approval" boolean DEFAULT false NOT NULL,
	"moderation_status" varchar(30) DEFAULT 'approved' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaigns_slug_unique" UNIQUE("slug"),
	CONSTRAINT "campaigns_date_range_check" CHECK ("target_end_date" IS NULL OR "launch_date" IS NULL OR "target_end_date" >= "launch_date")
);

CREATE TABLE IF NOT EXISTS "action_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"title" varchar(300) NOT NULL,
	"description" text NOT NULL,
	"action_type" varchar(50) NOT NULL,
	"difficulty_level" varchar(20) NOT NULL,
	"estimated_time_minutes" smallint,
	"impact_score" smallint DEFAULT 1 NOT NULL,
	"action_config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"completion_count" integer DEFAULT 0 NOT NULL,
	"target_completions" integer,
	"display_order" smallint DEFAULT 1 NOT NULL,
	"prerequisite_actions" uuid[],
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE IF NOT EXISTS "campaign_participants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"joined_date" date DEFAULT CURRENT_DATE NOT NULL,
	"participation_level" varchar(30) DEFAULT 'supporter' NOT NULL,
	"notification_preferences" jsonb DEFAULT '{"email_updates": true, "sms_updates": false, "action_reminders": true, "milestone_alerts": true}'::jsonb NOT NULL,
	"actions_completed" integer DEFAULT 0 NOT NULL,
	"last_action_date" date,
	"volunteer_skills" varchar(100)[],
	"availability" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"participant_county" kenyan_county,
	"participant_constituency" varchar(100),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_participants_campaign_user_unique" UNIQUE("campaign_id","user_id")
);

CREATE TABLE IF NOT EXISTS "action_completions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"action_item_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"completed_date" date DEFAULT CURRENT_DATE NOT NULL,
	"completion_method" varchar(50),
	"completion_notes" text,
	"evidence_url" varchar(500),
	"verification_status" varchar(30) DEFAULT 'self_reported' NOT NULL,
	"target_contacted" varchar(200),
	"response_received" boolean DEFAULT false NOT NULL,
	"response_content" text,
	"completion_data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "action_completions_action_user_unique" UNIQUE("action_item_id","user_id")
);

CREATE TABLE IF NOT EXISTS "campaign_impact_metrics" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"metric_date" date DEFAULT CURRENT_DATE NOT NULL,
	"metric_type" varchar(50) NOT NULL,
	"total_participants" integer DEFAULT 0 NOT NULL,
	"new_participants_today" integer DEFAULT 0 NOT NULL,
	"active_participants" integer DEFAULT 0 NOT NULL,
	"actions_completed_today" integer DEFAULT 0 NOT NULL,
	"total_actions_completed" integer DEFAULT 0 NOT NULL,
	"average_actions_per_participant" numeric(5, 2),
	"social_media_shares" integer DEFAULT 0 NOT NULL,
	"email_opens" integer DEFAULT 0 NOT NULL,
	"website_visits" integer DEFAULT 0 NOT NULL,
	"legislative_responses" integer DEFAULT 0 NOT NULL,
	"media_mentions" integer DEFAULT 0 NOT NULL,
	"policy_changes" integer DEFAULT 0 NOT NULL,
	"county_participation" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"detailed_metrics" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_impact_metrics_campaign_date_type_unique" UNIQUE("campaign_id","metric_date","metric_type")
);

CREATE TABLE IF NOT EXISTS "coalition_relationships" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"primary_campaign_id" uuid NOT NULL,
	"partner_campaign_id" uuid NOT NULL,
	"relationship_type" varchar(50) NOT NULL,
	"relationship_strength" varchar(20),
	"collaboration_areas" varchar(100)[],
	"shared_resources" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"joint_actions" uuid[],
	"status" varchar(30) DEFAULT 'active' NOT NULL,
	"established_date" date DEFAULT CURRENT_DATE NOT NULL,
	"end_date" date,
	"collaboration_notes" text,
	"success_metrics" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coalition_relationships_primary_partner_unique" UNIQUE("primary_campaign_id","partner_campaign_id"),
	CONSTRAINT "coalition_relationships_self_relationship_check" CHECK ("primary_campaign_id" != "partner_campaign_id")
);

DO $$ BEGIN
 ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_primary_bill_id_bills_id_fk" FOREIGN KEY ("primary_bill_id") REFERENCES "public"."bills"("id") ON DELETE set null ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "action_items" ADD CONSTRAINT "action_items_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "campaign_participants" ADD CONSTRAINT "campaign_participants_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "campaign_participants" ADD CONSTRAINT "campaign_participants_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "action_completions" ADD CONSTRAINT "action_completions_action_item_id_action_items_id_fk" FOREIGN KEY ("action_item_id") REFERENCES "public"."action_items"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "action_completions" ADD CONSTRAINT "action_completions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "action_completions" ADD CONSTRAINT "action_completions_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "campaign_impact_metrics" ADD CONSTRAINT "campaign_impact_metrics_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "coalition_relationships" ADD CONSTRAINT "coalition_relationships_primary_campaign_id_campaigns_id_fk" FOREIGN KEY ("primary_campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "coalition_relationships" ADD CONSTRAINT "coalition_relationships_partner_campaign_id_campaigns_id_fk" FOREIGN KEY ("partner_campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;

CREATE INDEX IF NOT EXISTS "idx_campaigns_status_public" ON "campaigns" USING btree ("status","is_public","launch_date") WHERE "is_public" = true;
CREATE INDEX IF NOT EXISTS "idx_campaigns_primary_bill" ON "campaigns" USING btree ("primary_bill_id","status") WHERE "primary_bill_id" IS NOT NULL;
CREATE INDEX IF NOT EXISTS "idx_campaigns_target_counties" ON "campaigns" USING gin ("target_counties");
CREATE INDEX IF NOT EXISTS "idx_campaigns_organization" ON "campaigns" USING btree ("organization_name","status") WHERE "organization_name" IS NOT NULL;
CREATE INDEX IF NOT EXISTS "idx_action_items_campaign_active_order" ON "action_items" USING btree ("campaign_id","is_active","display_order") WHERE "is_active" = true;
CREATE INDEX IF NOT EXISTS "idx_action_items_type_active" ON "action_items" USING btree ("action_type","is_active","completion_count");
CREATE INDEX IF NOT EXISTS "idx_action_items_difficulty_impact" ON "action_items" USING btree ("difficulty_level","impact_score");
CREATE INDEX IF NOT EXISTS "idx_campaign_participants_campaign_level" ON "campaign_participants" USING btree ("campaign_id","participation_level","joined_date");
CREATE INDEX IF NOT EXISTS "idx_campaign_participants_user_activity" ON "campaign_participants" USING btree ("user_id","last_action_date","actions_completed");
CREATE INDEX IF NOT EXISTS "idx_campaign_participants_county_participation" ON "campaign_participants" USING btree ("participant_county","campaign_id") WHERE "participant_county" IS NOT NULL;
CREATE INDEX IF NOT EXISTS "idx_action_completions_campaign_completion" ON "action_completions" USING btree ("campaign_id","completed_date","verification_status");
CREATE INDEX IF NOT EXISTS "idx_action_completions_user_action_history" ON "action_completions" USING btree ("user_id","completed_date");
CREATE INDEX IF NOT EXISTS "idx_action_completions_response_received" ON "action_completions" USING btree ("response_received","completed_date") WHERE "response_received" = true;
CREATE INDEX IF NOT EXISTS "idx_campaign_impact_metrics_campaign_metric_time" ON "campaign_impact_metrics" USING btree ("campaign_id","metric_type","metric_date");
CREATE INDEX IF NOT EXISTS "idx_campaign_impact_metrics_type_metric" ON "campaign_impact_metrics" USING btree ("metric_type","metric_date");
CREATE INDEX IF NOT EXISTS "idx_coalition_relationships_primary_type" ON "coalition_relationships" USING btree ("primary_campaign_id","relationship_type","status");
CREATE INDEX IF NOT EXISTS "idx_coalition_relationships_partner_type" ON "coalition_relationships" USING btree ("partner_campaign_id","relationship_type","status");
