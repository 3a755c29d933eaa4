"""How times read to people: `{% load when %}{{ moment|ago }}`.

Every relative time on a page goes through `ago` ("just now", never "0 minutes ago"); every
absolute one through the named formats (`|date:"DATE_FORMAT"`, `"DATETIME_FORMAT"`,
`"YEAR_MONTH_FORMAT"`, `"TIME_FORMAT"`), which `config/formats/<language>/` set once per
language.
"""

from datetime import datetime, timedelta

from django import template
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

register = template.Library()

JUST_NOW = timedelta(minutes=1)


def ago_text(moment: datetime, now: datetime | None = None) -> str:
    """Say how long before `now` (default: this instant) `moment` was, in the active language.

    Under a minute (and a moment a clock slightly ahead puts in the future) is "just now";
    otherwise the largest unit only: "5 minutes ago", "2 hours ago", "3 days ago".
    """
    now = now or timezone.now()
    if now - moment < JUST_NOW:
        return _("just now")
    return _("%(time)s ago") % {"time": timesince(moment, now, depth=1)}


@register.filter
def ago(moment: datetime | None) -> str:
    """Template filter over `ago_text`; an empty value stays empty."""
    return ago_text(moment) if moment else ""
