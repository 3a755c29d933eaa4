"""Demo content matches at once; export carries what support holds; settings ask the age."""

from typing import Any

import pytest

from tearspace.accounts.data import export_data
from tearspace.accounts.models import User
from tearspace.core.demo import DEMO_PASSWORD, login_lines, seed
from tearspace.support.actions import do_end_chat, do_request_support, do_send_support_message
from tearspace.support.after_actions import do_leave_kind_note
from tearspace.support.data import export_support_data
from tearspace.support.models import ListenerProfile, Match, RequestState

pytestmark = pytest.mark.django_db


def test_the_demo_member_is_matched_at_once_with_the_demo_listener():
    member = seed()
    assert isinstance(member, User)
    seed()  # idempotent
    asked, _ = do_request_support(seeker=member, first_line="showing the demo")
    assert asked.state == RequestState.MATCHED
    assert Match.objects.get(request=asked).listener.username == "demo-listener"
    # `make run` prints how to be the listener in a second browser, and that login works.
    assert any("demo-listener" in line and DEMO_PASSWORD in line for line in login_lines())
    assert User.objects.get(username="demo-listener").check_password(DEMO_PASSWORD)


def test_the_export_has_the_first_line_the_chat_and_only_my_words(seeker, ready_listener):
    asked, _ = do_request_support(seeker=seeker, first_line="my first line")
    match = Match.objects.get(request=asked)
    do_send_support_message(match=match, author=seeker, body="mine", client_key="a")
    do_send_support_message(match=match, author=ready_listener, body="theirs", client_key="b")
    exported: Any = export_data(seeker)["support"]
    assert exported["requests"][0]["first_line"] == "my first line"
    assert exported["chats"][0]["as"] == "seeker"
    assert exported["chats"][0]["my_messages"] == ["mine"]
    assert ready_listener.username not in str(exported)


def test_the_export_reads_every_chat_s_words_and_notes_in_a_fixed_number_of_queries(
    seeker, ready_listener, django_assert_max_num_queries
):
    for n in range(3):
        asked, _ = do_request_support(seeker=seeker, first_line=f"line {n}")
        match = Match.objects.get(request=asked)
        do_send_support_message(match=match, author=seeker, body=f"mine {n}", client_key="a")
        do_send_support_message(match=match, author=ready_listener, body="theirs", client_key="b")
        do_end_chat(match=match, by=seeker)
        do_leave_kind_note(match=match, seeker=seeker, body=f"thank you {n}")
    with django_assert_max_num_queries(7):
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
