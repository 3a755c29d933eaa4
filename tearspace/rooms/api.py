"""JSON API for rooms: the same access rules and actions as the pages and the socket."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from tearspace.accounts.access import signed_in_user
from tearspace.accounts.auth import api_auth
from tearspace.accounts.clock import LocalDateTime
from tearspace.accounts.models import User
from tearspace.conversations.models import Message
from tearspace.conversations.selectors import ChatPage
from tearspace.core.idempotency import BadClientKey, client_key_from
from tearspace.lib.api import BodyId
from tearspace.lib.paging import MAX_PAGE_SIZE, AfterSeq, PageSize
from tearspace.rooms import actions, check_in_actions, host_actions, mixer_actions
from tearspace.rooms.access import (
    access_check_in_by_person_id,
    access_live_room_by_id,
    access_moderated_room_by_id,
    access_room_by_id,
    access_tear_friend_seat_by_chat_id,
    can_moderate_room,
    membership_of,
)
from tearspace.rooms.chat import check_in_page, room_chat_page, tear_friend_chat_page
from tearspace.rooms.common import RoomError
from tearspace.rooms.models import MAX_CAPACITY, Kind, Room
from tearspace.rooms.selectors import (
    check_in_list,
    clip_list,
    room_list,
    tear_friend_chat_dict,
    tear_friend_invitation_list,
)
from tearspace.safety.screening import Screening

router = Router(auth=api_auth, tags=["rooms"])


class RoomOut(Schema):
    id: int
    title: str
    theme: str
    host: str
    kind: str
    starts_at: str
    length_minutes: int
    capacity: int
    language: str
    content_notes: str
    phase: str
    chat_muted: bool
    locked: bool
    newcomers_read_earlier: bool
    last_seq: int


class ClipOut(Schema):
    id: int
    title: str
    content_note: str
    order: int


class MembershipOut(Schema):
    room: int
    status: str
    joined_at: str
    left_at: str | None
    relief: str | None
    feeling: str | None
    email_reminder: bool


class RoomDetailOut(Schema):
    room: RoomOut
    programme: list[ClipOut]
    membership: MembershipOut | None
    joined: int
    can_moderate: bool


class RoomIn(Schema):
    title: str
    theme: str = ""
    kind: str = Kind.SCHEDULED
    starts_at: LocalDateTime | None = None
    length_minutes: Annotated[int, Field(ge=10, le=240)] = 60
    capacity: Annotated[int, Field(ge=2, le=MAX_CAPACITY)] = 30
    language: str = "en"
    content_notes: str = ""
    newcomers_read_earlier: bool = False  # else people read the chat from when they came in


class MessageOut(Schema):
    id: int
    seq: int
    author: str
    body: str
    hidden: bool
    created_at: str


class ChangeOut(Schema):
    """A hide (room chat) or removal (small chat) of a message the reader already had."""

    type: str
    op: str
    room: int
    id: int
    seq: int  # the change's own place in the sequence
    message_seq: int


class MessagesOut(Schema):
    messages: list[MessageOut]
    changes: list[ChangeOut]
    last_seq: int


class MessageIn(Schema):
    body: str
    key: str = ""


class SentOut(Schema):
    id: int
    seq: int
    show_help: bool


class ControlIn(Schema):
    action: str
    phase: str | None = None
    muted: bool | None = None
    locked: bool | None = None
    user: BodyId | None = None
    message: BodyId | None = None
    op: str | None = None
    # Seconds into the playing clip.
    position: Annotated[float, Field(ge=0, le=24 * 3600)] | None = None
    clip: BodyId | None = None


class FeelingIn(Schema):
    feeling: str = ""
    relief: str = ""
    journal: bool = False  # also keep it in my journal as a cry linked to the session


class FeelingOut(MembershipOut):
    show_help: bool
    journal_entry: int | None  # the journal entry this call kept, when `journal` was set


class Reason(Schema):
    detail: str


class ReminderIn(Schema):
    email: bool


class ChatReportIn(Schema):
    reason: str
    details: str = ""


class ReportedOut(Schema):
    status: str
    text: str
    show_help: bool


def _raise(error: RoomError) -> HttpError:
    return HttpError(error.status, error.reason)


def _detail(room: Room, user: User) -> dict[str, object]:
    membership = membership_of(user, room)
    return {
        "room": room.to_dict(),
        "programme": [clip.to_dict() for clip in clip_list(room=room)],
        "membership": membership.to_dict() if membership else None,
        "joined": room.memberships.filter(status="joined").count(),
        "can_moderate": can_moderate_room(user, room),
    }


@router.get("", response=list[RoomOut])
def rooms(request: HttpRequest, kind: str = "") -> list[dict[str, object]]:
    """Rooms that have not ended: open now first, then the schedule."""
    found = room_list()
    if kind:
        found = found.filter(kind=kind)
    return [room.to_dict() for room in found]


@router.get("/schedule", response=list[RoomOut])
def schedule(request: HttpRequest) -> list[dict[str, object]]:
    """Scheduled sessions that have not ended, soonest first."""
    return [room.to_dict() for room in room_list().filter(kind=Kind.SCHEDULED)]


@router.post("", response={201: RoomDetailOut, 400: Reason, 403: Reason, 429: Reason})
def create_room(request: HttpRequest, payload: RoomIn) -> tuple[int, dict[str, object]]:
    """Open a room. An `Idempotency-Key` header (8-64 letters, digits, - or _; a UUID) makes a
    retry answer with the room the first request opened."""
    user = signed_in_user(request)
    try:
        room = actions.do_create_room(
            host=user, client_key=client_key_from(request), **payload.dict()
        )
    except RoomError as error:
        raise _raise(error) from error
    except BadClientKey as error:
        return 400, {"detail": str(error)}
    return 201, _detail(room, user)


@router.get("/{id:room_id}", response=RoomDetailOut)
def room_detail(request: HttpRequest, room_id: int) -> dict[str, object]:
    user = signed_in_user(request)
    return _detail(access_room_by_id(user, room_id), user)


@router.post(
    "/{id:room_id}/join", response={200: MembershipOut, 400: Reason, 403: Reason, 429: Reason}
)
def join(request: HttpRequest, room_id: int) -> dict[str, object]:
    user = signed_in_user(request)
    room = access_room_by_id(user, room_id)
    try:
        return actions.do_join_room(room=room, user=user).to_dict()
    except RoomError as error:
        raise _raise(error) from error


@router.post("/{id:room_id}/leave", response={204: None})
def leave(request: HttpRequest, room_id: int) -> tuple[int, None]:
    user = signed_in_user(request)
    actions.do_leave_room(room=access_room_by_id(user, room_id), user=user)
    return 204, None


@dataclass(frozen=True)
class _Chat:
    """One conversation as the requester may use it, so every kind of chat is read and written
    through the same two functions below: `page(after, limit)`, `send(body, key)`, and what the
    kind adds to a page (`state()`, read after the page)."""

    page: Callable[[int, int], ChatPage]
    send: Callable[[str, str], tuple[Message, Screening | None]]
    state: Callable[[], dict[str, object]]


def _read(chat: _Chat, after: int, limit: int) -> dict[str, Any]:
    page = chat.page(after, limit)
    return {"messages": page.messages, "changes": page.changes, **chat.state()}


def _send(chat: _Chat, payload: "MessageIn") -> dict[str, object]:
    try:
        message, screening = chat.send(payload.body, payload.key)
    except RoomError as error:
        raise _raise(error) from error
    return {
        "id": message.pk,
        "seq": message.seq,
        "show_help": bool(screening and screening.show_help),
    }


def _room_chat(user: User, room_id: int) -> _Chat:
    room = access_live_room_by_id(user, room_id)
    return _Chat(
        page=lambda after, limit: room_chat_page(room=room, reader=user, after=after, limit=limit),
        send=lambda body, key: actions.do_send_message(
            room_id=room.pk, author=user, body=body, client_key=key
        ),
        state=lambda: {"last_seq": room.last_seq},
    )


@router.get("/{id:room_id}/messages", response=MessagesOut)
def messages(
    request: HttpRequest, room_id: int, after: AfterSeq = 0, limit: PageSize = MAX_PAGE_SIZE
) -> dict[str, Any]:
    """What a reconnecting client missed after sequence number `after`: new messages and the
    hides of earlier ones, in one sequence. People read the chat from when they came in,
    unless the host opened earlier chat to newcomers."""
    return _read(_room_chat(signed_in_user(request), room_id), after, limit)


@router.post(
    "/{id:room_id}/messages", response={200: SentOut, 400: Reason, 403: Reason, 429: Reason}
)
def send_message(request: HttpRequest, room_id: int, payload: MessageIn) -> dict[str, object]:
    """Send a chat message; repeating the same `key` returns the stored message."""
    return _send(_room_chat(signed_in_user(request), room_id), payload)


@router.post(
    "/{id:room_id}/controls", response={200: RoomOut, 400: Reason, 403: Reason, 429: Reason}
)
def controls(request: HttpRequest, room_id: int, payload: ControlIn) -> dict[str, object]:
    """Host controls: phase, chat, lock, floor, pin, hide, mute, remove, playback, end."""
    user = signed_in_user(request)
    room = access_moderated_room_by_id(user, room_id)
    try:
        _control(user, room.pk, payload)
    except RoomError as error:
        raise _raise(error) from error
    room.refresh_from_db()
    return room.to_dict()


def _control(user: User, room_id: int, c: ControlIn) -> None:
    common: dict[str, Any] = {"actor": user, "room_id": room_id}
    match c.action:
        case "phase":
            host_actions.do_set_phase(**common, phase=c.phase or "")
        case "chat":
            host_actions.do_set_chat_muted(**common, muted=bool(c.muted))
        case "lock":
            host_actions.do_set_locked(**common, locked=bool(c.locked))
        case "floor":
            host_actions.do_give_floor(**common, user_id=c.user)
        case "pin":
            host_actions.do_pin_message(**common, message_id=c.message)
        case "hide" if c.message is not None:
            host_actions.do_hide_message(**common, message_id=c.message)
        case "mute" if c.user is not None:
            host_actions.do_set_member_muted(**common, user_id=c.user, muted=c.muted is not False)
        case "remove" if c.user is not None:
            host_actions.do_remove_member(**common, user_id=c.user)
        case "playback":
            host_actions.do_control_playback(
                **common, op=c.op or "", position=c.position, clip_id=c.clip
            )
        case "end":
            host_actions.do_end_room(**common)
        case _:
            raise RoomError(_("That control is not known, or it needs a person or message."))


@router.post(
    "/{id:room_id}/feeling", response={200: FeelingOut, 400: Reason, 403: Reason, 429: Reason}
)
def feeling(request: HttpRequest, room_id: int, payload: FeelingIn) -> dict[str, object]:
    """After the session: how did it feel? Private to the person; with `journal`, also kept in
    their journal as a cry linked to the session (sent again, it updates that entry)."""
    user = signed_in_user(request)
    room = access_room_by_id(user, room_id)
    try:
        logged = actions.do_log_feeling(
            room=room,
            user=user,
            feeling=payload.feeling,
            relief=payload.relief,
            journal=payload.journal,
        )
    except RoomError as error:
        raise _raise(error) from error
    return {
        **logged.membership.to_dict(),
        "show_help": logged.show_help,
        "journal_entry": logged.entry.pk if logged.entry else None,
    }


@router.post(
    "/{id:room_id}/reminder", response={200: MembershipOut, 400: Reason, 403: Reason, 429: Reason}
)
def reminder(request: HttpRequest, room_id: int, payload: ReminderIn) -> dict[str, object]:
    """Before a scheduled session: also email me (the in-app reminder always comes)."""
    user = signed_in_user(request)
    room = access_room_by_id(user, room_id)
    try:
        return actions.do_set_email_reminder(room=room, user=user, email=payload.email).to_dict()
    except RoomError as error:
        raise _raise(error) from error


@router.post(
    "/{id:room_id}/messages/{id:message_id}/report",
    response={201: ReportedOut, 400: Reason, 403: Reason, 404: Reason, 429: Reason},
)
def report_message(
    request: HttpRequest, room_id: int, message_id: int, payload: ChatReportIn
) -> tuple[int, dict[str, object]]:
    """Ask moderators to look at someone else's message in a room you are in."""
    user = signed_in_user(request)
    room = access_live_room_by_id(user, room_id)
    return _report(actions.do_report_message, user, payload, room_id=room.pk, message_id=message_id)


def _report(
    action: Callable[..., tuple[object, Screening | None]],
    reporter: User,
    payload: ChatReportIn,
    **where: int,
) -> tuple[int, dict[str, object]]:
    """File a report with `action` and thank the reporter (with help, if their note worries us)."""
    try:
        _message, screening = action(
            reporter=reporter, reason=payload.reason, details=payload.details, **where
        )
    except RoomError as error:
        raise _raise(error) from error
    show_help = bool(screening and screening.show_help)
    return 201, {"status": "received", "text": str(actions.REPORT_THANKS), "show_help": show_help}


@router.post("/{id:room_id}/typing", response={204: None, 403: Reason})
def typing(request: HttpRequest, room_id: int) -> tuple[int, None]:
    """Say you are typing (at most every few seconds); the others see it for a moment."""
    user = signed_in_user(request)
    room = access_live_room_by_id(user, room_id)
    try:
        actions.do_send_typing(room_id=room.pk, user=user)
    except RoomError as error:
        raise _raise(error) from error
    return 204, None


# --- The mixer: small chats and forming a circle together ---------------------------------------


class PersonOut(Schema):
    id: int
    handle: str


class TearFriendChatOut(Schema):
    id: int
    room: int
    closed: bool
    last_seq: int
    from_seq: int
    people: list[PersonOut]


class TearFriendMessageOut(Schema):
    id: int
    chat: int
    seq: int
    author: str
    body: str
    removed: bool
    created_at: str


class TearFriendChangeOut(ChangeOut):
    chat: int


class TearFriendMessagesOut(Schema):
    messages: list[TearFriendMessageOut]
    changes: list[TearFriendChangeOut]
    last_seq: int
    closed: bool


class InvitationIn(Schema):
    user: BodyId


class RoomInvitationAnswerIn(Schema):
    accept: bool


class InvitationOut(Schema):
    id: int
    room: int
    room_title: str
    inviter: PersonOut
    invitee: PersonOut
    status: str
    expires_at: str
    circle: int | None


class InvitationsOut(Schema):
    received: list[InvitationOut]
    sent: list[InvitationOut]


@router.post(
    "/{id:room_id}/tear-friends/join",
    response={200: TearFriendChatOut, 400: Reason, 403: Reason, 404: Reason},
)
def tear_friends_join(request: HttpRequest, room_id: int) -> dict[str, object]:
    """Join a small chat of up to four (only if you choose to); joining again keeps your seat."""
    user = signed_in_user(request)
    room = access_live_room_by_id(user, room_id)
    try:
        seat = mixer_actions.do_join_tear_friend_chat(room_id=room.pk, user=user)
    except RoomError as error:
        raise _raise(error) from error
    return tear_friend_chat_dict(seat=seat)


@router.post("/{id:room_id}/tear-friends/leave", response={204: None, 404: Reason})
def tear_friends_leave(request: HttpRequest, room_id: int) -> tuple[int, None]:
    """Leave your small chat, any time."""
    user = signed_in_user(request)
    room = access_room_by_id(user, room_id)
    mixer_actions.do_leave_tear_friend_chat(room_id=room.pk, user=user)
    return 204, None


def _small_chat(user: User, room_id: int, chat_id: int) -> _Chat:
    seat = access_tear_friend_seat_by_chat_id(user, room_id, chat_id)
    return _Chat(
        page=lambda after, limit: tear_friend_chat_page(seat=seat, after=after, limit=limit),
        send=lambda body, key: mixer_actions.do_send_tear_friend_message(
            chat_id=seat.chat_id, author=user, body=body, client_key=key
        ),
        state=lambda: {"last_seq": seat.chat.last_seq, "closed": seat.chat.closed},
    )


@router.get("/{id:room_id}/tear-friends/{id:chat_id}/messages", response=TearFriendMessagesOut)
def tear_friend_messages(
    request: HttpRequest,
    room_id: int,
    chat_id: int,
    after: AfterSeq = 0,
    limit: PageSize = MAX_PAGE_SIZE,
) -> dict[str, Any]:
    """What the people seated in a small chat missed after sequence number `after`: new
    messages and the removals of earlier ones, in one sequence."""
    return _read(_small_chat(signed_in_user(request), room_id, chat_id), after, limit)


@router.post(
    "/{id:room_id}/tear-friends/{id:chat_id}/messages",
    response={200: SentOut, 400: Reason, 403: Reason, 404: Reason},
)
def send_tear_friend_message(
    request: HttpRequest, room_id: int, chat_id: int, payload: MessageIn
) -> dict[str, object]:
    """Send to your small chat; repeating the same `key` returns the stored message."""
    return _send(_small_chat(signed_in_user(request), room_id, chat_id), payload)


@router.post(
    "/{id:room_id}/tear-friends/{id:chat_id}/messages/{id:message_id}/report",
    response={201: ReportedOut, 400: Reason, 404: Reason, 429: Reason},
)
def report_tear_friend_message(
    request: HttpRequest, room_id: int, chat_id: int, message_id: int, payload: ChatReportIn
) -> tuple[int, dict[str, object]]:
    """Ask moderators to look at someone's words in a small chat you sat in when they wrote
    them (after leaving it, or after the session, too). Nobody in the chat is told."""
    user = signed_in_user(request)
    room = access_room_by_id(user, room_id)
    return _report(
        mixer_actions.do_report_tear_friend_message,
        user,
        payload,
        room_id=room.pk,
        chat_id=chat_id,
        message_id=message_id,
    )


# --- The host's private check-ins: a person in the room and the host, nobody else -------------


class CheckInOut(Schema):
    id: int
    person: PersonOut
    last_seq: int


class CheckInMessageOut(Schema):
    id: int
    check_in: int
    seq: int
    author: str
    body: str
    removed: bool
    created_at: str


class CheckInChangeOut(ChangeOut):
    check_in: int
    person: PersonOut


class CheckInMessagesOut(Schema):
    messages: list[CheckInMessageOut]
    changes: list[CheckInChangeOut]
    last_seq: int


@router.get("/{id:room_id}/check-ins", response=list[CheckInOut])
def check_ins(request: HttpRequest, room_id: int) -> list[dict[str, object]]:
    """Your private check-ins in this room: the host's with each person, or yours with the
    host. Nobody else (not moderators) sees them."""
    user = signed_in_user(request)
    return check_in_list(room=access_room_by_id(user, room_id), user=user)


def _check_in(user: User, room_id: int, person_id: int) -> _Chat:
    room = access_room_by_id(user, room_id)
    # Read only when reading: the first message opens the check-in.
    found = cache(lambda: access_check_in_by_person_id(user, room.pk, person_id))
    return _Chat(
        page=lambda after, limit: check_in_page(check_in=found(), after=after, limit=limit),
        send=lambda body, key: check_in_actions.do_send_check_in_message(
            room_id=room.pk, author=user, person_id=person_id, body=body, client_key=key
        ),
        state=lambda: {"last_seq": found().last_seq},
    )


@router.get("/{id:room_id}/check-ins/{id:person_id}/messages", response=CheckInMessagesOut)
def check_in_messages(
    request: HttpRequest,
    room_id: int,
    person_id: int,
    after: AfterSeq = 0,
    limit: PageSize = MAX_PAGE_SIZE,
) -> dict[str, Any]:
    """What the person (`person_id`) and the host wrote each other privately after sequence
    number `after`, with the removals of earlier words, in one sequence. Only the two of them
    may read it; for anyone else it does not exist (404)."""
    return _read(_check_in(signed_in_user(request), room_id, person_id), after, limit)


@router.post(
    "/{id:room_id}/check-ins/{id:person_id}/messages",
    response={200: SentOut, 400: Reason, 403: Reason, 404: Reason, 429: Reason},
)
def send_check_in_message(
    request: HttpRequest, room_id: int, person_id: int, payload: MessageIn
) -> dict[str, object]:
    """Write privately: the host to the person `person_id` (in the room), or that person to
    the host, in any phase. Repeating the same `key` returns the stored message."""
    return _send(_check_in(signed_in_user(request), room_id, person_id), payload)


@router.post(
    "/{id:room_id}/check-ins/messages/{id:message_id}/report",
    response={201: ReportedOut, 400: Reason, 404: Reason, 429: Reason},
)
def report_check_in_message(
    request: HttpRequest, room_id: int, message_id: int, payload: ChatReportIn
) -> tuple[int, dict[str, object]]:
    """Ask moderators to look at the other side's words in your private check-in."""
    user = signed_in_user(request)
    room = access_room_by_id(user, room_id)
    return _report(
        check_in_actions.do_report_check_in_message,
        user,
        payload,
        room_id=room.pk,
        message_id=message_id,
    )


@router.get("/{id:room_id}/invitations", response=InvitationsOut)
def invitations(request: HttpRequest, room_id: int) -> dict[str, Any]:
    """Invitations to form a circle from this room: open ones to you, and the ones you made."""
    user = signed_in_user(request)
    return tear_friend_invitation_list(room=access_room_by_id(user, room_id), user=user)


@router.post(
    "/{id:room_id}/invitations",
    response={200: InvitationOut, 400: Reason, 403: Reason, 404: Reason, 429: Reason},
)
def invite(request: HttpRequest, room_id: int, payload: InvitationIn) -> dict[str, object]:
    """Invite someone in the room to form a circle together; they may say yes or not now."""
    user = signed_in_user(request)
    room = access_live_room_by_id(user, room_id)
    try:
        invitation = mixer_actions.do_invite_tear_friend(
            room_id=room.pk, inviter=user, invitee_id=payload.user
        )
    except RoomError as error:
        raise _raise(error) from error
    return invitation.to_dict(viewer_id=user.pk)


@router.post(
    "/{id:room_id}/invitations/{id:invitation_id}/answer",
    response={200: InvitationOut, 400: Reason, 404: Reason},
)
def answer_invitation(
    request: HttpRequest, room_id: int, invitation_id: int, payload: RoomInvitationAnswerIn
) -> dict[str, object]:
    """Answer an invitation made to you: yes forms the circle; "not now" tells nobody."""
    user = signed_in_user(request)
    room = access_room_by_id(user, room_id)
    if not room.tear_friend_invitations.filter(pk=invitation_id).exists():
        raise HttpError(404, _("That invitation is not here."))
    try:
        invitation = mixer_actions.do_answer_tear_friend_invitation(
            invitation_id=invitation_id, person=user, accept=payload.accept
        )
    except RoomError as error:
        raise _raise(error) from error
    return invitation.to_dict(viewer_id=user.pk)
