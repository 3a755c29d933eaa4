"""API authentication: the browser's session, or a personal access token for other clients."""

from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from tearspace.accounts.access import MFA_SETUP_REASON, second_factor_missing
from tearspace.accounts.actions import TOKEN_PREFIX
from tearspace.accounts.handles import canonical_handle
from tearspace.accounts.models import PersonalAccessToken, User


def user_for_token(raw: str) -> User | None:
    """Return the active owner of a raw token, marking it used; None when unknown or revoked."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        PersonalAccessToken.objects.select_related("user")
        .filter(digest=PersonalAccessToken.digest_of(raw), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    PersonalAccessToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


def _admit(user: User) -> User:
    """Let `user` through the API, or answer 403 when a staff role lacks its second factor."""
    if second_factor_missing(user):
        raise HttpError(403, MFA_SETUP_REASON)
    return user


class TokenAuth(HttpBearer):
    """A personal access token (`Authorization: Bearer tsp_...`)."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_token(token)
        if user is None:
            return None
        request.user = user
        return _admit(user)


class SignedInSession(SessionAuth):
    """The browser's own session (CSRF-checked, as ninja's SessionAuth is)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = super().authenticate(request, key)
        return _admit(user) if isinstance(user, User) else None


api_auth = [TokenAuth(), SignedInSession()]


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
    account = (
        User.objects.filter(email__iexact=value) if "@" in value else User.objects.none()
    ).first() or User.objects.filter(handle_key=canonical_handle(value)).first()
    return account.handle_key if account is not None else canonical_handle(value)
