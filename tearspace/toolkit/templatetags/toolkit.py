"""Template helpers other apps use, so they need not import the toolkit.

{% load toolkit %}
{% tools_noted %}   {# the journal's growth page: the tools this person noted they used #}
{% due_reminders %} {# every page (base.html): a reminder the person set, once it is due #}
"""

from typing import Any

from django import template

from tearspace.accounts.models import User
from tearspace.toolkit.selectors import due_reminders as _due_reminders
from tearspace.toolkit.selectors import tool_tallies

register = template.Library()


@register.inclusion_tag("toolkit/_tools_noted.html", takes_context=True)
def tools_noted(context: template.Context) -> dict[str, Any]:
    """How often the signed-in person noted each toolkit tool; nothing for anyone else."""
    user = context["request"].user
    return {"tallies": tool_tallies(owner=user) if isinstance(user, User) else []}


@register.inclusion_tag("toolkit/_due_reminders.html", takes_context=True)
def due_reminders(context: template.Context) -> dict[str, Any]:
    """The signed-in person's due reminders (one indexed query); nothing for anyone else."""
    user = context["request"].user
    return {"due": _due_reminders(owner=user) if isinstance(user, User) else []}
