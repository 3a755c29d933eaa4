"""Invitations, the pause-and-reflect step, revocation, anonymity, feeds and data."""

import importlib
import json
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tearspace.accounts import actions as accounts_actions
from tearspace.accounts.actions import do_block
from tearspace.accounts.data import export_data
from tearspace.accounts.models import Block, User
from tearspace.circles import actions
from tearspace.circles.models import (
    CircleMembership,
    Invitation,
    NudgeOutcome,
    Reply,
    Share,
    ShareMute,
    token_digest,
)
from tearspace.circles.selectors import nudge_tallies
from tearspace.circles.tests.conftest import World, make_entry, person
from tearspace.notifications.models import Notification
from tearspace.notifications.selectors import unread_count
from tearspace.safety.models import Report
from tearspace.safety.tests.conftest import FakeModels

pytestmark = pytest.mark.usefixtures("crisis_lines")


def signed_in(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def join_url(token: str) -> str:
    return reverse("circles:join", args=[token])


# --- Invitations -----------------------------------------------------------------------------


def test_an_invitation_link_works_once(world: World) -> None:
    dana = signed_in(world.dana)
    response = dana.post(join_url(world.token), {"answer": "accept"})
    assert response.status_code == 302
    assert CircleMembership.objects.filter(circle=world.circle, member=world.dana).exists()
    again = signed_in(world.charlie).post(join_url(world.token), {"answer": "accept"})
    assert again.status_code == 404
    assert b"cannot be used" in again.content
    assert not CircleMembership.objects.filter(circle=world.circle, member=world.charlie).exists()


def test_an_invitation_link_cannot_be_replayed_after_leaving(world: World) -> None:
    dana = signed_in(world.dana)
    dana.post(join_url(world.token), {"answer": "accept"})
    assert dana.post(reverse("circles:leave", args=[world.circle.pk])).status_code == 302
    replay = dana.post(join_url(world.token), {"answer": "accept"})
    assert replay.status_code == 404
    assert not CircleMembership.objects.filter(circle=world.circle, member=world.dana).exists()
    assert dana.get(reverse("circles:detail", args=[world.circle.pk])).status_code == 404


def test_an_invitation_link_expires(world: World) -> None:
    Invitation.objects.filter(digest=token_digest(world.token)).update(
        expires=timezone.now() - timedelta(seconds=1)
    )
    response = signed_in(world.dana).post(join_url(world.token), {"answer": "accept"})
    assert response.status_code == 404
    assert not CircleMembership.objects.filter(circle=world.circle, member=world.dana).exists()


def test_an_invitation_token_is_long_random_and_stored_only_as_a_digest(world: World) -> None:
    tokens = {actions.do_create_invite_link(circle=world.circle, inviter=world.alice)[1]}
    tokens |= {actions.do_create_invite_link(circle=world.circle, inviter=world.alice)[1]}
    assert len(tokens) == 2
    for token in tokens:
        assert len(token) >= 43  # 32 random bytes
        assert not Invitation.objects.filter(digest=token).exists()
        assert Invitation.objects.filter(digest=token_digest(token)).exists()
    guess = world.token[:-1] + ("A" if world.token[-1] != "A" else "B")
    assert signed_in(world.dana).get(join_url(guess)).status_code == 404


def test_a_declined_invitation_by_handle_is_spent(world: World) -> None:
    dana = signed_in(world.dana)
    assert b"invited you" in dana.get(reverse("circles:index")).content
    url = reverse("circles:invitation", args=[world.invitation.pk])
    assert dana.post(url, {"answer": "decline"}).status_code == 302
    assert dana.post(url, {"answer": "accept"}).status_code == 404
    assert not CircleMembership.objects.filter(circle=world.circle, member=world.dana).exists()


def test_the_owner_invites_by_link_and_sees_it_once(world: World) -> None:
    page = signed_in(world.alice).post(reverse("circles:invite", args=[world.circle.pk]), {})
    link = re.search(rb"/circles/join/([A-Za-z0-9_-]+)/", page.content)
    assert link is not None
    assert signed_in(world.dana).get(join_url(link.group(1).decode())).status_code == 200


def test_a_blocked_person_cannot_be_invited_and_is_not_told_why(world: World) -> None:
    response = signed_in(world.alice).post(
        reverse("circles:invite", args=[world.circle.pk]), {"handle": "eve"}
    )
    assert response.status_code == 400
    assert b"could not find anyone" in response.content


def test_other_apps_hear_of_each_block(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    heard: list[tuple[int, int, bool]] = []

    def hook(blocker: User, blocked: User) -> None:
        made = Block.objects.filter(blocker=blocker, blocked=blocked).exists()
        heard.append((blocker.pk, blocked.pk, made))

    monkeypatch.setattr(accounts_actions, "_block_hooks", [])
    accounts_actions.register_block_hook(hook)
    accounts_actions.register_block_hook(hook)  # registering twice (a second ready()) calls it once
    do_block(blocker=world.bob, blocked=world.alice)
    assert heard == [(world.bob.pk, world.alice.pk, True)]


def test_the_owner_removes_a_member_who_then_sees_nothing(world: World) -> None:
    alice = signed_in(world.alice)
    alice.post(reverse("circles:remove", args=[world.circle.pk, world.bob.pk]))
    bob = signed_in(world.bob)
    assert bob.get(reverse("circles:share", args=[world.share.pk])).status_code == 404
    assert bob.get(reverse("circles:detail", args=[world.circle.pk])).status_code == 404


# --- Pause and reflect -----------------------------------------------------------------------


def reply_url(world: World) -> str:
    return reverse("circles:reply", args=[world.share.pk])


def test_a_nudged_reply_shows_the_pause_step_with_the_draft_kept(
    world: World, fake_models: FakeModels
) -> None:
    fake_models.verdict = "nudge"
    response = signed_in(world.bob).post(reply_url(world), {"body": "Stop crying over it"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "What about this makes me uncomfortable?" in text
    assert "Why do I feel the need to respond with judgement?" in text
    assert "Stop crying over it</textarea>" in text
    assert not Reply.objects.filter(body="Stop crying over it").exists()
    assert NudgeOutcome.objects.get(author=world.bob).outcome == "pending"


def nudge_id(world: World) -> int:
    return NudgeOutcome.objects.get(author=world.bob).pk


def test_a_revised_reply_posts_and_counts_as_revised(world: World, fake_models: FakeModels) -> None:
    bob = signed_in(world.bob)
    fake_models.verdict = "nudge"
    bob.post(reply_url(world), {"body": "Stop crying over it"})
    fake_models.verdict = "ok"
    bob.post(reply_url(world), {"body": "That sounds hard.", "nudge_id": nudge_id(world)})
    reply = Reply.objects.get(author=world.bob)
    assert (reply.body, reply.sent_anyway) == ("That sounds hard.", False)
    assert nudge_tallies()["revised"] == 1


def test_a_discarded_reply_posts_nothing_and_counts(world: World, fake_models: FakeModels) -> None:
    bob = signed_in(world.bob)
    fake_models.verdict = "nudge"
    bob.post(reply_url(world), {"body": "Stop crying over it"})
    bob.post(reply_url(world), {"body": "x", "choice": "discard", "nudge_id": nudge_id(world)})
    assert not Reply.objects.filter(author=world.bob).exists()
    assert nudge_tallies() == {
        "revised": 0,
        "discarded": 1,
        "sent_anyway": 0,
        "pending": 0,
        "nudged": 1,
    }


def test_sent_anyway_is_collapsed_with_a_note_for_the_recipient(
    world: World, fake_models: FakeModels
) -> None:
    bob = signed_in(world.bob)
    fake_models.verdict = "nudge"
    bob.post(reply_url(world), {"body": "Stop crying over it"})
    bob.post(
        reply_url(world),
        {"body": "Stop crying over it", "choice": "send_anyway", "nudge_id": nudge_id(world)},
    )
    reply = Reply.objects.get(author=world.bob)
    assert reply.sent_anyway
    page = signed_in(world.alice).get(reverse("circles:share", args=[world.share.pk]))
    assert b'<details class="sent-anyway">' in page.content
    assert b"chose to send it anyway" in page.content
    out = call_command_output()
    assert "sent_anyway=1" in out


def call_command_output() -> str:
    import io

    buffer = io.StringIO()
    call_command("nudge_outcomes", stdout=buffer)
    return buffer.getvalue()


def test_send_anyway_without_the_pause_step_still_pauses(
    world: World, fake_models: FakeModels
) -> None:
    fake_models.verdict = "nudge"
    signed_in(world.bob).post(reply_url(world), {"body": "Get over it", "choice": "send_anyway"})
    assert not Reply.objects.filter(author=world.bob).exists()


def test_a_held_reply_is_not_shown_and_goes_to_moderators(
    world: World, fake_models: FakeModels
) -> None:
    fake_models.verdict = "hold"
    response = signed_in(world.bob).post(reply_url(world), {"body": "Something cruel"})
    assert response.status_code == 302
    page = signed_in(world.alice).get(reverse("circles:share", args=[world.share.pk]))
    assert b"Something cruel" not in page.content
    report = Report.objects.get(subject=world.bob)
    assert report.snapshot == "Something cruel"
    assert not Notification.objects.filter(recipient=world.alice, actor=world.bob).exists()


def test_the_real_reply_model_pauses_stop_being_so_dramatic(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib

    from tearspace.safety import screening

    monkeypatch.setattr(screening, "ml", lambda: importlib.import_module("tearspace.ml"))
    response = signed_in(world.bob).post(reply_url(world), {"body": "stop being so dramatic"})
    assert b"What about this makes me uncomfortable?" in response.content
    assert not Reply.objects.filter(body="stop being so dramatic").exists()


def test_a_reply_that_worries_screening_shows_the_writer_help(
    world: World, fake_models: FakeModels
) -> None:
    fake_models.level = "concern"
    response = signed_in(world.bob).post(reply_url(world), {"body": "me too, I can't go on"})
    assert response.status_code == 200
    assert b"me too, I can&#x27;t go on" in response.content  # their words stay as written
    assert reverse("safety:help").encode() in response.content


def test_the_author_hides_a_reply_and_others_no_longer_see_it(world: World) -> None:
    signed_in(world.alice).post(reverse("circles:reply_hide", args=[world.reply.pk]))
    bob_page = signed_in(world.bob).get(reverse("circles:share", args=[world.share.pk]))
    assert b"I'm here with you." not in bob_page.content.replace(b"&#x27;", b"'")
    fay_page = signed_in(world.fay).get(reverse("circles:share", args=[world.share.pk]))
    assert b"hidden by the person who shared" in fay_page.content


# --- Revocation and anonymity ----------------------------------------------------------------


def test_revoking_removes_the_share_everywhere(world: World) -> None:
    bob = signed_in(world.bob)
    assert bob.get(reverse("circles:notifications")).content.count(b"shared a cry") == 1
    signed_in(world.alice).post(reverse("circles:revoke", args=[world.share.pk]))
    assert bob.get(reverse("circles:share", args=[world.share.pk])).status_code == 404
    assert b"bus home" not in bob.get(reverse("circles:detail", args=[world.circle.pk])).content
    assert b"shared a cry" not in bob.get(reverse("circles:notifications")).content
    api = bob.get(f"/api/v1/circles/{world.circle.pk}/shares").json()
    assert api["shares"] == []
    assert not Reply.objects.filter(share=world.share).exists()
    owner_view = signed_in(world.alice).get(reverse("circles:share", args=[world.share.pk]))
    assert b"You took this share back" in owner_view.content


def test_a_revoked_share_leaves_the_unread_count(world: World) -> None:
    before = unread_count(person_id=world.bob.pk)
    assert Notification.objects.filter(recipient=world.bob, share=world.share).exists()
    actions.do_revoke_share(share=world.share)
    assert unread_count(person_id=world.bob.pk) == before - 1


def test_a_community_share_never_reveals_its_author(world: World) -> None:
    actions.do_reply(author=world.alice, share=world.community, body="Thank you, everyone")
    other = actions.do_share_entry(
        author=world.alice, entry=make_entry(world.alice), circles=[], community=True
    ).share
    dana = signed_in(world.dana)
    pages = [
        dana.get(reverse("circles:community")).content.decode(),
        dana.get(reverse("circles:share", args=[world.community.pk])).content.decode(),
        json.dumps(dana.get("/api/v1/circles/community").json()),
        json.dumps(dana.get(f"/api/v1/circles/shares/{world.community.pk}").json()),
        json.dumps(dana.get(f"/api/v1/circles/shares/{world.community.pk}/replies").json()),
    ]
    assert other.pseudonym != world.community.pseudonym
    for text in pages:
        assert "alice" not in text
        assert f'"author": {world.alice.pk}' not in text
        assert f"/{world.alice.pk}/" not in text
    assert world.community.pseudonym in pages[1]
    # Blocking the pseudonym keeps the pseudonym; the block list never names the account.
    dana.post(reverse("circles:share_block", args=[world.community.pk]))
    blocks = dana.get(reverse("circles:blocks")).content.decode()
    assert world.community.pseudonym in blocks
    assert "alice" not in blocks
    assert "alice" not in json.dumps(dana.get("/api/v1/circles/blocks").json())
    assert "alice" not in json.dumps(export_data(world.dana))


def test_blocking_a_pseudonym_mutes_that_one_share_for_the_blocker_only(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    heard: list[tuple[int, int]] = []
    monkeypatch.setattr(accounts_actions, "_block_hooks", [lambda a, b: heard.append((a.pk, b.pk))])
    other = actions.do_share_entry(
        author=world.alice, entry=make_entry(world.alice), circles=[], community=True
    ).share
    dana = signed_in(world.dana)
    answer = dana.post(reverse("circles:share_block", args=[world.community.pk]), follow=True)
    assert "You will not see this share again" in answer.content.decode()
    share_url = reverse("circles:share", args=[world.community.pk])
    assert dana.get(share_url).status_code == 404
    assert dana.get(f"/api/v1/circles/shares/{world.community.pk}").status_code == 404
    listed = {s["id"] for s in dana.get("/api/v1/circles/community").json()["shares"]}
    # Only that share: the same author's other anonymous share stays (it must not be linked).
    assert listed == {other.pk}
    # No block between accounts, no other app told; the author sees nothing change.
    assert not Block.objects.filter(blocker=world.dana).exists()
    assert heard == []
    assert signed_in(world.bob).get(share_url).status_code == 200
    # The block list shows the pseudonym; unblocking there brings the share back.
    rows = dana.get("/api/v1/circles/blocks").json()
    assert [(r["kind"], r["label"]) for r in rows] == [("share", world.community.pseudonym)]
    dana.post(reverse("circles:blocks"), {"unmute": rows[0]["id"]})
    assert dana.get(share_url).status_code == 200


def test_blocking_from_a_pseudonymous_reply_mutes_its_share(world: World) -> None:
    reply = actions.do_reply(author=world.alice, share=world.community, body="Thank you").reply
    assert reply is not None
    dana = signed_in(world.dana)
    answer = dana.post(
        "/api/v1/circles/blocks", {"reply": reply.pk}, content_type="application/json"
    )
    assert answer.json() == {
        "status": "blocked",
        "kind": "share",
        "label": world.community.pseudonym,
    }
    assert dana.get(reverse("circles:share", args=[world.community.pk])).status_code == 404
    assert not Block.objects.filter(blocker=world.dana).exists()
    # Blocking the same share again, or its author's handle too, never adds a second row.
    dana.post("/api/v1/circles/blocks", {"handle": "alice"}, content_type="application/json")
    labels = [r["label"] for r in dana.get("/api/v1/circles/blocks").json()]
    assert sorted(labels) == sorted(["alice", world.community.pseudonym])


def test_blocks_made_from_a_pseudonym_before_this_rule_become_mutes(world: World) -> None:
    # Block has since moved to accounts (same table): the migration runs on its own history.
    loader = MigrationLoader(connection)
    apps = loader.project_state(("circles", "0004_share_mutes")).apps
    migration = importlib.import_module("tearspace.circles.migrations.0004_share_mutes")
    Block.objects.create(blocker=world.dana, blocked=world.alice, label=world.community.pseudonym)
    Block.objects.create(blocker=world.dana, blocked=world.bob, label="bob")
    migration.blocks_of_pseudonyms_to_mutes(apps, None)
    assert list(Block.objects.filter(blocker=world.dana).values_list("label", flat=True)) == ["bob"]
    mutes = ShareMute.objects.filter(person=world.dana)
    assert [(m.share_id, m.label) for m in mutes] == [
        (world.community.pk, world.community.pseudonym)
    ]


def test_a_block_between_handles_leaves_anonymous_shares_seen_both_ways(world: World) -> None:
    """eve, whom alice blocked, still reads and answers alice's anonymous share (and the other
    way round); alice does not see eve's handle-signed reply on it, as everywhere."""
    eves = actions.do_share_entry(
        author=world.eve, entry=make_entry(world.eve), circles=[], community=True
    ).share
    eve, alice = signed_in(world.eve), signed_in(world.alice)
    assert eve.get(reverse("circles:share", args=[world.community.pk])).status_code == 200
    assert alice.get(reverse("circles:share", args=[eves.pk])).status_code == 200
    eve.post(reverse("circles:reply", args=[world.community.pk]), {"body": "I hear you."})
    replies = alice.get(f"/api/v1/circles/shares/{world.community.pk}/replies").json()
    assert replies == []
    assert (
        signed_in(world.dana)
        .get(f"/api/v1/circles/shares/{world.community.pk}/replies")
        .json()[0]["body"]
        == "I hear you."
    )


def test_the_member_sees_who_has_seen_only_on_their_own_circle_share(world: World) -> None:
    signed_in(world.bob).get(reverse("circles:share", args=[world.share.pk]))
    page = signed_in(world.alice).get(reverse("circles:share", args=[world.share.pk]))
    assert b"Who has seen this" in page.content
    assert b"bob" in page.content
    other = signed_in(world.bob).get(reverse("circles:share", args=[world.share.pk]))
    assert b"Who has seen this" not in other.content
    community = signed_in(world.alice).get(reverse("circles:share", args=[world.community.pk]))
    assert b"Who has seen this" not in community.content


# --- Community feed ------------------------------------------------------------------------


def test_the_community_feed_blurs_noted_posts_and_hides_my_topics(world: World) -> None:
    dana = signed_in(world.dana)
    page = dana.get(reverse("circles:community")).content.decode()
    assert '<details class="share-note">' in page
    assert "Content note: grief or loss" in page
    dana.post(reverse("circles:notifications"), {"hidden_notes": ["grief"]})
    assert "still cry" not in dana.get(reverse("circles:community")).content.decode()


def test_the_kind_word_tab_lists_only_shares_without_replies(world: World) -> None:
    quiet = actions.do_share_entry(
        author=world.bob, entry=make_entry(world.bob, "quiet one"), circles=[], community=True
    ).share
    actions.do_reply(author=world.dana, share=world.community, body="Sending love")
    page = signed_in(world.charlie).get(reverse("circles:community") + "?tab=kind")
    assert b"quiet one" in page.content
    assert b"still cry" not in page.content
    assert quiet.reply_count == 0


def test_the_community_feed_filters_by_feeling(world: World) -> None:
    entry = make_entry(world.bob, "angry words")
    entry.emotions = ",angry,"
    entry.save()
    actions.do_share_entry(author=world.bob, entry=entry, circles=[], community=True)
    page = signed_in(world.dana).get(reverse("circles:community") + "?emotion=angry")
    assert b"angry words" in page.content
    assert b"still cry" not in page.content


def test_feeds_use_the_same_number_of_queries_for_many_shares(world: World) -> None:
    dana = signed_in(world.bob)

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert dana.get(url).status_code == 200
        return len(queries)

    urls = [reverse("circles:community"), reverse("circles:detail", args=[world.circle.pk])]
    before = [count(u) for u in urls]
    for _ in range(15):
        actions.do_share_entry(
            author=world.alice,
            entry=make_entry(world.alice),
            circles=[world.circle],
            community=False,
        )
        actions.do_share_entry(
            author=world.alice, entry=make_entry(world.alice), circles=[], community=True
        )
    assert [count(u) for u in urls] == before


def test_replies_are_rate_limited(world: World) -> None:
    bob = signed_in(world.bob)
    codes = [bob.post(reply_url(world), {"body": f"hug {i}"}).status_code for i in range(22)]
    assert codes[:20] == [302] * 20
    assert codes[-1] == 429


# --- Data ----------------------------------------------------------------------------------


def test_export_includes_my_circles_shares_replies_and_blocks(world: World) -> None:
    data = export_data(world.alice)["circles"]
    assert isinstance(data, dict)
    assert [c["name"] for c in data["circles"]] == ["close friends"]
    assert len(data["shares"]) == 2
    assert data["blocks"] == ["eve"]
    fay = export_data(world.fay)["circles"]
    assert isinstance(fay, dict)
    assert fay["replies"][0]["body"] == "I'm here with you."


def test_deleting_an_account_removes_its_shares_and_replies_everywhere(world: World) -> None:
    from tearspace.accounts.actions import do_delete_account

    do_delete_account(user=world.fay)
    assert not Reply.objects.filter(pk=world.reply.pk).exists()
    do_delete_account(user=world.alice)
    assert not Share.objects.exists()
    page = signed_in(world.dana).get(reverse("circles:community"))
    assert b"still cry" not in page.content


def test_the_demo_seed_adds_circles_once(db: None) -> None:
    from tearspace.circles.models import Circle
    from tearspace.core import demo

    demo.seed()
    demo.seed()
    assert Circle.objects.filter(owner__username="demo").count() == 1
    assert Share.objects.filter(author__username="demo", community=True).count() == 1
    assert Reply.objects.filter(author__username="demo-friend").count() == 1


def test_a_member_plays_the_shared_clip_but_not_an_unshared_one(world: World) -> None:
    bob = signed_in(world.bob)
    response = bob.get(reverse("circles:share_clip", args=[world.share.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"tears"  # type: ignore[attr-defined]
    Share.objects.filter(pk=world.share.pk).update(include_clip=False)
    assert bob.get(reverse("circles:share_clip", args=[world.share.pk])).status_code == 404


def test_the_api_pauses_a_nudged_reply_and_sends_it_anyway_when_asked(
    world: World, fake_models: FakeModels
) -> None:
    bob = signed_in(world.bob)
    url = f"/api/v1/circles/shares/{world.share.pk}/replies"
    fake_models.verdict = "nudge"
    first = bob.post(url, {"body": "Get over it"}, content_type="application/json")
    assert first.status_code == 202
    body = first.json()
    assert body["status"] == "nudge"
    assert body["draft"] == "Get over it"
    assert "judgement" in body["prompt"]
    sent = bob.post(
        url,
        {"body": "Get over it", "send_anyway": True, "nudge_id": body["nudge_id"]},
        content_type="application/json",
    )
    assert sent.status_code == 201
    assert sent.json()["reply"]["sent_anyway"] is True
    listed = signed_in(world.alice).get(url).json()
    assert [r["sent_anyway"] for r in listed if r["body"] == "Get over it"] == [True]
    tallies = signed_in(world.mona).get("/api/v1/circles/nudges").json()
    assert (tallies["sent_anyway"], tallies["nudged"]) == (1, 1)


def test_the_api_holds_a_reply_for_moderators(world: World, fake_models: FakeModels) -> None:
    fake_models.verdict = "hold"
    url = f"/api/v1/circles/shares/{world.share.pk}/replies"
    response = signed_in(world.bob).post(url, {"body": "cruel"}, content_type="application/json")
    assert response.json() == {"status": "held"}
    assert "cruel" not in json.dumps(signed_in(world.alice).get(url).json())
    assert [r.snapshot for r in Report.objects.filter(subject=world.bob)] == ["cruel"]


@pytest.mark.parametrize("typed", ["ZOË", " zoë ", "ｚｏë"])
def test_a_handle_is_found_by_its_canonical_form_to_invite_or_block(
    world: World, typed: str
) -> None:
    zoe = person("zoë")
    alice = signed_in(world.alice)
    invited = alice.post(reverse("circles:invite", args=[world.circle.pk]), {"handle": typed})
    assert invited.status_code == 302
    assert Invitation.objects.filter(circle=world.circle, invitee=zoe).exists()
    answer = signed_in(world.dana).post(
        "/api/v1/circles/blocks", {"handle": typed}, content_type="application/json"
    )
    assert answer.status_code == 201
    assert Block.objects.filter(blocker=world.dana, blocked=zoe).exists()
