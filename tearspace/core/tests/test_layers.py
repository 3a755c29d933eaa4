"""The order of layers in docs/architecture.md holds for every import in the app code.

Each app sits on a layer; an app may import its own layer's apps and those below, never above.
Every import counts, at module level or inside a function (and under TYPE_CHECKING for the
order of layers): an import moved into a function to dodge a cycle is still a cycle, so the
cycle check follows every import that runs. Tests and migrations are left out: tests reach
across apps to build their worlds, and a migration only names models through the historical
app registry.
"""

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from tempfile import TemporaryDirectory

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parents[2]  # the tearspace package

# Lowest first; the same list is drawn in docs/architecture.md.
LAYERS: list[set[str]] = [
    {"ml"},
    {"lib", "core", "accounts", "notifications"},
    {"safety"},
    {"journal", "toolkit"},
    {"circles", "conversations"},
    {"rooms", "support", "care"},
]
LAYER_OF = {app: depth for depth, apps in enumerate(LAYERS) for app in apps}


@dataclass(frozen=True)
class Import:
    importer: str  # dotted module that imports, e.g. "tearspace.journal.actions"
    imported: str  # dotted module it imports, resolved to a module file where one exists
    line: int
    when: str  # "module level", "inside a function" or "for types only" (never runs)

    def __str__(self) -> str:
        return f"{self.importer}:{self.line} imports {self.imported} ({self.when})"


def app_modules() -> dict[str, Path]:
    """Every module of the app code, by dotted name (packages by their __init__)."""
    modules = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        if "tests" in parts or "migrations" in parts:
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


def _resolve(name: str, known: dict[str, Path]) -> str:
    """`name` itself if it is a module we know, else the nearest known package above it."""
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name


def _targets(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        package = module if is_package else module.rpartition(".")[0]
        for _ in range(node.level - 1):
            package = package.rpartition(".")[0]
        base = f"{package}.{base}" if base else package
    # "from package import module" imports the module; "from module import name" the module.
    return [f"{base}.{alias.name}" for alias in node.names] + [base]


def _walk(tree: ast.AST, *, when: str) -> Iterator[tuple[ast.AST, str]]:
    """Every node with when it runs (see `Import.when`)."""
    for child in ast.iter_child_nodes(tree):
        if _is_type_checking(child):
            child_when = "for types only"
        elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            child_when = "inside a function" if when == "module level" else when
        else:
            child_when = when
        yield child, child_when
        yield from _walk(child, when=child_when)


def _is_type_checking(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.If)
        and isinstance(node.test, ast.Name | ast.Attribute)
        and ast.unparse(node.test).endswith("TYPE_CHECKING")
    )


def imports_of(module: str, path: Path, known: dict[str, Path]) -> set[Import]:
    """The Tearspace modules `module` imports, each resolved to the module it loads."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found = set()
    for node, when in _walk(tree, when="module level"):
        if not isinstance(node, ast.Import | ast.ImportFrom):
            continue
        for target in _targets(node, module, path.name == "__init__.py"):
            resolved = _resolve(target, known)
            if resolved.startswith("tearspace.") and resolved != module:
                found.add(Import(module, resolved, node.lineno, when))
    # "from a import b, c": keep only the most precise target of each statement.
    precise = {(i.line, i.imported) for i in found}
    return {
        i
        for i in found
        if not any(line == i.line and other.startswith(i.imported + ".") for line, other in precise)
    }


def app_of(module: str) -> str:
    return module.split(".")[1]


def all_imports() -> set[Import]:
    known = app_modules()
    return {i for module, path in known.items() for i in imports_of(module, path, known)}


def upward_imports(imports: set[Import]) -> list[str]:
    return sorted(
        str(i)
        for i in imports
        if len(i.imported.split(".")) > 1
        and LAYER_OF[app_of(i.imported)] > LAYER_OF[app_of(i.importer)]
    )


def module_cycles(imports: set[Import]) -> list[list[str]]:
    """Groups of modules that import each other when they run (Tarjan's strongly connected
    components of more than one module), each sorted."""
    graph: dict[str, set[str]] = {}
    for i in imports:
        if i.when != "for types only":
            graph.setdefault(i.importer, set()).add(i.imported)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(groups)


class CheckerTests(SimpleTestCase):
    """The checker itself finds what it is there to find."""

    def test_it_finds_a_function_level_import_that_runs_upwards(self) -> None:
        source = "def keep():\n    from tearspace.rooms.models import Room\n"
        with TemporaryDirectory() as folder:
            path = Path(folder) / "actions.py"
            path.write_text(source)
            known = {"tearspace.journal.actions": path, "tearspace.rooms.models": path}
            found = imports_of("tearspace.journal.actions", path, known)
        assert upward_imports(found) == [
            "tearspace.journal.actions:2 imports tearspace.rooms.models (inside a function)"
        ]

    def test_it_lets_an_app_import_its_own_layer_and_below(self) -> None:
        down = Import("tearspace.rooms.actions", "tearspace.circles.models", 1, "module level")
        side = Import("tearspace.core.views", "tearspace.accounts.models", 1, "module level")
        assert upward_imports({down, side}) == []

    def test_it_finds_a_cycle_even_through_a_function_level_import(self) -> None:
        there = Import("tearspace.rooms.events", "tearspace.rooms.fanout", 1, "module level")
        back = Import("tearspace.rooms.fanout", "tearspace.rooms.events", 9, "inside a function")
        for_types = Import("tearspace.rooms.fanout", "tearspace.rooms.events", 5, "for types only")
        cycle = [["tearspace.rooms.events", "tearspace.rooms.fanout"]]
        assert module_cycles({there, back}) == cycle
        assert module_cycles({there, for_types}) == []


class LayerTests(SimpleTestCase):
    def test_every_app_has_a_layer(self) -> None:
        apps = {p.name for p in ROOT.iterdir() if (p / "__init__.py").exists()}
        assert apps - set(LAYER_OF) == set()

    def test_no_import_runs_up_the_layers(self) -> None:
        upward = upward_imports(all_imports())
        assert upward == [], "\n".join(["Imports that run upwards:", *upward])

    def test_modules_do_not_import_each_other_in_a_cycle(self) -> None:
        cycles = module_cycles(all_imports())
        assert cycles == [], "\n".join(" ↔ ".join(group) for group in cycles)

    def test_ml_does_not_know_django(self) -> None:
        for path in (ROOT / "ml").rglob("*.py"):
            if "tests" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
                    names.append(getattr(node, "module", None) or "")
                    with self.subTest(path=str(path)):
                        assert not [n for n in names if n.split(".")[0] == "django"]
