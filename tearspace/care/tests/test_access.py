"""Every care route for every persona: anonymous, the person, a stranger, the therapist asked,
another therapist, a moderator and the operator. A therapist sees only what was shared with
them; another therapist and moderators see nothing of it."""

import pytest
from django.urls import reverse

from tearspace.care.actions import (
    do_answer_request,
    do_request_care,
    do_share_with_therapist,
    do_submit_intake,
)
from tearspace.care.models import RequestState
from tearspace.care.tests.conftest import PREFS
from tearspace.circles.models import Share
from tearspace.journal.models import Entry

SECRET = "words-only-alice-and-theo-may-read"
PRIVATE = "words-alice-kept-to-herself"


@pytest.fixture
def world(alice, charlie, theo_profile, tess_profile, mod, operator):
    intake = do_submit_intake(person=alice, what_brings=SECRET, prefs=PREFS).intake
    care = do_request_care(person=alice, therapist_id=theo_profile.pk, intake=intake)
    do_answer_request(request=care, accept=True, note="")
    care.refresh_from_db()
    shared = Entry.objects.create(owner=alice, notes=SECRET)
    Entry.objects.create(owner=alice, notes=PRIVATE)
    do_share_with_therapist(request=care, entry=shared)
    return {
        "care": care,
        "share": Share.objects.get(entry=shared),
        "people": {
            "alice": alice,
            "charlie": charlie,
            "theo": theo_profile.user,
            "tess": tess_profile.user,
            "mona": mod,
            "ola": operator,
        },
    }


# route name, args from the world, who gets 200 on GET (others: 404; anonymous: login).
PAGES = [
    ("care:index", [], {"alice", "charlie", "theo", "tess", "mona", "ola"}),
    ("care:intake", [], {"alice", "charlie", "theo", "tess", "mona", "ola"}),
    ("care:request", ["care"], {"alice", "theo"}),
    ("care:messages", ["care"], {"alice", "theo"}),
    ("care:inbox", [], {"theo", "tess"}),
    ("care:profile", [], {"theo", "tess"}),
    ("care:dashboard", [], {"ola"}),
    ("care:import", [], {"ola"}),
]
POSTS = [
    ("care:withdraw", ["care"], {"alice"}),
    ("care:answer", ["care"], {"theo"}),
    ("care:share", ["care"], {"alice"}),
    ("care:self_checks", ["care"], {"alice"}),
    ("care:revoke", ["care", "share"], {"alice"}),
    ("care:verify", ["profile"], {"ola"}),
]


def _args(world, names):
    values = {"care": world["care"].pk, "share": world["share"].pk}
    values["profile"] = world["care"].therapist_id
    return [values[name] for name in names]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "args", "allowed"), PAGES)
def test_pages_for_every_persona(login, world, name, args, allowed):
    url = reverse(name, args=_args(world, args))
    anonymous = login(None).get(url)
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]
    for handle, user in world["people"].items():
        response = login(user).get(url)
        expected = 200 if handle in allowed else 404
        assert response.status_code == expected, (handle, url, response.status_code)
        body = response.content.decode()
        assert PRIVATE not in body, handle  # never shared: nobody but alice ever sees it
        if handle not in {"alice", "theo"}:
            assert SECRET not in body, handle


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "args", "allowed"), POSTS)
def test_writes_by_anyone_but_their_owner_are_404(login, world, name, args, allowed):
    url = reverse(name, args=_args(world, args))
    assert login(None).post(url).status_code == 302
    for handle, user in world["people"].items():
        if handle in allowed:
            continue
        assert login(user).post(url, {"answer": "decline", "entry": 1}).status_code == 404, handle
    care = world["care"]
    care.refresh_from_db()
    assert care.state == RequestState.ACCEPTED
    assert Share.objects.filter(pk=world["share"].pk, revoked_at__isnull=True).exists()


@pytest.mark.django_db
def test_another_therapist_cannot_read_or_write_the_messages(login, world):
    url = reverse("care:messages", args=[world["care"].pk])
    login(world["people"]["alice"]).post(url, {"body": SECRET})
    assert login(world["people"]["tess"]).post(url, {"body": "hi"}).status_code == 404
    assert login(world["people"]["mona"]).get(url).status_code == 404
    theo = login(world["people"]["theo"]).get(url).json()
    assert [m["body"] for m in theo["messages"]] == [SECRET]


@pytest.mark.django_db
def test_a_therapist_without_a_second_factor_sees_no_request(login, world):
    from allauth.mfa.models import Authenticator

    theo = world["people"]["theo"]
    Authenticator.objects.filter(user=theo).delete()
    response = login(theo).get(reverse("care:request", args=[world["care"].pk]))
    assert response.status_code in {302, 404}
    assert SECRET not in response.content.decode()
