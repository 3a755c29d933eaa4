from datetime import UTC, datetime, time

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from conftest import PASSWORD
from tearspace.accounts.middleware import UserLocaleMiddleware
from tearspace.accounts.models import User
from tearspace.circles.actions import do_save_circle_settings
from tearspace.notifications.selectors import in_quiet_hours

pytestmark = pytest.mark.django_db


def zone_seen_by_a_view(user: object) -> str:
    seen: list[str] = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append(timezone.get_current_timezone_name())
        return HttpResponse()

    request = RequestFactory().get("/")
    request.user = user  # type: ignore[assignment]
    UserLocaleMiddleware(view)(request)
    return seen[0]


def test_it_shows_times_in_the_persons_own_zone(alice: User) -> None:
    alice.time_zone = "Asia/Tokyo"
    alice.save()
    assert zone_seen_by_a_view(alice) == "Asia/Tokyo"
    # After the request the site's zone is back, so the next person never inherits it.
    assert timezone.get_current_timezone_name() == "UTC"


def test_it_uses_the_sites_zone_until_someone_chooses(alice: User, bob: User) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert alice.time_zone == ""
    assert zone_seen_by_a_view(alice) == "UTC"
    assert zone_seen_by_a_view(AnonymousUser()) == "UTC"


def test_it_saves_a_time_zone_in_settings(login, alice: User) -> None:
    response = login(alice).post(
        "/settings/",
        {"username": "alice", "language": "en", "theme": "system", "time_zone": "America/Chicago"},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.time_zone == "America/Chicago"
    assert alice.to_dict()["time_zone"] == "America/Chicago"


def test_an_unknown_zone_is_refused_and_the_rest_kept(login, alice: User) -> None:
    response = login(alice).post(
        "/settings/",
        {"username": "alice", "language": "en", "theme": "dark", "time_zone": "Mars/Olympus"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Select a valid choice" in page
    assert '<option value="dark" selected>' in page
    alice.refresh_from_db()
    assert (alice.time_zone, alice.theme) == ("", "system")


def test_the_api_reads_and_changes_the_time_zone(login, alice: User) -> None:
    client = login(alice)
    changed = client.patch(
        "/api/v1/me", {"time_zone": "Europe/Berlin"}, content_type="application/json"
    )
    assert changed.status_code == 200
    assert changed.json()["time_zone"] == "Europe/Berlin"
    refused = client.patch(
        "/api/v1/me", {"time_zone": "Nowhere/Land"}, content_type="application/json"
    )
    assert refused.status_code == 400
    assert "time_zone" in refused.json()["errors"]
    alice.refresh_from_db()
    assert alice.time_zone == "Europe/Berlin"


def test_signup_keeps_the_devices_zone_and_ignores_an_unknown_one(login) -> None:
    base = {"password1": PASSWORD, "password2": PASSWORD}
    login(None).post(
        "/accounts/signup/", {**base, "username": "quietriver", "time_zone": "Australia/Perth"}
    )
    login(None).post("/accounts/signup/", {**base, "username": "softrain", "time_zone": "Bad/Zone"})
    zones = dict(User.objects.values_list("username", "time_zone"))
    assert zones["quietriver"] == "Australia/Perth"
    assert zones["softrain"] == ""


def test_quiet_hours_follow_the_persons_zone(alice: User) -> None:
    do_save_circle_settings(
        person=alice,
        quiet_start=time(22, 0),
        quiet_end=time(7, 0),
        hidden_notes=[],
        email_digest=False,
    )
    # 14:00 UTC is 23:00 in Tokyo (quiet) and 14:00 on the site's clock (not quiet).
    moment = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)
    assert not in_quiet_hours(alice.pk, moment)
    alice.time_zone = "Asia/Tokyo"
    alice.save()
    assert in_quiet_hours(alice.pk, moment)


def test_session_times_are_shown_in_the_persons_zone(login, alice: User, host: User) -> None:
    from tearspace.rooms.actions import do_create_room
    from tearspace.safety.tests.conftest import with_totp

    room = do_create_room(
        host=with_totp(host),
        title="Evening songs",
        starts_at=datetime(2026, 12, 1, 18, 0, tzinfo=UTC),
    )
    alice.time_zone = "Asia/Tokyo"
    alice.save()
    page = login(alice).get(f"/rooms/{room.pk}/").content.decode()
    assert "Wed 2 Dec 2026, 03:00 JST" in page
    notifications = login(alice).get("/circles/notifications/").content.decode()
    assert "your time zone (Asia/Tokyo)" in notifications
