from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tearspace.circles.events import display_name
from tearspace.circles.models import Reply, Share
from tearspace.core.templatetags.when import ago_text

register = template.Library()


@register.filter
def reply_name(reply: Reply) -> str:
    """The name shown on a reply: a community author keeps their pseudonym on their own share."""
    return display_name(reply)


@register.filter
def shared_when(share: Share) -> str:
    """How long ago a share was made; only the day for a community share (see shown_created)."""
    if not share.community:
        return ago_text(share.created)
    day = timezone.localdate(share.created)
    days = (timezone.localdate() - day).days
    if days <= 0:
        return _("today")
    if days == 1:
        return _("yesterday")
    if days < 7:
        return ngettext("%(days)d day ago", "%(days)d days ago", days) % {"days": days}
    return date_format(day, "DATE_FORMAT")
