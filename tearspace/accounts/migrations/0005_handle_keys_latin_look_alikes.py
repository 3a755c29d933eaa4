"""Handle keys also fold the look-alikes inside Latin (i/l/1, 0/o, IPA letters; handles.py).

Keys are recomputed for every account; where two handles now share a key, the oldest account
keeps its handle and each later one gets `-<id>` appended, as in 0003.
"""

from django.db import migrations


def recompute_handle_keys(apps, schema_editor):
    from tearspace.accounts.handles import assign_handle_keys

    assign_handle_keys(apps.get_model("accounts", "User"))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_mfa_token_scope_and_stamp"),
    ]

    operations = [migrations.RunPython(recompute_handle_keys, migrations.RunPython.noop)]
