from django import template

from tearspace.circles.events import display_name
from tearspace.circles.models import Reply

register = template.Library()


@register.filter
def reply_name(reply: Reply) -> str:
    """The name shown on a reply: a community author keeps their pseudonym on their own share."""
    return display_name(reply)
