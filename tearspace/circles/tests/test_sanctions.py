"""Moderator decisions reach circles: paused people cannot post, removed words are gone."""

import json
from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tearspace.circles import actions
from tearspace.circles.models import Reply, Share
from tearspace.circles.tests.conftest import World, make_entry
from tearspace.safety.actions import do_mute, do_sanction_report
from tearspace.safety.models import CareMessage, CaseStatus, Report, Sanction


def signed_in(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def mute_bob(world: World) -> Sanction:
    return do_mute(
        moderator=world.mona,
        person=world.bob,
        reason="Let's take a breath.",
        until=timezone.now() + timedelta(days=1),
    )


def test_a_paused_person_cannot_reply_until_the_pause_ends(world: World) -> None:
    mute = mute_bob(world)
    bob = signed_in(world.bob)
    page = bob.post(reverse("circles:reply", args=[world.share.pk]), {"body": "Thinking of you"})
    assert page.status_code == 403
    assert b"Posting is paused for your account until" in page.content
    assert reverse("safety:standing").encode() in page.content
    assert b"Thinking of you" in page.content  # their draft is kept
    api = bob.post(
        f"/api/v1/circles/shares/{world.share.pk}/replies",
        json.dumps({"body": "Thinking of you"}),
        content_type="application/json",
    )
    assert api.status_code == 403
    assert "/help/standing/" in api.json()["detail"]
    assert not Reply.objects.filter(body="Thinking of you").exists()
    Sanction.objects.filter(pk=mute.pk).update(until=timezone.now() - timedelta(seconds=1))
    after = bob.post(reverse("circles:reply", args=[world.share.pk]), {"body": "Thinking of you"})
    assert after.status_code == 302
    assert Reply.objects.filter(body="Thinking of you", author=world.bob).exists()


def test_a_paused_person_cannot_share(world: World) -> None:
    mute_bob(world)
    entry = make_entry(world.bob)
    response = signed_in(world.bob).post(
        "/api/v1/circles/shares",
        json.dumps({"entry": entry.pk, "community": True}),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "Posting is paused" in response.json()["detail"]
    assert not Share.objects.filter(entry=entry).exists()


def test_a_moderator_removes_a_reported_reply_for_everyone(world: World) -> None:
    actions.do_report_reply(reporter=world.alice, reply=world.reply, reason="unkind")
    report = Report.objects.get(subject=world.fay)
    response = signed_in(world.mona).post(
        reverse("moderation:sanction", args=[report.pk]),
        {"action": "remove", "reason": "It hurt more than it helped."},
    )
    assert response.status_code == 302
    assert not Reply.objects.filter(pk=world.reply.pk).exists()
    for person in [world.alice, world.bob, world.fay]:
        page = signed_in(person).get(reverse("circles:share", args=[world.share.pk]))
        assert b"here with you." not in page.content
    report.refresh_from_db()
    assert report.status == CaseStatus.RESOLVED
    care = CareMessage.objects.get(person=world.fay)
    assert "It hurt more than it helped." in care.body


def test_a_moderator_removes_a_reported_share(world: World) -> None:
    actions.do_report_share(reporter=world.bob, share=world.share, reason="other")
    report = Report.objects.get(subject=world.alice)
    do_sanction_report(
        moderator=world.mona, report=report, action="remove", reason="Not for this space."
    )
    world.share.refresh_from_db()
    assert world.share.revoked_at is not None
    page = signed_in(world.bob).get(reverse("circles:share", args=[world.share.pk]))
    assert page.status_code == 404
