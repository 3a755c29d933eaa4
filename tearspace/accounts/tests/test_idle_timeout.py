"""An unattended browser signs itself out, and what was being written is not lost."""

import time
from collections.abc import Callable

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client, override_settings

from tearspace.accounts.actions import do_create_token
from tearspace.accounts.middleware import LAST_SEEN_KEY
from tearspace.accounts.models import User
from tearspace.journal.models import Entry

pytestmark = pytest.mark.django_db
Login = Callable[[User | None], Client]


def idle_for(client: Client, seconds: int) -> None:
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - seconds
    session.save()


def test_the_default_idle_limit_is_thirty_minutes(settings) -> None:
    assert settings.SESSION_IDLE_TIMEOUT == 30 * 60


def test_a_session_used_within_the_limit_stays_signed_in(login: Login, alice: User) -> None:
    client = login(alice)
    assert client.get("/settings/").status_code == 200
    idle_for(client, 29 * 60)
    assert client.get("/settings/").status_code == 200
    idle_for(client, 29 * 60)  # the previous visit counted as activity
    assert client.get("/settings/").status_code == 200


def test_after_the_limit_a_page_asks_to_sign_in_and_comes_back(login: Login, alice: User) -> None:
    client = login(alice)
    client.get("/settings/")
    idle_for(client, 31 * 60)
    response = client.get("/journal/?page=2")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/journal/%3Fpage%3D2"
    assert client.get("/settings/").status_code == 302  # signed out for good, not just once


@override_settings(SESSION_IDLE_TIMEOUT=120)
def test_the_limit_is_configurable(login: Login, alice: User) -> None:
    client = login(alice)
    client.get("/settings/")
    idle_for(client, 100)
    assert client.get("/settings/").status_code == 200
    idle_for(client, 121)
    assert client.get("/settings/").status_code == 302


def test_a_form_sent_after_the_limit_is_not_saved_but_its_words_come_back(
    login: Login, alice: User
) -> None:
    client = login(alice)
    client.get("/journal/new/")
    idle_for(client, 31 * 60)
    response = client.post(
        "/journal/new/",
        {"notes": "the words I wrote over forty minutes", "intensity": "3", "password": "x"},
        headers={"referer": "http://testserver/journal/new/"},
    )
    assert response.status_code == 401
    page = response.content.decode()
    assert "the words I wrote over forty minutes" in page
    assert "/accounts/login/?next=/journal/new/" in page
    assert ">x<" not in page  # nothing secret is echoed
    assert not Entry.objects.exists()


def test_the_api_on_an_idle_session_answers_401_but_tokens_carry_on(
    login: Login, alice: User
) -> None:
    client = login(alice)
    client.get("/api/v1/me")
    idle_for(client, 31 * 60)
    assert client.get("/api/v1/me").status_code == 401
    _token, raw = do_create_token(user=alice, name="cli")
    assert Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/v1/me").status_code == 200


async def _socket_opens(session_key: str) -> bool:
    from config.asgi import application

    headers = [
        (b"origin", b"http://127.0.0.1"),
        (b"host", b"127.0.0.1"),
        (b"cookie", f"sessionid={session_key}".encode()),
    ]
    socket = WebsocketCommunicator(application, "/ws/me/", headers=headers)
    connected, _ = await socket.connect()
    await socket.disconnect()
    return bool(connected)


@pytest.mark.django_db(transaction=True)
async def test_a_socket_on_an_idle_session_is_refused_and_the_session_ends(
    login: Login, alice: User
) -> None:
    client = await sync_to_async(login)(alice)
    await sync_to_async(client.get)("/settings/")
    key = client.cookies["sessionid"].value
    assert await _socket_opens(key)
    await sync_to_async(idle_for)(client, 31 * 60)
    assert not await _socket_opens(key)
    assert (await sync_to_async(client.get)("/settings/")).status_code == 302
