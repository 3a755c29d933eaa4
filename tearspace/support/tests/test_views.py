"""Every support page for anonymous, the wrong person and the right person."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from tearspace.accounts.actions import do_block
from tearspace.accounts.models import User
from tearspace.support.actions import do_request_support
from tearspace.support.models import ListenerProfile, Match, RequestState, SupportRequest
from tearspace.support.tests.conftest import CRISIS_WORD, adult, make_ready_listener, with_mfa

pytestmark = pytest.mark.django_db


@pytest.fixture
def match(seeker, ready_listener) -> Match:
    asked, _ = do_request_support(seeker=seeker, first_line="the first line for the listener")
    return Match.objects.get(request=asked)


PAGES = [
    "/support/",
    "/support/age/",
    "/support/waiting/",
    "/support/crisis/",
    "/support/listen/",
    "/support/listen/conduct/",
    "/support/listen/orientation/",
    "/support/listeners/",
]


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_people_are_sent_to_log_in(url, client):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_anonymous_people_cannot_open_a_chat(client, match):
    response = client.get(f"/support/chats/{match.pk}/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_chat_opens_for_its_seeker_and_listener_only(
    login, match, seeker, ready_listener, bob, moderator
):
    as_seeker = login(seeker).get(f"/support/chats/{match.pk}/")
    as_listener = login(ready_listener).get(f"/support/chats/{match.pk}/")
    assert as_seeker.status_code == as_listener.status_code == 200
    # The listener sees the first line and the seeker's pseudonym, never the handle.
    html = as_listener.content.decode()
    assert "the first line for the listener" in html
    assert match.seeker_pseudonym in html
    assert seeker.username not in html.split("<main", 1)[1]
    assert login(bob).get(f"/support/chats/{match.pk}/").status_code == 404
    assert login(with_mfa(moderator)).get(f"/support/chats/{match.pk}/").status_code == 404


def test_ending_a_chat_is_for_its_two_people_only(login, match, seeker, bob):
    assert login(bob).post(f"/support/chats/{match.pk}/end/").status_code == 404
    assert Match.objects.get(pk=match.pk).active
    response = login(seeker).post(f"/support/chats/{match.pk}/end/", {"felt_better": "1"})
    assert response.status_code == 302
    ended = Match.objects.get(pk=match.pk)
    assert (ended.active, ended.felt_better) == (False, True)


def test_someone_without_an_age_band_is_asked_it_first(login, alice):
    response = login(alice).get("/support/")
    assert response.status_code == 302
    assert response["Location"].startswith("/support/age/")
    answered = login(alice).post("/support/age/", {"age_band": "adult", "next": "/support/"})
    assert answered["Location"] == "/support/"
    alice.refresh_from_db()
    assert alice.age_band == "adult"


def test_asking_with_a_free_listener_lands_in_the_chat(login, seeker, ready_listener):
    response = login(seeker).post("/support/", {"first_line": "I feel so alone"})
    match = Match.objects.get(seeker=seeker)
    assert response["Location"] == f"/support/chats/{match.pk}/"


def test_asking_in_crisis_lands_on_crisis_lines_not_the_queue(login, seeker, ready_listener):
    response = login(seeker).post("/support/", {"first_line": f"{CRISIS_WORD}"})
    assert response["Location"] == "/support/crisis/"
    page = login(seeker).get("/support/crisis/").content.decode()
    assert "moderator" in page
    assert 'class="lines"' in page
    assert not Match.objects.exists()
    # Imminent danger: the emergency number comes before any line, and no volunteer is offered.
    assert page.index("call your local emergency number now") < page.index('class="lines"')
    assert "Talk to a listener now" not in page
    assert 'href="/support/"' not in page.split("data-help-panel", 1)[1]


def test_waiting_shows_the_place_in_line_and_choices_only_after_a_minute(
    login, seeker, bob, monkeypatch
):
    adult(bob)
    do_request_support(seeker=bob, first_line="first")
    do_request_support(seeker=seeker, first_line="second")
    page = login(seeker).get("/support/waiting/").content.decode()
    assert "number 2 in line" in page
    assert 'id="waiting-choices" class="card" hidden' in page
    later = timezone.now() + timedelta(seconds=61)
    monkeypatch.setattr(timezone, "now", lambda: later)
    status = login(seeker).get("/api/v1/support/status").json()
    assert (status["state"], status["position"], status["choices"]) == ("waiting", 2, True)
    page = login(seeker).get("/support/waiting/").content.decode()
    assert 'id="waiting-choices" class="card">' in page
    assert "/rooms/" in page


def test_the_waiting_status_poll_reads_a_fixed_number_of_queries(
    login, seeker, bob, charlie, django_assert_max_num_queries
):
    """The waiting page asks every few seconds; a seeker's blocks are read once a poll, however
    often matching scans for a free listener, and the seeker's own account not again."""
    adult(bob)
    make_ready_listener(charlie, available=False)
    do_block(blocker=seeker, blocked=bob)
    do_request_support(seeker=seeker, first_line="is anyone there")
    client = login(seeker)
    # PostgreSQL takes the age band's advisory lock before the slow path's second scan.
    with django_assert_max_num_queries(15 + (connection.vendor == "postgresql")):
        status = client.get("/api/v1/support/status").json()
    assert (status["state"], status["position"]) == ("waiting", 1)


def test_leaving_a_message_for_later_keeps_the_request_waiting(login, seeker):
    do_request_support(seeker=seeker, first_line="whenever someone can")
    login(seeker).post("/support/waiting/later/")
    assert SupportRequest.objects.get(seeker=seeker).later is True
    assert SupportRequest.objects.get(seeker=seeker).state == RequestState.WAITING


def test_a_listener_volunteers_accepts_the_code_completes_orientation_and_goes_available(
    login, charlie, seeker
):
    adult(charlie)
    do_request_support(seeker=seeker, first_line="anyone there?")
    c = login(charlie)
    assert c.post("/support/listen/volunteer/")["Location"] == "/support/listen/conduct/"
    assert c.post("/support/listen/conduct/", {}).status_code == 400
    assert c.post("/support/listen/conduct/", {"accept": "1"}).status_code == 302
    assert c.post("/support/listen/orientation/").status_code == 302
    c.post("/support/listen/availability/", {"available": "1", "max_chats": "2"})
    profile = ListenerProfile.objects.get(user=charlie)
    assert (profile.available, profile.max_chats, profile.active_chats) == (True, 2, 1)
    assert Match.objects.get(seeker=seeker).listener == charlie
    assert "anyone there?" not in c.get("/support/listen/").content.decode()
    assert (
        Match.objects.get(seeker=seeker).seeker_pseudonym
        in c.get("/support/listen/").content.decode()
    )


def test_orientation_needs_the_code_of_conduct_first(login, charlie):
    c = login(charlie)
    c.post("/support/listen/volunteer/")
    assert c.post("/support/listen/orientation/").status_code == 400


@pytest.mark.parametrize("persona", ["alice", "listener", "host"])
def test_only_moderators_see_and_pause_listeners(login, persona, request, ready_listener):
    user: User = with_mfa(request.getfixturevalue(persona))
    assert login(user).get("/support/listeners/").status_code == 404
    assert (
        login(user)
        .post(f"/support/listeners/{ready_listener.pk}/pause/", {"paused": "1"})
        .status_code
        == 404
    )
    assert not ListenerProfile.objects.get(user=ready_listener).paused_by_moderator


def test_a_moderator_sees_listeners_and_pauses_one(login, moderator, ready_listener):
    client = login(with_mfa(moderator))
    asked, _ = do_request_support(
        seeker=adult(User.objects.create_user(username="sam")), first_line="hi"
    )
    Match.objects.filter(request=asked).update(held_back=2)
    page = client.get("/support/listeners/").content.decode()
    assert ready_listener.username in page
    assert f'data-held-back="{ready_listener.pk}">2<' in page
    client.post(f"/support/listeners/{ready_listener.pk}/pause/", {"paused": "1"})
    profile = ListenerProfile.objects.get(user=ready_listener)
    assert (profile.paused_by_moderator, profile.available) == (True, False)


def test_the_help_panel_offers_a_listener_at_support(login, alice):
    from django.urls import reverse

    from tearspace.safety.panels import LISTENER_URL_NAME

    assert reverse(LISTENER_URL_NAME) == "/support/"


@pytest.mark.parametrize("odd", ["²", "٣", "-1", "1e3", "99999999999999999999999", "", " 2"])
def test_an_odd_cap_on_chats_is_refused_kindly_not_a_server_error(login, listener, odd):
    from tearspace.support.tests.conftest import make_ready_listener

    make_ready_listener(listener)
    answer = login(listener).post(
        "/support/listen/availability/", {"available": "1", "max_chats": odd}
    )
    assert answer.status_code == 302  # back to the listening page, with a reason when refused
    assert ListenerProfile.objects.get(user=listener).max_chats in range(1, 4)
