"""Every write of the mixer: small "tear friends" chats and invitations to form a circle.

Split from actions.py by sub-domain (STYLE.md); the same rules hold: keyword-only arguments,
events only from here and only after commit. Small-chat events go to the people seated in the
chat and nobody else (not the room, not the host), as personal events that the room hub hands
to their room sockets.
"""

from datetime import datetime
from functools import partial
from typing import Any, cast

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tearspace.accounts.models import User
from tearspace.accounts.selectors import age_bands_apart, blocked_ids, is_blocked_between
from tearspace.circles.access import kept_out_by_age
from tearspace.circles.actions import (
    CirclesError,
    do_add_member,
    do_create_named_circle,
)
from tearspace.circles.models import Circle, CircleMembership
from tearspace.conversations import actions as engine
from tearspace.conversations.models import Conversation, Message
from tearspace.conversations.models import Kind as ConversationKind
from tearspace.lib.limits import over_limit_for
from tearspace.lib.outbox import outbox
from tearspace.notifications.actions import do_notify
from tearspace.notifications.models import NotificationKind
from tearspace.rooms.chat import SmallChat, could_read_small_chat_message
from tearspace.rooms.common import (
    INVITATION_GRACE,
    RoomError,
    forbid,
    joined_membership,
    limit,
    lock_room,
    person_dict,
)
from tearspace.rooms.models import (
    MAX_TEAR_FRIENDS,
    InvitationStatus,
    Membership,
    Phase,
    Room,
    Status,
    TearFriendChat,
    TearFriendInvitation,
    TearFriendSeat,
)
from tearspace.rooms.selectors import tear_friend_people, tear_friend_seat_of
from tearspace.safety.models import Report
from tearspace.safety.screening import Screening

# Translators: the name of a circle formed by people who met in a room; %(title)s is the room's.
CIRCLE_NAME = gettext_lazy("Tear friends from %(title)s")
# Translators: the name of a circle formed after a listener chat; %(place)s names where they met.
OUTSIDE_ROOM_CIRCLE_NAME = gettext_lazy("Staying in touch after %(place)s")
CIRCLE_NAME_LIMIT = 80  # circles' own limit on a name
INVITATIONS_FOR_NOW = gettext_lazy("That is a lot of invitations for now. Try again later.")


def _check_mixer(room: Room) -> None:
    if room.is_ended:
        raise RoomError(_("This session has ended."))
    if room.phase != Phase.MIXER:
        raise RoomError(_("Small chats and invitations open during the mixer."))


def _check_in_room(room: Room, user: User) -> Membership:
    membership = Membership.objects.filter(room=room, user=user, status=Status.JOINED).first()
    if membership is None:
        raise forbid(_("Join the room to take part."))
    return membership


# --- Small chats ------------------------------------------------------------------------------


def tear_friend_seat_event(
    chat: TearFriendChat, op: str, user: User, people: list[User]
) -> dict[str, Any]:
    return {
        "type": "tear_friend_seat",
        "op": op,
        "room": chat.room_id,
        "chat": chat.pk,
        "user": person_dict(user),
        "people": [person_dict(p) for p in people],
    }


def vacate_seat(seat: TearFriendSeat, user: User) -> None:
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
    event = tear_friend_seat_event(chat, "leave", user, people)
    for person in [*people, user]:
        outbox().person(person.pk, event)


def do_join_tear_friend_chat(*, room_id: int, user: User) -> TearFriendSeat:
    """Sit down in an open small chat of this room with room for one more, or start one.

    Nobody is placed in a chat without asking; asking twice keeps the seat already held. The
    host keeps the main room and does not sit in (or read) small chats.
    """
    limit(user, "join")
    with transaction.atomic():
        room = lock_room(room_id)
        _check_mixer(room)
        _check_in_room(room, user)
        if room.host_id == user.pk:
            raise forbid(_("Small chats are for the people in the room; the host keeps the room."))
        held = tear_friend_seat_of(room=room, user=user)
        if held is not None and not held.chat.closed:
            return held
        chat = _chat_with_room_for(room, user) or TearFriendChat.objects.create(
            room=room, conversation=Conversation.objects.create(kind=ConversationKind.SMALL_CHAT)
        )
        chat = TearFriendChat.objects.select_for_update().get(pk=chat.pk)
        seat = TearFriendSeat.objects.create(chat=chat, user=user)
        # They read the chat from here: nothing said before they sat down.
        engine.do_join(conversation_id=chat.conversation_id, user=user)
        people = tear_friend_people(chat=chat)
        event = tear_friend_seat_event(chat, "join", user, people)
        for person in people:
            outbox().person(person.pk, event)
    return seat


def _chat_with_room_for(room: Room, user: User) -> TearFriendChat | None:
    """The fullest open chat with a free seat and nobody with a block between them and `user`.

    Never one they left: leaving a chat is how someone gets away from it.
    """
    left = TearFriendSeat.objects.filter(chat__room=room, user=user, left_at__isnull=False)
    candidates = list(
        TearFriendChat.objects.filter(room=room, closed=False)
        .exclude(pk__in=left.values("chat_id"))
        .annotate(seated=Count("seats", filter=Q(seats__left_at__isnull=True)))
        .filter(seated__gt=0, seated__lt=MAX_TEAR_FRIENDS)
        .order_by("-seated", "created_at", "pk")
    )
    avoid = blocked_ids(user)
    if avoid and candidates:
        unwelcome = set(
            TearFriendSeat.objects.filter(
                chat__in=candidates, left_at__isnull=True, user_id__in=avoid
            ).values_list("chat_id", flat=True)
        )
        candidates = [chat for chat in candidates if chat.pk not in unwelcome]
    return candidates[0] if candidates else None


def do_leave_tear_friend_chat(*, room_id: int, user: User) -> None:
    """Leave the small chat (any time, no questions). Leaving when not in one changes nothing."""
    with transaction.atomic():
        room = lock_room(room_id)
        seat = tear_friend_seat_of(room=room, user=user)
        if seat is not None and not seat.chat.closed:
            vacate_seat(seat, user)


def do_leave_small_chats_shared_with(*, person: User, other_id: int) -> None:
    """Leave every open small chat `person` shares with `other_id` (`person` blocked them).

    To the others it is an ordinary leave: nothing says why.
    """
    shared = TearFriendSeat.objects.filter(
        user=person,
        left_at__isnull=True,
        chat__closed=False,
        chat__seats__user_id=other_id,
        chat__seats__left_at__isnull=True,
    )
    for room_id in set(shared.values_list("chat__room_id", flat=True)):
        do_leave_tear_friend_chat(room_id=room_id, user=person)


def do_send_tear_friend_message(
    *, chat_id: int, author: User, body: str, client_key: str = ""
) -> tuple[Message, Screening | None]:
    """Store a small-chat message with the chat's next sequence number, screen it, then tell
    the people seated in the chat (and only them).

    A repeat of the same `client_key` returns the stored message (and no screening). Someone at
    risk privately gets help, and the host and moderators an alert that names no words.
    """
    chat = TearFriendChat.objects.select_related("conversation").filter(pk=chat_id).first()
    if chat is None:
        raise RoomError(_("This small chat no longer exists."), status=404)
    message, screening = engine.do_send(
        conversation_id=chat.conversation_id,
        author=author,
        body=body,
        client_key=client_key,
        policy=SmallChat(chat),
    )
    message.conversation = chat.conversation  # its chat, for the caller, without a query
    return message, screening


def do_report_tear_friend_message(
    *, reporter: User, room_id: int, chat_id: int, message_id: int, reason: str, details: str = ""
) -> tuple[Report, Screening | None]:
    """Ask moderators to look at someone's words in a small chat, as the reporter saw them.

    Only someone who could read the message may report it: seated in that chat when it was
    written (having left since, or the session having ended, does not matter). Nobody in the
    chat, the room or the host is told. Duplicates, the report budget and the screening of the
    reporter's note work as for the room's chat.
    """
    chat = TearFriendChat.objects.filter(pk=chat_id, room_id=room_id).first()
    # Anyone who could not read it learns nothing of it, not even that it exists.
    unknown = RoomError(_("That message is not in your small chat."), status=404)
    if chat is None:
        raise unknown
    policy = SmallChat(chat)
    details = engine.clean_report_note(reason, details, policy=policy)
    found = Message.objects.select_related("author")
    message = found.filter(pk=message_id, conversation_id=chat.conversation_id).first()
    if message is None or not could_read_small_chat_message(reporter, message, chat):
        raise unknown
    if message.author_id == reporter.pk:
        raise RoomError(_("This is your own message."))
    return engine.do_report_message(
        reporter=reporter, message=message, reason=reason, details=details, policy=policy
    )


def do_remove_tear_friend_message_for_everyone(*, message: Message) -> None:
    """Remove small-chat words after a moderator's decision on a report (any phase, ended too).

    The removal takes the chat's next sequence number, like a message, so someone away when it
    happened learns of it when they resume; the people seated in the chat now see it go. The
    report keeps the words for moderators; the chat keeps only that something was removed.
    """
    chat = TearFriendChat.objects.get(conversation_id=message.conversation_id)
    engine.do_hide(message=message, policy=SmallChat(chat))


# --- Forming a circle together -----------------------------------------------------------------


def invitation_event(
    invitation: TearFriendInvitation, op: str, *, viewer_id: int, circle: Circle | None = None
) -> dict[str, Any]:
    return {
        "type": "tear_friend_invitation",
        "op": op,
        "room": invitation.room_id,
        "invitation": invitation.to_dict(viewer_id=viewer_id),
        "circle": (
            {
                "id": circle.pk,
                "name": circle.name,
                "url": reverse("circles:detail", args=[circle.pk]),
            }
            if circle is not None
            else None
        ),
    }


def do_invite_tear_friend(*, room_id: int, inviter: User, invitee_id: int) -> TearFriendInvitation:
    """Invite someone in the room to form a circle together; they choose whether to.

    The room's checks (the mixer, both in the room), then `invite_to_circle`.
    """
    if over_limit_for(inviter.pk, "invite"):
        raise RoomError(INVITATIONS_FOR_NOW, status=429)
    with transaction.atomic():
        room = lock_room(room_id)
        _check_mixer(room)
        _check_in_room(room, inviter)
        if invitee_id == inviter.pk:
            raise RoomError(_("Choose someone else in the room."))
        invitee = joined_membership(room, invitee_id).user
        return invite_to_circle(
            inviter=inviter,
            invitee=invitee,
            room=room,
            place=f"“{room.title}”",
            expires_at=max(timezone.now(), cast(datetime, room.ends_at)) + INVITATION_GRACE,
            answer_url=reverse("rooms:after", args=[room.pk]),
        )


def may_not_meet(a: User, b: User) -> bool:
    """Whether two people must never be put in a circle together: a block between them, either
    way, or an adult and someone under 18."""
    return age_bands_apart(a, b) or is_blocked_between(a.pk, b.pk)


def invite_to_circle(
    *,
    inviter: User,
    invitee: User,
    room: Room | None,
    place: str,
    expires_at: datetime,
    answer_url: str,
    shown_as: tuple[str, str] = ("", ""),
) -> TearFriendInvitation:
    """Invite `invitee` to form a circle with `inviter`: the one mutual-consent invitation, for
    people who met in a room or in a listener chat (`room` None, `place` names it).

    Asking again in the same place returns the invitation already made, and when they already
    asked you, asking back is a yes to theirs. The inviter always gets an invitation that looks
    sent, whatever happened to it: a "not now", a block between the two or an adult and someone
    under 18 (it is simply not delivered), and an invitation still open from an earlier place
    (they can answer that one) all look alike. `shown_as` (inviter, invitee): the names they
    show under until both say yes (blank: their handle). Call inside transaction.atomic holding
    the place's row lock (the room's, or the listener chat's).
    """
    _expire_old_invitations(inviter.pk, invitee.pk)
    made = (
        _invitations(inviter.pk, invitee.pk)
        .filter(room=room, place=place if room is None else "")
        .exclude(status=InvitationStatus.EXPIRED)
        .last()
    )
    if made is not None:
        return made
    withheld = may_not_meet(inviter, invitee)
    theirs = _open_invitation(invitee.pk, inviter.pk)
    if theirs is not None and not withheld:
        return do_answer_tear_friend_invitation(
            invitation_id=theirs.pk, person=inviter, accept=True
        )
    # One open invitation per pair: one from an earlier place stays the one to answer.
    delivered = not withheld and _open_invitation(inviter.pk, invitee.pk) is None
    invitation = TearFriendInvitation.objects.create(
        room=room,
        place="" if room is not None else place,
        inviter=inviter,
        invitee=invitee,
        inviter_shown_as=shown_as[0],
        invitee_shown_as=shown_as[1],
        status=InvitationStatus.PENDING if delivered else InvitationStatus.WITHHELD,
        expires_at=expires_at,
    )
    if delivered:
        outbox().person(invitee.pk, invitation_event(invitation, "new", viewer_id=invitee.pk))
        # Also on the notifications page, for someone who closed the page already.
        do_notify(
            recipient_id=invitee.pk,
            kind=NotificationKind.ROOM,
            text=partial(_invitation_text, shown_as[0] or inviter.username, place),
            url=answer_url,
        )
    return invitation


def _invitation_text(name: str, place: str) -> str:
    """The invitation notification's words, in the active language (the invitee's). `place` is
    a room's quoted title, or a place named by a gettext_noop message (support's PLACE)."""
    return _(
        "%(name)s would like to form a circle with you, after %(place)s. Answer whenever you like."
    ) % {"name": name, "place": _(place) if place else place}


def _expire_old_invitations(a_id: int, b_id: int) -> None:
    """Mark lapsed open invitations between the two as expired (freeing the pair)."""
    TearFriendInvitation.objects.filter(
        Q(inviter_id=a_id, invitee_id=b_id) | Q(inviter_id=b_id, invitee_id=a_id),
        status=InvitationStatus.PENDING,
        expires_at__lte=timezone.now(),
    ).update(status=InvitationStatus.EXPIRED)


def _invitations(inviter_id: int, invitee_id: int) -> QuerySet[TearFriendInvitation]:
    return TearFriendInvitation.objects.select_related("room", "inviter", "invitee").filter(
        inviter_id=inviter_id, invitee_id=invitee_id
    )


def _open_invitation(inviter_id: int, invitee_id: int) -> TearFriendInvitation | None:
    """The open invitation from one to the other, made in whichever room (at most one)."""
    return _invitations(inviter_id, invitee_id).filter(status=InvitationStatus.PENDING).first()


def do_answer_tear_friend_invitation(
    *, invitation_id: int, person: User, accept: bool
) -> TearFriendInvitation:
    """Say yes (form the circle) or "not now". Only the person invited may answer, once.

    Yes adds both people to the inviter's circle from this room, made with the circles app's
    own actions the first time. "Not now" is never announced to the inviter.
    """
    limit(person, "answer")
    with transaction.atomic():
        found = (
            TearFriendInvitation.objects.filter(pk=invitation_id, invitee_id=person.pk)
            .values_list("room_id")
            .first()
        )
        if found is None:
            raise RoomError(_("That invitation is not here."), status=404)
        # The room row first, as every room write takes it: two yeses at once to invitations
        # from the same inviter then form one circle, not two. Then only the invitation's own
        # row (not the people's or the room's through the join). Outside a room each yes forms
        # its own circle, so the invitation's row is enough.
        if (room_id := found[0]) is not None:
            lock_room(room_id)
        invitation = (
            TearFriendInvitation.objects.select_for_update(of=("self",))
            .select_related("room", "inviter", "invitee")
            .filter(pk=invitation_id, invitee_id=person.pk)
            .exclude(status=InvitationStatus.WITHHELD)
            .first()
        )
        if invitation is None:
            raise RoomError(_("That invitation is not here."), status=404)
        answer = InvitationStatus.ACCEPTED if accept else InvitationStatus.NOT_NOW
        if invitation.status == answer:
            return invitation  # the same answer again (a retry) changes nothing
        if invitation.status != InvitationStatus.PENDING:
            raise RoomError(_("You have already answered this invitation."))
        if invitation.expires_at <= timezone.now():
            raise RoomError(
                _("This invitation has expired. You can always invite each other again.")
            )
        if may_not_meet(invitation.inviter, person):
            raise RoomError(_("This invitation is no longer open."))
        circle = _form_circle(invitation) if accept else None
        invitation.status = answer
        invitation.answered_at = timezone.now()
        invitation.circle = circle
        invitation.save(update_fields=["status", "answered_at", "circle"])
        outbox().person(
            person.pk, invitation_event(invitation, "answered", viewer_id=person.pk, circle=circle)
        )
        if circle is not None:
            outbox().person(
                invitation.inviter_id,
                invitation_event(
                    invitation, "accepted", viewer_id=invitation.inviter_id, circle=circle
                ),
            )
    return invitation


def _form_circle(invitation: TearFriendInvitation) -> Circle:
    """Add the invitee to the inviter's circle from this room, made now if it is the first
    (outside a room, a circle of the two of them, made now).

    Each person said yes to a circle with the inviter, not with everyone else who did: someone
    is never put in a circle with a person they have a block with, nor an adult with someone
    under 18 (an inviter whose band is not given yet may meet both). They quietly get a circle
    of their own with the inviter instead, under the same name, so nobody learns why.
    Call inside transaction.atomic holding the room row lock.
    """
    invitee = invitation.invitee
    avoid = blocked_ids(invitee)
    try:
        circle = next(
            (
                c
                for c in _circles_formed_in(invitation)
                if not _has_any_of(c, avoid) and not kept_out_by_age(circle=c, person=invitee)
            ),
            None,
        )
        if circle is None:
            # Tearspace wrote this name, not the inviter: circles does not screen it as theirs.
            if invitation.room is not None:
                name = CIRCLE_NAME % {"title": invitation.room.title}
            else:
                name = OUTSIDE_ROOM_CIRCLE_NAME % {"place": _(invitation.place)}
            name = name[:CIRCLE_NAME_LIMIT]
            circle = do_create_named_circle(owner=invitation.inviter, name=name)
        do_add_member(circle=circle, person=invitee)
    except CirclesError as error:
        raise RoomError(str(error), status=error.status) from None
    return circle


def _circles_formed_in(invitation: TearFriendInvitation) -> list[Circle]:
    """The inviter's circles formed in the invitation's room so far, oldest first (none for an
    invitation from outside a room)."""
    if invitation.room_id is None:
        return []
    accepted = TearFriendInvitation.objects.filter(
        room=invitation.room_id, inviter=invitation.inviter_id, status=InvitationStatus.ACCEPTED
    )
    return list(
        Circle.objects.filter(
            owner=invitation.inviter_id, pk__in=accepted.values("circle_id")
        ).order_by("pk")
    )


def _has_any_of(circle: Circle, people: set[int]) -> bool:
    return (
        bool(people)
        and CircleMembership.objects.filter(circle=circle, member_id__in=people).exists()
    )
