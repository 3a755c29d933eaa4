from typing import Any

from django.core.management.base import BaseCommand

from tearspace.care.actions import do_keep_promises


class Command(BaseCommand):
    help = "Take every due step of the 48-hour promise (run it every few minutes from cron)."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = do_keep_promises()
        self.stdout.write(
            ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "nothing due"
        )
