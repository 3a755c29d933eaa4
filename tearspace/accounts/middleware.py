from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

# Pages a person without MFA may still reach: setting it up, leaving, and getting help.
OPEN_PATH_NAMES = ("mfa_activate_totp", "mfa_index", "account_logout", "safety:help")


class RequireStaffMFAMiddleware:
    """Send moderators, hosts, therapists and staff to set up TOTP before anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and getattr(user, "mfa_required", False)
            and not request.path.startswith(("/static/", "/healthz"))
            and request.path not in {reverse(name) for name in OPEN_PATH_NAMES}
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            return redirect("mfa_activate_totp")
        return self.get_response(request)


class UserLanguageMiddleware:
    """Speak the language a signed-in person chose in their settings."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = getattr(request.user, "language", None)
        if request.user.is_authenticated and language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
