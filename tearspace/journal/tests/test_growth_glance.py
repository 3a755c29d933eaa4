"""Growth at a glance: feelings in a few families with colour-blind-safe colours, the period
shown in words, a year of tears coloured by relief, timeline cards in their feeling's colour."""

import json
import re
from collections.abc import Callable
from datetime import date, timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tearspace.accounts import clock
from tearspace.accounts.models import User
from tearspace.journal.actions import do_log_entry
from tearspace.journal.models import EMOTIONS, FAMILIES, family_of
from tearspace.journal.selectors import YEAR_WEEKS, year_of_tears

Login = Callable[[User | None], Client]
# Okabe & Ito's palette for colour-vision differences (and its grey).
OKABE_ITO = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#767676"}


def test_every_feeling_belongs_to_one_of_a_few_families_with_distinct_safe_colours() -> None:
    assert {family_of(key) for key in EMOTIONS} == set(FAMILIES)
    assert len(FAMILIES) <= 6
    colours = [colour for _label, colour in FAMILIES.values()]
    assert set(colours) <= OKABE_ITO
    assert len(set(colours)) == len(colours)


def test_the_charts_group_feelings_into_families_in_their_colours(
    alice: User, login: Login
) -> None:
    for emotions in (["sad", "lonely"], ["grieving"], ["angry"], ["relieved", "sad"]):
        do_log_entry(owner=alice, fields={"emotions": emotions})
    page = login(alice).get(reverse("journal:dashboard")).content.decode()
    data = json.loads(page.split('id="journal-stats" type="application/json">')[1].split("<")[0])
    families = {(f["family"], f["count"]) for f in data["families"]}
    assert families == {("sadness", 4), ("anger", 1), ("joy", 1)}
    assert data["families"][0]["family"] == "sadness"  # most named first
    for emotion in data["emotions"]:
        assert emotion["colour"] == FAMILIES[family_of(emotion["key"])][1]
    key = page.split('id="family-key"')[1].split("</ul>")[0]
    assert 'class="swatch family-sadness"' in key
    assert "sadness and hurt" in key
    assert "(4)" in key


def test_the_period_shown_is_marked_and_said_in_words(alice: User, login: Login) -> None:
    do_log_entry(owner=alice, fields={"when": timezone.now() - timedelta(days=400)})
    client = login(alice)
    today = clock.local_date(timezone.now(), alice)
    page = client.get(reverse("journal:dashboard"), {"period": "3m"}).content.decode()
    assert re.search(r'href="\?period=3m" aria-current="page"', page)
    assert page.count('aria-current="page"') == 1 + page.count(
        'aria-current="page"', 0, page.index("period-picker")
    )
    shown = re.fullmatch(r"Showing (.+) to (.+)", page.split('id="period-shown">')[1].split("<")[0])
    assert shown is not None

    def says(text: str, day: date) -> bool:
        return f"{day:%b}" in text and str(day.day) in text and str(day.year) in text

    assert says(shown[1], clock.local_date(timezone.now() - timedelta(days=91), alice))
    assert says(shown[2], today)
    every = client.get(reverse("journal:dashboard"), {"period": "all"}).content.decode()
    shown = re.search(r'id="period-shown">Showing (.+) to', every)
    assert shown is not None
    assert says(shown[1], clock.local_date(timezone.now() - timedelta(days=400), alice))


def test_the_year_of_tears_colours_each_day_by_its_relief(alice: User, bob: User) -> None:
    now = timezone.now()
    days = {2: ["much_lighter", "lighter"], 3: ["worse"], 4: [""], 5: ["same", "lighter"]}
    for ago, reliefs in days.items():
        for relief in reliefs:
            do_log_entry(owner=alice, fields={"when": now - timedelta(days=ago), "relief": relief})
    do_log_entry(owner=bob, fields={"when": now - timedelta(days=6), "relief": "worse"})
    weeks = year_of_tears(owner=alice, now=now)
    assert len(weeks) == YEAR_WEEKS
    cells = {day.date: day for week in weeks for day in week}
    today = clock.local_date(now, alice)
    assert max(cells) == today
    assert min(cells).weekday() == 0  # weeks start on Monday
    assert (today - min(cells)).days >= 364

    def level(ago: int) -> str:
        return cells[clock.local_date(now - timedelta(days=ago), alice)].level

    # 3 and 2 average 2.5: rounded up to much lighter; 1 and 2 average 1.5: lighter.
    assert [level(2), level(3), level(4), level(5)] == [
        "much_lighter",
        "worse",
        "unsaid",
        "lighter",
    ]
    assert level(6) == "none"  # bob's cry is his
    assert cells[clock.local_date(now - timedelta(days=2), alice)].cries == 2


def test_the_year_of_tears_is_on_the_growth_page_with_its_key(alice: User, login: Login) -> None:
    do_log_entry(owner=alice, fields={"relief": "worse"})
    page = login(alice).get(reverse("journal:dashboard")).content.decode()
    grid = page.split('id="year-grid"')[1].split("</section>")[0]
    assert grid.count('class="day day-worse"') == 2  # today's square, and the key's
    assert "1 cry, felt worse" in grid
    for label in ("felt worse", "about the same", "a bit lighter", "much lighter"):
        assert label in grid.split('class="year-key"')[1]


def test_timeline_cards_carry_their_first_feeling_s_colour(alice: User, login: Login) -> None:
    do_log_entry(owner=alice, fields={"emotions": ["angry", "frustrated"]})
    do_log_entry(owner=alice, fields={})
    page = login(alice).get(reverse("journal:timeline")).content.decode()
    assert page.count('class="card entry-card family-anger"') == 1
    assert page.count('class="card entry-card"') == 1  # no feeling named: no colour claimed
