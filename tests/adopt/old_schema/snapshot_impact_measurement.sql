-- Old-shape fixture, derived from the facts of the old Drizzle module's schema
-- (domain reference, section 1.9).
-- Written in the style of drizzle-kit's output (148): quoted identifiers,
-- CREATE ... IF NOT EXISTS, foreign keys in duplicate-tolerant DO blocks, drizzle's constraint and
-- index names. Do not edit by hand without checking the reference.

CREATE TABLE IF NOT EXISTS "participation_cohorts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cohort_name" varchar(200) NOT NULL,
	"cohort_type" varchar(50) NOT NULL,
	"definition_criteria" jsonb NOT NULL,
	"county" kenyan_county,
	"constituency" varchar(100),
	"urban_rural" varchar(20),
	"age_range" varchar(30),
	"gender" varchar(20),
	"education_level" varchar(50),
	"income_bracket" varchar(50),
	"device_type" varchar(30),
	"connectivity_level" varchar(30),
	"registration_period" varchar(50),
	"cohort_start_date" date,
	"cohort_end_date" date,
	"total_members" integer DEFAULT 0 NOT NULL,
	"active_members" integer DEFAULT 0 NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"analysis_frequency" varchar(20) DEFAULT 'monthly' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE IF NOT EXISTS "legislative_outcomes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"bill_id" uuid NOT NULL,
	"final_status" varchar(50) NOT NULL,
	"outcome_date" date NOT NULL,
	"total_readings" smallint DEFAULT 0 NOT NULL,
	"committee_stages" smallint DEFAULT 0 NOT NULL,
	"amendment_count" integer DEFAULT 0 NOT NULL,
	"public_comments_received" integer DEFAULT 0 NOT NULL,
	"public_participation_events" integer DEFAULT 0 NOT NULL,
	"campaign_activities" integer DEFAULT 0 NOT NULL,
	"final_vote_for" integer,
	"final_vote_against" integer,
	"final_vote_abstain" integer,
	"vote_margin" integer,
	"amendments_from_public_input" integer DEFAULT 0 NOT NULL,
	"substantive_changes_made" boolean DEFAULT false NOT NULL,
	"changes_summary" text,
	"implementation_status" varchar(30),
	"implementation_date" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE IF NOT EXISTS "bill_implementation" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"bill_id" uuid NOT NULL,
	"expected_implementation_date" date,
	"actual_implementation_date" date,
	"implementation_delay_days" integer,
	"implementing_agencies" varchar(200)[],
	"budget_allocated" numeric(15, 2),
	"budget_utilized" numeric(15, 2),
	"implementation_percentage" numeric(5, 2),
	"key_milestones" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"implementation_challenges" text,
	"legal_challenges" text,
	"citizen_reports_count" integer DEFAULT 0 NOT NULL,
	"media_coverage_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE IF NOT EXISTS "attribution_assessments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"assessment_type" varchar(50) NOT NULL,
	"target_bill_id" uuid,
	"target_campaign_id" uuid,
	"assessment_start_date" date NOT NULL,
	"assessment_end_date" date NOT NULL,
	"assessment_methodology" varchar(100) NOT NULL,
	"control_group_description" text,
	"platform_contribution_percentage" numeric(5, 2),
	"confidence_level" numeric(3, 2),
	"quantitative_evidence" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"qualitative_evidence" text,
	"confounding_factors" text,
	"alternative_explanations" text,
	"assessor_id" uuid,
	"peer_reviewed" boolean DEFAULT false NOT NULL,
	"methodology_validated" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE IF NOT EXISTS "success_stories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" varchar(500) NOT NULL,
	"story_type" varchar(50) NOT NULL,
	"related_bill_id" uuid,
	"related_campaign_id" uuid,
	"geographic_scope" varchar(50),
	"story_summary" text NOT NULL,
	"detailed_narrative" text,
	"key_actors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"quantified_impact" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"people_affected" integer,
	"evidence_sources" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"verification_status" varchar(30) DEFAULT 'unverified' NOT NULL,
	"story_date" date NOT NULL,
	"is_featured" boolean DEFAULT false NOT NULL,
	"is_public" boolean DEFAULT true NOT NULL,
	"documented_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE IF NOT EXISTS "geographic_equity_metrics" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"county" kenyan_county NOT NULL,
	"constituency" varchar(100),
	"measurement_date" date NOT NULL,
	"measurement_period" varchar(20) NOT NULL,
	"total_population" integer,
	"eligible_population" integer,
	"internet_penetration_rate" real,
	"registered_users" integer DEFAULT 0 NOT NULL,
	"active_users" integer DEFAULT 0 NOT NULL,
	"new_registrations" integer DEFAULT 0 NOT NULL,
	"comments_posted" integer DEFAULT 0 NOT NULL,
	"bills_viewed" integer DEFAULT 0 NOT NULL,
	"votes_cast" integer DEFAULT 0 NOT NULL,
	"campaigns_joined" integer DEFAULT 0 NOT NULL,
	"facilitation_sessions_held" integer DEFAULT 0 NOT NULL,
	"offline_participants" integer DEFAULT 0 NOT NULL,
	"participation_rate" real,
	"engagement_intensity" real,
	"digital_divide_index" real,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE IF NOT EXISTS "demographic_equity_metrics" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"age_range" varchar(30),
	"gender" varchar(20),
	"education_level" varchar(50),
	"income_bracket" varchar(50),
	"measurement_date" date NOT NULL,
	"measurement_period" varchar(20) NOT NULL,
	"estimated_population" integer,
	"registered_users" integer DEFAULT 0 NOT NULL,
	"active_users" integer DEFAULT 0 NOT NULL,
	"average_session_duration" real,
	"average_actions_per_session" real,
	"preferred_engagement_types" varchar(50)[],
	"reported_barriers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"support_needs" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"participation_rate" real,
	"engagement_quality_score" real,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE IF NOT EXISTS "digital_inclusion_metrics" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"measurement_date" date NOT NULL,
	"geographic_scope" varchar(50),
	"county" kenyan_county,
	"smartphone_users" integer DEFAULT 0 NOT NULL,
	"feature_phone_users" integer DEFAULT 0 NOT NULL,
	"computer_users" integer DEFAULT 0 NOT NULL,
	"shared_device_users" integer DEFAULT 0 NOT NULL,
	"high_speed_users" integer DEFAULT 0 NOT NULL,
	"mobile_data_users" integer DEFAULT 0 NOT NULL,
	"intermittent_connectivity_users" integer DEFAULT 0 NOT NULL,
	"offline_only_users" integer DEFAULT 0 NOT NULL,
	"web_platform_usage" integer DEFAULT 0 NOT NULL,
	"mobile_app_usage" integer DEFAULT 0 NOT NULL,
	"ussd_usage" integer DEFAULT 0 NOT NULL,
	"ambassador_facilitated_usage" integer DEFAULT 0 NOT NULL,
	"mobile_vs_desktop_access" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"mobile_only_users_percentage" real,
	"smartphone_vs_feature_phone" jsonb DEFAULT '{}'::jsonb,
	"device_diversity_index" real,
	"platform_switching_rate" real,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE IF NOT EXISTS "platform_performance_indicators" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"indicator_name" varchar(200) NOT NULL,
	"indicator_category" varchar(50) NOT NULL,
	"measurement_date" date NOT NULL,
	"measurement_period" varchar(20) NOT NULL,
	"current_value" numeric(15, 4) NOT NULL,
	"target_value" numeric(15, 4),
	"baseline_value" numeric(15, 4),
	"previous_period_value" numeric(15, 4),
	"change_percentage" real,
	"trend_direction" varchar(20),
	"calculation_method" text,
	"data_sources" varchar(100)[],
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE IF NOT EXISTS "legislative_impact_indicators" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"measurement_date" date NOT NULL,
	"measurement_period" varchar(20) NOT NULL,
	"bills_introduced" integer DEFAULT 0 NOT NULL,
	"bills_with_public_engagement" integer DEFAULT 0 NOT NULL,
	"bills_amended_after_engagement" integer DEFAULT 0 NOT NULL,
	"bills_passed" integer DEFAULT 0 NOT NULL,
	"bills_rejected" integer DEFAULT 0 NOT NULL,
	"average_comments_per_bill" real,
	"average_participants_per_bill" real,
	"public_participation_events_held" integer DEFAULT 0 NOT NULL,
	"amendments_from_public_input" integer DEFAULT 0 NOT NULL,
	"substantive_changes_percentage" real,
	"bills_implemented_on_time" integer DEFAULT 0 NOT NULL,
	"average_implementation_delay_days" real,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE IF NOT EXISTS "civic_engagement_indicators" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"measurement_date" date NOT NULL,
	"measurement_period" varchar(20) NOT NULL,
	"total_registered_users" integer DEFAULT 0 NOT NULL,
	"monthly_active_users" integer DEFAULT 0 NOT NULL,
	"daily_active_users" integer DEFAULT 0 NOT NULL,
	"new_user_registrations" integer DEFAULT 0 NOT NULL,
	"comments_posted" integer DEFAULT 0 NOT NULL,
	"bills_viewed" integer DEFAULT 0 NOT NULL,
	"votes_cast" integer DEFAULT 0 NOT NULL,
	"shares_made" integer DEFAULT 0 NOT NULL,
	"campaigns_created" integer DEFAULT 0 NOT NULL,
	"campaign_participants" integer DEFAULT 0 NOT NULL,
	"actions_completed" integer DEFAULT 0 NOT NULL,
	"average_comment_length" real,
	"constructive_comments_percentage" real,
	"repeat_engagement_rate" real,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE IF NOT EXISTS "financial_sustainability_indicators" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"measurement_date" date NOT NULL,
	"measurement_period" varchar(20) NOT NULL,
	"infrastructure_costs" numeric(12, 2) DEFAULT '0' NOT NULL,
	"personnel_costs" numeric(12, 2) DEFAULT '0' NOT NULL,
	"operational_costs" numeric(12, 2) DEFAULT '0' NOT NULL,
	"total_costs" numeric(12, 2) DEFAULT '0' NOT NULL,
	"grant_funding" numeric(12, 2) DEFAULT '0' NOT NULL,
	"subscription_revenue" numeric(12, 2) DEFAULT '0' NOT NULL,
	"service_revenue" numeric(12, 2) DEFAULT '0' NOT NULL,
	"total_revenue" numeric(12, 2) DEFAULT '0' NOT NULL,
	"cost_per_active_user" numeric(8, 2),
	"cost_per_engagement" numeric(8, 4),
	"funding_runway_months" real,
	"revenue_growth_rate" real,
	"cost_efficiency_trend" varchar(20),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);

DO $$ BEGIN
 ALTER TABLE "legislative_outcomes" ADD CONSTRAINT "legislative_outcomes_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "bill_implementation" ADD CONSTRAINT "bill_implementation_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "attribution_assessments" ADD CONSTRAINT "attribution_assessments_target_bill_id_bills_id_fk" FOREIGN KEY ("target_bill_id") REFERENCES "public"."bills"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "attribution_assessments" ADD CONSTRAINT "attribution_assessments_target_campaign_id_campaigns_id_fk" FOREIGN KEY ("target_campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "attribution_assessments" ADD CONSTRAINT "attribution_assessments_assessor_id_users_id_fk" FOREIGN KEY ("assessor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "success_stories" ADD CONSTRAINT "success_stories_related_bill_id_bills_id_fk" FOREIGN KEY ("related_bill_id") REFERENCES "public"."bills"("id") ON DELETE set null ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "success_stories" ADD CONSTRAINT "success_stories_related_campaign_id_campaigns_id_fk" FOREIGN KEY ("related_campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE set null ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "success_stories" ADD CONSTRAINT "success_stories_documented_by_id_users_id_fk" FOREIGN KEY ("documented_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;

CREATE INDEX IF NOT EXISTS "idx_participation_cohorts_type_active" ON "participation_cohorts" USING btree ("cohort_type","is_active") WHERE "is_active" = true;
CREATE INDEX IF NOT EXISTS "idx_participation_cohorts_county_urban_rural" ON "participation_cohorts" USING btree ("county","urban_rural") WHERE "county" IS NOT NULL;
CREATE INDEX IF NOT EXISTS "idx_participation_cohorts_age_gender" ON "participation_cohorts" USING btree ("age_range","gender") WHERE "age_range" IS NOT NULL AND "gender" IS NOT NULL;
CREATE INDEX IF NOT EXISTS "idx_participation_cohorts_device_connectivity" ON "participation_cohorts" USING btree ("device_type","connectivity_level");
CREATE INDEX IF NOT EXISTS "idx_legislative_outcomes_final_status" ON "legislative_outcomes" USING btree ("final_status","outcome_date");
CREATE INDEX IF NOT EXISTS "idx_legislative_outcomes_public_engagement" ON "legislative_outcomes" USING btree ("public_comments_received","amendments_from_public_input","substantive_changes_made");
CREATE INDEX IF NOT EXISTS "idx_legislative_outcomes_implementation_status" ON "legislative_outcomes" USING btree ("implementation_status","implementation_date") WHERE "implementation_status" IS NOT NULL;
CREATE INDEX IF NOT EXISTS "idx_bill_implementation_implementation_timeline" ON "bill_implementation" USING btree ("expected_implementation_date","actual_implementation_date","implementation_delay_days");
CREATE INDEX IF NOT EXISTS "idx_bill_implementation_budget_utilization" ON "bill_implementation" USING btree ("budget_allocated","budget_utilized","implementation_percentage");
CREATE INDEX IF NOT EXISTS "idx_bill_implementation_public_monitoring" ON "bill_implementation" USING btree ("citizen_reports_count","media_coverage_count");
CREATE INDEX IF NOT EXISTS "idx_attribution_assessments_type_confidence" ON "attribution_assessments" USING btree ("assessment_type","confidence_level","platform_contribution_percentage");
CREATE INDEX IF NOT EXISTS "idx_attribution_assessments_bill_attribution" ON "attribution_assessments" USING btree ("target_bill_id","platform_contribution_percentage") WHERE "target_bill_id" IS NOT NULL;
CREATE INDEX IF NOT EXISTS "idx_attribution_assessments_quality_assurance" ON "attribution_assessments" USING btree ("peer_reviewed","methodology_validated","confidence_level");
CREATE INDEX IF NOT EXISTS "idx_success_stories_type_public" ON "success_stories" USING btree ("story_type","is_public","story_date") WHERE "is_public" = true;
CREATE INDEX IF NOT EXISTS "idx_success_stories_featured" ON "success_stories" USING btree ("is_featured","story_date") WHERE "is_featured" = true;
CREATE INDEX IF NOT EXISTS "idx_success_stories_geographic_scope" ON "success_stories" USING btree ("geographic_scope","people_affected");
CREATE INDEX IF NOT EXISTS "idx_geographic_equity_metrics_county_date" ON "geographic_equity_metrics" USING btree ("county","measurement_date");
CREATE INDEX IF NOT EXISTS "idx_geographic_equity_metrics_participation_rate" ON "geographic_equity_metrics" USING btree ("participation_rate","digital_divide_index");
CREATE INDEX IF NOT EXISTS "idx_geographic_equity_metrics_constituency_participation" ON "geographic_equity_metrics" USING btree ("constituency","participation_rate") WHERE "constituency" IS NOT NULL;
CREATE INDEX IF NOT EXISTS "idx_demographic_equity_metrics_age_gender_date" ON "demographic_equity_metrics" USING btree ("age_range","gender","measurement_date");
CREATE INDEX IF NOT EXISTS "idx_demographic_equity_metrics_participation_equity" ON "demographic_equity_metrics" USING btree ("participation_rate","engagement_quality_score");
CREATE INDEX IF NOT EXISTS "idx_demographic_equity_metrics_education_income" ON "demographic_equity_metrics" USING btree ("education_level","income_bracket","participation_rate");
CREATE INDEX IF NOT EXISTS "idx_digital_inclusion_metrics_county_digital_divide" ON "digital_inclusion_metrics" USING btree ("county","measurement_date") WHERE "county" IS NOT NULL;
CREATE INDEX IF NOT EXISTS "idx_digital_inclusion_metrics_device_access" ON "digital_inclusion_metrics" USING btree ("smartphone_users","feature_phone_users","offline_only_users");
CREATE INDEX IF NOT EXISTS "idx_digital_inclusion_metrics_platform_usage" ON "digital_inclusion_metrics" USING btree ("web_platform_usage","ussd_usage","ambassador_facilitated_usage");
CREATE INDEX IF NOT EXISTS "idx_platform_performance_indicators_indicator_date" ON "platform_performance_indicators" USING btree ("indicator_name","measurement_date");
CREATE INDEX IF NOT EXISTS "idx_platform_performance_indicators_category_trend" ON "platform_performance_indicators" USING btree ("indicator_category","trend_direction","measurement_date");
CREATE INDEX IF NOT EXISTS "idx_legislative_impact_indicators_measurement_date" ON "legislative_impact_indicators" USING btree ("measurement_date");
CREATE INDEX IF NOT EXISTS "idx_legislative_impact_indicators_engagement_impact" ON "legislative_impact_indicators" USING btree ("bills_with_public_engagement","bills_amended_after_engagement");
CREATE INDEX IF NOT EXISTS "idx_civic_engagement_indicators_measurement_date" ON "civic_engagement_indicators" USING btree ("measurement_date");
CREATE INDEX IF NOT EXISTS "idx_civic_engagement_indicators_user_activity" ON "civic_engagement_indicators" USING btree ("monthly_active_users","daily_active_users","repeat_engagement_rate");
CREATE INDEX IF NOT EXISTS "idx_financial_sustainability_indicators_measurement_date" ON "financial_sustainability_indicators" USING btree ("measurement_date");
CREATE INDEX IF NOT EXISTS "idx_financial_sustainability_indicators_sustainability" ON "financial_sustainability_indicators" USING btree ("funding_runway_months","revenue_growth_rate","cost_efficiency_trend");
