"""Room actions: capacity, sequence numbers, idempotency, screening, host rules, events."""

import threading
from typing import Any

import pytest
from django.db import connection

from tearspace.accounts.data import export_data
from tearspace.accounts.models import User
from tearspace.conversations.models import Message
from tearspace.core.tests.clips import make_clip
from tearspace.rooms import actions, host_actions
from tearspace.rooms.actions import RoomError
from tearspace.rooms.models import Kind, Membership, Room, Status
from tearspace.rooms.tests.conftest import with_mfa
from tearspace.safety.models import ScreeningRecord

pytestmark = pytest.mark.django_db


def test_it_numbers_messages_per_room(room: Room, member: User, host: User) -> None:
    other = actions.do_create_room(host=host, title="Other", kind=Kind.OPEN)
    seqs = [
        actions.do_send_message(room_id=room.pk, author=member, body=f"m{n}")[0].seq
        for n in range(3)
    ]
    assert seqs == [1, 2, 3]
    assert actions.do_send_message(room_id=other.pk, author=host, body="hi")[0].seq == 1


def test_it_screens_every_message_and_keeps_the_words(room: Room, member: User) -> None:
    message, screening = actions.do_send_message(room_id=room.pk, author=member, body="CRISIS")
    assert screening is not None
    assert screening.show_help is True
    record = ScreeningRecord.objects.filter(object_id=str(message.pk)).first()
    assert record is not None
    assert record.pk == screening.record_id
    assert record.kind == "room_message"
    assert record.object_id == str(message.pk)
    assert Message.objects.get(pk=message.pk).body == "CRISIS"


def test_it_alerts_host_and_moderators_and_helps_only_the_sender(
    room: Room, member: User, member2: User, host: User, mod: User, sent: list[Any]
) -> None:
    actions.do_send_message(room_id=room.pk, author=member, body="CRISIS now")
    personal = [(uid, e["type"]) for kind, uid, e in sent if kind == "user"]
    assert sorted(personal) == sorted(
        [(member.pk, "room_help"), (host.pk, "room_alert"), (mod.pk, "room_alert")]
    )
    # Imminent risk: the writer's panel puts the emergency number first, no volunteer.
    assert [e["urgent"] for _, _, e in sent if e["type"] == "room_help"] == [True]
    assert [e["type"] for kind, _, e in sent if kind == "room"] == ["room_message"]


def test_it_sends_no_help_or_alert_for_ordinary_words(
    room: Room, member: User, sent: list[Any]
) -> None:
    actions.do_send_message(room_id=room.pk, author=member, body="that was beautiful")
    assert [kind for kind, _, _ in sent] == ["room"]


def test_it_returns_the_stored_message_for_a_repeated_key(room: Room, member: User) -> None:
    first, _ = actions.do_send_message(room_id=room.pk, author=member, body="hi", client_key="x")
    again, screening = actions.do_send_message(
        room_id=room.pk, author=member, body="hi", client_key="x"
    )
    assert again.pk == first.pk
    assert screening is None
    assert Message.objects.count() == 1


def test_it_answers_a_retry_with_the_stored_copy_after_chat_went_quiet(
    room: Room, member: User, host: User
) -> None:
    """A message stored before the host quieted the chat was sent when allowed: its retry (a
    reconnecting tab re-sending an unacknowledged key) is acknowledged, not refused."""
    first, _ = actions.do_send_message(room_id=room.pk, author=member, body="hi", client_key="x")
    host_actions.do_set_chat_muted(actor=host, room_id=room.pk, muted=True)
    again, screening = actions.do_send_message(
        room_id=room.pk, author=member, body="hi", client_key="x"
    )
    assert (again.pk, screening) == (first.pk, None)
    with pytest.raises(actions.RoomError):
        actions.do_send_message(room_id=room.pk, author=member, body="new", client_key="y")
    assert Message.objects.count() == 1


# In-memory SQLite (the default test database) raises "table is locked" for concurrent writers
# instead of waiting, so this runs against PostgreSQL with the other service tests.
@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_it_hands_out_unique_seqs_under_concurrency(
    room: Room, member: User, settings: Any
) -> None:
    # One person sending 30 times at once is over the chat's rate limit; sequence numbers are
    # what this is about (test_limits.py covers the limit).
    settings.RATELIMIT_ENABLE = False
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            for i in range(5):
                actions.do_send_message(
                    room_id=room.pk, author=member, body=f"{n}-{i}", client_key=f"{n}-{i}"
                )
                # Half the workers also retry their send: the retry must not duplicate.
                if n % 2:
                    actions.do_send_message(
                        room_id=room.pk, author=member, body=f"{n}-{i}", client_key=f"{n}-{i}"
                    )
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    seqs = sorted(Message.objects.filter(conversation__room=room).values_list("seq", flat=True))
    assert seqs == list(range(1, 21))
    assert Room.objects.get(pk=room.pk).last_seq == 20


def test_it_refuses_strangers_muted_members_and_quiet_chat(
    room: Room, member: User, charlie: User, host: User
) -> None:
    with pytest.raises(RoomError, match="Join the room"):
        actions.do_send_message(room_id=room.pk, author=charlie, body="hi")
    host_actions.do_set_chat_muted(actor=host, room_id=room.pk, muted=True)
    with pytest.raises(RoomError, match="quiet"):
        actions.do_send_message(room_id=room.pk, author=member, body="hi")
    assert actions.do_send_message(room_id=room.pk, author=host, body="welcome")[0].seq == 1
    host_actions.do_set_chat_muted(actor=host, room_id=room.pk, muted=False)
    host_actions.do_set_member_muted(actor=host, room_id=room.pk, user_id=member.pk, muted=True)
    with pytest.raises(RoomError, match="paused"):
        actions.do_send_message(room_id=room.pk, author=member, body="hi")


def test_it_fills_to_capacity_then_waits_then_promotes(
    host: User, alice: User, bob: User, charlie: User, sent: list[Any]
) -> None:
    with_mfa(host)
    room = actions.do_create_room(host=host, title="Small", kind=Kind.OPEN, capacity=2)
    assert actions.do_join_room(room=room, user=alice).status == Status.JOINED
    assert actions.do_join_room(room=room, user=bob).status == Status.WAITING
    assert actions.do_join_room(room=room, user=charlie).status == Status.WAITING
    actions.do_leave_room(room=room, user=alice)
    assert Membership.objects.get(room=room, user=bob).status == Status.JOINED
    assert Membership.objects.get(room=room, user=charlie).status == Status.WAITING
    assert ("user", bob.pk, "room_promoted") in [(k, u, e["type"]) for k, u, e in sent]


def test_it_refuses_joins_when_locked_ended_or_removed(
    room: Room, member: User, bob: User, charlie: User, host: User
) -> None:
    host_actions.do_remove_member(actor=host, room_id=room.pk, user_id=member.pk)
    with pytest.raises(RoomError, match="not to rejoin"):
        actions.do_join_room(room=room, user=member)
    host_actions.do_set_locked(actor=host, room_id=room.pk, locked=True)
    with pytest.raises(RoomError, match="closed the door"):
        actions.do_join_room(room=room, user=bob)
    host_actions.do_end_room(actor=host, room_id=room.pk)
    with pytest.raises(RoomError, match="ended"):
        actions.do_join_room(room=room, user=charlie)


def test_it_lets_only_host_and_moderators_steer(
    room: Room, member: User, mod: User, sent: list[Any]
) -> None:
    with pytest.raises(RoomError):
        host_actions.do_set_phase(actor=member, room_id=room.pk, phase="sharing")
    host_actions.do_set_phase(actor=mod, room_id=room.pk, phase="sharing")
    assert Room.objects.get(pk=room.pk).phase == "sharing"
    assert [e["type"] for _, _, e in sent] == ["room_state"]


def test_it_computes_the_position_for_latecomers(room: Room, host: User) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    actions.do_add_clip(
        actor=host,
        room=room,
        title="One",
        media=SimpleUploadedFile("1.mp4", make_clip(), content_type="video/mp4"),
    )
    actions.do_add_clip(
        actor=host,
        room=room,
        title="Two",
        media=SimpleUploadedFile("2.mp4", make_clip(), content_type="video/mp4"),
    )
    host_actions.do_control_playback(actor=host, room_id=room.pk, op="seek", position=30)
    playing = host_actions.do_control_playback(actor=host, room_id=room.pk, op="play")
    later = playing.playback_updated_at.timestamp() + 12
    assert playing.current_position(later) == pytest.approx(42)
    paused = host_actions.do_control_playback(actor=host, room_id=room.pk, op="pause")
    assert paused.current_position(later + 100) == paused.position
    nxt = host_actions.do_control_playback(actor=host, room_id=room.pk, op="next")
    assert nxt.current_clip is not None
    assert nxt.current_clip.title == "Two"
    assert nxt.position == 0
    with pytest.raises(RoomError, match="last clip"):
        host_actions.do_control_playback(actor=host, room_id=room.pk, op="next")


def test_it_exports_a_persons_room_data(room: Room, member: User) -> None:
    actions.do_send_message(room_id=room.pk, author=member, body="my words")
    data = export_data(member)["rooms"]
    assert isinstance(data, dict)
    assert [m["body"] for m in data["messages"]] == ["my words"]
    assert data["memberships"][0]["room_title"] == "Goodbye films"


def test_it_leaves_no_gap_after_a_refused_or_repeated_send(
    room: Room, member: User, charlie: User
) -> None:
    actions.do_send_message(room_id=room.pk, author=member, body="one", client_key="a")
    actions.do_send_message(room_id=room.pk, author=member, body="one", client_key="a")
    with pytest.raises(RoomError):
        actions.do_send_message(room_id=room.pk, author=charlie, body="hi")
    two, _ = actions.do_send_message(room_id=room.pk, author=member, body="two", client_key="b")
    assert two.seq == 2
    assert Room.objects.get(pk=room.pk).last_seq == 2


def test_an_urgent_room_message_reaches_moderators_with_the_words_the_room_saw(
    room: Room, member: User
) -> None:
    from tearspace.safety.models import Escalation

    actions.do_send_message(room_id=room.pk, author=member, body="CRISIS tonight")
    escalation = Escalation.objects.get(person=member)
    assert (escalation.kind, escalation.snapshot) == ("room_message", "CRISIS tonight")


def test_words_that_worry_short_of_imminent_risk_keep_the_listener_offer(
    room: Room, member: User, sent: list[Any]
) -> None:
    actions.do_send_message(room_id=room.pk, author=member, body="WORRY a little")
    assert [e["urgent"] for _, _, e in sent if e["type"] == "room_help"] == [False]
