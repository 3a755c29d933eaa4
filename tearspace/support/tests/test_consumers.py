"""The listener chat's socket: only its two people, history, send and ack, live delivery to the
other person, contact details held back, resume after a gap, typing and report."""

import json
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator

from config.routing import websocket_urlpatterns
from tearspace.accounts.models import User
from tearspace.safety.models import Report
from tearspace.support.actions import do_end_chat, do_request_support, do_send_support_message
from tearspace.support.consumers import SupportChatConsumer, SupportGroupConsumer
from tearspace.support.contacts import HELD_BACK
from tearspace.support.models import ListenerProfile, Match, SupportGroup
from tearspace.support.tests.conftest import adult, make_ready_listener, of_type

pytestmark = pytest.mark.django_db(transaction=True)


async def open_chat(user: User, match: Match, after: int | None = None) -> WebsocketCommunicator:
    path = f"/ws/support/{match.pk}/" + ("" if after is None else f"?after={after}")
    comm = WebsocketCommunicator(URLRouter(websocket_urlpatterns), path)
    comm.scope["user"] = user
    connected, code = await comm.connect()
    assert connected, f"{user} was refused ({code})"
    return comm


async def next_of(comm: WebsocketCommunicator, kind: str, timeout: float = 5) -> dict[str, Any]:
    while True:
        frame = json.loads(await comm.receive_from(timeout))
        if frame["type"] == kind:
            return frame


@pytest.fixture
def match(seeker, ready_listener) -> Match:
    asked, _ = do_request_support(seeker=seeker, first_line="hello")
    return Match.objects.select_related("listener").get(request=asked)


async def test_strangers_and_anonymous_people_are_refused(match, bob):
    for user in (bob,):
        comm = WebsocketCommunicator(URLRouter(websocket_urlpatterns), f"/ws/support/{match.pk}/")
        comm.scope["user"] = user
        connected, code = await comm.connect()
        assert (connected, code) == (False, 4403)
    from django.contrib.auth.models import AnonymousUser

    comm = WebsocketCommunicator(URLRouter(websocket_urlpatterns), f"/ws/support/{match.pk}/")
    comm.scope["user"] = AnonymousUser()
    connected, code = await comm.connect()
    assert (connected, code) == (False, 4401)


async def test_a_message_is_acknowledged_and_reaches_the_listener_live(
    match, seeker, ready_listener
):
    me = await open_chat(seeker, match)
    other = await open_chat(ready_listener, match)
    hello = await next_of(me, "hello")
    assert hello["me"] == match.seeker_pseudonym
    await next_of(me, "history")
    await next_of(other, "history")
    await me.send_to(text_data=json.dumps({"action": "send", "body": "I'm here", "key": "k1"}))
    ack = await next_of(me, "ack")
    assert ack["key"] == "k1"
    got = await next_of(other, "support_message")
    assert got["message"]["body"] == "I'm here"
    assert got["message"]["author"] == match.seeker_pseudonym
    # A retry with the same key is answered with the same message, stored once.
    await me.send_to(text_data=json.dumps({"action": "send", "body": "I'm here", "key": "k1"}))
    assert (await next_of(me, "ack"))["id"] == ack["id"]
    await me.disconnect()
    await other.disconnect()


async def test_contact_details_are_held_back_with_a_warm_word_and_counted(match, ready_listener):
    comm = await open_chat(ready_listener, match)
    await next_of(comm, "history")
    body = "add me on snap, or mail me at lena@example.org"
    await comm.send_to(text_data=json.dumps({"action": "send", "body": body, "key": "k2"}))
    error = await next_of(comm, "error")
    assert (error["reason"], error["key"]) == (HELD_BACK, "k2")
    held = await sync_to_async(lambda: Match.objects.get(pk=match.pk).held_back)()
    assert held == 1
    count = await sync_to_async(lambda: match.conversation.messages.count())()
    assert count == 0
    await comm.disconnect()


async def test_a_reconnect_after_a_gap_gets_what_it_missed_in_history(
    match, seeker, ready_listener
):
    def send_three() -> None:
        for n in range(3):
            do_send_support_message(
                match=match, author=ready_listener, body=f"m{n}", client_key=f"g{n}"
            )

    await sync_to_async(send_three)()
    comm = await open_chat(seeker, match, after=1)
    history = await next_of(comm, "history")
    assert [m["body"] for m in history["messages"]] == ["m1", "m2"]
    assert history["complete"] is True
    await comm.disconnect()


async def test_a_seekers_report_of_the_listener_takes_them_out_of_the_pool(
    match, seeker, ready_listener
):
    message, _ = await sync_to_async(do_send_support_message)(
        match=match, author=ready_listener, body="something unkind", client_key="r1"
    )
    comm = await open_chat(seeker, match)
    await next_of(comm, "history")
    await comm.send_to(
        text_data=json.dumps({"action": "report", "message": message.pk, "reason": "abuse"})
    )
    assert (await next_of(comm, "reported"))["message"] == message.pk
    profile = await sync_to_async(ListenerProfile.objects.get)(user=ready_listener)
    assert (profile.paused_by_moderator, profile.available) == (True, False)
    assert await sync_to_async(Report.objects.filter(reporter=seeker).count)() == 1
    await comm.disconnect()


async def test_the_end_reaches_the_open_chat_and_writing_is_refused_after(
    match, seeker, ready_listener
):
    comm = await open_chat(ready_listener, match)
    await next_of(comm, "history")
    await sync_to_async(do_end_chat)(match=match, by=seeker)
    ended = await next_of(comm, "support_match")
    assert (ended["op"], ended["by"]) == ("ended", "seeker")
    await comm.send_to(
        text_data=json.dumps({"action": "send", "body": "still there?", "key": "e1"})
    )
    assert "ended" in (await next_of(comm, "error"))["reason"]
    await comm.disconnect()


async def test_the_break_after_a_hard_chat_reaches_the_listeners_chat_socket(
    match, seeker, ready_listener
):
    other = await open_chat(ready_listener, match)
    await next_of(other, "history")
    await sync_to_async(do_send_support_message)(match=match, author=seeker, body="CRISIS now")
    await sync_to_async(do_end_chat)(match=match, by=seeker)
    got = await next_of(other, "support_break")
    assert got["match"] == match.pk
    assert got["breathe_url"] == "/toolkit/breathe/"
    await other.disconnect()


async def test_after_a_hand_over_the_open_sockets_follow_the_new_listener(
    match, seeker, ready_listener, bob
):
    """Sockets opened before a hand-over must not keep the earlier listener in the chat: their
    next frame is refused with a close, and the seeker's words reach the new listener only."""
    from tearspace.support.actions import do_hand_over
    from tearspace.support.tests.conftest import make_ready_listener

    me = await open_chat(seeker, match)
    earlier = await open_chat(ready_listener, match)
    await next_of(me, "history")
    await next_of(earlier, "history")
    await sync_to_async(make_ready_listener)(bob)
    await sync_to_async(do_hand_over)(match=match, by=ready_listener)
    now = await open_chat(bob, match)
    await next_of(now, "history")
    await earlier.send_to(text_data=json.dumps({"action": "send", "body": "hi", "key": "e1"}))
    while (output := await earlier.receive_output(5))["type"] != "websocket.close":
        continue
    assert output["code"] == 4403
    await me.send_to(text_data=json.dumps({"action": "send", "body": "are you there", "key": "s1"}))
    await next_of(me, "ack")
    got = await next_of(now, "support_message")
    assert got["message"]["body"] == "are you there"
    bodies = await sync_to_async(
        lambda: [m.body for m in Match.objects.get(pk=match.pk).conversation.messages.all()]
    )()
    assert bodies == ["are you there"]  # the earlier listener's frame stored nothing
    await me.disconnect()
    await now.disconnect()


def test_a_typing_frame_reads_the_chat_once_and_reaches_the_other_person(
    match, seeker, ready_listener, sent, django_assert_max_num_queries
):
    """Every frame reads the chat again (`load`); passing on typing reads it no second time."""
    socket = SupportChatConsumer()
    socket.user = seeker
    with django_assert_max_num_queries(3):  # the chat, then the mute and posting-pause checks
        assert socket.load(seeker, match.pk)
        socket.typing()
    assert [to for to, _ in of_type(sent, "support_typing")] == [ready_listener.pk]


def test_a_group_typing_frame_reads_the_group_once_and_reaches_the_others(
    alice, bob, listener, sent, django_assert_max_num_queries
):
    make_ready_listener(listener)
    for person in (alice, bob):
        do_request_support(seeker=adult(person), first_line="I miss my grandpa", format="group")
    group = SupportGroup.objects.get(listener=listener)
    socket = SupportGroupConsumer()
    socket.user = alice
    with django_assert_max_num_queries(5):  # group, seat, who sits in it, mute, posting pause
        assert socket.load(alice, group.pk)
        socket.typing()
    recipients = [to for to, _ in of_type(sent, "support_group_typing")]
    assert len(recipients) == 2
    assert set(recipients) == {listener.pk, bob.pk}


async def test_a_refused_send_names_its_key_so_the_page_can_keep_the_words(match, seeker):
    # The body cannot be stored (a NUL), the frame is refused, and the error says which
    # message it was about; the socket stays open for the next one.
    comm = await open_chat(seeker, match)
    await comm.send_to(text_data=json.dumps({"action": "send", "key": "k-nul", "body": "a\x00b"}))
    error = await next_of(comm, "error")
    assert error["key"] == "k-nul"
    await comm.send_to(text_data=json.dumps({"action": "send", "key": "k-ok", "body": "hello"}))
    assert (await next_of(comm, "ack"))["key"] == "k-ok"
    await comm.disconnect()
