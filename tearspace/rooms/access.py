"""Permission-checked reads: the one way to fetch a room a person may see or act in."""

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from tearspace.accounts.access import acts_in_role, has_second_factor
from tearspace.accounts.models import Role, User
from tearspace.rooms.models import Membership, Room, Status, TearFriendSeat

HOSTING_ROLES = frozenset({Role.HOST, Role.OPERATOR})
MODERATING_ROLES = frozenset({Role.MODERATOR, Role.OPERATOR})


def can_host_rooms(user: User | AnonymousUser) -> bool:
    """Hosts, operators and Django staff, with their second factor set up."""
    return acts_in_role(user, HOSTING_ROLES, django_staff=True)


def can_moderate_room(user: User | AnonymousUser, room: Room) -> bool:
    """The room's host, moderators and operators may steer and moderate a room.

    Each needs their second factor set up (acts_in_role); without it they are plain members.
    """
    if room.host_id == user.pk and user.is_active:
        return has_second_factor(user)
    return acts_in_role(user, MODERATING_ROLES, django_staff=True)


def access_room_by_id(user: User | AnonymousUser, room_id: int) -> Room:
    """Return a room a signed-in person may read about (its listing, its programme)."""
    if not user.is_authenticated:
        raise Http404
    room = Room.objects.select_related("host").filter(pk=room_id).first()
    if room is None:
        raise Http404
    return room


def membership_of(user: User | AnonymousUser, room: Room) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(room=room, user_id=user.pk or 0).first()


def access_live_room_by_id(user: User | AnonymousUser, room_id: int) -> Room:
    """Return a room whose live session (chat, media, history) this person may be in.

    Members who joined may; so may the host and moderators. Everyone else gets a 404.
    """
    room = access_room_by_id(user, room_id)
    if can_moderate_room(user, room):
        return room
    if not Membership.objects.filter(
        room=room, user_id=user.pk or 0, status=Status.JOINED
    ).exists():
        raise Http404
    return room


def chat_floor(user: User | AnonymousUser, room: Room) -> int:
    """Return the room sequence number after which this person may read the room's chat.

    Someone who came in reads from when they (last) came in, so nobody reads words said before
    they were there by people who may have left since, unless the host opened earlier chat to
    newcomers. Those who steer the room read all of it. Someone without a membership reads
    nothing that has been said so far.
    """
    if room.newcomers_read_earlier or can_moderate_room(user, room):
        return 0
    membership = membership_of(user, room)
    return membership.from_seq if membership is not None else room.last_seq


def access_moderated_room_by_id(user: User | AnonymousUser, room_id: int) -> Room:
    """Return a room this person may steer (host controls); 404 for anyone else."""
    room = access_room_by_id(user, room_id)
    if not can_moderate_room(user, room):
        raise Http404
    return room


def access_tear_friend_seat_by_chat_id(
    user: User | AnonymousUser, room_id: int, chat_id: int
) -> TearFriendSeat:
    """Return this person's seat in a small chat of the room; 404 for anyone not seated in it.

    Nobody else reads a small chat: not the host, not a moderator, not the rest of the room.
    """
    if not user.is_authenticated:
        raise Http404
    seat = (
        TearFriendSeat.objects.select_related("chat")
        .filter(chat_id=chat_id, chat__room_id=room_id, user_id=user.pk, left_at__isnull=True)
        .first()
    )
    if seat is None:
        raise Http404
    return seat
