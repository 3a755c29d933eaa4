"""What a kind of conversation means, supplied by the app that owns it (rooms, later support
and care), so the engine knows nothing about rooms.

A policy object is made for one action: it may hold that action's outbox, so every event of
the action leaves in one hop after commit.
"""

from collections.abc import Iterable
from typing import Any, Protocol

from django.utils.functional import Promise

from tearspace.accounts.models import User
from tearspace.conversations.models import Message
from tearspace.lib.outbox import outbox
from tearspace.safety.screening import Screening

# A reason shown to a person: a plain string, or a lazy one rendered when the error is made.
Reason = str | Promise


class ConversationError(Exception):
    """A request the conversation cannot honour; `reason` is safe to show the person.

    A lazy `reason` is rendered now, in the language of the person being answered, so what
    goes into JSON or a socket frame is a plain string.
    """

    def __init__(self, reason: Reason, *, status: int = 400) -> None:
        reason = str(reason)
        super().__init__(reason)
        self.reason = reason
        self.status = status


def message_as_read(
    message: Message, *, author: str | None = None, hidden_key: str = "hidden"
) -> dict[str, object]:
    """The fields every kind shows readers of a message, for `ChatPolicy.message_dict`:
    ``{id, seq, author, body, <hidden_key>, created_at}`` (ISO 8601). A hidden or removed
    message's body is ""; `author` defaults to the writer's handle (a kind with pseudonyms
    passes its own), `hidden_key` is how the kind names the flag ("hidden", "removed")."""
    return {
        "id": message.pk,
        "seq": message.seq,
        "author": message.author.username if author is None else author,
        "body": "" if message.hidden else message.body,
        hidden_key: message.hidden,
        "created_at": message.created_at.isoformat(),
    }


def deliver_to_each(
    user_ids: Iterable[int], event: dict[str, Any], *, skip_user: int | None = None
) -> None:
    """Queue `event` for each of these people but `skip_user` (a private conversation's
    `ChatPolicy.deliver`), after commit."""
    for user_id in user_ids:
        if user_id != skip_user:
            outbox().person(user_id, event)


class ChatPolicy(Protocol):
    # The screening record's kind for a message of this conversation ("room_message", ...).
    screening_kind: str
    # A removal blanks the stored words (the report keeps them) instead of only hiding them.
    erase_on_hide: bool

    def refusal(self, reason: Reason, *, status: int = 400) -> ConversationError:
        """Return the caller's own error for `reason` (the engine raises it)."""
        ...

    def check_write(self, author: User) -> None:
        """Raise a refusal unless `author` may write now (inside the conversation row lock)."""
        ...

    def message_dict(self, message: Message) -> dict[str, object]:
        """The message as readers get it in a history page."""
        ...

    def added_event(self, message: Message) -> dict[str, Any]:
        """The live event for a new message."""
        ...

    def changed_event(self, message: Message) -> dict[str, Any]:
        """The live event for a hide or removal, also replayed on resume."""
        ...

    def deliver(self, event: dict[str, Any], *, skip_user: int | None = None) -> None:
        """Queue `event` for the conversation's readers, after commit."""
        ...

    def help_and_alert(self, author: User, message: Message, screening: Screening) -> None:
        """Privately help a writer at risk and alert whoever should know (never the readers)."""
        ...
