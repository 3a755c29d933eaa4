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
    urgent: bool = False,
    new_tab: bool = False,
) -> dict[str, Any]:
    """The gentle help panel; `saved_words=False` where the person did not write anything;
    `new_tab` opens its links in a new tab, for a page that must stay open (a live room).

    "Why am I seeing this?" uses the screening passed in (or the page's `screening`); without
    one the panel says so in general words. For imminent risk (`urgent`, or a screening at
    level "urgent") the emergency number comes first and no peer listener is offered: someone
    who may be in danger now needs emergency help, not a volunteer.
    """
    found = screening if screening is not None else context.get("screening")
    urgent = urgent or getattr(found, "level", "") == "urgent"
    why = list(getattr(found, "why", None) or [])
    language = str(getattr(found, "language", "") or "")
    return {
        **help_panel_context(context["request"], why=why, language=language),
        "heading": heading,
        "saved_words": saved_words,
        "urgent": urgent,
        "new_tab": new_tab,
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


@register.inclusion_tag("safety/_band.html")
def band_bar(score: int, max_score: int, band: str, labelled: bool = True) -> dict[str, Any]:
    """A self-check total as a bar coloured by its standard band (`band-<slug>` in safety.css).

    The colours rise from calm blue to red with the band and are never green, so a high band
    never reads as "good"; the band is always said in words beside or under the bar.
    """
    percent = round(100 * max(0, min(score, max_score)) / max_score) if max_score else 0
    return {
        "score": score,
        "max_score": max_score,
        "band": band,
        "slug": band.replace(" ", "-"),
        "percent": percent,
        "labelled": labelled,
    }
