"""Tokens: scoped, ended by any password change, and never enough for the most sensitive acts."""

import re
from collections.abc import Callable

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.test import Client

from conftest import PASSWORD
from tearspace.accounts.actions import do_create_token
from tearspace.accounts.auth import READ_ONLY_REASON
from tearspace.accounts.models import TokenScope, User
from tearspace.accounts.tests.test_second_factor import api_operations, call

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a-brand-new-password-42"


def as_token(raw: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {raw}"})


def works(raw: str) -> bool:
    return as_token(raw).get("/api/v1/me").status_code == 200


def signed_in(client: Client) -> bool:
    return client.get("/settings/").status_code == 200


def test_a_read_token_reads_but_every_writing_route_refuses_it(alice: User) -> None:
    _token, raw = do_create_token(user=alice, name="reader", scope=TokenScope.READ)
    client = as_token(raw)
    refused = (403, {"detail": READ_ONLY_REASON})
    writes = [(m, p) for m, p in api_operations() if m not in {"get", "head", "options"}]
    assert len(writes) > 20
    let_through = [(m, p) for m, p in writes if call(client, m, p) != refused]
    assert let_through == []
    assert not any(call(client, m, p) == refused for m, p in api_operations() if m == "get")
    assert works(raw)


def test_a_write_token_writes(alice: User) -> None:
    _token, raw = do_create_token(user=alice, name="writer", scope=TokenScope.WRITE)
    response = as_token(raw).patch("/api/v1/me", {"theme": "dark"}, content_type="application/json")
    assert response.status_code == 200


def test_changing_the_password_ends_tokens_and_other_sessions(
    alice: User, login: Callable[[User | None], Client]
) -> None:
    _token, raw = do_create_token(user=alice, name="phone")
    here, elsewhere = login(alice), login(alice)
    response = here.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert not works(raw)
    assert not signed_in(elsewhere)
    assert signed_in(here)
    assert not alice.access_tokens.exists()  # ended tokens are removed when next presented


def test_resetting_the_password_by_email_ends_tokens_and_every_session(
    alice: User, login: Callable[[User | None], Client]
) -> None:
    _token, raw = do_create_token(user=alice, name="phone")
    old_session = login(alice)
    client = Client()
    client.post("/accounts/password/reset/", {"email": "alice@example.org"})
    link = re.search(
        r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", str(mail.outbox[0].body)
    )
    assert link is not None
    form_page = client.get(link.group(1), follow=True)
    done = client.post(
        form_page.request["PATH_INFO"], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert done.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)
    assert not works(raw)
    assert not signed_in(old_session)


def test_a_password_set_in_the_admin_ends_tokens_too(alice: User) -> None:
    _token, raw = do_create_token(user=alice, name="phone")
    admin = User.objects.create_superuser(username="root", password=PASSWORD)
    Authenticator.objects.create(user=admin, type=Authenticator.Type.TOTP, data={})
    client = Client()
    client.force_login(admin)
    response = client.post(
        f"/admin/accounts/user/{alice.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302
    assert not works(raw)


def test_a_new_token_after_the_change_works_and_is_listed_alone(
    alice: User, login: Callable[[User | None], Client], fresh_login: Callable[[User], Client]
) -> None:
    do_create_token(user=alice, name="old")
    alice.set_password(NEW_PASSWORD)
    alice.save()
    _token, raw = do_create_token(user=alice, name="new")
    assert works(raw)
    assert [t["name"] for t in as_token(raw).get("/api/v1/tokens").json()] == ["new"]
    page = login(alice).get("/settings/").content.decode()
    assert "new" in page
    assert ">old <" not in page
