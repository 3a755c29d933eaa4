"""Small groups: one listener and up to four seekers on a similar topic, in one conversation;
the same safety rules as one to one (crisis first, age band, blocks, reports, nobody in two)."""

import pytest
from django.db import IntegrityError, transaction
from django.db.models import F

from tearspace.accounts.actions import do_block
from tearspace.accounts.models import AgeBand, User
from tearspace.conversations.models import Kind, Message, Participant
from tearspace.safety.models import CaseStatus, Escalation, Report
from tearspace.support.actions import (
    do_end_chat,
    do_end_group,
    do_leave_group,
    do_report_in_group,
    do_request_support,
    do_send_group_message,
    do_set_availability,
)
from tearspace.support.chat import SupportError
from tearspace.support.contacts import HELD_BACK_IN_GROUP
from tearspace.support.models import (
    ListenerProfile,
    Match,
    RequestState,
    SupportGroup,
    SupportRequest,
)
from tearspace.support.tests.conftest import CRISIS_WORD, adult, make_ready_listener
from tearspace.support.topics import line_topic

pytestmark = pytest.mark.django_db

GRIEF = "my grandpa passed away and I miss him"


def seekers(*people: User) -> list[User]:
    return [adult(p) for p in people]


def ask_group(person: User, line: str = GRIEF) -> SupportRequest:
    asked, _ = do_request_support(seeker=person, first_line=line, format="group")
    return asked


def seat_of(person: User) -> Match:
    return Match.objects.select_related("group", "listener").get(seeker=person, active=True)


@pytest.fixture
def five(alice, bob, charlie, host, therapist) -> list[User]:
    return seekers(alice, bob, charlie, host, therapist)


def test_the_topic_is_the_lines_top_topic_else_its_strongest_feeling():
    assert line_topic("my mum died last week").topic == "grief"
    assert line_topic("I failed my exam").topic == "work_study"
    assert line_topic("I feel so scared and I do not know why").topic == "fear"
    line = line_topic("my dad died and the funeral is tomorrow")
    assert line.topic == "grief"
    assert line.nearness("grief") == 1.0
    assert line.nearness("family") == pytest.approx(1 / 3, abs=0.001)
    assert line.nearness("work_study") == 0.0


def test_four_seekers_on_one_topic_share_one_group_with_one_listener(five, listener):
    make_ready_listener(listener)
    for person in five[:4]:
        assert ask_group(person).state == RequestState.MATCHED
    group = SupportGroup.objects.get()
    assert (group.listener, group.topic, group.seekers, group.active) == (
        listener,
        "grief",
        4,
        True,
    )
    assert group.conversation.kind == Kind.SUPPORT_GROUP
    seats = Match.objects.filter(group=group, active=True)
    assert {s.seeker_id for s in seats} == {p.pk for p in five[:4]}
    assert {s.conversation_id for s in seats} == {group.conversation_id}
    # Every seeker under a pseudonym of their own in this group, never their handle.
    names = [s.seeker_pseudonym for s in seats]
    assert len(set(names)) == 4
    assert not {p.username for p in five} & set(names)
    roles = set(Participant.objects.filter(conversation=group.conversation).values_list("role"))
    assert roles == {("listener",), ("member",)}
    # The group takes one of the listener's places, as a one-to-one chat does.
    assert ListenerProfile.objects.get(user=listener).active_chats == 1


def test_a_fifth_seeker_waits_when_the_group_is_full_and_no_listener_is_free(five, listener):
    make_ready_listener(listener)
    for person in five[:4]:
        ask_group(person)
    assert ask_group(five[4]).state == RequestState.WAITING
    assert SupportGroup.objects.get().seekers == 4


def test_a_fifth_seeker_starts_a_second_group_when_the_listener_has_room(five, listener):
    make_ready_listener(listener, max_chats=2)
    for person in five:
        ask_group(person)
    assert sorted(SupportGroup.objects.values_list("seekers", flat=True)) == [1, 4]
    assert ListenerProfile.objects.get(user=listener).active_chats == 2


def test_the_database_keeps_a_group_at_four_seekers(five, listener):
    make_ready_listener(listener)
    ask_group(five[0])
    with pytest.raises(IntegrityError), transaction.atomic():
        SupportGroup.objects.update(seekers=5)


def test_another_topic_gets_its_own_group_while_a_listener_is_free(five, listener, moderator):
    make_ready_listener(listener)
    make_ready_listener(adult(moderator))
    ask_group(five[0])
    ask_group(five[1], "I failed my exam and my teacher is angry")
    topics = dict(SupportGroup.objects.values_list("topic", "seekers"))
    assert topics == {"grief": 1, "work_study": 1}


def test_with_no_listener_free_the_nearest_group_takes_them_and_a_far_one_never(five, listener):
    make_ready_listener(listener)
    ask_group(five[0], "my dad is so hard on me")  # family
    # grief first, family second: the family group is near enough.
    line = "my dad died and the funeral is tomorrow"
    assert ask_group(five[1], line).state == RequestState.MATCHED
    # Nothing about family, death or any feeling near it: they wait for a listener.
    assert ask_group(five[2], "I failed my exam").state == RequestState.WAITING
    group = SupportGroup.objects.get()
    assert (group.topic, group.seekers) == ("family", 2)


def test_adults_and_under_18s_are_never_in_one_group(alice, bob, listener):
    make_ready_listener(listener)
    ask_group(adult(alice))
    minor = adult(bob, AgeBand.MINOR)
    assert ask_group(minor).state == RequestState.WAITING
    assert SupportGroup.objects.get().seekers == 1
    assert not Match.objects.filter(seeker=minor).exists()


@pytest.mark.parametrize("who_blocks", ["newcomer", "member"])
def test_people_with_a_block_between_them_are_never_seated_together(
    who_blocks, alice, bob, listener
):
    make_ready_listener(listener)
    member, newcomer = seekers(alice, bob)
    ask_group(member)
    if who_blocks == "newcomer":
        do_block(blocker=newcomer, blocked=member)
    else:
        do_block(blocker=member, blocked=newcomer)
    assert ask_group(newcomer).state == RequestState.WAITING
    assert SupportGroup.objects.get().seekers == 1


def test_a_block_with_the_listener_keeps_a_seeker_out_of_their_groups(alice, bob, listener):
    make_ready_listener(listener)
    member, newcomer = seekers(alice, bob)
    ask_group(member)
    do_block(blocker=newcomer, blocked=listener)
    assert ask_group(newcomer).state == RequestState.WAITING


def test_a_seekers_block_of_the_listener_takes_the_blocker_out_and_the_rest_carry_on(
    alice, bob, charlie, listener
):
    make_ready_listener(listener)
    people = seekers(alice, bob, charlie)
    for person in people:
        ask_group(person)
    do_block(blocker=alice, blocked=listener)
    group = SupportGroup.objects.get()
    assert (group.active, group.seekers) == (True, 2)
    assert set(Match.objects.filter(active=True).values_list("seeker", flat=True)) == {
        bob.pk,
        charlie.pk,
    }
    assert Match.objects.get(seeker=alice).left_group


@pytest.mark.parametrize("blocker_is_listener", [True, False], ids=["listener", "seeker"])
def test_a_block_of_someone_known_here_by_a_made_up_name_changes_nothing_in_the_group(
    alice, bob, listener, blocker_is_listener
):
    # The group would otherwise show the blocker whose handle a pseudonym is.
    make_ready_listener(listener)
    for person in seekers(alice, bob):
        ask_group(person)
    seats = list(Match.objects.order_by("pk").values_list("seeker", "active", "left_group"))
    do_block(blocker=listener if blocker_is_listener else bob, blocked=alice)
    assert list(Match.objects.order_by("pk").values_list("seeker", "active", "left_group")) == (
        seats
    )
    assert SupportGroup.objects.get().seekers == 2


def test_a_seeker_reported_in_a_group_is_matched_one_to_one_until_a_moderator_decides(
    alice, bob, listener, moderator
):
    make_ready_listener(listener, max_chats=2)
    reported, reporter = seekers(alice, bob)
    ask_group(reported)
    ask_group(reporter)
    group = SupportGroup.objects.get()
    words, _ = do_send_group_message(group=group, author=reported, body="unkind words")
    report = do_report_in_group(reporter=reporter, group=group, message=words, reason="abuse")
    do_leave_group(seat=seat_of(reported))
    asked = ask_group(reported)
    assert Match.objects.get(request=asked).group is None  # one to one, not a group
    Match.objects.filter(request=asked).update(active=False)
    ListenerProfile.objects.filter(user=listener).update(active_chats=F("active_chats") - 1)
    Report.objects.filter(pk=report.pk).update(status=CaseStatus.RESOLVED)
    SupportRequest.objects.filter(pk=asked.pk).update(state=RequestState.CANCELLED)
    # Groups again once a moderator decided; a new one, never the group they left.
    assert Match.objects.get(request=ask_group(reported)).group not in (None, group)


def test_a_seekers_report_of_the_listener_takes_them_out_of_the_pool(alice, bob, listener):
    make_ready_listener(listener)
    first, second = seekers(alice, bob)
    ask_group(first)
    group = SupportGroup.objects.get()
    words, _ = do_send_group_message(group=group, author=listener, body="hmm")
    do_report_in_group(reporter=first, group=group, message=words, reason="abuse")
    assert ListenerProfile.objects.get(user=listener).paused_by_moderator
    assert ask_group(second).state == RequestState.WAITING


def test_nobody_is_in_two_active_matches_the_database_refuses_a_second_place(alice, bob, listener):
    make_ready_listener(listener, max_chats=2)
    ask_group(adult(alice))
    ask_group(adult(bob), "I failed my exam")
    other = SupportGroup.objects.get(topic="work_study")
    seat = seat_of(alice)
    with pytest.raises(IntegrityError), transaction.atomic():
        Match.objects.create(
            request=SupportRequest.objects.create(seeker=alice, first_line="again", state="x"),
            seeker=alice,
            listener=listener,
            conversation=other.conversation,
            group=other,
            slot=other.slot,
            seeker_pseudonym="Kind Fern",
        )
    # And asking again while in a group returns the place they have.
    again, screening = do_request_support(seeker=alice, first_line="hello?", format="group")
    assert (again.pk, screening) == (seat.request_id, None)


def test_a_listener_in_a_group_is_not_seated_as_a_seeker(alice, bob, listener):
    make_ready_listener(listener)
    make_ready_listener(adult(bob))
    ask_group(adult(alice))
    assert ask_group(listener).state == RequestState.WAITING


def test_an_urgent_first_line_goes_to_crisis_help_never_a_group(alice, listener):
    make_ready_listener(listener)
    asked = ask_group(adult(alice), f"{CRISIS_WORD} tonight")
    assert asked.state == RequestState.CRISIS
    assert Escalation.objects.filter(person=alice, kind="support_request").exists()
    assert not SupportGroup.objects.exists()


def test_leaving_frees_a_place_the_rest_carry_on_and_the_last_one_out_ends_it(alice, bob, listener):
    make_ready_listener(listener)
    first, second = seekers(alice, bob)
    ask_group(first)
    ask_group(second)
    assert do_leave_group(seat=seat_of(first)) is True
    group = SupportGroup.objects.get()
    assert (group.active, group.seekers) == (True, 1)
    assert do_leave_group(seat=seat_of(second)) is True
    group.refresh_from_db()
    assert (group.active, group.seekers, group.ended_at is not None) == (False, 0, True)
    assert ListenerProfile.objects.get(user=listener).active_chats == 0


def test_the_listener_ends_the_group_for_everyone_and_takes_the_next_person_waiting(five, listener):
    make_ready_listener(listener)
    for person in five[:4]:
        ask_group(person)
    waiting = ask_group(five[4], "I failed my exam")
    assert waiting.state == RequestState.WAITING
    first = SupportGroup.objects.get()
    assert do_end_group(group=first, by="listener") is True
    assert not Match.objects.filter(group=first, active=True).exists()
    waiting.refresh_from_db()
    assert waiting.state == RequestState.MATCHED
    assert SupportGroup.objects.get(active=True).topic == "work_study"


def test_contact_details_are_held_back_in_a_group_and_counted(alice, listener):
    make_ready_listener(listener)
    ask_group(adult(alice))
    group = SupportGroup.objects.get()
    with pytest.raises(SupportError) as refused:
        do_send_group_message(group=group, author=alice, body="add me on insta @quietfern")
    assert refused.value.status == 422
    # Said to a group, not to two people.
    assert refused.value.reason == HELD_BACK_IN_GROUP
    assert "to keep everyone safe" in refused.value.reason
    assert not Message.objects.filter(conversation=group.conversation).exists()
    group.refresh_from_db()
    assert group.held_back == 1


def test_a_seeker_who_left_or_a_stranger_cannot_write_to_the_group(alice, bob, charlie, listener):
    make_ready_listener(listener)
    for person in seekers(alice, bob):
        ask_group(person)
    group = SupportGroup.objects.get()
    do_leave_group(seat=seat_of(alice))
    for outsider in (alice, charlie):
        with pytest.raises(SupportError):
            do_send_group_message(group=group, author=outsider, body="hello")


def test_an_unknown_format_is_refused_with_a_reason(alice):
    with pytest.raises(SupportError) as refused:
        do_request_support(seeker=adult(alice), first_line="hi", format="crowd")
    assert refused.value.reason
    assert not SupportRequest.objects.exists()


def test_when_a_listener_frees_up_everyone_waiting_on_one_topic_joins_one_group(
    alice, bob, charlie, listener
):
    make_ready_listener(listener)
    one_to_one, _ = do_request_support(seeker=adult(charlie), first_line="a long day")
    first, second = seekers(alice, bob)
    assert ask_group(first).state == ask_group(second).state == RequestState.WAITING
    do_end_chat(match=Match.objects.get(request=one_to_one), by=charlie)
    group = SupportGroup.objects.get()
    assert group.seekers == 2
    assert not SupportRequest.objects.filter(state=RequestState.WAITING).exists()


def test_deleting_a_seekers_account_takes_their_words_and_the_group_goes_on(alice, bob, listener):
    from tearspace.accounts.actions import do_delete_account

    make_ready_listener(listener)
    leaving, staying = seekers(alice, bob)
    ask_group(leaving)
    ask_group(staying)
    group = SupportGroup.objects.get()
    do_send_group_message(group=group, author=leaving, body="mine to take")
    do_send_group_message(group=group, author=staying, body="mine to keep")
    do_delete_account(user=leaving)
    bodies = list(Message.objects.filter(conversation=group.conversation).values_list("body"))
    assert bodies == [("mine to keep",)]
    assert list(Match.objects.filter(group=group).values_list("seeker", flat=True)) == [bob.pk]
    group.refresh_from_db()
    assert (group.active, group.seekers) == (True, 1)


def test_deleting_the_listeners_account_deletes_the_group_and_its_words(alice, bob, listener):
    from tearspace.accounts.actions import do_delete_account

    make_ready_listener(listener)
    ask_group(adult(alice))
    waiting = ask_group(adult(bob), "I failed my exam")
    group = SupportGroup.objects.get()
    do_send_group_message(group=group, author=alice, body="words")
    do_delete_account(user=listener)
    # The place the deletion freed is never given to someone waiting.
    waiting.refresh_from_db()
    assert waiting.state == RequestState.WAITING
    assert not SupportGroup.objects.exists()
    assert not Message.objects.exists()
    assert not Match.objects.filter(seeker=alice).exists()


def test_a_seeker_who_left_a_group_is_never_seated_in_it_again(alice, bob, listener):
    """Back under a new pseudonym beside their earlier words, the others could tie the two."""
    make_ready_listener(listener)
    first, second = seekers(alice, bob)
    ask_group(first)
    ask_group(second)
    group = SupportGroup.objects.get()
    do_leave_group(seat=seat_of(first))
    ask_group(first)
    assert not Match.objects.filter(seeker=first, group=group, active=True).exists()


# --- A listener who takes one-to-one chats only -----------------------------------------------


def one_to_one_only(listener: User) -> User:
    make_ready_listener(listener, max_chats=2)
    do_set_availability(user=listener, available=True, takes_groups=False)
    return listener


def test_a_listener_who_takes_no_groups_is_never_given_a_new_one(alice, bob, listener):
    one_to_one_only(listener)
    asked = ask_group(adult(alice))
    assert asked.state == RequestState.WAITING
    assert not SupportGroup.objects.exists()
    # One to one, the same listener is free for them.
    chat, _ = do_request_support(seeker=adult(bob), first_line="a long day")
    assert chat.state == RequestState.MATCHED
    assert Match.objects.get(request=chat).listener == listener


def test_opting_out_ends_no_group_but_seats_nobody_new_in_it(alice, bob, listener):
    make_ready_listener(listener, max_chats=2)
    ask_group(adult(alice))
    group = SupportGroup.objects.get()
    do_set_availability(user=listener, available=True, takes_groups=False)
    late = ask_group(adult(bob))
    assert late.state == RequestState.WAITING
    group.refresh_from_db()
    assert (group.active, group.seekers) == (True, 1)


def test_opting_back_in_takes_the_waiting_group_request(alice, listener):
    one_to_one_only(listener)
    asked = ask_group(adult(alice))
    do_set_availability(user=listener, available=True, takes_groups=True)
    asked.refresh_from_db()
    assert asked.state == RequestState.MATCHED
    assert SupportGroup.objects.get().listener == listener


@pytest.mark.parametrize("interface", ["page", "api"])
def test_the_choice_is_made_from_the_listening_page_and_the_api(login, listener, interface):
    make_ready_listener(listener)
    client = login(listener)
    if interface == "page":
        client.post("/support/listen/availability/", {"available": "1", "takes_groups": "0"})
        page = client.get("/support/listen/").content.decode()
        assert "You take one-to-one chats only." in page
    else:
        got = client.post(
            "/api/v1/support/availability",
            {"available": True, "takes_groups": False},
            content_type="application/json",
        ).json()
        assert got["takes_groups"] is False
    assert not ListenerProfile.objects.get(user=listener).takes_groups
