"""The tools, in one place: the index, the URLs, the offline copy and the tests all read this."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ToolPage:
    key: str  # also the URL name under "toolkit:" and the template name
    path: str  # under /toolkit/
    title: str | Promise
    blurb: str | Promise
    # The journal's "what helped" key this tool stands for; "" when it is not one tool one uses.
    helped: str = ""


TOOL_PAGES: tuple[ToolPage, ...] = (
    ToolPage(
        "breathe",
        "breathe/",
        _("Guided breathing"),
        _("Slow breaths with a calm guide. Eyes open or closed."),
        "breathing",
    ),
    ToolPage(
        "grounding",
        "grounding/",
        _("5-4-3-2-1 grounding"),
        _("Come back to the room, one sense at a time."),
        "grounding",
    ),
    ToolPage(
        "pause",
        "pause/",
        _("Pause my tears"),
        _("Wrong place, wrong time? A 60-second guide to hold them for now."),
        "thumb_press",
    ),
    ToolPage(
        "after",
        "after-a-cry/",
        _("After a cry"),
        _("A quiet minute, some water, and a word for what you felt."),
        "quiet_minute",
    ),
    ToolPage(
        "safe_space",
        "safe-space/",
        _("A safe crying space"),
        _("A checklist for a place where tears are welcome."),
    ),
    ToolPage(
        "ways",
        "ways-to-cope/",
        _("Other ways to cope"),
        _("Small things that help, each with one tiny first step."),
    ),
)

TOOLS_BY_KEY = {tool.key: tool for tool in TOOL_PAGES}

# Tools a person can note they used: the ones that stand for something in "what helped".
USABLE_TOOLS = [(tool.key, tool.title) for tool in TOOL_PAGES if tool.helped]
