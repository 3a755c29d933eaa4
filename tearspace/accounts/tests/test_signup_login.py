import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail
from django.test import Client

from conftest import PASSWORD
from tearspace.accounts.models import Role, User


@pytest.mark.django_db
def test_it_signs_up_with_only_a_handle_and_password(login):
    response = login(None).post(
        "/accounts/signup/",
        {"username": "quietriver", "password1": PASSWORD, "password2": PASSWORD, "country": "GB"},
    )
    assert response.status_code == 302
    user = User.objects.get(username="quietriver")
    assert user.email == ""
    assert user.country.code == "GB"
    assert user.role == Role.MEMBER
    assert user.password.startswith("md5$") or user.password.startswith("argon2")


@pytest.mark.django_db
def test_a_failed_signup_keeps_what_the_person_typed(login, alice):
    response = login(None).post(
        "/accounts/signup/",
        {"username": "alice", "password1": PASSWORD, "password2": PASSWORD, "email": "x@y.org"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="x@y.org"' in page
    assert "already" in page.lower()


@pytest.mark.django_db
def test_signup_asks_for_a_handle_not_a_real_name(login):
    page = login(None).get("/accounts/signup/").content.decode()
    assert "Handle" in page
    assert "No real name needed" in page
    assert "first_name" not in page
    assert "last_name" not in page


@pytest.mark.django_db
def test_it_logs_in_with_the_handle_and_logs_out(login, alice):
    client = login(None)
    response = client.post("/accounts/login/", {"login": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/settings/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/settings/").status_code == 302


@pytest.mark.django_db
def test_password_reset_mails_a_link_to_someone_with_an_email(login, alice):
    response = login(None).post("/accounts/password/reset/", {"email": "alice@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


@pytest.mark.django_db
def test_repeated_failed_logins_pause_the_account(login, alice):
    client = login(None)
    for _ in range(5):
        client.post("/accounts/login/", {"login": "alice", "password": "wrong"})
    response = client.post("/accounts/login/", {"login": "alice", "password": PASSWORD})
    assert response.status_code == 429
    assert b"paused logins" in response.content
    assert client.get("/settings/").status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["moderator", "host", "therapist"])
def test_staff_roles_must_set_up_mfa_first(login, persona, request):
    user = request.getfixturevalue(persona)
    response = login(user).get("/settings/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"
    assert login(user).get("/help/").status_code == 200
    setup = login(user).get("/settings/", follow=True)
    assert setup.status_code == 200
    assert len(setup.redirect_chain) <= 3


@pytest.mark.django_db
def test_staff_with_mfa_and_members_go_straight_in(login, alice, moderator):
    Authenticator.objects.create(user=moderator, type=Authenticator.Type.TOTP, data={})
    assert login(moderator).get("/settings/").status_code == 200
    assert login(alice).get("/settings/").status_code == 200


@pytest.mark.django_db
def test_a_moderator_sets_up_totp_and_then_reaches_their_pages(moderator):
    client = Client()
    client.post("/accounts/login/", {"login": "mona", "password": PASSWORD})
    reauth = client.get("/settings/", follow=True)
    assert reauth.request["PATH_INFO"] == "/accounts/reauthenticate/"
    activate = client.post(
        "/accounts/reauthenticate/?next=/accounts/2fa/totp/activate/",
        {"password": PASSWORD},
        follow=True,
    )
    secret = activate.context["form"].secret
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    done = client.post("/accounts/2fa/totp/activate/", {"code": code})
    assert done.status_code == 302
    assert Authenticator.objects.filter(user=moderator, type=Authenticator.Type.TOTP).exists()
    assert client.get("/settings/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "germany"), [("en", "Germany"), ("fr", "Allemagne")])
def test_the_signup_country_list_is_in_the_pages_language(
    login, language: str, germany: str
) -> None:
    page = login(None).get("/accounts/signup/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f'<option value="DE">{germany}</option>' in page
