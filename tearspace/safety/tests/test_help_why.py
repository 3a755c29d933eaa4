"""'Why am I seeing this?' in the help panel, and lines in the language the person wrote in."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from tearspace.accounts.models import User
from tearspace.safety.screening import Screening, assess
from tearspace.safety.tests.conftest import FakeModels
from tearspace.safety.tests.test_data import render

pytestmark = pytest.mark.django_db
METHOD_WORDS = ("pill", "rope", "bridge", "gun", "knife", "blade", "hang", "overdose", "train")


def test_the_panel_says_why_in_the_words_screening_gave(alice: User) -> None:
    screening = Screening(
        level="urgent", show_help=True, why=["you wrote that you might not be safe right now"]
    )
    html = render("{% help_panel %}", user=alice, screening=screening)
    assert "Why am I seeing this?" in html
    assert "You wrote that you might not be safe right now." in html


def test_the_panel_says_why_in_general_words_without_a_screening(alice: User) -> None:
    html = render("{% help_panel %}", user=alice)
    assert "Why am I seeing this?" in html
    assert "Something you wrote sounded heavy" in html


def test_the_panel_lists_lines_that_answer_in_the_language_written(alice: User) -> None:
    screening = Screening(level="distress", show_help=True, why=["x"], language="de")
    html = render("{% help_panel %}", user=alice, screening=screening)
    assert "Lines that answer in German" in html
    english = Screening(level="distress", show_help=True, why=["x"], language="en")
    assert "Lines that answer in" not in render("{% help_panel %}", user=alice, screening=english)


def test_the_mind_page_shows_why_from_the_screen(
    login: Callable[[User | None], Client], alice: User, models: FakeModels
) -> None:
    models.level = "concern"
    models.why = ["you wrote about thoughts of ending your life"]
    response = login(alice).post(reverse("safety:mind"), {"text": "words"})
    html = response.content.decode()
    assert "data-help-why" in html
    assert "You wrote about thoughts of ending your life." in html


@pytest.mark.parametrize(
    "text",
    [
        "I'm hanging myself this weekend",
        "What's the most painless way to go?",
        "I have the pills right here and I want to die",
        "quiero morirme",
        "Ik wil niet meer leven, niemand begrijpt me",
    ],
)
def test_the_real_screen_always_says_why_without_naming_a_means(text: str) -> None:
    screening = assess(text)
    assert screening.show_help
    assert screening.why
    assert not any(word in " ".join(screening.why).lower() for word in METHOD_WORDS)


def test_warming_up_loads_language_identification_too() -> None:
    from tearspace.ml import language
    from tearspace.safety.screening import warm_up

    language.detector.cache_clear()
    warm_up()
    assert language.detector.cache_info().currsize == 1


def test_the_panel_translates_why_and_the_language_name_when_it_shows_them(
    alice: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Screening keeps its words in English (marked for translation); the panel translates."""
    from tearspace.safety import panels

    monkeypatch.setattr(panels, "gettext", lambda message: f"<{message}>")
    screening = Screening(
        level="distress", show_help=True, why=["you wrote about feeling hopeless"], language="de"
    )
    request = RequestFactory().get("/")
    request.user = alice
    context = panels.help_panel_context(request, why=screening.why, language=screening.language)
    assert context["help_why"] == ["<you wrote about feeling hopeless>"]
    assert context["help_language_name"] == "<German>"
