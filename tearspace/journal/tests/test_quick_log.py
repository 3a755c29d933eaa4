"""The home's two-tap cry: a strength and one feeling save an entry; "add more" opens it."""

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tearspace.accounts.models import User
from tearspace.core.idempotency import new_client_key
from tearspace.journal.actions import do_log_entry
from tearspace.journal.models import Entry
from tearspace.journal.selectors import QUICK_FEELINGS, usual_emotions

Login = Callable[[User | None], Client]
QUICK = "/journal/quick/"


def test_it_saves_a_cry_from_a_strength_and_one_feeling(alice: User, login: Login) -> None:
    client = login(alice)
    response = client.post(
        QUICK, {"intensity": "4", "emotion": "lonely", "client_key": new_client_key()}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    entry = Entry.objects.get(owner=alice)
    assert (entry.intensity, entry.emotion_keys) == (4, ["lonely"])
    assert abs((timezone.now() - entry.when).total_seconds()) < 60
    home = client.get("/").content.decode()
    assert "Saved. Thank you for letting it out." in home
    assert "Strength 4 · lonely" in home
    assert f'href="{reverse("journal:edit", args=[entry.pk])}"' in home  # add more
    # Said once: the next visit home is a fresh quick log.
    assert "Saved. Thank you" not in client.get("/").content.decode()


def test_a_second_tap_on_the_same_form_saves_once(alice: User, login: Login) -> None:
    client = login(alice)
    data = {"intensity": "2", "emotion": "sad", "client_key": new_client_key()}
    client.post(QUICK, data)
    client.post(QUICK, data)
    assert Entry.objects.filter(owner=alice).count() == 1


@pytest.mark.parametrize(
    ("data", "kept"),
    [
        ({"intensity": "9", "emotion": "sad"}, r'value="sad"[^>]* checked'),
        (
            {"intensity": "3", "emotion": "no-such-feeling"},
            r'name="intensity" value="3"[^>]* checked',
        ),
        (
            {"intensity": "3", "emotion": "sad", "client_key": "x" * 500},
            r'value="sad"[^>]* checked',
        ),
    ],
)
def test_what_cannot_be_read_opens_the_full_form_with_what_could(
    alice: User, login: Login, data: dict[str, str], kept: str
) -> None:
    response = login(alice).post(QUICK, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="entry-form"' in page
    assert "That didn&#x27;t save." in page
    assert re.search(kept, page)
    assert not Entry.objects.exists()


def test_it_asks_anonymous_people_to_log_in_and_takes_only_posts(alice: User, login: Login) -> None:
    response = login(None).post(QUICK, {"intensity": "3", "emotion": "sad"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert login(alice).get(QUICK).status_code == 405
    assert not Entry.objects.exists()


def test_it_offers_the_feelings_a_person_usually_names_first(alice: User, bob: User) -> None:
    assert usual_emotions(owner=alice) == list(QUICK_FEELINGS)
    now = timezone.now()
    for days, emotions in ((3, ["grateful"]), (2, ["numb", "grateful"]), (1, ["numb"])):
        do_log_entry(owner=alice, fields={"when": now - timedelta(days=days), "emotions": emotions})
    do_log_entry(owner=bob, fields={"emotions": ["angry", "angry"]})
    usual = usual_emotions(owner=alice)
    assert usual[:2] == ["numb", "grateful"]  # two each; the most recent first
    assert usual[2:] == list(QUICK_FEELINGS[:4])
    assert "angry" not in usual  # bob's feelings are his


def test_the_home_shows_the_usual_feelings_as_buttons_that_save(alice: User, login: Login) -> None:
    do_log_entry(owner=alice, fields={"emotions": ["surprised"]})
    page = login(alice).get("/").content.decode()
    form = page.split('action="/journal/quick/"')[1].split("</form>")[0]
    assert '<button type="submit" name="emotion" value="surprised"' in form
    assert form.count('type="submit"') == 6
