"""API authentication: the browser's session, or a personal access token for other clients.

Every rule about who may call the API lives here: the staff second factor (both ways in), token
scopes (a read token may only read), tokens ending with the password they were made under, and
the few actions that need a fresh password confirmation in the browser, never a token.
"""

from allauth.account.internal.flows.reauthentication import did_recently_reauthenticate
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from tearspace.accounts.access import MFA_SETUP_REASON, second_factor_missing
from tearspace.accounts.actions import TOKEN_PREFIX
from tearspace.accounts.handles import canonical_handle
from tearspace.accounts.models import PersonalAccessToken, User

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
READ_ONLY_REASON = _(
    "This token can only read. Make a token with write access on the settings page to change "
    "things."
)
FRESH_SIGN_IN_REASON = _(
    "For your safety this needs you to confirm your password on the website first "
    "(/accounts/reauthenticate/), then try again within a few minutes. Tokens can't do this."
)


def token_for(raw: str) -> PersonalAccessToken | None:
    """Return the working token for a raw value, marking it used; None when unknown or ended.

    A token ends when revoked, when its owner is deactivated, or when the owner's password has
    changed since it was made (it is then deleted here).
    """
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        PersonalAccessToken.objects.select_related("user")
        .filter(digest=PersonalAccessToken.digest_of(raw), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    if not token.is_current():
        token.delete()
        return None
    PersonalAccessToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token


def _admit(user: User) -> User:
    """Let `user` through the API, or answer 403 when a staff role lacks its second factor."""
    if second_factor_missing(user):
        raise HttpError(403, str(MFA_SETUP_REASON))
    return user


class TokenAuth(HttpBearer):
    """A personal access token (`Authorization: Bearer tsp_...`)."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        found = token_for(token)
        if found is None:
            return None
        request.user = found.user
        request.access_token = found  # type: ignore[attr-defined]
        _admit(found.user)
        # What UserLocaleMiddleware does for a session: naive API times read in their zone.
        timezone.activate(found.user.zone)
        if request.method not in READ_METHODS and not found.can_write:
            raise HttpError(403, str(READ_ONLY_REASON))
        return found.user


class SignedInSession(SessionAuth):
    """The browser's own session (CSRF-checked, as ninja's SessionAuth is)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = super().authenticate(request, key)
        return _admit(user) if isinstance(user, User) else None


api_auth = [TokenAuth(), SignedInSession()]


def require_fresh_session(request: HttpRequest) -> None:
    """Refuse (403) unless this is a browser session that confirmed its password just now.

    For minting tokens, exporting and deleting: a stolen token or an unattended session must
    not be enough. "Just now" is allauth's ACCOUNT_REAUTHENTICATION_TIMEOUT (5 minutes).
    """
    if getattr(request, "access_token", None) is not None or not did_recently_reauthenticate(
        request
    ):
        raise HttpError(403, str(FRESH_SIGN_IN_REASON))


def axes_username(request: HttpRequest, credentials: dict[str, str] | None) -> str | None:
    """Name the account being tried the same way whether it was given by handle or by email.

    Returns the account's canonical handle when the login names one (handle in any case or
    width, or email), so guesses spread over its names share one count; otherwise the
    canonical form of what was typed.
    """
    credentials = credentials or {}
    value = (
        credentials.get("username")
        or credentials.get("email")
        or request.POST.get("login")
        or request.POST.get("username")
    )
    if not value:
        return None
    value = value.strip()
    by_email = User.objects.filter(email__iexact=value).first() if "@" in value else None
    account = by_email or User.objects.filter(handle_key=canonical_handle(value)).first()
    return account.handle_key if account is not None else canonical_handle(value)
