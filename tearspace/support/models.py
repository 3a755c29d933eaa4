"""Someone now: listeners, requests for a listener, and the matches that join them in a chat.

A listener chat is a conversation of the engine (`conversations.Kind.LISTENER`); this app holds
only who asked, who listens, and the rules that keep people safe. Nobody is in two active
matches at once: the database refuses it (partial unique constraints), not only the code.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from encrypted_fields.fields import EncryptedTextField

from tearspace.accounts.models import AgeBand
from tearspace.core.fields import PrivateTextField
from tearspace.rooms.models import Relief
from tearspace.support.topics import LABELS

TOPIC_CHOICES = list(LABELS.items())

FIRST_LINE_LIMIT = 280
MAX_CHATS_LIMIT = 3
KIND_NOTE_LIMIT = 500
# A small group is one listener and up to this many seekers.
GROUP_SEEKERS = 4


class ListenerProfile(models.Model):
    """A member who volunteered to listen: what they agreed to and whether they are free now."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="listener_profile"
    )
    volunteered_at = models.DateTimeField(default=timezone.now)
    conduct_accepted_at = models.DateTimeField(null=True, blank=True)
    orientation_completed_at = models.DateTimeField(null=True, blank=True)
    available = models.BooleanField(default=False)
    max_chats = models.PositiveSmallIntegerField(default=1)
    # Whether they hold small groups as well as one-to-one chats (their choice; on by default).
    takes_groups = models.BooleanField(default=True)
    # Kept in step with their active matches under the profile's row lock, so matching reads
    # who has room without counting.
    active_chats = models.PositiveSmallIntegerField(default=0)
    # Out of the pool until a moderator decides (a seeker reported them, or a moderator paused).
    paused_by_moderator = models.BooleanField(default=False)
    # Fair order: the listener who has waited longest since their last match goes first.
    last_matched_at = models.DateTimeField(null=True, blank=True)
    # When a hard chat ended and they were offered a break (set away); cleared on coming back.
    break_offered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["last_matched_at", "id"],
                condition=models.Q(available=True, paused_by_moderator=False),
                name="support_free_listeners",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_chats__gte=1, max_chats__lte=MAX_CHATS_LIMIT),
                name="listener_max_chats_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(active_chats__lte=models.F("max_chats")),
                name="listener_active_chats_under_cap",
            ),
        ]

    def __str__(self) -> str:
        return f"listener {self.user_id}"

    @property
    def ready(self) -> bool:
        """Code of conduct accepted and orientation done: they may go available."""
        return bool(self.conduct_accepted_at and self.orientation_completed_at)


class RequestState(models.TextChoices):
    WAITING = "waiting", _("Waiting for a listener")
    MATCHED = "matched", _("In a chat")
    CANCELLED = "cancelled", _("Cancelled")
    CRISIS = "crisis", _("Sent to crisis support")


class Format(models.TextChoices):
    ONE_TO_ONE = "one", _("One listener, one to one")
    GROUP = "group", _("A small group on a similar topic")


class SupportRequest(models.Model):
    """Someone asking for a listener now, with their first line (encrypted at rest)."""

    seeker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="support_requests"
    )
    first_line = EncryptedTextField(max_length=FIRST_LINE_LIMIT)
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, blank=True)
    format = models.CharField(max_length=8, choices=Format.choices, default=Format.ONE_TO_ONE)
    # What the first line is about, for small groups (`support.topics`): a topic name such as
    # "grief", or the line's strongest feeling when it names no topic. A coarse label, not words.
    topic = models.CharField(max_length=16, choices=TOPIC_CHOICES, blank=True)
    # They chose to wait for a listener to answer later rather than now (no time pressure).
    later = models.BooleanField(default=False)
    # The screening level of a first line that worried screening (help shown, short of imminent
    # risk), else blank: the seeker sees help from the start, their listener is asked to offer a
    # line, and the chat counts as a hard one.
    worry = models.CharField(max_length=12, blank=True)
    state = models.CharField(max_length=12, choices=RequestState.choices, default="waiting")
    requested_at = models.DateTimeField(default=timezone.now)
    matched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "pk"]
        indexes = [
            models.Index(
                fields=["requested_at", "id"],
                condition=models.Q(state="waiting"),
                name="support_waiting_queue",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["seeker"],
                condition=models.Q(state="waiting"),
                name="one_waiting_request_per_seeker",
            )
        ]

    def __str__(self) -> str:
        return f"request {self.pk} ({self.state})"

    @property
    def worried(self) -> bool:
        """Whether the first line worried screening (see `worry`)."""
        return bool(self.worry)

    @property
    def seconds_to_match(self) -> float | None:
        """Time from asking to being in a chat, in seconds (None until matched)."""
        if self.matched_at is None:
            return None
        return (self.matched_at - self.requested_at).total_seconds()


class SupportGroup(models.Model):
    """One listener and up to GROUP_SEEKERS seekers on a similar topic, in one conversation of
    the engine (kind SUPPORT_GROUP). Each seeker's place is a Match with `group` set, so the
    database's one-active-match-per-seeker rule covers groups too."""

    listener = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="listener_groups"
    )
    conversation = models.OneToOneField(
        "conversations.Conversation", on_delete=models.PROTECT, related_name="support_group"
    )
    topic = models.CharField(max_length=16, choices=TOPIC_CHOICES)
    age_band = models.CharField(max_length=8, choices=AgeBand.choices)
    # The listener's place this group takes (1..max_chats), as a one-to-one chat takes one.
    slot = models.PositiveSmallIntegerField(default=1)
    # Seekers in the group now, kept in step under the group's row lock; the database keeps it
    # at most GROUP_SEEKERS.
    seekers = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    # Contact details and invitations to move elsewhere held back here (for moderators).
    held_back = models.PositiveIntegerField(default=0)
    # A hard group, as a hard one-to-one chat (`Match.hard`): someone's words worried screening.
    hard = models.BooleanField(default=False)

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [
            models.Index(
                fields=["age_band", "topic", "started_at"],
                condition=models.Q(active=True),
                name="support_open_groups",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(seekers__lte=GROUP_SEEKERS), name="group_seekers_under_cap"
            ),
            models.UniqueConstraint(
                fields=["listener", "slot"],
                condition=models.Q(active=True),
                name="one_active_group_per_listener_slot",
            ),
        ]

    def __str__(self) -> str:
        return f"group {self.pk}"


class Match(models.Model):
    """A seeker and a listener in one listener chat (a conversation of kind LISTENER), or a
    seeker's place in a small group (`group` set; the group's conversation and listener)."""

    request = models.OneToOneField(SupportRequest, on_delete=models.CASCADE, related_name="match")
    seeker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="support_matches"
    )
    listener = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="listener_matches"
    )
    # One-to-one: this match's own conversation; in a group: the group's, shared by its seats.
    conversation = models.ForeignKey(
        "conversations.Conversation", on_delete=models.PROTECT, related_name="support_matches"
    )
    group = models.ForeignKey(
        SupportGroup, on_delete=models.CASCADE, null=True, blank=True, related_name="seats"
    )
    # The seeker left the group (the rest carried on): they no longer read it.
    left_group = models.BooleanField(default=False)
    # Which of the listener's places this chat takes (1..max_chats): with the constraint below
    # the database itself keeps a listener under their cap.
    slot = models.PositiveSmallIntegerField(default=1)
    # The name the listener sees for the seeker in this chat only.
    seeker_pseudonym = models.CharField(max_length=40)
    active = models.BooleanField(default=True)
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    felt_better = models.BooleanField(default=False)
    # Contact details and invitations to move elsewhere held back in this chat (for moderators).
    held_back = models.PositiveIntegerField(default=0)
    # A hard chat: someone's words worried screening (an alert, or an escalation when urgent).
    hard = models.BooleanField(default=False)
    # After the chat, the seeker's "How do you feel now?" (the rooms' relief scale); private.
    relief = models.CharField(max_length=8, choices=Relief.choices, blank=True)
    # The journal entry the seeker chose to keep it in (the opt-in bridge), if they did.
    journal_entry = models.ForeignKey(
        "journal.Entry", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The invitation to stay in touch through a circle made after this chat, if any.
    circle_invitation = models.ForeignKey(
        "rooms.TearFriendInvitation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["seeker"],
                condition=models.Q(active=True),
                name="one_active_match_per_seeker",
            ),
            # A group's seats share the group's slot; the group keeps its own slot unique.
            models.UniqueConstraint(
                fields=["listener", "slot"],
                condition=models.Q(active=True, group__isnull=True),
                name="one_active_match_per_listener_slot",
            ),
            models.CheckConstraint(
                condition=~models.Q(seeker=models.F("listener")),
                name="nobody_listens_to_themselves",
            ),
        ]

    def __str__(self) -> str:
        return f"match {self.pk}"

    @property
    def group_name(self) -> str:
        return f"support.{self.pk}"


class KindNote(models.Model):
    """A short kind note a seeker left their listener after a chat (no stars, no scores).

    The words are the seeker's, encrypted at rest; the listener reads them, nobody else.
    """

    match = models.OneToOneField(Match, on_delete=models.CASCADE, related_name="kind_note")
    listener = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="kind_notes"
    )
    body = PrivateTextField(max_length=KIND_NOTE_LIMIT)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"kind note {self.pk}"
