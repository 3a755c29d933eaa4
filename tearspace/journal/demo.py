"""Demo journal: about sixty varied entries over the last months (idempotent)."""

import random
from datetime import timedelta

from django.utils import timezone

from tearspace.accounts.models import User
from tearspace.journal.actions import do_log_entry
from tearspace.journal.models import EMOTIONS, HELPED, Company, Entry, Kind, Place, Relief

TRIGGERS = [
    ("A film ending I didn't expect", ["films"]),
    ("Long week at work, my manager snapped", ["work"]),
    ("Phone call with mum", ["family", "mum"]),
    ("Found an old photo of grandad", ["grief", "family"]),
    ("Song on the radio", ["music"]),
    ("Chopping onions", []),
    ("Friend said something kind", ["friends"]),
    ("Argument about the rent", ["home", "money"]),
    ("Too many things at once", ["work", "stress"]),
]
NOTES = [
    "Let it out, then made tea.",
    "Felt silly at first, then better.",
    "Needed this more than I knew.",
    "Wrote a bit afterwards.",
    "",
]


def seed_journal(user: object) -> None:
    assert isinstance(user, User)
    if Entry.objects.filter(owner=user).exists():
        return
    rng = random.Random(7)
    helped_rng = random.Random(11)  # its own stream, so the rest of the demo stays as it was
    tools = list(HELPED)
    now = timezone.now()
    for number in range(60):
        trigger, tags = rng.choice(TRIGGERS)
        do_log_entry(
            owner=user,
            fields={
                "when": now
                - timedelta(days=number * 3 + rng.random() * 2, hours=rng.randint(0, 12)),
                "duration_minutes": rng.choice([2, 5, 10, 15, 30]),
                "intensity": rng.randint(1, 5),
                "emotions": rng.sample(list(EMOTIONS), k=rng.randint(1, 3)),
                "kind": "reflex" if trigger == "Chopping onions" else rng.choice(Kind.values[:-1]),
                "trigger": trigger,
                "place": rng.choice(Place.values),
                "with_whom": rng.choice(Company.values),
                "relief": rng.choice([*Relief.values, "lighter", "much_lighter", ""]),
                "helped": helped_rng.sample(tools, k=helped_rng.choice([0, 1, 1, 2])),
                "notes": rng.choice(NOTES),
            },
            tag_names=tags,
        )
