"""Tokens get a scope (existing ones become read-only) and end when their owner's password changes."""

import hashlib

from django.db import migrations, models


def stamp_existing_tokens(apps, schema_editor):
    Token = apps.get_model("accounts", "PersonalAccessToken")
    for token in Token.objects.select_related("user"):
        token.password_stamp = hashlib.sha256(token.user.password.encode()).hexdigest()
        token.save(update_fields=["password_stamp"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_mfa_handle_canonical"),
    ]

    operations = [
        migrations.AddField(
            model_name="personalaccesstoken",
            name="scope",
            field=models.CharField(
                choices=[("read", "Read only"), ("write", "Read and write")],
                default="read",
                max_length=8,
            ),
        ),
        migrations.AddField(
            model_name="personalaccesstoken",
            name="password_stamp",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(stamp_existing_tokens, migrations.RunPython.noop),
    ]
