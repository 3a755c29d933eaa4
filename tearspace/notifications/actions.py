"""Every notifications write, and the only place that sends the notification live event."""

from collections.abc import Callable, Mapping
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tearspace.accounts.models import User
from tearspace.notifications import events
from tearspace.notifications.models import Notification, NotificationKind, NotificationSettings
from tearspace.notifications.selectors import in_quiet_hours, notification_list

DIGEST_EVERY = timedelta(hours=20)
DIGEST_SUBJECT = gettext_lazy("Something is waiting for you on Tearspace")


# What a notification says: a lazy message (with `params` for its placeholders) or a function
# that builds the text. Either is rendered in the recipient's language, not the sender's.
NotificationText = str | Promise | Callable[[], str]


class NotificationsError(ValueError):
    """A write that cannot happen, with a warm reason to show the person."""


def recipient_language(person_id: int) -> str:
    """The language `person_id` reads the site in (the site's own when they chose none)."""
    language = User.objects.filter(pk=person_id).values_list("language", flat=True).first()
    return language or settings.LANGUAGE_CODE


def render_for(
    person_id: int,
    text: NotificationText,
    params: Mapping[str, object] | None = None,
    language: str | None = None,
) -> str:
    """Render `text` (with `params`) for `person_id` to read later: in their language.

    The one place texts left for someone else are turned into words; lazy values among
    `params` are rendered in that language too. A caller that already read the person's
    `language` (a fan-out over many recipients) passes it and saves a query each.
    """
    chosen = recipient_language(person_id) if language is None else language
    with translation.override(chosen or settings.LANGUAGE_CODE):
        words = text() if callable(text) else str(text)
        return words % dict(params) if params is not None else words


def do_notify(
    *,
    recipient_id: int,
    kind: str,
    text: NotificationText,
    params: Mapping[str, object] | None = None,
    url: str = "",
    actor_id: int | None = None,
    share_id: int | None = None,
    invitation_id: int | None = None,
    language: str | None = None,
) -> Notification:
    """Leave a notification of `kind` (a NotificationKind value) for `recipient_id`.

    It waits on the notifications page and pops up live outside the person's quiet hours.
    `actor_id` is who caused it (blocks with them hide it); `share_id` / `invitation_id` tie it
    to a circles share or invitation, `url` says where it leads for anything else. Text and url
    are cut to 200 characters. `text` is a lazy message (`params` fill its placeholders) or a
    function returning the words; it is rendered here in the recipient's language, since they
    read it later, not the person whose action left it (`language`: theirs, when the caller
    has already read it). Raises NotificationsError for an unknown kind.
    """
    if kind not in NotificationKind.values:
        raise NotificationsError(_("That kind of notification is not known."))
    notification = Notification.objects.create(
        recipient_id=recipient_id,
        kind=kind,
        text=render_for(recipient_id, text, params, language)[:200],
        actor_id=actor_id,
        share_id=share_id,
        invitation_id=invitation_id,
        url=url[:200],
    )
    events.send_notification_added(notification)
    return notification


def do_mark_notifications_read(*, person: User) -> int:
    """Mark every unread notification of `person` read now; return how many were unread."""
    return Notification.objects.filter(recipient=person, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def do_save_notification_settings(
    *, person: User, quiet_start: time | None, quiet_end: time | None, email_digest: bool
) -> NotificationSettings:
    """Save quiet hours (both or neither mean anything) and the digest choice.

    Raises NotificationsError when the digest is asked for without an email address.
    """
    if email_digest and not person.email:
        raise NotificationsError(
            _("Add an email address in Settings first, then turn on the digest.")
        )
    prefs, _created = NotificationSettings.objects.update_or_create(
        person=person,
        defaults={"quiet_start": quiet_start, "quiet_end": quiet_end, "email_digest": email_digest},
    )
    return prefs


def do_send_email_digests(*, now: datetime | None = None) -> int:
    """Email each opted-in person, at most daily, how many notifications wait for them.

    The email names no one and quotes nothing: an inbox is read by other software and
    sometimes other people, so it only says how many and links back. Returns emails sent.
    """
    now = now or timezone.now()
    sent = 0
    due = (
        NotificationSettings.objects.filter(email_digest=True, person__is_active=True)
        .exclude(person__email="")
        .exclude(digest_sent_at__gt=now - DIGEST_EVERY)
    )
    for prefs in due.select_related("person"):
        if in_quiet_hours(prefs.person_id, now):
            continue
        waiting = notification_list(person_id=prefs.person_id).filter(read_at__isnull=True)
        if prefs.digest_sent_at is not None:
            waiting = waiting.filter(created__gt=prefs.digest_sent_at)
        count = waiting.count()
        if count:
            link = settings.SITE_URL.rstrip("/") + reverse("circles:notifications")
            with translation.override(prefs.person.language or settings.LANGUAGE_CODE):
                subject = str(DIGEST_SUBJECT)
                message = _digest_body(count, link)
            send_mail(
                subject=subject,
                message=message,
                from_email=None,
                recipient_list=[prefs.person.email],
            )
            sent += 1
            NotificationSettings.objects.filter(pk=prefs.pk).update(digest_sent_at=now)
    return sent


def _digest_body(count: int, link: str) -> str:
    """The digest email's words, in the active language."""
    waiting = ngettext(
        "You have %(count)d new notification from your circles and the community.",
        "You have %(count)d new notifications from your circles and the community.",
        count,
    ) % {"count": count}
    return "\n\n".join(
        [
            waiting,
            _("Read them when you're ready: %(link)s") % {"link": link},
            _("You can turn these emails off on that page."),
        ]
    )
