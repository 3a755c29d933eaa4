"""Handles become unique after NFKC, case folding and look-alike letters (see accounts/handles.py).

Existing handles that collide keep their owner: the oldest account keeps its handle and each
later one gets `-<id>` appended (nobody could sign in to either of a colliding pair before).
"""

import django.contrib.auth.validators
from django.db import migrations, models

import tearspace.accounts.handles


def fill_handle_keys(apps, schema_editor):
    from tearspace.accounts.handles import assign_handle_keys

    assign_handle_keys(apps.get_model("accounts", "User"))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_user_time_zone"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="handle_key",
            field=models.CharField(editable=False, max_length=150, null=True),
        ),
        migrations.RunPython(fill_handle_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="user",
            name="handle_key",
            field=models.CharField(editable=False, max_length=150, unique=True),
        ),
        migrations.AlterField(
            model_name="user",
            name="username",
            field=models.CharField(
                error_messages={"unique": "That handle is taken. Please choose another."},
                max_length=150,
                unique=True,
                validators=[
                    django.contrib.auth.validators.UnicodeUsernameValidator(),
                    tearspace.accounts.handles.validate_handle,
                ],
                verbose_name="handle",
            ),
        ),
    ]
