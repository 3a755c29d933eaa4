"""Every write in safety. The only place that sends moderation and personal live events."""

from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tearspace.accounts import clock
from tearspace.accounts.models import User
from tearspace.core.events import announce_account_closed, send_personal_event_on_commit
from tearspace.core.idempotency import create_once
from tearspace.safety import selfchecks
from tearspace.safety.enforcement import content_remover_for
from tearspace.safety.events import send_moderation_event_on_commit
from tearspace.safety.models import (
    LEVEL_RANK,
    OPEN_STATUSES,
    REPORT_URGENCY,
    Appeal,
    AppealStatus,
    AuditLog,
    CareMessage,
    CaseStatus,
    Escalation,
    InsightState,
    Report,
    ReportReason,
    Sanction,
    SanctionKind,
    ScreeningRecord,
    SelfCheck,
)
from tearspace.safety.selectors import open_report_of

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
    """Put someone who may be in danger in front of moderators, live; return the escalation.

    Give `snapshot` only for words the person already shared with others. A person has at most
    one open escalation of a kind: while one is open, a new signal of the same kind joins it
    (raising its level, reasons and words when it is more urgent) instead of filing another,
    so a burst of sends never floods the queue. Safe under concurrency: the person's row is
    locked first (PostgreSQL; SQLite's IMMEDIATE transactions already serialise writers).
    """
    urgency = LEVEL_RANK.get(level, 3)
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=person.pk).first()
        escalation = (
            Escalation.objects.filter(person=person, kind=kind, status__in=OPEN_STATUSES)
            .order_by("created_at", "pk")
            .first()
        )
        if escalation is None:
            escalation = Escalation.objects.create(
                person=person,
                kind=kind,
                level=level,
                urgency=urgency,
                reasons=reasons,
                snapshot=snapshot[:SNAPSHOT_LIMIT],
                screening=screening,
            )
            _announce(escalation, "add")
        elif urgency > escalation.urgency:
            escalation.level, escalation.urgency, escalation.reasons = level, urgency, reasons
            escalation.snapshot = snapshot[:SNAPSHOT_LIMIT]
            escalation.screening = screening
            escalation.save(
                update_fields=["level", "urgency", "reasons", "snapshot", "screening", "updated_at"]
            )
            _announce(escalation, "update")
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
    shown even if it is later edited or removed. While the reporter's report of `obj` is open,
    reporting it again (a double click, a retry, another interface) returns that report.
    """
    if reason not in ReportReason.values:
        raise ValueError(f"unknown report reason {reason!r}")
    if obj is not None and (already := open_report_of(reporter=reporter, obj=obj)) is not None:
        return already
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


def do_forget_shared_words(*, objs: list[models.Model]) -> int:
    """Empty the snapshots of reports and escalations about `objs` (words taken back).

    Call when words stop being visible to others (a share revoked, with its replies), so no
    copy of them outlives the revocation; the cases stay, without the words. Return how many
    cases were changed.
    """
    ids_by_kind: dict[ContentType, list[str]] = {}
    for obj in objs:
        ids_by_kind.setdefault(ContentType.objects.get_for_model(obj), []).append(str(obj.pk))
    changed = 0
    for kind, ids in ids_by_kind.items():
        changed += Report.objects.filter(content_type=kind, object_id__in=ids).update(snapshot="")
        changed += Escalation.objects.filter(
            screening__content_type=kind, screening__object_id__in=ids
        ).update(snapshot="")
    return changed


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
        raise CaseActionError(_("Choose one of the actions shown."))
    if action == "reach_out":
        if not message.strip():
            raise CaseActionError(_("Write a short message to send."))
        if len(message) > 2000:
            raise CaseActionError(_("Keep the message under 2,000 characters."))
        if _person_for(case) is None:
            raise CaseActionError(_("There is nobody known to write to for this item."))


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
    *, person: User, kind: str, answers: list[int], client_key: str = ""
) -> tuple[SelfCheck, selfchecks.Result]:
    """Store a completed PHQ-9 or GAD-7. Raises selfchecks.InvalidAnswers on bad answers.

    A `client_key` the person already used answers with that check and its result, storing
    nothing and raising no second escalation.
    """
    questionnaire = selfchecks.QUESTIONNAIRES.get(kind)
    if questionnaire is None:
        raise selfchecks.InvalidAnswers(_("That is not a self-check we offer."))
    result = selfchecks.score(questionnaire, answers)

    def create() -> SelfCheck:
        check = SelfCheck.objects.create(
            person=person,
            kind=kind,
            answers=answers,
            score=result.score,
            band=result.band,
            client_key=client_key,
        )
        if kind == "phq9" and answers[8] > 0:
            # Item 9 is the one that asks about being better off dead or self-harm.
            do_create_escalation(
                person=person,
                kind="self-check",
                level="urgent" if answers[8] >= 2 else "concern",
                reasons=[f"PHQ-9 item 9 answered “{selfchecks.ANSWERS[answers[8]]}”"],
            )
        return check

    check, created = create_once(SelfCheck.objects.filter(person=person), client_key, create)
    if not created:
        result = selfchecks.score(selfchecks.QUESTIONNAIRES[check.kind], list(check.answers))
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


# --- Sanctions and appeals --------------------------------------------------------------------

REASON_LIMIT = 2000
APPEAL_LIMIT = 4000
MUTE_DAYS = (1, 7, 30)


class SanctionError(ValueError):
    """A moderation decision that cannot be made as asked; the message says why."""


def _clean_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise SanctionError(_("Write a short reason. The person will read it."))
    if len(reason) > REASON_LIMIT:
        raise SanctionError(_("Keep the reason under 2,000 characters."))
    return reason


# The words of a note to the person, written when it is stored: in their language, not ours.
Body = Callable[[], str]


def _tell(*, person: User, moderator: User | None, body: Body, sanction: Sanction) -> None:
    """Tell the person in the app (in their own language), and live in any tab they have open."""
    with translation.override(person.language or settings.LANGUAGE_CODE):
        text = body()
        standing = sanction.to_dict()  # its label, too, in the person's language
    care = CareMessage.objects.create(person=person, sender=moderator, body=text, sanction=sanction)
    send_personal_event_on_commit(
        person.pk, {"type": "care_message", "op": "add", "message": care.to_dict()}
    )
    send_personal_event_on_commit(
        person.pk, {"type": "standing", "op": "update", "sanction": standing}
    )


def _close_report(*, report: Report | None, moderator: User) -> None:
    if report is not None and report.status != CaseStatus.RESOLVED:
        report.status = CaseStatus.RESOLVED
        report.handled_by = moderator
        report.save(update_fields=["status", "handled_by", "updated_at"])
        _announce(report, "update")


def _audit(moderator: User, action: str, target: str, **detail: object) -> None:
    do_log_access(actor=moderator, action=action, target=target, detail=dict(detail))


def _second_look() -> str:
    return _(
        "If you think we got this wrong, you can ask for a second look on your account "
        "standing page."
    )


def do_remove_content(*, moderator: User, report: Report, reason: str) -> None:
    """Remove reported words for everyone, through the owning app's registered remover."""
    reason = _clean_reason(reason)
    ct = report.content_type
    if ct is None or not report.object_id:
        raise SanctionError(_("This report does not point at anything that can be removed."))
    remover = content_remover_for(f"{ct.app_label}.{ct.model}")
    if remover is None:
        raise SanctionError(_("This kind of content cannot be removed from here."))
    with transaction.atomic():
        obj = ct.get_all_objects_for_this_type().filter(pk=report.object_id).first()
        if obj is not None:
            remover(obj)
        sanction = None
        if report.subject is not None:
            sanction = Sanction.objects.create(
                person=report.subject,
                kind=SanctionKind.WARNING,
                reason=reason,
                moderator=moderator,
                report=report,
            )
            _tell(
                person=report.subject,
                moderator=moderator,
                sanction=sanction,
                body=lambda: (
                    _(
                        "We removed something you posted, because it didn't fit how we look after "
                        "each other here. Our reason: %(reason)s\n\n%(second_look)s"
                    )
                    % {"reason": reason, "second_look": _second_look()}
                ),
            )
        _close_report(report=report, moderator=moderator)
        _audit(
            moderator,
            "remove_content",
            f"report:{report.pk}",
            content=f"{ct.app_label}.{ct.model}:{report.object_id}",
            reason=reason,
            sanction=sanction.pk if sanction else None,
        )


def _impose(
    *,
    moderator: User,
    person: User,
    kind: str,
    action: str,
    reason: str,
    report: Report | None,
    body: Body,
    until: datetime | None = None,
) -> Sanction:
    """Record a sanction, tell the person why, close the report and audit it.

    Call inside transaction.atomic.
    """
    sanction = Sanction.objects.create(
        person=person, kind=kind, reason=reason, moderator=moderator, report=report, until=until
    )
    _tell(person=person, moderator=moderator, sanction=sanction, body=body)
    _close_report(report=report, moderator=moderator)
    detail = {"until": until.isoformat()} if until else {}
    _audit(moderator, action, f"user:{person.pk}", reason=reason, sanction=sanction.pk, **detail)
    return sanction


def do_warn(
    *, moderator: User, person: User, reason: str, report: Report | None = None
) -> Sanction:
    reason = _clean_reason(reason)
    with transaction.atomic():
        return _impose(
            moderator=moderator,
            person=person,
            kind=SanctionKind.WARNING,
            action="warn",
            reason=reason,
            report=report,
            body=lambda: (
                _(
                    "A moderator asked us to pass on a gentle note about something you posted. "
                    "Their reason: %(reason)s\n\nNothing else changes for your account. "
                    "%(second_look)s"
                )
                % {"reason": reason, "second_look": _second_look()}
            ),
        )


def do_mute(
    *,
    moderator: User,
    person: User,
    reason: str,
    until: datetime,
    report: Report | None = None,
) -> Sanction:
    """Pause someone's posting (replies, shares, room messages) until `until`."""
    reason = _clean_reason(reason)
    if until <= timezone.now():
        raise SanctionError(_("Choose when the pause ends, in the future."))

    def body() -> str:
        # Their clock and their language's date style, not ours.
        when = date_format(clock.local(until, person), "DATETIME_FORMAT")
        return _(
            "Posting is paused for your account until %(when)s. You can still read, write in "
            "your journal and get help at any time. The reason: %(reason)s\n\n%(second_look)s"
        ) % {"when": when, "reason": reason, "second_look": _second_look()}

    with transaction.atomic():
        return _impose(
            moderator=moderator,
            person=person,
            kind=SanctionKind.MUTE,
            action="mute",
            reason=reason,
            report=report,
            until=until,
            body=body,
        )


def do_ban(*, moderator: User, person: User, reason: str, report: Report | None = None) -> Sanction:
    """Close someone's account to sign-in. Their open sessions, tokens and sockets stop
    working."""
    reason = _clean_reason(reason)
    if person.pk == moderator.pk:
        raise SanctionError(_("You cannot close your own account from here."))
    with transaction.atomic():
        User.objects.filter(pk=person.pk).update(is_active=False)
        person.is_active = False
        announce_account_closed(person.pk)
        return _impose(
            moderator=moderator,
            person=person,
            kind=SanctionKind.BAN,
            action="ban",
            reason=reason,
            report=report,
            body=lambda: (
                _(
                    "Your account has been closed to sign-in. The reason: %(reason)s\n\n"
                    "You can ask for a second look by writing to the team."
                )
                % {"reason": reason}
            ),
        )


def do_lift_sanction(*, moderator: User, sanction: Sanction, reason: str) -> Sanction:
    reason = _clean_reason(reason)
    with transaction.atomic():
        _lift(sanction)
        _tell(
            person=sanction.person,
            moderator=moderator,
            sanction=sanction,
            body=lambda: (
                _("We have lifted a decision on your account. %(reason)s") % {"reason": reason}
            ),
        )
        _audit(moderator, "lift_sanction", f"sanction:{sanction.pk}", reason=reason)
    return sanction


def _lift(sanction: Sanction) -> None:
    if sanction.lifted_at is None:
        sanction.lifted_at = timezone.now()
        sanction.save(update_fields=["lifted_at"])
    if sanction.kind == SanctionKind.BAN:
        still_banned = Sanction.objects.filter(
            person_id=sanction.person_id, kind=SanctionKind.BAN, lifted_at__isnull=True
        ).exists()
        if not still_banned:
            User.objects.filter(pk=sanction.person_id).update(is_active=True)


def do_appeal(*, person: User, sanction: Sanction, words: str) -> Appeal:
    words = words.strip()
    if sanction.person_id != person.pk:
        raise SanctionError(_("You can only ask about decisions on your own account."))
    if not words:
        raise SanctionError(_("Tell us, in your own words, why we should look again."))
    if len(words) > APPEAL_LIMIT:
        raise SanctionError(_("Keep it under 4,000 characters."))
    if sanction.appeals.exists():
        raise SanctionError(_("You have already asked for a second look at this decision."))
    with transaction.atomic():
        appeal = Appeal.objects.create(sanction=sanction, words=words)
        do_log_access(actor=person, action="appeal", target=f"sanction:{sanction.pk}")
        send_moderation_event_on_commit(
            {
                "type": "moderation_item",
                "op": "add",
                "item": f"appeal:{appeal.pk}",
                "level": "appeal",
                "urgency": 0,
                "status": appeal.status,
            }
        )
    return appeal


def do_decide_appeal(*, moderator: User, appeal: Appeal, overturn: bool, reply: str) -> Appeal:
    reply = _clean_reason(reply)
    if appeal.status != AppealStatus.OPEN:
        raise SanctionError(_("This appeal has already been answered."))
    with transaction.atomic():
        appeal.status = AppealStatus.OVERTURNED if overturn else AppealStatus.UPHELD
        appeal.reply = reply
        appeal.decided_by = moderator
        appeal.decided_at = timezone.now()
        appeal.save(update_fields=["status", "reply", "decided_by", "decided_at"])
        sanction = appeal.sanction
        if overturn:
            _lift(sanction)

        def body() -> str:
            if overturn:
                return _(
                    "We looked again and undid our decision. Thank you for telling us. %(reply)s"
                ) % {"reply": reply}
            return _("We looked again carefully and are keeping our decision. %(reply)s") % {
                "reply": reply
            }

        _tell(person=sanction.person, moderator=moderator, sanction=sanction, body=body)
        _audit(moderator, "decide_appeal", f"appeal:{appeal.pk}", overturn=overturn, reply=reply)
    return appeal


SANCTION_ACTIONS = ("remove", "warn", "mute", "ban")


def do_sanction_report(
    *, moderator: User, report: Report, action: str, reason: str, days: int | None = None
) -> Sanction | None:
    """Act on a report's writer (or the reported words) from the console or the API."""
    if action not in SANCTION_ACTIONS:
        raise SanctionError(_("Choose remove, warn, mute or ban."))
    if action == "remove":
        do_remove_content(moderator=moderator, report=report, reason=reason)
        return None
    person = report.subject
    if person is None:
        raise SanctionError(_("We don't know who wrote this, so only removing it is possible."))
    if action == "warn":
        return do_warn(moderator=moderator, person=person, reason=reason, report=report)
    if action == "mute":
        if days not in MUTE_DAYS:
            raise SanctionError(_("Choose how long the pause lasts: 1, 7 or 30 days."))
        until = timezone.now() + timedelta(days=days)
        return do_mute(
            moderator=moderator, person=person, reason=reason, until=until, report=report
        )
    return do_ban(moderator=moderator, person=person, reason=reason, report=report)
