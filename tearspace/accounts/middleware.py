from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone, translation

from tearspace.accounts.models import User

# What a person without MFA may still reach: allauth's own pages (setting up MFA may first ask
# them to confirm their password or verify their email), getting help, and static files.
OPEN_PATH_PREFIXES = ("/accounts/", "/help/", "/static/", "/healthz")


class RequireStaffMFAMiddleware:
    """Send moderators, hosts, therapists and staff to set up TOTP before anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and getattr(user, "mfa_required", False)
            and not request.path.startswith(OPEN_PATH_PREFIXES)
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            return redirect("mfa_activate_totp")
        return self.get_response(request)


class UserLocaleMiddleware:
    """Speak the language a signed-in person chose, and show times in their time zone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if not isinstance(user, User):
            timezone.deactivate()
            try:
                return self.get_response(request)
            finally:
                timezone.deactivate()  # an API token activates its owner's zone (auth.py)
        if user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        timezone.activate(user.zone)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
