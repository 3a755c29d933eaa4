"""Time is the person's time everywhere: every date-using feature, in zones on both sides of UTC.

Each case logs cries at wall-clock times on the person's own clock chosen so that their date
differs from the UTC date (late evening west of UTC, early morning east of it), then checks
what each feature shows, filters or groups by against those wall-clock dates. The processes
that run the features (web request, task worker, management command) may have any zone of
their own active; `timezone.override` below plays that part.
"""

import re
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from tearspace.accounts import clock
from tearspace.accounts.actions import do_create_token
from tearspace.accounts.models import User
from tearspace.accounts.tests.conftest import confirm_password
from tearspace.journal import montage
from tearspace.journal.actions import ClipUpload, do_log_entry, do_start_montage
from tearspace.journal.data import export_journal
from tearspace.journal.models import Entry, MontageJob
from tearspace.journal.selectors import growth_stats
from tearspace.notifications.models import Notification, NotificationSettings
from tearspace.rooms.actions import do_create_room, do_join_room, do_send_room_reminder
from tearspace.rooms.models import Kind, Membership, Room
from tearspace.rooms.tests.conftest import with_mfa
from tearspace.safety.actions import do_mute
from tearspace.safety.models import CareMessage

ZONES = ["Asia/Tokyo", "America/Los_Angeles", "Pacific/Kiritimati", "UTC"]
# A zone far from every person's, active in the process that does the work.
PROCESS_ZONE = "America/St_Johns"


def wall(zone: str, text: str) -> datetime:
    """An instant given as the person's wall-clock time."""
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone))


def edge_time(zone: str, day: str) -> datetime:
    """A moment on `day` (person's clock) whose UTC date is another day, where the zone allows."""
    east = (ZoneInfo(zone).utcoffset(datetime(2026, 11, 1)) or timedelta(0)) > timedelta(0)
    hour = "00:30" if east else "23:30"
    return wall(zone, f"{day}T{hour}")


@pytest.fixture(params=ZONES)
def person(request: pytest.FixtureRequest, alice: User) -> User:
    alice.time_zone = request.param
    alice.save(update_fields=["time_zone"])
    return alice


@pytest.fixture(autouse=True)
def _stand_in_clips(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let a stand-in clip through: these tests are about dates, not media."""
    monkeypatch.setattr("tearspace.journal.actions.probe_duration", lambda data: 1.0)
    monkeypatch.setattr("tearspace.journal.actions.strip_metadata", lambda data, kind: data)


@pytest.fixture
def far_process() -> Iterator[None]:
    with timezone.override(ZoneInfo(PROCESS_ZONE)):
        yield


def test_the_issue_example_a_tokyo_clip_at_eight_is_in_the_montage_for_that_day(
    alice: User, audio_bytes: bytes, far_process: None, django_capture_on_commit_callbacks: Any
) -> None:
    alice.time_zone = "Asia/Tokyo"
    alice.save(update_fields=["time_zone"])
    do_log_entry(
        owner=alice,
        fields={"when": wall("Asia/Tokyo", "2026-11-21T08:00")},
        clip=ClipUpload(audio_bytes, "audio/webm"),
    )
    captions: list[str] = []
    real = montage._render_segment

    def render(source: Path, caption: str, target: Path) -> None:
        captions.append(caption)
        real(source, caption, target)

    with pytest.MonkeyPatch.context() as patch, django_capture_on_commit_callbacks(execute=True):
        patch.setattr(montage, "_render_segment", render)
        job = do_start_montage(owner=alice, start=date(2026, 11, 21), end=date(2026, 11, 21))
    job.refresh_from_db()
    assert (job.status, job.total_clips, job.done_clips, job.skipped) == ("done", 1, 1, [])
    assert captions == ["21 November 2026"]


def test_the_montage_takes_and_captions_clips_by_the_persons_days(
    person: User, far_process: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    zone = person.time_zone
    inside = [edge_time(zone, "2026-11-21"), wall(zone, "2026-11-21T08:00")]
    outside = [edge_time(zone, "2026-11-22"), wall(zone, "2026-11-20T23:59")]
    for moment in inside + outside:
        do_log_entry(owner=person, fields={"when": moment}, clip=ClipUpload(b"x", "audio/webm"))
    captions: list[str] = []

    def render(source: Path, caption: str, target: Path) -> None:
        captions.append(caption)
        raise ValueError("not rendered in this test")

    monkeypatch.setattr(montage, "_render_segment", render)
    job = MontageJob.objects.create(owner=person, start=date(2026, 11, 21), end=date(2026, 11, 21))
    montage.render_montage(job)
    job.refresh_from_db()
    assert job.total_clips == len(inside)
    assert captions == ["21 November 2026"] * len(inside)
    assert sorted(s["when"][:16] for s in job.skipped) == sorted(m.isoformat()[:16] for m in inside)


def test_the_dashboard_counts_weeks_and_months_by_the_persons_days(
    person: User, far_process: None
) -> None:
    zone = person.time_zone
    # Monday 30 November and Tuesday 1 December on the person's clock.
    monday, december = edge_time(zone, "2026-11-30"), edge_time(zone, "2026-12-01")
    for moment in (monday, december):
        do_log_entry(owner=person, fields={"when": moment})
    now = wall(zone, "2026-12-02T12:00")
    stats = growth_stats(owner=person, period="all", now=now)
    assert stats.weeks == [{"week": "2026-11-30", "count": 2}]
    assert [(m["month"], m["count"]) for m in stats.months] == [("2026-11", 1), ("2026-12", 1)]
    recent = growth_stats(owner=person, period="3m", now=now)
    assert recent.weeks[-1] == {"week": "2026-11-30", "count": 2}


def test_the_timeline_shows_and_groups_by_the_persons_clock(
    person: User, login: Callable[[User | None], Client]
) -> None:
    moment = edge_time(person.time_zone, "2026-12-01")
    do_log_entry(owner=person, fields={"when": moment})
    page = login(person).get("/journal/").content.decode()
    assert "December 2026" in page
    assert "November 2026" not in page
    assert f"Tue 1 Dec 2026, {moment:%H:%M}" in page


@pytest.mark.parametrize("interface", ["session", "token"])
def test_an_api_time_without_an_offset_is_read_on_the_persons_clock(
    person: User, login: Callable[[User | None], Client], interface: str
) -> None:
    if interface == "token":
        client = Client(
            headers={"Authorization": f"Bearer {do_create_token(user=person, name='t')[1]}"}
        )
    else:
        client = login(person)
    with timezone.override(ZoneInfo(PROCESS_ZONE)):
        created = client.post(
            "/api/v1/journal/entries",
            {"when": "2026-11-21T08:00"},
            content_type="application/json",
        )
    assert created.status_code == 201
    expected = wall(person.time_zone, "2026-11-21T08:00")
    assert Entry.objects.get(owner=person).when == expected
    assert created.json()["when"] == expected.isoformat()
    with_offset = client.post(
        "/api/v1/journal/entries",
        {"when": "2026-11-21T08:00+09:00"},
        content_type="application/json",
    )
    assert Entry.objects.get(pk=with_offset.json()["id"]).when == wall(
        "Asia/Tokyo", "2026-11-21T08:00"
    )


def test_the_api_schema_says_how_a_time_without_an_offset_is_read(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    entry_in = schema["components"]["schemas"]["EntryIn"]["properties"]["when"]
    assert "your own time zone" in str(entry_in)


def test_the_form_reads_the_typed_time_on_the_persons_clock(
    person: User, login: Callable[[User | None], Client]
) -> None:
    response = login(person).post("/journal/new/", {"when": "2026-11-21T08:00"})
    assert response.status_code == 302
    assert Entry.objects.get(owner=person).when == wall(person.time_zone, "2026-11-21T08:00")


def test_the_export_writes_times_on_the_persons_clock(
    person: User, login: Callable[[User | None], Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    moment = edge_time(person.time_zone, "2026-11-21")
    do_log_entry(owner=person, fields={"when": moment})
    with timezone.override(ZoneInfo(PROCESS_ZONE)):
        exported = export_journal(person)["entries"]
    assert isinstance(exported, list)
    assert exported[0]["when"] == moment.isoformat()
    # The archive's name carries the person's date, not the server's.
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 11, 20, 23, 30, tzinfo=UTC))
    response = confirm_password(login(person)).get("/settings/export/")
    stamp = re.search(r"(\d{4}-\d{2}-\d{2})\.zip", response["Content-Disposition"])
    assert stamp is not None
    assert stamp.group(1) == clock_date(
        person.time_zone, datetime(2026, 11, 20, 23, 30, tzinfo=UTC)
    )


def clock_date(zone: str, moment: datetime) -> str:
    return moment.astimezone(ZoneInfo(zone)).date().isoformat()


def test_digests_keep_the_persons_quiet_hours(person: User, far_process: None) -> None:
    NotificationSettings.objects.create(
        person=person,
        quiet_start=datetime(2026, 1, 1, 22).time(),
        quiet_end=datetime(2026, 1, 1, 7).time(),
        email_digest=True,
    )
    Notification.objects.create(recipient=person, kind="reply", text="x")
    night = wall(person.time_zone, "2026-11-21T23:00")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: night.astimezone(UTC))
        call_command("send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
        assert mail.outbox == []
        morning = wall(person.time_zone, "2026-11-22T09:00")
        patch.setattr(timezone, "now", lambda: morning.astimezone(UTC))
        call_command("send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1


def test_a_pause_tells_the_person_its_end_on_their_clock(person: User, moderator: User) -> None:
    until = wall(person.time_zone, "2030-11-21T08:00")
    with timezone.override(ZoneInfo(PROCESS_ZONE)):  # the moderator's own zone
        do_mute(moderator=moderator, person=person, reason="A pause to cool down.", until=until)
    body = CareMessage.objects.get(person=person).body
    assert "21 Nov 2030, 08:00" in body


def test_the_clock_names_the_site_zone_for_someone_without_one(alice: User) -> None:
    assert clock.zone_of(alice) == ZoneInfo("UTC")
    assert clock.zone_of(None) == ZoneInfo("UTC")


def test_a_session_reminder_names_the_start_on_the_persons_clock(
    person: User, host: User, far_process: None
) -> None:
    with_mfa(host)
    starts = (timezone.now() + timedelta(hours=2)).replace(second=0, microsecond=0)
    room = do_create_room(host=host, title="Films", kind=Kind.SCHEDULED, starts_at=starts)
    do_join_room(room=room, user=person)
    membership = Membership.objects.get(room=room, user=person)
    assert do_send_room_reminder(
        membership_id=membership.pk, starts_at=starts, now=starts - timedelta(minutes=15)
    )
    text = Notification.objects.get(recipient=person).text
    assert f"at {starts.astimezone(ZoneInfo(person.time_zone)):%H:%M} " in text


@pytest.mark.parametrize("zone", ZONES)
def test_a_session_time_without_an_offset_is_read_on_the_hosts_clock(
    zone: str, host: User, login: Callable[[User | None], Client]
) -> None:
    host.time_zone = zone
    host.save(update_fields=["time_zone"])
    with_mfa(host)
    created = login(host).post(
        "/api/v1/rooms",
        {"title": "Films", "kind": "scheduled", "starts_at": "2030-11-21T20:00"},
        content_type="application/json",
    )
    assert created.status_code == 201
    assert Room.objects.get().starts_at == wall(zone, "2030-11-21T20:00")
