"""lint (squawk + chanuka-db's rules), the checksum file, and branch safety."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from chanuka_db import api
from chanuka_db.engine import Database
from chanuka_db.migrate import artefacts, checksums, lint
from chanuka_db.migrate.config import MigrationSource
from tests.migrate.conftest import SourceFactory, revision_text, run_cli

TABLE = """
op.create_table(
    "parents",
    sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("nick", sa.Text),
)
"""


def _rules(report: lint.LintReport, revision: str | None = None) -> set[str]:
    return {f.rule for f in report.errors if revision is None or f.revision == revision}


def test_real_revisions_pass_lint_quietly() -> None:
    report = api.lint()
    assert report.ok, "\n".join(f"{f.where()}: {f.rule}: {f.message}" for f in report.errors)
    # What `make lint` runs: the installed console script.
    script = Path(sys.executable).with_name("chanuka-db")
    result = subprocess.run([str(script), "lint", "--quiet"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and result.stderr == ""


def _lintable(db: Database, make_source: SourceFactory, files: dict[str, str]) -> MigrationSource:
    source = make_source(files)
    artefacts.write_snapshots(db, source)
    artefacts.write_checksums(source)
    return source


def test_each_rule_fires(chanuka_empty_db: Database, make_source: SourceFactory) -> None:
    files = {
        "0001_a.py": revision_text("0001_a", None, TABLE, 'op.drop_table("parents")'),
        # No docstring beyond the header, and an empty downgrade.
        "0002_b.py": revision_text(
            "0002_b", "0001_a", 'op.add_column("parents", sa.Column("age", sa.Integer))', "pass", doc=""
        ),
        # A drop without a marker, a probable rename, an index built while blocking writes.
        "0003_c.py": revision_text(
            "0003_c",
            "0002_b",
            'op.drop_column("parents", "nick")\nop.add_column("parents", sa.Column("nickname", sa.Text))\n'
            'op.create_index("ix_parents_name", "parents", ["name"])',
            'op.drop_index("ix_parents_name")\nop.drop_column("parents", "nickname")\n'
            'op.add_column("parents", sa.Column("nick", sa.Text))',
        ),
        # A foreign key without an index, a narrowing type change.
        "0004_d.py": revision_text(
            "0004_d",
            "0003_c",
            'op.create_table("children", sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),'
            ' sa.Column("parent_id", sa.BigInteger,'
            ' sa.ForeignKey("parents.id", name="fk_children_parent_id_parents")))\n'
            'op.alter_column("parents", "name", type_=sa.String(20), existing_type=sa.Text)',
            'op.alter_column("parents", "name", type_=sa.Text, existing_type=sa.String(20))\nop.drop_table("children")',
        ),
        # CONCURRENTLY inside a transaction.
        "0005_e.py": revision_text(
            "0005_e",
            "0004_d",
            'op.create_index("ix_parents_age", "parents", ["age"], postgresql_concurrently=True)',
            'op.drop_index("ix_parents_age")',
        ),
        # A non-transactional revision that is not idempotent.
        "0006_f.py": revision_text(
            "0006_f",
            "0005_e",
            'op.create_index("ix_parents_nickname", "parents", ["nickname"], postgresql_concurrently=True)',
            'op.drop_index("ix_parents_nickname", postgresql_concurrently=True, if_exists=True)',
            header="non_transactional = True",
        ),
    }
    # 0005 cannot run (CONCURRENTLY in a transaction): lint it from its SQL, with hand-made snapshots.
    source = make_source(files)
    (source.versions_dir / "0005_e.py").write_text(files["0005_e.py"].replace(", postgresql_concurrently=True", ""))
    artefacts.write_snapshots(chanuka_empty_db, source)
    (source.versions_dir / "0005_e.py").write_text(files["0005_e.py"])
    artefacts.write_checksums(source)
    report = api.lint(source=source)
    assert _rules(report, "0001_a") == set()
    assert _rules(report, "0002_b") == {"docstring", "downgrade"}
    assert _rules(report, "0003_c") == {
        "breaking-change",
        "probable-rename",
        "squawk:require-concurrent-index-creation",
        "squawk:ban-drop-column",
    }
    assert {"fk-index", "breaking-change", "squawk:changing-column-type"} <= _rules(report, "0004_d")
    assert "concurrently-in-transaction" in _rules(report, "0005_e")
    assert "non-transactional-idempotent" in _rules(report, "0006_f")
    assert not report.ok
    # Only one revision, when asked.
    assert api.lint("0002_b", source=source).revisions == ["0002_b"]


def test_markers_acknowledge_breaking_changes(chanuka_empty_db: Database, make_source: SourceFactory) -> None:
    files = {
        "0001_a.py": revision_text("0001_a", None, TABLE, 'op.drop_table("parents")'),
        "0002_b.py": revision_text(
            "0002_b",
            "0001_a",
            'op.drop_column("parents", "nick")\nop.add_column("parents", sa.Column("nickname", sa.Text))',
            'op.drop_column("parents", "nickname")\nop.add_column("parents", sa.Column("nick", sa.Text))',
            header="# breaking: nick was never read by any client\n# not-a-rename: nickname is a new, verified field",
        ),
    }
    source = _lintable(chanuka_empty_db, make_source, files)
    report = api.lint(source=source)
    assert report.ok, [f.message for f in report.errors]
    assert any(f.rule == "squawk:ban-drop-column" and f.severity == "warning" for f in report.findings)


def test_checksum_file_format_and_normalisation(tmp_path: object) -> None:
    assert checksums.text_sha256("a = 1  \r\nb = 2\r\n\r\n") == checksums.text_sha256("a = 1\nb = 2\n")
    assert checksums.text_sha256("a = 1\n") != checksums.text_sha256("a = 2\n")
    entries = [checksums.Entry("0001_a", "0001_a.py", "1" * 64), checksums.Entry("0002_b", "0002_b.py", "2" * 64)]
    text = checksums.render(entries)
    parsed = checksums.parse(text)
    assert parsed.entries == entries and parsed.total == checksums.total(entries) and not parsed.problems
    assert checksums.parse("garbage\n").problems


def test_real_checksum_file_matches() -> None:
    result = api.checksums()
    assert result.problems == [], result.problems


def test_checksums_and_heads_are_enforced(chanuka_empty_db: Database, make_source: SourceFactory) -> None:
    base = {"0001_a.py": revision_text("0001_a", None, TABLE, 'op.drop_table("parents")')}
    source = _lintable(chanuka_empty_db, make_source, base)
    assert api.checksums(source=source).problems == []
    # An edit without refreshing the checksum file fails check and lint.
    path = source.versions_dir / "0001_a.py"
    path.write_text(path.read_text() + "\n# tweak\n")
    assert any("does not match its checksum" in p for p in api.checksums(source=source).problems)
    assert "checksums" in _rules(api.lint(source=source))
    api.checksums(write=True, source=source)
    # Two branches that each add a revision after 0001: two heads.
    for name in ("0002_x", "0002_y"):
        (source.versions_dir / f"{name}.py").write_text(
            revision_text(
                name,
                "0001_a",
                f'op.execute("CREATE TABLE {name[5:]} (id int)")',
                f'op.execute("DROP TABLE {name[5:]}")',
            )
        )
    assert _rules(api.lint(source=source)) == {"single-head"}
    with pytest.raises(Exception, match="2 heads"):
        api.checksums(write=True, source=source)
    with pytest.raises(Exception, match="2 heads"):
        api.migrate(chanuka_empty_db, source=source)


def test_two_branches_adding_a_revision_conflict_in_git(tmp_path: object, make_source: SourceFactory) -> None:
    base = make_source({"0001_a.py": revision_text("0001_a", None, TABLE, 'op.drop_table("parents")')})
    artefacts.write_checksums(base)
    ancestor = base.checksums_file.read_text()
    versions: list[str] = []
    for name in ("0002_x", "0002_y"):
        (base.versions_dir / f"{name}.py").write_text(revision_text(name, "0001_a", "pass", "pass"))
        artefacts.write_checksums(base)
        versions.append(base.checksums_file.read_text())
        (base.versions_dir / f"{name}.py").unlink()
    folder = base.versions_dir.parent
    (folder / "ours").write_text(versions[0])
    (folder / "base").write_text(ancestor)
    (folder / "theirs").write_text(versions[1])
    merged = subprocess.run(
        ["git", "merge-file", "-p", str(folder / "ours"), str(folder / "base"), str(folder / "theirs")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert merged.returncode > 0, "both branches' checksum files merged silently"
    assert "<<<<<<<" in merged.stdout


def test_lint_cli_json(chanuka_db: Database) -> None:
    result = run_cli(chanuka_db, "lint", "--json")
    assert result.returncode == 0, result.stderr
    assert '"ok": true' in result.stdout and "require-lock-timeout" in result.stdout


def test_indexes_on_relations_created_in_the_same_revision_are_fine(
    chanuka_empty_db: Database, make_source: SourceFactory
) -> None:
    files = {
        "0001_a.py": revision_text(
            "0001_a",
            None,
            TABLE + 'op.execute("CREATE MATERIALIZED VIEW parent_names AS SELECT id, name FROM parents")\n'
            'op.execute("CREATE UNIQUE INDEX ux_parent_names_id ON parent_names (id)")',
            'op.execute("DROP MATERIALIZED VIEW parent_names")\nop.drop_table("parents")',
        ),
        "0002_b.py": revision_text(
            "0002_b",
            "0001_a",
            'op.execute("CREATE INDEX ix_parent_names_name ON parent_names (name)")',
            'op.execute("DROP INDEX ix_parent_names_name")',
        ),
    }
    source = _lintable(chanuka_empty_db, make_source, files)
    report = api.lint(source=source)
    assert _rules(report, "0001_a") == set()
    assert _rules(report, "0002_b") == {"squawk:require-concurrent-index-creation"}


def test_lint_citus_checks_the_models_against_the_sharding_plan(make_source: SourceFactory) -> None:
    from sqlalchemy import Column, Integer, MetaData, Table

    models = MetaData()
    Table("nobody_placed_this", models, Column("id", Integer, primary_key=True))
    source = make_source()
    source = MigrationSource(source.versions_dir, source.snapshots_dir, source.checksums_file, models)
    artefacts.write_checksums(source)
    assert "citus-unplaced" in _rules(api.lint(citus=True, source=source))
    assert api.lint(source=source).ok
