"""The one chat engine's storage: conversations, who takes part, and their messages.

Room chats and the mixer's small chats are conversations; listener chats and therapist messages
will be too. What a kind means (who may read or write, event names) is the calling app's policy
(`policy.ChatPolicy`); this app knows nothing about rooms.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tearspace.core.fields import PrivateTextField

MAX_MESSAGE_LENGTH = 2000


class Kind(models.TextChoices):
    ROOM = "room", _("Room chat")
    SMALL_CHAT = "small_chat", _("Small chat")
    LISTENER = "listener", _("Listener chat")
    SUPPORT_GROUP = "support_group", _("Small listener group")
    CARE = "care", _("Messages with a therapist")
    CHECK_IN = "check_in", _("A private word with the host")


class ParticipantRole(models.TextChoices):
    MEMBER = "member", _("Member")
    HOST = "host", _("Host")
    LISTENER = "listener", _("Listener")
    THERAPIST = "therapist", _("Therapist")


class Conversation(models.Model):
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # The last sequence number handed out (messages and changes share it); bumped under the
    # conversation row lock.
    last_seq = models.PositiveBigIntegerField(default=0)
    # On: someone who joins reads from when they joined, not what was said before (by people who
    # may have left since). Off: they read it all.
    newcomers_read_from_join = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.kind} conversation {self.pk}"


class Participant(models.Model):
    """A person's place in a conversation: their role, where they may read from, read state."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversation_places"
    )
    role = models.CharField(
        max_length=16, choices=ParticipantRole.choices, default=ParticipantRole.MEMBER
    )
    # The conversation's last sequence number when this person (last) joined: under the
    # newcomers rule they read only what came after it.
    from_seq = models.PositiveBigIntegerField(default=0)
    # The highest sequence number this person has seen (their own read state).
    last_read_seq = models.PositiveBigIntegerField(default=0)
    # Paused from writing here (by whoever steers the conversation); they still read.
    muted = models.BooleanField(default=False)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "user"], name="one_participant_per_conversation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.conversation_id}"


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    seq = models.PositiveBigIntegerField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversation_messages"
    )
    # Encrypted at rest like every person's words: listener and therapist chats are private.
    body = PrivateTextField(max_length=MAX_MESSAGE_LENGTH)
    client_key = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Hidden by a host or removed after a report. `changed_seq` is the conversation sequence
    # number of that change, so a client resuming from before it learns of it.
    hidden = models.BooleanField(default=False)
    changed_seq = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["seq"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "seq"], name="one_seq_per_conversation"
            ),
            models.UniqueConstraint(
                fields=["conversation", "author", "client_key"],
                condition=~models.Q(client_key=""),
                name="one_conversation_message_per_client_key",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} in {self.conversation_id}"
