from typing import Any

from django.core.management.base import BaseCommand

from tearspace.notifications.actions import do_send_email_digests


class Command(BaseCommand):
    help = "Email opted-in people, at most daily, that notifications are waiting (run hourly)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = do_send_email_digests()
        self.stdout.write(f"Sent {sent} digest email{'s' if sent != 1 else ''}.")
