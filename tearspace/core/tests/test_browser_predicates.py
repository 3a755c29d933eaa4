"""Browser tests poll with functions, never with bare expressions.

Playwright re-evaluates a bare-expression predicate inside the page with ``eval``, which
the site's Content Security Policy (no ``'unsafe-eval'``) refuses; the first check runs
through the DevTools protocol and passes, so such a wait only fails when the condition is
not already true — a flake that shows on a loaded CI machine. A predicate written as a
function (``"() => …"``, ``"el => …"``) is passed as a function and is never evaluated
from a string in the page.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
FUNCTION = re.compile(r"^\s*(async\s+)?(\([^)]*\)|[A-Za-z_$][\w$]*)\s*=>|^\s*(async\s+)?function\b")


def _text(node: ast.expr) -> str:
    """The predicate's source as written; an f-string's fields read as ``{…}``."""
    if isinstance(node, ast.Constant):
        return str(node.value)
    if isinstance(node, ast.JoinedStr):
        return "".join(
            _text(part) if isinstance(part, ast.Constant) else "{…}" for part in node.values
        )
    return ast.unparse(node)


def _predicates() -> list[tuple[str, str]]:
    found = []
    for path in sorted((ROOT / "tearspace").rglob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "wait_for_function"
                and node.args
            ):
                first = node.args[0]
                found.append((f"{path.relative_to(ROOT)}:{node.lineno}", _text(first)))
    return found


def test_the_scan_finds_the_browser_waits() -> None:
    assert len(_predicates()) >= 5


@pytest.mark.parametrize(("where", "predicate"), _predicates(), ids=lambda v: str(v)[:60])
def test_every_wait_for_function_is_given_a_function(where: str, predicate: str) -> None:
    assert FUNCTION.match(predicate), f"{where}: write the predicate as '() => …'"


@pytest.mark.parametrize(
    ("predicate", "is_function"),
    [
        ("() => x === 1", True),
        ("el => el.hidden", True),
        ("async () => await f()", True),
        ("function () { return 1 }", True),
        ("document.title === ''", False),
        ("!document.hidden", False),
        ("navigator.serviceWorker.controller !== null", False),
    ],
)
def test_the_function_pattern(predicate: str, is_function: bool) -> None:
    assert bool(FUNCTION.match(predicate)) is is_function
