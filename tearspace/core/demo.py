"""Demo content for `make run`: a demo member and whatever each app adds through `register`."""

from collections.abc import Callable

from django.contrib.auth import get_user_model

DEMO_HANDLE = "demo"
DEMO_PASSWORD = "tears-are-welcome"  # noqa: S105 - a published demo login for local use only

Seeder = Callable[[object], None]
_seeders: list[Seeder] = []
LoginNote = Callable[[], list[str]]
_login_notes: list[LoginNote] = []


def register(seeder: Seeder) -> None:
    """Add demo content for an app; `seeder` gets the demo user and must be idempotent."""
    _seeders.append(seeder)


def register_login_note(note: LoginNote) -> None:
    """Add lines `make run` prints under the demo login (another demo account, say).

    `note()` reads the database and returns plain lines; an empty list prints nothing.
    """
    _login_notes.append(note)


def login_lines() -> list[str]:
    """Every demo login to print: the demo member first, then each app's notes."""
    lines = [f"Demo member: handle '{DEMO_HANDLE}', password '{DEMO_PASSWORD}'"]
    for note in _login_notes:
        lines += note()
    return lines


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
