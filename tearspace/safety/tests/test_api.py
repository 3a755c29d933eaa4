from collections.abc import Callable

import pytest
from django.test import Client

from tearspace.accounts.models import User
from tearspace.safety.actions import do_create_escalation, do_report, do_submit_self_check
from tearspace.safety.models import AuditLog, CaseStatus, Escalation, ScreeningRecord, SelfCheck
from tearspace.safety.tests.conftest import FakeModels

pytestmark = pytest.mark.django_db
Login = Callable[[User | None], Client]
API = "/api/v1/safety"


def test_it_requires_sign_in_for_self_checks(login: Login) -> None:
    client = login(None)
    assert client.get(f"{API}/self-checks").status_code == 401
    response = client.post(
        f"{API}/self-checks", {"kind": "gad7", "answers": [0] * 7}, content_type="application/json"
    )
    assert response.status_code == 401
    assert not SelfCheck.objects.exists()


def test_it_scores_a_self_check_through_the_api(login: Login, alice: User) -> None:
    response = login(alice).post(
        f"{API}/self-checks",
        {"kind": "phq9", "answers": [2, 2, 2, 2, 2, 2, 0, 0, 0]},
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["score"], body["band"], body["show_help"]) == (12, "moderate", True)
    assert "isn't a diagnosis" in body["summary"]


def test_it_explains_bad_answers(login: Login, alice: User) -> None:
    response = login(alice).post(
        f"{API}/self-checks", {"kind": "gad7", "answers": [0] * 6}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "7 answers" in response.json()["detail"]


def test_it_lists_and_fetches_only_my_self_checks(login: Login, alice: User, bob: User) -> None:
    mine, _ = do_submit_self_check(person=alice, kind="gad7", answers=[1] * 7)
    theirs, _ = do_submit_self_check(person=bob, kind="gad7", answers=[2] * 7)
    client = login(alice)
    assert [c["id"] for c in client.get(f"{API}/self-checks").json()] == [mine.pk]
    assert client.get(f"{API}/self-checks/{mine.pk}").status_code == 200
    assert client.get(f"{API}/self-checks/{theirs.pk}").status_code == 404


def test_it_guards_the_queue_api(login: Login, alice: User, mod: User, bob: User) -> None:
    do_create_escalation(person=bob, kind="entry", level="urgent", reasons=["r"])
    assert login(None).get(f"{API}/moderation/queue").status_code == 401
    assert login(alice).get(f"{API}/moderation/queue").status_code == 403
    assert not AuditLog.objects.exists()
    response = login(mod).get(f"{API}/moderation/queue")
    assert response.status_code == 200
    [item] = response.json()
    assert (item["handle"], item["level"], item["snapshot"]) == ("bob", "urgent", "")
    assert AuditLog.objects.filter(actor=mod, action="api_view_queue").count() == 1


def test_it_acts_on_a_case_through_the_api(login: Login, alice: User, mod: User, bob: User) -> None:
    report = do_report(reporter=alice, reason="abuse", subject=bob, snapshot="rude words")
    url = f"{API}/moderation/report/{report.pk}/action"
    payload = {"action": "resolve"}
    assert login(None).post(url, payload, content_type="application/json").status_code == 401
    assert login(alice).post(url, payload, content_type="application/json").status_code == 403
    response = login(mod).post(url, payload, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["status"] == "resolved"
    report.refresh_from_db()
    assert report.status == CaseStatus.RESOLVED
    bad = login(mod).post(url, {"action": "delete"}, content_type="application/json")
    assert bad.status_code == 400


def test_it_screens_a_draft_without_storing_it(
    login: Login, alice: User, models: FakeModels
) -> None:
    models.level = "urgent"
    models.verdict = "nudge"
    response = login(alice).post(
        f"{API}/screen", {"text": "a draft", "reply": True}, content_type="application/json"
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["level"], body["show_help"], body["reply_verdict"]) == ("urgent", True, "nudge")
    assert not ScreeningRecord.objects.exists()
    assert not Escalation.objects.exists()


def test_it_requires_sign_in_to_screen_a_draft(login: Login, models: FakeModels) -> None:
    response = login(None).post(f"{API}/screen", {"text": "x"}, content_type="application/json")
    assert response.status_code == 401


def test_it_refuses_a_huge_draft(login: Login, alice: User, models: FakeModels) -> None:
    response = login(alice).post(
        f"{API}/screen", {"text": "x" * 20_001}, content_type="application/json"
    )
    assert response.status_code == 400
