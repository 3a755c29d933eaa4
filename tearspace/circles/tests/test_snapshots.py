"""Copies of shared words kept for moderators hold only what the audience saw, and go with it."""

from tearspace.circles import actions
from tearspace.circles.tests.conftest import World, make_entry
from tearspace.safety.models import Escalation, Report
from tearspace.safety.tests.conftest import FakeModels


def test_a_shares_snapshots_hold_only_the_words_its_viewers_see(
    world: World, fake_models: FakeModels
) -> None:
    entry = make_entry(world.alice, notes="the words my circle reads")
    entry.trigger = "a private trigger my circle never sees"
    entry.save()
    fake_models.level = "urgent"
    shared = actions.do_share_entry(
        author=world.alice, entry=entry, circles=[world.circle], community=False
    )
    actions.do_report_share(reporter=world.bob, share=shared.share, reason="self_harm")
    escalation = Escalation.objects.get(screening__object_id=str(shared.share.pk))
    report = Report.objects.get(object_id=str(shared.share.pk))
    assert escalation.snapshot == "the words my circle reads"
    assert report.snapshot == "the words my circle reads"


def test_a_share_without_its_words_leaves_no_words_in_a_report(world: World) -> None:
    shared = actions.do_share_entry(
        author=world.alice, entry=world.entry, circles=[world.circle], community=False, words=False
    )
    actions.do_report_share(reporter=world.bob, share=shared.share, reason="other")
    assert Report.objects.get(object_id=str(shared.share.pk)).snapshot == ""


def test_revoking_a_share_purges_the_words_copied_into_reports_and_escalations(
    world: World, fake_models: FakeModels
) -> None:
    fake_models.level = "urgent"
    shared = actions.do_share_entry(
        author=world.alice, entry=world.entry, circles=[world.circle], community=False
    )
    actions.do_report_share(reporter=world.bob, share=shared.share, reason="unkind")
    actions.do_report_reply(reporter=world.alice, reply=world.reply, reason="unkind")
    assert sorted(r.snapshot for r in Report.objects.all()) == [
        "I cried on the bus home.",
        world.reply.body,
    ]

    actions.do_revoke_share(share=shared.share)
    actions.do_revoke_share(share=world.share)  # fay's reply goes with it

    assert [r.snapshot for r in Report.objects.all()] == ["", ""]
    escalation = Escalation.objects.get(screening__object_id=str(shared.share.pk))
    assert escalation.snapshot == ""
    assert Report.objects.count() == 2  # the cases stay, without the words
