"""Every create a person makes, through a page form or the API, happens once per client key.

Generated over every create route (core/idempotency.py is the one chokepoint): the same key
twice makes one object and the same answer, another key makes another, and one person's key
is no one else's. A guard keeps the list whole: every API route that answers a POST with 201 or
202 is either in it or named below with why it is once by nature.
"""

from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import models
from django.test import Client

from config.api import api
from tearspace.accounts.actions import do_create_token
from tearspace.accounts.models import Role, User
from tearspace.circles.actions import do_share_entry
from tearspace.circles.models import Circle, Invitation, Reply, Share
from tearspace.journal.models import Entry, MontageJob
from tearspace.notifications.models import Notification
from tearspace.rooms.models import Room
from tearspace.safety import screening
from tearspace.safety.models import CaseStatus, Report, SelfCheck
from tearspace.safety.tests.conftest import FakeModels, with_totp

KEY = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
OTHER_KEY = "5d41402abc4b2a76b9719d911017c592"

# API creates that are once by nature, so a client key would add nothing.
ONCE_BY_NATURE = {
    "/api/v1/tokens": "a token's secret is shown once; a repeat could only mint another",
    "/api/v1/journal/entries/{entry_id}/clip": "an entry has one clip; a second replaces it",
    "/api/v1/safety/standing/{sanction_id}/appeal": "one appeal per decision, refused after",
    "/api/v1/circles/blocks": "one block per pair of people",
    "/api/v1/circles/{circle_id}/invitations": "one waiting invitation per person (a link's "
    "token is shown once)",
    # safety.actions.do_report: one open report per reporter and thing, whatever the interface.
    "/api/v1/circles/reports": "one open report per reporter and share or reply",
    "/api/v1/rooms/{room_id}/messages/{message_id}/report": "one open report per message",
    "/api/v1/rooms/{room_id}/tear-friends/{chat_id}/messages/{message_id}/report": "as above",
    "/api/v1/rooms/{room_id}/check-ins/messages/{message_id}/report": "as above",
    "/api/v1/care/requests": "one open request per person and therapist; a repeat answers it",
}


@pytest.fixture(autouse=True)
def fake_models(monkeypatch: pytest.MonkeyPatch) -> FakeModels:
    """The text models, quiet: these tests are about how many things are made."""
    fake = FakeModels()
    module = SimpleNamespace(
        assess_crisis=fake.assess_crisis,
        assess_reply=fake.assess_reply,
        detect_emotions=fake.detect_emotions,
    )
    monkeypatch.setattr(screening, "ml", lambda: module)
    return fake


def _entry_of(person: User) -> Entry:
    return Entry.objects.get_or_create(owner=person, client_key="", defaults={"notes": "heavy"})[0]


def _community_share() -> Share:
    """A share everyone can reply to, by someone who is not replying in the test."""
    writer = User.objects.get_or_create(username="wren", defaults={"email": "wren@example.org"})[0]
    found = Share.objects.filter(author=writer).first()
    return (
        found
        or do_share_entry(author=writer, entry=_entry_of(writer), circles=[], community=True).share
    )


def _api(path: str, body: dict[str, Any]) -> Callable[[Client, str, User], Any]:
    def send(client: Client, key: str, person: User) -> Any:
        filled = {k: v(person) if callable(v) else v for k, v in body.items()}
        url = path.format(share_id=_community_share().pk) if "{" in path else path
        return client.post(
            url, filled, content_type="application/json", headers={"Idempotency-Key": key}
        )

    return send


def _form(path: Callable[[User], str], body: dict[str, Any]) -> Callable[[Client, str, User], Any]:
    def send(client: Client, key: str, person: User) -> Any:
        return client.post(path(person), {**body, "client_key": key})

    return send


@dataclass(frozen=True)
class Create:
    """One create route: how to send it with a key, what it makes, and whose it is."""

    name: str
    model: type[models.Model]
    owner: str
    send: Callable[[Client, str, User], Any]
    api_path: str = ""
    role: str = Role.MEMBER

    def count(self, person: User) -> int:
        return self.model._default_manager.filter(**{self.owner: person}).count()


PHQ9 = [1, 0, 2, 1, 0, 1, 0, 1, 0]
ROOM = {"title": "Sunday tears", "kind": "open", "length_minutes": 60, "capacity": 10}
CREATES = [
    Create("circle form", Circle, "owner", _form(lambda p: "/circles/new/", {"name": "close"})),
    Create(
        "room form",
        Room,
        "host",
        _form(lambda p: "/rooms/new/", {**ROOM, "language": "en"}),
        role=Role.HOST,
    ),
    Create("entry form", Entry, "owner", _form(lambda p: "/journal/new/", {"notes": "once"})),
    Create(
        "montage form",
        MontageJob,
        "owner",
        _form(lambda p: "/journal/montage/", {"start": "2026-11-01", "end": "2026-11-30"}),
    ),
    Create(
        "share form",
        Share,
        "author",
        _form(
            lambda p: f"/circles/share/{_entry_of(p).pk}/",
            {"audience": "community", "words": "on"},
        ),
    ),
    Create(
        "reply form",
        Reply,
        "author",
        _form(lambda p: f"/circles/shares/{_community_share().pk}/reply/", {"body": "with you"}),
    ),
    Create(
        "self-check form",
        SelfCheck,
        "person",
        _form(
            lambda p: "/help/self-checks/phq9/",
            {f"q{n}": str(a) for n, a in enumerate(PHQ9, start=1)},
        ),
    ),
]


def _api_create(
    name: str, model: type[models.Model], owner: str, path: str, body: dict[str, Any]
) -> Create:
    role = Role.HOST if model is Room else Role.MEMBER
    return Create(name, model, owner, _api(path, body), api_path=path, role=role)


CREATES += [
    _api_create("circle API", Circle, "owner", "/api/v1/circles/", {"name": "close"}),
    _api_create("room API", Room, "host", "/api/v1/rooms", {**ROOM, "language": "en"}),
    _api_create("entry API", Entry, "owner", "/api/v1/journal/entries", {"notes": "once"}),
    _api_create(
        "montage API",
        MontageJob,
        "owner",
        "/api/v1/journal/montages",
        {"start": "2026-11-01", "end": "2026-11-30"},
    ),
    _api_create(
        "share API",
        Share,
        "author",
        "/api/v1/circles/shares",
        {"entry": lambda p: _entry_of(p).pk, "community": True},
    ),
    _api_create(
        "reply API", Reply, "author", "/api/v1/circles/shares/{share_id}/replies", {"body": "hi"}
    ),
    _api_create(
        "self-check API",
        SelfCheck,
        "person",
        "/api/v1/safety/self-checks",
        {"kind": "phq9", "answers": PHQ9},
    ),
]

# Pages are for a signed-in browser; the API takes a session or a token.
CASES = [(c, "session") for c in CREATES] + [(c, "token") for c in CREATES if c.api_path]


def _as(role: str, *people: User) -> None:
    """Give `people` the create's role (staff roles with the second factor they need)."""
    for person in people:
        if role != Role.MEMBER:
            User.objects.filter(pk=person.pk).update(role=role)
            person.role = role
            with_totp(person)


def _client(person: User, auth: str, login: Callable[[User | None], Client]) -> Client:
    if auth == "token":
        secret = do_create_token(user=person, name="t")[1]
        return Client(headers={"Authorization": f"Bearer {secret}"})
    return login(person)


@pytest.mark.parametrize(("create", "auth"), CASES, ids=lambda c: getattr(c, "name", c))
def test_one_key_makes_one_and_another_key_another(
    create: Create, auth: str, alice: User, bob: User, login: Callable[[User | None], Client]
) -> None:
    _as(create.role, alice, bob)
    client = _client(alice, auth, login)
    first, again = create.send(client, KEY, alice), create.send(client, KEY, alice)
    assert first.status_code in {201, 202, 302}, first.content[:300]
    assert again.status_code == first.status_code
    assert create.count(alice) == 1
    if first.status_code == 302:
        assert again["Location"] == first["Location"]
    else:
        assert again.json() == first.json()
    create.send(client, OTHER_KEY, alice)
    assert create.count(alice) == 2
    # The same key is someone else's own.
    create.send(_client(bob, auth, login), KEY, bob)
    assert create.count(bob) == 1


@pytest.mark.parametrize("create", CREATES, ids=lambda c: c.name)
def test_without_a_key_every_send_makes_one(
    create: Create, alice: User, login: Callable[[User | None], Client]
) -> None:
    _as(create.role, alice)
    client = login(alice)
    create.send(client, "", alice)
    create.send(client, "", alice)
    assert create.count(alice) == 2


@pytest.mark.parametrize("create", [c for c in CREATES if c.api_path], ids=lambda c: c.name)
def test_a_malformed_key_is_refused_by_the_api_and_makes_nothing(
    create: Create, alice: User, login: Callable[[User | None], Client]
) -> None:
    _as(create.role, alice)
    response = create.send(login(alice), "bad key\r\n", alice)
    assert response.status_code == 400
    assert create.count(alice) == 0


def test_every_api_create_is_in_the_matrix_or_once_by_nature() -> None:
    schema = api.get_openapi_schema()
    creates = {
        path
        for path, operations in schema["paths"].items()
        if "post" in operations and {"201", "202"} & set(map(str, operations["post"]["responses"]))
    }
    covered = {c.api_path for c in CREATES if c.api_path}
    assert creates - covered - set(ONCE_BY_NATURE) == set()


def _reply_on_community_share() -> Reply:
    share = _community_share()
    return Reply.objects.get_or_create(share=share, author=share.author, body="still here")[0]


REPORTS = {
    "share report form": lambda c: c.post(
        f"/circles/shares/{_community_share().pk}/report/", {"reason": "unkind"}
    ),
    "reply report form": lambda c: c.post(
        f"/circles/replies/{_reply_on_community_share().pk}/report/", {"reason": "unkind"}
    ),
    "share report API": lambda c: c.post(
        "/api/v1/circles/reports",
        {"reason": "unkind", "share": _community_share().pk},
        content_type="application/json",
    ),
    "reply report API": lambda c: c.post(
        "/api/v1/circles/reports",
        {"reason": "unkind", "reply": _reply_on_community_share().pk},
        content_type="application/json",
    ),
}


@pytest.mark.parametrize("send", REPORTS.values(), ids=REPORTS.keys())
def test_reporting_the_same_thing_twice_files_one_report(
    send: Callable[[Client], Any], alice: User, login: Callable[[User | None], Client]
) -> None:
    client = login(alice)
    first, again = send(client), send(client)
    assert (first.status_code, again.status_code) in {(302, 302), (201, 201)}
    assert Report.objects.filter(reporter=alice).count() == 1
    # Closed by a moderator, the thing can be reported anew.
    Report.objects.filter(reporter=alice).update(status=CaseStatus.RESOLVED)
    send(client)
    assert Report.objects.filter(reporter=alice).count() == 2


@pytest.mark.parametrize("interface", ["form", "API"])
def test_inviting_the_same_person_twice_sends_one_invitation(
    interface: str, alice: User, bob: User, login: Callable[[User | None], Client]
) -> None:
    circle = Circle.objects.create(owner=alice, name="close")
    client = login(alice)
    for _ in range(2):
        if interface == "form":
            client.post(f"/circles/{circle.pk}/invite/", {"handle": "bob"})
        else:
            client.post(
                f"/api/v1/circles/{circle.pk}/invitations",
                {"handle": "bob"},
                content_type="application/json",
            )
    assert Invitation.objects.filter(invitee=bob).count() == 1
    assert Notification.objects.filter(recipient=bob).count() == 1
