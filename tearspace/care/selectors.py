"""Reads of care: a person's requests, a therapist's inbox, what was shared, the promise."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median

from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from tearspace.accounts.models import User
from tearspace.care.models import (
    ANSWER_WITHIN,
    TELL_OPERATORS_AFTER,
    CareRequest,
    Intake,
    RequestState,
    TherapistProfile,
)
from tearspace.circles.models import Share, ShareAudience
from tearspace.safety.models import SelfCheck

ANSWERED = (RequestState.ACCEPTED, RequestState.DECLINED)
# The self-checks of a shared trend: each person's first this many.
TREND_LIMIT = 200


def last_intake(person: User) -> Intake | None:
    return Intake.objects.filter(person=person).first()


def request_list(*, person: User) -> QuerySet[CareRequest]:
    """The person's requests, newest first, with their therapists."""
    return CareRequest.objects.filter(person=person).select_related("therapist")


def inbox(*, profile: TherapistProfile) -> QuerySet[CareRequest]:
    """Requests to a therapist: waiting ones first (oldest first: its clock runs out first)."""
    return (
        CareRequest.objects.filter(therapist=profile)
        .exclude(state=RequestState.WITHDRAWN)
        .select_related("person", "therapist", "intake")
        .order_by("-state", "requested_at")
    )


def hours_left(request: CareRequest, now: datetime | None = None) -> float:
    """Hours until the request runs out (never below 0)."""
    left = request.due_at - (now or timezone.now())
    return max(0.0, left.total_seconds() / 3600)


def shared_entries(*, request: CareRequest) -> list[Share]:
    """What the person shares with this therapist now: live shares in their circle of two.

    A revoked share is not here, so it leaves the therapist's page the moment it is revoked.
    """
    return shared_entries_of([request]).get(request.pk, [])


def shared_entries_of(requests: Iterable[CareRequest]) -> dict[int, list[Share]]:
    """`shared_entries` of each accepted request, by request id, newest first: one query for
    them all (a therapist's inbox lists many)."""
    circles = {
        r.circle_id: r.pk
        for r in requests
        if r.circle_id is not None and r.state == RequestState.ACCEPTED
    }
    found: dict[int, list[Share]] = {request_id: [] for request_id in circles.values()}
    if circles:
        audiences = (
            ShareAudience.objects.filter(circle_id__in=circles, share__revoked_at__isnull=True)
            .select_related("share__entry")
            .order_by("-share__created")
        )
        for audience in audiences:
            found[circles[audience.circle_id]].append(audience.share)
    return found


@dataclass(frozen=True)
class TrendPoint:
    kind: str
    score: int
    band: str
    when: datetime


def self_check_trend(*, request: CareRequest) -> list[TrendPoint]:
    """The person's self-checks, oldest first, only while they share them with this therapist."""
    return self_check_trends([request]).get(request.pk, [])


def self_check_trends(requests: Iterable[CareRequest]) -> dict[int, list[TrendPoint]]:
    """`self_check_trend` of each request that shares it, by request id (the first TREND_LIMIT
    self-checks of each person): one query for them all."""
    people = {
        r.pk: r.person_id
        for r in requests
        if r.share_self_checks and r.state == RequestState.ACCEPTED
    }
    points: dict[int, list[TrendPoint]] = {person_id: [] for person_id in people.values()}
    if points:
        checks = (
            SelfCheck.objects.filter(person_id__in=points)
            .annotate(
                nth=Window(RowNumber(), partition_by=F("person_id"), order_by=F("created_at").asc())
            )
            .filter(nth__lte=TREND_LIMIT)
            .order_by("person_id", "created_at")
        )
        for c in checks:
            points[c.person_id].append(
                TrendPoint(
                    kind=c.get_kind_display(),
                    score=int(c.score),
                    band=str(c.band),
                    when=c.created_at,
                )
            )
    return {request_id: points[person_id] for request_id, person_id in people.items()}


@dataclass(frozen=True)
class Promise:
    """The 48-hour promise over every request whose answer is known or overdue."""

    decided: int  # answered, or past the 48 hours
    answered_in_time: int
    median_hours: float | None  # of the answered ones
    at_risk: list[CareRequest]  # waiting, with less than 8 hours left

    @property
    def share_in_time(self) -> float | None:
        return self.answered_in_time / self.decided if self.decided else None


def promise(*, now: datetime | None = None) -> Promise:
    """The dashboard's figures, in two queries whatever the number of requests."""
    now = now or timezone.now()
    rows = CareRequest.objects.exclude(state=RequestState.WITHDRAWN).values_list(
        "state", "requested_at", "answered_at"
    )
    waits: list[timedelta] = []
    decided = in_time = 0
    for state, requested_at, answered_at in rows:
        if state in ANSWERED and answered_at is not None:
            decided += 1
            waits.append(answered_at - requested_at)
            in_time += answered_at - requested_at <= ANSWER_WITHIN
        elif state == RequestState.EXPIRED or now - requested_at > ANSWER_WITHIN:
            decided += 1
    at_risk = list(
        CareRequest.objects.filter(
            state=RequestState.REQUESTED, requested_at__lte=now - TELL_OPERATORS_AFTER
        )
        .select_related("therapist")
        .order_by("requested_at")[:50]
    )
    hours = median(w.total_seconds() / 3600 for w in waits) if waits else None
    return Promise(decided=decided, answered_in_time=in_time, median_hours=hours, at_risk=at_risk)
