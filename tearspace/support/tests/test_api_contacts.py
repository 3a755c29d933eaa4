"""The JSON API (anonymous, wrong person, right person) and the contact-details check."""

import pytest

from tearspace.support.contacts import has_contact_details
from tearspace.support.models import Match, RequestState, SupportRequest
from tearspace.support.tests.conftest import CRISIS_WORD

API = "/api/v1/support"


@pytest.mark.parametrize(
    "text",
    [
        "text me on 555 123 4567",
        "my email is sam@example.org",
        "see https://example.com/me",
        "www.example.net",
        "find me at @sadpanda_22",
        "add me on insta",
        "do you have whatsapp?",
        "my discord is sam",
        "go to mysite.com",
    ],
)
def test_contact_details_and_invitations_elsewhere_are_spotted(text):
    assert has_contact_details(text)


@pytest.mark.parametrize(
    "text",
    [
        "I cried for 20 minutes",
        "it was 2 a.m. and I was alone",
        "my mum's birthday is on the 3rd",
        "thank you, really",
    ],
)
def test_ordinary_words_pass(text):
    assert not has_contact_details(text)


@pytest.mark.django_db
def test_anonymous_people_get_401_everywhere(client):
    assert (
        client.post(
            f"{API}/request", {"first_line": "x"}, content_type="application/json"
        ).status_code
        == 401
    )
    assert client.get(f"{API}/status").status_code == 401
    assert client.post(f"{API}/cancel").status_code == 401
    assert (
        client.post(
            f"{API}/availability", {"available": True}, content_type="application/json"
        ).status_code
        == 401
    )
    assert client.get(f"{API}/chats/1/messages").status_code == 401


@pytest.mark.django_db
def test_request_status_and_cancel(login, seeker):
    c = login(seeker)
    asked = c.post(
        f"{API}/request", {"first_line": "heavy day"}, content_type="application/json"
    ).json()
    assert (asked["state"], asked["position"]) == ("waiting", 1)
    assert c.get(f"{API}/status").json()["state"] == "waiting"
    assert c.post(f"{API}/cancel").json()["state"] == "cancelled"
    assert SupportRequest.objects.get(seeker=seeker).state == RequestState.CANCELLED


@pytest.mark.django_db
def test_request_in_crisis_answers_the_crisis_page(login, seeker, ready_listener):
    got = login(seeker).post(
        f"{API}/request", {"first_line": CRISIS_WORD}, content_type="application/json"
    )
    assert got.json()["state"] == "crisis"
    assert got.json()["url"] == "/support/crisis/"


@pytest.mark.django_db
def test_request_without_an_age_band_is_409(login, alice):
    got = login(alice).post(f"{API}/request", {"first_line": "hi"}, content_type="application/json")
    assert got.status_code == 409


@pytest.mark.django_db
def test_chat_messages_for_its_two_people_only(login, seeker, ready_listener, bob):
    asked = (
        login(seeker)
        .post(f"{API}/request", {"first_line": "hi"}, content_type="application/json")
        .json()
    )
    match = Match.objects.get(seeker=seeker)
    assert asked["url"] == f"/support/chats/{match.pk}/"
    assert login(bob).get(f"{API}/chats/{match.pk}/messages").status_code == 404
    page = login(ready_listener).get(f"{API}/chats/{match.pk}/messages?after=0").json()
    assert page == {"messages": [], "changes": [], "last_seq": 0, "active": True}
    assert login(bob).post(f"{API}/chats/{match.pk}/end").status_code == 404
    assert login(seeker).post(f"{API}/chats/{match.pk}/end?felt_better=true").status_code == 200
    assert Match.objects.get(pk=match.pk).felt_better is True


@pytest.mark.django_db
def test_availability_needs_orientation_and_then_matches_the_waiting(login, seeker, listener):
    login(seeker).post(f"{API}/request", {"first_line": "hi"}, content_type="application/json")
    c = login(listener)
    assert (
        c.post(
            f"{API}/availability", {"available": True}, content_type="application/json"
        ).status_code
        == 403
    )
    from tearspace.support.tests.conftest import make_ready_listener

    make_ready_listener(listener, available=False)
    got = c.post(
        f"{API}/availability", {"available": True, "max_chats": 2}, content_type="application/json"
    )
    assert got.json() == {
        "available": True,
        "max_chats": 2,
        "active_chats": 1,
        "paused_by_moderator": False,
        "takes_groups": True,
    }
    assert Match.objects.get(seeker=seeker).listener == listener


@pytest.mark.django_db
@pytest.mark.parametrize("line", ["call me +44 7700 900123 please", "sad [at] gmail [dot] com"])
def test_a_first_line_with_contact_details_is_held_back_everywhere(
    login, seeker, ready_listener, line
):
    client = login(seeker)
    got = client.post(f"{API}/request", {"first_line": line}, content_type="application/json")
    assert got.status_code == 422
    assert "kept that message back" in got.json()["detail"]
    page = client.post("/support/", {"first_line": line})
    assert page.status_code == 400
    assert "kept that message back" in page.content.decode()
    assert line.split()[0] in page.content.decode()  # the words stay in the box
    assert not SupportRequest.objects.exists()
    assert not Match.objects.exists()


@pytest.mark.django_db
def test_imminent_risk_with_contact_details_still_goes_to_the_crisis_page(login, seeker):
    got = login(seeker).post(
        f"{API}/request",
        {"first_line": f"{CRISIS_WORD} call me +44 7700 900123"},
        content_type="application/json",
    )
    assert got.json()["state"] == "crisis"
