"""The sign-in library's pages speak in Tearspace's voice, inside Tearspace's own page."""

from collections.abc import Callable

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client

from conftest import PASSWORD
from tearspace.accounts.models import User

# What allauth says out of the box; none of it should reach a person here.
LIBRARY_VOICE = ["Sign In", "Sign Up", "Signup", "Two-Factor Authentication", "Bad Token",
                 "Password Reset", "Reset My Password", "then please"]  # fmt: skip

PAGES = {
    "/accounts/login/": "Log in",
    "/accounts/signup/": "Make a private space",
    "/accounts/password/reset/": "Forgotten your password?",
    "/accounts/password/reset/done/": "Check your email",
    "/accounts/password/reset/key/1-bad-token/": "That link has already been used",
}


def assert_ours(html: str, heading: str) -> None:
    assert f"<h1>{heading}</h1>" in html
    assert 'class="help-now"' in html  # inside base.html: "Need help now" is there
    for words in LIBRARY_VOICE:
        assert words not in html, words


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "heading"), PAGES.items())
def test_entrance_pages_are_in_our_voice(path: str, heading: str) -> None:
    response = Client().get(path, follow=True)
    assert response.status_code == 200
    assert_ours(response.content.decode(), heading)


def test_log_out_asks_gently(alice: User, login: Callable[[User | None], Client]) -> None:
    assert_ours(login(alice).get("/accounts/logout/").content.decode(), "Log out?")


def test_the_second_step_is_in_our_voice(host: User) -> None:
    Authenticator.objects.create(user=host, type=Authenticator.Type.TOTP, data={"secret": "X"})
    client = Client()
    response = client.post("/accounts/login/", {"login": host.username, "password": PASSWORD})
    html = client.get(response["Location"]).content.decode()
    assert_ours(html, "One more step")
    assert "recovery codes" in html


@pytest.mark.django_db
def test_a_refused_sign_up_keeps_what_was_typed() -> None:
    response = Client().post(
        "/accounts/signup/",
        {
            "username": "quiet river",
            "email": "river@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD + "x",
            "country": "GB",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="quiet river"' in html
    assert 'value="river@example.org"' in html
    assert '<option value="GB" selected>' in html
    assert_ours(html, "Make a private space")


def test_a_refused_log_in_keeps_the_handle(alice: User) -> None:
    response = Client().post("/accounts/login/", {"login": "alice", "password": "not it"})
    html = response.content.decode()
    assert 'value="alice"' in html
    assert_ours(html, "Log in")
