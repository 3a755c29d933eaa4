"""Every journal create happens once per client key, whatever the interface and however raced."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.db.models import QuerySet
from django.test import Client

from tearspace.accounts.models import User
from tearspace.journal.actions import do_start_montage
from tearspace.journal.models import Clip, Entry, MontageJob
from tearspace.journal.views import HELP_SESSION_KEY
from tearspace.safety.screening import Screening

HEAVY = Screening(level="concern", show_help=True, reasons=["test"])
KEY = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
OTHER_KEY = "5d41402abc4b2a76b9719d911017c592"


@dataclass(frozen=True)
class Create:
    """One create endpoint: how to send it with a client key, and what it makes."""

    name: str
    model: type[models.Model]
    send: Callable[[Client, str], Any]


def _form_entry(client: Client, key: str) -> Any:
    return client.post("/journal/new/", {"notes": "once", "client_key": key})


def _form_montage(client: Client, key: str) -> Any:
    return client.post(
        "/journal/montage/", {"start": "2026-11-01", "end": "2026-11-30", "client_key": key}
    )


def _api_entry(client: Client, key: str) -> Any:
    return client.post(
        "/api/v1/journal/entries",
        {"notes": "once"},
        content_type="application/json",
        headers={"Idempotency-Key": key},
    )


def _api_montage(client: Client, key: str) -> Any:
    return client.post(
        "/api/v1/journal/montages",
        {"start": "2026-11-01", "end": "2026-11-30"},
        content_type="application/json",
        headers={"Idempotency-Key": key},
    )


CREATES = [
    Create("entry form", Entry, _form_entry),
    Create("montage form", MontageJob, _form_montage),
    Create("entry API", Entry, _api_entry),
    Create("montage API", MontageJob, _api_montage),
]


# Every create route's matrix, the journal's too: tearspace/core/tests/test_client_keys.py.


@pytest.mark.parametrize("create", CREATES, ids=lambda c: c.name)
def test_a_malformed_key_is_refused_and_makes_nothing(
    create: Create, alice: User, login: Callable[[User | None], Client]
) -> None:
    response = create.send(login(alice), "bad key\r\n")
    assert response.status_code == 400
    assert not create.model._default_manager.exists()


def test_a_double_click_with_a_clip_stores_one_entry_and_one_clip(
    alice: User, login: Callable[[User | None], Client], audio_bytes: bytes
) -> None:
    client = login(alice)
    folder = f"journal/{alice.pk}"
    # Other tests may have left files for an account with the same number.
    before = set(default_storage.listdir(folder)[1]) if default_storage.exists(folder) else set()

    def send() -> Any:
        clip = SimpleUploadedFile("rec.webm", audio_bytes, content_type="audio/webm")
        return client.post("/journal/new/", {"notes": "x", "client_key": KEY, "clip": clip})

    first, again = send(), send()
    assert first["Location"] == again["Location"]
    assert Entry.objects.count() == 1
    clip = Clip.objects.get()
    assert set(default_storage.listdir(folder)[1]) - before == {clip.path.rsplit("/", 1)[-1]}
    # The second click lands on the same saved entry, with one "Saved" note, not two.
    page = client.get(again["Location"]).content.decode()
    assert page.count("Saved. Thank you") == 1


def test_a_lost_race_on_the_key_answers_with_the_winners_object(
    alice: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both requests look and find nothing; the other commits first; our insert then fails."""
    made: list[MontageJob] = []
    look = QuerySet.first

    def look_then_lose(queryset: QuerySet[Any]) -> Any:
        found = look(queryset)
        if not made:  # the other request commits right after our lookup
            made.append(
                MontageJob.objects.create(
                    owner=alice, start=date(2026, 1, 1), end=date(2026, 1, 2), client_key=KEY
                )
            )
        return found

    monkeypatch.setattr(QuerySet, "first", look_then_lose)
    job = do_start_montage(
        owner=alice, start=date(2026, 1, 1), end=date(2026, 1, 2), client_key=KEY
    )
    assert job == made[0]
    assert MontageJob.objects.count() == 1


def test_the_entry_form_carries_a_fresh_key_each_time(
    alice: User, login: Callable[[User | None], Client]
) -> None:
    client = login(alice)
    keys = {
        client.get("/journal/new/").context["form"].initial["client_key"],
        client.get("/journal/new/").context["form"].initial["client_key"],
    }
    assert len(keys) == 2
    assert all(len(key) == 32 for key in keys)


@pytest.mark.parametrize("create", [c for c in CREATES if c.model is Entry], ids=lambda c: c.name)
def test_a_repeat_still_shows_the_help_the_first_answer_carried(
    create: Create, alice: User, login: Callable[[User | None], Client]
) -> None:
    """The first answer may be the one that was lost: help must not be lost with it."""
    client = login(alice)
    with mock.patch("tearspace.safety.screening.assess", return_value=HEAVY) as screened:
        first = create.send(client, KEY)
        session = client.session  # the page that would have shown help never arrived
        session.pop(HELP_SESSION_KEY, None)
        session.save()
        again = create.send(client, KEY)
    assert screened.call_count == 1  # the words were screened (and escalated) once
    if first.status_code == 302:
        assert "help-panel" in client.get(again["Location"]).content.decode()
    else:
        assert (first.json()["show_help"], again.json()["show_help"]) == (True, True)
