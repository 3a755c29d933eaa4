"""What safety holds about a person, for their export."""

from tearspace.accounts.models import User
from tearspace.safety.actions import do_submit_self_check
from tearspace.safety.models import (
    CareMessage,
    Escalation,
    Report,
    Sanction,
    ScreeningRecord,
    SelfCheck,
)


def export_safety(user: User) -> dict[str, object]:
    return {
        "self_checks": [check.to_dict() for check in SelfCheck.objects.filter(person=user)],
        "screenings": [
            {
                "kind": record.kind,
                "level": record.level,
                "show_help": record.show_help,
                "reasons": record.reasons,
                "created_at": record.created_at.isoformat(),
            }
            for record in ScreeningRecord.objects.filter(author=user).order_by("created_at")
        ],
        "escalations": [
            {
                "kind": escalation.kind,
                "level": escalation.level,
                "reasons": escalation.reasons,
                "status": escalation.status,
                "created_at": escalation.created_at.isoformat(),
            }
            for escalation in Escalation.objects.filter(person=user)
        ],
        "reports_made": [
            {
                "reason": report.reason,
                "details": report.details,
                "snapshot": report.snapshot,
                "created_at": report.created_at.isoformat(),
            }
            for report in Report.objects.filter(reporter=user)
        ],
        "care_messages": [message.to_dict() for message in CareMessage.objects.filter(person=user)],
        "account_standing": [
            sanction.to_dict() for sanction in Sanction.objects.filter(person=user)
        ],
    }


DEMO_GAD7_HISTORY = ([2, 2, 1, 2, 1, 1, 1], [1, 2, 1, 1, 1, 1, 0], [1, 1, 0, 1, 0, 1, 0])


def seed_demo(user: object) -> None:
    """A few GAD-7 results for the demo member, so the history has something to show."""
    assert isinstance(user, User)
    if SelfCheck.objects.filter(person=user).exists():
        return
    for answers in DEMO_GAD7_HISTORY:
        do_submit_self_check(person=user, kind="gad7", answers=list(answers))
