"""Trusted circles, shares of journal entries, and replies that pause to reflect.

A share points at the journal entry (nothing is copied) and says which parts others may see.
Community shares carry a per-share pseudonym; the author's account is never shown to others.
"""

import hashlib
import secrets
from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

StrOrPromise = str | Promise

User = settings.AUTH_USER_MODEL


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def shown_time(moment: datetime, *, day_only: bool) -> str:
    """`moment` as ISO 8601 for others to see; with `day_only`, just the date (active zone).

    Everything on a community share says only the day: a minute next to a fresh pseudonym
    could be matched with the minute a handle was last seen elsewhere.
    """
    return timezone.localdate(moment).isoformat() if day_only else moment.isoformat()


class Circle(models.Model):
    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="owned_circles")
    name = models.CharField(max_length=80)
    created = models.DateTimeField(auto_now_add=True)
    # core/idempotency.py: a double click or a retry makes one circle.
    client_key = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "client_key"],
                condition=~models.Q(client_key=""),
                name="circles_circle_once_per_client_key",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CircleMembership(models.Model):
    """Who is in a circle. The owner is a member too, from the moment the circle is made."""

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="memberships")
    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="circle_memberships")
    joined = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["circle", "member"], name="circles_one_membership")
        ]

    def __str__(self) -> str:
        return f"{self.member_id} in {self.circle_id}"


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("waiting")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Invitation(models.Model):
    """A single-use, expiring invitation. Only a digest of the link's token is stored."""

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="invitations")
    inviter = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    invitee = models.ForeignKey(
        User, on_delete=models.CASCADE, null=True, blank=True, related_name="circle_invitations"
    )
    digest = models.CharField(max_length=64, unique=True)
    status = models.CharField(
        max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    expires = models.DateTimeField()
    used_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Invitation {self.pk} to {self.circle_id}"

    @staticmethod
    def new_token() -> tuple[str, str]:
        token = secrets.token_urlsafe(32)
        return token, token_digest(token)


CONTENT_NOTES: list[tuple[str, StrOrPromise]] = [
    ("grief", _("grief or loss")),
    ("self_harm", _("self-harm mention")),
    ("suicide", _("suicidal thoughts")),
    ("abuse", _("abuse")),
    ("illness", _("illness")),
    ("family", _("family conflict")),
    ("body", _("body image or food")),
    ("pregnancy", _("pregnancy or baby loss")),
]
CONTENT_NOTE_LABELS = dict(CONTENT_NOTES)


def note_keys(stored: str) -> list[str]:
    """The known notes in a stored ",suicide,self_harm," list, once each, in the list's order."""
    found = set(stored.split(","))
    return [key for key, _ in CONTENT_NOTES if key in found]


def joined_notes(keys: list[str]) -> str:
    return f",{','.join(keys)}," if keys else ""


def note_labels(keys: list[str]) -> str:
    return ", ".join(str(CONTENT_NOTE_LABELS[key]) for key in keys)


class Share(models.Model):
    author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="shares")
    entry = models.ForeignKey("journal.Entry", on_delete=models.CASCADE, related_name="shares")
    circles = models.ManyToManyField(
        Circle, blank=True, related_name="shares", through="ShareAudience"
    )
    community = models.BooleanField(default=False)
    # Random per share, so community members cannot link two shares to one person.
    pseudonym = models.CharField(max_length=40, blank=True, default="")
    include_words = models.BooleanField(default=True)
    include_clip = models.BooleanField(default=False)
    include_feelings = models.BooleanField(default=True)
    # Plain emotion keys of the entry, kept here (only when feelings are shared) for filters.
    emotions = models.CharField(max_length=400, blank=True, default="")
    content_note = models.CharField(max_length=16, blank=True, default="")
    # Notes the crisis screen's findings added when it was shared (",suicide,self_harm,"): the
    # author sees them and they stay; readers' "topics I don't want to see" apply to them too.
    added_notes = models.CharField(max_length=100, blank=True, default="")
    reply_count = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # core/idempotency.py: a double click or a retry shares once.
    client_key = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        # Newest first by id: ids only grow, and one column keeps the feed index small.
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "client_key"],
                condition=~models.Q(client_key=""),
                name="circles_share_once_per_client_key",
            ),
        ]
        indexes = [
            models.Index(fields=["community", "revoked_at", "-id"], name="circles_share_feed"),
            models.Index(
                fields=["community", "revoked_at", "reply_count", "-id"],
                name="circles_share_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"Share {self.pk}"

    @property
    def emotion_keys(self) -> list[str]:
        return [key for key in self.emotions.split(",") if key]

    @property
    def added_note_keys(self) -> list[str]:
        return note_keys(self.added_notes)

    @property
    def content_notes(self) -> list[str]:
        """Every note on the share, the author's and the screen's, in the list's order."""
        return note_keys(f",{self.content_note}{self.added_notes}")

    @property
    def content_note_label(self) -> str:
        return note_labels(self.content_notes)

    @property
    def added_note_label(self) -> str:
        return note_labels(self.added_note_keys)

    @property
    def shown_created(self) -> str:
        return shown_time(self.created, day_only=self.community)


class ShareAudience(models.Model):
    share = models.ForeignKey(Share, on_delete=models.CASCADE, related_name="audiences")
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="audiences")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["circle", "share"], name="circles_one_audience")
        ]

    def __str__(self) -> str:
        return f"Share {self.share_id} in circle {self.circle_id}"


class ShareView(models.Model):
    """Who has opened a circle share: the author can see it ("who has seen this")."""

    share = models.ForeignKey(Share, on_delete=models.CASCADE, related_name="views")
    viewer = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    seen = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["share", "viewer"], name="circles_one_view")]

    def __str__(self) -> str:
        return f"Share {self.share_id} seen by {self.viewer_id}"


class Verdict(models.TextChoices):
    OK = "ok", _("ok")
    NUDGE = "nudge", _("nudged")
    HOLD = "hold", _("held for review")


class Reply(models.Model):
    share = models.ForeignKey(Share, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="share_replies")
    body = models.TextField(max_length=4000)
    verdict = models.CharField(max_length=5, choices=Verdict.choices, default=Verdict.OK)
    # Notes the crisis screen's findings added (as on a share): the reply is shown folded.
    added_notes = models.CharField(max_length=100, blank=True, default="")
    sent_anyway = models.BooleanField(default=False)
    hidden_by_author = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)
    client_key = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering = ["created", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "client_key"],
                condition=~models.Q(client_key=""),
                name="circles_reply_once_per_client_key",
            ),
        ]
        indexes = [models.Index(fields=["share", "created"], name="circles_reply_share")]

    def __str__(self) -> str:
        return f"Reply {self.pk}"

    @property
    def shown_created(self) -> str:
        return shown_time(self.created, day_only=self.share.community)

    @property
    def content_notes(self) -> list[str]:
        return note_keys(self.added_notes)

    @property
    def content_note_label(self) -> str:
        return note_labels(self.content_notes)

    @property
    def is_visible(self) -> bool:
        return self.verdict != Verdict.HOLD and not self.hidden_by_author


class ReactionKind(models.TextChoices):
    HERE = "here", _("I'm here")
    CRIED = "cried", _("cried with you")
    WARMTH = "warmth", _("sending warmth")


class Reaction(models.Model):
    share = models.ForeignKey(Share, on_delete=models.CASCADE, related_name="reactions")
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="share_reactions")
    kind = models.CharField(max_length=8, choices=ReactionKind.choices)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["share", "person", "kind"], name="circles_one_reaction")
        ]

    def __str__(self) -> str:
        return f"{self.kind} on share {self.share_id}"


class ShareMute(models.Model):
    """One person no longer sees one community share, nor anything written under its pseudonym.

    Blocking "the person" behind a pseudonym makes this, never an `accounts.Block`: a block on
    the account would change what the blocker sees of that account elsewhere and so name the
    author.
    """

    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="share_mutes")
    share = models.ForeignKey(Share, on_delete=models.CASCADE, related_name="mutes")
    # The pseudonym, as the person knew it.
    label = models.CharField(max_length=40)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "share"], name="circles_one_mute")]

    def __str__(self) -> str:
        return f"Share {self.share_id} muted by {self.person_id}"


class CircleSettings(models.Model):
    """The community topics a person would rather not see (quiet hours and the digest are in
    `notifications.NotificationSettings`)."""

    person = models.OneToOneField(User, on_delete=models.CASCADE, related_name="circle_settings")
    hidden_notes = models.JSONField(default=list, blank=True)

    def __str__(self) -> str:
        return f"Circle settings of {self.person_id}"


class NudgeOutcomeKind(models.TextChoices):
    PENDING = "pending", _("no answer yet")
    REVISED = "revised", _("revised")
    DISCARDED = "discarded", _("discarded")
    SENT_ANYWAY = "sent_anyway", _("sent anyway")


class NudgeOutcome(models.Model):
    """What a writer did after the pause-and-reflect step: the figure to compare with studies."""

    author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    share = models.ForeignKey(Share, on_delete=models.SET_NULL, null=True, related_name="+")
    outcome = models.CharField(
        max_length=12, choices=NudgeOutcomeKind.choices, default=NudgeOutcomeKind.PENDING
    )
    created = models.DateTimeField(auto_now_add=True)
    decided = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Nudge {self.pk}: {self.outcome}"
