"""What care holds about a person, for their data export (delete is the database cascade plus
`apps._drop_request_parts`, which removes a request's conversation and circle of two)."""

from tearspace.accounts.models import User
from tearspace.care.chat import CareChat
from tearspace.care.models import CareRequest, Intake, TherapistProfile
from tearspace.conversations.models import Message


def _request_dict(request: CareRequest) -> dict[str, object]:
    return {
        "id": request.pk,
        "therapist": request.therapist.display_name,
        "state": request.state,
        "requested_at": request.requested_at.isoformat(),
        "answered_at": request.answered_at.isoformat() if request.answered_at else None,
        "note": request.note,
        "shares_self_check_trend": request.share_self_checks,
    }


def _own_messages(user: User) -> list[dict[str, object]]:
    requests = {
        r.conversation_id: r
        for r in CareRequest.objects.select_related("therapist").filter(
            conversation__messages__author=user
        )
    }
    own = Message.objects.select_related("author").filter(
        author=user, conversation_id__in=list(requests)
    )
    return [
        {
            **CareChat(requests[m.conversation_id]).message_dict(m),
            "request": requests[m.conversation_id].pk,
        }
        for m in own
    ]


def export_care_data(user: User) -> dict[str, object]:
    """The person's intakes, requests and own messages; a therapist's profile and answers."""
    profile = TherapistProfile.objects.filter(user=user).first()
    return {
        "intakes": [
            {
                "id": intake.pk,
                "what_brings": intake.what_brings,
                "preferences": intake.preferences,
                "self_check": intake.self_check_id,
                "created_at": intake.created_at.isoformat(),
            }
            for intake in Intake.objects.filter(person=user)
        ],
        "requests": [
            _request_dict(r)
            for r in CareRequest.objects.select_related("therapist").filter(person=user)
        ],
        "therapist_profile": (
            {**profile.to_dict(), "licence_number": profile.licence_number} if profile else None
        ),
        "requests_received": [
            {k: v for k, v in _request_dict(r).items() if k != "therapist"}
            for r in CareRequest.objects.select_related("therapist").filter(therapist__user=user)
        ],
        "messages": _own_messages(user),
    }
