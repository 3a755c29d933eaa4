"""Notification moves to the notifications app, shared by every feature and owned by none.

State only: the table `circles_notification` stays where it is and keeps every row; the
notifications app takes the model over with `db_table = "circles_notification"`.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("circles", "0008_shared_block_moves_to_accounts"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Notification")],
            database_operations=[],
        ),
    ]
