"""The person's clock: the repeated hour at a daylight-saving change, and properties against
zoneinfo for days, grouping and reading wall-clock times."""

from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, available_timezones

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tearspace.accounts import clock
from tearspace.accounts.models import User
from tearspace.journal.models import Entry
from tearspace.journal.selectors import growth_stats

LA = "America/Los_Angeles"
# 1 November 2026, 01:30 happens twice in Los Angeles: 08:30 UTC (PDT), then 09:30 UTC (PST).
FIRST, SECOND = datetime(2026, 11, 1, 8, 30, tzinfo=UTC), datetime(2026, 11, 1, 9, 30, tzinfo=UTC)

ZONES = sorted(available_timezones() - {"Factory", "localtime"})
instants = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2037, 12, 31), timezones=st.just(UTC)
)


@pytest.fixture
def angelena(alice: User) -> User:
    alice.time_zone = LA
    alice.save(update_fields=["time_zone"])
    return alice


def test_the_repeated_hour_is_asked_about_then_logged_as_either(
    angelena: User, login: Callable[[User | None], Client]
) -> None:
    client = login(angelena)
    asked = client.post("/journal/new/", {"when": "2026-11-01T01:30", "notes": "twice"})
    assert asked.status_code == 400
    page = asked.content.decode()
    assert "happened twice" in page
    assert 'name="when_fold"' in page
    assert "twice" in page  # the words are still on the page
    assert not Entry.objects.exists()
    for fold, expected in ((0, FIRST), (1, SECOND)):
        saved = client.post("/journal/new/", {"when": "2026-11-01T01:30", "when_fold": fold})
        assert saved.status_code == 302
        assert Entry.objects.order_by("-pk").first().when == expected  # type: ignore[union-attr]


def test_editing_the_second_of_the_repeated_hour_keeps_it_the_second(
    angelena: User, login: Callable[[User | None], Client]
) -> None:
    entry = Entry.objects.create(owner=angelena, when=SECOND)
    client = login(angelena)
    form = client.get(f"/journal/{entry.pk}/edit/").content.decode()
    assert 'value="2026-11-01T01:30"' in form
    assert '<option value="1" selected>' in form
    response = client.post(
        f"/journal/{entry.pk}/edit/",
        {"when": "2026-11-01T01:30", "when_fold": 1, "notes": "edited"},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.when, entry.notes) == (SECOND, "edited")


def test_a_skipped_time_is_refused_plainly(
    angelena: User, login: Callable[[User | None], Client]
) -> None:
    response = login(angelena).post("/journal/new/", {"when": "2026-03-08T02:30"})
    assert response.status_code == 400
    assert "never happened" in response.content.decode()


def test_the_api_refuses_an_ambiguous_time_and_takes_one_with_an_offset(
    angelena: User, login: Callable[[User | None], Client]
) -> None:
    client = login(angelena)
    post = lambda when: client.post(  # noqa: E731
        "/api/v1/journal/entries", {"when": when}, content_type="application/json"
    )
    assert post("2026-11-01T01:30").status_code == 422
    assert post("2026-03-08T02:30").status_code == 422
    second = post("2026-11-01T01:30-08:00")
    assert second.status_code == 201
    assert Entry.objects.get(pk=second.json()["id"]).when == SECOND
    assert second.json()["when"] == "2026-11-01T01:30:00-08:00"


@settings(max_examples=300, deadline=None)
@given(moment=instants, zone=st.sampled_from(ZONES))
def test_a_moment_is_inside_the_span_of_exactly_its_own_local_day(
    moment: datetime, zone: str
) -> None:
    person = User(time_zone=zone)
    day = moment.astimezone(ZoneInfo(zone)).date()
    start, end = clock.day_span(day, day, person)
    assert start <= moment < end
    before, after = clock.day_span(day - timedelta(days=1), day - timedelta(days=1), person)
    assert not before <= moment < after
    assert after == start  # days tile time with no gap and no overlap


@settings(max_examples=300, deadline=None)
@given(
    wall=st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2037, 12, 31)),
    zone=st.sampled_from(ZONES),
    fold=st.sampled_from([0, 1]),
)
def test_reading_a_wall_clock_time_gives_back_that_wall_clock_time(
    wall: datetime, zone: str, fold: int
) -> None:
    tz = ZoneInfo(zone)
    wall = wall.replace(second=0, microsecond=0)
    try:
        moment = clock.aware(wall, tz, fold=fold)
    except clock.SkippedTime:
        # Only a wall time zoneinfo cannot round-trip in either fold is refused.
        first = wall.replace(tzinfo=tz, fold=0).astimezone(UTC).astimezone(tz)
        assert first.replace(tzinfo=None) != wall
        return
    assert moment.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == wall
    if clock.is_ambiguous(wall, tz):
        other = clock.aware(wall, tz, fold=1 - fold)
        assert other != moment
        assert abs(other - moment) <= timedelta(hours=3)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    moments=st.lists(instants, min_size=1, max_size=25),
    zone=st.sampled_from(["Asia/Tokyo", LA, "Pacific/Kiritimati", "UTC", *ZONES[::40]]),
)
def test_the_dashboard_groups_by_local_date_as_zoneinfo_does(
    alice: User, moments: list[datetime], zone: str
) -> None:
    Entry.objects.filter(owner=alice).delete()
    alice.time_zone = zone
    Entry.objects.bulk_create(Entry(owner=alice, when=m) for m in moments)
    stats = growth_stats(owner=alice, period="all", now=max(moments))
    local_days = [m.astimezone(ZoneInfo(zone)).date() for m in moments]
    months = Counter(d.strftime("%Y-%m") for d in local_days)
    weeks = Counter(d - timedelta(days=d.weekday()) for d in local_days)
    assert {m["month"]: m["count"] for m in stats.months} == months
    assert {date.fromisoformat(str(w["week"])): w["count"] for w in stats.weeks if w["count"]} == (
        weeks
    )


@pytest.mark.parametrize("when", ["9999-12-31T23:30", "0001-01-01T00:10"])
def test_a_time_at_the_edge_of_the_calendar_is_refused_not_a_server_error(
    when: str, login: Callable[[User | None], Client], alice: User
) -> None:
    alice.time_zone = "Asia/Tokyo" if when.startswith("0001") else LA
    alice.save(update_fields=["time_zone"])
    response = login(alice).post("/journal/new/", {"when": when})
    assert response.status_code == 400
    # The shared boundary validator answers first, before the zone arithmetic could overflow.
    assert "Choose a date between" in response.content.decode()
