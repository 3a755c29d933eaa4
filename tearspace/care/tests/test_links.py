"""The ways in: the self-check result (moderately severe and severe bands), the help page and
the "it may be time to talk to someone" insight all lead to /care/."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from tearspace.safety.models import SelfCheck


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("score", "band", "linked"),
    [(22, "severe", True), (17, "moderately severe", True), (11, "moderate", False)],
)
def test_the_self_check_result_links_to_care_from_moderately_severe(
    login, alice, score, band, linked
):
    answers = [3] * 7 + [score - 21, 0] if score > 21 else [2] * (score // 2) + [score % 2]
    answers = (answers + [0] * 9)[:9]
    check = SelfCheck.objects.create(
        person=alice, kind="phq9", answers=answers, score=sum(answers), band=band
    )
    page = login(alice).get(reverse("safety:self_check_result", args=[check.pk])).content.decode()
    assert ('href="/care/"' in page and "data-care-link" in page) is linked


@pytest.mark.django_db
def test_the_help_page_links_to_care_for_someone_signed_in(login, alice):
    assert 'href="/care/"' in login(alice).get(reverse("safety:help")).content.decode()


def test_the_insight_links_to_care():
    html = render_to_string("safety/_insight.html", {"insight": {"reasons": ["a heavy month"]}})
    assert 'href="/care/"' in html
