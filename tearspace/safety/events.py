"""Live safety events: the moderator console's queue, and what one person is told (care
messages, their standing). All leave through the transaction's outbox after commit."""

from typing import Any, Literal, TypedDict

from tearspace.lib.outbox import outbox

MODERATION_GROUP = "moderation"
# The channel-layer message type `ModerationConsumer.moderation_event` handles.
MODERATION_MESSAGE = "moderation.event"


class ModerationItemEvent(TypedDict):
    """A queue item was added or changed. Carries no words: the console fetches what it may see.

    Recipients: every open moderator console (moderators and operators with a second factor;
    the consumer checks the role again before each event).
    """

    type: Literal["moderation_item"]
    op: Literal["add", "update"]
    item: str  # "escalation:12" or "report:3"
    level: str
    urgency: int
    status: str


class CareMessageEvent(TypedDict):
    """To the person a moderator reached out to (with a case's action, or a sanction)."""

    type: Literal["care_message"]
    op: Literal["add"]
    message: dict[str, Any]  # CareMessage.to_dict()


class StandingEvent(TypedDict):
    """To the person a sanction was imposed on: what it is and until when."""

    type: Literal["standing"]
    op: Literal["update"]
    sanction: dict[str, Any]  # Sanction.to_dict()


def send_moderation_event_on_commit(event: ModerationItemEvent) -> None:
    """Queue `event` for every open moderator console once the current transaction commits."""
    outbox().group(MODERATION_GROUP, {"type": MODERATION_MESSAGE, "event": dict(event)})
