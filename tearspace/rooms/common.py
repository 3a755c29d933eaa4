"""What every rooms action module shares: its error, the rate limit, the room lock."""

from datetime import timedelta

from django.utils.translation import gettext as _

from tearspace.accounts.models import User
from tearspace.conversations.actions import SLOW_DOWN
from tearspace.conversations.policy import ConversationError, Reason
from tearspace.lib.limits import take
from tearspace.rooms.models import Membership, Room, Status

# Invitations to form a circle stay open this long after the session ends.
INVITATION_GRACE = timedelta(days=7)


class RoomError(ConversationError):
    """A request the room cannot honour; `reason` is safe to show the person."""


def forbid(reason: Reason) -> RoomError:
    return RoomError(reason, status=403)


def limit(person: User, kind: str) -> None:
    """Take a token from the person's bucket for `kind` (see `lib.limits.BUCKETS`), so
    every interface (page, API, socket) shares one limit; raise RoomError (429) when empty."""
    if not take(person.pk, kind):
        raise RoomError(SLOW_DOWN, status=429)


def lock_room(room_id: int) -> Room:
    """Lock the room row for this transaction (PostgreSQL row lock; SQLite's IMMEDIATE
    transactions already serialise writers). Call inside transaction.atomic."""
    try:
        return (
            Room.objects.select_related("conversation")
            .select_for_update(of=("self",))
            .get(pk=room_id)
        )
    except Room.DoesNotExist:
        raise RoomError(_("This room no longer exists."), status=404) from None


def person_dict(user: User) -> dict[str, object]:
    return {"id": user.pk, "handle": user.username}


def joined_membership(room: Room, user_id: int) -> Membership:
    """The membership (with its person) of someone in the room now, or a refusal."""
    membership = (
        Membership.objects.select_related("user")
        .filter(room=room, user_id=user_id, status=Status.JOINED)
        .first()
    )
    if membership is None:
        raise RoomError(_("That person is not in the room."))
    return membership
