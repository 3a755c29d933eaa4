"""Every write to accounts."""

import logging
import secrets

from django.db import DatabaseError, connection, transaction

from tearspace.accounts.data import contributors
from tearspace.accounts.models import PersonalAccessToken, TokenScope, User, password_stamp
from tearspace.core.events import announce_account_closed

logger = logging.getLogger(__name__)

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
    """Delete the account and everything it owns, files included; its open sockets close.

    On SQLite the deleted rows are zeroed (secure_delete) and, once committed, the WAL is
    checkpointed and truncated, so the person's words do not linger in the database files.
    """
    with transaction.atomic():
        announce_account_closed(user.pk)
        for contributor in contributors():
            if contributor.delete is not None:
                contributor.delete(user)
        user.delete()
        transaction.on_commit(checkpoint_database)


def checkpoint_database() -> None:
    """Copy the SQLite WAL into the database and truncate it (nothing to do on PostgreSQL).

    Best effort: it cannot run inside a transaction, and while other connections read it
    completes only partly; SQLite's own automatic checkpoints finish the job later.
    """
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except DatabaseError:
        logger.warning("The WAL checkpoint after an account deletion did not run.")
