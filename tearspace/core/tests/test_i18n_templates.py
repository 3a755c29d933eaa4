"""Every word a person can see goes through translation: in templates and in page scripts.

Templates: each one under templates/ is compiled and its text nodes walked (through
`child_nodelists`, in order); what is left once tags and template calls are taken out, HTML
comments, <script> and <style> dropped, and the visible attribute values kept, must hold no word
of letters outside {% translate %}/{% blocktranslate %} (a short allowlist aside).

Scripts: static/js/*.js are read at the level of their string literals; a literal with words
that is not an argument of gettext()/ngettext()/pgettext() fails when it goes to a visible sink
(textContent, innerText, title, placeholder, aria-label, alert/confirm, append...) or reads as
a sentence anywhere in the file. Strings the templates render into data-* attributes are marked
there and checked by the template test.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.template import engines
from django.template.backends.django import DjangoTemplates
from django.template.base import Node, NodeList, TextNode
from django.template.defaulttags import IfNode
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Browser

from tearspace.accounts.tests.test_second_factor import make_staff, signed_in

TEMPLATES = Path(settings.BASE_DIR) / "templates"
SCRIPTS = Path(settings.BASE_DIR) / "static" / "js"

# Names and validated instruments that stay as they are in every language.
ALLOWED_WORDS = frozenset({"Tearspace", "PHQ", "GAD"})
WORD = re.compile(r"[^\W\d_]+")
# Attribute values a person sees or hears (a screen reader reads aria-label and alt).
VISIBLE_ATTRIBUTES = frozenset(
    {"placeholder", "title", "aria-label", "aria-description", "alt", "label"}
)
# An <input> of these types shows its value as its label (a <button>'s value is form data).
LABELLED_BY_VALUE = frozenset({"submit", "button", "reset"})


@dataclass(frozen=True)
class Finding:
    where: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.where}:{self.line}: {self.text!r}"


# --- templates ------------------------------------------------------------------------------


def _text_nodes(nodes: Iterable[Node]) -> Iterator[TextNode | None]:
    """Yield the text nodes in page order; None where a tag or variable puts something else."""
    for node in nodes:
        if isinstance(node, TextNode):
            yield node
            continue
        children: list[NodeList] = [
            getattr(node, name, None) or NodeList() for name in node.child_nodelists
        ]
        if isinstance(node, IfNode):  # each branch on its own
            children = [nodelist for _condition, nodelist in node.conditions_nodelists]
        children = [child for child in children if child]
        if not children:
            yield None  # a variable, {% translate %}, {% url %}...: never raw words
        for child in children:  # {% if %}A{% else %}B{% endif %}: two texts, not "AB"
            yield from _text_nodes(child)
            yield None


class _VisibleText(HTMLParser):
    """Collect (offset, text) of what a person sees: text and visible attribute values."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[tuple[int, int], str]] = []
        self.hidden = 0  # inside <script> or <style>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self.hidden += 1
        values = dict(attrs)
        for name, value in attrs:
            shown = name in VISIBLE_ATTRIBUTES or (
                name == "value" and tag == "input" and values.get("type") in LABELLED_BY_VALUE
            )
            if shown and value:
                self.found.append((self.getpos(), value))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in {"script", "style"}:
            self.hidden -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"} and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.found.append((self.getpos(), data))


def unmarked_template_words(source: str, name: str = "<string>") -> list[Finding]:
    """Return the words of `source` (a Django template) left outside translation."""
    backend = engines["django"]
    assert isinstance(backend, DjangoTemplates)
    template = backend.engine.from_string(source)  # compiled only, with the project's tags
    segments: list[tuple[int, int]] = []  # (offset in the joined text, template line)
    joined = ""
    for node in _text_nodes(template.nodelist):
        if node is None:
            joined += " "  # keeps "Hi{{ name }}" apart, changes no line
            continue
        assert node.token is not None  # set by the parser on every node, with its line
        assert node.token.lineno is not None
        segments.append((len(joined), node.token.lineno))
        joined += node.s
    line_starts = [0] + [m.end() for m in re.finditer("\n", joined)]

    def template_line(position: tuple[int, int]) -> int:
        offset = line_starts[position[0] - 1] + position[1]
        start, lineno = max((s for s in segments if s[0] <= offset), default=(0, 1))
        return lineno + joined.count("\n", start, offset)

    parser = _VisibleText()
    parser.feed(joined)
    parser.close()
    findings = []
    for position, text in parser.found:
        words = [w for w in WORD.findall(text) if w not in ALLOWED_WORDS]
        if words:
            findings.append(Finding(name, template_line(position), " ".join(words)))
    return findings


# The styleguide is a page for developers, served only while DEBUG is on: its sample words are
# not sent to translators.
NOT_FOR_PEOPLE = frozenset({"core/styleguide.html"})


def template_files() -> list[Path]:
    return sorted(
        path
        for path in TEMPLATES.rglob("*.html")
        if str(path.relative_to(TEMPLATES)) not in NOT_FOR_PEOPLE
    )


def test_every_template_marks_the_words_people_see() -> None:
    findings = [
        finding
        for path in template_files()
        for finding in unmarked_template_words(
            path.read_text(), str(path.relative_to(settings.BASE_DIR))
        )
    ]
    assert [str(f) for f in findings] == []
    assert len(template_files()) > 50  # the walk found the templates


def test_the_template_check_finds_words_left_unmarked() -> None:
    planted = (
        "{% load i18n %}<!-- a comment says nothing -->\n"
        '<p title="Hello there">{% translate "Fine" %} {{ name }} Leftover</p>\n'
        "<script>const hidden = 'code, not words';</script><style>p { color: red }</style>\n"
        '<input type="submit" value="Send"><button name="answer" value="accept">'
        '{% translate "Yes" %}</button>\n'
        '{% if shown %}<img alt="A drop" src="x.svg">{% endif %}<span>Tearspace · PHQ-9</span>\n'
        '<a aria-label="{% translate \'Home\' %}" href="/">'
        "{% blocktranslate %}Home{% endblocktranslate %}</a>"
    )
    found = [(f.line, f.text) for f in unmarked_template_words(planted)]
    assert found == [(2, "Hello there"), (2, "Leftover"), (4, "Send"), (5, "A drop")]
    assert unmarked_template_words('{% load i18n %}<p>{% translate "Fine" %}</p>') == []


# --- scripts --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Literal:
    start: int
    end: int
    text: str  # a template literal's text without its ${...} parts
    marked: bool = False


MARKING_CALL = re.compile(r"\b(n?p?gettext|gettext_noop)\(\s*$")
# Calls that take more than one message: ngettext(singular, plural, n), pgettext(context, msg).
MORE_MESSAGES = re.compile(r"\b(ngettext|pgettext|npgettext)\(\s*$")
SINK = re.compile(
    r"\.(?:textContent|innerText|innerHTML|title|placeholder|alt|ariaLabel)\s*\+?=(?!=)"
    r"|\.setAttribute\(\s*\x00+\s*,"  # the attribute's name is checked below (SHOWN_BY_NAME)
    r"|\b(?:alert|confirm|prompt)\("
    r"|\.(?:append|prepend|replaceChildren|before|after|insertAdjacentText)\("
)
SHOWN_BY_NAME = frozenset({"aria-label", "aria-description", "title", "placeholder", "alt"})
COMPARED = re.compile(r"(?:[!=]==?\s*$)")
# A capital, then more words: "You are in the room." (not "link-button small", not "accepted").
SENTENCE = re.compile(r"^\W*[A-Z][^\W\d_]*(?:'[^\W\d_]+)?[,;:]?\s+[^\W\d_]")
# One capitalised word ("Remove") counts too, unless it is compared or an object's key.
LABEL_WORD = re.compile(r"^[A-Z][a-z]+$")
# An object's text for people: {label: "Cries"} (a chart's legend), {title: ...}.
SHOWN_PROPERTY = re.compile(r"\b(?:label|title|text|placeholder|message)\s*:\s*$")
# Words as people read them, for call sinks (append() also adds URL parameters like "helped").
PROSE = re.compile(r"[A-Z]|[^\W\d_]\s+[^\W\d_]|[^\W\d_][.…!?:]")


def _scan(source: str) -> tuple[str, list[Literal]]:
    """Return the source with comments blanked and every literal's inside as \\x00, and the
    literals. Enough JavaScript for these files: strings, template literals, comments."""
    masked = list(source)
    literals: list[Literal] = []
    i, n = 0, len(source)
    while i < n:
        c = source[i]
        if source.startswith("//", i):
            end = source.find("\n", i)
            end = n if end < 0 else end
            masked[i:end] = " " * (end - i)
            i = end
        elif source.startswith("/*", i):
            end = source.find("*/", i + 2)
            end = n if end < 0 else end + 2
            masked[i:end] = [ch if ch == "\n" else " " for ch in source[i:end]]
            i = end
        elif c in "\"'`":
            j, text, depth = i + 1, "", 0
            while j < n:
                ch = source[j]
                if ch == "\\":
                    text += source[j : j + 2] if not depth else ""
                    j += 2
                    continue
                if c == "`" and source.startswith("${", j) and not depth:
                    depth, j = 1, j + 2
                    text += " "
                    continue
                if depth:
                    depth += {"{": 1, "}": -1}.get(ch, 0)
                elif ch == c:
                    break
                else:
                    text += ch
                j += 1
            masked[i : j + 1] = ["\x00" if ch != "\n" else "\n" for ch in source[i : j + 1]]
            literals.append(Literal(i, j + 1, text))
            i = j + 1
        else:
            i += 1
    text = "".join(masked)
    marked: list[Literal] = []
    for literal in literals:
        before = text[: literal.start]
        is_marked = bool(MARKING_CALL.search(before))
        if not is_marked and marked and marked[-1].marked:
            between = text[marked[-1].end : literal.start]
            call_start = text.rfind("(", 0, marked[-1].start)
            is_marked = bool(
                re.fullmatch(r"\s*,\s*", between) and MORE_MESSAGES.search(text[: call_start + 1])
            )
        marked.append(Literal(literal.start, literal.end, literal.text, is_marked))
    return text, marked


def _closing(text: str, start: int) -> int:
    """Return where the call whose arguments begin at `start` closes (-1 when it does not)."""
    depth = 1
    for i in range(start, len(text)):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if not depth:
            return i
    return -1


def _has_words(text: str) -> bool:
    return any(len(w) > 1 for w in WORD.findall(text))


def unmarked_script_strings(source: str, name: str = "<string>") -> list[Finding]:
    """Return the English strings of `source` (JavaScript) a person may see unmarked."""
    text, literals = _scan(source)
    raw = [lit for lit in literals if not lit.marked and _has_words(lit.text)]
    flagged: dict[int, Literal] = {}
    names = {lit.start: lit.text for lit in literals}
    for sink in SINK.finditer(text):
        if (
            "setAttribute" in sink.group()
            and names.get(text.index("\x00", sink.start())) not in SHOWN_BY_NAME
        ):
            continue
        call = sink.group().endswith(("(", ","))
        end = _closing(text, sink.end()) if call else text.find(";", sink.end())
        end = len(text) if end < 0 else end
        for lit in raw:
            if not sink.end() <= lit.start < end or (call and not PROSE.search(lit.text)):
                continue
            compared = COMPARED.search(text[sink.end() : lit.start]) or re.match(
                r"\s*[!=]==?", text[lit.end : lit.end + 4]
            )
            if not compared:
                flagged[lit.start] = lit
    for lit in raw:
        compared = COMPARED.search(text[: lit.start]) or re.match(
            r"\s*[!=]==?|:",
            text[lit.end : lit.end + 4],  # compared, or {"Accept": ...}
        )
        if (
            SENTENCE.search(lit.text)
            or SHOWN_PROPERTY.search(text[: lit.start])
            or (LABEL_WORD.match(lit.text) and not compared)
        ):
            flagged[lit.start] = lit
    return [
        Finding(name, source.count("\n", 0, lit.start) + 1, lit.text)
        for lit in sorted(flagged.values(), key=lambda lit: lit.start)
    ]


def script_files() -> list[Path]:
    return sorted(path for path in SCRIPTS.glob("*.js") if "vendor" not in path.parts)


def test_every_page_script_marks_the_words_people_see() -> None:
    findings = [
        finding
        for path in script_files()
        for finding in unmarked_script_strings(
            path.read_text(), str(path.relative_to(settings.BASE_DIR))
        )
    ]
    assert [str(f) for f in findings] == []
    assert len(script_files()) > 10


def test_the_script_check_finds_strings_left_unmarked() -> None:
    planted = "\n".join(
        [
            'status.textContent = "Draft kept.";',
            "button.title = 'Close';",
            "input.placeholder = `Write to ${name}, just between you`;",
            'menu.setAttribute("aria-label", "Main menu");',
            'box.textContent = open ? gettext("Open") : "closed";',
            'if (confirm("End the session for everyone?")) end();',
            'setStatus("You are in the room.");',
            'li.append(" ", note);',
            'el.textContent = gettext("Draft kept; thank you.");',
            'el.textContent = interpolate(gettext("%(name)s joined."), { name: n }, true);',
            'el.textContent = ngettext("%(count)s cry", "%(count)s cries", n);',
            'b.textContent = state === "accepted" ? gettext("Together") : "";',
            '// el.textContent = "A comment is not shown";',
            'el.className = "link-button small";',
            'draw("chart", { datasets: [{ label: "Cries", data: counts }] });',
            'const actions = [[m.muted ? "Unpause" : "Pause messages", frame]];',
            'fetch(url, { headers: { "Accept": "text/html" } });',
            'if (event.key === "Escape") close();',
            'params.append("helped", "quiet_minute");',
        ]
    )
    found = [(f.line, f.text) for f in unmarked_script_strings(planted)]
    assert found == [
        (1, "Draft kept."),
        (2, "Close"),
        (3, "Write to  , just between you"),
        (4, "Main menu"),
        (5, "closed"),
        (6, "End the session for everyone?"),
        (7, "You are in the room."),
        (15, "Cries"),
        (16, "Unpause"),
        (16, "Pause messages"),
    ]


# --- the JavaScript catalog -----------------------------------------------------------------


@pytest.mark.django_db
def test_the_catalog_speaks_the_persons_language_and_is_loaded_before_the_page_scripts(
    client: Client,
) -> None:
    url = reverse("javascript-catalog")
    assert url.startswith("/jsi18n/")
    spanish = client.get(url, headers={"accept-language": "es"})
    assert spanish.status_code == 200
    assert spanish["Content-Type"].startswith("text/javascript")
    body = spanish.content.decode()
    assert "django.gettext" in body
    assert "globals.interpolate" in body
    assert '"DECIMAL_SEPARATOR": ","' in body
    english = client.get(url, headers={"accept-language": "en"}).content.decode()
    assert '"DECIMAL_SEPARATOR": "."' in english  # the cache keeps one copy per language
    page = client.get("/toolkit/breathe/", headers={"accept-language": "es"}).content.decode()
    catalog = page.index(f'src="{url}?lang=es"')
    assert catalog < page.index("js/app.js") < page.index("js/toolkit.js")


@pytest.mark.django_db
def test_staff_without_totp_still_get_the_catalog() -> None:
    client = signed_in(make_staff("moderator", totp=False))
    assert client.get(reverse("javascript-catalog")).status_code == 200


@pytest.mark.django_db
def test_the_service_worker_keeps_the_catalog_for_offline_pages(client: Client) -> None:
    body = client.get("/sw.js").content.decode()
    assert f'const CATALOG = "{reverse("javascript-catalog")}";' in body
    assert "PAGES.concat(ASSETS, [CATALOG])" in body


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_page_has_its_languages_catalog_online_and_offline(
    live_server: Any, chromium: Browser
) -> None:
    context = chromium.new_context(locale="es-ES")
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(live_server.url + "/toolkit/breathe/")
        said = "interpolate(gettext('%(n)s ok'), {n: get_format('DECIMAL_SEPARATOR')}, true)"
        assert page.evaluate(said) == ", ok"
        page.evaluate("navigator.serviceWorker.ready")
        page.wait_for_function("() => navigator.serviceWorker.controller !== null")
        kept = f"""() => caches.keys()
            .then(names => Promise.all(names.map(n => caches.open(n)
              .then(c => c.match('{reverse("javascript-catalog")}')))))
            .then(found => found.some(Boolean))"""
        assert page.evaluate(kept)  # the worker installed (with its copies) before it took charge
        context.set_offline(True)
        page.reload()
        assert page.evaluate(said) == ", ok"
    finally:
        context.close()
