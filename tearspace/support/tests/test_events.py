"""Every live event of listener chats reaches exactly the people it is for."""

import pytest

from tearspace.accounts.actions import do_block
from tearspace.conversations.models import Message
from tearspace.support.actions import (
    do_end_chat,
    do_request_support,
    do_send_support_message,
    do_support_typing,
)
from tearspace.support.hooks import _remove_message
from tearspace.support.models import Match
from tearspace.support.tests.conftest import CRISIS_WORD, of_type

pytestmark = pytest.mark.django_db


@pytest.fixture
def match(seeker, ready_listener) -> Match:
    asked, _ = do_request_support(seeker=seeker, first_line="a long day")
    return Match.objects.select_related("listener").get(request=asked)


def test_matched_goes_to_the_seeker_and_the_listener_only(seeker, ready_listener, bob, sent):
    asked, _ = do_request_support(seeker=seeker, first_line="a long day")
    match = Match.objects.get(request=asked)
    got = of_type(sent, "support_match")
    assert [to for to, _ in got] == [seeker.pk, ready_listener.pk]
    assert all(
        e
        == {
            "type": "support_match",
            "op": "matched",
            "match": match.pk,
            "url": f"/support/chats/{match.pk}/",
        }
        for _, e in got
    )


def test_a_message_goes_to_both_people_of_the_chat_with_the_seekers_pseudonym(
    match, seeker, bob, sent
):
    message, _ = do_send_support_message(
        match=match, author=seeker, body="thank you for being here", client_key="k1"
    )
    got = of_type(sent, "support_message")
    assert [to for to, _ in got] == [match.seeker_id, match.listener_id]
    event = got[0][1]
    assert event["op"] == "add"
    assert event["message"]["author"] == match.seeker_pseudonym
    assert event["message"]["body"] == "thank you for being here"
    assert event["message"]["seq"] == message.seq


def test_typing_goes_to_the_other_person_only(match, seeker, sent):
    assert do_support_typing(match=match, user=seeker) is True
    assert [to for to, _ in of_type(sent, "support_typing")] == [match.listener_id]


def test_worrying_words_help_the_writer_and_alert_the_listener_never_the_seeker(
    match, seeker, sent
):
    do_send_support_message(match=match, author=seeker, body=f"{CRISIS_WORD} now", client_key="k2")
    assert [to for to, _ in of_type(sent, "support_help")] == [seeker.pk]
    alerts = of_type(sent, "support_alert")
    assert [to for to, _ in alerts] == [match.listener_id]
    assert "body" not in alerts[0][1]


def test_worrying_words_from_the_listener_help_them_and_alert_nobody_in_the_chat(
    match, ready_listener, sent
):
    do_send_support_message(
        match=match, author=ready_listener, body=f"{CRISIS_WORD} me", client_key="k3"
    )
    assert [to for to, _ in of_type(sent, "support_help")] == [ready_listener.pk]
    assert of_type(sent, "support_alert") == []


def test_the_end_goes_to_both_and_says_who_ended_it(match, seeker, sent):
    do_end_chat(match=match, by=seeker)
    got = of_type(sent, "support_match")
    assert [(to, e["op"], e["by"]) for to, e in got] == [
        (match.seeker_id, "ended", "seeker"),
        (match.listener_id, "ended", "seeker"),
    ]


def test_a_seekers_block_of_the_listener_ends_the_chat_for_both_as_a_block(
    match, seeker, ready_listener, sent
):
    do_block(blocker=seeker, blocked=ready_listener)
    got = of_type(sent, "support_match")
    assert [(to, e["by"]) for to, e in got] == [
        (match.seeker_id, "block"),
        (match.listener_id, "block"),
    ]


def test_a_listeners_block_of_the_seeker_sends_nothing_and_the_chat_goes_on(
    match, seeker, ready_listener, sent
):
    # The listener knows the seeker by a made-up name: an ended chat would name them.
    before = list(sent)
    do_block(blocker=ready_listener, blocked=seeker)
    assert sent == before
    match.refresh_from_db()
    assert match.active


def test_a_moderators_removal_goes_to_both_as_a_remove(match, seeker, sent):
    message, _ = do_send_support_message(match=match, author=seeker, body="words", client_key="k4")
    sent.clear()
    _remove_message(Message.objects.get(pk=message.pk))
    got = of_type(sent, "support_message")
    assert [(to, e["op"], e["id"]) for to, e in got] == [
        (match.seeker_id, "remove", message.pk),
        (match.listener_id, "remove", message.pk),
    ]
    assert Message.objects.get(pk=message.pk).body == ""
