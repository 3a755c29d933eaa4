"""Care over JSON: the same access rules, actions and selectors as the pages.

Sharing an entry with one's therapist is circles' own API: the request carries its `circle`
(a circle of two), and `POST /api/v1/circles/shares` with `circles: [circle]` shares,
`DELETE /api/v1/circles/shares/{id}` takes it back, under circles' revocable rules.
"""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from tearspace.accounts.access import signed_in_user
from tearspace.accounts.auth import api_auth
from tearspace.care import actions, selectors
from tearspace.care.access import (
    access_incoming_request_by_id,
    access_own_profile,
    access_own_request_by_id,
    access_request_by_id,
)
from tearspace.care.chat import CareChat, CareError
from tearspace.care.matching import Match, Preferences, PreferencesError, match_therapists
from tearspace.care.models import CareRequest, Intake, TherapistProfile
from tearspace.circles.models import Share
from tearspace.conversations.selectors import page_after
from tearspace.core.idempotency import BadClientKey, client_key_from
from tearspace.lib.api import Answer, BodyId, Problem, problem
from tearspace.lib.paging import AfterSeq

router = Router(tags=["care"], auth=api_auth)


class PreferencesIn(Schema):
    language: str = "en"
    mode: str = "either"
    region: str = ""
    insurer: str = ""
    sliding_scale_ok: bool = False
    specialties: list[str] = []
    approaches: list[str] = []
    gender: str = ""
    times: list[str] = []


class IntakeIn(PreferencesIn):
    what_brings: str = ""
    self_check: BodyId | None = None


class CareRequestIn(Schema):
    therapist: BodyId
    intake: BodyId | None = None


class CareAnswerIn(Schema):
    accept: bool
    note: str = ""


class SelfChecksIn(Schema):
    share: bool


class CareMessageIn(Schema):
    body: str


def _matches(found: list[Match]) -> list[dict[str, Any]]:
    profiles = TherapistProfile.objects.in_bulk([m.therapist_id for m in found])
    return [
        {**profiles[m.therapist_id].to_dict(), "score": m.score, "reasons": list(m.reasons)}
        for m in found
    ]


def request_dict(request: CareRequest, viewer_id: int) -> dict[str, Any]:
    """A request as one of its two sides sees it."""
    return request_dicts([request], viewer_id)[0]


def request_dicts(requests: list[CareRequest], viewer_id: int) -> list[dict[str, Any]]:
    """Requests as one of their two sides sees them; what people share with the viewing
    therapist is read for all of them at once (an inbox lists up to a hundred)."""
    incoming = [r for r in requests if r.person_id != viewer_id]
    shares = selectors.shared_entries_of(incoming)
    trends = selectors.self_check_trends(incoming)
    return [
        _request_dict(r, viewer_id, shares=shares.get(r.pk, []), trend=trends.get(r.pk, []))
        for r in requests
    ]


def _request_dict(
    request: CareRequest,
    viewer_id: int,
    *,
    shares: list[Share],
    trend: list[selectors.TrendPoint],
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": request.pk,
        "therapist": request.therapist.to_dict(),
        "state": request.state,
        "requested_at": request.requested_at.isoformat(),
        "due_at": request.due_at.isoformat(),
        "hours_left": round(selectors.hours_left(request), 2),
        "answered_at": request.answered_at.isoformat() if request.answered_at else None,
        "note": request.note,
        "circle": request.circle_id,
        "shares_self_check_trend": request.share_self_checks,
        "next_request": request.next_request_id,
    }
    if viewer_id != request.person_id:
        data["person"] = request.person.username
        data["what_brings"] = request.intake.what_brings if request.intake else ""
        data["shared_entries"] = [
            {
                "share": s.pk,
                "when": s.entry.when.isoformat(),
                "words": s.entry.notes if s.include_words else None,
                "feelings": s.entry.emotion_keys if s.include_feelings else None,
            }
            for s in shares
        ]
        data["self_check_trend"] = [
            {"kind": p.kind, "score": p.score, "band": p.band, "when": p.when.isoformat()}
            for p in trend
        ]
    return data


@router.get("/therapists", response={200: list[dict[str, Any]], 400: Problem})
def directory(request: HttpRequest, filters: Query[PreferencesIn]) -> Any:
    """Search the directory: listed therapists meeting the hard preferences, best first,
    each with its reasons."""
    try:
        prefs = Preferences.from_dict(filters.dict())
    except PreferencesError as error:
        return problem(400, str(error))
    return 200, _matches(match_therapists(prefs))


@router.post("/intake", response={200: dict[str, Any], 400: Problem})
def intake(request: HttpRequest, payload: IntakeIn) -> Answer:
    """Keep the answers as the person's latest intake and answer with their matches."""
    person = signed_in_user(request)
    try:
        prefs = Preferences.from_dict(payload.dict())
        result = actions.do_submit_intake(
            person=person,
            what_brings=payload.what_brings,
            prefs=prefs,
            self_check_id=payload.self_check,
        )
    except (PreferencesError, CareError) as error:
        return problem(400, getattr(error, "reason", str(error)))
    screening = result.screening
    return 200, {
        "intake": result.intake.pk,
        "show_help": bool(screening and screening.show_help),
        "matches": _matches(match_therapists(prefs)),
    }


@router.get("/requests", response={200: list[dict[str, Any]]})
def my_requests(request: HttpRequest) -> list[dict[str, Any]]:
    person = signed_in_user(request)
    return request_dicts(list(selectors.request_list(person=person)[:100]), person.pk)


@router.post("/requests", response={201: dict[str, Any], 400: Problem, 404: Problem, 429: Problem})
def ask(request: HttpRequest, payload: CareRequestIn) -> Answer:
    """Ask a listed therapist; a repeat while it is open or accepted answers with that one."""
    person = signed_in_user(request)
    found = None
    if payload.intake is not None:
        found = Intake.objects.filter(pk=payload.intake, person=person).first()
        if found is None:
            return problem(404, _("That intake is not yours."))
    try:
        care = actions.do_request_care(person=person, therapist_id=payload.therapist, intake=found)
    except CareError as error:
        return problem(error.status, error.reason)
    return 201, request_dict(care, person.pk)


@router.get("/requests/{id:request_id}", response={200: dict[str, Any]})
def get_request(request: HttpRequest, request_id: int) -> dict[str, Any]:
    viewer = signed_in_user(request)
    return request_dict(access_request_by_id(viewer, request_id), viewer.pk)


@router.post("/requests/{id:request_id}/withdraw", response={200: dict[str, Any], 400: Problem})
def withdraw(request: HttpRequest, request_id: int) -> Answer:
    person = signed_in_user(request)
    care = access_own_request_by_id(person, request_id)
    try:
        care = actions.do_withdraw_request(request=care)
    except CareError as error:
        return problem(400, error.reason)
    return 200, request_dict(care, person.pk)


@router.post("/requests/{id:request_id}/self-checks", response={200: dict[str, Any], 400: Problem})
def self_checks(request: HttpRequest, request_id: int, payload: SelfChecksIn) -> Answer:
    person = signed_in_user(request)
    care = access_own_request_by_id(person, request_id)
    try:
        actions.do_set_self_check_sharing(request=care, shared=payload.share)
    except CareError as error:
        return problem(400, error.reason)
    return 200, request_dict(care, person.pk)


@router.get("/inbox", response={200: list[dict[str, Any]]})
def inbox(request: HttpRequest) -> list[dict[str, Any]]:
    """The therapist's requests, waiting ones first, with the hours left of each."""
    viewer = signed_in_user(request)
    profile = access_own_profile(viewer)
    return request_dicts(list(selectors.inbox(profile=profile)[:100]), viewer.pk)


@router.post("/requests/{id:request_id}/answer", response={200: dict[str, Any], 400: Problem})
def answer(request: HttpRequest, request_id: int, payload: CareAnswerIn) -> Answer:
    viewer = signed_in_user(request)
    care = access_incoming_request_by_id(viewer, request_id)
    try:
        care = actions.do_answer_request(request=care, accept=payload.accept, note=payload.note)
    except CareError as error:
        return problem(400, error.reason)
    return 200, request_dict(care, viewer.pk)


@router.get("/requests/{id:request_id}/messages", response={200: dict[str, Any]})
def messages(request: HttpRequest, request_id: int, after: AfterSeq = 0) -> dict[str, Any]:
    """The messages and changes after sequence number `after` (the resume path)."""
    care = access_request_by_id(signed_in_user(request), request_id)
    if care.conversation_id is None:
        return {"messages": [], "changes": [], "last": None}
    page = page_after(
        conversation_id=care.conversation_id,
        after=max(0, min(after, 2**62)),
        floor=0,
        policy=CareChat(care),
    )
    return {"messages": page.messages, "changes": page.changes, "last": page.last}


@router.post(
    "/requests/{id:request_id}/messages",
    response={200: dict[str, Any], 400: Problem, 403: Problem, 429: Problem},
)
def send(request: HttpRequest, request_id: int, payload: CareMessageIn) -> Answer:
    """Send a message; an `Idempotency-Key` header makes a retry answer with the stored one."""
    viewer = signed_in_user(request)
    care = access_request_by_id(viewer, request_id)
    try:
        message, screening = actions.do_send_care_message(
            request=care, author=viewer, body=payload.body, client_key=client_key_from(request)
        )
    except BadClientKey as error:
        return problem(400, str(error))
    except CareError as error:
        return problem(error.status if error.status in {400, 403, 429} else 400, error.reason)
    return 200, {
        **CareChat(care).message_dict(message),
        "show_help": bool(screening and screening.show_help),
    }
