"""Times read one way: "just now" for what just happened, one date style per language."""

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from tearspace.accounts.actions import do_create_token
from tearspace.accounts.models import User
from tearspace.core.templatetags.when import ago_text
from tearspace.journal.actions import do_log_entry
from tearspace.notifications.actions import do_notify
from tearspace.safety.actions import do_report
from tearspace.safety.tests.conftest import with_totp

NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)
TEMPLATES = Path(settings.BASE_DIR) / "templates"
NAMED_FORMATS = {"DATE_FORMAT", "DATETIME_FORMAT", "YEAR_MONTH_FORMAT", "TIME_FORMAT", "c", "T"}


@pytest.mark.parametrize(
    ("before", "said"),
    [
        (timedelta(0), "just now"),
        (timedelta(seconds=59), "just now"),
        (timedelta(seconds=-20), "just now"),  # a clock a little ahead
        (timedelta(minutes=1), "1 minute ago"),
        (timedelta(minutes=5, seconds=40), "5 minutes ago"),
        (timedelta(hours=2, minutes=5), "2 hours ago"),
        (timedelta(days=3, hours=1), "3 days ago"),
    ],
)
def test_ago_says_just_now_and_one_unit(before: timedelta, said: str) -> None:
    with translation.override("en"):
        assert ago_text(NOW - before, NOW).replace("\xa0", " ") == said


def template_files() -> list[Path]:
    return sorted(TEMPLATES.rglob("*.html"))


def test_no_template_prints_a_raw_relative_time() -> None:
    """`timesince` says "0 minutes"; every relative time goes through `ago`."""
    offenders = [
        str(path.relative_to(TEMPLATES))
        for path in template_files()
        if re.search(r"\|\s*(timesince|timeuntil|naturaltime)\b", path.read_text())
    ]
    assert offenders == []


def test_every_template_date_uses_the_language_s_style() -> None:
    formats = {
        (str(path.relative_to(TEMPLATES)), fmt)
        for path in template_files()
        for fmt in re.findall(r"\|date:[\"']([^\"']*)[\"']", path.read_text())
    }
    assert formats, "the scan found no dates at all"
    assert {(name, fmt) for name, fmt in formats if fmt not in NAMED_FORMATS} == set()


@pytest.mark.parametrize("language", [code for code, _ in settings.LANGUAGES])
def test_a_page_shows_a_date_in_its_language_s_one_style(
    alice: User, login: Callable[[User | None], Client], language: str
) -> None:
    alice.language = language
    alice.save(update_fields=["language"])
    entry = do_log_entry(owner=alice, fields={"notes": "on the train"}).entry
    html = login(alice).get(reverse("journal:detail", args=[entry.pk])).content.decode()
    with translation.override(language), timezone.override(alice.zone):
        expected = date_format(timezone.localtime(entry.when), "DATETIME_FORMAT")
    assert expected in html


def assert_just_now(html: str) -> None:
    assert "just now" in html
    assert not re.search(r"\b0\s+minutes\b", html)


def test_notifications_say_just_now(
    alice: User, bob: User, login: Callable[[User | None], Client]
) -> None:
    do_notify(recipient_id=alice.pk, kind="invitation", text="bob invited you to a circle.")
    assert_just_now(login(alice).get(reverse("circles:notifications")).content.decode())


def test_a_token_used_a_moment_ago_says_just_now(
    alice: User, login: Callable[[User | None], Client]
) -> None:
    token, _ = do_create_token(user=alice, name="my script")
    token.last_used_at = timezone.now()
    token.save(update_fields=["last_used_at"])
    html = login(alice).get(reverse("accounts:settings")).content.decode()
    assert "used just now" in html
    assert_just_now(html)


def test_the_moderation_queue_says_just_now(
    alice: User, bob: User, moderator: User, login: Callable[[User | None], Client]
) -> None:
    do_report(reporter=alice, reason="unkind", subject=bob, snapshot="harsh words")
    html = login(with_totp(moderator)).get(reverse("moderation:queue")).content.decode()
    assert_just_now(html)


def test_a_circle_share_made_a_moment_ago_says_just_now(
    alice: User, bob: User, login: Callable[[User | None], Client]
) -> None:
    from tearspace.circles import actions as circles

    circle, _ = circles.do_create_circle(owner=alice, name="close friends")
    entry = do_log_entry(owner=alice, fields={"notes": "on the train"}).entry
    share = circles.do_share_entry(
        author=alice, entry=entry, circles=[circle], community=False, clip=False
    ).share
    assert_just_now(login(alice).get(reverse("circles:share", args=[share.pk])).content.decode())
