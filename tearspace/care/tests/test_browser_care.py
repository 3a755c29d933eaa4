"""Two real browsers: a person completes intake, sees ranked matches with reasons and asks one;
the therapist accepts; the person shares two entries and takes one back, and the therapist's
page loses it at once; they exchange messages."""

from typing import Any

import pytest

from tearspace.accounts.models import User
from tearspace.care.tests.conftest import make_profile, with_totp
from tearspace.journal.models import Entry
from tearspace.safety.tests.test_browser_crisis import (  # noqa: F401 - asgi_server is a fixture
    CHROMIUM_ARGS,
    asgi_server,
    session_cookie,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("crisis_lines"),
]


def test_intake_match_accept_share_revoke_and_messages_in_two_browsers(
    asgi_server: str,  # noqa: F811
    transactional_db: None,
) -> None:
    from playwright.sync_api import expect, sync_playwright

    alice = User.objects.create_user(username="alice", password="a-long-test-password")
    theo = with_totp(User.objects.create_user(username="theo", role="therapist"))
    make_profile(theo, "Theo Example")
    make_profile(
        with_totp(User.objects.create_user(username="tess", role="therapist")),
        "Tess Example",
        specialties=",trauma,",
    )
    first = Entry.objects.create(owner=alice, notes="The first cry I share")
    second = Entry.objects.create(owner=alice, notes="The second cry I share")
    # Sessions are made before Playwright starts: its event loop makes the ORM refuse to run.
    cookies: dict[str, Any] = {
        "alice": session_cookie(alice, asgi_server),
        "theo": session_cookie(theo, asgi_server),
    }
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            pages = {}
            for name, cookie in cookies.items():
                context = browser.new_context()
                context.add_cookies([cookie])
                pages[name] = context.new_page()
                pages[name].set_default_timeout(15_000)
            person, therapist = pages["alice"], pages["theo"]

            # Intake, then ranked matches with their reasons.
            person.goto(f"{asgi_server}/care/intake/")
            person.get_by_label("What brings you here?").fill("Crying every night since May")
            person.locator("main").get_by_label("Language").select_option("es")
            person.get_by_label("Where you are").fill("US-NY")
            person.locator("input[name=specialties][value=grief]").check()
            person.get_by_role("button", name="Show my matches").click()
            cards = person.locator(".care-matches > li")
            expect(cards.first).to_contain_text("Theo Example")
            expect(cards.first).to_contain_text("specialises in grief")
            expect(cards.first).to_contain_text("speaks Spanish")
            expect(cards.nth(1)).to_contain_text("Tess Example")
            person.get_by_label("Ask Theo Example").check()
            person.get_by_role("button", name="Send my request").click()
            expect(person.locator("[data-state=requested]")).to_contain_text("Theo Example")

            # The therapist sees the clock and what brings her, and accepts.
            therapist.goto(f"{asgi_server}/care/inbox/")
            expect(therapist.locator("[data-hours-left]")).to_contain_text("hours left")
            therapist.get_by_role("link", name="From alice").click()
            expect(therapist.locator("[data-what-brings]")).to_have_text(
                "Crying every night since May"
            )
            therapist.get_by_label("A note for them").fill("Glad you reached out.")
            therapist.get_by_role("button", name="Accept").click()
            expect(therapist.locator("[data-state=accepted]")).to_be_visible()
            request_url = therapist.url

            # The person shares two entries, then takes the first back.
            person.goto(request_url)
            expect(person.locator("[data-note]")).to_have_text("Glad you reached out.")
            for entry in (first, second):
                person.get_by_label("Share an entry").select_option(str(entry.pk))
                person.get_by_role("button", name="Share", exact=True).click()
            therapist.reload()
            shares = therapist.locator(".care-shares")
            expect(shares).to_contain_text("The first cry I share")
            expect(shares).to_contain_text("The second cry I share")
            # The therapist's open page loses the taken-back share at once, without a reload.
            expect(therapist.locator("[data-care-live=on]")).to_have_count(1)
            person.locator(".care-shares li", has_text="The first cry I share").get_by_role(
                "button", name="Take back"
            ).click()
            expect(person.get_by_text("Taken back.")).to_be_visible()
            expect(shares).not_to_contain_text("The first cry I share")
            expect(shares).to_contain_text("The second cry I share")

            # Messages both ways; the open page of the other side gets them live.
            person.get_by_label("Write a message").fill("Thank you for saying yes")
            person.get_by_role("button", name="Send").click()
            expect(therapist.locator(".care-messages")).to_contain_text("Thank you for saying yes")
            therapist.reload()
            expect(therapist.locator(".care-shares")).not_to_contain_text("The first cry I share")
            therapist.get_by_label("Write a message").fill("Shall we talk on Monday evening?")
            therapist.get_by_role("button", name="Send").click()
            person.reload()
            expect(person.locator(".care-messages")).to_contain_text("Monday evening")
        finally:
            browser.close()
