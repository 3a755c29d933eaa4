from typing import Any

from django.core.management.base import BaseCommand

from tearspace.core.demo import DEMO_HANDLE, seed


class Command(BaseCommand):
    help = "Create the demo member and demo content (safe to run again)."

    def handle(self, *args: Any, **options: Any) -> None:
        seed()
        self.stdout.write(f"Demo content ready for '{DEMO_HANDLE}'.")
