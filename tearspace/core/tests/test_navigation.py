"""The main navigation: who sees which section, the current one marked, the unread badge, and
the developers' styleguide (DEBUG only)."""

import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from tearspace.accounts.models import Block
from tearspace.core.navigation import SECTIONS
from tearspace.notifications.actions import do_mark_notifications_read, do_notify
from tearspace.safety.tests.conftest import with_totp

NAV = re.compile(r'<ul class="nav-list" id="site-menu">(.*?)</ul>', re.S)
LINK = re.compile(r'<a href="([^"]+)"( aria-current="page")?>([^<]+)')
MENU_BUTTON = re.compile(r'<button type="button" class="menu-button".*?</button>', re.S)
MEMBER_SECTIONS = [s for s in SECTIONS if s.audience in {"members", "everyone"}]
VISITOR_SECTIONS = [s for s in SECTIONS if s.audience in {"anonymous", "everyone"}]


def nav_of(client: Client, path: str) -> list[tuple[str, bool, str]]:
    """The menu links of the page at `path` (after any redirect, as a person would land):
    (url, marked current, label)."""
    response = client.get(path, follow=True)
    assert response.status_code == 200, (path, response.status_code)
    found = NAV.search(response.content.decode())
    assert found is not None, f"no menu on {path}"
    return [(url, bool(current), label.strip()) for url, current, label in LINK.findall(found[1])]


def labels(client: Client) -> list[str]:
    return [label for _url, _current, label in nav_of(client, "/")]


@pytest.mark.django_db
def test_it_shows_each_person_the_sections_of_their_role(login, alice, host, moderator):
    with_totp(host)
    with_totp(moderator)
    member_labels = [str(s.label) for s in MEMBER_SECTIONS]
    assert labels(login(None)) == [str(s.label) for s in VISITOR_SECTIONS]
    assert labels(login(alice)) == member_labels
    assert labels(login(host)) == member_labels
    assert labels(login(moderator)) == [str(s.label) for s in SECTIONS if s.audience != "anonymous"]


@pytest.mark.django_db
@pytest.mark.parametrize("section", MEMBER_SECTIONS + VISITOR_SECTIONS, ids=lambda s: s.url_name)
def test_it_marks_the_section_a_page_belongs_to_and_no_other(login, alice, section):
    client = login(alice if section.audience != "anonymous" else None)
    url = reverse(section.url_name)
    current = [(link, label) for link, is_current, label in nav_of(client, url) if is_current]
    assert current == [(url, str(section.label))]


@pytest.mark.django_db
def test_it_marks_the_moderation_queue_for_a_moderator(login, moderator):
    with_totp(moderator)
    url = reverse("moderation:queue")
    current = [label for _link, is_current, label in nav_of(login(moderator), url) if is_current]
    assert current == ["Moderation"]


@pytest.mark.django_db
def test_it_marks_nothing_on_a_page_outside_the_sections(login, alice):
    assert [c for _u, c, _l in nav_of(login(alice), "/") if c] == []


@pytest.mark.django_db
def test_the_badge_counts_unread_notifications_until_they_are_read(login, alice, bob, charlie):
    for text in ("bob replied", "bob reacted"):
        do_notify(recipient_id=alice.pk, kind="reply", text=text, actor_id=bob.pk)
    # Someone alice blocked leaves no trace, in the list or the count.
    Block.objects.create(blocker=alice, blocked=charlie)
    do_notify(recipient_id=alice.pk, kind="reply", text="charlie replied", actor_id=charlie.pk)
    client = login(alice)
    page = client.get("/").content.decode()
    button = MENU_BUTTON.search(page)
    assert button is not None
    assert '<span class="badge">2<span class="visually-hidden"> unread</span>' in button[0]
    notifications = [label for _u, _c, label in nav_of(client, "/") if "Notifications" in label]
    assert notifications == ["Notifications"]
    assert 'Notifications <span class="badge">2' in page

    do_mark_notifications_read(person=alice)
    page = client.get("/").content.decode()
    assert 'class="badge"' not in page


@pytest.mark.django_db
def test_the_menu_costs_one_query_for_a_member(login, alice, django_assert_max_num_queries):
    client = login(alice)
    client.get("/")  # warm the session
    with django_assert_max_num_queries(8) as queries:
        client.get("/")
    nav_queries = [q["sql"] for q in queries.captured_queries if "circles_notification" in q["sql"]]
    assert len(nav_queries) == 1


@pytest.mark.django_db
def test_the_styleguide_is_not_found_without_debug(login, alice):
    assert login(None).get("/styleguide/").status_code == 404
    assert login(alice).get("/styleguide/").status_code == 404


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_the_styleguide_shows_every_component_while_debugging(login):
    response = login(None).get("/styleguide/")
    assert response.status_code == 200
    page = response.content.decode()
    for component in (
        'class="chip"',
        'class="segmented"',
        'class="toggle"',
        'class="card"',
        'class="dialog sheet"',
        'class="toast"',
        "<progress",
        'class="empty-state"',
        'class="errorlist"',
        'class="secondary"',
        "<code>--accent</code>",
    ):
        assert component in page, component
