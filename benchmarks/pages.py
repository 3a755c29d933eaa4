"""Every page of the navigation, timed for a member with a year of entries.

Run: .venv/bin/python benchmarks/pages.py [--seconds 5]
Builds a throw-away SQLite database (or uses DATABASE_URL), gives one member a year of daily
entries, and times each page the menu shows them (core.navigation.SECTIONS, the home page and
help) through Django's test client: server time, in process, after two warm-up requests. In the
same run it times a bare Django view (an empty response behind the same middleware) and a static
file, the baselines the targets are set against.

Then one uvicorn worker serves the same database and eight concurrent clients read the home page
and the journal for a few seconds each: requests per second per worker, with p50 and p99.

Targets (issue #13, "Pages that feel instant"): every page's p50 under 10 ms and under 3x the
bare view. The exit code is 1 when a page misses; the throughput figures are reported only.
"""

import argparse
import http.client
import logging
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
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

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import clear_url_caches, path, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from timing import timed  # noqa: E402

from config import urls as site_urls  # noqa: E402
from tearspace.accounts.models import AgeBand, User  # noqa: E402
from tearspace.core.navigation import nav_for  # noqa: E402
from tearspace.journal.actions import do_log_entry  # noqa: E402
from tearspace.journal.models import EMOTIONS, HELPED, Company, Kind, Relief  # noqa: E402
from tearspace.safety.screening import Screening  # noqa: E402

ENTRIES = 365
TARGET_MS = 10.0
TARGET_TIMES_BARE = 3.0
CONCURRENT_CLIENTS = 8
STATIC_FILE = "css/site.css"
QUIET = ("--workers", "1", "--log-level", "warning", "--no-access-log")


def bare(request: HttpRequest) -> HttpResponse:
    """The baseline: nothing but Django's request handling and the site's middleware."""
    return HttpResponse("ok", content_type="text/plain")


# This module is the URL configuration while it runs: the site's own, plus the bare view.
urlpatterns = [path("bench/bare/", bare), *site_urls.urlpatterns]


def seed(owner: User) -> None:
    """A year of daily entries with feelings, tags and what helped (screening stubbed: calm)."""
    rng = random.Random(13)
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
                    "trigger": "a long day",
                    "with_whom": rng.choice(Company.values),
                    "relief": rng.choice([*Relief.values, ""]),
                    "helped": rng.sample(list(HELPED), k=rng.randint(0, 3)),
                    "notes": f"Day {day}",
                },
                tag_names=rng.sample(["work", "family", "films", "music"], k=rng.randint(0, 2)),
            )


def getter(client: Client, url: str, status: int = 200) -> Callable[[], object]:
    def run() -> object:
        response = client.get(url)
        assert response.status_code == status, (url, response.status_code)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)  # a static file is read to the end
        return response

    return run


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def serve_one_worker(port: int) -> subprocess.Popen[bytes]:
    """One uvicorn worker on the benchmark's database (same DATA_DIR and settings)."""
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "config.asgi:application", "--port", str(port), *QUIET],
        cwd=settings.BASE_DIR,
        env=dict(os.environ),
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("uvicorn did not start")


def throughput(port: int, url: str, cookie: str, seconds: float) -> tuple[float, float, float]:
    """Requests per second, p50 and p99 ms of `CONCURRENT_CLIENTS` clients reading `url`."""
    samples: list[float] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        while time.monotonic() < stop:
            started = time.perf_counter()
            connection.request("GET", url, headers={"Cookie": cookie})
            response = connection.getresponse()
            response.read()
            assert response.status == 200, (url, response.status)
            mine.append((time.perf_counter() - started) * 1000)
        connection.close()
        with lock:
            samples.extend(mine)

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(CONCURRENT_CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    samples.sort()
    return len(samples) / elapsed, samples[len(samples) // 2], samples[int(len(samples) * 0.99)]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0, help="per throughput run")
    seconds = parser.parse_args().seconds

    # Not setup_test_environment(): it instruments every template render (a signal and a copy
    # of the context each), which is test-only work that would be timed as the page's.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    logging.disable(logging.CRITICAL)
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    User.objects.filter(username="bench-pages").delete()
    member = User.objects.create_user(
        username="bench-pages", password="x" * 20, age_band=AgeBand.ADULT, country="GB"
    )
    started = time.perf_counter()
    seed(member)
    print(f"seeded {ENTRIES} entries in {time.perf_counter() - started:.1f} s")

    settings.ROOT_URLCONF = __name__
    clear_url_caches()
    client = Client()
    client.force_login(member)

    pages = {"/": reverse("core:home"), "help": reverse("safety:help")}
    pages |= {str(link.label): link.url for link in nav_for(member, "/").links}
    bare_ms = timed(getter(client, "/bench/bare/"), repeat=25)
    static_ms = timed(getter(client, settings.STATIC_URL + STATIC_FILE), repeat=25)
    figures = {name: timed(getter(client, url), repeat=25) for name, url in pages.items()}

    print(f"{'bare Django view':28s} {bare_ms:8.2f} ms")
    print(f"{'static file':28s} {static_ms:8.2f} ms")
    limit = min(TARGET_MS, TARGET_TIMES_BARE * bare_ms)
    for name, ms in figures.items():
        print(f"{name:28s} {ms:8.2f} ms  ({ms / bare_ms:4.1f}x bare)")

    port = free_port()
    server = serve_one_worker(port)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    try:
        for name, url in (("home", pages["/"]), ("journal", reverse("journal:timeline"))):
            rate, p50, p99 = throughput(port, url, cookie, seconds)
            print(
                f"one worker, {CONCURRENT_CLIENTS} clients, {name}: {rate:.0f} requests/s, "
                f"p50 {p50:.0f} ms, p99 {p99:.0f} ms"
            )
    finally:
        server.terminate()
        server.wait(10)

    missed = [name for name, ms in figures.items() if ms >= limit]
    print(
        f"targets: every page p50 < {TARGET_MS:.0f} ms and < {TARGET_TIMES_BARE:.0f}x bare "
        f"({TARGET_TIMES_BARE * bare_ms:.1f} ms): slowest "
        f"{max(figures, key=figures.__getitem__)} {max(figures.values()):.1f} ms"
        + (f" — MISSED: {', '.join(missed)}" if missed else " — all met")
    )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
