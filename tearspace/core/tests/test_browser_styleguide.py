"""The styleguide's components in a real browser: accessible in both themes, at both sizes,
and the dialog opener works under the strict Content Security Policy."""

import pytest
from django.test import override_settings
from playwright.sync_api import Page, expect

from tearspace.core.tests.test_browser_crawl import SETTLED, VIEWPORTS, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("crisis_lines")]


@override_settings(DEBUG=True)
@pytest.mark.parametrize("size", VIEWPORTS)
def test_every_component_passes_axe_in_light_and_dark(live_server, page: Page, size):
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.set_viewport_size(VIEWPORTS[size])  # type: ignore[arg-type]
    page.goto(live_server.url + "/styleguide/")
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.evaluate(SETTLED)
        assert serious_violations(page) == [], scheme
    assert errors == []


@override_settings(DEBUG=True)
def test_a_dialog_opens_from_its_button_and_closes_from_its_form(live_server, page: Page):
    page.goto(live_server.url + "/styleguide/")
    dialog = page.get_by_role("dialog", name="Leave this room?")
    expect(dialog).to_be_hidden()
    page.get_by_role("button", name="Open a dialog").click()
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Stay").click()
    expect(dialog).to_be_hidden()


@override_settings(DEBUG=True)
def test_chips_and_segments_are_real_inputs_a_finger_can_hit(live_server, page: Page):
    page.set_viewport_size(VIEWPORTS["phone"])  # type: ignore[arg-type]
    page.goto(live_server.url + "/styleguide/")
    relieved = page.get_by_role("checkbox", name="Relieved")
    expect(relieved).not_to_be_checked()
    page.locator(".chip", has_text="Relieved").click()
    expect(relieved).to_be_checked()
    page.locator(".segmented label", has_text="5").click()
    expect(page.get_by_role("radio", name="5")).to_be_checked()
    for selector in (".chip span", ".segmented span", ".toggle", "button", ".button"):
        box = page.locator(selector).first.bounding_box()
        assert box is not None
        assert box["height"] >= 44, (selector, box)
