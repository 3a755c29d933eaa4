"""Simultaneous group requests against PostgreSQL: every rule of the interleavings test holds
when threads really race on row locks, with no deadlock and nobody left waiting while a group
on their topic has room or a listener is free."""

import threading
from concurrent.futures import ThreadPoolExecutor

from django.db import connections

from tearspace.accounts.models import AgeBand, User
from tearspace.support.actions import do_request_support
from tearspace.support.models import RequestState, SupportGroup, SupportRequest
from tearspace.support.tests import test_services_concurrency
from tearspace.support.tests.conftest import make_ready_listener
from tearspace.support.tests.test_group_interleavings import LINES, _check_invariants

# The same marks as the one-to-one swarm: a services test, PostgreSQL only, real transactions.
pytestmark = test_services_concurrency.pytestmark

SEEKERS, LISTENERS, THREADS = 60, 6, 20  # 6 listeners x 2 places x 4 seats = 48 seats


def test_simultaneous_group_requests_keep_every_rule():
    seekers = [
        User.objects.create_user(username=f"seekgrp{i:03d}", password="x", age_band=AgeBand.ADULT)
        for i in range(SEEKERS)
    ]
    for i in range(LISTENERS):
        user = User.objects.create_user(
            username=f"lstn{'abcdefgh'[i]}", password="x", age_band=AgeBand.ADULT
        )
        make_ready_listener(user, max_chats=2)
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def ask(batch: list[tuple[int, User]]) -> None:
        try:
            start.wait(timeout=60)
            for i, seeker in batch:
                do_request_support(seeker=seeker, first_line=LINES[i % 2], format="group")
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    numbered = list(enumerate(seekers))
    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(ask, [numbered[i::THREADS] for i in range(THREADS)]))
    assert errors == []
    _check_invariants()
    seated = SupportRequest.objects.filter(state=RequestState.MATCHED).count()
    groups = SupportGroup.objects.filter(active=True)
    assert groups.count() <= LISTENERS * 2
    assert seated == sum(g.seekers for g in groups) > 0
    # Every place of every listener is in use before anyone waits.
    if SupportRequest.objects.filter(state=RequestState.WAITING).exists():
        assert groups.count() == LISTENERS * 2
