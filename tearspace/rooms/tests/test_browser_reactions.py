"""A reaction floats by on everyone's screen as its shipped icon (a real browser)."""

from typing import Any

import pytest
from playwright.sync_api import sync_playwright

from tearspace.rooms.tests.conftest import ARGS, open_live_pages

pytestmark = pytest.mark.browser

FLOATING = """() => [...document.querySelectorAll('#floaters .floater')]
  .map((img) => ({src: img.getAttribute('src'), drawn: img.complete && img.naturalWidth > 0}))"""


def test_a_reaction_floats_by_for_the_others_as_an_icon(server: dict[str, Any]) -> None:
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        pages = open_live_pages(browser, server, ("host", "member"), errors)
        host, member = pages["host"], pages["member"]
        member.click("[data-react='🫂']")
        host.wait_for_selector("#floaters .floater")
        host.wait_for_function("() => document.querySelector('#floaters .floater').complete")
        floating = host.evaluate(FLOATING)
        assert floating == [{"src": "/static/img/reactions/hug.svg", "drawn": True}]
        browser.close()
    assert errors == []
