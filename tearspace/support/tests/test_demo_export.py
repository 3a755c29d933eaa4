"""Demo content matches at once; export carries what support holds; settings ask the age."""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tearspace.accounts.data import export_data
from tearspace.accounts.models import User
from tearspace.core.demo import DEMO_PASSWORD, login_lines, seed
from tearspace.support.actions import (
    do_end_chat,
    do_hand_over,
    do_request_support,
    do_send_support_message,
)
from tearspace.support.after_actions import do_leave_kind_note
from tearspace.support.data import _readable, export_support_data
from tearspace.support.demo import DEMO_LISTENERS
from tearspace.support.models import ListenerProfile, Match, RequestState

pytestmark = pytest.mark.django_db


def test_the_demo_member_is_matched_at_once_with_the_demo_listener():
    member = seed()
    assert isinstance(member, User)
    seed()  # idempotent
    asked, _ = do_request_support(seeker=member, first_line="showing the demo")
    assert asked.state == RequestState.MATCHED
    match = Match.objects.select_related("listener").get(request=asked)
    assert match.listener.username in DEMO_LISTENERS
    # `make run` prints how to be a listener in a second browser, and those logins work.
    for handle in DEMO_LISTENERS:
        assert any(handle in line and DEMO_PASSWORD in line for line in login_lines())
        assert User.objects.get(username=handle).check_password(DEMO_PASSWORD)
    # With two listeners, a hand-over can be tried: it goes to the other one.
    first = match.listener.username
    taken = do_hand_over(match=match, by=match.listener)
    assert {taken.listener.username, first} == set(DEMO_LISTENERS)


def test_the_export_has_the_first_line_and_the_chat_as_i_read_it(seeker, ready_listener):
    asked, _ = do_request_support(seeker=seeker, first_line="my first line")
    match = Match.objects.get(request=asked)
    do_send_support_message(match=match, author=seeker, body="mine", client_key="a")
    do_send_support_message(match=match, author=ready_listener, body="theirs", client_key="b")
    exported: Any = export_data(seeker)["support"]
    assert exported["requests"][0]["first_line"] == "my first line"
    assert exported["chats"][0]["as"] == "seeker"
    assert exported["chats"][0]["my_messages"] == ["mine"]
    # The listener's words under the name the chat showed them by, the seeker's under the
    # chat's pseudonym (never the seeker's handle, which the chat never showed).
    assert [(m["author"], m["body"]) for m in exported["chats"][0]["messages"]] == [
        (match.seeker_pseudonym, "mine"),
        (ready_listener.username, "theirs"),
    ]


def test_the_export_reads_every_chat_s_own_words_and_notes_in_a_fixed_number_of_queries(
    seeker, ready_listener
):
    def ended_chat(n: int) -> Match:
        asked, _ = do_request_support(seeker=seeker, first_line=f"line {n}")
        match = Match.objects.get(request=asked)
        do_send_support_message(match=match, author=seeker, body=f"mine {n}", client_key="a")
        do_send_support_message(match=match, author=ready_listener, body="theirs", client_key="b")
        do_end_chat(match=match, by=seeker)
        do_leave_kind_note(match=match, seeker=seeker, body=f"thank you {n}")
        return match

    def queries(run: Callable[[], object]) -> int:
        with CaptureQueriesContext(connection) as seen:
            run()
        return len(seen)

    first = ended_chat(0)
    one_chat = queries(lambda: export_support_data(seeker))
    # Each chat costs only its own read (its access check and page, as the chat page reads
    # it); the person's own words and kind notes are read once for all chats.
    read_per_chat = queries(lambda: _readable(seeker, first))
    ended_chat(1)
    ended_chat(2)
    assert queries(lambda: export_support_data(seeker)) == one_chat + 2 * read_per_chat

    exported: Any = export_support_data(seeker)
    chats = sorted(exported["chats"], key=lambda chat: chat["started_at"])
    assert [chat["my_messages"] for chat in chats] == [["mine 0"], ["mine 1"], ["mine 2"]]
    assert [chat["my_kind_note"] for chat in chats] == [f"thank you {n}" for n in range(3)]
    listener_side: Any = export_support_data(ready_listener)
    assert [chat["my_messages"] for chat in listener_side["chats"]] == [["theirs"]] * 3
    assert all(chat["my_kind_note"] == "" for chat in listener_side["chats"])


def test_deleting_the_seeker_deletes_the_whole_chat(seeker, ready_listener):
    from tearspace.accounts.actions import do_delete_account
    from tearspace.conversations.models import Conversation

    asked, _ = do_request_support(seeker=seeker, first_line="bye")
    match = Match.objects.get(request=asked)
    do_send_support_message(match=match, author=ready_listener, body="theirs", client_key="b")
    do_delete_account(user=seeker)
    assert not Match.objects.exists()
    assert not Conversation.objects.filter(pk=match.conversation_id).exists()
    # The listener's place is free again (it stayed taken for good: a reviewer found it).
    assert ListenerProfile.objects.get(user=ready_listener).active_chats == 0


@pytest.mark.parametrize("leaving", ["seeker", "listener"])
def test_deleting_either_persons_account_mid_chat_frees_the_place_and_tells_the_other(
    seeker, ready_listener, leaving, sent
):
    from tearspace.accounts.actions import do_delete_account
    from tearspace.support.tests.conftest import of_type

    asked, _ = do_request_support(seeker=seeker, first_line="bye")
    match = Match.objects.get(request=asked)
    listener = match.listener
    do_delete_account(user=seeker if leaving == "seeker" else listener)
    told = of_type(sent, "support_match")
    if leaving == "seeker":
        assert ListenerProfile.objects.get(user=listener).active_chats == 0
        assert (listener.pk, "ended") in [(who, e.get("op")) for who, e in told]
    else:
        assert (seeker.pk, "ended") in [(who, e.get("op")) for who, e in told]


def test_the_settings_page_asks_the_age_band(login, alice):
    client = login(alice)
    assert 'name="age_band"' in client.get("/settings/").content.decode()
    client.post(
        "/settings/",
        {"username": "alice", "language": "en", "theme": "system", "age_band": "minor"},
    )
    alice.refresh_from_db()
    assert alice.age_band == "minor"
