"""Runtime validation and type export: pydantic models per table, JSON Schema, TypeScript that compiles."""

from __future__ import annotations

import datetime as dt
import decimal
import fcntl
import json
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from pydantic_core import to_jsonable_python

from chanuka_db.engine import Database
from chanuka_db.ingest import copy as copy_loader
from chanuka_db.ingest.demo import DemoGenerator, DemoSizes
from chanuka_db.ingest.validate import RowError
from chanuka_db.ops import types
from chanuka_db.ops.types import InvalidRow
from chanuka_db.schema import metadata

ROOT = Path(__file__).resolve().parents[2]
SIZES = DemoSizes(bills=12, users=20, comments=40, seed=5, as_of=dt.date(2026, 6, 30))


@pytest.fixture(scope="module")
def demo_rows() -> dict[str, list[dict[str, Any]]]:
    gen = DemoGenerator(SIZES)
    return {table: list(gen.rows(table, make)) for table, make, _ in gen.tables()}


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return types.export_jsonschema()


def _validator(schema: dict[str, Any], definition: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator({"$ref": f"#/$defs/{definition}", "$defs": schema["$defs"]})


def _user(**overrides: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"email": "wanjiku@example.co.ke", "password_hash": "x" * 60}
    row.update(overrides)
    return row


def test_every_table_has_insert_and_row_models() -> None:
    built = types.models()
    assert set(built) == set(metadata.tables)
    users = built["users"]
    assert users.insert.__name__ == "UsersInsert" and users.row.__name__ == "UsersRow"
    assert set(users.row.model_fields) == set(metadata.tables["users"].c.keys())
    generated = [c.key for t in metadata.tables.values() for c in t.columns if c.computed is not None]
    provisions = built["constitutional_provisions"]
    assert generated and all(name not in provisions.insert.model_fields for name in generated)


def test_demo_rows_pass_the_models_and_the_json_schema(
    demo_rows: dict[str, list[dict[str, Any]]], schema: dict[str, Any]
) -> None:
    checked = 0
    for table, rows in demo_rows.items():
        validator = _validator(schema, f"{types.pascal(table)}Insert")
        for row in rows:
            types.validate_row(table, row)
            errors = sorted(validator.iter_errors(to_jsonable_python(row)), key=str)
            assert not errors, f"{table}: {errors[0].message}"
            checked += 1
    assert checked > 500 and len(demo_rows) >= 10


def test_bad_rows_are_rejected_by_the_models() -> None:
    types.validate_row("users", _user())
    cases = {
        "email": _user(email="not-an-email"),
        "role": _user(role="president"),
        "password_hash": _user(password_hash="x" * 256),
        "is_verified": _user(is_verified=None),
        "surprise": _user(surprise=1),
        "verification_expires_at": _user(verification_expires_at=dt.datetime(2026, 1, 1)),  # naive
    }
    for column, row in cases.items():
        with pytest.raises(InvalidRow) as info:
            types.validate_row("users", row)
        assert info.value.column == column and info.value.message.startswith(f"users.{column}: ")
    with pytest.raises(InvalidRow, match=r"users\.password_hash: Field required"):
        types.validate_row("users", {"email": "a@b.co"})
    with pytest.raises(InvalidRow) as check:  # CHECK (impact_score BETWEEN 1 AND 10)
        types.validate_row("action_items", {"impact_score": 11})
    assert [e["msg"] for e in check.value.errors if e["loc"] == ("impact_score",)] == [
        "Input should be less than or equal to 10"
    ]


def test_numeric_follows_postgresql(demo_rows: dict[str, list[dict[str, Any]]]) -> None:
    sponsor = {k: v for k, v in demo_rows["sponsors"][0].items() if k != "is_active"}
    field = "attendance_rate"  # numeric(5, 2)
    assert field in types.insert_model("sponsors").model_fields
    ok = types.validate_row("sponsors", sponsor | {field: "99.994"})
    assert getattr(ok, field) == decimal.Decimal("99.99")  # rounded to the scale, as PostgreSQL does
    assert "name" in ok.model_dump(exclude_unset=True) and "is_active" not in ok.model_dump(exclude_unset=True)
    with pytest.raises(InvalidRow, match=r"does not fit numeric\(5, 2\)"):
        types.validate_row("sponsors", sponsor | {field: "999.995"})


def test_secret_columns_are_never_serialised() -> None:
    row = types.row_model("users").model_validate(
        {c.key: None for c in metadata.tables["users"].columns}
        | {"id": uuid.uuid4(), "email": "a@b.co", "password_hash": "hash", "role": "citizen", "is_verified": False,
           "is_active": True, "created_at": dt.datetime.now(dt.UTC), "updated_at": dt.datetime.now(dt.UTC)}
    )
    dumped = row.model_dump()
    assert "password_hash" not in dumped and "verification_token" not in dumped and dumped["email"] == "a@b.co"
    assert "hash" not in repr(row)


def test_json_schema_rejects_bad_rows(
    schema: dict[str, Any], demo_rows: dict[str, list[dict[str, Any]]]
) -> None:
    insert = _validator(schema, "UsersInsert")
    assert insert.is_valid(_user())
    for bad in (
        {"email": "a@b.co"},  # password_hash is required
        _user(role="president"),
        _user(password_hash="x" * 256),
        _user(surprise=True),
        _user(is_verified=None),
        _user(email="no at sign"),
    ):
        assert not insert.is_valid(bad), bad
    sponsors = _validator(schema, "SponsorsInsert")
    sponsor = to_jsonable_python(demo_rows["sponsors"][0])
    assert sponsors.is_valid(sponsor | {"attendance_rate": "12.5"})
    assert sponsors.is_valid(sponsor | {"attendance_rate": 12.5})
    assert not sponsors.is_valid(sponsor | {"attendance_rate": "1234"})
    assert not sponsors.is_valid(sponsor | {"attendance_rate": 1000})
    assert not sponsors.is_valid(sponsor | {"attendance_rate": "twelve"})
    row = schema["$defs"]["UsersRow"]
    assert "password_hash" not in row["properties"] and schema["$defs"]["UsersInsert"]["properties"][
        "password_hash"
    ]["writeOnly"] is True
    assert schema["x-tables"]["users"] == {"insert": "#/$defs/UsersInsert", "row": "#/$defs/UsersRow"}
    assert json.loads(types.export("jsonschema")) == schema


def test_copy_hook_rejects_bad_rows_by_position_and_loads_good_ones(
    chanuka_db: Database, demo_rows: dict[str, list[dict[str, Any]]]
) -> None:
    check = types.copy_row_check("users")
    with pytest.raises(RowError, match=r"users row 3, column role: Input should be"):
        check(3, _user(role="president"))
    by_position = types.copy_row_check("users", ["email", "password_hash"])
    assert by_position(0, ("a@b.co", "h")) == {"email": "a@b.co", "password_hash": "h"}
    with pytest.raises(RowError, match=r"users row 1: 1 values for 2 columns"):
        by_position(1, ("a@b.co",))
    # the hook's output is what the loader takes: the demo tables load through it
    with chanuka_db.raw_connection() as conn:
        for table in ("sponsors", "bills", "users"):
            hook = types.copy_row_check(table)
            rows = [hook(i, row) for i, row in enumerate(demo_rows[table])]
            result = copy_loader.load(conn, metadata.tables[table], rows)
            assert result.rows == len(demo_rows[table])
        conn.rollback()


def _tsc() -> Path:
    """``tsc`` from npm's typescript 5, installed once under .chanuka/tools (locked across workers)."""
    npm = shutil.which("npm")
    assert npm, "npm is needed for the TypeScript check (Node.js is a documented dev requirement)"
    prefix = ROOT / ".chanuka" / "tools" / "typescript5"
    prefix.mkdir(parents=True, exist_ok=True)
    tsc = prefix / "node_modules" / ".bin" / "tsc"
    with open(prefix / ".lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not tsc.exists():
            result = subprocess.run(
                [npm, "install", "--prefix", str(prefix), "--no-audit", "--no-fund", "--silent", "typescript@5"],
                capture_output=True, text=True, timeout=600, check=False,
            )
            assert result.returncode == 0, f"npm install typescript@5 failed: {result.stderr[-2000:]}"
    return tsc


@pytest.fixture(scope="module")
def tsc() -> Iterator[Path]:
    yield _tsc()


USAGE = """
import type { Tables, UsersInsert, UsersRow, BillsRow, UserRole, Json } from "./chanuka";

const fresh: UsersInsert = { email: "a@b.co", password_hash: "x" };
const admin: UserRole = "admin";
const withRole: UsersInsert = { ...fresh, role: admin, county: null };
const read: Tables["users"]["Row"] = {} as UsersRow;
const score: string | null = ({} as BillsRow).engagement_score;
const meta: Json = ({} as BillsRow).metadata;
// @ts-expect-error password_hash is required
const missing: UsersInsert = { email: "a@b.co" };
// @ts-expect-error not a user_role
const wrongRole: UsersInsert = { ...fresh, role: "president" };
// @ts-expect-error secrets are never part of a Row
const secret: string = ({} as UsersRow).password_hash;
// @ts-expect-error unknown column
const extra: UsersInsert = { ...fresh, surprise: 1 };
export { withRole, read, score, meta, missing, wrongRole, secret, extra };
"""


def test_typescript_compiles_strict(tsc: Path, tmp_path: Path) -> None:
    source = types.export("ts")
    assert source == types.export_typescript()
    assert "export interface UsersRow {" in source and "export interface UsersInsert {" in source
    roles = metadata.tables["users"].c.role.type.enums  # type: ignore[attr-defined]
    assert f"export type UserRole = {' | '.join(json.dumps(r) for r in roles)};" in source
    (tmp_path / "chanuka.ts").write_text(source)
    (tmp_path / "usage.ts").write_text(USAGE)
    result = subprocess.run(
        [str(tsc), "--noEmit", "--strict", "--target", "es2020", "--moduleResolution", "node",
         str(tmp_path / "chanuka.ts"), str(tmp_path / "usage.ts")],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-1000:]
