"""Test personas (STYLE.md): alice owns things, bob is in her circle, charlie is a stranger.

Service tests (`-m services`) need DATABASE_URL / REDIS_URL; they are skipped when those are
unset, except under CI (`CI=true`), where their absence is a failure.
"""

import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from types import SimpleNamespace

import django_ratelimit.core
import pytest
from asgiref.sync import SyncToAsync
from asgiref.testing import ApplicationCommunicator
from channels.testing import WebsocketCommunicator
from channels.testing.application import ApplicationCommunicator as ChannelsCommunicator
from django.core.cache import caches
from django.test import Client
from django.utils import translation
from hypothesis import settings as hypothesis_settings
from playwright.sync_api import Browser, Page, sync_playwright

from tearspace.accounts.models import Role, User
from tearspace.safety.default_lines import load_default_lines
from tearspace.safety.models import CrisisLine

PASSWORD = "a-long-test-password"
SYNC_WORK_TIMEOUT = 30.0  # seconds a test's leftover worker-thread work may take

# Waiting is not what a test measures (benchmarks/ do that). A property holds however long an
# example takes, so Hypothesis keeps no deadline; a socket's reply that should come is waited
# for up to SOCKET_PATIENCE seconds, not the test client's 1 s (CI's 2 cores run three workers;
# a loaded machine missed both: "Unreliable test timings", a socket connect timing out).
hypothesis_settings.register_profile("tearspace", deadline=None)
hypothesis_settings.load_profile("tearspace")
SOCKET_PATIENCE = 10.0
for _method in (
    WebsocketCommunicator.connect,
    WebsocketCommunicator.receive_from,
    WebsocketCommunicator.receive_json_from,
    ApplicationCommunicator.receive_output,
    ChannelsCommunicator.receive_output,
    ApplicationCommunicator.wait,
):
    _method.__defaults__ = (SOCKET_PATIENCE,)

PERSONAS: dict[str, dict[str, object]] = {
    "alice": {"role": Role.MEMBER, "country": "GB"},
    "bob": {"role": Role.MEMBER, "country": "US"},
    "charlie": {"role": Role.MEMBER, "country": "AU"},
    "lena": {"role": Role.LISTENER, "country": "CA"},
    "hugo": {"role": Role.HOST, "country": "US"},
    "mona": {"role": Role.MODERATOR, "country": "US"},
    "theo": {"role": Role.THERAPIST, "country": "US"},
}


def make_persona(handle: str) -> User:
    fields = PERSONAS[handle]
    return User.objects.create_user(
        username=handle, email=f"{handle}@example.org", password=PASSWORD, **fields
    )


@pytest.fixture
def alice(db: None) -> User:
    return make_persona("alice")


@pytest.fixture
def bob(db: None) -> User:
    return make_persona("bob")


@pytest.fixture
def charlie(db: None) -> User:
    return make_persona("charlie")


@pytest.fixture
def listener(db: None) -> User:
    return make_persona("lena")


@pytest.fixture
def host(db: None) -> User:
    return make_persona("hugo")


@pytest.fixture
def moderator(db: None) -> User:
    return make_persona("mona")


@pytest.fixture
def therapist(db: None) -> User:
    return make_persona("theo")


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Start each test with an empty cache (rate limits live there).

    Under Redis `clear()` deletes only this worker's keys (`lib.cache.PrefixedRedisCache`).
    """
    yield
    caches["default"].clear()


@pytest.fixture(autouse=True)
def _language_reset() -> Iterator[None]:
    """End each test in the default language: a request for a person who chose another one
    activates it in this thread (every request activates its own, so only tests that run
    after it in the same worker could see it)."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _one_budget_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep each fixed-window budget (django-ratelimit, `lib.limits.RATES`) in one window for
    the length of a test.

    A window is a minute or an hour long and ends at an offset of its own per person, so a test
    that spends a budget could straddle an end and see the count start again (seen in CI: the
    11th report of a "10/h" budget let through on a loaded machine).
    """
    started = time.time()
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: started))


@pytest.fixture
def crisis_lines(db: None) -> None:
    """Make sure the default crisis lines exist (a transactional test may have flushed them)."""
    load_default_lines(CrisisLine)


@pytest.fixture(autouse=True)
def _seeded_data(request: pytest.FixtureRequest) -> None:
    """Give every database test what the data migrations seed (the default crisis lines).

    A transactional test flushes them, and which tests come after it in a worker depends on how
    the suite is split among workers, so no test may rely on running before one.
    """
    wants_db = {"db", "transactional_db"} & set(request.fixturenames)
    if wants_db or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("crisis_lines")


@pytest.fixture(autouse=True)
def _sync_work_finished(_seeded_data: None) -> Iterator[None]:
    """Let database work a test's sockets started in worker threads finish before teardown.

    A socket test's app may be cancelled (a disconnect that outlasts its timeout on a loaded
    machine) while its sync work still runs in asgiref's worker thread, mid-transaction. The
    database is flushed after this fixture's teardown (it is set up after the database), so
    waiting here keeps the flush from meeting that open transaction ("database table is
    locked"), which left rows behind for the next tests of that worker.
    """
    yield
    sync_work_done().result(timeout=SYNC_WORK_TIMEOUT)


def sync_work_done() -> Future[None]:
    """A future that completes once the sync work already queued for asgiref's worker thread
    (where `database_sync_to_async` runs outside a request) has finished."""
    return SyncToAsync.single_thread_executor.submit(lambda: None)


@pytest.fixture
def login() -> Callable[[User | None], Client]:
    """Return a test client signed in as `user` (or anonymous for None), MFA already passed."""

    def make(user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    _run_shared_browser_modules_last(items)
    have_services = bool(os.environ.get("DATABASE_URL") and os.environ.get("REDIS_URL"))
    if have_services:
        return
    if os.environ.get("CI") == "true" and os.environ.get("TEARSPACE_REQUIRE_SERVICES") == "1":
        raise pytest.UsageError("CI requires DATABASE_URL and REDIS_URL for the service tests.")
    skip = pytest.mark.skip(reason="set DATABASE_URL and REDIS_URL to run service tests")
    for item in items:
        if "services" in item.keywords:
            item.add_marker(skip)


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _run_shared_browser_modules_last(items: list[pytest.Item]) -> None:
    """Move the modules that use the shared `chromium` to the end, keeping the order otherwise.

    Playwright's sync API keeps an event loop running in this thread while the browser is open,
    which async tests, async_to_sync and the rooms tests' own Playwright must not see; so the one
    browser of the session is opened only once nothing else is left to run. Whole modules move,
    so module fixtures are still set up once; pytest-xdist hands tests out in this order.
    """
    shared = {item.path for item in items if "chromium" in getattr(item, "fixturenames", ())}
    items.sort(key=lambda item: item.path in shared)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """Debian's Chromium driven by Playwright (no browser download ever happens), one per
    session (per worker); each test gets contexts of its own.

    Modules using it run last (see `_run_shared_browser_modules_last`): while it is open this
    thread has Playwright's event loop running.
    """
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Browser tests need {CHROMIUM}; `make test` installs it with apt-get.")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
    # test itself between page actions are still plain synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page(chromium: Browser) -> Iterator[Page]:
    context = chromium.new_context(locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
