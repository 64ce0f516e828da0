"""The Citus plan: the models fit it, docs/scaling.md shows it, and ``citus_findings`` catches changes that break it."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Column, ForeignKey, Index, MetaData, String, Table, UniqueConstraint, Uuid

from chanuka_db.migrate.citus import (
    CHANGED_UNIQUES,
    DOC_BEGIN,
    DOC_END,
    DROPPED_FOREIGN_KEYS,
    PLAN,
    Distributed,
    citus_findings,
    plan_markdown,
)
from chanuka_db.schema import metadata

DOC = Path(__file__).resolve().parents[2] / "docs" / "scaling.md"


def test_the_models_fit_the_plan() -> None:
    assert citus_findings(metadata) == []


def test_every_table_is_placed_and_every_planned_change_names_something_real() -> None:
    assert set(PLAN) == set(metadata.tables)
    names = {str(c.name) for t in metadata.tables.values() for c in t.constraints}
    names |= {str(i.name) for t in metadata.tables.values() for i in t.indexes}
    assert names >= DROPPED_FOREIGN_KEYS
    assert set(CHANGED_UNIQUES) <= names
    assert PLAN["bills"] == Distributed("id", "bill") and PLAN["users"] == Distributed("id", "user")


def test_scaling_doc_embeds_the_current_plan() -> None:
    text = DOC.read_text()
    start, end = text.index(DOC_BEGIN), text.index(DOC_END) + len(DOC_END)
    assert text[start:end] == plan_markdown(), (
        "docs/scaling.md is out of step with chanuka_db/migrate/citus.py: paste the output of "
        "`python -c 'from chanuka_db.migrate.citus import plan_markdown; print(plan_markdown())'` over the block"
    )


def _bills_and_users(md: MetaData) -> None:
    Table("users", md, Column("id", Uuid, primary_key=True), Column("email", String(100), nullable=False))
    Table("bills", md, Column("id", Uuid, primary_key=True), Column("title", String(100)))


def rules(md: MetaData) -> list[tuple[str, str]]:
    return [(f.rule, f.message) for f in citus_findings(md)]


def test_schema_changes_that_break_the_plan_are_found() -> None:
    md = MetaData()
    _bills_and_users(md)
    # a new table nobody placed
    Table("bill_reactions", md, Column("id", Uuid, primary_key=True))
    # bill-group table whose distribution column became nullable, with a global unique
    Table(
        "comments",
        md,
        Column("id", Uuid, primary_key=True),
        Column("bill_id", Uuid, ForeignKey("bills.id", name="fk_comments_bill_id_bills"), nullable=True),
        Column("user_id", Uuid, ForeignKey("users.id", name="fk_comments_user_id_users"), nullable=False),
        Column("slug", String(50)),
        UniqueConstraint("slug", name="uq_comments_slug"),
    )
    # a user-group table that lost its distribution column, with an FK into the bill group
    Table(
        "user_interests",
        md,
        Column("id", Uuid, primary_key=True),
        Column("bill_id", Uuid, ForeignKey("bills.id", name="fk_user_interests_bill_id_bills")),
    )
    # a reference table pointing at a distributed one, with a new unique index
    Table(
        "sponsors",
        md,
        Column("id", Uuid, primary_key=True),
        Column("user_id", Uuid, ForeignKey("users.id", name="fk_sponsors_user_id_users")),
    )
    # a bill-group table keyed by a column of another type
    Table("bill_versions", md, Column("id", Uuid, primary_key=True), Column("bill_id", String(36), nullable=False))
    found = rules(md)
    by_rule: dict[str, list[str]] = {}
    for rule, message in found:
        by_rule.setdefault(rule, []).append(message)
    assert any("bill_reactions" in m for m in by_rule["citus-unplaced"])
    dist = by_rule["citus-distribution-column"]
    assert any("comments.bill_id" in m and "NOT NULL" in m for m in dist)
    assert any("user_interests is distributed by user_id" in m for m in dist)
    assert any("bill_versions.bill_id is varchar" in m for m in dist)
    assert any("uq_comments_slug" in m for m in by_rule["citus-unique"])
    fks = by_rule["citus-fk"]
    assert any("fk_user_interests_bill_id_bills" in m and "crosses from group user to group bill" in m for m in fks)
    assert any("fk_sponsors_user_id_users" in m and "reference table cannot reference" in m for m in fks)
    # the planned drop of comments.user_id -> users is not reported; comments.bill_id -> bills is fine
    assert not any("fk_comments_user_id_users" in m or "fk_comments_bill_id_bills" in m for m in fks)


def test_planned_and_mechanical_changes_are_not_findings() -> None:
    md = MetaData()
    _bills_and_users(md)
    Table(
        "comments",
        md,
        Column("id", Uuid, primary_key=True),
        Column("bill_id", Uuid, ForeignKey("bills.id", name="fk_comments_bill_id_bills"), nullable=False),
        Column("parent_comment_id", Uuid, ForeignKey("comments.id", name="fk_comments_parent_comment_id_comments")),
    )
    # comment_votes gets bill_id in the migration (PLANNED_COLUMNS); its FK to comments.id becomes composite
    Table(
        "comment_votes",
        md,
        Column("id", Uuid, primary_key=True),
        Column("comment_id", Uuid, ForeignKey("comments.id", name="fk_comment_votes_comment_id_comments")),
        Column("user_id", Uuid, nullable=False),
        UniqueConstraint("comment_id", "user_id", name="uq_comment_votes_comment_id_user_id"),
    )
    Table(
        "user_profiles",
        md,
        Column("id", Uuid, primary_key=True),
        Column("user_id", Uuid, ForeignKey("users.id", name="fk_user_profiles_user_id_users"), nullable=False),
        Column("anonymous_id", String(20)),
        Index("ix_user_profiles_anonymous_id", "anonymous_id", unique=True),
    )
    assert rules(md) == []


def test_an_fk_inside_a_group_must_join_the_distribution_columns() -> None:
    md = MetaData()
    _bills_and_users(md)
    Table("comments", md, Column("id", Uuid, primary_key=True), Column("bill_id", Uuid, nullable=False))
    # bill_readings carries bill_id, but points at comments by another column than id
    Table(
        "bill_readings",
        md,
        Column("id", Uuid, primary_key=True),
        Column("bill_id", Uuid, nullable=False),
        Column("other_bill", Uuid, ForeignKey("bills.id", name="fk_bill_readings_other_bill_bills")),
    )
    found = rules(md)
    assert len(found) == 1 and found[0][0] == "citus-fk"
    assert "does not join bill_readings.bill_id to bills.id" in found[0][1]
