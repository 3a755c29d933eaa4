from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django_countries import countries

from tearspace.safety.selectors import country_for, crisis_lines_for


@require_GET
def help_now(request: HttpRequest) -> HttpResponse:
    country = country_for(request)
    return render(
        request,
        "safety/help.html",
        {
            "lines": crisis_lines_for(country),
            "country": country,
            "country_name": countries.name(country),
            "countries": list(countries),
        },
    )
