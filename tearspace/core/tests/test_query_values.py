"""Query-string values: generated over every page and every query key the code reads.

A number no column can hold, a digit that is not ASCII ("²"), or text where a number belongs is
ignored or refused with a 4xx; it never makes a 500.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

from tearspace.accounts.models import User
from tearspace.core.tests.test_url_ids import ALL_ROUTES

# Every key any view reads from request.GET, found in the source so a new one is covered too.
QUERY_KEYS = sorted(
    {
        key
        for source in (Path(settings.BASE_DIR) / "tearspace").rglob("*.py")
        if "tests" not in source.parts
        for key in re.findall(r"GET\.get\(\s*\"(\w+)\"", source.read_text())
    }
)
HOSTILE = ["²", "٣", "99999999999999999999", "-1", "1e999", "nan", "0x10", " 7"]
# /healthz answers 503 by design while the task worker is away (as it is in tests).
PAGES = sorted(
    "/" + route.lstrip("^").rstrip("$")
    for route, converters in ALL_ROUTES
    if not converters and "<" not in route and not route.startswith(("admin/", "api/", "healthz"))
)


def test_the_keys_and_pages_were_found() -> None:
    assert {"entry", "page", "pace", "tag"} <= set(QUERY_KEYS)
    assert "/toolkit/after-a-cry/" in PAGES


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_odd_numbers_in_any_query_key_never_make_a_500(login, alice: User, path: str) -> None:
    for who in (None, alice):
        client = login(who)
        for value in HOSTILE:
            response = client.get(path, dict.fromkeys(QUERY_KEYS, value))
            assert response.status_code < 500, (path, value)


@pytest.mark.django_db
@pytest.mark.parametrize(("raw", "shown"), [("7", True), ("²", False), ("9" * 20, False)])
def test_the_quiet_minute_links_back_only_to_an_entry_id_that_can_exist(
    client, raw: str, shown: bool
) -> None:
    response = client.get("/toolkit/after-a-cry/", {"quiet": "start", "entry": raw})
    assert response.status_code == 200
    assert ('href="/journal/7/"' in response.content.decode()) is shown
