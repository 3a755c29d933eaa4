from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from tearspace.accounts.adapter import NEW_ACCOUNT_SESSION_KEY
from tearspace.core.health import run_checks
from tearspace.core.today import sections_for

# Set when a new account closes its welcome: the rest of that first visit is a plain "today".
WELCOME_CLOSED_SESSION_KEY = "tearspace_welcome_closed"

# The colour tokens of static/css/site.css the styleguide shows (styleguide.css paints each).
STYLEGUIDE_COLOURS = (
    "bg",
    "surface",
    "surface-2",
    "text",
    "muted",
    "accent",
    "accent-soft",
    "warm",
    "warm-soft",
    "border",
    "field-border",
    "help-bg",
    "ok-bg",
    "err-bg",
    "focus",
)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The front page; signed in, "today": a greeting, then every app's section for today.

    The session that made the account is greeted "Welcome" (never "Welcome back") with a short
    welcome it may close; a person who comes back is greeted "Welcome back".
    """
    if not request.user.is_authenticated:
        return render(request, "core/home.html")
    new_account = bool(request.session.get(NEW_ACCOUNT_SESSION_KEY))
    context = {
        "new_account": new_account,
        "show_welcome": new_account and not request.session.get(WELCOME_CLOSED_SESSION_KEY),
        "sections": sections_for(request),
    }
    return render(request, "core/home.html", context)


@login_required
@require_POST
def welcome_close(request: HttpRequest) -> HttpResponse:
    """Close the new account's welcome for the rest of this visit and go back home."""
    request.session[WELCOME_CLOSED_SESSION_KEY] = True
    return redirect("core:home")


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks = run_checks()
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "degraded", "checks": checks},
        status=200 if healthy else 503,
    )


@require_GET
def styleguide(request: HttpRequest) -> HttpResponse:
    """The design system's living page for developers; a 404 unless DEBUG is on."""
    if not settings.DEBUG:
        raise Http404("The styleguide is shown only while DEBUG is on.")
    return render(request, "core/styleguide.html", {"colours": STYLEGUIDE_COLOURS})
