"""Template helpers other apps use: the help panel and content notes.

{% load safety %}
{% if screening.show_help %}{% help_panel %}{% endif %}
{% content_note reply.body reasons %}   {# blurred behind a note when it may name a means #}
"""

from typing import Any

from django import template

from tearspace.safety.panels import help_panel_context
from tearspace.safety.selectors import needs_content_note as _needs_content_note

register = template.Library()


@register.inclusion_tag("safety/_help_panel.html", takes_context=True)
def help_panel(
    context: template.Context,
    heading: str = "",
    saved_words: bool = True,
    screening: Any = None,
) -> dict[str, Any]:
    """The gentle help panel; `saved_words=False` where the person did not write anything.

    "Why am I seeing this?" uses the screening passed in (or the page's `screening`); without
    one the panel says so in general words.
    """
    found = screening if screening is not None else context.get("screening")
    why = list(getattr(found, "why", None) or [])
    language = str(getattr(found, "language", "") or "")
    return {
        **help_panel_context(context["request"], why=why, language=language),
        "heading": heading,
        "saved_words": saved_words,
    }


@register.filter
def needs_content_note(reasons: list[str] | None) -> bool:
    return _needs_content_note(list(reasons or []))


@register.inclusion_tag("safety/_content_note.html")
def content_note(
    text: str, reasons: list[str] | None = None, force: bool = False
) -> dict[str, Any]:
    """Show `text`, behind a content note and a reveal when it may describe means of self-harm."""
    return {"text": text, "noted": force or _needs_content_note(list(reasons or []))}
