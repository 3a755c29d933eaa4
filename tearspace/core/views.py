import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from tearspace.core.health import run_checks
from tearspace.safety.selectors import shipped_crisis_lines


def file_gone() -> HttpResponse:
    """Answer 410 with a kind note for a stored file missing from storage (clips, montages)."""
    return HttpResponse(
        _("We're sorry: this recording is no longer stored here. The rest is safe."),
        status=410,
        content_type="text/plain; charset=utf-8",
    )


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks = run_checks()
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "degraded", "checks": checks},
        status=200 if healthy else 503,
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """A calm error page that still lists crisis lines, without touching the database.

    It is shown when something failed, which may be the database itself (then it answers 503,
    "back in a moment"): so no context processors, no session, no queries.
    """
    away = isinstance(sys.exc_info()[1], OperationalError | InterfaceError)
    page = loader.get_template("500.html").render(
        {"away": away, "lines": shipped_crisis_lines(str(settings.DEFAULT_COUNTRY))}
    )
    response = HttpResponse(page, status=503 if away else 500)
    if away:
        response["Retry-After"] = "30"
    return response
