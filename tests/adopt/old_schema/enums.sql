-- Old-shape fixture, derived from the facts of the old Drizzle module's schema
-- (domain reference, section 2).
-- Written in the style of drizzle-kit's output (148): quoted identifiers,
-- CREATE ... IF NOT EXISTS, foreign keys in duplicate-tolerant DO blocks, drizzle's constraint and
-- index names. Do not edit by hand without checking the reference.

CREATE TYPE "public"."kenyan_county" AS ENUM('baringo', 'bomet', 'bungoma', 'busia', 'elgeyo_marakwet', 'embu', 'garissa', 'homa_bay', 'isiolo', 'kajiado', 'kakamega', 'kericho', 'kiambu', 'kilifi', 'kirinyaga', 'kisii', 'kisumu', 'kitui', 'kwale', 'laikipia', 'lamu', 'machakos', 'makueni', 'mandera', 'marsabit', 'meru', 'migori', 'mombasa', 'muranga', 'nairobi', 'nakuru', 'nandi', 'narok', 'nyamira', 'nyandarua', 'nyeri', 'samburu', 'siaya', 'taita_taveta', 'tana_river', 'tharaka_nithi', 'trans_nzoia', 'turkana', 'uasin_gishu', 'vihiga', 'wajir', 'west_pokot');
CREATE TYPE "public"."chamber" AS ENUM('national_assembly', 'senate', 'county_assembly');
CREATE TYPE "public"."party" AS ENUM('jubilee', 'oda', 'wiper', 'kenya_kwanza', 'azimio', 'independent', 'other');
CREATE TYPE "public"."bill_status" AS ENUM('drafted', 'introduced', 'first_reading', 'second_reading', 'committee_stage', 'report_stage', 'third_reading', 'presidential_assent', 'act_of_parliament', 'withdrawn', 'lapsed');
CREATE TYPE "public"."user_role" AS ENUM('citizen', 'admin', 'moderator', 'expert', 'ambassador', 'organizer');
CREATE TYPE "public"."verification_status" AS ENUM('pending', 'verified', 'disputed', 'false', 'outdated');
CREATE TYPE "public"."moderation_status" AS ENUM('pending', 'approved', 'rejected', 'flagged', 'under_review');
CREATE TYPE "public"."comment_vote_type" AS ENUM('upvote', 'downvote');
CREATE TYPE "public"."bill_vote_type" AS ENUM('for', 'against', 'abstain');
CREATE TYPE "public"."engagement_type" AS ENUM('view', 'comment', 'vote', 'share', 'track', 'report');
CREATE TYPE "public"."notification_type" AS ENUM('bill_update', 'comment_reply', 'milestone', 'campaign_update', 'moderation_action');
CREATE TYPE "public"."severity" AS ENUM('low', 'medium', 'high', 'critical');
CREATE TYPE "public"."court_level" AS ENUM('supreme', 'appeal', 'high', 'magistrate', 'tribunal');
CREATE TYPE "public"."campaign_status" AS ENUM('draft', 'active', 'paused', 'completed', 'cancelled');
CREATE TYPE "public"."action_type" AS ENUM('call_mp', 'submit_testimony', 'share_social', 'attend_hearing', 'organize_event', 'petition', 'email_campaign', 'community_meeting');
CREATE TYPE "public"."action_status" AS ENUM('active', 'paused', 'completed', 'cancelled', 'archived');
CREATE TYPE "public"."ambassador_status" AS ENUM('pending', 'active', 'inactive', 'suspended', 'certified');
CREATE TYPE "public"."session_type" AS ENUM('bill_discussion', 'civic_education', 'registration_drive', 'community_forum', 'workshop', 'consultation', 'awareness_campaign');
CREATE TYPE "public"."participation_method" AS ENUM('sms', 'ussd', 'voice', 'mobile_app', 'web', 'offline', 'hybrid');
CREATE TYPE "public"."electoral_cycle_type" AS ENUM('general', 'by_election', 'referendum', 'local');
CREATE TYPE "public"."disinformation_tactic" AS ENUM('astroturfing', 'bot_networks', 'coordinated_harassment', 'false_narratives', 'deepfakes', 'manipulation');
CREATE TYPE "public"."influence_channel" AS ENUM('diplomatic', 'economic', 'cultural', 'military', 'informational', 'technological');
CREATE TYPE "public"."media_type" AS ENUM('newspaper', 'tv', 'radio', 'online', 'social_media', 'podcast');
CREATE TYPE "public"."organization_type" AS ENUM('ngo', 'cbo', 'faith_based', 'professional_association', 'union', 'think_tank');
CREATE TYPE "public"."risk_category" AS ENUM('legislative', 'executive', 'judicial', 'social', 'economic', 'technological', 'international');
