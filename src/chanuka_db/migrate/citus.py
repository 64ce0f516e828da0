"""The Citus sharding plan as data, and the ``lint --citus`` check that keeps the schema inside it.

docs/scaling.md explains the plan; this module is its source of truth. Every table is one of:

- **distributed** by a column, in a *colocation group*: the rows of one bill (``bill``) or of one
  user (``user``) live on one shard, so a bill page or a user's own pages are single-shard queries.
  A few append-only logs and caches are distributed by a key of their own.
- **reference**: small, read-mostly catalogues (sponsors, committees, campaigns...), copied to every
  node so that any shard joins them locally.
- **local**: kept on the coordinator only (job queues, the moderation back office, audit logs).

Citus then requires (and :func:`citus_findings` checks, against the models' ``MetaData``):

1. every table is placed (``citus-unplaced``);
2. a distributed table has its distribution column, NOT NULL, of its group's type
   (``citus-distribution-column``);
3. every unique constraint and unique index of a distributed table contains the distribution column
   (``citus-unique``). Primary keys on ``id`` alone are extended mechanically to ``(id, <column>)``
   by the migration, so they are not findings;
4. a foreign key between distributed tables stays inside one group and joins distribution column to
   distribution column (``citus-fk``). A key to a child table's ``id`` from a table that carries the
   same distribution column becomes ``(<column>, x_id) -> (<column>, id)`` mechanically. Reference
   tables may only point at reference tables; local tables at local or reference tables; nothing
   may point at a local table except a local table.

What the plan already changes (:data:`PLANNED_COLUMNS`, :data:`PLANNED_NOT_NULL`,
:data:`DROPPED_FOREIGN_KEYS`, :data:`CHANGED_UNIQUES`) is not reported; anything else is a schema
change that would break the plan: place the new table, fix the constraint, or change the plan here
and in docs/scaling.md (a test keeps the two in step).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import ForeignKeyConstraint, Index, MetaData, Table, UniqueConstraint

from chanuka_db.migrate.lint import Finding


@dataclass(frozen=True)
class Distributed:
    """A distributed table: its distribution column and colocation group."""

    column: str
    group: str


REFERENCE = "reference"
LOCAL = "local"

#: Why each colocation group exists (docs/scaling.md renders this).
GROUPS: dict[str, str] = {
    "bill": "everything about one bill: a bill page (text, versions, readings, comments, votes, analysis) "
    "is a single-shard query",
    "user": "everything one user owns: profile, preferences, notifications, expert record",
    "analytics_events": "append-only client events (user and bill may be absent): spread evenly by id",
    "engagement_events": "append-only engagement log (anonymous rows have no user): spread evenly by id",
    "user_activity_log": "append-only activity and security log (user may be absent): spread evenly by id",
    "engagement_analytics": "computed analytics rows (user may be absent): spread evenly by id",
    "search_log": "search queries (anonymous ones have no user): spread evenly by id",
    "search_analytics": "per-search analytics rows (their query may be absent): spread evenly by id",
    "search_cache": "search result cache, looked up by query hash",
    "live_metrics": "live metric cache, looked up and updated per entity",
    "sessions": "login sessions, looked up by their opaque id on every request",
    "ussd": "USSD sessions, looked up by the network's session id on every key press",
}

_BILL = "bill"
_USER = "user"

#: The placement of every table: a :class:`Distributed`, :data:`REFERENCE` or :data:`LOCAL`.
PLAN: dict[str, Distributed | str] = {
    # ---- bill group: bills by id, bill-centred tables by bill_id
    "bills": Distributed("id", _BILL),
    "analysis": Distributed("bill_id", _BILL),
    "analysis_audit_trail": Distributed("bill_id", _BILL),
    "argument_relationships": Distributed("bill_id", _BILL),
    "arguments": Distributed("bill_id", _BILL),
    "bill_amendments": Distributed("bill_id", _BILL),
    "bill_committee_assignments": Distributed("bill_id", _BILL),
    "bill_cosponsors": Distributed("bill_id", _BILL),
    "bill_engagement": Distributed("bill_id", _BILL),
    "bill_financial_conflicts": Distributed("bill_id", _BILL),
    "bill_impact_metrics": Distributed("bill_id", _BILL),
    "bill_implementation": Distributed("bill_id", _BILL),
    "bill_readings": Distributed("bill_id", _BILL),
    "bill_relationships": Distributed("bill_a_id", _BILL),
    "bill_versions": Distributed("bill_id", _BILL),
    "bill_votes": Distributed("bill_id", _BILL),
    "comment_votes": Distributed("bill_id", _BILL),
    "comments": Distributed("bill_id", _BILL),
    "conflict_detections": Distributed("bill_id", _BILL),
    "constitutional_analyses": Distributed("bill_id", _BILL),
    "expert_review_queue": Distributed("bill_id", _BILL),
    "external_bill_references": Distributed("bill_id", _BILL),
    "implementation_workarounds": Distributed("original_bill_id", _BILL),
    "legislative_briefs": Distributed("bill_id", _BILL),
    "legislative_outcomes": Distributed("bill_id", _BILL),
    "offline_submissions": Distributed("bill_id", _BILL),
    "parliamentary_votes": Distributed("bill_id", _BILL),
    "public_hearings": Distributed("bill_id", _BILL),
    "public_participation_events": Distributed("bill_id", _BILL),
    "public_submissions": Distributed("bill_id", _BILL),
    # ---- user group: users by id, personal tables by user_id (or the expert's user id)
    "users": Distributed("id", _USER),
    "accessibility_feedback": Distributed("user_id", _USER),
    "action_completions": Distributed("user_id", _USER),
    "alert_preferences": Distributed("user_id", _USER),
    "bill_tracking_preferences": Distributed("user_id", _USER),
    "campaign_participants": Distributed("user_id", _USER),
    "civic_scores": Distributed("user_id", _USER),
    "credibility_scores": Distributed("user_id", _USER),
    "engagement_leaderboards": Distributed("user_id", _USER),
    "expert_activity": Distributed("expert_id", _USER),
    "expert_credentials": Distributed("user_id", _USER),
    "expert_domains": Distributed("user_id", _USER),
    "expert_profiles": Distributed("user_id", _USER),
    "expert_reviews": Distributed("expert_id", _USER),
    "notifications": Distributed("user_id", _USER),
    "offline_content_cache": Distributed("user_id", _USER),
    "offline_sync_queue": Distributed("user_id", _USER),
    "peer_validations": Distributed("target_expert_id", _USER),
    "real_time_notifications": Distributed("user_id", _USER),
    "user_accessibility_preferences": Distributed("user_id", _USER),
    "user_achievements": Distributed("user_id", _USER),
    "user_contact_methods": Distributed("user_id", _USER),
    "user_engagement_summary": Distributed("user_id", _USER),
    "user_interests": Distributed("user_id", _USER),
    "user_profiles": Distributed("user_id", _USER),
    "user_recommendations": Distributed("user_id", _USER),
    "user_verification": Distributed("user_id", _USER),
    # ---- distributed by a key of their own
    "analytics_events": Distributed("id", "analytics_events"),
    "engagement_events": Distributed("id", "engagement_events"),
    "user_activity_log": Distributed("id", "user_activity_log"),
    "engagement_analytics": Distributed("id", "engagement_analytics"),
    "search_queries": Distributed("id", "search_log"),
    "search_analytics": Distributed("id", "search_analytics"),
    "search_cache": Distributed("query_hash", "search_cache"),
    "live_metrics_cache": Distributed("entity_id", "live_metrics"),
    "sessions": Distributed("id", "sessions"),
    "ussd_sessions": Distributed("session_id", "ussd"),
    # ---- reference tables: small, read-mostly, joined from everywhere
    "accessibility_audits": REFERENCE,
    "accessibility_features": REFERENCE,
    "action_items": REFERENCE,
    "alternative_formats": REFERENCE,
    "ambassadors": REFERENCE,
    "assistive_technology_compatibility": REFERENCE,
    "attribution_assessments": REFERENCE,
    "campaign_impact_metrics": REFERENCE,
    "campaigns": REFERENCE,
    "civic_achievements": REFERENCE,
    "civic_engagement_indicators": REFERENCE,
    "claims": REFERENCE,
    "coalition_relationships": REFERENCE,
    "committee_members": REFERENCE,
    "committees": REFERENCE,
    "communities": REFERENCE,
    "constitutional_provisions": REFERENCE,
    "content_performance": REFERENCE,
    "corporate_entities": REFERENCE,
    "county_engagement_stats": REFERENCE,
    "cross_sector_ownership": REFERENCE,
    "data_sources": REFERENCE,
    "demographic_equity_metrics": REFERENCE,
    "digital_inclusion_metrics": REFERENCE,
    "discovery_patterns": REFERENCE,
    "evidence": REFERENCE,
    "facilitation_sessions": REFERENCE,
    "financial_disclosures": REFERENCE,
    "financial_interests": REFERENCE,
    "financial_sustainability_indicators": REFERENCE,
    "geographic_equity_metrics": REFERENCE,
    "inclusive_design_metrics": REFERENCE,
    "influence_networks": REFERENCE,
    "legal_precedents": REFERENCE,
    "legislative_impact_indicators": REFERENCE,
    "lobbying_activities": REFERENCE,
    "localized_content": REFERENCE,
    "parliamentary_sessions": REFERENCE,
    "parliamentary_sittings": REFERENCE,
    "participation_cohorts": REFERENCE,
    "platform_health_metrics": REFERENCE,
    "platform_performance_indicators": REFERENCE,
    "regulatory_capture_indicators": REFERENCE,
    "search_expansions": REFERENCE,
    "search_synonyms": REFERENCE,
    "sponsors": REFERENCE,
    "success_stories": REFERENCE,
    "trending_analysis": REFERENCE,
    "trending_topics": REFERENCE,
    # ---- local tables: coordinator only
    "content_reports": LOCAL,
    "moderation_queue": LOCAL,
    "security_events": LOCAL,
    "sync_jobs": LOCAL,
    "synthesis_jobs": LOCAL,
    "system_audit_log": LOCAL,
}

#: Columns the migration adds (and backfills from the parent row) so a table can join its group.
PLANNED_COLUMNS: dict[tuple[str, str], str] = {
    ("comment_votes", "bill_id"): "copied from the voted comment; the vote then lives beside the comment",
    ("argument_relationships", "bill_id"): "copied from the source argument (both arguments are about one bill)",
    ("analysis_audit_trail", "bill_id"): "copied from the audited constitutional analysis",
}

#: Distribution columns that are nullable today and become NOT NULL.
PLANNED_NOT_NULL: dict[tuple[str, str], str] = {}

#: Foreign keys Citus cannot keep (across groups, or from a reference/local table to a distributed
#: one). They are dropped; the application keeps writing valid ids, and a nightly job
#: (docs/scaling.md, "orphan check") reports rows whose target no longer exists.
DROPPED_FOREIGN_KEYS: frozenset[str] = frozenset(
    {
        # bill group -> users (who moderated, verified, approved, proposed, wrote)
        "fk_analysis_approved_by_users",
        "fk_analysis_audit_trail_actor_id_users",
        "fk_arguments_verified_by_users",
        "fk_bill_engagement_user_id_users",
        "fk_bill_relationships_bill_b_id_bills",
        "fk_bill_relationships_validated_by_users",
        "fk_bill_votes_user_id_users",
        "fk_comment_votes_user_id_users",
        "fk_comments_moderated_by_users",
        "fk_comments_user_id_users",
        "fk_constitutional_analyses_expert_reviewer_id_users",
        "fk_expert_review_queue_assigned_expert_id_users",
        # user group -> bills, comments and other users
        "fk_accessibility_feedback_assigned_to_users",
        "fk_bill_tracking_preferences_bill_id_bills",
        "fk_expert_credentials_verified_by_users",
        "fk_expert_profiles_verified_by_users",
        "fk_notifications_related_bill_id_bills",
        "fk_notifications_related_comment_id_comments",
        "fk_notifications_related_user_id_users",
        "fk_peer_validations_validator_id_users",
        "fk_user_verification_verifier_id_users",
        # own-key tables -> users, bills, comments, each other
        "fk_analytics_events_bill_id_bills",
        "fk_analytics_events_comment_id_comments",
        "fk_analytics_events_user_id_users",
        "fk_engagement_analytics_user_id_users",
        "fk_engagement_events_user_id_users",
        "fk_search_analytics_query_id_search_queries",
        "fk_search_analytics_user_id_users",
        "fk_search_queries_user_id_users",
        "fk_sessions_user_id_users",
        "fk_user_activity_log_user_id_users",
        "fk_ussd_sessions_user_id_users",
        # reference tables -> distributed tables
        "fk_ambassadors_recruited_by_id_users",
        "fk_ambassadors_user_id_users",
        "fk_attribution_assessments_assessor_id_users",
        "fk_attribution_assessments_target_bill_id_bills",
        "fk_campaigns_created_by_id_users",
        "fk_campaigns_primary_bill_id_bills",
        "fk_data_sources_created_by_users",
        "fk_facilitation_sessions_primary_bill_id_bills",
        "fk_financial_disclosures_verified_by_users",
        "fk_localized_content_translator_id_users",
        "fk_success_stories_documented_by_id_users",
        "fk_success_stories_related_bill_id_bills",
        # local tables -> distributed tables
        "fk_content_reports_assigned_moderator_id_users",
        "fk_content_reports_reported_comment_id_comments",
        "fk_content_reports_reported_user_id_users",
        "fk_content_reports_reporter_id_users",
        "fk_moderation_queue_assigned_moderator_id_users",
        "fk_moderation_queue_qa_reviewed_by_users",
        "fk_security_events_actor_user_id_users",
        "fk_security_events_response_initiated_by_users",
        "fk_synthesis_jobs_bill_id_bills",
    }
)

#: Unique constraints and indexes of distributed tables that lack the distribution column, and what
#: replaces each.
CHANGED_UNIQUES: dict[str, str] = {
    "uq_bills_bill_number": "a reference table bill_numbers (bill_number primary key, bill_id), written in the "
    "same transaction as the bill",
    "uq_users_email": "a lookup table user_emails (email primary key, user_id) distributed by email, written in "
    "the same transaction as the user (Citus commits both shards with two-phase commit)",
    "ix_user_profiles_anonymous_id": "becomes unique per user only; anonymous ids are random, a clash is "
    "retried by the application",
    "uq_offline_submissions_collected_by_id_client_submission_id": "becomes (bill_id, collected_by_id, "
    "client_submission_id): the device-generated submission id stays unique for each bill",
    "uq_comment_votes_comment_id_user_id": "becomes (bill_id, comment_id, user_id) once comment_votes carries bill_id",
    "uq_argument_relationships_source_argument_id_target_argument_id": "becomes (bill_id, source_argument_id, "
    "target_argument_id)",
}


def placement(table: str) -> Distributed | str | None:
    """Where ``table`` goes: a :class:`Distributed`, ``"reference"``, ``"local"``, or None (unplaced)."""
    return PLAN.get(table)


def citus_findings(metadata: MetaData) -> list[Finding]:
    """Everything in ``metadata`` that the Citus plan does not allow and does not already change.

    Severity ``error`` (the ``lint --citus`` gate); rules ``citus-unplaced``,
    ``citus-distribution-column``, ``citus-unique``, ``citus-fk``. Tables the plan names that
    ``metadata`` lacks are not reported (a partial ``MetaData`` is fine).
    """
    tables = {t.name: t for t in metadata.tables.values() if t.schema is None}
    findings: list[Finding] = []
    # A group's type is its anchor's (the table distributed by its own id: bills, users), else its first table's.
    group_types: dict[str, str] = {}
    for name in sorted(tables, key=lambda n: (_anchor_rank(n), n)):
        where = placement(name)
        if isinstance(where, Distributed) and where.column in tables[name].columns:
            group_types.setdefault(where.group, _type_of(tables[name], where.column))
    for name in sorted(tables):
        table = tables[name]
        where = placement(name)
        if where is None:
            findings.append(
                _finding(
                    "citus-unplaced",
                    f"table {name} is not in the Citus plan: distribute it (by bill_id or user_id), make it a "
                    "reference or local table in chanuka_db/migrate/citus.py PLAN and docs/scaling.md",
                )
            )
            continue
        if isinstance(where, Distributed):
            findings += _distribution_column(table, where, group_types)
            findings += _uniques(table, where)
        findings += _foreign_keys(table, where, tables)
    return findings


def _anchor_rank(table: str) -> int:
    where = placement(table)
    return 0 if isinstance(where, Distributed) and where.column == "id" else 1


def _finding(rule: str, message: str) -> Finding:
    return Finding(rule=rule, message=message, severity="error")


def _type_of(table: Table, column: str) -> str:
    return str(table.columns[column].type).lower()


def _has_column(table: Table, column: str) -> bool:
    return column in table.columns or (table.name, column) in PLANNED_COLUMNS


def _distribution_column(table: Table, where: Distributed, group_types: dict[str, str]) -> list[Finding]:
    name, column = table.name, where.column
    if column not in table.columns:
        if (name, column) in PLANNED_COLUMNS:
            return []
        return [
            _finding(
                "citus-distribution-column",
                f"{name} is distributed by {column} (group {where.group}) but has no such column",
            )
        ]
    out: list[Finding] = []
    if table.columns[column].nullable and (name, column) not in PLANNED_NOT_NULL:
        out.append(
            _finding(
                "citus-distribution-column",
                f"{name}.{column} is the distribution column and must be NOT NULL (Citus rejects NULL there)",
            )
        )
    expected = group_types.get(where.group)
    actual = _type_of(table, column)
    if expected is not None and actual != expected:
        out.append(
            _finding(
                "citus-distribution-column",
                f"{name}.{column} is {actual} but group {where.group} is distributed by {expected}: "
                "colocated tables need the same type",
            )
        )
    return out


def _unique_keys(table: Table) -> Iterable[tuple[str, list[str]]]:
    for constraint in table.constraints:
        if isinstance(constraint, UniqueConstraint):
            yield str(constraint.name), [c.name for c in constraint.columns]
    for index in table.indexes:
        if isinstance(index, Index) and index.unique:
            yield str(index.name), [c.name for c in index.columns]


def _uniques(table: Table, where: Distributed) -> list[Finding]:
    out: list[Finding] = []
    pk = [c.name for c in table.primary_key.columns]
    if pk and where.column not in pk and "id" not in pk:
        out.append(
            _finding(
                "citus-unique",
                f"primary key of {table.name} ({', '.join(pk)}) lacks the distribution column {where.column}",
            )
        )
    for name, columns in _unique_keys(table):
        if where.column in columns or name in CHANGED_UNIQUES:
            continue
        out.append(
            _finding(
                "citus-unique",
                f"unique {name} on {table.name} ({', '.join(columns)}) lacks the distribution column "
                f"{where.column}: Citus can only enforce uniqueness within a shard; include {where.column} "
                "or record the replacement in CHANGED_UNIQUES",
            )
        )
    return out


def _foreign_keys(table: Table, where: Distributed | str, tables: dict[str, Table]) -> list[Finding]:
    out: list[Finding] = []
    for fk in table.constraints:
        if not isinstance(fk, ForeignKeyConstraint) or str(fk.name) in DROPPED_FOREIGN_KEYS:
            continue
        target_name = fk.referred_table.name
        if target_name not in tables:
            continue
        target = placement(target_name)
        if target is None:
            continue  # reported as unplaced
        problem = _fk_problem(table, where, fk, target)
        if problem:
            cols = ", ".join(c.name for c in fk.columns)
            out.append(
                _finding(
                    "citus-fk",
                    f"foreign key {fk.name} ({table.name}.{cols} -> {target_name}): {problem}; "
                    "change it, or list it in DROPPED_FOREIGN_KEYS",
                )
            )
    return out


def _fk_problem(table: Table, where: Distributed | str, fk: ForeignKeyConstraint, target: Distributed | str) -> str:
    kind, target_kind = _kind(where), _kind(target)
    if kind == REFERENCE and target_kind != REFERENCE:
        return f"a reference table cannot reference a {target_kind} table"
    if kind == LOCAL and target_kind == "distributed":
        return "a local table cannot reference a distributed table"
    if kind == "distributed" and target_kind == LOCAL:
        return "a distributed table cannot reference a local table"
    if not (isinstance(where, Distributed) and isinstance(target, Distributed)):
        return ""
    if where.group != target.group:
        return f"it crosses from group {where.group} to group {target.group}"
    remote = _remote_columns(fk)
    if (where.column, target.column) in zip([c.name for c in fk.columns], remote, strict=True):
        return ""
    # A key to a child table's id from a table with the same distribution column: the migration turns
    # it into (column, x_id) -> (column, id).
    if remote == ["id"] and target.column == where.column != "id" and _has_column(table, where.column):
        return ""
    return f"it does not join {table.name}.{where.column} to {fk.referred_table.name}.{target.column}"


def _remote_columns(fk: ForeignKeyConstraint) -> list[str]:
    return [element.column.name for element in fk.elements]


def _kind(where: Distributed | str) -> str:
    return "distributed" if isinstance(where, Distributed) else where


#: Markers around the generated part of docs/scaling.md.
DOC_BEGIN = "<!-- citus-plan:begin (generated by chanuka_db.migrate.citus.plan_markdown) -->"
DOC_END = "<!-- citus-plan:end -->"


def plan_markdown() -> str:
    """The plan as the Markdown docs/scaling.md embeds between :data:`DOC_BEGIN` and :data:`DOC_END`."""
    lines = [DOC_BEGIN, "", "### Distributed tables", "", "| group | why | table: distribution column |"]
    lines.append("|---|---|---|")
    groups: dict[str, list[str]] = {}
    for name, where in sorted(PLAN.items()):
        if isinstance(where, Distributed):
            groups.setdefault(where.group, []).append(f"{name}: `{where.column}`")
    for group, why in GROUPS.items():
        lines.append(f"| {group} | {why} | {', '.join(groups.get(group, []))} |")
    for title, kind in (("Reference tables", REFERENCE), ("Local tables (coordinator only)", LOCAL)):
        names = sorted(n for n, w in PLAN.items() if w == kind)
        lines += ["", f"### {title} ({len(names)})", "", ", ".join(names)]
    lines += ["", "### Columns added", "", "| table.column | filled from |", "|---|---|"]
    lines += [f"| {t}.{c} | {why} |" for (t, c), why in sorted(PLANNED_COLUMNS.items())]
    lines += ["", "### Unique constraints that change", "", "| constraint | becomes |", "|---|---|"]
    lines += [f"| {name} | {why} |" for name, why in sorted(CHANGED_UNIQUES.items())]
    lines += ["", f"### Foreign keys dropped ({len(DROPPED_FOREIGN_KEYS)})", ""]
    lines += [", ".join(f"`{name}`" for name in sorted(DROPPED_FOREIGN_KEYS))]
    lines += ["", DOC_END]
    return "\n".join(lines)
