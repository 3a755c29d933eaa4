"""Help opens over a live room, never away from it (a real browser)."""

from typing import Any

import pytest
from playwright.sync_api import Page, sync_playwright

from tearspace.rooms.tests.conftest import ARGS, open_live_pages

pytestmark = pytest.mark.browser


def assert_help_over_the_room(page: Page, opener: str, room_url: str) -> None:
    page.click(opener)
    page.wait_for_selector("#help-dialog[open] .help-panel .lines")
    assert page.url == room_url  # the room was not left
    assert page.evaluate("() => window.__sockets.at(-1).readyState") == 1  # still connected
    # Every way out of the panel opens in a new tab, so the room stays open here (a call
    # opens the phone's dialler and leaves the page as it is).
    targets = page.eval_on_selector_all(
        "#help-dialog .help-panel a:not([href^='tel:'])", "(links) => links.map((a) => a.target)"
    )
    assert targets
    assert set(targets) == {"_blank"}
    page.click("#help-dialog button:has-text('Back to the room')")
    page.wait_for_selector("#help-dialog:not([open])", state="attached")
    assert page.is_visible("#chat-input")


@pytest.mark.parametrize("size", [(390, 844), (1366, 900)], ids=["phone", "desktop"])
def test_need_help_now_and_the_rooms_help_links_open_help_over_the_room(
    server: dict[str, Any], size: tuple[int, int]
) -> None:
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        member = open_live_pages(browser, server, ("member",), errors)["member"]
        member.set_viewport_size({"width": size[0], "height": size[1]})
        room_url = member.url
        assert_help_over_the_room(member, ".site-header .help-now", room_url)
        # The private help shown after worrying words offers the same, without leaving.
        member.evaluate("() => { document.getElementById('help-panel').hidden = false; }")
        assert_help_over_the_room(member, "#help-panel [data-open-help].button", room_url)
        browser.close()
    assert errors == []
