"""After a listener chat through the JSON API: the same rules as the page's forms."""

from collections.abc import Mapping

import pytest
from django.test import Client

from tearspace.journal.models import Entry
from tearspace.rooms.models import InvitationStatus, TearFriendInvitation
from tearspace.support.actions import do_request_support
from tearspace.support.models import KindNote, Match
from tearspace.support.tests.conftest import CRISIS_WORD, with_mfa

pytestmark = pytest.mark.django_db
API = "/api/v1/support/chats"

# Every after-chat write: (path suffix, a valid body for the seeker).
WRITES = {
    "relief": {"relief": "lighter"},
    "note": {"body": "thank you for staying with me"},
    "stay": {},
}


def post(client: Client, match: Match, what: str, body: Mapping[str, object]):
    return client.post(f"{API}/{match.pk}/{what}", body, content_type="application/json")


@pytest.mark.parametrize("what", [*WRITES, "after"])
def test_anonymous_people_get_401(client: Client, ended: Match, what: str) -> None:
    response = (
        client.get(f"{API}/{ended.pk}/after")
        if what == "after"
        else post(client, ended, what, WRITES[what])
    )
    assert response.status_code == 401


@pytest.mark.parametrize("what", [*WRITES, "after"])
@pytest.mark.parametrize("persona", ["bob", "charlie", "host", "moderator", "therapist"])
def test_nobody_outside_the_chat_reaches_it(request, login, ended, what, persona) -> None:
    outsider = login(with_mfa(request.getfixturevalue(persona)))
    response = (
        outsider.get(f"{API}/{ended.pk}/after")
        if what == "after"
        else post(outsider, ended, what, WRITES[what])
    )
    assert response.status_code == 404
    assert Match.objects.get(pk=ended.pk).relief == ""
    assert not KindNote.objects.exists()
    assert not TearFriendInvitation.objects.exists()


@pytest.mark.parametrize("what", WRITES)
def test_the_writes_wait_until_the_chat_has_ended(login, seeker, ready_listener, what) -> None:
    asked, _ = do_request_support(seeker=seeker, first_line="a long day")
    going = Match.objects.get(request=asked)
    response = post(login(seeker), going, what, WRITES[what])
    assert response.status_code == 409
    assert response.json()["detail"] == "This opens once the chat has ended."


def test_the_listener_cannot_answer_for_the_seeker(login, ended, ready_listener) -> None:
    listener = login(ready_listener)
    assert post(listener, ended, "relief", WRITES["relief"]).status_code == 404
    assert post(listener, ended, "note", WRITES["note"]).status_code == 404
    assert Match.objects.get(pk=ended.pk).relief == ""


def test_relief_is_the_seekers_alone_and_goes_to_the_journal_only_when_asked(
    login, ended, seeker, ready_listener
) -> None:
    mine = login(seeker)
    kept = post(mine, ended, "relief", {"relief": "heavier"}).json()
    assert (kept["relief"], kept["in_journal"]) == ("heavier", False)
    assert not Entry.objects.filter(owner=seeker).exists()

    kept = post(mine, ended, "relief", {"relief": "lighter", "journal": True}).json()
    assert (kept["relief"], kept["in_journal"]) == ("lighter", True)
    assert Entry.objects.filter(owner=seeker).count() == 1
    assert mine.get(f"{API}/{ended.pk}/after").json()["relief"] == "lighter"
    theirs = login(ready_listener).get(f"{API}/{ended.pk}/after").json()
    assert (theirs["relief"], theirs["in_journal"], theirs["note"]) == ("", False, "")


@pytest.mark.parametrize("relief", ["much_lighter", "", "LIGHTER", 3, None])
def test_a_relief_off_the_scale_is_refused_with_a_reason(login, ended, seeker, relief) -> None:
    response = post(login(seeker), ended, "relief", {"relief": relief})
    assert response.status_code in {400, 422}
    assert response.json()["detail"]
    assert Match.objects.get(pk=ended.pk).relief == ""


@pytest.mark.parametrize(
    ("body", "status", "reason"),
    [
        ("   ", 400, "Write a few kind words first."),
        ("x" * 2000, 400, "Please keep it under"),
        ("thanks! text me on 555 123 4567", 422, "stay out of listener chats"),
    ],
)
def test_a_refused_note_answers_why_and_keeps_nothing(
    login, ended, seeker, body, status, reason
) -> None:
    response = post(login(seeker), ended, "note", {"body": body})
    assert response.status_code == status
    assert reason in response.json()["detail"]
    assert not KindNote.objects.exists()


def test_a_kind_note_reaches_the_listener_and_help_comes_with_hard_words(
    login, ended, seeker, ready_listener
) -> None:
    mine = login(seeker)
    got = post(mine, ended, "note", WRITES["note"]).json()
    assert (got["note"], got["show_help"]) == ("thank you for staying with me", False)
    assert KindNote.objects.get(match=ended).listener == ready_listener
    got = post(mine, ended, "note", {"body": f"thank you {CRISIS_WORD}"}).json()
    assert got["show_help"] is True
    assert KindNote.objects.count() == 1  # again replaces it


def test_staying_in_touch_needs_both_yeses(login, ended, seeker, ready_listener) -> None:
    asked = post(login(seeker), ended, "stay", {}).json()
    assert asked["invitation"]["status"] == InvitationStatus.PENDING
    assert asked["invited_me"] is False
    assert post(login(seeker), ended, "stay", {"answer": "yes"}).status_code == 404
    listener = login(ready_listener)
    assert listener.get(f"{API}/{ended.pk}/after").json()["invited_me"] is True
    answered = post(listener, ended, "stay", {"answer": "yes"}).json()
    assert answered["invitation"]["status"] == InvitationStatus.ACCEPTED
    assert TearFriendInvitation.objects.get().status == InvitationStatus.ACCEPTED


def test_an_answer_off_the_choices_is_refused(login, ended, ready_listener) -> None:
    response = post(login(ready_listener), ended, "stay", {"answer": "maybe"})
    assert response.status_code in {400, 422}
    assert not TearFriendInvitation.objects.exists()
