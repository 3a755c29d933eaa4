"""Two real browsers in one room, against uvicorn serving a file database (`server`)."""

import time
from typing import Any

import pytest

from tearspace.rooms.tests.conftest import ARGS, drop_socket, open_live_pages

pytestmark = pytest.mark.browser


def test_it_runs_a_session_in_two_browsers(server: dict[str, Any]) -> None:
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        pages = open_live_pages(browser, server, ("host", "member"), errors)
        host, member = pages["host"], pages["member"]

        # Chat both ways.
        member.fill("#chat-input", "hello from alice")
        member.press("#chat-input", "Enter")
        host.wait_for_selector("#messages li:has-text('hello from alice')")
        host.fill("#chat-input", "welcome, take your time")
        host.press("#chat-input", "Enter")
        member.wait_for_selector("#messages li:has-text('welcome, take your time')")

        # Words of crisis: the writer privately sees help; the host is alerted; the member's
        # page carries no alert about anyone.
        member.fill("#chat-input", "I want to end my life")
        member.press("#chat-input", "Enter")
        member.wait_for_selector("#help-panel:not([hidden])")
        host.wait_for_selector("#alerts:not([hidden]):has-text('alice may be struggling')")
        assert member.is_hidden("#alerts")
        host.wait_for_selector("#messages li:has-text('I want to end my life')")

        # The host plays the clip; both players run within a second of each other.
        host.click("[data-playback=play]")
        time.sleep(2.5)
        positions = [
            pg.evaluate("document.getElementById('player').currentTime") for pg in pages.values()
        ]
        assert min(positions) > 0.5
        assert abs(positions[0] - positions[1]) < 1.0

        # The host moves through the phases; the member's page follows.
        for phase in ("watching", "sharing", "aftercare", "mixer"):
            host.click(f"[data-set-phase={phase}]")
            member.wait_for_selector(f".phases li[data-phase={phase}][aria-current=step]")
        assert member.is_visible("#mixer")

        # Drop the member's socket; messages sent meanwhile arrive once, in order, and a
        # message the host hid meanwhile is hidden on their page too.
        drop_socket(member)
        for n in range(3):
            host.fill("#chat-input", f"while away {n}")
            host.press("#chat-input", "Enter")
            host.wait_for_selector(f"#messages li:has-text('while away {n}')")
            if n == 1:
                host.click("#messages li:has-text('welcome, take your time') button:text('Hide')")
                host.wait_for_selector("#messages li:has-text('(hidden by the host)')")
        assert (
            member.eval_on_selector_all("#messages li:has-text('while away')", "els => els.length")
            == 0
        )
        member.evaluate("window.__blocked = false")
        member.wait_for_selector("#messages li:has-text('while away 2')", timeout=20000)
        assert "?after=" in member.evaluate("window.__urls.at(-1)")
        bodies = member.eval_on_selector_all(
            "#messages li .body", "els => els.map(e => e.textContent)"
        )
        assert [b for b in bodies if b.startswith("while away")] == [
            "while away 0",
            "while away 1",
            "while away 2",
        ]
        assert "welcome, take your time" not in bodies
        assert "(hidden by the host)" in bodies
        seqs = member.eval_on_selector_all(
            "#messages li", "els => els.map(e => Number(e.dataset.seq))"
        )
        assert seqs == sorted(set(seqs))
        browser.close()
    assert errors == []
