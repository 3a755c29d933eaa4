"""The moderator console. Every page view and action is written to the audit log."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tearspace.accounts.models import User
from tearspace.safety.access import (
    access_appeal_by_id,
    access_case_by_key,
    access_report_by_id,
    access_sanction_by_id,
    is_moderator,
)
from tearspace.safety.actions import (
    CaseActionError,
    SanctionError,
    do_act_on_case,
    do_decide_appeal,
    do_lift_sanction,
    do_log_access,
    do_sanction_report,
)
from tearspace.safety.enforcement import content_place_of
from tearspace.safety.forms import AppealDecisionForm, CaseActionForm, LiftForm, SanctionForm
from tearspace.safety.models import Escalation, Report
from tearspace.safety.selectors import (
    moderation_queue,
    needs_content_note,
    open_appeals,
    sanctions_for,
)


def _moderator(request: HttpRequest) -> User:
    """The signed-in moderator; everyone else gets a plain 404 (the console is not advertised)."""
    user = request.user
    if not is_moderator(user):
        raise Http404
    assert isinstance(user, User)
    return user


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    moderator = _moderator(request)
    items = moderation_queue()
    do_log_access(
        actor=moderator, action="view_queue", detail={"items": [item.key for item in items]}
    )
    template = "safety/moderation_queue.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#queue"
    return render(request, template, {"items": items, "appeals": open_appeals()})


def _case_context(case: Escalation | object, kind: str) -> dict[str, object]:
    reasons = case.reasons if isinstance(case, Escalation) else []
    context: dict[str, object] = {
        "case": case,
        "kind": kind,
        "content_noted": needs_content_note(list(reasons)),
    }
    if isinstance(case, Report):
        context.update(
            sanction_form=SanctionForm(),
            sanctions=sanctions_for(case.subject_id),
            lift_form=LiftForm(),
            place=content_place_of(case.content_type, case.object_id),
        )
    return context


@login_required
@require_GET
def case_detail(request: HttpRequest, kind: str, case_id: int) -> HttpResponse:
    moderator = _moderator(request)
    case = access_case_by_key(moderator, kind, case_id)
    do_log_access(actor=moderator, action="view_case", target=f"{kind}:{case.pk}")
    return render(
        request,
        "safety/moderation_case.html",
        {**_case_context(case, kind), "form": CaseActionForm()},
    )


@login_required
@require_POST
def case_act(request: HttpRequest, kind: str, case_id: int) -> HttpResponse:
    moderator = _moderator(request)
    case = access_case_by_key(moderator, kind, case_id)
    form = CaseActionForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            do_act_on_case(
                moderator=moderator,
                case=case,
                action=form.cleaned_data["action"],
                message=form.cleaned_data["message"],
            )
        except CaseActionError as exc:
            error = str(exc)
        else:
            return redirect("moderation:queue")
    do_log_access(actor=moderator, action="view_case", target=f"{kind}:{case.pk}")
    return render(
        request,
        "safety/moderation_case.html",
        {**_case_context(case, kind), "form": form, "error": error},
        status=400,
    )


def _report_page(
    request: HttpRequest, report: Report, *, sanction_form: SanctionForm, error: str, status: int
) -> HttpResponse:
    return render(
        request,
        "safety/moderation_case.html",
        {
            **_case_context(report, "report"),
            "form": CaseActionForm(),
            "sanction_form": sanction_form,
            "sanction_error": error,
            "sanctions": sanctions_for(report.subject_id),
        },
        status=status,
    )


@login_required
@require_POST
def sanction(request: HttpRequest, case_id: int) -> HttpResponse:
    """Remove, warn, pause or ban from a report, always with a reason the person reads."""
    moderator = _moderator(request)
    report = access_report_by_id(moderator, case_id)
    form = SanctionForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            do_sanction_report(
                moderator=moderator,
                report=report,
                action=form.cleaned_data["action"],
                reason=form.cleaned_data["reason"],
                days=form.cleaned_data["days"],
            )
        except SanctionError as exc:
            error = str(exc)
        else:
            messages.success(request, _("Done. The person has been told, with your reason."))
            return redirect("moderation:queue")
    return _report_page(request, report, sanction_form=form, error=error, status=400)


@login_required
@require_POST
def lift(request: HttpRequest, sanction_id: int) -> HttpResponse:
    moderator = _moderator(request)
    found = access_sanction_by_id(moderator, sanction_id)
    form = LiftForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write a short reason for lifting it. The person will read it."))
        return redirect("moderation:queue")
    do_lift_sanction(moderator=moderator, sanction=found, reason=form.cleaned_data["reason"])
    messages.success(request, _("Lifted. The person has been told."))
    return redirect("moderation:queue")


@login_required
@require_POST
def decide_appeal(request: HttpRequest, appeal_id: int) -> HttpResponse:
    moderator = _moderator(request)
    appeal = access_appeal_by_id(moderator, appeal_id)
    form = AppealDecisionForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            do_decide_appeal(
                moderator=moderator,
                appeal=appeal,
                overturn=form.cleaned_data["decision"] == "overturn",
                reply=form.cleaned_data["reply"],
            )
        except SanctionError as exc:
            error = str(exc)
        else:
            messages.success(request, _("Answered. The person has been told."))
            return redirect("moderation:queue")
    items = moderation_queue()
    return render(
        request,
        "safety/moderation_queue.html",
        {
            "items": items,
            "appeals": open_appeals(),
            "appeal_form": form,
            "appeal_error": error,
            "appeal_id": appeal.pk,
        },
        status=400,
    )
