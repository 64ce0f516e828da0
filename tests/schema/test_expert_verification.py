"""expert_verification against real PostgreSQL: credentials, domains, credibility scores, reviews, peer
validations and expert activity.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from psycopg.types.json import Jsonb
from sqlalchemy import Connection, select, text
from sqlalchemy.orm import Session

from chanuka_db.schema.expert_verification import CredibilityScore, ExpertCredential, PeerValidation
from tests.schema.conftest import Rejects
from tests.schema.factories import insert, make_user

# ---------------------------------------------------------------------------------------------- factories


def make_credential(conn: Connection, user_id: uuid.UUID, **kw: Any) -> uuid.UUID:
    """An academic credential."""
    return insert(conn, "expert_credentials", **{"user_id": user_id, "credential_type": "academic", **kw})


def make_domain(conn: Connection, user_id: uuid.UUID, **kw: Any) -> uuid.UUID:
    """Expertise in public finance."""
    return insert(conn, "expert_domains", **{"user_id": user_id, "domain_category": "public_finance", **kw})


def make_score(conn: Connection, user_id: uuid.UUID, **kw: Any) -> uuid.UUID:
    """A credibility score in public finance."""
    return insert(conn, "credibility_scores", **{"user_id": user_id, "domain_category": "public_finance", **kw})


def make_review(conn: Connection, expert_id: uuid.UUID, **kw: Any) -> uuid.UUID:
    """A review of some bill."""
    values = {"expert_id": expert_id, "entity_type": "bill", "entity_id": uuid.uuid4(), **kw}
    return insert(conn, "expert_reviews", **values)


def make_validation(conn: Connection, validator_id: uuid.UUID, target_id: uuid.UUID, **kw: Any) -> uuid.UUID:
    """An endorsement in public finance."""
    values = {
        "validator_id": validator_id,
        "target_expert_id": target_id,
        "domain_category": "public_finance",
        "validation_type": "endorsement",
        **kw,
    }
    return insert(conn, "peer_validations", **values)


def make_activity(conn: Connection, expert_id: uuid.UUID, **kw: Any) -> uuid.UUID:
    """A review-published activity entry."""
    return insert(conn, "expert_activity", **{"expert_id": expert_id, "activity_type": "review_published", **kw})


def row(conn: Connection, table: str, row_id: uuid.UUID) -> Any:
    return conn.execute(text(f"SELECT * FROM {table} WHERE id = :id"), {"id": row_id}).mappings().one()


def count(conn: Connection, table: str, row_id: uuid.UUID) -> int:
    return int(conn.execute(text(f"SELECT count(*) FROM {table} WHERE id = :id"), {"id": row_id}).scalar_one())


# ---------------------------------------------------------------------------------------------- round trips


def test_credential_and_domain_round_trip(conn: Connection) -> None:
    expert, verifier = make_user(conn), make_user(conn)
    cred = make_credential(
        conn,
        expert,
        institution="University of Nairobi",
        verification_method="registry_lookup",
        verified_by=verifier,
        verified_at=dt.datetime(2025, 3, 1, tzinfo=dt.UTC),
        credential_data=Jsonb({"degree": "PhD Economics", "certificate_no": "UON-2011-0042"}),
    )
    c = row(conn, "expert_credentials", cred)
    assert c["credential_data"] == {"degree": "PhD Economics", "certificate_no": "UON-2011-0042"}
    assert c["verified_by"] == verifier
    assert c["created_at"] is not None and c["updated_at"] is not None

    dom = make_domain(conn, expert, expertise_level="advanced", years_experience=12, credential_ids=[cred])
    d = row(conn, "expert_domains", dom)
    assert d["credential_ids"] == [cred]
    assert d["peer_validations"] == 0 and d["community_validations"] == 0
    assert d["updated_at"] is not None


def test_score_review_validation_activity_round_trip(conn: Connection) -> None:
    expert, peer = make_user(conn), make_user(conn)
    score = make_score(
        conn,
        expert,
        expertise_bonus=Decimal("10.5"),
        peer_adjustment=Decimal("-3.25"),
        final_score=Decimal("57.25"),
        calculation_metadata=Jsonb({"model": "v2", "inputs": [1, 2]}),
    )
    s = row(conn, "credibility_scores", score)
    assert s["base_score"] == Decimal("50.00") and s["community_adjustment"] == Decimal("0.00")
    assert s["final_score"] == Decimal("57.25")
    assert s["calculation_metadata"] == {"model": "v2", "inputs": [1, 2]}
    assert s["last_calculated"] is not None

    review = make_review(conn, expert, confidence_level=Decimal("0.80"), review_metadata=Jsonb({"sections": [3, 4]}))
    r = row(conn, "expert_reviews", review)
    assert r["confidence_level"] == Decimal("0.80") and r["review_metadata"] == {"sections": [3, 4]}

    val = make_validation(conn, peer, expert, validation_score=Decimal("0.90"), validation_metadata=Jsonb({"k": 1}))
    v = row(conn, "peer_validations", val)
    assert (v["validator_id"], v["target_expert_id"]) == (peer, expert)
    assert v["validation_metadata"] == {"k": 1}

    act = make_activity(conn, expert, quality_metrics=Jsonb({"clarity": 4}), community_feedback=Jsonb({"likes": 9}))
    a = row(conn, "expert_activity", act)
    assert a["quality_metrics"] == {"clarity": 4} and a["community_feedback"] == {"likes": 9}


# ---------------------------------------------------------------------------------------------- rejections


def test_foreign_keys_reject_dangling_ids(conn: Connection, rejects: Rejects) -> None:
    user, ghost = make_user(conn), uuid.uuid4()
    cases: list[Callable[[], Any]] = [
        lambda: make_credential(conn, ghost),
        lambda: make_credential(conn, user, verified_by=ghost),
        lambda: make_domain(conn, ghost),
        lambda: make_score(conn, ghost),
        lambda: make_review(conn, ghost),
        lambda: make_validation(conn, user, ghost),
        lambda: make_validation(conn, ghost, user),
        lambda: make_activity(conn, ghost),
    ]
    for case in cases:
        rejects(case, sqlstate="23503")


def test_unique_constraints_reject_duplicates(conn: Connection, rejects: Rejects) -> None:
    expert, peer = make_user(conn), make_user(conn)
    make_domain(conn, expert)
    make_score(conn, expert)
    make_score(conn, expert, domain_category=None)  # the overall score
    make_validation(conn, peer, expert)
    make_validation(conn, peer, expert, domain_category=None)

    assert "uq_expert_domains_user_id_domain_category" in rejects(
        lambda: make_domain(conn, expert, expertise_level="expert"), sqlstate="23505"
    )
    msg = rejects(lambda: make_score(conn, expert), sqlstate="23505")
    assert "uq_credibility_scores_user_id_domain_category" in msg
    # NULLS NOT DISTINCT: a second overall (domain-less) score for the same user is a duplicate too.
    rejects(lambda: make_score(conn, expert, domain_category=None), sqlstate="23505")
    rejects(lambda: make_validation(conn, peer, expert), sqlstate="23505")
    rejects(lambda: make_validation(conn, peer, expert, domain_category=None), sqlstate="23505")
    # Other domains and the reverse direction are different rows.
    make_domain(conn, expert, domain_category="health")
    make_score(conn, expert, domain_category="health")
    make_validation(conn, expert, peer)


CHECKS: list[tuple[str, str, dict[str, Any]]] = [
    ("expert_credentials", "not_self_verified", {"verified_by": "OWNER"}),
    ("expert_domains", "years_experience_non_negative", {"years_experience": -1}),
    ("expert_domains", "validation_counts_non_negative", {"peer_validations": -1}),
    ("expert_domains", "validation_counts_non_negative", {"community_validations": -1}),
    ("credibility_scores", "base_score_range", {"base_score": Decimal("100.01")}),
    ("credibility_scores", "base_score_range", {"base_score": Decimal("-1")}),
    ("credibility_scores", "final_score_range", {"final_score": Decimal("120")}),
    ("credibility_scores", "historical_accuracy_range", {"historical_accuracy": Decimal("101")}),
    ("credibility_scores", "adjustments_range", {"expertise_bonus": Decimal("150")}),
    ("credibility_scores", "adjustments_range", {"peer_adjustment": Decimal("-100.5")}),
    ("expert_reviews", "confidence_level_range", {"confidence_level": Decimal("1.01")}),
    ("expert_reviews", "confidence_level_range", {"confidence_level": Decimal("-0.01")}),
    ("peer_validations", "not_self_validation", {"target_expert_id": "OWNER"}),
    ("peer_validations", "validation_score_non_negative", {"validation_score": Decimal("-0.5")}),
]


def _make(conn: Connection, table: str, owner: uuid.UUID, values: dict[str, Any]) -> uuid.UUID:
    resolved = {k: owner if v == "OWNER" else v for k, v in values.items()}
    if table == "expert_credentials":
        return make_credential(conn, owner, **resolved)
    if table == "expert_domains":
        return make_domain(conn, owner, **resolved)
    if table == "credibility_scores":
        return make_score(conn, owner, **resolved)
    if table == "expert_reviews":
        return make_review(conn, owner, **resolved)
    return make_validation(conn, owner, resolved.pop("target_expert_id", None) or make_user(conn), **resolved)


@pytest.mark.parametrize(("table", "check", "values"), CHECKS, ids=[f"{t}.{c}" for t, c, _ in CHECKS])
def test_check_constraints_reject(
    conn: Connection, rejects: Rejects, table: str, check: str, values: dict[str, Any]
) -> None:
    owner = make_user(conn)
    assert f"ck_{table}_{check}" in rejects(lambda: _make(conn, table, owner, values), sqlstate="23514")


def test_check_constraints_accept_boundaries(conn: Connection) -> None:
    expert = make_user(conn)
    make_score(
        conn,
        expert,
        base_score=0,
        final_score=100,
        historical_accuracy=100,
        expertise_bonus=100,
        community_adjustment=-100,
        peer_adjustment=0,
    )
    make_review(conn, expert, confidence_level=0)
    make_review(conn, expert, confidence_level=1)
    make_domain(conn, expert, years_experience=0)


@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("expert_domains", "peer_validations"),
        ("expert_domains", "community_validations"),
        ("credibility_scores", "base_score"),
        ("credibility_scores", "expertise_bonus"),
        ("credibility_scores", "community_adjustment"),
        ("credibility_scores", "peer_adjustment"),
    ],
)
def test_counters_and_score_parts_are_not_null(conn: Connection, rejects: Rejects, table: str, column: str) -> None:
    owner = make_user(conn)
    rejects(lambda: _make(conn, table, owner, {column: None}), sqlstate="23502")


# ---------------------------------------------------------------------------------------------- ON DELETE


def test_deleting_an_expert_cascades_and_a_verifier_is_cleared(conn: Connection) -> None:
    expert, peer, verifier = make_user(conn), make_user(conn), make_user(conn)
    owned = {
        "expert_credentials": make_credential(conn, expert),
        "expert_domains": make_domain(conn, expert),
        "credibility_scores": make_score(conn, expert),
        "expert_reviews": make_review(conn, expert),
        "expert_activity": make_activity(conn, expert),
    }
    given = make_validation(conn, expert, peer)
    received = make_validation(conn, peer, expert)
    peer_cred = make_credential(conn, peer, verified_by=verifier)
    verified_by_expert = make_credential(conn, peer, verified_by=expert, credential_type="professional")

    conn.execute(text("DELETE FROM users WHERE id IN (:e, :v)"), {"e": expert, "v": verifier})

    for table, row_id in owned.items():
        assert count(conn, table, row_id) == 0, table
    assert count(conn, "peer_validations", given) == 0
    assert count(conn, "peer_validations", received) == 0
    assert row(conn, "expert_credentials", peer_cred)["verified_by"] is None
    assert row(conn, "expert_credentials", verified_by_expert)["verified_by"] is None


# ---------------------------------------------------------------------------------------------- triggers, ORM


def test_updated_at_trigger_bumps_on_update(conn: Connection) -> None:
    past = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    dom = make_domain(conn, make_user(conn), created_at=past, updated_at=past)
    conn.execute(text("UPDATE expert_domains SET peer_validations = peer_validations + 1 WHERE id = :id"), {"id": dom})
    d = row(conn, "expert_domains", dom)
    assert d["peer_validations"] == 1 and d["updated_at"] > past and d["created_at"] == past


def test_orm_navigates_to_users(session: Session) -> None:
    conn = session.connection()
    expert, peer = make_user(conn), make_user(conn)
    session.add_all(
        [
            ExpertCredential(user_id=expert, credential_type="academic", verified_by=peer),
            CredibilityScore(user_id=expert, domain_category="health"),
            PeerValidation(validator_id=peer, target_expert_id=expert, domain_category="health"),
        ]
    )
    session.flush()
    session.expire_all()

    cred = session.scalars(select(ExpertCredential).where(ExpertCredential.user_id == expert)).one()
    assert cred.user.id == expert and cred.verifier is not None and cred.verifier.id == peer
    score = session.scalars(select(CredibilityScore).where(CredibilityScore.user_id == expert)).one()
    assert score.base_score == Decimal("50.00") and score.user.id == expert
    val = session.scalars(select(PeerValidation).where(PeerValidation.target_expert_id == expert)).one()
    assert (val.validator.id, val.target_expert.id) == (peer, expert)
