"""Demo content: one open-now room hosted by a demo host, with the demo member in it."""

from django.contrib.auth import get_user_model

from tearspace.accounts.models import Role, User
from tearspace.rooms.models import Kind, Membership, Room, Status


def seed_demo_rooms(user: object) -> None:
    assert isinstance(user, User)
    user_model = get_user_model()
    host, _ = user_model.objects.get_or_create(
        username="demo-host", defaults={"role": Role.HOST, "country": "US"}
    )
    room, created = Room.objects.get_or_create(
        title="A gentle evening cry",
        host=host,
        defaults={
            "kind": Kind.OPEN,
            "theme": "Films about saying goodbye",
            "content_notes": "Loss of a parent; a pet's last day.",
            "capacity": 20,
        },
    )
    if created:
        Membership.objects.get_or_create(room=room, user=host, defaults={"status": Status.JOINED})
    Membership.objects.get_or_create(room=room, user=user, defaults={"status": Status.JOINED})
