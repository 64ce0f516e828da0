"""Will the rows fit? The new schema's constraints evaluated against the live rows, before anything changes.

For one table, :func:`projection` is a ``SELECT`` of its rows as they will be after adoption:
converted columns through the *lenient* conversion (a value known not to fit becomes NULL instead of
failing), values rewritten by the mapping file, added columns at their default (or derived value).
:func:`check` then counts the rows that would break each new CHECK (one scan for all of them), each
NOT NULL, each new UNIQUE and FOREIGN KEY, and turns them into blockers with samples; the values
that break a one-column CHECK or a NOT NULL also go to the mapping file, to be decided there.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlalchemy.exc import DBAPIError

from chanuka_db.adopt import convert, sqltext
from chanuka_db.adopt.ddl import table_ref
from chanuka_db.adopt.mapping import NULL_TOKEN, ColumnMapping
from chanuka_db.adopt.model import ValueCount
from chanuka_db.adopt.sqltext import ident, literal

if TYPE_CHECKING:
    from chanuka_db.adopt.tables import TableAdopter

SAMPLE = 5


def projection(t: TableAdopter, extra: Iterable[str] = ()) -> str:
    """The table's rows as they will be (``extra`` columns also as their old text, ``<col>__old``)."""
    lcols = t.L.get("columns", {})
    gcols = t.G.get("columns", {})
    items = []
    for col in sorted(gcols):
        if col in t.conversions:
            items.append(f"{t.lenient.get(col, ident(col))} AS {ident(col)}")
        elif col in lcols:
            rewrite = t.value_rewrite(col)
            items.append(f"{rewrite} AS {ident(col)}" if rewrite else ident(col))
        elif "generated" in gcols[col]:
            continue
        else:
            default = t.derived(col) or gcols[col].get("default")
            items.append(f"({default if default else 'NULL'})::{gcols[col]['type']} AS {ident(col)}")
    items += [f"{ident(col)}::text AS {ident(col + '__old')}" for col in extra if col in lcols]
    if "id" not in gcols:
        items.append("ctid AS ctid")
    return f"SELECT {', '.join(items)} FROM {table_ref(t.name)}"  # noqa: S608 (identifiers quoted)


def check(t: TableAdopter, added: dict[str, str]) -> None:
    """Block the plan on the rows of ``t`` that would break ``added`` constraints or a NOT NULL."""
    if not t.rows:
        return
    conn = t.p.conn
    savepoint = conn.begin_nested()
    try:
        _check(t, added)
    except DBAPIError as exc:
        savepoint.rollback()
        first = (str(getattr(exc, "orig", exc)).strip().splitlines() or ["error"])[0]
        t.p.plan.notes.append(f"{t.name}: the new constraints could not be checked against the data beforehand "
                              f"({first}); a row that breaks one stops its step")
        return
    savepoint.commit()


def _check(t: TableAdopter, added: dict[str, str]) -> None:
    gcols = t.G.get("columns", {})
    lcols = t.L.get("columns", {})
    checks = {n: sqltext.check_expression(d) for n, d in added.items() if d.startswith("CHECK")}
    columns_of = {n: [c for c in gcols if sqltext.mentions(e, c)] for n, e in checks.items()}
    not_null = [c for c, s in gcols.items() if not s.get("nullable", True) and "generated" not in s
                and (c not in lcols or lcols[c].get("nullable", True) or c in t.conversions)]
    single = {cols[0] for cols in columns_of.values() if len(cols) == 1}
    proj = projection(t, sorted(single | {c for c in not_null if c in t.conversions}))
    filters = [f"count(*) FILTER (WHERE NOT ({e}))" for e in checks.values()]
    filters += [f"count(*) FILTER (WHERE {_null_after(t, c)})" for c in not_null]
    if filters:
        row = t.p.conn.exec_driver_sql(f"SELECT {', '.join(filters)} FROM ({proj}) p").one()  # noqa: S608
        counts = [int(v or 0) for v in row]
        for (name, expr), count in zip(checks.items(), counts[: len(checks)], strict=True):
            if count:
                _check_violation(t, name, expr, count, columns_of[name], proj)
        for col, count in zip(not_null, counts[len(checks) :], strict=True):
            if count:
                _null_violation(t, col, count, proj)
    for name, definition in added.items():
        key = sqltext.key_parts(definition)
        if key is not None:
            _unique_violation(t, name, key, proj)
        fk = sqltext.fk_parts(definition)
        if fk is not None:
            _fk_violation(t, name, fk, proj)


def _null_after(t: TableAdopter, col: str) -> str:
    """Rows whose ``col`` will be NULL (values that do not convert are blocked already, not counted)."""
    conversion = t.conversions.get(col)
    unfit = [v.value for v in conversion.unfit if v.value is not None] if conversion else []
    if not unfit:
        return f"{ident(col)} IS NULL"
    old = ident(col + "__old")
    return f"{ident(col)} IS NULL AND ({old} IS NULL OR {old} NOT IN ({', '.join(literal(v) for v in unfit)}))"


def _entry(t: TableAdopter, col: str, reason: str) -> ColumnMapping:
    key = f"{t.name}.{col}"
    entry = t.p.discovered.columns.get(key)
    if entry is None:
        entry = ColumnMapping(to=str(t.G["columns"][col]["type"]), reason=reason)
        t.p.discovered.columns[key] = entry
    return entry


def _check_violation(t: TableAdopter, name: str, expr: str, count: int, cols: list[str], proj: str) -> None:
    if len(cols) == 1:
        col = cols[0]
        rows = t.p.conn.exec_driver_sql(
            f"SELECT {ident(col + '__old')}, count(*) FROM ({proj}) p WHERE NOT ({expr}) "  # noqa: S608
            f"GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT {convert.MAX_DISTINCT}"
        ).all()
        values = [ValueCount(None if v is None else str(v), int(c), None, False) for v, c in rows]
        decided = m.decided() if (m := t.p.column_mapping(t.name, col)) else {}
        entry = _entry(t, col, f"values that break constraint {name}: {expr}")
        for vc in values:
            key = NULL_TOKEN if vc.value is None else vc.value
            entry.values.setdefault(key, decided.get(key) if key in decided else None)
            entry.rows[key] = vc.rows
        t.p.block(t.name, col, "check", count, f"{count} row(s) break the new constraint {name} ({expr}); map their "
                  "values in the mapping file or fix them", [repr(v.value) for v in values])
        return
    t.p.block(t.name, ", ".join(cols) or None, "check", count,
              f"{count} row(s) break the new constraint {name} ({expr}); fix them before adopting",
              _sample(t, proj, f"NOT ({expr})"))


def _null_violation(t: TableAdopter, col: str, count: int, proj: str) -> None:
    decided = m.decided() if (m := t.p.column_mapping(t.name, col)) else {}
    entry = _entry(t, col, "rows hold NULL where the new schema requires a value")
    entry.values.setdefault(NULL_TOKEN, decided.get(NULL_TOKEN) if NULL_TOKEN in decided else None)
    entry.rows[NULL_TOKEN] = count
    t.p.block(t.name, col, "not null", count, f"{count} row(s) hold NULL where the new schema requires a value; "
              f"map {NULL_TOKEN} in the mapping file or fill them", _sample(t, proj, _null_after(t, col)))


def _unique_violation(t: TableAdopter, name: str, key: tuple[str, bool, list[str], str], proj: str) -> None:
    _, nulls_not_distinct, cols, _ = key
    group = ", ".join(ident(c) for c in cols)
    where = "" if nulls_not_distinct else "WHERE " + " AND ".join(f"{ident(c)} IS NOT NULL" for c in cols)
    rows = t.p.conn.exec_driver_sql(
        f"SELECT concat_ws(', ', {group}), count(*) FROM ({proj}) p {where} "  # noqa: S608
        f"GROUP BY {group} HAVING count(*) > 1 ORDER BY 2 DESC LIMIT {SAMPLE}"
    ).all()
    if rows:
        total = sum(int(c) for _, c in rows)
        t.p.block(t.name, ", ".join(cols), "unique", total,
                  f"duplicates break the new constraint {name}; resolve them before adopting",
                  [f"({v}) x{c}" for v, c in rows])


def _fk_violation(t: TableAdopter, name: str, fk: tuple[list[str], str, list[str]], proj: str) -> None:
    cols, ref, refcols = fk
    live_tables = t.p.live.tables
    if ref == t.name:
        ref_cols = t.G.get("columns", {})
    elif ref in live_tables and ref not in t.p.moved:
        ref_cols = live_tables[ref].get("columns", {})
    else:
        present = " OR ".join(f"{ident(c)} IS NOT NULL" for c in cols)
        count = int(t.p.conn.exec_driver_sql(f"SELECT count(*) FROM ({proj}) p WHERE {present}").scalar() or 0)  # noqa: S608
        if count:
            t.p.block(t.name, ", ".join(cols), "foreign key", count,
                      f"rows refer to {ref}, which the old database does not have ({name})")
        return
    if not all(c in ref_cols for c in refcols):
        return
    source = f"({proj})" if ref == t.name else table_ref(ref)
    cond = " AND ".join(f"r.{ident(rc)}::text = p.{ident(c)}::text" for c, rc in zip(cols, refcols, strict=True))
    present = " AND ".join(f"p.{ident(c)} IS NOT NULL" for c in cols)
    rows = t.p.conn.exec_driver_sql(
        f"SELECT concat_ws(', ', {', '.join('p.' + ident(c) for c in cols)}) FROM ({proj}) p "  # noqa: S608
        f"WHERE {present} AND NOT EXISTS (SELECT 1 FROM {source} r WHERE {cond}) LIMIT 1000"
    ).all()
    if rows:
        more = "+" if len(rows) >= 1000 else ""
        t.p.block(t.name, ", ".join(cols), "foreign key", len(rows),
                  f"{len(rows)}{more} row(s) refer to missing {ref} rows (new constraint {name}); fix or clear them "
                  "before adopting", [str(r[0]) for r in rows])


def _sample(t: TableAdopter, proj: str, where: str) -> list[str]:
    key = t.key()
    column = "ctid" if key == "ctid" else ident(key)
    if key != "ctid" and key not in t.G.get("columns", {}):
        return []
    rows = t.p.conn.exec_driver_sql(f"SELECT {column}::text FROM ({proj}) p WHERE {where} LIMIT {SAMPLE}").all()  # noqa: S608
    return [f"{key}={r[0]}" for r in rows]
