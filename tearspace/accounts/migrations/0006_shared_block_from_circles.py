"""accounts.Block takes over circles' Block, on the same table (state only: no row moves)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_handle_keys_latin_look_alikes"),
        ("circles", "0008_shared_block_moves_to_accounts"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Block",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("label", models.CharField(max_length=150)),
                        ("created", models.DateTimeField(auto_now_add=True)),
                        (
                            "blocked",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="blocks_received",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "blocker",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="blocks_made",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "circles_block",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("blocker", "blocked"), name="circles_one_block"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
