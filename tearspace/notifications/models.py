"""Notifications every feature leaves for a person, and when that person wants quiet.

Shared by every feature app and owned by none: circles, rooms and the coming chats call
`actions.do_notify`. A notification may point at a circles share or invitation (so revoking a
share or withdrawing an invitation takes its notifications with it); other apps give a `url`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

User = settings.AUTH_USER_MODEL


class NotificationKind(models.TextChoices):
    SHARE = "share", _("new share")
    REPLY = "reply", _("reply")
    REACTION = "reaction", _("reaction")
    INVITATION = "invitation", _("invitation")
    ROOM = "room", _("room reminder")
    CARE = "care", _("care request")
    SUPPORT = "support", _("listener chat")


class Notification(models.Model):
    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=10, choices=NotificationKind.choices)
    # Who caused it; blocks are applied on this when notifications are read.
    actor = models.ForeignKey(User, on_delete=models.CASCADE, null=True, related_name="+")
    text = models.CharField(max_length=200)
    # Named, not imported: circles sits above notifications, and the database cascade is what
    # makes a deleted share or invitation take its notifications along.
    share = models.ForeignKey(
        "circles.Share", on_delete=models.CASCADE, null=True, related_name="+"
    )
    invitation = models.ForeignKey(
        "circles.Invitation", on_delete=models.CASCADE, null=True, related_name="+"
    )
    # Where the notification leads, for ones from other apps (a room reminder).
    url = models.CharField(max_length=200, blank=True, default="")
    created = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # The table and index keep the names they had under circles: moving the model moved
        # no rows.
        db_table = "circles_notification"
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["recipient", "-created"], name="circles_notif_recipient")]

    def __str__(self) -> str:
        return f"Notification {self.pk}"


class NotificationSettings(models.Model):
    """A person's quiet hours (their own time zone) and whether they want the email digest."""

    person = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="notification_settings"
    )
    quiet_start = models.TimeField(null=True, blank=True)
    quiet_end = models.TimeField(null=True, blank=True)
    email_digest = models.BooleanField(default=False)
    digest_sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Notification settings of {self.person_id}"
