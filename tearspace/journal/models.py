"""The tear journal: entries, tags, clips, the search index and montage jobs.

Notes, trigger text, free emotion words, tag names and reflection answers are encrypted at rest
(Fernet via django-fernet-encrypted-fields); clips are sealed with AES-GCM (see
tearspace.lib.crypto). Emotion keys, kind, place, company, relief and what helped stay plain so
the dashboard can count them.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from encrypted_fields.fields import EncryptedCharField, EncryptedJSONField, EncryptedTextField

from tearspace.accounts import clock
from tearspace.core.validators import UsableDateTimeField

StrOrPromise = str | Promise

# A warm, plain vocabulary; each word maps to the GoEmotions label and Ekman family it stands for.
EMOTIONS: dict[str, tuple[StrOrPromise, str, str]] = {
    # key: (label shown, GoEmotions, Ekman)
    "sad": (_("sad"), "sadness", "sadness"),
    "grieving": (_("missing someone"), "grief", "sadness"),
    "lonely": (_("lonely"), "sadness", "sadness"),
    "let_down": (_("let down"), "disappointment", "sadness"),
    "hurt": (_("hurt"), "remorse", "sadness"),
    "angry": (_("angry"), "anger", "anger"),
    "frustrated": (_("frustrated"), "annoyance", "anger"),
    "scared": (_("scared"), "fear", "fear"),
    "worried": (_("worried"), "nervousness", "fear"),
    "overwhelmed": (_("overwhelmed"), "nervousness", "fear"),
    "ashamed": (_("ashamed"), "embarrassment", "sadness"),
    "guilty": (_("guilty"), "remorse", "sadness"),
    "tired": (_("worn out"), "sadness", "sadness"),
    "relieved": (_("relieved"), "relief", "joy"),
    "moved": (_("moved"), "admiration", "joy"),
    "grateful": (_("grateful"), "gratitude", "joy"),
    "happy": (_("happy"), "joy", "joy"),
    "loved": (_("loved"), "love", "joy"),
    "surprised": (_("surprised"), "surprise", "surprise"),
    "numb": (_("numb"), "neutral", "neutral"),
}
EMOTION_CHOICES = [(key, label) for key, (label, _go, _ek) in EMOTIONS.items()]

# Feelings read at a glance in a few families (their Ekman family), each with its colour from
# the Okabe-Ito palette, which people with the common colour-vision differences tell apart.
FAMILIES: dict[str, tuple[StrOrPromise, str]] = {
    # Ekman family: (label shown, colour)
    "sadness": (_("sadness and hurt"), "#0072B2"),
    "anger": (_("anger and frustration"), "#D55E00"),
    "fear": (_("fear and worry"), "#CC79A7"),
    "joy": (_("joy and relief"), "#009E73"),
    "surprise": (_("surprise"), "#E69F00"),
    "neutral": (_("numbness"), "#767676"),
}


def family_of(emotion: str) -> str:
    """The family key of an emotion key (see FAMILIES); "" for a key no longer offered."""
    return EMOTIONS[emotion][2] if emotion in EMOTIONS else ""


# What helped: coping tools Tearspace offers or recommends, in plain words.
HELPED: dict[str, StrOrPromise] = {
    "breathing": _("a breathing exercise"),
    "grounding": _("grounding (5-4-3-2-1)"),
    "thumb_press": _("pressing thumb and forefinger"),
    "quiet_minute": _("a quiet minute or mindfulness"),
    "music": _("music"),
    "walk": _("a walk"),
    "drink": _("water or tea"),
    "writing": _("writing it down"),
    "talking": _("talking to someone"),
    "hug": _("a hug"),
    "room": _("a rui-katsu room"),
    "rest": _("rest or sleep"),
}
HELPED_CHOICES = list(HELPED.items())


class Kind(models.TextChoices):
    EXPRESSIVE = "expressive", _("expressive — in touch with a feeling")
    PROTEST = "protest", _("protest — against a situation")
    OVERWHELM = "overwhelm", _("overwhelm or stress")
    GRIEF = "grief", _("grief")
    JOY = "joy", _("joy or being moved")
    REFLEX = "reflex", _("reflex — onions, a speck")


class Place(models.TextChoices):
    HOME = "home", _("at home")
    WORK = "work", _("at work or school")
    OUTSIDE = "outside", _("outside")
    ON_THE_MOVE = "moving", _("on the move")
    ELSEWHERE = "elsewhere", _("somewhere else")


class Company(models.TextChoices):
    ALONE = "alone", _("alone")
    FRIEND = "friend", _("with a friend")
    PARTNER = "partner", _("with a partner")
    FAMILY = "family", _("with family")
    THERAPIST = "therapist", _("with a therapist")
    ROOM = "room", _("in a room on Tearspace")
    ONLINE = "online", _("online")


class Relief(models.TextChoices):
    WORSE = "worse", _("felt worse")
    SAME = "same", _("about the same")
    LIGHTER = "lighter", _("a bit lighter")
    MUCH_LIGHTER = "much_lighter", _("much lighter")


RELIEF_SCORE = {"worse": 0, "same": 1, "lighter": 2, "much_lighter": 3}


def choice_label(choices: type[models.TextChoices], value: str) -> str:
    """The label of `value` in the active language, or `value` itself when it is not offered
    (what get_FOO_display answers)."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


class Tag(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_tags"
    )
    name = EncryptedCharField(max_length=60)
    # Keyed digest of the normalised name: lets the database keep one tag per name per owner.
    digest = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "digest"], name="journal_tag_unique_name")
        ]

    def __str__(self) -> str:
        return str(self.name)


class Entry(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_entries"
    )
    # Stable across export and restore (the primary key is not): a restore matches on it.
    uid = models.UUIDField(default=uuid.uuid4, editable=False)
    when = UsableDateTimeField(default=timezone.now)
    duration_minutes = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(24 * 60)]
    )
    intensity = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    # Vocabulary keys joined as ",sad,lonely," so one emotion can be filtered with a LIKE.
    emotions = models.CharField(max_length=400, blank=True, default="")
    emotion_words = EncryptedCharField(max_length=200, null=True, blank=True, default="")
    kind = models.CharField(max_length=12, choices=Kind.choices, blank=True, default="")
    trigger = EncryptedTextField(null=True, blank=True, default="")
    tags = models.ManyToManyField(Tag, blank=True, related_name="entries")
    place = models.CharField(max_length=12, choices=Place.choices, blank=True, default="")
    with_whom = models.CharField(max_length=12, choices=Company.choices, blank=True, default="")
    relief = models.CharField(max_length=14, choices=Relief.choices, blank=True, default="")
    # What helped, as vocabulary keys joined like emotions: ",walk,music,".
    helped = models.CharField(max_length=200, blank=True, default="")
    notes = EncryptedTextField(null=True, blank=True, default="")
    reflection = EncryptedJSONField(null=True, blank=True, default=dict)
    # The rui-katsu session this cry was logged from (after-session "how did it feel?").
    room = models.ForeignKey(
        "rooms.Room", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The key the person's browser or API client made for this create (core/idempotency.py).
    client_key = models.CharField(max_length=64, blank=True, default="")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    # Set by selectors.attach_tags for a page of the timeline; not a field.
    shown_tags: list[Tag]

    class Meta:
        ordering = ["-when", "-id"]
        indexes = [models.Index(fields=["owner", "-when"], name="journal_entry_owner_when")]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "client_key"],
                condition=~models.Q(client_key=""),
                name="journal_entry_once_per_client_key",
            ),
            models.UniqueConstraint(fields=["owner", "uid"], name="journal_entry_unique_uid"),
            # Logging a session again updates its entry; it never adds a second one.
            models.UniqueConstraint(
                fields=["owner", "room"],
                condition=models.Q(room__isnull=False),
                name="journal_one_entry_per_room",
            ),
        ]
        verbose_name_plural = "entries"

    def __str__(self) -> str:
        return f"Entry {self.pk}"

    # Django's own get_FOO_display hashes every label of the field's choices on each call, a
    # translation per label: the timeline's 40 calls cost half a millisecond. Same answers.
    def get_kind_display(self) -> str:  # type: ignore[no-redef]  # replaces Django's
        return choice_label(Kind, self.kind)

    def get_relief_display(self) -> str:  # type: ignore[no-redef]
        return choice_label(Relief, self.relief)

    @property
    def has_clip(self) -> bool:
        """Whether a clip is attached. A template asking `entry.clip` of an entry without one
        costs Django's listing of every attribute of the entry (the failed lookup's check)."""
        return hasattr(self, "clip")

    @property
    def emotion_keys(self) -> list[str]:
        return [key for key in self.emotions.split(",") if key]

    @property
    def emotion_labels(self) -> list[str]:
        return [str(EMOTIONS[key][0]) for key in self.emotion_keys if key in EMOTIONS]

    @property
    def family(self) -> str:
        """The family of the first feeling named, "" when none: the colour of its card."""
        return next((family_of(key) for key in self.emotion_keys if family_of(key)), "")

    @property
    def helped_keys(self) -> list[str]:
        return [key for key in self.helped.split(",") if key]

    @property
    def helped_labels(self) -> list[str]:
        return [str(HELPED[key]) for key in self.helped_keys if key in HELPED]

    def to_dict(self) -> dict[str, object]:
        """The entry as JSON-ready data; times carry the owner's own offset (their clock)."""
        clip = getattr(self, "clip", None)
        return {
            "id": self.pk,
            "uid": str(self.uid),
            "when": clock.local(self.when, self.owner).isoformat(),
            "duration_minutes": self.duration_minutes,
            "intensity": self.intensity,
            "emotions": self.emotion_keys,
            "emotion_words": self.emotion_words or "",
            "kind": self.kind,
            "trigger": self.trigger or "",
            "tags": sorted(str(tag.name) for tag in self.tags.all()),
            "place": self.place,
            "with_whom": self.with_whom,
            "relief": self.relief,
            "helped": self.helped_keys,
            "notes": self.notes or "",
            "reflection": self.reflection or {},
            "clip": clip.to_dict() if clip is not None else None,
            "room": self.room_id,
            "created": clock.local(self.created, self.owner).isoformat(),
            "updated": clock.local(self.updated, self.owner).isoformat(),
        }


class Clip(models.Model):
    entry = models.OneToOneField(Entry, on_delete=models.CASCADE, related_name="clip")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_clips"
    )
    path = models.CharField(max_length=200, unique=True)  # storage name of the sealed file
    content_type = models.CharField(max_length=80)
    size = models.PositiveBigIntegerField()
    duration_seconds = models.FloatField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Clip for entry {self.entry_id}"

    @property
    def is_video(self) -> bool:
        return self.content_type.startswith("video/")

    @property
    def extension(self) -> str:
        subtype = self.content_type.split("/")[-1].split(";")[0]
        return {"mpeg": "mp3", "quicktime": "mov", "x-matroska": "mkv"}.get(subtype, subtype)

    def to_dict(self) -> dict[str, object]:
        return {
            "content_type": self.content_type,
            "size": self.size,
            "duration_seconds": self.duration_seconds,
            "file": f"clips/{self.entry_id}.{self.extension}",
        }


class EntryWord(models.Model):
    """One keyed digest of a normalised word in an entry: the blind index behind search."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="words")
    digest = models.CharField(max_length=32)

    class Meta:
        indexes = [models.Index(fields=["owner", "digest"], name="journal_word_owner_digest")]

    def __str__(self) -> str:
        return self.digest


class MontageStatus(models.TextChoices):
    QUEUED = "queued", _("waiting to start")
    RUNNING = "running", _("rendering")
    DONE = "done", _("ready")
    FAILED = "failed", _("could not be made")
    CANCELLED = "cancelled", _("cancelled")


class MontageJob(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_montages"
    )
    start = models.DateField()
    end = models.DateField()
    status = models.CharField(
        max_length=10, choices=MontageStatus.choices, default=MontageStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    total_clips = models.PositiveIntegerField(default=0)
    done_clips = models.PositiveIntegerField(default=0)
    skipped = models.JSONField(
        default=list, blank=True
    )  # [{"entry": id, "when": iso, "reason": str}]
    message = models.CharField(max_length=200, blank=True, default="")
    path = models.CharField(max_length=200, blank=True, default="")  # sealed output
    size = models.PositiveBigIntegerField(default=0)
    client_key = models.CharField(max_length=64, blank=True, default="")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "client_key"],
                condition=~models.Q(client_key=""),
                name="journal_montage_once_per_client_key",
            )
        ]

    def __str__(self) -> str:
        return f"Montage {self.start} to {self.end}"

    @property
    def is_active(self) -> bool:
        return self.status in {MontageStatus.QUEUED, MontageStatus.RUNNING}

    def to_dict(self) -> dict[str, object]:
        return {
            "id": str(self.id),
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "status": self.status,
            "progress": self.progress,
            "total_clips": self.total_clips,
            "done_clips": self.done_clips,
            "skipped": self.skipped,
            "message": self.message,
            "created": self.created.isoformat(),
        }
