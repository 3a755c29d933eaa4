"""Move room and small-chat messages into conversations, keeping everything that points at them.

Room messages keep their ids (so a pinned message and the reports and screenings of it still
find it); small-chat messages are numbered after them. Reports and screening records refer to
messages by content type + id, so they are moved to the conversation message too. Read state
starts at each person's reading floor.
"""

from django.core.management.color import no_style
from django.db import migrations


def _content_type(apps, app_label, model):  # type: ignore[no-untyped-def]
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label=app_label, model=model)[0]


def _repoint(apps, old, new, ids):  # type: ignore[no-untyped-def]
    """Point reports and screening records of `old` content at `new`, ids mapped by `ids`."""
    for name in ("Report", "ScreeningRecord"):
        model = apps.get_model("safety", name)
        for row in model.objects.filter(content_type=old):
            new_id = ids.get(row.object_id)
            if new_id is None:
                continue
            row.content_type, row.object_id = new, str(new_id)
            row.save(update_fields=["content_type", "object_id"])


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    Conversation = apps.get_model("conversations", "Conversation")
    Participant = apps.get_model("conversations", "Participant")
    ConversationMessage = apps.get_model("conversations", "Message")
    Room = apps.get_model("rooms", "Room")
    Membership = apps.get_model("rooms", "Membership")
    RoomMessage = apps.get_model("rooms", "Message")
    TearFriendChat = apps.get_model("rooms", "TearFriendChat")
    TearFriendSeat = apps.get_model("rooms", "TearFriendSeat")
    TearFriendMessage = apps.get_model("rooms", "TearFriendMessage")

    for room in Room.objects.all().iterator():
        room.conversation = Conversation.objects.create(
            kind="room",
            last_seq=room.last_seq,
            newcomers_read_from_join=not room.newcomers_read_earlier,
            created_at=room.created_at,
        )
        room.save(update_fields=["conversation"])
        for membership in Membership.objects.filter(room=room):
            Participant.objects.create(
                conversation=room.conversation,
                user_id=membership.user_id,
                role="host" if membership.user_id == room.host_id else "member",
                from_seq=membership.from_seq,
                last_read_seq=membership.from_seq,
                joined_at=membership.joined_at,
            )
        ConversationMessage.objects.bulk_create(
            ConversationMessage(
                pk=message.pk,
                conversation=room.conversation,
                seq=message.seq,
                author_id=message.author_id,
                body=message.body,
                client_key=message.client_key,
                created_at=message.created_at,
                hidden=message.hidden,
                changed_seq=message.changed_seq,
            )
            for message in RoomMessage.objects.filter(room=room)
        )

    top = ConversationMessage.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    small_ids: dict[str, int] = {}
    for chat in TearFriendChat.objects.all().iterator():
        chat.conversation = Conversation.objects.create(
            kind="small_chat", last_seq=chat.last_seq, created_at=chat.created_at
        )
        chat.save(update_fields=["conversation"])
        # A person sits in a chat once (a chat they left is never offered again).
        for seat in TearFriendSeat.objects.filter(chat=chat).order_by("joined_at", "pk"):
            Participant.objects.update_or_create(
                conversation=chat.conversation,
                user_id=seat.user_id,
                defaults={
                    "from_seq": seat.from_seq,
                    "last_read_seq": seat.from_seq,
                    "joined_at": seat.joined_at,
                },
            )
        for message in TearFriendMessage.objects.filter(chat=chat).order_by("pk"):
            top += 1
            small_ids[str(message.pk)] = top
            ConversationMessage.objects.create(
                pk=top,
                conversation=chat.conversation,
                seq=message.seq,
                author_id=message.author_id,
                body=message.body,
                client_key=message.client_key,
                created_at=message.created_at,
                hidden=message.removed,
                changed_seq=message.changed_seq,
            )

    new = _content_type(apps, "conversations", "message")
    room_ids = {str(pk): pk for pk in RoomMessage.objects.values_list("pk", flat=True)}
    _repoint(apps, _content_type(apps, "rooms", "message"), new, room_ids)
    _repoint(apps, _content_type(apps, "rooms", "tearfriendmessage"), new, small_ids)

    _reset_ids(schema_editor, [ConversationMessage])


def _reset_ids(schema_editor, models):  # type: ignore[no-untyped-def]
    """Ids were given explicitly: PostgreSQL's sequences must carry on after them."""
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Put the messages back in the rooms' own tables (ids kept) and drop the conversations."""
    Conversation = apps.get_model("conversations", "Conversation")
    Participant = apps.get_model("conversations", "Participant")
    ConversationMessage = apps.get_model("conversations", "Message")
    Room = apps.get_model("rooms", "Room")
    Membership = apps.get_model("rooms", "Membership")
    RoomMessage = apps.get_model("rooms", "Message")
    TearFriendChat = apps.get_model("rooms", "TearFriendChat")
    TearFriendSeat = apps.get_model("rooms", "TearFriendSeat")
    TearFriendMessage = apps.get_model("rooms", "TearFriendMessage")

    def floors(conversation):  # type: ignore[no-untyped-def]
        return dict(
            Participant.objects.filter(conversation=conversation).values_list("user_id", "from_seq")
        )

    def fields(message):  # type: ignore[no-untyped-def]
        return {
            "pk": message.pk,
            "seq": message.seq,
            "author_id": message.author_id,
            "body": message.body,
            "client_key": message.client_key,
            "created_at": message.created_at,
            "changed_seq": message.changed_seq,
        }

    room_ids: dict[str, int] = {}
    for room in Room.objects.exclude(conversation=None).select_related("conversation"):
        conversation = room.conversation
        room.last_seq = conversation.last_seq
        room.newcomers_read_earlier = not conversation.newcomers_read_from_join
        room.save(update_fields=["last_seq", "newcomers_read_earlier"])
        for user_id, from_seq in floors(conversation).items():
            Membership.objects.filter(room=room, user_id=user_id).update(from_seq=from_seq)
        for message in ConversationMessage.objects.filter(conversation=conversation):
            RoomMessage.objects.create(room=room, hidden=message.hidden, **fields(message))
            room_ids[str(message.pk)] = message.pk
    small_ids: dict[str, int] = {}
    for chat in TearFriendChat.objects.exclude(conversation=None).select_related("conversation"):
        conversation = chat.conversation
        chat.last_seq = conversation.last_seq
        chat.save(update_fields=["last_seq"])
        for user_id, from_seq in floors(conversation).items():
            TearFriendSeat.objects.filter(chat=chat, user_id=user_id).update(from_seq=from_seq)
        for message in ConversationMessage.objects.filter(conversation=conversation):
            TearFriendMessage.objects.create(chat=chat, removed=message.hidden, **fields(message))
            small_ids[str(message.pk)] = message.pk

    new = _content_type(apps, "conversations", "message")
    _repoint(apps, new, _content_type(apps, "rooms", "message"), room_ids)
    _repoint(apps, new, _content_type(apps, "rooms", "tearfriendmessage"), small_ids)
    Room.objects.update(conversation=None)
    TearFriendChat.objects.update(conversation=None)
    Conversation.objects.all().delete()
    _reset_ids(schema_editor, [RoomMessage, TearFriendMessage])


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("safety", "0007_fixes2_client_keys"),
        ("rooms", "0007_engine_conversations"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
