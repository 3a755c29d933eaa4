"""Real browsers: the host checks in privately from an alert, the member answers, and nobody
else in the room sees a word of it; a member writes to the host while the chat is quiet."""

from typing import Any

import pytest

from tearspace.rooms.tests.conftest import ARGS, open_live_pages

pytestmark = pytest.mark.browser

WARM = "I noticed things might feel heavy right now"


def test_the_host_checks_in_privately_and_the_member_answers(server: dict[str, Any]) -> None:
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        pages = open_live_pages(browser, server, ("host", "member", "member2"), problems)
        host, member, bob = pages["host"], pages["member"], pages["member2"]

        member.fill("#chat-input", "I want to end my life")
        member.press("#chat-input", "Enter")
        member.wait_for_selector("#help-panel:not([hidden])")
        host.wait_for_selector("#alerts:not([hidden]):has-text('alice may be struggling')")
        assert member.locator("#alerts button").count() == 0

        # One click opens a private panel with a warm word the host can change first.
        host.click("#alerts button:has-text('Check in privately')")
        panel = host.locator(".check-in", has_text="A private word with alice")
        box = panel.locator("textarea")
        box.wait_for()
        assert WARM in box.input_value()
        assert box.evaluate("el => el === document.activeElement")
        box.fill(box.input_value() + " No pressure at all.")
        panel.locator("button:has-text('Send privately')").click()
        panel.locator("li", has_text="No pressure at all.").wait_for()

        # Alice sees it as a private word from the host, and answers there.
        mine = member.locator(".check-in", has_text="A private word from the host")
        mine.locator("li", has_text=WARM).wait_for()
        mine.locator("textarea").fill("Thank you. It's a lot tonight.")
        mine.locator("button:has-text('Send privately')").click()
        panel.locator("li", has_text="It's a lot tonight.").wait_for()

        # Coming back to the page, Alice finds both words there again (hello, then the API).
        member.reload()
        member.wait_for_selector("#status:has-text('in the room')")
        mine.locator("li", has_text="It's a lot tonight.").wait_for()
        assert mine.locator("li", has_text=WARM).count() == 1

        # Bob's page carries none of it: no panel, not in the room's chat.
        bob.wait_for_selector("#messages li:has-text('I want to end my life')")
        assert bob.locator(".check-in").count() == 0
        assert WARM not in bob.content()
        assert WARM not in (member.text_content("#messages") or "")

        # While the chat is quiet, Bob can still write to the host privately.
        host.click("#toggle-chat")
        bob.wait_for_selector("#chat-input:disabled")
        bob.click("#write-to-host")
        line = bob.locator(".check-in")
        line.locator("textarea").fill("Could I step out for a minute?")
        line.locator("button:has-text('Send privately')").click()
        host.locator(".check-in", has_text="A private word with bob").locator(
            "li", has_text="step out for a minute"
        ).wait_for()
        assert "for a minute" not in member.content()
        browser.close()
    assert problems == []
