"""What helped: the coping tools a person tried, from the form to the dashboard and back."""

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tearspace.accounts.models import User
from tearspace.accounts.tests.conftest import confirm_password
from tearspace.core import demo
from tearspace.journal.actions import Saved
from tearspace.journal.data import read_export
from tearspace.journal.models import Entry
from tearspace.journal.selectors import growth_stats

BASE = "/api/v1/journal"


def _bulk(owner: User, count: int) -> None:
    """Every other cry: a walk and much lighter, or music and breathing and about the same."""
    now = timezone.now()
    Entry.objects.bulk_create(
        Entry(
            owner=owner,
            when=now - timedelta(days=n),
            with_whom="alone",
            relief="much_lighter" if n % 2 else "same",
            helped=",walk," if n % 2 else ",music,breathing,",
        )
        for n in range(count)
    )


def test_it_saves_what_helped_from_the_form_and_shows_it(
    alice: User, login: Callable[[User | None], Client]
) -> None:
    client = login(alice)
    page = client.get(reverse("journal:new")).content.decode()
    assert "What helped?" in page
    assert "grounding (5-4-3-2-1)" in page
    response = client.post(reverse("journal:new"), {"helped": ["walk", "drink", "nonsense"]})
    assert response.status_code == 400  # an unknown choice is refused, the form re-shown
    response = client.post(reverse("journal:new"), {"helped": ["drink", "walk"]})
    assert response.status_code == 302
    entry = Entry.objects.get(owner=alice)
    assert entry.helped_keys == ["walk", "drink"]
    detail = client.get(reverse("journal:detail", kwargs={"entry_id": entry.pk})).content.decode()
    assert "<dt>What helped</dt><dd>a walk, water or tea</dd>" in detail
    edit = client.get(reverse("journal:edit", kwargs={"entry_id": entry.pk})).content.decode()
    assert 'value="walk" id="id_helped_5" checked' in edit


def test_it_fills_in_what_helped_later_with_relief(
    alice: User,
    bob: User,
    login: Callable[[User | None], Client],
    log_entry: Callable[..., Saved],
) -> None:
    entry = log_entry(alice).entry
    url = reverse("journal:relief", kwargs={"entry_id": entry.pk})
    assert login(bob).post(url, {"relief": "lighter", "helped": ["hug"]}).status_code == 404
    client = login(alice)
    client.post(url, {"relief": "lighter", "helped": ["hug", "rest"]})
    entry.refresh_from_db()
    assert (entry.relief, entry.helped_keys) == ("lighter", ["hug", "rest"])
    detail = client.get(reverse("journal:detail", kwargs={"entry_id": entry.pk})).content.decode()
    assert "a hug, rest or sleep" in detail
    client.post(url, {"relief": "lighter"})  # unticking everything clears it
    entry.refresh_from_db()
    assert entry.helped_keys == []


def test_export_and_import_keep_what_helped(
    alice: User,
    charlie: User,
    login: Callable[[User | None], Client],
    log_entry: Callable[..., Saved],
) -> None:
    log_entry(alice, relief="lighter", helped=["room", "breathing"])
    data, _files = read_export(
        confirm_password(login(alice)).get(reverse("accounts:export")).content
    )
    assert data["journal"]["entries"][0]["helped"] == ["breathing", "room"]
    data["journal"]["entries"][0]["helped"].append("not-a-tool")
    response = login(charlie).post(
        reverse("journal:import"),
        {"file": SimpleUploadedFile("data.json", json.dumps(data).encode())},
    )
    assert response.status_code == 302
    assert Entry.objects.get(owner=charlie).helped_keys == ["breathing", "room"]


def test_the_api_creates_patches_and_returns_what_helped(
    alice: User, bob: User, login: Callable[[User | None], Client]
) -> None:
    client = login(alice)
    created = client.post(
        f"{BASE}/entries", {"helped": ["music", "nope"]}, content_type="application/json"
    )
    assert created.status_code == 201
    assert created.json()["helped"] == ["music"]
    entry_id = created.json()["id"]
    url = f"{BASE}/entries/{entry_id}"
    assert login(bob).patch(url, {"helped": []}, content_type="application/json").status_code == 404
    patched = client.patch(url, {"relief": "same"}, content_type="application/json")
    assert patched.json()["helped"] == ["music"]  # left alone when not sent
    patched = client.patch(url, {"helped": ["talking"]}, content_type="application/json")
    assert patched.json()["helped"] == ["talking"]
    assert client.get(url).json()["helped"] == ["talking"]
    assert login(None).get(url).status_code == 401


def test_the_dashboard_shows_relief_by_tool_with_a_table_and_an_insight(
    alice: User, login: Callable[[User | None], Client]
) -> None:
    _bulk(alice, 12)
    stats = growth_stats(owner=alice, period="3m")
    assert [(row["tool"], row["total"], row["relief"]) for row in stats.relief_by_tool] == [
        ("walk", 6, 3.0),
        ("music", 6, 1.0),
        ("breathing", 6, 1.0),
    ]
    assert "Your cries left you lighter more often after a walk." in stats.insights
    page = login(alice).get(reverse("journal:dashboard"), {"period": "3m"}).content.decode()
    assert '<canvas id="chart-tools"' in page
    assert '"relief_by_tool": [{"tool": "walk"' in page
    assert '<th scope="row">a walk</th><td>6</td><td>3.0</td><td>0</td><td>0</td><td>0</td>' in page
    assert "after a walk" in page


def test_the_dashboard_stays_quiet_about_tools_without_enough_data(
    alice: User, login: Callable[[User | None], Client], log_entry: Callable[..., Saved]
) -> None:
    for _ in range(2):
        log_entry(alice, relief="much_lighter", helped=["walk"])
    log_entry(alice, relief="same")
    stats = growth_stats(owner=alice)
    assert stats.relief_by_tool[0]["total"] == 2
    assert not any("after" in line for line in stats.insights)
    log_entry(alice, relief="same")  # no tools noted at all: no chart, a gentle table row
    Entry.objects.update(helped="")
    page = login(alice).get(reverse("journal:dashboard")).content.decode()
    assert 'id="chart-tools"' not in page
    assert "Nothing noted yet. You can add what helped to any entry" in page


@pytest.mark.parametrize("count", [1, 400])
def test_dashboard_query_count_stays_constant_with_tools(
    alice: User,
    login: Callable[[User | None], Client],
    django_assert_max_num_queries: Any,
    count: int,
) -> None:
    _bulk(alice, count)
    client = login(alice)
    with django_assert_max_num_queries(8):  # the year of tears and the header's unread count
        response = client.get(reverse("journal:dashboard"), {"period": "all"})
    assert len(response.context["stats"].relief_by_tool) == (2 if count == 1 else 3)


def test_the_demo_journal_notes_what_helped(db: None) -> None:
    user = demo.seed()
    assert isinstance(user, User)
    noted = Entry.objects.filter(owner=user).exclude(helped="")
    assert noted.count() >= 20
    assert growth_stats(owner=user, period="all").relief_by_tool
