"""Demo content: an adult listener who is available now, so `make run` matches at once."""

from django.utils import timezone

from tearspace.accounts.models import AgeBand, Role, User
from tearspace.core.demo import DEMO_PASSWORD
from tearspace.support.models import ListenerProfile

DEMO_LISTENER = "demo-listener"


def seed_demo_listener(user: object) -> None:
    """Make the demo listener (ready and available) and give the demo member an age band."""
    assert isinstance(user, User)
    if not user.age_band:
        user.age_band = AgeBand.ADULT
        user.save(update_fields=["age_band"])
    listener, created = User.objects.get_or_create(
        username=DEMO_LISTENER,
        defaults={"role": Role.LISTENER, "country": "US", "age_band": AgeBand.ADULT},
    )
    if created:
        # The same published local demo password, so a second browser can be the listener.
        listener.set_password(DEMO_PASSWORD)
        listener.save(update_fields=["password"])
    now = timezone.now()
    ListenerProfile.objects.update_or_create(
        user=listener,
        defaults={
            "conduct_accepted_at": now,
            "orientation_completed_at": now,
            "available": True,
            "max_chats": 3,
            "paused_by_moderator": False,
        },
    )


def demo_listener_lines() -> list[str]:
    """How to log in as the demo listener, for `make run` to print; nothing before seeding."""
    if not User.objects.filter(username=DEMO_LISTENER).exists():
        return []
    return [
        f"Demo listener: handle '{DEMO_LISTENER}', password '{DEMO_PASSWORD}'"
        " (log in from a second browser to answer someone at /support/)"
    ]
