"""200 simultaneous requests against PostgreSQL: nobody in two matches, no listener over their
cap, no adult with a minor, no blocked pair, no deadlock, and nobody left waiting while a
compatible listener is free. Threads need real row locks, so this runs on PostgreSQL only."""

import os
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.db.models import Count

from tearspace.accounts.actions import do_block
from tearspace.accounts.models import AgeBand, User
from tearspace.support.actions import do_request_support
from tearspace.support.models import ListenerProfile, Match, RequestState, SupportRequest
from tearspace.support.tests.conftest import make_ready_listener

pytestmark = [
    pytest.mark.services,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="row locks under threads need PostgreSQL (set DATABASE_URL)",
    ),
    pytest.mark.django_db(transaction=True),
]

SEEKERS_ADULT, SEEKERS_MINOR = 160, 40
LISTENERS_ADULT, LISTENERS_MINOR = 30, 10  # caps 2 and 1: 60 and 10 places
THREADS = 40  # the shared server allows 100 connections


def _people(prefix: str, n: int, band: str) -> list[User]:
    return [
        User.objects.create_user(username=f"{prefix}{i}", password="x", age_band=band)
        for i in range(n)
    ]


def test_a_swarm_of_200_requests_leaves_nobody_in_two_matches():
    assert connection.vendor == "postgresql"
    adults = _people("sa", SEEKERS_ADULT, AgeBand.ADULT)
    minors = _people("sm", SEEKERS_MINOR, AgeBand.MINOR)
    for user in _people("la", LISTENERS_ADULT, AgeBand.ADULT):
        make_ready_listener(user, max_chats=2)
    for user in _people("lm", LISTENERS_MINOR, AgeBand.MINOR):
        make_ready_listener(user, max_chats=1)
    blocked = {(adults[0].pk, User.objects.get(username="la0").pk)}
    do_block(blocker=adults[0], blocked=User.objects.get(username="la0"))
    seekers = adults + minors
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def ask(batch: list[User]) -> None:
        try:
            start.wait(timeout=60)
            for seeker in batch:
                do_request_support(seeker=seeker, first_line="a heavy night")
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(ask, [seekers[i::THREADS] for i in range(THREADS)]))
    assert errors == []

    active = Match.objects.filter(active=True).select_related("seeker", "listener")
    per_seeker = Counter(active.values_list("seeker", flat=True))
    assert per_seeker
    assert max(per_seeker.values()) == 1
    for match in active:
        assert match.seeker.age_band == match.listener.age_band
        assert (match.seeker_id, match.listener_id) not in blocked
    load = dict(active.values("listener").annotate(n=Count("id")).values_list("listener", "n"))
    for profile in ListenerProfile.objects.all():
        assert load.get(profile.user_id, 0) == profile.active_chats <= profile.max_chats
    # Every place was filled, and the rest wait: nobody waits while a compatible place is free.
    assert Match.objects.filter(active=True, seeker__age_band=AgeBand.ADULT).count() == 60
    assert Match.objects.filter(active=True, seeker__age_band=AgeBand.MINOR).count() == 10
    assert SupportRequest.objects.filter(state=RequestState.WAITING).count() == 200 - 70
