"""What the help panel shows, for views and the `{% help_panel %}` tag."""

from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from tearspace.ml.language import NAMES
from tearspace.safety.models import CrisisLine
from tearspace.safety.selectors import country_choice, crisis_lines_for

# "Talk to a listener now" goes to the support app's "I need someone now" (a url name, not an
# import: support sits above safety).
LISTENER_URL_NAME = "support:start"

GROUNDING_STEPS = (
    _("Name 5 things you can see."),
    _("Notice 4 things you can touch."),
    _("Listen for 3 things you can hear."),
    _("Find 2 things you can smell."),
    _("Notice 1 thing you can taste."),
)


# Translators: shown under "Why am I seeing this?", with a capital first letter and a full stop.
GENERAL_WHY = _("something you wrote sounded heavy, so we're showing this just in case")


def lines_in_language(lines: list[CrisisLine], language: str) -> list[CrisisLine]:
    """The lines that answer in `language` (an ISO 639-1 code), in the order given."""
    return [line for line in lines if language.lower() in line.language_codes]


def help_panel_context(
    request: HttpRequest, *, why: list[str] | None = None, language: str = ""
) -> dict[str, object]:
    """Context for `safety/_help_panel.html`: the person's country's lines first, why the panel
    is shown (plain words from screening, or a general sentence), and, for words written in
    another language than English, the lines that answer in it."""
    choice = country_choice(request)
    country = choice.code
    lines = crisis_lines_for(country)
    in_language = (
        lines_in_language([*lines.local, *lines.international, *lines.elsewhere], language)
        if language and language != "en"
        else []
    )
    return {
        "help_lines": lines.local or lines.international,
        "help_country": country,
        "help_country_name": countries.name(country),
        "help_country_guessed": choice.guessed,
        "listener_url_name": LISTENER_URL_NAME,
        "grounding_steps": GROUNDING_STEPS,
        # Screening says why in English words marked for translation (tearspace.ml.marks).
        "help_why": [gettext(reason) for reason in why or []] or [GENERAL_WHY],
        "help_language_name": gettext(NAMES[language]) if language in NAMES else "",
        "help_language_lines": in_language,
    }
