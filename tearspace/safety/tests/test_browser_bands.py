"""Self-check results in a real browser: band colours that mean what they say, on a phone too."""

import colorsys
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Page

from tearspace.accounts.models import User
from tearspace.safety.actions import do_submit_self_check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# One PHQ-9 per band: answers summing to 2, 7, 12, 17 and 22.
PHQ9_BY_BAND = {
    "minimal": [1, 1, 0, 0, 0, 0, 0, 0, 0],
    "mild": [1, 1, 1, 1, 1, 1, 1, 0, 0],
    "moderate": [2, 2, 2, 2, 2, 1, 1, 0, 0],
    "moderately severe": [2, 2, 2, 2, 2, 2, 2, 3, 0],
    "severe": [3, 3, 3, 3, 3, 3, 2, 2, 0],
}


def rgb(colour: str) -> tuple[int, int, int]:
    r, g, b = (int(float(part)) for part in colour[colour.index("(") + 1 : -1].split(",")[:3])
    return r, g, b


def hue(r: int, g: int, b: int) -> float:
    """The colour's hue in degrees (0 red, 60 yellow, 120 green, 210 blue)."""
    h, _, _ = colorsys.rgb_to_hls(r / 255, g / 255, b / 255)
    return h * 360


def sign_in(page: Page, live_server: Any, person: User) -> None:
    client = Client()
    client.force_login(person)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def test_band_colours_rise_towards_red_and_are_never_green_on_a_phone(
    live_server: Any, page: Page, alice: User
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, alice)
    hues: list[float] = []
    for band, answers in PHQ9_BY_BAND.items():
        check, result = do_submit_self_check(person=alice, kind="phq9", answers=answers)
        assert result.band == band
        page.goto(f"{live_server.url}/help/self-checks/{check.pk}/")
        bar = page.locator(".band").first
        assert bar.get_attribute("data-band") == band
        assert bar.locator(".band-name").inner_text() == band  # said in words, not colour alone
        r, g, b = rgb(bar.locator(".band-fill").evaluate("e => getComputedStyle(e).fill"))
        assert not (g > r and g > b), f"{band} is drawn green ({r}, {g}, {b})"
        assert not 75 < hue(r, g, b) < 165, f"{band} is drawn green ({r}, {g}, {b})"
        hues.append(hue(r, g, b))
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the {band} result is wider than the phone ({width}px)"
    # Minimal is a calm blue; from mild up the colour runs from amber towards red.
    assert 180 < hues[0] < 260
    assert hues[1] > hues[2] > hues[3] > hues[4] >= 0
    assert hues[1] < 60

    page.goto(f"{live_server.url}/help/self-checks/")
    assert page.locator(".history-table .band").count() == len(PHQ9_BY_BAND)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
