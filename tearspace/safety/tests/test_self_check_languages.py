"""PHQ-9 and GAD-7 stay in their published English until a validated translation is confirmed.

No validated Spanish, French, German or Japanese wording could be confirmed from the owner's
published source on these machines (docs/i18n.md), so every language shows the English items,
marked lang="en", with a short note saying why.
"""

import re

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from tearspace.safety.selfchecks import ANSWERS, GAD7, PHQ9

OTHERS = [code for code, _name in settings.LANGUAGES if code != "en"]
INSTRUMENT = [*PHQ9.items, *GAD7.items, *ANSWERS, PHQ9.stem, GAD7.stem]


@pytest.mark.parametrize("code", OTHERS)
def test_no_catalog_translates_the_instruments_wording(code):
    with translation.override(code):
        assert [gettext(text) for text in INSTRUMENT] == INSTRUMENT


@pytest.mark.django_db
@pytest.mark.parametrize("code", OTHERS)
@pytest.mark.parametrize("kind", ["phq9", "gad7"])
def test_other_languages_see_the_english_items_marked_as_english_and_told_why(
    login, alice, code, kind
):
    alice.language = code
    alice.save(update_fields=["language"])
    page = login(alice).get(f"/help/self-checks/{kind}/").content.decode()
    assert "data-english-only" in page
    english = re.search(r'<div lang="en">(.*?)</div>\s*<button', page, re.S)
    assert english is not None
    questionnaire = PHQ9 if kind == "phq9" else GAD7
    assert all(item in english[1] for item in questionnaire.items)


@pytest.mark.django_db
def test_english_readers_get_no_note(login, alice):
    page = login(alice).get("/help/self-checks/phq9/").content.decode()
    assert "data-english-only" not in page
