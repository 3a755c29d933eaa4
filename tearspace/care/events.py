"""Live events of care: their shapes and who receives them.

A request's messages go to its two sides only (the person and the therapist), as personal
events (`/ws/me/`), through the transaction's outbox after commit; `care.chat.CareChat` builds
them for the conversation engine.
"""

from typing import Any, Literal, NotRequired, TypedDict


class TherapistMessageEvent(TypedDict):
    """A message (`add`) or its removal after a report (`hide`, with the change's own `seq`).

    Recipients: the person and the therapist of the request; nobody else.
    """

    type: Literal["therapist_message"]
    op: Literal["add", "hide"]
    request: int
    message: NotRequired[dict[str, Any]]  # add: {id, seq, author, body, hidden, created_at}
    id: NotRequired[int]
    seq: NotRequired[int]
    message_seq: NotRequired[int]


class TherapistHelpEvent(TypedDict):
    """Help for the writer of a message that raised it. Recipient: the writer only."""

    type: Literal["therapist_help"]
    request: int
    help_url: str


class TherapistAlertEvent(TypedDict):
    """Someone's message raised help (no words). Recipient: the other side of the request."""

    type: Literal["therapist_alert"]
    request: int
    message: int
    seq: int
    author: str
    level: str
    url: str
