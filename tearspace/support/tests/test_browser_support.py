"""Two real browsers: a listener goes available, a seeker asks and both land in one chat; they
talk, a dropped socket resumes with nothing lost or doubled, contact details are held back with
the words given back, and "End chat" reaches the other side. Three browsers: two seekers who
chose a small group and a listener end up in one group chat under pseudonyms."""

import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from tearspace.rooms.tests.conftest import _server_env, serving

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[3]
# Lets the test drop the page's socket and hold reconnects back while messages are sent.
SOCKET_SPY = """
(() => {
  const Real = window.WebSocket;
  window.__blocked = false;
  function Spy(url, protocols) {
    const target = window.__blocked ? url.replace("/ws/support/", "/ws/blocked/") : url;
    return new Real(target, protocols);
  }
  Spy.prototype = Real.prototype;
  Object.assign(Spy, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
  window.WebSocket = Spy;
})();
"""


@pytest.fixture(scope="module")
def server() -> Iterator[dict[str, Any]]:
    data_dir = tempfile.mkdtemp(prefix="tearspace-support-browser-")
    env = _server_env(data_dir)
    setup = subprocess.run(
        [sys.executable, "-m", "tearspace.support.tests.browser_setup"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    info: dict[str, Any] = json.loads(setup.stdout.strip().splitlines()[-1])
    with serving(env) as base:
        info["base"] = base
        yield info
    shutil.rmtree(data_dir, ignore_errors=True)


def _page(chromium: Browser, server: dict[str, Any], who: str, errors: list[str]) -> Page:
    context = chromium.new_context()
    context.add_cookies([{"name": "sessionid", "value": server[who], "url": server["base"]}])
    context.add_init_script(SOCKET_SPY)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on(
        "console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None
    )
    return page


def _pages(chromium: Browser, server: dict[str, Any], errors: list[str], *who: str) -> list[Page]:
    return [_page(chromium, server, name, errors) for name in who]


def end(page: Page) -> None:
    """End the chat (or leave the group): the button asks once more, the answer sends."""
    page.click("#end-chat")
    page.click("#end-chat-confirm")


def write(page: Page, text: str) -> None:
    page.fill("#chat-input", text)
    page.press("#chat-input", "Enter")


def test_a_seeker_and_a_listener_are_matched_chat_resume_and_end(chromium, server):
    errors: list[str] = []
    listener = _page(chromium, server, "listener", errors)
    seeker = _page(chromium, server, "seeker", errors)

    listener.goto(f"{server['base']}/support/listen/")
    listener.click("#toggle-availability")
    listener.wait_for_selector("#availability-state:has-text('available')")

    seeker.goto(f"{server['base']}/support/")
    seeker.fill("#first-line", "I can't stop crying tonight")
    seeker.click("button:has-text('Find someone now')")
    seeker.wait_for_url("**/support/chats/*/")
    # The listener's page hears of the match on its personal socket and opens the chat.
    listener.wait_for_url("**/support/chats/*/")
    assert listener.url == seeker.url
    assert "I can't stop crying tonight" in listener.inner_text("main")
    seeker.wait_for_selector("#status:has-text('Connected')")
    listener.wait_for_selector("#status:has-text('Connected')")

    write(seeker, "thank you for being here")
    listener.wait_for_selector("#messages li:has-text('thank you for being here')")
    write(listener, "I'm here. Take your time.")
    seeker.wait_for_selector("#messages li:has-text('Take your time')")

    # Contact details are held back, explained, and the words come back to the box.
    write(listener, "add me on snap")
    listener.wait_for_selector("#chat-note:has-text('kept that message back')")
    assert listener.input_value("#chat-input") == "add me on snap"
    listener.fill("#chat-input", "")

    # The seeker's socket drops; the listener writes meanwhile; the seeker resumes with it once.
    seeker.evaluate("window.__blocked = true; window.supportChatSocket().close()")
    seeker.wait_for_selector("#status:has-text('Reconnecting')")
    write(listener, "while you were away")
    listener.wait_for_selector("#messages li:has-text('while you were away'):not(.pending)")
    seeker.evaluate("window.__blocked = false")
    seeker.wait_for_selector("#messages li:has-text('while you were away')")
    assert seeker.locator("#messages li", has_text="while you were away").count() == 1
    assert seeker.locator("#messages li", has_text="add me on snap").count() == 0

    # Ending asks first: the button alone ends nothing.
    seeker.click("#end-chat")
    seeker.wait_for_selector("#end-chat-confirm:visible")
    assert listener.locator("#ended").is_hidden()
    assert seeker.locator("#chat-form").is_visible()
    seeker.click("#end-chat-confirm")
    listener.wait_for_selector("#ended:visible")
    # The status line says the chat ended, and keeps saying so when a socket opens again.
    assert listener.inner_text("#status") == "This chat has ended."
    seeker.wait_for_selector("#ended:visible")
    seeker.wait_for_function("() => window.supportChatSocket()?.readyState === 1")
    assert seeker.inner_text("#status") == "This chat has ended."
    listener.evaluate("window.supportChatSocket().close()")
    listener.wait_for_function("() => window.supportChatSocket()?.readyState === 1")
    assert listener.inner_text("#status") == "This chat has ended."
    assert errors == []


def _available(page: Page, base: str) -> None:
    page.goto(f"{base}/support/listen/")
    if "You're away" in page.inner_text("#availability-state"):
        page.click("#toggle-availability")
    page.wait_for_selector("#availability-state:has-text('available')")


def _ask_for_a_group(page: Page, base: str, line: str) -> str:
    """Ask for a small group from the page; return the pseudonym the group shows them under."""
    page.goto(f"{base}/support/")
    page.fill("#first-line", line)
    page.check("input[name=format][value=group]")
    page.click("button:has-text('Find someone now')")
    page.wait_for_url("**/support/groups/*/")
    page.wait_for_selector("#status:has-text('Connected')")
    return str(page.get_attribute("#support-chat", "data-me"))


def test_two_seekers_and_a_listener_share_one_small_group_under_pseudonyms(chromium, server):
    errors: list[str] = []
    base = server["base"]
    listener, bob, charlie = _pages(chromium, server, errors, "listener", "bob", "charlie")
    _available(listener, base)

    bob_name = _ask_for_a_group(bob, base, "my grandpa passed away and I miss him")
    # The first seeker's arrival opens the group on the listener's page.
    listener.wait_for_url("**/support/groups/*/")
    listener.wait_for_selector("#status:has-text('Connected')")
    charlie_name = _ask_for_a_group(charlie, base, "my mum died last month and I feel lost")
    assert bob.url == charlie.url == listener.url
    assert bob_name != charlie_name
    bob.wait_for_selector(f"#present:has-text('{charlie_name}')")
    listener.wait_for_selector(f"#present:has-text('{charlie_name}')")

    write(charlie, "hello both, thank you")
    for page in (bob, listener):
        page.wait_for_selector(f"#messages li:has-text('{charlie_name}: hello both')")
    write(bob, "I'm glad you're here")
    charlie.wait_for_selector(f"#messages li:has-text('{bob_name}: I')")
    write(listener, "Welcome, both of you.")
    bob.wait_for_selector("#messages li:has-text('Welcome, both')")
    charlie.wait_for_selector("#messages li:has-text('Welcome, both')")
    # Nobody sees another seeker's handle.
    assert "charlie" not in bob.inner_text("main")
    assert "bob" not in charlie.inner_text("main")
    assert "bob" not in listener.inner_text("main").replace(bob_name, "")

    # Charlie leaves; the others carry on and hear it.
    end(charlie)
    charlie.wait_for_url(f"{base}/support/")
    bob.wait_for_selector(f"#chat-note:has-text('{charlie_name} left')")
    write(bob, "still here")
    listener.wait_for_selector("#messages li:has-text('still here')")

    # The listener ends it for everyone; the page says the group ended, once, and nobody is
    # "here now" any more.
    end(listener)
    bob.wait_for_selector("#ended:visible")
    assert bob.inner_text("#status") == "This group has ended."
    assert "This chat has ended" not in bob.inner_text("main")
    assert bob.locator("#here-now").is_hidden()
    assert errors == []


# Where the line's Report button stands against the words before it (the words' own box).
REPORT_AFTER_WORDS = """(text) => {
  const li = [...document.querySelectorAll("#messages li")]
    .find((l) => l.textContent.includes(text));
  const words = li.querySelector(".body").getBoundingClientRect();
  const report = li.querySelector("button").getBoundingClientRect();
  return { wordsRight: words.right, reportLeft: report.left, dir: li.querySelector(".body").dir };
}"""


def test_a_bidi_override_in_a_message_stays_inside_its_words(chromium, server):
    errors: list[str] = []
    listener, seeker = _pages(chromium, server, errors, "listener", "seeker")
    _available(listener, server["base"])
    _matched(seeker, listener, server["base"], "I just need to talk to someone")

    # U+202E (right-to-left override) reverses everything after it up to the end of the line,
    # unless the words are isolated: the listener's Report button would land inside the text.
    write(seeker, "it's \u202eall backwards today")
    listener.wait_for_selector("#messages li:has-text('backwards') button")
    found = listener.evaluate(REPORT_AFTER_WORDS, "backwards")
    assert found["reportLeft"] >= found["wordsRight"], found
    assert found["dir"] == "auto"

    # A long unbroken word wraps inside the message; the page never scrolls sideways on a phone.
    listener.set_viewport_size({"width": 390, "height": 844})
    write(seeker, "oh" + "o" * 300)
    listener.wait_for_selector("#messages li:has-text('ooooooooooooooooooooo')")
    widths = listener.evaluate(
        """() => {
          const item = [...document.querySelectorAll('#messages li')].at(-1);
          const page = document.documentElement;
          return [item.scrollWidth, item.clientWidth, page.scrollWidth, page.clientWidth];
        }"""
    )
    assert widths[0] <= widths[1], widths  # the word is not cut off inside its message
    assert widths[2] <= widths[3], widths  # nor does the page scroll sideways
    end(seeker)
    listener.wait_for_selector("#ended:visible")
    assert errors == []


def _matched(seeker: Page, listener: Page, base: str, line: str) -> None:
    """The seeker asks from the page and lands in a chat with the listener; both connected."""
    seeker.goto(f"{base}/support/")
    seeker.fill("#first-line", line)
    seeker.click("button:has-text('Find someone now')")
    seeker.wait_for_url("**/support/chats/*/")
    seeker.wait_for_selector("#status:has-text('Connected')")
    listener.wait_for_url("**/support/chats/*/")
    listener.wait_for_selector("#status:has-text('Connected')")


def test_after_a_hand_over_the_seeker_sees_the_new_listeners_name_at_once(chromium, server):
    errors: list[str] = []
    base = server["base"]
    listener, milo, seeker = _pages(chromium, server, errors, "listener", "milo", "seeker")
    _available(listener, base)
    _matched(seeker, listener, base, "can someone stay with me for a bit")
    assert seeker.inner_text("#chat-with") == "Chatting with lena"

    _available(milo, base)
    listener.click("#hand-over")
    seeker.wait_for_selector("#handed-over:visible")
    # No reload: the heading follows the hand-over event.
    seeker.wait_for_selector("#chat-with:has-text('milo')")
    assert seeker.inner_text("#chat-with") == "Chatting with milo"
    milo.goto(seeker.url)
    write(seeker, "hello milo")
    milo.wait_for_selector("#messages li:has-text('hello milo')")

    end(seeker)
    milo.wait_for_selector("#ended:visible")
    milo.goto(f"{base}/support/listen/")
    milo.click("#toggle-availability")
    milo.wait_for_selector("#availability-state:has-text('away')")
    assert errors == []
