"""Bad input to rooms: out-of-range start times and clip files missing from storage."""

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tearspace.accounts.actions import do_create_token
from tearspace.accounts.models import User
from tearspace.core.tests.clips import make_clip
from tearspace.rooms import api as rooms_api
from tearspace.rooms import urls as rooms_urls
from tearspace.rooms.actions import do_add_clip
from tearspace.rooms.models import Room

Login = Callable[[User | None], Client]
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("starts_at", ["9999-12-31T23:30:00+09:00", "0001-01-01T00:00:00Z"])
def test_a_start_outside_the_usable_years_is_refused_by_the_api(
    host: User, room: Room, starts_at: str
) -> None:
    client = Client(headers={"Authorization": f"Bearer {do_create_token(user=host, name='t')[1]}"})
    body = {"title": "Later", "kind": "scheduled", "starts_at": starts_at}
    response = client.post("/api/v1/rooms", json.dumps(body), content_type="application/json")
    assert response.status_code == 422
    assert Room.objects.filter(title="Later").count() == 0


def test_a_start_outside_the_usable_years_is_a_form_error(
    login: Login, host: User, room: Room
) -> None:
    form = {
        "title": "Later",
        "kind": "scheduled",
        "starts_at": "9999-12-31T23:30",
        "length_minutes": 60,
        "capacity": 10,
        "language": "en",
    }
    response = login(host).post(reverse("rooms:new"), form)
    assert response.status_code == 400
    assert "between 1900 and 2100" in response.content.decode()
    assert Room.objects.filter(title="Later").count() == 0


# Every room page and API read that takes just the room, generated from the URL lists.
ROOM_PAGES = [
    "/rooms/" + str(p.pattern).replace("<id:room_id>", "{room}")
    for p in rooms_urls.urlpatterns
    if set(p.pattern.converters) <= {"room_id"}
]
ROOM_READS = [
    "/api/v1/rooms" + path.replace("{id:room_id}", "{room}")
    for path, methods in rooms_api.router.path_operations.items()
    if "{" not in path.replace("{id:room_id}", "")
    and any("GET" in op.methods for op in methods.operations)
]


@pytest.mark.parametrize(
    ("zone", "stored"),
    [
        ("Asia/Tokyo", datetime(9999, 12, 31, 23, 30, tzinfo=UTC)),
        ("America/New_York", datetime(1, 1, 1, 0, 30, tzinfo=UTC)),
    ],
)
def test_pages_show_a_room_saved_before_dates_were_checked(
    login: Login, host: User, room: Room, zone: str, stored: datetime
) -> None:
    host.time_zone = zone
    host.save()
    Room.objects.filter(pk=room.pk).update(starts_at=stored)  # as an old API call left it
    client = login(host)
    for url in [*ROOM_PAGES, *ROOM_READS]:
        response = client.get(url.format(room=room.pk))
        assert response.status_code < 500, url
    assert client.get(reverse("rooms:detail", args=[room.pk])).status_code == 200
    shown = client.get(f"/api/v1/rooms/{room.pk}").json()["room"]
    assert shown["starts_at"][:4] in {"1900", "2100"}


def test_a_room_clip_missing_from_storage_is_a_kind_410(
    login: Login, room: Room, member: User, host: User
) -> None:
    clip = do_add_clip(
        actor=host,
        room=room,
        title="Scene",
        media=SimpleUploadedFile("scene.mp4", make_clip("mp4"), content_type="video/mp4"),
    )
    assert clip.file is not None
    Path(clip.file.path).unlink()
    response = login(member).get(reverse("rooms:clip_media", args=[room.pk, clip.pk]))
    assert response.status_code == 410
    assert "no longer stored here" in response.content.decode()
