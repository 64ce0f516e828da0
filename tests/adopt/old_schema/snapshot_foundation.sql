-- Old-shape fixture, derived from the facts of the old Drizzle module's schema
-- (domain reference, section 1.1).
-- Written in the style of drizzle-kit's output (148): quoted identifiers,
-- CREATE ... IF NOT EXISTS, foreign keys in duplicate-tolerant DO blocks, drizzle's constraint and
-- index names. Do not edit by hand without checking the reference.

CREATE TABLE IF NOT EXISTS "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" varchar(320) NOT NULL,
	"password_hash" varchar(255) NOT NULL,
	"role" user_role DEFAULT 'citizen' NOT NULL,
	"county" kenyan_county,
	"constituency" varchar(100),
	"is_verified" boolean DEFAULT false NOT NULL,
	"verification_token" varchar(64),
	"verification_expires_at" timestamp with time zone,
	"password_reset_token" varchar(64),
	"password_reset_expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_login_at" timestamp with time zone,
	"is_active" boolean DEFAULT true NOT NULL,
	CONSTRAINT "users_email_unique" UNIQUE("email")
);

CREATE TABLE IF NOT EXISTS "user_profiles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"first_name" varchar(100),
	"last_name" varchar(100),
	"display_name" varchar(150),
	"bio" text,
	"county" kenyan_county,
	"constituency" varchar(100),
	"ward" varchar(100),
	"national_id_hash" varchar(64),
	"is_id_verified" boolean DEFAULT false NOT NULL,
	"phone_number" varchar(20),
	"phone_verified" boolean DEFAULT false NOT NULL,
	"phone_verification_code" varchar(10),
	"phone_verification_expires_at" timestamp with time zone,
	"email_notifications_consent" boolean DEFAULT true NOT NULL,
	"sms_notifications_consent" boolean DEFAULT false NOT NULL,
	"marketing_consent" boolean DEFAULT false NOT NULL,
	"data_processing_consent" boolean DEFAULT true NOT NULL,
	"consent_date" timestamp with time zone DEFAULT now() NOT NULL,
	"preferred_language" varchar(10) DEFAULT 'en' NOT NULL,
	"timezone" varchar(50) DEFAULT 'Africa/Nairobi' NOT NULL,
	"accessibility_needs" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"emergency_contact_name" varchar(200),
	"emergency_contact_phone" varchar(20),
	"emergency_contact_relationship" varchar(50),
	"avatar_url" varchar(500),
	"website" varchar(255),
	"preferences" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"privacy_settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_profiles_user_id_unique" UNIQUE("user_id")
);

CREATE TABLE IF NOT EXISTS "sponsors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" varchar(255) NOT NULL,
	"party" party,
	"county" kenyan_county,
	"constituency" varchar(100),
	"ward" varchar(100),
	"chamber" chamber NOT NULL,
	"mp_number" varchar(50),
	"position" varchar(100),
	"role" varchar(100),
	"bio" text,
	"photo_url" varchar(500),
	"website" varchar(255),
	"email" varchar(320),
	"phone" varchar(20),
	"office_location" text,
	"social_media" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"financial_disclosures" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"last_disclosure_date" date,
	"voting_record" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"attendance_rate" numeric(5, 2),
	"term_start" date,
	"term_end" date,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sponsors_mp_number_unique" UNIQUE NULLS NOT DISTINCT("mp_number"),
	CONSTRAINT "sponsors_attendance_rate_check" CHECK ("attendance_rate" IS NULL OR ("attendance_rate" >= 0 AND "attendance_rate" <= 100)),
	CONSTRAINT "sponsors_term_date_check" CHECK ("term_end" IS NULL OR "term_start" IS NULL OR "term_end" >= "term_start")
);

CREATE TABLE IF NOT EXISTS "committees" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" varchar(255) NOT NULL,
	"chamber" chamber NOT NULL,
	"description" text,
	"chair_id" uuid,
	"vice_chair_id" uuid,
	"members_count" smallint DEFAULT 0 NOT NULL,
	"mandate" text,
	"contact_email" varchar(320),
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "committees_leadership_check" CHECK ("chair_id" IS NULL OR "vice_chair_id" IS NULL OR "chair_id" != "vice_chair_id"),
	CONSTRAINT "committees_members_count_check" CHECK ("members_count" >= 0)
);

CREATE TABLE IF NOT EXISTS "committee_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"committee_id" uuid NOT NULL,
	"sponsor_id" uuid NOT NULL,
	"role" varchar(100) DEFAULT 'member' NOT NULL,
	"start_date" date DEFAULT CURRENT_DATE NOT NULL,
	"end_date" date,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "committee_members_committee_sponsor_unique" UNIQUE("committee_id","sponsor_id"),
	CONSTRAINT "committee_members_date_range_check" CHECK ("end_date" IS NULL OR "end_date" >= "start_date")
);

CREATE TABLE IF NOT EXISTS "parliamentary_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_number" smallint NOT NULL,
	"parliament_number" smallint NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	"chamber" chamber NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "parliamentary_sessions_unique" UNIQUE("parliament_number","session_number","chamber"),
	CONSTRAINT "parliamentary_sessions_date_range_check" CHECK ("end_date" IS NULL OR "end_date" >= "start_date"),
	CONSTRAINT "parliamentary_sessions_session_number_check" CHECK ("session_number" > 0 AND "parliament_number" > 0)
);

CREATE TABLE IF NOT EXISTS "parliamentary_sittings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"sitting_date" date NOT NULL,
	"sitting_number" smallint,
	"agenda" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"attendance_count" smallint DEFAULT 0 NOT NULL,
	"bills_discussed" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"minutes_url" varchar(500),
	"hansard_url" varchar(500),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "parliamentary_sittings_session_date_unique" UNIQUE("session_id","sitting_date"),
	CONSTRAINT "parliamentary_sittings_attendance_count_check" CHECK ("attendance_count" >= 0)
);

CREATE TABLE IF NOT EXISTS "bills" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"bill_number" varchar(50) NOT NULL,
	"title" varchar(500) NOT NULL,
	"summary" text,
	"full_text" text,
	"bill_type" varchar(50),
	"status" bill_status DEFAULT 'drafted' NOT NULL,
	"introduced_date" date,
	"last_action_date" date,
	"chamber" chamber NOT NULL,
	"parliament_session" varchar(50),
	"sponsor_id" uuid,
	"committee" varchar(255),
	"committee_report_url" varchar(500),
	"affected_counties" kenyan_county[],
	"impact_areas" varchar(100)[],
	"public_participation_date" date,
	"public_participation_venue" varchar(255),
	"public_participation_status" varchar(50),
	"view_count" integer DEFAULT 0 NOT NULL,
	"comment_count" integer DEFAULT 0 NOT NULL,
	"share_count" integer DEFAULT 0 NOT NULL,
	"vote_count_for" integer DEFAULT 0 NOT NULL,
	"vote_count_against" integer DEFAULT 0 NOT NULL,
	"engagement_score" numeric(10, 2) DEFAULT 0 NOT NULL,
	"category" varchar(100),
	"tags" varchar(100)[],
	"external_urls" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"constitutional_analysis_status" varchar(50) DEFAULT 'pending' NOT NULL,
	"argument_synthesis_status" varchar(50) DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bills_bill_number_unique" UNIQUE("bill_number"),
	CONSTRAINT "bills_engagement_counts_check" CHECK ("view_count" >= 0 AND "comment_count" >= 0 AND "vote_count_for" >= 0 AND "vote_count_against" >= 0),
	CONSTRAINT "bills_date_logic_check" CHECK ("last_action_date" IS NULL OR "introduced_date" IS NULL OR "last_action_date" >= "introduced_date"),
	CONSTRAINT "bills_engagement_score_check" CHECK ("engagement_score" >= 0)
);

DO $$ BEGIN
 ALTER TABLE "user_profiles" ADD CONSTRAINT "user_profiles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "committees" ADD CONSTRAINT "committees_chair_id_sponsors_id_fk" FOREIGN KEY ("chair_id") REFERENCES "public"."sponsors"("id") ON DELETE set null ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "committees" ADD CONSTRAINT "committees_vice_chair_id_sponsors_id_fk" FOREIGN KEY ("vice_chair_id") REFERENCES "public"."sponsors"("id") ON DELETE set null ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "committee_members" ADD CONSTRAINT "committee_members_committee_id_committees_id_fk" FOREIGN KEY ("committee_id") REFERENCES "public"."committees"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "committee_members" ADD CONSTRAINT "committee_members_sponsor_id_sponsors_id_fk" FOREIGN KEY ("sponsor_id") REFERENCES "public"."sponsors"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "parliamentary_sittings" ADD CONSTRAINT "parliamentary_sittings_session_id_parliamentary_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."parliamentary_sessions"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "bills" ADD CONSTRAINT "bills_sponsor_id_sponsors_id_fk" FOREIGN KEY ("sponsor_id") REFERENCES "public"."sponsors"("id") ON DELETE set null ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;

CREATE INDEX IF NOT EXISTS "idx_users_role_active" ON "users" USING btree ("role","is_active");
CREATE INDEX IF NOT EXISTS "idx_users_county_active" ON "users" USING btree ("county","is_active") WHERE "county" IS NOT NULL AND "is_active" = true;
CREATE INDEX IF NOT EXISTS "idx_users_verification_token" ON "users" USING btree ("verification_token") WHERE "verification_token" IS NOT NULL;
CREATE INDEX IF NOT EXISTS "idx_users_password_reset_token" ON "users" USING btree ("password_reset_token") WHERE "password_reset_token" IS NOT NULL;
CREATE INDEX IF NOT EXISTS "idx_users_last_login" ON "users" USING btree ("last_login_at") WHERE "is_active" = true;
CREATE INDEX IF NOT EXISTS "idx_user_profiles_county_verified" ON "user_profiles" USING btree ("county","is_id_verified") WHERE "is_id_verified" = true AND "county" IS NOT NULL;
CREATE INDEX IF NOT EXISTS "idx_user_profiles_display_name" ON "user_profiles" USING btree ("display_name") WHERE "display_name" IS NOT NULL;
CREATE INDEX IF NOT EXISTS "idx_user_profiles_phone_number" ON "user_profiles" USING btree ("phone_number") WHERE "phone_number" IS NOT NULL;
CREATE INDEX IF NOT EXISTS "idx_user_profiles_phone_verified" ON "user_profiles" USING btree ("phone_verified","phone_number") WHERE "phone_verified" = true AND "phone_number" IS NOT NULL;
CREATE INDEX IF NOT EXISTS "idx_user_profiles_language" ON "user_profiles" USING btree ("preferred_language");
CREATE INDEX IF NOT EXISTS "idx_user_profiles_timezone" ON "user_profiles" USING btree ("timezone");
CREATE INDEX IF NOT EXISTS "idx_user_profiles_preferences" ON "user_profiles" USING gin ("preferences");
CREATE INDEX IF NOT EXISTS "idx_user_profiles_accessibility" ON "user_profiles" USING gin ("accessibility_needs");
CREATE INDEX IF NOT EXISTS "idx_sponsors_chamber_county_active" ON "sponsors" USING btree ("chamber","county","is_active") WHERE "is_active" = true;
CREATE INDEX IF NOT EXISTS "idx_sponsors_party_county" ON "sponsors" USING btree ("party","county") WHERE "is_active" = true;
CREATE INDEX IF NOT EXISTS "idx_sponsors_name" ON "sponsors" USING btree ("name");
CREATE INDEX IF NOT EXISTS "idx_committees_chamber_active" ON "committees" USING btree ("chamber","is_active") WHERE "is_active" = true;
CREATE INDEX IF NOT EXISTS "idx_committees_name" ON "committees" USING btree ("name");
CREATE INDEX IF NOT EXISTS "idx_committees_chair" ON "committees" USING btree ("chair_id") WHERE "chair_id" IS NOT NULL;
CREATE INDEX IF NOT EXISTS "idx_committees_vice_chair" ON "committees" USING btree ("vice_chair_id") WHERE "vice_chair_id" IS NOT NULL;
CREATE INDEX IF NOT EXISTS "idx_committee_members_committee_active" ON "committee_members" USING btree ("committee_id","is_active") WHERE "is_active" = true;
CREATE INDEX IF NOT EXISTS "idx_committee_members_sponsor_active" ON "committee_members" USING btree ("sponsor_id","is_active") WHERE "is_active" = true;
CREATE INDEX IF NOT EXISTS "idx_parliamentary_sessions_chamber_active" ON "parliamentary_sessions" USING btree ("chamber","is_active") WHERE "is_active" = true;
CREATE INDEX IF NOT EXISTS "idx_parliamentary_sessions_date_range" ON "parliamentary_sessions" USING btree ("start_date","end_date");
CREATE INDEX IF NOT EXISTS "idx_parliamentary_sittings_session_date" ON "parliamentary_sittings" USING btree ("session_id","sitting_date");
CREATE INDEX IF NOT EXISTS "idx_parliamentary_sittings_date" ON "parliamentary_sittings" USING btree ("sitting_date");
CREATE INDEX IF NOT EXISTS "idx_parliamentary_sittings_agenda" ON "parliamentary_sittings" USING gin ("agenda");
CREATE INDEX IF NOT EXISTS "idx_parliamentary_sittings_bills_discussed" ON "parliamentary_sittings" USING gin ("bills_discussed");
CREATE INDEX IF NOT EXISTS "idx_bills_status_chamber_engagement" ON "bills" USING btree ("status","chamber","engagement_score");
CREATE INDEX IF NOT EXISTS "idx_bills_affected_counties" ON "bills" USING gin ("affected_counties");
CREATE INDEX IF NOT EXISTS "idx_bills_tags" ON "bills" USING gin ("tags");
CREATE INDEX IF NOT EXISTS "idx_bills_impact_areas" ON "bills" USING gin ("impact_areas");
CREATE INDEX IF NOT EXISTS "idx_bills_sponsor" ON "bills" USING btree ("sponsor_id","status") WHERE "sponsor_id" IS NOT NULL;
CREATE INDEX IF NOT EXISTS "idx_bills_introduced_date" ON "bills" USING btree ("introduced_date") WHERE "introduced_date" IS NOT NULL;
CREATE INDEX IF NOT EXISTS "idx_bills_last_action_date" ON "bills" USING btree ("last_action_date") WHERE "last_action_date" IS NOT NULL;
CREATE INDEX IF NOT EXISTS "idx_bills_title" ON "bills" USING btree ("title");
CREATE INDEX IF NOT EXISTS "idx_bills_metadata" ON "bills" USING gin ("metadata");
