"""Every small-group route (page, leave, API messages, API leave, socket) for every persona:
only the group's listener and the seekers in it may read or act; a stranger, a seeker or the
listener of another group, a seeker who left, and a moderator see nothing (404 / 4403)."""

import json
from collections.abc import Callable

import pytest
from asgiref.sync import sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from config.routing import websocket_urlpatterns
from tearspace.accounts.models import User
from tearspace.support.actions import (
    do_end_group,
    do_leave_group,
    do_request_support,
    do_send_group_message,
)
from tearspace.support.models import Match, SupportGroup
from tearspace.support.tests.conftest import adult, make_ready_listener, with_mfa

GRIEF = "my grandpa passed away and I miss him"
API = "/api/v1/support/groups"
READS = ["/support/groups/{id}/", API + "/{id}/messages"]
LEAVES = ["/support/groups/{id}/leave/", API + "/{id}/leave"]


def join(person: User, line: str = GRIEF) -> Match:
    asked, _ = do_request_support(seeker=adult(person), first_line=line, format="group")
    return Match.objects.get(request=asked)


@pytest.fixture
def people(alice, bob, charlie, listener, host, moderator, therapist) -> dict[str, User]:
    """lena holds a group with alice (in it) and bob (who left); hugo holds charlie's group on
    another topic; theo is a stranger; mona a moderator."""
    make_ready_listener(listener)
    join(alice)
    join(bob)
    make_ready_listener(adult(host))
    join(charlie, "I failed my exam")
    do_leave_group(seat=Match.objects.get(seeker=bob, active=True))
    return {
        "seeker": alice,
        "listener": listener,
        "seeker who left": bob,
        "seeker of another group": charlie,
        "listener of another group": with_mfa(host),
        "stranger": with_mfa(therapist),
        "moderator": with_mfa(moderator),
    }


@pytest.fixture
def group(people) -> SupportGroup:
    return SupportGroup.objects.get(listener=people["listener"])


PEOPLE_IN = ["seeker", "listener"]
OUTSIDERS = [
    "seeker who left",
    "seeker of another group",
    "listener of another group",
    "stranger",
    "moderator",
]


@pytest.mark.django_db
@pytest.mark.parametrize("route", READS + LEAVES)
def test_anonymous_people_are_sent_to_log_in_or_refused(route, client, group):
    url = route.format(id=group.pk)
    response = (
        client.get(url) if url in [r.format(id=group.pk) for r in READS] else client.post(url)
    )
    if url.startswith("/api/"):
        assert response.status_code == 401
    else:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    assert SupportGroup.objects.get(pk=group.pk).seekers == 1


@pytest.mark.django_db
@pytest.mark.parametrize("route", READS)
@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_read_nothing(who, route, people, group, login: Callable[[User], Client]):
    do_send_group_message(group=group, author=people["seeker"], body="only for the group")
    response = login(people[who]).get(route.format(id=group.pk))
    assert response.status_code == 404
    assert "only for the group" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("route", LEAVES)
@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_can_neither_leave_nor_end_it(who, route, people, group, login):
    assert login(people[who]).post(route.format(id=group.pk)).status_code == 404
    group.refresh_from_db()
    assert (group.active, group.seekers) == (True, 1)


@pytest.mark.django_db
def test_only_the_listeners_page_has_the_note_a_break_after_a_hard_group_shows(
    people, group, login
):
    pages = {who: login(people[who]).get(f"/support/groups/{group.pk}/") for who in PEOPLE_IN}
    assert {who: 'id="break-note"' in p.content.decode() for who, p in pages.items()} == {
        "seeker": False,
        "listener": True,
    }


@pytest.mark.django_db
def test_the_seeker_and_the_listener_read_it_under_pseudonyms(people, group, login):
    seeker, listener = people["seeker"], people["listener"]
    name = Match.objects.get(seeker=seeker, active=True).seeker_pseudonym
    do_send_group_message(group=group, author=seeker, body="hello everyone")
    for person in (seeker, listener):
        page = login(person).get(f"/support/groups/{group.pk}/")
        assert page.status_code == 200
        assert name in page.content.decode()
        assert seeker.username not in page.content.decode().split("<main", 1)[1]
        api = login(person).get(f"{API}/{group.pk}/messages").json()
        assert [(m["author"], m["body"]) for m in api["messages"]] == [(name, "hello everyone")]


@pytest.mark.django_db
def test_a_seeker_leaves_and_the_rest_carry_on_the_listener_ends_it(
    people, group, login, therapist
):
    newcomer = join(adult(people["stranger"]))
    response = login(people["seeker"]).post(f"/support/groups/{group.pk}/leave/")
    assert response["Location"] == "/support/"
    group.refresh_from_db()
    assert (group.active, group.seekers) == (True, 1)
    assert login(people["seeker"]).get(f"/support/groups/{group.pk}/").status_code == 404
    answer = login(people["listener"]).post(f"{API}/{group.pk}/leave").json()
    assert answer == {"group": group.pk, "active": False}
    newcomer.refresh_from_db()
    assert newcomer.active is False
    # Those in it at the end can still read it.
    assert login(therapist).get(f"/support/groups/{group.pk}/").status_code == 200


@pytest.mark.django_db
def test_the_api_takes_the_choice_of_a_group_and_refuses_an_unknown_one(login, alice, listener):
    make_ready_listener(listener)
    client = login(adult(alice))
    bad = client.post(
        "/api/v1/support/request",
        {"first_line": "hi", "format": "crowd"},
        content_type="application/json",
    )
    assert bad.status_code == 422
    asked = client.post(
        "/api/v1/support/request",
        {"first_line": GRIEF, "format": "group"},
        content_type="application/json",
    ).json()
    group = SupportGroup.objects.get()
    assert (asked["state"], asked["url"]) == ("matched", f"/support/groups/{group.pk}/")


@pytest.mark.django_db
def test_the_page_takes_the_choice_and_lands_in_the_group(login, alice, listener):
    make_ready_listener(listener)
    response = login(adult(alice)).post("/support/", {"first_line": GRIEF, "format": "group"})
    group = SupportGroup.objects.get()
    assert response["Location"] == f"/support/groups/{group.pk}/"
    assert login(alice).get("/support/")["Location"] == f"/support/groups/{group.pk}/"
    listen = login(listener).get("/support/listen/").content.decode()
    assert f"/support/groups/{group.pk}/" in listen


async def _socket_code(user: object, group_id: int) -> tuple[bool, int | None]:
    comm = WebsocketCommunicator(
        URLRouter(websocket_urlpatterns), f"/ws/support/groups/{group_id}/"
    )
    comm.scope["user"] = user
    connected, code = await comm.connect()
    await comm.disconnect()
    return connected, code


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("who", [*OUTSIDERS, "anonymous"])
async def test_the_socket_refuses_outsiders(who, people, group):
    user = AnonymousUser() if who == "anonymous" else people[who]
    expected = 4401 if who == "anonymous" else 4403
    assert await _socket_code(user, group.pk) == (False, expected)


@pytest.mark.django_db(transaction=True)
async def test_the_socket_opens_for_the_group_and_carries_its_messages(people, group):
    seeker, listener = people["seeker"], people["listener"]
    comms = []
    for person in (seeker, listener):
        comm = WebsocketCommunicator(
            URLRouter(websocket_urlpatterns), f"/ws/support/groups/{group.pk}/"
        )
        comm.scope["user"] = person
        assert (await comm.connect())[0]
        hello = json.loads(await comm.receive_from(5))
        assert (hello["type"], hello["group"], hello["active"]) == ("hello", group.pk, True)
        assert json.loads(await comm.receive_from(5))["type"] == "history"
        comms.append(comm)
    await comms[0].send_to(text_data=json.dumps({"action": "send", "body": "hi all", "key": "k1"}))
    got = []
    for comm in comms:
        while True:
            frame = json.loads(await comm.receive_from(5))
            if frame["type"] == "support_group_message":
                got.append(frame["message"]["body"])
                break
    assert got == ["hi all", "hi all"]
    await comms[1].send_to(
        text_data=json.dumps({"action": "send", "body": "mail me a@b.org", "key": "k2"})
    )
    while (frame := json.loads(await comms[1].receive_from(5)))["type"] != "error":
        pass
    assert frame["key"] == "k2"
    held_back = await sync_to_async(lambda: SupportGroup.objects.get(pk=group.pk).held_back)()
    assert held_back == 1
    for comm in comms:
        await comm.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_the_break_after_a_hard_group_reaches_the_listeners_group_socket(people, group):
    seeker, listener = people["seeker"], people["listener"]
    comm = WebsocketCommunicator(
        URLRouter(websocket_urlpatterns), f"/ws/support/groups/{group.pk}/"
    )
    comm.scope["user"] = listener
    assert (await comm.connect())[0]
    await sync_to_async(do_send_group_message)(group=group, author=seeker, body="CRISIS now")
    await sync_to_async(do_end_group)(group=group, by="listener")
    while (frame := json.loads(await comm.receive_from(5)))["type"] != "support_group_break":
        pass
    assert (frame["group"], frame["breathe_url"]) == (group.pk, "/toolkit/breathe/")
    await comm.disconnect()
