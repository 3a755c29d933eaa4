"""A recorded cry in a real browser: timeline, dashboard, montage, export and delete."""

import io
import zipfile
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Page, expect, sync_playwright

from conftest import PASSWORD
from tearspace.accounts.models import User
from tearspace.journal.models import Entry
from tearspace.journal.tests.conftest import open_log_form, unfold_log_form

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


@pytest.fixture
def page(live_server: Any, alice: User, monkeypatch: pytest.MonkeyPatch) -> Iterator[Page]:
    # Playwright's sync API keeps an event loop on this thread; the ORM calls made here by the
    # test itself are still plain synchronous code.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    client = Client()
    client.force_login(alice)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        context = browser.new_context(base_url=live_server.url, accept_downloads=True)
        context.grant_permissions(["microphone", "camera"], origin=live_server.url)
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
        )
        page = context.new_page()
        errors: list[str] = []
        page.on(
            "console",
            lambda message: errors.append(message.text) if message.type == "error" else None,
        )
        yield page
        browser.close()
        assert errors == [], errors  # no CSP violations or script errors on any page


def test_it_logs_a_recorded_cry_and_follows_it_through_the_journal(page: Page, alice: User) -> None:
    open_log_form(page)
    page.fill("#id_notes", "The song at the bus stop")
    # A draft survives a reload.
    page.reload()
    expect(page.locator("#section-after")).to_have_attribute("open", "")  # opened for the draft
    unfold_log_form(page)
    expect(page.locator("#id_notes")).to_have_value("The song at the bus stop")
    page.check("input[name=emotions][value=moved]")
    page.check("input[name=kind][value=joy]")
    page.check("input[name=helped][value=music]")
    page.fill("#id_tags", "music")
    # Nothing recorded yet: there is nothing to remove.
    expect(page.locator("#record-discard")).to_be_hidden()
    page.click("#record-audio")
    expect(page.locator("#record-status")).to_have_text("Recording…")
    page.wait_for_timeout(1500)
    page.click("#record-stop")
    expect(page.locator("#record-status")).to_contain_text("Recorded")
    page.click("button[type=submit]:has-text('Save')")
    # A first screening that runs late (models loading on a busy machine) shows help just in
    # case; then the questions wait behind "Reflect anyway", as they do for anyone shown help.
    page.wait_for_selector("h1, #skip-reflection")
    if page.locator("a:has-text('Reflect anyway')").count():
        page.click("a:has-text('Reflect anyway')")
    expect(page.locator("h1")).to_have_text("A moment to reflect")
    page.check("input[name=lighter][value=much_lighter]")
    page.click("button[type=submit]:has-text('Save')")
    expect(page.locator("audio.clip-player")).to_be_visible()
    entry = Entry.objects.get(owner=alice)
    assert (entry.clip.duration_seconds or 0) > 0.5
    assert entry.relief == "much_lighter"
    assert entry.helped_keys == ["music"]

    page.goto("/journal/")
    expect(page.locator(".entry-card")).to_contain_text("The song at the bus stop")
    page.goto("/journal/?q=bus")
    expect(page.locator(".entry-card")).to_have_count(1)
    page.goto("/journal/growth/")
    expect(page.locator("#chart-weeks")).to_have_attribute("data-ready", "1")
    expect(page.locator("#chart-tools")).to_have_attribute("data-ready", "1")
    expect(page.locator(".insights")).to_contain_text("You logged one cry in this period.")

    page.goto("/journal/montage/")
    today = timezone.localdate()
    page.fill("#id_start", (today - timedelta(days=7)).isoformat())
    page.fill("#id_end", today.isoformat())
    page.click("button:has-text('Make a montage')")
    expect(page.locator("#montage-percent")).to_have_text("100%", timeout=60_000)
    expect(page.locator("#montage-download")).to_be_visible()

    page.goto("/journal/")
    page.click(".journal-nav a:has-text('Export')")
    # Export asks for the password again first (a stolen session alone is not enough).
    page.fill("input[name='password']", PASSWORD)
    with page.expect_download() as download_info:
        page.press("input[name='password']", "Enter")
    archive = zipfile.ZipFile(io.BytesIO(download_info.value.path().read_bytes()))
    assert f"journal/clips/{entry.pk}.webm" in archive.namelist()

    page.goto(f"/journal/{entry.pk}/")
    page.click("a:has-text('Delete')")
    page.click("button:has-text('Delete for good')")
    expect(page.locator(".messages")).to_contain_text("gone for good")
    assert not Entry.objects.filter(owner=alice).exists()


def test_the_recorder_shows_the_camera_the_time_and_where_it_is(page: Page, alice: User) -> None:
    open_log_form(page)
    recorder = page.locator("#recorder")
    expect(recorder).to_have_attribute("data-state", "idle")
    expect(page.locator("#record-stop")).to_be_hidden()
    page.click("#record-video")
    # Recording: only Stop is offered, the camera shows live and the time runs.
    expect(recorder).to_have_attribute("data-state", "recording")
    expect(page.locator("#record-audio")).to_be_hidden()
    expect(page.locator("#record-stop")).to_be_focused()
    page.wait_for_function(
        "() => { const v = document.getElementById('record-live');"
        " return !v.hidden && v.videoWidth > 0 && !v.paused; }"
    )
    expect(page.locator("#record-elapsed")).to_have_text("0:01", timeout=5000)
    page.click("#record-stop")
    # Recorded: the camera is off, the clip plays back, its length is said, it can go.
    expect(recorder).to_have_attribute("data-state", "recorded")
    expect(page.locator("#record-live")).to_be_hidden()
    expect(page.locator("#record-preview")).to_be_visible()
    expect(page.locator("#record-status")).to_contain_text("Recorded (0:0")
    assert page.evaluate("() => document.getElementById('id_clip').files.length") == 1
    page.click("#record-discard")
    expect(recorder).to_have_attribute("data-state", "idle")
    assert page.evaluate("() => document.getElementById('id_clip').files.length") == 0


def test_the_recorder_stops_by_itself_at_the_longest_clip(page: Page, alice: User) -> None:
    open_log_form(page)
    # A limit of about a second, so the test need not wait minutes for the real one.
    page.evaluate("() => { document.getElementById('recorder').dataset.maxMinutes = '0.02'; }")
    page.click("#record-audio")
    expect(page.locator("#recorder")).to_have_attribute("data-state", "recorded", timeout=10000)
    expect(page.locator("#record-status")).to_contain_text("as long as a clip can be")
