"""After the session in a real browser: keep the feeling in the journal, then find it there."""

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tearspace.accounts.models import User
from tearspace.journal.models import Entry
from tearspace.rooms.models import Membership, Room, Status
from tearspace.safety.tests.test_browser_crisis import session_cookie

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("crisis_lines"),
]


def serious_violations(page: Page) -> list[Any]:
    return [
        (violation["id"], [node["target"] for node in violation["nodes"]])
        for violation in Axe().run(page).response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


def test_it_keeps_how_it_felt_in_the_journal_linked_to_the_session(
    live_server: Any, room: Room, alice: User, page: Page
) -> None:
    # Made directly: Playwright's loop already runs here, so no action may publish on commit.
    Membership.objects.create(room=room, user=alice, status=Status.LEFT)
    page.context.add_cookies([session_cookie(alice, live_server.url)])  # type: ignore[list-item]
    page.goto(f"{live_server.url}/rooms/{room.pk}/after/")
    assert serious_violations(page) == []
    box = page.get_by_label("Add this to my journal as a cry")
    expect(box).not_to_be_checked()
    page.get_by_label("Lighter").check()
    page.get_by_label("How did it feel?").fill("Softer than I thought.")
    box.check()
    page.get_by_role("button", name="Keep this").click()
    expect(page.get_by_text("It is in your journal too.")).to_be_visible()

    page.goto(f"{live_server.url}/journal/")
    entry = page.locator(".entry-card", has_text="Softer than I thought.")
    expect(entry).to_contain_text("From the rui-katsu session “Goodbye films”")
    entry.get_by_role("link", name="Goodbye films").click()
    expect(page).to_have_url(f"{live_server.url}/rooms/{room.pk}/")
    assert Entry.objects.get(owner=alice).relief == "lighter"
