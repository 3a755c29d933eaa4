"""The header on a phone: one row, a menu that folds and unfolds, and a plain list without
JavaScript (a real browser at 390x844)."""

from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, expect

from tearspace.accounts.models import User
from tearspace.notifications.actions import do_notify
from tearspace.safety.tests.test_browser_crisis import session_cookie

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("crisis_lines")]

PHONE = {"width": 390, "height": 844}
ROW = (".site-header .brand", ".site-header .menu-button", ".breathe-now", ".help-now")


def phone(chromium: Browser, base: str, user: User | None, **options: Any) -> BrowserContext:
    context = chromium.new_context(viewport=PHONE, locale="en-GB", **options)  # type: ignore[arg-type]
    if user is not None:
        context.add_cookies([session_cookie(user, base)])  # type: ignore[list-item]
    return context


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_the_phone_header_is_one_row_with_help_at_the_end(live_server, chromium, alice, bob, who):
    do_notify(recipient_id=alice.pk, kind="reply", text="bob replied", actor_id=bob.pk)
    context = phone(chromium, live_server.url, alice if who == "member" else None)
    page = context.new_page()
    page.goto(live_server.url + "/journal/" if who == "member" else live_server.url + "/")
    header = page.locator(".site-header").bounding_box()
    assert header is not None
    assert header["height"] <= 64, header  # was 197.5 px for a member before the menu
    boxes = [page.locator(selector).bounding_box() for selector in ROW]
    assert all(box is not None for box in boxes), boxes
    middles = [box["y"] + box["height"] / 2 for box in boxes if box]
    assert max(middles) - min(middles) < 4, middles  # one row
    help_box = boxes[-1]
    assert help_box is not None
    assert help_box["x"] + help_box["width"] <= PHONE["width"]
    for box in boxes:
        assert box is not None
        assert box["height"] >= 44, box  # thumb-sized
        assert box["width"] >= 44, box
    context.close()


def test_the_menu_unfolds_marks_itself_and_folds_with_escape(live_server, chromium, alice, bob):
    do_notify(recipient_id=alice.pk, kind="reply", text="bob replied", actor_id=bob.pk)
    context = phone(chromium, live_server.url, alice)
    page = context.new_page()
    page.goto(live_server.url + "/circles/community/")
    menu = page.get_by_role("button", name="Menu 1 unread")
    journal = page.get_by_role("link", name="Journal")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(journal).to_be_hidden()

    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(journal).to_be_visible()
    expect(page.get_by_role("link", name="Community")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("link", name="Notifications 1 unread")).to_be_visible()

    page.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_focused()
    expect(journal).to_be_hidden()

    menu.click()
    expect(journal).to_be_visible()
    page.mouse.click(PHONE["width"] / 2, PHONE["height"] - 10)  # a tap below the panel folds it
    expect(menu).to_have_attribute("aria-expanded", "false")
    context.close()


def test_without_javascript_the_sections_are_an_open_list(live_server, chromium, alice):
    context = phone(chromium, live_server.url, alice, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/")
    expect(page.locator(".menu-button")).to_be_hidden()
    for name in ("Journal", "Rooms", "Settings"):
        expect(page.get_by_role("link", name=name)).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    expect(page.get_by_role("link", name="Need help now")).to_be_in_viewport()
    context.close()
