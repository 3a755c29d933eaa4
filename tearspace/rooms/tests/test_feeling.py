"""After the session: "how did it feel?", and keeping it in the journal as a cry (opt-in)."""

import json
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tearspace.accounts.models import User
from tearspace.journal.models import Entry
from tearspace.rooms.actions import do_log_feeling
from tearspace.rooms.host_actions import do_end_room
from tearspace.rooms.models import Kind, Membership, Room
from tearspace.safety.models import Escalation, ScreeningRecord

Login = Callable[[User | None], Client]
pytestmark = pytest.mark.django_db


def after(room: Room) -> str:
    return reverse("rooms:after", args=[room.pk])


def api(room: Room) -> str:
    return f"/api/v1/rooms/{room.pk}/feeling"


def journal_box(page: str) -> str:
    found = re.search(r'<input type="checkbox" name="journal"[^>]*>', page)
    assert found is not None
    return found.group(0)


def post_json(client: Client, path: str, data: dict[str, Any]) -> Any:
    return client.post(path, json.dumps(data), content_type="application/json")


def test_it_keeps_nothing_in_the_journal_unless_asked(
    login: Login, room: Room, member: User
) -> None:
    page = login(member).get(after(room)).content.decode()
    assert "Add this to my journal as a cry" in page
    assert "checked" not in journal_box(page)
    response = login(member).post(after(room), {"relief": "lighter", "feeling": "Softer now."})
    assert response.status_code == 302
    assert Membership.objects.get(room=room, user=member).feeling == "Softer now."
    assert not Entry.objects.exists()


def test_it_keeps_the_session_in_the_journal_as_a_cry(
    login: Login, room: Room, member: User, host: User
) -> None:
    do_end_room(actor=host, room_id=room.pk)
    response = login(member).post(
        after(room), {"relief": "heavier", "feeling": "It stirred up Dad.", "journal": "on"}
    )
    assert response.status_code == 302
    entry = Entry.objects.get()
    assert (entry.owner, entry.room) == (member, room)
    assert entry.notes == "It stirred up Dad."
    assert entry.relief == "worse"
    assert entry.with_whom == "room"
    assert entry.helped_keys == ["room"]
    membership = Membership.objects.get(room=room, user=member)
    assert entry.when == max(room.starts_at, membership.joined_at)
    with connection.cursor() as cursor:
        cursor.execute("SELECT notes FROM journal_entry WHERE id = %s", [entry.pk])
        assert "Dad" not in str(cursor.fetchone())
    detail = login(member).get(reverse("journal:detail", args=[entry.pk])).content.decode()
    assert "From the rui-katsu session “" in detail
    assert f'href="{reverse("rooms:detail", args=[room.pk])}">Goodbye films</a>' in detail


@pytest.mark.parametrize(
    ("room_relief", "journal_relief"), [("lighter", "lighter"), ("same", "same"), ("", "")]
)
def test_it_maps_the_rooms_relief_onto_the_journals(
    room: Room, member: User, room_relief: str, journal_relief: str
) -> None:
    logged = do_log_feeling(room=room, user=member, feeling="", relief=room_relief, journal=True)
    assert logged.entry is not None
    assert Entry.objects.get(pk=logged.entry.pk).relief == journal_relief


@pytest.mark.parametrize(
    ("kind", "started", "joined", "moment"),
    [
        (Kind.SCHEDULED, -48 * 60, -49 * 60, "started"),  # waited in the room before it began
        (Kind.OPEN, -50, -20, "joined"),  # dropped into a room already running
        (Kind.SCHEDULED, 30, -5, "now"),  # kept before the start: never dated in the future
    ],
)
def test_it_dates_the_cry_when_the_person_was_in_the_session(
    room: Room, member: User, kind: str, started: int, joined: int, moment: str
) -> None:
    now = timezone.now()
    times = {"started": now + timedelta(minutes=started), "joined": now + timedelta(minutes=joined)}
    Room.objects.filter(pk=room.pk).update(kind=kind, starts_at=times["started"])
    Membership.objects.filter(room=room, user=member).update(joined_at=times["joined"])
    room.refresh_from_db()
    logged = do_log_feeling(room=room, user=member, feeling="moved", journal=True)
    assert logged.entry is not None
    if moment == "now":
        assert now <= logged.entry.when <= timezone.now()
    else:
        assert logged.entry.when == times[moment]


def test_logging_again_updates_the_one_entry_and_unticking_keeps_it(
    room: Room, member: User
) -> None:
    first = do_log_feeling(room=room, user=member, feeling="first", relief="same", journal=True)
    assert first.entry is not None
    entry = first.entry
    entry.helped = ",music,"
    entry.save(update_fields=["helped"])
    second = do_log_feeling(
        room=room, user=member, feeling="second", relief="lighter", journal=True
    )
    assert second.entry is not None
    assert second.entry.pk == entry.pk
    kept = Entry.objects.get()
    assert (kept.notes, kept.relief, kept.when) == ("second", "lighter", entry.when)
    assert kept.helped_keys == ["music", "room"]
    third = do_log_feeling(room=room, user=member, feeling="third", journal=False)
    assert third.entry is None
    assert Entry.objects.get().notes == "second"
    assert Membership.objects.get(room=room, user=member).feeling == "third"


def test_it_never_overwrites_what_the_person_changed_in_their_journal(
    room: Room, member: User
) -> None:
    first = do_log_feeling(room=room, user=member, feeling="heavy", relief="same", journal=True)
    assert first.entry is not None
    entry = first.entry
    entry.notes = "heavy, and I cried on the bus home"
    entry.relief = "much_lighter"
    entry.save(update_fields=["notes", "relief"])
    do_log_feeling(room=room, user=member, feeling="", relief="lighter", journal=True)
    kept = Entry.objects.get()
    assert (kept.notes, kept.relief) == ("heavy, and I cried on the bus home", "much_lighter")
    do_log_feeling(room=room, user=member, feeling="lighter now", journal=True)
    assert Entry.objects.get().notes == "heavy, and I cried on the bus home\n\nlighter now"


def test_the_page_shows_the_entry_it_already_keeps(login: Login, room: Room, member: User) -> None:
    logged = do_log_feeling(room=room, user=member, feeling="kept", journal=True)
    assert logged.entry is not None
    page = login(member).get(after(room)).content.decode()
    assert reverse("journal:detail", args=[logged.entry.pk]) in page
    assert "checked" in journal_box(page)


def test_the_feeling_is_screened_once_even_when_it_goes_to_the_journal(
    room: Room, member: User
) -> None:
    logged = do_log_feeling(room=room, user=member, feeling="CRISIS tonight", journal=True)
    assert logged.screening is not None

    def screenings() -> list[tuple[str, int]]:
        return [(r.kind, r.pk) for r in ScreeningRecord.objects.filter(author=member)]

    assert screenings() == [("room_feeling", logged.screening.record_id)]
    assert Escalation.objects.filter(person=member).count() == 1
    # The same words kept again (say, ticking the box later) are not screened again.
    do_log_feeling(room=room, user=member, feeling="CRISIS tonight", journal=False)
    again = do_log_feeling(room=room, user=member, feeling="CRISIS tonight", journal=True)
    assert again.show_help is True
    assert len(screenings()) == 1
    assert Escalation.objects.filter(person=member).count() == 1
    # New words are screened.
    do_log_feeling(room=room, user=member, feeling="calmer", journal=True)
    assert len(screenings()) == 2


def test_the_journal_still_screens_words_of_its_own(room: Room, member: User) -> None:
    first = do_log_feeling(room=room, user=member, feeling="quiet", journal=True)
    assert first.entry is not None
    Entry.objects.filter(pk=first.entry.pk).update(trigger="CRISIS")
    logged = do_log_feeling(room=room, user=member, feeling="quiet", journal=True)
    assert logged.show_help is True
    assert sorted(ScreeningRecord.objects.values_list("kind", flat=True)) == [
        "journal_entry",
        "room_feeling",
    ]


def test_crisis_words_show_help_only_to_the_writer_and_are_kept_exactly(
    login: Login,
    room: Room,
    member: User,
    member2: User,
    host: User,
    sent: list[Any],
) -> None:
    words = "  CRISIS: I can't hold it.\nNot tonight.  "
    response = login(member).post(
        after(room), {"relief": "heavier", "feeling": words, "journal": "on"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "data-help-panel" in page
    assert "Your words are saved just as you wrote them." in page
    stored = Membership.objects.get(room=room, user=member).feeling
    assert stored == words.strip()
    assert Entry.objects.get().notes == stored
    assert sent == [
        (
            "user",
            member.pk,
            {
                "type": "room_help",
                "room": room.pk,
                "help_url": reverse("safety:help"),
                "urgent": True,  # the pinned screening reads "CRISIS" as imminent risk
            },
        )
    ]


def test_ordinary_words_tell_no_one(
    room: Room,
    member: User,
    sent: list[Any],
) -> None:
    do_log_feeling(room=room, user=member, feeling="that was kind", journal=True)
    assert sent == []


def test_the_api_keeps_it_in_the_journal_when_asked(
    login: Login, room: Room, member: User, charlie: User
) -> None:
    assert post_json(login(None), api(room), {"journal": True}).status_code == 401
    refused = post_json(login(charlie), api(room), {"feeling": "x", "journal": True})
    assert refused.status_code == 403
    plain = post_json(login(member), api(room), {"feeling": "ok"}).json()
    assert (plain["journal_entry"], plain["show_help"]) == (None, False)
    assert not Entry.objects.exists()
    data = post_json(
        login(member), api(room), {"feeling": "CRISIS", "relief": "lighter", "journal": True}
    ).json()
    assert data["feeling"] == "CRISIS"
    assert data["show_help"] is True
    entry = Entry.objects.get(owner=member)
    assert data["journal_entry"] == entry.pk
    assert (entry.notes, entry.relief, entry.room_id) == ("CRISIS", "lighter", room.pk)
    again = post_json(login(member), api(room), {"feeling": "calmer", "journal": True}).json()
    assert again["journal_entry"] == entry.pk
    assert Entry.objects.count() == 1
    bad = post_json(login(member), api(room), {"relief": "great", "journal": True})
    assert bad.status_code == 400
    assert "lighter" in bad.json()["detail"]


def test_no_one_else_can_see_the_entry_or_that_it_exists(
    login: Login, room: Room, member: User, member2: User, host: User, charlie: User
) -> None:
    logged = do_log_feeling(room=room, user=member, feeling="private tears", journal=True)
    assert logged.entry is not None
    detail = reverse("journal:detail", args=[logged.entry.pk])
    for other in (host, member2, charlie):
        client = login(other)
        assert client.get(detail).status_code == 404
        assert client.get(f"/api/v1/journal/entries/{logged.entry.pk}").status_code == 404
        assert "private tears" not in client.get(reverse("journal:timeline")).content.decode()
        assert client.get("/api/v1/journal/entries").json()["count"] == 0
    for page in (reverse("rooms:detail", args=[room.pk]), reverse("rooms:live", args=[room.pk])):
        html = login(host).get(page).content.decode()
        assert "private tears" not in html
        assert detail not in html
    bob_page = login(member2).get(after(room)).content.decode()
    assert detail not in bob_page
