"""Only the owner sees anything: generated over every journal URL and API route."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, reverse

from config.api import api
from tearspace.accounts.models import User
from tearspace.journal import urls as journal_urls
from tearspace.journal.actions import ClipUpload, Saved
from tearspace.journal.models import Entry, MontageJob

OBJECT_KWARGS = {"entry_id", "montage_id"}


@pytest.fixture
def owned(alice: User, log_entry: Callable[..., Saved], audio_bytes: bytes) -> dict[str, Any]:
    saved = log_entry(alice, notes="private words", clip=ClipUpload(audio_bytes, "audio/webm"))
    job = MontageJob.objects.create(
        owner=alice, start="2020-01-01", end="2030-01-01", status="done", path=saved.entry.clip.path
    )
    return {"entry_id": saved.entry.pk, "montage_id": job.pk}


def _page_urls(ids: dict[str, Any]) -> list[str]:
    urls = []
    for pattern in journal_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        names = set(pattern.pattern.converters)
        if names & OBJECT_KWARGS:
            urls.append(reverse(f"journal:{pattern.name}", kwargs={k: ids[k] for k in names}))
    return urls


def _api_routes(ids: dict[str, Any]) -> list[tuple[str, str]]:
    routes: list[tuple[str, str]] = []
    for prefix, router in api._routers:
        if prefix != "/journal":
            continue
        for path, operations in router.path_operations.items():
            if "{" not in path:
                continue
            url = "/api/v1/journal" + re.sub(r"\{\w+:", "{", path).format(**ids)
            for operation in operations.operations:
                routes.extend((method, url) for method in operation.methods)
    return routes


def test_every_object_url_and_route_is_covered(owned: dict[str, Any]) -> None:
    assert len(_page_urls(owned)) == 10
    assert len(_api_routes(owned)) == 9


@pytest.mark.parametrize("who", ["bob", "charlie", "moderator", "superuser"])
def test_it_answers_404_to_everyone_but_the_owner(
    owned: dict[str, Any],
    who: str,
    login: Callable[[User | None], Client],
    request: pytest.FixtureRequest,
) -> None:
    if who == "superuser":
        visitor = User.objects.create_superuser(
            username="root", email="root@example.org", password="x" * 20
        )
    else:
        visitor = request.getfixturevalue(who)
    # Staff must have set up TOTP to get past the MFA gate; give them that, so the journal's
    # own answer is what is tested.
    Authenticator.objects.create(user=visitor, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client = login(visitor)
    for url in _page_urls(owned):
        # A method the URL never takes is refused the same way for every id (405); every
        # method it does take answers 404, exactly as if the entry did not exist.
        codes = {client.get(url).status_code, client.post(url).status_code}
        assert 404 in codes, url
        assert codes <= {404, 405}, url
    for method, url in _api_routes(owned):
        if method == "POST" and url.endswith("/clip"):
            upload = SimpleUploadedFile("a.webm", b"not much", content_type="audio/webm")
            response = client.post(url, {"file": upload})
        else:
            response = client.generic(method, url, data="{}", content_type="application/json")
        assert response.status_code == 404, (method, url, response.status_code)
    # Nothing was changed or removed by all of that.
    entry = Entry.objects.get(pk=owned["entry_id"])
    assert entry.notes == "private words"
    assert default_storage.exists(entry.clip.path)
    assert MontageJob.objects.get(pk=owned["montage_id"]).status == "done"


def test_it_sends_anonymous_visitors_to_log_in(
    owned: dict[str, Any], login: Callable[[User | None], Client]
) -> None:
    client = login(None)
    for name in ["timeline", "new", "dashboard", "import", "montage_index"]:
        response = client.get(reverse(f"journal:{name}"))
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    for url in _page_urls(owned):
        assert client.get(url).status_code == 302
    for method, url in _api_routes(owned):
        assert client.generic(method, url).status_code == 401
    assert client.get("/api/v1/journal/entries").status_code == 401


def test_lists_and_stats_show_strangers_only_their_own_journal(
    owned: dict[str, Any], charlie: User, login: Callable[[User | None], Client]
) -> None:
    client = login(charlie)
    assert "private words" not in client.get(reverse("journal:timeline")).content.decode()
    assert client.get("/api/v1/journal/entries").json()["count"] == 0
    assert client.get("/api/v1/journal/stats").json()["total"] == 0
    assert client.get("/api/v1/journal/montages").json() == []
    assert (
        client.get(reverse("journal:timeline") + "?q=private").context["page"].paginator.count == 0
    )


def test_the_owner_can_open_every_url(
    owned: dict[str, Any], alice: User, login: Callable[[User | None], Client]
) -> None:
    client = login(alice)
    for url in _page_urls(owned):
        if url.endswith(("/delete/", "/cancel/", "/relief/")):
            continue
        assert client.get(url).status_code in {200, 405}, url
