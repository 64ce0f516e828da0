"""Foundation domain against real PostgreSQL: users, profiles, sponsors, committees, bills, sessions.

Besides the hand-written cases, three families of tests are derived from the models so that a new
constraint cannot go untested: every foreign key rejects a dangling id and applies its declared
ON DELETE rule, every enum column rejects an unknown value, and the CHECK and UNIQUE cases below
must name every check and unique constraint the migrated database has for the domain's tables.
The generic helpers here (builders, the derived cases) are reused by the other core-domain tests.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import uuid
from collections.abc import Callable, Mapping
from typing import Any

import pytest
from sqlalchemy import ARRAY, Connection, Enum, select, text
from sqlalchemy.orm import Session

from chanuka_db.schema import metadata
from chanuka_db.schema.enums import BillStatus, Chamber, KenyanCounty, UserRole
from chanuka_db.schema.foundation import Bill, Committee, CommitteeMember, Sponsor, User, UserProfile
from tests.schema.conftest import Rejects, restrict_sqlstate
from tests.schema.factories import insert, make_bill, make_sponsor, make_user

DOMAIN = "foundation"
SERIAL = itertools.count(1)

Builder = Callable[..., Any]  # builder(conn, **overrides) -> id of the new row
Case = Callable[[Connection], Any]  # case(conn): runs a statement that must be rejected


# --- generic helpers, shared with the other core-domain test modules --------------------------------


def domain_tables(domain: str) -> list[str]:
    """Names of the tables the models tag with ``domain``."""
    return sorted(t.name for t in metadata.tables.values() if t.info.get("domain") == domain)


def foreign_keys(domain: str) -> list[tuple[str, str, str, str, str]]:
    """(table, column, constraint name, parent table, ON DELETE) for every FK of the domain's tables."""
    out = []
    for name in domain_tables(domain):
        for fk in metadata.tables[name].foreign_keys:
            assert fk.constraint is not None
            rule = fk.ondelete or "NO ACTION"
            out.append((name, fk.parent.name, str(fk.constraint.name), fk.column.table.name, rule))
    return sorted(out)


def enum_columns(domain: str) -> list[tuple[str, str, bool]]:
    """(table, column, is_array) for every enum-typed column of the domain's tables."""
    out = []
    for name in domain_tables(domain):
        for col in metadata.tables[name].c:
            if isinstance(col.type, Enum):
                out.append((name, col.name, False))
            elif isinstance(col.type, ARRAY) and isinstance(col.type.item_type, Enum):
                out.append((name, col.name, True))
    return sorted(out)


def db_constraints(conn: Connection, tables: list[str], contype: str) -> set[str]:
    """Names of the constraints of type ``contype`` ('c' check, 'u' unique) on ``tables`` in the database."""
    rows = conn.execute(
        text(
            "SELECT c.conname FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid "
            "WHERE t.relnamespace = current_schema()::regnamespace AND t.relname = ANY(:t) AND c.contype = :k"
        ),
        {"t": tables, "k": contype},
    ).scalars()
    return set(rows)


def db_unique_indexes(conn: Connection, tables: list[str]) -> set[str]:
    """Unique indexes on ``tables`` that are neither a primary key nor behind a unique constraint."""
    rows = conn.execute(
        text(
            "SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
            "JOIN pg_class t ON t.oid = x.indrelid "
            "WHERE t.relnamespace = current_schema()::regnamespace AND t.relname = ANY(:t) "
            "AND x.indisunique AND NOT x.indisprimary "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)"
        ),
        {"t": tables},
    ).scalars()
    return set(rows)


def row_exists(conn: Connection, table: str, row_id: Any) -> bool:
    return bool(conn.execute(text(f"SELECT count(*) FROM {table} WHERE id = :i"), {"i": row_id}).scalar_one() == 1)


def check_fk_rejects_dangling(
    conn: Connection, rejects: Rejects, builders: Mapping[str, Builder], table: str, column: str, name: str
) -> None:
    """Inserting a row of ``table`` whose ``column`` points nowhere fails on constraint ``name``."""
    message = rejects(lambda: builders[table](conn, **{column: uuid.uuid4()}), sqlstate="23503")
    assert name in message


def check_on_delete(
    conn: Connection,
    rejects: Rejects,
    builders: Mapping[str, Builder],
    table: str,
    column: str,
    parent: str,
    ondelete: str,
) -> None:
    """Deleting the parent row does what the model declares: CASCADE, SET NULL or refuse."""
    parent_id = builders[parent](conn)
    child_id = builders[table](conn, **{column: parent_id})
    delete = f"DELETE FROM {parent} WHERE id = :i"
    if ondelete in ("RESTRICT", "NO ACTION"):
        rejects(delete, {"i": parent_id}, sqlstate=restrict_sqlstate(conn) if ondelete == "RESTRICT" else "23503")
        assert row_exists(conn, table, child_id)
        return
    conn.execute(text(delete), {"i": parent_id})
    if ondelete == "CASCADE":
        assert not row_exists(conn, table, child_id)
    elif ondelete == "SET NULL":
        value = conn.execute(text(f"SELECT {column} FROM {table} WHERE id = :i"), {"i": child_id}).scalar_one()
        assert value is None
    else:  # pragma: no cover - a new ON DELETE rule needs a new branch here
        raise AssertionError(f"untested ON DELETE {ondelete}")


def check_enum_rejects(
    conn: Connection, rejects: Rejects, builders: Mapping[str, Builder], table: str, column: str, is_array: bool
) -> None:
    """An unknown label is rejected by the enum type itself (invalid_text_representation)."""
    bad: Any = ["zz_not_a_value"] if is_array else "zz_not_a_value"
    message = rejects(lambda: builders[table](conn, **{column: bad}), sqlstate="22P02")
    assert "zz_not_a_value" in message


def check_cases_cover(conn: Connection, domain: str, checks: Mapping[str, Case], uniques: Mapping[str, Case]) -> None:
    """The hand-written cases name every check and unique constraint (or unique index) of the domain."""
    tables = domain_tables(domain)
    assert db_constraints(conn, tables, "c") == set(checks)
    assert db_constraints(conn, tables, "u") | db_unique_indexes(conn, tables) == set(uniques)


def j(value: Any) -> str:
    """A JSON parameter for a jsonb column in raw SQL."""
    return json.dumps(value)


def check_updated_at_trigger(conn: Connection, table: str, builder: Builder, assignment: str) -> None:
    """The trigger sets ``updated_at`` to now() on every UPDATE, even when the client sets it itself."""
    old = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    row_id = builder(conn, updated_at=old)  # BEFORE UPDATE only: an INSERT keeps the given value
    query = text(f"SELECT updated_at, now() FROM {table} WHERE id = :i")
    assert conn.execute(query, {"i": row_id}).one()[0] == old
    conn.execute(text(f"UPDATE {table} SET {assignment} WHERE id = :i"), {"i": row_id})
    after, now = conn.execute(query, {"i": row_id}).one()
    assert after == now
    conn.execute(text(f"UPDATE {table} SET updated_at = :old WHERE id = :i"), {"i": row_id, "old": old})
    after, now = conn.execute(query, {"i": row_id}).one()
    assert after == now


# --- builders: one minimal valid row per table; keyword arguments override columns ------------------


def build_user(conn: Connection, **kw: Any) -> uuid.UUID:
    return make_user(conn, **kw)


def build_user_profile(conn: Connection, **kw: Any) -> uuid.UUID:
    kw.setdefault("user_id", make_user(conn))
    return insert(conn, "user_profiles", **kw)


def build_sponsor(conn: Connection, **kw: Any) -> uuid.UUID:
    return make_sponsor(conn, **kw)


def build_committee(conn: Connection, **kw: Any) -> uuid.UUID:
    return insert(conn, "committees", **{"name": f"Committee {next(SERIAL)}", "chamber": "national_assembly", **kw})


def build_committee_member(conn: Connection, **kw: Any) -> uuid.UUID:
    kw.setdefault("committee_id", build_committee(conn))
    kw.setdefault("sponsor_id", make_sponsor(conn))
    return insert(conn, "committee_members", **kw)


def build_bill(conn: Connection, **kw: Any) -> uuid.UUID:
    return make_bill(conn, **kw)


def build_parliamentary_session(conn: Connection, **kw: Any) -> uuid.UUID:
    values = {
        "parliament_number": 13,
        "session_number": next(SERIAL),
        "start_date": dt.date(2022, 9, 8),
        "chamber": "national_assembly",
        **kw,
    }
    return insert(conn, "parliamentary_sessions", **values)


def build_parliamentary_sitting(conn: Connection, **kw: Any) -> uuid.UUID:
    kw.setdefault("session_id", build_parliamentary_session(conn))
    kw.setdefault("sitting_date", dt.date(2023, 1, 1) + dt.timedelta(days=next(SERIAL)))
    return insert(conn, "parliamentary_sittings", **kw)


BUILDERS: dict[str, Builder] = {
    "users": build_user,
    "user_profiles": build_user_profile,
    "sponsors": build_sponsor,
    "committees": build_committee,
    "committee_members": build_committee_member,
    "bills": build_bill,
    "parliamentary_sessions": build_parliamentary_session,
    "parliamentary_sittings": build_parliamentary_sitting,
}


# --- check and unique cases: each must be rejected by the named constraint ---------------------------


def _same_sponsor_leads(conn: Connection) -> None:
    s = build_sponsor(conn)
    build_committee(conn, chair_id=s, vice_chair_id=s)


CHECKS: dict[str, Case] = {
    "ck_users_email_format": lambda c: build_user(c, email="not-an-email"),
    "ck_users_email_length": lambda c: build_user(c, email="a" * 320 + "@x.ke"),
    "ck_user_profiles_phone_number_e164": lambda c: build_user_profile(c, phone_number="0712345678"),
    "ck_user_profiles_emergency_contact_phone_e164": lambda c: build_user_profile(c, emergency_contact_phone="+0712"),
    "ck_user_profiles_national_id_hash_sha256": lambda c: build_user_profile(c, national_id_hash="12345678"),
    "ck_user_profiles_phone_verified_has_number": lambda c: build_user_profile(c, phone_verified=True),
    "ck_sponsors_attendance_rate": lambda c: build_sponsor(c, attendance_rate=100.01),
    "ck_sponsors_term_date": lambda c: build_sponsor(c, term_start=dt.date(2022, 9, 8), term_end=dt.date(2022, 9, 7)),
    "ck_sponsors_email_format": lambda c: build_sponsor(c, email="mp at parliament.go.ke"),
    "ck_sponsors_phone_e164": lambda c: build_sponsor(c, phone="+254 712 345 678"),
    "ck_committees_leadership": _same_sponsor_leads,
    "ck_committees_members_count": lambda c: build_committee(c, members_count=-1),
    "ck_committees_contact_email_format": lambda c: build_committee(c, contact_email="@parliament"),
    "ck_committee_members_date_range": lambda c: build_committee_member(
        c, start_date=dt.date(2024, 1, 2), end_date=dt.date(2024, 1, 1)
    ),
    "ck_bills_engagement_counts": lambda c: build_bill(c, share_count=-1),
    "ck_bills_date_logic": lambda c: build_bill(
        c, introduced_date=dt.date(2025, 3, 1), last_action_date=dt.date(2025, 2, 28)
    ),
    "ck_bills_engagement_score": lambda c: build_bill(c, engagement_score=-0.01),
    "ck_parliamentary_sessions_date_range": lambda c: build_parliamentary_session(
        c, start_date=dt.date(2023, 1, 2), end_date=dt.date(2023, 1, 1)
    ),
    "ck_parliamentary_sessions_session_number": lambda c: build_parliamentary_session(c, session_number=0),
    "ck_parliamentary_sittings_attendance_count": lambda c: build_parliamentary_sitting(c, attendance_count=-1),
    "ck_parliamentary_sittings_sitting_number": lambda c: build_parliamentary_sitting(c, sitting_number=0),
}


def _twice(builder: Builder, **values: Any) -> Case:
    """A case that inserts the same values twice (the second insert must fail)."""

    def run(conn: Connection) -> None:
        builder(conn, **values)
        builder(conn, **values)

    return run


def _dup_email(conn: Connection) -> None:
    build_user(conn, email="A@x.ke")
    build_user(conn, email="a@x.ke")  # citext: same address, other case


def _dup_profile(conn: Connection) -> None:
    user = build_user(conn)
    build_user_profile(conn, user_id=user)
    build_user_profile(conn, user_id=user)


def _dup_membership(conn: Connection) -> None:
    committee, sponsor = build_committee(conn), build_sponsor(conn)
    build_committee_member(conn, committee_id=committee, sponsor_id=sponsor, role="chair")
    build_committee_member(conn, committee_id=committee, sponsor_id=sponsor, role="member")


def _dup_sitting(conn: Connection) -> None:
    session = build_parliamentary_session(conn)
    build_parliamentary_sitting(conn, session_id=session, sitting_date=dt.date(2024, 2, 13))
    build_parliamentary_sitting(conn, session_id=session, sitting_date=dt.date(2024, 2, 13))


UNIQUES: dict[str, Case] = {
    "uq_users_email": _dup_email,
    "uq_user_profiles_user_id": _dup_profile,
    "ix_user_profiles_anonymous_id": lambda c: [build_user_profile(c, anonymous_id="Citizen_A1B2C3") for _ in "ab"],
    "uq_sponsors_mp_number": _twice(build_sponsor, mp_number="MP-0042"),
    "uq_committee_members_committee_id_sponsor_id": _dup_membership,
    "uq_bills_bill_number": _twice(build_bill, bill_number="NA 42/2025"),
    "uq_parliamentary_sessions_number_chamber": _twice(build_parliamentary_session, session_number=1),
    "uq_parliamentary_sittings_session_id_sitting_date": _dup_sitting,
}


# --- the derived and listed constraint tests ---------------------------------------------------------


def test_cases_cover_every_check_and_unique(conn: Connection) -> None:
    check_cases_cover(conn, DOMAIN, CHECKS, UNIQUES)
    assert set(BUILDERS) == set(domain_tables(DOMAIN))


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
    """The deliberate choices, spelled out (the derived test above checks that the database applies them)."""
    rules = {(t, c): rule for t, c, _, _, rule in foreign_keys(DOMAIN)}
    assert rules == {
        ("user_profiles", "user_id"): "CASCADE",
        ("committees", "chair_id"): "SET NULL",
        ("committees", "vice_chair_id"): "SET NULL",
        ("committee_members", "committee_id"): "CASCADE",
        ("committee_members", "sponsor_id"): "CASCADE",
        ("bills", "sponsor_id"): "SET NULL",
        ("parliamentary_sittings", "session_id"): "CASCADE",
    }


# --- domain behaviour ---------------------------------------------------------------------------------


def test_kenyan_county_has_all_47_counties(conn: Connection) -> None:
    labels = conn.execute(text("SELECT enum_range(NULL::kenyan_county)::text[]")).scalar_one()
    assert len(labels) == 47 == len(KenyanCounty)
    assert labels == sorted(labels) == [c.value for c in KenyanCounty]
    # 'turkana' is one of the 14 counties the old enum lacked
    user = build_user(conn, county="turkana")
    assert conn.execute(text("SELECT county::text FROM users WHERE id = :i"), {"i": user}).scalar_one() == "turkana"


def test_user_round_trip_and_defaults(conn: Connection) -> None:
    user = build_user(conn, email="Wanjiru.Kamau@Example.KE", county="nyeri")
    row = conn.execute(text("SELECT * FROM users WHERE id = :i"), {"i": user}).mappings().one()
    assert row["email"] == "Wanjiru.Kamau@Example.KE"  # citext keeps the case it was given
    assert row["role"] == "citizen" and row["county"] == "nyeri"
    assert row["is_verified"] is False and row["is_active"] is True
    assert row["created_at"] is not None and row["updated_at"] is not None
    assert row["created_at"].tzinfo is not None
    # lookups ignore case
    found = conn.execute(text("SELECT id FROM users WHERE email = 'wanjiru.kamau@example.ke'")).scalar_one()
    assert found == user


@pytest.mark.parametrize("phone", ["0712345678", "+254-712-345678", "+0712345678", "+2547", "254712345678"])
def test_profile_phone_must_be_e164(conn: Connection, rejects: Rejects, phone: str) -> None:
    message = rejects(lambda: build_user_profile(conn, phone_number=phone), sqlstate="23514")
    assert "ck_user_profiles_phone_number_e164" in message


def test_profile_round_trip(conn: Connection) -> None:
    sha = "a" * 64
    profile = build_user_profile(
        conn,
        first_name="Achieng",
        county="kisumu",
        ward="Milimani",
        national_id_hash=sha,
        is_id_verified=True,
        phone_number="+254712345678",
        phone_verified=True,
        accessibility_needs=j({"screen_reader": True, "font_scale": 1.5}),
        preferences=j({"topics": ["health", "finance"]}),
        anonymity_level="pseudonymous",
        pseudonym="Mwananchi",
    )
    row = conn.execute(text("SELECT * FROM user_profiles WHERE id = :i"), {"i": profile}).mappings().one()
    assert row["accessibility_needs"] == {"screen_reader": True, "font_scale": 1.5}
    assert row["preferences"] == {"topics": ["health", "finance"]}
    assert row["privacy_settings"] == {}
    assert row["anonymity_level"] == "pseudonymous" and row["county"] == "kisumu"
    assert row["preferred_language"] == "en" and row["timezone"] == "Africa/Nairobi"
    assert row["phone_number"] == "+254712345678" and row["national_id_hash"] == sha


def test_sponsor_round_trip_and_attendance_bounds(conn: Connection, rejects: Rejects) -> None:
    sponsor = build_sponsor(
        conn,
        party="independent",
        county="wajir",
        attendance_rate=100,
        term_start=dt.date(2022, 9, 8),
        term_end=dt.date(2027, 8, 9),
        social_media=j({"x": "@mp"}),
        email="Mp@Parliament.go.ke",
        phone="+254202221291",
    )
    row = conn.execute(text("SELECT * FROM sponsors WHERE id = :i"), {"i": sponsor}).mappings().one()
    assert row["is_active"] is True and row["social_media"] == {"x": "@mp"} and row["county"] == "wajir"
    assert build_sponsor(conn, attendance_rate=0)
    assert "ck_sponsors_attendance_rate" in rejects(lambda: build_sponsor(conn, attendance_rate=-1), sqlstate="23514")


def test_sponsors_without_mp_number_coexist(conn: Connection) -> None:
    """The old NULLS NOT DISTINCT allowed only one sponsor without a number; any number may lack one now."""
    build_sponsor(conn)
    build_sponsor(conn)
    assert conn.execute(text("SELECT count(*) FROM sponsors WHERE mp_number IS NULL")).scalar_one() == 2


def test_committee_without_chair_and_with_distinct_leaders(conn: Connection) -> None:
    build_committee(conn, members_count=0)
    committee = build_committee(conn, chair_id=build_sponsor(conn), vice_chair_id=build_sponsor(conn), members_count=29)
    assert row_exists(conn, "committees", committee)


@pytest.mark.parametrize(
    "counter", ["view_count", "comment_count", "share_count", "vote_count_for", "vote_count_against"]
)
def test_bill_counters_are_non_negative(conn: Connection, rejects: Rejects, counter: str) -> None:
    assert "ck_bills_engagement_counts" in rejects(lambda: build_bill(conn, **{counter: -1}), sqlstate="23514")


def test_bill_round_trip(conn: Connection) -> None:
    bill = build_bill(
        conn,
        status="second_reading",
        affected_counties=["turkana", "nairobi", "west_pokot"],
        tags=["finance", "tax"],
        impact_areas=["health"],
        external_urls=j(["http://kenyalaw.org/bill.pdf"]),
        metadata=j({"gazette": {"no": 42}}),
        vote_count_for=3,
        engagement_score=7.5,
    )
    row = (
        conn.execute(text("SELECT *, affected_counties::text[] AS counties FROM bills WHERE id = :i"), {"i": bill})
        .mappings()
        .one()
    )
    assert row["counties"] == ["turkana", "nairobi", "west_pokot"]  # order kept
    assert row["tags"] == ["finance", "tax"] and row["impact_areas"] == ["health"]
    assert row["external_urls"] == ["http://kenyalaw.org/bill.pdf"] and row["metadata"] == {"gazette": {"no": 42}}
    assert str(row["engagement_score"]) == "7.50"
    assert row["constitutional_analysis_status"] == "pending"
    contained = conn.execute(
        text("SELECT count(*) FROM bills WHERE affected_counties @> ARRAY['turkana']::kenyan_county[]")
    ).scalar_one()
    assert contained == 1


def test_updated_at_trigger_bumps_on_update(conn: Connection) -> None:
    check_updated_at_trigger(conn, "bills", build_bill, "title = 'The Finance Bill, 2025'")


def test_orm_relationships(session: Session) -> None:
    """Bill.sponsor / Sponsor.bills, User.profile, Committee.members work through the ORM."""
    sponsor = Sponsor(name="Hon. Amina Mohamed", chamber=Chamber.SENATE, county=KenyanCounty.TURKANA)
    bill = Bill(
        bill_number="Senate 7/2025", title="The County Allocation Bill", chamber=Chamber.SENATE, sponsor=sponsor
    )
    user = User(email="Citizen@Example.ke", password_hash="x" * 60)
    user.profile = UserProfile(first_name="Otieno", county=KenyanCounty.SIAYA)
    committee = Committee(name="Budget Committee", chamber=Chamber.SENATE)
    committee.members.append(CommitteeMember(sponsor=sponsor, role="chair"))
    session.add_all([bill, user, committee])
    session.flush()
    session.expire_all()

    loaded = session.scalars(select(Bill).where(Bill.bill_number == "Senate 7/2025")).one()
    assert loaded.status is BillStatus.DRAFTED  # server default, read back as the enum
    assert loaded.sponsor is not None and loaded.sponsor.name == "Hon. Amina Mohamed"
    assert [b.bill_number for b in loaded.sponsor.bills] == ["Senate 7/2025"]
    citizen = session.scalars(select(User).where(User.email == "citizen@example.ke")).one()
    assert citizen.role is UserRole.CITIZEN
    assert citizen.profile is not None and citizen.profile.county is KenyanCounty.SIAYA
    assert citizen.profile.user is citizen
    members = session.scalars(select(Committee).where(Committee.name == "Budget Committee")).one().members
    assert [(m.role, m.sponsor.name) for m in members] == [("chair", "Hon. Amina Mohamed")]
