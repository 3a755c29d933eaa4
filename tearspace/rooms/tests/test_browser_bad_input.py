"""A chat message the server refuses as unreadable is not re-sent, and its words come back."""

from typing import Any

import pytest

from tearspace.rooms.tests.conftest import ARGS, drop_socket, open_live_pages

pytestmark = pytest.mark.browser

COUNT_SENDS = """
(() => {
  const send = WebSocket.prototype.send;
  window.__sends = 0;
  WebSocket.prototype.send = function (data) {
    if (String(data).includes('"action":"send"')) window.__sends += 1;
    return send.call(this, data);
  };
})();
"""


def test_a_refused_message_is_sent_once_and_given_back(server: dict[str, Any]) -> None:
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        member = open_live_pages(browser, server, ("member",), errors)["member"]
        member.evaluate(COUNT_SENDS)
        # A lone surrogate can only be typed by a script (or a broken keyboard layout).
        member.evaluate("document.getElementById('chat-input').value = 'x \\ud83d'")
        member.press("#chat-input", "Enter")
        member.wait_for_selector("#chat-note:has-text('Unicode')")
        assert member.evaluate("document.getElementById('chat-input').value === 'x \\ud83d'")
        # A reconnect re-sends what is pending: the refused message is no longer pending.
        drop_socket(member)
        member.evaluate("window.__blocked = false")
        member.wait_for_selector("#status:has-text('in the room')", timeout=20000)
        member.wait_for_timeout(1500)
        assert member.evaluate("window.__sends") == 1
        # The next message that is saved takes a refusal's note away.
        member.evaluate("document.getElementById('chat-input').value = 'y \\ud83d'")
        member.press("#chat-input", "Enter")
        member.wait_for_selector("#chat-note:has-text('Unicode')")
        member.fill("#chat-input", "words that can be kept")
        member.press("#chat-input", "Enter")
        member.wait_for_selector("#messages li:has-text('words that can be kept')")
        member.wait_for_function("() => document.getElementById('chat-note').textContent === ''")
        # A paste longer than a message may be is refused with the reason, never cut short.
        long_words = " ".join(["so much to say"] * 150)
        member.fill("#chat-input", long_words)
        member.press("#chat-input", "Enter")
        member.wait_for_selector("#chat-note:has-text('under 2000 characters')")
        assert member.input_value("#chat-input") == long_words
        browser.close()
    assert errors == []
