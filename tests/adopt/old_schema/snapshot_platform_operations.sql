-- Old-shape fixture, derived from the facts of the old Drizzle module's schema
-- (domain reference, section 1.11).
-- Written in the style of drizzle-kit's output (148): quoted identifiers,
-- CREATE ... IF NOT EXISTS, foreign keys in duplicate-tolerant DO blocks, drizzle's constraint and
-- index names. Do not edit by hand without checking the reference.

CREATE TABLE IF NOT EXISTS "data_sources" (
	"id" uuid PRIMARY KEY DEFAULT uuid_generate_v4() NOT NULL,
	"source_name" varchar(255) NOT NULL,
	"source_type" varchar(100) NOT NULL,
	"source_url" varchar(1000),
	"auth_method" varchar(100),
	"auth_credentials" jsonb DEFAULT '{}'::jsonb,
	"reliability_score" numeric(3, 2),
	"last_successful_sync" timestamp,
	"sync_failure_count" integer DEFAULT 0 NOT NULL,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"sync_frequency" varchar(50) DEFAULT 'daily' NOT NULL,
	"sync_parameters" jsonb DEFAULT '{}'::jsonb,
	"is_active" boolean DEFAULT true NOT NULL,
	"last_health_check" timestamp,
	"health_status" varchar(50) DEFAULT 'unknown',
	"health_details" jsonb DEFAULT '{}'::jsonb,
	"created_at" timestamp DEFAULT now() NOT NULL,
	"updated_at" timestamp DEFAULT now() NOT NULL,
	"created_by" uuid
);

CREATE TABLE IF NOT EXISTS "sync_jobs" (
	"id" uuid PRIMARY KEY DEFAULT uuid_generate_v4() NOT NULL,
	"data_source_id" uuid NOT NULL,
	"job_name" varchar(255) NOT NULL,
	"job_type" varchar(100) NOT NULL,
	"status" varchar(50) DEFAULT 'queued' NOT NULL,
	"priority" integer DEFAULT 5 NOT NULL,
	"started_at" timestamp,
	"completed_at" timestamp,
	"duration_seconds" integer,
	"timeout_seconds" integer DEFAULT 3600,
	"records_processed" integer DEFAULT 0,
	"records_created" integer DEFAULT 0,
	"records_updated" integer DEFAULT 0,
	"records_deleted" integer DEFAULT 0,
	"records_skipped" integer DEFAULT 0,
	"error_count" integer DEFAULT 0 NOT NULL,
	"error_details" jsonb DEFAULT '[]'::jsonb,
	"last_error" text,
	"retry_count" integer DEFAULT 0 NOT NULL,
	"max_retries" integer DEFAULT 3,
	"memory_usage_mb" integer,
	"memory_peak_mb" integer,
	"cpu_usage_percent" numeric(5, 2),
	"progress_percent" numeric(5, 2) DEFAULT 0,
	"progress_message" varchar(500),
	"triggered_by" varchar(50) DEFAULT 'scheduled',
	"parent_job_id" uuid,
	"created_at" timestamp DEFAULT now() NOT NULL,
	"updated_at" timestamp DEFAULT now() NOT NULL
);

CREATE TABLE IF NOT EXISTS "external_bill_references" (
	"id" uuid PRIMARY KEY DEFAULT uuid_generate_v4() NOT NULL,
	"bill_id" uuid NOT NULL,
	"external_id" varchar(255) NOT NULL,
	"external_source" varchar(100) NOT NULL,
	"external_url" varchar(1000),
	"reference_type" varchar(50) NOT NULL,
	"confidence_score" numeric(3, 2),
	"last_verified" timestamp,
	"last_checked" timestamp,
	"verification_status" varchar(50) DEFAULT 'active' NOT NULL,
	"external_metadata" jsonb DEFAULT '{}'::jsonb,
	"access_count" integer DEFAULT 0,
	"last_accessed" timestamp,
	"created_at" timestamp DEFAULT now() NOT NULL,
	"updated_at" timestamp DEFAULT now() NOT NULL
);

CREATE TABLE IF NOT EXISTS "analytics_events" (
	"id" uuid PRIMARY KEY DEFAULT uuid_generate_v4() NOT NULL,
	"event_name" varchar(100) NOT NULL,
	"event_category" varchar(50) NOT NULL,
	"event_action" varchar(50),
	"user_id" uuid,
	"anonymous_id" varchar(255),
	"session_id" varchar(255),
	"page_url" varchar(1000),
	"page_title" varchar(255),
	"referrer_url" varchar(1000),
	"referrer_type" varchar(50),
	"bill_id" uuid,
	"comment_id" uuid,
	"user_target_id" uuid,
	"event_properties" jsonb DEFAULT '{}'::jsonb,
	"user_agent" text,
	"device_type" varchar(50),
	"device_vendor" varchar(50),
	"browser" varchar(50),
	"browser_version" varchar(50),
	"operating_system" varchar(50),
	"os_version" varchar(50),
	"screen_resolution" varchar(20),
	"ip_address" varchar(45),
	"country" varchar(2),
	"region" varchar(100),
	"city" varchar(100),
	"county" kenyan_county,
	"latitude" numeric(10, 7),
	"longitude" numeric(10, 7),
	"page_load_time_ms" integer,
	"time_on_page_ms" integer,
	"dom_interactive_ms" integer,
	"first_paint_ms" integer,
	"experiment_id" varchar(100),
	"experiment_variant" varchar(50),
	"created_at" timestamp DEFAULT now() NOT NULL
);

CREATE TABLE IF NOT EXISTS "bill_impact_metrics" (
	"id" uuid PRIMARY KEY DEFAULT uuid_generate_v4() NOT NULL,
	"bill_id" uuid NOT NULL,
	"metric_type" varchar(100) NOT NULL,
	"metric_category" varchar(50) NOT NULL,
	"total_value" numeric(15, 2) NOT NULL,
	"unique_value" numeric(15, 2),
	"average_value" numeric(10, 2),
	"median_value" numeric(10, 2),
	"change_from_previous" numeric(10, 2),
	"change_percent" numeric(10, 2),
	"measurement_date" date NOT NULL,
	"time_period" varchar(20) NOT NULL,
	"period_start" timestamp,
	"period_end" timestamp,
	"county_breakdown" jsonb DEFAULT '{}'::jsonb,
	"demographic_breakdown" jsonb DEFAULT '{}'::jsonb,
	"source_breakdown" jsonb DEFAULT '{}'::jsonb,
	"platform_breakdown" jsonb DEFAULT '{}'::jsonb,
	"data_quality_score" numeric(3, 2),
	"sample_size" integer,
	"created_at" timestamp DEFAULT now() NOT NULL,
	"updated_at" timestamp DEFAULT now() NOT NULL
);

CREATE TABLE IF NOT EXISTS "county_engagement_stats" (
	"id" uuid PRIMARY KEY DEFAULT uuid_generate_v4() NOT NULL,
	"county" kenyan_county NOT NULL,
	"active_users" integer DEFAULT 0 NOT NULL,
	"new_users" integer DEFAULT 0 NOT NULL,
	"returning_users" integer DEFAULT 0 NOT NULL,
	"total_engagements" integer DEFAULT 0 NOT NULL,
	"bills_viewed" integer DEFAULT 0 NOT NULL,
	"bills_viewed_unique" integer DEFAULT 0 NOT NULL,
	"comments_posted" integer DEFAULT 0 NOT NULL,
	"votes_cast" integer DEFAULT 0 NOT NULL,
	"votes_support" integer DEFAULT 0 NOT NULL,
	"votes_oppose" integer DEFAULT 0 NOT NULL,
	"shares_count" integer DEFAULT 0 NOT NULL,
	"sessions_count" integer DEFAULT 0 NOT NULL,
	"average_session_duration" numeric(8, 2),
	"median_session_duration" numeric(8, 2),
	"total_time_spent" numeric(12, 2),
	"avg_engagements_per_user" numeric(8, 2),
	"avg_bills_per_user" numeric(8, 2),
	"comment_rate" numeric(5, 2),
	"user_demographics" jsonb DEFAULT '{}'::jsonb,
	"device_breakdown" jsonb DEFAULT '{}'::jsonb,
	"measurement_date" date NOT NULL,
	"time_period" varchar(20) DEFAULT 'monthly' NOT NULL,
	"growth_rate" numeric(8, 2),
	"engagement_trend" varchar(20),
	"rank_by_engagement" integer,
	"percentile" numeric(5, 2),
	"vs_national_average" numeric(8, 2),
	"created_at" timestamp DEFAULT now() NOT NULL,
	"updated_at" timestamp DEFAULT now() NOT NULL
);

CREATE TABLE IF NOT EXISTS "trending_analysis" (
	"id" uuid PRIMARY KEY DEFAULT uuid_generate_v4() NOT NULL,
	"analysis_date" date NOT NULL,
	"time_window_hours" integer NOT NULL,
	"analysis_start" timestamp NOT NULL,
	"analysis_end" timestamp NOT NULL,
	"trending_bills" jsonb DEFAULT '[]'::jsonb,
	"trending_topics" jsonb DEFAULT '[]'::jsonb,
	"emerging_topics" jsonb DEFAULT '[]'::jsonb,
	"engagement_velocity" jsonb DEFAULT '{}'::jsonb,
	"social_media_mentions" jsonb DEFAULT '{}'::jsonb,
	"news_coverage" jsonb DEFAULT '{}'::jsonb,
	"search_trends" jsonb DEFAULT '{}'::jsonb,
	"county_trends" jsonb DEFAULT '{}'::jsonb,
	"regional_differences" jsonb DEFAULT '{}'::jsonb,
	"sentiment_trends" jsonb DEFAULT '{}'::jsonb,
	"analysis_method" varchar(100) NOT NULL,
	"algorithm_version" varchar(50),
	"confidence_score" numeric(3, 2),
	"sample_size" integer,
	"statistical_significance" numeric(5, 4),
	"computation_time_ms" integer,
	"data_freshness_minutes" integer,
	"created_at" timestamp DEFAULT now() NOT NULL,
	"updated_at" timestamp DEFAULT now() NOT NULL
);

CREATE TABLE IF NOT EXISTS "user_engagement_summary" (
	"id" uuid PRIMARY KEY DEFAULT uuid_generate_v4() NOT NULL,
	"user_id" uuid NOT NULL,
	"measurement_date" date NOT NULL,
	"time_period" varchar(20) DEFAULT 'monthly' NOT NULL,
	"sessions_count" integer DEFAULT 0 NOT NULL,
	"total_time_spent_seconds" integer DEFAULT 0 NOT NULL,
	"days_active" integer DEFAULT 0 NOT NULL,
	"bills_viewed" integer DEFAULT 0 NOT NULL,
	"bills_viewed_unique" integer DEFAULT 0 NOT NULL,
	"comments_posted" integer DEFAULT 0 NOT NULL,
	"votes_cast" integer DEFAULT 0 NOT NULL,
	"shares_made" integer DEFAULT 0 NOT NULL,
	"comments_received" integer DEFAULT 0 NOT NULL,
	"likes_received" integer DEFAULT 0 NOT NULL,
	"mentions_received" integer DEFAULT 0 NOT NULL,
	"followers_gained" integer DEFAULT 0 NOT NULL,
	"followers_lost" integer DEFAULT 0 NOT NULL,
	"engagement_score" numeric(10, 2),
	"influence_score" numeric(10, 2),
	"most_active_time" varchar(50),
	"most_active_day" varchar(20),
	"preferred_device" varchar(50),
	"topic_interests" jsonb DEFAULT '{}'::jsonb,
	"engagement_distribution" jsonb DEFAULT '{}'::jsonb,
	"created_at" timestamp DEFAULT now() NOT NULL,
	"updated_at" timestamp DEFAULT now() NOT NULL
);

CREATE TABLE IF NOT EXISTS "platform_health_metrics" (
	"id" uuid PRIMARY KEY DEFAULT uuid_generate_v4() NOT NULL,
	"measurement_timestamp" timestamp NOT NULL,
	"measurement_period_minutes" integer DEFAULT 5 NOT NULL,
	"avg_response_time_ms" integer,
	"p95_response_time_ms" integer,
	"p99_response_time_ms" integer,
	"error_rate" numeric(5, 4),
	"requests_total" integer,
	"requests_per_second" numeric(10, 2),
	"unique_visitors" integer,
	"concurrent_users" integer,
	"db_connection_pool_size" integer,
	"db_active_connections" integer,
	"db_query_time_avg_ms" integer,
	"db_slow_queries_count" integer,
	"cache_hit_rate" numeric(5, 4),
	"cache_memory_usage_mb" integer,
	"api_calls_total" integer,
	"api_success_rate" numeric(5, 4),
	"api_rate_limit_hits" integer,
	"cpu_usage_percent" numeric(5, 2),
	"memory_usage_percent" numeric(5, 2),
	"disk_usage_percent" numeric(5, 2),
	"services_healthy" integer,
	"services_degraded" integer,
	"services_down" integer,
	"alerts_triggered" integer DEFAULT 0,
	"incidents_active" integer DEFAULT 0,
	"health_score" numeric(3, 2),
	"health_status" varchar(50),
	"created_at" timestamp DEFAULT now() NOT NULL
);

CREATE TABLE IF NOT EXISTS "content_performance" (
	"id" uuid PRIMARY KEY DEFAULT uuid_generate_v4() NOT NULL,
	"content_type" varchar(50) NOT NULL,
	"content_id" uuid NOT NULL,
	"measurement_date" date NOT NULL,
	"time_period" varchar(20) DEFAULT 'daily' NOT NULL,
	"impressions" integer DEFAULT 0 NOT NULL,
	"unique_views" integer DEFAULT 0 NOT NULL,
	"reach_rate" numeric(5, 4),
	"engagements_total" integer DEFAULT 0 NOT NULL,
	"engagement_rate" numeric(5, 4),
	"average_time_spent_seconds" integer,
	"scroll_depth_average" numeric(5, 2),
	"clicks" integer DEFAULT 0,
	"shares" integer DEFAULT 0,
	"comments" integer DEFAULT 0,
	"reactions" integer DEFAULT 0,
	"bookmarks" integer DEFAULT 0,
	"click_through_rate" numeric(5, 4),
	"conversion_rate" numeric(5, 4),
	"audience_breakdown" jsonb DEFAULT '{}'::jsonb,
	"top_counties" jsonb DEFAULT '[]'::jsonb,
	"virality_score" numeric(10, 2),
	"quality_score" numeric(5, 2),
	"created_at" timestamp DEFAULT now() NOT NULL,
	"updated_at" timestamp DEFAULT now() NOT NULL
);

DO $$ BEGIN
 ALTER TABLE "sync_jobs" ADD CONSTRAINT "sync_jobs_data_source_id_data_sources_id_fk" FOREIGN KEY ("data_source_id") REFERENCES "public"."data_sources"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "external_bill_references" ADD CONSTRAINT "external_bill_references_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "analytics_events" ADD CONSTRAINT "analytics_events_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "analytics_events" ADD CONSTRAINT "analytics_events_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE set null ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "analytics_events" ADD CONSTRAINT "analytics_events_comment_id_comments_id_fk" FOREIGN KEY ("comment_id") REFERENCES "public"."comments"("id") ON DELETE set null ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "bill_impact_metrics" ADD CONSTRAINT "bill_impact_metrics_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $$ BEGIN
 ALTER TABLE "user_engagement_summary" ADD CONSTRAINT "user_engagement_summary_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;

CREATE UNIQUE INDEX IF NOT EXISTS "idx_data_sources_name" ON "data_sources" USING btree ("source_name");
CREATE INDEX IF NOT EXISTS "idx_data_sources_type" ON "data_sources" USING btree ("source_type");
CREATE INDEX IF NOT EXISTS "idx_data_sources_active" ON "data_sources" USING btree ("is_active");
CREATE INDEX IF NOT EXISTS "idx_data_sources_health" ON "data_sources" USING btree ("health_status");
CREATE INDEX IF NOT EXISTS "idx_data_sources_active_type" ON "data_sources" USING btree ("is_active","source_type");
CREATE INDEX IF NOT EXISTS "idx_sync_jobs_data_source" ON "sync_jobs" USING btree ("data_source_id");
CREATE INDEX IF NOT EXISTS "idx_sync_jobs_status" ON "sync_jobs" USING btree ("status");
CREATE INDEX IF NOT EXISTS "idx_sync_jobs_started_at" ON "sync_jobs" USING btree ("started_at");
CREATE INDEX IF NOT EXISTS "idx_sync_jobs_completed_at" ON "sync_jobs" USING btree ("completed_at");
CREATE INDEX IF NOT EXISTS "idx_sync_jobs_status_priority" ON "sync_jobs" USING btree ("status","priority","created_at");
CREATE INDEX IF NOT EXISTS "idx_sync_jobs_parent" ON "sync_jobs" USING btree ("parent_job_id");
CREATE INDEX IF NOT EXISTS "idx_sync_jobs_source_status" ON "sync_jobs" USING btree ("data_source_id","status","started_at");
CREATE UNIQUE INDEX IF NOT EXISTS "external_bill_references_bill_external_unique" ON "external_bill_references" USING btree ("bill_id","external_source","external_id");
CREATE INDEX IF NOT EXISTS "idx_external_bill_references_bill" ON "external_bill_references" USING btree ("bill_id");
CREATE INDEX IF NOT EXISTS "idx_external_bill_references_source" ON "external_bill_references" USING btree ("external_source");
CREATE INDEX IF NOT EXISTS "idx_external_bill_references_verification" ON "external_bill_references" USING btree ("verification_status","last_verified");
CREATE INDEX IF NOT EXISTS "idx_external_bill_references_external_id" ON "external_bill_references" USING btree ("external_source","external_id");
CREATE INDEX IF NOT EXISTS "idx_analytics_events_user" ON "analytics_events" USING btree ("user_id");
CREATE INDEX IF NOT EXISTS "idx_analytics_events_event" ON "analytics_events" USING btree ("event_name");
CREATE INDEX IF NOT EXISTS "idx_analytics_events_category" ON "analytics_events" USING btree ("event_category");
CREATE INDEX IF NOT EXISTS "idx_analytics_events_bill" ON "analytics_events" USING btree ("bill_id");
CREATE INDEX IF NOT EXISTS "idx_analytics_events_session" ON "analytics_events" USING btree ("session_id");
CREATE INDEX IF NOT EXISTS "idx_analytics_events_created_at" ON "analytics_events" USING btree ("created_at");
CREATE INDEX IF NOT EXISTS "idx_analytics_events_anonymous" ON "analytics_events" USING btree ("anonymous_id");
CREATE INDEX IF NOT EXISTS "idx_analytics_events_county" ON "analytics_events" USING btree ("county");
CREATE INDEX IF NOT EXISTS "idx_analytics_events_experiment" ON "analytics_events" USING btree ("experiment_id","experiment_variant");
CREATE INDEX IF NOT EXISTS "idx_analytics_events_user_time" ON "analytics_events" USING btree ("user_id","created_at");
CREATE INDEX IF NOT EXISTS "idx_analytics_events_category_action" ON "analytics_events" USING btree ("event_category","event_action","created_at");
CREATE UNIQUE INDEX IF NOT EXISTS "bill_impact_metrics_bill_metric_period_unique" ON "bill_impact_metrics" USING btree ("bill_id","metric_type","measurement_date","time_period");
CREATE INDEX IF NOT EXISTS "idx_bill_impact_metrics_bill" ON "bill_impact_metrics" USING btree ("bill_id");
CREATE INDEX IF NOT EXISTS "idx_bill_impact_metrics_type" ON "bill_impact_metrics" USING btree ("metric_type");
CREATE INDEX IF NOT EXISTS "idx_bill_impact_metrics_date" ON "bill_impact_metrics" USING btree ("measurement_date");
CREATE INDEX IF NOT EXISTS "idx_bill_impact_metrics_category" ON "bill_impact_metrics" USING btree ("metric_category");
CREATE INDEX IF NOT EXISTS "idx_bill_impact_metrics_bill_date" ON "bill_impact_metrics" USING btree ("bill_id","measurement_date");
CREATE INDEX IF NOT EXISTS "idx_bill_impact_metrics_type_period" ON "bill_impact_metrics" USING btree ("metric_type","time_period","measurement_date");
CREATE UNIQUE INDEX IF NOT EXISTS "county_engagement_stats_county_date_unique" ON "county_engagement_stats" USING btree ("county","measurement_date","time_period");
CREATE INDEX IF NOT EXISTS "idx_county_engagement_stats_county" ON "county_engagement_stats" USING btree ("county");
CREATE INDEX IF NOT EXISTS "idx_county_engagement_stats_date" ON "county_engagement_stats" USING btree ("measurement_date");
CREATE INDEX IF NOT EXISTS "idx_county_engagement_stats_engagement" ON "county_engagement_stats" USING btree ("total_engagements","measurement_date");
CREATE INDEX IF NOT EXISTS "idx_county_engagement_stats_users" ON "county_engagement_stats" USING btree ("active_users","new_users");
CREATE INDEX IF NOT EXISTS "idx_county_engagement_stats_county_date_time" ON "county_engagement_stats" USING btree ("county","time_period","measurement_date");
CREATE UNIQUE INDEX IF NOT EXISTS "trending_analysis_date_window_unique" ON "trending_analysis" USING btree ("analysis_date","time_window_hours");
CREATE INDEX IF NOT EXISTS "idx_trending_analysis_date" ON "trending_analysis" USING btree ("analysis_date");
CREATE INDEX IF NOT EXISTS "idx_trending_analysis_method" ON "trending_analysis" USING btree ("analysis_method");
CREATE INDEX IF NOT EXISTS "idx_trending_analysis_confidence" ON "trending_analysis" USING btree ("confidence_score","analysis_date");
CREATE INDEX IF NOT EXISTS "idx_trending_analysis_date_confidence" ON "trending_analysis" USING btree ("analysis_date","confidence_score");
CREATE UNIQUE INDEX IF NOT EXISTS "user_engagement_summary_user_date_unique" ON "user_engagement_summary" USING btree ("user_id","measurement_date","time_period");
CREATE INDEX IF NOT EXISTS "idx_user_engagement_summary_user" ON "user_engagement_summary" USING btree ("user_id");
CREATE INDEX IF NOT EXISTS "idx_user_engagement_summary_date" ON "user_engagement_summary" USING btree ("measurement_date");
CREATE INDEX IF NOT EXISTS "idx_user_engagement_summary_score" ON "user_engagement_summary" USING btree ("engagement_score","measurement_date");
CREATE UNIQUE INDEX IF NOT EXISTS "platform_health_metrics_timestamp_unique" ON "platform_health_metrics" USING btree ("measurement_timestamp","measurement_period_minutes");
CREATE INDEX IF NOT EXISTS "idx_platform_health_metrics_timestamp" ON "platform_health_metrics" USING btree ("measurement_timestamp");
CREATE INDEX IF NOT EXISTS "idx_platform_health_metrics_status" ON "platform_health_metrics" USING btree ("health_status","measurement_timestamp");
CREATE UNIQUE INDEX IF NOT EXISTS "content_performance_content_date_unique" ON "content_performance" USING btree ("content_type","content_id","measurement_date","time_period");
CREATE INDEX IF NOT EXISTS "idx_content_performance_content" ON "content_performance" USING btree ("content_type","content_id");
CREATE INDEX IF NOT EXISTS "idx_content_performance_date" ON "content_performance" USING btree ("measurement_date");
CREATE INDEX IF NOT EXISTS "idx_content_performance_engagement" ON "content_performance" USING btree ("engagement_rate","measurement_date");
