"""The after-chat pages and forms for every persona, and bad input re-shown with the words."""

import pytest

from tearspace.accounts.models import User
from tearspace.journal.models import Entry
from tearspace.rooms.models import InvitationStatus, TearFriendInvitation
from tearspace.support.actions import do_request_support
from tearspace.support.after_actions import do_invite_to_stay_in_touch, do_leave_kind_note
from tearspace.support.models import KindNote, Match
from tearspace.support.tests.conftest import make_ready_listener, with_mfa

pytestmark = pytest.mark.django_db

# Every new chat form: (path suffix, valid data for the seeker).
FORMS = {
    "relief": {"relief": "lighter"},
    "note": {"body": "thank you for staying with me"},
    "stay": {},
}


@pytest.mark.parametrize("form", FORMS)
def test_anonymous_people_are_sent_to_log_in(client, ended, form):
    response = client.post(f"/support/chats/{ended.pk}/{form}/", FORMS[form])
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("persona", ["bob", "charlie", "host", "moderator", "therapist"])
def test_nobody_outside_the_chat_reaches_its_forms(request, login, ended, form, persona):
    outsider = with_mfa(request.getfixturevalue(persona))
    response = login(outsider).post(f"/support/chats/{ended.pk}/{form}/", FORMS[form])
    assert response.status_code == 404
    assert Match.objects.get(pk=ended.pk).relief == ""
    assert not KindNote.objects.exists()
    assert not TearFriendInvitation.objects.exists()


@pytest.mark.parametrize("form", FORMS)
def test_the_forms_take_only_posts(login, ended, seeker, form):
    assert login(seeker).get(f"/support/chats/{ended.pk}/{form}/").status_code == 405


def test_the_seeker_sees_the_after_chat_forms_and_the_listener_does_not(
    login, ended, seeker, ready_listener
):
    mine = login(seeker).get(f"/support/chats/{ended.pk}/").content.decode()
    theirs = login(ready_listener).get(f"/support/chats/{ended.pk}/").content.decode()
    assert 'id="relief-form"' in mine
    assert 'id="note-form"' in mine
    assert 'id="relief-form"' not in theirs
    assert 'id="note-form"' not in theirs
    assert 'id="ask-stay"' in mine
    assert 'id="ask-stay"' in theirs


def test_the_forms_wait_until_the_chat_has_ended(login, seeker, ready_listener):
    asked, _ = do_request_support(seeker=seeker, first_line="a long day")
    match = Match.objects.get(request=asked)
    page = login(seeker).get(f"/support/chats/{match.pk}/").content.decode()
    assert 'id="after-chat"' not in page
    response = login(seeker).post(f"/support/chats/{match.pk}/note/", FORMS["note"])
    assert response.status_code == 400
    assert "thank you for staying with me" in response.content.decode()
    assert not KindNote.objects.exists()


def test_the_seeker_keeps_their_relief_in_the_journal_only_when_ticked(login, ended, seeker):
    login(seeker).post(f"/support/chats/{ended.pk}/relief/", {"relief": "same"})
    assert not Entry.objects.filter(owner=seeker).exists()
    login(seeker).post(f"/support/chats/{ended.pk}/relief/", {"relief": "lighter", "journal": "1"})
    assert Entry.objects.get(owner=seeker).relief == "lighter"
    page = login(seeker).get(f"/support/chats/{ended.pk}/").content.decode()
    assert 'value="lighter" checked' in page


def test_a_relief_off_the_scale_re_shows_the_page(login, ended, seeker):
    response = login(seeker).post(f"/support/chats/{ended.pk}/relief/", {"relief": "???"})
    assert response.status_code == 400
    assert "Choose lighter, about the same, or heavier." in response.content.decode()


@pytest.mark.parametrize(
    "body",
    ["call me on 555 123 4567 thank you", "x" * 501, "   "],
    ids=["contact", "long", "blank"],
)
def test_a_refused_note_re_shows_the_page_with_the_words_intact(login, ended, seeker, body):
    response = login(seeker).post(f"/support/chats/{ended.pk}/note/", {"body": body})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html
    assert body.strip() in html
    assert not KindNote.objects.exists()


def test_the_listener_reads_their_kind_notes_and_badges(login, ended, seeker, ready_listener):
    login(seeker).post(f"/support/chats/{ended.pk}/note/", FORMS["note"])
    page = login(ready_listener).get("/support/listen/").content.decode()
    assert "thank you for staying with me" in page
    assert "Oriented" in page
    assert "Thanked" in page


def test_nobody_else_reads_a_listeners_kind_notes(login, ended, seeker, bob, alice):
    do_leave_kind_note(match=ended, seeker=seeker, body="you were so kind")
    other = make_ready_listener(bob)
    assert "you were so kind" not in login(other).get("/support/listen/").content.decode()
    assert "you were so kind" not in login(alice).get("/support/listen/").content.decode()


SHOWS_HANDLES = "In the circle you both show under your handles, not the names used in this chat."


def test_before_saying_yes_each_person_is_told_the_circle_shows_handles(
    login, ended, seeker, ready_listener
):
    for person in (seeker, ready_listener):  # before asking
        assert SHOWS_HANDLES in login(person).get(f"/support/chats/{ended.pk}/").content.decode()
    login(ready_listener).post(f"/support/chats/{ended.pk}/stay/")
    asked = login(seeker).get(f"/support/chats/{ended.pk}/").content.decode()  # before answering
    assert "would like to stay in touch" in asked
    assert SHOWS_HANDLES in asked


def test_staying_in_touch_from_the_pages_needs_both_yeses(login, ended, seeker, ready_listener):
    login(ready_listener).post(f"/support/chats/{ended.pk}/stay/")
    page = login(seeker).get(f"/support/chats/{ended.pk}/").content.decode()
    assert "would like to stay in touch" in page
    login(seeker).post(f"/support/chats/{ended.pk}/stay/", {"answer": "yes"})
    invitation = TearFriendInvitation.objects.get()
    assert invitation.status == InvitationStatus.ACCEPTED
    assert (
        "you share a circle now"
        in login(seeker).get(f"/support/chats/{ended.pk}/").content.decode()
    )


def test_the_asker_cannot_answer_their_own_invitation(login, ended, seeker):
    do_invite_to_stay_in_touch(match=ended, person=seeker)
    response = login(seeker).post(f"/support/chats/{ended.pk}/stay/", {"answer": "yes"})
    assert response.status_code == 404
    assert TearFriendInvitation.objects.get().status == InvitationStatus.PENDING


def test_a_listener_who_was_not_in_the_chat_sees_no_after_chat(login, ended, bob: User):
    assert login(make_ready_listener(bob)).get(f"/support/chats/{ended.pk}/").status_code == 404
