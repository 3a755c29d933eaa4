"""Permission-checked reads. Only moderators and operators see the moderation queue."""

from typing import Any

from django.http import Http404

from tearspace.accounts.access import acts_in_role
from tearspace.accounts.models import Role, User
from tearspace.safety.models import Appeal, Escalation, Report, Sanction, SelfCheck

MODERATING_ROLES = frozenset({Role.MODERATOR, Role.OPERATOR})


def is_moderator(user: Any) -> bool:
    """Moderators and operators, active and with their second factor set up."""
    return acts_in_role(user, MODERATING_ROLES)


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


def access_sanction_by_id(user: User, sanction_id: int) -> Sanction:
    if not is_moderator(user):
        raise Http404
    try:
        return Sanction.objects.select_related("person").get(pk=sanction_id)
    except Sanction.DoesNotExist:
        raise Http404 from None


def access_own_sanction_by_id(user: User, sanction_id: int) -> Sanction:
    """A person sees the decisions about their own account, nobody else's."""
    try:
        return Sanction.objects.get(pk=sanction_id, person_id=user.pk)
    except Sanction.DoesNotExist:
        raise Http404 from None


def access_appeal_by_id(user: User, appeal_id: int) -> Appeal:
    if not is_moderator(user):
        raise Http404
    try:
        return Appeal.objects.select_related("sanction__person").get(pk=appeal_id)
    except Appeal.DoesNotExist:
        raise Http404 from None
