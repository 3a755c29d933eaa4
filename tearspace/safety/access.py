"""Permission-checked reads. Only moderators and operators see the moderation queue."""

from typing import Any

from django.http import Http404

from tearspace.accounts.models import Role, User
from tearspace.safety.models import Escalation, Report, SelfCheck

MODERATING_ROLES = frozenset({Role.MODERATOR, Role.OPERATOR})


def is_moderator(user: Any) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and getattr(user, "role", None) in MODERATING_ROLES
    )


def access_escalation_by_id(user: User, escalation_id: int) -> Escalation:
    if not is_moderator(user):
        raise Http404
    try:
        return Escalation.objects.select_related("person").get(pk=escalation_id)
    except Escalation.DoesNotExist:
        raise Http404 from None


def access_report_by_id(user: User, report_id: int) -> Report:
    if not is_moderator(user):
        raise Http404
    try:
        return Report.objects.select_related("reporter", "subject").get(pk=report_id)
    except Report.DoesNotExist:
        raise Http404 from None


def access_case_by_key(user: User, kind: str, case_id: int) -> Escalation | Report:
    if kind == "escalation":
        return access_escalation_by_id(user, case_id)
    if kind == "report":
        return access_report_by_id(user, case_id)
    raise Http404


def access_self_check_by_id(user: User, check_id: int) -> SelfCheck:
    """A self-check is only ever its owner's; moderators do not see them either."""
    try:
        return SelfCheck.objects.get(pk=check_id, person_id=user.pk)
    except SelfCheck.DoesNotExist:
        raise Http404 from None
