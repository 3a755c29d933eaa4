"""Live events of listener chats: their shapes and who receives them.

Every one goes to named people's own sockets (`outbox().person`), never to a room or a group:
a listener chat has exactly two readers, the seeker and the listener. Each leaves through the
transaction's outbox (`tearspace.lib.outbox`), after commit.
"""

from typing import Any, Literal, NotRequired, TypedDict

from tearspace.lib.outbox import outbox


class SupportMatchEvent(TypedDict):
    """`matched`: the two were put in a chat; `ended`: the chat ended (`by`: "seeker",
    "listener", "block" or "moderator"). Recipients: the seeker and the listener of the match.

    A hand-over sends three: `handed_over` (with the warm `text` and the new `listener`'s
    handle) to the seeker only, `ended`
    (`by` "handover") to the listener who handed it over only, `matched` to the new listener
    only."""

    type: Literal["support_match"]
    op: Literal["matched", "ended", "handed_over"]
    match: int
    url: str
    by: NotRequired[str]
    text: NotRequired[str]
    listener: NotRequired[str]


class SupportMessageEvent(TypedDict):
    """A message (`add` {message: {id, seq, author, body, removed, created_at}}) or a
    moderator's `remove` ({id, seq, message_seq}). Recipients: the seeker and the listener."""

    type: Literal["support_message"]
    op: Literal["add", "remove"]
    match: int
    message: NotRequired[dict[str, Any]]
    id: NotRequired[int]
    seq: NotRequired[int]
    message_seq: NotRequired[int]


class SupportTypingEvent(TypedDict):
    """The other one is typing (not stored). Recipient: the other person of the match."""

    type: Literal["support_typing"]
    match: int
    user: str


class SupportHelpEvent(TypedDict):
    """Help for the writer whose words worried screening. Recipient: that writer only."""

    type: Literal["support_help"]
    match: int
    help_url: str


class SupportAlertEvent(TypedDict):
    """The seeker's words worried screening: the listener is asked to offer a crisis line.
    Recipient: the listener of the match only (moderators get the escalation)."""

    type: Literal["support_alert"]
    match: int
    level: str


class SupportBreakEvent(TypedDict):
    """A hard chat just ended (an alert or escalation in it, or a long one): the listener is set
    away and offered a break (`url`: the listening page; `breathe_url`: the breathing tool).
    Recipient: the listener of the match only."""

    type: Literal["support_break"]
    match: int
    url: str
    breathe_url: str


class SupportGroupEvent(TypedDict):
    """Who is in a small group: `joined` / `left` ({name}: the seeker's pseudonym there, and
    `seekers` now) and `ended` ({by}: "listener", "block", "moderator" or "empty"). Recipients:
    the group's listener and its seekers at that moment (one who leaves hears it too)."""

    type: Literal["support_group"]
    op: Literal["joined", "left", "ended"]
    group: int
    name: NotRequired[str]
    seekers: NotRequired[int]
    by: NotRequired[str]


class SupportGroupMessageEvent(TypedDict):
    """A message in a small group (`add` {message}) or a moderator's `remove` ({id, seq,
    message_seq}), shaped as `support_message`. Recipients: the listener and the seekers in the
    group now."""

    type: Literal["support_group_message"]
    op: Literal["add", "remove"]
    group: int
    message: NotRequired[dict[str, Any]]
    id: NotRequired[int]
    seq: NotRequired[int]
    message_seq: NotRequired[int]


class SupportGroupTypingEvent(TypedDict):
    """Someone in the group is typing (not stored). Recipients: everyone else in the group."""

    type: Literal["support_group_typing"]
    group: int
    user: str


class SupportGroupHelpEvent(TypedDict):
    """Help for the writer whose words worried screening. Recipient: that writer only."""

    type: Literal["support_group_help"]
    group: int
    help_url: str


class SupportGroupAlertEvent(TypedDict):
    """A seeker's words worried screening: the listener is asked to reach out ({name}: their
    pseudonym; no words). Recipient: the group's listener only."""

    type: Literal["support_group_alert"]
    group: int
    level: str
    name: str


class SupportGroupBreakEvent(TypedDict):
    """A hard group just ended, as `support_break` after a one-to-one chat: the listener is set
    away and offered a break. Recipient: the group's listener only."""

    type: Literal["support_group_break"]
    group: int
    url: str
    breathe_url: str


def to_people(people: list[int], event: Any) -> None:
    """Queue `event` for each person in `people` (in order), after commit."""
    for user_id in people:
        outbox().person(user_id, event)
