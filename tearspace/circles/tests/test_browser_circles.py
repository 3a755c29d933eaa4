"""Two people in real browsers: a shared cry, a kind reply, a paused unkind one, a live revoke."""

from typing import Any

import pytest
from django.test import Client

from tearspace.accounts.models import User
from tearspace.circles.tests.conftest import World, build_world
from tearspace.safety.tests.conftest import FakeModels
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


@pytest.fixture
def bworld(transactional_db: None, settings: Any, tmp_path: Any) -> World:
    settings.MEDIA_ROOT = str(tmp_path)
    return build_world()


def test_alice_shares_bob_replies_fay_pauses_and_the_revoke_reaches_bob_live(
    asgi_server: str,  # noqa: F811
    bworld: World,
    fake_models: FakeModels,
) -> None:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect, sync_playwright

    w = bworld
    cookies: dict[str, dict[str, Any]] = {
        name: session_cookie(user, asgi_server)
        for name, user in {"alice": w.alice, "bob": w.bob, "fay": w.fay}.items()
    }
    entry_id = w.entry.pk
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            pages = {}
            for name, cookie in cookies.items():
                context = browser.new_context()
                context.add_cookies([cookie])  # type: ignore[list-item]
                pages[name] = context.new_page()
            alice, bob, fay = pages["alice"], pages["bob"], pages["fay"]

            # alice shares a cry with her circle, from her journal entry.
            alice.goto(f"{asgi_server}/journal/{entry_id}/")
            alice.get_by_role("link", name="Share").click()
            alice.get_by_label("close friends").check()
            alice.get_by_role("button", name="Share").click()
            expect(alice.get_by_role("button", name="Take this share back")).to_be_visible()
            share_url = alice.url

            # bob opens it and replies kindly.
            bob.goto(share_url)
            expect(bob.locator("html[data-circles-live='on']")).to_have_count(1)
            expect(bob.get_by_text("I cried on the bus home.")).to_be_visible()
            bob.get_by_label("Write a kind reply").fill("I'm so sorry. I'm here.")
            bob.get_by_role("button", name="Reply").click()
            expect(bob.get_by_text("I'm so sorry. I'm here.")).to_be_visible()
            expect(bob.locator("html[data-circles-live='on']")).to_have_count(1)

            # fay's unkind reply gets the pause step, with her draft kept, and she revises it.
            fake_models.verdict = "nudge"
            fay.goto(share_url)
            fay.get_by_label("Write a kind reply").fill("Stop being so dramatic")
            fay.get_by_role("button", name="Reply").click()
            expect(fay.get_by_text("What about this makes me uncomfortable?")).to_be_visible()
            draft = fay.get_by_label("Your reply (you can change it)")
            expect(draft).to_have_value("Stop being so dramatic")
            report = Axe().run(fay)
            assert report.violations_count == 0, report.generate_report()
            fake_models.verdict = "ok"
            draft.fill("That sounds really hard. Sending warmth.")
            fay.get_by_role("button", name="Send my changed reply").click()
            expect(fay.get_by_text("That sounds really hard. Sending warmth.")).to_be_visible()
            # bob's open page shows fay's reply without a reload.
            expect(bob.get_by_text("That sounds really hard. Sending warmth.")).to_be_visible()
            assert "Stop being so dramatic" not in bob.content()

            # alice takes it back; bob's page drops the share live.
            alice.goto(share_url)
            alice.get_by_role("button", name="Take this share back").click()
            expect(bob.get_by_text("This share was taken back")).to_be_visible(timeout=3000)
            expect(bob.get_by_text("I cried on the bus home.")).to_have_count(0)
            assert Axe().run(bob).violations_count == 0
        finally:
            browser.close()


def test_session_cookie_helper_makes_a_signed_in_cookie(db: None, alice: User) -> None:
    cookie = session_cookie(alice, "http://127.0.0.1:1")
    client = Client()
    client.cookies[cookie["name"]] = cookie["value"]
    assert client.get("/circles/").status_code == 200
