"""Handle keys also fold the look-alikes inside Latin (i/l/1, 0/o, IPA letters; handles.py).

Keys are recomputed for every account; where two handles now share a key, the oldest account
keeps its handle and each later one gets `-<id>` appended, as in 0003.
"""

from django.db import migrations


def recompute_handle_keys(apps, schema_editor):
    from tearspace.accounts.handles import canonical_handle

    User = apps.get_model("accounts", "User")
    # Park every key on a value no handle can produce, so the new keys never meet old ones.
    for pk in User.objects.values_list("pk", flat=True):
        User.objects.filter(pk=pk).update(handle_key=f"\x7f{pk}")
    seen: set[str] = set()
    for user in User.objects.order_by("pk").only("pk", "username"):
        key = canonical_handle(user.username)
        if key in seen:
            user.username = f"{user.username}-{user.pk}"
            key = canonical_handle(user.username)
        seen.add(key)
        User.objects.filter(pk=user.pk).update(username=user.username, handle_key=key)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_mfa_token_scope_and_stamp"),
    ]

    operations = [migrations.RunPython(recompute_handle_keys, migrations.RunPython.noop)]
