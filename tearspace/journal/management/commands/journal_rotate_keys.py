from typing import Any

from django.core.management.base import BaseCommand

from tearspace.journal.actions import do_rotate_journal_keys


class Command(BaseCommand):
    help = "Re-seal journal text and clips with the first key in FIELD_ENCRYPTION_KEYS."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = do_rotate_journal_keys()
        self.stdout.write(
            ", ".join(f"{count} {name}" for name, count in counts.items()) + " re-sealed."
        )
