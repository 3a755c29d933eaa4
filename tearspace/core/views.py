import sys
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from tearspace.core.health import run_checks
from tearspace.safety.default_lines import LINES


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


def fallback_crisis_lines(country: str) -> list[dict[str, Any]]:
    """The shipped crisis lines, from code: `country`'s first, then worldwide, then the rest."""

    def rank(line: dict[str, Any]) -> tuple[int, str, int]:
        place = 0 if line["country"] == country else 1 if not line["country"] else 2
        return place, line["country"], line["order"]

    return sorted(LINES, key=rank)


def server_error(request: HttpRequest) -> HttpResponse:
    """A calm error page that still lists crisis lines, without touching the database.

    It is shown when something failed, which may be the database itself (then it answers 503,
    "back in a moment"): so no context processors, no session, no queries.
    """
    away = isinstance(sys.exc_info()[1], OperationalError | InterfaceError)
    page = loader.get_template("500.html").render(
        {"away": away, "lines": fallback_crisis_lines(str(settings.DEFAULT_COUNTRY))}
    )
    response = HttpResponse(page, status=503 if away else 500)
    if away:
        response["Retry-After"] = "30"
    return response
