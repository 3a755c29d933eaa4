"""API authentication: the browser's session, or a personal access token for other clients."""

from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from tearspace.accounts.access import MFA_SETUP_REASON, second_factor_missing
from tearspace.accounts.actions import TOKEN_PREFIX
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
    """Name the account being tried, whether allauth passed a handle or an email."""
    credentials = credentials or {}
    value = (
        credentials.get("username")
        or credentials.get("email")
        or request.POST.get("login")
        or request.POST.get("username")
    )
    return value.strip().lower() if value else None
