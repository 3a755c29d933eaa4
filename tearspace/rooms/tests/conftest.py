from collections.abc import Iterator

import pytest
from allauth.mfa.models import Authenticator
from channels.layers import channel_layers

from tearspace.accounts.models import User
from tearspace.rooms.actions import do_create_room, do_join_room
from tearspace.rooms.models import Kind, Room
from tearspace.safety import screening
from tearspace.safety.screening import Screening

CRISIS_WORD = "CRISIS"


def fake_assess(text: str) -> Screening:
    if CRISIS_WORD in text:
        return Screening(level="urgent", show_help=True, reasons=["test"])
    return Screening(level="none", show_help=False)


@pytest.fixture(autouse=True)
def _predictable_screening(monkeypatch: pytest.MonkeyPatch) -> None:
    """Screening levels come from the text models; tests pin them to one marker word."""
    monkeypatch.setattr(screening, "assess", fake_assess)


@pytest.fixture(autouse=True)
def _fresh_channel_layer() -> Iterator[None]:
    channel_layers.backends = {}
    yield
    channel_layers.backends = {}


def with_mfa(user: User) -> User:
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "X"})
    return user


@pytest.fixture
def room(host: User) -> Room:
    with_mfa(host)
    return do_create_room(host=host, title="Goodbye films", kind=Kind.OPEN, capacity=10)


@pytest.fixture
def member(alice: User, room: Room) -> User:
    do_join_room(room=room, user=alice)
    return alice


@pytest.fixture
def member2(bob: User, room: Room) -> User:
    do_join_room(room=room, user=bob)
    return bob


@pytest.fixture
def mod(moderator: User) -> User:
    return with_mfa(moderator)
