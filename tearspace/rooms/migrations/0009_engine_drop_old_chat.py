"""The old chat tables and counters go: conversations hold messages, sequence and reading floors."""

import django.db.models.deletion
from django.db import migrations, models


def _conversation(*, related_name: str) -> models.OneToOneField:
    return models.OneToOneField(
        on_delete=django.db.models.deletion.PROTECT,
        related_name=related_name,
        to="conversations.conversation",
    )


def _unpin(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("rooms", "Room").objects.update(pinned_message=None)


class Migration(migrations.Migration):
    dependencies = [
        ("conversations", "0001_engine_initial"),
        ("rooms", "0008_engine_move_messages"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="message", name="one_seq_per_room"),
        migrations.RemoveConstraint(model_name="message", name="one_message_per_client_key"),
        migrations.AlterField(
            model_name="room",
            name="pinned_message",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="conversations.message",
            ),
        ),
        # Going back, the old table is empty until 0008 refills it: pins cannot point there.
        migrations.RunPython(migrations.RunPython.noop, _unpin),
        migrations.RemoveConstraint(model_name="tearfriendmessage", name="one_seq_per_small_chat"),
        migrations.RemoveConstraint(
            model_name="tearfriendmessage", name="one_small_chat_message_per_client_key"
        ),
        migrations.RemoveField(model_name="membership", name="from_seq"),
        migrations.RemoveField(model_name="room", name="last_seq"),
        migrations.RemoveField(model_name="room", name="newcomers_read_earlier"),
        migrations.RemoveField(model_name="tearfriendchat", name="last_seq"),
        migrations.RemoveField(model_name="tearfriendseat", name="from_seq"),
        # 0008 gave every room and small chat its own conversation.
        migrations.AlterField(
            model_name="room", name="conversation", field=_conversation(related_name="room")
        ),
        migrations.AlterField(
            model_name="tearfriendchat",
            name="conversation",
            field=_conversation(related_name="small_chat"),
        ),
        migrations.RemoveField(model_name="tearfriendmessage", name="author"),
        migrations.RemoveField(model_name="tearfriendmessage", name="chat"),
        migrations.DeleteModel(name="Message"),
        migrations.DeleteModel(name="TearFriendMessage"),
    ]
