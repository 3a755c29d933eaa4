"""What a person typed or recorded survives their own browser, and stays theirs on a shared one."""

from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import BrowserContext, Page, Route, expect, sync_playwright

from tearspace.accounts.models import User
from tearspace.journal.models import Clip, Entry
from tearspace.journal.tests.conftest import open_log_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
]

DRAFT_KEYS = """() => Object.keys(localStorage).filter((k) => k.startsWith("journal-draft"))"""
KEPT_CLIP_DBS = """async () => (await indexedDB.databases()).map((d) => d.name)"""


@pytest.fixture
def device(live_server: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[BrowserContext]:
    """One browser profile, as on a shared device."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        context = browser.new_context(base_url=live_server.url)
        context.grant_permissions(["microphone", "camera"], origin=live_server.url)
        yield context
        browser.close()


@pytest.fixture
def sign_in(
    device: BrowserContext, live_server: Any, alice: User, bob: User
) -> Callable[[User], None]:
    # Sessions are made before any page loads: the test database takes one writer at a time.
    sessions = {}
    for person in (alice, bob):
        client = Client()
        client.force_login(person)
        sessions[person.pk] = client.cookies[settings.SESSION_COOKIE_NAME].value

    def sign(user: User) -> None:
        session = sessions[user.pk]
        device.clear_cookies()
        device.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
        )

    return sign


@pytest.fixture
def page(device: BrowserContext) -> Iterator[Page]:
    page = device.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    assert errors == [], errors  # no script errors on any page


def record(page: Page) -> None:
    page.click("#record-audio")
    expect(page.locator("#record-status")).to_have_text("Recording…")
    page.wait_for_timeout(1200)
    page.click("#record-stop")
    expect(page.locator("#record-status")).to_contain_text("Recorded")


def kept_clip_count(page: Page) -> int:
    return int(page.evaluate("() => document.getElementById('id_clip').files.length"))


def test_a_draft_is_the_persons_own_and_goes_with_them_at_logout(
    page: Page, sign_in: Callable[[User], None], alice: User, bob: User
) -> None:
    # A draft left under the old key shared by everyone is neither offered nor kept.
    page.goto("/")
    page.evaluate("""() => localStorage.setItem("journal-draft-new", '{"notes": "old words"}')""")
    sign_in(alice)
    open_log_form(page)
    expect(page.locator("#id_notes")).to_have_value("")
    assert page.evaluate(DRAFT_KEYS) == []
    page.fill("#id_notes", "alice's words")
    record(page)
    page.wait_for_timeout(300)  # the kept copy is written in the background
    # Alice walks away without logging out; Bob signs in on the same device.
    sign_in(bob)
    open_log_form(page)
    expect(page.locator("#id_notes")).to_have_value("")
    expect(page.locator("#draft-status")).not_to_contain_text("brought back")
    expect(page.locator("#record-preview")).to_be_hidden()
    assert kept_clip_count(page) == 0
    # Alice comes back: her words and her recording are still there for her.
    sign_in(alice)
    open_log_form(page)
    expect(page.locator("#draft-status")).to_have_text("We brought back your draft.")
    expect(page.locator("#id_notes")).to_have_value("alice's words")
    expect(page.locator("#record-status")).to_contain_text("Your recording is still here")
    assert kept_clip_count(page) == 1
    # Logging out leaves nothing of hers in this browser.
    page.click(".menu-button")  # Log out sits in the folded menu
    page.click("button:has-text('Log out')")
    page.wait_for_url(lambda url: urlparse(url).path == "/")
    assert page.evaluate(DRAFT_KEYS) == []
    assert "tearspace-drafts" not in page.evaluate(KEPT_CLIP_DBS)


def test_a_draft_stays_until_the_server_confirms_the_save(
    page: Page, sign_in: Callable[[User], None], alice: User
) -> None:
    sign_in(alice)
    open_log_form(page)
    page.fill("#id_notes", "words the network nearly lost")

    def fail_saves(route: Route) -> None:
        if route.request.method == "POST":
            route.abort()
        else:
            route.continue_()

    page.route("**/journal/new/", fail_saves)
    page.click("button[type=submit]:has-text('Save')")
    page.wait_for_timeout(500)
    page.unroute("**/journal/new/")
    assert not Entry.objects.exists()
    open_log_form(page)
    expect(page.locator("#draft-status")).to_have_text("We brought back your draft.")
    expect(page.locator("#id_notes")).to_have_value("words the network nearly lost")
    assert len(page.evaluate(DRAFT_KEYS)) == 1
    page.click("button[type=submit]:has-text('Save')")
    # The page after a save confirms it (with the questions, or with help first if the
    # screening ran late and the questions wait).
    expect(page.locator("meta[name=journal-draft-saved]")).to_have_count(1)
    page.wait_for_function(f"() => ({DRAFT_KEYS})().length === 0")  # once its script has run
    assert Entry.objects.get(owner=alice).notes == "words the network nearly lost"


def test_a_recording_survives_a_form_that_comes_back_with_a_question(
    page: Page, sign_in: Callable[[User], None], alice: User
) -> None:
    sign_in(alice)
    open_log_form(page)
    record(page)
    page.wait_for_timeout(300)
    page.fill("#id_duration_minutes", "5000")
    page.click("button[type=submit]:has-text('Save')")
    expect(page.locator(".errorlist")).to_be_visible()
    expect(page.locator("#record-status")).to_contain_text("Your recording is still here")
    assert kept_clip_count(page) == 1
    page.fill("#id_duration_minutes", "5")
    page.click("button[type=submit]:has-text('Save')")
    expect(page.locator("meta[name=journal-draft-saved]")).to_have_count(1)  # saved
    clip = Clip.objects.get(owner=alice)
    assert (clip.duration_seconds or 0) > 0.5
    assert clip.entry.duration_minutes == 5
    assert "tearspace-drafts" in page.evaluate(KEPT_CLIP_DBS)
    open_log_form(page)
    expect(page.locator("#record-preview")).to_be_hidden()  # the saved clip is not offered again


def test_two_clicks_on_save_make_one_entry_and_the_button_says_it_is_saving(
    page: Page, sign_in: Callable[[User], None], alice: User
) -> None:
    sign_in(alice)
    open_log_form(page)
    page.fill("#id_notes", "once")
    record(page)
    held: list[Route] = []

    def hold_saves(route: Route) -> None:
        if route.request.method == "POST":
            held.append(route)
        else:
            route.continue_()

    page.route("**/journal/new/", hold_saves)
    # What the button shows while the save is on its way, noted where the next page can read it
    # (the page cannot be asked while its navigation is held).
    page.evaluate(
        """() => {
            const button = document.querySelector("#entry-form button[type=submit]");
            const seen = [];
            new MutationObserver(() => {
                seen.push([button.textContent, button.disabled]);
                sessionStorage.setItem("seen", JSON.stringify(seen));
            }).observe(button, {attributes: true, childList: true, subtree: true});
        }"""
    )
    page.dblclick("#entry-form button[type=submit]", no_wait_after=True)
    page.wait_for_timeout(500)
    assert len(held) == 1  # the second click sent nothing
    held[0].continue_()
    expect(page.locator("meta[name=journal-draft-saved]")).to_have_count(1, timeout=20_000)
    assert ["Saving…", True] in page.evaluate("() => JSON.parse(sessionStorage.getItem('seen'))")
    assert Entry.objects.filter(owner=alice).count() == 1
    assert Clip.objects.filter(owner=alice).count() == 1


def test_the_same_form_sent_twice_past_the_pages_guard_makes_one_entry(
    page: Page, sign_in: Callable[[User], None], alice: User
) -> None:
    """A resend the page cannot stop (a retry, a second tab's copy of the draft) saves once.

    The two sends go one after the other: the live test server's in-memory SQLite takes one
    writer at a time, so truly concurrent sends are covered in test_idempotency.py instead.
    """
    sign_in(alice)
    open_log_form(page)
    page.fill("#id_notes", "sent twice")
    record(page)
    statuses = page.evaluate(
        """async () => {
            const form = document.getElementById("entry-form");
            const send = () => fetch(location.href, {method: "POST", body: new FormData(form)});
            const first = await send();
            const again = await send();
            return [first.status, again.status, first.url === again.url];
        }"""
    )
    assert statuses == [200, 200, True]  # both followed the redirect to the one saved entry
    assert Entry.objects.filter(owner=alice).count() == 1
    assert Clip.objects.filter(owner=alice).count() == 1
