from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django_countries import countries

from tearspace.safety.models import CrisisLine


@dataclass(frozen=True)
class CrisisLines:
    local: list[CrisisLine]
    international: list[CrisisLine]
    elsewhere: list[CrisisLine]


def crisis_lines_for(country: str) -> CrisisLines:
    """Return active lines: the person's country first, then worldwide ones, then the rest."""
    lines = list(CrisisLine.objects.filter(is_active=True))
    code = country.upper()
    return CrisisLines(
        local=[line for line in lines if code and line.country.code == code],
        international=[line for line in lines if not line.country],
        elsewhere=[line for line in lines if line.country and line.country.code != code],
    )


def country_for(request: HttpRequest) -> str:
    """Pick the country to show first: a choice, then the person's setting, then the default."""
    chosen = request.GET.get("country", "").upper()
    if chosen in countries:
        return chosen
    user_country = getattr(request.user, "country", None)
    if user_country:
        return str(user_country.code)
    return str(settings.DEFAULT_COUNTRY)
