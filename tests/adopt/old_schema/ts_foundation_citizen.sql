-- Old-shape fixture, derived from the facts of the old Drizzle module's schema
-- (domain reference, section 1.1 notes and 1.12: the TS-only columns of user_profiles and user_interests).
-- Written in the style of drizzle-kit's output (148): quoted identifiers,
-- CREATE ... IF NOT EXISTS, foreign keys in duplicate-tolerant DO blocks, drizzle's constraint and
-- index names. Do not edit by hand without checking the reference.

CREATE TYPE "public"."anonymity_level" AS ENUM('public', 'pseudonymous', 'anonymous', 'private');
ALTER TABLE "user_profiles" ADD COLUMN "anonymity_level" "anonymity_level" DEFAULT 'public' NOT NULL;
ALTER TABLE "user_profiles" ADD COLUMN "anonymous_id" varchar(20);
ALTER TABLE "user_profiles" ADD COLUMN "pseudonym" varchar(100);
ALTER TABLE "user_profiles" ALTER COLUMN "privacy_settings" SET DEFAULT '{"show_real_name":true,"show_location":true,"show_contact_info":false,"show_voting_history":false,"show_engagement_stats":true,"allow_direct_messages":true,"public_profile":true,"data_retention_preference":"standard","analytics_participation":true,"research_participation":false}'::jsonb;
CREATE INDEX IF NOT EXISTS "idx_user_profiles_anonymity_level" ON "user_profiles" USING btree ("anonymity_level");
CREATE INDEX IF NOT EXISTS "idx_user_profiles_anonymous_id" ON "user_profiles" USING btree ("anonymous_id") WHERE "anonymous_id" IS NOT NULL;
CREATE INDEX IF NOT EXISTS "idx_user_profiles_pseudonym" ON "user_profiles" USING btree ("pseudonym") WHERE "pseudonym" IS NOT NULL;

CREATE TABLE IF NOT EXISTS "user_interests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"interest" varchar(100) NOT NULL,
	"interest_strength" integer DEFAULT 5 NOT NULL,
	"interest_source" varchar(50) DEFAULT 'user_selected' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_interests_user_interest_unique" UNIQUE("user_id","interest")
);

DO $$ BEGIN
 ALTER TABLE "user_interests" ADD CONSTRAINT "user_interests_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
CREATE INDEX IF NOT EXISTS "idx_user_interests_user_id" ON "user_interests" USING btree ("user_id");
CREATE INDEX IF NOT EXISTS "idx_user_interests_interest" ON "user_interests" USING btree ("interest");
CREATE INDEX IF NOT EXISTS "idx_user_interests_user_strength" ON "user_interests" USING btree ("user_id","interest_strength");
