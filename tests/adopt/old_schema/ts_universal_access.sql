-- Old-shape fixture, derived from the facts of the old Drizzle module's schema
-- (domain reference, section 1.12: the nine accessibility tables appended to universal_access.ts).
-- Written in the style of drizzle-kit's output (148): quoted identifiers,
-- CREATE ... IF NOT EXISTS, foreign keys in duplicate-tolerant DO blocks, drizzle's constraint and
-- index names. Do not edit by hand without checking the reference.

CREATE TABLE IF NOT EXISTS "assistive_technology_compatibility" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"technology_name" varchar(255) NOT NULL,
	"technology_type" varchar(100) NOT NULL,
	"platform" varchar(100) NOT NULL,
	"compatibility_score" integer NOT NULL,
	"browser_compatibility" jsonb NOT NULL,
	"feature_support" jsonb NOT NULL,
	"recommendation" varchar(100) NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp DEFAULT now() NOT NULL,
	"updated_at" timestamp DEFAULT now() NOT NULL
);

CREATE TABLE IF NOT EXISTS "accessibility_features" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"feature_name" varchar(255) NOT NULL,
	"feature_category" varchar(100) NOT NULL,
	"user_impact_score" integer NOT NULL,
	"target_disabilities" jsonb NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp DEFAULT now() NOT NULL,
	"updated_at" timestamp DEFAULT now() NOT NULL
);

CREATE TABLE IF NOT EXISTS "accessibility_audits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"audit_type" varchar(100) NOT NULL,
	"scope" varchar(100) NOT NULL,
	"audited_components" jsonb NOT NULL,
	"audit_methodology" varchar(255) NOT NULL,
	"auditor_info" jsonb NOT NULL,
	"findings" jsonb NOT NULL,
	"recommendations" jsonb NOT NULL,
	"overall_compliance_score" integer NOT NULL,
	"compliance_level" varchar(50) NOT NULL,
	"audit_date" timestamp NOT NULL,
	"follow_up_required" boolean DEFAULT false NOT NULL,
	"follow_up_date" timestamp,
	"status" varchar(50) NOT NULL,
	"created_at" timestamp DEFAULT now() NOT NULL,
	"updated_at" timestamp DEFAULT now() NOT NULL
);

CREATE TABLE IF NOT EXISTS "accessibility_feedback" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"feedback_type" varchar(100) NOT NULL,
	"page_url" varchar(500) NOT NULL,
	"component" varchar(255) NOT NULL,
	"issue_category" varchar(100) NOT NULL,
	"severity" varchar(50) NOT NULL,
	"description" text NOT NULL,
	"expected_behavior" text NOT NULL,
	"current_behavior" text NOT NULL,
	"steps_to_reproduce" jsonb NOT NULL,
	"browser_info" jsonb NOT NULL,
	"assistive_technology_used" varchar(255),
	"screenshots" jsonb,
	"status" varchar(50) NOT NULL,
	"priority" varchar(50) NOT NULL,
	"assigned_to" uuid,
	"resolution_notes" text,
	"resolved_at" timestamp,
	"created_at" timestamp DEFAULT now() NOT NULL,
	"updated_at" timestamp DEFAULT now() NOT NULL
);

CREATE TABLE IF NOT EXISTS "inclusive_design_metrics" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"measurement_date" timestamp NOT NULL,
	"reporting_period" varchar(50) NOT NULL,
	"user_diversity_metrics" jsonb NOT NULL,
	"accessibility_usage_metrics" jsonb NOT NULL,
	"content_accessibility_metrics" jsonb NOT NULL,
	"technical_compliance_metrics" jsonb NOT NULL,
	"inclusive_design_score" integer NOT NULL,
	"benchmark_comparison" jsonb NOT NULL,
	"improvement_recommendations" jsonb NOT NULL,
	"created_at" timestamp DEFAULT now() NOT NULL,
	"updated_at" timestamp DEFAULT now() NOT NULL
);

CREATE TABLE IF NOT EXISTS "user_accessibility_preferences" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"visual_preferences" jsonb NOT NULL,
	"auditory_preferences" jsonb NOT NULL,
	"motor_preferences" jsonb NOT NULL,
	"cognitive_preferences" jsonb NOT NULL,
	"assistive_technology" jsonb NOT NULL,
	"last_used_features" jsonb NOT NULL,
	"created_at" timestamp DEFAULT now() NOT NULL,
	"updated_at" timestamp DEFAULT now() NOT NULL
);

CREATE TABLE IF NOT EXISTS "alternative_formats" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"content_type" varchar(100) NOT NULL,
	"content_id" varchar(255) NOT NULL,
	"format_type" varchar(100) NOT NULL,
	"format_details" jsonb NOT NULL,
	"target_disabilities" jsonb NOT NULL,
	"quality_score" integer NOT NULL,
	"duration_minutes" integer,
	"user_feedback" jsonb,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp DEFAULT now() NOT NULL,
	"updated_at" timestamp DEFAULT now() NOT NULL
);

CREATE TABLE IF NOT EXISTS "offline_content_cache" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"content_type" varchar(100) NOT NULL,
	"content_id" varchar(255) NOT NULL,
	"content_data" jsonb NOT NULL,
	"metadata" jsonb NOT NULL,
	"cache_timestamp" timestamp DEFAULT now() NOT NULL,
	"expiry_timestamp" timestamp NOT NULL,
	"access_count" integer DEFAULT 0 NOT NULL,
	"priority_level" varchar(50) NOT NULL,
	"device_info" jsonb NOT NULL,
	"created_at" timestamp DEFAULT now() NOT NULL,
	"updated_at" timestamp DEFAULT now() NOT NULL
);

CREATE TABLE IF NOT EXISTS "offline_sync_queue" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"operation_type" varchar(100) NOT NULL,
	"entity_type" varchar(100) NOT NULL,
	"entity_id" varchar(255) NOT NULL,
	"operation_data" jsonb NOT NULL,
	"original_timestamp" timestamp NOT NULL,
	"sync_attempts" integer DEFAULT 0 NOT NULL,
	"last_sync_attempt" timestamp,
	"sync_status" varchar(50) DEFAULT 'pending' NOT NULL,
	"error_details" jsonb,
	"priority" varchar(50) NOT NULL,
	"device_info" jsonb NOT NULL,
	"created_at" timestamp DEFAULT now() NOT NULL,
	"updated_at" timestamp DEFAULT now() NOT NULL
);

