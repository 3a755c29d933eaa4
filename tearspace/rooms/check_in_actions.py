"""Every write of the host's private check-ins: a private line between a person in the room and
its host, on the conversation engine (kind "check_in").

Split from actions.py by sub-domain (STYLE.md); the same rules hold. A check-in's events go to
the person and the host and nobody else (not the room, not moderators), as personal events the
room hub hands to their room sockets.
"""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tearspace.accounts.models import User
from tearspace.accounts.selectors import age_bands_apart, is_blocked_between
from tearspace.conversations import actions as engine
from tearspace.conversations.models import Conversation, Message, ParticipantRole
from tearspace.conversations.models import Kind as ConversationKind
from tearspace.rooms.access import can_moderate_room
from tearspace.rooms.chat import CheckInChat
from tearspace.rooms.common import RoomError, forbid, lock_room
from tearspace.rooms.models import CheckIn, Membership, Room, Status
from tearspace.safety.models import Report
from tearspace.safety.screening import Screening

ONLY_THE_HOST = gettext_lazy("Only the host can write privately to someone in the room.")


def _person_id_for(room: Room, author: User, person_id: int | None) -> int:
    """Whose check-in `author` writes in: the host (with their second factor) names the person;
    anyone else writes their own line to the host (naming nobody, or themselves).

    A host without their second factor is anyone else here, as for every host control, so
    naming someone is refused to them as to a member; their own line to the host would be to
    themselves, and is refused the same way.
    """
    if author.pk == room.host_id and can_moderate_room(author, room):
        if person_id is None or person_id == author.pk:
            raise RoomError(_("Choose the person you'd like to write to."))
        return person_id
    if person_id not in (None, author.pk) or author.pk == room.host_id:
        raise forbid(ONLY_THE_HOST)
    return author.pk


def _ages_apart(room: Room, person_id: int) -> bool:
    """Whether the host and the person are an adult and someone under 18 (never a private
    line between them, as in the mixer's `may_not_meet`)."""
    person = User.objects.filter(pk=person_id).first()
    return person is not None and age_bands_apart(room.host, person)


def _open_check_in(room: Room, person_id: int, *, by_host: bool) -> CheckIn:
    """The room's check-in with this person, opened now if there is none yet.

    Call inside transaction.atomic holding the room row lock (one check-in per person).
    """
    found = CheckIn.objects.select_related("room", "person", "conversation")
    check_in = found.filter(room=room, person_id=person_id).first()
    if check_in is not None:
        return check_in
    if room.is_ended:
        raise RoomError(_("This session has ended."))
    in_room = Membership.objects.filter(room=room, user_id=person_id, status=Status.JOINED)
    if not in_room.exists():
        raise forbid(_("That person is not in the room.") if by_host else _("Join the room first."))
    # Both read all of it: it is theirs alone from the first word.
    conversation = Conversation.objects.create(
        kind=ConversationKind.CHECK_IN, newcomers_read_from_join=False
    )
    check_in = CheckIn.objects.create(room=room, person_id=person_id, conversation=conversation)
    engine.do_join(conversation_id=conversation.pk, user=check_in.person)
    engine.do_join(conversation_id=conversation.pk, user=room.host, role=ParticipantRole.HOST)
    return found.get(pk=check_in.pk)


def do_send_check_in_message(
    *, room_id: int, author: User, person_id: int | None, body: str, client_key: str = ""
) -> tuple[Message, Screening | None]:
    """Write privately between a person in the room and its host (the host names the person).

    Screened like all chat: a writer at risk privately gets help, and the host and moderators
    an alert that names no words. A repeat of the same `client_key` returns the stored message.
    Anyone but the two gets a refusal (403), and so does a host whom the person blocked (or
    who blocked them), and so do an adult and someone under 18. The returned message's
    conversation carries its check-in.
    """
    with transaction.atomic():
        room = lock_room(room_id)
        person_id = _person_id_for(room, author, person_id)
        # An adult and someone under 18 are refused as a block is: the same words, nothing
        # that tells the host (or the person) the other's age.
        if is_blocked_between(room.host_id, person_id) or _ages_apart(room, person_id):
            raise forbid(_("A private line is not open between you two."))
        check_in = _open_check_in(room, person_id, by_host=author.pk == room.host_id)
        # One transaction with the opening: a refused first message opens nothing.
        message, screening = engine.do_send(
            conversation_id=check_in.conversation_id,
            author=author,
            body=body,
            client_key=client_key,
            policy=CheckInChat(check_in),
        )
    message.conversation = check_in.conversation  # its check-in, for the caller, without a query
    check_in.conversation.check_in = check_in
    return message, screening


def do_report_check_in_message(
    *, reporter: User, room_id: int, message_id: int, reason: str, details: str = ""
) -> tuple[Report, Screening | None]:
    """Ask moderators to look at the other side's words in your check-in (the person, or the
    host). Nobody else can see the message, so for anyone else it does not exist (404)."""
    unknown = RoomError(_("That message is not in your private words with the host."), status=404)
    message = (
        Message.objects.select_related("author", "conversation__check_in__room")
        .filter(pk=message_id, conversation__check_in__room_id=room_id)
        .first()
    )
    if message is None:
        raise unknown
    check_in = message.conversation.check_in
    policy = CheckInChat(check_in)
    if reporter.pk not in policy.people():
        raise unknown
    details = engine.clean_report_note(reason, details, policy=policy)
    if message.author_id == reporter.pk:
        raise RoomError(_("This is your own message."))
    return engine.do_report_message(
        reporter=reporter, message=message, reason=reason, details=details, policy=policy
    )


def do_remove_check_in_message_for_everyone(*, message: Message) -> None:
    """Remove check-in words after a moderator's decision on a report (any phase, ended too).

    The removal takes the check-in's next sequence number, so the one away when it happened
    learns of it when they resume; the report keeps the words, the check-in only that
    something was removed.
    """
    check_in = CheckIn.objects.select_related("room", "person").get(
        conversation_id=message.conversation_id
    )
    engine.do_hide(message=message, policy=CheckInChat(check_in))
