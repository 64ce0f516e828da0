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

# == section: parliamentary_process ==

# == section: integrity_operations ==

# == section: expert_verification ==

# == section: constitutional_intelligence ==

# == section: argument_intelligence ==

# == section: transparency ==

# == section: advanced_discovery ==

# == section: search ==

# == section: advocacy_coordination ==

# == section: universal_access ==

# == section: impact_measurement ==

# == section: platform_operations ==

# == section: real_time_engagement ==
