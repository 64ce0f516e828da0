"""Find SQL built by string formatting from values that are not provably constant.

A static check over Python source (``ast``: nothing is imported or run, no database): every call that
hands SQL to the database is a *sink*: ``text()``, ``execute()``/``executemany()``,
``exec_driver_sql()``, ``copy()``, ``scalar()``/``scalars()``, Alembic's ``static_output()``,
psycopg's ``sql.SQL()`` and SQLAlchemy's ``literal_column()``/``DDL()``. Where the SQL reaching a
sink is built with an f-string, ``%``, ``+``, ``.format()`` or ``str.join()``, every interpolated
piece must be *provably safe*:

- a literal, or a name whose every assignment is provably safe (module constants, local variables,
  ``from chanuka_db.x import NAME`` and ``module.NAME`` of the package, followed to their source);
- the variable of the innermost ``for`` loop or comprehension binding it, over a collection of
  provably safe values;
- an element of a constant collection (``KINDS[relkind]``), arithmetic on safe values;
- an identifier or literal quoted by the driver or SQLAlchemy (``sql.Identifier(...).as_string()``,
  ``quote_ident``, ``preparer.quote(...)``) or a number (``int()``, ``len()``...);
- a call of a function of the same module whose every return value is provably safe;
- a parameter of a private (``_name``) module-level function whose every call in the package passes
  a provably safe value (the same holds for SQL text a private function passes on to a sink).

``text()``, ``SQL()``, ``literal_column()``, ``DDL()``, ``exec_driver_sql()`` and ``static_output()``
take nothing but SQL text, so their argument must be provably safe whatever its form. For the other
sinks, an argument that is not string formatting is a statement object (SQLAlchemy constructs,
psycopg ``sql`` composition) and passes. Anything else is a :class:`Finding`; reviewed exceptions are
the caller's business (the tests keep an allowlist keyed on file, function and expression).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

#: Methods taking SQL as their first argument.
SINK_METHODS = frozenset(
    {"execute", "executemany", "exec_driver_sql", "copy", "scalar", "scalars", "static_output", "executescript"}
)
#: Functions (or ``module.function``) taking SQL text as their first argument.
SINK_FUNCTIONS = frozenset({"text", "SQL", "literal_column", "DDL"})
#: Sinks taking nothing but SQL text: the argument must be provably safe text, whatever its form.
RAW_TEXT_SINKS = frozenset(
    {"text", "SQL", "literal_column", "DDL", "exec_driver_sql", "static_output", "executescript"}
)
#: Calls whose result is a quoted identifier or literal, whatever their argument.
QUOTING_METHODS = frozenset({"quote", "quote_identifier", "quote_schema", "format_table", "format_column", "as_string"})
QUOTING_FUNCTIONS = frozenset({"quote_ident", "quote_literal"})
#: Calls whose result is a number or a boolean.
NUMERIC_FUNCTIONS = frozenset({"int", "float", "len", "round", "bool", "abs", "min", "max", "sum"})
#: String methods whose result is safe when the string and their arguments are.
STRING_METHODS = frozenset(
    {"upper", "lower", "strip", "rstrip", "lstrip", "replace", "removeprefix", "removesuffix", "encode", "decode"}
)
_ARITHMETIC = (ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Pow)
_COLLECTION_CALLS = frozenset({"sorted", "reversed", "enumerate", "zip", "tuple", "list", "set", "frozenset"})
_ADDS_ONE = frozenset({"append", "appendleft", "insert", "add"})
_ADDS_MANY = frozenset({"extend", "extendleft", "update"})
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef, ast.Module)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)

Nodes = list[ast.AST]
Seen = frozenset[int]


@dataclass(frozen=True)
class Finding:
    """One interpolated piece of SQL that is not provably safe."""

    path: str
    function: str
    line: int
    sink: str
    expression: str

    def key(self) -> tuple[str, str, str]:
        """What an allowlist entry matches: (file, enclosing function, interpolated expression)."""
        return (self.path, self.function, self.expression)

    def __str__(self) -> str:
        return f"{self.path}:{self.line} in {self.function}(): {self.sink}() gets SQL made with `{self.expression}`"


class _Element(ast.expr):
    """Marker binding: "an element of ``collection``" (a loop variable, an unpacked name)."""

    def __init__(self, collection: ast.AST) -> None:
        super().__init__()
        self.collection = collection


class _Opaque(ast.expr):
    """Marker binding: a value the scanner knows nothing about (``with ... as x``, ``except ... as e``)."""


@dataclass
class _Module:
    path: str
    dotted: str
    tree: ast.Module
    bindings: dict[str, Nodes] = field(default_factory=dict)
    functions: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = field(default_factory=dict)
    imports: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    parents: dict[int, ast.AST] = field(default_factory=dict)


class _Scope:
    """Where names resolve: a function's locals and parameters, then its module."""

    def __init__(self, module: _Module, function: ast.FunctionDef | ast.AsyncFunctionDef | None, qualname: str):
        self.module = module
        self.function = function
        self.qualname = qualname
        self.params: set[str] = set()
        self._bindings: dict[str, Nodes] | None = None if function is not None else {}
        if function is not None:
            a = function.args
            self.params = {x.arg for x in [*a.posonlyargs, *a.args, *a.kwonlyargs, a.vararg, a.kwarg] if x is not None}

    @property
    def bindings(self) -> dict[str, Nodes]:
        """The function's local bindings (collected on first use)."""
        if self._bindings is None:
            assert self.function is not None
            self._bindings = _collect_bindings(self.function.body, in_function=True)
        return self._bindings


def _walk_no_defs(node: ast.AST) -> Iterator[ast.AST]:
    """``ast.walk`` that does not descend into nested functions, classes or lambdas."""
    yield node
    for child in ast.iter_child_nodes(node):
        if not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            yield from _walk_no_defs(child)


def _collect_bindings(body: list[ast.stmt], *, in_function: bool = True) -> dict[str, Nodes]:
    """name -> what is assigned to it anywhere in ``body`` (expressions or marker bindings).

    ``in_function``: imports inside a function bind names the scanner does not follow (opaque).
    """
    out: dict[str, Nodes] = {}

    def bind(target: ast.AST, value: ast.AST) -> None:
        if isinstance(target, ast.Name):
            out.setdefault(target.id, []).append(value)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for elt in target.elts:
                bind(elt.value if isinstance(elt, ast.Starred) else elt, _Element(value))
        elif isinstance(target, ast.Starred):
            bind(target.value, value)
        elif isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
            # items[key] = value: the collection now holds key and value
            item = value if isinstance(value, ast.expr) else _Opaque()
            bind(target.value, ast.Dict(keys=[target.slice], values=[item]))

    for stmt in body:
        for node in _walk_no_defs(stmt):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    bind(target, node.value)
            elif isinstance(node, ast.AnnAssign) and node.value is not None:
                bind(node.target, node.value)
            elif isinstance(node, ast.AugAssign):
                bind(node.target, ast.BinOp(left=node.target, op=node.op, right=node.value))
            elif isinstance(node, ast.NamedExpr):
                bind(node.target, node.value)
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
            ):
                # Mutation: parts.append(x) / parts.extend(xs) make x (the xs) elements of the collection.
                name, method, args = node.func.value.id, node.func.attr, node.args
                if method in _ADDS_ONE and args:
                    out.setdefault(name, []).append(ast.List(elts=[args[-1]]))
                elif method in _ADDS_MANY and args:
                    out.setdefault(name, []).extend(args)
            elif isinstance(node, (ast.For, ast.AsyncFor)):
                bind(node.target, _Element(node.iter))
            elif isinstance(node, (ast.With, ast.AsyncWith)):
                for item in node.items:
                    if item.optional_vars is not None:
                        bind(item.optional_vars, _Opaque())
            elif isinstance(node, ast.ExceptHandler) and node.name:
                out.setdefault(node.name, []).append(_Opaque())
            elif isinstance(node, (ast.Import, ast.ImportFrom)) and in_function:
                for alias in node.names:
                    out.setdefault((alias.asname or alias.name).split(".")[0], []).append(_Opaque())
    return out


class Scanner:
    """Scan a package (or single sources) for string-formatted SQL; see the module docstring."""

    def __init__(self, root: Path | None = None, package: str = "chanuka_db", *, quoting: Iterable[str] = ()) -> None:
        """``quoting``: dotted names of the package's own reviewed quoting helpers (``pkg.mod.ident``),
        whose result is safe whatever their argument, like ``quote_ident``."""
        self.package = package
        self.quoting = frozenset(quoting)
        self.modules: dict[str, _Module] = {}
        self._calls_cache: dict[str, list[tuple[_Scope, ast.Call]]] = {}
        self._scopes: dict[int, _Scope] = {}
        self._direct_cache: dict[str, tuple[list[Finding], dict[tuple[str, str], tuple[str, str]]]] = {}
        self._loops: dict[int, dict[str, Nodes]] = {}
        if root is not None:
            for path in sorted(root.rglob("*.py")):
                rel = path.relative_to(root).as_posix()
                dotted = ".".join([package, *rel.removesuffix(".py").split("/")]).removesuffix(".__init__")
                self.add(rel, dotted, path.read_text(encoding="utf-8"))

    def add(self, path: str, dotted: str, source: str) -> None:
        """Parse one module (``dotted`` is its import name, for other modules' imports to find it)."""
        tree = ast.parse(source, filename=path)
        module = _Module(path, dotted, tree, _collect_bindings(tree.body, in_function=False))
        for parent in ast.walk(tree):
            for child in ast.iter_child_nodes(parent):
                module.parents[id(child)] = parent
        for stmt in tree.body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                module.functions[stmt.name] = stmt
            elif isinstance(stmt, ast.ImportFrom) and stmt.module and stmt.level == 0:
                for alias in stmt.names:
                    module.imports[alias.asname or alias.name] = (stmt.module, alias.name)
            elif isinstance(stmt, ast.Import):
                for alias in stmt.names:
                    module.imports[alias.asname or alias.name.split(".")[0]] = (alias.name, None)
        self.modules[dotted] = module
        self._calls_cache.pop(dotted, None)
        self._direct_cache.pop(dotted, None)

    def findings(self, dotted: str | None = None) -> list[Finding]:
        """Every finding of every module added (or of module ``dotted`` only).

        A public module-level function that hands one of its parameters to a sink is a *wrapper*: the
        parameter is reported there (its callers outside the package are unknown), and every call of
        it in the package is checked like a sink call, transitively.
        """
        wrappers: dict[tuple[str, str], tuple[str, str]] = {}
        out: list[Finding] = []
        for module in self.modules.values():
            found, wraps = self._direct(module)
            out += found
            wrappers.update(wraps)
        done: set[tuple[str, str]] = set()
        while pending := [key for key in wrappers if key not in done]:
            for key in pending:
                done.add(key)
                owner, name = key
                param, sink = wrappers[key]
                fn = self.modules[owner].functions[name]
                for caller, call in self._calls_of(self.modules[owner], name):
                    arg = _argument_for(fn, call, param)
                    if arg is not None:
                        out += self._check_sink(caller.module, caller, call, f"{name}->{sink}", arg, wrappers, sink)
        if dotted is not None:
            out = [f for f in out if f.path == self.modules[dotted].path]
        return sorted(set(out), key=lambda f: (f.path, f.line, f.function, f.expression))

    # ------------------------------------------------------------------------------------ sinks
    def _direct(self, module: _Module) -> tuple[list[Finding], dict[tuple[str, str], tuple[str, str]]]:
        """The findings at ``module``'s own sink calls, and the wrappers they reveal (cached)."""
        cached = self._direct_cache.get(module.dotted)
        if cached is None:
            wrappers: dict[tuple[str, str], tuple[str, str]] = {}
            found: list[Finding] = []
            for scope, call in self._calls(module):
                sink = _sink_name(call)
                arg = _sql_argument(call) if sink is not None else None
                if sink is not None and arg is not None:
                    found += self._check_sink(module, scope, call, sink, arg, wrappers)
            cached = self._direct_cache[module.dotted] = (found, wrappers)
        return cached

    def _check_sink(
        self,
        module: _Module,
        scope: _Scope,
        call: ast.Call,
        label: str,
        arg: ast.AST,
        wrappers: dict[tuple[str, str], tuple[str, str]],
        sink: str | None = None,
    ) -> list[Finding]:
        kind = sink or label
        check = self._piece if kind in RAW_TEXT_SINKS else self._statement
        out: list[Finding] = []
        for bad in check(arg, scope, frozenset()):
            fn = scope.function
            if (
                isinstance(bad, ast.Name)
                and bad.id in scope.params
                and fn is not None
                and not fn.name.startswith("_")
                and scope.module.functions.get(fn.name) is fn
            ):
                wrappers.setdefault((module.dotted, fn.name), (bad.id, kind))
            line = getattr(bad, "lineno", call.lineno)
            out.append(Finding(module.path, scope.qualname, line, label, ast.unparse(bad)))
        return out

    def _calls(self, module: _Module) -> list[tuple[_Scope, ast.Call]]:
        """Every call in ``module`` with the scope it is made in (cached)."""
        cached = self._calls_cache.get(module.dotted)
        if cached is not None:
            return cached
        found: list[tuple[_Scope, ast.Call]] = []

        def visit(node: ast.AST, scope: _Scope, prefix: str) -> None:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    qual = f"{prefix}{child.name}"
                    visit(child, _Scope(module, child, qual), f"{qual}.")
                elif isinstance(child, ast.ClassDef):
                    visit(child, scope, f"{prefix}{child.name}.")
                else:
                    if isinstance(child, ast.Call):
                        found.append((scope, child))
                    visit(child, scope, prefix)

        visit(module.tree, _Scope(module, None, "<module>"), "")
        self._calls_cache[module.dotted] = found
        return found

    # --------------------------------------------------------------------------------- analysis
    def _statement(self, expr: ast.AST, scope: _Scope, seen: Seen) -> Nodes:
        """Unsafe pieces of the SQL ``expr`` given to an execute-like sink (statement objects pass)."""
        if self._stringy(expr, scope, seen):
            return self._text(expr, scope, seen)
        if isinstance(expr, ast.Name):
            if expr.id in scope.params:
                # A parameter handed straight to the sink is no formatting here; for a private function,
                # what its callers pass is checked.
                return [expr] if self._through_parameter(scope, expr.id, seen, self._statement) else []
            return [
                bad
                for value in self._bindings(expr.id, scope)
                if id(value) not in seen and not isinstance(value, (_Element, _Opaque))
                for bad in self._statement(value, scope, seen | {id(value)})
            ]
        if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name):
            fn = scope.module.functions.get(expr.func.id)
            if fn is None or id(fn) in seen:
                return []
            inner = self._scope(scope.module, fn)
            return [
                bad
                for node in _walk_no_defs(fn)
                if isinstance(node, ast.Return)
                and node.value is not None
                and self._stringy(node.value, inner, seen | {id(fn)})
                for bad in self._text(node.value, inner, seen | {id(fn)})
            ]
        return []

    def _stringy(self, expr: ast.AST, scope: _Scope, seen: Seen) -> bool:
        """True when ``expr`` is built as a string (SQL text rather than a statement object)."""
        if isinstance(expr, ast.Constant):
            return isinstance(expr.value, str)
        if isinstance(expr, ast.JoinedStr):
            return True
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, (ast.Add, ast.Mod)):
            return self._stringy(expr.left, scope, seen) or self._stringy(expr.right, scope, seen)
        if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr in ("format", "join"):
            return self._stringy(expr.func.value, scope, seen)
        if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr in STRING_METHODS:
            return self._stringy(expr.func.value, scope, seen)
        if isinstance(expr, ast.IfExp):
            return self._stringy(expr.body, scope, seen) or self._stringy(expr.orelse, scope, seen)
        if isinstance(expr, ast.Name) and expr.id not in scope.params:
            return any(
                self._stringy(value, scope, seen | {id(value)})
                for value in self._bindings(expr.id, scope)
                if id(value) not in seen and not isinstance(value, (_Element, _Opaque))
            )
        return False

    def _text(self, expr: ast.AST, scope: _Scope, seen: Seen) -> Nodes:
        """The pieces of the string expression ``expr`` that are not provably safe."""
        if isinstance(expr, ast.Constant):
            return []
        if isinstance(expr, ast.JoinedStr):
            return [
                bad
                for part in expr.values
                if isinstance(part, ast.FormattedValue)
                for bad in self._piece(part.value, scope, seen)
            ]
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Mod):
            right = expr.right
            if isinstance(right, ast.Tuple):
                values: list[ast.expr] = list(right.elts)
            elif isinstance(right, ast.Dict):
                values = list(right.values)
            else:
                values = [right]
            return self._piece(expr.left, scope, seen) + [b for v in values for b in self._piece(v, scope, seen)]
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
            return self._piece(expr.left, scope, seen) + self._piece(expr.right, scope, seen)
        if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr == "format":
            pieces = [expr.func.value, *expr.args, *(k.value for k in expr.keywords)]
            return [bad for p in pieces for bad in self._piece(p, scope, seen)]
        if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr == "join":
            return self._piece(expr.func.value, scope, seen) + [
                bad for a in expr.args for bad in self._collection(a, scope, seen)
            ]
        if isinstance(expr, ast.IfExp):
            return self._piece(expr.body, scope, seen) + self._piece(expr.orelse, scope, seen)
        return self._piece(expr, scope, seen)

    def _piece(self, expr: ast.AST, scope: _Scope, seen: Seen) -> Nodes:
        """``[]`` when the value ``expr`` is provably safe to splice into SQL, else the culprits."""
        if isinstance(expr, ast.Constant):
            return []
        if isinstance(expr, (ast.JoinedStr, ast.IfExp)) or (
            isinstance(expr, ast.BinOp) and isinstance(expr.op, (ast.Add, ast.Mod))
        ):
            return self._text(expr, scope, seen)
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, _ARITHMETIC):
            return self._piece(expr.left, scope, seen) + self._piece(expr.right, scope, seen)
        if isinstance(expr, ast.UnaryOp) and isinstance(expr.op, (ast.USub, ast.UAdd)):
            return self._piece(expr.operand, scope, seen)
        if isinstance(expr, ast.Call):
            return self._call(expr, scope, seen)
        if isinstance(expr, ast.Name):
            return self._name(expr, scope, seen)
        if isinstance(expr, ast.Attribute):
            resolved = self._module_attribute(expr, scope)
            return [expr] if resolved is None else self._bindings_safe(expr, *resolved, seen)
        if isinstance(expr, ast.Subscript):
            # An element of a constant collection (KINDS[relkind]) is one of its safe values.
            return [expr] if self._collection(expr.value, scope, seen) else []
        if isinstance(expr, (ast.Tuple, ast.List, ast.Set)):
            return [bad for e in expr.elts for bad in self._piece(e, scope, seen)]
        return [expr]

    def _call(self, expr: ast.Call, scope: _Scope, seen: Seen) -> Nodes:
        func = expr.func
        if self._trusted_quoting(func, scope):
            return []
        if isinstance(func, ast.Name):
            if func.id in NUMERIC_FUNCTIONS or func.id in QUOTING_FUNCTIONS:
                return []
            if func.id == "str" and len(expr.args) == 1:
                return self._piece(expr.args[0], scope, seen)
            home, fn = scope.module, scope.module.functions.get(func.id)
            imported = scope.module.imports.get(func.id)
            if fn is None and imported is not None and imported[1] is not None and imported[0] in self.modules:
                home = self.modules[imported[0]]
                fn = home.functions.get(imported[1])
            if fn is not None and id(fn) not in seen:
                # A function (of this module or imported from the package) whose every return value is
                # safe whatever its arguments: a quoting helper built on quoted pieces, a constant...
                inner = self._scope(home, fn)
                returns = [n.value for n in _walk_no_defs(fn) if isinstance(n, ast.Return) and n.value is not None]
                if returns and not any(self._piece(r, inner, seen | {id(fn)}) for r in returns):
                    return []
            return [expr]
        if isinstance(func, ast.Attribute):
            if func.attr in QUOTING_METHODS:
                return []
            if func.attr in ("format", "join"):
                return self._text(expr, scope, seen)
            if func.attr in STRING_METHODS:
                pieces = [func.value, *expr.args, *(k.value for k in expr.keywords)]
                return [bad for p in pieces for bad in self._piece(p, scope, seen)]
        return [expr]

    def _name(self, expr: ast.Name, scope: _Scope, seen: Seen) -> Nodes:
        loop = self._enclosing_loop(expr, scope)
        if loop is not None:
            return [expr] if self._collection(loop, scope, seen) else []
        if expr.id in scope.params:
            return [] if self._through_parameter(scope, expr.id, seen, self._piece) == [] else [expr]
        values = self._bindings(expr.id, scope)
        if values:
            return self._bindings_safe(expr, values, scope, seen)
        imported = self._imported(expr.id, scope)
        return [expr] if imported is None else self._bindings_safe(expr, *imported, seen)

    def _bindings_safe(self, expr: ast.AST, values: Nodes, home: _Scope, seen: Seen) -> Nodes:
        """``[]`` when every value bound to a name is provably safe, else ``[expr]``."""
        for value in values:
            if id(value) in seen:
                continue  # a cycle (x = x + "...") adds nothing new
            if isinstance(value, _Opaque):
                return [expr]
            if isinstance(value, _Element):
                if self._collection(value.collection, home, seen | {id(value)}):
                    return [expr]
            elif self._piece(value, home, seen | {id(value)}):
                return [expr]
        return []

    def _collection(self, expr: ast.AST, scope: _Scope, seen: Seen) -> Nodes:
        """``[]`` when every element of the collection ``expr`` is provably safe."""
        if isinstance(expr, (ast.Tuple, ast.List, ast.Set)):
            return [bad for e in expr.elts for bad in self._element(e, scope, seen)]
        if isinstance(expr, ast.Dict):
            items = [k for k in expr.keys if k is not None] + list(expr.values)
            return [bad for e in items for bad in self._element(e, scope, seen)]
        if isinstance(expr, _COMPREHENSIONS):
            parts: list[ast.AST] = [expr.key, expr.value] if isinstance(expr, ast.DictComp) else [expr.elt]
            return [bad for p in parts for bad in self._piece(p, scope, seen)]
        if isinstance(expr, _Element):
            # An element of a collection of safe collections is a safe collection.
            return self._collection(expr.collection, scope, seen)
        if isinstance(expr, ast.Call):
            func = expr.func
            if isinstance(func, ast.Attribute) and func.attr in ("items", "keys", "values"):
                return self._collection(func.value, scope, seen)
            if isinstance(func, ast.Name) and func.id in _COLLECTION_CALLS:
                return [bad for a in expr.args for bad in self._collection(a, scope, seen)]
            return [expr]
        if isinstance(expr, ast.Name):
            loop = self._enclosing_loop(expr, scope)
            if loop is not None:
                return self._collection(_Element(loop), scope, seen)
            if expr.id in scope.params:
                return [] if self._through_parameter(scope, expr.id, seen, self._collection) == [] else [expr]
            values, home = self._bindings(expr.id, scope), scope
            if not values:
                imported = self._imported(expr.id, scope)
                if imported is None:
                    return [expr]
                values, home = imported
            return self._collection_bindings(expr, values, home, seen)
        if isinstance(expr, ast.Attribute):
            resolved = self._module_attribute(expr, scope)
            return [expr] if resolved is None else self._collection_bindings(expr, *resolved, seen)
        return [expr]

    def _collection_bindings(self, expr: ast.AST, values: Nodes, home: _Scope, seen: Seen) -> Nodes:
        for value in values:
            if id(value) in seen:
                continue
            if isinstance(value, _Opaque) or self._collection(value, home, seen | {id(value)}):
                return [expr]
        return []

    def _element(self, expr: ast.AST, scope: _Scope, seen: Seen) -> Nodes:
        if isinstance(expr, (ast.Tuple, ast.List, ast.Set, ast.Dict)):
            return self._collection(expr, scope, seen)
        return self._piece(expr, scope, seen)

    # ---------------------------------------------------------------------------- resolution
    def _enclosing_loop(self, expr: ast.Name, scope: _Scope) -> ast.AST | None:
        """What the innermost ``for`` or comprehension around ``expr`` binds its name to (an element of it).

        A ``for`` counts only when its body does not assign the name again: then it alone decides the value.
        """
        node: ast.AST = expr
        parents = scope.module.parents
        while id(node) in parents:
            parent = parents[id(node)]
            if isinstance(parent, _SCOPES):
                return None
            if isinstance(parent, (ast.For, ast.AsyncFor)) and node in parent.body and _binds(parent.target, expr.id):
                if expr.id in self._loop_bindings(parent):
                    return None
                return _element_of(parent.target, parent.iter)
            if isinstance(parent, _COMPREHENSIONS):
                for gen in reversed(parent.generators):
                    if _binds(gen.target, expr.id):
                        return _element_of(gen.target, gen.iter)
            node = parent
        return None

    def _through_parameter(
        self, scope: _Scope, name: str, seen: Seen, check: Callable[[ast.AST, _Scope, Seen], Nodes]
    ) -> Nodes | None:
        """Culprits at the call sites of a private module-level function, for its parameter ``name``.

        Only private (``_name``) functions qualify: every call of them is in the package, so checking
        the calls proves the parameter. None when that cannot be done (a public function or a method:
        its callers are unknown).
        """
        fn = scope.function
        unknown = None
        if fn is None or not fn.name.startswith("_") or scope.module.functions.get(fn.name) is not fn:
            return unknown
        args = fn.args
        if id(args) in seen:
            return []  # recursion through the call sites: the other call sites decide
        positional = [a.arg for a in [*args.posonlyargs, *args.args]]
        vararg = args.vararg.arg if args.vararg is not None else None
        calls = list(self._calls_of(scope.module, fn.name))
        if not calls:
            return unknown
        out: Nodes = []
        for caller, call in calls:
            if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
                return unknown
            if name == vararg:
                given: list[ast.AST] = list(call.args[len(positional) :])
                out += [b for g in given for b in self._piece(g, caller, seen | {id(args)})]
                continue
            if name in positional and positional.index(name) < len(call.args):
                given = [call.args[positional.index(name)]]
            else:
                given = [k.value for k in call.keywords if k.arg == name] or _default(fn, name)
            out += [b for g in given for b in check(g, caller, seen | {id(args)})]
        return out

    def _calls_of(self, module: _Module, name: str) -> Iterator[tuple[_Scope, ast.Call]]:
        """Calls of ``module``'s function ``name``: in the module, and where other modules import it."""
        for other in self.modules.values():
            direct = {a for a, (mod, attr) in other.imports.items() if mod == module.dotted and attr == name}
            via = {
                a
                for a, (mod, attr) in other.imports.items()
                if (mod if attr is None else f"{mod}.{attr}") == module.dotted
            }
            if other is module:
                direct.add(name)
            if not direct and not via:
                continue
            for caller, call in self._calls(other):
                func = call.func
                by_name = isinstance(func, ast.Name) and func.id in direct
                by_module = (
                    isinstance(func, ast.Attribute)
                    and func.attr == name
                    and isinstance(func.value, ast.Name)
                    and func.value.id in via
                )
                if by_name or by_module:
                    yield caller, call

    def _trusted_quoting(self, func: ast.AST, scope: _Scope) -> bool:
        """``func`` is one of the reviewed quoting helpers given to the scanner (called by any name)."""
        if not self.quoting:
            return False
        if isinstance(func, ast.Name):
            imported = scope.module.imports.get(func.id)
            dotted = f"{scope.module.dotted}.{func.id}" if imported is None else ".".join(p for p in imported if p)
            return dotted in self.quoting
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            imported = scope.module.imports.get(func.value.id)
            return imported is not None and ".".join([*(p for p in imported if p), func.attr]) in self.quoting
        return False

    def _scope(self, module: _Module, fn: ast.FunctionDef | ast.AsyncFunctionDef | None) -> _Scope:
        """The scope of function ``fn`` of ``module`` (its module-level scope for None), built once."""
        key = id(fn) if fn is not None else id(module.tree)
        if key not in self._scopes:
            self._scopes[key] = _Scope(module, fn, fn.name if fn is not None else "<module>")
        return self._scopes[key]

    def _loop_bindings(self, loop: ast.For | ast.AsyncFor) -> dict[str, Nodes]:
        if id(loop) not in self._loops:
            self._loops[id(loop)] = _collect_bindings(loop.body)
        return self._loops[id(loop)]

    def _bindings(self, name: str, scope: _Scope) -> Nodes:
        if name in scope.bindings:
            return scope.bindings[name]
        if name in scope.module.bindings and name not in scope.module.imports:
            return scope.module.bindings[name]
        return []

    def _imported(self, name: str, scope: _Scope) -> tuple[Nodes, _Scope] | None:
        """The bindings of ``name`` in the package module it is imported from (``from x import name``)."""
        imported = scope.module.imports.get(name)
        if imported is None or imported[1] is None:
            return None
        target = self.modules.get(imported[0])
        if target is None or imported[1] not in target.bindings:
            return None
        return target.bindings[imported[1]], self._scope(target, None)

    def _module_attribute(self, expr: ast.Attribute, scope: _Scope) -> tuple[Nodes, _Scope] | None:
        """``journal.TABLE`` where ``journal`` is a module of the package: TABLE's bindings there."""
        if not isinstance(expr.value, ast.Name):
            return None
        imported = scope.module.imports.get(expr.value.id)
        if imported is None:
            return None
        dotted = imported[0] if imported[1] is None else f"{imported[0]}.{imported[1]}"
        target = self.modules.get(dotted)
        if target is None or expr.attr not in target.bindings:
            return None
        return target.bindings[expr.attr], self._scope(target, None)


def _binds(target: ast.AST, name: str) -> bool:
    return any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(target))


def _element_of(target: ast.AST, collection: ast.AST) -> ast.AST:
    """The collection a loop target's names take their values from (unpacking: one level deeper)."""
    return collection if isinstance(target, ast.Name) else _Element(collection)


def _default(fn: ast.FunctionDef | ast.AsyncFunctionDef, name: str) -> list[ast.AST]:
    args = fn.args
    positional = [*args.posonlyargs, *args.args]
    for arg, default in zip(positional[len(positional) - len(args.defaults) :], args.defaults, strict=True):
        if arg.arg == name:
            return [default]
    for arg, kw_default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
        if arg.arg == name and kw_default is not None:
            return [kw_default]
    return [ast.Name(id=name)]  # not passed and no default: unknown


def _argument_for(fn: ast.FunctionDef | ast.AsyncFunctionDef, call: ast.Call, param: str) -> ast.AST | None:
    """The argument ``call`` passes for ``fn``'s parameter ``param`` (None: not passed, or unknowable)."""
    positional = [a.arg for a in [*fn.args.posonlyargs, *fn.args.args]]
    if param in positional and positional.index(param) < len(call.args):
        arg = call.args[positional.index(param)]
        return None if isinstance(arg, ast.Starred) else arg
    for keyword in call.keywords:
        if keyword.arg == param:
            return keyword.value
    return None


def _sink_name(node: ast.Call) -> str | None:
    func = node.func
    if isinstance(func, ast.Attribute) and (func.attr in SINK_METHODS or func.attr in SINK_FUNCTIONS):
        return func.attr
    if isinstance(func, ast.Name) and func.id in SINK_FUNCTIONS:
        return func.id
    return None


def _sql_argument(node: ast.Call) -> ast.AST | None:
    if node.args:
        first = node.args[0]
        return None if isinstance(first, ast.Starred) else first
    for keyword in node.keywords:
        if keyword.arg in ("statement", "query", "sql", "text", "sqltext", "clause"):
            return keyword.value
    return None


def scan_package(root: Path, package: str = "chanuka_db", *, quoting: Iterable[str] = ()) -> list[Finding]:
    """Every finding in the package rooted at ``root`` (the directory holding its ``__init__.py``)."""
    return Scanner(root, package, quoting=quoting).findings()


def scan_source(source: str, path: str = "snippet.py", *, scanner: Scanner | None = None) -> list[Finding]:
    """The findings of one source text; ``scanner``: resolve its imports against that scanner's package."""
    scanner = scanner or Scanner()
    scanner.add(path, "chanuka_db._snippet", source)
    return scanner.findings("chanuka_db._snippet")


__all__ = ["Finding", "Scanner", "scan_package", "scan_source"]
