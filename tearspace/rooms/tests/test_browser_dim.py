"""Dimming the room never dims the header or "Need help now", in any phase (a real browser)."""

from typing import Any

import pytest
from playwright.sync_api import Page

from tearspace.rooms.tests.conftest import ARGS, open_live_pages

pytestmark = pytest.mark.browser

# The opacity a person sees: the element's own times every ancestor's.
SEEN_OPACITY = """(selector) => {
  const element = document.querySelector(selector);
  if (!element) return null;
  let seen = 1;
  for (let node = element; node; node = node.parentElement) {
    seen *= parseFloat(getComputedStyle(node).opacity);
  }
  return seen;
}"""

ALWAYS_CLEAR = (".site-header", ".site-header .help-now", ".site-header .brand")


def assert_clear(page: Page, when: str) -> None:
    for selector in ALWAYS_CLEAR:
        seen = page.evaluate(SEEN_OPACITY, selector)
        assert seen == 1, f"{selector} is at opacity {seen} ({when})"
    assert page.is_visible(".site-header .help-now")


def test_the_header_and_help_stay_at_full_strength_in_every_phase(
    server: dict[str, Any],
) -> None:
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        pages = open_live_pages(browser, server, ("host", "member"), errors)
        host, member = pages["host"], pages["member"]
        for page in pages.values():
            assert_clear(page, "gathering")
        for phase in ("watching", "sharing", "aftercare", "mixer", "gathering"):
            host.click(f"[data-set-phase={phase}]")
            member.wait_for_selector(f".phases li[data-phase={phase}][aria-current=step]")
            host.wait_for_selector(f".phases li[data-phase={phase}][aria-current=step]")
            for who, page in pages.items():
                assert_clear(page, f"{phase}, {who}")
                dimmed = page.evaluate("() => document.body.classList.contains('dimmed')")
                # Watching dims the room by itself; the light comes back with the next phase.
                assert dimmed == (phase == "watching"), f"{who} dimmed={dimmed} in {phase}"
        # Dimmed by hand, and kept so through a phase change, the header still stays clear.
        member.click("#dim")
        member.wait_for_selector("body.dimmed")
        assert_clear(member, "dimmed by hand")
        host.click("[data-set-phase=sharing]")
        member.wait_for_selector(".phases li[data-phase=sharing][aria-current=step]")
        assert member.evaluate("() => document.body.classList.contains('dimmed')")
        assert_clear(member, "dimmed by hand, sharing")
        browser.close()
    assert errors == []
