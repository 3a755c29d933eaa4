"""Every write in safety. The only place that sends moderation and personal live events."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from tearspace.accounts.models import User
from tearspace.core.events import send_personal_event_on_commit
from tearspace.safety import selfchecks
from tearspace.safety.events import send_moderation_event_on_commit
from tearspace.safety.models import (
    LEVEL_RANK,
    REPORT_URGENCY,
    AuditLog,
    CareMessage,
    CaseStatus,
    Escalation,
    InsightState,
    Report,
    ReportReason,
    ScreeningRecord,
    SelfCheck,
)

SNAPSHOT_LIMIT = 4000


def _announce(case: Escalation | Report, op: str) -> None:
    kind = "escalation" if isinstance(case, Escalation) else "report"
    level = case.level if isinstance(case, Escalation) else case.reason
    send_moderation_event_on_commit(
        {
            "type": "moderation_item",
            "op": "add" if op == "add" else "update",
            "item": f"{kind}:{case.pk}",
            "level": level,
            "urgency": case.urgency,
            "status": case.status,
        }
    )


def do_create_escalation(
    *,
    person: User,
    kind: str,
    level: str,
    reasons: list[str],
    snapshot: str = "",
    screening: ScreeningRecord | None = None,
) -> Escalation:
    """Put someone who may be in danger in front of moderators, live.

    Give `snapshot` only for words the person already shared with others.
    """
    escalation = Escalation.objects.create(
        person=person,
        kind=kind,
        level=level,
        urgency=LEVEL_RANK.get(level, 3),
        reasons=reasons,
        snapshot=snapshot[:SNAPSHOT_LIMIT],
        screening=screening,
    )
    _announce(escalation, "add")
    return escalation


def do_report(
    *,
    reporter: User,
    reason: str,
    obj: models.Model | None = None,
    subject: User | None = None,
    snapshot: str = "",
    details: str = "",
) -> Report:
    """Ask moderators to look at something others can see.

    `snapshot` is the reported words as the reporter saw them, so moderators judge what was
    shown even if it is later edited or removed.
    """
    if reason not in ReportReason.values:
        raise ValueError(f"unknown report reason {reason!r}")
    report = Report.objects.create(
        reporter=reporter,
        subject=subject,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        reason=reason,
        details=details[:SNAPSHOT_LIMIT],
        snapshot=snapshot[:SNAPSHOT_LIMIT],
        urgency=REPORT_URGENCY[ReportReason(reason)],
    )
    _announce(report, "add")
    return report


def do_log_access(
    *, actor: User, action: str, target: str = "", detail: dict[str, object] | None = None
) -> AuditLog:
    return AuditLog.objects.create(actor=actor, action=action, target=target, detail=detail or {})


CASE_ACTIONS = {
    "acknowledge": CaseStatus.ACKNOWLEDGED,
    "reach_out": CaseStatus.REACHED_OUT,
    "resolve": CaseStatus.RESOLVED,
    "false_alarm": CaseStatus.FALSE_ALARM,
}


class CaseActionError(ValueError):
    pass


def check_case_action(*, case: Escalation | Report, action: str, message: str) -> None:
    if action not in CASE_ACTIONS:
        raise CaseActionError("Choose one of the actions shown.")
    if action == "reach_out":
        if not message.strip():
            raise CaseActionError("Write a short message to send.")
        if len(message) > 2000:
            raise CaseActionError("Keep the message under 2,000 characters.")
        if _person_for(case) is None:
            raise CaseActionError("There is nobody known to write to for this item.")


def _person_for(case: Escalation | Report) -> User | None:
    return case.person if isinstance(case, Escalation) else case.subject


def do_act_on_case(
    *, moderator: User, case: Escalation | Report, action: str, message: str = ""
) -> Escalation | Report:
    """Record what a moderator did with a queue item; reaching out sends an in-app message."""
    check_case_action(case=case, action=action, message=message)
    kind = "escalation" if isinstance(case, Escalation) else "report"
    with transaction.atomic():
        case.status = CASE_ACTIONS[action]
        case.handled_by = moderator
        case.save(update_fields=["status", "handled_by", "updated_at"])
        person = _person_for(case)
        if action == "reach_out" and person is not None:
            care = CareMessage.objects.create(
                person=person,
                sender=moderator,
                body=message.strip(),
                escalation=case if isinstance(case, Escalation) else None,
            )
            send_personal_event_on_commit(
                person.pk, {"type": "care_message", "op": "add", "message": care.to_dict()}
            )
        do_log_access(
            actor=moderator, action=f"case_{action}", target=f"{kind}:{case.pk}", detail={}
        )
        _announce(case, "update")
    return case


def do_submit_self_check(
    *, person: User, kind: str, answers: list[int]
) -> tuple[SelfCheck, selfchecks.Result]:
    """Store a completed PHQ-9 or GAD-7. Raises selfchecks.InvalidAnswers on bad answers."""
    questionnaire = selfchecks.QUESTIONNAIRES.get(kind)
    if questionnaire is None:
        raise selfchecks.InvalidAnswers("unknown self-check")
    result = selfchecks.score(questionnaire, answers)
    with transaction.atomic():
        check = SelfCheck.objects.create(
            person=person, kind=kind, answers=answers, score=result.score, band=result.band
        )
        if kind == "phq9" and answers[8] > 0:
            # Item 9 is the one that asks about being better off dead or self-harm.
            do_create_escalation(
                person=person,
                kind="self-check",
                level="urgent" if answers[8] >= 2 else "concern",
                reasons=[f"PHQ-9 item 9 answered “{selfchecks.ANSWERS[answers[8]]}”"],
            )
    return check, result


INSIGHT_QUIET_AFTER_SHOWN = timedelta(days=7)
INSIGHT_QUIET_AFTER_DISMISSED = timedelta(days=30)


def do_mark_insight_shown(*, person: User) -> None:
    InsightState.objects.update_or_create(person=person, defaults={"last_shown_at": timezone.now()})


def do_dismiss_insight(*, person: User) -> None:
    InsightState.objects.update_or_create(person=person, defaults={"dismissed_at": timezone.now()})


def do_mark_care_messages_read(*, person: User) -> int:
    return CareMessage.objects.filter(person=person, read_at__isnull=True).update(
        read_at=timezone.now()
    )
