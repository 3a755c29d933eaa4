"""A changed password, a removed second factor or a removed staff role ends every open socket.

Generated over every socket route (the list of test_account_closed, which checks it is whole)
by each change, made the way any path makes it (saving the user row, deleting the authenticator).
The socket closes with CLOSE_CHECK_AGAIN, so the page connects again and the connect-time checks
decide; nobody else's socket hears of it, and changes that grant nothing close nothing.
"""

from collections.abc import Awaitable, Callable

import pytest
from allauth.mfa.models import Authenticator
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.utils import timezone

from tearspace.accounts.models import Role, User
from tearspace.lib.fanout import CLOSE_CHECK_AGAIN
from tearspace.rooms.models import Room
from tearspace.rooms.tests.conftest import with_mfa
from tearspace.rooms.tests.test_account_closed import (
    KINDS,
    Opened,
    connect,
    drain,
    moderation_socket,
)
from tearspace.rooms.tests.test_consumers import app, open_socket

pytestmark = pytest.mark.django_db(transaction=True)


def password_changed(person: User) -> None:
    person.set_password("a-brand-new-long-password")
    person.save()


def second_factor_removed(person: User) -> None:
    Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).delete()


def role_removed(person: User) -> None:
    person.role = Role.MEMBER
    person.save()


def theme_changed(person: User) -> None:
    person.theme = "dark"
    person.save()


def signed_in_again(person: User) -> None:
    """What every sign-in saves (last_login), through update_fields like Django does."""
    person.last_login = timezone.now()
    person.save(update_fields=["last_login"])


def _staff(person: User, role: str) -> User:
    """Give `person` a staff role with its second factor, as the changes above need."""
    User.objects.filter(pk=person.pk).update(role=role)
    person.refresh_from_db()
    if not Authenticator.objects.filter(user=person).exists():
        with_mfa(person)
    return person


Kind = Callable[[User, Room, User], Awaitable[Opened]]


@pytest.mark.parametrize(
    "change", [password_changed, second_factor_removed, role_removed], ids=lambda f: f.__name__
)
@pytest.mark.parametrize("kind", KINDS, ids=lambda f: f.__name__)
async def test_a_change_to_what_let_a_socket_in_closes_it_and_nobody_elses(
    kind: Kind, change: Callable[[User], None], room: Room, member: User, member2: User, mod: User
) -> None:
    person = mod if kind is moderation_socket else await sync_to_async(_staff)(member, Role.HOST)
    comm, next_word = await kind(person, room, member2)
    bystanders = [await connect(member2, "/ws/me/"), (await open_socket(member2, room)).comm]
    for socket in [comm, *bystanders]:
        await drain(socket)
    await sync_to_async(change)(person)
    closed = await comm.receive_output(2)
    assert closed == {"type": "websocket.close", "code": CLOSE_CHECK_AGAIN}
    await next_word()
    for other in bystanders:
        await drain(other)
        await other.disconnect()


@pytest.mark.parametrize("change", [second_factor_removed, role_removed], ids=lambda f: f.__name__)
async def test_the_moderation_console_is_refused_when_it_connects_again(
    change: Callable[[User], None], mod: User
) -> None:
    comm = await connect(mod, "/ws/moderation/")
    await sync_to_async(change)(mod)
    assert (await comm.receive_output(2))["code"] == CLOSE_CHECK_AGAIN
    again = WebsocketCommunicator(app(), "/ws/moderation/")
    again.scope["user"] = await sync_to_async(User.objects.get)(pk=mod.pk)
    assert await again.connect() == (False, 4403)


@pytest.mark.parametrize("change", [theme_changed, signed_in_again], ids=lambda f: f.__name__)
@pytest.mark.parametrize("kind", KINDS, ids=lambda f: f.__name__)
async def test_a_change_that_grants_nothing_leaves_sockets_open(
    kind: Kind, change: Callable[[User], None], room: Room, member: User, member2: User, mod: User
) -> None:
    person = mod if kind is moderation_socket else member
    comm, _next_word = await kind(person, room, member2)
    await drain(comm)
    await sync_to_async(change)(person)
    await drain(comm)  # still open
    await comm.disconnect()
