"""After a listener chat: the relief check and its journal bridge, staying in touch through a
circle, kind notes and badges, and the listener's break after a hard chat."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from tearspace.accounts.actions import do_block
from tearspace.accounts.models import AgeBand, User
from tearspace.circles.models import CircleMembership
from tearspace.journal.models import Entry
from tearspace.rooms.mixer_actions import may_not_meet
from tearspace.rooms.models import InvitationStatus, Relief
from tearspace.support.actions import (
    do_end_chat,
    do_end_group,
    do_leave_group,
    do_request_support,
    do_send_group_message,
    do_send_support_message,
)
from tearspace.support.after_actions import (
    do_answer_stay_in_touch,
    do_check_chat_relief,
    do_invite_to_stay_in_touch,
    do_leave_kind_note,
)
from tearspace.support.chat import SupportError
from tearspace.support.contacts import HELD_BACK, HELD_BACK_IN_GROUP
from tearspace.support.models import KindNote, ListenerProfile, Match, RequestState, SupportGroup
from tearspace.support.selectors import NOTES_SHOWN, THANKED_BADGES, badges_of
from tearspace.support.tests.conftest import CRISIS_WORD, adult, of_type

pytestmark = pytest.mark.django_db

GRIEF = "my grandpa passed away and I miss him"


@pytest.fixture
def match(seeker, ready_listener) -> Match:
    asked, _ = do_request_support(seeker=seeker, first_line="a long day")
    return Match.objects.select_related("listener", "seeker").get(request=asked)


@pytest.fixture
def ended(match, seeker) -> Match:
    do_end_chat(match=match, by=seeker)
    return Match.objects.select_related("listener", "seeker").get(pk=match.pk)


def _fresh(match: Match) -> Match:
    return Match.objects.select_related(
        "listener", "seeker", "circle_invitation__inviter", "circle_invitation__invitee"
    ).get(pk=match.pk)


# --- Relief check --------------------------------------------------------------------------------


def test_it_keeps_the_seekers_relief_without_touching_the_journal_unless_asked(ended, seeker):
    do_check_chat_relief(match=ended, seeker=seeker, relief=Relief.LIGHTER)
    assert Match.objects.get(pk=ended.pk).relief == "lighter"
    assert not Entry.objects.filter(owner=seeker).exists()


def test_it_keeps_the_relief_in_one_journal_entry_when_the_seeker_chooses(ended, seeker):
    do_check_chat_relief(match=ended, seeker=seeker, relief=Relief.HEAVIER, journal=True)
    do_check_chat_relief(match=ended, seeker=seeker, relief=Relief.LIGHTER, journal=True)
    entry = Entry.objects.get(owner=seeker)
    assert (entry.relief, entry.with_whom, entry.helped_keys) == ("lighter", "online", ["talking"])
    assert Match.objects.get(pk=ended.pk).journal_entry_id == entry.pk
    # Leaving the box unticked later never removes what they kept.
    do_check_chat_relief(match=ended, seeker=seeker, relief=Relief.SAME)
    assert Entry.objects.filter(owner=seeker).count() == 1


@pytest.mark.parametrize("relief", ["", "ecstatic", "LIGHTER"])
def test_an_answer_off_the_rooms_scale_is_refused(ended, seeker, relief):
    with pytest.raises(SupportError):
        do_check_chat_relief(match=ended, seeker=seeker, relief=relief)
    assert Match.objects.get(pk=ended.pk).relief == ""


def test_only_the_seeker_answers_and_only_once_the_chat_has_ended(match, seeker, ready_listener):
    with pytest.raises(SupportError) as going:
        do_check_chat_relief(match=match, seeker=seeker, relief=Relief.SAME)
    assert going.value.status == 409
    do_end_chat(match=match, by=ready_listener)
    with pytest.raises(SupportError) as not_theirs:
        do_check_chat_relief(match=match, seeker=ready_listener, relief=Relief.SAME)
    assert not_theirs.value.status == 404
    assert Match.objects.get(pk=match.pk).relief == ""


# --- Staying in touch --------------------------------------------------------------------------


def test_a_circle_forms_only_when_both_say_yes(ended, seeker, ready_listener, sent):
    invitation = do_invite_to_stay_in_touch(match=ended, person=seeker)
    assert invitation.status == InvitationStatus.PENDING
    assert not CircleMembership.objects.filter(member=ready_listener).exists()
    do_answer_stay_in_touch(match=_fresh(ended), person=ready_listener, accept=True)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED
    circle = invitation.circle
    assert circle is not None
    assert circle.owner_id == seeker.pk
    assert circle.name == "Staying in touch after a listener chat"
    assert CircleMembership.objects.filter(circle=circle, member=ready_listener).exists()


def test_not_now_forms_nothing_and_the_asker_is_never_told(ended, seeker, ready_listener, sent):
    invitation = do_invite_to_stay_in_touch(match=ended, person=ready_listener)
    do_answer_stay_in_touch(match=_fresh(ended), person=seeker, accept=False)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.NOT_NOW
    assert invitation.circle_id is None
    assert invitation.to_dict(viewer_id=ready_listener.pk)["status"] == "pending"
    assert [to for to, e in of_type(sent, "tear_friend_invitation") if e["op"] != "new"] == [
        seeker.pk
    ]


def test_the_listener_never_learns_the_seekers_handle_before_a_yes(
    ended, seeker, ready_listener, sent
):
    do_invite_to_stay_in_touch(match=ended, person=seeker)
    (to, event), *_ = of_type(sent, "tear_friend_invitation")
    assert to == ready_listener.pk
    assert event["invitation"]["inviter"] == {"id": None, "handle": ended.seeker_pseudonym}
    assert seeker.username not in str(event)
    assert event["room"] is None
    assert event["invitation"]["room_title"] == "a listener chat"


def test_the_invitation_events_reach_exactly_the_two_people(ended, seeker, ready_listener, sent):
    do_invite_to_stay_in_touch(match=ended, person=ready_listener)
    do_answer_stay_in_touch(match=_fresh(ended), person=seeker, accept=True)
    got = [(to, e["op"]) for to, e in of_type(sent, "tear_friend_invitation")]
    assert got == [(seeker.pk, "new"), (seeker.pk, "answered"), (ready_listener.pk, "accepted")]


def test_a_block_quietly_withholds_the_invitation(ended, seeker, ready_listener, sent):
    do_block(blocker=ready_listener, blocked=seeker)
    invitation = do_invite_to_stay_in_touch(match=ended, person=seeker)
    assert invitation.status == InvitationStatus.WITHHELD
    assert invitation.to_dict(viewer_id=seeker.pk)["status"] == "pending"
    assert of_type(sent, "tear_friend_invitation") == []
    with pytest.raises(SupportError):
        do_answer_stay_in_touch(match=_fresh(ended), person=ready_listener, accept=True)


def test_an_adult_and_someone_under_18_are_never_put_in_a_circle(
    ended, seeker, ready_listener, sent
):
    adult(seeker, AgeBand.MINOR)  # their band changed after the chat
    invitation = do_invite_to_stay_in_touch(match=ended, person=ready_listener)
    assert invitation.status == InvitationStatus.WITHHELD
    assert of_type(sent, "tear_friend_invitation") == []


@pytest.mark.parametrize("a", ["", AgeBand.ADULT, AgeBand.MINOR])
@pytest.mark.parametrize("b", ["", AgeBand.ADULT, AgeBand.MINOR])
def test_age_bands_keep_apart_exactly_adults_and_people_under_18(alice, bob, a, b):
    alice.age_band, bob.age_band = a, b
    assert may_not_meet(alice, bob) is bool(a and b and a != b)


def test_nobody_outside_the_chat_and_no_chat_still_going_can_invite(
    match, seeker, ready_listener, bob
):
    with pytest.raises(SupportError) as going:
        do_invite_to_stay_in_touch(match=match, person=seeker)
    assert going.value.status == 409
    do_end_chat(match=match, by=seeker)
    with pytest.raises(SupportError) as stranger:
        do_invite_to_stay_in_touch(match=match, person=bob)
    assert stranger.value.status == 404


def test_asking_twice_makes_one_invitation(ended, seeker, sent):
    first = do_invite_to_stay_in_touch(match=ended, person=seeker)
    again = do_invite_to_stay_in_touch(match=ended, person=seeker)
    assert first.pk == again.pk
    assert len(of_type(sent, "tear_friend_invitation")) == 1


# --- Kind notes and badges ---------------------------------------------------------------------


def test_a_kind_note_reaches_the_listener_encrypted_at_rest(ended, seeker, ready_listener):
    note, screening = do_leave_kind_note(match=ended, seeker=seeker, body="you really listened")
    assert KindNote.objects.get(listener=ready_listener).body == "you really listened"
    assert screening is not None
    assert not screening.show_help
    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM support_kindnote WHERE id = %s", [note.pk])
        assert "listened" not in str(cursor.fetchone()[0])


@pytest.mark.parametrize(
    "body", ["text me on 555 123 4567", "add me on insta", "mail me at a@example.org"]
)
def test_a_note_with_contact_details_is_held_back(ended, seeker, body):
    with pytest.raises(SupportError) as held:
        do_leave_kind_note(match=ended, seeker=seeker, body=body)
    assert held.value.status == 422
    assert not KindNote.objects.exists()


def test_a_worrying_note_is_screened_and_help_goes_to_the_writer(ended, seeker):
    _, screening = do_leave_kind_note(match=ended, seeker=seeker, body=f"thanks {CRISIS_WORD}")
    assert screening is not None
    assert screening.show_help


@pytest.mark.parametrize("body", ["", "   ", "x" * 501])
def test_an_empty_or_overlong_note_is_refused(ended, seeker, body):
    with pytest.raises(SupportError):
        do_leave_kind_note(match=ended, seeker=seeker, body=body)
    assert not KindNote.objects.exists()


def test_only_the_seeker_leaves_a_note_once_the_chat_has_ended(match, seeker, ready_listener):
    with pytest.raises(SupportError):
        do_leave_kind_note(match=match, seeker=seeker, body="thank you")
    do_end_chat(match=match, by=seeker)
    with pytest.raises(SupportError):
        do_leave_kind_note(match=match, seeker=ready_listener, body="thank you")
    assert not KindNote.objects.exists()


@pytest.mark.parametrize("thanked", range(0, 30))
@pytest.mark.parametrize("oriented", [True, False])
def test_badges_come_from_orientation_and_kind_notes_only(ready_listener, thanked, oriented):
    profile = ListenerProfile.objects.get(user=ready_listener)
    if not oriented:
        profile.orientation_completed_at = None
    badges = badges_of(profile, thanked=thanked)
    assert ("Oriented" in badges) is oriented
    steps = [name for step, name in THANKED_BADGES if thanked >= step]
    assert badges == (["Oriented"] if oriented else []) + steps[:1]


def test_many_chats_alone_earn_no_thanks_badge(login, seeker, ready_listener):
    for _ in range(6):
        asked, _ = do_request_support(seeker=seeker, first_line="again")
        do_end_chat(match=Match.objects.get(request=asked), by=seeker)
    html = login(ready_listener).get("/support/listen/").content.decode()
    assert "Oriented" in html
    assert "Thanked" not in html


# --- A break after a hard chat -----------------------------------------------------------------


def _profile(user: User) -> ListenerProfile:
    return ListenerProfile.objects.get(user=user)


@dataclass
class Chat:
    """A chat of one kind with one way of ending it, seen from the tests of breaks."""

    say: Callable[[str], object]
    end: Callable[[datetime | None], object]
    started_at: datetime
    # What the listener's break event names: {"match": id} or {"group": id}.
    names: dict[str, Any]
    break_type: str


def _one_to_one(seeker: User, *, ended_by: str) -> Chat:
    asked, _ = do_request_support(seeker=seeker, first_line="a long day")
    match = Match.objects.select_related("listener", "seeker").get(request=asked)
    by = match.seeker if ended_by == "seeker" else match.listener
    return Chat(
        say=lambda body: do_send_support_message(match=match, author=seeker, body=body),
        end=lambda now: do_end_chat(match=match, by=by, now=now),
        started_at=match.started_at,
        names={"match": match.pk},
        break_type="support_break",
    )


def _group(seeker: User, *, ended_by: str) -> Chat:
    asked, _ = do_request_support(seeker=seeker, first_line=GRIEF, format="group")
    seat = Match.objects.select_related("group", "listener").get(request=asked)
    group = seat.group
    assert group is not None

    def end(now: datetime | None) -> object:
        if ended_by == "last seeker leaving":
            return do_leave_group(seat=seat, now=now)
        return do_end_group(group=group, by=ended_by, now=now)

    return Chat(
        say=lambda body: do_send_group_message(group=group, author=seeker, body=body),
        end=end,
        started_at=group.started_at,
        names={"group": group.pk},
        break_type="support_group_break",
    )


# Every kind of listener chat and every way it ends: one path offers the listener a break.
CHATS: dict[str, Callable[[User], Chat]] = {
    "one-to-one ended by the seeker": partial(_one_to_one, ended_by="seeker"),
    "one-to-one ended by the listener": partial(_one_to_one, ended_by="listener"),
    "group ended by the listener": partial(_group, ended_by="listener"),
    "group ended by a moderator": partial(_group, ended_by="moderator"),
    "group ended by its last seeker leaving": partial(_group, ended_by="last seeker leaving"),
}
EVERY_CHAT = pytest.mark.parametrize("start", CHATS.values(), ids=CHATS.keys())
ONE_OF_EACH_KIND = pytest.mark.parametrize(
    "start", [_one_to_one, _group], ids=["one-to-one", "group"]
)


@ONE_OF_EACH_KIND
@pytest.mark.parametrize("body", ["", "   ", "a" * 2001 + " add me on insta @quietfern"])
def test_a_message_the_engine_refuses_is_refused_before_the_contact_check(
    start, body, seeker, ready_listener
):
    chat = start(seeker, ended_by="listener")
    with pytest.raises(SupportError) as refused:
        chat.say(body)
    assert refused.value.status == 400
    assert refused.value.reason not in {HELD_BACK, HELD_BACK_IN_GROUP}
    counted = [*Match.objects.values_list("held_back", flat=True)]
    counted += SupportGroup.objects.values_list("held_back", flat=True)
    assert counted
    assert set(counted) == {0}


@EVERY_CHAT
def test_a_chat_with_a_crisis_alert_sets_the_listener_away_with_a_break(
    start, seeker, ready_listener, sent
):
    chat = start(seeker)
    chat.say(f"{CRISIS_WORD} tonight")
    chat.end(None)
    profile = _profile(ready_listener)
    assert (profile.available, profile.break_offered_at is not None) == (False, True)
    assert of_type(sent, chat.break_type) == [
        (
            ready_listener.pk,
            {
                "type": chat.break_type,
                **chat.names,
                "url": "/support/listen/",
                "breathe_url": "/toolkit/breathe/",
            },
        )
    ]


@EVERY_CHAT
def test_a_long_chat_is_a_hard_one_too(start, seeker, ready_listener, sent):
    chat = start(seeker)
    chat.end(chat.started_at + timedelta(minutes=45))
    assert _profile(ready_listener).available is False
    assert [to for to, _ in of_type(sent, chat.break_type)] == [ready_listener.pk]


@EVERY_CHAT
def test_a_short_calm_chat_offers_no_break(start, seeker, ready_listener, sent):
    chat = start(seeker)
    chat.say("just tired")
    chat.end(chat.started_at + timedelta(minutes=44))
    assert _profile(ready_listener).available is True
    assert of_type(sent, chat.break_type) == []


@EVERY_CHAT
def test_after_a_hard_chat_the_listener_is_not_given_the_next_person(
    start, seeker, ready_listener, bob
):
    chat = start(seeker)
    chat.say(CRISIS_WORD)
    waiting, _ = do_request_support(seeker=adult(bob), first_line="me too")
    chat.end(None)
    assert not Match.objects.filter(seeker=bob).exists()
    waiting.refresh_from_db()
    assert waiting.state == RequestState.WAITING


def test_one_tap_brings_the_listener_back(login, match, seeker, ready_listener):
    do_end_chat(match=match, by=seeker, now=timezone.now() + timedelta(hours=1))
    page = login(ready_listener).get("/support/listen/").content.decode()
    assert 'id="break-offer"' in page
    assert "/toolkit/breathe/" in page
    login(ready_listener).post("/support/listen/availability/", {"available": "1"})
    profile = _profile(ready_listener)
    assert (profile.available, profile.break_offered_at) == (True, None)
    assert 'id="break-offer"' not in login(ready_listener).get("/support/listen/").content.decode()


# --- Export and delete -------------------------------------------------------------------------


def test_the_export_carries_the_relief_and_the_notes_on_both_sides(ended, seeker, ready_listener):
    from tearspace.accounts.data import export_data

    do_check_chat_relief(match=ended, seeker=seeker, relief=Relief.LIGHTER)
    do_leave_kind_note(match=ended, seeker=seeker, body="you helped a lot")
    mine: Any = export_data(seeker)["support"]
    theirs: Any = export_data(ready_listener)["support"]
    assert mine["chats"][0]["relief_after"] == "lighter"
    assert mine["chats"][0]["my_kind_note"] == "you helped a lot"
    assert theirs["chats"][0]["relief_after"] == ""
    assert [n["note"] for n in theirs["kind_notes_received"]] == ["you helped a lot"]
    assert seeker.username not in str(theirs)


def test_deleting_the_seeker_deletes_their_note(ended, seeker):
    do_leave_kind_note(match=ended, seeker=seeker, body="you helped a lot")
    seeker.delete()
    assert not KindNote.objects.exists()


def test_a_listener_page_shows_the_newest_notes_and_counts_them_all(login, seeker, ready_listener):
    for n in range(NOTES_SHOWN + 3):
        cache.clear()  # the request budget is not what this is about
        asked, _ = do_request_support(seeker=seeker, first_line="again")
        match = Match.objects.get(request=asked)
        do_end_chat(match=match, by=seeker)
        do_leave_kind_note(match=match, seeker=seeker, body=f"thank you, note {n}")
    html = login(ready_listener).get("/support/listen/").content.decode()
    assert html.count("thank you, note ") == NOTES_SHOWN
    assert f"note {NOTES_SHOWN + 2}<" in html  # the newest
    assert "note 2<" not in html
    assert "And 3 earlier notes." in html
    assert "Thanked 25 times" in html  # badges count every note, not only those shown
