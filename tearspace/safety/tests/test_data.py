import pytest
from django.template import Context, Template
from django.test import RequestFactory

from tearspace.accounts.actions import do_delete_account
from tearspace.accounts.data import export_data
from tearspace.accounts.models import User
from tearspace.safety.actions import do_report, do_submit_self_check
from tearspace.safety.models import Escalation, Report, SelfCheck

pytestmark = pytest.mark.django_db


def test_it_exports_my_self_checks_and_reports(alice: User, bob: User) -> None:
    do_submit_self_check(person=alice, kind="gad7", answers=[1] * 7)
    do_submit_self_check(person=bob, kind="gad7", answers=[3] * 7)
    do_report(reporter=alice, reason="unkind", subject=bob, snapshot="harsh words")
    safety = export_data(alice)["safety"]
    assert isinstance(safety, dict)
    assert [(c["kind"], c["score"]) for c in safety["self_checks"]] == [("gad7", 7)]
    assert [r["snapshot"] for r in safety["reports_made"]] == ["harsh words"]


def test_it_deletes_my_safety_data_with_my_account(alice: User, bob: User) -> None:
    do_submit_self_check(person=alice, kind="phq9", answers=[0] * 8 + [2])
    do_report(reporter=bob, reason="unkind", subject=alice, snapshot="x")
    do_submit_self_check(person=bob, kind="gad7", answers=[0] * 7)
    do_delete_account(user=alice)
    assert list(SelfCheck.objects.values_list("person__username", flat=True)) == ["bob"]
    assert not Escalation.objects.exists()
    assert not Report.objects.filter(subject__username="alice").exists()


def render(source: str, **context: object) -> str:
    request = RequestFactory().get("/")
    user = context.pop("user")
    assert isinstance(user, User)
    request.user = user
    return Template("{% load safety %}" + source).render(Context({"request": request, **context}))


def test_it_renders_the_help_panel_for_the_persons_country(alice: User, bob: User) -> None:
    assert "Samaritans" in render("{% help_panel %}", user=alice)
    html = render("{% help_panel %}", user=bob)
    assert "988 Suicide" in html
    assert "Samaritans" not in html


def test_it_puts_words_that_may_name_a_means_behind_a_content_note(alice: User) -> None:
    noted = render(
        "{% content_note text reasons %}",
        user=alice,
        text="words",
        reasons=["mentions a possible means of self-harm"],
    )
    assert '<details class="content-note">' in noted
    assert "words" in noted
    plain = render("{% content_note text reasons %}", user=alice, text="words", reasons=["sad"])
    assert "content-note" in plain
    assert "<details" not in plain


def test_it_seeds_demo_self_checks_once(alice: User) -> None:
    from tearspace.safety.data import seed_demo

    seed_demo(alice)
    seed_demo(alice)
    assert sorted(SelfCheck.objects.values_list("score", flat=True)) == [4, 7, 10]
