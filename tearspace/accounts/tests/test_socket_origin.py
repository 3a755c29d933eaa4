"""A socket opens only for pages of the same origin: scheme, host and port all compared."""

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import override_settings

from tearspace.accounts.middleware import origin_of
from tearspace.accounts.models import User
from tearspace.accounts.tests.test_second_factor import _session_cookie

SAME = [
    ("ws", "127.0.0.1:8000", "http://127.0.0.1:8000"),
    ("ws", "localhost:8103", "http://localhost:8103"),
    ("wss", "tears.example", "https://tears.example"),
    ("wss", "tears.example", "https://tears.example:443"),
    ("wss", "tears.example:443", "https://TEARS.example"),
    ("ws", "tears.example", "http://tears.example:80"),
]
OTHER = [
    ("ws", "127.0.0.1:8000", "http://127.0.0.1:8001"),  # another port
    ("ws", "127.0.0.1:8000", "https://127.0.0.1:8000"),  # another scheme
    ("ws", "127.0.0.1:8000", "http://127.0.0.1"),  # port 80 is not 8000
    ("ws", "127.0.0.1:8000", "http://localhost:8000"),  # another host
    ("wss", "tears.example", "http://tears.example"),  # plain http beside https
    ("wss", "tears.example", "https://tears.example:8443"),
    ("wss", "tears.example", "https://evil.tears.example"),
    ("ws", "127.0.0.1:8000", "null"),
    ("ws", "127.0.0.1:8000", ""),
    ("ws", "evil.test", "http://evil.test"),  # a host we do not serve
]


async def opens(user: User, scheme: str, host: str, origin: str) -> bool:
    from config.asgi import application

    headers = [(b"host", host.encode()), await sync_to_async(_session_cookie)(user)]
    if origin:
        headers.append((b"origin", origin.encode()))
    socket = WebsocketCommunicator(application, "/ws/me/", headers=headers)
    socket.scope["scheme"] = scheme
    connected, _ = await socket.connect()
    await socket.disconnect()
    return bool(connected)


@pytest.mark.django_db(transaction=True)
@override_settings(ALLOWED_HOSTS=["127.0.0.1", "localhost", "tears.example"])
@pytest.mark.parametrize(("scheme", "host", "origin"), SAME + OTHER)
async def test_a_socket_opens_only_for_its_own_origin(
    alice: User, scheme: str, host: str, origin: str
) -> None:
    assert await opens(alice, scheme, host, origin) == ((scheme, host, origin) in SAME)


@pytest.mark.django_db(transaction=True)
@override_settings(
    ALLOWED_HOSTS=["127.0.0.1"],
    SITE_URL="https://tears.example",
    CSRF_TRUSTED_ORIGINS=["https://app.tears.example:8443"],
)
async def test_behind_a_proxy_the_public_origins_are_trusted_exactly(alice: User) -> None:
    assert await opens(alice, "ws", "127.0.0.1:8000", "https://tears.example")
    assert await opens(alice, "ws", "127.0.0.1:8000", "https://app.tears.example:8443")
    assert not await opens(alice, "ws", "127.0.0.1:8000", "http://tears.example")
    assert not await opens(alice, "ws", "127.0.0.1:8000", "https://app.tears.example")


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("http://a.example", ("http", "a.example", 80)),
        ("wss://A.example:8443", ("https", "a.example", 8443)),
        ("https://a.example:99999", None),
        ("ftp://a.example", None),
        ("null", None),
        ("", None),
    ],
)
def test_origin_of_reads_scheme_host_and_port(url: str, origin: tuple | None) -> None:
    assert origin_of(url) == origin
