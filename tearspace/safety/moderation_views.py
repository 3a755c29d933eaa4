"""The moderator console. Every page view and action is written to the audit log."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from tearspace.accounts.models import User
from tearspace.safety.access import access_case_by_key, is_moderator
from tearspace.safety.actions import CaseActionError, do_act_on_case, do_log_access
from tearspace.safety.forms import CaseActionForm
from tearspace.safety.models import Escalation
from tearspace.safety.selectors import moderation_queue, needs_content_note


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
    return render(request, template, {"items": items})


def _case_context(case: Escalation | object, kind: str) -> dict[str, object]:
    reasons = case.reasons if isinstance(case, Escalation) else []
    return {
        "case": case,
        "kind": kind,
        "content_noted": needs_content_note(list(reasons)),
    }


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
