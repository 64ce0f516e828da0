"""The personal-data registry: read from the models' column marks, categorised, shown to the docs."""

from __future__ import annotations

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table
from sqlalchemy.dialects.postgresql import INET, UUID

from chanuka_db.schema import metadata
from chanuka_db.security import pii


def test_every_marked_column_is_listed_with_a_known_category() -> None:
    listed = {c.name: c for c in pii.pii_columns()}
    marked = {f"{t.name}.{c.name}" for t in metadata.tables.values() for c in t.columns if c.info.get("pii")}
    assert set(listed) == marked
    assert len(listed) > 50
    assert all(c.category in pii.CATEGORIES for c in listed.values())
    assert list(listed) == sorted(listed, key=lambda n: tuple(n.split(".", 1)))


@pytest.mark.parametrize(
    ("name", "category"),
    [
        ("users.email", "contact"),
        ("users.password_hash", "secret"),
        ("users.password_reset_token", "secret"),
        ("user_profiles.phone_number", "contact"),
        ("user_profiles.national_id_hash", "identity"),
        ("user_profiles.phone_verification_code", "secret"),
        ("user_contact_methods.contact_value", "contact"),
        ("analytics_events.ip_address", "device"),
        ("analytics_events.latitude", "location"),
        ("search_queries.query_text", "activity"),
        ("search_queries.user_id", "activity"),
        ("user_accessibility_preferences.assistive_technology", "health"),
        ("offline_submissions.audio_file_path", "media"),
        ("sessions.id", "secret"),
    ],
)
def test_categories(name: str, category: str) -> None:
    table, column = name.split(".")
    mark = pii.pii_mark_of(table, column)
    assert mark is not None and mark.category == category
    assert mark.label == f"PII: {category}"
    assert mark.secret == (category == "secret")


def test_the_docs_hook_marks_only_personal_columns() -> None:
    users = metadata.tables["users"]
    mark = pii.pii_mark(users.c.email)
    assert mark is not None and mark.label == "PII: contact"
    assert pii.pii_mark(users.c.role) is None
    assert pii.pii_mark_of("bills", "title") is None
    assert pii.pii_mark_of("no_such_table", "x") is None


def test_an_explicit_category_wins_and_must_be_known() -> None:
    md = MetaData()
    t = Table(
        "t",
        md,
        Column("id", Integer, primary_key=True),
        Column("phone_notes", String, info={"pii": True, "pii_category": "health"}),
        Column("seen_from", INET, info={"pii": True}),
        Column("nickname", String, info={"pii": True}),
        Column("odd", String, info={"pii": True, "pii_category": "gossip"}),
    )
    assert pii.category_of(t.c.phone_notes) == "health"
    assert pii.category_of(t.c.seen_from) == "device"
    assert pii.category_of(t.c.nickname) == "identity"
    with pytest.raises(ValueError, match="gossip"):
        pii.category_of(t.c.odd)


def test_readonly_never_gets_personal_columns_references_to_users_or_personal_tables() -> None:
    for table in metadata.tables.values():
        allowed = set(pii.readonly_columns(table))
        if table.name in pii.PERSONAL_TABLES:
            assert not allowed
        for column in table.columns:
            personal = column.info.get("pii") or any(fk.column.table.name == "users" for fk in column.foreign_keys)
            assert not (personal and column.name in allowed), f"{table.name}.{column.name}"
    assert "title" in pii.readonly_columns(metadata.tables["bills"])
    assert "user_id" not in pii.readonly_columns(metadata.tables["comments"])
    md = MetaData()
    Table("users", md, Column("id", UUID, primary_key=True))
    ref = Table("t", md, Column("id", Integer, primary_key=True), Column("owner", UUID, info={}))
    assert pii.readonly_columns(ref) == ["id", "owner"]


def test_personal_tables_exist_and_lines_render() -> None:
    assert set(metadata.tables) >= pii.PERSONAL_TABLES
    assert set(pii.RLS_TABLES) < pii.PERSONAL_TABLES
    lines = pii.lines()
    assert any(line.startswith("users.email") and line.rstrip().endswith("contact") for line in lines)
    assert len(lines) == len(pii.pii_columns())
