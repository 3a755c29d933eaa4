"""A person has at most one open escalation of a kind: a burst joins it, never floods the queue."""

import json
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from tearspace.accounts.models import User
from tearspace.safety import actions as safety_actions
from tearspace.safety.actions import do_act_on_case, do_create_escalation, do_submit_self_check
from tearspace.safety.models import CaseStatus, Escalation

Login = Callable[[User | None], Client]
PHQ9_URGENT = [0, 0, 0, 0, 0, 0, 0, 0, 3]  # item 9: nearly every day
PHQ9_CONCERN = [0, 0, 0, 0, 0, 0, 0, 0, 1]


@pytest.fixture
def announced(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """The moderation queue events the actions queue (sent after commit)."""
    got: list[dict[str, Any]] = []
    monkeypatch.setattr(safety_actions, "send_moderation_event_on_commit", got.append)
    return got


@pytest.mark.django_db
def test_twenty_urgent_phq9_answers_through_the_api_file_one_escalation(
    alice: User, login: Login, announced: list[dict[str, Any]]
) -> None:
    client = login(alice)
    for _ in range(20):
        got = client.post(
            "/api/v1/safety/self-checks",
            json.dumps({"kind": "phq9", "answers": PHQ9_URGENT}),
            content_type="application/json",
        )
        assert got.status_code == 201
    escalation = Escalation.objects.get(person=alice)
    assert (escalation.kind, escalation.level, escalation.status) == (
        "self-check",
        "urgent",
        "open",
    )
    assert [e["op"] for e in announced] == ["add"]


@pytest.mark.django_db
def test_a_more_urgent_signal_raises_the_open_one_and_says_so(
    alice: User, announced: list[dict[str, Any]]
) -> None:
    do_submit_self_check(person=alice, kind="phq9", answers=PHQ9_CONCERN)
    do_submit_self_check(person=alice, kind="phq9", answers=PHQ9_URGENT)
    do_submit_self_check(person=alice, kind="phq9", answers=PHQ9_CONCERN)  # changes nothing
    escalation = Escalation.objects.get(person=alice)
    assert (escalation.level, escalation.urgency) == ("urgent", 3)
    assert escalation.reasons == ["PHQ-9 item 9 answered “Nearly every day”"]
    assert announced == [
        {
            "type": "moderation_item",
            "op": "add",
            "item": f"escalation:{escalation.pk}",
            "level": "concern",
            "urgency": 2,
            "status": "open",
        },
        {
            "type": "moderation_item",
            "op": "update",
            "item": f"escalation:{escalation.pk}",
            "level": "urgent",
            "urgency": 3,
            "status": "open",
        },
    ]


@pytest.mark.django_db
def test_kinds_and_people_are_apart_and_a_closed_one_makes_room_for_the_next(
    alice: User, bob: User, mod: User
) -> None:
    first = do_create_escalation(person=alice, kind="room_message", level="urgent", reasons=[])
    assert (
        do_create_escalation(person=alice, kind="room_message", level="urgent", reasons=[]) == first
    )
    other_kind = do_create_escalation(person=alice, kind="self-check", level="urgent", reasons=[])
    other_person = do_create_escalation(person=bob, kind="room_message", level="urgent", reasons=[])
    assert len({first.pk, other_kind.pk, other_person.pk}) == 3
    # Still open while a moderator is reaching out; a new one once it is resolved.
    do_act_on_case(moderator=mod, case=first, action="reach_out", message="We're here.")
    assert (
        do_create_escalation(person=alice, kind="room_message", level="urgent", reasons=[]) == first
    )
    do_act_on_case(moderator=mod, case=first, action="resolve")
    later = do_create_escalation(person=alice, kind="room_message", level="urgent", reasons=[])
    assert later.pk != first.pk
    assert Escalation.objects.filter(person=alice, status=CaseStatus.OPEN).count() == 2


# In-memory SQLite (the default test database) raises "table is locked" for concurrent writers
# instead of waiting, so this runs against PostgreSQL with the other service tests.
@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_concurrent_urgent_answers_file_one_escalation(alice: User) -> None:
    errors: list[BaseException] = []
    start = threading.Barrier(20)

    def submit() -> None:
        try:
            start.wait()
            do_submit_self_check(person=alice, kind="phq9", answers=PHQ9_URGENT)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Escalation.objects.filter(person=alice, kind="self-check").count() == 1
