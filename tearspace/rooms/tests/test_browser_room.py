"""Two real browsers in one room, against uvicorn serving a file database."""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[3]
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--autoplay-policy=no-user-gesture-required",
]

pytestmark = pytest.mark.browser

# Lets the test drop the page's socket and hold reconnects back while messages are sent.
SOCKET_SPY = """
(() => {
  const Real = window.WebSocket;
  window.__sockets = [];
  window.__blocked = false;
  window.__urls = [];
  function Spy(url, protocols) {
    window.__urls.push(url);
    const target = window.__blocked ? url.replace("/ws/rooms/", "/ws/blocked/") : url;
    const socket = new Real(target, protocols);
    window.__sockets.push(socket);
    return socket;
  }
  Spy.prototype = Real.prototype;
  Object.assign(Spy, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
  window.WebSocket = Spy;
})();
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server() -> Iterator[dict[str, Any]]:
    data_dir = tempfile.mkdtemp(prefix="tearspace-browser-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATA_DIR": data_dir,
        "SECRET_KEY": "browser-test-secret-key-0123456789-0123456789",
        "FIELD_ENCRYPTION_KEYS": "browser-test-encryption-key-0123456789",
        "LOG_LEVEL": "WARNING",
    }
    for name in ("DATABASE_URL", "REDIS_URL"):
        env.pop(name, None)
    setup = subprocess.run(
        [sys.executable, "-m", "tearspace.rooms.tests.browser_setup"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    info: dict[str, Any] = json.loads(setup.stdout.strip().splitlines()[-1])
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [
            sys.executable,
            "-m",
            "uvicorn",
            "config.asgi:application",
            "--port",
            str(port),
            "--lifespan",
            "off",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.1)
    info["base"] = f"http://127.0.0.1:{port}"
    yield info
    process.terminate()
    process.wait(10)


def open_live_room(browser: Any, server: dict[str, Any], who: str, errors: list[str]) -> Any:
    """Open the live room as `who` ("host" or "member"), with sockets spied on; page errors and
    Content-Security-Policy violations are added to `errors`."""
    context = browser.new_context()
    context.add_cookies([{"name": "sessionid", "value": server[who], "url": server["base"]}])
    context.add_init_script(SOCKET_SPY)
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on(
        "console",
        lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.goto(f"{server['base']}/rooms/{server['room']}/live/")
    page.wait_for_selector("#status:has-text('in the room')")
    return page


def test_it_runs_a_session_in_two_browsers(server: dict[str, Any]) -> None:
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        pages = {who: open_live_room(browser, server, who, errors) for who in ("host", "member")}
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

        # Drop the member's socket; messages sent meanwhile arrive once, in order.
        member.evaluate("window.__blocked = true; window.__sockets.at(-1).close()")
        member.wait_for_selector("#status:has-text('Reconnecting')")
        for n in range(3):
            host.fill("#chat-input", f"while away {n}")
            host.press("#chat-input", "Enter")
            host.wait_for_selector(f"#messages li:has-text('while away {n}')")
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
        seqs = member.eval_on_selector_all(
            "#messages li", "els => els.map(e => Number(e.dataset.seq))"
        )
        assert seqs == sorted(set(seqs))
        browser.close()
    assert errors == []
