import uuid

import django.utils.timezone
from django.db import migrations, models

import tearspace.core.validators

# Entries saved before dates were checked may lie in years no time zone can convert (9999, 1);
# they are moved to the nearest usable moment, so sums and filters in the database hold too.
EARLIEST = tearspace.core.validators.EARLIEST_MOMENT
LATEST = tearspace.core.validators.LATEST_MOMENT


def give_each_entry_a_uid(apps, schema_editor):
    Entry = apps.get_model("journal", "Entry")
    for entry in Entry.objects.filter(uid__isnull=True).only("pk").iterator():
        Entry.objects.filter(pk=entry.pk).update(uid=uuid.uuid4())


def bring_dates_into_range(apps, schema_editor):
    Entry = apps.get_model("journal", "Entry")
    Entry.objects.filter(when__lt=EARLIEST).update(when=EARLIEST)
    Entry.objects.filter(when__gt=LATEST).update(when=LATEST)


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0004_journal_idempotency_key"),
    ]

    operations = [
        migrations.AddField(
            model_name="entry",
            name="uid",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(give_each_entry_a_uid, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="entry",
            name="uid",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AddConstraint(
            model_name="entry",
            constraint=models.UniqueConstraint(
                fields=("owner", "uid"), name="journal_entry_unique_uid"
            ),
        ),
        migrations.RunPython(bring_dates_into_range, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="entry",
            name="when",
            field=tearspace.core.validators.UsableDateTimeField(default=django.utils.timezone.now),
        ),
    ]
