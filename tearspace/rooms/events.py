"""Live room events: their shapes and who receives them.

Room events go to everyone in the room through each process's hub (`tearspace.lib.fanout`);
events for one person (help, alerts, removal, small chats) to that person's sockets. Both leave
through the transaction's outbox (`tearspace.lib.outbox`), after commit, in one hop.
"""

import time
from typing import Any, Literal, NotRequired, TypedDict

from django.urls import reverse

from tearspace.lib.outbox import outbox
from tearspace.rooms.models import Room


class Person(TypedDict):
    id: int
    handle: str


# --- To everyone in the room (the room's hub in every process) -------------------------------
# Recipients: the sockets open in the room, which only current members, the host and
# moderators can open (the consumer's connect check).


class RoomMessageEvent(TypedDict):
    """A chat message (`add`), or a host's `hide` of one, with the hide's own `seq`."""

    type: Literal["room_message"]
    op: Literal["add", "hide"]
    room: int
    message: NotRequired[dict[str, Any]]  # add: {id, seq, author, body, hidden, created_at}
    id: NotRequired[int]  # hide
    seq: NotRequired[int]  # hide: the hide's place in the room's sequence
    message_seq: NotRequired[int]  # hide


class RoomMemberEvent(TypedDict):
    type: Literal["room_member"]
    op: Literal["join", "leave", "muted", "unmuted"]
    user: Person


class RoomPresenceEvent(TypedDict):
    type: Literal["room_presence"]
    op: Literal["online", "offline"]
    user: Person


class RoomHandEvent(TypedDict):
    type: Literal["room_hand"]
    user: Person
    raised: bool


class RoomReactionEvent(TypedDict):
    """Anonymous and not stored."""

    type: Literal["room_reaction"]
    emoji: str


class RoomTypingEvent(TypedDict):
    """Not stored; sent to everyone in the room but the typist's own sockets (`skip_user`)."""

    type: Literal["room_typing"]
    user: Person


class RoomStateEvent(TypedDict):
    type: Literal["room_state"]
    phase: str
    chat_muted: bool
    locked: bool
    floor: int | None


class RoomFloorEvent(TypedDict):
    type: Literal["room_floor"]
    user: Person | None


class RoomPinEvent(TypedDict):
    type: Literal["room_pin"]
    message: dict[str, Any] | None  # as in room_message add


class RoomPlaybackEvent(TypedDict):
    type: Literal["room_playback"]
    clip: int | None
    playing: bool
    position: float
    updated_at: float
    server_time: float
    src: str | None
    title: str | None
    content_note: str | None


# --- To one person (their sockets in the room the event names, and /ws/me/) ------------------


class RoomHelpEvent(TypedDict):
    """To the writer only: words (or a feeling) that worry us, with where help is."""

    type: Literal["room_help"]
    room: int
    message: NotRequired[int]
    help_url: str
    # Imminent risk: the emergency number first, and no volunteer offered.
    urgent: bool


class RoomAlertEvent(TypedDict):
    """To the host and every active moderator and operator, never the writer or the room."""

    type: Literal["room_alert"]
    room: int
    room_title: str
    message: int
    seq: int
    author: str
    author_id: int  # whom the host's "Check in privately" writes to
    level: str
    url: str
    small_chat: NotRequired[int]  # words in a small chat, which the host cannot read
    check_in: NotRequired[int]  # words in a private check-in, which moderators cannot read


class RoomCheckInEvent(TypedDict):
    """To the person and the room's host only: a private check-in message (`add`) or a
    moderator's `remove` of one. Never the room, moderators or anyone else."""

    type: Literal["room_check_in"]
    op: Literal["add", "remove"]
    room: int
    check_in: int
    person: Person  # the one the host checks in with (on both sides)
    message: NotRequired[dict[str, Any]]  # add: {check_in, id, seq, author, body, removed, …}
    id: NotRequired[int]  # remove
    seq: NotRequired[int]  # remove: the removal's place in the check-in's sequence
    message_seq: NotRequired[int]  # remove


class RoomPromotedEvent(TypedDict):
    """To the person let in from the waiting list."""

    type: Literal["room_promoted"]
    room: int
    title: str
    url: str


class RoomRemovedEvent(TypedDict):
    """To the person the host removed; their room sockets close (4403) after it."""

    type: Literal["room_removed"]
    room: int


class TearFriendSeatEvent(TypedDict):
    """To the people seated in the small chat now (and a leaver, of their own `leave`)."""

    type: Literal["tear_friend_seat"]
    op: Literal["join", "leave"]
    room: int
    chat: int
    user: Person
    people: list[Person]


class TearFriendMessageEvent(TypedDict):
    """To the people seated in the small chat now: a message (`add`) or a moderator's `remove`."""

    type: Literal["tear_friend_message"]
    op: Literal["add", "remove"]
    room: int
    chat: int
    message: NotRequired[dict[str, Any]]  # add: {id, chat, seq, author, body, created_at}
    id: NotRequired[int]  # remove
    seq: NotRequired[int]  # remove: the removal's place in the chat's sequence
    message_seq: NotRequired[int]  # remove


class TearFriendInvitationEvent(TypedDict):
    """`new` to the invitee, `answered` to them after they answer, `accepted` to the inviter."""

    type: Literal["tear_friend_invitation"]
    op: Literal["new", "answered", "accepted"]
    room: int
    invitation: dict[str, Any]
    circle: dict[str, Any] | None  # {id, name, url}


def send_room_event_on_commit(room_id: int, event: Any, *, skip_user: int | None = None) -> None:
    """Queue `event` for everyone in the room (but `skip_user`'s own sockets) on the current
    transaction's outbox: it leaves once the transaction commits."""
    outbox().room(room_id, event, skip_user=skip_user)


def playback_event(room: Room) -> dict[str, Any]:
    """The room's playback now (a `RoomPlaybackEvent`): for live changes and the snapshot."""
    clip = room.current_clip
    return {
        "type": "room_playback",
        **room.playback_dict(),
        "server_time": time.time(),
        "src": reverse("rooms:clip_media", args=[room.pk, clip.pk]) if clip else None,
        "title": clip.title if clip else None,
        "content_note": clip.content_note if clip else None,
    }
