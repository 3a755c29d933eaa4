"""Ending a chat or a small group asks once more, and the question works without a script and
from the keyboard (real browser, scripts off: the page's own markup does it)."""

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from tearspace.accounts.models import User
from tearspace.safety.tests.test_browser_crisis import session_cookie
from tearspace.support.actions import do_request_support
from tearspace.support.models import Match, SupportGroup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def without_scripts(chromium: Browser, user: User, base: str) -> Page:
    context = chromium.new_context(base_url=base, java_script_enabled=False)
    context.add_cookies([session_cookie(user, base)])  # type: ignore[list-item]
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def ends_only_when_answered(page: Page, still_on: Callable[[], bool]) -> None:
    """The button opens the question and ends nothing; pressed again it closes it ("no");
    from the keyboard (Enter, Tab to the answer, Enter) the answer ends it."""
    assert page.locator("#end-chat-confirm").is_hidden()
    page.click("#end-chat")
    assert page.locator("#end-chat-confirm").is_visible()
    assert still_on()
    page.click("#end-chat")
    assert page.locator("#end-chat-confirm").is_hidden()
    page.focus("#end-chat")
    page.keyboard.press("Enter")
    page.wait_for_selector("#end-chat-confirm:visible")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "end-chat-confirm"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert not still_on()
    page.context.close()


def test_ending_a_chat_asks_first_and_the_answer_ends_it(
    live_server: Any, chromium: Browser, seeker: User, ready_listener: User
) -> None:
    asked, _ = do_request_support(seeker=seeker, first_line="a long day")
    match = Match.objects.get(request=asked)
    page = without_scripts(chromium, seeker, live_server.url)
    page.goto(f"/support/chats/{match.pk}/")
    ends_only_when_answered(page, lambda: Match.objects.get(pk=match.pk).active)


def test_ending_a_group_asks_first_and_the_answer_ends_it(
    live_server: Any, chromium: Browser, seeker: User, ready_listener: User
) -> None:
    do_request_support(seeker=seeker, first_line="my grandpa died", format="group")
    group = SupportGroup.objects.get()
    page = without_scripts(chromium, ready_listener, live_server.url)
    page.goto(f"/support/groups/{group.pk}/")
    assert page.text_content("#end-chat-confirm") == "Yes, end the group"
    ends_only_when_answered(page, lambda: SupportGroup.objects.get(pk=group.pk).active)
