"""Pages a person can find: following links from home reaches them, and settings keep the
rarely needed things (API tokens) under "Advanced"."""

import re
from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from tearspace.accounts.models import User
from tearspace.accounts.tests.conftest import confirm_password

LINK = re.compile(r'<a\s[^>]*href="(/[^"#?]*)')


def reachable(client: Client, start: str = "/", depth: int = 2) -> set[str]:
    """Every same-site path `client` reaches from `start` by following up to `depth` links."""
    seen = {start}
    frontier = [start]
    for _ in range(depth):
        found: list[str] = []
        for path in frontier:
            response = client.get(path)
            if response.status_code != 200 or "text/html" not in response["Content-Type"]:
                continue
            for href in LINK.findall(response.content.decode()):
                if href not in seen and not href.startswith(("/static/", "/media/", "/api/")):
                    seen.add(href)
                    found.append(href)
        frontier = found
    return seen


def test_what_s_on_your_mind_is_reachable_from_the_navigation(
    alice: User, login: Callable[[User | None], Client]
) -> None:
    assert reverse("safety:mind") in reachable(login(alice))


def test_help_offers_the_private_page_after_the_crisis_lines(
    alice: User, login: Callable[[User | None], Client]
) -> None:
    html = login(alice).get(reverse("safety:help")).content.decode()
    mind = html.index(f'href="{reverse("safety:mind")}"')
    assert html.index("Crisis lines in") < mind
    assert html.index("Anywhere in the world") < mind


def advanced_section(html: str) -> str:
    found = re.search(r'<details class="card advanced"[^>]*>(.*?)</details>', html, re.S)
    assert found, "settings have no Advanced section"
    return found.group(1)


def test_api_tokens_live_under_advanced_in_settings(
    alice: User, login: Callable[[User | None], Client]
) -> None:
    html = login(alice).get(reverse("accounts:settings")).content.decode()
    advanced = advanced_section(html)
    assert "Advanced" in advanced
    assert "API tokens" in advanced
    assert reverse("accounts:token_create") in advanced
    outside = html.replace(advanced, "")
    assert "API tokens" not in outside
    assert reverse("accounts:token_create") not in outside
    assert '<details class="card advanced" id="advanced">' in html  # closed until needed


def test_a_new_token_opens_advanced_so_it_can_be_copied(
    alice: User, login: Callable[[User | None], Client]
) -> None:
    client = confirm_password(login(alice))
    response = client.post(reverse("accounts:token_create"), {"name": "my script", "scope": "read"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<details class="card advanced" id="advanced" open>' in html
    assert 'id="new-token"' in advanced_section(html)
