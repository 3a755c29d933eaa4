"""What the toolkit keeps: only what a logged-in person chose to note. Nothing else is stored."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from tearspace.toolkit.catalogue import USABLE_TOOLS


class ToolUse(models.Model):
    """The person noted they used a tool; private to them (feeds the journal's "what helped")."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tool_uses"
    )
    tool = models.CharField(max_length=20, choices=USABLE_TOOLS)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["user", "-at"])]

    def __str__(self) -> str:
        return f"{self.tool} at {self.at:%Y-%m-%d %H:%M}"

    def to_dict(self) -> dict[str, object]:
        return {"tool": self.tool, "at": self.at.isoformat()}


class Reminder(models.Model):
    """An in-app reminder to give the tears a safe moment later; shown once it is due."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tool_reminders"
    )
    due_at = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["user", "due_at"])]

    def __str__(self) -> str:
        return f"reminder at {self.due_at:%Y-%m-%d %H:%M}"

    def to_dict(self) -> dict[str, object]:
        return {"due_at": self.due_at.isoformat(), "created_at": self.created_at.isoformat()}
