-- Old-shape fixture, derived from the facts of the old Drizzle module's schema
-- (domain reference, section 1.10).
-- Written in the style of drizzle-kit's output (148): quoted identifiers,
-- CREATE ... IF NOT EXISTS, foreign keys in duplicate-tolerant DO blocks, drizzle's constraint and
-- index names. Do not edit by hand without checking the reference.

CREATE TABLE IF NOT EXISTS "content_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reported_comment_id" uuid,
	"reported_user_id" uuid,
	"reporter_id" uuid NOT NULL,
	"reporter_anonymous" boolean DEFAULT false NOT NULL,
	"report_category" varchar(50) NOT NULL,
	"report_reason" text NOT NULL,
	"report_severity" severity DEFAULT 'medium' NOT NULL,
	"evidence_screenshots" varchar(500)[],
	"additional_context" text,
	"report_status" varchar(50) DEFAULT 'pending' NOT NULL,
	"assigned_moderator_id" uuid,
	"resolution_action" varchar(100),
	"resolution_notes" text,
	"resolved_at" timestamp with time zone,
	"reporter_feedback" text,
	"reporter_satisfaction" smallint,
	"appeal_requested" boolean DEFAULT false NOT NULL,
	"appeal_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE IF NOT EXISTS "moderation_queue" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"content_type" varchar(50) NOT NULL,
	"content_id" uuid NOT NULL,
	"source_type" varchar(50) NOT NULL,
	"report_id" uuid,
	"priority_score" numeric(5, 2) DEFAULT '5.0' NOT NULL,
	"assigned_moderator_id" uuid,
	"assigned_at" timestamp with time zone,
	"queue_status" moderation_status DEFAULT 'pending' NOT NULL,
	"review_started_at" timestamp with time zone,
	"review_completed_at" timestamp with time zone,
	"review_duration_seconds" integer,
	"moderation_action" varchar(100),
	"moderation_reason" text,
	"moderation_notes" text,
	"confidence_score" numeric(3, 2),
	"qa_review_required" boolean DEFAULT false NOT NULL,
	"qa_reviewed_by" uuid,
	"qa_review_notes" text,
	"qa_approved" boolean,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE IF NOT EXISTS "expert_profiles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"expertise_domains" varchar(100)[] NOT NULL,
	"specializations" varchar(100)[],
	"years_of_experience" smallint,
	"current_position" varchar(255),
	"organization" varchar(255),
	"professional_bio" text,
	"educational_background" jsonb DEFAULT '[]'::jsonb,
	"professional_certifications" varchar(255)[],
	"publications" jsonb DEFAULT '[]'::jsonb,
	"verification_status" verification_status DEFAULT 'pending' NOT NULL,
	"verification_date" timestamp with time zone,
	"verified_by" uuid,
	"verification_expires_at" timestamp with time zone,
	"credential_documents" varchar(500)[],
	"reference_contacts" jsonb DEFAULT '[]'::jsonb,
	"review_capacity" varchar(50) DEFAULT 'occasional' NOT NULL,
	"review_expertise" jsonb DEFAULT '{}'::jsonb,
	"available_for_review" boolean DEFAULT true NOT NULL,
	"reviews_completed" integer DEFAULT 0 NOT NULL,
	"reviews_accepted" integer DEFAULT 0 NOT NULL,
	"review_quality_score" numeric(3, 2),
	"community_rating" numeric(3, 2),
	"average_review_time_hours" numeric(6, 2),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE IF NOT EXISTS "user_verification" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"verification_type" varchar(100) NOT NULL,
	"verification_level" smallint DEFAULT 1 NOT NULL,
	"verification_documents" varchar(500)[],
	"verification_data" jsonb DEFAULT '{}'::jsonb,
	"verification_hash" varchar(255),
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"verified_at" timestamp with time zone,
	"verifier_id" uuid,
	"verification_status" verification_status DEFAULT 'pending' NOT NULL,
	"verification_notes" text,
	"rejection_reason" text,
	"expires_at" timestamp with time zone,
	"renewal_required" boolean DEFAULT false NOT NULL,
	"renewal_reminder_sent" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE IF NOT EXISTS "user_activity_log" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid,
	"activity_type" varchar(100) NOT NULL,
	"activity_category" varchar(50) NOT NULL,
	"activity_description" text,
	"ip_address" varchar(45),
	"user_agent" text,
	"session_id" varchar(255),
	"request_id" varchar(255),
	"target_type" varchar(50),
	"target_id" uuid,
	"location_data" jsonb DEFAULT '{}'::jsonb,
	"risk_score" numeric(3, 2),
	"anomaly_detected" boolean DEFAULT false NOT NULL,
	"anomaly_type" varchar(100),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE IF NOT EXISTS "system_audit_log" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_type" varchar(100) NOT NULL,
	"event_category" varchar(50) NOT NULL,
	"severity" severity DEFAULT 'low' NOT NULL,
	"actor_type" varchar(50) NOT NULL,
	"actor_id" uuid,
	"actor_role" varchar(50),
	"actor_identifier" varchar(255),
	"action" varchar(100) NOT NULL,
	"action_details" jsonb DEFAULT '{}'::jsonb,
	"target_type" varchar(50),
	"target_id" uuid,
	"target_description" text,
	"success" boolean NOT NULL,
	"status_code" integer,
	"error_message" text,
	"error_stack" text,
	"source_ip" varchar(45),
	"user_agent" text,
	"session_id" varchar(255),
	"request_id" varchar(255),
	"processing_time_ms" integer,
	"resource_usage" jsonb DEFAULT '{}'::jsonb,
	"retention_period_days" integer DEFAULT 2555,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE IF NOT EXISTS "security_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_type" varchar(100) NOT NULL,
	"event_subtype" varchar(100),
	"severity" severity NOT NULL,
	"detection_method" varchar(100) NOT NULL,
	"detection_rule" varchar(100),
	"detection_confidence" numeric(3, 2),
	"actor_user_id" uuid,
	"actor_ip_address" varchar(45),
	"actor_session_id" varchar(255),
	"actor_fingerprint" varchar(255),
	"event_description" text NOT NULL,
	"event_evidence" jsonb DEFAULT '{}'::jsonb,
	"attack_vector" varchar(100),
	"affected_systems" varchar(100)[],
	"affected_users" integer DEFAULT 0,
	"data_compromised" boolean DEFAULT false NOT NULL,
	"data_types_affected" varchar(100)[],
	"service_impact" varchar(100),
	"automated_response" jsonb DEFAULT '{}'::jsonb,
	"manual_response_required" boolean DEFAULT false NOT NULL,
	"response_initiated_by" uuid,
	"response_initiated_at" timestamp with time zone,
	"incident_id" varchar(100),
	"escalated" boolean DEFAULT false NOT NULL,
	"escalated_to" varchar(100),
	"resolution_status" varchar(50) DEFAULT 'open' NOT NULL,
	"resolution_notes" text,
	"lessons_learned" text,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);

DO $$ BEGIN
 ALTER TABLE "content_reports" ADD CONSTRAINT "content_reports_reported_comment_id_comments_id_fk" FOREIGN KEY ("reported_comment_id") REFERENCES "public"."comments"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "content_reports" ADD CONSTRAINT "content_reports_reported_user_id_users_id_fk" FOREIGN KEY ("reported_user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "content_reports" ADD CONSTRAINT "content_reports_reporter_id_users_id_fk" FOREIGN KEY ("reporter_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "content_reports" ADD CONSTRAINT "content_reports_assigned_moderator_id_users_id_fk" FOREIGN KEY ("assigned_moderator_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "moderation_queue" ADD CONSTRAINT "moderation_queue_report_id_content_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."content_reports"("id") ON DELETE set null ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "moderation_queue" ADD CONSTRAINT "moderation_queue_assigned_moderator_id_users_id_fk" FOREIGN KEY ("assigned_moderator_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "moderation_queue" ADD CONSTRAINT "moderation_queue_qa_reviewed_by_users_id_fk" FOREIGN KEY ("qa_reviewed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "expert_profiles" ADD CONSTRAINT "expert_profiles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "expert_profiles" ADD CONSTRAINT "expert_profiles_verified_by_users_id_fk" FOREIGN KEY ("verified_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "user_verification" ADD CONSTRAINT "user_verification_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "user_verification" ADD CONSTRAINT "user_verification_verifier_id_users_id_fk" FOREIGN KEY ("verifier_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "user_activity_log" ADD CONSTRAINT "user_activity_log_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "security_events" ADD CONSTRAINT "security_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "security_events" ADD CONSTRAINT "security_events_response_initiated_by_users_id_fk" FOREIGN KEY ("response_initiated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;

CREATE INDEX IF NOT EXISTS "idx_content_reports_reporter_status" ON "content_reports" USING btree ("reporter_id","report_status");
CREATE INDEX IF NOT EXISTS "idx_content_reports_comment" ON "content_reports" USING btree ("reported_comment_id");
CREATE INDEX IF NOT EXISTS "idx_content_reports_user" ON "content_reports" USING btree ("reported_user_id");
CREATE INDEX IF NOT EXISTS "idx_content_reports_moderator_status" ON "content_reports" USING btree ("assigned_moderator_id","report_status");
CREATE INDEX IF NOT EXISTS "idx_content_reports_severity_status" ON "content_reports" USING btree ("report_severity","report_status");
CREATE INDEX IF NOT EXISTS "idx_content_reports_unresolved" ON "content_reports" USING btree ("created_at") WHERE report_status IN ('pending', 'under_review');
CREATE INDEX IF NOT EXISTS "idx_moderation_queue_content_type_id" ON "moderation_queue" USING btree ("content_type","content_id");
CREATE INDEX IF NOT EXISTS "idx_moderation_queue_status_priority" ON "moderation_queue" USING btree ("queue_status","priority_score") WHERE queue_status = 'pending';
CREATE INDEX IF NOT EXISTS "idx_moderation_queue_moderator_status" ON "moderation_queue" USING btree ("assigned_moderator_id","queue_status");
CREATE INDEX IF NOT EXISTS "idx_moderation_queue_report" ON "moderation_queue" USING btree ("report_id");
CREATE INDEX IF NOT EXISTS "idx_moderation_queue_qa_required" ON "moderation_queue" USING btree ("qa_review_required") WHERE qa_review_required = true AND qa_reviewed_by IS NULL;
CREATE UNIQUE INDEX IF NOT EXISTS "idx_expert_profiles_user" ON "expert_profiles" USING btree ("user_id");
CREATE INDEX IF NOT EXISTS "idx_expert_profiles_status" ON "expert_profiles" USING btree ("verification_status");
CREATE INDEX IF NOT EXISTS "idx_expert_profiles_expertise" ON "expert_profiles" USING gin ("expertise_domains");
CREATE INDEX IF NOT EXISTS "idx_expert_profiles_available_status" ON "expert_profiles" USING btree ("available_for_review","verification_status") WHERE available_for_review = true AND verification_status = 'verified';
CREATE INDEX IF NOT EXISTS "idx_expert_profiles_verified_by" ON "expert_profiles" USING btree ("verified_by");
CREATE INDEX IF NOT EXISTS "idx_user_verification_user_type" ON "user_verification" USING btree ("user_id","verification_type");
CREATE INDEX IF NOT EXISTS "idx_user_verification_user_status" ON "user_verification" USING btree ("user_id","verification_status");
CREATE INDEX IF NOT EXISTS "idx_user_verification_status" ON "user_verification" USING btree ("verification_status");
CREATE INDEX IF NOT EXISTS "idx_user_verification_verifier" ON "user_verification" USING btree ("verifier_id");
CREATE INDEX IF NOT EXISTS "idx_user_verification_pending" ON "user_verification" USING btree ("submitted_at") WHERE verification_status = 'pending';
CREATE INDEX IF NOT EXISTS "idx_user_verification_expiry" ON "user_verification" USING btree ("expires_at") WHERE expires_at IS NOT NULL AND verification_status = 'verified';
CREATE INDEX IF NOT EXISTS "idx_user_activity_log_user_created" ON "user_activity_log" USING btree ("user_id","created_at");
CREATE INDEX IF NOT EXISTS "idx_user_activity_log_type" ON "user_activity_log" USING btree ("activity_type");
CREATE INDEX IF NOT EXISTS "idx_user_activity_log_category" ON "user_activity_log" USING btree ("activity_category");
CREATE INDEX IF NOT EXISTS "idx_user_activity_log_ip" ON "user_activity_log" USING btree ("ip_address");
CREATE INDEX IF NOT EXISTS "idx_user_activity_log_session" ON "user_activity_log" USING btree ("session_id");
CREATE INDEX IF NOT EXISTS "idx_user_activity_log_anomaly" ON "user_activity_log" USING btree ("user_id","created_at") WHERE anomaly_detected = true;
CREATE INDEX IF NOT EXISTS "idx_user_activity_log_created_at" ON "user_activity_log" USING btree ("created_at");
CREATE INDEX IF NOT EXISTS "idx_system_audit_log_category_created" ON "system_audit_log" USING btree ("event_category","created_at");
CREATE INDEX IF NOT EXISTS "idx_system_audit_log_actor_created" ON "system_audit_log" USING btree ("actor_id","created_at");
CREATE INDEX IF NOT EXISTS "idx_system_audit_log_event_type" ON "system_audit_log" USING btree ("event_type");
CREATE INDEX IF NOT EXISTS "idx_system_audit_log_target_type_id" ON "system_audit_log" USING btree ("target_type","target_id");
CREATE INDEX IF NOT EXISTS "idx_system_audit_log_failure" ON "system_audit_log" USING btree ("created_at","event_category") WHERE success = false;
CREATE INDEX IF NOT EXISTS "idx_system_audit_log_severity" ON "system_audit_log" USING btree ("severity","created_at");
CREATE INDEX IF NOT EXISTS "idx_security_events_severity_status" ON "security_events" USING btree ("severity","resolution_status");
CREATE INDEX IF NOT EXISTS "idx_security_events_user_created" ON "security_events" USING btree ("actor_user_id","created_at");
CREATE INDEX IF NOT EXISTS "idx_security_events_ip_type" ON "security_events" USING btree ("actor_ip_address","event_type");
CREATE INDEX IF NOT EXISTS "idx_security_events_type" ON "security_events" USING btree ("event_type");
CREATE INDEX IF NOT EXISTS "idx_security_events_critical_open" ON "security_events" USING btree ("created_at") WHERE severity IN ('high', 'critical') AND resolution_status IN ('open', 'investigating');
CREATE INDEX IF NOT EXISTS "idx_security_events_data_breach" ON "security_events" USING btree ("created_at") WHERE data_compromised = true;
