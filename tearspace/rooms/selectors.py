"""Reads that span models: listings, the live snapshot, the mixer (chat history: chat.py)."""

from datetime import timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from tearspace.accounts.models import User
from tearspace.accounts.selectors import blocked_ids
from tearspace.conversations.selectors import reader_floor
from tearspace.rooms.access import GATED_KINDS
from tearspace.rooms.events import playback_event
from tearspace.rooms.models import (
    CheckIn,
    InvitationStatus,
    Kind,
    Membership,
    Phase,
    Room,
    RoomClip,
    Status,
    TearFriendChat,
    TearFriendInvitation,
    TearFriendSeat,
)


def room_list() -> QuerySet[Room]:
    """Open-now rooms and sessions that have not ended, soonest first, with head counts (never
    a room of a gated kind: those are reached from where their people are, e.g. listening)."""
    return (
        Room.objects.select_related("host")
        .exclude(phase=Phase.ENDED)
        .exclude(kind__in=GATED_KINDS)
        .annotate(
            joined_count=Count("memberships", filter=Q(memberships__status=Status.JOINED)),
            waiting_count=Count("memberships", filter=Q(memberships__status=Status.WAITING)),
        )
        .order_by("-kind", "starts_at", "pk")
    )


def open_and_scheduled_rooms() -> tuple[list[Room], list[Room]]:
    """Rooms open now, and scheduled sessions not yet over, from one read of `room_list`."""
    rooms = list(room_list())
    now = timezone.now()
    return (
        [room for room in rooms if room.kind == Kind.OPEN],
        [
            room
            for room in rooms
            if room.kind == Kind.SCHEDULED and room.ends_at > now  # type: ignore[operator]
        ],
    )


SOON = timedelta(hours=24)
LONGEST_SESSION = timedelta(minutes=240)  # do_create_room's upper bound


def rooms_soon(*, limit: int = 3) -> list[Room]:
    """Up to `limit` rooms open now or starting within the next 24 hours, soonest first."""
    now = timezone.now()
    # A session still running started at most the longest session ago (240 minutes), so the
    # rows read stay few however many rooms have ever been held.
    rows = (
        room_list()
        .filter(starts_at__lte=now + SOON, starts_at__gt=now - LONGEST_SESSION)
        .order_by("starts_at", "pk")
    )
    return [room for room in rows if room.ends_at > now][:limit]  # type: ignore[operator]


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
    members = member_list(room=room)
    pinned = room.pinned_message
    return {
        "mixer": mixer_snapshot(room=room, user=user),
        "check_ins": check_in_list(room=room, user=user),
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


def check_in_list(*, room: Room, user: User) -> list[dict[str, object]]:
    """The private check-ins of the room this person takes part in: all of them for the host,
    their own for anyone else, each with where it stands (`last_seq`) so a client resumes."""
    found = CheckIn.objects.select_related("person", "conversation").filter(room=room)
    if user.pk != room.host_id:
        found = found.filter(person_id=user.pk)
    return [
        {
            "id": c.pk,
            "person": {"id": c.person_id, "handle": c.person.username},
            "last_seq": c.last_seq,
        }
        for c in found
    ]


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


def tear_friend_chat_dict(*, seat: TearFriendSeat) -> dict[str, object]:
    chat = seat.chat
    return {
        "id": chat.pk,
        "room": chat.room_id,
        "closed": chat.closed,
        "last_seq": chat.last_seq,
        "from_seq": reader_floor(conversation=chat.conversation, user_id=seat.user_id),
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
