import pytest
from channels.testing import WebsocketCommunicator

from config.asgi import application
from tearspace.lib.fanout import personal_group

HEADERS = [(b"origin", b"http://127.0.0.1"), (b"host", b"127.0.0.1")]


async def connect_as(client, user=None):
    headers = list(HEADERS)
    if user is not None:
        await client.aforce_login(user)
        cookie = f"sessionid={client.cookies['sessionid'].value}".encode()
        headers.append((b"cookie", cookie))
    communicator = WebsocketCommunicator(application, "/ws/me/", headers=headers)
    connected, code = await communicator.connect()
    return communicator, connected, code


@pytest.mark.django_db(transaction=True)
async def test_a_person_receives_only_their_own_events(async_client, alice, bob):
    from channels.layers import get_channel_layer
    from django.test import AsyncClient

    alice_socket, connected, _ = await connect_as(async_client, alice)
    assert connected
    bob_socket, connected, _ = await connect_as(AsyncClient(), bob)
    assert connected
    await get_channel_layer().group_send(
        personal_group(alice.pk), {"type": "personal.event", "event": {"type": "hello"}}
    )
    assert await alice_socket.receive_json_from(timeout=2) == {"type": "hello"}
    assert await bob_socket.receive_nothing(timeout=0.3)
    await alice_socket.disconnect()
    await bob_socket.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_an_anonymous_socket_is_refused(async_client):
    _socket, connected, code = await connect_as(async_client)
    assert not connected
    assert code == 4401


@pytest.mark.django_db(transaction=True)
async def test_a_socket_from_another_origin_is_refused(async_client, alice):
    await async_client.aforce_login(alice)
    cookie = f"sessionid={async_client.cookies['sessionid'].value}".encode()
    communicator = WebsocketCommunicator(
        application,
        "/ws/me/",
        headers=[
            (b"origin", b"https://evil.example"),
            (b"host", b"127.0.0.1"),
            (b"cookie", cookie),
        ],
    )
    connected, _ = await communicator.connect()
    assert not connected


@pytest.mark.django_db(transaction=True)
async def test_malformed_frames_on_a_delivery_socket_are_ignored_and_it_stays_open(
    async_client, alice
):
    from channels.layers import get_channel_layer

    socket, connected, _ = await connect_as(async_client, alice)
    assert connected
    for raw in ["{", '{"x": "\\ud83d"}', '"a\\u0000b"', "[" * 5000, "NaN"]:
        await socket.send_to(text_data=raw)
    await socket.send_to(bytes_data=b"\xff\xfe")
    await get_channel_layer().group_send(
        personal_group(alice.pk), {"type": "personal.event", "event": {"type": "hello"}}
    )
    assert await socket.receive_json_from(timeout=2) == {"type": "hello"}
    await socket.disconnect()
