"""A pinned message shows as words, isolated like every chat line (a real browser)."""

from typing import Any

import pytest
from playwright.sync_api import sync_playwright

from tearspace.rooms.tests.conftest import ARGS, open_live_pages

pytestmark = pytest.mark.browser

FLIPPED = "thank you\u202e for being here"


def test_a_pinned_message_keeps_its_direction_marks_inside_its_words(
    server: dict[str, Any],
) -> None:
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        pages = open_live_pages(browser, server, ("host", "member"), errors)
        host, member = pages["host"], pages["member"]
        member.fill("#chat-input", FLIPPED)
        member.press("#chat-input", "Enter")
        host.click("#messages li:has-text('for being here') button:has-text('Pin')")
        member.wait_for_selector("#pinned:not([hidden]) .user-text")
        words = member.locator("#pinned .user-text")
        assert words.text_content() == FLIPPED
        assert words.get_attribute("dir") == "auto"
        assert (member.locator("#pinned").text_content() or "").startswith("Pinned · ")
        browser.close()
    assert errors == []
