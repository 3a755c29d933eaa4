"""Asking for a listener and being matched: crisis first, age and block rules, fairness, caps."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from tearspace.accounts.actions import (
    AgeBandFixed,
    do_block,
    do_set_age_band,
    do_update_settings,
)
from tearspace.accounts.models import AgeBand
from tearspace.conversations.models import Kind, Participant
from tearspace.safety.models import Escalation
from tearspace.support.actions import (
    do_cancel_request,
    do_end_chat,
    do_request_support,
    do_set_availability,
)
from tearspace.support.chat import SupportError
from tearspace.support.models import ListenerProfile, Match, RequestState, SupportRequest
from tearspace.support.tests.conftest import CRISIS_WORD, adult, make_ready_listener

pytestmark = pytest.mark.django_db


def test_a_seeker_is_matched_at_once_with_a_free_listener_in_a_listener_chat(
    seeker, ready_listener
):
    asked, screening = do_request_support(seeker=seeker, first_line="I can't stop crying tonight")
    assert screening is not None
    assert asked.state == RequestState.MATCHED
    match = Match.objects.get(request=asked)
    assert (match.seeker, match.listener, match.active) == (seeker, ready_listener, True)
    assert match.conversation.kind == Kind.LISTENER
    assert set(
        Participant.objects.filter(conversation=match.conversation).values_list("user", "role")
    ) == {
        (seeker.pk, "member"),
        (ready_listener.pk, "listener"),
    }
    assert asked.seconds_to_match is not None
    assert asked.seconds_to_match >= 0
    assert ListenerProfile.objects.get(user=ready_listener).active_chats == 1
    assert match.seeker_pseudonym
    assert seeker.username not in match.seeker_pseudonym


def test_imminent_risk_goes_to_crisis_help_and_a_moderator_never_the_queue(seeker, ready_listener):
    asked, screening = do_request_support(seeker=seeker, first_line=f"{CRISIS_WORD} tonight")
    assert asked.state == RequestState.CRISIS
    assert screening is not None
    assert screening.escalation_id is not None
    assert Escalation.objects.filter(person=seeker, kind="support_request").exists()
    assert not Match.objects.exists()
    assert not SupportRequest.objects.filter(state=RequestState.WAITING).exists()


def test_the_first_line_is_stored_encrypted(seeker):
    from django.db import connection

    asked, _ = do_request_support(seeker=seeker, first_line="my dog died this morning")
    with connection.cursor() as cursor:
        cursor.execute("SELECT first_line FROM support_supportrequest WHERE id = %s", [asked.pk])
        raw = cursor.fetchone()[0]
    assert "dog" not in raw
    assert SupportRequest.objects.get(pk=asked.pk).first_line == "my dog died this morning"


def test_without_a_free_listener_the_seeker_waits_and_is_matched_when_one_comes(seeker, listener):
    make_ready_listener(listener, available=False)
    asked, _ = do_request_support(seeker=seeker, first_line="a hard day")
    assert asked.state == RequestState.WAITING
    do_set_availability(user=listener, available=True)
    asked.refresh_from_db()
    assert asked.state == RequestState.MATCHED
    assert Match.objects.get(request=asked).listener == listener


def test_adults_and_minors_are_never_matched(alice, listener):
    adult(alice, AgeBand.MINOR)
    make_ready_listener(listener)  # an adult
    asked, _ = do_request_support(seeker=alice, first_line="school was awful")
    assert asked.state == RequestState.WAITING
    assert not Match.objects.exists()


def test_someone_without_an_age_band_is_asked_first(alice, ready_listener):
    with pytest.raises(SupportError) as refused:
        do_request_support(seeker=alice, first_line="hello")
    assert refused.value.status == 409
    assert not SupportRequest.objects.exists()


def test_blocked_people_are_never_matched_either_way(seeker, ready_listener, bob):
    do_block(blocker=ready_listener, blocked=seeker)
    asked, _ = do_request_support(seeker=seeker, first_line="lonely")
    assert asked.state == RequestState.WAITING
    # Another listener without a block takes them.
    make_ready_listener(bob)
    do_set_availability(user=bob, available=True)
    asked.refresh_from_db()
    assert Match.objects.get(request=asked).listener == bob


def test_a_block_ends_the_chat_between_them(seeker, ready_listener):
    asked, _ = do_request_support(seeker=seeker, first_line="lonely")
    do_block(blocker=seeker, blocked=ready_listener)
    match = Match.objects.get(request=asked)
    assert match.active is False
    assert ListenerProfile.objects.get(user=ready_listener).active_chats == 0


def test_the_listener_who_waited_longest_since_a_match_goes_first(seeker, listener, bob):
    make_ready_listener(listener)
    make_ready_listener(bob)
    ListenerProfile.objects.filter(user=listener).update(last_matched_at=timezone.now())
    ListenerProfile.objects.filter(user=bob).update(
        last_matched_at=timezone.now() - timedelta(hours=1)
    )
    asked, _ = do_request_support(seeker=seeker, first_line="hi")
    assert Match.objects.get(request=asked).listener == bob


def test_a_listener_is_never_given_more_chats_than_their_cap(seeker, ready_listener, bob):
    adult(bob)
    do_request_support(seeker=seeker, first_line="one")
    second, _ = do_request_support(seeker=bob, first_line="two")
    assert second.state == RequestState.WAITING
    # Ending the first chat frees the place and the next person waiting gets it.
    do_end_chat(match=Match.objects.get(seeker=seeker), by=seeker)
    second.refresh_from_db()
    assert second.state == RequestState.MATCHED


def test_the_database_refuses_a_second_active_match_for_one_seeker(seeker, ready_listener, bob):
    asked, _ = do_request_support(seeker=seeker, first_line="one")
    match = Match.objects.get(request=asked)
    make_ready_listener(bob)
    other = SupportRequest.objects.create(seeker=seeker, first_line="x", state="cancelled")
    with pytest.raises(IntegrityError), transaction.atomic():
        Match.objects.create(
            request=other,
            seeker=seeker,
            listener=bob,
            conversation=type(match.conversation).objects.create(kind=Kind.LISTENER),
        )


def test_asking_again_while_waiting_returns_the_same_request(seeker):
    first, _ = do_request_support(seeker=seeker, first_line="one")
    again, screening = do_request_support(seeker=seeker, first_line="two")
    assert (again.pk, screening) == (first.pk, None)
    assert do_cancel_request(seeker=seeker) is True
    assert SupportRequest.objects.get(pk=first.pk).state == RequestState.CANCELLED


def test_a_listener_cannot_go_available_before_orientation(listener):
    from tearspace.support.actions import do_accept_conduct

    adult(listener)
    do_accept_conduct(user=listener)
    with pytest.raises(SupportError):
        do_set_availability(user=listener, available=True)


def test_a_seeker_who_is_also_a_listener_is_not_matched_with_themselves(ready_listener):
    asked, _ = do_request_support(seeker=ready_listener, first_line="me too")
    assert asked.state == RequestState.WAITING
    assert not Match.objects.exists()


def test_a_returning_seeker_is_matched_with_their_earlier_listener_who_has_room(
    seeker, listener, bob
):
    make_ready_listener(listener, max_chats=2)
    adult(bob)
    first, _ = do_request_support(seeker=seeker, first_line="one")
    do_end_chat(match=Match.objects.get(request=first), by=seeker)
    do_request_support(seeker=bob, first_line="someone else now")  # takes one of two places
    again, _ = do_request_support(seeker=seeker, first_line="me again")
    assert again.state == RequestState.MATCHED
    assert Match.objects.get(request=again).listener == listener


@pytest.mark.parametrize("first", [AgeBand.ADULT, AgeBand.MINOR])
def test_the_age_band_is_given_once_on_every_path(client, alice, first):
    """A band that could be switched would let an adult listener be matched with children."""
    other = AgeBand.MINOR if first == AgeBand.ADULT else AgeBand.ADULT
    do_set_age_band(user=alice, band=first)
    client.force_login(alice)
    page = client.post("/support/age/", {"age_band": other})
    assert page.status_code == 400
    assert "given already" in page.content.decode()
    settings = {"username": alice.username, "language": "en", "theme": "system"}
    client.post("/settings/", settings | {"time_zone": "UTC", "age_band": other})
    with pytest.raises(AgeBandFixed):
        do_update_settings(user=alice, age_band=other)
    with pytest.raises(AgeBandFixed):
        do_set_age_band(user=alice, band=other)
    alice.refresh_from_db()
    assert alice.age_band == first
    do_set_age_band(user=alice, band=first)  # the same answer again is fine


def test_the_place_in_line_counts_only_people_of_the_same_age_band(alice, bob, charlie):
    from tearspace.support.selectors import queue_position

    adult(alice, AgeBand.MINOR)
    adult(bob)
    adult(charlie)
    do_request_support(seeker=alice, first_line="first, and under 18")
    do_request_support(seeker=bob, first_line="second")
    third, _ = do_request_support(seeker=charlie, first_line="third")
    assert queue_position(third) == 2
