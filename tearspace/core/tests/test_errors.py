"""When something fails (even the database), the error page is calm and still lists crisis lines."""

import pytest
from django.db import OperationalError
from django.test import Client

from tearspace.safety import views as safety_views


@pytest.fixture
def failing_help(monkeypatch: pytest.MonkeyPatch) -> list[Exception]:
    """Make the help page fail with whatever is put in the list."""
    errors: list[Exception] = []

    def broken(country: str) -> object:
        raise errors[0]

    monkeypatch.setattr(safety_views, "crisis_lines_for", broken)
    return errors


@pytest.mark.django_db
def test_a_database_outage_still_shows_crisis_lines(failing_help, settings) -> None:
    settings.DEFAULT_COUNTRY = "GB"
    failing_help.append(OperationalError("connection refused"))
    response = Client(raise_request_exception=False).get("/help/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "back in a moment" in page
    assert 'href="tel:116123"' in page  # Samaritans, the default country's line, first
    assert page.index("Samaritans") < page.index("988 Suicide")
    assert "findahelpline.com" in page


@pytest.mark.django_db
def test_any_other_failure_is_a_calm_500_with_the_lines(failing_help) -> None:
    failing_help.append(RuntimeError("a bug"))
    response = Client(raise_request_exception=False).get("/help/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong on our side" in page
    assert 'href="tel:988"' in page
    assert "a bug" not in page


def test_the_error_page_needs_no_database(rf) -> None:
    """No django_db mark: any query here would raise instead of rendering the page."""
    try:
        raise OperationalError("gone")
    except OperationalError:
        response = safety_views.server_error(rf.get("/"))
    assert response.status_code == 503
    assert "Lifeline" in response.content.decode()
