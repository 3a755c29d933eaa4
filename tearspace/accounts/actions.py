"""Every write to accounts."""

import logging
import secrets
from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils.translation import gettext as _

from tearspace.accounts.data import contributors
from tearspace.accounts.models import (
    AgeBand,
    Block,
    PersonalAccessToken,
    TokenScope,
    User,
    password_stamp,
)
from tearspace.core.events import announce_account_closed

logger = logging.getLogger(__name__)

TOKEN_PREFIX = "tsp_"  # noqa: S105 - a public marker, not a secret
SETTINGS_FIELDS = ("username", "language", "country", "theme", "time_zone", "age_band")


class AgeBandFixed(ValueError):
    """The age band was given already; only the team can correct it (see `do_set_age_band`)."""


def do_set_age_band(*, user: User, band: str) -> User:
    """Record the person's age band (`AgeBand` value), which is asked once.

    Once given it stays: listener matching keeps adults and people under 18 apart, so a band
    that could be switched would let an adult listener be matched with children. Giving the
    same band again is a no-op. Raises ValueError for an unknown band and AgeBandFixed for a
    different band than the one on file.
    """
    if band not in AgeBand.values:
        raise ValueError(_("Please choose one of the age groups."))
    # What is stored decides (a form may already have set the new band on this object).
    stored = User.objects.filter(pk=user.pk).values_list("age_band", flat=True).first() or ""
    if stored and stored != band:
        user.age_band = stored
        raise AgeBandFixed(
            _("Your age group was given already. If it is wrong, please write to the team.")
        )
    user.age_band = band
    if stored != band:
        user.save(update_fields=["age_band"])
    return user


def do_update_settings(*, user: User, **changes: str) -> User:
    """Save the person's own handle and preferences (language, country, theme, time zone, and
    the age band the first time; see `do_set_age_band`). Raises ValueError for an unknown
    setting and AgeBandFixed for a changed age band."""
    unknown = set(changes) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValueError(f"not a setting: {', '.join(sorted(unknown))}")
    if "age_band" in changes:
        band = changes.pop("age_band")
        if band:
            do_set_age_band(user=user, band=band)
    for field, value in changes.items():
        setattr(user, field, value)
    user.full_clean(exclude=["password", "email"])
    user.save(update_fields=list(changes))
    return user


def do_set_language(*, user: User, language: str) -> User:
    """Save the language a person picked (an ISO 639-1 code of settings.LANGUAGES) and nothing
    else: a footer pick never fails on another setting that no longer validates. Raises
    ValueError for a language not offered."""
    if language not in dict(settings.LANGUAGES):
        raise ValueError(f"not an offered language: {language!r}")
    user.language = language
    user.save(update_fields=["language"])
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
        name=name.strip()[:80] or _("API token"),
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


class BlockRefused(ValueError):
    """A block that cannot be made, with a reason to show the person."""


# What feature apps do when someone blocks someone (rooms: leave a small chat shared with them).
# A list filled from their AppConfig.ready(), so accounts never imports them.
BlockHook = Callable[[User, User], None]
_block_hooks: list[BlockHook] = []


def register_block_hook(hook: BlockHook) -> None:
    """Have `hook(blocker, blocked)` called inside the transaction of every block made."""
    if hook not in _block_hooks:
        _block_hooks.append(hook)


def do_block(*, blocker: User, blocked: User) -> Block:
    """Block a handle: neither sees the other's shares, replies or notifications under it again.

    What either writes under a community pseudonym is not touched (see `circles.access`), so a
    block can never tell anyone who wrote an anonymous share. Raises BlockRefused for oneself.
    """
    if blocker.pk == blocked.pk:
        raise BlockRefused(_("You cannot block yourself."))
    with transaction.atomic():
        block, _created = Block.objects.get_or_create(
            blocker=blocker, blocked=blocked, defaults={"label": blocked.username}
        )
        for hook in _block_hooks:
            hook(blocker, blocked)
    return block


def do_unblock(*, blocker: User, block_id: int) -> None:
    """Remove one of `blocker`'s own blocks; someone else's block id does nothing."""
    Block.objects.filter(blocker=blocker, pk=block_id).delete()
