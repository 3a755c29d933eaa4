import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tearspace.accounts.actions import do_delete_account
from tearspace.accounts.models import User
from tearspace.accounts.tests.conftest import confirm_password
from tearspace.core import demo
from tearspace.journal.actions import ClipUpload, Saved
from tearspace.journal.models import Entry, EntryWord, Tag


def test_account_export_holds_the_journal_and_its_clips_and_import_restores_it(
    alice: User,
    charlie: User,
    login: Callable[[User | None], Client],
    log_entry: Callable[..., Saved],
    audio_bytes: bytes,
) -> None:
    saved = log_entry(
        alice,
        notes="keep this",
        tags=("work",),
        emotions=["tired"],
        relief="same",
        clip=ClipUpload(audio_bytes, "audio/webm"),
    )
    log_entry(alice, notes="and this")
    archive = confirm_password(login(alice)).get(reverse("accounts:export")).content
    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        data = json.loads(zipped.read("data.json"))
        assert zipped.read(f"journal/clips/{saved.entry.pk}.webm") == audio_bytes
    assert [e["notes"] for e in data["journal"]["entries"]] == ["keep this", "and this"]
    # Charlie restores the zip into an empty journal: entries, tags and the clip come back.
    client = login(charlie)
    response = client.post(
        reverse("journal:import"), {"file": SimpleUploadedFile("export.zip", archive)}
    )
    assert response.status_code == 302
    restored = Entry.objects.filter(owner=charlie).order_by("when")
    assert [e.notes for e in restored] == ["keep this", "and this"]
    assert [str(t.name) for t in restored[0].tags.all()] == ["work"]
    assert restored[0].emotion_keys == ["tired"]
    assert restored[0].clip.size == len(audio_bytes)
    # Importing the same file again adds nothing.
    client.post(
        reverse("journal:import"),
        {"file": SimpleUploadedFile("data.json", json.dumps(data).encode())},
    )
    assert Entry.objects.filter(owner=charlie).count() == 2


def test_import_refuses_a_file_that_is_not_an_export(
    alice: User, login: Callable[[User | None], Client]
) -> None:
    response = login(alice).post(
        reverse("journal:import"), {"file": SimpleUploadedFile("x.json", b'{"hello": 1}')}
    )
    assert response.status_code == 400
    assert "look like a Tearspace journal export" in response.content.decode()


def test_deleting_the_account_removes_entries_index_and_clip_files(
    alice: User,
    log_entry: Callable[..., Saved],
    audio_bytes: bytes,
    django_capture_on_commit_callbacks: Any,
) -> None:
    saved = log_entry(
        alice, notes="gone soon", tags=("x",), clip=ClipUpload(audio_bytes, "audio/webm")
    )
    path = Path(settings.MEDIA_ROOT) / saved.entry.clip.path
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        do_delete_account(user=alice)
    assert not path.exists()
    assert not Entry.objects.exists()
    assert not EntryWord.objects.exists()
    assert not Tag.objects.exists()


def test_the_demo_journal_is_seeded_once(db: None) -> None:
    user = demo.seed()
    assert isinstance(user, User)
    demo.seed()
    assert Entry.objects.filter(owner=user).count() == 60
    assert Entry.objects.filter(owner=user).exclude(kind="").values("kind").distinct().count() >= 4
