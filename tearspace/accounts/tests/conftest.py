from collections.abc import Callable

import pytest
from django.test import Client

from conftest import PASSWORD
from tearspace.accounts.models import User


def confirm_password(client: Client) -> Client:
    """Confirm the password again on `client`, as minting tokens, export and delete require."""
    response = client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302
    return client


@pytest.fixture
def fresh_login(login: Callable[[User | None], Client]) -> Callable[[User], Client]:
    """Return a client signed in as `user` that has just confirmed its password."""
    return lambda user: confirm_password(login(user))
