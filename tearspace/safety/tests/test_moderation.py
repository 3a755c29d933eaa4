from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from tearspace.accounts.models import User
from tearspace.safety.actions import do_create_escalation, do_report
from tearspace.safety.models import AuditLog, CareMessage, CaseStatus, Escalation, Report

pytestmark = pytest.mark.django_db
Login = Callable[[User | None], Client]


def escalate(person: User, level: str = "urgent", snapshot: str = "") -> Escalation:
    return do_create_escalation(
        person=person, kind="entry", level=level, reasons=["talks about a plan"], snapshot=snapshot
    )


def case_url(name: str, case: Escalation | Report) -> str:
    kind = "escalation" if isinstance(case, Escalation) else "report"
    return reverse(f"moderation:{name}", args=[kind, case.pk])


def test_it_sends_anonymous_people_to_log_in(login: Login, alice: User) -> None:
    escalation = escalate(alice)
    for url in [reverse("moderation:queue"), case_url("case", escalation)]:
        response = login(None).get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    assert login(None).post(case_url("act", escalation), {"action": "resolve"}).status_code == 302
    assert not AuditLog.objects.exists()


@pytest.mark.parametrize("persona", ["alice", "listener", "host", "therapist"])
def test_it_hides_the_console_from_everyone_but_moderators(
    login: Login, request: pytest.FixtureRequest, bob: User, persona: str
) -> None:
    user = request.getfixturevalue(persona)
    from tearspace.safety.tests.conftest import with_totp

    if user.mfa_required:
        with_totp(user)
    escalation = escalate(bob)
    client = login(user)
    assert client.get(reverse("moderation:queue")).status_code == 404
    assert client.get(case_url("case", escalation)).status_code == 404
    assert client.post(case_url("act", escalation), {"action": "resolve"}).status_code == 404
    escalation.refresh_from_db()
    assert escalation.status == CaseStatus.OPEN
    assert not AuditLog.objects.exists()


def test_it_sends_moderators_without_a_second_factor_to_set_one_up(
    login: Login, moderator: User
) -> None:
    assert login(moderator).get(reverse("moderation:queue")).status_code == 302


def test_it_orders_the_queue_by_urgency_then_age(
    login: Login, mod: User, alice: User, bob: User, charlie: User
) -> None:
    older_concern = escalate(alice, level="concern")
    spam = do_report(reporter=bob, reason="spam", subject=charlie, snapshot="buy now")
    urgent = escalate(bob)
    later_urgent_report = do_report(reporter=alice, reason="self_harm", subject=charlie)
    response = login(mod).get(reverse("moderation:queue"))
    keys = [item.key for item in response.context["items"]]
    assert keys == [
        f"escalation:{urgent.pk}",
        f"report:{later_urgent_report.pk}",
        f"escalation:{older_concern.pk}",
        f"report:{spam.pk}",
    ]


def test_it_logs_every_queue_view(login: Login, mod: User, alice: User) -> None:
    escalation = escalate(alice)
    client = login(mod)
    client.get(reverse("moderation:queue"))
    client.get(reverse("moderation:queue"), headers={"HX-Request": "true"})
    logs = AuditLog.objects.filter(actor=mod, action="view_queue")
    assert logs.count() == 2
    assert logs.first().detail == {"items": [f"escalation:{escalation.pk}"]}  # type: ignore[union-attr]


def test_it_answers_htmx_with_only_the_queue(login: Login, mod: User, alice: User) -> None:
    escalate(alice)
    html = login(mod).get(reverse("moderation:queue"), headers={"HX-Request": "true"}).content
    assert html.decode().lstrip().startswith('<div id="queue"')


def test_it_never_shows_private_words_only_level_reasons_and_handle(
    login: Login, mod: User, alice: User
) -> None:
    escalation = escalate(alice)
    html = login(mod).get(case_url("case", escalation)).content.decode()
    assert "alice" in html
    assert "talks about a plan" in html
    assert "written privately, so its words are not shown" in html
    assert AuditLog.objects.filter(
        actor=mod, action="view_case", target=f"escalation:{escalation.pk}"
    ).exists()


def test_it_shows_shared_words_behind_a_content_note_when_they_may_name_a_means(
    login: Login, mod: User, alice: User
) -> None:
    escalation = do_create_escalation(
        person=alice,
        kind="reply",
        level="urgent",
        reasons=["mentions a possible means of self-harm"],
        snapshot="the shared words",
    )
    html = login(mod).get(case_url("case", escalation)).content.decode()
    assert '<details class="content-note">' in html
    assert "the shared words" in html


def test_it_shows_a_report_snapshot(login: Login, operator: User, alice: User, bob: User) -> None:
    report = do_report(reporter=alice, reason="unkind", subject=bob, snapshot="stop crying")
    html = login(operator).get(case_url("case", report)).content.decode()
    assert "stop crying" in html
    assert "bob" in html


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("acknowledge", CaseStatus.ACKNOWLEDGED),
        ("resolve", CaseStatus.RESOLVED),
        ("false_alarm", CaseStatus.FALSE_ALARM),
    ],
)
def test_it_records_moderator_actions(
    login: Login, mod: User, alice: User, action: str, status: str
) -> None:
    escalation = escalate(alice)
    response = login(mod).post(case_url("act", escalation), {"action": action})
    assert response.status_code == 302
    escalation.refresh_from_db()
    assert (escalation.status, escalation.handled_by) == (status, mod)
    assert AuditLog.objects.filter(actor=mod, action=f"case_{action}").exists()


def test_it_reaches_out_with_an_in_app_message(login: Login, mod: User, alice: User) -> None:
    escalation = escalate(alice)
    login(mod).post(
        case_url("act", escalation), {"action": "reach_out", "message": "We're here for you."}
    )
    message = CareMessage.objects.get()
    assert (message.person, message.sender, message.body) == (alice, mod, "We're here for you.")
    escalation.refresh_from_db()
    assert escalation.status == CaseStatus.REACHED_OUT


def test_it_asks_for_a_message_before_reaching_out(login: Login, mod: User, alice: User) -> None:
    escalation = escalate(alice)
    response = login(mod).post(case_url("act", escalation), {"action": "reach_out"})
    assert response.status_code == 400
    assert "Write a short message" in response.content.decode()
    assert not CareMessage.objects.exists()


def test_it_drops_closed_items_from_the_queue(login: Login, mod: User, alice: User) -> None:
    escalation = escalate(alice)
    client = login(mod)
    client.post(case_url("act", escalation), {"action": "resolve"})
    assert client.get(reverse("moderation:queue")).context["items"] == []


def test_it_404s_unknown_cases(login: Login, mod: User) -> None:
    client = login(mod)
    assert client.get(reverse("moderation:case", args=["escalation", 999])).status_code == 404
    assert client.get(reverse("moderation:case", args=["journal", 1])).status_code == 404


def test_it_rejects_unknown_report_reasons(alice: User) -> None:
    with pytest.raises(ValueError, match="unknown report reason"):
        do_report(reporter=alice, reason="boring")


def test_it_loads_the_queue_in_a_fixed_number_of_queries(
    login: Login,
    mod: User,
    alice: User,
    bob: User,
    django_assert_max_num_queries: Callable[[int], object],
) -> None:
    client = login(mod)
    escalate(alice)
    do_report(reporter=alice, reason="unkind", subject=bob)
    with django_assert_max_num_queries(12) as few:  # type: ignore[attr-defined]
        client.get(reverse("moderation:queue"))
    for _ in range(5):
        escalate(bob)
        do_report(reporter=bob, reason="abuse", subject=alice)
    with django_assert_max_num_queries(len(few.captured_queries)):  # type: ignore[attr-defined]
        client.get(reverse("moderation:queue"))
