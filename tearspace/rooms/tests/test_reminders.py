"""Reminders before a scheduled session: queued on joining, checked again when due, sent once."""

import json
from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.core import mail
from django.test import Client
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from config.routing import websocket_urlpatterns
from tearspace.accounts.models import User
from tearspace.notifications.models import Notification, NotificationSettings
from tearspace.rooms import actions as room_actions
from tearspace.rooms.actions import (
    do_create_room,
    do_join_room,
    do_leave_room,
    do_send_room_reminder,
    do_set_email_reminder,
)
from tearspace.rooms.host_actions import do_end_room
from tearspace.rooms.models import Kind, Membership, Room
from tearspace.rooms.tasks import send_room_reminder
from tearspace.rooms.tests.conftest import with_mfa

Login = Callable[[User | None], Client]
pytestmark = pytest.mark.django_db
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
TITLE = "Saying goodbye to Dad"


def scheduled(host: User, starts_in: timedelta = timedelta(hours=2)) -> Room:
    if not Authenticator.objects.filter(user=host).exists():
        with_mfa(host)
    return do_create_room(
        host=host, title=TITLE, kind=Kind.SCHEDULED, starts_at=timezone.now() + starts_in
    )


def scheduled_with(host: User, *people: User) -> Room:
    """A session in two hours that `people` joined."""
    room = scheduled(host)
    for person in people:
        do_join_room(room=room, user=person)
    return room


def due(room: Room) -> datetime:
    """The moment the reminder is meant for: 15 minutes before the start (the default)."""
    return room.starts_at - timedelta(minutes=15)


def remind(room: Room, user: User, now: datetime | None = None) -> bool:
    membership = Membership.objects.get(room=room, user=user)
    return do_send_room_reminder(
        membership_id=membership.pk, starts_at=room.starts_at, now=now or due(room)
    )


def test_it_queues_a_reminder_for_the_host_and_each_person_who_joins(
    settings: Any, host: User, alice: User, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TASKS = DB_TASKS
    with django_capture_on_commit_callbacks(execute=True):
        room = scheduled(host)
        do_join_room(room=room, user=alice)
    queued = list(DBTaskResult.objects.order_by("enqueued_at"))
    memberships = [Membership.objects.get(room=room, user=u).pk for u in (host, alice)]
    assert [r.args_kwargs["args"] for r in queued] == [
        [pk, room.starts_at.isoformat()] for pk in memberships
    ]
    assert {r.run_after for r in queued} == {due(room)}
    assert {r.task_path for r in queued} == {"tearspace.rooms.tasks.send_room_reminder"}


def test_it_queues_nothing_for_open_rooms_or_when_joining_inside_the_window(
    settings: Any, host: User, alice: User, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TASKS = DB_TASKS
    with django_capture_on_commit_callbacks(execute=True):
        soon = scheduled(host, starts_in=timedelta(minutes=10))
        open_now = do_create_room(host=host, title="Open", kind=Kind.OPEN)
        do_join_room(room=open_now, user=alice)
        do_join_room(room=soon, user=alice)
    assert DBTaskResult.objects.count() == 0


def test_it_follows_the_reminder_minutes_setting(
    settings: Any, host: User, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TASKS = DB_TASKS
    settings.ROOM_REMINDER_MINUTES = 45
    with django_capture_on_commit_callbacks(execute=True):
        room = scheduled(host)
    assert DBTaskResult.objects.get().run_after == room.starts_at - timedelta(minutes=45)


def test_it_reminds_in_app_once_with_a_link_to_the_room(host: User, alice: User) -> None:
    room = scheduled_with(host, alice)
    assert remind(room, alice) is True
    assert remind(room, alice) is False  # a second run of the task
    notification = Notification.objects.get(recipient=alice)
    assert notification.kind == "room"
    assert notification.url == f"/rooms/{room.pk}/"
    assert TITLE in notification.text
    assert "15 minutes" in notification.text
    assert Membership.objects.get(room=room, user=alice).reminded_at == due(room)
    assert mail.outbox == []  # no email unless asked for


def test_it_reminds_the_host_too(host: User) -> None:
    room = scheduled(host)
    assert remind(room, host) is True
    assert Notification.objects.filter(recipient=host).count() == 1


def test_it_reminds_nobody_who_left_or_whose_session_ended_or_moved(
    host: User, alice: User, bob: User
) -> None:
    room = scheduled_with(host, alice, bob)
    do_leave_room(room=room, user=alice)
    assert remind(room, alice) is False

    moved = room.starts_at
    Room.objects.filter(pk=room.pk).update(starts_at=room.starts_at + timedelta(hours=1))
    assert (
        do_send_room_reminder(
            membership_id=Membership.objects.get(room=room, user=bob).pk,
            starts_at=moved,
            now=moved - timedelta(minutes=15),
        )
        is False
    )

    room.refresh_from_db()
    do_end_room(actor=host, room_id=room.pk)
    assert remind(room, bob) is False
    assert not Notification.objects.exists()


def test_it_reminds_nobody_too_early_or_once_the_session_started(host: User, alice: User) -> None:
    room = scheduled_with(host, alice)
    assert remind(room, alice, now=room.starts_at - timedelta(hours=1)) is False
    assert remind(room, alice, now=room.starts_at + timedelta(seconds=1)) is False
    assert remind(room, alice, now=due(room) - timedelta(seconds=30)) is True  # clocks differ


def test_it_promotes_from_the_waiting_list_in_time_for_the_reminder(
    host: User, alice: User, bob: User
) -> None:
    scheduled(host)
    room = do_create_room(
        host=host,
        title=TITLE,
        kind=Kind.SCHEDULED,
        starts_at=timezone.now() + timedelta(hours=2),
        capacity=2,
    )
    do_join_room(room=room, user=alice)
    do_join_room(room=room, user=bob)  # waiting
    assert remind(room, bob) is False
    do_leave_room(room=room, user=alice)  # bob gets in
    assert remind(room, bob) is True


def test_it_emails_only_those_who_asked_and_never_the_title(
    host: User, alice: User, bob: User, django_capture_on_commit_callbacks: Any
) -> None:
    room = scheduled_with(host, alice, bob)
    do_set_email_reminder(room=room, user=alice, email=True)
    with django_capture_on_commit_callbacks(execute=True):
        remind(room, alice)
        remind(room, bob)
    assert [message.to for message in mail.outbox] == [["alice@example.org"]]
    body = mail.outbox[0].body
    assert f"http://127.0.0.1:8000/rooms/{room.pk}/" in body
    assert timezone.localtime(room.starts_at).strftime("%H:%M") in body
    assert TITLE not in body
    assert TITLE not in mail.outbox[0].subject
    assert "Goodbye" not in body
    assert "Dad" not in body
    assert Notification.objects.filter(recipient__in=[alice, bob]).count() == 2


def test_the_reminder_and_its_email_are_worded_in_the_reminded_persons_language(
    host: User,
    alice: User,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    alice.language = "de"
    alice.save(update_fields=["language"])
    room = scheduled_with(host, alice)
    do_set_email_reminder(room=room, user=alice, email=True)
    seen: dict[str, str | None] = {}

    def text(title: str, minutes: int, when: str) -> str:
        seen["notification"] = translation.get_language()
        return "reminder"

    def email(when: str, minutes: int, link: str) -> tuple[str, str]:
        seen["email"] = translation.get_language()
        return "subject", "body"

    monkeypatch.setattr(room_actions, "_reminder_text", text)
    monkeypatch.setattr(room_actions, "_reminder_email", email)
    # The task runs in whatever language is active; the words must be in alice's.
    with translation.override("es"), django_capture_on_commit_callbacks(execute=True):
        assert remind(room, alice)
    assert seen == {"notification": "de", "email": "de"}
    assert Notification.objects.get(recipient=alice).text == "reminder"
    assert (mail.outbox[-1].subject, mail.outbox[-1].body) == ("subject", "body")


def test_it_gives_the_time_on_each_persons_own_clock(
    host: User, alice: User, bob: User, django_capture_on_commit_callbacks: Any
) -> None:
    alice.time_zone = "Asia/Tokyo"
    alice.save()
    room = scheduled_with(host, alice, bob)
    do_set_email_reminder(room=room, user=alice, email=True)
    with django_capture_on_commit_callbacks(execute=True):
        remind(room, alice)
        remind(room, bob)
    tokyo = timezone.localtime(room.starts_at, alice.zone).strftime("%H:%M JST")
    site = timezone.localtime(room.starts_at).strftime("%H:%M UTC")
    assert tokyo in mail.outbox[0].body
    texts = dict(Notification.objects.values_list("recipient__username", "text"))
    assert tokyo in texts["alice"]
    assert site in texts["bob"]


def test_it_keeps_the_email_back_in_quiet_hours_but_still_reminds_in_app(
    host: User, alice: User, django_capture_on_commit_callbacks: Any
) -> None:
    room = scheduled_with(host, alice)
    do_set_email_reminder(room=room, user=alice, email=True)
    moment = timezone.localtime(due(room))
    NotificationSettings.objects.create(
        person=alice,
        quiet_start=(moment - timedelta(hours=1)).time(),
        quiet_end=(moment + timedelta(hours=1)).time(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert remind(room, alice) is True
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=alice).count() == 1


def test_the_task_loads_ids_and_reminds(host: User, alice: User) -> None:
    room = scheduled(host, starts_in=timedelta(minutes=10))
    do_join_room(room=room, user=alice)
    membership = Membership.objects.get(room=room, user=alice)
    send_room_reminder.call(membership.pk, room.starts_at.isoformat())
    assert Notification.objects.filter(recipient=alice, kind="room").count() == 1


# --- the opt-in, on the room's page and in the API ---------------------------------------------


def test_the_room_page_offers_the_email_to_people_who_joined_only(
    login: Login, host: User, alice: User, charlie: User
) -> None:
    room = scheduled_with(host, alice)
    assert "Email me before it starts" in login(alice).get(f"/rooms/{room.pk}/").text
    assert "Email me before it starts" not in login(charlie).get(f"/rooms/{room.pk}/").text


def test_it_turns_the_email_on_and_off_from_the_room_page(
    login: Login, host: User, alice: User
) -> None:
    room = scheduled_with(host, alice)
    client = login(alice)
    response = client.post(f"/rooms/{room.pk}/reminder/", {"email": "on"}, follow=True)
    assert "email you shortly before it starts" in response.text
    assert Membership.objects.get(room=room, user=alice).email_reminder is True
    assert 'id="reminder-email" name="email" checked' in response.text
    client.post(f"/rooms/{room.pk}/reminder/", {})
    assert Membership.objects.get(room=room, user=alice).email_reminder is False


def test_it_refuses_the_email_without_an_address_or_to_strangers(
    login: Login, host: User, alice: User, charlie: User
) -> None:
    room = scheduled_with(host, alice)
    User.objects.filter(pk=alice.pk).update(email="")
    response = login(alice).post(f"/rooms/{room.pk}/reminder/", {"email": "on"}, follow=True)
    assert "Add an email address in Settings first" in response.text
    assert Membership.objects.get(room=room, user=alice).email_reminder is False

    response = login(charlie).post(f"/rooms/{room.pk}/reminder/", {"email": "on"}, follow=True)
    assert "Join the session first" in response.text
    assert not Membership.objects.filter(room=room, user=charlie).exists()
    anonymous = login(None).post(f"/rooms/{room.pk}/reminder/", {"email": "on"})
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]


def test_the_api_sets_the_email_for_members_only(
    login: Login, host: User, alice: User, charlie: User
) -> None:
    room = scheduled_with(host, alice)
    path = f"/api/v1/rooms/{room.pk}/reminder"

    def post(user: User | None, email: bool) -> Any:
        body = json.dumps({"email": email})
        return login(user).post(path, body, content_type="application/json")

    answer = post(alice, True)
    assert answer.status_code == 200
    assert answer.json()["email_reminder"] is True
    assert post(charlie, True).status_code == 403
    assert post(None, True).status_code == 401
    assert login(alice).post(path, "{}", content_type="application/json").status_code == 422

    open_now = do_create_room(host=host, title="Now", kind=Kind.OPEN)
    do_join_room(room=open_now, user=alice)
    refused = login(alice).post(
        f"/api/v1/rooms/{open_now.pk}/reminder",
        json.dumps({"email": True}),
        content_type="application/json",
    )
    assert refused.status_code == 400


def test_reminders_wait_for_quiet_hours_to_pop_up_but_are_on_the_page(
    login: Login, host: User, alice: User
) -> None:
    room = scheduled_with(host, alice)
    NotificationSettings.objects.create(  # the whole day is quiet for alice
        person=alice, quiet_start=time(0, 0), quiet_end=time(23, 59, 59)
    )
    remind(room, alice)
    page = login(alice).get("/circles/notifications/").text
    assert f'href="/rooms/{room.pk}/"' in page
    assert TITLE in page


@pytest.mark.django_db(transaction=True)
async def test_the_live_reminder_reaches_only_the_person_reminded(
    host: User, alice: User, bob: User
) -> None:
    room = await database_sync_to_async(scheduled_with)(host, alice, bob)
    sockets = {}
    for person in (alice, bob, host):
        communicator = WebsocketCommunicator(URLRouter(websocket_urlpatterns), "/ws/me/")
        communicator.scope["user"] = person
        assert (await communicator.connect())[0]
        sockets[person.username] = communicator
    assert await database_sync_to_async(remind)(room, alice) is True
    got: dict[str, list[dict[str, Any]]] = {}
    for name, communicator in sockets.items():
        got[name] = []
        while not await communicator.receive_nothing(timeout=0.15):
            got[name].append(await communicator.receive_json_from())
        await communicator.disconnect()
    notification = await database_sync_to_async(Notification.objects.get)(recipient=alice)
    assert got["alice"] == [
        {
            "type": "notification",
            "op": "add",
            "notification": {
                "id": notification.pk,
                "text": notification.text,
                "url": f"/rooms/{room.pk}/",
            },
        }
    ]
    assert got["bob"] == got["hugo"] == []
