"""Every page reachable from the navigation, for every kind of person, on a phone and a desktop,
in light and dark: axe-core finds no serious or critical violation, nothing fails to load, the
console stays clean, and "Need help now" is in the first screen at full strength.

The pages are not listed here: each crawl reads the links of the header and footer as that
person sees them, so a section added to the menu is crawled without touching this file. One
browser, one page per person and size; the colour scheme is switched in place.
"""

from collections.abc import Iterator
from pprint import pformat
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from tearspace.accounts.models import User
from tearspace.safety.tests.conftest import with_totp
from tearspace.safety.tests.test_browser_crisis import (  # noqa: F401 - asgi_server is a fixture
    asgi_server,
    session_cookie,
)

# Pages open sockets (the notifications socket of every signed-in page), so the real ASGI app
# serves them; live_server would answer the handshakes with 404s.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("crisis_lines"),
]

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}
PERSONAS = ("anonymous", "member", "host", "moderator")

# The opacity a person sees: the element's own times every ancestor's.
SEEN_OPACITY = """el => {
  let seen = 1;
  for (let node = el; node; node = node.parentElement) {
    seen *= parseFloat(getComputedStyle(node).opacity);
  }
  return seen;
}"""
NAV_LINKS = """() => [...document.querySelectorAll('header a[href], footer a[href]')]
  .map(a => a.href).filter(href => href.startsWith(location.origin))"""

# axe-core as shipped in the axe-playwright-python wheel; injected once per loaded page and
# run again after the colour scheme changes.
AXE_SCRIPT = Axe().axe_script
RUN_AXE = "() => axe.run(document, {resultTypes: ['violations']})"
# Colours ease between schemes (buttons have a short transition): measure the settled page.
SETTLED = """() => Promise.all(document.getAnimations()
  .filter(a => a instanceof CSSTransition).map(a => a.finished.catch(() => null)))"""


def serious_violations(page: Page) -> list[tuple[str, list[Any]]]:
    """axe-core's serious and critical violations on the page as it is now: (rule, targets)."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    return [
        (violation["id"], [node["target"] for node in violation["nodes"]])
        for violation in page.evaluate(RUN_AXE)["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


def first_screen_problem(page: Page, selector: str) -> str | None:
    """Why the element at `selector` is not plainly there in the first screen, or None."""
    element = page.locator(selector).first
    box = element.bounding_box()
    viewport = page.viewport_size
    if box is None or viewport is None or not element.is_visible():
        return "not visible"
    if box["y"] < 0 or box["y"] + box["height"] > viewport["height"] or box["x"] < 0:
        return f"outside the first screen at {box}"
    if box["x"] + box["width"] > viewport["width"]:
        return f"cut off at the right edge at {box}"
    seen = element.evaluate(SEEN_OPACITY)
    return None if seen == 1 else f"at opacity {seen}"


def help_problem(page: Page) -> str | None:
    """Why "Need help now" is not plainly there in the first screen, or None when it is."""
    return first_screen_problem(page, ".site-header .help-now")


LOG_FORM = "/journal/new/"
SAVE = "#entry-form button[type=submit]:has-text('Save')"


@pytest.fixture
def people(alice: User, host: User, moderator: User) -> dict[str, User | None]:
    with_totp(host)
    with_totp(moderator)
    return {"anonymous": None, "member": alice, "host": host, "moderator": moderator}


@pytest.fixture
def crawler(
    request: pytest.FixtureRequest,
    asgi_server: str,  # noqa: F811
    chromium: Browser,
    people: dict,
) -> Iterator[tuple[Page, list[str]]]:
    """A page signed in as the test's persona at its viewport, and the list of problems that
    the console and the network report while it is used."""
    persona, size = request.param
    context = chromium.new_context(viewport=VIEWPORTS[size], locale="en-GB")  # type: ignore[arg-type]
    user = people[persona]
    if user is not None:
        context.add_cookies([session_cookie(user, asgi_server)])  # type: ignore[list-item]
    page = context.new_page()
    problems: list[str] = []
    page.on(
        "console", lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None
    )
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    # A request the browser itself cancels because the crawl moved on to the next page
    # (net::ERR_ABORTED, seen in CI for an image still loading) is no failure of the page; a
    # missing file answers 404 (below) and a server that is down fails otherwise.
    page.on(
        "requestfailed",
        lambda r: (
            None
            if "ERR_ABORTED" in (r.failure or "")
            else problems.append(f"failed: {r.url} {r.failure}")
        ),
    )
    page.on(
        "response",
        lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None,
    )
    yield page, problems
    context.close()


@pytest.mark.parametrize(
    "crawler",
    [(persona, size) for persona in PERSONAS for size in VIEWPORTS],
    ids=[f"{persona}-{size}" for persona in PERSONAS for size in VIEWPORTS],
    indirect=True,
)
def test_every_page_in_the_navigation_is_accessible_and_keeps_help_in_reach(
    asgi_server: str,  # noqa: F811
    crawler: tuple[Page, list[str]],
) -> None:
    page, problems = crawler
    page.goto(asgi_server + "/")
    urls = list(dict.fromkeys(page.evaluate(NAV_LINKS)))
    assert len(urls) >= 4, urls  # home, breathe, help, and at least the sections
    found: dict[str, list[str]] = {}
    for url in urls:
        page.goto(url)
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            page.evaluate(SETTLED)
            where = f"{url} ({scheme})"
            if violations := serious_violations(page):
                found[f"{where} axe"] = [str(violation) for violation in violations]
            if (problem := help_problem(page)) is not None:
                found[f"{where} Need help now"] = [problem]
        if problems:
            found[url] = problems[:]
            problems.clear()
    if any(url.endswith("/journal/") for url in urls):
        # The log form is long on a phone: Save stays in reach from the first screen.
        page.goto(asgi_server + LOG_FORM)
        page.evaluate(SETTLED)
        if (problem := first_screen_problem(page, SAVE)) is not None:
            found[f"{LOG_FORM} Save"] = [problem]
    assert not found, pformat(found, width=100)


def test_the_crawls_checks_catch_what_they_look_for(live_server: Any, page: Page) -> None:
    page.set_viewport_size(VIEWPORTS["phone"])  # type: ignore[arg-type]
    page.goto(live_server.url + "/")
    assert help_problem(page) is None
    assert serious_violations(page) == []
    page.evaluate("() => { document.querySelector('.site-header').style.opacity = '0.35'; }")
    assert help_problem(page) == "at opacity 0.35"
    page.evaluate("() => { document.querySelector('.site-header').style.marginTop = '900px'; }")
    assert help_problem(page) is not None
    assert "outside the first screen" in str(help_problem(page))
    page.evaluate("() => { document.querySelector('.help-now').hidden = true; }")
    assert help_problem(page) == "not visible"
    page.evaluate("() => { document.querySelector('.brand img').removeAttribute('alt'); }")
    assert "image-alt" in {rule for rule, _targets in serious_violations(page)}


@pytest.mark.django_db(transaction=True)
def test_the_crawl_finds_a_save_button_out_of_reach(
    live_server: Any, page: Page, alice: User
) -> None:
    page.context.add_cookies([session_cookie(alice, live_server.url)])  # type: ignore[list-item]
    page.set_viewport_size(VIEWPORTS["phone"])  # type: ignore[arg-type]
    page.goto(live_server.url + LOG_FORM)
    assert first_screen_problem(page, SAVE) is None
    # Without the sticky bar, Save is screens below on a phone.
    page.evaluate("() => { document.querySelector('.save-bar').style.position = 'static'; }")
    assert "outside the first screen" in str(first_screen_problem(page, SAVE))
