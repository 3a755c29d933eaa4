"""Demo content for `make run`: a demo member and whatever each app adds through `register`."""

from collections.abc import Callable

from django.contrib.auth import get_user_model

DEMO_HANDLE = "demo"
DEMO_PASSWORD = "tears-are-welcome"  # noqa: S105 - a published demo login for local use only

Seeder = Callable[[object], None]
_seeders: list[Seeder] = []


def register(seeder: Seeder) -> None:
    """Add demo content for an app; `seeder` gets the demo user and must be idempotent."""
    _seeders.append(seeder)


def seed() -> object:
    """Create the demo member (once) and let every app add its demo content."""
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=DEMO_HANDLE, defaults={"country": "US"}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    for seeder in _seeders:
        seeder(user)
    return user
