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
        browser.close()
    assert errors == []
