"""Every write in rooms, and the only code that sends room live events (after commit)."""

import logging
import time
from datetime import datetime, timedelta
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from tearspace.accounts.models import Role, User
from tearspace.rooms.access import can_host_rooms, can_moderate_room
from tearspace.rooms.events import Outbox, send_room_event_on_commit, send_user_event_on_commit
from tearspace.rooms.models import (
    MAX_CAPACITY,
    MAX_MESSAGE_LENGTH,
    InvitationStatus,
    Kind,
    LibraryItem,
    Membership,
    Message,
    Phase,
    Relief,
    Room,
    RoomClip,
    Status,
    TearFriendChat,
    TearFriendInvitation,
    TearFriendMessage,
    TearFriendSeat,
)
from tearspace.rooms.selectors import tear_friend_people
from tearspace.safety.enforcement import PostingPaused, check_can_post
from tearspace.safety.screening import Screening, screen_text

logger = logging.getLogger(__name__)

REACTIONS = ("💧", "🤍", "🫂")
PLAYBACK_OPS = ("play", "pause", "seek", "next")
# Invitations to form a circle stay open this long after the session ends.
INVITATION_GRACE = timedelta(days=7)


class RoomError(Exception):
    """A request the room cannot honour; `reason` is safe to show the person."""

    def __init__(self, reason: str, *, status: int = 400) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


def _forbid(reason: str) -> RoomError:
    return RoomError(reason, status=403)


def _lock_room(room_id: int) -> Room:
    """Lock the room row for this transaction (PostgreSQL row lock; SQLite's IMMEDIATE
    transactions already serialise writers). Call inside transaction.atomic."""
    try:
        return Room.objects.select_for_update().get(pk=room_id)
    except Room.DoesNotExist:
        raise RoomError("This room no longer exists.", status=404) from None


def _take_next_seq(room_id: int) -> Room:
    """Bump the room's message counter and read its chat state, in one statement.

    The UPDATE holds the row lock (PostgreSQL) or the write lock (SQLite, IMMEDIATE) until the
    transaction ends, so concurrent senders get consecutive numbers and a rollback gives the
    number back. Call inside transaction.atomic; the returned room carries only chat fields.
    """
    table = connection.ops.quote_name(Room._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last_seq = last_seq + 1 WHERE id = %s "  # noqa: S608 - table name
            "RETURNING last_seq, phase, chat_muted, host_id, title",
            [room_id],
        )
        row = cursor.fetchone()
    if row is None:
        raise RoomError("This room no longer exists.", status=404)
    last_seq, phase, chat_muted, host_id, title = row
    return Room(
        pk=room_id,
        last_seq=last_seq,
        phase=phase,
        chat_muted=bool(chat_muted),
        host_id=host_id,
        title=title,
    )


def _person(user: User) -> dict[str, object]:
    return {"id": user.pk, "handle": user.username}


# --- Rooms and programme --------------------------------------------------------------------


def do_create_room(
    *,
    host: User,
    title: str,
    theme: str = "",
    kind: str = Kind.SCHEDULED,
    starts_at: datetime | None = None,
    length_minutes: int = 60,
    capacity: int = 30,
    language: str = "en",
    content_notes: str = "",
) -> Room:
    if not can_host_rooms(host):
        raise _forbid("Only hosts can open a room.")
    title = title.strip()
    if not title:
        raise RoomError("Please give the room a title.")
    if not 2 <= capacity <= MAX_CAPACITY:
        raise RoomError(f"A room holds between 2 and {MAX_CAPACITY} people.")
    if not 10 <= length_minutes <= 240:
        raise RoomError("A session lasts between 10 and 240 minutes.")
    if kind not in Kind.values:
        raise RoomError("Choose scheduled or open now.")
    with transaction.atomic():
        room = Room.objects.create(
            host=host,
            title=title[:200],
            theme=theme.strip()[:200],
            kind=kind,
            starts_at=timezone.now() if kind == Kind.OPEN or starts_at is None else starts_at,
            length_minutes=length_minutes,
            capacity=capacity,
            language=language,
            content_notes=content_notes.strip()[:500],
        )
        Membership.objects.create(room=room, user=host, status=Status.JOINED)
    return room


def do_add_clip(
    *,
    actor: User,
    room: Room,
    title: str,
    content_note: str = "",
    media: UploadedFile | None = None,
    library_item: LibraryItem | None = None,
) -> RoomClip:
    if not can_moderate_room(actor, room):
        raise _forbid("Only the host can change the programme.")
    if (media is None) == (library_item is None):
        raise RoomError("Choose a file to upload or an item from the library.")
    if media is not None and not (media.content_type or "").startswith(("video/", "audio/")):
        raise RoomError("Clips must be video or audio files.")
    if not title.strip():
        raise RoomError("Please give the clip a title.")
    with transaction.atomic():
        last = room.clips.aggregate(top=Max("order"))["top"]
        clip = RoomClip(
            room=room,
            title=title.strip()[:200],
            content_note=content_note.strip()[:300],
            order=0 if last is None else last + 1,
            library_item=library_item,
        )
        if media is not None:
            clip.media.save(media.name or "clip", media, save=False)
        clip.save()
    return clip


# --- Joining and leaving --------------------------------------------------------------------


def do_join_room(*, room: Room, user: User) -> Membership:
    """Join the room, or its waiting list when it is full. Joining twice changes nothing."""
    with transaction.atomic():
        room = _lock_room(room.pk)
        if room.is_ended:
            raise RoomError("This session has ended.")
        membership = Membership.objects.filter(room=room, user=user).first()
        if membership is not None and membership.status == Status.REMOVED:
            raise _forbid("The host has asked you not to rejoin this session.")
        if membership is not None and membership.status in (Status.JOINED, Status.WAITING):
            return membership
        if room.locked and not can_moderate_room(user, room):
            raise RoomError("The host has closed the door for this session.")
        joined = Membership.objects.filter(room=room, status=Status.JOINED).count()
        status = Status.JOINED if joined < room.capacity else Status.WAITING
        if membership is None:
            membership = Membership(room=room, user=user)
        membership.status = status
        membership.joined_at = timezone.now()
        membership.left_at = None
        membership.hand_raised = False
        membership.save()
        if status == Status.JOINED:
            send_room_event_on_commit(
                room.pk, {"type": "room_member", "op": "join", "user": _person(user)}
            )
    return membership


def do_leave_room(*, room: Room, user: User) -> None:
    """Leave (any time, no questions) and let the first person waiting in."""
    with transaction.atomic():
        room = _lock_room(room.pk)
        membership = Membership.objects.filter(room=room, user=user).first()
        if membership is None or membership.status not in (Status.JOINED, Status.WAITING):
            return
        was_in = membership.status == Status.JOINED
        membership.status = Status.LEFT
        membership.left_at = timezone.now()
        membership.hand_raised = False
        membership.save(update_fields=["status", "left_at", "hand_raised"])
        if not was_in:
            return
        send_room_event_on_commit(
            room.pk, {"type": "room_member", "op": "leave", "user": _person(user)}
        )
        _leave_small_chats(room, user)
        _promote_waiting(room)


def _promote_waiting(room: Room) -> None:
    if room.is_ended:
        return
    joined = Membership.objects.filter(room=room, status=Status.JOINED).count()
    if joined >= room.capacity:
        return
    waiting = (
        Membership.objects.select_related("user")
        .filter(room=room, status=Status.WAITING)
        .order_by("joined_at", "pk")
        .first()
    )
    if waiting is None:
        return
    waiting.status = Status.JOINED
    waiting.joined_at = timezone.now()
    waiting.save(update_fields=["status", "joined_at"])
    send_room_event_on_commit(
        room.pk, {"type": "room_member", "op": "join", "user": _person(waiting.user)}
    )
    send_user_event_on_commit(
        waiting.user_id,
        {
            "type": "room_promoted",
            "room": room.pk,
            "title": room.title,
            "url": reverse("rooms:live", args=[room.pk]),
        },
    )


def tear_friend_seat_event(
    chat: TearFriendChat, op: str, user: User, people: list[User]
) -> dict[str, Any]:
    return {
        "type": "tear_friend_seat",
        "op": op,
        "room": chat.room_id,
        "chat": chat.pk,
        "user": _person(user),
        "people": [_person(p) for p in people],
    }


def _vacate_seat(seat: TearFriendSeat, user: User) -> None:
    """Give up a seat in a small chat; the last one out closes it. Tell the chat and the person.

    Call inside transaction.atomic holding the room row lock.
    """
    chat = TearFriendChat.objects.select_for_update().get(pk=seat.chat_id)
    seat.left_at = timezone.now()
    seat.save(update_fields=["left_at"])
    people = tear_friend_people(chat=chat)
    if not people:
        chat.closed = True
        chat.save(update_fields=["closed"])
    outbox = Outbox()
    event = tear_friend_seat_event(chat, "leave", user, people)
    for person in [*people, user]:
        outbox.person(person.pk, event)


def _leave_small_chats(room: Room, user: User) -> None:
    """Someone left the room: they leave its open small chat too."""
    seats = TearFriendSeat.objects.filter(
        chat__room=room, chat__closed=False, user=user, left_at__isnull=True
    )
    for seat in seats:
        _vacate_seat(seat, user)


# --- Chat -----------------------------------------------------------------------------------


def message_event(message: Message, handle: str) -> dict[str, Any]:
    return {
        "type": "room_message",
        "op": "add",
        "room": message.room_id,
        "message": {
            "id": message.pk,
            "seq": message.seq,
            "author": handle,
            "body": message.body,
            "hidden": False,
            "created_at": message.created_at.isoformat(),
        },
    }


def _clean_message(body: str, client_key: str) -> tuple[str, str]:
    """Return the trimmed words and idempotency key of a chat message, or refuse them."""
    body = body.strip()
    client_key = client_key.strip()
    if not body:
        raise RoomError("Write something first.")
    if len(body) > MAX_MESSAGE_LENGTH:
        raise RoomError(f"Please keep messages under {MAX_MESSAGE_LENGTH} characters.")
    if len(client_key) > 64:
        raise RoomError("The message key is too long.")
    return body, client_key


def joined_membership(room: Room, user_id: int) -> Membership:
    """The membership (with its person) of someone in the room now, or a refusal."""
    membership = (
        Membership.objects.select_related("user")
        .filter(room=room, user_id=user_id, status=Status.JOINED)
        .first()
    )
    if membership is None:
        raise RoomError("That person is not in the room.")
    return membership


def _check_can_speak(room: Room, author: User) -> None:
    if room.is_ended:
        raise RoomError("This session has ended.")
    if can_moderate_room(author, room):
        return
    membership = Membership.objects.filter(room=room, user=author).values_list("status", "muted")
    status, muted = membership.first() or ("", False)
    if status != Status.JOINED:
        raise _forbid("Join the room to take part.")
    if muted:
        raise _forbid("The host has paused your messages for now.")
    if room.chat_muted:
        raise _forbid("Chat is quiet while we watch together. Reactions still float by.")


def do_send_message(
    *, room_id: int, author: User, body: str, client_key: str = ""
) -> tuple[Message, Screening | None]:
    """Persist a chat message with the room's next sequence number, screen it, then publish.

    A repeat of the same `client_key` returns the message already stored (and no screening),
    so a retried send never duplicates. Someone at risk privately gets help and the host and
    moderators get an alert; the room is not told.
    """
    body, client_key = _clean_message(body, client_key)
    try:
        with transaction.atomic():
            room = _take_next_seq(room_id)
            if client_key:
                existing = Message.objects.filter(
                    room_id=room_id, author=author, client_key=client_key
                ).first()
                if existing is not None:
                    transaction.set_rollback(True)  # give the sequence number back
                    return existing, None
            _check_can_speak(room, author)  # raising rolls the number back too
            try:
                check_can_post(author)
            except PostingPaused as paused:
                raise _forbid(str(paused)) from None
            message = Message.objects.create(
                room=room, seq=room.last_seq, author=author, body=body, client_key=client_key
            )
            # The screening record points back at the message (content type + id).
            screening = screen_text(author=author, text=body, kind="room_message", obj=message)
            outbox = Outbox()
            outbox.room(room.pk, message_event(message, author.username))
            if screening.show_help:
                _send_help_and_alert(outbox, room, author, message, screening)
    except IntegrityError:
        # Only reachable if a database ignored the row lock; the stored copy wins.
        existing = Message.objects.filter(
            room_id=room_id, author=author, client_key=client_key
        ).first()
        if client_key and existing is not None:
            return existing, None
        raise
    return message, screening


def _send_help_and_alert(
    outbox: Outbox,
    room: Room,
    author: User,
    message: Message | TearFriendMessage,
    screening: Screening,
    *,
    small_chat: int | None = None,
) -> None:
    """Privately help the writer; alert the host and moderators (never the room).

    For a small-chat message the alert says so (`small_chat`): the host cannot read those.
    """
    outbox.person(
        author.pk,
        {
            "type": "room_help",
            "room": room.pk,
            "message": message.pk,
            "help_url": reverse("safety:help"),
        },
    )
    alert = {
        "type": "room_alert",
        "room": room.pk,
        "room_title": room.title,
        "message": message.pk,
        "seq": message.seq,
        "author": author.username,
        "level": screening.level,
        "url": reverse("rooms:live", args=[room.pk]),
    }
    if small_chat is not None:
        alert["small_chat"] = small_chat
    recipients = set(
        User.objects.filter(role__in=[Role.MODERATOR, Role.OPERATOR], is_active=True)
        .exclude(pk=author.pk)
        .values_list("pk", flat=True)
    )
    recipients.add(room.host_id)
    recipients.discard(author.pk)
    for user_id in sorted(recipients):
        outbox.person(user_id, alert)


def do_react(*, room: Room, user: User, emoji: str) -> None:
    """Let a gentle reaction float by; reactions are anonymous and not stored."""
    if emoji not in REACTIONS:
        raise RoomError("That reaction is not offered here.")
    if room.is_ended:
        raise RoomError("This session has ended.")
    if (
        not can_moderate_room(user, room)
        and not Membership.objects.filter(room=room, user=user, status=Status.JOINED).exists()
    ):
        raise _forbid("Join the room to take part.")
    send_room_event_on_commit(room.pk, {"type": "room_reaction", "emoji": emoji})


def do_set_hand(*, room: Room, user: User, raised: bool) -> None:
    with transaction.atomic():
        updated = Membership.objects.filter(room=room, user=user, status=Status.JOINED).update(
            hand_raised=raised
        )
        if not updated:
            raise _forbid("Join the room to take part.")
        send_room_event_on_commit(
            room.pk, {"type": "room_hand", "user": _person(user), "raised": raised}
        )


def do_announce_presence(*, room: Room, user: User, online: bool) -> None:
    """Tell the room a person's tab came or went (presence is not stored)."""
    send_room_event_on_commit(
        room.pk,
        {"type": "room_presence", "op": "online" if online else "offline", "user": _person(user)},
    )


def do_check_relief(*, room: Room, user: User, relief: str) -> Membership:
    """Store the aftercare relief check (lighter / same / heavier); private to the person."""
    if relief not in Relief.values:
        raise RoomError("Choose lighter, about the same, or heavier.")
    membership = Membership.objects.filter(room=room, user=user).first()
    if membership is None:
        raise _forbid("Join the room to take part.")
    membership.relief = relief
    membership.save(update_fields=["relief"])
    return membership


def on_feeling_logged(membership: Membership) -> None:
    """Hook for the journal: called after someone says how the session felt.

    The journal app can connect here to offer "log this as a cry, linked to the session". Until
    it does, nothing else happens; the answer stays on the membership and is in the export.
    """


def do_log_feeling(*, room: Room, user: User, feeling: str, relief: str = "") -> Membership:
    """Keep the after-session "how did it feel?" answer on the person's membership."""
    feeling = feeling.strip()
    if len(feeling) > MAX_MESSAGE_LENGTH:
        raise RoomError(f"Please keep this under {MAX_MESSAGE_LENGTH} characters.")
    if relief and relief not in Relief.values:
        raise RoomError("Choose lighter, about the same, or heavier.")
    with transaction.atomic():
        membership = Membership.objects.select_for_update().filter(room=room, user=user).first()
        if membership is None:
            raise _forbid("Join the room to take part.")
        membership.feeling = feeling
        membership.feeling_at = timezone.now()
        if relief:
            membership.relief = relief
        membership.save(update_fields=["feeling", "feeling_at", "relief"])
        if feeling:
            screening = screen_text(author=user, text=feeling, kind="room_feeling", obj=membership)
            if screening.show_help:
                send_user_event_on_commit(
                    user.pk,
                    {"type": "room_help", "room": room.pk, "help_url": reverse("safety:help")},
                )
    on_feeling_logged(membership)
    return membership


# --- Host controls --------------------------------------------------------------------------


def _steer(actor: User, room_id: int) -> Room:
    room = _lock_room(room_id)
    if not can_moderate_room(actor, room):
        raise _forbid("Only the host can do that.")
    if room.is_ended:
        raise RoomError("This session has ended.")
    return room


def do_set_phase(*, actor: User, room_id: int, phase: str) -> Room:
    if phase not in Phase.values:
        raise RoomError("That is not a phase of the session.")
    with transaction.atomic():
        room = _steer(actor, room_id)
        room.phase = phase
        fields = ["phase"]
        if phase == Phase.WATCHING:
            room.chat_muted = True
            fields.append("chat_muted")
        elif phase in (Phase.SHARING, Phase.MIXER):
            room.chat_muted = False
            fields.append("chat_muted")
        if phase != Phase.WATCHING and room.playing:
            room.position = room.current_position()
            room.playing = False
            room.playback_updated_at = timezone.now()
            fields += ["position", "playing", "playback_updated_at"]
        room.save(update_fields=fields)
        send_room_event_on_commit(room.pk, _state_event(room))
    return room


def do_end_room(*, actor: User, room_id: int) -> Room:
    with transaction.atomic():
        room = _steer(actor, room_id)
        room.phase = Phase.ENDED
        room.playing = False
        room.save(update_fields=["phase", "playing"])
        Membership.objects.filter(room=room, status=Status.WAITING).update(status=Status.LEFT)
        # Small chats become read-only; open invitations get a week from the real end.
        TearFriendChat.objects.filter(room=room, closed=False).update(closed=True)
        TearFriendInvitation.objects.filter(room=room, status=InvitationStatus.PENDING).update(
            expires_at=timezone.now() + INVITATION_GRACE
        )
        send_room_event_on_commit(room.pk, _state_event(room))
    return room


def _state_event(room: Room) -> dict[str, Any]:
    return {
        "type": "room_state",
        "phase": room.phase,
        "chat_muted": room.chat_muted,
        "locked": room.locked,
        "floor": room.floor_user_id,
    }


def do_set_chat_muted(*, actor: User, room_id: int, muted: bool) -> Room:
    with transaction.atomic():
        room = _steer(actor, room_id)
        room.chat_muted = muted
        room.save(update_fields=["chat_muted"])
        send_room_event_on_commit(room.pk, _state_event(room))
    return room


def do_set_locked(*, actor: User, room_id: int, locked: bool) -> Room:
    with transaction.atomic():
        room = _steer(actor, room_id)
        room.locked = locked
        room.save(update_fields=["locked"])
        send_room_event_on_commit(room.pk, _state_event(room))
    return room


def do_give_floor(*, actor: User, room_id: int, user_id: int | None) -> Room:
    """Give someone the floor to share (lowering their hand), or take it back with None."""
    with transaction.atomic():
        room = _steer(actor, room_id)
        person = None
        if user_id is not None:
            membership = joined_membership(room, user_id)
            membership.hand_raised = False
            membership.save(update_fields=["hand_raised"])
            person = membership.user
        room.floor_user = person
        room.save(update_fields=["floor_user"])
        send_room_event_on_commit(
            room.pk, {"type": "room_floor", "user": _person(person) if person else None}
        )
    return room


def do_pin_message(*, actor: User, room_id: int, message_id: int | None) -> Room:
    with transaction.atomic():
        room = _steer(actor, room_id)
        message = None
        if message_id is not None:
            message = (
                Message.objects.select_related("author")
                .filter(room=room, pk=message_id, hidden=False)
                .first()
            )
            if message is None:
                raise RoomError("That message is not in this room.")
        room.pinned_message = message
        room.save(update_fields=["pinned_message"])
        send_room_event_on_commit(
            room.pk,
            {
                "type": "room_pin",
                "message": message_event(message, message.author.username)["message"]
                if message
                else None,
            },
        )
    return room


def do_hide_message(*, actor: User, room_id: int, message_id: int) -> Message:
    """Hide a hurtful message from the room (kept for moderators; never the author's own view
    of help)."""
    with transaction.atomic():
        room = _steer(actor, room_id)
        message = Message.objects.filter(room=room, pk=message_id).first()
        if message is None:
            raise RoomError("That message is not in this room.")
        message.hidden = True
        message.save(update_fields=["hidden"])
        send_room_event_on_commit(
            room.pk, {"type": "room_message", "op": "hide", "id": message.pk, "seq": message.seq}
        )
    return message


def do_set_member_muted(*, actor: User, room_id: int, user_id: int, muted: bool) -> Membership:
    with transaction.atomic():
        room = _steer(actor, room_id)
        membership = (
            Membership.objects.select_related("user").filter(room=room, user_id=user_id).first()
        )
        if membership is None or membership.user_id == room.host_id:
            raise RoomError("That person is not in the room.")
        membership.muted = muted
        membership.save(update_fields=["muted"])
        send_room_event_on_commit(
            room.pk,
            {
                "type": "room_member",
                "op": "muted" if muted else "unmuted",
                "user": _person(membership.user),
            },
        )
    return membership


def do_remove_member(*, actor: User, room_id: int, user_id: int) -> Membership:
    with transaction.atomic():
        room = _steer(actor, room_id)
        membership = (
            Membership.objects.select_related("user").filter(room=room, user_id=user_id).first()
        )
        if membership is None or membership.user_id == room.host_id:
            raise RoomError("That person is not in the room.")
        was_in = membership.status == Status.JOINED
        membership.status = Status.REMOVED
        membership.left_at = timezone.now()
        membership.hand_raised = False
        membership.save(update_fields=["status", "left_at", "hand_raised"])
        send_user_event_on_commit(membership.user_id, {"type": "room_removed", "room": room.pk})
        send_room_event_on_commit(
            room.pk, {"type": "room_member", "op": "leave", "user": _person(membership.user)}
        )
        _leave_small_chats(room, membership.user)
        if was_in:
            _promote_waiting(room)
    return membership


def do_control_playback(
    *,
    actor: User,
    room_id: int,
    op: str,
    position: float | None = None,
    clip_id: int | None = None,
) -> Room:
    """Play, pause, seek or move to the next clip, for everyone at once.

    The room stores where the clip was and when, so anyone arriving later computes the current
    position instead of starting from the beginning.
    """
    if op not in PLAYBACK_OPS:
        raise RoomError("That playback control is not known.")
    with transaction.atomic():
        room = _steer(actor, room_id)
        now = timezone.now()
        current = room.current_position(now.timestamp())
        if clip_id is not None or op == "next" or room.current_clip_id is None:
            clip = _choose_clip(room, op, clip_id)
            room.current_clip = clip
            current = 0.0
        if op == "play":
            room.playing = True
        elif op == "pause":
            room.playing = False
        elif op == "seek":
            if position is None or position < 0:
                raise RoomError("Choose a point in the clip.")
            current = float(position)
        elif op == "next":
            room.playing = True
        room.position = current
        room.playback_updated_at = now
        room.save(update_fields=["current_clip", "playing", "position", "playback_updated_at"])
        send_room_event_on_commit(room.pk, playback_event(room))
    return room


def _choose_clip(room: Room, op: str, clip_id: int | None) -> RoomClip:
    clips = list(room.clips.order_by("order", "pk"))
    if not clips:
        raise RoomError("Add a clip to the programme first.")
    if clip_id is not None:
        for clip in clips:
            if clip.pk == clip_id:
                return clip
        raise RoomError("That clip is not in this programme.")
    if op == "next" and room.current_clip_id is not None:
        ids = [clip.pk for clip in clips]
        if room.current_clip_id in ids:
            index = ids.index(room.current_clip_id) + 1
            if index >= len(clips):
                raise RoomError("That was the last clip.")
            return clips[index]
    return clips[0]


def playback_event(room: Room) -> dict[str, Any]:
    clip = room.current_clip
    return {
        "type": "room_playback",
        **room.playback_dict(),
        "server_time": time.time(),
        "src": reverse("rooms:clip_media", args=[room.pk, clip.pk]) if clip else None,
        "title": clip.title if clip else None,
        "content_note": clip.content_note if clip else None,
    }
