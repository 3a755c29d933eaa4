"""When help appears after a cry is saved, it comes first: the generic reflection questions
("expressing or protesting?") wait until the person asks for them."""

from collections.abc import Callable
from unittest import mock

from django.test import Client
from django.urls import reverse

from tearspace.accounts.models import User
from tearspace.journal.models import Entry
from tearspace.safety.screening import Screening

CALM = Screening(level="none", show_help=False)
HEAVY = Screening(level="concern", show_help=True, reasons=["test"])
PROMPT = "expressing a feeling, or protesting a situation"


def save_cry(client: Client, screening: Screening, notes: str) -> str:
    with mock.patch("tearspace.safety.screening.assess", return_value=screening):
        response = client.post(reverse("journal:new"), {"notes": notes}, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_after_help_appears_the_reflection_questions_wait(
    alice: User, login: Callable[[User | None], Client]
) -> None:
    page = save_cry(login(alice), HEAVY, "I can't go on like this")
    assert "data-help-panel" in page
    assert PROMPT not in page
    assert "Reflect anyway" in page
    entry = Entry.objects.get(owner=alice)
    assert entry.notes == "I can't go on like this"
    assert reverse("journal:detail", args=[entry.pk]) in page


def test_the_questions_come_when_asked_for_with_help_still_above(
    alice: User, login: Callable[[User | None], Client]
) -> None:
    client = login(alice)
    save_cry(client, HEAVY, "I can't go on like this")
    entry = Entry.objects.get(owner=alice)
    page = client.get(reverse("journal:reflect", args=[entry.pk]) + "?questions=1").content
    text = page.decode()
    assert PROMPT in text
    assert text.index("data-help-panel") < text.index(PROMPT)


def test_a_calm_cry_goes_straight_to_the_questions(
    alice: User, login: Callable[[User | None], Client]
) -> None:
    page = save_cry(login(alice), CALM, "a sad film")
    assert "data-help-panel" not in page
    assert PROMPT in page
