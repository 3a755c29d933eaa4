"""The toolkit's pages work for everyone, logged in or not; only noting a use needs an account."""

import hashlib
import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from tearspace.accounts.access import signed_in_user
from tearspace.core.validators import id_or_none
from tearspace.journal.models import EMOTION_CHOICES
from tearspace.lib.limits import over_limit
from tearspace.toolkit.actions import (
    UnknownTool,
    do_dismiss_reminder,
    do_record_tool_use,
    do_set_reminder,
)
from tearspace.toolkit.catalogue import TOOL_PAGES, TOOLS_BY_KEY
from tearspace.toolkit.selectors import (
    pending_reminders,
    tool_tallies,
    tool_use_list,
)

# Breathing patterns: (key, name, [(step, seconds)]). Step words are translated in the page.
BREATHING_PATTERNS = (
    ("box", gettext_lazy("Box breathing (4-4-4-4)"), "in:4 hold:4 out:4 hold:4"),
    ("478", gettext_lazy("4-7-8 breathing"), "in:4 hold:7 out:8"),
    ("long_out", gettext_lazy("Longer breath out (4-6)"), "in:4 out:6"),
)
PACES = (
    ("1.25", gettext_lazy("Slower")),
    ("1", gettext_lazy("Steady")),
    ("0.8", gettext_lazy("A little quicker")),
)
LENGTHS = (1, 2, 3, 5)  # minutes
QUIET_MINUTE_SECONDS = 60
SAFE_SPACE_CHECKLIST = (
    gettext_lazy("A private spot where no one will walk in"),
    gettext_lazy("Phone on silent or away"),
    gettext_lazy("Tissues within reach"),
    gettext_lazy("Water for afterwards"),
    gettext_lazy("Something soft: a blanket, a pillow, a hoodie"),
    gettext_lazy("No timeline: as long as it takes"),
    gettext_lazy("No right way: quiet, loud, short or long are all fine"),
)
WAYS_TO_COPE = (
    {
        "title": gettext_lazy("Move a little"),
        "why": gettext_lazy("Movement lets the body shake off stress."),
        "step": gettext_lazy("Stand up and roll your shoulders five times."),
    },
    {
        "title": gettext_lazy("A short meditation"),
        "why": gettext_lazy("A few minutes of stillness can make room for a feeling."),
        "step": gettext_lazy("Close your eyes and count ten breaths."),
        "link": "toolkit:after",
        "link_text": gettext_lazy("Try the quiet minute"),
    },
    {
        "title": gettext_lazy("Deep breathing"),
        "why": gettext_lazy("Slow breaths out tell the body it is safe."),
        "step": gettext_lazy("Breathe out for longer than you breathe in, three times."),
        "link": "toolkit:breathe",
        "link_text": gettext_lazy("Open the breathing guide"),
    },
    {
        "title": gettext_lazy("Make something"),
        "why": gettext_lazy("Drawing, writing or music can say what words can't."),
        "step": gettext_lazy("Scribble how you feel, in colours, for one minute."),
    },
    {
        "title": gettext_lazy("Reach out"),
        "why": gettext_lazy("Feelings are lighter when someone knows."),
        "step": gettext_lazy('Send one person you trust a short "thinking of you".'),
    },
)

# Files every tool page needs; the service worker keeps them for offline use.
OFFLINE_ASSETS = (
    "css/site.css",
    "css/toolkit.css",
    "js/app.js",
    "js/toolkit.js",
    "img/drop.svg",
    "img/icon-192.png",
    "img/icon-512.png",
    "django_htmx/htmx-2.min.js",
)


def _slow_down() -> HttpResponse:
    return HttpResponse(
        _("That's a lot at once. Please take a breath and try again later."), status=429
    )


def _pace(request: HttpRequest) -> str:
    """The pace multiplier as text; any number from 0.02 to 2 is honoured (tests run fast)."""
    raw = request.GET.get("pace", "1")
    try:
        value = float(raw)
    except ValueError:
        return "1"
    return raw if 0.02 <= value <= 2 else "1"


def _choice(value: str | None, allowed: list[str]) -> str:
    return value if value in allowed else allowed[0]


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    context: dict[str, object] = {"tools": TOOL_PAGES}
    if request.user.is_authenticated:
        user = signed_in_user(request)
        context["tallies"] = tool_tallies(owner=user)
    return render(request, "toolkit/index.html", context)


def today_tools(request: HttpRequest) -> dict[str, object]:
    """The home's toolkit: every tool, by name and one line."""
    return {"tools": TOOL_PAGES}


def _tool_context(request: HttpRequest, key: str) -> dict[str, object]:
    if key == "breathe":
        pace = _pace(request)
        paces: list[tuple[str, str | Promise]] = list(PACES)
        if pace not in dict(paces):
            paces.append((pace, _("Custom")))
        return {
            "patterns": BREATHING_PATTERNS,
            "pattern": _choice(request.GET.get("pattern"), [p[0] for p in BREATHING_PATTERNS]),
            "paces": paces,
            "pace": pace,
            "lengths": LENGTHS,
        }
    if key == "after":
        return {
            "feelings": EMOTION_CHOICES,
            "quiet_seconds": QUIET_MINUTE_SECONDS,
            "autostart": request.GET.get("quiet") == "start",
            # Came from an entry's reflection: offer the way back instead of logging it again.
            "entry_id": id_or_none(request.GET.get("entry", "")),
            "pace": _pace(request),
        }
    if key == "safe_space":
        return {"checklist": SAFE_SPACE_CHECKLIST}
    if key == "ways":
        return {"ways": WAYS_TO_COPE}
    if key == "pause":
        return {"reminder_form": ReminderForm(), "pace": _pace(request)}
    return {}


@require_GET
def tool_page(request: HttpRequest, key: str) -> HttpResponse:
    tool = TOOLS_BY_KEY.get(key)
    if tool is None:
        raise Http404
    context = {"tool": tool, "tools": TOOL_PAGES, **_tool_context(request, key)}
    return render(request, f"toolkit/{key}.html", context)


@login_required
@require_POST
def record_use(request: HttpRequest) -> HttpResponse:
    if over_limit(request, "record_use"):
        return _slow_down()
    tool = request.POST.get("tool", "")
    try:
        do_record_tool_use(user=signed_in_user(request), tool=tool)
    except UnknownTool:
        return HttpResponse(_("That is not a tool we know."), status=400)
    messages.success(request, _("Noted, just for you. Your journal's growth page counts it."))
    return redirect("toolkit:" + tool)


class ReminderForm(forms.Form):
    at = forms.TimeField(
        label=gettext_lazy("Remind me at"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=gettext_lazy("Your own time; later today, or tomorrow if that time has passed."),
    )


@login_required
@require_POST
def set_reminder(request: HttpRequest) -> HttpResponse:
    if over_limit(request, "set_reminder"):
        return _slow_down()
    form = ReminderForm(request.POST)
    if not form.is_valid():
        tool = TOOLS_BY_KEY["pause"]
        context = {"tool": tool, "tools": TOOL_PAGES, "reminder_form": form, "pace": "1"}
        return render(request, "toolkit/pause.html", context, status=400)
    reminder = do_set_reminder(user=signed_in_user(request), at=form.cleaned_data["at"])
    when = reminder.due_at.astimezone(signed_in_user(request).zone)
    messages.success(
        request,
        _(
            "We'll remind you on any Tearspace page from %(time)s. "
            "The tears can wait for you until then."
        )
        % {"time": when.strftime("%H:%M")},
    )
    return redirect("toolkit:pause")


@login_required
@require_POST
def dismiss_reminder(request: HttpRequest, reminder_id: int) -> HttpResponse:
    if not do_dismiss_reminder(user=signed_in_user(request), reminder_id=reminder_id):
        raise Http404
    return redirect("toolkit:index")


@login_required
@require_GET
def my_tools(request: HttpRequest) -> HttpResponse:
    """What the person noted: only their own, never anyone else's (staff included)."""
    user = signed_in_user(request)
    return render(
        request,
        "toolkit/mine.html",
        {
            "uses": tool_use_list(owner=user),
            "tallies": tool_tallies(owner=user),
            "reminders": pending_reminders(owner=user),
            "zone": user.zone,
        },
    )


# --- The installable, offline app ------------------------------------------------------------


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    data = {
        "name": "Tearspace",
        "short_name": "Tearspace",
        "description": _("A safe space for tears, with tools that work offline."),
        "start_url": reverse("toolkit:index"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#f7f5f2",
        "theme_color": "#2f5f7d",
        "icons": [
            {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {"src": static("img/drop.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    return JsonResponse(data, content_type="application/manifest+json")


def offline_urls() -> tuple[list[str], list[str]]:
    """The URLs the service worker keeps: (toolkit pages, the files they load)."""
    pages = [reverse("toolkit:index")] + [reverse(f"toolkit:{tool.key}") for tool in TOOL_PAGES]
    return pages, [static(path) for path in OFFLINE_ASSETS]


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    pages, assets = offline_urls()
    version = hashlib.sha256("\n".join(pages + assets).encode()).hexdigest()[:12]
    response = render(
        request,
        "toolkit/sw.js",
        {
            "pages": json.dumps(pages),
            "assets": json.dumps(assets),
            "version": version,
            "help_url": json.dumps(reverse("safety:help")),
        },
        content_type="text/javascript; charset=utf-8",
    )
    response["Service-Worker-Allowed"] = "/"
    # A new worker must be noticed on the next visit, never held in an HTTP cache.
    response["Cache-Control"] = "no-cache"
    return response
