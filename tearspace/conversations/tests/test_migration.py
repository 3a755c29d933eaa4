"""The migration that moves room and small-chat messages into conversations keeps every word,
sequence, reading floor, pin and report, and can be undone."""

import json
from pathlib import Path

from tearspace.core.tests.fresh import last_line, run_fresh

MIGRATE = """
import json
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.contrib.contenttypes.models import ContentType
from tearspace.accounts.models import User

call_command("migrate", verbosity=0)
call_command("migrate", "rooms", "0006", verbosity=0)
old = MigrationLoader(connection).project_state(
    [("rooms", "0006_fixes2_client_keys"), ("safety", "0007_fixes2_client_keys")]
).apps
hugo = User.objects.create_user(username="hugo", password="x", role="host")
alice = User.objects.create_user(username="alice", password="x")
bob = User.objects.create_user(username="bob", password="x")
room = old.get_model("rooms", "Room").objects.create(
    title="r", host_id=hugo.pk, kind="open", last_seq=4, newcomers_read_earlier=False)
Membership = old.get_model("rooms", "Membership")
Membership.objects.create(room=room, user_id=hugo.pk, status="joined", from_seq=0)
Membership.objects.create(room=room, user_id=bob.pk, status="joined", from_seq=2)
Message = old.get_model("rooms", "Message")
said = [Message.objects.create(room=room, seq=n, author_id=alice.pk, body=f"room {n}",
                               client_key=f"k{n}") for n in (1, 2, 3)]
Message.objects.filter(pk=said[1].pk).update(hidden=True, changed_seq=4)
room.pinned_message_id = said[0].pk
room.save()
chat = old.get_model("rooms", "TearFriendChat").objects.create(room=room, last_seq=2)
old.get_model("rooms", "TearFriendSeat").objects.create(chat=chat, user_id=bob.pk, from_seq=1)
small = old.get_model("rooms", "TearFriendMessage").objects.create(
    chat=chat, seq=2, author_id=alice.pk, body="", removed=True, changed_seq=2)
room_ct = ContentType.objects.get_or_create(app_label="rooms", model="message")[0]
small_ct = ContentType.objects.get_or_create(app_label="rooms", model="tearfriendmessage")[0]
Report = old.get_model("safety", "Report")
Report.objects.create(reporter_id=bob.pk, subject_id=alice.pk, content_type_id=room_ct.pk,
                      object_id=str(said[2].pk), reason="unkind", snapshot="room 3")
Report.objects.create(reporter_id=bob.pk, subject_id=alice.pk, content_type_id=small_ct.pk,
                      object_id=str(small.pk), reason="unkind", snapshot="small words")

call_command("migrate", verbosity=0)
from tearspace.conversations.models import Message as Said, Participant
from tearspace.rooms.models import Room, TearFriendChat
from tearspace.rooms.chat import chat_floor
from tearspace.safety.models import Report as Filed
room = Room.objects.get()
chat = TearFriendChat.objects.get()
reports = [(r.content_type.model, r.content_type.app_label, Said.objects.get(pk=r.object_id).body)
           for r in Filed.objects.order_by("pk")]
seen = {
    "room": [room.last_seq, room.newcomers_read_earlier, room.pinned_message.body,
             chat_floor(bob, room), chat_floor(alice, room)],
    "room_messages": list(room.conversation.messages.values_list("seq", "body", "hidden",
                                                                 "changed_seq", "client_key")),
    "same_ids": [Said.objects.get(pk=m.pk).body for m in said],
    "chat": [chat.last_seq, list(chat.conversation.messages.values_list("seq", "hidden")),
             list(Participant.objects.filter(conversation=chat.conversation)
                  .values_list("user__username", "from_seq"))],
    "reports": reports,
}
with connection.cursor() as cursor:
    cursor.execute("SELECT body FROM conversations_message ORDER BY id")
    seen["stored"] = [row[0] for row in cursor.fetchall()]
top = max(Said.objects.values_list("pk", flat=True))
fresh = Said.objects.create(conversation=room.conversation, seq=5, author=alice, body="new")
seen["fresh_id_after"] = fresh.pk > top
fresh.delete()
call_command("migrate", "conversations", "0001", verbosity=0)
with connection.cursor() as cursor:
    cursor.execute("SELECT body FROM conversations_message ORDER BY id")
    seen["plain_again"] = [row[0] for row in cursor.fetchall()]
call_command("migrate", "rooms", "0006", verbosity=0)
with connection.cursor() as cursor:
    cursor.execute("SELECT seq, body, hidden FROM rooms_message ORDER BY seq")
    seen["undone"] = [list(row) for row in cursor.fetchall()]
    cursor.execute("SELECT last_seq FROM rooms_room")
    seen["undone"].append(cursor.fetchone()[0])
print(json.dumps(seen))
"""


def test_messages_move_into_conversations_with_everything_that_points_at_them(
    tmp_path: Path,
) -> None:
    result = run_fresh(tmp_path / "data", MIGRATE, migrated=True)
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(last_line(result))
    # bob came in after message 2; alice never had a membership (reads nothing said so far).
    assert seen["room"] == [4, False, "room 1", 2, 4]
    assert seen["room_messages"] == [
        [1, "room 1", False, None, "k1"],
        [2, "room 2", True, 4, "k2"],
        [3, "room 3", False, None, "k3"],
    ]
    assert seen["same_ids"] == ["room 1", "room 2", "room 3"]
    assert seen["chat"] == [2, [[2, True]], [["bob", 1]]]
    assert seen["reports"] == [
        ["message", "conversations", "room 3"],
        ["message", "conversations", ""],
    ]
    assert seen["fresh_id_after"] is True
    # Words are encrypted at rest once moved (conversations 0002), and readable again going back.
    assert [stored.startswith("gAAAAA") for stored in seen["stored"] if stored] == [True] * 3
    assert not any("room" in stored for stored in seen["stored"] if stored)
    assert seen["plain_again"] == ["room 1", "room 2", "room 3", ""]
    assert seen["undone"] == [[1, "room 1", 0], [2, "room 2", 1], [3, "room 3", 0], 4]
