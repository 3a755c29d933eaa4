"""Two real browsers: one sees the other typing, and reports a message with a warm thank-you."""

from typing import Any

import pytest

from tearspace.rooms.tests.conftest import ARGS, open_live_pages

pytestmark = pytest.mark.browser


def test_it_shows_who_is_typing_and_takes_a_report(server: dict[str, Any]) -> None:
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        pages = open_live_pages(browser, server, ("host", "member"), problems)
        host, member = pages["host"], pages["member"]

        # The member types; the host sees it, the member's own page does not.
        member.type("#chat-input", "I keep thinking")
        host.wait_for_selector("#typing:has-text('alice is typing…')")
        assert member.text_content("#typing") == ""
        # It fades after a few seconds without another word.
        host.wait_for_selector("#typing:text-is('')", timeout=8000)

        # The host says something; only others' messages offer "Report".
        host.fill("#chat-input", "Tears are for the weak")
        host.press("#chat-input", "Enter")
        line = member.locator("#messages li", has_text="Tears are for the weak")
        line.wait_for()
        host.locator("#messages li", has_text="Tears are for the weak").wait_for()
        assert host.locator("#messages li .report-link").count() == 0

        line.locator(".report-link").click()
        line.locator("select[name=reason]").select_option("unkind")
        line.locator("textarea[name=details]").fill("That felt dismissive")
        line.locator("button[type=submit]").click()
        member.wait_for_selector("#report-thanks:has-text('Thank you for telling us')")
        assert line.locator(".report-form").count() == 0
        browser.close()
    assert problems == []
