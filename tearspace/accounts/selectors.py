"""Reads about accounts."""

from django.db.models import Q, QuerySet

from tearspace.accounts.handles import canonical_handle
from tearspace.accounts.models import AgeBand, Block, PersonalAccessToken, User, password_stamp


def user_by_handle(handle: str) -> User | None:
    """The active account a typed handle names, compared as uniqueness is (canonical form).

    `ZOË`, ` zoë ` and `zoë` in full-width letters all name `zoë`, on SQLite as on PostgreSQL.
    """
    return User.objects.filter(handle_key=canonical_handle(handle.strip()), is_active=True).first()


def age_bands_apart(a: User, b: User) -> bool:
    """Whether one of the two is an adult and the other under 18: they are never put together
    (a support chat, a small chat, a circle, a host's private check-in).

    A band not given yet keeps nobody apart (the support chat asks it before matching).
    """
    return bool(a.age_band and b.age_band and a.age_band != b.age_band)


def other_age_band(user: User) -> str:
    """The band `user` is kept apart from ("" while theirs is not given: nobody)."""
    if not user.age_band:
        return ""
    return AgeBand.MINOR if user.age_band == AgeBand.ADULT else AgeBand.ADULT


def live_token_list(user: User) -> QuerySet[PersonalAccessToken]:
    """The person's tokens that still work (made under their current password), newest first."""
    return user.access_tokens.filter(password_stamp=password_stamp(user))


def blocked_ids(user: User) -> set[int]:
    """People with a block between them and `user`, whichever of the two made it."""
    return blocked_ids_of(user.pk)


def blocked_ids_of(person_id: int) -> set[int]:
    """`blocked_ids` of the account `person_id`, for a caller that holds only the id."""
    pairs = Block.objects.filter(Q(blocker_id=person_id) | Q(blocked_id=person_id)).values_list(
        "blocker_id", "blocked_id"
    )
    return {b if a == person_id else a for a, b in pairs}


def is_blocked_between(a_id: int, b_id: int) -> bool:
    """Whether either of the two accounts (ids) blocked the other."""
    return Block.objects.filter(
        Q(blocker_id=a_id, blocked_id=b_id) | Q(blocker_id=b_id, blocked_id=a_id)
    ).exists()
