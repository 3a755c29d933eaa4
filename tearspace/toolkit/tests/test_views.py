"""Every toolkit page for anonymous and logged-in people; noting a use and reminders."""

import datetime as dt
import io
import json
import zipfile
import zoneinfo

import pytest
from django.utils import timezone

from tearspace.accounts.tests.conftest import confirm_password
from tearspace.journal.models import HELPED
from tearspace.toolkit.actions import next_local_time
from tearspace.toolkit.catalogue import TOOL_PAGES, USABLE_TOOLS
from tearspace.toolkit.models import Reminder, ToolUse

PAGES = ["/toolkit/"] + [f"/toolkit/{tool.path}" for tool in TOOL_PAGES]


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("who", [None, "alice"])
def test_every_toolkit_page_works_logged_out_and_in(login, alice, path, who):
    response = login(alice if who else None).get(path)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'href="/toolkit/breathe/"' in page  # the breathe button in the header
    assert "<script" not in page.split("</head>")[1].replace('<script src="/static/', "")


@pytest.mark.django_db
@pytest.mark.parametrize("path", [f"/toolkit/{tool.path}" for tool in TOOL_PAGES if tool.helped])
def test_only_a_logged_in_person_is_offered_to_note_a_use(login, alice, path):
    assert "Note that I used this" not in login(None).get(path).content.decode()
    page = login(alice).get(path).content.decode()
    assert "Note that I used this" in page
    # Logging a cry from here ticks this tool under "what helped".
    tool = next(tool for tool in TOOL_PAGES if path.endswith(tool.path))
    assert f'href="/journal/new/?helped={tool.helped}"' in page


def test_every_usable_tool_stands_for_something_in_what_helped():
    assert USABLE_TOOLS
    assert all(tool.helped in HELPED for tool in TOOL_PAGES if tool.helped)


@pytest.mark.django_db
@pytest.mark.parametrize("key", [key for key, _title in USABLE_TOOLS])
def test_noting_a_use_records_it_for_me_only(login, alice, key):
    response = login(alice).post("/toolkit/used/", {"tool": key})
    assert response.status_code == 302
    assert [use.tool for use in ToolUse.objects.filter(user=alice)] == [key]


@pytest.mark.django_db
def test_noting_a_use_needs_an_account_and_a_known_tool(login, alice):
    anonymous = login(None).post("/toolkit/used/", {"tool": "breathe"})
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/")
    assert login(alice).post("/toolkit/used/", {"tool": "ways"}).status_code == 400
    assert login(alice).get("/toolkit/used/", {"tool": "breathe"}).status_code == 405
    assert not ToolUse.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("viewer", ["charlie", "moderator"])
def test_my_tools_shows_only_my_own_uses(login, alice, charlie, mod, viewer):
    ToolUse.objects.create(user=alice, tool="grounding")
    page = login(alice).get("/toolkit/mine/").content.decode()
    assert "5-4-3-2-1 grounding: 1" in page
    other = {"charlie": charlie, "moderator": mod}[viewer]
    theirs = login(other).get("/toolkit/mine/").content.decode()
    assert "grounding" not in theirs
    assert "Nothing noted yet" in theirs
    assert login(None).get("/toolkit/mine/").status_code == 302


@pytest.mark.django_db
def test_the_index_tallies_my_uses_and_not_a_strangers(login, alice, charlie):
    ToolUse.objects.create(user=alice, tool="breathe")
    ToolUse.objects.create(user=alice, tool="breathe")
    assert "Guided breathing (2)" in login(alice).get("/toolkit/").content.decode()
    assert "You noted using" not in login(charlie).get("/toolkit/").content.decode()


@pytest.mark.django_db
def test_a_reminder_is_set_in_my_time_zone_and_shown_when_due(login, alice, charlie):
    alice.time_zone = "Asia/Tokyo"
    alice.save()
    response = login(alice).post("/toolkit/reminder/", {"at": "21:30"})
    assert response.status_code == 302
    reminder = Reminder.objects.get(user=alice)
    local = reminder.due_at.astimezone(zoneinfo.ZoneInfo("Asia/Tokyo"))
    assert (local.hour, local.minute) == (21, 30)
    assert timezone.now() < reminder.due_at <= timezone.now() + dt.timedelta(days=1)

    due_text = "You wanted a safe moment for your tears"
    assert due_text not in login(alice).get("/toolkit/").content.decode()
    Reminder.objects.filter(pk=reminder.pk).update(due_at=timezone.now())
    for path in ["/", "/toolkit/", "/journal/", "/help/"]:
        assert due_text in login(alice).get(path).content.decode()
        assert due_text not in login(charlie).get(path).content.decode()
    assert due_text not in login(None).get("/").content.decode()
    # Someone else cannot dismiss it; its owner can.
    dismiss = f"/toolkit/reminder/{reminder.pk}/dismiss/"
    assert login(charlie).post(dismiss).status_code == 404
    assert login(alice).post(dismiss).status_code == 302
    assert not Reminder.objects.exists()


@pytest.mark.django_db
def test_a_reminder_needs_an_account_and_a_time(login, alice):
    assert login(None).post("/toolkit/reminder/", {"at": "20:00"}).status_code == 302
    assert login(alice).post("/toolkit/reminder/", {"at": "later"}).status_code == 400
    assert not Reminder.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("now", "at", "expected"),
    [
        # 08:00 in Tokyo (23:00 UTC the day before): 21:30 is later the same day there.
        ("2026-03-01T23:00:00+00:00", dt.time(21, 30), "2026-03-02T12:30:00+00:00"),
        # 22:00 in Tokyo: 21:30 has passed, so tomorrow.
        ("2026-03-02T13:00:00+00:00", dt.time(21, 30), "2026-03-03T12:30:00+00:00"),
    ],
)
def test_next_local_time_is_in_the_persons_zone(alice, now, at, expected):
    alice.time_zone = "Asia/Tokyo"
    got = next_local_time(user=alice, at=at, now=dt.datetime.fromisoformat(now))
    assert got == dt.datetime.fromisoformat(expected)


@pytest.mark.django_db
def test_export_holds_my_tool_uses_and_delete_removes_them(login, alice, bob):
    ToolUse.objects.create(user=alice, tool="pause")
    ToolUse.objects.create(user=bob, tool="after")
    Reminder.objects.create(user=alice, due_at=timezone.now())
    client = confirm_password(login(alice))  # export and delete need a fresh sign-in
    archive = zipfile.ZipFile(io.BytesIO(client.get("/settings/export/").content))
    data = json.loads(archive.read("data.json"))
    assert [use["tool"] for use in data["toolkit"]["tool_uses"]] == ["pause"]
    assert len(data["toolkit"]["reminders"]) == 1
    client.post("/settings/delete/", {"confirm": "alice"})
    assert not ToolUse.objects.filter(user_id=alice.pk).exists()
    assert not Reminder.objects.exists()
    assert ToolUse.objects.filter(user=bob).count() == 1


@pytest.mark.django_db
def test_the_manifest_is_valid_and_its_icons_are_served(client):
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["start_url"] == "/toolkit/"
    assert manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200


@pytest.mark.django_db
def test_the_service_worker_is_served_at_the_root_and_keeps_no_private_page(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    body = response.content.decode()
    for path in PAGES:
        assert f'"{path}"' in body
    for private in ["/journal/", "/circles/", "/rooms/", "/api/", "/settings/"]:
        assert f'"{private}' not in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "data", "limit"),
    [("/toolkit/used/", {"tool": "breathe"}, 60), ("/toolkit/reminder/", {"at": "20:00"}, 20)],
)
def test_notes_and_reminders_are_rate_limited_per_person(login, alice, bob, path, data, limit):
    client = login(alice)
    codes = [client.post(path, data).status_code for _ in range(limit + 1)]
    assert codes[:limit] == [302] * limit
    assert codes[-1] == 429
    assert login(bob).post(path, data).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize(("raw", "shown"), [("7", True), ("²", False), ("9" * 20, False)])
def test_the_quiet_minute_links_back_only_to_an_entry_id_that_can_exist(client, raw, shown):
    response = client.get("/toolkit/after-a-cry/", {"quiet": "start", "entry": raw})
    assert response.status_code == 200
    assert ('href="/journal/7/"' in response.content.decode()) is shown
