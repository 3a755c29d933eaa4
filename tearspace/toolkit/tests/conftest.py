import pytest
from allauth.mfa.models import Authenticator

from tearspace.accounts.models import User


@pytest.fixture
def mod(moderator: User) -> User:
    """A moderator past the second-factor set-up, so pages open for them."""
    Authenticator.objects.create(user=moderator, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return moderator
