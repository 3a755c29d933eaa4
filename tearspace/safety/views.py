import sys

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_countries import countries

from tearspace.accounts.access import signed_in_user
from tearspace.core.idempotency import new_client_key
from tearspace.core.widgets import FixedChoices, LongSelect
from tearspace.safety import actions, selfchecks
from tearspace.safety.access import access_own_sanction_by_id, access_self_check_by_id
from tearspace.safety.forms import AppealForm, MindForm, SelfCheckForm
from tearspace.safety.insights import insight_for
from tearspace.safety.models import CareMessage
from tearspace.safety.screening import screen_text
from tearspace.safety.selectors import (
    country_choice,
    crisis_lines_for,
    self_check_history,
    shipped_crisis_lines,
    standing_of,
)

# The help page's picker of another country's lines: every country, in the page's language.
PICKABLE_COUNTRIES = FixedChoices(lambda: list(countries))


@require_GET
def help_now(request: HttpRequest) -> HttpResponse:
    choice = country_choice(request)
    country = choice.code
    care_messages: list[CareMessage] = []
    if request.user.is_authenticated:
        care_messages = list(CareMessage.objects.filter(person_id=request.user.pk)[:10])
        actions.do_mark_care_messages_read(person=signed_in_user(request))
    return render(
        request,
        "safety/help.html",
        {
            "lines": crisis_lines_for(country),
            "country": country,
            "country_name": countries.name(country),
            "country_guessed": choice.guessed,
            "country_picker": LongSelect(
                choices=PICKABLE_COUNTRIES, attrs={"id": "country"}
            ).render("country", country),
            "care_messages": care_messages,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def mind(request: HttpRequest) -> HttpResponse:
    """A private place to put words down. Nothing is kept but the screening's level."""
    form = MindForm(request.POST or None)
    context: dict[str, object] = {"form": form}
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "safety/mind.html", context, status=400)
        screening = screen_text(
            author=signed_in_user(request), text=form.cleaned_data["text"], kind="note"
        )
        context.update(screening=screening, submitted=True)
    return render(request, "safety/mind.html", context)


@login_required
@require_GET
def self_checks(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    history = self_check_history(user)
    insight = insight_for(user)
    if insight is not None:
        actions.do_mark_insight_shown(person=user)
    return render(
        request,
        "safety/self_checks.html",
        {
            "questionnaires": list(selfchecks.QUESTIONNAIRES.values()),
            "history": [
                (selfchecks.QUESTIONNAIRES[kind], checks) for kind, checks in history.items()
            ],
            "insight": insight,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def take_self_check(request: HttpRequest, kind: str) -> HttpResponse:
    questionnaire = selfchecks.QUESTIONNAIRES.get(kind)
    if questionnaire is None:
        raise Http404
    form = SelfCheckForm(
        request.POST or None,
        questionnaire=questionnaire,
        initial={"client_key": new_client_key()},
    )
    if request.method == "POST":
        if form.is_valid():
            check, _result = actions.do_submit_self_check(
                person=signed_in_user(request),
                kind=kind,
                answers=form.answers(),
                client_key=form.cleaned_data["client_key"],
            )
            return redirect("safety:self_check_result", check_id=check.pk)
        return render(
            request,
            "safety/self_check_form.html",
            {"form": form, "questionnaire": questionnaire},
            status=400,
        )
    return render(
        request, "safety/self_check_form.html", {"form": form, "questionnaire": questionnaire}
    )


@login_required
@require_GET
def self_check_result(request: HttpRequest, check_id: int) -> HttpResponse:
    check = access_self_check_by_id(signed_in_user(request), check_id)
    questionnaire = selfchecks.QUESTIONNAIRES[check.kind]
    result = selfchecks.score(questionnaire, list(check.answers))
    context: dict[str, object] = {
        "check": check,
        "questionnaire": questionnaire,
        "result": result,
        "summary": selfchecks.plain_result(questionnaire, result),
        "item9": check.kind == "phq9" and check.answers[8] > 0,
    }
    return render(request, "safety/self_check_result.html", context)


@login_required
@require_POST
def dismiss_insight(request: HttpRequest) -> HttpResponse:
    actions.do_dismiss_insight(person=signed_in_user(request))
    if request.htmx:  # type: ignore[attr-defined]
        return HttpResponse("")
    return redirect("safety:self_checks")


def _standing_page(
    request: HttpRequest,
    *,
    form: AppealForm | None = None,
    form_for: int | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "safety/standing.html",
        {
            "sanctions": standing_of(signed_in_user(request)),
            "form": form or AppealForm(),
            "form_for": form_for,
            "error": error,
        },
        status=status,
    )


@login_required
@require_GET
def standing(request: HttpRequest) -> HttpResponse:
    """Your account standing: any moderator decisions, their reasons, and a way to appeal."""
    return _standing_page(request)


@login_required
@require_POST
def appeal(request: HttpRequest, sanction_id: int) -> HttpResponse:
    person = signed_in_user(request)
    found = access_own_sanction_by_id(person, sanction_id)
    form = AppealForm(request.POST)
    if form.is_valid():
        try:
            actions.do_appeal(person=person, sanction=found, words=form.cleaned_data["words"])
        except actions.SanctionError as exc:
            return _standing_page(request, form=form, form_for=found.pk, error=str(exc), status=400)
        messages.success(request, _("Thank you. A moderator will look again and let you know."))
        return redirect("safety:standing")
    return _standing_page(request, form=form, form_for=found.pk, status=400)


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
