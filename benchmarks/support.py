"""Someone now: time from "I need someone now" to "you're in a chat", with people waiting.

Run: .venv/bin/python benchmarks/support.py [--samples 300]
Builds a throw-away SQLite database (or uses DATABASE_URL for PostgreSQL figures; REDIS_URL for
the cache and channel layer). The waiting pool is people under 18 with no listener of their age
band free (they wait, as the rule says); adult listeners are available with room for every
measured request. Each measured request goes through the API (`POST /api/v1/support/request`,
crisis screening of the first line included) and is timed beside a trivial request
(`GET /api/v1/support/status` with nothing asked yet: same stack, one read) in the same
run. The cost curve times matching at 100, 1,000 and 10,000
waiting: a request, and a listener going available and taking the longest-waiting person.

Targets: p99 request -> matched < 1 s with 1,000 waiting; cost at 10,000 waiting within 3x of
100 waiting (no worse than logarithmic or linear with a small constant). Exits 1 on a miss.
"""

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="tearspace-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from tearspace.accounts.handles import canonical_handle  # noqa: E402
from tearspace.accounts.models import AgeBand, User  # noqa: E402
from tearspace.safety.screening import warm_up  # noqa: E402
from tearspace.support.actions import do_set_availability  # noqa: E402
from tearspace.support.models import ListenerProfile, Match, SupportRequest  # noqa: E402

POOLS = (100, 1_000, 10_000)
TARGET_P99_MS = 1000.0
TARGET_GROWTH = 3.0
_made = 0


def people(n: int, band: str, prefix: str) -> list[User]:
    """Bulk-create `n` people of an age band (no password: they never log in by form)."""
    global _made
    rows = []
    for _ in range(n):
        _made += 1
        handle = f"{prefix}{_made}"
        rows.append(
            User(username=handle, handle_key=canonical_handle(handle), age_band=band, password="!")  # noqa: S106 - unusable
        )
    User.objects.bulk_create(rows, batch_size=2000)
    return list(User.objects.filter(username__in=[r.username for r in rows]))


def grow_pool(to: int) -> None:
    """Bring the waiting pool (people under 18, no listener of their band free) up to `to`."""
    have = SupportRequest.objects.filter(state="waiting").count()
    if to <= have:
        return
    now = timezone.now()
    SupportRequest.objects.bulk_create(
        [
            SupportRequest(seeker=u, first_line="a heavy night", requested_at=now)
            for u in people(to - have, AgeBand.MINOR, "w")
        ],
        batch_size=2000,
    )
    if connection.vendor in {"sqlite", "postgresql"}:
        connection.cursor().execute("ANALYZE")


def listeners(n: int, band: str, *, available: bool = True) -> list[User]:
    made = people(n, band, "l")
    now = timezone.now()
    ListenerProfile.objects.bulk_create(
        [
            ListenerProfile(
                user=u,
                conduct_accepted_at=now,
                orientation_completed_at=now,
                available=available,
                max_chats=3,
            )
            for u in made
        ]
    )
    return made


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def timed_ms(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return (time.perf_counter() - started) * 1000


def measure_requests(n: int) -> tuple[list[float], list[float]]:
    """Time `n` API requests (each a new adult seeker, matched at once) and `n` trivial ones."""
    listeners((n + 2) // 3 + 1, AgeBand.ADULT)
    real, trivial = [], []
    for seeker in people(n, AgeBand.ADULT, "s"):
        client = Client()
        client.force_login(seeker)
        client.get("/api/v1/support/status")  # untimed: the session's first load is neither's

        def look(c: Client = client) -> None:
            c.get("/api/v1/support/status")

        trivial.append(timed_ms(look))

        def ask(c: Client = client) -> None:
            answer = c.post(
                "/api/v1/support/request",
                {"first_line": "I can't stop crying tonight"},
                content_type="application/json",
            ).json()
            assert answer["state"] == "matched", answer

        real.append(timed_ms(ask))
    return real, trivial


def measure_listener_takes_one(n: int) -> list[float]:
    """Time a listener of the waiting band going available and taking the first in line."""
    samples = []
    for listener in listeners(n, AgeBand.MINOR, available=False):
        ListenerProfile.objects.filter(user=listener).update(max_chats=1)

        def go_available(u: User = listener) -> None:
            do_set_availability(user=u, available=True)

        samples.append(timed_ms(go_available))
        ListenerProfile.objects.filter(user=listener).update(available=False)
    grow_pool(SupportRequest.objects.filter(state="waiting").count() + n)  # put them back
    return samples


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=300, help="requests timed at 1,000")
    samples = parser.parse_args().samples
    setup_test_environment()
    logging.disable(logging.CRITICAL)
    call_command("migrate", verbosity=0)
    Match.objects.all().delete()
    SupportRequest.objects.all().delete()
    ListenerProfile.objects.all().delete()
    User.objects.filter(age_band__in=[AgeBand.ADULT, AgeBand.MINOR]).delete()
    warm_up()
    print(f"database: {connection.vendor}")
    curve: dict[int, tuple[float, float]] = {}
    headline: tuple[float, float, float] | None = None
    for pool in POOLS:
        grow_pool(pool)
        n = samples if pool == 1_000 else 100
        real, trivial = measure_requests(n)
        taking = measure_listener_takes_one(30)
        curve[pool] = (statistics.median(real), statistics.median(taking))
        print(
            f"{pool:>6,} waiting: request->matched p50 {statistics.median(real):6.1f} ms "
            f"p99 {percentile(real, 99):6.1f} ms | trivial request p50 "
            f"{statistics.median(trivial):5.1f} ms p99 {percentile(trivial, 99):5.1f} ms | "
            f"listener goes available and takes the first in line p50 "
            f"{statistics.median(taking):6.1f} ms"
        )
        if pool == 1_000:
            headline = (percentile(real, 99), statistics.median(real), statistics.median(trivial))
    assert headline is not None
    p99, p50, trivial_p50 = headline
    growth_request = curve[POOLS[-1]][0] / curve[POOLS[0]][0]
    growth_taking = curve[POOLS[-1]][1] / curve[POOLS[0]][1]
    print(
        "cost curve (p50 ms, request / listener takes one): "
        + ", ".join(f"{p:,}: {a:.1f} / {b:.1f}" for p, (a, b) in curve.items())
        + f"; 10,000 vs 100: x{growth_request:.2f} / x{growth_taking:.2f}"
    )
    missed = []
    if p99 >= TARGET_P99_MS:
        missed.append(f"p99 {p99:.0f} ms")
    if max(growth_request, growth_taking) > TARGET_GROWTH:
        missed.append(f"growth x{max(growth_request, growth_taking):.2f}")
    print(
        f"targets: p99 request->matched with 1,000 waiting < {TARGET_P99_MS:.0f} ms "
        f"(got {p99:.1f} ms; p50 {p50:.1f} ms beside a trivial request's {trivial_p50:.1f} ms, "
        f"x{p50 / trivial_p50:.1f}); cost at 10,000 within x{TARGET_GROWTH:.0f} of 100 "
        f"(got x{growth_request:.2f} / x{growth_taking:.2f})"
        + (f" — MISSED: {', '.join(missed)}" if missed else " — all met")
    )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
