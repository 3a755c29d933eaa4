"""A host's clip is rewritten and stored before the programme's transaction, never inside it,
and a programme change that fails leaves no file behind."""

from collections.abc import Callable
from typing import Any
from unittest import mock

import pytest
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection

from tearspace.accounts.models import User
from tearspace.core.tests.clips import make_clip
from tearspace.rooms import actions
from tearspace.rooms.models import Room, RoomClip

FOLDER = "rooms/clips"


def scene() -> SimpleUploadedFile:
    return SimpleUploadedFile("scene.mp4", make_clip(), content_type="video/mp4")


def stored() -> set[str]:
    return set(default_storage.listdir(FOLDER)[1]) if default_storage.exists(FOLDER) else set()


@pytest.mark.django_db(transaction=True)
def test_it_rewrites_and_stores_a_hosts_clip_outside_any_transaction(
    room: Room, host: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, list[bool]] = {"strip": [], "write": []}

    def watch(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def watched(*args: Any, **kwargs: Any) -> Any:
            seen[name].append(connection.in_atomic_block)
            return real(*args, **kwargs)

        return watched

    monkeypatch.setattr(actions, "strip_metadata", watch("strip", actions.strip_metadata))
    monkeypatch.setattr(FileSystemStorage, "save", watch("write", FileSystemStorage.save))
    clip = actions.do_add_clip(actor=host, room=room, title="Scene", media=scene())
    assert seen == {"strip": [False], "write": [False]}
    assert RoomClip.objects.get(pk=clip.pk).media.name == clip.media.name


@pytest.mark.django_db
def test_it_removes_the_stored_clip_when_the_programme_change_fails(room: Room, host: User) -> None:
    before = stored()
    with (
        mock.patch.object(RoomClip, "save", side_effect=DatabaseError("disk is full")),
        pytest.raises(DatabaseError),
    ):
        actions.do_add_clip(actor=host, room=room, title="Scene", media=scene())
    assert not room.clips.exists()
    assert stored() == before
