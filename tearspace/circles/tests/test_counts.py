"""Every page and API answer that counts people counts everyone, whoever is looking.

alice's "close friends" holds alice, bob, fay and eve (4); hugo's "book club" holds hugo and
charlie (2). The count once ran over the join that picked the viewer's circles, so every circle
read "1 person" to everybody.
"""

import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from tearspace.accounts.models import Role, User
from tearspace.circles.tests.conftest import World, person
from tearspace.rooms.actions import do_create_room, do_join_room
from tearspace.rooms.models import Kind, Status
from tearspace.rooms.tests.conftest import with_mfa

pytestmark = pytest.mark.usefixtures("crisis_lines")


def page_count(html: str, name: str) -> str:
    """The "N people" printed beside the circle called `name` on the circles page."""
    found = re.search(rf">{re.escape(name)}</a> <span[^>]*>([^<]+)</span>", html)
    assert found, f"{name} is not listed"
    return found.group(1).strip()


@pytest.mark.parametrize(
    ("viewer", "counts"),
    [
        ("alice", {"close friends": "4 people"}),
        ("bob", {"close friends": "4 people"}),
        ("charlie", {"book club": "2 people"}),
        ("hugo", {"book club": "2 people"}),
    ],
)
def test_the_circles_page_counts_everyone_in_each_circle(
    world: World, login: Callable[[User | None], Client], viewer: str, counts: dict[str, str]
) -> None:
    html = login(getattr(world, viewer)).get(reverse("circles:index")).content.decode()
    for name, count in counts.items():
        assert page_count(html, name) == count


def test_a_circle_of_one_says_one_person(
    world: World, login: Callable[[User | None], Client]
) -> None:
    client = login(world.dana)
    client.post(reverse("circles:create"), {"name": "just me", "client_key": "k1"})
    html = client.get(reverse("circles:index")).content.decode()
    assert page_count(html, "just me") == "1 person"


def detail_count(html: str) -> str:
    found = re.search(r"data-member-count>([^<]+)<", html)
    assert found
    return found.group(1).strip()


@pytest.mark.parametrize("viewer", ["alice", "bob", "fay"])
def test_the_circle_page_counts_its_people(
    world: World, login: Callable[[User | None], Client], viewer: str
) -> None:
    response = login(getattr(world, viewer)).get(reverse("circles:detail", args=[world.circle.pk]))
    assert detail_count(response.content.decode()) == "4 people"


@pytest.mark.parametrize(("viewer", "size"), [("alice", 4), ("bob", 4), ("hugo", 2)])
def test_the_api_lists_every_member(
    world: World, login: Callable[[User | None], Client], viewer: str, size: int
) -> None:
    circles = login(getattr(world, viewer)).get("/api/v1/circles/").json()
    assert [len(c["members"]) for c in circles] == [size]


def test_the_owner_sees_invitations_still_waiting(
    world: World, login: Callable[[User | None], Client]
) -> None:
    html = login(world.alice).get(reverse("circles:detail", args=[world.circle.pk])).content
    waiting = html.decode().split("data-waiting-invitations>")[1].split("</ul>")[0]
    # dana was invited by handle; one link is out. Both wait for an answer.
    assert "dana" in waiting
    assert "someone with a link" in waiting
    answer = login(world.alice).get(f"/api/v1/circles/{world.circle.pk}").json()
    assert sorted(i["invitee"] or "" for i in answer["invitations"]) == ["", "dana"]


def test_an_answered_invitation_stops_waiting(
    world: World, login: Callable[[User | None], Client]
) -> None:
    login(world.dana).post(
        reverse("circles:invitation", args=[world.invitation.pk]), {"answer": "accept"}
    )
    html = login(world.alice).get(reverse("circles:detail", args=[world.circle.pk])).content
    waiting = html.decode().split("data-waiting-invitations>")[1].split("</ul>")[0]
    assert "dana" not in waiting
    assert detail_count(html.decode()) == "5 people"


def test_members_do_not_see_who_else_was_invited(
    world: World, login: Callable[[User | None], Client]
) -> None:
    html = login(world.bob).get(reverse("circles:detail", args=[world.circle.pk])).content
    assert b"data-waiting-invitations" not in html
    answer = login(world.bob).get(f"/api/v1/circles/{world.circle.pk}").json()
    assert "invitations" not in answer


def test_the_rooms_page_counts_joined_and_waiting_people(
    world: World, login: Callable[[User | None], Client]
) -> None:
    host = with_mfa(person("harriet", Role.HOST))
    room = do_create_room(host=host, title="Goodbye films", kind=Kind.OPEN, capacity=2)
    for someone in (world.alice, world.bob, world.fay):
        do_join_room(room=room, user=someone)
    statuses = sorted(room.memberships.values_list("status", flat=True))
    joined = statuses.count(Status.JOINED)
    waiting = statuses.count(Status.WAITING)
    html = login(world.dana).get(reverse("rooms:list")).content.decode()
    assert f"{joined} of 2 places taken" in html
    assert joined >= 2
    if waiting:
        assert f"{waiting} waiting" in html
