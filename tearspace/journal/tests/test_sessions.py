"""Entries kept from a rui-katsu session: shown with a link, in the API, exported, restored."""

import json
import uuid
from collections.abc import Callable
from typing import Any, cast

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tearspace.accounts.models import User
from tearspace.conversations.models import Conversation
from tearspace.journal.actions import Saved, do_import_journal
from tearspace.journal.data import export_journal
from tearspace.journal.models import Entry
from tearspace.rooms.models import Membership, Room

Login = Callable[[User | None], Client]
pytestmark = pytest.mark.django_db
LINE = "From the rui-katsu session “"


def entries(export: dict[str, object]) -> list[dict[str, Any]]:
    return cast(list[dict[str, Any]], export["entries"])


@pytest.fixture
def room(host: User, alice: User) -> Room:
    room = Room.objects.create(
        host=host, title="Goodbye films", conversation=Conversation.objects.create(kind="room")
    )
    Membership.objects.create(room=room, user=alice)
    return room


@pytest.fixture
def kept(alice: User, room: Room, log_entry: Callable[..., Saved]) -> Entry:
    return log_entry(alice, notes="the dog scene", with_whom="room", room=room).entry


def test_the_timeline_and_the_entry_link_to_the_session(
    alice: User, room: Room, kept: Entry, login: Login
) -> None:
    link = f'<a href="{reverse("rooms:detail", args=[room.pk])}">Goodbye films</a>'
    for page in (reverse("journal:timeline"), reverse("journal:detail", args=[kept.pk])):
        html = login(alice).get(page).content.decode()
        assert f"{LINE}{link}”" in html


def test_the_entry_stays_when_the_session_is_gone(
    alice: User, room: Room, kept: Entry, login: Login
) -> None:
    room.delete()
    entry = Entry.objects.get(pk=kept.pk)
    assert entry.room is None
    html = login(alice).get(reverse("journal:detail", args=[kept.pk])).content.decode()
    assert "the dog scene" in html
    assert LINE not in html


def test_the_timeline_costs_no_more_queries_with_sessions(
    alice: User,
    room: Room,
    kept: Entry,
    login: Login,
    log_entry: Callable[..., Saved],
    django_assert_max_num_queries: Any,
) -> None:
    for number in range(5):
        other = Room.objects.create(
            host=room.host,
            title=f"Session {number}",
            conversation=Conversation.objects.create(kind="room"),
        )
        log_entry(alice, notes=f"cry {number}", room=other)
    client = login(alice)
    with django_assert_max_num_queries(8):
        html = client.get(reverse("journal:timeline")).content.decode()
    assert html.count(LINE) == 6


def test_the_api_gives_the_session_id(alice: User, room: Room, kept: Entry, login: Login) -> None:
    client = login(alice)
    assert client.get(f"/api/v1/journal/entries/{kept.pk}").json()["room"] == room.pk
    listed = client.get("/api/v1/journal/entries").json()["entries"]
    assert [e["room"] for e in listed] == [room.pk]


def test_the_api_cannot_link_an_entry_to_a_session(
    alice: User, room: Room, kept: Entry, login: Login
) -> None:
    client = login(alice)
    made = client.post(
        "/api/v1/journal/entries", {"notes": "x", "room": room.pk}, content_type="application/json"
    )
    assert made.json()["room"] is None
    patched = client.patch(
        f"/api/v1/journal/entries/{kept.pk}", {"room": None}, content_type="application/json"
    )
    assert patched.json()["room"] == room.pk


def test_export_and_import_keep_the_link_without_duplicates(
    alice: User, room: Room, kept: Entry, login: Login
) -> None:
    data = export_journal(alice)
    assert [e["room"] for e in entries(data)] == [room.pk]
    upload = {"file": SimpleUploadedFile("data.json", json.dumps({"journal": data}).encode())}
    assert login(alice).post(reverse("journal:import"), upload).status_code == 302
    assert Entry.objects.filter(owner=alice).count() == 1
    kept.delete()
    assert do_import_journal(owner=alice, data=data) == 1
    assert do_import_journal(owner=alice, data=data) == 0
    restored = Entry.objects.get(owner=alice)
    assert (restored.notes, restored.room) == ("the dog scene", room)


def test_import_drops_links_it_cannot_keep(
    alice: User, charlie: User, room: Room, kept: Entry, log_entry: Callable[..., Saved]
) -> None:
    data = export_journal(alice)
    # charlie was never in the session: the entry comes in, the link does not.
    assert do_import_journal(owner=charlie, data=data) == 1
    assert Entry.objects.get(owner=charlie).room is None
    # alice changed the entry since: restore matches on its stable id and keeps her version.
    kept.notes = "the dog scene, and the letter"
    kept.save()
    assert do_import_journal(owner=alice, data=data) == 0
    assert [(e.notes, e.room_id) for e in Entry.objects.filter(owner=alice)] == [
        ("the dog scene, and the letter", room.pk)
    ]
    # A session that no longer exists is dropped too.
    older = {**entries(data)[0], "uid": str(uuid.uuid4()), "room": 999_999, "notes": "older"}
    gone = {"entries": [older]}
    assert do_import_journal(owner=alice, data=gone) == 1
    assert [e.room for e in Entry.objects.filter(owner=alice) if e.notes == "older"] == [None]
