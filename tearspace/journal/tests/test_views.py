import re
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from tearspace.accounts.models import User
from tearspace.journal.actions import ClipUpload, Saved
from tearspace.journal.forms import ReflectionForm
from tearspace.journal.models import Entry, Kind, Relief
from tearspace.safety.models import ScreeningRecord
from tearspace.safety.screening import Screening

CALM = Screening(level="none", show_help=False)
HEAVY = Screening(level="concern", show_help=True, reasons=["test"])


@pytest.fixture
def calm() -> Iterator[mock.MagicMock]:
    with mock.patch("tearspace.safety.screening.assess", return_value=CALM) as patched:
        yield patched


def test_it_logs_a_cry_with_nothing_but_the_moment(
    alice: User, login: Callable[[User | None], Client], calm: mock.MagicMock
) -> None:
    response = login(alice).post(reverse("journal:new"), {})
    entry = Entry.objects.get(owner=alice)
    assert response.status_code == 302
    assert response["Location"] == reverse("journal:reflect", kwargs={"entry_id": entry.pk})
    assert abs((timezone.now() - entry.when).total_seconds()) < 60
    assert entry.relief == ""
    assert not ScreeningRecord.objects.exists()  # nothing was written, so nothing to screen


def test_it_logs_a_full_cry_and_screens_the_words_as_written(
    alice: User, login: Callable[[User | None], Client], calm: mock.MagicMock
) -> None:
    client = login(alice)
    response = client.post(
        reverse("journal:new"),
        {
            "when": "2026-03-02T21:15",
            "duration_minutes": "12",
            "intensity": "4",
            "emotions": ["sad", "lonely"],
            "emotion_words": "hollow",
            "kind": "grief",
            "trigger": "Dad's birthday",
            "tags": "family, dad ,family",
            "place": "home",
            "with_whom": "alone",
            "relief": "lighter",
            "notes": "Cried in the shower.",
        },
    )
    assert response.status_code == 302
    entry = Entry.objects.get(owner=alice)
    assert entry.emotion_keys == ["sad", "lonely"]
    assert sorted(str(t.name) for t in entry.tags.all()) == ["dad", "family"]
    assert entry.notes == "Cried in the shower."
    record = ScreeningRecord.objects.get()
    assert record.kind == "journal_entry"
    assert record.object_id == str(entry.pk)
    assert "Dad's birthday" in calm.call_args.args[0]
    page = client.get(reverse("journal:detail", kwargs={"entry_id": entry.pk})).content.decode()
    assert "Cried in the shower." in page
    assert "Dad&#x27;s birthday" in page
    assert "data-help-panel" not in page


def test_it_shows_help_when_screening_asks_and_keeps_the_words(
    alice: User, login: Callable[[User | None], Client]
) -> None:
    client = login(alice)
    with mock.patch("tearspace.safety.screening.assess", return_value=HEAVY):
        response = client.post(
            reverse("journal:new"), {"notes": "I can't go on like this"}, follow=True
        )
    page = response.content.decode()
    assert "data-help-panel" in page
    assert "Talk to a listener now" in page
    assert reverse("safety:help") in page
    assert Entry.objects.get(owner=alice).notes == "I can't go on like this"


URGENT = Screening(level="urgent", show_help=True, reasons=["test"])


@pytest.mark.parametrize("page", ["journal:detail", "journal:reflect"])
@pytest.mark.parametrize(("screening", "urgent"), [(HEAVY, False), (URGENT, True)])
def test_imminent_risk_puts_the_emergency_number_first_and_no_volunteer_on_every_entry_page(
    alice: User, login: Callable[[User | None], Client], page: str, screening, urgent: bool
) -> None:
    client = login(alice)
    with mock.patch("tearspace.safety.screening.assess", return_value=screening):
        client.post(reverse("journal:new"), {"notes": "words that worried screening"})
    entry = Entry.objects.get(owner=alice)
    shown = client.get(reverse(page, kwargs={"entry_id": entry.pk})).content.decode()
    assert "data-help-panel" in shown
    assert ("call your local emergency number now" in shown) is urgent
    assert ("Talk to a listener now" in shown) is not urgent


def test_it_re_shows_the_form_with_the_words_on_error(
    alice: User, login: Callable[[User | None], Client], calm: mock.MagicMock
) -> None:
    response = login(alice).post(
        reverse("journal:new"), {"notes": "still here", "intensity": "9", "when": "nonsense"}
    )
    assert response.status_code == 400
    assert "still here" in response.content.decode()
    assert not Entry.objects.exists()


def test_it_edits_fills_relief_later_and_deletes(
    alice: User,
    login: Callable[[User | None], Client],
    log_entry: Callable[..., Saved],
    calm: mock.MagicMock,
) -> None:
    entry = log_entry(alice, notes="first").entry
    client = login(alice)
    edit = reverse("journal:edit", kwargs={"entry_id": entry.pk})
    assert "first" in client.get(edit).content.decode()
    client.post(edit, {"notes": "second", "tags": "work", "when": "2026-01-01T10:00"})
    entry.refresh_from_db()
    assert entry.notes == "second"
    assert [str(t.name) for t in entry.tags.all()] == ["work"]
    client.post(
        reverse("journal:relief", kwargs={"entry_id": entry.pk}), {"relief": "much_lighter"}
    )
    entry.refresh_from_db()
    assert entry.relief == "much_lighter"
    client.post(reverse("journal:delete", kwargs={"entry_id": entry.pk}))
    assert not Entry.objects.filter(pk=entry.pk).exists()


def test_it_stores_reflection_answers_and_lets_them_be_skipped(
    alice: User,
    login: Callable[[User | None], Client],
    log_entry: Callable[..., Saved],
    calm: mock.MagicMock,
) -> None:
    entry = log_entry(alice).entry
    client = login(alice)
    url = reverse("journal:reflect", kwargs={"entry_id": entry.pk})
    page = client.get(url).content.decode()
    assert "Was this cry expressing a feeling, or protesting a situation?" in page
    assert 'id="skip-reflection"' in page
    client.post(
        url,
        {
            "expressing_or_protesting": "protesting",
            "lighter": "lighter",
            "share_with": "my friend Jo",
            "quiet_minute": "",
        },
    )
    entry.refresh_from_db()
    assert entry.reflection == {
        "expressing_or_protesting": "protesting",
        "lighter": "lighter",
        "share_with": "my friend Jo",
    }
    assert entry.relief == "lighter"
    assert (
        "my friend Jo"
        in client.get(reverse("journal:detail", kwargs={"entry_id": entry.pk})).content.decode()
    )


def test_it_uploads_a_clip_and_serves_ranges_to_the_owner(
    alice: User, login: Callable[[User | None], Client], video_bytes: bytes, calm: mock.MagicMock
) -> None:
    client = login(alice)
    upload = SimpleUploadedFile("clip.webm", video_bytes, content_type="video/webm")
    client.post(reverse("journal:new"), {"notes": "with a clip", "clip": upload})
    entry = Entry.objects.get(owner=alice)
    url = reverse("journal:clip", kwargs={"entry_id": entry.pk})
    whole = client.get(url)
    assert whole.status_code == 200
    assert whole["Accept-Ranges"] == "bytes"
    assert whole.getvalue() == video_bytes
    part = client.get(url, headers={"Range": "bytes=100-199"})
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 100-199/{len(video_bytes)}"
    assert part.getvalue() == video_bytes[100:200]
    tail = client.get(url, headers={"Range": "bytes=-10"})
    assert tail.getvalue() == video_bytes[-10:]
    assert client.get(url, headers={"Range": f"bytes={len(video_bytes) + 5}-"}).status_code == 416
    assert (
        "<video"
        in client.get(reverse("journal:detail", kwargs={"entry_id": entry.pk})).content.decode()
    )


def test_it_refuses_clips_over_the_limits_with_a_clear_message(
    alice: User,
    login: Callable[[User | None], Client],
    audio_bytes: bytes,
    settings: object,
    calm: mock.MagicMock,
) -> None:
    client = login(alice)
    settings.JOURNAL_CLIP_MAX_BYTES = 100  # type: ignore[attr-defined]
    big = SimpleUploadedFile("a.webm", audio_bytes, content_type="audio/webm")
    response = client.post(reverse("journal:new"), {"notes": "keep me", "clip": big})
    assert response.status_code == 400
    assert "That clip is too big" in response.content.decode()
    assert "keep me" in response.content.decode()
    settings.JOURNAL_CLIP_MAX_BYTES = 10_000_000  # type: ignore[attr-defined]
    settings.JOURNAL_CLIP_MAX_SECONDS = 0  # type: ignore[attr-defined]
    response = client.post(
        reverse("journal:new"),
        {"clip": SimpleUploadedFile("a.webm", audio_bytes, content_type="audio/webm")},
    )
    assert "That clip is too long" in response.content.decode()
    response = client.post(
        reverse("journal:new"),
        {"clip": SimpleUploadedFile("a.webm", b"hello", content_type="audio/webm")},
    )
    assert "couldn&#x27;t read that file" in response.content.decode()
    assert not Entry.objects.exists()


def test_timeline_filters_and_searches_my_own_words(
    alice: User,
    bob: User,
    login: Callable[[User | None], Client],
    log_entry: Callable[..., Saved],
    audio_bytes: bytes,
    calm: mock.MagicMock,
) -> None:
    now = timezone.now()
    log_entry(
        alice,
        when=now,
        notes="The Café scene again",
        emotions=["moved"],
        kind="joy",
        tags=("films",),
        with_whom="friend",
    )
    log_entry(
        alice,
        when=now - timedelta(days=40),
        notes="Rent argument",
        emotions=["angry"],
        kind="protest",
        with_whom="partner",
        clip=ClipUpload(audio_bytes, "audio/webm"),
    )
    log_entry(bob, notes="cafe with bob")
    client = login(alice)

    def found(**params: str) -> list[str]:
        page = client.get(reverse("journal:timeline"), params).context["page"]
        return [e.notes for e in page]

    assert found() == ["The Café scene again", "Rent argument"]
    assert found(q="cafe") == ["The Café scene again"]
    assert found(q="CAFÉ scene") == ["The Café scene again"]
    assert found(q="films") == ["The Café scene again"]
    assert found(q="cafe rent") == []
    assert found(emotion="angry") == ["Rent argument"]
    assert found(kind="joy") == ["The Café scene again"]
    assert found(with_whom="partner") == ["Rent argument"]
    assert found(has_clip="1") == ["Rent argument"]
    tag = alice.journal_tags.get()
    assert found(tag=str(tag.pk)) == ["The Café scene again"]


def test_timeline_query_count_does_not_grow(
    alice: User,
    login: Callable[[User | None], Client],
    log_entry: Callable[..., Saved],
    django_assert_max_num_queries: Any,
    calm: mock.MagicMock,
) -> None:
    client = login(alice)
    for number in range(30):
        log_entry(alice, notes=f"entry {number}", tags=("a", "b"), emotions=["sad"])
    with django_assert_max_num_queries(8):
        response = client.get(reverse("journal:timeline"))
    assert response.status_code == 200
    assert "entry 29" in response.content.decode()
    assert "Page 1 of 2" in response.content.decode()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_timeline_names_each_kind_and_relief_in_the_pages_language(
    alice: User,
    login: Callable[[User | None], Client],
    log_entry: Callable[..., Saved],
    calm: mock.MagicMock,
    language: str,
) -> None:
    for kind, relief in zip(Kind.values, [*Relief.values, *Relief.values], strict=False):
        log_entry(alice, kind=kind, relief=relief)
    Entry.objects.filter(kind=Kind.REFLEX).update(kind="retired", relief="")
    page = login(alice).get(reverse("journal:timeline"), HTTP_ACCEPT_LANGUAGE=language)
    pills = re.findall(r'<span class="pill">([^<]+)</span>', page.content.decode())
    with translation.override(language):
        named = [escape(label) for label in [*Kind.labels, *Relief.labels]]
    offered = set(named) - {escape(Kind.REFLEX.label)}
    assert offered <= set(pills)
    assert "retired" in pills


def test_timeline_marks_the_entry_with_a_clip_and_names_its_feelings(
    alice: User,
    login: Callable[[User | None], Client],
    log_entry: Callable[..., Saved],
    audio_bytes: bytes,
    calm: mock.MagicMock,
) -> None:
    log_entry(
        alice,
        notes="with a voice note",
        emotions=["sad", "lonely"],
        clip=ClipUpload(audio_bytes, "audio/webm"),
    )
    log_entry(alice, notes="just words", when=timezone.now() - timedelta(days=1))
    page = login(alice).get(reverse("journal:timeline")).content.decode()
    cards = re.findall(r'<li class="card entry-card.*?</li>', page, re.S)
    assert len(cards) == 2
    assert '<span class="pill">clip</span>' in cards[0]
    assert "<p>sad, lonely</p>" in cards[0]
    assert "clip</span>" not in cards[1]
    assert "<p></p>" not in cards[1]


def test_timeline_shows_every_tag_of_each_entry_even_when_filtered_by_one(
    alice: User,
    bob: User,
    login: Callable[[User | None], Client],
    log_entry: Callable[..., Saved],
    calm: mock.MagicMock,
) -> None:
    log_entry(alice, notes="two tags", tags=("films", "family"))
    log_entry(alice, notes="no tags", when=timezone.now() - timedelta(days=1))
    log_entry(alice, notes="one tag", tags=("work",), when=timezone.now() - timedelta(days=2))
    log_entry(bob, notes="bob's", tags=("films", "secret"))
    client = login(alice)

    def tags_shown(**params: str) -> dict[str, set[str]]:
        page = client.get(reverse("journal:timeline"), params).content.decode()
        cards = re.findall(r'<li class="card entry-card.*?</li>', page, re.S)
        shown = {}
        for card in cards:
            notes = re.search(r'<p class="muted">([^<]+)</p>', card)
            assert notes is not None
            tags = re.search(r'<p class="small">([^<]*)</p>', card)
            shown[notes[1]] = set(tags[1].split()) if tags else set()
        return shown

    assert tags_shown() == {
        "two tags": {"#films", "#family"},
        "no tags": set(),
        "one tag": {"#work"},
    }
    films = next(tag for tag in alice.journal_tags.all() if str(tag.name) == "films")
    assert tags_shown(tag=str(films.pk)) == {"two tags": {"#films", "#family"}}


@pytest.mark.parametrize("language", ["en", "es", "ja"])
def test_growth_names_each_kind_in_the_pages_language_not_its_code(
    alice: User,
    login: Callable[[User | None], Client],
    log_entry: Callable[..., Saved],
    calm: mock.MagicMock,
    language: str,
) -> None:
    for kind in Kind.values:
        log_entry(alice, kind=kind)
    log_entry(alice)
    alice.language = language
    alice.save(update_fields=["language"])
    page = login(alice).get(reverse("journal:dashboard")).content.decode()
    headers = re.findall(r'<th scope="col">([^<]+)</th>', page)
    with translation.override(language):
        names = [escape(str(label)) for label in Kind.labels] + [escape(_("kind not said"))]
    assert set(names) <= set(headers)
    codes_unlike_names = {
        code for code, name in zip(Kind.values, names, strict=False) if code != name
    }
    assert not codes_unlike_names & set(headers)


def test_the_reflection_questions_are_asked_in_the_pages_language() -> None:
    with translation.override("es"):
        labels = [str(field.label) for field in ReflectionForm().fields.values()]
    with translation.override("en"):
        english = [str(field.label) for field in ReflectionForm().fields.values()]
    assert labels != english
    assert "Did you feel lighter afterwards?" in english
