"""Byte ranges on both kinds of stored clip: a room's plain clip and a journal's sealed clip.

Both routes go through tearspace.lib.http, so a player seeks the same way in each.
"""

import os
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from tearspace.accounts.models import User
from tearspace.journal.models import Clip, Entry
from tearspace.lib import crypto
from tearspace.rooms.actions import do_join_room
from tearspace.rooms.models import Room, RoomClip

pytestmark = pytest.mark.django_db

# Several of the sealed file's 64 KiB chunks, so ranges cross chunk borders.
CONTENT = os.urandom(200_000)
SIZE = len(CONTENT)


@dataclass(frozen=True)
class Route:
    url: str
    path: str  # where the file lies in storage
    client: Client


def room_clip(room: Room, alice: User, login: Callable[[User | None], Client]) -> Route:
    do_join_room(room=room, user=alice)
    clip = RoomClip(room=room, title="Scene", order=0)
    clip.media.save("scene.mp4", ContentFile(CONTENT))
    url = reverse("rooms:clip_media", args=[room.pk, clip.pk])
    return Route(url, clip.media.name or "", login(alice))


def journal_clip(room: Room, alice: User, login: Callable[[User | None], Client]) -> Route:
    entry = Entry.objects.create(owner=alice, notes="with a clip")
    path = default_storage.save(
        f"journal/{alice.pk}/ranges.clip", ContentFile(crypto.encrypt_bytes(CONTENT))
    )
    Clip.objects.create(entry=entry, owner=alice, path=path, content_type="video/mp4", size=SIZE)
    return Route(reverse("journal:clip", kwargs={"entry_id": entry.pk}), path, login(alice))


@pytest.fixture(params=[room_clip, journal_clip], ids=["room", "journal"])
def route(
    request: pytest.FixtureRequest,
    room: Room,
    alice: User,
    login: Callable[[User | None], Client],
) -> Route:
    made: Route = request.param(room, alice, login)
    return made


def body(response: object) -> bytes:
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


def test_it_sends_the_whole_clip_without_a_range(route: Route) -> None:
    whole = route.client.get(route.url)
    assert whole.status_code == 200
    assert whole["Accept-Ranges"] == "bytes"
    assert whole["Content-Length"] == str(SIZE)
    assert whole["Content-Type"] == "video/mp4"
    assert whole["Cache-Control"] == "private, no-store"
    assert body(whole) == CONTENT


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [
        ("bytes=100-199", 100, 199),
        ("bytes=65530-65545", 65530, 65545),  # across a sealed chunk border
        ("bytes=7-7", 7, 7),
        ("bytes=150000-", 150000, SIZE - 1),
        ("bytes=-10", SIZE - 10, SIZE - 1),
        ("bytes=199990-300000", 199990, SIZE - 1),
        ("bytes=0-9, 900000-", 0, 9),
    ],
)
def test_it_sends_the_part_a_player_asks_for(
    route: Route, header: str, first: int, last: int
) -> None:
    part = route.client.get(route.url, headers={"Range": header})
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes {first}-{last}/{SIZE}"
    assert part["Content-Length"] == str(last - first + 1)
    assert body(part) == CONTENT[first : last + 1]


@pytest.mark.parametrize("header", ["bytes=0-9,20-29", "bytes=abc", "bytes=9-3", "lines=0-9"])
def test_it_sends_the_whole_clip_for_a_range_it_does_not_honour(route: Route, header: str) -> None:
    whole = route.client.get(route.url, headers={"Range": header})
    assert whole.status_code == 200
    assert "Content-Range" not in whole
    assert body(whole) == CONTENT


@pytest.mark.parametrize("header", [f"bytes={SIZE}-", f"bytes={SIZE + 10}-{SIZE + 20}", "bytes=-0"])
def test_it_answers_416_for_a_range_outside_the_clip(route: Route, header: str) -> None:
    refused = route.client.get(route.url, headers={"Range": header})
    assert refused.status_code == 416
    assert refused["Content-Range"] == f"bytes */{SIZE}"


def test_it_says_kindly_when_the_file_is_gone(route: Route) -> None:
    default_storage.delete(route.path)
    gone = route.client.get(route.url, headers={"Range": "bytes=0-9"})
    assert gone.status_code == 410
    assert "no longer stored here" in gone.content.decode()
