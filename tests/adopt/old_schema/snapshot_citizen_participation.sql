-- Old-shape fixture, derived from the facts of the old Drizzle module's schema
-- (domain reference, section 1.2).
-- Written in the style of drizzle-kit's output (148): quoted identifiers,
-- CREATE ... IF NOT EXISTS, foreign keys in duplicate-tolerant DO blocks, drizzle's constraint and
-- index names. Do not edit by hand without checking the reference.

CREATE TABLE IF NOT EXISTS "sessions" (
	"id" varchar(255) PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE IF NOT EXISTS "comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"bill_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"comment_text" text NOT NULL,
	"comment_summary" varchar(500),
	"parent_comment_id" uuid,
	"thread_depth" integer DEFAULT 0 NOT NULL,
	"position" varchar(20),
	"sentiment_score" numeric(3, 2),
	"is_constructive" boolean DEFAULT true NOT NULL,
	"moderation_status" moderation_status DEFAULT 'pending' NOT NULL,
	"moderation_notes" text,
	"moderated_by" uuid,
	"moderated_at" timestamp with time zone,
	"upvote_count" integer DEFAULT 0 NOT NULL,
	"downvote_count" integer DEFAULT 0 NOT NULL,
	"reply_count" integer DEFAULT 0 NOT NULL,
	"user_county" kenyan_county,
	"user_constituency" varchar(100),
	"argument_extracted" boolean DEFAULT false NOT NULL,
	"included_in_brief" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE IF NOT EXISTS "comment_votes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"comment_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"vote_type" comment_vote_type NOT NULL,
	"voting_reason" text,
	"vote_weight" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "comment_votes_comment_user_unique" UNIQUE("comment_id","user_id")
);

CREATE TABLE IF NOT EXISTS "bill_votes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"bill_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"vote_type" bill_vote_type NOT NULL,
	"voting_reason" text,
	"public_vote" boolean DEFAULT true NOT NULL,
	"user_county" kenyan_county,
	"user_constituency" varchar(100),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bill_votes_bill_user_unique" UNIQUE("bill_id","user_id")
);

CREATE TABLE IF NOT EXISTS "bill_engagement" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"bill_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"engagement_type" engagement_type NOT NULL,
	"engagement_value" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"user_county" kenyan_county,
	"user_constituency" varchar(100),
	"session_duration_seconds" integer,
	"device_type" varchar(50),
	"view_count" integer DEFAULT 0 NOT NULL,
	"comment_count" integer DEFAULT 0 NOT NULL,
	"share_count" integer DEFAULT 0 NOT NULL,
	"engagement_score" numeric(10, 2) DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bill_engagement_bill_user_type_unique" UNIQUE("bill_id","user_id","engagement_type")
);

CREATE TABLE IF NOT EXISTS "bill_tracking_preferences" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"bill_id" uuid NOT NULL,
	"notify_on_status_change" boolean DEFAULT true NOT NULL,
	"notify_on_new_comments" boolean DEFAULT false NOT NULL,
	"notify_on_hearing_scheduled" boolean DEFAULT true NOT NULL,
	"notify_on_committee_report" boolean DEFAULT true NOT NULL,
	"notification_frequency" varchar(20) DEFAULT 'immediate' NOT NULL,
	"tracking_started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"tracking_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bill_tracking_preferences_user_bill_unique" UNIQUE("user_id","bill_id")
);

CREATE TABLE IF NOT EXISTS "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"notification_type" notification_type NOT NULL,
	"title" varchar(255) NOT NULL,
	"message" text NOT NULL,
	"related_bill_id" uuid,
	"related_comment_id" uuid,
	"related_user_id" uuid,
	"is_read" boolean DEFAULT false NOT NULL,
	"read_at" timestamp with time zone,
	"is_dismissed" boolean DEFAULT false NOT NULL,
	"delivery_method" varchar(50) DEFAULT 'in_app' NOT NULL,
	"delivery_status" varchar(50) DEFAULT 'pending' NOT NULL,
	"action_taken" boolean DEFAULT false NOT NULL,
	"action_type" varchar(50),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE IF NOT EXISTS "alert_preferences" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"bill_alerts" boolean DEFAULT true NOT NULL,
	"comment_alerts" boolean DEFAULT true NOT NULL,
	"campaign_alerts" boolean DEFAULT true NOT NULL,
	"system_alerts" boolean DEFAULT true NOT NULL,
	"email_notifications" boolean DEFAULT true NOT NULL,
	"sms_notifications" boolean DEFAULT false NOT NULL,
	"push_notifications" boolean DEFAULT true NOT NULL,
	"whatsapp_notifications" boolean DEFAULT false NOT NULL,
	"email_verified" boolean DEFAULT false NOT NULL,
	"phone_verified" boolean DEFAULT false NOT NULL,
	"digest_frequency" varchar(20) DEFAULT 'daily' NOT NULL,
	"quiet_hours" jsonb DEFAULT '{"start": "22:00", "end": "08:00"}'::jsonb NOT NULL,
	"county_alerts" kenyan_county[],
	"constituency_alerts" varchar(100)[],
	"notification_language" varchar(10) DEFAULT 'en' NOT NULL,
	"accessibility_format" varchar(50),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alert_preferences_user_unique" UNIQUE("user_id")
);

CREATE TABLE IF NOT EXISTS "user_contact_methods" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"contact_type" varchar(20) NOT NULL,
	"contact_value" varchar(320) NOT NULL,
	"is_verified" boolean DEFAULT false NOT NULL,
	"verification_code" varchar(10),
	"verification_expires_at" timestamp with time zone,
	"verified_at" timestamp with time zone,
	"is_primary" boolean DEFAULT false NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"last_used_at" timestamp with time zone,
	"delivery_failures" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_contact_methods_user_contact_unique" UNIQUE("user_id","contact_type","contact_value")
);

DO $$ BEGIN
 ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "comments" ADD CONSTRAINT "comments_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "comments" ADD CONSTRAINT "comments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "comments" ADD CONSTRAINT "comments_parent_comment_id_comments_id_fk" FOREIGN KEY ("parent_comment_id") REFERENCES "public"."comments"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "comments" ADD CONSTRAINT "comments_moderated_by_users_id_fk" FOREIGN KEY ("moderated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "comment_votes" ADD CONSTRAINT "comment_votes_comment_id_comments_id_fk" FOREIGN KEY ("comment_id") REFERENCES "public"."comments"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "comment_votes" ADD CONSTRAINT "comment_votes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "bill_votes" ADD CONSTRAINT "bill_votes_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "bill_votes" ADD CONSTRAINT "bill_votes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "bill_engagement" ADD CONSTRAINT "bill_engagement_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "bill_engagement" ADD CONSTRAINT "bill_engagement_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "bill_tracking_preferences" ADD CONSTRAINT "bill_tracking_preferences_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "bill_tracking_preferences" ADD CONSTRAINT "bill_tracking_preferences_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "notifications" ADD CONSTRAINT "notifications_related_bill_id_bills_id_fk" FOREIGN KEY ("related_bill_id") REFERENCES "public"."bills"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "notifications" ADD CONSTRAINT "notifications_related_comment_id_comments_id_fk" FOREIGN KEY ("related_comment_id") REFERENCES "public"."comments"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "notifications" ADD CONSTRAINT "notifications_related_user_id_users_id_fk" FOREIGN KEY ("related_user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "alert_preferences" ADD CONSTRAINT "alert_preferences_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "user_contact_methods" ADD CONSTRAINT "user_contact_methods_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;

CREATE INDEX IF NOT EXISTS "idx_sessions_user_expires" ON "sessions" USING btree ("user_id","expires_at");
CREATE INDEX IF NOT EXISTS "idx_sessions_expires_at" ON "sessions" USING btree ("expires_at");
CREATE INDEX IF NOT EXISTS "idx_comments_bill_created" ON "comments" USING btree ("bill_id","created_at");
CREATE INDEX IF NOT EXISTS "idx_comments_user_created" ON "comments" USING btree ("user_id","created_at");
CREATE INDEX IF NOT EXISTS "idx_comments_parent_depth" ON "comments" USING btree ("parent_comment_id","thread_depth");
CREATE INDEX IF NOT EXISTS "idx_comments_moderation_created" ON "comments" USING btree ("moderation_status","created_at");
CREATE INDEX IF NOT EXISTS "idx_comments_county_bill" ON "comments" USING btree ("user_county","bill_id");
CREATE INDEX IF NOT EXISTS "idx_comments_argument_extracted" ON "comments" USING btree ("argument_extracted") WHERE "argument_extracted" = false;
CREATE INDEX IF NOT EXISTS "idx_comment_votes_comment_type" ON "comment_votes" USING btree ("comment_id","vote_type");
CREATE INDEX IF NOT EXISTS "idx_comment_votes_user_created" ON "comment_votes" USING btree ("user_id","created_at");
CREATE INDEX IF NOT EXISTS "idx_bill_votes_bill_type" ON "bill_votes" USING btree ("bill_id","vote_type");
CREATE INDEX IF NOT EXISTS "idx_bill_votes_county_bill" ON "bill_votes" USING btree ("user_county","bill_id");
CREATE INDEX IF NOT EXISTS "idx_bill_votes_user_created" ON "bill_votes" USING btree ("user_id","created_at");
CREATE INDEX IF NOT EXISTS "idx_bill_engagement_bill_type_created" ON "bill_engagement" USING btree ("bill_id","engagement_type","created_at");
CREATE INDEX IF NOT EXISTS "idx_bill_engagement_user_type_created" ON "bill_engagement" USING btree ("user_id","engagement_type","created_at");
CREATE INDEX IF NOT EXISTS "idx_bill_engagement_created_at" ON "bill_engagement" USING btree ("created_at");
CREATE INDEX IF NOT EXISTS "idx_bill_tracking_user_frequency" ON "bill_tracking_preferences" USING btree ("user_id","notification_frequency");
CREATE INDEX IF NOT EXISTS "idx_bill_tracking_bill_notify" ON "bill_tracking_preferences" USING btree ("bill_id","notify_on_status_change");
CREATE INDEX IF NOT EXISTS "idx_notifications_user_read_created" ON "notifications" USING btree ("user_id","is_read","created_at");
CREATE INDEX IF NOT EXISTS "idx_notifications_user_type_read" ON "notifications" USING btree ("user_id","notification_type","is_read");
CREATE INDEX IF NOT EXISTS "idx_notifications_delivery_status" ON "notifications" USING btree ("delivery_status","created_at") WHERE "delivery_status" = 'pending';
CREATE INDEX IF NOT EXISTS "idx_notifications_bill_created" ON "notifications" USING btree ("related_bill_id","created_at");
CREATE INDEX IF NOT EXISTS "idx_alert_preferences_email_verified" ON "alert_preferences" USING btree ("email_verified","email_notifications") WHERE "email_verified" = true AND "email_notifications" = true;
CREATE INDEX IF NOT EXISTS "idx_alert_preferences_phone_verified" ON "alert_preferences" USING btree ("phone_verified","sms_notifications") WHERE "phone_verified" = true AND "sms_notifications" = true;
CREATE INDEX IF NOT EXISTS "idx_user_contact_methods_user_type_primary" ON "user_contact_methods" USING btree ("user_id","contact_type") WHERE "is_primary" = true;
CREATE INDEX IF NOT EXISTS "idx_user_contact_methods_contact_value" ON "user_contact_methods" USING btree ("contact_value");
CREATE INDEX IF NOT EXISTS "idx_user_contact_methods_user_verified" ON "user_contact_methods" USING btree ("user_id","is_verified","is_active") WHERE "is_verified" = true AND "is_active" = true;
CREATE INDEX IF NOT EXISTS "idx_user_contact_methods_verification_code" ON "user_contact_methods" USING btree ("verification_code") WHERE "verification_code" IS NOT NULL;
