"""The one outbox: a transaction's events leave together after commit, never on rollback, and
sending never raises into the action that wrote them."""

import asyncio
import json
import logging
from collections.abc import Sequence
from typing import Any

import pytest
from django.db import transaction

from tearspace.accounts.models import User
from tearspace.lib import outbox as outbox_module
from tearspace.lib.fanout import PERSONAL_TYPE, personal_group, room_group
from tearspace.lib.outbox import GroupMessage, PersonEvent, RoomText, outbox

Published = list[tuple[list[RoomText], list[PersonEvent], list[GroupMessage]]]


@pytest.fixture
def published(monkeypatch: pytest.MonkeyPatch) -> Published:
    """Every hop the outbox makes to the channel layer, as (rooms, people, groups)."""
    hops: Published = []

    async def publish(
        rooms: Sequence[RoomText], people: Sequence[PersonEvent], groups: Sequence[GroupMessage]
    ) -> None:
        hops.append((list(rooms), list(people), list(groups)))

    monkeypatch.setattr(outbox_module, "publish", publish)
    return hops


class Failed(Exception):
    """The action failed after queuing its events."""


def queue_then_fail(*events: dict[str, Any]) -> None:
    """Queue room events in an atomic block that then fails, as an action that raises."""
    with transaction.atomic():
        for event in events:
            outbox().room(1, event)
        raise Failed


def room_events(hop: tuple[list[RoomText], Any, Any]) -> list[dict[str, Any]]:
    return [json.loads(text) for _, text, _ in hop[0]]


@pytest.mark.django_db(transaction=True)
def test_one_transaction_sends_all_its_events_in_one_hop_after_commit(
    published: Published, alice: User
) -> None:
    with transaction.atomic():
        outbox().room(7, {"type": "room_state", "phase": "open"})
        outbox().person(alice.pk, {"type": "room_help", "room": 7})
        outbox().room(7, {"type": "room_typing"}, skip_user=alice.pk)
        outbox().group("moderation", {"type": "moderation.event", "event": {"item": "report:1"}})
        assert published == []  # nothing leaves before the commit
    [hop] = published
    assert room_events(hop) == [{"type": "room_state", "phase": "open"}, {"type": "room_typing"}]
    assert [skip for _, _, skip in hop[0]] == [None, alice.pk]
    assert hop[1] == [(alice.pk, {"type": "room_help", "room": 7})]
    assert hop[2] == [("moderation", {"type": "moderation.event", "event": {"item": "report:1"}})]


def test_one_action_queues_one_on_commit_callback(
    db: None, django_capture_on_commit_callbacks: Any, published: Published
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        for n in range(5):
            outbox().room(1, {"type": "room_reaction", "n": n})
            outbox().person(2, {"type": "room_help", "n": n})
    assert len(callbacks) == 1
    [hop] = published
    assert [e["n"] for e in room_events(hop)] == [0, 1, 2, 3, 4]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_sends_nothing_and_the_next_one_sends_its_own(
    published: Published,
) -> None:
    with pytest.raises(Failed):
        queue_then_fail({"type": "room_state", "n": "lost"})
    assert published == []
    with transaction.atomic():
        outbox().room(1, {"type": "room_state", "n": "kept"})
    [hop] = published
    assert room_events(hop) == [{"type": "room_state", "n": "kept"}]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_savepoint_drops_only_the_events_added_inside_it(
    published: Published,
) -> None:
    with transaction.atomic():
        outbox().room(1, {"type": "room_state", "n": 1})
        with pytest.raises(Failed):
            queue_then_fail({"type": "room_state", "n": "lost"}, {"type": "room_help"})
        outbox().room(1, {"type": "room_state", "n": 2})
    assert [e["n"] for hop in published for e in room_events(hop)] == [1, 2]


@pytest.mark.django_db(transaction=True)
def test_a_savepoint_that_rolls_back_after_its_events_drops_them_at_commit(
    published: Published,
) -> None:
    """The savepoint's events were the last ones added: nothing later shows it rolled back."""
    with transaction.atomic():
        outbox().room(1, {"type": "room_state", "n": 1})
        with pytest.raises(Failed):
            queue_then_fail({"type": "room_state", "n": "lost"})
    assert [e["n"] for hop in published for e in room_events(hop)] == [1]


@pytest.mark.django_db(transaction=True)
def test_a_released_savepoint_keeps_its_events_in_order(published: Published) -> None:
    with transaction.atomic():
        outbox().room(1, {"type": "room_state", "n": 1})
        with transaction.atomic():
            outbox().room(1, {"type": "room_state", "n": 2})
        outbox().room(1, {"type": "room_state", "n": 3})
    assert [e["n"] for hop in published for e in room_events(hop)] == [1, 2, 3]


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_an_event_leaves_at_once(published: Published) -> None:
    outbox().person(4, {"type": "notification", "op": "add"})
    assert published == [([], [(4, {"type": "notification", "op": "add"})], [])]


class BrokenLayer:
    """A cross-process layer whose broker is down."""

    def __init__(self) -> None:
        self.tried: list[str] = []

    async def group_send(self, group: str, message: dict[str, Any]) -> None:
        self.tried.append(group)
        raise ConnectionError("broker down")


@pytest.mark.django_db(transaction=True)
def test_a_broker_error_after_commit_is_logged_and_never_raised(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    layer = BrokenLayer()
    monkeypatch.setattr(outbox_module, "get_channel_layer", lambda: layer)
    with caplog.at_level(logging.ERROR, logger="tearspace.lib.outbox"), transaction.atomic():
        outbox().room(1, {"type": "room_state"})
        outbox().person(2, {"type": "share_reply", "op": "add"})
        outbox().group("moderation", {"type": "moderation.event", "event": {}})
    assert layer.tried == [room_group(1), personal_group(2), "moderation"]
    assert len(caplog.records) == 3


@pytest.mark.django_db(transaction=True)
def test_a_personal_event_travels_with_its_person_outside_the_event(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Sockets get the event as the action built it; the hub routes by the envelope."""
    sent: list[tuple[str, dict[str, Any]]] = []

    class Layer:
        async def group_send(self, group: str, message: dict[str, Any]) -> None:
            sent.append((group, message))

    monkeypatch.setattr(outbox_module, "get_channel_layer", lambda: Layer())
    with transaction.atomic():
        outbox().person(9, {"type": "room_removed", "room": 3})
    assert sent == [
        (
            personal_group(9),
            {"type": PERSONAL_TYPE, "user": 9, "event": {"type": "room_removed", "room": 3}},
        )
    ]


def test_a_hand_off_that_fails_is_logged_and_never_raised(
    db: None,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def publish(*args: Any) -> None:
        raise RuntimeError("no event loop for it")

    monkeypatch.setattr(outbox_module, "publish", publish)
    logs = caplog.at_level(logging.ERROR, logger="tearspace.lib.outbox")
    with logs, django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        outbox().room(1, {"type": "room_state"})
    assert "live events not sent" in caplog.text


@pytest.mark.django_db(transaction=True)
async def test_a_socket_cancelled_mid_send_loses_no_later_commit_hook(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A client that goes away while its action's events are being sent cancels the send
    (asgiref hands the cancellation to the loop task of the worker thread's async_to_sync); the
    cancellation must stop at the outbox, not skip the transaction's other commit hooks."""
    sending = asyncio.Event()

    async def publish(*args: Any) -> None:
        sending.set()
        await asyncio.Event().wait()  # never finishes by itself

    monkeypatch.setattr(outbox_module, "publish", publish)
    hooks_run: list[str] = []

    def action() -> bool:
        with transaction.atomic():
            outbox().room(1, {"type": "room_state"})
            transaction.on_commit(lambda: hooks_run.append("later hook"))
        return transaction.get_connection().get_autocommit()

    from asgiref.sync import sync_to_async

    task = asyncio.create_task(sync_to_async(action)())
    await sending.wait()
    task.cancel()
    assert await task is True  # the action finished, its connection back in autocommit
    assert hooks_run == ["later hook"]
