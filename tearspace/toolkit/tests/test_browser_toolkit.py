"""The toolkit in Chromium: breathing, reduced motion, offline, the app, links, keyboard, axe."""

from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, FloatRect, Page, expect

from tearspace.accounts.models import User
from tearspace.journal.models import Entry
from tearspace.toolkit.catalogue import TOOL_PAGES

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("crisis_lines")]

TOOLKIT_PAGES = ["/toolkit/"] + [f"/toolkit/{tool.path}" for tool in TOOL_PAGES]
# Pages any visitor sees, and pages only a signed-in person sees; the breathe button is on all.
PUBLIC_PAGES = ["/", "/help/", "/accounts/login/", "/accounts/signup/", *TOOLKIT_PAGES]
MEMBER_PAGES = ["/journal/", "/journal/new/", "/circles/", "/rooms/", "/settings/"]

WATCH_ANNOUNCEMENTS = """
root => {
  window.__said = [];
  const region = root.querySelector('[data-announce]');
  new MutationObserver(() => window.__said.push(region.textContent))
    .observe(region, {childList: true, characterData: true, subtree: true});
}
"""


def session_cookie(user: User, url: str) -> dict[str, Any]:
    client = Client()
    client.force_login(user)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": url}


@pytest.fixture
def context(chromium: Browser) -> Iterator[BrowserContext]:
    context = chromium.new_context(locale="en-GB")
    context.set_default_timeout(10_000)
    yield context
    context.close()


def signed_in(context: BrowserContext, user: User, url: str) -> Page:
    context.add_cookies([session_cookie(user, url)])  # type: ignore[list-item]
    return context.new_page()


def breathe(page: Page, url: str) -> list[str]:
    """Run one minute of box breathing at 50x speed; return what the live region announced."""
    page.goto(url + "/toolkit/breathe/?pace=0.02")
    root = page.locator("[data-breathing]")
    root.evaluate(WATCH_ANNOUNCEMENTS)
    page.get_by_role("button", name="Start").click()
    expect(root).to_have_attribute("data-finished", "")
    expect(page.get_by_role("status")).to_have_text("Well done. Notice how you feel now.")
    said: list[str] = page.evaluate("window.__said")
    return said


def test_breathing_runs_full_cycles_and_announces_each_step_once(live_server, page: Page):
    said = breathe(page, live_server.url)
    cycle = ["Breathe in", "Hold", "Breathe out", "Hold"]
    rounds = round(60 / 16)
    assert said == cycle * rounds + ["Well done. Notice how you feel now."]
    expect(page.locator("[data-circle]")).to_be_visible()


def test_breathing_moves_the_circle_with_the_breath(live_server, page: Page):
    page.goto(live_server.url + "/toolkit/breathe/?pace=0.5")
    page.get_by_role("button", name="Start").click()
    expect(page.get_by_role("button", name="Start")).to_be_hidden()
    root = page.locator("[data-breathing]")
    expect(root).to_have_attribute("data-phase", "in")
    circle = page.locator("[data-circle]")
    page.wait_for_function(
        "el => new DOMMatrix(getComputedStyle(el).transform).a > 1", arg=circle.element_handle()
    )
    page.get_by_role("button", name="Stop").click()
    expect(page.get_by_role("status")).to_have_text("Stopped. Come back any time.")
    expect(page.get_by_role("button", name="Start")).to_be_focused()


def test_with_reduced_motion_breathing_is_words_and_timing_only(live_server, page: Page):
    page.emulate_media(reduced_motion="reduce")
    page.goto(live_server.url + "/toolkit/breathe/?pace=0.02")
    expect(page.locator("[data-circle]")).to_be_hidden()
    steps = page.locator("[data-text-steps] li")
    expect(steps).to_have_text(["Breathe in · 4", "Hold · 4", "Breathe out · 4", "Hold · 4"])
    page.get_by_label("4-7-8 breathing").check()
    expect(steps).to_have_text(["Breathe in · 4", "Hold · 7", "Breathe out · 8"])
    page.get_by_label("Box breathing (4-4-4-4)").check()
    said = breathe(page, live_server.url)
    assert said[:4] == ["Breathe in", "Hold", "Breathe out", "Hold"]
    expect(page.locator("[data-circle]")).to_be_hidden()


def test_grounding_goes_one_sense_at_a_time(live_server, page: Page):
    page.goto(live_server.url + "/toolkit/grounding/")
    headings = ["5 things you can see", "4 things you can touch", "3 things you can hear"]
    expect(page.get_by_role("button", name="Back")).to_be_hidden()
    for heading in headings:
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
        expect(page.locator("[data-step]:visible")).to_have_count(1)
        page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("heading", name="2 things you can smell")).to_be_focused()
    page.get_by_role("button", name="Back").click()
    expect(page.get_by_role("heading", name="3 things you can hear")).to_be_visible()


def test_pause_my_tears_walks_through_its_minute(live_server, page: Page):
    page.goto(live_server.url + "/toolkit/pause/?pace=0.02")
    root = page.locator("[data-sequence]")
    root.evaluate(WATCH_ANNOUNCEMENTS)
    page.get_by_role("button", name="Start the minute").click()
    expect(root).to_have_attribute("data-finished", "")
    said = page.evaluate("window.__said")
    assert len(said) == 5
    assert said[0].startswith("Press the soft skin between your thumb and forefinger")
    assert said[-1] == "That was a minute. You did it."


def test_yes_ill_take_one_starts_the_quiet_minute(live_server, context: BrowserContext, alice):
    entry = Entry.objects.create(owner=alice)
    page = signed_in(context, alice, live_server.url)
    page.goto(f"{live_server.url}/journal/{entry.pk}/reflect/")
    page.get_by_label("yes, I'll take one").check()
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(f"{live_server.url}/toolkit/after-a-cry/?quiet=start&entry={entry.pk}")
    quiet = page.locator(".quiet-minute")
    expect(quiet).to_have_attribute("data-running", "")
    expect(page.get_by_role("button", name="Stop")).to_be_visible()
    expect(quiet.locator("[data-count]")).to_have_text("0:59", timeout=5_000)


def test_log_this_cry_carries_the_feelings_named(live_server, context: BrowserContext, alice):
    page = signed_in(context, alice, live_server.url)
    page.goto(live_server.url + "/toolkit/after-a-cry/")
    page.get_by_label("relieved").check()
    page.get_by_role("link", name="Log this cry").click()
    expect(page).to_have_url(
        live_server.url + "/journal/new/?helped=quiet_minute&emotions=relieved"
    )
    expect(page.get_by_label("relieved")).to_be_checked()
    expect(page.get_by_label("a quiet minute or mindfulness")).to_be_checked()


def wait_for_service_worker(page: Page) -> None:
    page.evaluate("navigator.serviceWorker.ready.then(r => r.active.state)")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")


def test_the_app_installs_with_a_valid_manifest_and_an_active_worker(live_server, page: Page):
    page.goto(live_server.url + "/")
    href = page.locator('link[rel="manifest"]').get_attribute("href")
    response = page.request.get(live_server.url + href)
    assert response.headers["content-type"] == "application/manifest+json"
    manifest = response.json()
    assert manifest["name"]
    assert manifest["start_url"] == "/toolkit/"
    assert manifest["display"] == "standalone"
    pngs = {icon["sizes"] for icon in manifest["icons"] if icon["type"] == "image/png"}
    assert {"192x192", "512x512"} <= pngs
    for icon in manifest["icons"]:
        assert page.request.get(live_server.url + icon["src"]).ok
    wait_for_service_worker(page)
    state = page.evaluate(
        "navigator.serviceWorker.getRegistration().then(r => [r.scope, r.active.state])"
    )
    assert state == [live_server.url + "/", "activated"]


def test_offline_the_toolkit_and_last_crisis_lines_work_and_nothing_private_is_kept(
    live_server, context: BrowserContext, alice
):
    page = signed_in(context, alice, live_server.url)
    page.goto(live_server.url + "/help/?country=NZ")
    wait_for_service_worker(page)
    page.goto(live_server.url + "/help/?country=NZ")  # now seen with the worker in charge
    page.wait_for_function(
        """() => caches.open('tearspace-crisis-lines').then(c => c.match('/help/'))
             .then(r => r && r.text()).then(t => !!t && t.includes('New Zealand'))"""
    )
    page.goto(live_server.url + "/journal/")
    context.set_offline(True)
    for path in TOOLKIT_PAGES:
        page.goto(live_server.url + path)
        expect(page.locator("h1")).to_be_visible()
        # The kept copy is the one anyone gets: no sign of alice's account in it.
        expect(page.get_by_role("link", name="Log in")).to_be_visible()
    page.goto(live_server.url + "/toolkit/breathe/")
    page.get_by_label("Pace", exact=True).select_option("0.8")
    page.get_by_role("button", name="Start").click()
    expect(page.locator("[data-breathing]")).to_have_attribute("data-phase", "in")
    page.goto(live_server.url + "/help/")
    expect(page.locator("h2#local-heading")).to_contain_text("New Zealand")
    with pytest.raises(Exception, match="ERR_INTERNET_DISCONNECTED"):
        page.goto(live_server.url + "/journal/")
    page = context.new_page()
    page.goto(live_server.url + "/toolkit/")
    kept = page.evaluate(
        """caches.keys().then(names => Promise.all(names.map(n => caches.open(n)
             .then(c => c.keys())))).then(all => all.flat().map(r => new URL(r.url).pathname))"""
    )
    assert set(TOOLKIT_PAGES) <= set(kept)
    private = [
        path for path in kept if path.startswith(("/journal", "/circles", "/api", "/settings"))
    ]
    assert private == []


def keyboard_to(page: Page, name: str) -> None:
    link = page.get_by_role("link", name=name, exact=True)
    for _ in range(25):
        page.keyboard.press("Tab")
        if link.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"{name!r} is not reachable with Tab")


def boxes_overlap(a: FloatRect | None, b: FloatRect | None) -> bool:
    assert a is not None
    assert b is not None
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


@pytest.mark.parametrize("path", PUBLIC_PAGES + MEMBER_PAGES)
@pytest.mark.parametrize("width", [1280, 360])
def test_the_breathe_button_is_one_tab_away_on_every_page(
    live_server, context: BrowserContext, alice, path, width
):
    page = (
        signed_in(context, alice, live_server.url) if path in MEMBER_PAGES else context.new_page()
    )
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_server.url + path)
    breathe_link = page.get_by_role("link", name="Breathe", exact=True)
    help_link = page.get_by_role("link", name="Need help now")
    expect(breathe_link).to_be_visible()
    assert not boxes_overlap(breathe_link.bounding_box(), help_link.bounding_box())
    keyboard_to(page, "Breathe")
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + "/toolkit/breathe/")


def serious_violations(page: Page) -> list[tuple[str, list[Any]]]:
    results = Axe().run(page)
    return [
        (violation["id"], [node["target"] for node in violation["nodes"]])
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


@pytest.mark.parametrize("path", [*TOOLKIT_PAGES, "/toolkit/mine/"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_toolkit_pages_have_no_serious_accessibility_violations(
    live_server, context: BrowserContext, alice, path, scheme
):
    pages = [context.new_page()] if path != "/toolkit/mine/" else []
    pages.append(signed_in(context, alice, live_server.url))
    for page in pages:
        page.emulate_media(color_scheme=scheme)
        page.goto(live_server.url + path)
        assert serious_violations(page) == []
        if page.locator("[data-start]").count():
            page.locator("[data-start]").click()  # the running state too
            assert serious_violations(page) == []


@pytest.mark.parametrize("path", TOOLKIT_PAGES)
def test_toolkit_pages_are_light_and_ask_no_other_origin(live_server, page: Page, path):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(live_server.url + path)
    page.wait_for_load_state("networkidle")
    weight = page.evaluate(
        """() => performance.getEntriesByType('navigation').concat(
             performance.getEntriesByType('resource')).reduce((s, e) => s + e.transferSize, 0)"""
    )
    print(f"page weight {path}: {weight} bytes")
    assert all(url.startswith(live_server.url) for url in requested), requested
    assert 0 < weight < 120_000


def test_while_the_server_is_failing_the_kept_toolkit_is_served(
    live_server, page: Page, monkeypatch: pytest.MonkeyPatch
):
    page.goto(live_server.url + "/toolkit/")
    wait_for_service_worker(page)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the database is away")

    monkeypatch.setattr("tearspace.toolkit.views.render", broken)
    page.goto(live_server.url + "/toolkit/pause/")
    expect(page.get_by_role("heading", name="Pause my tears", level=1)).to_be_visible()
    expect(page.get_by_role("button", name="Start the minute")).to_be_visible()


STUB_SOUND_AND_VIBRATION = """
window.__tones = []; window.__buzzes = [];
class FakeNode { connect(next) { return next || this; } }
window.AudioContext = class {
  constructor() { this.currentTime = 0; this.destination = new FakeNode(); }
  createGain() {
    const g = new FakeNode();
    g.gain = {setValueAtTime() {}, linearRampToValueAtTime() {}};
    return g;
  }
  createOscillator() {
    const o = new FakeNode(); o.frequency = {value: 0};
    o.start = () => window.__tones.push(o.frequency.value); o.stop = () => {}; return o;
  }
};
navigator.vibrate = pattern => { window.__buzzes.push(pattern); return true; };
"""


def test_soft_tones_and_vibration_follow_the_breath_only_when_chosen(live_server, page: Page):
    page.add_init_script(STUB_SOUND_AND_VIBRATION)
    page.goto(live_server.url + "/toolkit/breathe/?pace=0.02")
    page.get_by_label("4-7-8 breathing").check()
    page.get_by_role("button", name="Start").click()
    expect(page.locator("[data-breathing]")).to_have_attribute("data-finished", "")
    assert page.evaluate("[window.__tones.length, window.__buzzes.length]") == [0, 0]

    page.get_by_label("Soft tones (so your eyes can stay closed)").check()
    page.get_by_label("Gentle vibration, where your phone can").check()
    page.get_by_role("button", name="Start").click()
    expect(page.locator("[data-breathing]")).to_have_attribute("data-finished", "")
    rounds = round(60 / 19)
    # One rising tone in, one lower tone out, silence while holding.
    assert page.evaluate("window.__tones") == [392, 294] * rounds
    assert page.evaluate("window.__buzzes") == [300, [100, 100, 100]] * rounds
