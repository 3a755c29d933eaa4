"""A therapist's own profile: made, checked by an operator before it is listed, and checked
again after a change of licence; nobody else has one to edit."""

import pytest
from django.urls import reverse

from tearspace.care.matching import Preferences, match_therapists
from tearspace.care.models import TherapistProfile
from tearspace.care.tests.conftest import with_totp

FORM = {
    "display_name": "Theo Example",
    "licence_type": "LCSW",
    "licence_number": "NY-77",
    "region": "us-ny",
    "languages": ["en", "es"],
    "specialties": ["grief"],
    "online": "on",
    "insurers": "Aetna | Blue Shield",
    "availability": ["mon_evening"],
    "time_zone": "America/New_York",
    "note": "I listen first.",
}


@pytest.mark.django_db
def test_a_new_profile_waits_for_a_check_then_is_found(login, therapist, operator):
    with_totp(therapist)
    client = login(therapist)
    assert client.get(reverse("care:inbox"))["Location"] == reverse("care:profile")
    assert client.post(reverse("care:profile"), FORM).status_code == 302
    profile = TherapistProfile.objects.get(user=therapist)
    assert profile.region == "US-NY"
    assert profile.insurers == ",aetna,blue-shield,"
    assert not profile.is_listed
    prefs = Preferences(language="es", region="US-NY", insurer="blue-shield")
    assert match_therapists(prefs) == []
    login(operator).post(reverse("care:verify", args=[profile.pk]), {"do": "verify"})
    assert [m.therapist_id for m in match_therapists(prefs)] == [profile.pk]
    # A new licence number needs a new check; the note alone does not.
    client.post(reverse("care:profile"), {**FORM, "note": "Evenings too."})
    assert TherapistProfile.objects.get(pk=profile.pk).is_listed
    client.post(reverse("care:profile"), {**FORM, "licence_number": "NY-78"})
    assert not TherapistProfile.objects.get(pk=profile.pk).is_listed


@pytest.mark.django_db
def test_a_profile_keeps_the_answers_when_something_is_missing(login, therapist):
    with_totp(therapist)
    page = login(therapist).post(reverse("care:profile"), {**FORM, "online": ""}).content.decode()
    assert "Choose online, in person, or both." in page
    assert "I listen first." in page
    assert not TherapistProfile.objects.exists()


@pytest.mark.django_db
def test_only_therapists_have_a_profile_page(login, alice, operator):
    for person in (None, alice, operator):
        response = login(person).get(reverse("care:profile"))
        assert response.status_code == (302 if person is None else 404)
