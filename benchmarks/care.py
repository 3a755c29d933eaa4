"""Ranked therapist matches over a directory of 5,000 and 50,000: server time, p95.

Run: .venv/bin/python benchmarks/care.py [--small 5000] [--large 50000]
Builds a throw-away SQLite database (or uses DATABASE_URL for PostgreSQL figures), generates a
fictional directory, and times the directory search (`GET /api/v1/care/therapists`, the same
matching the intake page runs) beside a trivial request in the same run
(`GET /api/v1/care/requests` for someone with none: the same session and API stack).
Two preference sets: a typical one (language, region, insurance or sliding scale, soft
preferences) and the widest (any region, English, no insurance), where nearly the whole
directory passes the hard filter and is ranked.
Targets: p95 < 100 ms at 5,000; the cost above the trivial request grows no faster than
linearly (at 50,000 at most 1.25 x ten times the 5,000 cost). Exits 1 on a miss.
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
from timing import samples_ms  # noqa: E402

from tearspace.accounts.models import User  # noqa: E402
from tearspace.care.models import TherapistProfile  # noqa: E402
from tearspace.care.tests.factories import generate_directory  # noqa: E402

TARGET_MS = 100.0
LINEAR_SLACK = 1.25
TRIVIAL = "/api/v1/care/requests"
QUERIES = {
    "typical": "/api/v1/care/therapists?language=es&region=US-NY&insurer=aetna"
    "&sliding_scale_ok=true&specialties=grief&specialties=anxiety&approaches=cbt"
    "&times=mon_evening&times=tue_evening&gender=woman",
    "widest": "/api/v1/care/therapists?language=en&specialties=grief",
}


def p95(run: Callable[[], object], repeat: int = 40) -> float:
    """95th percentile milliseconds of `run` over `repeat` calls, after three warm-up calls."""
    return statistics.quantiles(samples_ms(run, repeat, warm_up=3), n=20)[18]


def getter(client: Client, url: str) -> Callable[[], object]:
    def run() -> object:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    return run


def measure(client: Client) -> dict[str, float]:
    figures = {"trivial": p95(getter(client, TRIVIAL))}
    for name, url in QUERIES.items():
        figures[name] = p95(getter(client, url))
    figures["trivial_after"] = p95(getter(client, TRIVIAL))
    return figures


def grow_to(count: int, prefix: str) -> None:
    have = TherapistProfile.objects.count()
    if count > have:
        generate_directory(count - have, seed=count, prefix=prefix)
    if connection.vendor in {"sqlite", "postgresql"}:
        connection.cursor().execute("ANALYZE")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", type=int, default=5000)
    parser.add_argument("--large", type=int, default=50_000)
    args = parser.parse_args()
    setup_test_environment()
    logging.disable(logging.CRITICAL)
    call_command("migrate", verbosity=0)
    TherapistProfile.objects.all().delete()
    User.objects.filter(username__startswith="benchcare").delete()
    viewer = User.objects.create_user(username="benchcare-viewer", password="x" * 20)
    client = Client()
    client.force_login(viewer)
    results = {}
    for count, prefix in ((args.small, "benchcare-a"), (args.large, "benchcare-b")):
        started = time.perf_counter()
        grow_to(count, prefix)
        seeded = time.perf_counter() - started
        results[count] = figures = measure(client)
        found = len(client.get(QUERIES["widest"]).json())
        print(
            f"{count:>6,} therapists (seeded in {seeded:.1f} s, {connection.vendor}): "
            f"trivial p95 {figures['trivial']:.2f} ms, typical p95 {figures['typical']:.2f} ms, "
            f"widest p95 {figures['widest']:.2f} ms ({found} shown)"
        )
    small, large = results[args.small], results[args.large]
    factor = args.large / args.small
    missed = []
    worst_small = max(small["typical"], small["widest"])
    if worst_small >= TARGET_MS:
        missed.append(f"{args.small:,} p95 {worst_small:.1f} ms")
    growth = {}
    for name in QUERIES:
        base = max(small[name] - small["trivial"], 0.1)
        growth[name] = (large[name] - large["trivial"]) / base
        if growth[name] > factor * LINEAR_SLACK:
            missed.append(f"{name} grew {growth[name]:.1f}x")
    print(
        f"targets: p95 < {TARGET_MS:.0f} ms at {args.small:,} (worst {worst_small:.1f} ms, "
        f"trivial {small['trivial']:.2f} ms); growth to {args.large:,} <= "
        f"{factor * LINEAR_SLACK:.1f}x (typical {growth['typical']:.1f}x, "
        f"widest {growth['widest']:.1f}x)"
        + (f" — MISSED: {', '.join(missed)}" if missed else " — all met")
    )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
