"""A first line that worries screening (short of imminent risk) is treated as words in the chat
would be: help for the seeker from the start, the listener asked to offer a line, a hard chat."""

import pytest

from tearspace.accounts.models import User
from tearspace.support.actions import do_end_chat, do_request_support
from tearspace.support.models import Match, RequestState, SupportGroup
from tearspace.support.tests.conftest import WORRY_WORD, adult, make_ready_listener, of_type

pytestmark = pytest.mark.django_db
WORRIED = f"i dont see the point anymore {WORRY_WORD}"
CALM = "a long day at work"
GRIEF = f"my grandpa passed away and I miss him {WORRY_WORD}"


def ask(seeker: User, line: str, format: str = "one") -> Match:
    asked, _ = do_request_support(seeker=seeker, first_line=line, format=format)
    assert asked.state == RequestState.MATCHED  # worried is not imminent: never a crisis
    return Match.objects.select_related("group").get(request=asked)


@pytest.mark.parametrize(("line", "worried"), [(WORRIED, True), (CALM, False)])
def test_the_seeker_sees_help_and_the_listener_is_told_from_the_first_page(
    login, seeker, ready_listener, line, worried
):
    match = ask(seeker, line)
    mine = login(seeker).get(f"/support/chats/{match.pk}/").content.decode()
    theirs = login(ready_listener).get(f"/support/chats/{match.pk}/").content.decode()
    assert ('id="help-panel" class="help-panel" role="alert"' in mine) is worried
    assert ('id="help-panel" class="help-panel" hidden' in mine) is not worried
    assert ('id="first-words-alert"' in theirs) is worried
    assert 'id="first-words-alert"' not in mine  # the seeker is never told about themselves
    assert 'id="help-panel" class="help-panel" hidden' in theirs  # help is the writer's


def test_a_worried_first_line_makes_a_hard_chat_and_the_listener_is_offered_a_break(
    seeker, ready_listener, sent
):
    match = ask(seeker, WORRIED)
    assert Match.objects.get(pk=match.pk).hard
    do_end_chat(match=match, by=seeker)
    assert [to for to, _ in of_type(sent, "support_break")] == [ready_listener.pk]


def test_a_calm_first_line_is_no_hard_chat(seeker, ready_listener):
    assert not Match.objects.get(pk=ask(seeker, CALM).pk).hard


def test_a_worried_seeker_who_waits_sees_help_while_waiting(login, seeker):
    asked, _ = do_request_support(seeker=seeker, first_line=WORRIED)
    assert asked.state == RequestState.WAITING
    page = login(seeker).get("/support/waiting/").content.decode()
    assert 'id="help-panel" class="help-panel" role="alert"' in page
    status = login(seeker).get("/api/v1/support/status").json()
    assert status["show_help"] is True


def test_a_calm_seeker_who_waits_sees_no_help_panel(login, seeker):
    do_request_support(seeker=seeker, first_line=CALM)
    page = login(seeker).get("/support/waiting/").content.decode()
    assert 'id="help-panel" class="help-panel" hidden' in page
    assert login(seeker).get("/api/v1/support/status").json()["show_help"] is False


def test_matched_later_the_chat_is_still_hard_and_the_listener_still_told(login, seeker, listener):
    asked, _ = do_request_support(seeker=seeker, first_line=WORRIED)
    make_ready_listener(listener)
    from tearspace.support.actions import do_match_waiting

    (match,) = do_match_waiting(listener=listener)
    assert match.request_id == asked.pk
    assert Match.objects.get(pk=match.pk).hard
    theirs = login(listener).get(f"/support/chats/{match.pk}/").content.decode()
    assert 'id="first-words-alert"' in theirs


def test_in_a_group_only_the_listener_is_told_and_only_the_writer_sees_help(
    login, alice, bob, listener, sent
):
    make_ready_listener(listener, max_chats=2)
    calm = ask(adult(bob), "my grandpa passed away and I miss him", format="group")
    group = calm.group
    assert group is not None
    assert not SupportGroup.objects.get(pk=group.pk).hard
    worried = ask(adult(alice), GRIEF, format="group")
    assert worried.group_id == group.pk
    assert SupportGroup.objects.get(pk=group.pk).hard
    alerts = of_type(sent, "support_group_alert")
    assert [(to, e["name"]) for to, e in alerts] == [(listener.pk, worried.seeker_pseudonym)]
    url = f"/support/groups/{group.pk}/"
    assert 'id="first-words-alert"' in login(listener).get(url).content.decode()
    hers = login(alice).get(url).content.decode()
    his = login(bob).get(url).content.decode()
    assert 'id="help-panel" class="help-panel" role="alert"' in hers
    assert 'id="help-panel" class="help-panel" hidden' in his
    assert 'id="first-words-alert"' not in hers + his
