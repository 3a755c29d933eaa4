"""Ids in URL paths: generated over every URL pattern (pages, API, admin, sockets).

An id too large for any database column names nothing: 404 (or a closed socket), never a 500.
"""

import logging
import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from allauth.mfa.models import Authenticator
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter

from config.routing import websocket_urlpatterns
from tearspace.accounts.models import User
from tearspace.core.consumers import CLOSE_NOT_FOUND
from tearspace.core.validators import MAX_ID, IdConverter

# Twenty digits (past any 64-bit column), and the first number past the largest id.
HUGE_IDS = ["99999999999999999999", str(MAX_ID + 1), "9" * 40]
PLACEHOLDERS = {"str": "x", "slug": "x", "path": "x", "uuid": str(uuid.uuid4())}


def _routes(
    patterns: list[URLPattern | URLResolver], prefix: str = "", converters: dict | None = None
) -> Iterator[tuple[str, dict[str, object]]]:
    for entry in patterns:
        route = prefix + str(entry.pattern)
        found = {**(converters or {}), **getattr(entry.pattern, "converters", {})}
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, route, found)
        else:
            yield route, found


ALL_ROUTES = list(_routes(get_resolver().url_patterns))
ID_ROUTES = sorted(
    route
    for route, converters in ALL_ROUTES
    if any(isinstance(c, IdConverter) for c in converters.values())
)


def _fill(route: str, huge: str) -> str:
    def one(match: re.Match[str]) -> str:
        kind = match.group(1)
        return huge if kind == "id" else PLACEHOLDERS[kind]

    return "/" + re.sub(r"<(\w+):\w+>", one, route).lstrip("^").rstrip("$")


def test_no_url_uses_the_unbounded_int_converter() -> None:
    unbounded = [
        route
        for route, converters in ALL_ROUTES
        if any(type(c) is IntConverter for c in converters.values())
    ]
    assert unbounded == []
    assert len(ID_ROUTES) > 40  # pages and API alike


@pytest.mark.django_db
@pytest.mark.parametrize("route", ID_ROUTES)
def test_a_huge_id_in_any_path_is_simply_not_found(login, alice: User, route: str) -> None:
    client = login(alice)
    for huge in HUGE_IDS:
        url = _fill(route, huge)
        assert client.get(url).status_code == 404, url
        assert client.post(url).status_code == 404, url


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model", [f"{m._meta.app_label}/{m._meta.model_name}" for m in admin.site._registry]
)
def test_a_huge_id_in_the_admin_is_not_a_server_error(client, model: str) -> None:
    operator = User.objects.create_superuser(username="operator", password="x-long-password-1")
    Authenticator.objects.create(user=operator, type=Authenticator.Type.TOTP, data={"secret": "X"})
    client.force_login(operator)
    for huge in HUGE_IDS:
        for page in ("change", "delete", "history"):
            response = client.get(f"/admin/{model}/{huge}/{page}/")
            # The admin says "doesn't exist" by going back to its index (403: not allowed at all).
            assert response.status_code in {302, 403, 404}, (model, page, response.status_code)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", ["/ws/rooms/99999999999999999999/", "/ws/no-such-socket/"])
async def test_a_socket_to_no_such_place_is_closed_like_a_404(alice: User, path: str) -> None:
    comm = WebsocketCommunicator(URLRouter(websocket_urlpatterns), path)
    comm.scope["user"] = alice
    connected, code = await comm.connect()
    assert (connected, code) == (False, CLOSE_NOT_FOUND)


PAGE_ROUTES = sorted(
    route
    for route, _ in ALL_ROUTES
    if not route.startswith(("api/", "admin/", "^admin", "accounts/", "__"))
)


@pytest.mark.django_db
@pytest.mark.parametrize("route", PAGE_ROUTES)
def test_every_page_takes_a_form_without_its_nul_and_refuses_one_in_a_query(
    login, alice: User, route: str
) -> None:
    """A NUL in a page form is taken out (the words are kept: saved, or the form comes back
    with them); nothing answers a 5xx or the bare NUL refusal. A NUL in a query is a 400."""
    client = login(alice)
    url = _fill(route, "1")
    fields = {"name": "a\x00b", "body": "x", "handle": "\x00", "notes": "n\x00"}
    answers = [
        client.post(url, urlencode(fields), content_type="application/x-www-form-urlencoded"),
        # The same words sent as multipart (the test client's default), as a page with a file.
        client.post(url, fields),
    ]
    for response in answers:
        assert response.status_code < 500, url
        # The bare refusal's own words (the letters "NUL" alone also turn up in a page's random
        # CSP nonce now and then).
        assert b"contain NUL" not in response.content, url
    # A NUL in the query or the path: the site's own page, with the person's menu and help.
    for refused in (client.get(url, {"q": "a\x00b"}), client.get(url + "%00/")):
        assert refused.status_code == 400, url
        page = refused.content.decode()
        assert "That address could not be read" in page, url
        assert 'href="/journal/"' in page, url
        assert "Need help now" in page, url


@pytest.mark.django_db
def test_a_pasted_nul_is_taken_out_and_the_words_are_saved(login, alice: User) -> None:
    from tearspace.care.models import Intake

    words = "a hard\x00 year at home"
    response = login(alice).post(
        "/care/intake/", {"what_brings": words, "language": "en", "mode": "either"}
    )
    assert response.status_code in (200, 302)
    assert Intake.objects.get(person=alice).what_brings == "a hard year at home"


ODD_QUERY_VALUES = ["²", "٣", "99999999999999999999", "-1", "1e308", "nan", "0", "9999-12-31"]
# Every key any view reads from request.GET, found in the source so a new one is covered too.
QUERY_KEYS = sorted(
    {
        key
        for source in (Path(settings.BASE_DIR) / "tearspace").rglob("*.py")
        if "tests" not in source.parts
        for key in re.findall(r"GET\.get(?:list)?\(\s*\"(\w+)\"", source.read_text())
    }
    | {"emotions", "helped"}  # the journal form's prefill (EntryForm.PREFILLABLE)
)


def test_the_query_keys_are_found_in_the_source() -> None:
    assert {"entry", "page", "pace", "quiet", "tag", "country"} <= set(QUERY_KEYS)


@pytest.mark.django_db
@pytest.mark.parametrize("route", PAGE_ROUTES)
def test_every_page_takes_odd_numbers_in_its_query_without_a_server_error(
    login, alice: User, route: str
) -> None:
    client = login(alice)
    url = _fill(route, "1")
    for value in ODD_QUERY_VALUES:
        response = client.get(url, dict.fromkeys(QUERY_KEYS, value))
        # /healthz answers 503 when a service is away, which has nothing to do with its query.
        assert response.status_code < 500 or url == "/healthz", (url, value)


@pytest.mark.django_db
def test_a_missing_or_unreadable_page_stays_out_of_the_log_and_errors_do_not(
    client, caplog: pytest.LogCaptureFixture
) -> None:
    # `make run` printed a line for every 404 and a traceback for a NUL in an address.
    assert client.get("/no-such-page/").status_code == 404
    assert client.get("/support/chats/%00/").status_code == 400
    assert [r for r in caplog.records if r.name.startswith("django")] == []
    assert logging.getLogger("django.request").isEnabledFor(logging.ERROR)
