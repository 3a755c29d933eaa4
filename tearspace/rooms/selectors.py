"""Reads that span models: listings, history after a sequence number, the live snapshot."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from tearspace.accounts.models import User
from tearspace.circles.access import blocked_ids
from tearspace.rooms.access import chat_floor
from tearspace.rooms.events import message_change_event, small_chat_change_event
from tearspace.rooms.models import (
    InvitationStatus,
    Kind,
    Membership,
    Message,
    Phase,
    Room,
    RoomClip,
    Status,
    TearFriendChat,
    TearFriendInvitation,
    TearFriendMessage,
    TearFriendSeat,
)

HISTORY_LIMIT = 200


def room_list() -> QuerySet[Room]:
    """Open-now rooms and sessions that have not ended, soonest first, with head counts."""
    return (
        Room.objects.select_related("host")
        .exclude(phase=Phase.ENDED)
        .annotate(
            joined_count=Count("memberships", filter=Q(memberships__status=Status.JOINED)),
            waiting_count=Count("memberships", filter=Q(memberships__status=Status.WAITING)),
        )
        .order_by("-kind", "starts_at", "pk")
    )


def open_rooms() -> list[Room]:
    return [room for room in room_list() if room.kind == Kind.OPEN]


def scheduled_rooms() -> list[Room]:
    now = timezone.now()
    return [
        room
        for room in room_list()
        if room.kind == Kind.SCHEDULED and room.ends_at > now  # type: ignore[operator]
    ]


@dataclass(frozen=True)
class ChatPage:
    """What a reader missed after a sequence number, in sequence order, at most one page.

    `messages` are the new messages as they stand now (a hidden one shows as hidden);
    `changes` are the change events (hides, removals) of messages the reader already had, the
    same events that went out live. `start` is where the page begins (never before what the
    reader may read) and `last` the highest sequence number in it (None when it is empty).
    """

    start: int
    messages: list[dict[str, object]]
    changes: list[dict[str, Any]]
    last: int | None


def _chat_page(
    found: QuerySet[Any],
    *,
    after: int,
    floor: int,
    limit: int,
    change_event: Callable[[Any], dict[str, Any]],
) -> ChatPage:
    """Page through a chat's messages and changes after `after`, none at or below `floor`.

    Adds and changes share the chat's one sequence, so a page is a prefix of what happened
    after `after`: a client that applies it has everything up to `last`.
    """
    limit = max(1, min(limit, HISTORY_LIMIT))
    start = max(after, floor)
    added = list(found.filter(seq__gt=start).order_by("seq")[:limit])
    changed = list(
        found.filter(seq__gt=floor, seq__lte=after, changed_seq__gt=after).order_by("changed_seq")[
            :limit
        ]
    )
    items = sorted(
        [(m.seq, False, m) for m in added] + [(m.changed_seq, True, m) for m in changed],
        key=lambda item: item[0],
    )[:limit]
    return ChatPage(
        start=start,
        messages=[m.to_dict() for _, is_change, m in items if not is_change],
        changes=[change_event(m) for _, is_change, m in items if is_change],
        last=items[-1][0] if items else None,
    )


def room_chat_page(
    *, room: Room, reader: User, after: int = 0, limit: int = HISTORY_LIMIT
) -> ChatPage:
    """The room chat after `after` as `reader` may read it (see `access.chat_floor`)."""
    return _chat_page(
        Message.objects.select_related("author").filter(room=room),
        after=after,
        floor=chat_floor(reader, room),
        limit=limit,
        change_event=message_change_event,
    )


def clip_list(*, room: Room) -> list[RoomClip]:
    return list(room.clips.select_related("library_item").order_by("order", "pk"))


def member_list(*, room: Room) -> list[Membership]:
    return list(
        Membership.objects.select_related("user")
        .filter(room=room, status=Status.JOINED)
        .order_by("joined_at", "pk")
    )


def room_snapshot(*, room: Room, user: User) -> dict[str, object]:
    """Everything a socket needs on (re)connect besides the message history."""
    from tearspace.rooms.actions import playback_event

    members = member_list(room=room)
    pinned = room.pinned_message
    return {
        "mixer": mixer_snapshot(room=room, user=user),
        "type": "hello",
        "room": room.pk,
        "me": {"id": user.pk, "handle": user.username},
        "last_seq": room.last_seq,
        "state": {
            "phase": room.phase,
            "chat_muted": room.chat_muted,
            "locked": room.locked,
            "floor": room.floor_user_id,
        },
        "playback": playback_event(room),
        "members": [
            {
                "id": m.user_id,
                "handle": m.user.username,
                "hand_raised": m.hand_raised,
                "muted": m.muted,
                "host": m.user_id == room.host_id,
            }
            for m in members
        ],
        "pinned": (
            {
                "id": pinned.pk,
                "seq": pinned.seq,
                "author": pinned.author.username,
                "body": pinned.body,
            }
            if pinned is not None and not pinned.hidden
            else None
        ),
    }


# --- The mixer ------------------------------------------------------------------------------


def tear_friend_people(*, chat: TearFriendChat) -> list[User]:
    """Who sits in the small chat now, in the order they sat down."""
    return list(
        User.objects.filter(
            tear_friend_seats__chat=chat, tear_friend_seats__left_at__isnull=True
        ).order_by("tear_friend_seats__joined_at", "pk")
    )


def tear_friend_seat_of(*, room: Room, user: User) -> TearFriendSeat | None:
    """The person's seat in a small chat of this room: open, or kept when the session ended."""
    return (
        TearFriendSeat.objects.select_related("chat")
        .filter(chat__room=room, user_id=user.pk, left_at__isnull=True)
        .order_by("-joined_at", "-pk")
        .first()
    )


def tear_friend_chat_page(
    *, seat: TearFriendSeat, after: int = 0, limit: int = HISTORY_LIMIT
) -> ChatPage:
    """A small chat after `after` as this seat may read it (nothing from before it sat down)."""
    return _chat_page(
        TearFriendMessage.objects.select_related("author", "chat").filter(chat_id=seat.chat_id),
        after=after,
        floor=seat.from_seq,
        limit=limit,
        change_event=small_chat_change_event,
    )


def tear_friend_chat_dict(*, seat: TearFriendSeat) -> dict[str, object]:
    chat = seat.chat
    return {
        "id": chat.pk,
        "room": chat.room_id,
        "closed": chat.closed,
        "last_seq": chat.last_seq,
        "from_seq": seat.from_seq,
        "people": [{"id": u.pk, "handle": u.username} for u in tear_friend_people(chat=chat)],
    }


def tear_friend_invitation_list(*, room: Room, user: User) -> dict[str, list[dict[str, object]]]:
    """Invitations to form a circle in this room: open ones to this person, and their own."""
    received = (
        TearFriendInvitation.objects.select_related("room", "inviter", "invitee")
        .filter(
            room=room,
            invitee_id=user.pk,
            status=InvitationStatus.PENDING,
            expires_at__gt=timezone.now(),
        )
        .exclude(inviter_id__in=blocked_ids(user))
    )
    sent = TearFriendInvitation.objects.select_related("room", "inviter", "invitee").filter(
        room=room, inviter_id=user.pk
    )
    return {
        "received": [i.to_dict(viewer_id=user.pk) for i in received],
        "sent": [i.to_dict(viewer_id=user.pk) for i in sent],
    }


def mixer_snapshot(*, room: Room, user: User) -> dict[str, object] | None:
    """The person's small chat and invitations, for a socket (re)connecting to the room."""
    if room.phase not in (Phase.MIXER, Phase.ENDED):
        return None
    seat = tear_friend_seat_of(room=room, user=user)
    return {
        "chat": tear_friend_chat_dict(seat=seat) if seat is not None else None,
        "invitations": tear_friend_invitation_list(room=room, user=user),
    }


def export_rooms_data(user: User) -> dict[str, object]:
    """What rooms hold about a person: their memberships, answers and their own messages."""
    return {
        "memberships": [
            {**m.to_dict(), "room_title": m.room.title}
            for m in Membership.objects.select_related("room").filter(user=user)
        ],
        "messages": [
            {**m.to_dict(), "room": m.room_id, "room_title": m.room.title}
            for m in Message.objects.select_related("room", "author").filter(author=user)
        ],
        "hosted_rooms": [room.to_dict() for room in Room.objects.filter(host=user)],
        "tear_friend_seats": [
            {**seat.to_dict(), "room": seat.chat.room_id}
            for seat in TearFriendSeat.objects.select_related("chat").filter(user=user)
        ],
        "tear_friend_messages": [
            {**m.to_dict(), "room": m.chat.room_id}
            for m in TearFriendMessage.objects.select_related("chat", "author").filter(author=user)
        ],
        # A withheld invitation was never delivered; it is not part of the invitee's data.
        "tear_friend_invitations": [
            i.to_dict(viewer_id=user.pk)
            for i in TearFriendInvitation.objects.select_related("room", "inviter", "invitee")
            .filter(Q(inviter=user) | Q(invitee=user))
            .exclude(Q(invitee=user) & Q(status=InvitationStatus.WITHHELD))
        ],
    }
