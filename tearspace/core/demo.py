"""Demo content for `make run`: a demo member and whatever each app adds through `register`."""

from collections.abc import Callable, Mapping

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured

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


def demo_language() -> str:
    """The language demo content is written in: settings.DEMO_LANGUAGE, one Tearspace offers."""
    language = str(settings.DEMO_LANGUAGE)
    offered = [code for code, _name in settings.LANGUAGES]
    if language not in offered:
        raise ImproperlyConfigured(
            f"DEMO_LANGUAGE={language!r} is not a language Tearspace offers; "
            f"use one of {', '.join(offered)}."
        )
    return language


def in_demo_language[T](table: Mapping[str, T]) -> T:
    """Pick the demo language's version from an app's table of demo texts (one per language)."""
    return table[demo_language()]


def seed() -> object:
    """Create the demo member (once) and let every app add its demo content.

    The content is written in DEMO_LANGUAGE when it is first made; a second run adds nothing
    and changes nothing already there, in whatever language it was written.
    """
    language = demo_language()  # refuse a language Tearspace does not offer before writing
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=DEMO_HANDLE, defaults={"country": "US", "language": language}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    for seeder in _seeders:
        seeder(user)
    return user
