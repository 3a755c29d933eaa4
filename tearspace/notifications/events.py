"""The live notification event, to the recipient's open tabs (/ws/me/): its shape and who gets it.

The recipient is decided inside the action's transaction, from what it has just written, and the
event leaves through the transaction's outbox after commit: quiet hours, a revoked share or a
block are respected.
"""

from typing import Any, Literal, TypedDict

from django.urls import reverse

from tearspace.core.events import send_personal_event_on_commit
from tearspace.notifications.models import Notification
from tearspace.notifications.selectors import in_quiet_hours, notification_list


class NotificationAdded(TypedDict):
    type: Literal["notification"]
    op: Literal["add"]
    notification: dict[str, Any]  # {"id", "text", "url"}


def notification_url(notification: Notification) -> str:
    """Where a notification leads: its own `url`, else the circles share or circles home."""
    if notification.url:
        return notification.url
    if notification.share_id:
        return reverse("circles:share", args=[notification.share_id])
    return reverse("circles:index")


def send_notification_added(notification: Notification) -> None:
    """Tell the recipient, unless it is their quiet hours (it waits on the notifications page)
    or their notifications page would not show it (revoked share, block)."""
    if in_quiet_hours(notification.recipient_id):
        return
    # The same filter as the notifications page: revocation and blocks apply.
    still = notification_list(person_id=notification.recipient_id).filter(pk=notification.pk)
    if not still.exists():
        return
    event: NotificationAdded = {
        "type": "notification",
        "op": "add",
        "notification": {
            "id": notification.pk,
            "text": notification.text,
            "url": notification_url(notification),
        },
    }
    send_personal_event_on_commit(notification.recipient_id, event)
