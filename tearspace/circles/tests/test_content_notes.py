"""What the crisis screen finds adds the matching content note when a share is made.

Readers' "topics I don't want to see" then apply to it; the author sees the note and it stays.
"""

import importlib
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tearspace.accounts.models import User
from tearspace.circles import actions
from tearspace.circles.models import Share
from tearspace.circles.tests.conftest import make_entry, person
from tearspace.ml import crisis_patterns
from tearspace.safety import screening
from tearspace.safety.tests.conftest import FakeModels

# Every kind of finding the crisis screen's pattern layer can report → the notes readers filter.
EXPECTED = {
    "imminent": ["suicide"],
    "intent": ["suicide"],
    "plan": ["suicide"],
    "method": ["self_harm", "suicide"],
    "method_question": ["suicide"],
    "farewell": ["suicide"],
    "goodbye": ["suicide"],
    "coded_time": ["suicide"],
    "absence": ["suicide"],
    "means_at_hand": ["self_harm", "suicide"],
    "thoughts": ["suicide"],
    "wish_dead": ["suicide"],
    "behaviour": ["suicide"],
    "self_harm": ["self_harm"],
    "hurt_by_other": [],
}
ADDED_SENTENCE = "We added the content note"


def share_words(author: User, words: str, note: str = "") -> Share:
    return actions.do_share_entry(
        author=author,
        entry=make_entry(author, words),
        circles=[],
        community=True,
        content_note=note,
    ).share


def reader(hidden: list[str]) -> Client:
    dana = person("dana")
    actions.do_save_circle_settings(
        person=dana, quiet_start=None, quiet_end=None, hidden_notes=hidden
    )
    client = Client()
    client.force_login(dana)
    return client


def in_feeds(client: Client, share: Share) -> tuple[bool, bool]:
    """Whether the share is in the community page and in the community API for this reader."""
    page = client.get(reverse("circles:community")).content.decode()
    listed = client.get("/api/v1/circles/community").json()["shares"]
    return f'data-share-id="{share.pk}"' in page, any(s["id"] == share.pk for s in listed)


def test_every_kind_the_screen_knows_has_its_notes_decided() -> None:
    assert set(actions.NOTES_BY_KIND) == set(crisis_patterns.KINDS) == set(EXPECTED)


def category_cases() -> list[Any]:
    return [
        pytest.param(category, negated, id=f"{category.name}{'-negated' if negated else ''}")
        for category in crisis_patterns.KINDS.values()
        if EXPECTED[category.name]
        for negated in (False, True)
    ]


@pytest.mark.parametrize(("category", "negated"), category_cases())
def test_each_finding_of_the_screen_adds_its_note_and_readers_can_avoid_it(
    db: None, fake_models: FakeModels, category: crisis_patterns.Kind, negated: bool
) -> None:
    fake_models.level = "distress" if negated else category.level
    fake_models.reasons = [category.reason + (", with a negation" if negated else "")]
    alice = person("alice")
    share = share_words(alice, "Words the screen read.")
    expected = EXPECTED[category.name]
    assert share.content_notes == expected
    for note in expected:
        avoiding = reader([note])
        assert in_feeds(avoiding, share) == (False, False)
        avoiding.logout()
        User.objects.filter(username="dana").delete()
    open_reader = reader([])
    assert in_feeds(open_reader, share) == (True, True)
    page = open_reader.get(reverse("circles:share", args=[share.pk])).content.decode()
    assert "Content note:" in page
    assert ADDED_SENTENCE not in page  # only the author is told it was added


def test_a_post_the_real_screen_flags_as_suicidal_is_hidden_from_those_avoiding_it(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The issue's example, through the real text models, word for word."""
    monkeypatch.setattr(screening, "ml", lambda: importlib.import_module("tearspace.ml"))
    alice = person("alice")
    share = share_words(alice, "I cried all night. I want to die.")
    assert "suicide" in share.content_notes
    assert in_feeds(reader(["suicide"]), share) == (False, False)
    calm = share_words(alice, "I had a good cry after the film and feel lighter now.")
    assert calm.content_notes == []


def test_the_author_sees_the_added_note_and_it_stays_with_their_own(
    db: None, fake_models: FakeModels
) -> None:
    fake_models.level, fake_models.reasons = "concern", ["mentions self-harm"]
    alice = person("alice")
    share = share_words(alice, "Words the screen read.", note="grief")
    assert share.content_notes == ["grief", "self_harm"]
    client = Client()
    client.force_login(alice)
    page = client.get(reverse("circles:share", args=[share.pk])).content.decode()
    assert f"{ADDED_SENTENCE} “self-harm mention”" in page
    assert re.search(r"Content note: grief or loss, self-harm mention\.", page)
    mine = client.get(f"/api/v1/circles/shares/{share.pk}").json()
    assert (mine["content_notes"], mine["added_notes"]) == (["grief", "self_harm"], ["self_harm"])
    # Someone else sees the notes, not which of them the screen added.
    theirs = reader([]).get(f"/api/v1/circles/shares/{share.pk}").json()
    assert theirs["content_notes"] == ["grief", "self_harm"]
    assert "added_notes" not in theirs
    # The author chose the same note the screen would add: it is there once, not "added".
    same = share_words(alice, "More words.", note="self_harm")
    assert (same.content_notes, same.added_note_keys) == (["self_harm"], [])


@pytest.mark.parametrize(
    ("level", "reasons", "fail", "notes"),
    [
        pytest.param("none", [], False, [], id="nothing-found"),
        pytest.param("distress", ["expresses sadness or overwhelm"], False, [], id="tears"),
        pytest.param("distress", ["expresses hopelessness"], False, [], id="hopeless"),
        pytest.param("concern", ["classifier score 0.91"], False, ["suicide"], id="classifier"),
        pytest.param("distress", ["classifier score 0.41"], False, [], id="classifier-low"),
        pytest.param(
            "concern", ["mentions self-harm", "classifier score 0.8"], False, ["self_harm"],
            id="pattern-says-better",
        ),
        pytest.param(
            "concern", ["mentions that someone else may be at risk"], False, ["suicide"],
            id="someone-else",
        ),
        pytest.param("none", [], True, [], id="screen-failed"),
        pytest.param(
            "concern", ["says someone is hurting or threatening them"], False, [],
            id="hurt-by-someone-else",
        ),
    ],
)  # fmt: skip
def test_findings_without_a_topic_add_no_note(
    db: None,
    fake_models: FakeModels,
    level: str,
    reasons: list[str],
    fail: bool,
    notes: list[str],
) -> None:
    fake_models.level, fake_models.reasons, fake_models.fail = level, reasons, fail
    share = share_words(person("alice"), "Words the screen read.")
    assert share.content_notes == notes


def test_only_shared_words_are_read_for_notes(db: None, fake_models: FakeModels) -> None:
    fake_models.level, fake_models.reasons = "concern", ["mentions self-harm"]
    alice = person("alice")
    share = actions.do_share_entry(
        author=alice, entry=make_entry(alice), circles=[], community=True, words=False
    ).share
    assert share.content_notes == []


@pytest.mark.parametrize(
    "category",
    [pytest.param(c, id=c.name) for c in crisis_patterns.KINDS.values() if EXPECTED[c.name]],
)
def test_a_reply_the_screen_finds_about_a_topic_is_shown_folded_under_its_note(
    db: None,
    fake_models: FakeModels,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
    category: crisis_patterns.Kind,
) -> None:
    """Replies are read on the share page, not filtered from a feed: they fold, like a card."""
    from tearspace.circles import events

    sent: list[tuple[int, dict[str, Any]]] = []
    monkeypatch.setattr(events, "send_personal_event_on_commit", lambda i, e: sent.append((i, e)))
    alice = person("alice")
    share = share_words(alice, "A calm cry.")
    client = reader([])
    client.get(reverse("circles:share", args=[share.pk]))  # dana opens it: live replies reach her
    fake_models.level, fake_models.reasons = category.level, [category.reason]
    with django_capture_on_commit_callbacks(execute=True):
        reply = actions.do_reply(author=person("bob"), share=share, body="The words of a reply.")
    assert reply.reply is not None
    expected = EXPECTED[category.name]
    assert reply.reply.content_notes == expected
    page = client.get(reverse("circles:share", args=[share.pk])).content.decode()
    folded = re.search(r'<details class="share-note"><summary>Content note: ([^<]*)\. Tap', page)
    assert folded is not None
    assert folded.group(1) == reply.reply.content_note_label
    assert page.index("The words of a reply.") > folded.start()
    listed = client.get(f"/api/v1/circles/shares/{share.pk}/replies").json()
    assert listed[0]["content_notes"] == expected
    live = [e["reply"] for _, e in sent if e["type"] == "share_reply"]
    assert [r["content_notes"] for r in live] == [expected, expected]  # alice and dana
