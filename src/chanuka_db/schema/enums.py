"""PostgreSQL enum types shared by the domain modules.

Each enum is a Python ``StrEnum`` (what the code uses) plus the SQLAlchemy type bound to the
PostgreSQL type name (what the columns use). Values are stored as the lower-case strings below,
exactly as the platform's services send them. alembic-postgresql-enum turns changes to these
classes into ``ALTER TYPE`` migrations.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import Enum


def pg_enum(py_enum: type[StrEnum], name: str) -> Enum:
    """The SQLAlchemy type for ``py_enum`` stored as the PostgreSQL enum ``name`` (by value)."""
    return Enum(
        py_enum,
        name=name,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class ActionStatus(StrEnum):
    """Values of the ``action_status`` enum."""

    ACTIVE = "active"
    PAUSED = "paused"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    ARCHIVED = "archived"


ACTION_STATUS = pg_enum(ActionStatus, "action_status")

class ActionType(StrEnum):
    """Values of the ``action_type`` enum."""

    CALL_MP = "call_mp"
    SUBMIT_TESTIMONY = "submit_testimony"
    SHARE_SOCIAL = "share_social"
    ATTEND_HEARING = "attend_hearing"
    ORGANIZE_EVENT = "organize_event"
    PETITION = "petition"
    EMAIL_CAMPAIGN = "email_campaign"
    COMMUNITY_MEETING = "community_meeting"


ACTION_TYPE = pg_enum(ActionType, "action_type")

class AmbassadorStatus(StrEnum):
    """Values of the ``ambassador_status`` enum."""

    PENDING = "pending"
    ACTIVE = "active"
    INACTIVE = "inactive"
    SUSPENDED = "suspended"
    CERTIFIED = "certified"


AMBASSADOR_STATUS = pg_enum(AmbassadorStatus, "ambassador_status")

class BillStatus(StrEnum):
    """Values of the ``bill_status`` enum."""

    DRAFTED = "drafted"
    INTRODUCED = "introduced"
    FIRST_READING = "first_reading"
    SECOND_READING = "second_reading"
    COMMITTEE_STAGE = "committee_stage"
    REPORT_STAGE = "report_stage"
    THIRD_READING = "third_reading"
    PRESIDENTIAL_ASSENT = "presidential_assent"
    ACT_OF_PARLIAMENT = "act_of_parliament"
    WITHDRAWN = "withdrawn"
    LAPSED = "lapsed"


BILL_STATUS = pg_enum(BillStatus, "bill_status")

class BillVoteType(StrEnum):
    """Values of the ``bill_vote_type`` enum."""

    FOR = "for"
    AGAINST = "against"
    ABSTAIN = "abstain"


BILL_VOTE_TYPE = pg_enum(BillVoteType, "bill_vote_type")

class CampaignStatus(StrEnum):
    """Values of the ``campaign_status`` enum."""

    DRAFT = "draft"
    ACTIVE = "active"
    PAUSED = "paused"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


CAMPAIGN_STATUS = pg_enum(CampaignStatus, "campaign_status")

class Chamber(StrEnum):
    """Values of the ``chamber`` enum."""

    NATIONAL_ASSEMBLY = "national_assembly"
    SENATE = "senate"
    COUNTY_ASSEMBLY = "county_assembly"


CHAMBER = pg_enum(Chamber, "chamber")

class CommentVoteType(StrEnum):
    """Values of the ``comment_vote_type`` enum."""

    UPVOTE = "upvote"
    DOWNVOTE = "downvote"


COMMENT_VOTE_TYPE = pg_enum(CommentVoteType, "comment_vote_type")

class CourtLevel(StrEnum):
    """Values of the ``court_level`` enum."""

    SUPREME = "supreme"
    APPEAL = "appeal"
    HIGH = "high"
    MAGISTRATE = "magistrate"
    TRIBUNAL = "tribunal"


COURT_LEVEL = pg_enum(CourtLevel, "court_level")

class DisinformationTactic(StrEnum):
    """Values of the ``disinformation_tactic`` enum."""

    ASTROTURFING = "astroturfing"
    BOT_NETWORKS = "bot_networks"
    COORDINATED_HARASSMENT = "coordinated_harassment"
    FALSE_NARRATIVES = "false_narratives"
    DEEPFAKES = "deepfakes"
    MANIPULATION = "manipulation"


DISINFORMATION_TACTIC = pg_enum(DisinformationTactic, "disinformation_tactic")

class ElectoralCycleType(StrEnum):
    """Values of the ``electoral_cycle_type`` enum."""

    GENERAL = "general"
    BY_ELECTION = "by_election"
    REFERENDUM = "referendum"
    LOCAL = "local"


ELECTORAL_CYCLE_TYPE = pg_enum(ElectoralCycleType, "electoral_cycle_type")

class EngagementType(StrEnum):
    """Values of the ``engagement_type`` enum."""

    VIEW = "view"
    COMMENT = "comment"
    VOTE = "vote"
    SHARE = "share"
    TRACK = "track"
    REPORT = "report"


ENGAGEMENT_TYPE = pg_enum(EngagementType, "engagement_type")

class InfluenceChannel(StrEnum):
    """Values of the ``influence_channel`` enum."""

    DIPLOMATIC = "diplomatic"
    ECONOMIC = "economic"
    CULTURAL = "cultural"
    MILITARY = "military"
    INFORMATIONAL = "informational"
    TECHNOLOGICAL = "technological"


INFLUENCE_CHANNEL = pg_enum(InfluenceChannel, "influence_channel")

class KenyanCounty(StrEnum):
    """Values of the ``kenyan_county`` enum."""

    BARINGO = "baringo"
    BOMET = "bomet"
    BUNGOMA = "bungoma"
    BUSIA = "busia"
    ELGEYO_MARAKWET = "elgeyo_marakwet"
    EMBU = "embu"
    GARISSA = "garissa"
    HOMA_BAY = "homa_bay"
    ISIOLO = "isiolo"
    KAJIADO = "kajiado"
    KAKAMEGA = "kakamega"
    KERICHO = "kericho"
    KIAMBU = "kiambu"
    KILIFI = "kilifi"
    KIRINYAGA = "kirinyaga"
    KISII = "kisii"
    KISUMU = "kisumu"
    KITUI = "kitui"
    KWALE = "kwale"
    LAIKIPIA = "laikipia"
    LAMU = "lamu"
    MACHAKOS = "machakos"
    MAKUENI = "makueni"
    MANDERA = "mandera"
    MARSABIT = "marsabit"
    MERU = "meru"
    MIGORI = "migori"
    MOMBASA = "mombasa"
    MURANGA = "muranga"
    NAIROBI = "nairobi"
    NAKURU = "nakuru"
    NANDI = "nandi"
    NAROK = "narok"
    NYAMIRA = "nyamira"
    NYANDARUA = "nyandarua"
    NYERI = "nyeri"
    SAMBURU = "samburu"
    SIAYA = "siaya"
    TAITA_TAVETA = "taita_taveta"
    TANA_RIVER = "tana_river"
    THARAKA_NITHI = "tharaka_nithi"
    TRANS_NZOIA = "trans_nzoia"
    TURKANA = "turkana"
    UASIN_GISHU = "uasin_gishu"
    VIHIGA = "vihiga"
    WAJIR = "wajir"
    WEST_POKOT = "west_pokot"


KENYAN_COUNTY = pg_enum(KenyanCounty, "kenyan_county")

class MediaType(StrEnum):
    """Values of the ``media_type`` enum."""

    NEWSPAPER = "newspaper"
    TV = "tv"
    RADIO = "radio"
    ONLINE = "online"
    SOCIAL_MEDIA = "social_media"
    PODCAST = "podcast"


MEDIA_TYPE = pg_enum(MediaType, "media_type")

class ModerationStatus(StrEnum):
    """Values of the ``moderation_status`` enum."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    FLAGGED = "flagged"
    UNDER_REVIEW = "under_review"


MODERATION_STATUS = pg_enum(ModerationStatus, "moderation_status")

class NotificationType(StrEnum):
    """Values of the ``notification_type`` enum."""

    BILL_UPDATE = "bill_update"
    COMMENT_REPLY = "comment_reply"
    MILESTONE = "milestone"
    CAMPAIGN_UPDATE = "campaign_update"
    MODERATION_ACTION = "moderation_action"


NOTIFICATION_TYPE = pg_enum(NotificationType, "notification_type")

class OrganizationType(StrEnum):
    """Values of the ``organization_type`` enum."""

    NGO = "ngo"
    CBO = "cbo"
    FAITH_BASED = "faith_based"
    PROFESSIONAL_ASSOCIATION = "professional_association"
    UNION = "union"
    THINK_TANK = "think_tank"


ORGANIZATION_TYPE = pg_enum(OrganizationType, "organization_type")

class ParticipationMethod(StrEnum):
    """Values of the ``participation_method`` enum."""

    SMS = "sms"
    USSD = "ussd"
    VOICE = "voice"
    MOBILE_APP = "mobile_app"
    WEB = "web"
    OFFLINE = "offline"
    HYBRID = "hybrid"


PARTICIPATION_METHOD = pg_enum(ParticipationMethod, "participation_method")

class Party(StrEnum):
    """Values of the ``party`` enum."""

    JUBILEE = "jubilee"
    ODA = "oda"
    WIPER = "wiper"
    KENYA_KWANZA = "kenya_kwanza"
    AZIMIO = "azimio"
    INDEPENDENT = "independent"
    OTHER = "other"


PARTY = pg_enum(Party, "party")

class RiskCategory(StrEnum):
    """Values of the ``risk_category`` enum."""

    LEGISLATIVE = "legislative"
    EXECUTIVE = "executive"
    JUDICIAL = "judicial"
    SOCIAL = "social"
    ECONOMIC = "economic"
    TECHNOLOGICAL = "technological"
    INTERNATIONAL = "international"


RISK_CATEGORY = pg_enum(RiskCategory, "risk_category")

class SessionType(StrEnum):
    """Values of the ``session_type`` enum."""

    BILL_DISCUSSION = "bill_discussion"
    CIVIC_EDUCATION = "civic_education"
    REGISTRATION_DRIVE = "registration_drive"
    COMMUNITY_FORUM = "community_forum"
    WORKSHOP = "workshop"
    CONSULTATION = "consultation"
    AWARENESS_CAMPAIGN = "awareness_campaign"


SESSION_TYPE = pg_enum(SessionType, "session_type")

class Severity(StrEnum):
    """Values of the ``severity`` enum."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


SEVERITY = pg_enum(Severity, "severity")

class UserRole(StrEnum):
    """Values of the ``user_role`` enum."""

    CITIZEN = "citizen"
    ADMIN = "admin"
    MODERATOR = "moderator"
    EXPERT = "expert"
    AMBASSADOR = "ambassador"
    ORGANIZER = "organizer"


USER_ROLE = pg_enum(UserRole, "user_role")

class VerificationStatus(StrEnum):
    """Values of the ``verification_status`` enum."""

    PENDING = "pending"
    VERIFIED = "verified"
    DISPUTED = "disputed"
    FALSE = "false"
    OUTDATED = "outdated"


VERIFICATION_STATUS = pg_enum(VerificationStatus, "verification_status")

class AnonymityLevel(StrEnum):
    """Values of the ``anonymity_level`` enum."""

    PUBLIC = "public"
    PSEUDONYMOUS = "pseudonymous"
    ANONYMOUS = "anonymous"
    PRIVATE = "private"


ANONYMITY_LEVEL = pg_enum(AnonymityLevel, "anonymity_level")


# --- Enums for formerly free-text status columns, one section per domain (append below your marker) ---

# == section: foundation ==

# == section: citizen_participation ==


class CommentPosition(StrEnum):
    """A commenter's stance on the bill (``comments.position``)."""

    SUPPORT = "support"
    OPPOSE = "oppose"
    NEUTRAL = "neutral"
    QUESTION = "question"


COMMENT_POSITION = pg_enum(CommentPosition, "comment_position")

# == section: parliamentary_process ==


class CommitteeAssignmentType(StrEnum):
    """Role of a committee for a bill (``bill_committee_assignments.assignment_type``)."""

    PRIMARY = "primary"
    SECONDARY = "secondary"
    JOINT = "joint"


COMMITTEE_ASSIGNMENT_TYPE = pg_enum(CommitteeAssignmentType, "committee_assignment_type")


class CommitteeAssignmentStatus(StrEnum):
    """Progress of a committee's work on a bill (``bill_committee_assignments.status``)."""

    ASSIGNED = "assigned"
    REVIEWING = "reviewing"
    REPORT_PENDING = "report_pending"
    COMPLETED = "completed"


COMMITTEE_ASSIGNMENT_STATUS = pg_enum(CommitteeAssignmentStatus, "committee_assignment_status")


class CommitteeRecommendation(StrEnum):
    """A committee report's recommendation on a bill (``bill_committee_assignments.committee_recommendation``)."""

    APPROVE = "approve"
    REJECT = "reject"
    AMEND = "amend"


COMMITTEE_RECOMMENDATION = pg_enum(CommitteeRecommendation, "committee_recommendation")


class AmendmentType(StrEnum):
    """What an amendment does to the text (``bill_amendments.amendment_type``)."""

    INSERTION = "insertion"
    DELETION = "deletion"
    SUBSTITUTION = "substitution"
    NEW_CLAUSE = "new_clause"


AMENDMENT_TYPE = pg_enum(AmendmentType, "amendment_type")


class AmendmentStatus(StrEnum):
    """Where an amendment stands (``bill_amendments.status``)."""

    PROPOSED = "proposed"
    DEBATED = "debated"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


AMENDMENT_STATUS = pg_enum(AmendmentStatus, "amendment_status")


class ReadingOutcome(StrEnum):
    """Result of a formal reading (``bill_readings.outcome``)."""

    PASSED = "passed"
    REJECTED = "rejected"
    DEFERRED = "deferred"
    WITHDRAWN = "withdrawn"


READING_OUTCOME = pg_enum(ReadingOutcome, "reading_outcome")


class ParliamentaryVoteChoice(StrEnum):
    """An MP's recorded choice in a division (``parliamentary_votes.vote_choice``)."""

    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"
    ABSENT = "absent"


PARLIAMENTARY_VOTE_CHOICE = pg_enum(ParliamentaryVoteChoice, "parliamentary_vote_choice")


class CosponsorType(StrEnum):
    """Kind of co-sponsorship (``bill_cosponsors.cosponsor_type``)."""

    SUPPORTING = "supporting"
    LEAD = "lead"
    SECONDARY = "secondary"


COSPONSOR_TYPE = pg_enum(CosponsorType, "cosponsor_type")


class ParticipationEventStatus(StrEnum):
    """Lifecycle of a public-participation event (``public_participation_events.event_status``)."""

    SCHEDULED = "scheduled"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    POSTPONED = "postponed"


PARTICIPATION_EVENT_STATUS = pg_enum(ParticipationEventStatus, "participation_event_status")


class SubmissionPosition(StrEnum):
    """A public submission's stance on the bill (``public_submissions.position``)."""

    SUPPORT = "support"
    OPPOSE = "oppose"
    AMEND = "amend"
    NEUTRAL = "neutral"


SUBMISSION_POSITION = pg_enum(SubmissionPosition, "submission_position")


class SubmissionReviewStatus(StrEnum):
    """How far the committee got with a submission (``public_submissions.review_status``)."""

    RECEIVED = "received"
    UNDER_REVIEW = "under_review"
    ACKNOWLEDGED = "acknowledged"
    INCORPORATED = "incorporated"


SUBMISSION_REVIEW_STATUS = pg_enum(SubmissionReviewStatus, "submission_review_status")


class HearingStatus(StrEnum):
    """Lifecycle of a public hearing (``public_hearings.hearing_status``)."""

    SCHEDULED = "scheduled"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


HEARING_STATUS = pg_enum(HearingStatus, "hearing_status")

# == section: integrity_operations ==


class ContentReportStatus(StrEnum):
    """Workflow of a content report (``content_reports.report_status``)."""

    PENDING = "pending"
    UNDER_REVIEW = "under_review"
    RESOLVED = "resolved"
    DISMISSED = "dismissed"
    ESCALATED = "escalated"


CONTENT_REPORT_STATUS = pg_enum(ContentReportStatus, "content_report_status")


class ReviewCapacity(StrEnum):
    """How often an expert takes review work (``expert_profiles.review_capacity``)."""

    OCCASIONAL = "occasional"
    REGULAR = "regular"
    FREQUENT = "frequent"
    UNAVAILABLE = "unavailable"


REVIEW_CAPACITY = pg_enum(ReviewCapacity, "review_capacity")


class SecurityResolutionStatus(StrEnum):
    """Incident workflow of a security event (``security_events.resolution_status``)."""

    OPEN = "open"
    INVESTIGATING = "investigating"
    CONTAINED = "contained"
    RESOLVED = "resolved"
    FALSE_POSITIVE = "false_positive"


SECURITY_RESOLUTION_STATUS = pg_enum(SecurityResolutionStatus, "security_resolution_status")


class ServiceImpact(StrEnum):
    """Ordered impact scale of a security event on the service (``security_events.service_impact``)."""

    NONE = "none"
    DEGRADED = "degraded"
    PARTIAL_OUTAGE = "partial_outage"
    FULL_OUTAGE = "full_outage"


SERVICE_IMPACT = pg_enum(ServiceImpact, "service_impact")


# == section: expert_verification ==

# == section: constitutional_intelligence ==


class GenerationMethod(StrEnum):
    """Who produced an analysis or brief (``constitutional_analyses.analysis_type``,
    ``legislative_briefs.generated_by``)."""

    AUTOMATED = "automated"
    EXPERT = "expert"
    HYBRID = "hybrid"


GENERATION_METHOD = pg_enum(GenerationMethod, "generation_method")


class ConstitutionalAlignment(StrEnum):
    """An analysis' verdict on a bill (``constitutional_analyses.constitutional_alignment``)."""

    ALIGNED = "aligned"
    CONCERNING = "concerning"
    VIOLATES = "violates"


CONSTITUTIONAL_ALIGNMENT = pg_enum(ConstitutionalAlignment, "constitutional_alignment")


class PrecedentStrength(StrEnum):
    """How a precedent binds later courts (``legal_precedents.precedent_strength``)."""

    BINDING = "binding"
    PERSUASIVE = "persuasive"
    DISTINGUISHABLE = "distinguishable"


PRECEDENT_STRENGTH = pg_enum(PrecedentStrength, "precedent_strength")


class ReviewQueuePriority(StrEnum):
    """Urgency of an expert review (``expert_review_queue.priority_level``)."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    URGENT = "urgent"


REVIEW_QUEUE_PRIORITY = pg_enum(ReviewQueuePriority, "review_queue_priority")


class ReviewQueueStatus(StrEnum):
    """Where an expert review stands (``expert_review_queue.status``)."""

    PENDING = "pending"
    ASSIGNED = "assigned"
    IN_REVIEW = "in_review"
    COMPLETED = "completed"
    ESCALATED = "escalated"


REVIEW_QUEUE_STATUS = pg_enum(ReviewQueueStatus, "review_queue_status")


class AnalysisActorType(StrEnum):
    """Who changed a constitutional analysis (``analysis_audit_trail.actor_type``)."""

    SYSTEM = "system"
    EXPERT = "expert"
    ADMIN = "admin"


ANALYSIS_ACTOR_TYPE = pg_enum(AnalysisActorType, "analysis_actor_type")

# == section: argument_intelligence ==


class ArgumentPosition(StrEnum):
    """An argument's stance on its bill (``arguments.position``)."""

    SUPPORT = "support"
    OPPOSE = "oppose"
    NEUTRAL = "neutral"
    CONDITIONAL = "conditional"


ARGUMENT_POSITION = pg_enum(ArgumentPosition, "argument_position")


class ExtractionMethod(StrEnum):
    """How an argument was extracted from comments (``arguments.extraction_method``)."""

    AUTOMATED = "automated"
    MANUAL = "manual"
    HYBRID = "hybrid"


EXTRACTION_METHOD = pg_enum(ExtractionMethod, "extraction_method")


class ClaimType(StrEnum):
    """Kind of assertion (``claims.claim_type``)."""

    FACTUAL = "factual"
    PREDICTIVE = "predictive"
    NORMATIVE = "normative"
    CAUSAL = "causal"


CLAIM_TYPE = pg_enum(ClaimType, "claim_type")


class ClaimVerificationStatus(StrEnum):
    """Fact-check state of a claim (``claims.verification_status``)."""

    VERIFIED = "verified"
    DISPUTED = "disputed"
    FALSE = "false"
    UNVERIFIED = "unverified"


CLAIM_VERIFICATION_STATUS = pg_enum(ClaimVerificationStatus, "claim_verification_status")


class ArgumentRelationshipType(StrEnum):
    """How one argument relates to another (``argument_relationships.relationship_type``)."""

    SUPPORTS = "supports"
    CONTRADICTS = "contradicts"
    REFINES = "refines"
    GENERALIZES = "generalizes"


ARGUMENT_RELATIONSHIP_TYPE = pg_enum(ArgumentRelationshipType, "argument_relationship_type")


class DetectionMethod(StrEnum):
    """Who found a relationship between arguments (``argument_relationships.detected_by``)."""

    AUTOMATED = "automated"
    MANUAL = "manual"
    CROWD = "crowd"


DETECTION_METHOD = pg_enum(DetectionMethod, "detection_method")


class SynthesisJobStatus(StrEnum):
    """Life cycle of a background synthesis job (``synthesis_jobs.status``)."""

    PENDING = "pending"
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"


SYNTHESIS_JOB_STATUS = pg_enum(SynthesisJobStatus, "synthesis_job_status")

# == section: transparency ==


class CorporateComplianceStatus(StrEnum):
    """Regulatory standing of a corporate entity (``corporate_entities.compliance_status``)."""

    COMPLIANT = "compliant"
    UNDER_REVIEW = "under_review"
    VIOLATIONS = "violations"


CORPORATE_COMPLIANCE_STATUS = pg_enum(CorporateComplianceStatus, "corporate_compliance_status")


class CorporateVerificationStatus(StrEnum):
    """Whether a corporate entity's record was checked (``corporate_entities.verification_status``)."""

    UNVERIFIED = "unverified"
    VERIFIED = "verified"
    DISPUTED = "disputed"


CORPORATE_VERIFICATION_STATUS = pg_enum(CorporateVerificationStatus, "corporate_verification_status")


class InterestHolderType(StrEnum):
    """Who holds a financial interest (``financial_interests.holder_type``)."""

    SPONSOR = "sponsor"
    FAMILY_MEMBER = "family_member"
    ASSOCIATE = "associate"


INTEREST_HOLDER_TYPE = pg_enum(InterestHolderType, "interest_holder_type")


class SourceReliability(StrEnum):
    """How far a lobbying record's source can be trusted (``lobbying_activities.source_reliability``)."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    UNVERIFIED = "unverified"


SOURCE_RELIABILITY = pg_enum(SourceReliability, "source_reliability")


class FinancialConflictStatus(StrEnum):
    """Life cycle of a bill's financial conflict (``bill_financial_conflicts.conflict_status``)."""

    IDENTIFIED = "identified"
    DISCLOSED = "disclosed"
    RECUSED = "recused"
    RESOLVED = "resolved"
    DISPUTED = "disputed"


FINANCIAL_CONFLICT_STATUS = pg_enum(FinancialConflictStatus, "financial_conflict_status")


class OwnershipControlLevel(StrEnum):
    """Control an owner has over the owned entity (``cross_sector_ownership.control_level``)."""

    CONTROLLING = "controlling"
    SIGNIFICANT = "significant"
    MINORITY = "minority"
    PASSIVE = "passive"


OWNERSHIP_CONTROL_LEVEL = pg_enum(OwnershipControlLevel, "ownership_control_level")


class CaptureIndicatorStrength(StrEnum):
    """Strength of a regulatory-capture indicator (``regulatory_capture_indicators.indicator_strength``)."""

    WEAK = "weak"
    MODERATE = "moderate"
    STRONG = "strong"
    VERY_STRONG = "very_strong"


CAPTURE_INDICATOR_STRENGTH = pg_enum(CaptureIndicatorStrength, "capture_indicator_strength")


class CaptureInvestigationStatus(StrEnum):
    """Investigation of a capture indicator (``regulatory_capture_indicators.investigation_status``)."""

    IDENTIFIED = "identified"
    UNDER_INVESTIGATION = "under_investigation"
    CONFIRMED = "confirmed"
    DISPUTED = "disputed"
    RESOLVED = "resolved"


CAPTURE_INVESTIGATION_STATUS = pg_enum(CaptureInvestigationStatus, "capture_investigation_status")

# == section: advanced_discovery ==

# == section: search ==

# == section: advocacy_coordination ==


class CoalitionStatus(StrEnum):
    """Lifecycle of a relationship between two campaigns (``coalition_relationships.status``)."""

    PROPOSED = "proposed"
    ACTIVE = "active"
    PAUSED = "paused"
    ENDED = "ended"


COALITION_STATUS = pg_enum(CoalitionStatus, "coalition_status")


class ActionVerificationStatus(StrEnum):
    """Whether a completed campaign action was checked (``action_completions.verification_status``)."""

    SELF_REPORTED = "self_reported"
    VERIFIED = "verified"
    DISPUTED = "disputed"


ACTION_VERIFICATION_STATUS = pg_enum(ActionVerificationStatus, "action_verification_status")

# == section: universal_access ==


class AmbassadorVerificationStatus(StrEnum):
    """How far an ambassador's identity was checked (``ambassadors.verification_status``)."""

    UNVERIFIED = "unverified"
    VERIFIED = "verified"
    BACKGROUND_CHECKED = "background_checked"


AMBASSADOR_VERIFICATION_STATUS = pg_enum(AmbassadorVerificationStatus, "ambassador_verification_status")


class FacilitationSessionStatus(StrEnum):
    """Lifecycle of an offline facilitation session (``facilitation_sessions.session_status``)."""

    PLANNED = "planned"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    POSTPONED = "postponed"


FACILITATION_SESSION_STATUS = pg_enum(FacilitationSessionStatus, "facilitation_session_status")


class OfflineProcessingStatus(StrEnum):
    """Transcription/translation workflow of offline input (``offline_submissions.processing_status``)."""

    COLLECTED = "collected"
    TRANSCRIBED = "transcribed"
    TRANSLATED = "translated"
    PROCESSED = "processed"


OFFLINE_PROCESSING_STATUS = pg_enum(OfflineProcessingStatus, "offline_processing_status")


class OfflineSyncStatus(StrEnum):
    """State of the device-to-server sync of offline records (``facilitation_sessions.sync_status``,
    ``offline_submissions.sync_status``): the union of both tables' documented values.
    """

    PENDING = "pending"
    SYNCED = "synced"
    CONFLICT = "conflict"
    ERROR = "error"


OFFLINE_SYNC_STATUS = pg_enum(OfflineSyncStatus, "offline_sync_status")

# == section: impact_measurement ==


class LegislativeOutcomeStatus(StrEnum):
    """What finally happened to a bill (``legislative_outcomes.final_status``)."""

    PASSED = "passed"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    LAPSED = "lapsed"
    AMENDED_PASSED = "amended_passed"


LEGISLATIVE_OUTCOME_STATUS = pg_enum(LegislativeOutcomeStatus, "legislative_outcome_status")


class BillImplementationStatus(StrEnum):
    """How far a passed bill is implemented (``legislative_outcomes.implementation_status``)."""

    NOT_APPLICABLE = "not_applicable"
    PENDING = "pending"
    PARTIAL = "partial"
    FULL = "full"
    DELAYED = "delayed"


BILL_IMPLEMENTATION_STATUS = pg_enum(BillImplementationStatus, "bill_implementation_status")


class StoryVerificationStatus(StrEnum):
    """Whether a success story's claims were checked (``success_stories.verification_status``)."""

    UNVERIFIED = "unverified"
    VERIFIED = "verified"
    DISPUTED = "disputed"


STORY_VERIFICATION_STATUS = pg_enum(StoryVerificationStatus, "story_verification_status")

# == section: platform_operations ==

# == section: real_time_engagement ==
