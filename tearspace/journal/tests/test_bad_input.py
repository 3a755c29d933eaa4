"""Bad input to the journal gets a clear 4xx and loses nothing: the issue's examples, one each."""

import io
import json
import random
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tearspace.accounts.actions import do_create_token
from tearspace.accounts.models import User
from tearspace.accounts.tests.conftest import confirm_password
from tearspace.core import validators
from tearspace.journal.actions import ClipRejected, ClipUpload, Saved, do_attach_clip
from tearspace.journal.models import Clip, Entry


def api(user: User) -> Client:
    client = Client()
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {do_create_token(user=user, name='t')[1]}"
    return client


def post_json(client: Client, url: str, raw: str, method: str = "POST") -> Any:
    return client.generic(method, url, raw, content_type="application/json")


def restore(client: Client, content: bytes, name: str = "export.json") -> Any:
    return client.post(reverse("journal:import"), {"file": SimpleUploadedFile(name, content)})


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def export_of(*entries: dict[str, Any]) -> bytes:
    return json.dumps({"journal": {"entries": list(entries)}}).encode()


# --- Text ------------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ['"x \\ud83d"', '"\\udc00 low"', '"a\\u0000b"'])
@pytest.mark.parametrize("method", ["POST", "PATCH"])
def test_an_entry_with_unstorable_notes_is_a_400_and_nothing_changes(
    alice: User, log_entry: Callable[..., Saved], raw: str, method: str
) -> None:
    kept = log_entry(alice, notes="as it was").entry
    url = "/api/v1/journal/entries" + ("" if method == "POST" else f"/{kept.pk}")
    response = post_json(api(alice), url, '{"notes": ' + raw + "}", method)
    assert response.status_code == 400
    assert response.json()["detail"] in {
        "Some text isn't valid Unicode (a lone surrogate). Please check it.",
        "Text can't contain NUL (\\u0000) characters.",
    }
    assert [e.notes for e in Entry.objects.all()] == ["as it was"]


def test_a_literal_backslash_u0000_is_ordinary_text(alice: User) -> None:
    # The words "\u0000" typed by a person are text, not a NUL character.
    response = post_json(api(alice), "/api/v1/journal/entries", '{"notes": "see \\\\u0000"}')
    assert response.status_code == 201
    assert Entry.objects.get().notes == "see \\u0000"


# --- Ids -------------------------------------------------------------------------------------


def test_the_issue_example_a_huge_clip_id_is_a_404(alice: User, login: Callable) -> None:
    assert login(alice).get("/journal/99999999999999999999/clip/").status_code == 404
    assert api(alice).get("/api/v1/journal/entries/99999999999999999999/clip").status_code == 404


# --- Dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize("when", ["9999-12-31T23:30:00+00:00", "0001-01-01T00:00:00+00:00"])
def test_a_date_outside_the_usable_years_is_refused_by_the_api(alice: User, when: str) -> None:
    response = post_json(api(alice), "/api/v1/journal/entries", json.dumps({"when": when}))
    assert response.status_code == 422
    assert "between 1900 and 2100" in json.dumps(response.json())
    assert not Entry.objects.exists()


@pytest.mark.parametrize("when", ["9999-12-31T23:30", "1899-12-31T10:00"])
def test_a_date_outside_the_usable_years_is_a_form_error(
    alice: User, login: Callable, when: str
) -> None:
    response = login(alice).post(reverse("journal:new"), {"when": when, "notes": "kept"})
    assert response.status_code in {200, 400}
    assert "between 1900 and 2100" in response.content.decode()
    assert not Entry.objects.exists()


def test_a_montage_outside_the_usable_years_is_refused(alice: User) -> None:
    body = json.dumps({"start": "0001-01-01", "end": "9999-12-31"})
    assert post_json(api(alice), "/api/v1/journal/montages", body).status_code == 422


@pytest.mark.parametrize(
    ("zone", "stored"),
    [
        ("Asia/Tokyo", datetime(9999, 12, 31, 23, 30, tzinfo=UTC)),
        ("America/New_York", datetime(1, 1, 1, 0, 30, tzinfo=UTC)),
    ],
)
def test_pages_show_an_entry_saved_before_dates_were_checked(
    alice: User, login: Callable, log_entry: Callable[..., Saved], zone: str, stored: datetime
) -> None:
    alice.time_zone = zone
    alice.save()
    entry = log_entry(alice, notes="from long ago").entry
    Entry.objects.filter(pk=entry.pk).update(when=stored)  # as an old API call left it
    client = login(alice)
    for name in ("journal:detail", "journal:edit"):
        assert client.get(reverse(name, args=[entry.pk])).status_code == 200
    for url in ("/journal/", "/journal/growth/", "/journal/growth/?period=all"):
        assert client.get(url).status_code == 200, url
    shown = api(alice).get(f"/api/v1/journal/entries/{entry.pk}").json()
    assert shown["notes"] == "from long ago"
    assert shown["when"][:4] in {"1900", "2100"}


# --- Import ----------------------------------------------------------------------------------

GOOD = {"when": "2024-05-01T20:00:00+00:00", "notes": "first"}


@pytest.mark.parametrize("content", [b"[]", b"5", b'"text"', b"null", b"{", b"\xff\xfe"])
def test_an_import_that_is_not_an_object_is_a_form_error(
    alice: User, login: Callable, content: bytes
) -> None:
    response = restore(login(alice), content)
    assert response.status_code == 400
    assert "errorlist" in response.content.decode()


@pytest.mark.parametrize(
    ("bad", "named"),
    [
        ({"tags": 5}, "Entry 2: tags"),
        ({"tags": ["ok", 5]}, "Entry 2: tags.1"),
        ({"intensity": 9}, "Entry 2: intensity"),
        ({"intensity": "5"}, "Entry 2: intensity"),
        ({"duration_minutes": -1}, "Entry 2: duration_minutes"),
        ({"duration_minutes": 10**30}, "Entry 2: duration_minutes"),
        ({"when": "9999-12-31T23:30:00+00:00"}, "Entry 2: when"),
        ({"when": 5}, "Entry 2: when"),
        ({"when": "2024-02-30T10:00:00"}, "Entry 2: when"),
        ({"kind": "tears-of-steel"}, "Entry 2: kind"),
        ({"notes": ["not", "text"]}, "Entry 2: notes"),
        ({"reflection": "x"}, "Entry 2: reflection"),
        ({"room": 10**30}, "Entry 2: room"),
        ({"clip": {"file": "clips/1.webm", "content_type": "video/webm\r\nX-Evil: 1"}}, "clip"),
        ({"emotion_words": "x" * 201}, "Entry 2: "),
    ],
)
def test_an_import_with_a_wrong_item_names_it_and_keeps_nothing(
    alice: User, login: Callable, bad: dict[str, Any], named: str
) -> None:
    content = export_of(GOOD, {**GOOD, "notes": "second", **bad}, {**GOOD, "notes": "third"})
    response = restore(login(alice), content)
    assert response.status_code == 400
    assert named in response.content.decode()
    assert not Entry.objects.exists()


def test_an_import_with_unstorable_text_is_refused(alice: User, login: Callable) -> None:
    content = b'{"journal": {"entries": [{"notes": "x \\ud83d"}]}}'
    response = restore(login(alice), content)
    assert response.status_code == 400
    assert "Unicode" in response.content.decode()
    assert not Entry.objects.exists()


@pytest.mark.parametrize(
    "content",
    [b"PK\x03\x04 not really a zip", zipped({"notes.txt": b"hello"})[:40], zipped({"a": b"x"})],
    # The zips hold a time stamp: named ids keep every test worker's collection the same.
    ids=["not-a-zip", "cut-short", "no-data"],
)
def test_a_broken_zip_or_one_without_data_is_a_form_error(
    alice: User, login: Callable, content: bytes
) -> None:
    response = restore(login(alice), content, "export.zip")
    assert response.status_code == 400
    assert "zip" in response.content.decode()


def test_a_zip_that_expands_a_thousandfold_is_refused_without_unpacking_it(
    alice: User, login: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    bomb = zipped({"data.json": b" " * 20_000_000})
    assert len(bomb) * 1000 < 20_000_000 * 1.1
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *a, **k: pytest.fail("read the bomb"))
    response = restore(login(alice), bomb, "export.zip")
    assert response.status_code == 400
    assert "unpacks to far more" in response.content.decode()


def test_an_archive_member_larger_than_its_header_says_is_refused() -> None:
    raw = bytearray(zipped({"data.json": b"{}" + b" " * 5000}))
    # Understate the size in both headers: reading must stop at the declared size.
    for marker, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = raw.index(marker) + offset
        raw[at : at + 4] = (10).to_bytes(4, "little")
    with pytest.raises(validators.BadInput):
        validators.read_archive(bytes(raw))


def test_restoring_into_the_same_account_keeps_entries_sharing_a_time_and_empty_notes(
    alice: User, login: Callable, log_entry: Callable[..., Saved]
) -> None:
    moment = datetime(2024, 5, 1, 20, 0, tzinfo=UTC)
    first = log_entry(alice, when=moment, notes="", intensity=2).entry
    second = log_entry(alice, when=moment, notes="", intensity=5).entry
    client = confirm_password(login(alice))  # export needs a fresh sign-in
    archive = client.get(reverse("accounts:export")).content
    data = json.loads(zipfile.ZipFile(io.BytesIO(archive)).read("data.json"))
    assert {e["uid"] for e in data["journal"]["entries"]} == {str(first.uid), str(second.uid)}
    second.delete()
    assert restore(client, archive, "export.zip").status_code == 302
    assert sorted(e.intensity or 0 for e in Entry.objects.all()) == [2, 5]
    assert set(Entry.objects.values_list("uid", flat=True)) == {first.uid, second.uid}
    # Restoring the same export again adds nothing.
    assert restore(client, archive, "export.zip").status_code == 302
    assert Entry.objects.count() == 2


# --- Clips -----------------------------------------------------------------------------------


def test_a_clip_missing_on_disk_is_a_kind_410(
    alice: User, login: Callable, log_entry: Callable[..., Saved], audio_bytes: bytes
) -> None:
    entry = log_entry(alice, clip=ClipUpload(audio_bytes, "audio/webm")).entry
    (Path(settings.MEDIA_ROOT) / entry.clip.path).unlink()
    for response in (
        login(alice).get(reverse("journal:clip", args=[entry.pk])),
        api(alice).get(f"/api/v1/journal/entries/{entry.pk}/clip"),
    ):
        assert response.status_code == 410
        assert "no longer stored here" in response.content.decode()


@pytest.mark.parametrize("declared", ["text/html", "audio/ webm", "application/octet-stream"])
def test_a_clip_type_outside_the_allow_list_is_refused(
    alice: User, log_entry: Callable[..., Saved], audio_bytes: bytes, declared: str
) -> None:
    entry = log_entry(alice).entry
    upload = SimpleUploadedFile("c.webm", audio_bytes, content_type="audio/webm")
    upload.content_type = declared
    response = api(alice).post(f"/api/v1/journal/entries/{entry.pk}/clip", {"file": upload})
    assert response.status_code == 400
    assert not Clip.objects.exists()


def test_a_clip_attached_with_a_crlf_in_its_type_is_refused(
    alice: User, log_entry: Callable[..., Saved], audio_bytes: bytes
) -> None:
    entry = log_entry(alice).entry
    with pytest.raises(ClipRejected):
        do_attach_clip(entry=entry, upload=ClipUpload(audio_bytes, "video/webm\r\nX-Evil: 1"))
    assert not Clip.objects.exists()


def test_a_clip_stored_with_an_odd_type_still_plays(
    alice: User, login: Callable, log_entry: Callable[..., Saved], audio_bytes: bytes
) -> None:
    entry = log_entry(alice, clip=ClipUpload(audio_bytes, "audio/webm")).entry
    Clip.objects.filter(entry=entry).update(content_type="video/webm\r\nX-Evil: 1")
    response = login(alice).get(reverse("journal:clip", args=[entry.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert "X-Evil" not in str(response.headers)


def test_a_failed_import_keeps_no_clip_files_either(
    alice: User, login: Callable, audio_bytes: bytes
) -> None:
    first = {**GOOD, "clip": {"file": "clips/1.webm", "content_type": "audio/webm"}}
    # Only writing finds the second entry wrong (too many words), after the first clip is sealed.
    second = {**GOOD, "notes": "second", "emotion_words": "x" * 201}
    archive = zipped({"data.json": export_of(first, second), "journal/clips/1.webm": audio_bytes})
    before = set(Path(settings.MEDIA_ROOT).rglob("*"))
    response = restore(login(alice), archive, "export.zip")
    assert response.status_code == 400
    assert "Entry 2" in response.content.decode()
    assert not Entry.objects.exists()
    assert {p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()} - before == set()


def test_an_import_bigger_than_an_export_can_be_is_refused_unread(
    alice: User, login: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tearspace.journal.forms.ARCHIVE_MAX_BYTES", 1024)
    response = restore(login(alice), export_of(GOOD, {**GOOD, "notes": "x" * 2000}))
    assert response.status_code == 400
    assert "bigger than an export can be" in response.content.decode()
    assert not Entry.objects.exists()


def test_a_bomb_hidden_beside_an_incompressible_clip_is_refused(
    alice: User, login: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    noise = random.Random(7).randbytes(2_000_000)
    bomb = zipped({"journal/clips/1.webm": noise, "data.json": b" " * 50_000_000})
    # The archive as a whole stays within the ratio: only the one member gives it away.
    assert len(bomb) * validators.ARCHIVE_MAX_RATIO > 52_000_000
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *a, **k: pytest.fail("read the bomb"))
    response = restore(login(alice), bomb, "export.zip")
    assert response.status_code == 400
    assert "unpacks to far more" in response.content.decode()
