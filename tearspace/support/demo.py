"""Demo content: two adult listeners who are available now, so `make run` matches at once and
a chat can be handed over from one to the other."""

from django.utils import timezone

from tearspace.accounts.models import AgeBand, Role, User
from tearspace.core.demo import DEMO_PASSWORD, demo_language
from tearspace.support.models import ListenerProfile

DEMO_LISTENERS = ("demo-listener", "demo-listener-2")


def seed_demo_listener(user: object) -> None:
    """Make the demo listeners (ready and available) and give the demo member an age band."""
    assert isinstance(user, User)
    if not user.age_band:
        user.age_band = AgeBand.ADULT
        user.save(update_fields=["age_band"])
    now = timezone.now()
    for handle in DEMO_LISTENERS:
        listener, created = User.objects.get_or_create(
            username=handle,
            defaults={
                "role": Role.LISTENER,
                "country": "US",
                "age_band": AgeBand.ADULT,
                "language": demo_language(),
            },
        )
        if created:
            # The same published local demo password, so a second browser can be the listener.
            listener.set_password(DEMO_PASSWORD)
            listener.save(update_fields=["password"])
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
    """How to log in as a demo listener, for `make run` to print; nothing before seeding."""
    seeded = User.objects.filter(username__in=DEMO_LISTENERS).exists()
    if not seeded:
        return []
    first, second = DEMO_LISTENERS
    return [
        f"Demo listeners: handles '{first}' and '{second}', password '{DEMO_PASSWORD}'"
        " (log in from a second browser to answer someone at /support/; a chat can be handed"
        " from one to the other)"
    ]
