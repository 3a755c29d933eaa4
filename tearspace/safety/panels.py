"""What the help panel shows, for views and the `{% help_panel %}` tag."""

from django.http import HttpRequest
from django_countries import countries

from tearspace.safety.selectors import country_for, crisis_lines_for

# The support app ("talk to a listener now") does not exist yet; until it does, the link goes to
# the help page. Change this one name when `support:start` lands.
LISTENER_URL_NAME = "safety:help"

GROUNDING_STEPS = (
    "Name 5 things you can see.",
    "Notice 4 things you can touch.",
    "Listen for 3 things you can hear.",
    "Find 2 things you can smell.",
    "Notice 1 thing you can taste.",
)


def help_panel_context(request: HttpRequest) -> dict[str, object]:
    """Context for `safety/_help_panel.html`: the person's country's lines first."""
    country = country_for(request)
    lines = crisis_lines_for(country)
    return {
        "help_lines": lines.local or lines.international,
        "help_country": country,
        "help_country_name": countries.name(country),
        "listener_url_name": LISTENER_URL_NAME,
        "grounding_steps": GROUNDING_STEPS,
    }
