"""Reads that span models: listings, history after a sequence number, the live snapshot."""

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from tearspace.accounts.models import User
from tearspace.rooms.models import Kind, Membership, Message, Phase, Room, RoomClip, Status

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


def message_list(*, room: Room, after: int = 0, limit: int = HISTORY_LIMIT) -> list[Message]:
    """Messages with a sequence number above `after`, oldest first (at most `limit`)."""
    return list(
        Message.objects.select_related("author")
        .filter(room=room, seq__gt=after)
        .order_by("seq")[: max(1, min(limit, HISTORY_LIMIT))]
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
    }
