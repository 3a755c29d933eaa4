"""Permission-checked reads: the one way to fetch a room a person may see or act in."""

from collections.abc import Callable

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from tearspace.accounts.access import acts_in_role
from tearspace.accounts.models import Role, User
from tearspace.rooms.models import CheckIn, Kind, Membership, Room, Status, TearFriendSeat

HOSTING_ROLES = frozenset({Role.HOST, Role.OPERATOR})
MODERATING_ROLES = frozenset({Role.MODERATOR, Role.OPERATOR})


def can_host_rooms(user: User | AnonymousUser) -> bool:
    """Hosts, operators and Django staff, with their second factor set up."""
    return acts_in_role(user, HOSTING_ROLES, django_staff=True)


def can_moderate_room(user: User | AnonymousUser, room: Room) -> bool:
    """The room's host, moderators and operators may steer and moderate a room.

    Each needs their second factor set up (acts_in_role); without it they are plain members.
    """
    owner = user.is_authenticated and room.host_id == user.pk
    return acts_in_role(user, MODERATING_ROLES, django_staff=True, owner=owner)


# Rooms of a kind only some people may enter, and who may (an app above registers its rule
# from ready(): support says who is a listener). A gated kind nobody registered is closed.
GATED_KINDS = frozenset({Kind.DEBRIEF})
KIND_GATES: dict[str, Callable[[User], bool]] = {}


def register_room_gate(kind: str, may_enter: Callable[[User], bool]) -> None:
    """Let only people for whom `may_enter(user)` is true see or enter rooms of `kind`."""
    KIND_GATES[kind] = may_enter


def may_enter_kind(user: User, room: Room) -> bool:
    """Whether the room's kind lets this signed-in person in at all (moderators included)."""
    if room.kind not in GATED_KINDS:
        return True
    gate = KIND_GATES.get(room.kind)
    return gate is not None and gate(user)


def access_room_by_id(user: User | AnonymousUser, room_id: int) -> Room:
    """Return a room a signed-in person may read about (its listing, its programme).

    Every path into a room (page, API, socket) comes through here or `may_enter_kind`: a room
    of a gated kind is a 404 for anyone its gate does not let in.
    """
    if not user.is_authenticated:
        raise Http404
    room = Room.objects.select_related("host").filter(pk=room_id).first()
    if room is None or not may_enter_kind(user, room):
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


def access_check_in_by_person_id(
    user: User | AnonymousUser, room_id: int, person_id: int
) -> CheckIn:
    """Return the room's check-in with `person_id` for that person or the room's host; 404 for
    anyone else (moderators and the rest of the room included) and where there is none yet.

    Both read it while they are in the room and after the session (leaving does not take
    their own words from them); writing has its own checks (`chat.CheckInChat`).
    """
    room = access_room_by_id(user, room_id)
    if user.pk not in (person_id, room.host_id):
        raise Http404
    check_in = (
        CheckIn.objects.select_related("room", "person", "conversation")
        .filter(room=room, person_id=person_id)
        .first()
    )
    if check_in is None:
        raise Http404
    return check_in
