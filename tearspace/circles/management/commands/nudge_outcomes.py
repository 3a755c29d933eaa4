"""Print what writers did after the pause-and-reflect step (compare with reply-prompt studies)."""

from typing import Any

from django.core.management.base import BaseCommand

from tearspace.circles.selectors import nudge_tallies


class Command(BaseCommand):
    help = "Print how often nudged reply writers revised, discarded or sent anyway."

    def handle(self, *args: Any, **options: Any) -> None:
        t = nudge_tallies()
        decided = t["revised"] + t["discarded"] + t["sent_anyway"]
        changed = t["revised"] + t["discarded"]
        share = f"{100 * changed / decided:.0f}%" if decided else "n/a"
        self.stdout.write(
            f"nudged={t['nudged']} revised={t['revised']} discarded={t['discarded']} "
            f"sent_anyway={t['sent_anyway']} no_answer={t['pending']} "
            f"revised_or_discarded={share} of decided"
        )
