"""An entry goes to circles or to the community, never both at once, whichever way it is sent.

Circle members read an entry's words under its author's handle; the same words under a
community pseudonym would tell them who wrote it. So while one share of an entry is live, a
share of it the other way is refused (API 409, the form shown again); revoking frees it.
"""

import contextlib
import json
import threading
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tearspace.accounts.models import User
from tearspace.circles import actions
from tearspace.circles.models import Circle, Share
from tearspace.circles.tests.conftest import World, make_entry, person
from tearspace.journal.models import Entry

pytestmark = pytest.mark.usefixtures("crisis_lines")

CIRCLES = "circles"
COMMUNITY = "community"
ORDERS = [(CIRCLES, COMMUNITY), (COMMUNITY, CIRCLES)]


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def live(entry: Entry) -> list[Share]:
    return list(Share.objects.filter(entry=entry, revoked_at__isnull=True))


def api_share(client: Client, entry: Entry, audience: str, circle: Circle) -> Any:
    body: dict[str, Any] = (
        {"entry": entry.pk, "circles": [circle.pk]}
        if audience == CIRCLES
        else {"entry": entry.pk, "community": True}
    )
    return client.post("/api/v1/circles/shares", json.dumps(body), content_type="application/json")


def form_share(client: Client, entry: Entry, audience: str, circle: Circle) -> Any:
    chosen = {"circles": [str(circle.pk)]} if audience == CIRCLES else {"audience": "community"}
    return client.post(
        reverse("circles:share_entry", args=[entry.pk]),
        {**chosen, "words": "on", "feelings": "on", "content_note": "grief"},
    )


SENDERS = {"api": (api_share, 201), "form": (form_share, 302)}


@pytest.mark.parametrize(("first", "second"), ORDERS)
@pytest.mark.parametrize("before", SENDERS)
@pytest.mark.parametrize("after", SENDERS)
def test_an_entry_shared_one_way_is_refused_the_other(
    world: World, first: str, second: str, before: str, after: str
) -> None:
    alice, entry = signed_in(world.alice), make_entry(world.alice)
    send, created = SENDERS[before]
    assert send(alice, entry, first, world.circle).status_code == created
    refused = SENDERS[after][0](alice, entry, second, world.circle)
    assert refused.status_code == 409
    assert [s.community for s in live(entry)] == [first == COMMUNITY]
    if after == "api":
        assert refused.json()["detail"] == actions.ONE_AUDIENCE
        return
    # The form comes back as it was sent, with the reason.
    page = refused.content.decode()
    assert str(actions.ONE_AUDIENCE) in page
    assert 'value="grief" selected' in page
    chosen = "community" if second == COMMUNITY else world.circle.pk
    assert f'value="{chosen}" checked' in page


def test_one_request_for_both_gets_the_same_words(world: World) -> None:
    entry = make_entry(world.alice)
    both = {"entry": entry.pk, "circles": [world.circle.pk], "community": True}
    response = signed_in(world.alice).post(
        "/api/v1/circles/shares", json.dumps(both), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"] == actions.ONE_AUDIENCE
    assert live(entry) == []


@pytest.mark.parametrize(("first", "second"), ORDERS)
def test_taking_a_share_back_frees_the_entry_for_the_other_way(
    world: World, first: str, second: str
) -> None:
    alice, entry = signed_in(world.alice), make_entry(world.alice)
    shared = api_share(alice, entry, first, world.circle).json()["id"]
    assert alice.post(reverse("circles:revoke", args=[shared])).status_code == 302
    assert form_share(alice, entry, second, world.circle).status_code == 302
    assert api_share(alice, entry, first, world.circle).status_code == 409
    assert alice.delete(f"/api/v1/circles/shares/{live(entry)[0].pk}").status_code == 204
    assert api_share(alice, entry, first, world.circle).status_code == 201
    assert [s.community for s in live(entry)] == [first == COMMUNITY]


def test_more_shares_the_same_way_are_still_fine(world: World) -> None:
    alice, entry = signed_in(world.alice), make_entry(world.alice)
    assert api_share(alice, entry, COMMUNITY, world.circle).status_code == 201
    assert api_share(alice, entry, COMMUNITY, world.circle).status_code == 201
    assert form_share(alice, entry, COMMUNITY, world.circle).status_code == 302
    assert len(live(entry)) == 3


# --- Any sequence of shares and take-backs ---------------------------------------------------

# ("share", entry, audience) or ("revoke", nth live share of the entry).
steps = st.lists(
    st.one_of(
        st.tuples(
            st.just("share"), st.integers(0, 1), st.sampled_from([CIRCLES, COMMUNITY, "both"])
        ),
        st.tuples(st.just("revoke"), st.integers(0, 1), st.integers(0, 3)),
    ),
    max_size=12,
)


def _apply(step: tuple[str, int, Any], author: User, entries: list[Entry], circle: Circle) -> None:
    """Do one step, and check it was refused exactly when it would break the rule."""
    kind, which, arg = step
    entry = entries[which]
    shares = live(entry)
    if kind == "revoke":
        if shares:
            actions.do_revoke_share(share=shares[arg % len(shares)])
        return
    allowed = arg != "both" and all(s.community == (arg == COMMUNITY) for s in shares)
    try:
        actions.do_share_entry(
            author=author,
            entry=entry,
            circles=[] if arg == COMMUNITY else [circle],
            community=arg != CIRCLES,
        )
        outcome = "shared"
    except actions.CirclesError as error:
        outcome = str(error)
    assert outcome == ("shared" if allowed else actions.ONE_AUDIENCE)


@pytest.mark.django_db
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=steps)
def test_no_sequence_leaves_an_entry_live_in_a_circle_and_the_community(
    steps: list[tuple[str, int, Any]],
) -> None:
    with transaction.atomic():
        author = person("wren")
        circle, _ = actions.do_create_circle(owner=author, name="close")
        entries = [make_entry(author), make_entry(author)]
        for step in steps:
            _apply(step, author, entries, circle)
            for entry in entries:
                assert len({s.community for s in live(entry)}) <= 1
        transaction.set_rollback(True)


# SQLite's shared in-memory test database refuses a second writer at once rather than waiting.
@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_shares_the_two_ways_at_once_let_only_one_through(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each share waits (a little) after its check for the other, so two checks that both
    found the entry free would both share it. The entry's row lock makes the second wait."""
    author = person("wren")
    circle, _ = actions.do_create_circle(owner=author, name="close")
    entry = make_entry(author)
    both = threading.Barrier(2, timeout=1)
    check = actions._check_one_audience

    def check_together(entry: Entry, *, community: bool) -> None:
        check(entry, community=community)
        with contextlib.suppress(threading.BrokenBarrierError):
            both.wait()

    monkeypatch.setattr(actions, "_check_one_audience", check_together)
    outcomes: list[str] = []

    def share(community: bool) -> None:
        try:
            actions.do_share_entry(
                author=author,
                entry=entry,
                circles=[] if community else [circle],
                community=community,
            )
            outcomes.append("shared")
        except actions.CirclesError as error:
            outcomes.append(str(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=share, args=(c,)) for c in (False, True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == sorted(["shared", str(actions.ONE_AUDIENCE)])
    assert len(live(entry)) == 1
