"""A new account is welcomed (never "Welcome back") with a short welcome it may close; the home
is "today" for everyone signed in: the quick log, how are you now, rooms soon, the toolkit."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from conftest import PASSWORD
from tearspace.accounts.models import User
from tearspace.rooms.actions import do_create_room
from tearspace.rooms.host_actions import do_end_room
from tearspace.rooms.models import Kind, Room
from tearspace.rooms.tests.conftest import with_mfa

Login = Callable[[User | None], Client]


def sign_up(handle: str) -> Client:
    client = Client()
    response = client.post(
        "/accounts/signup/",
        {"username": handle, "password1": PASSWORD, "password2": PASSWORD, "country": "GB"},
    )
    assert response.status_code == 302
    return client


def welcome_card(page: str) -> str:
    return page.split('class="card welcome"')[1].split("</section>")[0]


@pytest.mark.django_db
def test_a_new_account_is_welcomed_with_what_tearspace_is_and_where_help_is() -> None:
    client = sign_up("quietriver")
    page = client.get("/").content.decode()
    assert "Welcome, quietriver." in page
    assert "Welcome back" not in page
    welcome = welcome_card(page)
    assert "A safe space for tears" in welcome
    assert "Private by default" in welcome
    assert "Need help now" in welcome  # where help is, among the first things said
    assert 'href="/settings/"' in welcome  # country and age band


@pytest.mark.django_db
def test_the_welcome_can_be_closed_and_today_stays() -> None:
    client = sign_up("quietriver")
    response = client.post("/welcome/close/")
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert 'class="card welcome"' not in page
    assert "Welcome, quietriver." in page  # still their first visit: never "back"
    assert "How are you now?" in page


@pytest.mark.django_db
def test_the_welcome_stays_for_the_first_visit_s_other_pages() -> None:
    client = sign_up("quietriver")
    client.get("/journal/")
    assert 'class="card welcome"' in client.get("/").content.decode()


@pytest.mark.django_db
def test_someone_who_comes_back_is_welcomed_back() -> None:
    sign_up("quietriver").post("/accounts/logout/")
    client = Client()
    response = client.post("/accounts/login/", {"login": "quietriver", "password": PASSWORD})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert "Welcome back, quietriver." in page
    assert 'class="card welcome"' not in page


def test_an_existing_member_is_welcomed_back(alice: User, login: Login) -> None:
    page = login(alice).get("/").content.decode()
    assert "Welcome back, alice." in page
    assert "Welcome, alice." not in page


def test_closing_the_welcome_needs_a_signed_in_post(alice: User, login: Login) -> None:
    assert login(None).post("/welcome/close/").status_code == 302
    assert login(alice).get("/welcome/close/").status_code == 405


def test_today_offers_the_quick_log_how_are_you_now_and_the_toolkit(
    alice: User, login: Login
) -> None:
    page = login(alice).get("/").content.decode()
    assert 'action="/journal/quick/"' in page
    assert page.count('name="intensity"') == 5
    assert "How are you now?" in page
    assert 'href="/help/"' in page.split("How are you now?")[1]
    assert 'href="/toolkit/breathe/"' in page
    assert 'href="/toolkit/grounding/"' in page
    order = [
        page.index(s) for s in ("quick-heading", "now-heading", "soon-heading", "tools-heading")
    ]
    assert order == sorted(order)


def test_today_shows_rooms_open_now_or_starting_within_a_day(
    alice: User, host: User, login: Login
) -> None:
    now = timezone.now()
    host = with_mfa(host)
    do_create_room(host=host, title="Open now together", kind=Kind.OPEN)
    do_create_room(host=host, title="Tonight's songs", starts_at=now + timedelta(hours=5))
    do_create_room(host=host, title="Next week's films", starts_at=now + timedelta(days=6))
    ended = do_create_room(host=host, title="Over already", kind=Kind.OPEN)
    do_end_room(actor=host, room_id=ended.pk)
    # Started three hours ago: still on for a four-hour session, long over for a one-hour one.
    Room.objects.filter(title="Open now together").update(
        starts_at=now - timedelta(hours=3), length_minutes=240
    )
    Room.objects.filter(title="Next week's films").update(
        starts_at=now - timedelta(hours=3), length_minutes=60
    )
    soon = (
        login(alice).get("/").content.decode().split('id="soon-heading"')[1].split("</section>")[0]
    )
    assert "Open now together" in soon
    assert "Tonight&#x27;s songs" in soon
    assert "Next week" not in soon
    assert "Over already" not in soon


def test_today_says_when_no_room_is_soon(alice: User, login: Login) -> None:
    page = login(alice).get("/").content.decode()
    assert "No room is open or starting in the next day." in page


def test_a_visitor_sees_the_front_page_not_today(login: Login, db: None) -> None:
    page = login(None).get("/").content.decode()
    assert "Make a private space" in page
    assert "How are you now?" not in page
    assert "/journal/quick/" not in page
