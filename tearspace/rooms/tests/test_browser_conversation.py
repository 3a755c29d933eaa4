"""One conversation module (static/js/conversation.js) behind both chats of the live room: in
the room's chat and in a small chat, real browsers see each message once, catch up in order
with the hides and removals they missed, keep words the server refused, and deliver once what
was sent while the socket was down."""

from typing import Any

import pytest
from playwright.sync_api import Page

from tearspace.rooms.tests.conftest import (
    ARGS,
    drop_socket,
    open_live_pages,
    run_against_server_database,
)

pytestmark = pytest.mark.browser

# Keep every frame the page's current socket receives, to hand one to it again.
RECORD = """
window.__frames = [];
window.__sockets.at(-1).addEventListener("message", (e) => {
  window.__frames.push(JSON.parse(e.data));
});
"""
DELIVER = """frame => window.__sockets.at(-1).dispatchEvent(
  new MessageEvent("message", { data: JSON.stringify(frame) }))"""
LONE_SURROGATE = "x \\ud83d"  # only a script (or a broken keyboard layout) types this


def received(page: Page, kind: str, body: str) -> dict[str, Any]:
    """The frame of type `kind` adding `body` that the page's socket received."""
    frames: list[dict[str, Any]] = page.evaluate("window.__frames")
    return next(f for f in frames if f["type"] == kind and f.get("message", {}).get("body") == body)


def lines(page: Page, log: str, text: str) -> int:
    return page.locator(f"{log} li", has_text=text).count()


def write(page: Page, box: str, text: str) -> None:
    page.fill(box, text)
    page.press(box, "Enter")


def send_as_the_socket_drops(page: Page, box: str, text: str) -> None:
    """Send `text` and close the socket at once: the server may store it, its answer is lost."""
    page.fill(box, text)
    page.evaluate(
        """box => {
          document.getElementById(box).form.requestSubmit();
          window.__blocked = true;
          window.__sockets.at(-1).close();
        }""",
        box.lstrip("#"),
    )
    page.wait_for_selector("#status:has-text('Reconnecting')")


def test_the_room_chat_shows_once_resumes_and_keeps_words(server: dict[str, Any]) -> None:
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        pages = open_live_pages(browser, server, ("host", "member"), errors)
        host, alice = pages["host"], pages["member"]
        alice.evaluate(RECORD)

        # The same event twice, and a stale copy of it, show the message once as first sent.
        write(host, "#chat-input", "first words")
        alice.wait_for_selector("#messages li:has-text('first words')")
        frame = received(alice, "room_message", "first words")
        stale = {**frame, "message": {**frame["message"], "body": "a stale copy"}}
        for again in (frame, stale, frame):
            alice.evaluate(DELIVER, again)
        assert lines(alice, "#messages", "first words") == 1
        assert lines(alice, "#messages", "a stale copy") == 0

        # Away while the host writes and hides a line seen before and one not seen yet: back,
        # the lines come in order and both hides are replayed.
        drop_socket(alice)
        for n in range(3):
            write(host, "#chat-input", f"missed {n}")
            host.wait_for_selector(f"#messages li[data-id]:has-text('missed {n}')")
        for words in ("first words", "missed 1"):
            host.click(f"#messages li[data-id]:has-text('{words}') button:text('Hide')")
        host.wait_for_function(
            "() => [...document.querySelectorAll('#messages .body')]"
            ".filter(b => b.textContent === '(hidden by the host)').length === 2"
        )
        alice.evaluate("window.__blocked = false")
        alice.wait_for_selector("#messages li:has-text('missed 2')", timeout=20000)
        bodies = alice.eval_on_selector_all(
            "#messages li .body", "els => els.map(e => e.textContent)"
        )
        assert bodies == ["(hidden by the host)", "missed 0", "(hidden by the host)", "missed 2"]

        # Words written while the socket is down, and words sent just as it drops, wait on the
        # page and reach everyone once.
        drop_socket(alice)
        write(alice, "#chat-input", "written while away")
        alice.wait_for_selector("#messages li.pending:has-text('written while away')")
        assert alice.input_value("#chat-input") == ""
        alice.evaluate("window.__blocked = false")
        alice.wait_for_selector("#status:has-text('in the room')", timeout=20000)
        send_as_the_socket_drops(alice, "#chat-input", "sent as it dropped")
        alice.evaluate("window.__blocked = false")
        for words in ("written while away", "sent as it dropped"):
            host.wait_for_selector(f"#messages li:has-text('{words}')", timeout=20000)
            alice.wait_for_selector(f"#messages li[data-id]:has-text('{words}')", timeout=20000)
        alice.wait_for_selector("#messages li.pending", state="detached")
        host.wait_for_timeout(1000)
        for page in (host, alice):
            assert lines(page, "#messages", "written while away") == 1
            assert lines(page, "#messages", "sent as it dropped") == 1

        # Words the server refuses stay in the box, and nowhere else.
        host.click("#members li:has-text('alice') button:text('Pause messages')")
        alice.wait_for_selector("#members li:has-text('alice (paused)')")
        write(alice, "#chat-input", "please keep these words")
        alice.wait_for_selector("#chat-note:has-text('paused your messages')")
        assert alice.input_value("#chat-input") == "please keep these words"
        assert lines(alice, "#messages", "please keep these words") == 0
        host.click("#members li:has-text('alice') button:text('Unpause')")
        browser.close()
    assert errors == []


def test_a_small_chat_shows_once_resumes_and_keeps_words(server: dict[str, Any]) -> None:
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        pages = open_live_pages(browser, server, ("host", "member", "member2"), errors)
        host, alice, bob = pages["host"], pages["member"], pages["member2"]
        host.click("[data-set-phase=mixer]")
        for page in (alice, bob):
            page.wait_for_selector("#mixer:not([hidden])")
        bob.evaluate(RECORD)
        alice.click("#small-chat-join")
        alice.wait_for_selector("#small-chat:not([hidden])")
        bob.click("#small-chat-join")
        alice.wait_for_selector("#small-chat-people:has-text('bob')")

        # The same event twice, and a stale copy of it, show the message once as first sent.
        write(alice, "#small-chat-input", "hello small chat")
        bob.wait_for_selector("#small-messages li:has-text('hello small chat')")
        frame = received(bob, "tear_friend_message", "hello small chat")
        stale = {**frame, "message": {**frame["message"], "body": "a stale copy"}}
        for again in (frame, stale, frame):
            bob.evaluate(DELIVER, again)
        assert lines(bob, "#small-messages", "hello small chat") == 1
        assert lines(bob, "#small-messages", "a stale copy") == 0

        # Away while alice writes and a moderator removes a line seen before and one not seen
        # yet: back, the lines come in order and both removals are replayed.
        drop_socket(bob)
        for n in range(3):
            write(alice, "#small-chat-input", f"away {n}")
            alice.wait_for_selector(f"#small-messages li[data-id]:has-text('away {n}')")
        removed = [
            int(alice.get_attribute(f"#small-messages li:has-text('{words}')", "data-id") or 0)
            for words in ("hello small chat", "away 1")
        ]
        run_against_server_database(
            server,
            "from tearspace.rooms.mixer_actions import do_remove_tear_friend_message_for_everyone"
            "\nfrom tearspace.conversations.models import Message"
            f"\nfor message in Message.objects.filter(pk__in={removed}):"
            "\n    do_remove_tear_friend_message_for_everyone(message=message)",
        )
        bob.evaluate("window.__blocked = false")
        bob.wait_for_selector("#small-messages li:has-text('away 2')", timeout=20000)
        bodies = bob.eval_on_selector_all(
            "#small-messages li .body", "els => els.map(e => e.textContent)"
        )
        assert bodies == [
            "(removed by a moderator)",
            "away 0",
            "(removed by a moderator)",
            "away 2",
        ]

        # Words written while the socket is down, and words sent just as it drops, wait on the
        # page and reach everyone once.
        drop_socket(bob)
        write(bob, "#small-chat-input", "written while away")
        bob.wait_for_selector("#small-messages li.pending:has-text('written while away')")
        assert bob.input_value("#small-chat-input") == ""
        bob.evaluate("window.__blocked = false")
        bob.wait_for_selector("#status:has-text('in the room')", timeout=20000)
        send_as_the_socket_drops(bob, "#small-chat-input", "sent as it dropped")
        bob.evaluate("window.__blocked = false")
        for words in ("written while away", "sent as it dropped"):
            alice.wait_for_selector(f"#small-messages li:has-text('{words}')", timeout=20000)
            bob.wait_for_selector(f"#small-messages li[data-id]:has-text('{words}')", timeout=20000)
        bob.wait_for_selector("#small-messages li.pending", state="detached")
        alice.wait_for_timeout(1000)
        for page in (alice, bob):
            assert lines(page, "#small-messages", "written while away") == 1
            assert lines(page, "#small-messages", "sent as it dropped") == 1

        # Words the server refuses stay in the box, and nowhere else: words it cannot read (the
        # error names no part of the page; the key tells it is the small chat's) and words the
        # host has paused.
        bob.evaluate(f"document.getElementById('small-chat-input').value = '{LONE_SURROGATE}'")
        bob.press("#small-chat-input", "Enter")
        bob.wait_for_selector("#chat-note:has-text('Unicode')")
        assert bob.evaluate(
            f"document.getElementById('small-chat-input').value === '{LONE_SURROGATE}'"
        )
        host.click("#members li:has-text('bob') button:text('Pause messages')")
        bob.wait_for_selector("#members li:has-text('bob (paused)')")
        write(bob, "#small-chat-input", "please keep these words")
        bob.wait_for_selector("#mixer-note:has-text('paused your messages')")
        assert bob.input_value("#small-chat-input") == "please keep these words"
        assert bob.locator("#small-messages li.pending").count() == 0
        assert lines(bob, "#small-messages", "please keep these words") == 0
        browser.close()
    assert errors == []
