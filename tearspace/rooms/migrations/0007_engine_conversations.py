"""Rooms and small chats get their conversation (the chat engine); filled in by 0008."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("conversations", "0001_engine_initial"),
        ("rooms", "0006_fixes2_client_keys"),
    ]

    operations = [
        migrations.AddField(
            model_name="room",
            name="conversation",
            field=models.OneToOneField(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="room",
                to="conversations.conversation",
            ),
        ),
        migrations.AddField(
            model_name="tearfriendchat",
            name="conversation",
            field=models.OneToOneField(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="small_chat",
                to="conversations.conversation",
            ),
        ),
    ]
