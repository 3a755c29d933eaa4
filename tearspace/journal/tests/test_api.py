import json
from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tearspace.accounts.actions import do_create_token
from tearspace.accounts.models import User
from tearspace.journal.models import Entry

BASE = "/api/v1/journal"


def test_it_does_entry_crud_over_json(alice: User, login: Callable[[User | None], Client]) -> None:
    client = login(alice)
    created = client.post(
        f"{BASE}/entries",
        {"notes": "api words", "intensity": 2, "tags": ["bus"], "emotions": ["sad", "nonsense"]},
        content_type="application/json",
    )
    assert created.status_code == 201
    body = created.json()
    assert body["notes"] == "api words"
    assert body["emotions"] == ["sad"]
    assert body["show_help"] is False
    entry_id = body["id"]
    patched = client.patch(
        f"{BASE}/entries/{entry_id}", {"relief": "same"}, content_type="application/json"
    )
    assert patched.json()["relief"] == "same"
    assert patched.json()["notes"] == "api words"
    assert client.get(f"{BASE}/entries", {"q": "words"}).json()["count"] == 1
    assert client.get(f"{BASE}/entries/{entry_id}").json()["tags"] == ["bus"]
    bad = client.post(f"{BASE}/entries", {"intensity": 9}, content_type="application/json")
    assert bad.status_code == 422  # outside the range the schema declares (1..5)
    assert "intensity" in json.dumps(bad.json()["detail"])
    assert client.delete(f"{BASE}/entries/{entry_id}").status_code == 204
    assert not Entry.objects.exists()


def test_it_uploads_and_streams_a_clip_with_a_token(
    alice: User, login: Callable[[User | None], Client], audio_bytes: bytes
) -> None:
    _token, raw = do_create_token(user=alice, name="phone")
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    entry_id = client.post(f"{BASE}/entries", {}, content_type="application/json").json()["id"]
    refused = client.post(
        f"{BASE}/entries/{entry_id}/clip",
        {"file": SimpleUploadedFile("a.txt", b"hi", content_type="text/plain")},
    )
    assert refused.status_code == 400
    assert refused.json()["detail"] == "A clip needs to be audio or video."
    uploaded = client.post(
        f"{BASE}/entries/{entry_id}/clip",
        {"file": SimpleUploadedFile("a.webm", audio_bytes, content_type="audio/webm")},
    )
    assert uploaded.status_code == 201
    assert uploaded.json()["duration_seconds"] > 0.5
    part = client.get(f"{BASE}/entries/{entry_id}/clip", headers={"Range": "bytes=0-9"})
    assert part.status_code == 206
    assert part.getvalue() == audio_bytes[:10]
    stats = client.get(f"{BASE}/stats").json()
    assert stats["total"] == 1
    assert client.delete(f"{BASE}/entries/{entry_id}/clip").status_code == 204
    assert client.get(f"{BASE}/entries/{entry_id}/clip").status_code == 404


def test_it_runs_montage_jobs_over_json(
    alice: User,
    login: Callable[[User | None], Client],
    video_bytes: bytes,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = login(alice)
    entry_id = client.post(f"{BASE}/entries", {}, content_type="application/json").json()["id"]
    client.post(
        f"{BASE}/entries/{entry_id}/clip",
        {"file": SimpleUploadedFile("v.webm", video_bytes, content_type="video/webm")},
    )
    today = str(date.today())
    assert (
        client.post(
            f"{BASE}/montages",
            {"start": today, "end": "2000-01-01"},
            content_type="application/json",
        ).status_code
        == 400
    )
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(
            f"{BASE}/montages",
            {"start": "2000-01-01", "end": "2100-01-01"},
            content_type="application/json",
        )
    assert started.status_code == 202
    job = client.get(f"{BASE}/montages/{started.json()['id']}").json()
    assert (job["status"], job["progress"], job["skipped"]) == ("done", 100, [])
    download = client.get(f"{BASE}/montages/{job['id']}/download")
    assert download.getvalue()[4:8] == b"ftyp"
    assert [j["id"] for j in client.get(f"{BASE}/montages").json()] == [job["id"]]
    assert (
        client.post(f"{BASE}/montages/{job['id']}/cancel").json()["status"] == "done"
    )  # too late to cancel


def test_the_entry_list_reads_the_same_few_queries_however_many_entries(
    alice: User, login: Callable[[User | None], Client], django_assert_max_num_queries: Any
) -> None:
    client = login(alice)
    alice.time_zone = "Asia/Tokyo"
    alice.save(update_fields=["time_zone"])
    counts = []
    for many in (1, 15):
        Entry.objects.bulk_create(Entry(owner=alice, notes="a walk") for _ in range(many))
        with django_assert_max_num_queries(20) as queries:
            listed = client.get(f"{BASE}/entries").json()["entries"]
        counts.append(len(queries.captured_queries))
        assert {entry["when"][-6:] for entry in listed} == {"+09:00"}  # the owner's own clock
    assert counts[0] == counts[1]
