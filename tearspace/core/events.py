"""Personal live events: one group per person, reached only after the write has committed."""

from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction


def personal_group(user_id: int) -> str:
    """The channel group that reaches every open tab of one person."""
    return f"user.{user_id}"


def send_personal_event_on_commit(user_id: int, event: dict[str, Any]) -> None:
    """Queue `event` for one person's open tabs once the current transaction commits."""

    def send() -> None:
        layer = get_channel_layer()
        if layer is not None:
            async_to_sync(layer.group_send)(
                personal_group(user_id), {"type": "personal.event", "event": event}
            )

    transaction.on_commit(send)
