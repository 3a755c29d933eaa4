"""Test personas (STYLE.md): alice owns things, bob is in her circle, charlie is a stranger.

Service tests (`-m services`) need DATABASE_URL / REDIS_URL; they are skipped when those are
unset, except under CI (`CI=true`), where their absence is a failure.
"""

import os
from collections.abc import Callable

import pytest
from django.test import Client

from tearspace.accounts.models import Role, User
from tearspace.safety.default_lines import load_default_lines
from tearspace.safety.models import CrisisLine

PASSWORD = "a-long-test-password"

PERSONAS: dict[str, dict[str, object]] = {
    "alice": {"role": Role.MEMBER, "country": "GB"},
    "bob": {"role": Role.MEMBER, "country": "US"},
    "charlie": {"role": Role.MEMBER, "country": "AU"},
    "lena": {"role": Role.LISTENER, "country": "CA"},
    "hugo": {"role": Role.HOST, "country": "US"},
    "mona": {"role": Role.MODERATOR, "country": "US"},
    "theo": {"role": Role.THERAPIST, "country": "US"},
}


def make_persona(handle: str) -> User:
    fields = PERSONAS[handle]
    return User.objects.create_user(
        username=handle, email=f"{handle}@example.org", password=PASSWORD, **fields
    )


@pytest.fixture
def alice(db: None) -> User:
    return make_persona("alice")


@pytest.fixture
def bob(db: None) -> User:
    return make_persona("bob")


@pytest.fixture
def charlie(db: None) -> User:
    return make_persona("charlie")


@pytest.fixture
def listener(db: None) -> User:
    return make_persona("lena")


@pytest.fixture
def host(db: None) -> User:
    return make_persona("hugo")


@pytest.fixture
def moderator(db: None) -> User:
    return make_persona("mona")


@pytest.fixture
def therapist(db: None) -> User:
    return make_persona("theo")


@pytest.fixture
def crisis_lines(db: None) -> None:
    """Make sure the default crisis lines exist (a transactional test may have flushed them)."""
    load_default_lines(CrisisLine)


@pytest.fixture
def login() -> Callable[[User | None], Client]:
    """Return a test client signed in as `user` (or anonymous for None), MFA already passed."""

    def make(user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    have_services = bool(os.environ.get("DATABASE_URL") and os.environ.get("REDIS_URL"))
    if have_services:
        return
    if os.environ.get("CI") == "true" and os.environ.get("TEARSPACE_REQUIRE_SERVICES") == "1":
        raise pytest.UsageError("CI requires DATABASE_URL and REDIS_URL for the service tests.")
    skip = pytest.mark.skip(reason="set DATABASE_URL and REDIS_URL to run service tests")
    for item in items:
        if "services" in item.keywords:
            item.add_marker(skip)
