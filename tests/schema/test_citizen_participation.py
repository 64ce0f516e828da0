"""Citizen participation against real PostgreSQL: sessions, comments and votes, engagement, alerts.

Uses the derived foreign-key, ON DELETE, enum and constraint-coverage tests of test_foundation.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Connection, select, text
from sqlalchemy.orm import Session

from chanuka_db.schema.citizen_participation import Comment
from chanuka_db.schema.enums import Chamber, CommentPosition, ModerationStatus
from chanuka_db.schema.foundation import Bill, User
from tests.schema.conftest import Rejects
from tests.schema.factories import insert, make_bill, make_comment, make_user
from tests.schema.test_foundation import (
    BUILDERS as FOUNDATION_BUILDERS,
)
from tests.schema.test_foundation import (
    SERIAL,
    Builder,
    Case,
    check_cases_cover,
    check_enum_rejects,
    check_fk_rejects_dangling,
    check_on_delete,
    check_updated_at_trigger,
    domain_tables,
    enum_columns,
    foreign_keys,
    j,
    row_exists,
)

DOMAIN = "citizen_participation"


# --- builders -----------------------------------------------------------------------------------------


def build_session(conn: Connection, **kw: Any) -> str:
    values = {
        "id": f"sess_{uuid.uuid4().hex}",
        "user_id": kw.pop("user_id", None) or make_user(conn),
        "expires_at": dt.datetime.now(dt.UTC) + dt.timedelta(hours=1),
        **kw,
    }
    cols = ", ".join(values)
    params = ", ".join(f":{k}" for k in values)
    return str(conn.execute(text(f"INSERT INTO sessions ({cols}) VALUES ({params}) RETURNING id"), values).scalar_one())


def build_comment(conn: Connection, **kw: Any) -> uuid.UUID:
    bill = kw.pop("bill_id", None) or make_bill(conn)
    user = kw.pop("user_id", None) or make_user(conn)
    return make_comment(conn, bill, user, **kw)


def _per_user_bill(table: str, **defaults: Any) -> Callable[..., uuid.UUID]:
    def build(conn: Connection, **kw: Any) -> uuid.UUID:
        kw.setdefault("bill_id", make_bill(conn))
        kw.setdefault("user_id", make_user(conn))
        return insert(conn, table, **{**defaults, **kw})

    return build


def build_comment_vote(conn: Connection, **kw: Any) -> uuid.UUID:
    kw.setdefault("comment_id", build_comment(conn))
    kw.setdefault("user_id", make_user(conn))
    return insert(conn, "comment_votes", **{"vote_type": "upvote", **kw})


def build_notification(conn: Connection, **kw: Any) -> uuid.UUID:
    kw.setdefault("user_id", make_user(conn))
    values = {"notification_type": "bill_update", "title": "Bill update", "message": "The bill moved.", **kw}
    return insert(conn, "notifications", **values)


def _per_user(table: str, **defaults: Any) -> Callable[..., uuid.UUID]:
    def build(conn: Connection, **kw: Any) -> uuid.UUID:
        kw.setdefault("user_id", make_user(conn))
        return insert(conn, table, **{**defaults, **kw})

    return build


def build_contact_method(conn: Connection, **kw: Any) -> uuid.UUID:
    kw.setdefault("user_id", make_user(conn))
    values = {"contact_type": "email", "contact_value": f"c{next(SERIAL)}@example.ke", **kw}
    return insert(conn, "user_contact_methods", **values)


def build_user_interest(conn: Connection, **kw: Any) -> uuid.UUID:
    kw.setdefault("user_id", make_user(conn))
    return insert(conn, "user_interests", **{"interest": f"topic {next(SERIAL)}", **kw})


BUILDERS: dict[str, Builder] = {
    **FOUNDATION_BUILDERS,
    "sessions": build_session,
    "comments": build_comment,
    "comment_votes": build_comment_vote,
    "bill_votes": _per_user_bill("bill_votes", vote_type="for"),
    "bill_engagement": _per_user_bill("bill_engagement", engagement_type="view"),
    "bill_tracking_preferences": _per_user_bill("bill_tracking_preferences"),
    "notifications": build_notification,
    "alert_preferences": _per_user("alert_preferences"),
    "user_contact_methods": build_contact_method,
    "user_interests": build_user_interest,
}


# --- check and unique cases ---------------------------------------------------------------------------


def _own_parent(conn: Connection) -> None:
    comment = build_comment(conn)
    conn.execute(text("UPDATE comments SET parent_comment_id = id WHERE id = :i"), {"i": comment})


CHECKS: dict[str, Case] = {
    "ck_comments_thread_depth": lambda c: build_comment(c, thread_depth=-1),
    "ck_comments_not_own_parent": _own_parent,
    "ck_comments_sentiment_score": lambda c: build_comment(c, sentiment_score=1.01),
    "ck_comments_counts": lambda c: build_comment(c, reply_count=-1),
    "ck_comment_votes_vote_weight": lambda c: build_comment_vote(c, vote_weight=-1),
    "ck_bill_engagement_counts": lambda c: BUILDERS["bill_engagement"](c, view_count=-1),
    "ck_bill_engagement_session_duration": lambda c: BUILDERS["bill_engagement"](c, session_duration_seconds=-5),
    "ck_alert_preferences_accessibility_format_values": lambda c: BUILDERS["alert_preferences"](
        c, accessibility_format="braille_embosser"
    ),
    "ck_user_contact_methods_contact_type_values": lambda c: build_contact_method(
        c, contact_type="pigeon", contact_value="+254712345678"
    ),
    "ck_user_contact_methods_contact_value_format": lambda c: build_contact_method(
        c, contact_type="phone", contact_value="0712 345 678"
    ),
    "ck_user_contact_methods_delivery_failures": lambda c: build_contact_method(c, delivery_failures=-1),
    "ck_user_interests_interest_strength": lambda c: build_user_interest(c, interest_strength=11),
}


def _second_by_same(builder: Builder, parent: str, make_parent: Builder, **extra: Any) -> Case:
    """Two rows by the same user on the same parent (bill or comment)."""

    def run(conn: Connection) -> None:
        user, parent_id = make_user(conn), make_parent(conn)
        builder(conn, user_id=user, **{parent: parent_id})
        builder(conn, user_id=user, **{parent: parent_id}, **extra)

    return run


def _two_primaries(conn: Connection) -> None:
    user = make_user(conn)
    build_contact_method(conn, user_id=user, contact_value="one@example.ke", is_primary=True)
    build_contact_method(conn, user_id=user, contact_value="two@example.ke", is_primary=True)


def _same_contact(conn: Connection) -> None:
    user = make_user(conn)
    build_contact_method(conn, user_id=user, contact_type="whatsapp", contact_value="+254712345678")
    build_contact_method(conn, user_id=user, contact_type="whatsapp", contact_value="+254712345678")


def _same_interest(conn: Connection) -> None:
    user = make_user(conn)
    build_user_interest(conn, user_id=user, interest="health", interest_strength=3)
    build_user_interest(conn, user_id=user, interest="health", interest_strength=9)


def _second_alert_preferences(conn: Connection) -> None:
    user = make_user(conn)
    BUILDERS["alert_preferences"](conn, user_id=user)
    BUILDERS["alert_preferences"](conn, user_id=user, digest_frequency="weekly")


UNIQUES: dict[str, Case] = {
    "uq_comment_votes_comment_id_user_id": _second_by_same(
        build_comment_vote, "comment_id", build_comment, vote_type="downvote"
    ),
    "uq_bill_votes_bill_id_user_id": _second_by_same(BUILDERS["bill_votes"], "bill_id", make_bill, vote_type="against"),
    "uq_bill_engagement_bill_id_user_id_engagement_type": _second_by_same(
        BUILDERS["bill_engagement"], "bill_id", make_bill
    ),
    "uq_bill_tracking_preferences_user_id_bill_id": _second_by_same(
        BUILDERS["bill_tracking_preferences"], "bill_id", make_bill
    ),
    "uq_alert_preferences_user_id": _second_alert_preferences,
    "uq_user_contact_methods_user_id_contact_type_contact_value": _same_contact,
    "ix_user_contact_methods_user_id_contact_type": _two_primaries,
    "uq_user_interests_user_id_interest": _same_interest,
}


# --- derived and listed constraint tests -------------------------------------------------------------


def test_cases_cover_every_check_and_unique(conn: Connection) -> None:
    check_cases_cover(conn, DOMAIN, CHECKS, UNIQUES)
    assert set(domain_tables(DOMAIN)) <= set(BUILDERS)


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_check_rejects(conn: Connection, rejects: Rejects, name: str) -> None:
    assert name in rejects(lambda: CHECKS[name](conn), sqlstate="23514")


@pytest.mark.parametrize("name", sorted(UNIQUES))
def test_unique_rejects_duplicate(conn: Connection, rejects: Rejects, name: str) -> None:
    assert name in rejects(lambda: UNIQUES[name](conn), sqlstate="23505")


@pytest.mark.parametrize(("table", "column", "name", "parent", "ondelete"), foreign_keys(DOMAIN))
def test_foreign_key_rejects_dangling_id(
    conn: Connection, rejects: Rejects, table: str, column: str, name: str, parent: str, ondelete: str
) -> None:
    check_fk_rejects_dangling(conn, rejects, BUILDERS, table, column, name)


@pytest.mark.parametrize(("table", "column", "name", "parent", "ondelete"), foreign_keys(DOMAIN))
def test_foreign_key_on_delete(
    conn: Connection, rejects: Rejects, table: str, column: str, name: str, parent: str, ondelete: str
) -> None:
    check_on_delete(conn, rejects, BUILDERS, table, column, parent, ondelete)


@pytest.mark.parametrize(("table", "column", "is_array"), enum_columns(DOMAIN))
def test_enum_rejects_unknown_value(
    conn: Connection, rejects: Rejects, table: str, column: str, is_array: bool
) -> None:
    check_enum_rejects(conn, rejects, BUILDERS, table, column, is_array)


def test_declared_on_delete_rules() -> None:
    """Everything a user owns goes with the user; a moderator's deletion only clears the pointer."""
    rules = {(t, c): rule for t, c, _, _, rule in foreign_keys(DOMAIN)}
    assert rules.pop(("comments", "moderated_by")) == "SET NULL"
    assert set(rules.values()) == {"CASCADE"}


# --- domain behaviour ---------------------------------------------------------------------------------


def test_session_token_round_trip_and_expiry(conn: Connection) -> None:
    user = make_user(conn)
    live = build_session(conn, user_id=user, data=j({"csrf": "t0k3n", "county": "turkana"}))
    build_session(conn, user_id=user, expires_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    rows = conn.execute(
        text("SELECT id, data FROM sessions WHERE user_id = :u AND expires_at > now()"), {"u": user}
    ).all()
    assert rows == [(live, {"csrf": "t0k3n", "county": "turkana"})]


def test_comment_thread_round_trip(conn: Connection) -> None:
    bill, user = make_bill(conn), make_user(conn)
    top = build_comment(conn, bill_id=bill, user_id=user, position="support", sentiment_score=-1, user_county="vihiga")
    reply = build_comment(conn, bill_id=bill, user_id=make_user(conn), parent_comment_id=top, thread_depth=1)
    row = conn.execute(text("SELECT * FROM comments WHERE id = :i"), {"i": top}).mappings().one()
    assert row["position"] == "support" and str(row["sentiment_score"]) == "-1.00"
    assert row["moderation_status"] == "pending" and row["upvote_count"] == 0 and row["thread_depth"] == 0
    replies = conn.execute(text("SELECT id FROM comments WHERE parent_comment_id = :p"), {"p": top}).scalars().all()
    assert replies == [reply]


def test_deleting_a_comment_deletes_its_subtree_and_notifications(conn: Connection) -> None:
    top = build_comment(conn)
    reply = build_comment(conn, parent_comment_id=top, thread_depth=1)
    nested = build_comment(conn, parent_comment_id=reply, thread_depth=2)
    note = build_notification(conn, notification_type="comment_reply", related_comment_id=nested)
    conn.execute(text("DELETE FROM comments WHERE id = :i"), {"i": top})
    assert not any(row_exists(conn, "comments", i) for i in (top, reply, nested))
    assert not row_exists(conn, "notifications", note)


@pytest.mark.parametrize("position", ["agree", "SUPPORT", ""])
def test_comment_position_is_an_enum(conn: Connection, rejects: Rejects, position: str) -> None:
    rejects(lambda: build_comment(conn, position=position), sqlstate="22P02")


def test_one_vote_per_user_and_bill_or_comment(conn: Connection, rejects: Rejects) -> None:
    bill, comment = make_bill(conn), build_comment(conn)
    alice, bob = make_user(conn), make_user(conn)
    BUILDERS["bill_votes"](conn, bill_id=bill, user_id=alice, vote_type="for")
    BUILDERS["bill_votes"](conn, bill_id=bill, user_id=bob, vote_type="against", public_vote=False)
    build_comment_vote(conn, comment_id=comment, user_id=alice, vote_type="upvote")
    build_comment_vote(conn, comment_id=comment, user_id=bob, vote_type="downvote")
    rejects(lambda: BUILDERS["bill_votes"](conn, bill_id=bill, user_id=alice, vote_type="abstain"), sqlstate="23505")
    rejects(lambda: build_comment_vote(conn, comment_id=comment, user_id=bob), sqlstate="23505")
    counts = conn.execute(
        text("SELECT vote_type::text, count(*) FROM bill_votes WHERE bill_id = :b GROUP BY 1 ORDER BY 1"), {"b": bill}
    ).all()
    assert counts == [("against", 1), ("for", 1)]


def test_engagement_types_coexist_per_user_and_bill(conn: Connection) -> None:
    bill, user = make_bill(conn), make_user(conn)
    for kind in ("view", "share", "track"):
        BUILDERS["bill_engagement"](
            conn,
            bill_id=bill,
            user_id=user,
            engagement_type=kind,
            session_duration_seconds=30,
            engagement_value=j({"source": "sms"}),
        )
    rows = conn.execute(
        text("SELECT engagement_type::text, engagement_value FROM bill_engagement WHERE bill_id = :b ORDER BY 1"),
        {"b": bill},
    ).all()
    assert rows == [("share", {"source": "sms"}), ("track", {"source": "sms"}), ("view", {"source": "sms"})]


def test_alert_preferences_round_trip(conn: Connection) -> None:
    prefs = BUILDERS["alert_preferences"](
        conn, digest_frequency="weekly", county_alerts=["turkana", "mombasa"], accessibility_format="audio"
    )
    row = (
        conn.execute(
            text("SELECT *, county_alerts::text[] AS counties FROM alert_preferences WHERE id = :i"), {"i": prefs}
        )
        .mappings()
        .one()
    )
    assert row["quiet_hours"] == {"start": "22:00", "end": "08:00"}
    assert row["counties"] == ["turkana", "mombasa"] and row["digest_frequency"] == "weekly"


@pytest.mark.parametrize(
    ("contact_type", "value", "ok"),
    [
        ("email", "Amina@Example.ke", True),
        ("phone", "+254712345678", True),
        ("whatsapp", "+447911123456", True),
        ("email", "+254712345678", False),
        ("phone", "amina@example.ke", False),
        ("whatsapp", "0712345678", False),
    ],
)
def test_contact_value_matches_its_type(
    conn: Connection, rejects: Rejects, contact_type: str, value: str, ok: bool
) -> None:
    def add() -> uuid.UUID:
        return build_contact_method(conn, contact_type=contact_type, contact_value=value)

    if ok:
        assert add()
    else:
        assert "ck_user_contact_methods_contact_value_format" in rejects(add, sqlstate="23514")


def test_primary_contact_per_type_not_per_user(conn: Connection) -> None:
    user = make_user(conn)
    build_contact_method(conn, user_id=user, contact_type="email", contact_value="a@example.ke", is_primary=True)
    build_contact_method(conn, user_id=user, contact_type="phone", contact_value="+254700000001", is_primary=True)
    build_contact_method(conn, user_id=user, contact_type="phone", contact_value="+254700000002", is_primary=False)


def test_updated_at_trigger_bumps_on_update(conn: Connection) -> None:
    check_updated_at_trigger(conn, "comments", build_comment, "moderation_status = 'approved'")


def test_orm_comment_thread(session: Session) -> None:
    """Comment.bill, Comment.parent / Comment.replies through the ORM."""
    user = User(email="reader@example.ke", password_hash="x" * 60)
    bill = Bill(bill_number="NA 99/2025", title="The Housing Bill", chamber=Chamber.NATIONAL_ASSEMBLY)
    top = Comment(bill=bill, author=user, comment_text="Nakubali.", position=CommentPosition.SUPPORT)
    top.replies.append(Comment(bill=bill, author=user, comment_text="Kwa nini?", thread_depth=1))
    session.add(top)
    session.flush()
    session.expire_all()

    loaded = session.scalars(select(Comment).where(Comment.parent_comment_id.is_(None))).one()
    assert loaded.bill.bill_number == "NA 99/2025"
    assert loaded.moderation_status is ModerationStatus.PENDING
    assert [r.comment_text for r in loaded.replies] == ["Kwa nini?"]
    assert loaded.replies[0].parent is loaded and loaded.replies[0].author.email == "reader@example.ke"
