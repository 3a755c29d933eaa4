"""LongSelect draws the same markup as Django's Select, only faster."""

import pytest
from django import forms
from django.test.html import parse_html
from django.utils import translation
from django_countries import countries

from tearspace.accounts.forms import SettingsForm
from tearspace.accounts.models import time_zone_names
from tearspace.core.widgets import FixedChoices, LongSelect

ODD = [("", "None chosen"), ("a&b", '<b>bold</b> & "quoted"'), ("1", "one"), (2, "two")]
TIME_ZONES = [("", "The site's time zone"), *((name, name) for name in time_zone_names())]
COUNTRIES = [("", "Prefer not to say"), *countries]


@pytest.mark.parametrize("choices", [ODD, TIME_ZONES, COUNTRIES], ids=["odd", "zones", "countries"])
@pytest.mark.parametrize(
    "value", [None, "", "a&b", 2, "Europe/London", "GB", "not offered"], ids=repr
)
@pytest.mark.parametrize("attrs", [None, {"id": "id_x", "required": True, "class": 'c"x'}])
@pytest.mark.parametrize("fixed", [False, True], ids=["list", "fixed"])
def test_it_renders_what_djangos_select_renders(
    choices: list[tuple[object, str]],
    value: object,
    attrs: dict[str, object] | None,
    fixed: bool,
) -> None:
    offered = FixedChoices(lambda: choices) if fixed else choices
    for _ in range(2):  # FixedChoices: drawn the first time, marked from memory the second
        ours = LongSelect(choices=offered).render("field", value, attrs)
        django = forms.Select(choices=choices).render("field", value, attrs)
        assert parse_html(ours) == parse_html(django)


def test_fixed_choices_are_read_in_the_language_of_the_page() -> None:
    offered = FixedChoices(lambda: [("", translation.gettext_lazy("Country")), *countries])
    for language in ("fr", "en", "fr"):
        with translation.override(language):
            ours = LongSelect(choices=offered).render("country", "DE", None)
            django = forms.Select(choices=[*offered]).render("country", "DE", None)
            wanted = [("", translation.gettext("Country")), *countries]
            assert list(offered) == wanted
            assert parse_html(ours) == parse_html(django)
    with translation.override("fr"):
        assert "Allemagne</option>" in LongSelect(choices=offered).render("country", "", None)


def test_the_settings_page_marks_the_persons_zone_and_country() -> None:
    form = SettingsForm(initial={"time_zone": "Asia/Tokyo", "country": "JP"})
    html = str(form["time_zone"]) + str(form["country"])
    assert '<option value="Asia/Tokyo" selected>' in html
    assert '<option value="JP" selected>' in html
    assert html.count(" selected") == 2


def test_the_settings_page_offers_countries_in_its_own_language() -> None:
    with translation.override("de"):
        html = str(SettingsForm(initial={"country": "DE"})["country"])
    assert '<option value="DE" selected>Deutschland</option>' in html
