"""Personal live events: one group per person, reached only after the write has committed."""

from collections.abc import Callable
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


# Sent to a person's group when their account is deleted or banned: every socket of theirs closes.
ACCOUNT_CLOSED = "account_closed"

_account_closed_hooks: list[Callable[[int], None]] = []


def register_account_closed_hook(hook: Callable[[int], None]) -> None:
    """Have `hook(user_id)` queue, inside the closing transaction, what closes that person's
    open sockets once it commits. The app that owns the live outbox registers it."""
    if hook not in _account_closed_hooks:
        _account_closed_hooks.append(hook)


def announce_account_closed(user_id: int) -> None:
    """Close every open socket of an account that is being deleted or banned, at once.

    Call inside the transaction that deletes or bans it: the `account_closed` doorbell goes to
    the person's group (their /ws/me/, moderation and room sockets, in every process) only
    after it commits, so a rollback closes nothing.
    """
    for hook in _account_closed_hooks:
        hook(user_id)
