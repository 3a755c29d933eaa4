"""The one rule for staff roles: their powers need a confirmed second factor (TOTP).

Every interface asks `second_factor_missing` before it does anything for a signed-in account:
pages (RequireStaffMFAMiddleware redirects to TOTP set-up), the JSON API with a session or a
personal access token (tearspace.accounts.auth answers 403 with a reason), websockets
(RequireStaffMFASocketMiddleware refuses the handshake) and the Django admin (StaffMFAAdminSite).
Role predicates in the feature apps (`is_moderator`, `can_host_rooms`, `can_moderate_room` for a
room's own host too, ...) go through `acts_in_role`, so a staff power is never granted without
the second factor even on a path that forgot the gate; no feature app looks at TOTP itself.

`signed_in_user` is the one way a view or an API endpoint gets the account it acts for.
"""

from collections.abc import Collection
from typing import Any

from allauth.mfa.models import Authenticator
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from tearspace.accounts.models import User

MFA_SETUP_REASON = _(
    "This account has a staff role, so it needs two-step login before it can be used here. "
    "Set it up on the website at /accounts/2fa/, then try again."
)


def has_second_factor(user: Any) -> bool:
    """Return True when `user` has a confirmed TOTP authenticator (allauth keeps no unconfirmed)."""
    if user is None or not getattr(user, "pk", None):
        return False
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


def holds_staff_role(user: Any) -> bool:
    """Return True for signed-in hosts, moderators, therapists, operators and Django staff."""
    return bool(user is not None and user.is_authenticated and getattr(user, "mfa_required", False))


def second_factor_missing(user: Any) -> bool:
    """Return True when `user` holds a staff role but has no confirmed TOTP yet.

    Such an account may only set up its second factor and reach help; every interface refuses
    it everything else. Anonymous users and members are never affected.
    """
    return holds_staff_role(user) and not has_second_factor(user)


def acts_in_role(
    user: Any, roles: Collection[str], *, django_staff: bool = False, owner: bool = False
) -> bool:
    """Return True when `user` may use the powers of one of `roles` right now.

    That means signed in, active, holding one of `roles` (or Django's `is_staff` flag when
    `django_staff`, or owning what is acted on when `owner`, as a room's host does), and with
    a confirmed second factor. Members never pay for the TOTP lookup.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if not (owner or getattr(user, "role", None) in roles or (django_staff and user.is_staff)):
        return False
    return has_second_factor(user)


def signed_in_user(request: HttpRequest) -> User:
    """Return the account a signed-in request acts for: its session's, or its API token's.

    Call only behind @login_required or the API's authentication (tearspace.accounts.auth sets
    `request.user` for a token too); anywhere else it is a programming error (AssertionError).
    """
    user = request.user
    assert isinstance(user, User)
    return user
