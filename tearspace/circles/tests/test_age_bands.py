"""An adult and someone under 18 are never in a circle together, whichever way in.

Each way in (invitation by handle through the page and the API, an invitation link through the
page and the API, an invitation accepted through the page and the API) is tried in both
directions (an adult's circle and a minor coming in, a minor's circle and an adult coming in),
and with people of the same band, where it still works.
"""

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tearspace.accounts.actions import do_block
from tearspace.accounts.models import AgeBand, User
from tearspace.circles import actions
from tearspace.circles.models import Circle, CircleMembership, Invitation
from tearspace.circles.tests.conftest import person
from tearspace.notifications.models import Notification

Login = Callable[[User | None], Client]
ADULT, MINOR, UNKNOWN = AgeBand.ADULT.value, AgeBand.MINOR.value, ""
APART = [(ADULT, MINOR), (MINOR, ADULT)]
TOGETHER = [(ADULT, ADULT), (MINOR, MINOR), (UNKNOWN, MINOR), (ADULT, UNKNOWN)]
NOT_FOUND = "We could not find anyone with that handle."
ONE_TIME = re.compile(r'(nonce|value)="[A-Za-z0-9_-]{20,}"')


def banded(handle: str, band: str) -> User:
    user = person(handle)
    user.age_band = band
    user.save(update_fields=["age_band"])
    return user


@dataclass
class Pair:
    owner: User
    newcomer: User
    circle: Circle

    def is_member(self) -> bool:
        return CircleMembership.objects.filter(circle=self.circle, member=self.newcomer).exists()


def make_pair(owner_band: str, newcomer_band: str) -> Pair:
    owner = banded("ownerperson", owner_band)
    circle = actions.do_create_circle(owner=owner, name="close friends")[0]
    return Pair(owner, banded("teen1", newcomer_band), circle)


# --- Invitation by handle: the answer for an unknown handle, nothing delivered ---------------


def invite_web(login: Login, pair: Pair, handle: str) -> tuple[int, str]:
    url = reverse("circles:invite", args=[pair.circle.pk])
    response = login(pair.owner).post(url, {"handle": handle})
    # The page repeats the typed handle back; all else but per-response tokens is the same.
    page = response.content.decode().replace(handle, "HANDLE")
    return response.status_code, ONE_TIME.sub("TOKEN", page)


def invite_api(login: Login, pair: Pair, handle: str) -> tuple[int, str]:
    url = f"/api/v1/circles/{pair.circle.pk}/invitations"
    response = login(pair.owner).post(url, {"handle": handle}, content_type="application/json")
    return response.status_code, response.content.decode()


INVITES = {"web": invite_web, "api": invite_api}


@pytest.mark.django_db
@pytest.mark.parametrize("way", INVITES)
@pytest.mark.parametrize(("owner_band", "newcomer_band"), APART)
def test_inviting_across_age_bands_answers_as_for_an_unknown_handle(
    login: Login, way: str, owner_band: str, newcomer_band: str
) -> None:
    pair = make_pair(owner_band, newcomer_band)
    status, body = INVITES[way](login, pair, "teen1")
    assert (status, body) == INVITES[way](login, pair, "nobodyhere")
    assert status == 400
    assert NOT_FOUND in body
    assert not Invitation.objects.filter(invitee=pair.newcomer).exists()
    assert not Notification.objects.filter(recipient=pair.newcomer).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("way", INVITES)
def test_inviting_across_age_bands_answers_as_for_a_block(login: Login, way: str) -> None:
    pair = make_pair(ADULT, MINOR)
    blocker = banded("blocker", ADULT)
    do_block(blocker=blocker, blocked=pair.owner)
    assert INVITES[way](login, pair, "teen1") == INVITES[way](login, pair, "blocker")


@pytest.mark.django_db
@pytest.mark.parametrize("way", INVITES)
@pytest.mark.parametrize(("owner_band", "newcomer_band"), TOGETHER)
def test_inviting_in_the_same_band_is_delivered(
    login: Login, way: str, owner_band: str, newcomer_band: str
) -> None:
    pair = make_pair(owner_band, newcomer_band)
    status, _ = INVITES[way](login, pair, "teen1")
    assert status in {201, 302}
    assert Invitation.objects.filter(invitee=pair.newcomer, circle=pair.circle).exists()
    assert Notification.objects.filter(recipient=pair.newcomer).exists()


@pytest.mark.django_db
def test_a_member_of_the_other_band_keeps_a_person_out_even_when_the_owner_has_none(
    login: Login,
) -> None:
    pair = make_pair(UNKNOWN, MINOR)
    actions.do_add_member(circle=pair.circle, person=banded("grownup", ADULT))
    assert invite_api(login, pair, "teen1")[0] == 400
    with pytest.raises(actions.CirclesError, match="isn't open to you"):
        actions.do_add_member(circle=pair.circle, person=pair.newcomer)


# --- Coming in: a link, or an invitation already made (before this rule, or before a member
# --- of the other band joined) --------------------------------------------------------------


def link_web(login: Login, pair: Pair) -> tuple[int, str]:
    _, token = actions.do_create_invite_link(circle=pair.circle, inviter=pair.owner)
    url = reverse("circles:join", args=[token])
    response = login(pair.newcomer).post(url, {"answer": "accept"}, follow=True)
    return response.status_code, response.content.decode()


def link_api(login: Login, pair: Pair) -> tuple[int, str]:
    _, token = actions.do_create_invite_link(circle=pair.circle, inviter=pair.owner)
    response = login(pair.newcomer).post(
        "/api/v1/circles/invitations/join",
        {"token": token, "accept": True},
        content_type="application/json",
    )
    return response.status_code, response.content.decode()


def invitation_to(pair: Pair) -> Invitation:
    """An invitation by handle as one made before the age rule was (it skips the check)."""
    _, digest = Invitation.new_token()
    return Invitation.objects.create(
        circle=pair.circle,
        inviter=pair.owner,
        invitee=pair.newcomer,
        digest=digest,
        expires=timezone.now() + actions.INVITATION_LIFETIME,
    )


def accept_web(login: Login, pair: Pair) -> tuple[int, str]:
    url = reverse("circles:invitation", args=[invitation_to(pair).pk])
    response = login(pair.newcomer).post(url, {"answer": "accept"}, follow=True)
    return response.status_code, response.content.decode()


def accept_api(login: Login, pair: Pair) -> tuple[int, str]:
    url = f"/api/v1/circles/invitations/{invitation_to(pair).pk}/answer"
    response = login(pair.newcomer).post(url, {"accept": True}, content_type="application/json")
    return response.status_code, response.content.decode()


JOINS = {"link_web": link_web, "link_api": link_api, "accept_web": accept_web}
JOINS |= {"accept_api": accept_api}


@pytest.mark.django_db
@pytest.mark.parametrize("way", JOINS)
@pytest.mark.parametrize(("owner_band", "newcomer_band"), APART)
def test_coming_in_across_age_bands_is_calmly_refused(
    login: Login, way: str, owner_band: str, newcomer_band: str
) -> None:
    pair = make_pair(owner_band, newcomer_band)
    status, body = JOINS[way](login, pair)
    assert not pair.is_member()
    # The page of circles (after a redirect) for an invitation; the link's page or a 404 else.
    assert status == (200 if way == "accept_web" else 404)
    assert str(actions.NOT_OPEN_TO_YOU) in html.unescape(body)
    main = body.lower().split("<main")[-1].split("</main>")[0]
    assert not re.search(r"\badult|\bminor|under 18|\bage\b", main)


@pytest.mark.django_db
@pytest.mark.parametrize("way", JOINS)
@pytest.mark.parametrize(("owner_band", "newcomer_band"), TOGETHER)
def test_coming_in_within_a_band_still_works(
    login: Login, way: str, owner_band: str, newcomer_band: str
) -> None:
    pair = make_pair(owner_band, newcomer_band)
    status, _ = JOINS[way](login, pair)
    assert status in {200, 204}
    assert pair.is_member()
