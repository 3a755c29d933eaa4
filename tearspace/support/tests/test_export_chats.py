"""A person's export of their support chats holds every message they can read there, whoever
wrote it (after a hand-over the earlier listener's words too), exactly as the chat's own pages
show it; and their own words from every chat they wrote in, even one they no longer read."""

import json
from typing import Any

import pytest
from django.test import Client

from tearspace.accounts.data import export_data
from tearspace.accounts.models import User
from tearspace.conversations.models import Message
from tearspace.support.actions import (
    do_hand_over,
    do_leave_group,
    do_request_support,
    do_send_group_message,
    do_send_support_message,
)
from tearspace.support.hooks import _remove_group_message, _remove_message
from tearspace.support.models import Match, SupportGroup
from tearspace.support.tests.conftest import adult, make_ready_listener, with_mfa

pytestmark = pytest.mark.django_db

GRIEF = "my grandpa passed away and I miss him"
PEOPLE = [
    "seeker",
    "earlier listener",
    "new listener",
    "group listener",
    "group seeker",
    "group seeker who left",
]


@pytest.fixture
def world(alice, listener, bob, host, charlie, therapist) -> dict[str, User]:
    """alice's chat, handed over from lena to bob, with a removed message; hugo's group with
    charlie (there from the start) and theo (came later, then left)."""
    seeker, earlier, new = adult(alice), make_ready_listener(listener), adult(bob)
    asked, _ = do_request_support(seeker=seeker, first_line="a long day")
    match = Match.objects.select_related("listener").get(request=asked)
    do_send_support_message(match=match, author=seeker, body="it's my dad", client_key="1")
    do_send_support_message(match=match, author=earlier, body="I hear you", client_key="2")
    hurt, _ = do_send_support_message(
        match=match, author=seeker, body="something hurtful", client_key="3"
    )
    _remove_message(hurt)
    make_ready_listener(new)
    match = do_hand_over(match=match, by=earlier)
    do_send_support_message(match=match, author=new, body="I'm here now", client_key="4")
    do_send_support_message(match=match, author=seeker, body="thank you both", client_key="5")

    # hugo and theo have staff roles: with their second factor the API lets them in.
    held_by = make_ready_listener(adult(with_mfa(host)))
    first, later = adult(charlie), adult(with_mfa(therapist))
    do_request_support(seeker=first, first_line=GRIEF, format="group")
    group = SupportGroup.objects.select_related("listener").get()
    do_send_group_message(group=group, author=first, body="first in", client_key="6")
    do_send_group_message(group=group, author=held_by, body="welcome", client_key="7")
    do_request_support(seeker=later, first_line=GRIEF, format="group")
    group.refresh_from_db()
    do_send_group_message(group=group, author=later, body="me too", client_key="8")
    rude, _ = do_send_group_message(group=group, author=first, body="rude words", client_key="9")
    _remove_group_message(rude)
    do_send_group_message(group=group, author=held_by, body="glad you came", client_key="10")
    do_leave_group(seat=Match.objects.get(seeker=later, active=True))
    do_send_group_message(group=group, author=first, body="they left", client_key="11")
    return dict(zip(PEOPLE, [seeker, earlier, new, held_by, first, later], strict=True))


def _readable(person: User) -> list[list[dict[str, Any]]]:
    """Every chat's messages `person` can read through the API, chat by chat."""
    client = Client()
    client.force_login(person)
    urls = [f"/api/v1/support/chats/{m.pk}/messages" for m in Match.objects.all()]
    urls += [f"/api/v1/support/groups/{g.pk}/messages" for g in SupportGroup.objects.all()]
    pages = [client.get(url) for url in urls]
    assert {p.status_code for p in pages} <= {200, 404}
    return sorted((p.json()["messages"] for p in pages if p.status_code == 200), key=json.dumps)


def _exported(person: User) -> dict[str, Any]:
    # Through JSON, as the archive writes it.
    return json.loads(json.dumps(export_data(person)["support"]))


def _exported_chats(person: User) -> list[list[dict[str, Any]]]:
    exported = _exported(person)
    chats = [c["messages"] for c in exported["chats"] + exported["groups_held"]]
    return sorted((c for c in chats if c), key=json.dumps)


@pytest.mark.parametrize("who", PEOPLE)
def test_the_export_holds_every_message_the_person_can_read_as_the_chat_shows_it(world, who):
    person = world[who]
    readable = _readable(person)
    assert _exported_chats(person) == readable
    assert readable or who in ("earlier listener", "group seeker who left")
    # A removed message's words are gone from the export as from the chat.
    assert "something hurtful" not in str(_exported(person))


@pytest.mark.parametrize("who", PEOPLE)
def test_the_export_holds_the_persons_own_words_from_every_chat_they_wrote_in(world, who):
    person = world[who]
    own = sorted(Message.objects.filter(author=person).values_list("body", flat=True))
    exported = _exported(person)
    mine = [b for c in exported["chats"] + exported["groups_held"] for b in c["my_messages"]]
    assert sorted(mine) == own
    assert own


def test_after_a_hand_over_the_seeker_exports_both_listeners_words(world):
    (chat,) = _exported(world["seeker"])["chats"]
    assert [m["body"] for m in chat["messages"]] == [
        "it's my dad",
        "I hear you",
        "",
        "I'm here now",
        "thank you both",
    ]
    assert [m["removed"] for m in chat["messages"]] == [False, False, True, False, False]


def test_a_group_seeker_exports_what_they_read_from_when_they_joined(world):
    (seat,) = _exported(world["group seeker"])["chats"]
    assert [m["body"] for m in seat["messages"]] == [
        "first in",
        "welcome",
        "me too",
        "",
        "glad you came",
        "they left",
    ]
    (left,) = _exported(world["group seeker who left"])["chats"]
    assert (left["messages"], left["my_messages"]) == ([], ["me too"])
