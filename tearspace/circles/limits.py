"""Rate limits shared by pages and the API (cache-backed, per person)."""

from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited

RATES = {"reply": "20/m", "report": "10/h", "invite": "30/h", "share": "30/h"}


def over_limit(request: HttpRequest, group: str) -> bool:
    """Count this attempt and say whether the person has gone past the limit for `group`."""
    return is_ratelimited(
        request, group=f"circles-{group}", key="user_or_ip", rate=RATES[group], increment=True
    )


def over_limit_for(person_id: int, group: str) -> bool:
    """Like `over_limit`, for a signed-in person acting without a request (a room socket).

    It counts against the same budget as their pages and API calls.
    """
    return is_ratelimited(
        None,
        group=f"circles-{group}",
        key=lambda _group, _request: str(person_id),
        rate=RATES[group],
        increment=True,
    )
