"""`DEMO_LANGUAGE=es make run` seeds demo content written in Spanish (and so on for each language).

The demo texts are content, kept beside each app's seeder; these tests hold every app's table to
the languages Tearspace offers and check what a seeded demo reads like in each of them.
"""

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model

from tearspace.accounts.models import User
from tearspace.care.demo import DEMO_TEXTS as CARE_TEXTS
from tearspace.care.models import CareRequest, TherapistProfile
from tearspace.circles.demo import CIRCLE_NAMES, FRIEND_REPLIES
from tearspace.circles.models import Circle, Reply, Share
from tearspace.core import demo
from tearspace.core.tests import clips
from tearspace.journal.demo import NOTES, TRIGGERS
from tearspace.journal.models import Entry, Tag
from tearspace.rooms.demo import DEMO_ROOM_TEXTS
from tearspace.rooms.models import Room, RoomClip
from tearspace.safety.models import SelfCheck

ROOT = Path(__file__).resolve().parents[3]
OFFERED = [code for code, _name in django_settings.LANGUAGES]
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
DEMO_ACCOUNTS = [
    "demo",
    "demo-friend",
    "demo-host",
    "demo-listener",
    "demo-listener-2",
    "demo_therapist_ana",
    "demo_therapist_ben",
    "demo_therapist_chloe",
    "demo-care",
]
SEEDED: list[type[Model]] = [
    User,
    Entry,
    Tag,
    Circle,
    Share,
    Reply,
    Room,
    RoomClip,
    TherapistProfile,
    CareRequest,
    SelfCheck,
]


@pytest.mark.parametrize(
    "table", [TRIGGERS, NOTES, CIRCLE_NAMES, FRIEND_REPLIES, DEMO_ROOM_TEXTS, CARE_TEXTS]
)
def test_every_demo_table_has_each_language_offered_and_nothing_else(table: Any) -> None:
    assert list(table) == OFFERED
    shapes = {code: _shape(texts) for code, texts in table.items()}
    assert all(shape == shapes["en"] for shape in shapes.values()), shapes


def _shape(texts: Any) -> Any:
    if isinstance(texts, dict):
        return {key: _shape(value) for key, value in texts.items()}
    if isinstance(texts, list | tuple):
        return [_shape(value) for value in texts]
    return type(texts).__name__


@pytest.fixture
def seeded_in(db: None, settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Seed twice in a language; a real (one-second) WebM stands in for the minute-long clips."""
    settings.MEDIA_ROOT = str(tmp_path)
    monkeypatch.setattr("tearspace.rooms.demo.make_clip", lambda _sources: clips.make_clip("webm"))

    def seed_in(language: str) -> User:
        settings.DEMO_LANGUAGE = language
        user = demo.seed()
        counts = [model._default_manager.count() for model in SEEDED]
        demo.seed()  # a second `make run` adds nothing
        assert [model._default_manager.count() for model in SEEDED] == counts
        assert isinstance(user, User)
        return user

    return seed_in


@pytest.mark.parametrize("language", OFFERED)
def test_the_demo_is_written_in_the_demo_language(seeded_in: Any, language: str) -> None:
    member = seeded_in(language)
    assert member.language == language
    accounts = User.objects.filter(username__in=DEMO_ACCOUNTS)
    assert sorted(accounts.values_list("username", flat=True)) == sorted(DEMO_ACCOUNTS)
    assert {account.language for account in accounts} == {language}

    seeded = _seeded_texts(member)
    expected = _table_texts(language)
    english = _table_texts("en")
    for part, texts in seeded.items():
        assert texts, part
        assert set(texts) <= expected[part], part
        if language != "en" and part == "tags":  # a loanword may be shared (fr "stress")
            assert set(texts) & english[part] <= {"stress"}, part
        elif language != "en":
            assert not set(texts) & english[part], part
        if language == "ja":
            assert all(JAPANESE.search(text) for text in texts), part
    room = Room.objects.get(host__username="demo-host")
    assert [clip.title for clip in room.clips.order_by("order")] == DEMO_ROOM_TEXTS[language][
        "clips"
    ]
    assert any(f"\u201c{room.title}\u201d" in line for line in demo.login_lines())


def _seeded_texts(member: User) -> dict[str, list[str]]:
    """Every demo text a person sees, as seeded (the empty notes left out)."""
    entries = list(Entry.objects.filter(owner=member))
    room = Room.objects.get(host__username="demo-host")
    profiles = list(TherapistProfile.objects.all())
    return {
        "triggers": [str(entry.trigger) for entry in entries],
        "notes": [str(entry.notes) for entry in entries if entry.notes],
        "tags": [str(tag.name) for tag in Tag.objects.filter(owner=member)],
        "circle": [circle.name for circle in Circle.objects.filter(owner=member)],
        "reply": [reply.body for reply in Reply.objects.all()],
        "room": [room.title, room.theme, room.content_notes],
        "clips": list(room.clips.values_list("title", flat=True)),
        "therapist notes": [profile.note for profile in profiles],
        "answers": [str(request.note) for request in CareRequest.objects.exclude(note="")],
    }


def _table_texts(language: str) -> dict[str, set[str]]:
    room = DEMO_ROOM_TEXTS[language]
    care = CARE_TEXTS[language]
    return {
        "triggers": {trigger for trigger, _tags in TRIGGERS[language]},
        "notes": {note for note in NOTES[language] if note},
        "tags": {tag for _trigger, tags in TRIGGERS[language] for tag in tags},
        "circle": {CIRCLE_NAMES[language]},
        "reply": {FRIEND_REPLIES[language]},
        "room": {room["room_title"], room["theme"], room["content_notes"]},
        "clips": set(room["clips"]),
        "therapist notes": {care["note"]},
        "answers": {care["accept"], care["decline"]},
    }


def test_a_therapist_is_marked_made_up_in_the_demo_language(seeded_in: Any) -> None:
    seeded_in("fr")
    ana = TherapistProfile.objects.get(user__username="demo_therapist_ana")
    assert ana.display_name == "Ana Example (thérapeute fictif pour la démo)"
    assert ana.licence_type == "LCSW (démo)"
    assert ",fr," in ana.languages  # a person trying the French demo finds her


def test_a_language_tearspace_does_not_offer_is_refused_before_anything_is_made(
    db: None, settings: Any
) -> None:
    settings.DEMO_LANGUAGE = "pt"
    with pytest.raises(ImproperlyConfigured, match=r"DEMO_LANGUAGE='pt'.*en, es, fr, de, ja"):
        demo.seed()
    assert not User.objects.filter(username__in=DEMO_ACCOUNTS).exists()


def test_the_settings_refuse_a_demo_language_tearspace_does_not_offer(tmp_path: Path) -> None:
    environment = {**os.environ, "DEMO_LANGUAGE": "klingon", "DATA_DIR": str(tmp_path)}
    started = subprocess.run(
        [sys.executable, "-c", "import config.settings_test"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert started.returncode != 0
    assert "DEMO_LANGUAGE='klingon' is not a language Tearspace offers" in started.stderr
