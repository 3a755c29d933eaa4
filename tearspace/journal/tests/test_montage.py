from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tearspace.accounts.models import User
from tearspace.journal.actions import ClipUpload, Saved
from tearspace.journal.models import Clip, MontageJob
from tearspace.lib import crypto


def _broken_clip(saved: Saved, content: bytes | None) -> None:
    path = f"journal/{saved.entry.owner_id}/broken-{saved.entry.pk}.clip"
    if content is not None:
        path = default_storage.save(path, ContentFile(crypto.encrypt_bytes(content)))
    Clip.objects.create(
        entry=saved.entry,
        owner_id=saved.entry.owner_id,
        path=path,
        content_type="video/webm",
        size=10,
    )


def test_it_renders_clips_in_order_skipping_broken_ones(
    alice: User,
    login: Callable[[User | None], Client],
    log_entry: Callable[..., Saved],
    audio_bytes: bytes,
    video_bytes: bytes,
    django_capture_on_commit_callbacks: Any,
) -> None:
    now = timezone.now()
    log_entry(alice, when=now - timedelta(days=3), clip=ClipUpload(video_bytes, "video/webm"))
    log_entry(alice, when=now - timedelta(days=2), clip=ClipUpload(audio_bytes, "audio/webm"))
    _broken_clip(log_entry(alice, when=now - timedelta(days=1)), b"this is not a video")
    _broken_clip(log_entry(alice, when=now), None)  # the file is missing altogether
    client = login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("journal:montage_index"),
            {"start": (now - timedelta(days=10)).date(), "end": now.date()},
        )
    job = MontageJob.objects.get(owner=alice)
    assert response["Location"] == reverse("journal:montage_detail", kwargs={"montage_id": job.pk})
    assert job.status == "done"
    assert job.progress == 100
    assert (job.total_clips, job.done_clips) == (4, 4)
    assert len(job.skipped) == 2
    page = client.get(response["Location"]).content.decode()
    assert 'value="100"' in page
    assert "left out" in page
    download = client.get(reverse("journal:montage_download", kwargs={"montage_id": job.pk}))
    video = download.getvalue()
    assert video[4:8] == b"ftyp"
    assert job.size == len(video)
    with default_storage.open(job.path, "rb") as handle:
        assert b"ftyp" not in handle.read(64)


def test_it_reports_a_period_without_clips(
    alice: User, django_capture_on_commit_callbacks: Any
) -> None:
    from tearspace.journal.actions import do_start_montage

    with django_capture_on_commit_callbacks(execute=True):
        job = do_start_montage(owner=alice, start=date(2001, 1, 1), end=date(2001, 12, 31))
    job.refresh_from_db()
    assert job.status == "failed"
    assert job.message == "There were no clips we could use in that period."


def test_it_cancels_a_waiting_montage(alice: User, login: Callable[[User | None], Client]) -> None:
    job = MontageJob.objects.create(owner=alice, start="2026-01-01", end="2026-02-01")
    client = login(alice)
    detail = reverse("journal:montage_detail", kwargs={"montage_id": job.pk})
    assert 'hx-trigger="every 1s"' in client.get(detail).content.decode()
    partial = client.get(detail, headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith('<section id="montage-progress"')
    client.post(reverse("journal:montage_cancel", kwargs={"montage_id": job.pk}))
    job.refresh_from_db()
    assert job.status == "cancelled"
    assert (
        client.get(reverse("journal:montage_download", kwargs={"montage_id": job.pk})).status_code
        == 404
    )
    from tearspace.journal.tasks import render_montage

    render_montage.call(str(job.pk))  # a cancelled job is never rendered
    job.refresh_from_db()
    assert job.status == "cancelled"
