"""A message left for a listener to answer later: the seeker is told when it is answered. And
the waiting page's honest estimate: the recent median time to match, or that nobody can tell."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tearspace.accounts.models import AgeBand, User
from tearspace.notifications.models import Notification, NotificationKind
from tearspace.support.actions import (
    ANSWERED,
    do_request_support,
    do_send_support_message,
    do_set_availability,
    do_wait_later,
)
from tearspace.support.models import Match, RequestState, SupportRequest
from tearspace.support.selectors import (
    ESTIMATE_MIN_SAMPLE,
    estimate_text,
    request_status,
    wait_estimate,
)
from tearspace.support.tests.conftest import adult, make_ready_listener, of_type

pytestmark = pytest.mark.django_db


def _left_for_later(seeker: User, listener: User) -> Match:
    """The seeker asks with nobody free, leaves the message, and then the listener comes."""
    make_ready_listener(listener, available=False)
    asked, _ = do_request_support(seeker=seeker, first_line="nobody to talk to tonight")
    assert asked.state == RequestState.WAITING
    assert do_wait_later(seeker=seeker)
    do_set_availability(user=listener, available=True)
    return Match.objects.select_related("listener", "request").get(request=asked)


def test_it_tells_the_seeker_once_when_a_listener_answers_their_message(
    seeker, listener, bob, sent
):
    match = _left_for_later(seeker, listener)
    assert not Notification.objects.exists()  # a match alone is not an answer
    do_send_support_message(match=match, author=listener, body="I'm here now", client_key="a")
    do_send_support_message(match=match, author=listener, body="take your time", client_key="b")
    do_send_support_message(match=match, author=seeker, body="thank you", client_key="c")
    told = Notification.objects.get()
    assert (told.recipient_id, told.kind, told.text) == (
        seeker.pk,
        NotificationKind.SUPPORT,
        ANSWERED,
    )
    assert told.url == f"/support/chats/{match.pk}/"
    got = of_type(sent, "notification")
    assert [to for to, _ in got] == [seeker.pk]
    assert got[0][1]["notification"]["url"] == told.url


def test_it_does_not_notify_someone_who_waited_in_the_chat(seeker, ready_listener, sent):
    asked, _ = do_request_support(seeker=seeker, first_line="a long day")
    match = Match.objects.get(request=asked)
    do_send_support_message(match=match, author=ready_listener, body="hello", client_key="a")
    assert not Notification.objects.exists()
    assert of_type(sent, "notification") == []


def _matched(seeker: User, *, waited: float, ago: timedelta, later: bool = False) -> None:
    matched_at = timezone.now() - ago
    SupportRequest.objects.create(
        seeker=seeker,
        first_line="x",
        state=RequestState.MATCHED,
        later=later,
        requested_at=matched_at - timedelta(seconds=waited),
        matched_at=matched_at,
    )


def _people(count: int, band: str) -> list[User]:
    return [
        adult(User.objects.create_user(username=f"p{band}{n}", password="x-long-pass"), band)
        for n in range(count)
    ]


def test_the_estimate_is_unknown_until_enough_people_were_matched_lately(seeker):
    assert wait_estimate(AgeBand.ADULT) is None
    people = _people(ESTIMATE_MIN_SAMPLE, AgeBand.ADULT)
    for person in people[:-1]:
        _matched(person, waited=20, ago=timedelta(minutes=5))
    assert wait_estimate(AgeBand.ADULT) is None
    _matched(people[-1], waited=20, ago=timedelta(hours=30))  # too long ago to count
    assert wait_estimate(AgeBand.ADULT) is None
    _matched(people[-1], waited=20, ago=timedelta(minutes=1))
    assert wait_estimate(AgeBand.ADULT) == 20


def test_the_estimate_is_the_median_of_its_own_age_band_and_of_people_asking_now():
    adults, minors = _people(4, AgeBand.ADULT), _people(3, AgeBand.MINOR)
    for person, waited in zip(adults[:3], [10, 240, 300], strict=True):
        _matched(person, waited=waited, ago=timedelta(minutes=10))
    _matched(adults[3], waited=86_000, ago=timedelta(minutes=1), later=True)  # no rush: left
    for person in minors:
        _matched(person, waited=5, ago=timedelta(minutes=1))
    assert wait_estimate(AgeBand.ADULT) == 240
    assert wait_estimate(AgeBand.MINOR) == 5


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (None, "We can't say how long yet: too few chats lately to tell."),
        (12, "Lately people have waited under a minute."),
        (80, "Lately people have waited about 1 minute."),
        (250, "Lately people have waited about 4 minutes."),
    ],
)
def test_the_estimate_is_said_in_plain_words(seconds, words):
    assert estimate_text(seconds) == words


def test_the_waiting_page_and_the_api_show_the_estimate(login, seeker):
    for person in _people(3, AgeBand.ADULT):
        _matched(person, waited=90, ago=timedelta(minutes=3))
    client = login(seeker)
    asked = client.post(
        "/api/v1/support/request", {"first_line": "heavy day"}, content_type="application/json"
    ).json()
    assert asked["state"] == "waiting"
    status = client.get("/api/v1/support/status").json()
    assert status["estimate_seconds"] == 90
    assert status["estimate"] == "Lately people have waited about 2 minutes."
    assert (
        "Lately people have waited about 2 minutes."
        in client.get("/support/waiting/").content.decode()
    )


def test_a_matched_request_carries_no_estimate(seeker, ready_listener):
    asked, _ = do_request_support(seeker=seeker, first_line="a long day")
    status = request_status(asked)
    assert (status["state"], status["estimate_seconds"], status["estimate"]) == (
        "matched",
        None,
        "",
    )
