"""Journal at ten years of daily entries: dashboard, timeline, logging and search server times.

Run: .venv/bin/python benchmarks/journal.py
Builds a throw-away SQLite database (or uses DATABASE_URL), gives one member 3,650 daily entries
with tags, emotions and what helped, and times pages through Django's test client (server time,
in process), next to the same pages for an empty account measured in the same run.
"""

import logging
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="tearspace-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from timing import timed  # noqa: E402

from tearspace.accounts.models import User  # noqa: E402
from tearspace.journal.actions import do_log_entry  # noqa: E402
from tearspace.journal.models import EMOTIONS, HELPED, Company, Kind, Relief  # noqa: E402
from tearspace.safety.screening import Screening  # noqa: E402

ENTRIES = 3650
TAGS = ["work", "family", "films", "music", "grief", "money", "friends", "health", "news", "home"]
WORDS = [
    "rain",
    "bus",
    "kitchen",
    "letter",
    "garden",
    "phone",
    "song",
    "film",
    "argument",
    "hospital",
    "birthday",
    "train",
]
TARGETS = {"dashboard": 150.0, "timeline": 150.0, "log": 50.0, "search": 300.0}


def seed(owner: User) -> None:
    rng = random.Random(10)
    helped_rng = random.Random(12)  # what helped draws from its own stream
    now = timezone.now()
    calm = Screening(level="none", show_help=False)
    with mock.patch("tearspace.safety.screening.assess", return_value=calm):
        for day in range(ENTRIES):
            do_log_entry(
                owner=owner,
                fields={
                    "when": now - timedelta(days=day, hours=rng.randint(0, 12)),
                    "duration_minutes": rng.randint(1, 30),
                    "intensity": rng.randint(1, 5),
                    "emotions": rng.sample(list(EMOTIONS), k=rng.randint(1, 3)),
                    "kind": rng.choice(Kind.values),
                    "trigger": " ".join(rng.sample(WORDS, k=2)),
                    "with_whom": rng.choice(Company.values),
                    "relief": rng.choice([*Relief.values, ""]),
                    "helped": helped_rng.sample(list(HELPED), k=helped_rng.randint(0, 3)),
                    "notes": f"Day {day}: " + " ".join(rng.sample(WORDS, k=5)),
                },
                tag_names=rng.sample(TAGS, k=rng.randint(0, 3)),
            )


def main() -> int:
    setup_test_environment()
    logging.disable(logging.CRITICAL)
    call_command("migrate", verbosity=0)
    User.objects.filter(username__in=["bench-full", "bench-empty"]).delete()
    full = User.objects.create_user(username="bench-full", password="x" * 20)
    empty = User.objects.create_user(username="bench-empty", password="x" * 20)
    started = time.perf_counter()
    seed(full)
    print(f"seeded {ENTRIES} entries in {time.perf_counter() - started:.1f} s")

    full_client, empty_client = Client(), Client()
    full_client.force_login(full)
    empty_client.force_login(empty)
    dashboard, timeline = reverse("journal:dashboard"), reverse("journal:timeline")

    def get(client: Client, url: str, **params: str) -> Callable[[], object]:
        def run() -> object:
            response = client.get(url, params)
            assert response.status_code == 200, response.status_code
            return response

        return run

    figures = {
        "empty dashboard": timed(get(empty_client, dashboard)),
        "empty timeline": timed(get(empty_client, timeline)),
        "dashboard (12 months)": timed(get(full_client, dashboard)),
        "dashboard (all 10 years)": timed(get(full_client, dashboard, period="all")),
        "timeline first page": timed(get(full_client, timeline)),
        "search one word": timed(get(full_client, timeline, q="kitchen")),
        "search two words": timed(get(full_client, timeline, q="garden letter")),
    }

    def log() -> object:
        response = full_client.post(
            reverse("journal:new"),
            {
                "intensity": "3",
                "emotions": ["sad"],
                "kind": "grief",
                "notes": "a quiet one",
                "tags": "work",
            },
        )
        assert response.status_code == 302
        return response

    figures["log an entry"] = timed(log, repeat=20)
    with CaptureQueriesContext(connection) as queries:
        get(full_client, dashboard, period="all")()
    dashboard_queries = len(queries)
    with CaptureQueriesContext(connection) as queries:
        get(empty_client, dashboard, period="all")()
    empty_queries = len(queries)

    for name, ms in figures.items():
        print(f"{name:28s} {ms:8.1f} ms")
    base = figures["empty dashboard"]
    print(f"dashboard vs empty account: +{figures['dashboard (all 10 years)'] - base:.1f} ms")
    timeline_extra = figures["timeline first page"] - figures["empty timeline"]
    print(f"timeline vs empty account:  +{timeline_extra:.1f} ms")
    print(f"dashboard queries: {dashboard_queries} (empty account: {empty_queries})")
    results = {
        "dashboard": max(figures["dashboard (12 months)"], figures["dashboard (all 10 years)"]),
        "timeline": figures["timeline first page"],
        "log": figures["log an entry"],
        "search": max(figures["search one word"], figures["search two words"]),
    }
    missed = [name for name, ms in results.items() if ms >= TARGETS[name]]
    print(
        "targets: "
        + ", ".join(f"{n} {results[n]:.0f} < {TARGETS[n]:.0f} ms" for n in TARGETS)
        + (f" — MISSED: {', '.join(missed)}" if missed else " — all met")
    )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
