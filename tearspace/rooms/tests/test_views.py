"""Room pages: anonymous, stranger, member, host and moderator for every page."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tearspace.accounts.models import User
from tearspace.core.tests.clips import make_clip
from tearspace.rooms.actions import do_add_clip, do_create_room
from tearspace.rooms.host_actions import do_end_room
from tearspace.rooms.models import Kind, Membership, Room, Status
from tearspace.rooms.tests.conftest import with_mfa

Login = Callable[[User | None], Client]
pytestmark = pytest.mark.django_db


def url(name: str, room: Room, *extra: int) -> str:
    return reverse(f"rooms:{name}", args=[room.pk, *extra])


def test_it_asks_anonymous_people_to_log_in_everywhere(login: Login, room: Room) -> None:
    client = login(None)
    assert client.get(reverse("rooms:list")).status_code == 302
    for name in ("detail", "enter", "live", "after"):
        response = client.get(url(name, room))
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    assert client.post(url("join", room)).status_code == 302
    assert not Membership.objects.filter(room=room, user__isnull=True).exists()


def test_it_lists_open_and_scheduled_rooms(login: Login, room: Room, alice: User) -> None:
    response = login(alice).get(reverse("rooms:list"))
    assert response.status_code == 200
    assert "Goodbye films" in response.content.decode()
    assert reverse("rooms:new") not in response.content.decode()


def test_it_lists_each_room_under_its_kind_from_one_read(
    login: Login, room: Room, host: User, alice: User, django_assert_max_num_queries
) -> None:
    later = timezone.now() + timedelta(hours=2)
    do_create_room(host=host, title="Songs at dusk", starts_at=later)
    over = do_create_room(host=host, title="Letters home", starts_at=later)
    Room.objects.filter(pk=over.pk).update(starts_at=timezone.now() - timedelta(hours=3))
    client = login(alice)
    client.get(reverse("rooms:list"))
    with django_assert_max_num_queries(20) as queries:
        page = client.get(reverse("rooms:list")).content.decode()
    open_now, scheduled = page.split("<h2>Scheduled</h2>")
    assert "Goodbye films" in open_now
    assert "Songs at dusk" not in open_now
    assert "Songs at dusk" in scheduled
    assert "Goodbye films" not in scheduled
    assert "Letters home" not in page
    room_reads = [q for q in queries.captured_queries if 'FROM "rooms_room"' in q["sql"]]
    assert len(room_reads) == 1


def test_it_shows_the_nav_link(login: Login, alice: User) -> None:
    assert reverse("rooms:list") in login(alice).get(reverse("rooms:list")).content.decode()


def test_it_lets_only_hosts_open_a_room(login: Login, alice: User, host: User) -> None:
    data = {
        "title": "Songs for mothers",
        "kind": "open",
        "length_minutes": 60,
        "capacity": 12,
        "language": "en",
    }
    assert login(alice).post(reverse("rooms:new"), data).status_code == 404
    with_mfa(host)
    response = login(host).post(reverse("rooms:new"), data)
    room = Room.objects.get(title="Songs for mothers")
    assert response.status_code == 302
    assert room.host == host
    bad = login(host).post(reverse("rooms:new"), {**data, "capacity": 80})
    assert bad.status_code == 400
    assert "Songs for mothers" in bad.content.decode()


def test_it_joins_then_shows_the_checklist_before_the_room(
    login: Login, room: Room, alice: User
) -> None:
    client = login(alice)
    response = client.post(url("join", room))
    assert response["Location"] == url("enter", room)
    page = client.get(url("enter", room)).content.decode()
    assert "Phone notifications are off" in page
    assert "No screenshots, no recording." in page
    live = client.get(url("live", room))
    assert live.status_code == 200
    assert "js/room.js" in live.content.decode()


def test_it_puts_people_on_the_waiting_list_when_full(
    login: Login, host: User, alice: User, bob: User
) -> None:
    with_mfa(host)
    small = do_create_room(host=host, title="Tiny", kind=Kind.OPEN, capacity=2)
    login(alice).post(url("join", small))
    response = login(bob).post(url("join", small), follow=True)
    assert "waiting list" in response.content.decode()
    assert Membership.objects.get(room=small, user=bob).status == Status.WAITING
    assert login(bob).get(url("live", small)).status_code == 404
    login(alice).post(url("leave", small))
    assert Membership.objects.get(room=small, user=bob).status == Status.JOINED


def test_it_hides_the_live_room_from_strangers_but_not_from_host_and_moderators(
    login: Login, room: Room, member: User, charlie: User, host: User, mod: User
) -> None:
    assert login(charlie).get(url("live", room)).status_code == 404
    assert login(charlie).get(url("enter", room)).status_code == 404
    assert login(charlie).get(url("detail", room)).status_code == 200
    assert login(member).get(url("live", room)).status_code == 200
    host_page = login(host).get(url("live", room)).content.decode()
    assert "Host controls" in host_page
    assert "Host controls" not in login(member).get(url("live", room)).content.decode()
    assert login(mod).get(url("live", room)).status_code == 200


def test_it_serves_clip_media_with_ranges_to_members_only(
    login: Login, room: Room, member: User, charlie: User, host: User
) -> None:
    clip = do_add_clip(
        actor=host,
        room=room,
        title="Scene",
        media=SimpleUploadedFile("scene.mp4", make_clip(), content_type="video/mp4"),
    )
    media_url = url("clip_media", room, clip.pk)
    assert login(charlie).get(media_url).status_code == 404
    assert login(None).get(media_url).status_code == 302
    with clip.media.open("rb") as handle:
        stored = handle.read()
    partial = login(member).get(media_url, HTTP_RANGE="bytes=10-19")
    assert partial.status_code == 206
    assert partial["Content-Range"] == f"bytes 10-19/{len(stored)}"
    assert b"".join(partial.streaming_content) == stored[10:20]  # type: ignore[attr-defined]
    whole = login(member).get(media_url)
    assert whole.status_code == 200
    assert whole["Accept-Ranges"] == "bytes"
    beyond = f"bytes={len(stored) + 10}-"
    assert login(member).get(media_url, HTTP_RANGE=beyond).status_code == 416


def test_it_lets_only_the_host_add_clips(
    login: Login, room: Room, member: User, host: User
) -> None:
    def song() -> dict[str, object]:
        return {
            "title": "A song",
            "file": SimpleUploadedFile("song.webm", make_clip("webm"), content_type="audio/webm"),
        }

    assert login(member).post(url("clip_add", room), song()).status_code == 404
    assert login(host).post(url("clip_add", room), song()).status_code == 302
    assert [c.title for c in room.clips.all()] == ["A song"]
    wrong = {
        "title": "Notes",
        "file": SimpleUploadedFile("a.txt", b"hi", content_type="text/plain"),
    }
    response = login(host).post(url("clip_add", room), wrong)
    assert response.status_code == 400
    assert "video or audio" in response.content.decode()


def test_it_keeps_how_it_felt_on_the_membership(
    login: Login, room: Room, member: User, charlie: User, host: User
) -> None:
    do_end_room(actor=host, room_id=room.pk)
    assert login(charlie).get(url("after", room)).status_code == 404
    response = login(member).post(url("after", room), {"relief": "lighter", "feeling": "Lighter."})
    assert response.status_code == 302
    membership = Membership.objects.get(room=room, user=member)
    assert (membership.relief, membership.feeling) == ("lighter", "Lighter.")
    bad = login(member).post(url("after", room), {"relief": "great", "feeling": "kept words"})
    assert bad.status_code == 400
    assert "kept words" in bad.content.decode()


def test_it_lets_people_leave_any_time(login: Login, room: Room, member: User) -> None:
    response = login(member).post(url("leave", room))
    assert response["Location"] == url("after", room)
    assert Membership.objects.get(room=room, user=member).status == Status.LEFT
    assert login(member).get(url("live", room)).status_code == 404
