"""generate (renames, enum values, USING casts), check (drift) and stamp, on a throw-away migrations folder."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from sqlalchemy import Column, Enum, ForeignKey, Identity, Index, Integer, MetaData, String, Table, text

from chanuka_db import api
from chanuka_db.engine import Database
from chanuka_db.errors import DriftError, InvalidInput, MigrationError
from chanuka_db.migrate import journal, plan
from chanuka_db.migrate.config import MigrationSource, script_directory
from chanuka_db.schema.base import NAMING_CONVENTION
from tests.migrate.conftest import SourceFactory, run_cli


def models(
    *,
    email: str = "email",
    statuses: tuple[str, ...] = ("active", "inactive"),
    age_type: Integer | String | None = None,
    teams: str = "teams",
) -> MetaData:
    """The test schema, in the variant a step of the story needs."""
    md = MetaData(naming_convention=NAMING_CONVENTION)
    Table(teams, md, Column("id", Integer, Identity(), primary_key=True), Column("name", String(50), nullable=False))
    Table(
        "members",
        md,
        Column("id", Integer, Identity(), primary_key=True),
        Column("name", String(50), nullable=False),
        Column(email, String(100)),
        Column("age", age_type if age_type is not None else String(10)),
        Column("status", Enum(*statuses, name="member_status"), nullable=False),
        Column("team_id", Integer, ForeignKey(f"{teams}.id"), index=True),
        Index(None, email),
    )
    return md


Step = Callable[..., api.generate_mod.GenerateResult]


def _generate(db: Database, source: MigrationSource, md: MetaData, message: str, **renames: list[str]) -> str:
    result = api.generate(
        message,
        db=db,
        source=MigrationSource(source.versions_dir, source.snapshots_dir, source.checksums_file, md),
        renames=renames.get("columns", []),
        table_renames=renames.get("tables", []),
    )
    assert result.revision is not None and result.path is not None
    assert result.snapshot is not None
    return open(result.path, encoding="utf-8").read()


def _acknowledge(source: MigrationSource, reason: str) -> None:
    """What a developer does after reviewing a breaking revision: say why, then refresh the checksums."""
    newest = sorted(source.versions_dir.glob("*.py"))[-1]
    newest.write_text(newest.read_text(encoding="utf-8") + f"\n# breaking: {reason}\n", encoding="utf-8")
    api.checksums(write=True, source=source)


def _with(source: MigrationSource, md: MetaData) -> MigrationSource:
    return MigrationSource(source.versions_dir, source.snapshots_dir, source.checksums_file, md)


def test_generate_renames_enums_and_casts_keep_the_data(chanuka_empty_db: Database, make_source: SourceFactory) -> None:
    db = chanuka_empty_db
    source = make_source()
    v1 = models()
    first = _generate(db, source, v1, "members and teams")
    assert "op.create_table('teams'" in first and "sa.Enum('active', 'inactive', name='member_status')" in first
    assert plan.ordered(script_directory(source))[0].revision.startswith("0001_members_and_teams")
    assert api.generate("nothing new", db=db, source=_with(source, v1)).revision is None
    api.migrate(db, source=source)
    with db.connect() as conn:
        conn.execute(text("INSERT INTO teams (name) VALUES ('red')"))
        conn.execute(
            text(
                "INSERT INTO members (name, email, age, status, team_id) "
                "VALUES ('Wanjiru', 'w@example.com', '42', 'active', 1)"
            )
        )
        conn.commit()

    # A column rename: without --rename it is a drop + add; with it, a rename that keeps the data.
    v2 = models(email="contact_email")
    renamed = _generate(db, source, v2, "rename email", columns=["members.email=contact_email"])
    assert "new_column_name='contact_email'" in renamed
    assert "drop_column" not in renamed and "add_column" not in renamed
    assert "ALTER INDEX ix_members_email RENAME TO ix_members_contact_email" in renamed
    _acknowledge(source, "clients read contact_email from release 2.3 on")

    # An enum value in the middle: ALTER TYPE ... ADD VALUE in the right place.
    v3 = models(email="contact_email", statuses=("active", "suspended", "inactive"))
    enum_rev = _generate(db, source, v3, "suspended members")
    assert "ADD VALUE IF NOT EXISTS 'suspended' AFTER 'active'" in enum_rev
    assert "autocommit_block" in enum_rev
    api.migrate(db, source=source)
    with db.connect() as conn:
        in_between = conn.execute(
            text(
                "SELECT array_agg(enumlabel::text ORDER BY enumsortorder) FROM pg_enum "
                "WHERE enumtypid = 'member_status'::regtype"
            )
        ).scalar()
    assert in_between == ["active", "suspended", "inactive"]

    # A type change gets an explicit USING cast.
    v4 = models(email="contact_email", statuses=("active", "suspended", "inactive"), age_type=Integer())
    cast = _generate(db, source, v4, "age as a number")
    assert "postgresql_using='age::INTEGER'" in cast
    assert "member_status" not in cast  # the enum is already in order: nothing to repair
    _acknowledge(source, "age was always numeric text; clients send integers")

    # A table rename: rename_table plus the renamed key, index and foreign-key names.
    v5 = models(email="contact_email", statuses=("active", "suspended", "inactive"), age_type=Integer(), teams="squads")
    table_rev = _generate(db, source, v5, "teams are squads", tables=["teams=squads"])
    assert "op.rename_table('teams', 'squads')" in table_rev
    assert "drop_table" not in table_rev and "create_table" not in table_rev
    assert "pk_squads" in table_rev and "fk_members_team_id_squads" in table_rev
    _acknowledge(source, "the teams API is retired")

    # Removing an enum value swaps the type (with a cast); lint wants it acknowledged.
    v6 = models(email="contact_email", statuses=("active", "inactive"), age_type=Integer(), teams="squads")
    removal = _generate(db, source, v6, "no more suspensions")
    assert "sync_enum_values" in removal and "new_values=['active', 'inactive']" in removal
    assert any(
        f.rule == "breaking-change" and "loses value(s) suspended" in f.message for f in api.lint(source=source).errors
    )
    _acknowledge(source, "nobody was ever suspended")

    result = api.migrate(db, source=source)
    assert result.current == result.head and len(result.applied) == 3
    with db.connect() as conn:
        row = conn.execute(text("SELECT name, contact_email, age, status::text FROM members")).one()
        labels = conn.execute(
            text(
                "SELECT array_agg(enumlabel::text ORDER BY enumsortorder) FROM pg_enum "
                "WHERE enumtypid = 'member_status'::regtype"
            )
        ).scalar()
        squad = conn.execute(text("SELECT name FROM squads")).scalar()
    assert tuple(row) == ("Wanjiru", "w@example.com", 42, "active")
    assert labels == ["active", "inactive"]
    assert squad == "red"

    # Everything agrees: models, migrations, snapshots, checksums, live database.
    report = api.check(db, source=_with(source, v6))
    assert report.ok, report.lines()
    linted = api.lint(source=source)
    assert linted.ok, "\n".join(f"{f.where()} {f.rule} {f.message}" for f in linted.errors)

    # Every generated revision round-trips.
    api.rollback(db, to="base", source=source)
    assert api.migrate(db, source=source).current == result.head


def test_check_reports_drift_in_every_section(chanuka_empty_db: Database, make_source: SourceFactory) -> None:
    db = chanuka_empty_db
    source = make_source()
    _generate(db, source, models(), "start")
    api.migrate(db, source=source)
    assert api.check(db, source=_with(source, models())).ok
    # Models ahead of the migrations, a hand-made change in the live database, a stale checksum file.
    with db.connect() as conn:
        conn.execute(text("ALTER TABLE members ADD COLUMN nickname text"))
        conn.commit()
    revision_file = next(source.versions_dir.glob("*.py"))
    revision_file.write_text(revision_file.read_text() + "\n# an edit\n")
    report = api.check(db, source=_with(source, models(email="mail")))
    assert not report.ok
    assert any("autogenerate would emit" in p for p in report.problems["models"])
    assert any("nickname" in p for p in report.problems["live"])
    assert any("does not match its checksum" in p for p in report.problems["checksums"])
    result = run_cli(db, "check", "--json")  # the package's own migrations, against this database
    assert result.returncode == 1
    assert json.loads(result.stdout)["ok"] is False


def test_stamp_requires_the_schema_to_match(chanuka_empty_db: Database, make_source: SourceFactory) -> None:
    db = chanuka_empty_db
    source = make_source()
    _generate(db, source, models(), "start")
    _generate(db, source, models(email="mail"), "second", columns=["members.email=mail"])
    first, second = [r.revision for r in plan.ordered(script_directory(source))]
    api.migrate(db, to=first, source=source)
    # Pretend the schema was built by hand: no version table, no journal.
    with db.connect() as conn:
        conn.execute(text(f"DROP TABLE alembic_version, {journal.TABLE}"))
        conn.commit()
    with pytest.raises(DriftError, match=f"refusing to stamp {second}"):
        api.stamp(second, db, source=source)
    stamped = api.stamp(first, db, source=source)
    assert stamped.current == first and stamped.journaled == [first]
    assert api.verify(db, source=source).ok
    assert api.migrate(db, source=source).current == second


def test_generate_refuses_what_it_cannot_do(chanuka_empty_db: Database, make_source: SourceFactory) -> None:
    db = chanuka_empty_db
    source = make_source()
    _generate(db, source, models(), "start")
    with pytest.raises(InvalidInput, match=r"table\.old_column=new_column"):
        api.generate("x", renames=["nodot=new"], db=db, source=_with(source, models()))
    with pytest.raises(MigrationError, match=r"did not drop members\.nothing"):
        api.generate("x", renames=["members.nothing=else"], db=db, source=_with(source, models(email="mail")))
    assert len(list(source.versions_dir.glob("*.py"))) == 1  # nothing half-written
    with pytest.raises(MigrationError, match="message"):
        api.generate("  ", db=db, source=_with(source, models()))


def test_objects_of_hand_written_revisions_can_be_left_out_of_the_models(
    chanuka_empty_db: Database, make_source: SourceFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chanuka_db.migrate import autogen
    from tests.migrate.conftest import revision_text

    db = chanuka_empty_db
    source = make_source()
    _generate(db, source, models(), "start")
    first = plan.ordered(script_directory(source))[0].revision
    (source.versions_dir / "0002_vector.py").write_text(
        revision_text(
            "0002_vector",
            first,
            'op.execute("ALTER TABLE members ADD COLUMN search_vector tsvector")\n'
            'op.execute("CREATE INDEX ix_members_search_vector ON members USING gin (search_vector)")',
            'op.execute("DROP INDEX ix_members_search_vector")\n'
            'op.execute("ALTER TABLE members DROP COLUMN search_vector")',
        )
    )
    api.snapshot(db, write_all=True, source=source)
    api.checksums(write=True, source=source)
    api.migrate(db, source=source)
    report = api.check(db, source=_with(source, models()))
    assert any("search_vector" in p for p in report.problems["models"]), report.lines()
    monkeypatch.setattr(autogen, "NOT_IN_MODELS", set())
    autogen.not_in_models("members", "search_vector", "ix_members_search_vector")
    assert api.check(db, source=_with(source, models())).ok
