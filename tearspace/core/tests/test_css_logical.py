"""Layouts that would survive a right-to-left language: side-specific CSS uses logical properties.

`margin-inline-start`, not `margin-left`; `text-align: start`, not `left`; `inset-inline-end`,
not `right`. A declaration that must stay physical says why in a `/* physical: … */` comment
on its line (the toasts are centred with a translate, which has no logical form).
"""

import re
from pathlib import Path

from django.conf import settings

CSS = sorted((Path(settings.BASE_DIR) / "static" / "css").glob("*.css"))
PHYSICAL = re.compile(
    r"(?:margin|padding|border)-(?:left|right)\b|text-align:\s*(?:left|right)\b"
    r"|float:\s*(?:left|right)\b|(?:^|[\s;{])(?:left|right)\s*:"
)


def physical_lines(text: str) -> list[tuple[int, str]]:
    """(line number, line) of each line with a side-specific property and no reason given."""
    return [
        (number, line.strip())
        for number, line in enumerate(text.splitlines(), start=1)
        if PHYSICAL.search(line) and "physical:" not in line
    ]


def test_the_check_finds_each_physical_form_and_accepts_logical_ones():
    planted = [
        ".a { margin-left: 1rem; }",
        ".b { padding-right: 0; }",
        ".c { text-align: left; }",
        ".d { position: absolute; right: 0; }",
        ".e { border-left: 6px solid red; }",
        ".f { float: right; }",
    ]
    assert [bool(physical_lines(line)) for line in planted] == [True] * len(planted)
    logical = ".a { margin-inline-start: 1rem; inset-inline-end: 0; text-align: start; }"
    assert physical_lines(logical) == []
    assert physical_lines(".t { left: 50%; } /* physical: centred with translate */") == []


def test_the_shipped_style_sheets_use_logical_properties():
    assert CSS
    found = {path.name: physical_lines(path.read_text()) for path in CSS}
    assert {name: lines for name, lines in found.items() if lines} == {}
