"""Host controls: the host (or a moderator) steers a live room — phase, chat, lock, floor,
pins, hides, mutes, removals and the shared playback. Every change is one live event after
commit."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tearspace.accounts.models import User
from tearspace.conversations import actions as engine
from tearspace.conversations.models import (
    Message,
)
from tearspace.lib.outbox import outbox
from tearspace.rooms.access import can_moderate_room
from tearspace.rooms.actions import PLAYBACK_OPS, leave_small_chats, promote_waiting
from tearspace.rooms.chat import RoomChat
from tearspace.rooms.common import (
    INVITATION_GRACE,
    RoomError,
    forbid,
    joined_membership,
    limit,
    lock_room,
    person_dict,
)
from tearspace.rooms.events import playback_event, send_room_event_on_commit
from tearspace.rooms.models import (
    InvitationStatus,
    Membership,
    Phase,
    Room,
    RoomClip,
    Status,
    TearFriendChat,
    TearFriendInvitation,
)

# --- Host controls --------------------------------------------------------------------------


def _steer(actor: User, room_id: int) -> Room:
    """Lock the room for a host control by `actor`, who must steer it. Every host control
    comes through here, so this is where they take their token."""
    limit(actor, "control")
    room = lock_room(room_id)
    if not can_moderate_room(actor, room):
        raise forbid(_("Only the host can do that."))
    if room.is_ended:
        raise RoomError(_("This session has ended."))
    return room


def do_set_phase(*, actor: User, room_id: int, phase: str) -> Room:
    if phase not in Phase.values:
        raise RoomError(_("That is not a phase of the session."))
    if phase == Phase.ENDED:
        # Ending tidies up (small chats, invitations, the waiting list): one way to end.
        return do_end_room(actor=actor, room_id=room_id)
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
            room.pk, {"type": "room_floor", "user": person_dict(person) if person else None}
        )
    return room


def do_pin_message(*, actor: User, room_id: int, message_id: int | None) -> Room:
    with transaction.atomic():
        room = _steer(actor, room_id)
        message = None
        if message_id is not None:
            message = (
                Message.objects.select_related("author")
                .filter(conversation_id=room.conversation_id, pk=message_id, hidden=False)
                .first()
            )
            if message is None:
                raise RoomError(_("That message is not in this room."))
        room.pinned_message = message
        room.save(update_fields=["pinned_message"])
        send_room_event_on_commit(
            room.pk,
            {
                "type": "room_pin",
                "message": RoomChat(room.pk).message_dict(message) if message else None,
            },
        )
    return room


def do_hide_message(*, actor: User, room_id: int, message_id: int) -> Message:
    """Hide a hurtful message from the room (kept for moderators; never the author's own view
    of help)."""
    with transaction.atomic():
        room = _steer(actor, room_id)
        message = Message.objects.filter(conversation_id=room.conversation_id, pk=message_id)
        found = message.first()
        if found is None:
            raise RoomError(_("That message is not in this room."))
        engine.do_hide(message=found, policy=RoomChat(room.pk))
    return found


def do_hide_message_for_everyone(*, message: Message) -> None:
    """Hide a message after a moderator's decision on a report (any phase, ended too)."""
    room_id = Room.objects.filter(conversation_id=message.conversation_id).values_list(
        "pk", flat=True
    )
    engine.do_hide(message=message, policy=RoomChat(room_id.get()))


def do_set_member_muted(*, actor: User, room_id: int, user_id: int, muted: bool) -> Membership:
    with transaction.atomic():
        room = _steer(actor, room_id)
        membership = (
            Membership.objects.select_related("user").filter(room=room, user_id=user_id).first()
        )
        if membership is None or membership.user_id == room.host_id:
            raise RoomError(_("That person is not in the room."))
        membership.muted = muted
        membership.save(update_fields=["muted"])
        send_room_event_on_commit(
            room.pk,
            {
                "type": "room_member",
                "op": "muted" if muted else "unmuted",
                "user": person_dict(membership.user),
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
            raise RoomError(_("That person is not in the room."))
        was_in = membership.status == Status.JOINED
        membership.status = Status.REMOVED
        membership.left_at = timezone.now()
        membership.hand_raised = False
        membership.save(update_fields=["status", "left_at", "hand_raised"])
        outbox().person(membership.user_id, {"type": "room_removed", "room": room.pk})
        send_room_event_on_commit(
            room.pk, {"type": "room_member", "op": "leave", "user": person_dict(membership.user)}
        )
        leave_small_chats(room, membership.user)
        if was_in:
            promote_waiting(room)
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
        raise RoomError(_("That playback control is not known."))
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
                raise RoomError(_("Choose a point in the clip."))
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
        raise RoomError(_("Add a clip to the programme first."))
    if clip_id is not None:
        for clip in clips:
            if clip.pk == clip_id:
                return clip
        raise RoomError(_("That clip is not in this programme."))
    if op == "next" and room.current_clip_id is not None:
        ids = [clip.pk for clip in clips]
        if room.current_clip_id in ids:
            index = ids.index(room.current_clip_id) + 1
            if index >= len(clips):
                raise RoomError(_("That was the last clip."))
            return clips[index]
    return clips[0]
