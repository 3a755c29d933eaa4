"""Every write to accounts."""

import secrets

from django.db import transaction

from tearspace.accounts.data import contributors
from tearspace.accounts.models import PersonalAccessToken, TokenScope, User, password_stamp

TOKEN_PREFIX = "tsp_"  # noqa: S105 - a public marker, not a secret
SETTINGS_FIELDS = ("username", "language", "country", "theme", "time_zone")


def do_update_settings(*, user: User, **changes: str) -> User:
    """Save the person's own handle and preferences (language, country, theme, time zone)."""
    unknown = set(changes) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValueError(f"not a setting: {', '.join(sorted(unknown))}")
    for field, value in changes.items():
        setattr(user, field, value)
    user.full_clean(exclude=["password", "email"])
    user.save(update_fields=list(changes))
    return user


def do_create_token(
    *, user: User, name: str, scope: str = TokenScope.WRITE
) -> tuple[PersonalAccessToken, str]:
    """Create a token and return it with its raw value, which is shown once and never stored.

    `scope` is "read" (GET only) or "write"; the page and the API offer "read" first. The token
    ends when the password changes. Interfaces must first check a fresh password confirmation
    (`reauthentication_required` on pages, `require_fresh_session` in the API).
    """
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = PersonalAccessToken.objects.create(
        user=user,
        name=name.strip()[:80] or "API token",
        digest=PersonalAccessToken.digest_of(raw),
        prefix=raw[:10],
        scope=TokenScope(scope),
        password_stamp=password_stamp(user),
    )
    return token, raw


def do_revoke_token(*, user: User, token_id: int) -> bool:
    deleted, _ = PersonalAccessToken.objects.filter(user=user, pk=token_id).delete()
    return deleted > 0


def do_delete_account(*, user: User) -> None:
    """Delete the account and everything it owns, files included."""
    with transaction.atomic():
        for contributor in contributors():
            if contributor.delete is not None:
                contributor.delete(user)
        user.delete()
