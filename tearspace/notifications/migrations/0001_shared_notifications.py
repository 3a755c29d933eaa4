"""The notifications app: Notification taken over from circles on its own table (state only, no
row moves), and NotificationSettings, filled from the quiet hours and digest choices that
CircleSettings held (circles removes them in its next migration)."""

import django.db.models.deletion
from django.apps.registry import Apps
from django.conf import settings
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

MOVED = ("quiet_start", "quiet_end", "email_digest", "digest_sent_at")


def copy_from_circles(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    CircleSettings = apps.get_model("circles", "CircleSettings")
    NotificationSettings = apps.get_model("notifications", "NotificationSettings")
    rows = CircleSettings.objects.values("person_id", *MOVED)
    NotificationSettings.objects.bulk_create(
        (NotificationSettings(**row) for row in rows.iterator()), batch_size=500
    )


def copy_back_to_circles(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    CircleSettings = apps.get_model("circles", "CircleSettings")
    NotificationSettings = apps.get_model("notifications", "NotificationSettings")
    for row in NotificationSettings.objects.values("person_id", *MOVED).iterator():
        person_id = row.pop("person_id")
        CircleSettings.objects.update_or_create(person_id=person_id, defaults=row)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("circles", "0009_shared_notification_moves_to_notifications"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Notification",
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
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("share", "new share"),
                                    ("reply", "reply"),
                                    ("reaction", "reaction"),
                                    ("invitation", "invitation"),
                                    ("room", "room reminder"),
                                ],
                                max_length=10,
                            ),
                        ),
                        ("text", models.CharField(max_length=200)),
                        ("url", models.CharField(blank=True, default="", max_length=200)),
                        ("created", models.DateTimeField(auto_now_add=True)),
                        ("read_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "actor",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "invitation",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="circles.invitation",
                            ),
                        ),
                        (
                            "recipient",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="notifications",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "share",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="circles.share",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "circles_notification",
                        "ordering": ["-created", "-id"],
                        "indexes": [
                            models.Index(
                                fields=["recipient", "-created"], name="circles_notif_recipient"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.CreateModel(
            name="NotificationSettings",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("quiet_start", models.TimeField(blank=True, null=True)),
                ("quiet_end", models.TimeField(blank=True, null=True)),
                ("email_digest", models.BooleanField(default=False)),
                ("digest_sent_at", models.DateTimeField(blank=True, null=True)),
                (
                    "person",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notification_settings",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
        ),
        migrations.RunPython(copy_from_circles, copy_back_to_circles),
    ]
