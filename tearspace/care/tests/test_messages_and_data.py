"""Messages on the engine (who gets each event, help for a writer at risk and the therapist
told), export and delete, the demo therapists, and a moderator's removal of a message."""

import json
from typing import Any

import pytest

from tearspace.accounts.actions import do_delete_account
from tearspace.accounts.data import export_data
from tearspace.care.actions import (
    do_answer_request,
    do_request_care,
    do_send_care_message,
    do_submit_intake,
)
from tearspace.care.chat import CareError
from tearspace.care.demo import DEMO_THERAPISTS, seed_demo_therapists
from tearspace.care.matching import Preferences, match_therapists
from tearspace.care.models import CareRequest, TherapistProfile
from tearspace.care.tests.conftest import PREFS
from tearspace.circles.models import Circle
from tearspace.conversations.kinds import _remove
from tearspace.conversations.models import Conversation, Kind, Message
from tearspace.lib.outbox import Outbox
from tearspace.notifications.models import Notification

AT_RISK = "I want to end my life"


@pytest.fixture
def events(monkeypatch) -> list[tuple[int, dict[str, Any]]]:
    captured: list[tuple[int, dict[str, Any]]] = []
    monkeypatch.setattr(Outbox, "person", lambda self, uid, e: captured.append((uid, e)))
    return captured


@pytest.fixture
def accepted(alice, theo_profile):
    intake = do_submit_intake(person=alice, what_brings="a private line", prefs=PREFS).intake
    care = do_request_care(person=alice, therapist_id=theo_profile.pk, intake=intake)
    return do_answer_request(request=care, accept=True, note="welcome")


@pytest.mark.django_db
def test_a_message_goes_to_the_two_of_them_only(accepted, alice, theo_profile, events, mod):
    do_send_care_message(request=accepted, author=alice, body="hello")
    added = [(uid, e) for uid, e in events if e["type"] == "therapist_message"]
    assert sorted(uid for uid, _ in added) == sorted([alice.pk, theo_profile.user_id])
    assert all(e["message"]["body"] == "hello" for _, e in added)


@pytest.mark.django_db
def test_a_message_that_raises_help_helps_its_writer_and_tells_the_therapist(
    accepted, alice, theo_profile, events, mod
):
    _message, screening = do_send_care_message(request=accepted, author=alice, body=AT_RISK)
    assert screening is not None
    assert screening.show_help
    helped = [uid for uid, e in events if e["type"] == "therapist_help"]
    alerted = [uid for uid, e in events if e["type"] == "therapist_alert"]
    assert helped == [alice.pk]
    assert alerted == [theo_profile.user_id]
    assert all(AT_RISK not in json.dumps(e) for _, e in events if e["type"] == "therapist_alert")
    told = Notification.objects.filter(recipient=theo_profile.user, text__contains="worried us")
    assert told.count() == 1
    assert AT_RISK not in told.get().text
    assert not Notification.objects.filter(recipient=alice, text__contains="worried us").exists()


@pytest.mark.django_db
def test_nobody_writes_before_a_yes(alice, theo_profile):
    care = do_request_care(person=alice, therapist_id=theo_profile.pk, intake=None)
    with pytest.raises(CareError):
        do_send_care_message(request=care, author=alice, body="hi")


@pytest.mark.django_db
def test_a_moderators_removal_blanks_the_message(accepted, alice):
    message, _ = do_send_care_message(request=accepted, author=alice, body="reported words")
    _remove(message)
    message.refresh_from_db()
    assert message.hidden
    assert message.body == ""


@pytest.mark.django_db
def test_export_holds_the_intake_requests_and_messages_of_both_sides(alice, theo_profile):
    # Other conversations came first, so a conversation's id is not its request's.
    Conversation.objects.bulk_create([Conversation(kind=Kind.ROOM) for _ in range(3)])
    accepted = do_answer_request(
        request=do_request_care(
            person=alice,
            therapist_id=theo_profile.pk,
            intake=do_submit_intake(person=alice, what_brings="a private line", prefs=PREFS).intake,
        ),
        accept=True,
        note="welcome",
    )
    assert accepted.conversation_id != accepted.pk
    do_send_care_message(request=accepted, author=alice, body="my words")
    mine: Any = export_data(alice)["care"]
    assert mine["intakes"][0]["what_brings"] == "a private line"
    assert mine["requests"][0]["state"] == "accepted"
    assert [m["body"] for m in mine["messages"]] == ["my words"]
    # Each message names the request it belongs to, by the request's own id.
    assert [m["request"] for m in mine["messages"]] == [accepted.pk]
    theirs: Any = export_data(theo_profile.user)["care"]
    assert theirs["therapist_profile"]["licence_number"] == theo_profile.licence_number
    assert theirs["requests_received"][0]["note"] == "welcome"
    assert "a private line" not in json.dumps(theirs)


@pytest.mark.django_db
def test_deleting_the_person_takes_their_requests_messages_and_circle(accepted, alice):
    do_send_care_message(request=accepted, author=alice, body="my words")
    conversation_id, circle_id = accepted.conversation_id, accepted.circle_id
    do_delete_account(user=alice)
    assert not CareRequest.objects.exists()
    assert not Conversation.objects.filter(pk=conversation_id).exists()
    assert not Message.objects.filter(conversation_id=conversation_id).exists()
    assert not Circle.objects.filter(pk=circle_id).exists()


@pytest.mark.django_db
def test_deleting_the_therapist_takes_their_profile_and_the_conversation(accepted, theo_profile):
    conversation_id = accepted.conversation_id
    do_delete_account(user=theo_profile.user)
    assert not TherapistProfile.objects.exists()
    assert not Conversation.objects.filter(pk=conversation_id).exists()


@pytest.mark.django_db
def test_demo_therapists_are_verified_fictional_and_seeded_once(alice):
    seed_demo_therapists(alice)
    seed_demo_therapists(alice)
    profiles = TherapistProfile.objects.all()
    assert profiles.count() == len(DEMO_THERAPISTS)
    assert all(p.is_listed and "fictional" in p.display_name for p in profiles)
    found = match_therapists(Preferences(language="es", region="US-NY", specialties=("grief",)))
    assert found[0].name.startswith("Ana Example")


@pytest.mark.django_db
def test_the_demo_gives_the_dashboard_its_figures(alice):
    from tearspace.care.selectors import promise

    seed_demo_therapists(alice)
    seed_demo_therapists(alice)
    figures = promise()
    assert (figures.answered_in_time, figures.decided) == (1, 2)
    assert figures.median_hours == pytest.approx(27.5)
    assert [r.therapist.display_name[:5] for r in figures.at_risk] == ["Chloé"]
