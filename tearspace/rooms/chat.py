"""Room chat, the mixer's small chats and the host's private check-ins on the conversation
engine: who may read and write, what their events look like, who gets them, and who is alerted
when someone is at risk.

Events go to the transaction's outbox (`tearspace.lib.outbox`), so all of an action's events
leave in one hop after commit.
"""

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from tearspace.accounts.models import Role, User
from tearspace.conversations.models import Message, Participant
from tearspace.conversations.policy import Reason, deliver_to_each, message_as_read
from tearspace.conversations.selectors import HISTORY_LIMIT, ChatPage, page_after, reader_floor
from tearspace.lib.outbox import outbox
from tearspace.rooms.access import can_moderate_room
from tearspace.rooms.common import RoomError, forbid
from tearspace.rooms.models import (
    CheckIn,
    Membership,
    Phase,
    Room,
    Status,
    TearFriendChat,
    TearFriendSeat,
)
from tearspace.rooms.selectors import tear_friend_people
from tearspace.safety.screening import Screening


def _help_and_alert(
    room: Room,
    author: User,
    message: Message,
    screening: Screening,
    *,
    small_chat: int | None = None,
    check_in: int | None = None,
) -> None:
    """Privately help the writer; alert the host and moderators (never the room).

    For a small-chat message the alert says so (`small_chat`): the host cannot read those. For
    words in a private check-in it names the person checked in with (`check_in`): moderators
    cannot read those either.
    """
    outbox().person(
        author.pk,
        {
            "type": "room_help",
            "room": room.pk,
            "message": message.pk,
            "help_url": reverse("safety:help"),
            # Imminent risk: the panel puts the emergency number first and offers no volunteer.
            "urgent": screening.level == "urgent",
        },
    )
    alert = {
        "type": "room_alert",
        "room": room.pk,
        "room_title": room.title,
        "message": message.pk,
        "seq": message.seq,
        "author": author.username,
        "author_id": author.pk,
        "level": screening.level,
        "url": reverse("rooms:live", args=[room.pk]),
    }
    if small_chat is not None:
        alert["small_chat"] = small_chat
    if check_in is not None:
        alert["check_in"] = check_in
    recipients = set(
        User.objects.filter(role__in=[Role.MODERATOR, Role.OPERATOR], is_active=True)
        .exclude(pk=author.pk)
        .values_list("pk", flat=True)
    )
    recipients.add(room.host_id)
    recipients.discard(author.pk)
    for user_id in sorted(recipients):
        outbox().person(user_id, alert)


def _room_state(room_id: int) -> Room:
    room = Room.objects.filter(pk=room_id).only("phase", "chat_muted", "host_id", "title").first()
    if room is None:
        raise RoomError(_("This room no longer exists."), status=404)
    return room


class RoomChat:
    """The room's chat: members who joined and those who steer it read and write."""

    screening_kind = "room_message"
    erase_on_hide = False  # moderators still read hidden words; the room does not

    def __init__(self, room_id: int) -> None:
        self.room_id = room_id
        self.room: Room | None = None

    def refusal(self, reason: Reason, *, status: int = 400) -> RoomError:
        return RoomError(reason, status=status)

    def check_write(self, author: User) -> None:
        self.room = room = _room_state(self.room_id)
        if room.is_ended:
            raise RoomError(_("This session has ended."))
        if can_moderate_room(author, room):
            return
        membership = Membership.objects.filter(room=room, user=author)
        status, muted = membership.values_list("status", "muted").first() or ("", False)
        if status != Status.JOINED:
            raise forbid(_("Join the room to take part."))
        if muted:
            raise forbid(_("The host has paused your messages for now."))
        if room.chat_muted:
            raise forbid(_("Chat is quiet while we watch together. Reactions still float by."))

    def message_dict(self, message: Message) -> dict[str, object]:
        return message_as_read(message)

    def added_event(self, message: Message) -> dict[str, Any]:
        return {
            "type": "room_message",
            "op": "add",
            "room": self.room_id,
            "message": self.message_dict(message),
        }

    def changed_event(self, message: Message) -> dict[str, Any]:
        """A hide, as sent live and replayed on resume: `seq` is the change's own place in the
        sequence, `message_seq` the message's."""
        return {
            "type": "room_message",
            "op": "hide",
            "room": self.room_id,
            "id": message.pk,
            "seq": message.changed_seq,
            "message_seq": message.seq,
        }

    def deliver(self, event: dict[str, Any], *, skip_user: int | None = None) -> None:
        outbox().room(self.room_id, event, skip_user=skip_user)

    def help_and_alert(self, author: User, message: Message, screening: Screening) -> None:
        room = self.room or _room_state(self.room_id)
        _help_and_alert(room, author, message, screening)


class SmallChat:
    """A small chat: only the people seated in it read it and get its events (not the host)."""

    screening_kind = "tear_friend_message"
    erase_on_hide = True  # a removal keeps the words in the report only

    def __init__(self, chat: TearFriendChat) -> None:
        self.chat = chat
        self.room: Room | None = None

    def refusal(self, reason: Reason, *, status: int = 400) -> RoomError:
        return RoomError(reason, status=status)

    def check_write(self, author: User) -> None:
        chat = TearFriendChat.objects.filter(pk=self.chat.pk).only("closed", "room_id").first()
        if chat is None or chat.closed:
            raise RoomError(_("This small chat has closed. You can still read it."))
        self.room = room = Room.objects.get(pk=chat.room_id)
        if room.is_ended:
            raise RoomError(_("This session has ended."))
        if room.phase != Phase.MIXER:
            raise RoomError(_("Small chats and invitations open during the mixer."))
        if not TearFriendSeat.objects.filter(chat=chat, user=author, left_at__isnull=True).exists():
            raise forbid(_("Join the small chat to take part."))
        membership = Membership.objects.filter(room=room, user=author, status=Status.JOINED)
        muted = membership.values_list("muted", flat=True).first()
        if muted is None:
            raise forbid(_("Join the room to take part."))
        if muted:
            raise forbid(_("The host has paused your messages for now."))

    def message_dict(self, message: Message) -> dict[str, object]:
        return {"chat": self.chat.pk, **message_as_read(message, hidden_key="removed")}

    def added_event(self, message: Message) -> dict[str, Any]:
        return {
            "type": "tear_friend_message",
            "op": "add",
            "room": self.chat.room_id,
            "chat": self.chat.pk,
            "message": {
                "id": message.pk,
                "chat": self.chat.pk,
                "seq": message.seq,
                "author": message.author.username,
                "body": message.body,
                "created_at": message.created_at.isoformat(),
            },
        }

    def changed_event(self, message: Message) -> dict[str, Any]:
        """A removal, as sent live and replayed on resume (`seq` as for the room's hides)."""
        return {
            "type": "tear_friend_message",
            "op": "remove",
            "room": self.chat.room_id,
            "chat": self.chat.pk,
            "id": message.pk,
            "seq": message.changed_seq,
            "message_seq": message.seq,
        }

    def deliver(self, event: dict[str, Any], *, skip_user: int | None = None) -> None:
        for person in tear_friend_people(chat=self.chat):
            if person.pk != skip_user:
                outbox().person(person.pk, event)

    def help_and_alert(self, author: User, message: Message, screening: Screening) -> None:
        room = self.room or Room.objects.get(pk=self.chat.room_id)
        _help_and_alert(room, author, message, screening, small_chat=self.chat.pk)


class CheckInChat:
    """A private check-in: only the person and the room's host read it and get its events.

    The person writes while they are in the room, in every phase and even while the room's
    chat is quiet or they are paused there: a person can always reach the host privately.
    The host writes to someone who is in the room. Nobody writes after the session ends.
    """

    screening_kind = "check_in_message"
    erase_on_hide = True  # a removal keeps the words in the report only

    def __init__(self, check_in: CheckIn) -> None:
        self.check_in = check_in
        self.room: Room | None = None

    def refusal(self, reason: Reason, *, status: int = 400) -> RoomError:
        return RoomError(reason, status=status)

    def people(self) -> tuple[int, int]:
        """The person, then the host."""
        return self.check_in.person_id, self.check_in.room.host_id

    def check_write(self, author: User) -> None:
        self.room = room = _room_state(self.check_in.room_id)
        if author.pk not in (self.check_in.person_id, room.host_id):
            raise forbid(_("Only the host and the person they check in with can write here."))
        if room.is_ended:
            raise RoomError(_("This session has ended. You can still read your private words."))
        if not Membership.objects.filter(
            room=room, user_id=self.check_in.person_id, status=Status.JOINED
        ).exists():
            mine = author.pk == self.check_in.person_id
            raise forbid(
                _("Join the room to take part.") if mine else _("They are not in the room.")
            )

    def message_dict(self, message: Message) -> dict[str, object]:
        return {"check_in": self.check_in.pk, **message_as_read(message, hidden_key="removed")}

    def _event(self, op: str) -> dict[str, Any]:
        person = self.check_in.person
        return {
            "type": "room_check_in",
            "op": op,
            "room": self.check_in.room_id,
            "check_in": self.check_in.pk,
            "person": {"id": person.pk, "handle": person.username},
        }

    def added_event(self, message: Message) -> dict[str, Any]:
        return {**self._event("add"), "message": self.message_dict(message)}

    def changed_event(self, message: Message) -> dict[str, Any]:
        """A removal, as sent live and replayed on resume (`seq` as for the room's hides)."""
        return {
            **self._event("remove"),
            "id": message.pk,
            "seq": message.changed_seq,
            "message_seq": message.seq,
        }

    def deliver(self, event: dict[str, Any], *, skip_user: int | None = None) -> None:
        deliver_to_each(self.people(), event, skip_user=skip_user)

    def help_and_alert(self, author: User, message: Message, screening: Screening) -> None:
        room = self.room or _room_state(self.check_in.room_id)
        _help_and_alert(room, author, message, screening, check_in=self.check_in.pk)


def check_in_page(*, check_in: CheckIn, after: int = 0, limit: int = HISTORY_LIMIT) -> ChatPage:
    """A check-in after `after`: both of its people read all of it."""
    return page_after(
        conversation_id=check_in.conversation_id,
        after=after,
        floor=0,
        policy=CheckInChat(check_in),
        limit=limit,
    )


def chat_floor(user: User, room: Room) -> int:
    """Return the room sequence number after which this person may read the room's chat.

    Someone who came in reads from when they (last) came in, so nobody reads words said before
    they were there by people who may have left since, unless the host opened earlier chat to
    newcomers. Those who steer the room read all of it. Someone who never came in reads
    nothing that has been said so far.
    """
    if can_moderate_room(user, room):
        return 0
    return reader_floor(conversation=room.conversation, user_id=user.pk)


def room_chat_page(
    *, room: Room, reader: User, after: int = 0, limit: int = HISTORY_LIMIT
) -> ChatPage:
    """The room chat after `after` as `reader` may read it (see `chat_floor`)."""
    return page_after(
        conversation_id=room.conversation_id,
        after=after,
        floor=chat_floor(reader, room),
        policy=RoomChat(room.pk),
        limit=limit,
    )


def seat_floor(seat: TearFriendSeat) -> int:
    """Where this seat reads its small chat from: nothing from before it sat down."""
    return reader_floor(conversation=seat.chat.conversation, user_id=seat.user_id)


def tear_friend_chat_page(
    *, seat: TearFriendSeat, after: int = 0, limit: int = HISTORY_LIMIT
) -> ChatPage:
    """A small chat after `after` as this seat may read it (nothing from before it sat down)."""
    return page_after(
        conversation_id=seat.chat.conversation_id,
        after=after,
        floor=seat_floor(seat),
        policy=SmallChat(seat.chat),
        limit=limit,
    )


def could_read_small_chat_message(person: User, message: Message, chat: TearFriendChat) -> bool:
    """Whether `person` sat in the message's chat from before it was written until after."""
    seated = Participant.objects.filter(
        conversation_id=chat.conversation_id, user=person, from_seq__lt=message.seq
    ).exists()
    return (
        seated
        and TearFriendSeat.objects.filter(chat=chat, user=person)
        .filter(Q(left_at__isnull=True) | Q(left_at__gte=message.created_at))
        .exists()
    )
