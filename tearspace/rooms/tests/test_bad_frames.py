"""Malformed frames on the room socket: an error frame, nothing stored, and the socket stays open.

Generated from the consumer's own code: every action it knows by every frame field it reads by
each kind of bad value (lone surrogate, NUL, huge and negative numbers, wrong shapes).
"""

import inspect
import json
import re
from typing import Any

import pytest
from asgiref.sync import sync_to_async

from tearspace.accounts.models import User
from tearspace.conversations.models import Message
from tearspace.rooms import consumers
from tearspace.rooms.models import Room
from tearspace.rooms.tests.test_consumers import Socket, open_socket

pytestmark = pytest.mark.django_db(transaction=True)

ACTIONS = sorted(consumers.RoomConsumer.HANDLERS)
FIELDS = sorted(set(re.findall(r'frame\.get\("(\w+)"', inspect.getsource(consumers))))
UNSTORABLE_TEXT = ["x \ud83d", "a\x00b", "\udfff lone low"]
ODD_VALUES: list[Any] = [
    99999999999999999999,
    -1,
    -(2**70),
    10**400,
    1e308,
    -1e308,
    True,
    [1, 2],
    {"nested": "x"},
    "²",
]


@pytest.fixture(autouse=True)
def _no_flood_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    # Many frames in a row are the point here; the flood limit has its own tests.
    monkeypatch.setattr(consumers, "BUCKET_CAPACITY", 10_000.0)


async def still_open(socket: Socket) -> None:
    """The socket answers a fresh frame, so the bad one did not close it."""
    await socket.send(action="no-such-action")
    # Replies to earlier frames may still be queued; a closed socket fails wait_for itself.
    while (await socket.wait_for("error", timeout=5.0))["reason"] != "That action is not known.":
        continue


def test_the_fields_come_from_the_consumer() -> None:
    # If the consumer stops reading frames with frame.get(...), this generation must change.
    assert {"body", "key", "user", "message", "position", "chat"} <= set(FIELDS)


@pytest.mark.parametrize("action", ACTIONS)
async def test_unstorable_text_in_any_field_gets_an_error_frame_and_keeps_the_socket(
    room: Room, host: User, member: User, action: str
) -> None:
    socket = await open_socket(host, room)
    for bad in UNSTORABLE_TEXT:
        for field in [*FIELDS, "action"]:
            frame = {"action": action, "key": "k-1", field: bad}
            await socket.comm.send_to(text_data=json.dumps(frame))
            error = await socket.wait_for("error")
            assert "Unicode" in error["reason"] or "NUL" in error["reason"], (field, error)
            # The key comes back (unless it is the bad part) so the client stops re-sending.
            assert error["key"] == (None if field == "key" else "k-1")
    await still_open(socket)
    assert await sync_to_async(Message.objects.filter(conversation__room=room).count)() == 0
    await socket.comm.disconnect()


@pytest.mark.parametrize("action", ACTIONS)
async def test_odd_numbers_and_shapes_in_any_field_keep_the_socket(
    room: Room, host: User, member: User, action: str
) -> None:
    socket = await open_socket(host, room)
    for odd in ODD_VALUES:
        for field in FIELDS:
            await socket.comm.send_to(text_data=json.dumps({"action": action, field: odd}))
    await still_open(socket)
    await socket.comm.disconnect()


async def test_frames_that_are_not_json_or_not_objects_get_an_error_frame(
    room: Room, member: User
) -> None:
    socket = await open_socket(member, room)
    for raw in ["{", "[1, 2]", '"text"', '{"action": NaN}', "1" * 5000, "[" * 7000]:
        await socket.comm.send_to(text_data=raw)
        error = await socket.wait_for("error")
        assert error["reason"] in {
            "That could not be read as JSON.",
            "That message could not be read.",
        }
    await still_open(socket)
    await socket.comm.disconnect()


async def test_the_issue_example_a_lone_surrogate_in_chat_is_refused_and_the_socket_stays(
    room: Room, member: User
) -> None:
    socket = await open_socket(member, room)
    await socket.comm.send_to(text_data='{"action": "send", "key": "k-9", "body": "x \\ud83d"}')
    error = await socket.wait_for("error")
    assert error["key"] == "k-9"
    assert "retry" not in error  # room.js drops the frame instead of re-sending it forever
    await socket.send(action="send", key="k-10", body="still here")
    ack = await socket.wait_for("ack")
    assert ack["key"] == "k-10"
    bodies = await sync_to_async(lambda: [m.body for m in Message.objects.all()])()
    assert bodies == ["still here"]
    await socket.comm.disconnect()
