"""Who receives moderation events: moderators and operators yes, members no, anonymous never."""

import pytest
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from config.routing import websocket_urlpatterns
from tearspace.accounts.models import User
from tearspace.safety.actions import do_act_on_case, do_create_escalation
from tearspace.safety.tests.conftest import FakeModels

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("crisis_lines")]

app = URLRouter(websocket_urlpatterns)


async def connect(
    user: object, path: str = "/ws/moderation/"
) -> tuple[WebsocketCommunicator, bool]:
    communicator = WebsocketCommunicator(app, path)
    communicator.scope["user"] = user
    connected, _code = await communicator.connect()
    return communicator, connected


async def test_it_rejects_anonymous_people() -> None:
    communicator, connected = await connect(AnonymousUser())
    assert not connected
    await communicator.disconnect()


async def test_it_rejects_members(alice: User) -> None:
    communicator, connected = await connect(alice)
    assert not connected
    await communicator.disconnect()


async def test_it_rejects_moderators_without_a_second_factor(moderator: User) -> None:
    communicator, connected = await connect(moderator)
    assert not connected
    await communicator.disconnect()


async def test_it_sends_a_new_urgent_screening_to_moderators_only(
    alice: User, mod: User, operator: User, bob: User, models: FakeModels
) -> None:
    from tearspace.safety.screening import screen_text

    models.level = "urgent"
    mod_socket, mod_ok = await connect(mod)
    op_socket, op_ok = await connect(operator)
    member_socket, member_ok = await connect(bob)
    personal, _ = await connect(bob, "/ws/me/")
    assert (mod_ok, op_ok, member_ok) == (True, True, False)

    def write() -> int | None:
        with transaction.atomic():
            return screen_text(author=alice, text="private words", kind="entry").escalation_id

    escalation_id = await database_sync_to_async(write)()
    expected = {
        "type": "moderation_item",
        "op": "add",
        "item": f"escalation:{escalation_id}",
        "level": "urgent",
        "urgency": 3,
        "status": "open",
    }
    assert await mod_socket.receive_json_from(timeout=2) == expected
    assert await op_socket.receive_json_from(timeout=2) == expected
    assert await personal.receive_nothing(timeout=0.2)
    for socket in (mod_socket, op_socket, member_socket, personal):
        await socket.disconnect()


async def test_it_sends_nothing_when_the_write_rolls_back(alice: User, mod: User) -> None:
    mod_socket, connected = await connect(mod)
    assert connected

    def write() -> None:
        try:
            with transaction.atomic():
                do_create_escalation(person=alice, kind="entry", level="urgent", reasons=[])
                raise RuntimeError("the entry failed to save")
        except RuntimeError:
            pass

    await database_sync_to_async(write)()
    assert await mod_socket.receive_nothing(timeout=0.3)
    await mod_socket.disconnect()


async def test_it_tells_only_the_person_when_a_moderator_reaches_out(
    alice: User, bob: User, mod: User
) -> None:
    alice_socket, _ = await connect(alice, "/ws/me/")
    bob_socket, _ = await connect(bob, "/ws/me/")
    mod_socket, _ = await connect(mod)

    def reach_out() -> None:
        escalation = do_create_escalation(person=alice, kind="entry", level="urgent", reasons=[])
        do_act_on_case(
            moderator=mod, case=escalation, action="reach_out", message="Thinking of you."
        )

    await database_sync_to_async(reach_out)()
    event = await alice_socket.receive_json_from(timeout=2)
    assert (event["type"], event["op"], event["message"]["body"]) == (
        "care_message",
        "add",
        "Thinking of you.",
    )
    assert await bob_socket.receive_nothing(timeout=0.2)
    assert (await mod_socket.receive_json_from(timeout=2))["op"] == "add"
    assert (await mod_socket.receive_json_from(timeout=2))["status"] == "reached_out"
    for socket in (alice_socket, bob_socket, mod_socket):
        await socket.disconnect()


async def test_it_stops_sending_to_someone_who_is_no_longer_a_moderator(
    alice: User, mod: User
) -> None:
    mod_socket, connected = await connect(mod)
    assert connected

    def demote_then_escalate() -> None:
        User.objects.filter(pk=mod.pk).update(role="member")
        do_create_escalation(person=alice, kind="entry", level="urgent", reasons=[])

    await database_sync_to_async(demote_then_escalate)()
    assert (await mod_socket.receive_output(timeout=2))["type"] == "websocket.close"
