import hashlib
import zoneinfo
from functools import cache
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import Country, CountryField

from tearspace.accounts.handles import canonical_handle, validate_handle


class Role(models.TextChoices):
    MEMBER = "member", _("Member")
    LISTENER = "listener", _("Listener")
    HOST = "host", _("Host")
    MODERATOR = "moderator", _("Moderator")
    THERAPIST = "therapist", _("Therapist")
    OPERATOR = "operator", _("Operator")


# These roles see other people's words or run the service, so they must use a second factor.
MFA_REQUIRED_ROLES = frozenset({Role.HOST, Role.MODERATOR, Role.THERAPIST, Role.OPERATOR})


class Theme(models.TextChoices):
    SYSTEM = "system", _("Follow my device")
    LIGHT = "light", _("Light")
    DARK = "dark", _("Dark")


@cache
def time_zone_names() -> tuple[str, ...]:
    """Every IANA time zone this machine knows, sorted (Europe/London, America/Chicago, ...)."""
    return tuple(sorted(zoneinfo.available_timezones()))


def validate_time_zone(value: str) -> None:
    if value and value not in time_zone_names():
        raise ValidationError(_("Choose a time zone from the list."), code="invalid")


class AgeBand(models.TextChoices):
    """Asked once, never a birth date: adults and people under 18 are never matched to talk."""

    ADULT = "adult", _("18 or over")
    MINOR = "minor", _("Under 18")


class User(AbstractUser):
    """A person on Tearspace, known by a pseudonymous handle (`username`); no real name needed."""

    username = models.CharField(
        _("handle"),
        max_length=150,
        unique=True,
        validators=[UnicodeUsernameValidator(), validate_handle],
        error_messages={"unique": _("That handle is taken. Please choose another.")},
    )
    # What uniqueness is decided on (accounts/handles.py): `Alice`, `alice` in full-width
    # letters and `alice` with a Cyrillic a are one handle. save() fills it in; bulk_create
    # callers must set it themselves (canonical_handle).
    handle_key = models.CharField(max_length=150, unique=True, editable=False)
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.MEMBER)
    country: Country = CountryField(  # type: ignore[assignment]
        blank=True, help_text=_("Used to show crisis lines near you first.")
    )
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en")
    theme = models.CharField(max_length=8, choices=Theme.choices, default=Theme.SYSTEM)
    time_zone = models.CharField(
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text=_("Times of sessions, reminders and quiet hours are shown in this zone."),
    )
    # Empty until the person answers (accounts from before the question are asked once).
    age_band = models.CharField(
        _("age"), max_length=8, choices=AgeBand.choices, blank=True, default=""
    )

    def clean(self) -> None:
        """Normalise the handle (NFKC) and refuse one that only differs from another in form."""
        super().clean()
        if not self.username:  # already refused by the form's own field validation
            return
        self.handle_key = canonical_handle(self.username)
        if User.objects.filter(handle_key=self.handle_key).exclude(pk=self.pk).exists():
            raise ValidationError(
                {"username": _("That handle is taken. Please choose another.")}, code="unique"
            )

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Keep the canonical form in step with the handle on every path (forms, API, admin,
        # createsuperuser); the unique column then refuses a look-alike even in a race.
        self.handle_key = canonical_handle(self.username)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "username" in update_fields:
            kwargs["update_fields"] = {*update_fields, "handle_key"}
        super().save(*args, **kwargs)

    @property
    def handle(self) -> str:
        return self.username

    @property
    def mfa_required(self) -> bool:
        """Staff roles and Django staff see other people's words or run the service."""
        return self.is_staff or self.is_superuser or self.role in MFA_REQUIRED_ROLES

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The person's time zone, or the site's when they have not chosen one."""
        return zoneinfo.ZoneInfo(self.time_zone or settings.TIME_ZONE)

    def to_dict(self) -> dict[str, object]:
        return {
            "handle": self.username,
            "email": self.email or None,
            "role": self.role,
            "country": self.country.code or None,
            "language": self.language,
            "theme": self.theme,
            "time_zone": self.time_zone or None,
            "age_band": self.age_band or None,
            "date_joined": self.date_joined.isoformat(),
        }


class TokenScope(models.TextChoices):
    READ = "read", _("Read only")
    WRITE = "write", _("Read and write")


def password_stamp(user: "User") -> str:
    """Return a digest of `user`'s current password hash: it changes whenever the password does."""
    return hashlib.sha256(user.password.encode()).hexdigest()


class PersonalAccessToken(models.Model):
    """A revocable token for API clients; only its SHA-256 digest is stored.

    A token works only while its owner's password is the one it was made under
    (`password_stamp`), so every password change or reset, on any path, ends it.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_tokens"
    )
    name = models.CharField(max_length=80)
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12)
    scope = models.CharField(max_length=8, choices=TokenScope.choices, default=TokenScope.READ)
    password_stamp = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def digest_of(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @property
    def can_write(self) -> bool:
        return self.scope == TokenScope.WRITE

    def is_current(self) -> bool:
        """Return True while the owner's password is still the one the token was made under."""
        return self.password_stamp == password_stamp(self.user)

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.pk,
            "name": self.name,
            "prefix": self.prefix,
            "scope": self.scope,
            "created_at": self.created_at.isoformat(),
            "last_used_at": self.last_used_at.isoformat() if self.last_used_at else None,
        }


class Block(models.Model):
    """A block between two handles. It never touches anything shown under a pseudonym.

    Accounts own it because a block is between two people, whatever feature they meet in
    (circles, rooms, small chats); each feature decides what it hides.
    """

    blocker = models.ForeignKey(User, on_delete=models.CASCADE, related_name="blocks_made")
    blocked = models.ForeignKey(User, on_delete=models.CASCADE, related_name="blocks_received")
    # The handle the blocker blocked (a pseudonym is never blocked as a person: see ShareMute).
    label = models.CharField(max_length=150)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        # The table and constraint keep the names they had under circles: moving the model
        # moved no rows.
        db_table = "circles_block"
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="circles_one_block")
        ]

    def __str__(self) -> str:
        return f"Block {self.pk}"
