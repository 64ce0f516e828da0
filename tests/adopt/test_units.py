"""The pieces that need no database: SQL text handling, conversion kinds and expressions, the mapping file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, cast

import pytest

from chanuka_db.adopt import convert, sqltext
from chanuka_db.adopt import mapping as mapping_mod
from chanuka_db.adopt.live import Live
from chanuka_db.adopt.model import AdoptPlan, Detection
from chanuka_db.adopt.plan import Options, Planner
from chanuka_db.errors import InvalidInput


def test_source_form_round_trips_in_lists() -> None:
    printed = ("CHECK (kind IS NULL OR (kind::text = ANY (ARRAY['a'::character varying, 'it''s'::character "
               "varying]::text[])))")
    assert sqltext.source_form(printed) == "CHECK (kind IS NULL OR (kind IN ('a', 'it''s')))"
    index_where = "WHERE ((scope)::text = ANY ((ARRAY['national'::character varying])::text[]))"
    assert sqltext.source_form(index_where) == "WHERE (scope IN ('national'))"
    untouched = "CHECK (x::text = ANY (ARRAY['a'::text]))"
    assert sqltext.source_form(untouched) == untouched


def test_index_shapes_and_renames() -> None:
    a = "CREATE INDEX idx_x ON public.t USING btree (a, b) WHERE (a IS NOT NULL)"
    b = "CREATE INDEX ix_t_a_b ON public.t USING btree (a, b) WHERE (a IS NOT NULL)"
    assert sqltext.index_shape(a) == sqltext.index_shape(b)
    assert sqltext.index_shape(a) != sqltext.index_shape(b.replace("btree", "gin"))
    assert sqltext.index_sql(b, name="tmp", table="t_default", concurrently=True, if_not_exists=True) == (
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS tmp ON public.t_default USING btree (a, b) WHERE (a IS NOT NULL)")
    assert sqltext.key_parts("UNIQUE NULLS NOT DISTINCT (a, \"B\")") == ("UNIQUE", True, ["a", "B"], "")
    assert sqltext.fk_parts("FOREIGN KEY (x, y) REFERENCES other(id, k) ON DELETE CASCADE") == (
        ["x", "y"], "other", ["id", "k"])
    assert sqltext.rename_identifiers("lower(a) || 'a' || \"a\"", {"a": "a__adopt"}) == (
        "lower(a__adopt) || 'a' || a__adopt")
    assert sqltext.mentions("position = 'status'", "position") and not sqltext.mentions("x = 'status'", "status")
    long = "x" * 70
    assert len(sqltext.temp_name(long)) <= 63 and sqltext.temp_name("ix") == "ix__adopt"
    assert sqltext.ident("user") == '"user"' and sqltext.ident("Name") == '"Name"' and sqltext.ident("ok") == "ok"


@pytest.mark.parametrize(
    ("old", "new", "zone", "pk", "kind"),
    [
        ("timestamp without time zone", "timestamp with time zone", "Africa/Nairobi", False, "timezone"),
        ("timestamp without time zone", "timestamp with time zone", "UTC", False, "relabel"),
        ("character varying(20)", "comment_position", "UTC", False, "enum"),
        ("character varying(320)", "citext", "UTC", False, "relabel"),
        ("character varying(20)", "character varying(16)", "UTC", False, "cast"),
        ("character varying(45)", "inet", "UTC", False, "cast"),
        ("integer", "uuid", "UTC", True, "rekey"),
        ("integer", "uuid", "UTC", False, "map"),
        ("character varying(50)", "character varying(50)", "UTC", False, None),
    ],
)
def test_conversion_kinds(old: str, new: str, zone: str, pk: bool, kind: str | None) -> None:
    assert convert.kind_of(old, new, enums=["comment_position"], zone=zone, primary_key=pk) == kind


def test_conversion_expressions() -> None:
    decided: dict[str, str | None] = {"Support": "support", "<null>": "neutral", "junk": None}
    expr = convert.expression("enum", "position", "comment_position", "UTC", "comments", decided)
    assert expr == ("CASE WHEN position IS NULL THEN 'neutral'::comment_position ELSE CASE position::text "
                    "WHEN 'Support' THEN 'support'::comment_position WHEN 'junk' THEN NULL::comment_position "
                    "ELSE position::text::comment_position END END")
    lenient = convert.expression("cast", "ip", "inet", "UTC", "t", {}, unfit=["n/a"])
    assert lenient == "CASE ip::text WHEN 'n/a' THEN NULL::inet ELSE ip::inet END"
    assert convert.expression("timezone", "at", "timestamp with time zone", "Africa/Nairobi", "t", {}) == (
        "at AT TIME ZONE 'Africa/Nairobi'")


def test_mapping_file_round_trip_and_merge(tmp_path: Path) -> None:
    found = mapping_mod.Mapping(timezone="Africa/Nairobi")
    found.columns["comments.position"] = mapping_mod.ColumnMapping(
        to="comment_position", values={"Support": None, "maybe": None, "new": None}, rows={"Support": 3, "new": 1},
        allowed=["support"])
    decided = mapping_mod.Mapping()
    decided.columns["comments.position"] = mapping_mod.ColumnMapping(
        to="comment_position", values={"Support": "support", "gone": "support"})
    decided.columns["old.col"] = mapping_mod.ColumnMapping(to="text", values={"a": "b"})
    merged = mapping_mod.merge(decided, found)
    assert merged.columns["comments.position"].values == {"Support": "support", "maybe": None, "new": None}
    assert merged.columns["old.col"].values == {"a": "b"}
    path = mapping_mod.write(merged, tmp_path / "m.json")
    back = mapping_mod.read(path)
    assert back.columns["comments.position"].undecided() == ["maybe", "new"]
    assert back.timezone == "Africa/Nairobi" and json.loads(path.read_text())["format"] == 1
    null = mapping_mod.ColumnMapping(to="x", values={"a": "<null>", "b": None})
    assert null.decided() == {"a": None}


@pytest.mark.parametrize("content", ["{", "[]", '{"format": 2, "columns": {}}', '{"format": 1, "columns": {"x": 1}}',
                                     '{"format": 1, "columns": {"t.c": {"values": {"a": 1}}}}'])
def test_mapping_file_errors(tmp_path: Path, content: str) -> None:
    path = tmp_path / "m.json"
    path.write_text(content)
    with pytest.raises(InvalidInput) as exc:
        mapping_mod.read(path)
    assert "\n" not in exc.value.message


def test_enum_values_are_added_in_the_target_order() -> None:
    plan = AdoptPlan(database="d", detection=Detection("old", "old"))
    planner = Planner(cast(Any, None), Live(schema={}), {}, mapping_mod.Mapping(), Options(), plan)
    planner._widen("county", ["baringo", "kisumu"], ["baringo", "bomet", "kisumu", "wajir"])
    steps = planner.phases.ordered()
    assert [s.sql[0] for s in steps] == [
        "ALTER TYPE public.county ADD VALUE IF NOT EXISTS 'bomet' BEFORE 'kisumu'",
        "ALTER TYPE public.county ADD VALUE IF NOT EXISTS 'wajir'",
    ]
    assert not any(s.transactional for s in steps)
