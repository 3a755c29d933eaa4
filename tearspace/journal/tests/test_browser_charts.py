"""Every bar of every growth chart keeps its label, on a phone and on a desktop (real browser).

Chart.js skips category labels it finds crowded: "Felt lighter, by company" showed 4 of its 7
labels and "What helped" 6 of 12.
"""

import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Browser, Page

from tearspace.accounts.models import User
from tearspace.journal.actions import do_log_entry
from tearspace.journal.models import EMOTIONS, HELPED, Company, Kind, Relief

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHARTS = ["chart-weeks", "chart-months", "chart-kinds", "chart-emotions", "chart-company",
          "chart-tools"]  # fmt: skip

# For each chart: how many labels it holds, how many it draws, and the closest two drawn labels.
LABELS = """(id) => {
  const chart = Chart.getChart(document.getElementById(id));
  const labels = chart.data.labels.length;
  if (chart.config.type === "doughnut") {
    const items = chart.legend.legendItems.length;
    const boxes = chart.legend.legendHitBoxes;
    const inside = boxes.every((b) => b.top >= 0 && b.top + b.height <= chart.height + 1);
    return { labels, drawn: inside ? items : -1, gap: 99 };
  }
  const scale = chart.scales[chart.options.indexAxis === "y" ? "y" : "x"];
  const pixels = scale.ticks.map((_, i) => scale.getPixelForTick(i));
  let gap = 99;
  for (let i = 1; i < pixels.length; i++) gap = Math.min(gap, Math.abs(pixels[i] - pixels[i - 1]));
  return { labels, drawn: scale.ticks.length, gap };
}"""


def a_year_of_cries(alice: User) -> None:
    """A cry every five days for a year, using every company, tool, kind and most feelings."""
    companies, tools, kinds = list(Company.values), list(HELPED), list(Kind.values)
    feelings, reliefs = list(EMOTIONS), list(Relief.values)
    now = timezone.now()
    for n in range(73):
        do_log_entry(
            owner=alice,
            fields={
                "when": now - timedelta(days=5 * n),
                "intensity": 1 + n % 5,
                "with_whom": companies[n % len(companies)],
                "kind": kinds[n % len(kinds)],
                "relief": reliefs[n % len(reliefs)],
                "emotions": [feelings[n % len(feelings)], feelings[(n + 7) % len(feelings)]],
                "helped": [tools[n % len(tools)]],
            },
        )


@pytest.fixture
def signed_in(live_server: Any, chromium: Browser, alice: User) -> Iterator[Page]:
    client = Client()
    client.force_login(alice)
    context = chromium.new_context(base_url=live_server.url)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(params=[(390, 844), (1366, 900)], ids=["phone", "desktop"])
def growth(request: pytest.FixtureRequest, signed_in: Page, alice: User) -> Page:
    """The growth page over a year of cries, at a phone's or a desktop's size."""
    a_year_of_cries(alice)
    width, height = request.param
    signed_in.set_viewport_size({"width": width, "height": height})
    signed_in.goto("/journal/growth/?period=12m")
    return signed_in


def test_every_bar_of_every_chart_is_labelled(growth: Page) -> None:
    page = growth
    for chart in CHARTS:
        page.wait_for_selector(f"#{chart}[data-ready='1']")
        found = page.evaluate(LABELS, chart)
        assert found["labels"] > 1, chart
        assert found["drawn"] == found["labels"], f"{chart}: {found}"
        assert found["gap"] >= 12, f"{chart}: labels {found['gap']:.0f}px apart"
    expected = {"chart-company": len(Company.values), "chart-tools": len(HELPED)}
    for chart, count in expected.items():
        assert page.evaluate(LABELS, chart)["labels"] == count
    # A chart as wide as its labels scrolls inside its card; the page itself never does.
    width = page.viewport_size["width"] if page.viewport_size else 0
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width


# Where the newest thing in a sideways-scrolling box stands: the newest day of the year of tears
# or the last bar of a chart, against the part of its box that is visible.
NEWEST_SHOWN = """(selector) => {
  const el = document.querySelector(selector);
  const box = el.closest(".year-scroll, .chart-scroll").getBoundingClientRect();
  let rect;
  if (el.tagName === "CANVAS") {
    const chart = Chart.getChart(el);
    const last = chart.getDatasetMeta(0).data.at(-1);
    const canvas = el.getBoundingClientRect();
    rect = { left: canvas.left + last.x - 1, right: canvas.left + last.x + 1 };
  } else {
    rect = el.getBoundingClientRect();
  }
  return { box: [box.left, box.right], newest: [rect.left, rect.right] };
}"""


def assert_newest_shown(page: Page, selector: str) -> None:
    found = page.evaluate(NEWEST_SHOWN, selector)
    (left, right), (newest_left, newest_right) = found["box"], found["newest"]
    assert left <= newest_left, found
    assert newest_right <= right, found


def test_the_year_of_tears_opens_at_the_newest_day(growth: Page) -> None:
    assert_newest_shown(growth, "#year-grid > li:last-child li:last-child")


# Every box on the page that scrolls sideways: can it still be scrolled towards the newest end?
SCROLLERS = """() => [...document.querySelectorAll("*")]
  .filter((el) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX)
                  && el.scrollWidth > el.clientWidth + 1)
  .map((el) => {
    const before = el.scrollLeft;
    el.scrollBy({ left: 100000, behavior: "instant" });
    const moved = el.scrollLeft !== before;
    el.scrollLeft = before;
    return { name: el.classList[0] || el.tagName, moved };
  })"""


def test_every_sideways_chart_opens_at_the_latest_weeks(growth: Page) -> None:
    page = growth
    for chart in CHARTS:
        page.wait_for_selector(f"#{chart}[data-ready='1']")
    assert_newest_shown(page, "#chart-weeks")
    scrollers = page.evaluate(SCROLLERS)
    # On a phone the charts by week and month and the year of tears all scroll: the scan sees them.
    if page.viewport_size and page.viewport_size["width"] < 500:
        assert [s["name"] for s in scrollers].count("chart-scroll") == 3, scrollers
        assert "year-scroll" in [s["name"] for s in scrollers], scrollers
    assert not [s for s in scrollers if s["moved"]], scrollers


CHART_LABELS = """id => Chart.getChart(document.getElementById(id)).data.labels"""


@pytest.mark.parametrize("language", ["de", "ja"])
def test_time_axes_are_written_in_the_pages_language_not_as_iso_dates(
    signed_in: Page, alice: User, language: str
) -> None:
    a_year_of_cries(alice)
    alice.language = language
    alice.save(update_fields=["language"])
    signed_in.goto("/journal/growth/?period=12m")
    weeks = signed_in.evaluate(CHART_LABELS, "chart-weeks")
    months = signed_in.evaluate(CHART_LABELS, "chart-months")
    assert weeks
    assert months
    iso = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
    assert not [label for label in [*weeks, *months] if iso.match(label)]
    if language == "ja":
        assert all("月" in label for label in months), months
