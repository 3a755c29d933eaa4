"""End to end: a crisis text shows the writer help and reaches an open moderator console live."""

import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn
from django.conf import settings
from django.test import Client

from tearspace.accounts.models import User
from tearspace.safety.tests.conftest import FakeModels

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("crisis_lines"),
]

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def asgi_server(transactional_db: None) -> Iterator[str]:
    """The real ASGI app (pages + websockets) in a thread, sharing the test database."""
    from config.asgi import application

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            application, host="127.0.0.1", port=port, log_level="warning", lifespan="off"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=5)


def session_cookie(user: User, base_url: str) -> dict[str, Any]:
    client = Client()
    client.force_login(user)
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {"name": settings.SESSION_COOKIE_NAME, "value": value, "url": base_url}


def test_it_shows_help_and_puts_the_escalation_in_the_open_console_live(
    asgi_server: str, alice: User, mod: User, models: FakeModels
) -> None:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect, sync_playwright

    models.level = "urgent"
    models.reasons = ["talks about a plan"]
    # Sessions are made before Playwright starts: its event loop makes the ORM refuse to run.
    mod_cookie, alice_cookie = session_cookie(mod, asgi_server), session_cookie(alice, asgi_server)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            console_context = browser.new_context()
            console_context.add_cookies([mod_cookie])  # type: ignore[list-item]
            console = console_context.new_page()
            console.goto(f"{asgi_server}/moderation/")
            expect(console.get_by_text("Nothing waiting")).to_be_visible()
            expect(console.locator("body[data-moderation-live='open']")).to_have_count(1)

            writer_context = browser.new_context()
            writer_context.add_cookies([alice_cookie])  # type: ignore[list-item]
            writer = writer_context.new_page()
            writer.goto(f"{asgi_server}/help/mind/")
            writer.get_by_label("What's on your mind?").fill("I have a plan for tonight")
            started = time.monotonic()
            writer.get_by_role("button", name="Put it down").click()

            row = console.locator("tr[data-item^='escalation:']")
            expect(row).to_contain_text("alice", timeout=2000)
            elapsed = time.monotonic() - started
            expect(writer.locator("[data-help-panel]")).to_be_visible()
            expect(writer.locator("[data-help-panel]")).to_contain_text("Samaritans")
            # The console never shows the private words.
            assert "I have a plan for tonight" not in console.content()
            assert elapsed < 2.0
            axe = Axe()
            for page in (writer, console):
                report = axe.run(page)
                assert report.violations_count == 0, report.generate_report()
            print(f"escalation visible in the console {elapsed * 1000:.0f} ms after submit")
        finally:
            browser.close()


def test_it_shows_help_after_phq9_item9_on_accessible_pages(asgi_server: str, alice: User) -> None:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect, sync_playwright

    cookie = session_cookie(alice, asgi_server)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            context = browser.new_context()
            context.add_cookies([cookie])  # type: ignore[list-item]
            page = context.new_page()
            page.goto(f"{asgi_server}/help/self-checks/phq9/")
            axe = Axe()
            assert axe.run(page).violations_count == 0
            for number in range(1, 9):
                page.locator(f"#id_q{number}_0").check()
            page.locator("#id_q9_1").check()  # "Several days"
            page.get_by_role("button", name="See my result").click()
            expect(page.locator("[data-result]")).to_contain_text("usually called minimal")
            expect(page.locator("[data-help-panel]")).to_contain_text("Samaritans")
            assert axe.run(page).violations_count == 0
        finally:
            browser.close()
