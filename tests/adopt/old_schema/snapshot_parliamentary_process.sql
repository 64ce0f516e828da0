-- Old-shape fixture, derived from the facts of the old Drizzle module's schema
-- (domain reference, section 1.3).
-- Written in the style of drizzle-kit's output (148): quoted identifiers,
-- CREATE ... IF NOT EXISTS, foreign keys in duplicate-tolerant DO blocks, drizzle's constraint and
-- index names. Do not edit by hand without checking the reference.

CREATE TABLE IF NOT EXISTS "bill_committee_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"bill_id" uuid NOT NULL,
	"committee_id" uuid NOT NULL,
	"assignment_type" varchar(50) NOT NULL,
	"assigned_date" date DEFAULT CURRENT_DATE NOT NULL,
	"assignment_reason" text,
	"status" varchar(30) DEFAULT 'assigned' NOT NULL,
	"expected_report_date" date,
	"actual_report_date" date,
	"report_url" varchar(500),
	"report_summary" text,
	"committee_recommendation" varchar(50),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE IF NOT EXISTS "bill_amendments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"bill_id" uuid NOT NULL,
	"amendment_number" varchar(50) NOT NULL,
	"amendment_title" varchar(500),
	"section_affected" varchar(100),
	"amendment_type" varchar(30) NOT NULL,
	"original_text" text,
	"proposed_text" text NOT NULL,
	"amendment_rationale" text,
	"proposed_by_id" uuid,
	"proposed_by_committee_id" uuid,
	"proposed_date" date DEFAULT CURRENT_DATE NOT NULL,
	"status" varchar(30) DEFAULT 'proposed' NOT NULL,
	"voting_date" date,
	"votes_for" integer DEFAULT 0 NOT NULL,
	"votes_against" integer DEFAULT 0 NOT NULL,
	"votes_abstain" integer DEFAULT 0 NOT NULL,
	"constitutional_implications" text,
	"financial_implications" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bill_amendments_bill_amendment_number_unique" UNIQUE("bill_id","amendment_number")
);

CREATE TABLE IF NOT EXISTS "bill_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"bill_id" uuid NOT NULL,
	"version_number" varchar(20) NOT NULL,
	"version_name" varchar(100),
	"full_text" text NOT NULL,
	"summary_of_changes" text,
	"created_by_stage" varchar(50),
	"is_current_version" boolean DEFAULT false NOT NULL,
	"document_url" varchar(500),
	"document_hash" varchar(64),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bill_versions_bill_version_number_unique" UNIQUE("bill_id","version_number")
);

CREATE TABLE IF NOT EXISTS "bill_readings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"bill_id" uuid NOT NULL,
	"session_id" uuid,
	"reading_number" smallint NOT NULL,
	"reading_date" date NOT NULL,
	"reading_stage" varchar(50),
	"outcome" varchar(30),
	"votes_for" integer,
	"votes_against" integer,
	"votes_abstain" integer,
	"debate_summary" text,
	"key_speakers" varchar(100)[],
	"hansard_reference" varchar(100),
	"next_reading_scheduled" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bill_readings_bill_reading_number_unique" UNIQUE("bill_id","reading_number"),
	CONSTRAINT "bill_readings_reading_number_check" CHECK ("reading_number" >= 1 AND "reading_number" <= 3)
);

CREATE TABLE IF NOT EXISTS "parliamentary_votes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"bill_id" uuid NOT NULL,
	"sponsor_id" uuid NOT NULL,
	"vote_stage" varchar(50) NOT NULL,
	"vote_date" date NOT NULL,
	"amendment_id" uuid,
	"vote_choice" varchar(20) NOT NULL,
	"vote_explanation" text,
	"session_id" uuid,
	"hansard_reference" varchar(100),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "parliamentary_votes_sponsor_bill_stage_unique" UNIQUE("sponsor_id","bill_id","vote_stage","amendment_id")
);

CREATE TABLE IF NOT EXISTS "bill_cosponsors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"bill_id" uuid NOT NULL,
	"sponsor_id" uuid NOT NULL,
	"cosponsor_type" varchar(30) DEFAULT 'supporting' NOT NULL,
	"joined_date" date DEFAULT CURRENT_DATE NOT NULL,
	"contribution_description" text,
	"public_statement" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bill_cosponsors_bill_sponsor_unique" UNIQUE("bill_id","sponsor_id")
);

CREATE TABLE IF NOT EXISTS "public_participation_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"bill_id" uuid NOT NULL,
	"event_type" varchar(50) NOT NULL,
	"event_title" varchar(500) NOT NULL,
	"event_description" text,
	"event_date" date NOT NULL,
	"event_time" varchar(20),
	"venue" varchar(300),
	"county" varchar(50),
	"expected_participants" integer,
	"actual_participants" integer,
	"registration_required" boolean DEFAULT false NOT NULL,
	"registration_deadline" date,
	"event_status" varchar(30) DEFAULT 'scheduled' NOT NULL,
	"summary_report_url" varchar(500),
	"key_outcomes" text,
	"organizing_committee_id" uuid,
	"contact_person" varchar(200),
	"contact_email" varchar(320),
	"contact_phone" varchar(20),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE IF NOT EXISTS "public_submissions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"bill_id" uuid NOT NULL,
	"event_id" uuid,
	"submitter_name" varchar(200),
	"submitter_organization" varchar(300),
	"submitter_type" varchar(50),
	"submitter_contact" jsonb DEFAULT '{}'::jsonb,
	"submission_title" varchar(500),
	"submission_text" text NOT NULL,
	"position" varchar(20),
	"submission_method" varchar(30) NOT NULL,
	"submission_date" date DEFAULT CURRENT_DATE NOT NULL,
	"review_status" varchar(30) DEFAULT 'received' NOT NULL,
	"committee_response" text,
	"supporting_documents" varchar(500)[],
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE IF NOT EXISTS "public_hearings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"bill_id" uuid NOT NULL,
	"event_id" uuid,
	"hearing_title" varchar(500) NOT NULL,
	"hearing_date" date NOT NULL,
	"start_time" varchar(10),
	"end_time" varchar(10),
	"venue" varchar(300),
	"presiding_committee_id" uuid,
	"chairperson_id" uuid,
	"invited_speakers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"public_speakers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"hearing_status" varchar(30) DEFAULT 'scheduled' NOT NULL,
	"transcript_url" varchar(500),
	"video_url" varchar(500),
	"summary_report" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);

DO $$ BEGIN
 ALTER TABLE "bill_committee_assignments" ADD CONSTRAINT "bill_committee_assignments_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "bill_committee_assignments" ADD CONSTRAINT "bill_committee_assignments_committee_id_committees_id_fk" FOREIGN KEY ("committee_id") REFERENCES "public"."committees"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "bill_amendments" ADD CONSTRAINT "bill_amendments_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "bill_amendments" ADD CONSTRAINT "bill_amendments_proposed_by_id_sponsors_id_fk" FOREIGN KEY ("proposed_by_id") REFERENCES "public"."sponsors"("id") ON DELETE set null ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "bill_amendments" ADD CONSTRAINT "bill_amendments_proposed_by_committee_id_committees_id_fk" FOREIGN KEY ("proposed_by_committee_id") REFERENCES "public"."committees"("id") ON DELETE set null ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "bill_versions" ADD CONSTRAINT "bill_versions_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "bill_readings" ADD CONSTRAINT "bill_readings_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "bill_readings" ADD CONSTRAINT "bill_readings_session_id_parliamentary_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."parliamentary_sessions"("id") ON DELETE set null ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "parliamentary_votes" ADD CONSTRAINT "parliamentary_votes_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "parliamentary_votes" ADD CONSTRAINT "parliamentary_votes_sponsor_id_sponsors_id_fk" FOREIGN KEY ("sponsor_id") REFERENCES "public"."sponsors"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "parliamentary_votes" ADD CONSTRAINT "parliamentary_votes_amendment_id_bill_amendments_id_fk" FOREIGN KEY ("amendment_id") REFERENCES "public"."bill_amendments"("id") ON DELETE set null ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "parliamentary_votes" ADD CONSTRAINT "parliamentary_votes_session_id_parliamentary_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."parliamentary_sessions"("id") ON DELETE set null ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "bill_cosponsors" ADD CONSTRAINT "bill_cosponsors_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "bill_cosponsors" ADD CONSTRAINT "bill_cosponsors_sponsor_id_sponsors_id_fk" FOREIGN KEY ("sponsor_id") REFERENCES "public"."sponsors"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "public_participation_events" ADD CONSTRAINT "public_participation_events_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "public_participation_events" ADD CONSTRAINT "public_participation_events_organizing_committee_id_committees_id_fk" FOREIGN KEY ("organizing_committee_id") REFERENCES "public"."committees"("id") ON DELETE set null ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "public_submissions" ADD CONSTRAINT "public_submissions_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "public_submissions" ADD CONSTRAINT "public_submissions_event_id_public_participation_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."public_participation_events"("id") ON DELETE set null ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "public_hearings" ADD CONSTRAINT "public_hearings_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "public_hearings" ADD CONSTRAINT "public_hearings_event_id_public_participation_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."public_participation_events"("id") ON DELETE set null ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "public_hearings" ADD CONSTRAINT "public_hearings_presiding_committee_id_committees_id_fk" FOREIGN KEY ("presiding_committee_id") REFERENCES "public"."committees"("id") ON DELETE set null ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "public_hearings" ADD CONSTRAINT "public_hearings_chairperson_id_sponsors_id_fk" FOREIGN KEY ("chairperson_id") REFERENCES "public"."sponsors"("id") ON DELETE set null ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;

CREATE INDEX IF NOT EXISTS "idx_bill_committee_assignments_bill_assignment" ON "bill_committee_assignments" USING btree ("bill_id","assignment_type","status");
CREATE INDEX IF NOT EXISTS "idx_bill_committee_assignments_committee_status" ON "bill_committee_assignments" USING btree ("committee_id","status","assigned_date");
CREATE INDEX IF NOT EXISTS "idx_bill_amendments_bill_status" ON "bill_amendments" USING btree ("bill_id","status","proposed_date");
CREATE INDEX IF NOT EXISTS "idx_bill_amendments_proposed_by" ON "bill_amendments" USING btree ("proposed_by_id","status") WHERE "proposed_by_id" IS NOT NULL;
CREATE INDEX IF NOT EXISTS "idx_bill_versions_bill_current_version" ON "bill_versions" USING btree ("bill_id","is_current_version") WHERE "is_current_version" = true;
CREATE INDEX IF NOT EXISTS "idx_bill_versions_bill_version" ON "bill_versions" USING btree ("bill_id","created_at");
CREATE INDEX IF NOT EXISTS "idx_bill_readings_bill_reading_date" ON "bill_readings" USING btree ("bill_id","reading_date");
CREATE INDEX IF NOT EXISTS "idx_bill_readings_session_reading" ON "bill_readings" USING btree ("session_id","reading_date") WHERE "session_id" IS NOT NULL;
CREATE INDEX IF NOT EXISTS "idx_parliamentary_votes_bill_stage_vote" ON "parliamentary_votes" USING btree ("bill_id","vote_stage","vote_choice");
CREATE INDEX IF NOT EXISTS "idx_parliamentary_votes_sponsor_vote" ON "parliamentary_votes" USING btree ("sponsor_id","vote_date","vote_choice");
CREATE INDEX IF NOT EXISTS "idx_bill_cosponsors_bill_cosponsor" ON "bill_cosponsors" USING btree ("bill_id","cosponsor_type","joined_date");
CREATE INDEX IF NOT EXISTS "idx_bill_cosponsors_sponsor_activity" ON "bill_cosponsors" USING btree ("sponsor_id","joined_date");
CREATE INDEX IF NOT EXISTS "idx_public_participation_events_event_date_status" ON "public_participation_events" USING btree ("event_date","event_status");
CREATE INDEX IF NOT EXISTS "idx_public_participation_events_bill_event" ON "public_participation_events" USING btree ("bill_id","event_date","event_status");
CREATE INDEX IF NOT EXISTS "idx_public_participation_events_county_event" ON "public_participation_events" USING btree ("county","event_date") WHERE "county" IS NOT NULL;
CREATE INDEX IF NOT EXISTS "idx_public_submissions_bill_submission" ON "public_submissions" USING btree ("bill_id","submission_date","review_status");
CREATE INDEX IF NOT EXISTS "idx_public_submissions_event_submission" ON "public_submissions" USING btree ("event_id","submission_date") WHERE "event_id" IS NOT NULL;
CREATE INDEX IF NOT EXISTS "idx_public_submissions_review_status" ON "public_submissions" USING btree ("review_status","submission_date");
CREATE INDEX IF NOT EXISTS "idx_public_hearings_hearing_date_status" ON "public_hearings" USING btree ("hearing_date","hearing_status");
CREATE INDEX IF NOT EXISTS "idx_public_hearings_bill_hearing" ON "public_hearings" USING btree ("bill_id","hearing_date");
CREATE INDEX IF NOT EXISTS "idx_public_hearings_committee_hearing" ON "public_hearings" USING btree ("presiding_committee_id","hearing_date") WHERE "presiding_committee_id" IS NOT NULL;
