from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tearspace.accounts.models import User
from tearspace.journal.actions import Saved
from tearspace.journal.models import Entry
from tearspace.journal.selectors import growth_stats


def _bulk(owner: User, count: int) -> None:
    now = timezone.now()
    Entry.objects.bulk_create(
        Entry(
            owner=owner,
            when=now - timedelta(days=n),
            intensity=1 + n % 5,
            kind=["grief", "protest", "joy"][n % 3],
            with_whom=["alone", "friend"][n % 2],
            relief=["same", "much_lighter"][n % 2],
            emotions=",sad,moved,",
        )
        for n in range(count)
    )


def test_it_shows_a_gentle_empty_dashboard(
    alice: User, login: Callable[[User | None], Client]
) -> None:
    page = login(alice).get(reverse("journal:dashboard")).content.decode()
    assert "Nothing logged in this period yet" in page
    assert "chart.umd.min.js" not in page


def test_it_shows_one_entry(
    alice: User, login: Callable[[User | None], Client], log_entry: Callable[..., Saved]
) -> None:
    log_entry(alice, intensity=3, emotions=["moved"], kind="joy", relief="lighter", tags=("films",))
    page = login(alice).get(reverse("journal:dashboard")).content.decode()
    assert "You logged one cry in this period." in page
    assert "/static/vendor/chartjs/chart.umd.min.js" in page
    assert '<canvas id="chart-weeks"' in page
    assert '<th scope="row">films</th><td>1</td>' in page
    assert "The feeling you named most often: moved." in page


@pytest.mark.parametrize("count", [1, 400])
def test_dashboard_query_count_is_constant(
    alice: User,
    login: Callable[[User | None], Client],
    django_assert_max_num_queries: Any,
    count: int,
) -> None:
    _bulk(alice, count)
    client = login(alice)
    with django_assert_max_num_queries(8):  # the year of tears and the header's unread count
        response = client.get(reverse("journal:dashboard"), {"period": "all"})
    assert response.context["stats"].total == count


def test_insights_say_when_company_helped(alice: User) -> None:
    _bulk(alice, 60)
    stats = growth_stats(owner=alice, period="3m")
    assert "Your cries left you lighter more often when you were with someone." in stats.insights
    assert {row["with_whom"] for row in stats.relief_by_company} == {"alone", "friend"}
    assert stats.kinds == ["protest", "grief", "joy"]
    assert sum(w["count"] for w in stats.weeks) == 60  # type: ignore[misc]
