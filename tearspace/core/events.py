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


# Sent to a person's group when their open sockets must end. Every consumer closes on these
# (`closing_code`) and the room hub hands them to all of the person's room sockets.
# Deleted or banned: closed for good (4401; the pages say "not in this room any more").
ACCOUNT_CLOSED = "account_closed"
# Password, second factor or staff role changed: closed with CLOSE_CHECK_AGAIN, on which the
# pages connect again, so the checks every socket passes at connect (tearspace.accounts.access,
# the session's password hash) decide afresh what that browser may still see.
SESSIONS_ENDED = "sessions_ended"
CLOSE_CHECK_AGAIN = 4000
_CLOSE_CODES = {ACCOUNT_CLOSED: 4401, SESSIONS_ENDED: CLOSE_CHECK_AGAIN}

_socket_closers: list[Callable[[int, str], None]] = []


def closing_code(event: dict[str, Any]) -> int | None:
    """The close code a socket answers a personal `event` with, or None to deliver it."""
    return _CLOSE_CODES.get(event.get("type"))  # type: ignore[arg-type]


def register_socket_closer(closer: Callable[[int, str], None]) -> None:
    """Have `closer(user_id, event_type)` queue, inside the changing transaction, what closes
    that person's open sockets once it commits. The app that owns the live outbox registers it."""
    if closer not in _socket_closers:
        _socket_closers.append(closer)


def announce_account_closed(user_id: int) -> None:
    """Close every open socket of an account that is being deleted or banned, at once.

    Call inside the transaction that deletes or bans it: the `account_closed` doorbell goes to
    the person's group (their /ws/me/, moderation and room sockets, in every process) only
    after it commits, so a rollback closes nothing.
    """
    for closer in _socket_closers:
        closer(user_id, ACCOUNT_CLOSED)


def announce_sessions_ended(user_id: int) -> None:
    """Close every open socket of a person whose password, second factor or staff role changed.

    As `announce_account_closed` (after commit, every socket, every process), but the pages
    connect again: a browser still signed in with the right to be there is let back in (and
    catches up), one whose session or powers ended is refused at the door.
    """
    for closer in _socket_closers:
        closer(user_id, SESSIONS_ENDED)
