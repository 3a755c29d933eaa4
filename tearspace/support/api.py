"""JSON API of "someone now": ask, cancel, status, a chat's messages, after the chat (relief,
kind note, staying in touch), and the listener side.

The same access rules and actions as the pages and the socket.
"""

from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from tearspace.accounts.access import signed_in_user
from tearspace.accounts.auth import api_auth
from tearspace.conversations.models import Conversation
from tearspace.conversations.selectors import ChatPage
from tearspace.lib.paging import MAX_PAGE_SIZE, AfterSeq, PageSize
from tearspace.rooms.models import Relief
from tearspace.support import actions, after_actions
from tearspace.support.access import access_group_by_id, access_match_by_id
from tearspace.support.chat import SupportError
from tearspace.support.models import MAX_CHATS_LIMIT, RequestState
from tearspace.support.selectors import (
    after_chat,
    chat_page,
    group_page,
    latest_request,
    request_status,
)

router = Router(auth=api_auth, tags=["support"])


class SupportRequestIn(Schema):
    first_line: str
    language: str = ""
    # "one" (one listener, one to one) or "group" (a small group on a similar topic).
    format: Literal["one", "group"] = "one"


class StatusOut(Schema):
    id: int | None = None
    state: str
    position: int | None = None
    waited_seconds: int = 0
    choices: bool = False
    later: bool = False
    url: str | None = None
    estimate_seconds: int | None = None
    estimate: str = ""
    show_help: bool = False


class SupportMessagesOut(Schema):
    messages: list[dict[str, Any]]
    changes: list[dict[str, Any]]
    last_seq: int
    active: bool


class AfterChatOut(Schema):
    """What is kept after an ended chat, as the caller may see it (selectors.after_chat)."""

    relief: str
    in_journal: bool
    note: str
    invitation: dict[str, Any] | None
    invited_me: bool
    on_break: bool
    show_help: bool = False


class ReliefIn(Schema):
    relief: Relief
    # Also keep it in the seeker's own journal (never automatic).
    journal: bool = False


class KindNoteIn(Schema):
    body: str


class StayIn(Schema):
    # Absent: ask the other person. "yes" or "no": answer their asking.
    answer: Literal["yes", "no"] | None = None


class AvailabilityIn(Schema):
    available: bool
    max_chats: Annotated[int, Field(ge=1, le=MAX_CHATS_LIMIT)] | None = None
    # Hold small groups as well as one-to-one chats (absent: as it was).
    takes_groups: bool | None = None


class AvailabilityOut(Schema):
    available: bool
    max_chats: int
    active_chats: int
    paused_by_moderator: bool
    takes_groups: bool


def _refuse(error: SupportError) -> HttpError:
    return HttpError(error.status, error.reason)


@router.post("/request", response={200: StatusOut})
def request_support(request: HttpRequest, payload: SupportRequestIn) -> dict[str, object]:
    """Ask for a listener now, one to one or in a small group (`format`: "one" or "group"); once
    by nature: while a request or chat is open, it is returned.

    `state` is `matched` (with the chat's `url`), `waiting` (with `position`) or `crisis`
    (imminent risk: `url` is the crisis page, never a queue).
    """
    try:
        asked, _screening = actions.do_request_support(
            seeker=signed_in_user(request),
            first_line=payload.first_line,
            language=payload.language,
            format=payload.format,
        )
    except SupportError as error:
        raise _refuse(error) from error
    return request_status(asked)


@router.post("/cancel", response={200: StatusOut})
def cancel(request: HttpRequest) -> dict[str, object]:
    """Stop waiting; answers the status after (state `cancelled`, or `none` with no request)."""
    user = signed_in_user(request)
    actions.do_cancel_request(seeker=user)
    return _status_of(user)


@router.get("/status", response=StatusOut)
def status(request: HttpRequest) -> dict[str, object]:
    """The person's latest request: state, place in line, seconds waited, whether other choices
    are offered yet, and where to go. Tries to match a waiting request again."""
    user = signed_in_user(request)
    found = latest_request(user)
    if found is not None and found.state == RequestState.WAITING:
        actions.do_match(request_id=found.pk)
    return _status_of(user)


def _status_of(user: Any) -> dict[str, object]:
    found = latest_request(user)
    if found is None:
        return {"state": "none"}
    return request_status(found)


@router.get("/chats/{id:match_id}/messages", response=SupportMessagesOut)
def chat_messages(
    request: HttpRequest, match_id: int, after: AfterSeq = 0, limit: PageSize = MAX_PAGE_SIZE
) -> dict[str, object]:
    """What a reconnecting client missed after sequence number `after` (seeker or listener)."""
    user = signed_in_user(request)
    match = access_match_by_id(user, match_id)
    page = chat_page(match=match, reader=user, after=max(0, after), limit=limit)
    return _messages(page, match.conversation, active=match.active)


def _messages(page: ChatPage, conversation: Conversation, *, active: bool) -> dict[str, object]:
    conversation.refresh_from_db(fields=["last_seq"])
    return {
        "messages": page.messages,
        "changes": page.changes,
        "last_seq": conversation.last_seq,
        "active": active,
    }


@router.post("/chats/{id:match_id}/end", response={200: StatusOut})
def end_chat(request: HttpRequest, match_id: int, felt_better: bool = False) -> dict[str, object]:
    """End the chat (either person); the seeker may say they feel a bit better."""
    user = signed_in_user(request)
    match = access_match_by_id(user, match_id)
    actions.do_end_chat(
        match=match, by=user, felt_better=felt_better and match.seeker_id == user.pk
    )
    return request_status(match.request)


@router.post("/chats/{id:match_id}/handover", response={200: StatusOut})
def handover(request: HttpRequest, match_id: int) -> dict[str, object]:
    """The chat's listener hands it to another free listener (409 when nobody is free)."""
    user = signed_in_user(request)
    match = access_match_by_id(user, match_id)
    try:
        actions.do_hand_over(match=match, by=user)
    except SupportError as error:
        raise _refuse(error) from error
    return request_status(match.request)


@router.get("/chats/{id:match_id}/after", response=AfterChatOut)
def after(request: HttpRequest, match_id: int) -> dict[str, object]:
    """After an ended chat: the seeker's relief and note (never shown to the listener), whether
    it is in their journal, and the stay-in-touch invitation as the caller may see it."""
    user = signed_in_user(request)
    return after_chat(match=access_match_by_id(user, match_id), viewer=user)


@router.post("/chats/{id:match_id}/relief", response=AfterChatOut)
def relief(request: HttpRequest, match_id: int, payload: ReliefIn) -> dict[str, object]:
    """The seeker's "How do you feel now?" (lighter, same, heavier); `journal` also keeps it in
    their journal. 404 for anyone but the seeker, 409 while the chat is still going."""
    user = signed_in_user(request)
    match = access_match_by_id(user, match_id)
    try:
        kept = after_actions.do_check_chat_relief(
            match=match, seeker=user, relief=payload.relief, journal=payload.journal
        )
    except SupportError as error:
        raise _refuse(error) from error
    return after_chat(match=kept, viewer=user)


@router.post("/chats/{id:match_id}/note", response=AfterChatOut)
def kind_note(request: HttpRequest, match_id: int, payload: KindNoteIn) -> dict[str, object]:
    """The seeker leaves their listener a short kind note (again replaces it). 422 when it holds
    contact details; `show_help` when the words call for the help page (as the form does)."""
    user = signed_in_user(request)
    match = access_match_by_id(user, match_id)
    try:
        _note, screening = after_actions.do_leave_kind_note(
            match=match, seeker=user, body=payload.body
        )
    except SupportError as error:
        raise _refuse(error) from error
    shown = after_chat(match=match, viewer=user)
    return shown | {"show_help": screening is not None and screening.show_help}


@router.post("/chats/{id:match_id}/stay", response=AfterChatOut)
def stay_in_touch(request: HttpRequest, match_id: int, payload: StayIn) -> dict[str, object]:
    """Ask the other person of an ended chat to stay in touch through a circle, or answer their
    asking (`answer`: "yes" forms a circle of the two, "no" is "not now")."""
    user = signed_in_user(request)
    match = access_match_by_id(user, match_id)
    try:
        if payload.answer is None:
            after_actions.do_invite_to_stay_in_touch(match=match, person=user)
        else:
            after_actions.do_answer_stay_in_touch(
                match=match, person=user, accept=payload.answer == "yes"
            )
    except SupportError as error:
        raise _refuse(error) from error
    match.refresh_from_db()
    return after_chat(match=match, viewer=user)


@router.get("/groups/{id:group_id}/messages", response=SupportMessagesOut)
def group_messages(
    request: HttpRequest, group_id: int, after: AfterSeq = 0, limit: PageSize = MAX_PAGE_SIZE
) -> dict[str, object]:
    """What a reconnecting client missed in a small group after `after` (its listener and the
    seekers who have not left it; each reads from when they joined)."""
    user = signed_in_user(request)
    group, _seat = access_group_by_id(user, group_id)
    page = group_page(group=group, reader=user, after=max(0, after), limit=limit)
    return _messages(page, group.conversation, active=group.active)


class GroupLeftOut(Schema):
    group: int
    active: bool


@router.post("/groups/{id:group_id}/leave", response=GroupLeftOut)
def group_leave(request: HttpRequest, group_id: int) -> dict[str, object]:
    """A seeker leaves the group (the rest carry on); its listener ends it for everyone.
    `active`: whether the group carries on."""
    user = signed_in_user(request)
    group, seat = access_group_by_id(user, group_id)
    if seat is None:
        actions.do_end_group(group=group, by="listener")
    else:
        actions.do_leave_group(seat=seat)
    group.refresh_from_db(fields=["active"])
    return {"group": group.pk, "active": group.active}


@router.post("/availability", response=AvailabilityOut)
def availability(request: HttpRequest, payload: AvailabilityIn) -> Any:
    """A listener goes available (with a cap on chats at once) or steps away."""
    try:
        return actions.do_set_availability(
            user=signed_in_user(request),
            available=payload.available,
            max_chats=payload.max_chats,
            takes_groups=payload.takes_groups,
        )
    except SupportError as error:
        raise _refuse(error) from error
