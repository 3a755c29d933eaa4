"""Reporting a message in a live room: who may, what moderators see, and who hears of it."""

import json
from collections.abc import Callable
from typing import Any

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from tearspace.accounts.models import User
from tearspace.conversations.models import Message
from tearspace.rooms.actions import REPORT_THANKS, RoomError, do_report_message, do_send_message
from tearspace.rooms.host_actions import do_hide_message
from tearspace.rooms.models import Room
from tearspace.rooms.tests.test_consumers import app, close_all, open_socket, settle
from tearspace.safety.models import Report

Login = Callable[[User | None], Client]
HURTFUL = "Crying over a film is pathetic"


def said(room: Room, author: User, body: str = HURTFUL) -> Message:
    message, _ = do_send_message(room_id=room.pk, author=author, body=body)
    return message


def report_path(room: Room, message: Message) -> str:
    return f"/api/v1/rooms/{room.pk}/messages/{message.pk}/report"


def post(client: Client, path: str, data: dict[str, Any]) -> Any:
    return client.post(path, json.dumps(data), content_type="application/json")


# --- over the room socket ---------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
async def test_it_files_the_report_and_thanks_only_the_reporter(
    room: Room, member: User, member2: User, host: User, mod: User
) -> None:
    message = await database_sync_to_async(said)(room, member)
    console = WebsocketCommunicator(app(), "/ws/moderation/")
    console.scope["user"] = mod
    assert (await console.connect())[0]
    a, b, h = [await open_socket(u, room) for u in (member, member2, host)]
    await settle(a, b, h)

    await b.send(action="report", message=message.pk, reason="unkind", details="That hurt")
    got = await settle(b, a, h)
    assert got["bob"] == [
        {"type": "reported", "message": message.pk, "text": REPORT_THANKS, "show_help": False}
    ]
    assert got["alice"] == got["hugo"] == []  # the writer and the room hear nothing of it

    report = await database_sync_to_async(Report.objects.get)()
    assert (report.reporter_id, report.subject_id) == (member2.pk, member.pk)
    assert (report.reason, report.details, report.snapshot) == ("unkind", "That hurt", HURTFUL)
    assert report.object_id == str(message.pk)
    item = await console.receive_json_from(2)
    assert (item["type"], item["op"], item["item"]) == (
        "moderation_item",
        "add",
        f"report:{report.pk}",
    )
    await console.disconnect()
    await close_all(a, b, h)


@pytest.mark.django_db(transaction=True)
async def test_it_refuses_reporting_your_own_message_or_without_a_reason(
    room: Room, member: User
) -> None:
    message = await database_sync_to_async(said)(room, member)
    a = await open_socket(member, room)
    await settle(a)
    await a.send(action="report", message=message.pk, reason="unkind")
    await a.send(action="report", message="nope", reason="unkind")
    got = await settle(a)
    assert [e["reason"] for e in got["alice"]] == [
        "This is your own message. The host can hide it if you ask.",
        "Choose a message.",
    ]
    assert not await database_sync_to_async(Report.objects.exists)()
    await close_all(a)


@pytest.mark.django_db(transaction=True)
async def test_help_shows_privately_when_the_reporters_own_note_worries_us(
    room: Room, member: User, member2: User
) -> None:
    message = await database_sync_to_async(said)(room, member)
    b = await open_socket(member2, room)
    await settle(b)
    await b.send(action="report", message=message.pk, reason="abuse", details="CRISIS me too")
    reply = await b.wait_for("reported")
    assert reply["show_help"] is True
    await close_all(b)


# --- the rules, through the action and the API ------------------------------------------------


@pytest.mark.django_db
def test_only_people_in_the_room_may_report(
    login: Login, room: Room, member: User, member2: User, charlie: User
) -> None:
    message = said(room, member)
    data = {"reason": "unkind"}
    assert post(login(None), report_path(room, message), data).status_code == 401
    assert post(login(charlie), report_path(room, message), data).status_code == 404
    with pytest.raises(RoomError) as refused:
        do_report_message(reporter=charlie, room_id=room.pk, message_id=message.pk, reason="spam")
    assert refused.value.status == 403
    assert not Report.objects.exists()

    answer = post(login(member2), report_path(room, message), {**data, "details": "Mean"})
    assert answer.status_code == 201
    assert answer.json() == {"status": "received", "text": REPORT_THANKS, "show_help": False}
    assert Report.objects.get().details == "Mean"


@pytest.mark.django_db
def test_the_api_refuses_bad_reasons_own_words_and_other_rooms(
    login: Login, room: Room, member: User, member2: User, host: User
) -> None:
    message = said(room, member)
    client = login(member2)
    assert post(client, report_path(room, message), {"reason": "boring"}).status_code == 400
    mine = said(room, member2, "my own words")
    assert post(client, report_path(room, mine), {"reason": "spam"}).status_code == 400
    missing = f"/api/v1/rooms/{room.pk}/messages/999999/report"
    assert post(client, missing, {"reason": "spam"}).status_code == 404
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_a_hidden_message_can_still_be_reported_with_the_words_the_room_saw(
    login: Login, room: Room, member: User, member2: User, host: User
) -> None:
    message = said(room, member)
    do_hide_message(actor=host, room_id=room.pk, message_id=message.pk)
    answer = post(login(member2), report_path(room, message), {"reason": "abuse"})
    assert answer.status_code == 201
    assert HURTFUL not in answer.text  # the reporter is not shown the hidden words
    assert Report.objects.get().snapshot == HURTFUL


@pytest.mark.django_db
def test_reporting_twice_files_one_report(room: Room, member: User, member2: User) -> None:
    message = said(room, member)
    first, _ = do_report_message(
        reporter=member2, room_id=room.pk, message_id=message.pk, reason="unkind"
    )
    again, _ = do_report_message(
        reporter=member2, room_id=room.pk, message_id=message.pk, reason="abuse"
    )
    assert first.pk == again.pk
    assert Report.objects.count() == 1


@pytest.mark.django_db
def test_reports_share_one_budget_with_the_rest_of_the_site(
    login: Login, room: Room, member: User, member2: User
) -> None:
    messages = [said(room, member, f"message {n}") for n in range(11)]
    client = login(member2)
    codes = [post(client, report_path(room, m), {"reason": "spam"}).status_code for m in messages]
    assert codes == [201] * 10 + [429]
    assert Report.objects.count() == 10


# --- the moderator console ---------------------------------------------------------------------


@pytest.mark.django_db
def test_the_console_shows_where_the_message_was_and_can_remove_it(
    login: Login, room: Room, member: User, member2: User, mod: User
) -> None:
    message = said(room, member)
    report, _ = do_report_message(
        reporter=member2, room_id=room.pk, message_id=message.pk, reason="abuse", details="Cruel"
    )
    console = login(mod)
    page = console.get(f"/moderation/report/{report.pk}/").text
    assert f'href="/rooms/{room.pk}/live/"' in page
    assert f"Chat message #{message.seq}" in page
    assert "Goodbye films" in page
    assert HURTFUL in page
    assert "Cruel" in page
    assert "report" in console.get("/moderation/").text.lower()

    removed = console.post(
        f"/moderation/report/{report.pk}/sanction/",
        {"action": "remove", "reason": "Please be kind to people crying here."},
    )
    assert removed.status_code == 302
    message.refresh_from_db()
    assert message.hidden is True
    assert report.content_type == ContentType.objects.get_for_model(Message)
