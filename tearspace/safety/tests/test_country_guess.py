"""Whose crisis lines come first: a choice, the person's country, a guess from their time zone,
the site's default; a guess says so and offers the choice (a stranger with no country set saw
US lines under "Talk to someone now (United States)" from Tokyo)."""

import pytest
from django.test import Client

from tearspace.accounts.models import User
from tearspace.safety.selectors import country_of_zone

pytestmark = pytest.mark.django_db
GUESS_NOTE = "best guess at where you are"


@pytest.fixture
def tokyo(alice: User) -> User:
    alice.country = ""  # type: ignore[assignment]
    alice.time_zone = "Asia/Tokyo"
    alice.save()
    return alice


@pytest.mark.parametrize(
    ("zone", "country"),
    [("Asia/Tokyo", "JP"), ("Europe/Madrid", "ES"), ("America/Chicago", "US"), ("Etc/UTC", None)],
)
def test_a_time_zone_names_its_country_or_none(zone: str, country: str | None) -> None:
    assert country_of_zone(zone) == country


@pytest.mark.parametrize("path", ["/help/", "/support/crisis/"])
def test_with_no_country_set_the_time_zone_guesses_and_the_page_says_so(
    login, tokyo: User, path: str
) -> None:
    page = login(tokyo).get(path).content.decode()
    assert "Japan" in page
    assert "United States" not in page.split("Anywhere in the world")[0]
    assert GUESS_NOTE in page
    assert "Choose your country" in page


def test_a_country_in_settings_is_no_guess(login, alice: User) -> None:
    page = login(alice).get("/help/").content.decode()
    assert "Crisis lines in United Kingdom" in page
    assert GUESS_NOTE not in page


def test_a_country_chosen_on_the_page_is_no_guess(login, tokyo: User) -> None:
    page = login(tokyo).get("/help/?country=FR").content.decode()
    assert "Crisis lines in France" in page
    assert GUESS_NOTE not in page


def test_someone_signed_out_gets_the_default_marked_as_a_guess(client: Client) -> None:
    page = client.get("/help/").content.decode()
    assert GUESS_NOTE in page


def test_a_zone_that_names_no_country_falls_back_to_the_default_as_a_guess(
    login, tokyo: User, settings
) -> None:
    tokyo.time_zone = "Etc/UTC"
    tokyo.save()
    page = login(tokyo).get("/help/").content.decode()
    assert "Crisis lines in" in page
    assert GUESS_NOTE in page
