"""docs/events.md lists exactly the live event types the code defines, and every event the
senders build has a defined shape."""

import importlib
import re
from pathlib import Path
from types import ModuleType
from typing import get_args, get_type_hints, is_typeddict

from tearspace.lib import fanout

ROOT = Path(__file__).resolve().parents[3]
APP_CODE = [
    path
    for path in sorted((ROOT / "tearspace").rglob("*.py"))
    if not {"tests", "migrations"} & set(path.relative_to(ROOT).parts)
]
# Where event shapes are defined: every app's events.py (TypedDicts with a literal `type`), and
# the hub's own resync frame.
SHAPES: list[ModuleType] = [
    importlib.import_module(".".join(path.relative_to(ROOT).with_suffix("").parts))
    for path in APP_CODE
    if path.name == "events.py"
] + [fanout]
# Where events are built: only actions send live events (STYLE.md), with their events.py.
SENDERS = [
    path
    for path in APP_CODE
    if path.name == "events.py" or path.stem.endswith("actions") or path.parent.name == "actions"
]


def defined_types() -> set[str]:
    """Every `type` value of a TypedDict in the event modules."""
    found: set[str] = set()
    for module in SHAPES:
        for shape in vars(module).values():
            if is_typeddict(shape) and "type" in (hints := get_type_hints(shape)):
                found.update(get_args(hints["type"]))
    return found


def documented_types() -> set[str]:
    """The first cell of each row of the table under "## Event types" in docs/events.md."""
    text = (ROOT / "docs" / "events.md").read_text()
    section = text.split("\n## Event types\n", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.MULTILINE))


def built_types() -> set[str]:
    """Every `"type": "…"` literal in the modules that build events."""
    found: set[str] = set()
    for path in SENDERS:
        found.update(re.findall(r'"type": "([a-z_]+)"', path.read_text()))
    return found


def test_every_defined_event_type_is_documented_and_nothing_else() -> None:
    defined, documented = defined_types(), documented_types()
    assert defined - documented == set(), "defined in code, missing in docs/events.md"
    assert documented - defined == set(), "in docs/events.md, defined nowhere"


def test_every_event_the_senders_build_has_a_defined_shape() -> None:
    assert built_types() - defined_types() == set()


def test_the_check_reads_every_apps_events() -> None:
    # A new app's events.py is picked up without being listed here.
    names = {module.__name__ for module in SHAPES}
    assert {"tearspace.rooms.events", "tearspace.notifications.events"} <= names


def test_the_check_sees_the_whole_table() -> None:
    # A table the parser stopped reading would make the first test pass on too little.
    assert len(documented_types()) >= 25
    assert "resync" in documented_types()
