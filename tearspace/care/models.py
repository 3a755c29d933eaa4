"""Care: the therapist directory, a person's intake, and their requests with a 48-hour promise.

A therapist's profile is public once an operator has verified the licence (others read it, so
its text is plain). Everything a person writes or chooses here is private and encrypted at
rest: the intake's words and preferences, and the notes on a request.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tearspace.core.fields import PrivateJSONField, PrivateTextField

User = settings.AUTH_USER_MODEL
StrOrPromise = str | Promise

# The promise: every request is answered within this long, or the next match is offered.
ANSWER_WITHIN = timedelta(hours=48)
REMIND_AFTER = timedelta(hours=24)
TELL_OPERATORS_AFTER = timedelta(hours=40)

SPECIALTIES: dict[str, StrOrPromise] = {
    "grief": _("grief"),
    "anxiety": _("anxiety"),
    "depression": _("depression"),
    "trauma": _("trauma"),
    "relationships": _("relationships"),
    "stress": _("stress and burnout"),
    "family": _("family"),
    "identity": _("identity"),
}
APPROACHES: dict[str, StrOrPromise] = {
    "cbt": _("CBT"),
    "act": _("ACT"),
    "person_centred": _("person-centred"),
    "psychodynamic": _("psychodynamic"),
    "emdr": _("EMDR"),
    "mindfulness": _("mindfulness-based"),
}
LANGUAGES: dict[str, StrOrPromise] = {
    "en": _("English"),
    "es": _("Spanish"),
    "fr": _("French"),
    "de": _("German"),
    "ja": _("Japanese"),
    "pt": _("Portuguese"),
    "ar": _("Arabic"),
    "zh": _("Chinese"),
    "hi": _("Hindi"),
}
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
PARTS: dict[str, StrOrPromise] = {
    "morning": _("mornings"),
    "afternoon": _("afternoons"),
    "evening": _("evenings"),
}
# Times of the week, as "<day>_<part of day>" keys in the therapist's own time zone.
SLOTS = tuple(f"{day}_{part}" for day in DAYS for part in PARTS)


def keys_of(stored: str) -> list[str]:
    """The keys of a ",a,b," column (see `joined_keys`)."""
    return [key for key in stored.split(",") if key]


def joined_keys(keys: list[str] | set[str] | tuple[str, ...]) -> str:
    """Store keys as ",a,b," so one key is found with a LIKE on ",key," in any database."""
    unique = sorted(set(keys))
    return f",{','.join(unique)}," if unique else ""


class Gender(models.TextChoices):
    WOMAN = "woman", _("a woman")
    MAN = "man", _("a man")
    NONBINARY = "nonbinary", _("non-binary")


class TherapistProfile(models.Model):
    """A licensed professional in the directory; listed only when verified and not suspended."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="therapist_profile")
    display_name = models.CharField(max_length=80)
    licence_type = models.CharField(max_length=60)
    licence_number = models.CharField(max_length=40)
    # Where the licence lets them practise, e.g. "US-NY" or "GB".
    region = models.CharField(max_length=20, db_index=True)
    gender = models.CharField(max_length=10, choices=Gender.choices, blank=True, default="")
    specialties = models.CharField(max_length=300, blank=True, default="")
    approaches = models.CharField(max_length=300, blank=True, default="")
    languages = models.CharField(max_length=100, default=",en,")
    online = models.BooleanField(default=True)
    in_person = models.BooleanField(default=False)
    location = models.CharField(max_length=120, blank=True, default="")
    insurers = models.CharField(max_length=400, blank=True, default="")
    sliding_scale = models.BooleanField(default=False)
    availability = models.CharField(max_length=400, blank=True, default="")
    time_zone = models.CharField(max_length=64, default="UTC")
    note = models.TextField(max_length=600, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    suspended = models.BooleanField(default=False)

    class Meta:
        ordering = ["display_name", "pk"]
        indexes = [
            models.Index(
                fields=["region"],
                condition=models.Q(verified_at__isnull=False, suspended=False),
                name="care_listed_by_region",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def is_listed(self) -> bool:
        return self.verified_at is not None and not self.suspended

    def to_dict(self) -> dict[str, object]:
        """The directory card: what anyone signed in may read (no licence number)."""
        return {
            "id": self.pk,
            "name": self.display_name,
            "licence_type": self.licence_type,
            "region": self.region,
            "gender": self.gender,
            "specialties": keys_of(self.specialties),
            "approaches": keys_of(self.approaches),
            "languages": keys_of(self.languages),
            "online": self.online,
            "in_person": self.in_person,
            "location": self.location,
            "insurers": keys_of(self.insurers),
            "sliding_scale": self.sliding_scale,
            "availability": keys_of(self.availability),
            "time_zone": self.time_zone,
            "note": self.note,
            "verified": self.verified_at is not None,
        }


class Intake(models.Model):
    """What a person told us before matching: private words and private preferences."""

    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="care_intakes")
    what_brings = PrivateTextField(max_length=2000)
    # The Preferences (care.matching) as a dict; sealed, since it says as much as the words.
    preferences = PrivateJSONField()
    self_check = models.ForeignKey(
        "safety.SelfCheck", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"intake {self.pk}"


class RequestState(models.TextChoices):
    REQUESTED = "requested", _("waiting for an answer")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    EXPIRED = "expired", _("not answered in time")
    WITHDRAWN = "withdrawn", _("withdrawn")


class CareRequest(models.Model):
    """A person asking one therapist to work with them; answered within ANSWER_WITHIN."""

    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="care_requests")
    therapist = models.ForeignKey(
        TherapistProfile, on_delete=models.CASCADE, related_name="requests"
    )
    intake = models.ForeignKey(
        Intake, on_delete=models.SET_NULL, null=True, blank=True, related_name="requests"
    )
    state = models.CharField(
        max_length=10, choices=RequestState.choices, default=RequestState.REQUESTED
    )
    requested_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    # The therapist's note with an answer; private to the two of them.
    note = PrivateTextField(max_length=1000)
    # The promise's steps, each done once.
    reminded_at = models.DateTimeField(null=True, blank=True)
    operators_told_at = models.DateTimeField(null=True, blank=True)
    # Set on an expired request: the request made in its place with the next match.
    next_request = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="previous"
    )
    # After acceptance: their messages, and the circle through which entries are shared.
    conversation = models.OneToOneField(
        "conversations.Conversation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="care_request",
    )
    circle = models.OneToOneField(
        "circles.Circle",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="care_request",
    )
    share_self_checks = models.BooleanField(default=False)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["state", "requested_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "therapist"],
                condition=models.Q(state__in=["requested", "accepted"]),
                name="care_one_open_request_per_pair",
            )
        ]

    def __str__(self) -> str:
        return f"request {self.pk} ({self.state})"

    @property
    def due_at(self) -> datetime:
        return self.requested_at + ANSWER_WITHIN

    @property
    def is_open(self) -> bool:
        return self.state == RequestState.REQUESTED
