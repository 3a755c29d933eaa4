"""Every page of the navigation in every offered language, on a phone: no English left.

For each language other than English, a member and a moderator who chose it in their settings
and a visitor whose browser asks for it (Accept-Language) walk the links of the header and
footer at 390 px.
On each page `<html lang>` names the language; no visible text is an English message of the
catalogs that the catalog translates (a whole text equal to one, or a longer message inside a
text); and nothing is wider than the screen (German words are long). Text marked as another
language (`lang="en"` on the PHQ-9 items, the language picker's own names) and people's own
words (`.user-text`) are not the page's wording and are left out.
"""

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from pprint import pformat
from typing import Any

import polib
import pytest
from django.conf import settings
from playwright.sync_api import Browser, Page

from tearspace.accounts.models import User
from tearspace.core.tests.test_browser_crawl import NAV_LINKS, VIEWPORTS
from tearspace.safety.tests.conftest import with_totp
from tearspace.safety.tests.test_browser_crisis import (  # noqa: F401 - asgi_server is a fixture
    asgi_server,
    session_cookie,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("crisis_lines"),
]

# A moderator sees the staff pages (the moderation console) as well.
PERSONAS = ("visitor", "member", "moderator")
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
# Words no language translates: the brand and the instruments' names.
KEPT = {"Tearspace", "PHQ-9", "GAD-7", "API", "TOTP"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}|<[^>]+>")

# The page's own visible text: text nodes that are rendered, not inside an element marked as
# another language, a person's own words, a script or a style.
VISIBLE_TEXTS = """code => {
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    const text = node.textContent.replace(/\\s+/g, ' ').trim();
    if (!text || !el || el.closest('script, style, template, .user-text')) continue;
    const marked = el.closest('[lang]');
    if (marked && marked.lang.split('-')[0] !== code) continue;
    if (!el.checkVisibility({visibilityProperty: true})) continue;
    texts.push(text);
  }
  for (const el of document.querySelectorAll('input[placeholder], textarea[placeholder]')) {
    if (el.checkVisibility() && !el.closest('[lang]:not(html)')) texts.push(el.placeholder);
  }
  return texts;
}"""
OVERFLOW = """() => [...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1
    && el.checkVisibility() && getComputedStyle(el).position !== 'fixed')
  .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''))
  .slice(0, 5)"""


@cache
def english_left(code: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """The catalog's English messages that `code` translates differently: (every such message
    without placeholders, as a whole text; those of three words or more, to find inside
    longer texts)."""
    whole: set[str] = set()
    folder = Path(settings.BASE_DIR) / "locale" / code / "LC_MESSAGES"
    # A missing catalog fails test_i18n_catalogs; here it only has nothing to look for.
    for path in (folder / "django.po", folder / "djangojs.po"):
        for entry in polib.pofile(str(path)).translated_entries() if path.exists() else []:
            text = " ".join(entry.msgid.split())
            if entry.msgid_plural or PLACEHOLDER.search(text) or text in KEPT:
                continue
            if entry.msgstr.strip() != entry.msgid.strip() and re.search(r"[A-Za-z]{2}", text):
                whole.add(text)
    inside = tuple(sorted(t for t in whole if len(t.split()) >= 3))
    return frozenset(whole), inside


def english_found(code: str, texts: list[str]) -> list[str]:
    """The texts among `texts` that are, or hold, an English message of `code`'s catalog."""
    whole, inside = english_left(code)
    found = [text for text in texts if text in whole]
    joined = "\n".join(texts)
    return found + [m for m in inside if m in joined and m not in found]


@pytest.fixture
def visitor(
    request: pytest.FixtureRequest,
    asgi_server: str,  # noqa: F811
    chromium: Browser,
    alice: User,
    moderator: User,
) -> Iterator[tuple[Page, str]]:
    """A phone-sized page in the test's language: a member who chose it, or a visitor whose
    browser asks for it."""
    code, persona = request.param
    # A signed-in person's browser asks for English: their setting must win over it.
    locale = code if persona == "visitor" else "en-GB"
    context = chromium.new_context(viewport=VIEWPORTS["phone"], locale=locale)  # type: ignore[arg-type]
    person = {"member": alice, "moderator": with_totp(moderator)}.get(persona)
    if person is not None:
        person.language = code
        person.save(update_fields=["language"])
        context.add_cookies([session_cookie(person, asgi_server)])  # type: ignore[list-item]
    yield context.new_page(), code
    context.close()


def test_english_found_reports_whole_texts_and_longer_messages_inside_texts() -> None:
    whole, inside = english_left("es")
    assert "Need help now" in whole
    message = next(m for m in inside if len(m) > 20)
    assert english_found("es", ["Need help now", f"Hola. {message}", "Ayuda ahora"]) == [
        "Need help now",
        message,
    ]
    assert english_found("es", ["Tearspace", "Ayuda ahora"]) == []


@pytest.mark.parametrize(
    "visitor",
    [(code, persona) for code in TRANSLATED for persona in PERSONAS],
    ids=[f"{code}-{persona}" for code in TRANSLATED for persona in PERSONAS],
    indirect=True,
)
def test_every_navigation_page_speaks_the_language_and_fits_a_phone(
    asgi_server: str,  # noqa: F811
    visitor: tuple[Page, str],
) -> None:
    page, code = visitor
    page.goto(asgi_server + "/")
    urls = list(dict.fromkeys(page.evaluate(NAV_LINKS)))
    assert len(urls) >= 4, urls
    found: dict[str, Any] = {}
    for url in urls:
        page.goto(url)
        if (lang := page.evaluate("() => document.documentElement.lang")) != code:
            found[f"{url} lang"] = lang
        if english := english_found(code, page.evaluate(VISIBLE_TEXTS, code)):
            found[f"{url} English"] = english
        if wide := page.evaluate(OVERFLOW):
            found[f"{url} wider than 390 px"] = wide
    assert not found, pformat(found, width=100)
