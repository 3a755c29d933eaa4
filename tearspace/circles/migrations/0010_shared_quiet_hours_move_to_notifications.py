"""Quiet hours and the email digest leave CircleSettings: notifications' own migration has
already copied them into NotificationSettings, so only the community topics stay here."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("circles", "0009_shared_notification_moves_to_notifications"),
        ("notifications", "0001_shared_notifications"),
    ]

    operations = [
        migrations.RemoveField(model_name="circlesettings", name="quiet_start"),
        migrations.RemoveField(model_name="circlesettings", name="quiet_end"),
        migrations.RemoveField(model_name="circlesettings", name="email_digest"),
        migrations.RemoveField(model_name="circlesettings", name="digest_sent_at"),
    ]
