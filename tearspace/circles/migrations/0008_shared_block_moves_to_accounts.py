"""Block moves to accounts (a block is between two people, whatever feature they meet in).

State only: the table `circles_block` stays where it is and keeps every row; accounts' own
migration takes the model over with `db_table = "circles_block"`.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("circles", "0007_fixes2_client_keys"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Block")],
            database_operations=[],
        ),
    ]
