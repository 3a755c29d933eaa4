"""Form widgets of our own, where Django's stock ones cost too much."""

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.choices import BaseChoiceIterator
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

SELECTED = mark_safe(" selected")


class FixedChoices(BaseChoiceIterator):
    """Choices that depend on nothing but the language (time zones, countries): read once per
    language and shared by every form, where a list would be deep-copied into each form made
    (1 ms for the ~600 time zones) and drawn again on each page. LongSelect draws them once
    per language too.

    `source` is called with the language active and returns (value, label) pairs; its labels
    may be lazy, as they are read in that language.
    """

    def __init__(self, source: Callable[[], Iterable[tuple[Any, Any]]]) -> None:
        self.source = source
        self._choices: dict[str | None, list[tuple[Any, str]]] = {}
        self._options: dict[str | None, SafeString] = {}

    def __iter__(self) -> Iterator[tuple[Any, str]]:
        return iter(self.in_language())

    def __copy__(self) -> "FixedChoices":
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> "FixedChoices":
        return self

    def in_language(self) -> list[tuple[Any, str]]:
        language = get_language()
        if language not in self._choices:
            self._choices[language] = [(key, str(label)) for key, label in self.source()]
        return self._choices[language]

    def options(self) -> SafeString:
        """Every <option>, none selected, in the active language."""
        language = get_language()
        if language not in self._options:
            self._options[language] = _options(self.in_language(), chosen=set())
        return self._options[language]


class LongSelect(forms.Select):
    """A single choice among hundreds of flat options (time zones, countries), drawn in one
    pass of Python; with FixedChoices, drawn once per language and only marked per page.

    Django's Select renders one template per option: about 1.5 ms per hundred options, so the
    settings page's time zones and countries (some 850) took longer than the rest of the page.
    The markup is the same as Select's (tested against it). Grouped choices are not supported.
    """

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        widget = forms.Widget.get_context(self, name, value, attrs)["widget"]
        chosen = set(widget["value"])  # ChoiceWidget.format_value: a list of strings
        if isinstance(self.choices, FixedChoices):
            options = _mark_chosen(self.choices.options(), chosen)
        else:
            options = _options(self.choices, chosen)
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(widget["attrs"]), options
        )


def _options(choices: Iterable[tuple[Any, Any]], chosen: set[str]) -> SafeString:
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((key, SELECTED if str(key) in chosen else "", label) for key, label in choices),
    )


def _mark_chosen(options: SafeString, chosen: set[str]) -> SafeString:
    """`options` (drawn by `_options` with nothing chosen) with the chosen values selected.

    A value is escaped the way `_options` escaped it, and the closing quote and bracket make
    the match whole, so `value="GB"` never marks `value="GBR"`.
    """
    marked = str(options)
    for value in chosen:
        plain = f'<option value="{escape(value)}">'
        marked = marked.replace(plain, f'<option value="{escape(value)}"{SELECTED}>')
    # Safe: drawn by format_html above, with escaped values put in.
    return mark_safe(marked)  # noqa: S308
