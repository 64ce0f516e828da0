"""advocacy_coordination against a real PostgreSQL: round trips, constraints, cascades, no drift."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, select, text
from sqlalchemy.orm import Session

from chanuka_db.migrate import autogen
from chanuka_db.schema import metadata
from chanuka_db.schema.advocacy_coordination import DOMAIN, ActionItem, Campaign
from chanuka_db.schema.enums import ActionType, CampaignStatus, OrganizationType
from tests.schema.conftest import Rejects
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


def count(conn: Connection, table: str, where: str = "true", **params: Any) -> int:
    return int(conn.execute(text(f"SELECT count(*) FROM {table} WHERE {where}"), params).scalar_one())


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


# (what, factory-call builder, SQLSTATE): every case starts from a fresh campaign owned by a fresh user.
Case = Callable[[Connection, uuid.UUID], object]
REJECTED: list[tuple[str, Case, str]] = [
    ("unknown campaign status", lambda c, k: make_campaign(c, status="launched"), "22P02"),
    ("old organization value", lambda c, k: make_campaign(c, organization_type="grassroots"), "22P02"),
    ("unknown moderation status", lambda c, k: make_campaign(c, moderation_status="ok"), "22P02"),
    ("unknown geographic scope", lambda c, k: make_campaign(c, geographic_scope="galactic"), "23514"),
    ("negative participant count", lambda c, k: make_campaign(c, participant_count=-1), "23514"),
    ("negative budget", lambda c, k: make_campaign(c, budget=-5), "23514"),
    (
        "end before launch",
        lambda c, k: make_campaign(c, launch_date="2025-06-01", target_end_date="2025-05-01"),
        "23514",
    ),
    (
        "actual end before launch",
        lambda c, k: make_campaign(c, launch_date="2025-06-01", actual_end_date="2025-05-01"),
        "23514",
    ),
    ("duplicate slug", lambda c, k: make_campaign(c, slug=_slug_of(c, k)), "23505"),
    ("organiser does not exist", lambda c, k: make_campaign(c, created_by=uuid.uuid4()), "23503"),
    ("old action type value", lambda c, k: make_action_item(c, k, action_type="email_mp"), "22P02"),
    ("unknown difficulty", lambda c, k: make_action_item(c, k, difficulty_level="epic"), "23514"),
    ("impact score 0", lambda c, k: make_action_item(c, k, impact_score=0), "23514"),
    ("impact score 11", lambda c, k: make_action_item(c, k, impact_score=11), "23514"),
    ("zero minutes", lambda c, k: make_action_item(c, k, estimated_time_minutes=0), "23514"),
    ("negative completions", lambda c, k: make_action_item(c, k, completion_count=-3), "23514"),
    ("action of missing campaign", lambda c, k: make_action_item(c, uuid.uuid4()), "23503"),
    (
        "unknown participation level",
        lambda c, k: make_participant(c, k, make_user(c), participation_level="vip"),
        "23514",
    ),
    (
        "last action before joining",
        lambda c, k: make_participant(c, k, make_user(c), joined_date="2025-03-01", last_action_date="2025-02-01"),
        "23514",
    ),
    ("negative actions", lambda c, k: make_participant(c, k, make_user(c), actions_completed=-1), "23514"),
    ("unknown metric type", lambda c, k: make_metric(c, k, metric_type="vibes"), "23514"),
    ("negative metric", lambda c, k: make_metric(c, k, email_opens=-1), "23514"),
    ("self coalition", lambda c, k: make_coalition(c, k, k), "23514"),
    ("unknown relationship type", lambda c, k: make_coalition(c, k, make_campaign(c), relationship_type="x"), "23514"),
    ("unknown strength", lambda c, k: make_coalition(c, k, make_campaign(c), relationship_strength="huge"), "23514"),
    ("unknown coalition status", lambda c, k: make_coalition(c, k, make_campaign(c), status="over"), "22P02"),
    (
        "coalition ends before it starts",
        lambda c, k: make_coalition(c, k, make_campaign(c), established_date="2025-02-01", end_date="2025-01-01"),
        "23514",
    ),
]


def _slug_of(conn: Connection, campaign: uuid.UUID) -> str:
    return str(conn.execute(text("SELECT slug FROM campaigns WHERE id = :id"), {"id": campaign}).scalar_one())


@pytest.mark.parametrize(("case", "sqlstate"), [(c, s) for _, c, s in REJECTED], ids=[n for n, _, _ in REJECTED])
def test_invalid_rows_are_rejected(conn: Connection, rejects: Rejects, case: Case, sqlstate: str) -> None:
    campaign = make_campaign(conn)
    rejects(lambda: case(conn, campaign), sqlstate=sqlstate)


def test_one_participation_per_user_and_campaign(conn: Connection, rejects: Rejects) -> None:
    campaign, user = make_campaign(conn), make_user(conn)
    make_participant(conn, campaign, user)
    rejects(lambda: make_participant(conn, campaign, user, participation_level="active"), sqlstate="23505")
    make_participant(conn, make_campaign(conn), user)  # the same user in another campaign is fine


def test_one_completion_per_user_and_action_and_campaign_must_match(conn: Connection, rejects: Rejects) -> None:
    campaign, other, user = make_campaign(conn), make_campaign(conn), make_user(conn)
    action = make_action_item(conn, campaign)
    make_completion(conn, action, user, campaign, completion_method="offline", verification_status="verified")
    rejects(lambda: make_completion(conn, action, user, campaign), sqlstate="23505")
    # The completion's campaign must be the action's campaign (composite FK).
    rejects(lambda: make_completion(conn, action, make_user(conn), other), sqlstate="23503")
    rejects(
        lambda: make_completion(conn, action, make_user(conn), campaign, completion_method="pigeon"), sqlstate="23514"
    )
    rejects(
        lambda: make_completion(conn, action, make_user(conn), campaign, verification_status="maybe"), sqlstate="22P02"
    )


def test_one_metric_row_per_campaign_day_and_type(conn: Connection, rejects: Rejects) -> None:
    campaign = make_campaign(conn)
    make_metric(conn, campaign, metric_date="2025-06-01", county_participation=json.dumps({"kisumu": 12}))
    make_metric(conn, campaign, metric_date="2025-06-01", metric_type="outcome")
    rejects(lambda: make_metric(conn, campaign, metric_date="2025-06-01"), sqlstate="23505")


def test_symmetric_relationships_are_stored_once_per_pair(conn: Connection, rejects: Rejects) -> None:
    a, b = make_campaign(conn), make_campaign(conn)
    make_coalition(conn, a, b)
    rejects(lambda: make_coalition(conn, b, a), sqlstate="23505")
    rejects(lambda: make_coalition(conn, b, a, relationship_type="coordination"), sqlstate="23505")
    rejects(lambda: make_coalition(conn, a, b, relationship_type="endorsement"), sqlstate="23505")
    # Endorsement has a direction: b may endorse a while a and b are in coalition.
    make_coalition(conn, b, a, relationship_type="endorsement", relationship_strength="strong")


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
    rejects("DELETE FROM users WHERE id = :u", {"u": organiser}, sqlstate="23001")  # RESTRICT


def test_deleting_the_primary_bill_keeps_the_campaign(conn: Connection) -> None:
    bill = make_bill(conn)
    campaign = make_campaign(conn, primary_bill_id=bill)
    conn.execute(text("DELETE FROM bills WHERE id = :b"), {"b": bill})
    assert count(conn, "campaigns", "id = :c AND primary_bill_id IS NULL", c=campaign) == 1


def test_models_match_the_migrated_database(conn: Connection) -> None:
    assert domain_drift(conn, DOMAIN) == []


def test_every_foreign_key_leads_an_index() -> None:
    assert unindexed_foreign_keys(DOMAIN) == []


def unindexed_foreign_keys(domain: str) -> list[str]:
    """FKs of ``domain`` whose first column leads no index, unique key or primary key (slow cascades)."""
    missing = []
    for table in metadata.sorted_tables:
        if table.info.get("domain") != domain:
            continue
        leading = {ix.expressions[0].name for ix in table.indexes if hasattr(ix.expressions[0], "name")}
        leading |= {next(iter(c.columns)).name for c in table.constraints if hasattr(c, "columns") and len(c.columns)}
        for fk in table.foreign_key_constraints:
            if fk.column_keys[0] not in leading:
                missing.append(f"{table.name}.{fk.column_keys[0]}")
    return missing


def domain_drift(conn: Connection, domain: str) -> list[Any]:
    """Autogenerate's differences between the models and the migrated database for ``domain``'s tables."""
    tables = {t.name for t in metadata.sorted_tables if t.info.get("domain") == domain}
    opts = {"include_schemas": False, "include_object": autogen.include_object, "compare_type": True}
    diffs = compare_metadata(MigrationContext.configure(conn, opts=opts), metadata)
    return [d for d in diffs if any(f"'{name}'" in repr(d) for name in tables)]
