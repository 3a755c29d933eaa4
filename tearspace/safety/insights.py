""" "It may be time to talk to someone": a gentle note, never an alarm, never daily.

Signals: a recent PHQ-9 or GAD-7 in the moderate band or above, or (fed by other apps through
`register_cry_source`) frequent cries with little relief over the last weeks.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from tearspace.accounts.models import User
from tearspace.safety.models import InsightState, SelfCheck
from tearspace.safety.selfchecks import MODERATE_OR_ABOVE


@dataclass(frozen=True)
class CrySummary:
    cries: int
    low_relief: int


# A source returns how many cries a person logged since a moment, and how many brought little
# relief. The journal registers one from its AppConfig.ready(); safety never reads entries.
CrySource = Callable[[User, datetime], CrySummary]
_cry_sources: list[CrySource] = []

WINDOW = timedelta(days=28)
SELF_CHECK_WINDOW = timedelta(days=30)
FREQUENT_CRIES = 8
LOW_RELIEF_SHARE = 0.6
QUIET_AFTER_SHOWN = timedelta(days=7)
QUIET_AFTER_DISMISSED = timedelta(days=30)


def register_cry_source(source: CrySource) -> None:
    if source not in _cry_sources:
        _cry_sources.append(source)


def unregister_cry_source(source: CrySource) -> None:
    if source in _cry_sources:
        _cry_sources.remove(source)


@dataclass(frozen=True)
class Insight:
    reasons: list[str]


def _reasons(user: User, now: datetime) -> list[str]:
    reasons: list[str] = []
    recent = SelfCheck.objects.filter(person=user, created_at__gte=now - SELF_CHECK_WINDOW)
    for kind, title in (("phq9", "PHQ-9"), ("gad7", "GAD-7")):
        latest = recent.filter(kind=kind).order_by("-created_at").first()
        if latest is not None and latest.band in MODERATE_OR_ABOVE:
            reasons.append(
                # Translators: title is PHQ-9 or GAD-7; band is the instrument's own band name,
                # such as "moderate" (kept in English, like the questionnaire).
                _("Your latest %(title)s was in the %(band)s range.")
                % {"title": title, "band": latest.band}
            )
    for source in _cry_sources:
        summary = source(user, now - WINDOW)
        if (
            summary.cries >= FREQUENT_CRIES
            and summary.low_relief >= LOW_RELIEF_SHARE * summary.cries
        ):
            reasons.append(
                _("You've cried often these past weeks, and it hasn't brought much relief.")
            )
            break
    return reasons


def insight_for(user: User, *, now: datetime | None = None) -> Insight | None:
    """The insight to show now, or None (no signal, recently shown, or set aside)."""
    if not user.is_authenticated:
        return None
    now = now or timezone.now()
    state = InsightState.objects.filter(person=user).first()
    if state is not None:
        if state.dismissed_at and now - state.dismissed_at < QUIET_AFTER_DISMISSED:
            return None
        if state.last_shown_at and now - state.last_shown_at < QUIET_AFTER_SHOWN:
            return None
    reasons = _reasons(user, now)
    return Insight(reasons=reasons) if reasons else None
