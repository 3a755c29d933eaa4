from django.conf.locale import LANG_INFO
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import Country, CountryField

from tearspace.core.fields import PrivateJSONField, PrivateTextField


def validate_language_codes(value: str) -> None:
    """Refuse a `speaks` value with a code Django has no name for (ISO 639-1, e.g. "es en").

    Raises ValidationError naming the unknown codes.
    """
    unknown = [code for code in value.lower().split() if code not in LANG_INFO]
    if unknown:
        raise ValidationError(
            _("Unknown language codes: %(codes)s. Use codes such as es, fr or ja."),
            params={"codes": ", ".join(unknown)},
        )


class CrisisLine(models.Model):
    """A real crisis service people can reach now. Operators keep these true for their region."""

    country: Country = CountryField(  # type: ignore[assignment]
        blank=True, help_text=_("Leave empty for a service that covers the world.")
    )
    name = models.CharField(max_length=120)
    description = models.CharField(max_length=300, blank=True)
    phone = models.CharField(max_length=40, blank=True, help_text=_("As people dial it, e.g. 988."))
    text = models.CharField(max_length=120, blank=True, help_text=_("e.g. 'Text 988'"))
    chat_url = models.URLField(blank=True)
    url = models.URLField(blank=True)
    hours = models.CharField(max_length=200, default="24/7")
    # ISO 639-1 codes of the languages the line answers in, space-separated ("de fr it"): the
    # help pages put lines that speak the reader's language first.
    speaks = models.CharField(
        max_length=60,
        blank=True,
        validators=[validate_language_codes],
        help_text=_("Language codes, space-separated, e.g. 'es en'."),
    )
    # What codes cannot say: interpreters, sign language.
    languages = models.CharField(max_length=120, blank=True)
    confidence = models.CharField(
        max_length=20,
        choices=[
            ("own page", _("Confirmed on the service's own or a government page")),
            ("secondary", _("Confirmed by reputable directories or news")),
        ],
        blank=True,
        default="",  # an operator's own line: no check recorded
    )
    source = models.URLField(help_text=_("Where this number was confirmed."))
    checked_on = models.DateField(help_text=_("When the source was last checked."))
    is_active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["country", "order", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({getattr(self.country, 'code', '') or 'international'})"

    @property
    def language_codes(self) -> list[str]:
        """The codes in `speaks`, lower-cased, in order."""
        return self.speaks.lower().split()

    @property
    def phone_uri(self) -> str:
        digits = "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")
        return f"tel:{digits}" if digits else ""

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.pk,
            "country": getattr(self.country, "code", "") or None,
            "country_name": str(getattr(self.country, "name", "")) if self.country else None,
            "name": self.name,
            "description": self.description,
            "phone": self.phone or None,
            "text": self.text or None,
            "chat_url": self.chat_url or None,
            "url": self.url or None,
            "hours": self.hours,
            "speaks": self.language_codes,
            "languages": self.languages,
            "source": self.source,
            "confidence": self.confidence,
            "checked_on": self.checked_on.isoformat(),
        }


class CrisisLevel(models.TextChoices):
    NONE = "none", _("None")
    DISTRESS = "distress", _("Distress")
    CONCERN = "concern", _("Concern")
    URGENT = "urgent", _("Urgent")


class ScreeningRecord(models.Model):
    """The crisis screening of one thing a person wrote, kept with that thing (never its text)."""

    author = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="screenings")
    kind = models.CharField(max_length=32, help_text=_("What was written: entry, reply, chat…"))
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, null=True, blank=True
    )
    object_id = models.CharField(max_length=64, blank=True)
    level = models.CharField(max_length=8, choices=CrisisLevel.choices)
    show_help = models.BooleanField()
    needs_review = models.BooleanField(
        default=False, help_text=_("Screening failed or ran late, so a person should look.")
    )
    reasons = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.kind} by {self.author_id}: {self.level}"


LEVEL_RANK = {"none": 0, "distress": 1, "concern": 2, "urgent": 3}


class CaseStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("moderation case status", "Open")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    REACHED_OUT = "reached_out", _("Reached out")
    RESOLVED = "resolved", _("Resolved")
    FALSE_ALARM = "false_alarm", _("False alarm")


OPEN_STATUSES = (CaseStatus.OPEN, CaseStatus.ACKNOWLEDGED, CaseStatus.REACHED_OUT)


class ModerationCase(models.Model):
    """What every item in the moderator queue has: how urgent, where it stands, who handled it."""

    urgency = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(max_length=16, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    handled_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-urgency", "created_at"]
        indexes = [models.Index(fields=["status", "-urgency", "created_at"])]
        abstract = True


class Escalation(ModerationCase):
    """Someone may be in danger: moderators should look and may reach out.

    `snapshot` holds the words only when the author had already shared them with other people;
    for private writing (a journal entry, a self-check) it stays empty, so moderators see the
    level, the reasons and the handle, never the private text.
    """

    person = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="escalations"
    )
    kind = models.CharField(max_length=32)
    level = models.CharField(max_length=8, choices=CrisisLevel.choices)
    # Encrypted: a self-check's reasons quote the person's own answer to item 9.
    reasons = PrivateJSONField(default=list)
    snapshot = PrivateTextField(blank=True)
    screening = models.ForeignKey(ScreeningRecord, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta(ModerationCase.Meta):
        pass

    def __str__(self) -> str:
        return f"escalation {self.pk}: {self.level} ({self.status})"

    @property
    def is_shared(self) -> bool:
        return bool(self.snapshot)


class ReportReason(models.TextChoices):
    UNKIND = "unkind", _("Unkind or judgemental")
    ABUSE = "abuse", _("Abusive, hateful or harassing")
    SELF_HARM = "self_harm", _("Worried about this person's safety")
    HARMFUL = "harmful", _("Describes or encourages self-harm")
    SPAM = "spam", _("Spam")
    OTHER = "other", _("Something else")


# How soon a report needs eyes, on the same scale as crisis levels (urgent = 3).
REPORT_URGENCY = {
    ReportReason.SELF_HARM: 3,
    ReportReason.HARMFUL: 2,
    ReportReason.ABUSE: 2,
    ReportReason.UNKIND: 1,
    ReportReason.SPAM: 0,
    ReportReason.OTHER: 1,
}


class Report(ModerationCase):
    """A person asks moderators to look at something others can see (a reply, a share, a chat)."""

    reporter = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="reports_made"
    )
    subject = models.ForeignKey(
        "accounts.User",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports_about",
        help_text=_("Who wrote the reported words, when known."),
    )
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.SET_NULL, null=True, blank=True
    )
    object_id = models.CharField(max_length=64, blank=True)
    reason = models.CharField(max_length=16, choices=ReportReason.choices)
    details = PrivateTextField(blank=True)
    snapshot = PrivateTextField(blank=True, help_text=_("The reported words as others saw them."))

    class Meta(ModerationCase.Meta):
        pass

    def __str__(self) -> str:
        return f"report {self.pk}: {self.reason} ({self.status})"


class AuditLog(models.Model):
    """Who looked at or changed what in moderation, kept so staff access can be reviewed."""

    actor = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="audit_entries"
    )
    action = models.CharField(max_length=40)
    target = models.CharField(max_length=64, blank=True, help_text=_("e.g. escalation:12"))
    # Encrypted: it can quote a sanction's reason or an appeal's reply.
    detail = PrivateJSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.actor_id} {self.action} {self.target}"


class CareMessage(models.Model):
    """A short in-app note from a moderator to someone they are worried about."""

    person = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="care_messages"
    )
    sender = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = PrivateTextField(max_length=2000)
    escalation = models.ForeignKey(Escalation, on_delete=models.SET_NULL, null=True, blank=True)
    sanction = models.ForeignKey(
        "Sanction", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"care message to {self.person_id}"

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.pk,
            "body": self.body,
            "standing": self.sanction_id is not None,
            "created_at": self.created_at.isoformat(),
            "read_at": self.read_at.isoformat() if self.read_at else None,
        }


class SelfCheckKind(models.TextChoices):
    PHQ9 = "phq9", _("PHQ-9")
    GAD7 = "gad7", _("GAD-7")


class SelfCheck(models.Model):
    """One completed PHQ-9 or GAD-7: the answers, the total and its standard band."""

    person = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="self_checks"
    )
    kind = models.CharField(max_length=8, choices=SelfCheckKind.choices)
    # Encrypted, the total and band too: they say as much as the answers.
    answers = PrivateJSONField()
    score = PrivateJSONField()
    band = PrivateTextField()
    created_at = models.DateTimeField(auto_now_add=True)
    # core/idempotency.py: a double click or a retry stores one check (and one escalation).
    client_key = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["person", "kind", "-created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "client_key"],
                condition=~models.Q(client_key=""),
                name="safety_selfcheck_once_per_client_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.score} for {self.person_id}"

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.pk,
            "kind": self.kind,
            "answers": self.answers,
            "score": self.score,
            "band": self.band,
            "created_at": self.created_at.isoformat(),
        }


class InsightState(models.Model):
    """When the "it may be time to talk to someone" note was last shown or set aside."""

    person = models.OneToOneField(
        "accounts.User", on_delete=models.CASCADE, related_name="insight_state"
    )
    last_shown_at = models.DateTimeField(null=True, blank=True)
    dismissed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"insight state for {self.person_id}"


class SanctionKind(models.TextChoices):
    WARNING = "warning", _("Warning")
    MUTE = "mute", _("Paused from posting")
    BAN = "ban", _("Account closed")


class Sanction(models.Model):
    """A moderator's decision about a person, with the reason they are shown."""

    person = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="sanctions")
    kind = models.CharField(max_length=8, choices=SanctionKind.choices)
    reason = PrivateTextField(max_length=2000, help_text=_("Shown to the person."))
    until = models.DateTimeField(null=True, blank=True, help_text=_("When a pause ends."))
    moderator = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    report = models.ForeignKey(Report, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["person", "kind", "lifted_at"])]

    def __str__(self) -> str:
        return f"{self.kind} for {self.person_id}"

    def to_dict(self) -> dict[str, object]:
        appeal = self.appeals.first() if self.pk else None
        return {
            "id": self.pk,
            "kind": self.kind,
            "label": self.get_kind_display(),
            "reason": self.reason,
            "until": self.until.isoformat() if self.until else None,
            "created_at": self.created_at.isoformat(),
            "lifted_at": self.lifted_at.isoformat() if self.lifted_at else None,
            "appeal": appeal.to_dict() if appeal else None,
        }


class AppealStatus(models.TextChoices):
    OPEN = "open", _("Waiting for a moderator")
    UPHELD = "upheld", _("Decision kept")
    OVERTURNED = "overturned", _("Decision undone")


class Appeal(models.Model):
    """A person asking for a second look at a sanction."""

    sanction = models.ForeignKey(Sanction, on_delete=models.CASCADE, related_name="appeals")
    words = PrivateTextField(max_length=4000)
    status = models.CharField(
        max_length=12, choices=AppealStatus.choices, default=AppealStatus.OPEN
    )
    reply = PrivateTextField(max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"appeal {self.pk} ({self.status})"

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.pk,
            "sanction": self.sanction_id,
            "words": self.words,
            "status": self.status,
            "reply": self.reply,
            "created_at": self.created_at.isoformat(),
            "decided_at": self.decided_at.isoformat() if self.decided_at else None,
        }
