"""Every live event of small groups reaches exactly the people it is for: the listener and the
seekers in the group at that moment; never a seeker who left, another group or a stranger."""

import pytest

from tearspace.accounts.actions import do_block
from tearspace.accounts.models import User
from tearspace.support.actions import (
    do_end_group,
    do_group_typing,
    do_leave_group,
    do_request_support,
    do_send_group_message,
)
from tearspace.support.hooks import _remove_group_message
from tearspace.support.models import Match, SupportGroup
from tearspace.support.tests.conftest import CRISIS_WORD, adult, make_ready_listener, of_type

pytestmark = pytest.mark.django_db

GRIEF = "my grandpa passed away and I miss him"


def join(person: User) -> Match:
    asked, _ = do_request_support(seeker=adult(person), first_line=GRIEF, format="group")
    return Match.objects.select_related("group").get(request=asked)


@pytest.fixture
def group(alice, bob, listener, host, charlie) -> SupportGroup:
    """lena's group with alice and bob in it; charlie sits in hugo's group on another topic."""
    make_ready_listener(listener)
    join(alice)
    join(bob)
    make_ready_listener(adult(host))
    do_request_support(seeker=adult(charlie), first_line="I failed my exam", format="group")
    assert SupportGroup.objects.get(listener=host).seekers == 1
    return SupportGroup.objects.select_related("listener").get(listener=listener)


def test_the_first_seat_tells_the_seeker_and_the_listener_a_chat_began(alice, listener, sent):
    make_ready_listener(listener)
    seat = join(alice)
    url = f"/support/groups/{seat.group_id}/"
    assert of_type(sent, "support_match") == [
        (alice.pk, {"type": "support_match", "op": "matched", "match": seat.pk, "url": url}),
        (listener.pk, {"type": "support_match", "op": "matched", "match": seat.pk, "url": url}),
    ]
    assert of_type(sent, "support_group") == [
        (
            who,
            {
                "type": "support_group",
                "op": "joined",
                "group": seat.group_id,
                "name": seat.seeker_pseudonym,
                "seekers": 1,
            },
        )
        for who in (listener.pk, alice.pk)
    ]


def test_a_newcomer_is_announced_to_exactly_the_group_and_only_they_get_the_match(
    group, alice, bob, listener, therapist, sent
):
    seat = join(therapist)
    assert [to for to, _ in of_type(sent, "support_match")] == [therapist.pk]
    joined = of_type(sent, "support_group")
    assert [to for to, _ in joined] == [listener.pk, alice.pk, bob.pk, therapist.pk]
    assert joined[0][1] == {
        "type": "support_group",
        "op": "joined",
        "group": group.pk,
        "name": seat.seeker_pseudonym,
        "seekers": 3,
    }


def test_a_message_reaches_the_group_now_not_one_who_left_nor_another_group(
    group, alice, bob, listener, sent
):
    do_leave_group(seat=Match.objects.get(seeker=bob, active=True))
    sent.clear()
    message, _ = do_send_group_message(
        group=group, author=alice, body="thank you all", client_key="k"
    )
    got = of_type(sent, "support_group_message")
    assert [to for to, _ in got] == [listener.pk, alice.pk]
    event = got[0][1]
    assert (event["op"], event["group"]) == ("add", group.pk)
    assert event["message"]["author"] == Match.objects.get(seeker=alice).seeker_pseudonym
    assert event["message"]["body"] == "thank you all"
    assert event["message"]["seq"] == message.seq


def test_a_moderators_removal_reaches_the_group_now(group, alice, listener, bob, sent):
    message, _ = do_send_group_message(group=group, author=alice, body="words", client_key="k")
    sent.clear()
    _remove_group_message(message)
    got = of_type(sent, "support_group_message")
    assert [to for to, _ in got] == [listener.pk, alice.pk, bob.pk]
    assert got[0][1]["op"] == "remove"
    assert got[0][1]["id"] == message.pk


def test_typing_reaches_everyone_in_the_group_but_the_typist(group, alice, bob, listener, sent):
    assert do_group_typing(group=group, user=alice) is True
    got = of_type(sent, "support_group_typing")
    assert [to for to, _ in got] == [listener.pk, bob.pk]
    assert got[0][1]["user"] == Match.objects.get(seeker=alice).seeker_pseudonym


def test_worrying_words_help_the_writer_and_alert_only_the_listener(
    group, alice, bob, listener, sent
):
    do_send_group_message(group=group, author=alice, body=f"{CRISIS_WORD} now", client_key="k")
    assert [to for to, _ in of_type(sent, "support_group_help")] == [alice.pk]
    alerts = of_type(sent, "support_group_alert")
    assert [to for to, _ in alerts] == [listener.pk]
    assert "body" not in alerts[0][1]
    assert alerts[0][1]["name"] == Match.objects.get(seeker=alice).seeker_pseudonym


def test_worrying_words_from_the_listener_help_them_and_alert_nobody(group, listener, sent):
    do_send_group_message(group=group, author=listener, body=f"{CRISIS_WORD} me", client_key="k")
    assert [to for to, _ in of_type(sent, "support_group_help")] == [listener.pk]
    assert of_type(sent, "support_group_alert") == []


def test_leaving_is_announced_to_the_rest_and_the_leaver(group, alice, bob, listener, sent):
    seat = Match.objects.get(seeker=bob, active=True)
    do_leave_group(seat=seat)
    assert of_type(sent, "support_group") == [
        (
            who,
            {
                "type": "support_group",
                "op": "left",
                "group": group.pk,
                "name": seat.seeker_pseudonym,
                "seekers": 1,
            },
        )
        for who in (listener.pk, alice.pk, bob.pk)
    ]


def test_a_block_of_the_listener_tells_the_group_the_blocker_left(
    group, alice, bob, listener, sent
):
    do_block(blocker=alice, blocked=listener)
    left = of_type(sent, "support_group")
    assert [to for to, _ in left] == [listener.pk, bob.pk, alice.pk]
    assert {e["op"] for _, e in left} == {"left"}


def test_the_end_reaches_the_listener_and_the_seekers_in_it(group, alice, bob, listener, sent):
    do_end_group(group=group, by="listener")
    assert of_type(sent, "support_group") == [
        (who, {"type": "support_group", "op": "ended", "group": group.pk, "by": "listener"})
        for who in (listener.pk, alice.pk, bob.pk)
    ]


def test_the_last_one_out_ends_it_and_both_hear(alice, listener, sent):
    make_ready_listener(listener)
    seat = join(alice)
    sent.clear()
    do_leave_group(seat=seat)
    assert [(to, e["op"]) for to, e in of_type(sent, "support_group")] == [
        (listener.pk, "left"),
        (alice.pk, "left"),
        (listener.pk, "ended"),
    ]


def test_the_break_after_a_hard_group_reaches_its_listener_only(
    group, alice, bob, listener, host, sent
):
    do_send_group_message(group=group, author=alice, body=f"{CRISIS_WORD} tonight")
    do_end_group(group=group, by="listener")
    assert of_type(sent, "support_group_break") == [
        (
            listener.pk,
            {
                "type": "support_group_break",
                "group": group.pk,
                "url": "/support/listen/",
                "breathe_url": "/toolkit/breathe/",
            },
        )
    ]
    assert of_type(sent, "support_break") == []
