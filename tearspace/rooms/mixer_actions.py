"""Every write of the mixer: small "tear friends" chats and invitations to form a circle.

Split from actions.py by sub-domain (STYLE.md); the same rules hold: keyword-only arguments,
events only from here and only after commit. Small-chat events go to the people seated in the
chat and nobody else (not the room, not the host), as personal events that the room hub hands
to their room sockets.
"""

from datetime import datetime
from typing import Any, cast

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from tearspace.accounts.models import User
from tearspace.circles.access import blocked_ids, is_blocked_between
from tearspace.circles.actions import (
    CirclesError,
    do_add_member,
    do_create_named_circle,
    do_notify,
)
from tearspace.circles.limits import over_limit_for
from tearspace.circles.models import Circle, CircleMembership, NotificationKind
from tearspace.rooms.actions import (
    INVITATION_GRACE,
    RoomError,
    _clean_message,
    _forbid,
    _lock_room,
    _send_help_and_alert,
    _vacate_seat,
    clean_report_note,
    file_report,
    joined_membership,
    limit,
    tear_friend_seat_event,
)
from tearspace.rooms.events import Outbox, small_chat_change_event
from tearspace.rooms.models import (
    MAX_TEAR_FRIENDS,
    InvitationStatus,
    Membership,
    Phase,
    Room,
    Status,
    TearFriendChat,
    TearFriendInvitation,
    TearFriendMessage,
    TearFriendSeat,
)
from tearspace.rooms.selectors import tear_friend_people, tear_friend_seat_of
from tearspace.safety.enforcement import PostingPaused, check_can_post
from tearspace.safety.models import Report
from tearspace.safety.screening import Screening, screen_text

CIRCLE_NAME = "Tear friends from {title}"
CIRCLE_NAME_LIMIT = 80  # circles' own limit on a name
INVITATIONS_FOR_NOW = "That is a lot of invitations for now. Try again later."


def _check_mixer(room: Room) -> None:
    if room.is_ended:
        raise RoomError("This session has ended.")
    if room.phase != Phase.MIXER:
        raise RoomError("Small chats and invitations open during the mixer.")


def _check_in_room(room: Room, user: User) -> Membership:
    membership = Membership.objects.filter(room=room, user=user, status=Status.JOINED).first()
    if membership is None:
        raise _forbid("Join the room to take part.")
    return membership


# --- Small chats ------------------------------------------------------------------------------


def do_join_tear_friend_chat(*, room_id: int, user: User) -> TearFriendSeat:
    """Sit down in an open small chat of this room with room for one more, or start one.

    Nobody is placed in a chat without asking; asking twice keeps the seat already held. The
    host keeps the main room and does not sit in (or read) small chats.
    """
    limit(user, "join")
    with transaction.atomic():
        room = _lock_room(room_id)
        _check_mixer(room)
        _check_in_room(room, user)
        if room.host_id == user.pk:
            raise _forbid("Small chats are for the people in the room; the host keeps the room.")
        held = tear_friend_seat_of(room=room, user=user)
        if held is not None and not held.chat.closed:
            return held
        chat = _chat_with_room_for(room, user) or TearFriendChat.objects.create(room=room)
        chat = TearFriendChat.objects.select_for_update().get(pk=chat.pk)
        seat = TearFriendSeat.objects.create(chat=chat, user=user, from_seq=chat.last_seq)
        people = tear_friend_people(chat=chat)
        outbox = Outbox()
        event = tear_friend_seat_event(chat, "join", user, people)
        for person in people:
            outbox.person(person.pk, event)
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
        room = _lock_room(room_id)
        seat = tear_friend_seat_of(room=room, user=user)
        if seat is not None and not seat.chat.closed:
            _vacate_seat(seat, user)


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


def tear_friend_message_event(message: TearFriendMessage, handle: str) -> dict[str, Any]:
    return {
        "type": "tear_friend_message",
        "op": "add",
        "room": message.chat.room_id,
        "chat": message.chat_id,
        "message": {
            "id": message.pk,
            "chat": message.chat_id,
            "seq": message.seq,
            "author": handle,
            "body": message.body,
            "created_at": message.created_at.isoformat(),
        },
    }


def _check_can_write_in(chat: TearFriendChat, room: Room, author: User) -> None:
    if chat.closed:
        raise RoomError("This small chat has closed. You can still read it.")
    _check_mixer(room)
    if not TearFriendSeat.objects.filter(chat=chat, user=author, left_at__isnull=True).exists():
        raise _forbid("Join the small chat to take part.")
    if _check_in_room(room, author).muted:
        raise _forbid("The host has paused your messages for now.")
    try:
        check_can_post(author)
    except PostingPaused as paused:
        raise _forbid(str(paused)) from None


def do_send_tear_friend_message(
    *, chat_id: int, author: User, body: str, client_key: str = ""
) -> tuple[TearFriendMessage, Screening | None]:
    """Store a small-chat message with the chat's next sequence number, screen it, then tell
    the people seated in the chat (and only them).

    A repeat of the same `client_key` returns the stored message (and no screening). Someone at
    risk privately gets help, and the host and moderators an alert that names no words.
    """
    body, client_key = _clean_message(body, client_key)
    try:
        # Inside the try: a retry of a message already stored gets the stored copy, never a 429.
        limit(author, "message")
        with transaction.atomic():
            chat = TearFriendChat.objects.select_for_update().filter(pk=chat_id).first()
            if chat is None:
                raise RoomError("This small chat no longer exists.", status=404)
            room = Room.objects.get(pk=chat.room_id)
            _check_can_write_in(chat, room, author)
            chat.last_seq += 1
            chat.save(update_fields=["last_seq"])
            # A repeated key fails the unique constraint, which rolls everything back.
            message = TearFriendMessage.objects.create(
                chat=chat, seq=chat.last_seq, author=author, body=body, client_key=client_key
            )
            # Others read these words, so a moderator may see them in an urgent escalation.
            screening = screen_text(
                author=author, text=body, kind="tear_friend_message", obj=message, shared=True
            )
            outbox = Outbox()
            event = tear_friend_message_event(message, author.username)
            for person in tear_friend_people(chat=chat):
                outbox.person(person.pk, event)
            if screening.show_help:
                _send_help_and_alert(outbox, room, author, message, screening, small_chat=chat.pk)
    except (RoomError, IntegrityError):
        # As in the room chat: a retried send is answered with the stored copy, even if the
        # person could not write it now (the chat closed since, say): it was sent when allowed.
        existing = _stored(chat_id, author, client_key)
        if existing is None:
            raise
        return existing, None
    return message, screening


def _stored(chat_id: int, author: User, client_key: str) -> TearFriendMessage | None:
    if not client_key:
        return None
    return (
        TearFriendMessage.objects.select_related("chat")
        .filter(chat_id=chat_id, author=author, client_key=client_key)
        .first()
    )


def do_report_tear_friend_message(
    *, reporter: User, room_id: int, chat_id: int, message_id: int, reason: str, details: str = ""
) -> tuple[Report, Screening | None]:
    """Ask moderators to look at someone's words in a small chat, as the reporter saw them.

    Only someone who could read the message may report it: seated in that chat when it was
    written (having left since, or the session having ended, does not matter). Nobody in the
    chat, the room or the host is told. Duplicates, the report budget and the screening of the
    reporter's note work as for the room's chat.
    """
    details = clean_report_note(reason, details)
    message = (
        TearFriendMessage.objects.select_related("author")
        .filter(pk=message_id, chat_id=chat_id, chat__room_id=room_id)
        .first()
    )
    # Anyone who could not read it learns nothing of it, not even that it exists.
    if message is None or not _could_read(reporter, message):
        raise RoomError("That message is not in your small chat.", status=404)
    if message.author_id == reporter.pk:
        raise RoomError("This is your own message.")
    return file_report(reporter=reporter, message=message, reason=reason, details=details)


def _could_read(person: User, message: TearFriendMessage) -> bool:
    """Whether `person` sat in the message's chat from before it was written until after."""
    return (
        TearFriendSeat.objects.filter(
            chat_id=message.chat_id, user=person, from_seq__lt=message.seq
        )
        .filter(Q(left_at__isnull=True) | Q(left_at__gte=message.created_at))
        .exists()
    )


def do_remove_tear_friend_message_for_everyone(*, message: TearFriendMessage) -> None:
    """Remove small-chat words after a moderator's decision on a report (any phase, ended too).

    The removal takes the chat's next sequence number, like a message, so someone away when it
    happened learns of it when they resume; the people seated in the chat now see it go. The
    report keeps the words for moderators; the chat keeps only that something was removed.
    """
    with transaction.atomic():
        chat = TearFriendChat.objects.select_for_update().get(pk=message.chat_id)
        if TearFriendMessage.objects.filter(pk=message.pk, removed=True).exists():
            return
        chat.last_seq += 1
        chat.save(update_fields=["last_seq"])
        TearFriendMessage.objects.filter(pk=message.pk).update(
            removed=True, body="", changed_seq=chat.last_seq
        )
        message.removed, message.body, message.changed_seq = True, "", chat.last_seq
        message.chat = chat
        outbox = Outbox()
        event = small_chat_change_event(message)
        for person in tear_friend_people(chat=chat):
            outbox.person(person.pk, event)


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

    Asking again in this room returns the invitation already made, and when they already asked
    you, asking back is a yes to theirs. The inviter always gets an invitation of this room that
    looks sent, whatever happened to it: a "not now", a block between the two (it is simply
    not delivered) and an invitation still open from an earlier room (they can answer that
    one) all look alike.
    """
    if over_limit_for(inviter.pk, "invite"):
        raise RoomError(INVITATIONS_FOR_NOW, status=429)
    with transaction.atomic():
        room = _lock_room(room_id)
        _check_mixer(room)
        _check_in_room(room, inviter)
        if invitee_id == inviter.pk:
            raise RoomError("Choose someone else in the room.")
        invitee = joined_membership(room, invitee_id).user
        _expire_old_invitations(inviter.pk, invitee.pk)
        made = (
            _invitations(inviter.pk, invitee.pk)
            .filter(room=room)
            .exclude(status=InvitationStatus.EXPIRED)
            .last()
        )
        if made is not None:
            return made
        withheld = is_blocked_between(inviter.pk, invitee.pk)
        theirs = _open_invitation(invitee.pk, inviter.pk)
        if theirs is not None and not withheld:
            return do_answer_tear_friend_invitation(
                invitation_id=theirs.pk, person=inviter, accept=True
            )
        # One open invitation per pair: one from an earlier room stays the one to answer.
        delivered = not withheld and _open_invitation(inviter.pk, invitee.pk) is None
        invitation = TearFriendInvitation.objects.create(
            room=room,
            inviter=inviter,
            invitee=invitee,
            status=InvitationStatus.PENDING if delivered else InvitationStatus.WITHHELD,
            expires_at=max(timezone.now(), cast(datetime, room.ends_at)) + INVITATION_GRACE,
        )
        if delivered:
            Outbox().person(invitee.pk, invitation_event(invitation, "new", viewer_id=invitee.pk))
            # Also on the notifications page, for someone who closed the room's tab already.
            do_notify(
                recipient_id=invitee.pk,
                kind=NotificationKind.ROOM,
                text=f"{inviter.username} would like to form a circle with you, "
                f"after “{room.title}”. Answer whenever you like.",
                url=reverse("rooms:after", args=[room.pk]),
            )
    return invitation


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
        room_id = (
            TearFriendInvitation.objects.filter(pk=invitation_id, invitee_id=person.pk)
            .values_list("room_id", flat=True)
            .first()
        )
        if room_id is None:
            raise RoomError("That invitation is not here.", status=404)
        # The room row first, as every room write takes it: two yeses at once to invitations
        # from the same inviter then form one circle, not two. Then only the invitation's own
        # row (not the people's or the room's through the join).
        _lock_room(room_id)
        invitation = (
            TearFriendInvitation.objects.select_for_update(of=("self",))
            .select_related("room", "inviter", "invitee")
            .filter(pk=invitation_id, invitee_id=person.pk)
            .exclude(status=InvitationStatus.WITHHELD)
            .first()
        )
        if invitation is None:
            raise RoomError("That invitation is not here.", status=404)
        answer = InvitationStatus.ACCEPTED if accept else InvitationStatus.NOT_NOW
        if invitation.status == answer:
            return invitation  # the same answer again (a retry) changes nothing
        if invitation.status != InvitationStatus.PENDING:
            raise RoomError("You have already answered this invitation.")
        if invitation.expires_at <= timezone.now():
            raise RoomError("This invitation has expired. You can always invite each other again.")
        if is_blocked_between(invitation.inviter_id, person.pk):
            raise RoomError("This invitation is no longer open.")
        circle = _form_circle(invitation) if accept else None
        invitation.status = answer
        invitation.answered_at = timezone.now()
        invitation.circle = circle
        invitation.save(update_fields=["status", "answered_at", "circle"])
        outbox = Outbox()
        outbox.person(
            person.pk, invitation_event(invitation, "answered", viewer_id=person.pk, circle=circle)
        )
        if circle is not None:
            outbox.person(
                invitation.inviter_id,
                invitation_event(
                    invitation, "accepted", viewer_id=invitation.inviter_id, circle=circle
                ),
            )
    return invitation


def _form_circle(invitation: TearFriendInvitation) -> Circle:
    """Add the invitee to the inviter's circle from this room, made now if it is the first.

    Each person said yes to a circle with the inviter, not with everyone else who did: someone
    is never put in a circle with a person they have a block with. They quietly get a circle of
    their own with the inviter instead, under the same name, so nobody learns of the block.
    Call inside transaction.atomic holding the room row lock.
    """
    avoid = blocked_ids(invitation.invitee)
    try:
        circle = next(
            (c for c in _circles_formed_in(invitation) if not _has_any_of(c, avoid)), None
        )
        if circle is None:
            # Tearspace wrote this name, not the inviter: circles does not screen it as theirs.
            name = CIRCLE_NAME.format(title=invitation.room.title)[:CIRCLE_NAME_LIMIT]
            circle = do_create_named_circle(owner=invitation.inviter, name=name)
        do_add_member(circle=circle, person=invitation.invitee)
    except CirclesError as error:
        raise RoomError(str(error), status=error.status) from None
    return circle


def _circles_formed_in(invitation: TearFriendInvitation) -> list[Circle]:
    """The inviter's circles formed in the invitation's room so far, oldest first."""
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
