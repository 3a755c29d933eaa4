from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.utils import timezone

from tearspace.accounts.models import AgeBand, User
from tearspace.lib.outbox import Outbox
from tearspace.rooms.tests.conftest import (
    CRISIS_WORD,
    WORRY_WORD,
    _fresh_channel_layer,
    _predictable_screening,
)
from tearspace.support.actions import do_end_chat, do_request_support
from tearspace.support.models import ListenerProfile, Match

# The support tests' marker word, pinned screening and fresh channel layer are the rooms tests'.
__all__ = ["CRISIS_WORD", "WORRY_WORD", "_fresh_channel_layer", "_predictable_screening"]


def adult(user: User, band: str = AgeBand.ADULT) -> User:
    user.age_band = band
    user.save(update_fields=["age_band"])
    return user


def make_ready_listener(user: User, *, max_chats: int = 1, available: bool = True) -> User:
    """`user` as a listener who accepted the code, did the orientation and is available."""
    if not user.age_band:
        adult(user)
    now = timezone.now()
    ListenerProfile.objects.update_or_create(
        user=user,
        defaults={
            "conduct_accepted_at": now,
            "orientation_completed_at": now,
            "available": available,
            "max_chats": max_chats,
        },
    )
    return user


@pytest.fixture
def seeker(alice: User) -> User:
    return adult(alice)


@pytest.fixture
def ready_listener(listener: User) -> User:
    return make_ready_listener(listener)


@pytest.fixture
def ended(seeker: User, ready_listener: User) -> Match:
    """A one-to-one chat between the seeker and the ready listener, ended by the seeker."""
    asked, _ = do_request_support(seeker=seeker, first_line="a long day")
    match = Match.objects.select_related("listener").get(request=asked)
    do_end_chat(match=match, by=seeker)
    return match


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, object, dict[str, Any]]]:
    """Capture what actions put on the outbox: ("user", id, event) and ("group", name, msg)."""
    captured: list[tuple[str, object, dict[str, Any]]] = []
    monkeypatch.setattr(Outbox, "person", lambda self, uid, e: captured.append(("user", uid, e)))
    monkeypatch.setattr(Outbox, "group", lambda self, g, m: captured.append(("group", g, m)))
    monkeypatch.setattr(Outbox, "room", lambda self, r, e, **_: captured.append(("room", r, e)))
    return captured


def of_type(sent: list[tuple[str, object, dict[str, Any]]], kind: str) -> list[tuple[object, dict]]:
    """(recipient, event) of every captured event of `kind`, in order."""
    return [(to, event) for how, to, event in sent if how == "user" and event.get("type") == kind]


def with_mfa(user: User) -> User:
    """Staff roles pass their second factor (a TOTP authenticator on file)."""
    Authenticator.objects.get_or_create(
        user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "X"}}
    )
    return user
