"""Refusal pages speak the person's language and look like Tearspace: a form refused by the
CSRF check keeps the words it carried; a page that is not open to someone says so kindly."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext
from django.views.defaults import permission_denied

from tearspace.accounts.models import User

# Forms of several apps; the failure view is one setting (CSRF_FAILURE_VIEW), so any form
# refused by the check lands on it.
FORMS = ["/journal/new/", "/accounts/language/", "/circles/new/", "/support/"]


@pytest.fixture
def stale(alice: User) -> Client:
    """A browser whose page outlived its CSRF token: the check is enforced, the token is gone."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("path", FORMS)
def test_a_refused_form_shows_the_words_back_in_the_persons_language(
    stale: Client, alice: User, path: str
) -> None:
    alice.language = "es"
    alice.save(update_fields=["language"])
    words = "Hoy lloré en el autobús y no pasa nada"
    response = stale.post(path, {"notes": words, "password": "hunter2"}, HTTP_REFERER=path)
    page = response.content.decode()
    assert response.status_code == 403
    assert '<html lang="es"' in page
    with translation.override("es"):
        assert gettext("Please send that again") in page
    assert words in page
    assert "hunter2" not in page
    assert 'class="help-now"' in page
    assert f'href="{path}"' in page


@pytest.mark.django_db
def test_the_way_back_never_leaves_the_site(stale: Client) -> None:
    response = stale.post("/journal/new/", {"notes": "x"}, HTTP_REFERER="https://evil.example/")
    assert 'href="/"' in response.content.decode()


@pytest.mark.django_db
def test_the_api_answers_a_refused_session_request_in_json(stale: Client) -> None:
    response = stale.post("/api/v1/journal/entries", {}, content_type="application/json")
    assert response.status_code == 403
    assert "detail" in response.json()


@pytest.mark.django_db
def test_the_permission_denied_page_is_ours_and_in_the_pages_language(rf, alice: User) -> None:
    request = rf.get("/somewhere/")
    request.user = alice
    with translation.override("de"):
        response = permission_denied(request, PermissionDenied())
        page = response.content.decode()
        assert response.status_code == 403
        assert gettext("This page isn't open to you") in page
        assert gettext("This page isn't open to you") != "This page isn't open to you"
    assert 'class="help-now"' in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_SEC_FETCH_SITE": "same-site"},
        {"HTTP_REFERER": "https://evil.example/x"},
    ],
    ids=["other-origin", "cross-site", "same-site", "other-referer"],
)
def test_a_form_another_site_sent_never_gets_its_words_onto_our_page(
    stale: Client, headers: dict[str, str]
) -> None:
    planted = "Urgent: the crisis line moved, call +1 900 555 0100"
    response = stale.post("/journal/new/", {"notes": planted}, **headers)  # type: ignore[arg-type]
    assert response.status_code == 403
    assert planted not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "referer", ["http://testserver//evil.example/x", "http://testserver/\\evil.example"]
)
def test_the_way_back_from_our_own_host_never_leads_off_site(stale: Client, referer: str) -> None:
    page = stale.post("/journal/new/", {"notes": "x"}, HTTP_REFERER=referer).content.decode()
    assert 'href="/"' in page
    assert "evil.example" not in page
