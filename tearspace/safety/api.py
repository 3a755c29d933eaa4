from typing import Annotated

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from tearspace.accounts.access import signed_in_user
from tearspace.accounts.auth import api_auth
from tearspace.accounts.models import User
from tearspace.core.idempotency import BadClientKey, client_key_from
from tearspace.safety import selfchecks
from tearspace.safety.access import (
    access_appeal_by_id,
    access_case_by_key,
    access_own_sanction_by_id,
    access_report_by_id,
    access_sanction_by_id,
    access_self_check_by_id,
    is_moderator,
)
from tearspace.safety.actions import (
    CaseActionError,
    SanctionError,
    do_act_on_case,
    do_appeal,
    do_decide_appeal,
    do_lift_sanction,
    do_log_access,
    do_sanction_report,
    do_submit_self_check,
)
from tearspace.safety.models import Escalation, Report, SelfCheck
from tearspace.safety.screening import assess, check_reply
from tearspace.safety.selectors import (
    country_for,
    crisis_lines_for,
    moderation_queue,
    open_appeals,
    standing_of,
)

MAX_DRAFT_CHARS = 20_000

router = Router(tags=["safety"])


class CrisisLineOut(Schema):
    id: int
    country: str | None
    country_name: str | None
    name: str
    description: str
    phone: str | None
    text: str | None
    chat_url: str | None
    url: str | None
    hours: str
    languages: str
    source: str
    checked_on: str


class CrisisLinesOut(Schema):
    country: str
    local: list[CrisisLineOut]
    international: list[CrisisLineOut]
    elsewhere: list[CrisisLineOut]


@router.get("/crisis-lines", response=CrisisLinesOut, auth=None)
def crisis_lines(request: HttpRequest, country: str = "") -> dict[str, object]:
    # `country` is read by country_for from the query string; declared here for the schema.
    """Crisis lines, the given country's first. Open to everyone, signed in or not."""
    code = country_for(request)
    lines = crisis_lines_for(code)
    return {
        "country": code,
        "local": [line.to_dict() for line in lines.local],
        "international": [line.to_dict() for line in lines.international],
        "elsewhere": [line.to_dict() for line in lines.elsewhere],
    }


# --- self-checks, moderation and draft screening (signed-in people only) ---


class SelfCheckIn(Schema):
    kind: str
    answers: list[Annotated[int, Field(ge=0, le=3)]]


class SelfCheckOut(Schema):
    id: int
    kind: str
    answers: list[int]
    score: int
    band: str
    created_at: str
    summary: str
    show_help: bool


def _self_check_out(check: SelfCheck) -> dict[str, object]:
    questionnaire = selfchecks.QUESTIONNAIRES[check.kind]
    result = selfchecks.score(questionnaire, list(check.answers))
    return {
        **check.to_dict(),
        "summary": selfchecks.plain_result(questionnaire, result),
        "show_help": result.show_help,
    }


class ErrorOut(Schema):
    detail: str


@router.get("/safety/self-checks", response=list[SelfCheckOut], auth=api_auth)
def list_self_checks(request: HttpRequest) -> list[dict[str, object]]:
    """Your own PHQ-9 and GAD-7 results, newest first."""
    return [_self_check_out(c) for c in SelfCheck.objects.filter(person_id=request.user.pk)]


@router.post("/safety/self-checks", response={201: SelfCheckOut, 400: ErrorOut}, auth=api_auth)
def submit_self_check(request: HttpRequest, payload: SelfCheckIn) -> tuple[int, dict[str, object]]:
    """Store a PHQ-9 or GAD-7. An `Idempotency-Key` header (8-64 letters, digits, - or _)
    makes a retry answer with the check the first request stored."""
    try:
        check, _result = do_submit_self_check(
            person=signed_in_user(request),
            kind=payload.kind,
            answers=payload.answers,
            client_key=client_key_from(request),
        )
    except (selfchecks.InvalidAnswers, BadClientKey) as exc:
        return 400, {"detail": str(exc)}
    return 201, _self_check_out(check)


@router.get("/safety/self-checks/{id:check_id}", response=SelfCheckOut, auth=api_auth)
def get_self_check(request: HttpRequest, check_id: int) -> dict[str, object]:
    return _self_check_out(access_self_check_by_id(signed_in_user(request), check_id))


class QueueItemOut(Schema):
    item: str
    kind: str
    level: str
    urgency: int
    status: str
    handle: str | None
    reasons: list[str]
    snapshot: str
    created_at: str


def _require_moderator(request: HttpRequest) -> User:
    if not is_moderator(request.user):
        raise HttpError(403, _("Only moderators can do this."))
    return signed_in_user(request)


@router.get("/safety/moderation/queue", response=list[QueueItemOut], auth=api_auth)
def moderation_queue_api(request: HttpRequest) -> list[dict[str, object]]:
    """Open escalations and reports, most urgent first, then oldest. Moderators only."""
    moderator = _require_moderator(request)
    items = moderation_queue()
    do_log_access(
        actor=moderator, action="api_view_queue", detail={"items": [i.key for i in items]}
    )
    return [_case_out(item.kind, item.case) for item in items]


def _case_out(kind: str, case: Escalation | Report) -> dict[str, object]:
    handle: str | None
    if isinstance(case, Escalation):
        level, handle, reasons = case.level, case.person.username, list(case.reasons)
    else:
        level = case.reason
        handle = case.subject.username if case.subject else None
        reasons = [case.get_reason_display()]
    return {
        "item": f"{kind}:{case.pk}",
        "kind": kind,
        "level": level,
        "urgency": case.urgency,
        "status": case.status,
        "handle": handle,
        "reasons": reasons,
        # Escalations from private writing have no snapshot: moderators never see those words.
        "snapshot": case.snapshot,
        "created_at": case.created_at.isoformat(),
    }


class CaseActionIn(Schema):
    action: str
    message: str = ""


@router.post(
    "/safety/moderation/{kind}/{id:case_id}/action",
    response={200: QueueItemOut, 400: ErrorOut},
    auth=api_auth,
)
def act_on_case(
    request: HttpRequest, kind: str, case_id: int, payload: CaseActionIn
) -> tuple[int, dict[str, object]]:
    moderator = _require_moderator(request)
    case = access_case_by_key(moderator, kind, case_id)
    try:
        do_act_on_case(
            moderator=moderator, case=case, action=payload.action, message=payload.message
        )
    except CaseActionError as exc:
        return 400, {"detail": str(exc)}
    return 200, _case_out(kind, case)


class ScreenIn(Schema):
    text: str
    reply: bool = False


class ScreenOut(Schema):
    level: str
    show_help: bool
    reasons: list[str]
    needs_review: bool
    reply_verdict: str | None = None
    reply_reasons: list[str] = []


@router.post("/safety/screen", response={200: ScreenOut, 400: ErrorOut}, auth=api_auth)
def screen_draft(request: HttpRequest, payload: ScreenIn) -> tuple[int, dict[str, object]]:
    """Assess a draft without storing it or its assessment, so the page can offer help early."""
    if len(payload.text) > MAX_DRAFT_CHARS:
        return 400, {
            "detail": _("Drafts can be checked up to %(limit)s characters.")
            % {"limit": MAX_DRAFT_CHARS}
        }
    screening = assess(payload.text)
    out: dict[str, object] = {
        "level": screening.level,
        "show_help": screening.show_help,
        "reasons": screening.reasons,
        "needs_review": screening.needs_review,
    }
    if payload.reply:
        reply = check_reply(author=signed_in_user(request), text=payload.text)
        out.update(reply_verdict=reply.verdict, reply_reasons=reply.reasons)
    return 200, out


# --- Sanctions, appeals and account standing ---


class SanctionIn(Schema):
    action: str
    reason: str
    days: Annotated[int, Field(ge=1, le=30)] | None = None


class AppealOut(Schema):
    id: int
    sanction: int
    words: str
    status: str
    reply: str
    created_at: str
    decided_at: str | None


class SanctionOut(Schema):
    id: int
    kind: str
    label: str
    reason: str
    until: str | None
    created_at: str
    lifted_at: str | None
    appeal: AppealOut | None


class ActedOut(Schema):
    report: QueueItemOut
    sanction: SanctionOut | None


class ReasonIn(Schema):
    reason: str


class AppealDecisionIn(Schema):
    overturn: bool
    reply: str


class AppealIn(Schema):
    words: str


class ModAppealOut(AppealOut):
    handle: str
    sanction_kind: str
    sanction_reason: str


@router.post(
    "/safety/moderation/report/{id:case_id}/sanction",
    response={200: ActedOut, 400: ErrorOut},
    auth=api_auth,
)
def sanction_report(
    request: HttpRequest, case_id: int, payload: SanctionIn
) -> tuple[int, dict[str, object]]:
    """Remove, warn, mute (1, 7 or 30 days) or ban, from a report. The reason is required."""
    moderator = _require_moderator(request)
    report = access_report_by_id(moderator, case_id)
    try:
        sanction = do_sanction_report(
            moderator=moderator,
            report=report,
            action=payload.action,
            reason=payload.reason,
            days=payload.days,
        )
    except SanctionError as exc:
        return 400, {"detail": str(exc)}
    return 200, {
        "report": _case_out("report", report),
        "sanction": sanction.to_dict() if sanction else None,
    }


@router.post(
    "/safety/moderation/sanctions/{id:sanction_id}/lift",
    response={200: SanctionOut, 400: ErrorOut},
    auth=api_auth,
)
def lift_sanction(
    request: HttpRequest, sanction_id: int, payload: ReasonIn
) -> tuple[int, dict[str, object]]:
    moderator = _require_moderator(request)
    found = access_sanction_by_id(moderator, sanction_id)
    try:
        do_lift_sanction(moderator=moderator, sanction=found, reason=payload.reason)
    except SanctionError as exc:
        return 400, {"detail": str(exc)}
    return 200, found.to_dict()


@router.get("/safety/moderation/appeals", response=list[ModAppealOut], auth=api_auth)
def list_appeals(request: HttpRequest) -> list[dict[str, object]]:
    """Open appeals, oldest first. Moderators only."""
    _require_moderator(request)
    return [
        {
            **appeal.to_dict(),
            "handle": appeal.sanction.person.username,
            "sanction_kind": appeal.sanction.kind,
            "sanction_reason": appeal.sanction.reason,
        }
        for appeal in open_appeals()
    ]


@router.post(
    "/safety/moderation/appeals/{id:appeal_id}/decide",
    response={200: AppealOut, 400: ErrorOut},
    auth=api_auth,
)
def decide_appeal(
    request: HttpRequest, appeal_id: int, payload: AppealDecisionIn
) -> tuple[int, dict[str, object]]:
    moderator = _require_moderator(request)
    appeal = access_appeal_by_id(moderator, appeal_id)
    try:
        do_decide_appeal(
            moderator=moderator, appeal=appeal, overturn=payload.overturn, reply=payload.reply
        )
    except SanctionError as exc:
        return 400, {"detail": str(exc)}
    return 200, appeal.to_dict()


@router.get("/safety/standing", response=list[SanctionOut], auth=api_auth)
def my_standing(request: HttpRequest) -> list[dict[str, object]]:
    """Moderator decisions about your own account, with reasons and any appeal."""
    return [s.to_dict() for s in standing_of(signed_in_user(request))]


@router.post(
    "/safety/standing/{id:sanction_id}/appeal",
    response={201: AppealOut, 400: ErrorOut},
    auth=api_auth,
)
def appeal_sanction(
    request: HttpRequest, sanction_id: int, payload: AppealIn
) -> tuple[int, dict[str, object]]:
    person = signed_in_user(request)
    found = access_own_sanction_by_id(person, sanction_id)
    try:
        appeal = do_appeal(person=person, sanction=found, words=payload.words)
    except SanctionError as exc:
        return 400, {"detail": str(exc)}
    return 201, appeal.to_dict()
