"""Reads about accounts."""

from django.db.models import QuerySet

from tearspace.accounts.handles import canonical_handle
from tearspace.accounts.models import PersonalAccessToken, User, password_stamp


def user_by_handle(handle: str) -> User | None:
    """The active account a typed handle names, compared as uniqueness is (canonical form).

    `ZOË`, ` zoë ` and `zoë` in full-width letters all name `zoë`, on SQLite as on PostgreSQL.
    """
    return User.objects.filter(handle_key=canonical_handle(handle.strip()), is_active=True).first()


def live_token_list(user: User) -> QuerySet[PersonalAccessToken]:
    """The person's tokens that still work (made under their current password), newest first."""
    return user.access_tokens.filter(password_stamp=password_stamp(user))
