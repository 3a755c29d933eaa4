"""Live circles events (all to /ws/me/): their shapes, and who receives them.

Recipients and payloads are worked out inside the action's transaction, from what it has just
written, and the events leave through the transaction's outbox after commit: a rollback sends
nothing, and a share revoked or a person blocked before the action is respected.
"""

from collections.abc import Mapping
from typing import Any, Literal, TypedDict

from django.urls import reverse

from tearspace.accounts.selectors import is_blocked_between
from tearspace.circles.access import (
    hidden_by_block_from,
    reply_shown_person_id,
    shown_person_id,
)
from tearspace.circles.models import (
    CircleMembership,
    Reply,
    Share,
    ShareMute,
    ShareView,
)
from tearspace.core.events import send_personal_event_on_commit


class CircleShareAdded(TypedDict):
    type: Literal["circle_share"]
    op: Literal["add"]
    share: dict[str, Any]  # share_card


class CircleShareRemoved(TypedDict):
    type: Literal["circle_share"]
    op: Literal["remove"]
    share_id: int


class ShareReplyAdded(TypedDict):
    type: Literal["share_reply"]
    op: Literal["add"]
    share_id: int
    reply: dict[str, Any]  # reply_card


class ShareReplyRemoved(TypedDict):
    type: Literal["share_reply"]
    op: Literal["remove"]
    share_id: int
    reply_id: int


class ShareReactionAdded(TypedDict):
    type: Literal["share_reaction"]
    op: Literal["add"]
    share_id: int
    kind: str


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
    hidden = hidden_by_block_from(shown_person_id(share))
    return {i for i in ids if i == share.author_id or i not in hidden}


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


def _send(ids: set[int], event: Mapping[str, Any]) -> None:
    for user_id in sorted(ids):
        send_personal_event_on_commit(user_id, event)


def send_share_added(share: Share) -> None:
    """Tell the members of the share's circles (not the author); a community share is told to
    nobody. Call inside the sharing transaction, once the share's circles are set."""
    if share.revoked_at is not None or share.community:
        return
    event: CircleShareAdded = {"type": "circle_share", "op": "add", "share": share_card(share)}
    _send(audience_ids(share) - {share.author_id}, event)


def send_share_removed(share: Share, also: frozenset[int] = frozenset()) -> None:
    """Tell everyone who could see the share; `also` adds people from a circle being deleted."""
    extra = also - hidden_by_block_from(shown_person_id(share)) if also else set()
    event: CircleShareRemoved = {"type": "circle_share", "op": "remove", "share_id": share.pk}
    _send(audience_ids(share) | extra, event)


def send_reply_added(reply: Reply) -> None:
    """Tell the share's audience but the writer and those a block hides the writer from."""
    if not reply.is_visible or reply.share.revoked_at is not None:
        return
    hidden = hidden_by_block_from(reply_shown_person_id(reply))
    ids = audience_ids(reply.share) - {reply.author_id} - hidden
    event: ShareReplyAdded = {
        "type": "share_reply",
        "op": "add",
        "share_id": reply.share_id,
        "reply": reply_card(reply),
    }
    _send(ids, event)


def send_reply_removed(reply_id: int, share: Share) -> None:
    """Tell the share's whole audience that a reply is gone (hidden or removed)."""
    event: ShareReplyRemoved = {
        "type": "share_reply",
        "op": "remove",
        "share_id": share.pk,
        "reply_id": reply_id,
    }
    _send(audience_ids(share), event)


def send_reaction_added(share: Share, person_id: int, kind: str) -> None:
    """Tell the share's author, unless a block stands between them and the one reacting."""
    if share.revoked_at is not None or is_blocked_between(share.author_id, person_id):
        return
    event: ShareReactionAdded = {
        "type": "share_reaction",
        "op": "add",
        "share_id": share.pk,
        "kind": kind,
    }
    _send({share.author_id}, event)
