"""Rate limits shared by pages and the API (cache-backed, per person)."""

from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited

from tearspace.accounts.models import User

RATES = {"reply": "20/m", "report": "10/h", "invite": "30/h", "share": "30/h"}


def over_limit(request: HttpRequest, group: str) -> bool:
    """Count this attempt and say whether the person has gone past the limit for `group`."""
    return is_ratelimited(
        request, group=f"circles-{group}", key="user_or_ip", rate=RATES[group], increment=True
    )


def person_over_limit(person: User, group: str) -> bool:
    """The same limit for someone acting over a websocket, where there is no HTTP request."""
    request = HttpRequest()
    request.user = person
    return over_limit(request, group)
