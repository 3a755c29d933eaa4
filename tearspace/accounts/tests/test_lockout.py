"""Guessing is throttled on every login path, but nobody can lock someone else out."""

import pytest
from django.test import Client

from conftest import PASSWORD
from tearspace.accounts.models import User

pytestmark = pytest.mark.django_db
LIMIT = 5


def from_ip(ip: str) -> Client:
    return Client(REMOTE_ADDR=ip)


def signs_in(client: Client, login: str, password: str = PASSWORD) -> bool:
    response = client.post("/accounts/login/", {"login": login, "password": password})
    return response.status_code == 302 and bool(client.session.get("_auth_user_id"))


def test_anonymous_guesses_from_elsewhere_do_not_lock_the_owner_out(alice: User) -> None:
    attacker = from_ip("203.0.113.9")
    for _ in range(3):  # the attack repeated, as in the report
        for _ in range(LIMIT * 2):
            assert not signs_in(attacker, "alice", "wrong")
    assert signs_in(from_ip("198.51.100.7"), "alice")
    assert signs_in(from_ip("198.51.100.8"), "alice@example.org")


@pytest.mark.parametrize(
    "logins",
    [
        ["alice"],
        ["alice@example.org"],
        ["alice", "ALICE@example.org", "Alice", "alice@EXAMPLE.org", "ａｌｉｃｅ"],  # noqa: RUF001
    ],
    ids=["handle", "email", "handle-and-email-alternating"],
)
def test_guessing_one_account_from_one_place_is_paused_whatever_name_is_used(
    alice: User, logins: list[str]
) -> None:
    attacker = from_ip("203.0.113.9")
    for attempt in range(LIMIT):
        assert not signs_in(attacker, logins[attempt % len(logins)], "wrong")
    assert not signs_in(attacker, "alice")  # even the right password waits out the pause
    assert not signs_in(attacker, "alice@example.org")


def test_guessing_many_accounts_from_one_place_is_slowed_too(alice: User, bob: User) -> None:
    attacker = from_ip("203.0.113.9")
    for handle in [f"someone{n}" for n in range(10)] + ["alice"]:
        assert not signs_in(attacker, handle, "wrong")
    assert not signs_in(attacker, "bob")
    assert signs_in(from_ip("198.51.100.7"), "bob")


def test_the_admin_login_is_throttled_the_same_way(alice: User) -> None:
    alice.is_staff = True
    alice.save()
    attacker = from_ip("203.0.113.9")
    for _ in range(LIMIT):
        attacker.post("/admin/login/", {"username": "alice", "password": "wrong"})
    response = attacker.post("/admin/login/", {"username": "alice", "password": PASSWORD})
    assert response.status_code in {403, 429}
    assert not attacker.session.get("_auth_user_id")
    assert signs_in(from_ip("198.51.100.7"), "alice")
