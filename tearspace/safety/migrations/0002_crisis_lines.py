"""Pre-fill well-known crisis lines, each with the public page that lists it."""

from django.db import migrations

from tearspace.safety.default_lines import LINES, load_default_lines


def add_lines(apps, schema_editor):
    load_default_lines(apps.get_model("safety", "CrisisLine"))


def remove_lines(apps, schema_editor):
    CrisisLine = apps.get_model("safety", "CrisisLine")
    CrisisLine.objects.filter(source__in=[line["source"] for line in LINES]).delete()


class Migration(migrations.Migration):
    dependencies = [("safety", "0001_initial")]
    operations = [migrations.RunPython(add_lines, remove_lines)]
