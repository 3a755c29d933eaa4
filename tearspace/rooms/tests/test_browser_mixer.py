"""The mixer in real browsers: two people share a small chat, one reports a line there, and
they form a circle together."""

from typing import Any

import pytest

from tearspace.rooms.tests.conftest import ARGS, drop_socket, open_live_pages

pytestmark = pytest.mark.browser


def test_two_people_chat_in_a_small_chat_and_form_a_circle(server: dict[str, Any]) -> None:
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        pages = open_live_pages(browser, server, ("host", "member", "member2"), errors)
        host, alice, bob = pages["host"], pages["member"], pages["member2"]

        # The host opens the mixer; nobody is in a small chat until they choose to be.
        host.click("[data-set-phase=mixer]")
        for page in (alice, bob):
            page.wait_for_selector("#mixer:not([hidden])")
            assert page.is_hidden("#small-chat")
        assert host.query_selector("#small-chat-join") is None

        alice.click("#small-chat-join")
        alice.wait_for_selector("#small-chat:not([hidden])")
        bob.click("#small-chat-join")
        alice.wait_for_selector("#small-chat-people:has-text('bob')")
        bob.wait_for_selector("#small-chat-people:has-text('alice')")

        alice.fill("#small-chat-input", "so glad you were here tonight")
        alice.press("#small-chat-input", "Enter")
        bob.wait_for_selector("#small-messages li:has-text('so glad you were here tonight')")
        # The small chat is theirs alone: not in the room's chat, not on the host's page.
        host.wait_for_timeout(500)
        for page in (host, bob):
            assert "so glad you were here" not in page.inner_text("#messages")
        assert "so glad you were here" not in host.content()

        # Bob's socket drops while alice writes; on reconnect he resumes the small chat.
        drop_socket(bob)
        for n in range(2):
            alice.fill("#small-chat-input", f"while you were away {n}")
            alice.press("#small-chat-input", "Enter")
            alice.wait_for_selector(f"#small-messages li:has-text('while you were away {n}')")
        bob.evaluate("window.__blocked = false")
        bob.wait_for_selector("#small-messages li:has-text('while you were away 1')", timeout=20000)
        bodies = bob.eval_on_selector_all(
            "#small-messages li .body", "els => els.map(e => e.textContent)"
        )
        assert bodies == [
            "so glad you were here tonight",
            "while you were away 0",
            "while you were away 1",
        ]

        # Bob reports one of alice's lines there; he alone is thanked. Nobody reports themselves.
        assert alice.locator("#small-messages .report-link").count() == 0
        line = bob.locator("#small-messages li:has-text('while you were away 0')")
        line.locator(".report-link").click()
        line.locator("select[name=reason]").select_option("unkind")
        line.locator("button[type=submit]").click()
        bob.wait_for_selector("#mixer-note:has-text('Thank you for telling us')")
        assert line.locator(".report-form").count() == 0
        assert "Thank you for telling us" not in alice.inner_text("#mixer")

        # Bob leaves the small chat in a second tab while the first is away; back, it is gone.
        drop_socket(bob)
        other = bob.context.new_page()
        other.goto(f"{server['base']}/rooms/{server['room']}/live/")
        other.wait_for_selector("#small-chat:not([hidden])")
        other.click("#small-chat-leave")
        other.wait_for_selector("#small-chat-offer:not([hidden])")
        other.close()
        alice.wait_for_function(
            "() => !document.getElementById('small-chat-people').textContent.includes('bob')"
        )
        bob.evaluate("window.__blocked = false")
        bob.wait_for_selector("#small-chat-offer:not([hidden])", timeout=20000)
        assert bob.is_hidden("#small-chat")

        # Alice invites bob to form a circle; bob says yes; alice is told warmly.
        alice.click("#circle-people li:has-text('bob') button")
        alice.wait_for_selector("#circle-people li:has-text('bob') button:has-text('sent')")
        bob.wait_for_selector("#invitations:has-text('alice would like to stay in touch')")
        bob.click("#invitations button:has-text('Yes')")
        alice.wait_for_selector("#mixer-note:has-text('You and bob are in a circle together')")
        link = alice.get_attribute("#mixer-note a", "href")
        assert link is not None
        assert link.startswith("/circles/")
        bob.wait_for_selector("#mixer-note:has-text('You and alice are in a circle together')")
        assert bob.inner_text("#invitations") == ""

        # The circle is a real one: bob can open it.
        bob.goto(f"{server['base']}{link}")
        assert "Tear friends from Two browsers" in bob.content()
        browser.close()
    assert errors == []
