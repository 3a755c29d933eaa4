"""Form widgets of our own, where Django's stock ones cost too much."""

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

SELECTED = mark_safe(" selected")


class LongSelect(forms.Select):
    """A single choice among hundreds of flat options (time zones, countries), drawn in one
    pass of Python.

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
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((key, SELECTED if str(key) in chosen else "", label) for key, label in self.choices),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(widget["attrs"]), options
        )
