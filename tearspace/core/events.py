"""Personal live events: one person's open sockets, reached through the transaction's outbox."""

from collections.abc import Mapping
from typing import Any, Literal, TypedDict

from tearspace.lib.fanout import ACCOUNT_CLOSED, SESSIONS_ENDED
from tearspace.lib.outbox import outbox


class AccountClosedEvent(TypedDict):
    """Ends every socket of the person (4401; the console 4403). Nothing is shown."""

    type: Literal["account_closed"]


class SessionsEndedEvent(TypedDict):
    """Ends every socket of the person with 4000, on which the pages connect again."""

    type: Literal["sessions_ended"]


def send_personal_event_on_commit(user_id: int, event: Mapping[str, Any]) -> None:
    """Queue `event` for one person's open sockets once the current transaction commits."""
    outbox().person(user_id, event)


def announce_account_closed(user_id: int) -> None:
    """Close every open socket of an account that is being deleted or banned, at once.

    Call inside the transaction that deletes or bans it: the `account_closed` doorbell goes to
    the person's group (their /ws/me/, moderation and room sockets, in every process) only
    after it commits, so a rollback closes nothing.
    """
    event: AccountClosedEvent = {"type": ACCOUNT_CLOSED}
    send_personal_event_on_commit(user_id, event)


def announce_sessions_ended(user_id: int) -> None:
    """Close every open socket of a person whose password, second factor or staff role changed.

    As `announce_account_closed` (after commit, every socket, every process), but the pages
    connect again: a browser still signed in with the right to be there is let back in (and
    catches up), one whose session or powers ended is refused at the door.
    """
    event: SessionsEndedEvent = {"type": SESSIONS_ENDED}
    send_personal_event_on_commit(user_id, event)
