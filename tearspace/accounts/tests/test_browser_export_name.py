"""A real browser saves the export under the person's own handle, in any script."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Browser, sync_playwright

from tearspace.accounts.models import User
from tearspace.accounts.tests.conftest import PASSWORD, confirm_password

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[Browser]:
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        yield launched
        launched.close()


@pytest.mark.parametrize("handle", ["はなこ", "سارة"])
def test_the_export_is_saved_under_a_japanese_or_arabic_handle(
    live_server: Any, browser: Browser, handle: str
) -> None:
    person = User.objects.create_user(username=handle, password=PASSWORD)
    client = Client()
    client.force_login(person)
    confirm_password(client)  # export needs a fresh sign-in
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context = browser.new_context(base_url=live_server.url, accept_downloads=True)
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    page = context.new_page()
    page.goto("/settings/")
    with page.expect_download() as download:
        page.evaluate("location.href = '/settings/export/'")
    stamp = timezone.now().strftime("%Y-%m-%d")
    assert download.value.suggested_filename == f"tearspace-{handle}-{stamp}.zip"
    context.close()
