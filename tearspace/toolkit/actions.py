"""Every write the toolkit makes. Each is the person's own choice; none sends a live event."""

import datetime as dt

from django.utils import timezone

from tearspace.accounts.models import User
from tearspace.toolkit.catalogue import USABLE_TOOLS
from tearspace.toolkit.models import Reminder, ToolUse

USABLE_KEYS = frozenset(key for key, _title in USABLE_TOOLS)


class UnknownTool(ValueError):
    """The tool key is not one a person can note they used."""


def do_record_tool_use(*, user: User, tool: str) -> ToolUse:
    """Note privately that `user` used `tool` just now. Raises UnknownTool for other keys."""
    if tool not in USABLE_KEYS:
        raise UnknownTool(tool)
    return ToolUse.objects.create(user=user, tool=tool)


def next_local_time(*, user: User, at: dt.time, now: dt.datetime | None = None) -> dt.datetime:
    """The next moment the clock reads `at` in the person's own time zone (aware, in UTC)."""
    now = now or timezone.now()
    local_now = now.astimezone(user.zone)
    candidate = dt.datetime.combine(local_now.date(), at, tzinfo=user.zone)
    if candidate <= local_now:
        candidate = dt.datetime.combine(local_now.date() + dt.timedelta(days=1), at, user.zone)
    return candidate.astimezone(dt.UTC)


def do_set_reminder(*, user: User, at: dt.time, now: dt.datetime | None = None) -> Reminder:
    """Remind `user` in the app the next time their clock reads `at` (their own time zone)."""
    return Reminder.objects.create(user=user, due_at=next_local_time(user=user, at=at, now=now))


def do_dismiss_reminder(*, user: User, reminder_id: int) -> bool:
    """Remove one of `user`'s own reminders; False when there is no such reminder of theirs."""
    deleted, _ = Reminder.objects.filter(user=user, pk=reminder_id).delete()
    return deleted > 0
