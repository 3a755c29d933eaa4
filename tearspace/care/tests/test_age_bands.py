"""Care's sharing is a circle of two, and an adult and someone under 18 never share a circle:
a request across bands is refused as for a therapist not listed, before anyone waits on it."""

import pytest

from tearspace.accounts.models import User
from tearspace.care.actions import do_answer_request, do_request_care
from tearspace.care.chat import CareError
from tearspace.care.models import CareRequest, RequestState, TherapistProfile
from tearspace.circles.models import CircleMembership


def set_band(user: User, band: str) -> None:
    User.objects.filter(pk=user.pk).update(age_band=band)
    user.refresh_from_db()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("person_band", "therapist_band"), [("minor", "adult"), ("adult", "minor")]
)
def test_a_request_across_age_bands_is_refused_as_for_a_therapist_not_listed(
    alice: User, theo_profile: TherapistProfile, person_band: str, therapist_band: str
) -> None:
    set_band(alice, person_band)
    set_band(theo_profile.user, therapist_band)
    with pytest.raises(CareError) as refused:
        do_request_care(person=alice, therapist_id=theo_profile.pk, intake=None)
    with pytest.raises(CareError) as unlisted:
        do_request_care(person=alice, therapist_id=theo_profile.pk + 1000, intake=None)
    assert (str(refused.value), refused.value.status) == (
        str(unlisted.value),
        unlisted.value.status,
    )
    assert not CareRequest.objects.exists()


@pytest.mark.django_db
def test_a_yes_to_a_request_made_before_the_rule_opens_no_circle(
    alice: User, theo_profile: TherapistProfile
) -> None:
    care = do_request_care(person=alice, therapist_id=theo_profile.pk, intake=None)
    set_band(alice, "minor")
    set_band(theo_profile.user, "adult")
    with pytest.raises(CareError, match="can no longer be answered"):
        do_answer_request(request=care, accept=True, note="")
    care.refresh_from_db()
    assert care.state == RequestState.REQUESTED
    assert not CircleMembership.objects.filter(member=theo_profile.user).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("person_band", "therapist_band"), [("adult", "adult"), ("minor", "")])
def test_a_request_within_a_band_or_with_none_given_opens_the_circle_of_two(
    alice: User, theo_profile: TherapistProfile, person_band: str, therapist_band: str
) -> None:
    set_band(alice, person_band)
    set_band(theo_profile.user, therapist_band)
    care = do_request_care(person=alice, therapist_id=theo_profile.pk, intake=None)
    do_answer_request(request=care, accept=True, note="")
    care.refresh_from_db()
    assert care.state == RequestState.ACCEPTED
    assert care.circle is not None
    members = set(care.circle.memberships.values_list("member_id", flat=True))
    assert members == {alice.pk, theo_profile.user_id}
