"""The 48-hour promise on a controlled clock: a reminder at 24 h, the operators told at 40 h,
and at 48 h the request runs out and the next match is asked, each step once."""

from datetime import timedelta

import pytest
from django.urls import reverse

from tearspace.care.actions import (
    do_answer_request,
    do_keep_promise,
    do_keep_promises,
    do_request_care,
    do_submit_intake,
)
from tearspace.care.models import CareRequest, RequestState
from tearspace.care.selectors import promise
from tearspace.care.tests.conftest import PREFS
from tearspace.notifications.models import Notification


def care_notes(user):
    return list(
        Notification.objects.filter(recipient=user, kind="care").values_list("text", flat=True)
    )


@pytest.fixture
def asked(alice, theo_profile, tess_profile, operator):
    intake = do_submit_intake(person=alice, what_brings="", prefs=PREFS).intake
    return do_request_care(person=alice, therapist_id=theo_profile.pk, intake=intake)


@pytest.mark.django_db
def test_nothing_happens_before_24_hours(asked):
    assert do_keep_promise(request_id=asked.pk, now=asked.requested_at + timedelta(hours=23)) == []


@pytest.mark.django_db
def test_the_therapist_is_reminded_at_24_hours_once(asked, theo_profile):
    start = asked.requested_at
    before = len(care_notes(theo_profile.user))
    assert do_keep_promise(request_id=asked.pk, now=start + timedelta(hours=24)) == ["reminded"]
    assert do_keep_promise(request_id=asked.pk, now=start + timedelta(hours=30)) == []
    notes = care_notes(theo_profile.user)
    assert len(notes) == before + 1
    assert any(note.startswith("A reminder") for note in notes)


@pytest.mark.django_db
def test_operators_are_told_at_40_hours(asked, operator, theo_profile):
    start = asked.requested_at
    do_keep_promise(request_id=asked.pk, now=start + timedelta(hours=24))
    assert care_notes(operator) == []
    assert do_keep_promise(request_id=asked.pk, now=start + timedelta(hours=40)) == [
        "operators_told"
    ]
    assert len(care_notes(operator)) == 1
    assert "Theo Example" in care_notes(operator)[0]
    # The dashboard counts it at risk.
    assert [r.pk for r in promise(now=start + timedelta(hours=41)).at_risk] == [asked.pk]


@pytest.mark.django_db
def test_at_48_hours_the_request_runs_out_and_the_next_match_is_asked(asked, alice, tess_profile):
    start = asked.requested_at
    steps = do_keep_promise(request_id=asked.pk, now=start + timedelta(hours=48))
    assert steps == ["reminded", "operators_told", "expired"]
    asked.refresh_from_db()
    assert asked.state == RequestState.EXPIRED
    nxt = asked.next_request
    assert nxt is not None
    assert nxt.therapist == tess_profile
    assert nxt.state == RequestState.REQUESTED
    assert nxt.requested_at == start + timedelta(hours=48)
    assert any("we have asked Tess Example" in note for note in care_notes(alice))
    assert care_notes(tess_profile.user)  # Tess is asked
    # The next request keeps its own clock.
    assert do_keep_promise(request_id=nxt.pk, now=start + timedelta(hours=60)) == []


@pytest.mark.django_db
def test_with_nobody_left_the_person_is_told_kindly(alice, theo_profile, operator):
    intake = do_submit_intake(person=alice, what_brings="", prefs=PREFS).intake
    care = do_request_care(person=alice, therapist_id=theo_profile.pk, intake=intake)
    do_keep_promise(request_id=care.pk, now=care.requested_at + timedelta(hours=49))
    care.refresh_from_db()
    assert care.state == RequestState.EXPIRED
    assert care.next_request is None
    assert any("no other match for now" in note for note in care_notes(alice))


@pytest.mark.django_db
def test_an_answered_request_takes_no_step(asked):
    do_answer_request(request=asked, accept=False, note="I am full, sorry")
    assert do_keep_promise(request_id=asked.pk, now=asked.requested_at + timedelta(hours=50)) == []
    asked.refresh_from_db()
    assert asked.state == RequestState.DECLINED


@pytest.mark.django_db
def test_the_sweep_takes_every_due_step(asked, alice, tess_profile):
    counts = do_keep_promises(now=asked.requested_at + timedelta(hours=48, minutes=1))
    assert counts == {"reminded": 1, "operators_told": 1, "expired": 1}
    assert CareRequest.objects.filter(person=alice, state=RequestState.REQUESTED).count() == 1


@pytest.mark.django_db
def test_the_dashboard_shows_the_share_answered_in_time_and_the_median(
    login, operator, asked, alice, tess_profile
):
    do_answer_request(
        request=asked, accept=True, note="", now=asked.requested_at + timedelta(hours=2)
    )
    late = do_request_care(person=alice, therapist_id=tess_profile.pk, intake=None)
    do_answer_request(
        request=late, accept=False, note="", now=late.requested_at + timedelta(hours=50)
    )
    figures = promise()
    assert (figures.answered_in_time, figures.decided) == (1, 2)
    assert figures.median_hours == pytest.approx(26.0)
    page = login(operator).get(reverse("care:dashboard")).content.decode()
    assert "50% (1 of 2)" in page
    assert "26.0 h" in page
