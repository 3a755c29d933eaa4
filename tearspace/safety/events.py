"""Live events for the moderator console, sent only after the write commits."""

from typing import Any, Literal, TypedDict

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

MODERATION_GROUP = "moderation"


class ModerationItemEvent(TypedDict):
    """A queue item was added or changed. Carries no words: the console fetches what it may see."""

    type: Literal["moderation_item"]
    op: Literal["add", "update"]
    item: str  # "escalation:12" or "report:3"
    level: str
    urgency: int
    status: str


def send_moderation_event_on_commit(event: ModerationItemEvent) -> None:
    def send() -> None:
        layer = get_channel_layer()
        if layer is not None:
            message: dict[str, Any] = {"type": "moderation.event", "event": dict(event)}
            async_to_sync(layer.group_send)(MODERATION_GROUP, message)

    transaction.on_commit(send)
