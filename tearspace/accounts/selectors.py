"""Reads about accounts."""

from django.db.models import QuerySet

from tearspace.accounts.models import PersonalAccessToken, User, password_stamp


def live_token_list(user: User) -> QuerySet[PersonalAccessToken]:
    """The person's tokens that still work (made under their current password), newest first."""
    return user.access_tokens.filter(password_stamp=password_stamp(user))
