"""Slow clip work stays outside transactions, and a save that fails leaves no file behind.

The ffmpeg probe takes up to 60 s; inside a transaction it would hold SQLite's one write lock
that room chat needs too.
"""

from collections.abc import Callable, Iterator
from typing import Any
from unittest import mock

import pytest
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import DatabaseError, connection

from tearspace.accounts.models import User
from tearspace.journal import actions
from tearspace.journal.actions import (
    ClipUpload,
    do_attach_clip,
    do_import_journal,
    do_log_entry,
    do_update_entry,
)
from tearspace.journal.models import Clip, Entry
from tearspace.safety.screening import Screening

CALM = Screening(level="none", show_help=False)


@pytest.fixture(autouse=True)
def _calm() -> Iterator[None]:
    with mock.patch("tearspace.safety.screening.assess", return_value=CALM):
        yield


@pytest.fixture
def in_transaction(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[bool]]:
    """Record, for the probe, the metadata rewrite and each file write, whether a transaction
    was open at that moment."""
    seen: dict[str, list[bool]] = {"probe": [], "strip": [], "write": []}

    def watch(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def watched(*args: Any, **kwargs: Any) -> Any:
            seen[name].append(connection.in_atomic_block)
            return real(*args, **kwargs)

        return watched

    monkeypatch.setattr(actions, "probe_duration", watch("probe", actions.probe_duration))
    monkeypatch.setattr(actions, "strip_metadata", watch("strip", actions.strip_metadata))
    monkeypatch.setattr(FileSystemStorage, "save", watch("write", FileSystemStorage.save))
    return seen


def stored(owner: User) -> set[str]:
    """The file names in the owner's clip folder (tests that roll back may reuse a pk: compare
    with what was there before)."""
    folder = f"journal/{owner.pk}"
    return set(default_storage.listdir(folder)[1]) if default_storage.exists(folder) else set()


def upload(audio_bytes: bytes) -> ClipUpload:
    return ClipUpload(audio_bytes, "audio/webm")


@pytest.mark.django_db(transaction=True)
def test_it_probes_seals_and_stores_a_new_entrys_clip_outside_any_transaction(
    alice: User, audio_bytes: bytes, in_transaction: dict[str, list[bool]]
) -> None:
    saved = do_log_entry(owner=alice, fields={"notes": "on the bus"}, clip=upload(audio_bytes))
    assert (Clip.objects.get(entry=saved.entry).duration_seconds or 0) > 0.5
    assert in_transaction == {"probe": [False], "strip": [False], "write": [False]}


@pytest.mark.django_db(transaction=True)
def test_it_keeps_an_edits_and_an_uploads_clip_work_outside_any_transaction(
    alice: User, audio_bytes: bytes, in_transaction: dict[str, list[bool]]
) -> None:
    entry = do_log_entry(owner=alice, fields={"notes": "first"}).entry
    before = stored(alice)
    do_update_entry(entry=entry, fields={"notes": "edited"}, clip=upload(audio_bytes))
    do_attach_clip(entry=entry, upload=upload(audio_bytes))
    assert in_transaction == {"probe": [False] * 2, "strip": [False] * 2, "write": [False] * 2}
    kept = Clip.objects.get(entry=entry).path.rpartition("/")[2]
    assert stored(alice) == before | {kept}  # the replaced clip's file went with it


@pytest.mark.django_db(transaction=True)
def test_it_seals_an_imports_clips_before_its_transaction(
    alice: User, audio_bytes: bytes, in_transaction: dict[str, list[bool]]
) -> None:
    data = {
        "entries": [
            {"notes": "one", "clip": {"file": "clips/1.webm", "content_type": "audio/webm"}},
            {"notes": "two", "clip": {"file": "clips/2.webm", "content_type": "audio/webm"}},
        ]
    }
    files = {"clips/1.webm": audio_bytes, "clips/2.webm": audio_bytes}
    assert do_import_journal(owner=alice, data=data, files=files) == 2
    assert in_transaction["probe"] == [False, False]
    assert Clip.objects.filter(owner=alice).count() == 2


@pytest.mark.django_db
def test_it_removes_the_sealed_clip_when_the_new_entry_fails_to_save(
    alice: User, audio_bytes: bytes
) -> None:
    before = stored(alice)
    with (
        mock.patch.object(actions, "_index_entry", side_effect=DatabaseError("disk is full")),
        pytest.raises(DatabaseError),
    ):
        do_log_entry(owner=alice, fields={"notes": "lost"}, clip=upload(audio_bytes))
    assert not Entry.objects.filter(owner=alice).exists()
    assert stored(alice) == before


@pytest.mark.django_db
def test_it_removes_the_sealed_clip_when_an_edit_fails_and_keeps_the_old_one(
    alice: User, audio_bytes: bytes
) -> None:
    entry = do_log_entry(owner=alice, fields={"notes": "kept"}, clip=upload(audio_bytes)).entry
    before = stored(alice)
    with (
        mock.patch.object(actions, "_index_entry", side_effect=DatabaseError("disk is full")),
        pytest.raises(DatabaseError),
    ):
        do_update_entry(entry=entry, fields={"notes": "changed"}, clip=upload(audio_bytes))
    assert stored(alice) == before
    assert Clip.objects.get(entry=entry).path.rpartition("/")[2] in before


@pytest.mark.django_db
def test_it_removes_every_sealed_clip_of_an_import_that_fails(
    alice: User, audio_bytes: bytes
) -> None:
    data = {
        "entries": [
            {"notes": "one", "clip": {"file": "clips/1.webm", "content_type": "audio/webm"}},
            {"notes": "two", "clip": {"file": "clips/2.webm", "content_type": "audio/webm"}},
        ]
    }
    files = {"clips/1.webm": audio_bytes, "clips/2.webm": audio_bytes}
    before = stored(alice)
    second_fails = [None, DatabaseError("disk is full")]
    with (
        mock.patch.object(actions, "_index_entry", side_effect=second_fails),
        pytest.raises(DatabaseError),
    ):
        do_import_journal(owner=alice, data=data, files=files)
    assert not Entry.objects.filter(owner=alice).exists()
    assert stored(alice) == before


@pytest.mark.django_db
def test_it_keeps_no_second_copy_when_a_create_is_repeated(alice: User, audio_bytes: bytes) -> None:
    before = stored(alice)
    first = do_log_entry(
        owner=alice, fields={"notes": "once"}, clip=upload(audio_bytes), client_key="k" * 12
    )
    again = do_log_entry(
        owner=alice, fields={"notes": "once"}, clip=upload(audio_bytes), client_key="k" * 12
    )
    assert not again.created
    assert again.entry.pk == first.entry.pk
    kept = Clip.objects.get(entry=first.entry).path.rpartition("/")[2]
    assert stored(alice) == before | {kept}
