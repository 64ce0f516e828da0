"""Formal workflow of a bill through Parliament: committee assignments, amendments, versions, readings, MPs'
votes and co-sponsorships, and the public participation events, submissions and hearings of Constitution
Art. 118.
"""

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column, relationship

from chanuka_db.schema.base import (
    PII,
    Base,
    CreatedAt,
    Timestamps,
    UUIDPrimaryKey,
    e164_check,
    email_check,
    email_type,
    phone_type,
)
from chanuka_db.schema.enums import (
    AMENDMENT_STATUS,
    AMENDMENT_TYPE,
    COMMITTEE_ASSIGNMENT_STATUS,
    COMMITTEE_ASSIGNMENT_TYPE,
    COMMITTEE_RECOMMENDATION,
    COSPONSOR_TYPE,
    HEARING_STATUS,
    KENYAN_COUNTY,
    PARLIAMENTARY_VOTE_CHOICE,
    PARTICIPATION_EVENT_STATUS,
    READING_OUTCOME,
    SUBMISSION_POSITION,
    SUBMISSION_REVIEW_STATUS,
    AmendmentStatus,
    AmendmentType,
    CommitteeAssignmentStatus,
    CommitteeAssignmentType,
    CommitteeRecommendation,
    CosponsorType,
    HearingStatus,
    KenyanCounty,
    ParliamentaryVoteChoice,
    ParticipationEventStatus,
    ReadingOutcome,
    SubmissionPosition,
    SubmissionReviewStatus,
)
from chanuka_db.schema.foundation import Bill, Sponsor

DOMAIN = "parliamentary_process"


class BillCommitteeAssignment(UUIDPrimaryKey, Timestamps, Base):
    """Assignment of a bill to a committee (primary/secondary/joint) with work status, expected/actual
    report dates and the committee's report and recommendation.
    """

    __tablename__ = "bill_committee_assignments"
    __table_args__ = (
        UniqueConstraint("bill_id", "committee_id"),
        Index(
            "ix_bill_committee_assignments_bill_id_primary",
            "bill_id",
            unique=True,
            postgresql_where=text("assignment_type = 'primary'"),
        ),
        CheckConstraint(
            "actual_report_date IS NULL OR actual_report_date >= assigned_date", name="report_after_assignment"
        ),
        CheckConstraint(
            "expected_report_date IS NULL OR expected_report_date >= assigned_date", name="expected_after_assignment"
        ),
        Index(
            "ix_bill_committee_assignments_bill_id_assignment_type_status",
            "bill_id",
            "assignment_type",
            "status",
        ),
        Index(
            "ix_bill_committee_assignments_committee_id_status_assigned_date",
            "committee_id",
            "status",
            "assigned_date",
        ),
        {
            "comment": "Assignment of a bill to a committee (primary/secondary/joint) with work "
            "status, expected/actual report dates and the committee's report and "
            "recommendation."
        },
    )

    bill_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("bills.id", ondelete="CASCADE"))
    committee_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("committees.id", ondelete="CASCADE")
    )
    assignment_type: Mapped[CommitteeAssignmentType] = mapped_column(
        COMMITTEE_ASSIGNMENT_TYPE, comment="One of: primary, secondary, joint; at most one primary per bill"
    )
    assigned_date: Mapped[dt.date] = mapped_column(Date, server_default=text("CURRENT_DATE"))
    assignment_reason: Mapped[str | None] = mapped_column(Text)
    status: Mapped[CommitteeAssignmentStatus] = mapped_column(
        COMMITTEE_ASSIGNMENT_STATUS,
        server_default=text("'assigned'"),
        comment="One of: assigned, reviewing, report_pending, completed",
    )
    expected_report_date: Mapped[dt.date | None] = mapped_column(Date)
    actual_report_date: Mapped[dt.date | None] = mapped_column(Date)
    report_url: Mapped[str | None] = mapped_column(String(500))
    report_summary: Mapped[str | None] = mapped_column(Text)
    committee_recommendation: Mapped[CommitteeRecommendation | None] = mapped_column(
        COMMITTEE_RECOMMENDATION, comment="One of: approve, reject, amend"
    )


class BillAmendment(UUIDPrimaryKey, Timestamps, Base):
    """Amendments proposed to a bill: number, section, type, original vs proposed text, proposer
    (sponsor or committee), status and vote tallies, implications.
    """

    __tablename__ = "bill_amendments"
    __table_args__ = (
        UniqueConstraint("bill_id", "amendment_number"),
        Index("ix_bill_amendments_bill_id_status_proposed_date", "bill_id", "status", "proposed_date"),
        Index(
            "ix_bill_amendments_proposed_by_id_status",
            "proposed_by_id",
            "status",
            postgresql_where=text("proposed_by_id IS NOT NULL"),
        ),
        Index("ix_bill_amendments_proposed_by_committee_id", "proposed_by_committee_id"),
        CheckConstraint("votes_for >= 0 AND votes_against >= 0 AND votes_abstain >= 0", name="vote_counts"),
        CheckConstraint("voting_date IS NULL OR voting_date >= proposed_date", name="voting_after_proposal"),
        {
            "comment": "Amendments proposed to a bill: number, section, type, original vs proposed "
            "text, proposer (sponsor or committee), status and vote tallies, implications."
        },
    )

    bill_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("bills.id", ondelete="CASCADE"))
    amendment_number: Mapped[str] = mapped_column(String(50))
    amendment_title: Mapped[str | None] = mapped_column(String(500))
    section_affected: Mapped[str | None] = mapped_column(String(100))
    amendment_type: Mapped[AmendmentType] = mapped_column(
        AMENDMENT_TYPE, comment="One of: insertion, deletion, substitution, new_clause"
    )
    original_text: Mapped[str | None] = mapped_column(Text)
    proposed_text: Mapped[str] = mapped_column(Text)
    amendment_rationale: Mapped[str | None] = mapped_column(Text)
    proposed_by_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("sponsors.id", ondelete="SET NULL")
    )
    proposed_by_committee_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("committees.id", ondelete="SET NULL")
    )
    proposed_date: Mapped[dt.date] = mapped_column(Date, server_default=text("CURRENT_DATE"))
    status: Mapped[AmendmentStatus] = mapped_column(
        AMENDMENT_STATUS,
        server_default=text("'proposed'"),
        comment="One of: proposed, debated, approved, rejected, withdrawn",
    )
    voting_date: Mapped[dt.date | None] = mapped_column(Date)
    votes_for: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    votes_against: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    votes_abstain: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    constitutional_implications: Mapped[str | None] = mapped_column(Text)
    financial_implications: Mapped[str | None] = mapped_column(Text)

    votes: Mapped[list["ParliamentaryVote"]] = relationship(back_populates="amendment", passive_deletes=True)


class BillVersion(UUIDPrimaryKey, CreatedAt, Base):
    """Successive text versions of a bill with change summary, stage that produced it, current-version
    flag, document URL and SHA-256 hash.
    """

    __tablename__ = "bill_versions"
    __table_args__ = (
        UniqueConstraint("bill_id", "version_number"),
        Index(
            "ix_bill_versions_bill_id_is_current_version",
            "bill_id",
            "is_current_version",
            unique=True,
            postgresql_where=text("is_current_version = true"),
        ),
        CheckConstraint(
            "created_by_stage IS NULL OR created_by_stage IN ('introduction', 'committee', 'amendment', 'final')",
            name="created_by_stage_values",
        ),
        CheckConstraint(
            "document_hash IS NULL OR document_hash ~ '^[0-9a-f]{64}$'", name="document_hash_sha256"
        ),
        Index("ix_bill_versions_bill_id_created_at", "bill_id", "created_at"),
        {
            "comment": "Successive text versions of a bill with change summary, stage that produced "
            "it, current-version flag, document URL and SHA-256 hash."
        },
    )

    bill_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("bills.id", ondelete="CASCADE"))
    version_number: Mapped[str] = mapped_column(String(20))
    version_name: Mapped[str | None] = mapped_column(
        String(100), comment="One of: First Reading, Committee Version, Final"
    )
    full_text: Mapped[str] = mapped_column(Text)
    summary_of_changes: Mapped[str | None] = mapped_column(Text)
    created_by_stage: Mapped[str | None] = mapped_column(
        String(50), comment="One of: introduction, committee, amendment, final"
    )
    is_current_version: Mapped[bool] = mapped_column(
        Boolean, server_default=text("false"), comment="At most one current version per bill"
    )
    document_url: Mapped[str | None] = mapped_column(String(500))
    document_hash: Mapped[str | None] = mapped_column(
        String(64), comment="SHA-256 of the document, 64 lower-case hex digits"
    )


class BillReading(UUIDPrimaryKey, Timestamps, Base):
    """Formal readings (1st, 2nd, 3rd) of a bill: date, stage, outcome, vote tallies, debate summary,
    key speakers, Hansard reference.
    """

    __tablename__ = "bill_readings"
    __table_args__ = (
        UniqueConstraint("bill_id", "reading_number"),
        CheckConstraint("reading_number >= 1 AND reading_number <= 3", name="reading_number"),
        CheckConstraint(
            "reading_stage IS NULL OR reading_stage IN "
            "('first_reading', 'second_reading', 'committee_stage', 'third_reading')",
            name="reading_stage_values",
        ),
        CheckConstraint(
            "(votes_for IS NULL OR votes_for >= 0) AND (votes_against IS NULL OR votes_against >= 0)"
            " AND (votes_abstain IS NULL OR votes_abstain >= 0)",
            name="vote_counts",
        ),
        CheckConstraint(
            "next_reading_scheduled IS NULL OR next_reading_scheduled >= reading_date", name="next_reading_after"
        ),
        Index("ix_bill_readings_bill_id_reading_date", "bill_id", "reading_date"),
        Index(
            "ix_bill_readings_session_id_reading_date",
            "session_id",
            "reading_date",
            postgresql_where=text("session_id IS NOT NULL"),
        ),
        {
            "comment": "Formal readings (1st, 2nd, 3rd) of a bill: date, stage, outcome, vote tallies, "
            "debate summary, key speakers, Hansard reference."
        },
    )

    bill_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("bills.id", ondelete="CASCADE"))
    session_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("parliamentary_sessions.id", ondelete="SET NULL")
    )
    reading_number: Mapped[int] = mapped_column(SmallInteger)
    reading_date: Mapped[dt.date] = mapped_column(Date)
    reading_stage: Mapped[str | None] = mapped_column(
        String(50), comment="One of: first_reading, second_reading, committee_stage, third_reading"
    )
    outcome: Mapped[ReadingOutcome | None] = mapped_column(
        READING_OUTCOME, comment="One of: passed, rejected, deferred, withdrawn"
    )
    votes_for: Mapped[int | None] = mapped_column(Integer)
    votes_against: Mapped[int | None] = mapped_column(Integer)
    votes_abstain: Mapped[int | None] = mapped_column(Integer)
    debate_summary: Mapped[str | None] = mapped_column(Text)
    key_speakers: Mapped[list[str] | None] = mapped_column(ARRAY(String(100)))
    hansard_reference: Mapped[str | None] = mapped_column(String(100))
    next_reading_scheduled: Mapped[dt.date | None] = mapped_column(Date)


class ParliamentaryVote(UUIDPrimaryKey, CreatedAt, Base):
    """Individual MP votes on a bill at a stage (optionally on a specific amendment) with choice and
    explanation.
    """

    __tablename__ = "parliamentary_votes"
    __table_args__ = (
        UniqueConstraint(
            "sponsor_id",
            "bill_id",
            "vote_stage",
            "amendment_id",
            name="uq_parliamentary_votes_sponsor_bill_stage_amendment",
            postgresql_nulls_not_distinct=True,
        ),
        CheckConstraint(
            "vote_stage IN ('second_reading', 'third_reading', 'amendment_vote')", name="vote_stage_values"
        ),
        CheckConstraint(
            "(vote_stage = 'amendment_vote') = (amendment_id IS NOT NULL)", name="amendment_vote_has_amendment"
        ),
        Index(
            "ix_parliamentary_votes_bill_id_vote_stage_vote_choice", "bill_id", "vote_stage", "vote_choice"
        ),
        Index(
            "ix_parliamentary_votes_sponsor_id_vote_date_vote_choice",
            "sponsor_id",
            "vote_date",
            "vote_choice",
        ),
        Index("ix_parliamentary_votes_amendment_id", "amendment_id"),
        Index("ix_parliamentary_votes_session_id", "session_id"),
        {
            "comment": "Individual MP votes on a bill at a stage (optionally on a specific amendment) "
            "with choice and explanation."
        },
    )

    bill_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("bills.id", ondelete="CASCADE"))
    sponsor_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True),
        ForeignKey("sponsors.id", ondelete="RESTRICT"),
        comment="The MP who voted; a sponsor with recorded votes cannot be deleted (deactivate instead)",
    )
    vote_stage: Mapped[str] = mapped_column(
        String(50), comment="One of: second_reading, third_reading, amendment_vote"
    )
    vote_date: Mapped[dt.date] = mapped_column(Date)
    amendment_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True),
        ForeignKey("bill_amendments.id", ondelete="CASCADE"),
        comment="Set exactly when vote_stage = 'amendment_vote'; votes go with their amendment",
    )
    vote_choice: Mapped[ParliamentaryVoteChoice] = mapped_column(
        PARLIAMENTARY_VOTE_CHOICE, comment="One of: yes, no, abstain, absent"
    )
    vote_explanation: Mapped[str | None] = mapped_column(Text)
    session_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("parliamentary_sessions.id", ondelete="SET NULL")
    )
    hansard_reference: Mapped[str | None] = mapped_column(String(100))

    sponsor: Mapped[Sponsor] = relationship()
    amendment: Mapped[BillAmendment | None] = relationship(back_populates="votes")


class BillCosponsor(UUIDPrimaryKey, CreatedAt, Base):
    """Co-sponsorship of a bill by a sponsor (type, join date, statements)."""

    __tablename__ = "bill_cosponsors"
    __table_args__ = (
        UniqueConstraint("bill_id", "sponsor_id"),
        Index(
            "ix_bill_cosponsors_bill_id_cosponsor_type_joined_date",
            "bill_id",
            "cosponsor_type",
            "joined_date",
        ),
        Index("ix_bill_cosponsors_sponsor_id_joined_date", "sponsor_id", "joined_date"),
        {"comment": "Co-sponsorship of a bill by a sponsor (type, join date, statements)."},
    )

    bill_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("bills.id", ondelete="CASCADE"))
    sponsor_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("sponsors.id", ondelete="CASCADE")
    )
    cosponsor_type: Mapped[CosponsorType] = mapped_column(
        COSPONSOR_TYPE, server_default=text("'supporting'"), comment="One of: supporting, lead, secondary"
    )
    joined_date: Mapped[dt.date] = mapped_column(Date, server_default=text("CURRENT_DATE"))
    contribution_description: Mapped[str | None] = mapped_column(Text)
    public_statement: Mapped[str | None] = mapped_column(Text)

    bill: Mapped[Bill] = relationship()
    sponsor: Mapped[Sponsor] = relationship()


class PublicParticipationEvent(UUIDPrimaryKey, Timestamps, Base):
    """Public-participation events for a bill (hearings, forums, county consultations): logistics,
    registration, status, outcomes, organising committee, contact.
    """

    __tablename__ = "public_participation_events"
    __table_args__ = (
        email_check("contact_email"),
        e164_check("contact_phone"),
        Index("ix_public_participation_events_event_date_event_status", "event_date", "event_status"),
        Index(
            "ix_public_participation_events_bill_id_event_date_event_status",
            "bill_id",
            "event_date",
            "event_status",
        ),
        Index(
            "ix_public_participation_events_county_event_date",
            "county",
            "event_date",
            postgresql_where=text("county IS NOT NULL"),
        ),
        Index("ix_public_participation_events_organizing_committee_id", "organizing_committee_id"),
        CheckConstraint(
            "event_type IN ('public_hearing', 'stakeholder_forum', 'county_consultation')", name="event_type_values"
        ),
        CheckConstraint(
            "(expected_participants IS NULL OR expected_participants >= 0)"
            " AND (actual_participants IS NULL OR actual_participants >= 0)",
            name="participants",
        ),
        CheckConstraint(
            "registration_deadline IS NULL OR registration_deadline <= event_date", name="registration_deadline"
        ),
        {
            "comment": "Public-participation events for a bill (hearings, forums, county "
            "consultations): logistics, registration, status, outcomes, organising "
            "committee, contact."
        },
    )

    bill_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("bills.id", ondelete="CASCADE"))
    event_type: Mapped[str] = mapped_column(
        String(50), comment="One of: public_hearing, stakeholder_forum, county_consultation"
    )
    event_title: Mapped[str] = mapped_column(String(500))
    event_description: Mapped[str | None] = mapped_column(Text)
    event_date: Mapped[dt.date] = mapped_column(Date)
    event_time: Mapped[str | None] = mapped_column(String(20))
    venue: Mapped[str | None] = mapped_column(String(300))
    county: Mapped[KenyanCounty | None] = mapped_column(KENYAN_COUNTY)
    expected_participants: Mapped[int | None] = mapped_column(Integer)
    actual_participants: Mapped[int | None] = mapped_column(Integer)
    registration_required: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    registration_deadline: Mapped[dt.date | None] = mapped_column(Date)
    event_status: Mapped[ParticipationEventStatus] = mapped_column(
        PARTICIPATION_EVENT_STATUS,
        server_default=text("'scheduled'"),
        comment="One of: scheduled, completed, cancelled, postponed",
    )
    summary_report_url: Mapped[str | None] = mapped_column(String(500))
    key_outcomes: Mapped[str | None] = mapped_column(Text)
    organizing_committee_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True),
        ForeignKey("committees.id", ondelete="SET NULL", name="fk_public_participation_events_organizing_committee"),
    )
    contact_person: Mapped[str | None] = mapped_column(String(200), info=PII)
    contact_email: Mapped[str | None] = mapped_column(email_type(), info=PII)
    contact_phone: Mapped[str | None] = mapped_column(phone_type(), info=PII)

    submissions: Mapped[list["PublicSubmission"]] = relationship(back_populates="event", passive_deletes=True)
    hearings: Mapped[list["PublicHearing"]] = relationship(back_populates="event", passive_deletes=True)


class PublicSubmission(UUIDPrimaryKey, Timestamps, Base):
    """Memoranda/submissions from the public on a bill, optionally tied to an event: submitter details,
    text, position, method, review status, committee response, attachments.
    """

    __tablename__ = "public_submissions"
    __table_args__ = (
        Index(
            "ix_public_submissions_bill_id_submission_date_review_status",
            "bill_id",
            "submission_date",
            "review_status",
        ),
        Index(
            "ix_public_submissions_event_id_submission_date",
            "event_id",
            "submission_date",
            postgresql_where=text("event_id IS NOT NULL"),
        ),
        Index("ix_public_submissions_review_status_submission_date", "review_status", "submission_date"),
        CheckConstraint(
            "submitter_type IS NULL OR submitter_type IN ('individual', 'organization', 'government_agency', 'expert')",
            name="submitter_type_values",
        ),
        CheckConstraint(
            "submission_method IN ('online', 'email', 'physical', 'verbal')", name="submission_method_values"
        ),
        {
            "comment": "Memoranda/submissions from the public on a bill, optionally tied to an event: "
            "submitter details, text, position, method, review status, committee response, "
            "attachments."
        },
    )

    bill_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("bills.id", ondelete="CASCADE"))
    event_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("public_participation_events.id", ondelete="SET NULL")
    )
    submitter_name: Mapped[str | None] = mapped_column(String(200), info=PII)
    submitter_organization: Mapped[str | None] = mapped_column(String(300))
    submitter_type: Mapped[str | None] = mapped_column(
        String(50), comment="One of: individual, organization, government_agency, expert"
    )
    submitter_contact: Mapped[dict[str, Any] | None] = mapped_column(
        JSONB, server_default=text("'{}'::jsonb"), info=PII
    )
    submission_title: Mapped[str | None] = mapped_column(String(500))
    submission_text: Mapped[str] = mapped_column(Text)
    position: Mapped[SubmissionPosition | None] = mapped_column(
        SUBMISSION_POSITION, comment="One of: support, oppose, amend, neutral"
    )
    submission_method: Mapped[str] = mapped_column(
        String(30), comment="One of: online, email, physical, verbal"
    )
    submission_date: Mapped[dt.date] = mapped_column(Date, server_default=text("CURRENT_DATE"))
    review_status: Mapped[SubmissionReviewStatus] = mapped_column(
        SUBMISSION_REVIEW_STATUS,
        server_default=text("'received'"),
        comment="One of: received, under_review, acknowledged, incorporated",
    )
    committee_response: Mapped[str | None] = mapped_column(Text)
    supporting_documents: Mapped[list[str] | None] = mapped_column(ARRAY(String(500)))

    event: Mapped[PublicParticipationEvent | None] = relationship(back_populates="submissions")


class PublicHearing(UUIDPrimaryKey, Timestamps, Base):
    """Formal hearing sessions on a bill: date/time, venue, presiding committee, chairperson, invited
    and public speakers, status, transcript/video, summary.
    """

    __tablename__ = "public_hearings"
    __table_args__ = (
        Index("ix_public_hearings_hearing_date_hearing_status", "hearing_date", "hearing_status"),
        Index("ix_public_hearings_bill_id_hearing_date", "bill_id", "hearing_date"),
        Index(
            "ix_public_hearings_presiding_committee_id_hearing_date",
            "presiding_committee_id",
            "hearing_date",
            postgresql_where=text("presiding_committee_id IS NOT NULL"),
        ),
        Index("ix_public_hearings_event_id", "event_id"),
        Index("ix_public_hearings_chairperson_id", "chairperson_id"),
        {
            "comment": "Formal hearing sessions on a bill: date/time, venue, presiding committee, "
            "chairperson, invited and public speakers, status, transcript/video, summary."
        },
    )

    bill_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("bills.id", ondelete="CASCADE"))
    event_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("public_participation_events.id", ondelete="SET NULL")
    )
    hearing_title: Mapped[str] = mapped_column(String(500))
    hearing_date: Mapped[dt.date] = mapped_column(Date)
    start_time: Mapped[str | None] = mapped_column(String(10))
    end_time: Mapped[str | None] = mapped_column(String(10))
    venue: Mapped[str | None] = mapped_column(String(300))
    presiding_committee_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("committees.id", ondelete="SET NULL")
    )
    chairperson_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("sponsors.id", ondelete="SET NULL")
    )
    invited_speakers: Mapped[list[Any]] = mapped_column(JSONB, server_default=text("'[]'::jsonb"))
    public_speakers: Mapped[list[Any]] = mapped_column(JSONB, server_default=text("'[]'::jsonb"))
    hearing_status: Mapped[HearingStatus] = mapped_column(
        HEARING_STATUS,
        server_default=text("'scheduled'"),
        comment="One of: scheduled, in_progress, completed, cancelled",
    )
    transcript_url: Mapped[str | None] = mapped_column(String(500))
    video_url: Mapped[str | None] = mapped_column(String(500))
    summary_report: Mapped[str | None] = mapped_column(Text)

    event: Mapped[PublicParticipationEvent | None] = relationship(back_populates="hearings")
