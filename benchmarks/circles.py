"""Community and circle feeds with 100,000 shares and 1,000,000 replies: first-page server time.

Run: .venv/bin/python benchmarks/circles.py [--scale 0.05]
Builds a throw-away SQLite database (or uses DATABASE_URL for PostgreSQL figures), times the
feeds' first pages on the empty database, bulk-creates the shares and replies, and times the same
pages again in the same run. Query counts must not grow with the data. Target: < 100 ms.
Also prints the pause-and-reflect tallies (`manage.py nudge_outcomes` prints the same).
"""

import argparse
import logging
import os
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="tearspace-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from timing import timed  # noqa: E402

from tearspace.accounts.handles import canonical_handle  # noqa: E402
from tearspace.accounts.models import Block, User  # noqa: E402
from tearspace.circles.models import (  # noqa: E402
    Circle,
    CircleMembership,
    Reply,
    Share,
    ShareAudience,
)
from tearspace.circles.selectors import nudge_tallies  # noqa: E402
from tearspace.journal.models import EMOTIONS, Entry  # noqa: E402

SHARES = 100_000
REPLIES = 1_000_000
TARGET_MS = 100.0
NOTES = ["", "", "", "grief", "family", "illness"]


def seed(viewer: User, circle: Circle, scale: float) -> tuple[int, int]:
    rng = random.Random(5)
    shares, replies = int(SHARES * scale), int(REPLIES * scale)
    authors = [
        User(
            username=f"bench-author-{i}",
            handle_key=canonical_handle(f"bench-author-{i}"),
            password=make_password(None),
        )
        for i in range(max(20, int(200 * scale)))
    ]
    User.objects.bulk_create(authors, batch_size=500)
    authors = list(User.objects.filter(username__startswith="bench-author-"))
    for author in authors[:5]:
        Block.objects.create(blocker=viewer, blocked=author, label=author.username)
    keys = list(EMOTIONS)
    entries = Entry.objects.bulk_create(
        [
            Entry(
                owner=rng.choice(authors),
                notes=f"A cry, number {i}.",
                emotions="," + ",".join(rng.sample(keys, 2)) + ",",
            )
            for i in range(1000)
        ],
        batch_size=500,
    )
    per_share = Counter(rng.randrange(shares) for _ in range(replies))
    now = timezone.now()
    batch: list[Share] = []
    for i in range(shares):
        entry = entries[i % len(entries)]
        batch.append(
            Share(
                author_id=entry.owner_id,
                entry=entry,
                community=i % 5 != 0,  # 80% community, 20% in the viewer's circle
                pseudonym=f"Willow {1000 + i % 9000}",
                emotions=entry.emotions,
                content_note=NOTES[i % len(NOTES)],
                reply_count=per_share.get(i, 0),
                revoked_at=now if i % 97 == 0 else None,
            )
        )
        if len(batch) == 10_000 or i == shares - 1:
            with transaction.atomic():
                made = Share.objects.bulk_create(batch)
                ShareAudience.objects.bulk_create(
                    [ShareAudience(share=s, circle=circle) for s in made if not s.community]
                )
            batch = []
    share_ids = list(Share.objects.order_by("id").values_list("id", flat=True))
    author_ids = [a.pk for a in authors]
    rows: list[Reply] = []
    for index, count in per_share.items():
        for _ in range(count):
            rows.append(
                Reply(share_id=share_ids[index], author_id=rng.choice(author_ids), body="Here.")
            )
            if len(rows) == 20_000:
                with transaction.atomic():
                    Reply.objects.bulk_create(rows)
                rows = []
    if rows:
        Reply.objects.bulk_create(rows)
    if connection.vendor == "sqlite" or connection.vendor == "postgresql":
        connection.cursor().execute("ANALYZE")
    return shares, replies


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full data")
    scale = parser.parse_args().scale
    setup_test_environment()
    logging.disable(logging.CRITICAL)
    call_command("migrate", verbosity=0)
    Share.objects.all().delete()
    User.objects.filter(username__startswith="bench-").delete()
    viewer = User.objects.create_user(username="bench-viewer", password="x" * 20)
    circle = Circle.objects.create(owner=viewer, name="bench circle")
    CircleMembership.objects.create(circle=circle, member=viewer)
    client = Client()
    client.force_login(viewer)
    pages = {
        "community newest": reverse("circles:community"),
        "community needs a kind word": reverse("circles:community") + "?tab=kind",
        "community filtered (sad)": reverse("circles:community") + "?emotion=sad",
        "circle feed": reverse("circles:detail", args=[circle.pk]),
    }

    def get(url: str) -> Callable[[], object]:
        def run() -> object:
            response = client.get(url)
            assert response.status_code == 200, response.status_code
            return response

        return run

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            get(url)()
        return len(captured)

    empty = {name: timed(get(url)) for name, url in pages.items()}
    empty_queries = {name: queries(url) for name, url in pages.items()}
    started = time.perf_counter()
    shares, replies = seed(viewer, circle, scale)
    print(
        f"seeded {shares:,} shares and {replies:,} replies in "
        f"{time.perf_counter() - started:.1f} s ({connection.vendor})"
    )
    full = {name: timed(get(url)) for name, url in pages.items()}
    full_queries = {name: queries(url) for name, url in pages.items()}
    for name in pages:
        print(
            f"{name:30s} empty {empty[name]:6.1f} ms   full {full[name]:6.1f} ms   "
            f"(+{full[name] - empty[name]:5.1f} ms)   queries {empty_queries[name]} -> "
            f"{full_queries[name]}"
        )
    print("nudge outcomes:", nudge_tallies())
    slow = [n for n in pages if full[n] >= TARGET_MS]
    growing = [n for n in pages if full_queries[n] != empty_queries[n]]
    worst = max(full.values())
    print(
        f"targets: first page < {TARGET_MS:.0f} ms (worst {worst:.1f} ms), constant query count"
        + (f" — MISSED: {', '.join(slow + growing)}" if slow or growing else " — all met")
    )
    return 1 if slow or growing else 0


if __name__ == "__main__":
    sys.exit(main())
