"""The person's path through the pages: intake, matches with reasons, a request, an answer,
sharing and taking back, messages. Through the test client, as each persona."""

import pytest
from django.urls import reverse

from tearspace.care.actions import do_submit_intake
from tearspace.care.models import CareRequest, Intake, RequestState
from tearspace.care.tests.conftest import PREFS
from tearspace.circles.models import Share
from tearspace.journal.models import Entry
from tearspace.notifications.models import Notification

INTAKE = {
    "what_brings": "I keep crying since my gran died",
    "language": "es",
    "mode": "online",
    "region": "us-ny",
    "insurer": "",
    "specialties": ["grief"],
    "gender": "",
}


@pytest.mark.django_db
def test_the_intake_shows_ranked_matches_with_true_reasons(
    login, alice, theo_profile, tess_profile
):
    client = login(alice)
    response = client.post(reverse("care:intake"), INTAKE)
    assert response.status_code == 302
    page = client.get(reverse("care:matches")).content.decode()
    assert page.index("Theo Example") < page.index("Tess Example")  # grief ranks Theo first
    assert "specialises in grief" in page
    assert "speaks Spanish" in page
    intake = Intake.objects.get(person=alice)
    assert intake.what_brings == INTAKE["what_brings"]


@pytest.mark.django_db
def test_a_wrong_intake_comes_back_with_the_words_kept(login, alice):
    client = login(alice)
    wrong = {**INTAKE, "mode": "in_person", "region": ""}
    response = client.post(reverse("care:intake"), wrong)
    assert response.status_code == 200
    page = response.content.decode()
    assert "I keep crying since my gran died" in page
    assert "Say where you are" in page
    assert not Intake.objects.exists()


@pytest.mark.django_db
def test_changing_the_answers_starts_from_every_answer_given_words_included(
    login, alice, theo_profile
):
    client = login(alice)
    client.post(reverse("care:intake"), INTAKE)
    page = client.get(reverse("care:intake")).content.decode()
    assert INTAKE["what_brings"] in page
    form = client.get(reverse("care:intake")).context["form"]
    for name, value in INTAKE.items():  # (a region is kept in capitals)
        assert str(form[name].value()).lower() == str(value).lower(), name
    # Sent again unchanged, the new intake keeps the words: nothing reaches a therapist blank.
    client.post(reverse("care:intake"), {k: v for k, v in form.initial.items() if v is not None})
    assert [i.what_brings for i in Intake.objects.filter(person=alice)] == [
        INTAKE["what_brings"]
    ] * 2


@pytest.mark.django_db
def test_asking_answering_sharing_and_taking_back(login, alice, theo_profile, tess_profile):
    intake = do_submit_intake(person=alice, what_brings="heavy weeks", prefs=PREFS).intake
    person = login(alice)
    person.post(reverse("care:ask"), {"therapist": [theo_profile.pk]})
    care = CareRequest.objects.get(person=alice)
    assert care.intake == intake
    assert care.state == RequestState.REQUESTED
    assert Notification.objects.filter(recipient=theo_profile.user, kind="care").exists()

    therapist = login(theo_profile.user)
    inbox = therapist.get(reverse("care:inbox")).content.decode()
    assert "hours left" in inbox
    assert "heavy weeks" in therapist.get(reverse("care:request", args=[care.pk])).content.decode()
    therapist.post(reverse("care:answer", args=[care.pk]), {"answer": "accept", "note": "Welcome"})
    care.refresh_from_db()
    assert care.state == RequestState.ACCEPTED
    assert care.note == "Welcome"

    first = Entry.objects.create(owner=alice, notes="first cry words")
    second = Entry.objects.create(owner=alice, notes="second cry words")
    for entry in (first, second):
        person.post(reverse("care:share", args=[care.pk]), {"entry": entry.pk, "words": "on"})
    page = therapist.get(reverse("care:request", args=[care.pk])).content.decode()
    assert "first cry words" in page
    assert "second cry words" in page

    share = Share.objects.get(entry=first)
    person.post(reverse("care:revoke", args=[care.pk, share.pk]))
    page = therapist.get(reverse("care:request", args=[care.pk])).content.decode()
    assert "first cry words" not in page
    assert "second cry words" in page
    # Circles' own page for the share is gone for the therapist too.
    assert therapist.get(reverse("circles:share", args=[share.pk])).status_code == 404

    person.post(reverse("care:messages", args=[care.pk]), {"body": "hello theo"})
    therapist.post(reverse("care:messages", args=[care.pk]), {"body": "hello alice"})
    history = person.get(reverse("care:messages", args=[care.pk])).json()
    assert [m["body"] for m in history["messages"]] == ["hello theo", "hello alice"]


@pytest.mark.django_db
def test_the_self_check_trend_is_seen_only_while_shared(login, alice, theo_profile):
    from tearspace.care.actions import do_answer_request, do_request_care
    from tearspace.safety.models import SelfCheck

    SelfCheck.objects.create(person=alice, kind="phq9", answers=[1] * 9, score=9, band="mild")
    care = do_request_care(person=alice, therapist_id=theo_profile.pk, intake=None)
    do_answer_request(request=care, accept=True, note="")
    therapist = login(theo_profile.user)
    url = reverse("care:request", args=[care.pk])
    assert "Self-check trend" not in therapist.get(url).content.decode()
    login(alice).post(reverse("care:self_checks", args=[care.pk]), {"share": "on"})
    assert "PHQ-9 9 (mild)" in therapist.get(url).content.decode()
    login(alice).post(reverse("care:self_checks", args=[care.pk]))
    assert "Self-check trend" not in therapist.get(url).content.decode()


@pytest.mark.django_db
def test_an_entry_in_the_community_goes_to_the_therapist_once_taken_back(
    login, alice, theo_profile
):
    """The therapist reads shares under alice's handle, so they must not match her pseudonym."""
    from tearspace.care.actions import do_answer_request, do_request_care
    from tearspace.circles.actions import ONE_AUDIENCE, do_revoke_share, do_share_entry

    care = do_request_care(person=alice, therapist_id=theo_profile.pk, intake=None)
    do_answer_request(request=care, accept=True, note="")
    entry = Entry.objects.create(owner=alice, notes="words the community read")
    anonymous = do_share_entry(author=alice, entry=entry, circles=[], community=True).share
    person = login(alice)
    share = reverse("care:share", args=[care.pk])
    refused = person.post(share, {"entry": entry.pk, "words": "on"}, follow=True)
    assert str(ONE_AUDIENCE) in refused.content.decode()
    assert list(Share.objects.filter(entry=entry)) == [anonymous]
    do_revoke_share(share=anonymous)
    person.post(share, {"entry": entry.pk, "words": "on"})
    care.refresh_from_db()
    shown = Share.objects.get(entry=entry, revoked_at__isnull=True)
    assert shown.audiences.get().circle_id == care.circle_id is not None
