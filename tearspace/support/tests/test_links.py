"""Every "talk to someone" and "listener" link in every template leads to /support/ (a person who
cannot or will not phone a line gets a listener, not a page of numbers)."""

import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tearspace.safety.panels import LISTENER_URL_NAME

TEMPLATES = Path(settings.BASE_DIR) / "templates"
LINK = re.compile(r"<a\b[^>]*?href=\"([^\"]*)\"[^>]*>(.*?)</a>", re.DOTALL)
URL_TAG = re.compile(r"\{%\s*url\s+(?:'([\w:-]+)'|\"([\w:-]+)\"|(\w+))\s*%\}")
SOMEONE_NOW = re.compile(
    r"talk to (?:someone|a listener)|listener now|someone now|need someone", re.IGNORECASE
)


def _target(href: str) -> str:
    """The path a template's href leads to ({% url 'name' %}, the panel's listener name, or a
    plain path)."""
    found = URL_TAG.fullmatch(href.split("?")[0].strip())
    if found is None:
        return href
    quoted = found.group(1) or found.group(2)
    if quoted:
        return reverse(quoted)
    assert found.group(3) == "listener_url_name", href
    return reverse(LISTENER_URL_NAME)


def _someone_now_links() -> list[tuple[str, str, str]]:
    links = []
    for template in sorted(TEMPLATES.rglob("*.html")):
        for href, text in LINK.findall(template.read_text()):
            if SOMEONE_NOW.search(text):
                links.append((str(template.relative_to(TEMPLATES)), href, text.strip()))
    return links


def test_every_talk_to_someone_link_leads_to_a_listener() -> None:
    links = _someone_now_links()
    places = {template for template, _, _ in links}
    assert {"rooms/live.html", "safety/_help_panel.html"} <= places
    wrong = [(t, href) for t, href, _ in links if _target(href) != reverse("support:start")]
    assert wrong == []


def test_the_menus_someone_now_leads_to_a_listener() -> None:
    """The header's sections come from one list (core.navigation), not from base.html."""
    from tearspace.core.navigation import SECTIONS

    with translation.override("en"):  # the labels are lazy: read them in English
        someone = [s for s in SECTIONS if SOMEONE_NOW.search(str(s.label))]
    assert someone
    assert all(reverse(s.url_name) == reverse("support:start") for s in someone)


def test_the_check_reads_the_links_it_should() -> None:
    assert _target("{% url 'safety:help' %}") == "/help/"
    assert _target("{% url listener_url_name %}") == "/support/"
    assert SOMEONE_NOW.search('{% translate "Talk to someone now" %}')
    assert not SOMEONE_NOW.search('{% translate "Talk to a therapist" %}')
