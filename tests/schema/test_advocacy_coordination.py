"""advocacy_coordination against a real PostgreSQL: round trips, constraints, cascades, no drift.

The helpers at the end (constraint cases keyed by constraint name, systematic foreign-key and enum
checks, drift) are shared with the universal_access and impact_measurement test modules.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import ARRAY, Connection, Enum, select, text
from sqlalchemy.orm import Session

from chanuka_db.migrate import autogen
from chanuka_db.schema import metadata
from chanuka_db.schema.advocacy_coordination import DOMAIN, ActionItem, Campaign
from chanuka_db.schema.enums import ActionType, CampaignStatus, OrganizationType
from tests.schema.conftest import Rejects, restrict_sqlstate
from tests.schema.factories import insert, make_bill, make_user


def make_campaign(conn: Connection, created_by: uuid.UUID | None = None, **kw: Any) -> uuid.UUID:
    """A national draft campaign with a unique slug."""
    values = {
        "title": "Stop the Finance Bill tax on bread",
        "slug": f"finance-bill-{uuid.uuid4().hex[:8]}",
        "description": "Citizens against new VAT on staples.",
        "campaign_goal": "Remove clause 30",
        "call_to_action": "Email your MP",
        "created_by_id": created_by or make_user(conn),
        "geographic_scope": "national",
        **kw,
    }
    return insert(conn, "campaigns", **values)


def make_action_item(conn: Connection, campaign: uuid.UUID, **kw: Any) -> uuid.UUID:
    values = {
        "campaign_id": campaign,
        "title": "Email your MP",
        "description": "Use the template",
        "action_type": "email_campaign",
        "difficulty_level": "easy",
        **kw,
    }
    return insert(conn, "action_items", **values)


def make_participant(conn: Connection, campaign: uuid.UUID, user: uuid.UUID, **kw: Any) -> uuid.UUID:
    return insert(conn, "campaign_participants", campaign_id=campaign, user_id=user, **kw)


def make_completion(conn: Connection, action: uuid.UUID, user: uuid.UUID, campaign: uuid.UUID, **kw: Any) -> uuid.UUID:
    return insert(conn, "action_completions", action_item_id=action, user_id=user, campaign_id=campaign, **kw)


def make_metric(conn: Connection, campaign: uuid.UUID, **kw: Any) -> uuid.UUID:
    return insert(conn, "campaign_impact_metrics", **{"campaign_id": campaign, "metric_type": "reach", **kw})


def make_coalition(conn: Connection, a: uuid.UUID, b: uuid.UUID, **kw: Any) -> uuid.UUID:
    values = {"primary_campaign_id": a, "partner_campaign_id": b, "relationship_type": "coalition", **kw}
    return insert(conn, "coalition_relationships", **values)


def _full_completion(conn: Connection) -> uuid.UUID:
    campaign = make_campaign(conn)
    return make_completion(conn, make_action_item(conn, campaign), make_user(conn), campaign)


Factory = Callable[[Connection], uuid.UUID]
#: A valid row per table with every foreign key set (for the systematic FK and enum checks).
FULL: dict[str, Factory] = {
    "campaigns": lambda c: make_campaign(c, primary_bill_id=make_bill(c)),
    "action_items": lambda c: make_action_item(c, make_campaign(c)),
    "campaign_participants": lambda c: make_participant(c, make_campaign(c), make_user(c)),
    "action_completions": _full_completion,
    "campaign_impact_metrics": lambda c: make_metric(c, make_campaign(c)),
    "coalition_relationships": lambda c: make_coalition(c, make_campaign(c), make_campaign(c)),
}


def count(conn: Connection, table: str, where: str = "true", **params: Any) -> int:
    return int(conn.execute(text(f"SELECT count(*) FROM {table} WHERE {where}"), params).scalar_one())


# ---- helpers shared with the universal_access and impact_measurement test modules ----


def domain_table_names(domain: str) -> set[str]:
    return {t.name for t in metadata.sorted_tables if t.info.get("domain") == domain}


def single_column_fks(domain: str) -> list[tuple[str, str, str, str]]:
    """(table, column, referred table, ON DELETE rule) of every single-column FK of ``domain``."""
    out = []
    for table in metadata.sorted_tables:
        if table.info.get("domain") != domain:
            continue
        for fk in table.foreign_key_constraints:
            if len(fk.column_keys) == 1:
                out.append(
                    (table.name, fk.column_keys[0], fk.referred_table.name, (fk.ondelete or "NO ACTION").upper())
                )
    return sorted(out)


def enum_columns(domain: str) -> list[tuple[str, str, bool]]:
    """(table, column, is_array) of every PostgreSQL-enum column of ``domain``."""
    out = []
    for table in metadata.sorted_tables:
        if table.info.get("domain") != domain:
            continue
        for col in table.columns:
            is_array = isinstance(col.type, ARRAY)
            inner = col.type.item_type if isinstance(col.type, ARRAY) else col.type
            if isinstance(inner, Enum):
                out.append((table.name, col.name, is_array))
    return sorted(out)


def live_constraint_names(conn: Connection, domain: str) -> set[str]:
    """CHECK constraints, unique constraints and unique indexes the database has on ``domain``'s tables."""
    tables = "SELECT CAST(n AS regclass) FROM unnest(CAST(:t AS text[])) AS n"
    query = text(
        f"SELECT conname FROM pg_constraint WHERE contype IN ('c', 'u') AND conrelid IN ({tables}) "
        "UNION SELECT CAST(CAST(i.indexrelid AS regclass) AS text) FROM pg_index i "
        f"WHERE i.indisunique AND NOT i.indisprimary AND i.indrelid IN ({tables}) "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)"
    )
    return set(conn.execute(query, {"t": sorted(domain_table_names(domain))}).scalars())


def check_foreign_key(
    conn: Connection, rejects: Rejects, row: uuid.UUID, table: str, column: str, referred: str, rule: str
) -> None:
    """``table.column`` of ``row`` rejects a dangling id, and deleting its parent does what ``rule`` says."""
    rejects(f"UPDATE {table} SET {column} = :x WHERE id = :id", {"x": uuid.uuid4(), "id": row}, sqlstate="23503")
    parent = conn.execute(text(f"SELECT {column} FROM {table} WHERE id = :id"), {"id": row}).scalar_one()
    assert parent is not None, f"the FULL factory of {table} must set {column}"
    delete = f"DELETE FROM {referred} WHERE id = :p"
    if rule == "RESTRICT":
        rejects(delete, {"p": parent}, sqlstate=restrict_sqlstate(conn))
        return
    if rule == "NO ACTION":
        rejects(delete, {"p": parent}, sqlstate="23503")
        return
    conn.execute(text(delete), {"p": parent})
    if rule == "CASCADE":
        assert count(conn, table, "id = :id", id=row) == 0, f"{table} row survived deleting its {column}"
    else:
        assert rule == "SET NULL", rule
        assert count(conn, table, f"id = :id AND {column} IS NULL", id=row) == 1


def check_enum(rejects: Rejects, row: uuid.UUID, table: str, column: str, is_array: bool) -> None:
    """An unknown value (or array element) fails with 22P02."""
    value = "{no_such_value}" if is_array else "no_such_value"
    rejects(f"UPDATE {table} SET {column} = :v WHERE id = :id", {"v": value, "id": row}, sqlstate="22P02")


def domain_drift(conn: Connection, domain: str) -> list[Any]:
    """Autogenerate's differences between the models and the migrated database for ``domain``'s tables."""
    tables = domain_table_names(domain)
    opts = {"include_schemas": False, "include_object": autogen.include_object, "compare_type": True}
    diffs = compare_metadata(MigrationContext.configure(conn, opts=opts), metadata)
    return [d for d in diffs if any(f"'{name}'" in repr(d) for name in tables)]


def test_campaign_round_trip_with_defaults_arrays_json_and_enums(conn: Connection) -> None:
    bill = make_bill(conn)
    campaign = make_campaign(
        conn,
        primary_bill_id=bill,
        target_bills=[bill],
        key_messages=["No VAT on bread", "Protect the poor"],
        target_counties=["kisumu", "nairobi"],
        organization_type="cbo",
        funding_sources=json.dumps([{"donor": "Community harambee", "amount": 25000}]),
        budget="125000.50",
    )
    row = conn.execute(
        text(
            "SELECT status::text, moderation_status::text, organization_type::text, target_counties::text[], "
            "key_messages, target_bills, funding_sources, participant_count, is_public, budget "
            "FROM campaigns WHERE id = :id"
        ),
        {"id": campaign},
    ).one()
    assert row.status == "draft" and row.moderation_status == "approved" and row.organization_type == "cbo"
    assert row.target_counties == ["kisumu", "nairobi"]
    assert row.key_messages == ["No VAT on bread", "Protect the poor"]
    assert row.target_bills == [bill]
    assert row.funding_sources == [{"donor": "Community harambee", "amount": 25000}]
    assert row.participant_count == 0 and row.is_public is True
    assert str(row.budget) == "125000.50"


def test_orm_navigates_campaign_actions_and_participants(conn: Connection, session: Session) -> None:
    organiser = make_user(conn)
    campaign = make_campaign(conn, created_by=organiser)
    make_action_item(conn, campaign, title="Second", display_order=2, action_type="call_mp")
    make_action_item(conn, campaign, title="First", display_order=1)
    make_participant(conn, campaign, make_user(conn), participation_level="leader")
    loaded = session.execute(select(Campaign).where(Campaign.id == campaign)).scalar_one()
    assert loaded.status is CampaignStatus.DRAFT
    assert loaded.created_by.id == organiser
    assert [a.title for a in loaded.action_items] == ["First", "Second"]
    assert loaded.action_items[1].action_type is ActionType.CALL_MP
    assert loaded.participants[0].participation_level == "leader"
    session.add(
        ActionItem(
            campaign_id=campaign,
            title="Share",
            description="Share on X",
            action_type=ActionType.SHARE_SOCIAL,
            difficulty_level="easy",
        )
    )
    loaded.organization_type = OrganizationType.NGO
    session.flush()
    assert count(conn, "action_items", "campaign_id = :c", c=campaign) == 3


def _duplicate_endorsement(conn: Connection, campaign: uuid.UUID) -> None:
    partner = make_campaign(conn)
    make_coalition(conn, campaign, partner, relationship_type="endorsement")
    make_coalition(conn, campaign, partner, relationship_type="opposition")


def _slug_of(conn: Connection, campaign: uuid.UUID) -> str:
    return str(conn.execute(text("SELECT slug FROM campaigns WHERE id = :id"), {"id": campaign}).scalar_one())


def _own_prerequisite(conn: Connection, campaign: uuid.UUID) -> None:
    action = uuid.uuid4()
    make_action_item(conn, campaign, id=action, prerequisite_actions=[action])


def _duplicate_participant(conn: Connection, campaign: uuid.UUID) -> None:
    user = make_user(conn)
    make_participant(conn, campaign, user)
    make_participant(conn, campaign, user, participation_level="active")


def _duplicate_completion(conn: Connection, campaign: uuid.UUID) -> None:
    action, user = make_action_item(conn, campaign), make_user(conn)
    make_completion(conn, action, user, campaign)
    make_completion(conn, action, user, campaign, completion_method="offline")


def _reversed_coalition(conn: Connection, campaign: uuid.UUID) -> None:
    partner = make_campaign(conn)
    make_coalition(conn, campaign, partner)
    make_coalition(conn, partner, campaign, relationship_type="coordination")


# (constraint, variant, insert given a fresh campaign id, SQLSTATE). Every CHECK and unique key of the
# domain has at least one case (test_cases_cover_every_check_and_unique), and the error must name it.
Case = Callable[[Connection, uuid.UUID], object]
CASES: list[tuple[str, str, Case, str]] = [
    ("uq_campaigns_slug", "dup", lambda c, k: make_campaign(c, slug=_slug_of(c, k)), "23505"),
    (
        "ck_campaigns_date_range",
        "target end before launch",
        lambda c, k: make_campaign(c, launch_date="2025-06-01", target_end_date="2025-05-01"),
        "23514",
    ),
    (
        "ck_campaigns_actual_end_after_launch",
        "ended before launch",
        lambda c, k: make_campaign(c, launch_date="2025-06-01", actual_end_date="2025-05-01"),
        "23514",
    ),
    ("ck_campaigns_geographic_scope_values", "galactic", lambda c, k: make_campaign(c, geographic_scope="x"), "23514"),
    ("ck_campaigns_counts_non_negative", "participants", lambda c, k: make_campaign(c, participant_count=-1), "23514"),
    ("ck_campaigns_counts_non_negative", "target", lambda c, k: make_campaign(c, target_participant_count=-1), "23514"),
    ("ck_campaigns_budget_non_negative", "budget", lambda c, k: make_campaign(c, budget=-5), "23514"),
    (
        "ck_action_items_difficulty_level_values",
        "epic",
        lambda c, k: make_action_item(c, k, difficulty_level="epic"),
        "23514",
    ),
    ("ck_action_items_impact_score_range", "0", lambda c, k: make_action_item(c, k, impact_score=0), "23514"),
    ("ck_action_items_impact_score_range", "11", lambda c, k: make_action_item(c, k, impact_score=11), "23514"),
    (
        "ck_action_items_estimated_time_positive",
        "0",
        lambda c, k: make_action_item(c, k, estimated_time_minutes=0),
        "23514",
    ),
    ("ck_action_items_counts_non_negative", "done", lambda c, k: make_action_item(c, k, completion_count=-3), "23514"),
    ("ck_action_items_counts_non_negative", "order", lambda c, k: make_action_item(c, k, display_order=-1), "23514"),
    ("ck_action_items_not_own_prerequisite", "self", _own_prerequisite, "23514"),
    ("uq_campaign_participants_campaign_id_user_id", "dup", _duplicate_participant, "23505"),
    (
        "ck_campaign_participants_participation_level_values",
        "vip",
        lambda c, k: make_participant(c, k, make_user(c), participation_level="vip"),
        "23514",
    ),
    (
        "ck_campaign_participants_last_action_after_joining",
        "before joining",
        lambda c, k: make_participant(c, k, make_user(c), joined_date="2025-03-01", last_action_date="2025-02-01"),
        "23514",
    ),
    (
        "ck_campaign_participants_counts_non_negative",
        "actions",
        lambda c, k: make_participant(c, k, make_user(c), actions_completed=-1),
        "23514",
    ),
    ("uq_action_completions_action_item_id_user_id", "dup", _duplicate_completion, "23505"),
    (
        "ck_action_completions_completion_method_values",
        "pigeon",
        lambda c, k: make_completion(c, make_action_item(c, k), make_user(c), k, completion_method="pigeon"),
        "23514",
    ),
    (
        "uq_campaign_impact_metrics_campaign_id_metric_date_metric_type",
        "dup",
        lambda c, k: [make_metric(c, k, metric_date="2025-06-01") for _ in range(2)],
        "23505",
    ),
    (
        "ck_campaign_impact_metrics_metric_type_values",
        "vibes",
        lambda c, k: make_metric(c, k, metric_type="x"),
        "23514",
    ),
    (
        "ck_campaign_impact_metrics_counts_non_negative",
        "opens",
        lambda c, k: make_metric(c, k, email_opens=-1),
        "23514",
    ),
    (
        "ck_campaign_impact_metrics_counts_non_negative",
        "average",
        lambda c, k: make_metric(c, k, average_actions_per_participant=-0.5),
        "23514",
    ),
    (
        "uq_coalition_relationships_pair",
        "same order",
        _duplicate_endorsement,
        "23505",
    ),
    (
        "uq_coalition_relationships_symmetric_pair",
        "reversed coalition",
        _reversed_coalition,
        "23505",
    ),
    ("ck_coalition_relationships_self_relationship", "self", lambda c, k: make_coalition(c, k, k), "23514"),
    (
        "ck_coalition_relationships_relationship_type_values",
        "x",
        lambda c, k: make_coalition(c, k, make_campaign(c), relationship_type="x"),
        "23514",
    ),
    (
        "ck_coalition_relationships_relationship_strength_values",
        "huge",
        lambda c, k: make_coalition(c, k, make_campaign(c), relationship_strength="huge"),
        "23514",
    ),
    (
        "ck_coalition_relationships_date_range",
        "ends before start",
        lambda c, k: make_coalition(c, k, make_campaign(c), established_date="2025-02-01", end_date="2025-01-01"),
        "23514",
    ),
]


@pytest.mark.parametrize(
    ("name", "case", "sqlstate"), [(n, c, s) for n, _, c, s in CASES], ids=[f"{n}-{v}" for n, v, _, _ in CASES]
)
def test_constraint_rejects(conn: Connection, rejects: Rejects, name: str, case: Case, sqlstate: str) -> None:
    campaign = make_campaign(conn)
    message = rejects(lambda: case(conn, campaign), sqlstate=sqlstate)
    assert name in message


#: Unique keys no row can violate on its own: (id, campaign_id) is the target of action_completions'
#: composite FK, and id alone is already the primary key.
IMPLIED_BY_PRIMARY_KEY = {"uq_action_items_id_campaign_id"}


def test_cases_cover_every_check_and_unique(conn: Connection) -> None:
    assert live_constraint_names(conn, DOMAIN) <= {n for n, _, _, _ in CASES} | IMPLIED_BY_PRIMARY_KEY
    assert set(FULL) == domain_table_names(DOMAIN)


def test_symmetric_pairs_once_directed_pairs_both_ways(conn: Connection, rejects: Rejects) -> None:
    a, b = make_campaign(conn), make_campaign(conn)
    make_coalition(conn, a, b)
    rejects(lambda: make_coalition(conn, b, a), sqlstate="23505")
    # Endorsement has a direction: b may endorse a while a and b are in coalition.
    make_coalition(conn, b, a, relationship_type="endorsement", relationship_strength="strong")


def test_a_completion_belongs_to_its_actions_campaign(conn: Connection, rejects: Rejects) -> None:
    campaign, other, user = make_campaign(conn), make_campaign(conn), make_user(conn)
    action = make_action_item(conn, campaign)
    make_completion(conn, action, user, campaign, verification_status="verified")
    message = rejects(lambda: make_completion(conn, action, make_user(conn), other), sqlstate="23503")
    assert "fk_action_completions_action_item_id_action_items" in message
    rejects(lambda: make_completion(conn, uuid.uuid4(), make_user(conn), campaign), sqlstate="23503")


def test_deleting_a_campaign_deletes_its_parts(conn: Connection) -> None:
    campaign, partner, user = make_campaign(conn), make_campaign(conn), make_user(conn)
    action = make_action_item(conn, campaign)
    make_participant(conn, campaign, user)
    make_completion(conn, action, user, campaign)
    make_metric(conn, campaign)
    make_coalition(conn, partner, campaign)
    conn.execute(text("DELETE FROM campaigns WHERE id = :id"), {"id": campaign})
    for table in ("action_items", "campaign_participants", "action_completions", "campaign_impact_metrics"):
        assert count(conn, table, "campaign_id = :c", c=campaign) == 0, table
    assert count(conn, "coalition_relationships", "partner_campaign_id = :c", c=campaign) == 0


def test_deleting_a_user_removes_participation_but_not_organised_campaigns(conn: Connection, rejects: Rejects) -> None:
    organiser, citizen = make_user(conn), make_user(conn)
    campaign = make_campaign(conn, created_by=organiser)
    action = make_action_item(conn, campaign)
    make_participant(conn, campaign, citizen)
    make_completion(conn, action, citizen, campaign)
    conn.execute(text("DELETE FROM users WHERE id = :u"), {"u": citizen})
    assert count(conn, "campaign_participants", "user_id = :u", u=citizen) == 0
    assert count(conn, "action_completions", "user_id = :u", u=citizen) == 0
    rejects("DELETE FROM users WHERE id = :u", {"u": organiser}, sqlstate=restrict_sqlstate(conn))  # RESTRICT
    conn.execute(text("UPDATE campaigns SET created_by_id = :u WHERE id = :c"), {"u": make_user(conn), "c": campaign})
    conn.execute(text("DELETE FROM users WHERE id = :u"), {"u": organiser})  # after handing the campaign over


@pytest.mark.parametrize(("table", "column", "referred", "rule"), single_column_fks(DOMAIN))
def test_foreign_key(conn: Connection, rejects: Rejects, table: str, column: str, referred: str, rule: str) -> None:
    check_foreign_key(conn, rejects, FULL[table](conn), table, column, referred, rule)


@pytest.mark.parametrize(("table", "column", "is_array"), enum_columns(DOMAIN))
def test_enum_rejects_unknown_value(
    conn: Connection, rejects: Rejects, table: str, column: str, is_array: bool
) -> None:
    check_enum(rejects, FULL[table](conn), table, column, is_array)


def test_declared_on_delete_rules() -> None:
    rules = {(t, c): r for t, c, _, r in single_column_fks(DOMAIN)}
    assert rules[("campaigns", "created_by_id")] == "RESTRICT"
    assert rules[("campaigns", "primary_bill_id")] == "SET NULL"
    assert {r for (t, _), r in rules.items() if t != "campaigns"} == {"CASCADE"}


def test_models_match_the_migrated_database(conn: Connection) -> None:
    assert domain_drift(conn, DOMAIN) == []
