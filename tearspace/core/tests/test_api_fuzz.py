"""Schemathesis over the served OpenAPI schema: no input makes the API fail with a 5xx."""

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from config.wsgi import application
from tearspace.accounts.actions import do_create_token
from tearspace.accounts.models import User

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def in_test_transaction() -> Iterator[None]:
    """Keep the test's database connection open across WSGI calls, as Django's test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(db: None, in_test_transaction: None) -> str:
    user = User.objects.create_user(username="fuzzer", password="x-long-password-1")
    return do_create_token(user=user, name="fuzz")[1]


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_never_answers_with_a_server_error(case, token):
    # Deleting the account would end the run early; every other route is fuzzed while signed in.
    if case.path == "/api/v1/me/delete":
        case.body = {"confirm": "not-the-handle"}
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}", "Host": "127.0.0.1"},
        checks=[not_a_server_error],
    )
