"""Bad input to rooms: out-of-range start times and clip files missing from storage."""

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tearspace.accounts.actions import do_create_token
from tearspace.accounts.models import User
from tearspace.core.tests.clips import make_clip
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


def test_a_room_clip_missing_from_storage_is_a_kind_410(
    login: Login, room: Room, member: User, host: User
) -> None:
    clip = do_add_clip(
        actor=host,
        room=room,
        title="Scene",
        media=SimpleUploadedFile("scene.mp4", make_clip(), content_type="video/mp4"),
    )
    assert clip.file is not None
    Path(clip.file.path).unlink()
    response = login(member).get(reverse("rooms:clip_media", args=[room.pk, clip.pk]))
    assert response.status_code == 410
    assert "no longer stored here" in response.content.decode()
