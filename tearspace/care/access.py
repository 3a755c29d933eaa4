"""The one way to fetch what a person may see in care; anything else is a 404.

A request is seen by its two sides only: the person who asked and the therapist asked.
Moderators and operators see no request's words; operators see the directory and the
promise's figures (counts and times, no names of people asking).
"""

from typing import Any

from django.http import Http404

from tearspace.accounts.access import acts_in_role
from tearspace.accounts.models import Role, User
from tearspace.care.models import CareRequest, TherapistProfile
from tearspace.circles.access import signed_in


def is_operator(user: Any) -> bool:
    """Operators with their second factor: they verify, suspend and import therapists."""
    return acts_in_role(user, {Role.OPERATOR})


def is_therapist(user: Any) -> bool:
    return acts_in_role(user, {Role.THERAPIST})


def access_operator(user: object) -> User:
    person = signed_in(user)
    if not is_operator(person):
        raise Http404
    return person


def access_own_profile(user: object) -> TherapistProfile:
    """The signed-in therapist's own profile (404 for anyone else, or before it exists)."""
    person = signed_in(user)
    if not is_therapist(person):
        raise Http404
    profile = TherapistProfile.objects.filter(user=person).first()
    if profile is None:
        raise Http404
    return profile


def access_profile_for_operator(user: object, profile_id: int) -> TherapistProfile:
    access_operator(user)
    profile = TherapistProfile.objects.filter(pk=profile_id).first()
    if profile is None:
        raise Http404
    return profile


def _requests() -> Any:
    return CareRequest.objects.select_related("therapist__user", "person", "intake")


def access_request_by_id(user: object, request_id: int) -> CareRequest:
    """A request seen by one of its two sides (the therapist with their second factor)."""
    person = signed_in(user)
    request = _requests().filter(pk=request_id).first()
    if request is None:
        raise Http404
    if request.person_id == person.pk:
        return request
    if request.therapist.user_id == person.pk and is_therapist(person):
        return request
    raise Http404


def access_own_request_by_id(user: object, request_id: int) -> CareRequest:
    """A request the signed-in person made (sharing, withdrawing)."""
    request = _requests().filter(pk=request_id, person=signed_in(user)).first()
    if request is None:
        raise Http404
    return request


def access_incoming_request_by_id(user: object, request_id: int) -> CareRequest:
    """A request made to the signed-in therapist (answering)."""
    profile = access_own_profile(user)
    request = _requests().filter(pk=request_id, therapist=profile).first()
    if request is None:
        raise Http404
    return request
