-- Old-shape fixture, derived from the facts of the old Drizzle module's schema
-- (domain reference, section 1.7).
-- Written in the style of drizzle-kit's output (148): quoted identifiers,
-- CREATE ... IF NOT EXISTS, foreign keys in duplicate-tolerant DO blocks, drizzle's constraint and
-- index names. Do not edit by hand without checking the reference.

CREATE TABLE IF NOT EXISTS "ambassadors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"ambassador_code" varchar(20) NOT NULL,
	"display_name" varchar(200) NOT NULL,
	"contact_phone" varchar(50),
	"contact_email" varchar(255),
	"preferred_contact_method" varchar(50) NOT NULL,
	"primary_county" kenyan_county NOT NULL,
	"primary_constituency" varchar(100),
	"coverage_areas" varchar(100)[],
	"background" text,
	"languages_spoken" varchar(50)[],
	"specializations" varchar(100)[],
	"has_smartphone" boolean DEFAULT false NOT NULL,
	"has_laptop" boolean DEFAULT false NOT NULL,
	"connectivity_level" varchar(50),
	"status" varchar(30) DEFAULT 'pending' NOT NULL,
	"verification_status" varchar(30) DEFAULT 'unverified' NOT NULL,
	"training_completed" boolean DEFAULT false NOT NULL,
	"training_completion_date" date,
	"certification_level" varchar(30),
	"sessions_conducted" integer DEFAULT 0 NOT NULL,
	"people_reached" integer DEFAULT 0 NOT NULL,
	"last_activity_date" date,
	"recruited_by_id" uuid,
	"onboarding_date" date DEFAULT CURRENT_DATE NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ambassadors_ambassador_code_unique" UNIQUE("ambassador_code"),
	CONSTRAINT "ambassadors_contact_method_check" CHECK ("contact_phone" IS NOT NULL OR "contact_email" IS NOT NULL)
);

CREATE TABLE IF NOT EXISTS "communities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" varchar(300) NOT NULL,
	"community_type" varchar(50) NOT NULL,
	"county" kenyan_county,
	"constituency" varchar(100),
	"ward" varchar(100),
	"sub_location" varchar(100),
	"estimated_population" integer,
	"primary_language" varchar(50),
	"secondary_languages" varchar(50)[],
	"internet_penetration" numeric(5, 2),
	"smartphone_penetration" numeric(5, 2),
	"literacy_rate" numeric(5, 2),
	"primary_concerns" varchar(100)[],
	"engagement_preferences" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"traditional_leaders" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"community_groups" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"primary_ambassador_id" uuid,
	"secondary_ambassadors" uuid[],
	"is_active" boolean DEFAULT true NOT NULL,
	"last_engagement_date" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE IF NOT EXISTS "facilitation_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_code" varchar(30) NOT NULL,
	"session_title" varchar(500),
	"ambassador_id" uuid NOT NULL,
	"community_id" uuid,
	"session_date" date NOT NULL,
	"start_time" varchar(10),
	"end_time" varchar(10),
	"venue" varchar(300),
	"venue_type" varchar(50),
	"bills_discussed" uuid[],
	"primary_bill_id" uuid,
	"session_agenda" text,
	"materials_used" varchar(100)[],
	"planned_participants" integer,
	"actual_participants" integer,
	"participant_demographics" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"session_format" varchar(50),
	"participation_methods" varchar(50)[],
	"language_used" varchar(50),
	"session_status" varchar(30) DEFAULT 'planned' NOT NULL,
	"key_outcomes" text,
	"action_items_generated" text,
	"follow_up_needed" boolean DEFAULT false NOT NULL,
	"feedback_collected" integer DEFAULT 0 NOT NULL,
	"photos_taken" integer DEFAULT 0 NOT NULL,
	"audio_recorded" boolean DEFAULT false NOT NULL,
	"sync_status" varchar(20) DEFAULT 'synced' NOT NULL,
	"last_synced_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "facilitation_sessions_session_code_unique" UNIQUE("session_code")
);

CREATE TABLE IF NOT EXISTS "offline_submissions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid,
	"bill_id" uuid NOT NULL,
	"collected_by_id" uuid NOT NULL,
	"participant_code" varchar(20),
	"participant_demographics" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"submission_text" text NOT NULL,
	"submission_language" varchar(50),
	"position" varchar(20),
	"collection_method" varchar(30) NOT NULL,
	"original_format" varchar(30),
	"transcription_quality" varchar(20),
	"verified_by_participant" boolean DEFAULT false NOT NULL,
	"processing_status" varchar(30) DEFAULT 'collected' NOT NULL,
	"needs_translation" boolean DEFAULT false NOT NULL,
	"translated_text" text,
	"audio_file_path" varchar(500),
	"photo_file_paths" varchar(500)[],
	"sync_status" varchar(20) DEFAULT 'pending' NOT NULL,
	"integrated_with_online" boolean DEFAULT false NOT NULL,
	"online_comment_id" uuid,
	"collected_at" timestamp with time zone DEFAULT now() NOT NULL,
	"synced_at" timestamp with time zone
);

CREATE TABLE IF NOT EXISTS "ussd_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" varchar(100) NOT NULL,
	"phone_number" varchar(20) NOT NULL,
	"user_id" uuid,
	"current_menu" varchar(100) DEFAULT 'main' NOT NULL,
	"menu_history" varchar(100)[],
	"session_data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"session_active" boolean DEFAULT true NOT NULL,
	"session_start" timestamp with time zone DEFAULT now() NOT NULL,
	"session_end" timestamp with time zone,
	"last_interaction" timestamp with time zone DEFAULT now() NOT NULL,
	"menus_visited" integer DEFAULT 1 NOT NULL,
	"actions_performed" integer DEFAULT 0 NOT NULL,
	"bills_viewed" uuid[],
	"county" kenyan_county,
	"telecom_provider" varchar(100),
	"session_outcome" varchar(50),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ussd_sessions_session_id_unique" UNIQUE("session_id"),
	CONSTRAINT "idx_ussd_sessions_session_id" UNIQUE("session_id")
);

CREATE TABLE IF NOT EXISTS "localized_content" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"content_type" varchar(50) NOT NULL,
	"source_id" uuid NOT NULL,
	"content_key" varchar(100) NOT NULL,
	"language_code" varchar(10) NOT NULL,
	"country_code" varchar(5) DEFAULT 'KE' NOT NULL,
	"cultural_context" varchar(50),
	"original_text" text NOT NULL,
	"localized_text" text NOT NULL,
	"simplified_text" text,
	"audio_url" varchar(500),
	"translation_method" varchar(30) NOT NULL,
	"translator_id" uuid,
	"translation_quality" varchar(20),
	"reading_level" varchar(20),
	"cultural_adaptations" text,
	"usage_count" integer DEFAULT 0 NOT NULL,
	"feedback_score" numeric(3, 2),
	"needs_update" boolean DEFAULT false NOT NULL,
	"version_number" integer DEFAULT 1 NOT NULL,
	"superseded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);

DO $$ BEGIN
 ALTER TABLE "ambassadors" ADD CONSTRAINT "ambassadors_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "ambassadors" ADD CONSTRAINT "ambassadors_recruited_by_id_users_id_fk" FOREIGN KEY ("recruited_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "communities" ADD CONSTRAINT "communities_primary_ambassador_id_ambassadors_id_fk" FOREIGN KEY ("primary_ambassador_id") REFERENCES "public"."ambassadors"("id") ON DELETE set null ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "facilitation_sessions" ADD CONSTRAINT "facilitation_sessions_ambassador_id_ambassadors_id_fk" FOREIGN KEY ("ambassador_id") REFERENCES "public"."ambassadors"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "facilitation_sessions" ADD CONSTRAINT "facilitation_sessions_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE set null ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "facilitation_sessions" ADD CONSTRAINT "facilitation_sessions_primary_bill_id_bills_id_fk" FOREIGN KEY ("primary_bill_id") REFERENCES "public"."bills"("id") ON DELETE set null ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "offline_submissions" ADD CONSTRAINT "offline_submissions_session_id_facilitation_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."facilitation_sessions"("id") ON DELETE set null ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "offline_submissions" ADD CONSTRAINT "offline_submissions_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "offline_submissions" ADD CONSTRAINT "offline_submissions_collected_by_id_ambassadors_id_fk" FOREIGN KEY ("collected_by_id") REFERENCES "public"."ambassadors"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "ussd_sessions" ADD CONSTRAINT "ussd_sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "localized_content" ADD CONSTRAINT "localized_content_translator_id_users_id_fk" FOREIGN KEY ("translator_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;

CREATE INDEX IF NOT EXISTS "idx_ambassadors_status_county" ON "ambassadors" USING btree ("status","primary_county") WHERE "status" = 'active';
CREATE INDEX IF NOT EXISTS "idx_ambassadors_coverage_areas" ON "ambassadors" USING gin ("coverage_areas");
CREATE INDEX IF NOT EXISTS "idx_ambassadors_activity_performance" ON "ambassadors" USING btree ("last_activity_date","sessions_conducted","people_reached");
CREATE INDEX IF NOT EXISTS "idx_ambassadors_training_status" ON "ambassadors" USING btree ("training_completed","certification_level");
CREATE INDEX IF NOT EXISTS "idx_communities_county_constituency" ON "communities" USING btree ("county","constituency","is_active") WHERE "is_active" = true;
CREATE INDEX IF NOT EXISTS "idx_communities_primary_ambassador" ON "communities" USING btree ("primary_ambassador_id","is_active") WHERE "primary_ambassador_id" IS NOT NULL AND "is_active" = true;
CREATE INDEX IF NOT EXISTS "idx_communities_access_characteristics" ON "communities" USING btree ("internet_penetration","smartphone_penetration");
CREATE INDEX IF NOT EXISTS "idx_communities_last_engagement" ON "communities" USING btree ("last_engagement_date","is_active") WHERE "is_active" = true;
CREATE INDEX IF NOT EXISTS "idx_facilitation_sessions_ambassador_date" ON "facilitation_sessions" USING btree ("ambassador_id","session_date","session_status");
CREATE INDEX IF NOT EXISTS "idx_facilitation_sessions_community_date" ON "facilitation_sessions" USING btree ("community_id","session_date") WHERE "community_id" IS NOT NULL;
CREATE INDEX IF NOT EXISTS "idx_facilitation_sessions_bill_discussion" ON "facilitation_sessions" USING gin ("bills_discussed");
CREATE INDEX IF NOT EXISTS "idx_facilitation_sessions_sync_status" ON "facilitation_sessions" USING btree ("sync_status","last_synced_at") WHERE "sync_status" != 'synced';
CREATE INDEX IF NOT EXISTS "idx_offline_submissions_session_collected" ON "offline_submissions" USING btree ("session_id","collected_at") WHERE "session_id" IS NOT NULL;
CREATE INDEX IF NOT EXISTS "idx_offline_submissions_bill_position" ON "offline_submissions" USING btree ("bill_id","position","collected_at");
CREATE INDEX IF NOT EXISTS "idx_offline_submissions_processing_status" ON "offline_submissions" USING btree ("processing_status","needs_translation","collected_at");
CREATE INDEX IF NOT EXISTS "idx_offline_submissions_sync_status" ON "offline_submissions" USING btree ("sync_status","collected_at") WHERE "sync_status" != 'synced';
CREATE INDEX IF NOT EXISTS "idx_offline_submissions_collected_by" ON "offline_submissions" USING btree ("collected_by_id","collected_at");
CREATE INDEX IF NOT EXISTS "idx_ussd_sessions_phone_number" ON "ussd_sessions" USING btree ("phone_number");
CREATE INDEX IF NOT EXISTS "idx_ussd_sessions_phone_active" ON "ussd_sessions" USING btree ("phone_number","session_active");
CREATE INDEX IF NOT EXISTS "idx_ussd_sessions_user_session" ON "ussd_sessions" USING btree ("user_id","session_start") WHERE "user_id" IS NOT NULL;
CREATE INDEX IF NOT EXISTS "idx_ussd_sessions_bills_viewed" ON "ussd_sessions" USING gin ("bills_viewed");
CREATE INDEX IF NOT EXISTS "idx_ussd_sessions_outcome_provider" ON "ussd_sessions" USING btree ("session_outcome","telecom_provider","session_start");
CREATE INDEX IF NOT EXISTS "idx_localized_content_content_language" ON "localized_content" USING btree ("content_type","source_id","language_code");
CREATE INDEX IF NOT EXISTS "idx_localized_content_translation_quality" ON "localized_content" USING btree ("translation_method","translation_quality","needs_update");
CREATE INDEX IF NOT EXISTS "idx_localized_content_cultural_context" ON "localized_content" USING btree ("cultural_context","reading_level","language_code");
CREATE INDEX IF NOT EXISTS "idx_localized_content_usage_count" ON "localized_content" USING btree ("usage_count","feedback_score");
