"""On a phone, from the signed-in home: a cry with its strength and a feeling in two taps; the
full log form keeps Save in reach."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, Page, ViewportSize

from tearspace.accounts.models import User
from tearspace.journal.models import Entry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE: ViewportSize = {"width": 390, "height": 844}
# Every tap or click anywhere, counted across pages in this tab (the page's own storage).
COUNT_TAPS = """
document.addEventListener("click", function () {
  sessionStorage.setItem("taps", String(Number(sessionStorage.getItem("taps") || 0) + 1));
}, true);
"""


@pytest.fixture
def phone(chromium: Browser, live_server: Any, alice: User) -> Iterator[Page]:
    client = Client()
    client.force_login(alice)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context = chromium.new_context(
        base_url=live_server.url, viewport=PHONE, has_touch=True, is_mobile=True, locale="en-GB"
    )
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    context.add_init_script(COUNT_TAPS)
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield page
    context.close()
    assert errors == [], errors


def test_it_saves_a_cry_with_strength_and_a_feeling_in_two_taps(phone: Page, alice: User) -> None:
    phone.goto("/")
    phone.locator(".quick-strength label", has_text="4").tap()
    phone.get_by_role("button", name="sad", exact=True).tap()
    phone.get_by_text("Saved. Thank you for letting it out.").wait_for()
    assert phone.evaluate("sessionStorage.getItem('taps')") == "2"
    entry = Entry.objects.get(owner=alice)
    assert (entry.intensity, entry.emotion_keys) == (4, ["sad"])
    phone.get_by_role("link", name="Add more", exact=True).tap()
    phone.wait_for_url(f"**/journal/{entry.pk}/edit/")


def test_the_log_form_keeps_save_in_view_on_a_phone(phone: Page) -> None:
    phone.goto("/journal/new/")
    save = phone.get_by_role("button", name="Save", exact=True)
    for _scroll in range(3):  # at the top, halfway and at the foot of the page
        box = save.bounding_box()
        assert box is not None
        assert box["y"] >= 0
        assert box["y"] + box["height"] <= PHONE["height"]
        phone.mouse.wheel(0, 600)
    # Folded sections open with a tap and Save still sits in reach.
    phone.get_by_text("Afterwards", exact=True).tap()
    assert phone.get_by_label("Notes").is_visible()
    assert save.is_visible()
    box = save.bounding_box()
    assert box is not None
    assert box["y"] + box["height"] <= PHONE["height"]


def test_the_log_form_reveals_its_sections_a_step_at_a_time(phone: Page) -> None:
    phone.goto("/journal/new/")
    # Only the moment is open: the form is about a phone screen and a half, not three and more.
    form = phone.locator("#entry-form").bounding_box()
    assert form is not None
    assert form["height"] < 1.5 * PHONE["height"]
    assert phone.get_by_text("sad", exact=True).is_visible()
    assert not phone.get_by_label("Notes").is_visible()
