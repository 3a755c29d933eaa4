"""The operator's clip library in the admin, and hosts putting library clips in a programme."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tearspace.accounts.models import Role, User
from tearspace.rooms.actions import RoomError, do_add_clip
from tearspace.rooms.models import LibraryItem, Room
from tearspace.rooms.tests.conftest import with_mfa

Login = Callable[[User | None], Client]
pytestmark = pytest.mark.django_db
ADD = "/admin/rooms/libraryitem/add/"
LIST = "/admin/rooms/libraryitem/"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def operator(db: None) -> User:
    user = User.objects.create_user(
        username="olive", email="olive@example.org", role=Role.OPERATOR, is_staff=True
    )
    user.is_superuser = True  # operators run the service (docs/operations.md)
    user.save()
    return user


def scene(name: str = "goodbye.mp4", content_type: str = "video/mp4") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"\x00\x00\x00\x18ftypmp42" + bytes(64), content_type)


def add(client: Client, **changes: Any) -> Any:
    data = {"title": "The last goodbye", "content_note": "A parent's death", "media": scene()}
    return client.post(ADD, {**data, **changes})


def test_an_operator_with_a_second_factor_adds_and_lists_library_clips(
    login: Login, operator: User
) -> None:
    client = login(with_mfa(operator))
    assert add(client).status_code == 302
    item = LibraryItem.objects.get()
    assert item.title == "The last goodbye"
    assert item.media.read().startswith(b"\x00\x00\x00\x18ftyp")
    listing = client.get(LIST).text
    for column in ("The last goodbye", "A parent&#x27;s death", "Created at"):
        assert column in listing


def test_it_refuses_files_that_are_not_video_or_audio_or_too_big(
    login: Login, operator: User, settings: Any
) -> None:
    client = login(with_mfa(operator))
    page = add(client, media=scene("notes.txt", "text/plain"))
    assert page.status_code == 200
    assert "Clips must be video or audio files." in page.text
    # Named like a page, it would be served as one: refused even with a video type claimed.
    assert "video or audio" in add(client, media=scene("trick.html", "video/mp4")).text
    settings.ROOM_CLIP_MAX_BYTES = 16
    too_big = add(client)
    assert "Clips can be up to 16 bytes." in too_big.text
    assert not LibraryItem.objects.exists()
    assert 'value="The last goodbye"' in too_big.text  # the operator's words stay


def test_the_admin_is_for_staff_with_a_second_factor_only(
    login: Login, operator: User, host: User, alice: User
) -> None:
    no_mfa = login(operator).get(ADD)
    assert no_mfa.status_code == 302
    assert "/accounts/2fa/" in no_mfa["Location"]
    for person in (None, alice, with_mfa(host)):
        refused = login(person).get(ADD)
        assert refused.status_code == 302
        assert "/admin/login/" in refused["Location"]
    assert not LibraryItem.objects.exists()


def test_the_host_upload_has_the_same_limits(host: User, room: Room, settings: Any) -> None:
    with pytest.raises(RoomError, match="video or audio"):
        do_add_clip(actor=host, room=room, title="Trick", media=scene("x.html", "video/mp4"))
    settings.ROOM_CLIP_MAX_BYTES = 16
    with pytest.raises(RoomError, match="Clips can be up to"):
        do_add_clip(actor=host, room=room, title="Big", media=scene())
    assert not room.clips.exists()


def test_hosts_put_library_clips_in_their_programme_and_members_can_play_them(
    login: Login, room: Room, host: User, member: User, charlie: User
) -> None:
    item = LibraryItem(title="Rain on the window", content_note="Quiet, no words")
    item.media.save("rain.webm", ContentFile(b"webm-bytes" * 10))
    host_client = login(host)
    detail = host_client.get(f"/rooms/{room.pk}/").text
    assert f'<option value="{item.pk}">Rain on the window</option>' in detail
    assert "Rain on the window" not in login(member).get(f"/rooms/{room.pk}/").text

    added = host_client.post(
        f"/rooms/{room.pk}/clips/", {"title": "Rain", "library_item": str(item.pk)}
    )
    assert added.status_code == 302
    clip = room.clips.get()
    assert (clip.title, clip.library_item_id, bool(clip.media)) == ("Rain", item.pk, False)
    media = f"/rooms/{room.pk}/clips/{clip.pk}/media"
    played = login(member).get(media)
    assert played.status_code == 200
    assert played["Content-Type"] == "video/webm"
    assert b"".join(played.streaming_content) == b"webm-bytes" * 10  # type: ignore[attr-defined]
    assert login(charlie).get(media).status_code == 404
    assert (
        login(member)
        .post(f"/rooms/{room.pk}/clips/", {"title": "Mine", "library_item": str(item.pk)})
        .status_code
        == 404
    )
