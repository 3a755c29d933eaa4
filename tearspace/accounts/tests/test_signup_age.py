"""The age group is asked in the sign-up form itself (adult or under 18, never a birth date);
an account made without it is asked once, when the person first asks for a listener."""

import pytest

from conftest import PASSWORD
from tearspace.accounts.models import AgeBand, User

SIGNUP = {"username": "quietriver", "password1": PASSWORD, "password2": PASSWORD}


@pytest.mark.django_db
def test_the_signup_form_asks_the_age_group_and_never_a_birth_date(login) -> None:
    page = login(None).get("/accounts/signup/").content.decode()
    assert 'name="age_band"' in page
    assert 'value="adult"' in page
    assert 'value="minor"' in page
    assert 'type="date"' not in page
    assert "birth" not in page.lower().replace("never your birth date", "")


@pytest.mark.django_db
@pytest.mark.parametrize("band", AgeBand.values)
def test_it_keeps_the_age_group_given_at_signup_and_does_not_ask_again(login, band: str) -> None:
    client = login(None)
    assert client.post("/accounts/signup/", {**SIGNUP, "age_band": band}).status_code == 302
    assert User.objects.get(username="quietriver").age_band == band
    answer = client.get("/support/")
    assert answer.status_code == 200
    assert "I need someone now" in answer.content.decode()


@pytest.mark.django_db
def test_an_account_made_without_it_is_asked_once_at_support(login) -> None:
    client = login(None)
    assert client.post("/accounts/signup/", SIGNUP).status_code == 302
    assert User.objects.get(username="quietriver").age_band == ""
    assert client.get("/support/")["Location"].startswith("/support/age/")
    assert client.post("/support/age/", {"age_band": "adult"}).status_code == 302
    assert client.get("/support/").status_code == 200


@pytest.mark.django_db
def test_an_unknown_age_group_shows_the_form_again_with_the_words_kept(login) -> None:
    answer = login(None).post("/accounts/signup/", {**SIGNUP, "age_band": "1990-01-01"})
    assert answer.status_code == 200
    assert 'value="quietriver"' in answer.content.decode()
    assert not User.objects.filter(username="quietriver").exists()
