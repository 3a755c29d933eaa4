"""Live circles events. Recipients are worked out when the event is sent (after commit), so a
share revoked or a person blocked in the meantime is respected.

Event shapes (all to /ws/me/):
  {"type": "circle_share", "op": "add", "share": {...}}
  {"type": "circle_share", "op": "remove", "share_id": 1}
  {"type": "share_reply", "op": "add" | "remove", "share_id": 1, "reply": {...} | "reply_id": 2}
  {"type": "share_reaction", "op": "add", "share_id": 1, "kind": "here"}
  {"type": "notification", "op": "add", "notification": {"id", "text", "url"}}
"""

from datetime import datetime, time
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tearspace.accounts import clock
from tearspace.circles.access import (
    is_blocked_between,
    is_hidden_by_block,
    reply_shown_person_id,
    shown_person_id,
)
from tearspace.circles.models import (
    CircleMembership,
    CircleSettings,
    Notification,
    Reply,
    Share,
    ShareMute,
    ShareView,
)
from tearspace.core.events import send_personal_event_on_commit


def audience_ids(share: Share) -> set[int]:
    """Everyone who can see (or, if revoked, could see) `share`, author included.

    Circle shares: the members of its circles. Community shares: the people who opened it,
    because the community is too big to tell everyone, minus those who muted it (blocks do not
    apply to a pseudonym).
    """
    ids = {share.author_id}
    if share.community:
        ids |= set(ShareView.objects.filter(share=share).values_list("viewer_id", flat=True))
        ids -= set(ShareMute.objects.filter(share=share).values_list("person_id", flat=True))
    else:
        ids |= set(
            CircleMembership.objects.filter(circle__shares=share).values_list(
                "member_id", flat=True
            )
        )
    shown = shown_person_id(share)
    return {i for i in ids if i == share.author_id or not is_hidden_by_block(i, shown)}


def share_card(share: Share) -> dict[str, Any]:
    """What every recipient may know about a share: never the author of a community share."""
    return {
        "id": share.pk,
        "url": reverse("circles:share", args=[share.pk]),
        "by": share.pseudonym if share.community else share.author.username,
        "community": share.community,
        "content_note": next(iter(share.content_notes), ""),
        "content_notes": share.content_notes,
    }


def reply_card(reply: Reply) -> dict[str, Any]:
    return {
        "id": reply.pk,
        "by": display_name(reply),
        "body": reply.body,
        "sent_anyway": reply.sent_anyway,
        "content_notes": reply.content_notes,
        "content_note_label": reply.content_note_label,
    }


def display_name(reply: Reply) -> str:
    """A community author replying on their own share keeps their pseudonym."""
    return reply.share.pseudonym if reply_shown_person_id(reply) is None else reply.author.username


def _send(ids: set[int], event: dict[str, Any]) -> None:
    for user_id in sorted(ids):
        send_personal_event_on_commit(user_id, event)


def share_added_on_commit(share_id: int) -> None:
    def send() -> None:
        share = Share.objects.select_related("author").filter(pk=share_id).first()
        if share is None or share.revoked_at is not None or share.community:
            return
        ids = audience_ids(share) - {share.author_id}
        _send(ids, {"type": "circle_share", "op": "add", "share": share_card(share)})

    transaction.on_commit(send)


def share_removed_on_commit(share_id: int, also: frozenset[int] = frozenset()) -> None:
    """Tell everyone who could see the share; `also` adds people from a circle being deleted."""

    def send() -> None:
        share = Share.objects.filter(pk=share_id).first()
        if share is None:
            return
        extra = {i for i in also if not is_hidden_by_block(i, shown_person_id(share))}
        ids = audience_ids(share) | extra
        _send(ids, {"type": "circle_share", "op": "remove", "share_id": share_id})

    transaction.on_commit(send)


def reply_added_on_commit(reply_id: int) -> None:
    def send() -> None:
        reply = Reply.objects.select_related("share", "author").filter(pk=reply_id).first()
        if reply is None or not reply.is_visible or reply.share.revoked_at is not None:
            return
        shown = reply_shown_person_id(reply)
        ids = {
            i
            for i in audience_ids(reply.share) - {reply.author_id}
            if not is_hidden_by_block(i, shown)
        }
        _send(
            ids,
            {
                "type": "share_reply",
                "op": "add",
                "share_id": reply.share_id,
                "reply": reply_card(reply),
            },
        )

    transaction.on_commit(send)


def reply_removed_on_commit(reply_id: int, share_id: int) -> None:
    def send() -> None:
        share = Share.objects.filter(pk=share_id).first()
        if share is None:
            return
        event = {"type": "share_reply", "op": "remove", "share_id": share_id, "reply_id": reply_id}
        _send(audience_ids(share), event)

    transaction.on_commit(send)


def reaction_added_on_commit(share_id: int, person_id: int, kind: str) -> None:
    def send() -> None:
        share = Share.objects.filter(pk=share_id, revoked_at__isnull=True).first()
        if share is None or is_blocked_between(share.author_id, person_id):
            return
        event = {"type": "share_reaction", "op": "add", "share_id": share_id, "kind": kind}
        _send({share.author_id}, event)

    transaction.on_commit(send)


def in_quiet_hours(person_id: int, now: datetime | None = None) -> bool:
    prefs = CircleSettings.objects.select_related("person").filter(person_id=person_id).first()
    if prefs is None or prefs.quiet_start is None or prefs.quiet_end is None:
        return False
    moment: time = clock.local(now or timezone.now(), prefs.person).time()
    start, end = prefs.quiet_start, prefs.quiet_end
    if start <= end:
        return start <= moment < end
    return moment >= start or moment < end


def notification_url(notification: Notification) -> str:
    if notification.url:
        return notification.url
    if notification.share_id:
        return reverse("circles:share", args=[notification.share_id])
    return reverse("circles:index")


def notification_added_on_commit(notification_id: int) -> None:
    from tearspace.circles.selectors import notification_list

    def send() -> None:
        notification = Notification.objects.filter(pk=notification_id).first()
        if notification is None or in_quiet_hours(notification.recipient_id):
            return
        # The same filter as the notifications page: revocation and blocks apply.
        still = notification_list(person_id=notification.recipient_id).filter(pk=notification_id)
        if not still.exists():
            return
        event = {
            "type": "notification",
            "op": "add",
            "notification": {
                "id": notification.pk,
                "text": notification.text,
                "url": notification_url(notification),
            },
        }
        _send({notification.recipient_id}, event)

    transaction.on_commit(send)
