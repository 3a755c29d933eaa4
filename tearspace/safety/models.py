from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import Country, CountryField


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
    hours = models.CharField(max_length=80, default="24/7")
    languages = models.CharField(max_length=120, blank=True)
    source = models.URLField(help_text=_("Where this number was confirmed."))
    checked_on = models.DateField(help_text=_("When the source was last checked."))
    is_active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["country", "order", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.country.code or 'international'})"

    @property
    def phone_uri(self) -> str:
        digits = "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")
        return f"tel:{digits}" if digits else ""

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.pk,
            "country": self.country.code or None,
            "country_name": str(self.country.name) if self.country else None,
            "name": self.name,
            "description": self.description,
            "phone": self.phone or None,
            "text": self.text or None,
            "chat_url": self.chat_url or None,
            "url": self.url or None,
            "hours": self.hours,
            "languages": self.languages,
            "source": self.source,
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
