"""Small SQL text helpers: quoting, and taking apart the definitions a schema snapshot holds.

Snapshots store constraints as ``pg_get_constraintdef`` text and indexes as ``pg_get_indexdef``
text; adopt re-executes them, renames them, and compares them with the live database's.
"""

from __future__ import annotations

import hashlib
import re

from chanuka_db.adopt.model import SHADOW

_SIMPLE = re.compile(r"^[a-z_][a-z0-9_$]*$")
# Words PostgreSQL reserves (as column or table names they must be quoted).
_RESERVED = frozenset(
    (
        "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "both", "case", "cast",
        "check", "collate", "column", "constraint", "create", "current_catalog", "current_date", "current_role",
        "current_time", "current_timestamp", "current_user", "default", "deferrable", "desc", "distinct", "do",
        "else", "end", "except", "false", "fetch", "for", "foreign", "from", "grant", "group", "having", "in",
        "initially", "intersect", "into", "lateral", "leading", "limit", "localtime", "localtimestamp", "not",
        "null", "offset", "on", "only", "or", "order", "placing", "primary", "references", "returning",
        "select", "session_user", "some", "symmetric", "system_user", "table", "then", "to", "trailing", "true",
        "union", "unique", "user", "using", "variadic", "when", "where", "window", "with", "authorization",
        "binary", "collation", "concurrently", "cross", "current_schema", "freeze", "full", "ilike", "inner",
        "is", "isnull", "join", "left", "like", "natural", "notnull", "outer", "overlaps", "right", "similar",
        "tablesample", "verbose"
    )
)


def ident(name: str) -> str:
    """``name`` as an SQL identifier (quoted when it must be)."""
    if _SIMPLE.match(name) and name not in _RESERVED:
        return name
    return '"' + name.replace('"', '""') + '"'


def temp_name(name: str) -> str:
    """A name for adopt's temporary stand-in for ``name`` (an index, a check), under 63 bytes."""
    candidate = name + SHADOW
    if len(candidate.encode()) <= 63:
        return candidate
    return "adopt_" + hashlib.md5(name.encode(), usedforsecurity=False).hexdigest()[:16] + SHADOW


def qualified(schema: str, name: str) -> str:
    """``schema.name`` quoted."""
    return f"{ident(schema)}.{ident(name)}"


def literal(value: str) -> str:
    """``value`` as an SQL string literal (standard conforming strings)."""
    return "'" + value.replace("'", "''") + "'"


_INDEX = re.compile(r"^CREATE (UNIQUE )?INDEX (\S+) ON (ONLY )?(\S+) (USING .*)$", re.DOTALL)


def index_parts(definition: str) -> tuple[bool, str, bool, str, str]:
    """``(unique, name, only, table, rest)`` of a ``pg_get_indexdef`` text."""
    match = _INDEX.match(definition.strip())
    if match is None:
        raise ValueError(f"not an index definition: {definition[:80]}")
    return bool(match.group(1)), match.group(2), bool(match.group(3)), match.group(4), match.group(5)


def index_shape(definition: str) -> str:
    """The definition without its name, ``ONLY`` and table: on one table, equal shapes index the same thing."""
    unique, _, _, _, rest = index_parts(definition)
    return f"{'UNIQUE ' if unique else ''}{rest}"


def index_sql(
    definition: str,
    *,
    name: str | None = None,
    table: str | None = None,
    concurrently: bool = False,
    if_not_exists: bool = False,
) -> str:
    """A ``CREATE INDEX`` statement from a snapshot definition, optionally renamed, on another table, concurrent."""
    unique, old, only, on, rest = index_parts(definition)
    table = f"public.{ident(table)}" if table is not None else on
    parts = ["CREATE", "UNIQUE INDEX" if unique else "INDEX"]
    if concurrently:
        parts.append("CONCURRENTLY")
    if if_not_exists:
        parts.append("IF NOT EXISTS")
    parts += [ident(name) if name else old, "ON", ("ONLY " if only else "") + table, source_form(rest)]
    return " ".join(parts)


def index_columns_text(definition: str) -> str:
    """The text between the parentheses after ``USING method`` (the indexed columns/expressions)."""
    _, _, _, _, rest = index_parts(definition)
    start = rest.index("(")
    return _balanced(rest, start)


def _balanced(text: str, start: int) -> str:
    depth = 0
    for pos in range(start, len(text)):
        char = text[pos]
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return text[start + 1 : pos]
    raise ValueError(f"unbalanced parentheses in {text[:80]}")


def strip_not_valid(definition: str) -> tuple[str, bool]:
    """``(definition without NOT VALID, was it not valid)``."""
    if definition.endswith(" NOT VALID"):
        return definition[: -len(" NOT VALID")], True
    return definition, False


def check_expression(definition: str) -> str:
    """The boolean expression of a ``CHECK (...)`` constraint definition."""
    text, _ = strip_not_valid(definition)
    if not text.startswith("CHECK "):
        raise ValueError(f"not a check constraint: {text[:60]}")
    return _balanced(text, text.index("("))


_KEY = re.compile(r"^(PRIMARY KEY|UNIQUE)( NULLS NOT DISTINCT)? \((.*?)\)(.*)$", re.DOTALL)
_FK = re.compile(r"^FOREIGN KEY \((.*?)\) REFERENCES (\S+?)\((.*?)\)(.*)$", re.DOTALL)


def key_parts(definition: str) -> tuple[str, bool, list[str], str] | None:
    """``(PRIMARY KEY|UNIQUE, nulls not distinct, columns, rest)`` of a key constraint, else None."""
    match = _KEY.match(strip_not_valid(definition)[0])
    if match is None:
        return None
    return match.group(1), bool(match.group(2)), split_columns(match.group(3)), match.group(4).strip()


def fk_parts(definition: str) -> tuple[list[str], str, list[str]] | None:
    """``(columns, referenced table, referenced columns)`` of a foreign key, else None."""
    match = _FK.match(strip_not_valid(definition)[0])
    if match is None:
        return None
    return split_columns(match.group(1)), match.group(2).rsplit(".", 1)[-1].strip('"'), split_columns(match.group(3))


def split_columns(text: str) -> list[str]:
    """``a, "B", c`` -> ``["a", "B", "c"]``."""
    out = []
    for raw in text.split(","):
        part = raw.strip()
        if part.startswith('"') and part.endswith('"'):
            part = part[1:-1].replace('""', '"')
        out.append(part)
    return out


_WORD = re.compile(r'"(?:[^"]|"")+"|\b[a-z_][a-z0-9_$]*\b')


def mentions(text: str, column: str) -> bool:
    """True when SQL ``text`` refers to identifier ``column`` (outside string literals)."""
    return column in identifiers(text)


def identifiers(text: str) -> set[str]:
    """The identifiers an SQL expression mentions (string literals skipped)."""
    found: set[str] = set()
    for chunk in _outside_literals(text):
        for match in _WORD.finditer(chunk):
            word = match.group(0)
            found.add(word[1:-1].replace('""', '"') if word.startswith('"') else word)
    return found


def rename_identifiers(text: str, renames: dict[str, str]) -> str:
    """``text`` with the identifiers in ``renames`` replaced (string literals untouched)."""
    out: list[str] = []
    for is_literal, chunk in _segments(text):
        if is_literal:
            out.append(chunk)
            continue

        def swap(match: re.Match[str]) -> str:
            word = match.group(0)
            bare = word[1:-1].replace('""', '"') if word.startswith('"') else word
            return ident(renames[bare]) if bare in renames else word

        out.append(_WORD.sub(swap, chunk))
    return "".join(out)


def _segments(text: str) -> list[tuple[bool, str]]:
    parts: list[tuple[bool, str]] = []
    pos = 0
    while pos < len(text):
        start = text.find("'", pos)
        if start < 0:
            parts.append((False, text[pos:]))
            break
        parts.append((False, text[pos:start]))
        end = start + 1
        while True:
            end = text.find("'", end)
            if end < 0:
                end = len(text)
                break
            if end + 1 < len(text) and text[end + 1] == "'":
                end += 2
                continue
            break
        parts.append((True, text[start : end + 1]))
        pos = end + 1
    return parts


def _outside_literals(text: str) -> list[str]:
    return [chunk for is_literal, chunk in _segments(text) if not is_literal]


# ``col::text = ANY (ARRAY['a'::character varying, ...]::text[])`` is how PostgreSQL prints the
# ``col IN ('a', ...)`` of a varchar column; parsed back it becomes a different expression, so the
# printed form is turned back into the ``IN`` list the models wrote (indexes print extra parentheses).
_LIT = r"'(?:[^']|'')*'"
_IN_LIST = re.compile(
    r"(?:\((?P<pcol>[a-z_][a-z0-9_]*)\)|(?P<col>[a-z_][a-z0-9_]*))::text = ANY "
    r"\(\(?ARRAY\[(?P<items>" + _LIT + r"::character varying(?:, " + _LIT + r"::character varying)*)\]\)?::text\[\]\)"
)


def source_form(definition: str) -> str:
    """A snapshot definition rewritten so that executing it prints back the same definition."""

    def as_in(match: re.Match[str]) -> str:
        items = re.findall(_LIT, match.group("items"))
        return f"{match.group('pcol') or match.group('col')} IN ({', '.join(items)})"

    return _IN_LIST.sub(as_in, definition)
