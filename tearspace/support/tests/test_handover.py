"""Handing a chat over to another listener: the seeker keeps the same chat and its history and
is told warmly; the earlier listener leaves it; the matching rules hold for the new listener."""

import pytest
from django.http import Http404

from tearspace.accounts.actions import do_block
from tearspace.accounts.models import AgeBand, User
from tearspace.support.access import access_match_by_id
from tearspace.support.actions import (
    HANDED_OVER,
    do_hand_over,
    do_request_support,
    do_send_support_message,
)
from tearspace.support.chat import SupportError
from tearspace.support.models import ListenerProfile, Match
from tearspace.support.selectors import chat_page
from tearspace.support.tests.conftest import adult, make_ready_listener, of_type

pytestmark = pytest.mark.django_db


@pytest.fixture
def match(seeker: User, ready_listener: User) -> Match:
    asked, _ = do_request_support(seeker=seeker, first_line="a long day")
    return Match.objects.select_related("listener", "request").get(request=asked)


def _load(user: User) -> int:
    return ListenerProfile.objects.get(user=user).active_chats


def test_it_hands_the_chat_to_a_free_listener_and_the_seeker_keeps_its_history(
    match, seeker, ready_listener, bob
):
    do_send_support_message(match=match, author=seeker, body="it's my dad", client_key="a")
    do_send_support_message(match=match, author=ready_listener, body="I hear you", client_key="b")
    make_ready_listener(bob)
    handed = do_hand_over(match=match, by=ready_listener)
    assert (handed.pk, handed.listener_id, handed.active) == (match.pk, bob.pk, True)
    assert handed.conversation_id == match.conversation_id
    assert (_load(ready_listener), _load(bob)) == (0, 1)
    # The new listener reads from the start, so the seeker need not repeat themselves; the
    # earlier listener's words keep their own name.
    read = chat_page(match=handed, reader=bob).messages
    assert [(m["author"], m["body"]) for m in read] == [
        (match.seeker_pseudonym, "it's my dad"),
        (ready_listener.username, "I hear you"),
    ]
    assert [m["body"] for m in chat_page(match=handed, reader=seeker).messages] == [
        "it's my dad",
        "I hear you",
    ]
    assert access_match_by_id(seeker, match.pk).listener_id == bob.pk
    with pytest.raises(Http404):
        access_match_by_id(ready_listener, match.pk)
    with pytest.raises(SupportError):
        do_send_support_message(match=handed, author=ready_listener, body="hi", client_key="c")
    do_send_support_message(match=handed, author=bob, body="I'm here too", client_key="d")


def test_the_handover_events_go_each_to_exactly_one_person(
    match, seeker, ready_listener, bob, charlie, sent
):
    make_ready_listener(bob)
    sent.clear()
    do_hand_over(match=match, by=ready_listener)
    url = f"/support/chats/{match.pk}/"
    got = of_type(sent, "support_match")
    assert got == [
        (
            seeker.pk,
            {
                "type": "support_match",
                "match": match.pk,
                "url": url,
                "op": "handed_over",
                "text": HANDED_OVER,
                "listener": bob.username,
            },
        ),
        (
            ready_listener.pk,
            {
                "type": "support_match",
                "match": match.pk,
                "url": url,
                "op": "ended",
                "by": "handover",
            },
        ),
        (bob.pk, {"type": "support_match", "match": match.pk, "url": url, "op": "matched"}),
    ]


def test_only_the_chats_listener_can_hand_it_over(match, seeker, bob):
    make_ready_listener(bob)
    with pytest.raises(SupportError) as refused:
        do_hand_over(match=match, by=seeker)
    assert refused.value.status == 403
    assert Match.objects.get(pk=match.pk).listener_id == match.listener_id


def _refused_for_want_of_a_listener(match: Match, listener: User) -> None:
    with pytest.raises(SupportError) as refused:
        do_hand_over(match=match, by=listener)
    assert refused.value.status == 409
    kept = Match.objects.get(pk=match.pk)
    assert (kept.listener_id, kept.active, _load(listener)) == (listener.pk, True, 1)


def test_with_nobody_else_free_the_chat_stays_as_it_is(match, ready_listener):
    _refused_for_want_of_a_listener(match, ready_listener)


def test_it_never_hands_over_across_age_bands(match, ready_listener, bob):
    make_ready_listener(adult(bob, AgeBand.MINOR))
    _refused_for_want_of_a_listener(match, ready_listener)


@pytest.mark.parametrize("who_blocks", ["seeker", "other"])
def test_it_never_hands_over_to_someone_with_a_block_either_way(
    match, seeker, ready_listener, bob, who_blocks
):
    make_ready_listener(bob)
    if who_blocks == "seeker":
        do_block(blocker=seeker, blocked=bob)
    else:
        do_block(blocker=bob, blocked=seeker)
    _refused_for_want_of_a_listener(match, ready_listener)


def test_it_never_puts_anyone_in_two_matches(match, ready_listener, bob, charlie, host):
    # bob is free to listen but is in a chat as a seeker himself; charlie is at his cap.
    make_ready_listener(bob)
    make_ready_listener(host, available=False)
    adult(bob)
    ListenerProfile.objects.filter(user=host).update(available=True)
    asked, _ = do_request_support(seeker=bob, first_line="me too")
    assert Match.objects.get(request=asked).listener_id == host.pk
    make_ready_listener(charlie)
    adult(charlie)
    other_seeker = adult(User.objects.create_user(username="dana", password="x-long-pass"))
    do_request_support(seeker=other_seeker, first_line="hi")
    assert _load(charlie) == 1
    _refused_for_want_of_a_listener(match, ready_listener)


@pytest.mark.django_db
def test_the_api_hands_over_for_the_listener_and_refuses_anyone_else(
    login, match, seeker, ready_listener, bob
):
    url = f"/api/v1/support/chats/{match.pk}/handover"
    assert login(seeker).post(url).status_code == 403
    assert login(ready_listener).post(url).status_code == 409
    make_ready_listener(bob)
    assert login(bob).post(url).status_code == 404  # not their chat (yet)
    answer = login(ready_listener).post(url)
    assert answer.status_code == 200
    assert answer.json()["url"] == f"/support/chats/{match.pk}/"
    assert Match.objects.get(pk=match.pk).listener_id == bob.pk


def test_the_page_button_hands_over_and_the_seeker_page_stays(
    login, match, seeker, ready_listener, bob
):
    make_ready_listener(bob)
    listener_client = login(ready_listener)
    assert (
        "Hand over to another listener"
        in listener_client.get(f"/support/chats/{match.pk}/").content.decode()
    )
    assert "Hand over" not in login(seeker).get(f"/support/chats/{match.pk}/").content.decode()
    answer = listener_client.post(f"/support/chats/{match.pk}/handover/")
    assert answer["Location"] == "/support/listen/"
    assert listener_client.get(f"/support/chats/{match.pk}/").status_code == 404
    assert login(bob).get(f"/support/chats/{match.pk}/").status_code == 200
