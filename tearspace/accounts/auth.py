"""API authentication: the browser's session, or a personal access token for other clients."""

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, django_auth

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


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_token(token)
        if user is not None:
            request.user = user
            # What UserLocaleMiddleware does for a session: naive API times read in their zone.
            timezone.activate(user.zone)
        return user


api_auth = [TokenAuth(), django_auth]


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
