"""The signed-in home, "today": sections each app adds through `register` (nothing below imports
them), drawn in `order` under the greeting: the quick log, how are you now, rooms soon, tools."""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class TodaySection:
    """One part of the home: `template` drawn with `section` = `context(request)`.

    `context` reads for the signed-in person of `request`; it returns None to leave the section
    out today (nothing to show). Lower `order` comes first.
    """

    name: str
    order: int
    template: str
    context: Callable[[HttpRequest], dict[str, object] | None]


_sections: dict[str, TodaySection] = {}


def register(section: TodaySection) -> None:
    """Add (or replace, by name) a section of the signed-in home; call from an app's `ready()`."""
    _sections[section.name] = section


def sections_for(request: HttpRequest) -> list[tuple[str, dict[str, object]]]:
    """The sections to draw for the signed-in person of `request`: (template, context), in order."""
    drawn = []
    for section in sorted(_sections.values(), key=lambda s: (s.order, s.name)):
        context = section.context(request)
        if context is not None:
            drawn.append((section.template, context))
    return drawn
