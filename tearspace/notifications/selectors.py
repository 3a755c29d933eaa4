"""Reads about notifications and quiet hours."""

from datetime import datetime, time

from django.db.models import Q, QuerySet
from django.utils import timezone

from tearspace.accounts import clock
from tearspace.accounts.models import Block, User
from tearspace.notifications.models import Notification, NotificationSettings


def notification_list(*, person_id: int) -> QuerySet[Notification]:
    """A person's notifications, minus revoked shares and anyone with a block between us.

    Notifications name their actor by handle (a community author is never the actor of one).
    """
    blocked = Block.objects.filter(Q(blocker_id=person_id) | Q(blocked_id=person_id))
    return (
        Notification.objects.filter(recipient_id=person_id)
        .filter(Q(share__isnull=True) | Q(share__revoked_at__isnull=True))
        .exclude(actor_id__in=blocked.filter(blocker_id=person_id).values("blocked_id"))
        .exclude(actor_id__in=blocked.filter(blocked_id=person_id).values("blocker_id"))
    )


def notification_settings_for(*, person: User) -> NotificationSettings:
    """The person's saved settings, or unsaved defaults (no quiet hours, no digest)."""
    saved = NotificationSettings.objects.filter(person=person).first()
    return saved or NotificationSettings(person=person)


def in_quiet_hours(person_id: int, now: datetime | None = None) -> bool:
    """Whether `now` (default: this moment) falls in the person's quiet hours, read in their
    own time zone. Quiet hours may wrap past midnight (22:00 to 07:00)."""
    prefs = (
        NotificationSettings.objects.select_related("person").filter(person_id=person_id).first()
    )
    if prefs is None or prefs.quiet_start is None or prefs.quiet_end is None:
        return False
    moment: time = clock.local(now or timezone.now(), prefs.person).time()
    start, end = prefs.quiet_start, prefs.quiet_end
    if start <= end:
        return start <= moment < end
    return moment >= start or moment < end


def unread_count(*, person_id: int) -> int:
    """How many of the person's visible notifications (see `notification_list`) are unread."""
    return notification_list(person_id=person_id).filter(read_at__isnull=True).count()
