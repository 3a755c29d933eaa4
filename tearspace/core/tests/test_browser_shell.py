"""The site shell in a real browser: sign up to log out, keyboard only, and axe-core."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("crisis_lines")]


def test_sign_up_log_in_find_help_for_my_country_and_log_out(live_server, page: Page):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Sign up").first.click()
    page.get_by_label("Handle").fill("willow")
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_label("Country (optional)").select_option("GB")
    page.get_by_role("button", name="Make my space").click()
    expect(page.get_by_text("Welcome, willow")).to_be_visible()  # new: not "Welcome back"

    page.get_by_role("button", name="Menu").click()  # a member's sections fold behind it
    page.get_by_role("button", name="Log out").click()
    page.get_by_role("link", name="Log in").first.click()
    page.get_by_label("Handle or email").fill("willow")
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Welcome back, willow")).to_be_visible()

    page.get_by_role("link", name="Need help now").click()
    first_line = page.locator("li.line").first
    expect(first_line).to_contain_text("Samaritans")
    expect(first_line.get_by_role("link", name="Call 116 123")).to_be_visible()

    page.get_by_role("button", name="Menu").click()  # a member's sections fold behind it
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in").first).to_be_visible()


def test_the_shell_works_with_the_keyboard_alone(live_server, page: Page):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    page.goto(live_server.url + "/")
    help_link = page.get_by_role("link", name="Need help now")
    for _ in range(10):
        page.keyboard.press("Tab")
        if help_link.evaluate("el => el === document.activeElement"):
            break
    expect(help_link).to_be_focused()
    outline = help_link.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + "/help/")


@pytest.mark.parametrize("path", ["/", "/help/", "/accounts/login/", "/accounts/signup/"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pages_have_no_serious_accessibility_violations(live_server, page: Page, path, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(live_server.url + path)
    results = Axe().run(page)
    serious = [
        (violation["id"], [node["target"] for node in violation["nodes"]])
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
    assert serious == []


def test_pages_make_no_request_to_another_origin(live_server, page: Page):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for path in ["/", "/help/", "/accounts/signup/"]:
        page.goto(live_server.url + path)
    assert requested
    assert all(url.startswith(live_server.url) for url in requested), requested


def test_the_accessibility_check_catches_a_real_violation(live_server, page: Page):
    page.goto(live_server.url + "/")
    page.evaluate("document.querySelector('main').append(document.createElement('img'))")
    violations = Axe().run(page).response["violations"]
    assert "image-alt" in {violation["id"] for violation in violations}
