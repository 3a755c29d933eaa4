"""Choosing a language: from every page, signed in or not, remembered where it should be."""

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from conftest import PASSWORD
from tearspace.accounts.models import User

OFFERED = [code for code, _name in settings.LANGUAGES]
OTHERS = [code for code in OFFERED if code != "en"]


def help_label(code: str) -> str:
    with translation.override(code):
        return gettext("Need help now")


def test_every_offered_language_has_a_compiled_catalog_that_translates_the_help_button():
    labels = {code: help_label(code) for code in OFFERED}
    assert labels["en"] == "Need help now"
    assert all(labels[code] != "Need help now" for code in OTHERS), labels


@pytest.mark.django_db
@pytest.mark.parametrize("code", OTHERS)
def test_anyone_can_switch_from_the_footer_and_the_page_comes_back_in_it(login, code):
    client = login(None)
    home = client.get("/help/").content.decode()
    assert 'action="/accounts/language/"' in home
    assert f'<option value="{code}" lang="{code}"' in home
    response = client.post("/accounts/language/", {"language": code, "next": "/help/"})
    assert (response.status_code, response["Location"]) == (302, "/help/")
    page = client.get("/help/").content.decode()
    assert f'<html lang="{code}"' in page
    assert help_label(code) in page


@pytest.mark.django_db
def test_a_signed_in_persons_choice_follows_them_to_another_device(login, alice):
    login(alice).post("/accounts/language/", {"language": "ja", "next": "/"})
    alice.refresh_from_db()
    assert alice.language == "ja"
    elsewhere = login(alice).get("/journal/").content.decode()  # no cookie on this client
    assert '<html lang="ja"' in elsewhere


@pytest.mark.django_db
def test_staff_without_a_second_factor_can_still_change_language(login, moderator):
    response = login(moderator).post("/accounts/language/", {"language": "de", "next": "/"})
    assert response.status_code == 302
    moderator.refresh_from_db()
    assert moderator.language == "de"


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["", "xx", "en-ZZ", "pt", "e" * 300])
def test_an_unknown_language_is_refused_with_a_reason_and_changes_nothing(login, alice, bad):
    response = login(alice).post("/accounts/language/", {"language": bad, "next": "/"})
    assert response.status_code == 400
    assert "languages offered" in response.content.decode()
    alice.refresh_from_db()
    assert alice.language == "en"


@pytest.mark.django_db
def test_the_browsers_language_is_the_default_and_a_new_account_keeps_it(login):
    client = login(None)
    page = client.get("/help/", HTTP_ACCEPT_LANGUAGE="fr-CH, fr;q=0.9, en;q=0.5").content.decode()
    assert '<html lang="fr"' in page
    client.post(
        "/accounts/signup/",
        {"username": "quietriver", "password1": PASSWORD, "password2": PASSWORD, "country": "CH"},
        HTTP_ACCEPT_LANGUAGE="fr-CH, fr;q=0.9",
    )
    assert User.objects.get(username="quietriver").language == "fr"


@pytest.mark.django_db
def test_a_pick_saves_only_the_language_even_if_another_setting_no_longer_validates(login, alice):
    User.objects.filter(pk=alice.pk).update(country="ZZ")
    response = login(alice).post("/accounts/language/", {"language": "de", "next": "/"})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert (alice.language, str(alice.country.code)) == ("de", "ZZ")
