"""Reads of what a person chose to keep; every one is scoped to its owner."""

from dataclasses import dataclass

from django.db.models import Count, Max
from django.utils import timezone
from django.utils.functional import Promise

from tearspace.accounts.models import User
from tearspace.toolkit.catalogue import TOOLS_BY_KEY
from tearspace.toolkit.models import Reminder, ToolUse


@dataclass(frozen=True)
class ToolTally:
    key: str
    title: str | Promise
    helped: str  # the journal's "what helped" key
    count: int


def tool_tallies(*, owner: User) -> list[ToolTally]:
    """How often `owner` noted each tool, most used first (one query)."""
    rows = (
        ToolUse.objects.filter(user=owner)
        .values("tool")
        .annotate(count=Count("id"), last=Max("at"))
        .order_by("-count", "-last")
    )
    return [
        ToolTally(
            row["tool"],
            TOOLS_BY_KEY[row["tool"]].title,
            TOOLS_BY_KEY[row["tool"]].helped,
            row["count"],
        )
        for row in rows
        if row["tool"] in TOOLS_BY_KEY
    ]


def tool_use_list(*, owner: User, limit: int = 50) -> list[ToolUse]:
    """`owner`'s most recent notes of a tool used, newest first."""
    return list(ToolUse.objects.filter(user=owner).order_by("-at")[:limit])


def due_reminders(*, owner: User) -> list[Reminder]:
    """`owner`'s reminders whose time has come."""
    return list(Reminder.objects.filter(user=owner, due_at__lte=timezone.now()).order_by("due_at"))


def pending_reminders(*, owner: User) -> list[Reminder]:
    """`owner`'s reminders still ahead."""
    return list(Reminder.objects.filter(user=owner, due_at__gt=timezone.now()).order_by("due_at"))
