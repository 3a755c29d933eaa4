"""Sanctions and appeals: remove, warn, pause, ban; a reason the person reads; a way to appeal."""

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from tearspace.accounts.actions import do_create_token
from tearspace.accounts.models import User
from tearspace.safety import actions
from tearspace.safety.actions import do_report
from tearspace.safety.enforcement import PostingPaused, check_can_post
from tearspace.safety.models import (
    Appeal,
    AppealStatus,
    AuditLog,
    CareMessage,
    CaseStatus,
    Report,
    Sanction,
    SanctionKind,
)

pytestmark = pytest.mark.django_db
Login = Callable[[User | None], Client]
API = "/api/v1/safety"


@pytest.fixture
def live(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, dict[str, Any]]]:
    """Personal live events the safety actions send, as (person id, event)."""
    sent: list[tuple[int, dict[str, Any]]] = []
    monkeypatch.setattr(
        actions, "send_personal_event_on_commit", lambda uid, event: sent.append((uid, event))
    )
    return sent


@pytest.fixture
def report(alice: User, bob: User) -> Report:
    return do_report(reporter=alice, subject=bob, reason="unkind", snapshot="you're too much")


def post_json(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(data), content_type="application/json")


def signs_in(handle: str, password: str) -> bool:
    client = Client()
    client.post(reverse("account_login"), {"login": handle, "password": password})
    return client.get(reverse("safety:standing")).status_code == 200


def sanction_url(report: Report) -> str:
    return reverse("moderation:sanction", args=[report.pk])


def test_anonymous_people_are_sent_to_log_in(login: Login, report: Report) -> None:
    client = login(None)
    response = client.post(sanction_url(report), {"action": "warn", "reason": "r"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert client.get(reverse("safety:standing")).status_code == 302
    assert client.post(reverse("safety:appeal", args=[1]), {"words": "w"}).status_code == 302
    assert client.post(reverse("moderation:lift", args=[1]), {"reason": "r"}).status_code == 302
    decide = reverse("moderation:decide_appeal", args=[1])
    assert client.post(decide, {"decision": "uphold", "reply": "r"}).status_code == 302
    for method, url in [
        ("post", f"{API}/moderation/report/{report.pk}/sanction"),
        ("post", f"{API}/moderation/sanctions/1/lift"),
        ("get", f"{API}/moderation/appeals"),
        ("post", f"{API}/moderation/appeals/1/decide"),
        ("get", f"{API}/standing"),
        ("post", f"{API}/standing/1/appeal"),
    ]:
        if method == "get":
            assert client.get(url).status_code == 401
        else:
            assert post_json(client, url, {}).status_code in (401, 422)
    assert not Sanction.objects.exists()


def test_members_cannot_act_and_get_a_plain_404_or_403(
    login: Login, report: Report, alice: User, bob: User
) -> None:
    warned = actions.do_warn(moderator=alice, person=bob, reason="be gentle")
    client = login(alice)
    assert client.post(sanction_url(report), {"action": "ban", "reason": "x"}).status_code == 404
    lift = reverse("moderation:lift", args=[warned.pk])
    assert client.post(lift, {"reason": "x"}).status_code == 404
    url = f"{API}/moderation/report/{report.pk}/sanction"
    assert post_json(client, url, {"action": "ban", "reason": "x"}).status_code == 403
    assert client.get(f"{API}/moderation/appeals").status_code == 403
    lift_api = f"{API}/moderation/sanctions/{warned.pk}/lift"
    assert post_json(client, lift_api, {"reason": "x"}).status_code == 403
    bob.refresh_from_db()
    assert bob.is_active
    assert Sanction.objects.count() == 1


def test_moderators_without_a_second_factor_cannot_act(
    login: Login, report: Report, moderator: User, bob: User
) -> None:
    client = login(moderator)
    assert client.post(sanction_url(report), {"action": "ban", "reason": "x"}).status_code == 302
    token = do_create_token(user=moderator, name="cli")[1]
    response = Client().post(
        f"{API}/moderation/report/{report.pk}/sanction",
        json.dumps({"action": "ban", "reason": "x"}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 403
    bob.refresh_from_db()
    assert bob.is_active
    assert not Sanction.objects.exists()


def test_a_warning_tells_the_person_why_live_and_is_audited(
    login: Login, mod: User, report: Report, bob: User, live: list[tuple[int, dict[str, Any]]]
) -> None:
    response = login(mod).post(
        sanction_url(report), {"action": "warn", "reason": "Please keep replies kind."}
    )
    assert response.status_code == 302
    sanction = Sanction.objects.get(person=bob)
    assert sanction.kind == SanctionKind.WARNING
    assert sanction.report == report
    report.refresh_from_db()
    assert report.status == CaseStatus.RESOLVED
    assert report.handled_by == mod
    care = CareMessage.objects.get(person=bob)
    assert "Please keep replies kind." in care.body
    assert care.sanction == sanction
    assert AuditLog.objects.filter(actor=mod, action="warn", target=f"user:{bob.pk}").exists()
    assert {event["type"] for uid, event in live if uid == bob.pk} == {"care_message", "standing"}
    assert all(uid == bob.pk for uid, _ in live)
    page = login(bob).get(reverse("safety:standing"))
    assert b"Please keep replies kind." in page.content
    help_page = login(bob).get(reverse("safety:help"))
    assert reverse("safety:standing").encode() in help_page.content


def test_every_action_needs_a_reason_and_keeps_the_form(
    login: Login, mod: User, report: Report
) -> None:
    response = login(mod).post(sanction_url(report), {"action": "mute", "days": "7"})
    assert response.status_code == 400
    assert b"The person will read it." in response.content
    response = login(mod).post(sanction_url(report), {"action": "mute", "reason": "Too sharp."})
    assert response.status_code == 400
    assert b"Too sharp." in response.content
    assert b"1, 7 or 30 days" in response.content
    assert not Sanction.objects.exists()
    with pytest.raises(actions.SanctionError):
        actions.do_warn(moderator=mod, person=report.subject, reason="   ")  # type: ignore[arg-type]


def test_a_mute_lasts_the_chosen_days_then_ends(
    login: Login, mod: User, report: Report, bob: User
) -> None:
    response = login(mod).post(
        sanction_url(report), {"action": "mute", "days": "7", "reason": "Let's take a breath."}
    )
    assert response.status_code == 302
    mute = Sanction.objects.get(person=bob, kind=SanctionKind.MUTE)
    assert mute.until is not None
    assert abs((mute.until - timezone.now()) - timedelta(days=7)) < timedelta(minutes=1)
    with pytest.raises(PostingPaused) as paused:
        check_can_post(bob)
    assert reverse("safety:standing") in str(paused.value)
    Sanction.objects.filter(pk=mute.pk).update(until=timezone.now() - timedelta(seconds=1))
    check_can_post(bob)  # the pause is over


def test_a_ban_ends_sign_in_sessions_and_tokens_until_lifted(
    login: Login, mod: User, report: Report, bob: User
) -> None:
    bob.set_password("a long pass phrase")
    bob.save()
    session = login(bob)
    token = do_create_token(user=bob, name="phone")[1]
    assert session.get(reverse("safety:standing")).status_code == 200
    url = f"{API}/moderation/report/{report.pk}/sanction"
    response = post_json(login(mod), url, {"action": "ban", "reason": "Repeated cruelty."})
    assert response.status_code == 200
    assert response.json()["sanction"]["kind"] == "ban"
    bob.refresh_from_db()
    assert not bob.is_active
    assert session.get(reverse("safety:standing")).status_code == 302  # signed out
    assert not signs_in("bob", "a long pass phrase")
    bearer = {"Authorization": f"Bearer {token}"}
    assert Client().get(f"{API}/standing", headers=bearer).status_code == 401
    ban = Sanction.objects.get(person=bob)
    assert AuditLog.objects.filter(action="ban", target=f"user:{bob.pk}").exists()
    lift = post_json(login(mod), f"{API}/moderation/sanctions/{ban.pk}/lift", {"reason": "Sorry."})
    assert lift.status_code == 200
    assert lift.json()["lifted_at"]
    assert signs_in("bob", "a long pass phrase")
    assert AuditLog.objects.filter(action="lift_sanction", target=f"sanction:{ban.pk}").exists()


def test_an_appeal_goes_round_trip_through_the_console(
    login: Login,
    mod: User,
    report: Report,
    bob: User,
    charlie: User,
    live: list[tuple[int, dict[str, Any]]],
) -> None:
    mute = actions.do_mute(
        moderator=mod,
        person=bob,
        reason="Take a breath.",
        until=timezone.now() + timedelta(days=1),
        report=report,
    )
    appeal_url = reverse("safety:appeal", args=[mute.pk])
    assert login(charlie).post(appeal_url, {"words": "not mine"}).status_code == 404
    empty = login(bob).post(appeal_url, {"words": ""})
    assert empty.status_code == 400
    assert login(bob).post(appeal_url, {"words": "I was quoting a song."}).status_code == 302
    again = login(bob).post(appeal_url, {"words": "Please?"})
    assert again.status_code == 400
    assert b"already asked" in again.content
    appeal = Appeal.objects.get(sanction=mute)
    queue = login(mod).get(reverse("moderation:queue"))
    assert b"I was quoting a song." in queue.content
    decide = reverse("moderation:decide_appeal", args=[appeal.pk])
    assert login(charlie).post(decide, {"decision": "overturn", "reply": "x"}).status_code == 404
    missing = login(mod).post(decide, {"decision": "overturn", "reply": ""})
    assert missing.status_code == 400
    response = login(mod).post(decide, {"decision": "overturn", "reply": "You're right."})
    assert response.status_code == 302
    appeal.refresh_from_db()
    mute.refresh_from_db()
    assert appeal.status == AppealStatus.OVERTURNED
    assert mute.lifted_at is not None
    check_can_post(bob)
    page = login(bob).get(reverse("safety:standing"))
    assert b"Decision undone" in page.content
    assert b"You&#x27;re right." in page.content
    assert any("You're right." in m.body for m in CareMessage.objects.filter(person=bob))
    assert AuditLog.objects.filter(action="appeal", actor=bob).exists()
    assert AuditLog.objects.filter(action="decide_appeal", actor=mod).exists()
    assert sum(1 for uid, e in live if uid == bob.pk and e["type"] == "care_message") == 2


def test_the_standing_api_shows_only_my_own_and_takes_appeals(
    login: Login, mod: User, alice: User, bob: User
) -> None:
    warned = actions.do_warn(moderator=mod, person=bob, reason="Gently, please.")
    assert login(alice).get(f"{API}/standing").json() == []
    mine = login(bob).get(f"{API}/standing").json()
    assert [s["reason"] for s in mine] == ["Gently, please."]
    url = f"{API}/standing/{warned.pk}/appeal"
    assert post_json(login(alice), url, {"words": "hm"}).status_code == 404
    assert post_json(login(bob), url, {"words": ""}).status_code == 400
    created = post_json(login(bob), url, {"words": "It was a joke between friends."})
    assert created.status_code == 201
    assert created.json()["status"] == "open"
    listed = login(mod).get(f"{API}/moderation/appeals").json()
    assert [(a["handle"], a["words"]) for a in listed] == [
        ("bob", "It was a joke between friends.")
    ]
    decide = f"{API}/moderation/appeals/{created.json()['id']}/decide"
    assert post_json(login(bob), decide, {"overturn": True, "reply": "x"}).status_code == 403
    kept = post_json(login(mod), decide, {"overturn": False, "reply": "We'll keep it."})
    assert kept.status_code == 200
    assert kept.json()["status"] == "upheld"
    assert login(bob).get(f"{API}/standing").json()[0]["appeal"]["reply"] == "We'll keep it."
    assert post_json(login(mod), decide, {"overturn": True, "reply": "y"}).status_code == 400


def test_the_console_shows_sanction_forms_on_reports(
    login: Login, mod: User, report: Report
) -> None:
    page = login(mod).get(reverse("moderation:case", args=["report", report.pk]))
    assert page.status_code == 200
    for choice in [b'value="remove"', b'value="warn"', b'value="mute"', b'value="ban"']:
        assert choice in page.content
    for days in [b"1 day", b"7 days", b"30 days"]:
        assert days in page.content


def test_removing_needs_something_removable(login: Login, mod: User, report: Report) -> None:
    response = login(mod).post(sanction_url(report), {"action": "remove", "reason": "Unkind."})
    assert response.status_code == 400
    assert b"does not point at anything" in response.content


def test_my_data_export_includes_my_account_standing(mod: User, bob: User) -> None:
    from tearspace.safety.data import export_safety

    actions.do_warn(moderator=mod, person=bob, reason="Gently, please.")
    exported = export_safety(bob)["account_standing"]
    assert [s["reason"] for s in exported] == ["Gently, please."]  # type: ignore[attr-defined]


def test_the_note_to_the_person_is_written_in_their_language_not_the_moderators(
    mod: User, report: Report, bob: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    bob.language = "de"
    bob.save(update_fields=["language"])

    def in_active_language(message: str) -> str:
        return f"[{translation.get_language()}] {message}"

    monkeypatch.setattr(actions, "_", in_active_language)
    with translation.override("en"):  # the moderator's request
        actions.do_mute(
            moderator=mod,
            person=bob,
            reason="Let's take a breath.",
            until=timezone.now() + timedelta(days=1),
        )
        actions.do_lift_sanction(
            moderator=mod, sanction=Sanction.objects.get(person=bob), reason="All good."
        )
    notes = list(
        CareMessage.objects.filter(person=bob).order_by("pk").values_list("body", flat=True)
    )
    assert len(notes) == 2
    assert all(note.startswith("[de] ") for note in notes)
    assert "Let's take a breath." in notes[0]
    assert "[de] If you think we got this wrong" in notes[0]  # the second-look sentence too
    assert "All good." in notes[1]
    assert translation.get_language() != "de"  # nothing leaks past the note
