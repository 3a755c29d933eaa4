"""Who receives each live circles event on /ws/me/, and who never does."""

import json
from datetime import time, timedelta
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from config.routing import websocket_urlpatterns
from tearspace.accounts.models import User
from tearspace.circles import actions
from tearspace.circles.events import audience_ids
from tearspace.circles.models import CircleMembership, Share
from tearspace.circles.tests.conftest import World, build_world, make_entry, person
from tearspace.notifications.models import NotificationSettings
from tearspace.notifications.selectors import in_quiet_hours

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("crisis_lines")]

app = URLRouter(websocket_urlpatterns)


@pytest.fixture
def tworld(transactional_db: None, settings: Any, tmp_path: Any) -> World:
    settings.MEDIA_ROOT = str(tmp_path)
    return build_world()


class Sockets:
    def __init__(self) -> None:
        self.open: dict[str, WebsocketCommunicator] = {}

    async def connect(self, **people: User) -> None:
        for name, user in people.items():
            communicator = WebsocketCommunicator(app, "/ws/me/")
            communicator.scope["user"] = user
            connected, _ = await communicator.connect()
            assert connected
            self.open[name] = communicator

    async def received(self) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {}
        for name, communicator in self.open.items():
            events = []
            while not await communicator.receive_nothing(timeout=0.15):
                events.append(await communicator.receive_json_from())
            out[name] = events
        return out

    async def close(self) -> None:
        for communicator in self.open.values():
            await communicator.disconnect()


def types(events: list[dict[str, Any]]) -> list[str]:
    return [f"{e['type']}:{e['op']}" for e in events]


async def everyone(w: World) -> Sockets:
    sockets = Sockets()
    await sockets.connect(
        alice=w.alice, bob=w.bob, fay=w.fay, eve=w.eve, charlie=w.charlie, dana=w.dana, mona=w.mona
    )
    return sockets


def atomic(fn: Any) -> Any:
    @database_sync_to_async
    def run(*args: Any, **kwargs: Any) -> Any:
        with transaction.atomic():
            return fn(*args, **kwargs)

    return run


async def test_a_new_circle_share_reaches_its_members_except_blocked_ones(tworld: World) -> None:
    w = tworld
    sockets = await everyone(w)

    def share() -> Share:
        return actions.do_share_entry(
            author=w.alice, entry=make_entry(w.alice), circles=[w.circle], community=False
        ).share

    made = await atomic(share)()
    got = await sockets.received()
    await sockets.close()
    assert types(got["bob"]) == ["notification:add", "circle_share:add"]
    assert types(got["fay"]) == ["notification:add", "circle_share:add"]
    assert got["bob"][1]["share"] == {
        "id": made.pk,
        "url": reverse("circles:share", args=[made.pk]),
        "by": "alice",
        "community": False,
        "content_note": "",
        "content_notes": [],
    }
    assert got["alice"] == got["eve"] == got["charlie"] == got["dana"] == got["mona"] == []


async def test_revoking_removes_the_share_for_everyone_who_could_see_it(tworld: World) -> None:
    w = tworld
    sockets = await everyone(w)
    await atomic(actions.do_revoke_share)(share=w.share)
    got = await sockets.received()
    remove = {"type": "circle_share", "op": "remove", "share_id": w.share.pk}
    assert got["alice"] == got["bob"] == got["fay"] == [remove]
    assert got["eve"] == got["charlie"] == got["dana"] == got["mona"] == []

    # Afterwards nothing about it reaches anyone: no replies, reactions or notifications.
    client = Client()
    await sync_to_async(client.force_login)(w.bob)
    reply = await sync_to_async(client.post)(
        reverse("circles:reply", args=[w.share.pk]), {"body": "Still here"}
    )
    react = await sync_to_async(client.post)(
        reverse("circles:react", args=[w.share.pk]), {"kind": "here"}
    )
    assert (reply.status_code, react.status_code) == (404, 404)
    assert all(events == [] for events in (await sockets.received()).values())
    await sockets.close()


async def test_a_reply_reaches_the_author_and_members_but_not_its_writer(tworld: World) -> None:
    w = tworld
    sockets = await everyone(w)
    result = await atomic(actions.do_reply)(author=w.bob, share=w.share, body="Thinking of you")
    got = await sockets.received()
    await sockets.close()
    card = {
        "type": "share_reply",
        "op": "add",
        "share_id": w.share.pk,
        "reply": {
            "id": result.reply.pk,
            "by": "bob",
            "body": "Thinking of you",
            "sent_anyway": False,
            "content_notes": [],
            "content_note_label": "",
        },
    }
    assert types(got["alice"]) == ["notification:add", "share_reply:add"]
    assert got["alice"][1] == card
    assert got["fay"] == [card]
    assert got["bob"] == got["eve"] == got["charlie"] == got["dana"] == got["mona"] == []


async def test_a_blocked_persons_reply_never_reaches_the_one_who_blocked(tworld: World) -> None:
    w = tworld
    await database_sync_to_async(actions.do_block)(blocker=w.fay, blocked=w.bob)
    sockets = await everyone(w)
    await atomic(actions.do_reply)(author=w.bob, share=w.share, body="Hello again")
    got = await sockets.received()
    assert got["fay"] == []
    assert types(got["alice"]) == ["notification:add", "share_reply:add"]

    # Once alice blocks bob, he cannot reply at all and nothing of his reaches anyone.
    await database_sync_to_async(actions.do_block)(blocker=w.alice, blocked=w.bob)
    client = Client()
    await sync_to_async(client.force_login)(w.bob)
    response = await sync_to_async(client.post)(
        reverse("circles:reply", args=[w.share.pk]), {"body": "Let me in"}
    )
    assert response.status_code == 404
    assert all(events == [] for events in (await sockets.received()).values())
    await sockets.close()


async def test_a_reaction_reaches_only_the_author_and_never_says_who(tworld: World) -> None:
    w = tworld
    sockets = await everyone(w)
    await database_sync_to_async(actions.do_toggle_reaction)(
        person=w.bob, share=w.share, kind="cried"
    )
    got = await sockets.received()
    await sockets.close()
    assert types(got["alice"]) == ["notification:add", "share_reaction:add"]
    assert got["alice"][1] == {
        "type": "share_reaction",
        "op": "add",
        "share_id": w.share.pk,
        "kind": "cried",
    }
    assert "bob" not in json.dumps(got["alice"])
    assert all(got[name] == [] for name in ("bob", "fay", "eve", "charlie", "dana", "mona"))


async def test_notifications_wait_quietly_during_quiet_hours(tworld: World) -> None:
    w = tworld
    now = timezone.localtime()
    await database_sync_to_async(NotificationSettings.objects.create)(
        person=w.alice,
        quiet_start=(now - timedelta(hours=1)).time(),
        quiet_end=(now + timedelta(hours=1)).time(),
    )
    sockets = await everyone(w)
    await atomic(actions.do_reply)(author=w.bob, share=w.share, body="Goodnight, love")
    got = await sockets.received()
    await sockets.close()
    assert types(got["alice"]) == ["share_reply:add"]  # the page updates; nothing pops up
    waiting = w.alice.notifications.filter(kind="reply", text__startswith="bob")
    assert await database_sync_to_async(waiting.count)() == 1


def test_quiet_hours_can_wrap_past_midnight(db: None, alice: User) -> None:
    NotificationSettings.objects.create(person=alice, quiet_start=time(22), quiet_end=time(7))
    at = timezone.localtime().replace(hour=23, minute=30)
    assert in_quiet_hours(alice.pk, at)
    assert in_quiet_hours(alice.pk, at.replace(hour=6))
    assert not in_quiet_hours(alice.pk, at.replace(hour=12))


async def test_community_events_never_reveal_the_author(tworld: World) -> None:
    w = tworld
    client = Client()
    await sync_to_async(client.force_login)(w.dana)
    await sync_to_async(client.get)(reverse("circles:share", args=[w.community.pk]))
    sockets = await everyone(w)
    await atomic(actions.do_reply)(author=w.alice, share=w.community, body="Thank you all")
    await atomic(actions.do_reply)(author=w.dana, share=w.community, body="You are not alone")
    await atomic(actions.do_revoke_share)(share=w.community)
    got = await sockets.received()
    await sockets.close()
    assert types(got["dana"]) == ["share_reply:add", "circle_share:remove"]
    assert got["dana"][0]["reply"]["by"] == w.community.pseudonym
    text = json.dumps(got["dana"])
    assert "alice" not in text
    assert f'"author": {w.alice.pk}' not in text
    assert all(got[n] == [] for n in ("bob", "fay", "eve", "charlie", "mona"))


async def test_deleting_a_circle_takes_its_shares_back_live(tworld: World) -> None:
    w = tworld
    sockets = await everyone(w)
    await atomic(actions.do_delete_circle)(circle=w.circle)
    got = await sockets.received()
    await sockets.close()
    remove = {"type": "circle_share", "op": "remove", "share_id": w.share.pk}
    assert got["alice"] == got["bob"] == got["fay"] == [remove]
    assert got["eve"] == got["charlie"] == got["dana"] == got["mona"] == []
    share = await database_sync_to_async(Share.objects.get)(pk=w.share.pk)
    assert share.revoked_at is not None


def test_a_share_s_audience_is_worked_out_in_two_queries_however_big_the_circle(
    tworld: World, django_assert_max_num_queries: Any
) -> None:
    w = tworld
    extras = {person(f"extra{n}") for n in range(5)}
    for member in extras:
        CircleMembership.objects.create(circle=w.circle, member=member)
    with django_assert_max_num_queries(2):  # the circles' members, then the author's blocks
        audience = audience_ids(w.share)
    assert audience == {w.alice.pk, w.bob.pk, w.fay.pk} | {m.pk for m in extras}
