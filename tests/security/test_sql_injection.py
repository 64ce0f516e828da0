"""Injection safety: no SQL in chanuka_db is built by formatting a value that is not provably constant.

The scanner (:mod:`chanuka_db.security.sqlscan`) reads every module of the package, revisions included.
What it cannot prove safe fails this test unless it is on the allowlist below: each entry names the
file, the enclosing function and the interpolated expression (never a line number, so unrelated edits
do not break it) and says why it was judged safe. An entry that no longer matches anything fails too,
so the list never outlives the code it excuses.
"""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest

import chanuka_db
from chanuka_db.security.sqlscan import Finding, Scanner, scan_source

PACKAGE = Path(chanuka_db.__file__).resolve().parent

#: (file, function, expression): why it is safe. Reviewed by hand; keep the reasons specific.
ALLOWLIST: dict[tuple[str, str, str], str] = {
    ("migrate/autogen.py", "_create_trigger", "table"): "table name given by revision code "
    "(op.create_updated_at_trigger('bills')), i.e. our own model's identifier, double-quoted",
    ("migrate/autogen.py", "_create_trigger", "trigger_name(table)"): "trg_<table>_updated_at from the same "
    "revision-code table name",
    ("migrate/autogen.py", "_drop_trigger", "table"): "as _create_trigger: a model table name from revision code",
    ("migrate/autogen.py", "_drop_trigger", "trigger_name(table)"): "as _create_trigger",
    ("migrate/partition_ops.py", "_create_default_partition", "child"): "partition name derived from the parent "
    "table name revision code passes (op.create_default_partition)",
    ("migrate/partition_ops.py", "_create_default_partition", "parent"): "table name from revision code",
    ("migrate/partition_ops.py", "_drop_default_partition", "child"): "as _create_default_partition",
    ("migrate/journal.py", "JournalHook.__call__", "values"): "offline (--sql) journal row: every value goes "
    "through _literal, which doubles single quotes (standard_conforming_strings); revision ids, file names, "
    "checksums and directions come from the revision scripts, not from users",
    ("migrate/snapshot.py", "_rows", "_MARKER.sub(_expand, sql)"): "every caller passes a module constant; "
    "_expand substitutes constant catalog filters for the @SCHEMAS@/@NOT_EXTENSION(...)@ markers",
    ("migrations/env.py", "run_migrations_offline", "preamble"): "journal.offline_preamble(): the journal's "
    "constant DDL, handed over by chanuka-db's renderer in config.attributes",
    ("ops/partitions.py", "_bound_literal", "table.column_type"): "format_type() of the partition key column "
    "read from the catalog and filtered to _KEY_TYPES (date / timestamp types) before use",
    ("security/roles.py", "_transfer_ownership", "args"): "pg_get_function_identity_arguments(): the catalog's "
    "own rendering of an existing function's argument list",
}


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner(PACKAGE)


@pytest.fixture(scope="module")
def findings(scanner: Scanner) -> list[Finding]:
    return scanner.findings()


def test_no_unreviewed_string_formatted_sql(findings: list[Finding]) -> None:
    unreviewed = [str(f) for f in findings if f.key() not in ALLOWLIST]
    assert not unreviewed, "SQL built from values not provably constant:\n" + "\n".join(unreviewed)


def test_the_allowlist_has_no_stale_entries(findings: list[Finding]) -> None:
    live = {f.key() for f in findings}
    stale = [f"{k}: {why}" for k, why in ALLOWLIST.items() if k not in live]
    assert not stale, "allowlist entries matching nothing (remove them):\n" + "\n".join(stale)


def test_every_module_was_scanned() -> None:
    count = len(list(PACKAGE.rglob("*.py")))
    assert count > 50
    assert any(p.name == "0102_security.py" for p in PACKAGE.rglob("*.py"))


# ---------------------------------------------------------------------------------- the scanner
@pytest.fixture(scope="module")
def snippets() -> Scanner:
    return Scanner(PACKAGE)


def found(scanner: Scanner, source: str) -> list[str]:
    return [f.expression for f in scan_source(dedent(source), scanner=scanner)]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # user input straight into text(), execute(), exec_driver_sql(), sql.SQL() and cursor.execute()
        ("def f(conn, name):\n    conn.execute(text(f\"SELECT * FROM bills WHERE title = '{name}'\"))", ["name"]),
        ("def f(conn, name):\n    conn.execute(\"SELECT * FROM t WHERE a = '%s'\" % name)", ["name"]),
        ("def f(conn, name):\n    conn.execute('SELECT * FROM t WHERE a = ' + name)", ["name"]),
        ("def f(conn, name):\n    conn.exec_driver_sql('DELETE FROM t WHERE a = {}'.format(name))", ["name"]),
        ("def f(cur, where):\n    q = 'SELECT 1 FROM t WHERE ' + where\n    cur.execute(q)", ["q"]),
        ("def f(cur, cols):\n    cur.copy('COPY t (' + ', '.join(cols) + ') FROM STDIN')", ["cols"]),
        ("from psycopg import sql\ndef f(c, t):\n    c.execute(sql.SQL('SELECT * FROM ' + t))", ["t"]),
        ("from psycopg import sql\ndef f(c, kind):\n    c.execute(sql.SQL(kind))", ["kind"]),
        ("def f(conn, row):\n    conn.execute(text(f'SELECT {row.column}'))", ["row.column"]),
        ("def f(conn, q):\n    conn.execute(text(q))", ["q"]),
        # a public function's parameter is unknown, whoever calls it
        ("def helper(t):\n    return f'SELECT * FROM {t}'\ndef g(c):\n    c.execute(helper('bills'))", ["t"]),
        # a private function called once with input
        ("def _q(t):\n    return f'SELECT * FROM {t}'\ndef g(c, x):\n    c.execute(_q(x))", ["t"]),
        # a loop over something not constant
        ("def f(c, names):\n    for n in names:\n        c.execute(f'DROP TABLE {n}')", ["n"]),
        # a name assigned both a constant and input
        ("def f(c, x):\n    t = 'bills'\n    if x:\n        t = x\n    c.execute(f'SELECT * FROM {t}')", ["t"]),
    ],
)
def test_the_scanner_finds_interpolated_input(snippets: Scanner, source: str, expected: list[str]) -> None:
    assert found(snippets, source) == expected


@pytest.mark.parametrize(
    "source",
    [
        "def f(conn, name):\n    conn.execute(text('SELECT * FROM bills WHERE title = :t'), {'t': name})",
        "def f(cur, name):\n    cur.execute('SELECT * FROM bills WHERE title = %s', (name,))",
        "TABLE = 'bills'\ndef f(c):\n    c.execute(text(f'SELECT count(*) FROM {TABLE}'))",
        "T = ('a', 'b')\ndef f(c):\n    for t in T:\n        c.execute(f'SELECT count(*) FROM {t}')",
        "P = (('a', 'x = 1'), ('b', None))\ndef f(c):\n    for t, w in P:\n"
        "        where = f' WHERE {w}' if w is not None else ''\n        c.execute(f'SELECT * FROM {t}{where}')",
        "K = {'r': 'TABLE', 'v': 'VIEW'}\ndef f(c, kind):\n    c.execute(f'ALTER {K[kind]} x OWNER TO y')",
        "def f(c, limit):\n    c.execute(f'SELECT 1 LIMIT {int(limit)}')",
        "from psycopg import sql\ndef f(c, t):\n    c.execute(sql.SQL('SELECT * FROM {}').format(sql.Identifier(t)))",
        "from psycopg import sql\ndef f(c, t):\n    c.execute(f'SELECT * FROM {sql.Identifier(t).as_string(c)}')",
        "def f(c, stmt):\n    c.execute(stmt)",
        "def f(s, uid):\n    s.execute(select(User).where(User.id == uid))",
        "def _q(t):\n    return f'SELECT * FROM {t}'\ndef g(c):\n    c.execute(_q('bills'))\n    c.execute(_q(t='x'))",
        "def _sql(*parts):\n    return text(''.join(parts))\nA = 'SELECT 1'\nX = _sql('WITH ', A)",
        "from chanuka_db.migrate.journal import TABLE\ndef f(c):\n    c.execute(text(f'SELECT * FROM {TABLE}'))",
        "from chanuka_db.migrate import journal\ndef f(c):\n    c.execute(text(f'SELECT * FROM {journal.TABLE}'))",
        "N = 5\ndef f(c):\n    c.execute(text(f'SELECT generate_series(1, {N - 1})'))",
        "C = ('a', 'b')\ndef f(c):\n    c.execute(text('SELECT ' + ', '.join(f'\"{x}\"' for x in C)))",
    ],
)
def test_the_scanner_accepts_constants_parameters_and_composition(snippets: Scanner, source: str) -> None:
    assert found(snippets, source) == []
