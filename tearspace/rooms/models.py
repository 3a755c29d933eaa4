"""Rui-katsu rooms: a host guides a small group through clips, sharing, aftercare and a mixer."""

import time
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tearspace.accounts.models import User
from tearspace.conversations.models import Conversation
from tearspace.core.fields import PrivateTextField
from tearspace.core.validators import UsableDateTimeField

MAX_CAPACITY = 50


class Kind(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    OPEN = "open", _("Open now")
    # A room only some people may enter (access.KIND_GATES): the listeners' debrief.
    DEBRIEF = "debrief", _("Listeners' debrief")


# The kinds a host may open; a gated kind (the debrief) is opened by its own app only.
HOSTED_KINDS = (Kind.SCHEDULED, Kind.OPEN)


class Phase(models.TextChoices):
    GATHERING = "gathering", _("Gathering")
    WATCHING = "watching", _("Watching and listening")
    SHARING = "sharing", _("Sharing")
    AFTERCARE = "aftercare", _("Aftercare")
    MIXER = "mixer", _("Mixer")
    ENDED = "ended", _("Ended")


class Status(models.TextChoices):
    JOINED = "joined", _("In the room")
    WAITING = "waiting", _("On the waiting list")
    LEFT = "left", _("Left")
    REMOVED = "removed", _("Removed by the host")


class Relief(models.TextChoices):
    LIGHTER = "lighter", _("Lighter")
    SAME = "same", _("About the same")
    HEAVIER = "heavier", _("Heavier")


class LibraryItem(models.Model):
    """A clip the operator offers every host (a film scene, a song, a reading)."""

    title = models.CharField(max_length=200)
    content_note = models.CharField(max_length=300, blank=True)
    media = models.FileField(upload_to="rooms/library/")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Room(models.Model):
    title = models.CharField(max_length=200)
    theme = models.CharField(max_length=200, blank=True)
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hosted_rooms"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.SCHEDULED)
    # Read back inside the usable years: a room stored earlier with year 9999 still renders.
    starts_at = UsableDateTimeField(default=timezone.now)
    length_minutes = models.PositiveIntegerField(
        default=60, validators=[MinValueValidator(10), MaxValueValidator(240)]
    )
    capacity = models.PositiveIntegerField(
        default=30, validators=[MinValueValidator(2), MaxValueValidator(MAX_CAPACITY)]
    )
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en")
    content_notes = models.CharField(max_length=500, blank=True)
    phase = models.CharField(max_length=16, choices=Phase.choices, default=Phase.GATHERING)
    chat_muted = models.BooleanField(default=False)
    locked = models.BooleanField(default=False)
    # The room's chat; its newcomers rule is the host's choice (off by default: someone coming
    # in reads the chat from when they came in, not what was said before).
    conversation = models.OneToOneField(Conversation, on_delete=models.PROTECT, related_name="room")
    pinned_message = models.ForeignKey(
        "conversations.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    floor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Synchronised playback: where the clip was at `playback_updated_at`, and whether it runs.
    current_clip = models.ForeignKey(
        "rooms.RoomClip", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    playing = models.BooleanField(default=False)
    position = models.FloatField(default=0.0)
    playback_updated_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(auto_now_add=True)
    # core/idempotency.py: a double click or a retry opens one room.
    client_key = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity__lte=MAX_CAPACITY), name="room_capacity_at_most_50"
            ),
            models.UniqueConstraint(
                fields=["host", "client_key"],
                condition=~models.Q(client_key=""),
                name="rooms_room_once_per_client_key",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def group_name(self) -> str:
        return f"room.{self.pk}"

    @property
    def ends_at(self) -> object:
        return self.starts_at + timedelta(minutes=self.length_minutes)

    @property
    def is_ended(self) -> bool:
        return self.phase == Phase.ENDED

    @property
    def last_seq(self) -> int:
        """The chat's last sequence number (messages and changes)."""
        return self.conversation.last_seq

    @property
    def newcomers_read_earlier(self) -> bool:
        """Whether people who come in later read the chat from before they came."""
        return not self.conversation.newcomers_read_from_join

    def current_position(self, now: float | None = None) -> float:
        """Return where playback is now, so latecomers start in step with the room."""
        if not self.playing:
            return self.position
        now = time.time() if now is None else now
        return self.position + max(0.0, now - self.playback_updated_at.timestamp())

    def playback_dict(self) -> dict[str, object]:
        return {
            "clip": self.current_clip_id,
            "playing": self.playing,
            "position": round(self.position, 3),
            "updated_at": self.playback_updated_at.timestamp(),
        }

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.pk,
            "title": self.title,
            "theme": self.theme,
            "host": self.host.username,
            "kind": self.kind,
            "starts_at": self.starts_at.isoformat(),
            "length_minutes": self.length_minutes,
            "capacity": self.capacity,
            "language": self.language,
            "content_notes": self.content_notes,
            "phase": self.phase,
            "chat_muted": self.chat_muted,
            "locked": self.locked,
            "newcomers_read_earlier": self.newcomers_read_earlier,
            "last_seq": self.last_seq,
        }


class RoomClip(models.Model):
    """One item of a room's programme: an uploaded file or an item from the operator's library."""

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="clips")
    title = models.CharField(max_length=200)
    content_note = models.CharField(max_length=300, blank=True)
    order = models.PositiveIntegerField(default=0)
    media = models.FileField(upload_to="rooms/clips/", blank=True)
    library_item = models.ForeignKey(
        LibraryItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def file(self) -> models.fields.files.FieldFile | None:
        if self.media:
            return self.media
        if self.library_item is not None and self.library_item.media:
            return self.library_item.media
        return None

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.pk,
            "title": self.title,
            "content_note": self.content_note,
            "order": self.order,
        }


class Membership(models.Model):
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="room_memberships"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.JOINED)
    joined_at = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)
    muted = models.BooleanField(default=False)
    hand_raised = models.BooleanField(default=False)
    relief = models.CharField(max_length=16, choices=Relief.choices, blank=True)
    feeling = PrivateTextField(blank=True)  # the after-session "how did it feel?" answer
    feeling_at = models.DateTimeField(null=True, blank=True)
    # Before a scheduled session: an email as well as the in-app reminder (opt-in), and when
    # the reminder went out (at most once).
    email_reminder = models.BooleanField(default=False)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["room", "user"], name="one_membership_per_room")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.room}"

    def to_dict(self) -> dict[str, object]:
        return {
            "room": self.room_id,
            "status": self.status,
            "joined_at": self.joined_at.isoformat(),
            "left_at": self.left_at.isoformat() if self.left_at else None,
            "relief": self.relief or None,
            "feeling": self.feeling or None,
            "email_reminder": self.email_reminder,
        }


class CheckIn(models.Model):
    """The one private conversation of a room between a person in it and its host.

    The host opens it to check in with someone who may be struggling; the person may open it
    to write to the host at any time. Only the two of them read it (not moderators, not the
    room); it stays readable to both after the session and takes no new words then.
    """

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="check_ins")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="room_check_ins"
    )
    conversation = models.OneToOneField(
        Conversation, on_delete=models.PROTECT, related_name="check_in"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["room", "person"], name="one_check_in_per_person")
        ]

    def __str__(self) -> str:
        return f"Check-in with {self.person_id} in {self.room_id}"

    @property
    def last_seq(self) -> int:
        return self.conversation.last_seq


# --- The mixer: small "tear friends" chats and invitations to form a circle ------------------

MAX_TEAR_FRIENDS = 4


class TearFriendChat(models.Model):
    """A small chat of up to four people who chose to join one during the mixer.

    Only the people seated in it read it; the host does not. It closes when the last person
    leaves or the session ends, and is read-only from then on.
    """

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="tear_friend_chats")
    conversation = models.OneToOneField(
        Conversation, on_delete=models.PROTECT, related_name="small_chat"
    )
    created_at = models.DateTimeField(default=timezone.now)
    closed = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Small chat {self.pk} in {self.room_id}"

    @property
    def last_seq(self) -> int:
        return self.conversation.last_seq


class TearFriendSeat(models.Model):
    """A person's place in a small chat, from joining until leaving (`left_at`)."""

    chat = models.ForeignKey(TearFriendChat, on_delete=models.CASCADE, related_name="seats")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tear_friend_seats"
    )
    joined_at = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["chat", "user"],
                condition=models.Q(left_at__isnull=True),
                name="one_open_seat_per_chat",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in small chat {self.chat_id}"

    def to_dict(self) -> dict[str, object]:
        return {
            "chat": self.chat_id,
            "joined_at": self.joined_at.isoformat(),
            "left_at": self.left_at.isoformat() if self.left_at else None,
        }


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    NOT_NOW = "not_now", _("Not now")
    EXPIRED = "expired", _("Expired")
    # Never delivered (a block between the two, or one already open from an earlier room): the
    # inviter sees it as sent, nobody is told.
    WITHHELD = "withheld", _("Not delivered")


HIDDEN_FROM_INVITER = frozenset({InvitationStatus.NOT_NOW, InvitationStatus.WITHHELD})


class TearFriendInvitation(models.Model):
    """An invitation to form a circle with someone met in a room or a listener chat; both
    sides must agree (the one mutual-consent invitation, `mixer_actions.invite_to_circle`)."""

    # The room they met in; none when they met elsewhere (a listener chat), named by `place`.
    room = models.ForeignKey(
        Room,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="tear_friend_invitations",
    )
    place = models.CharField(max_length=200, blank=True)
    # The names the two show under until they say yes (a seeker's chat pseudonym); blank: handle.
    inviter_shown_as = models.CharField(max_length=40, blank=True)
    invitee_shown_as = models.CharField(max_length=40, blank=True)
    inviter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    invitee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        max_length=16, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    # The circle the two formed (the inviter's circle from this room), once accepted.
    circle = models.ForeignKey(
        "circles.Circle", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["inviter", "invitee"],
                condition=models.Q(status="pending"),
                name="one_pending_tear_friend_invitation",
            )
        ]

    def __str__(self) -> str:
        return f"Invitation {self.pk} in {self.room_id or self.place}"

    @property
    def is_open(self) -> bool:
        return self.status == InvitationStatus.PENDING and self.expires_at > timezone.now()

    def to_dict(self, *, viewer_id: int) -> dict[str, object]:
        """The invitation as `viewer_id` may see it: an inviter never learns of a "not now"."""
        status = self.status
        if status != InvitationStatus.ACCEPTED and self.expires_at <= timezone.now():
            status = InvitationStatus.EXPIRED
        elif viewer_id == self.inviter_id and status in HIDDEN_FROM_INVITER:
            status = InvitationStatus.PENDING
        return {
            "id": self.pk,
            "room": self.room_id,
            # A place other than a room is named by a message marked where it is made.
            "room_title": self.room.title if self.room is not None else gettext(self.place),
            "inviter": self._person(self.inviter, self.inviter_shown_as, status),
            "invitee": self._person(self.invitee, self.invitee_shown_as, status),
            "status": status,
            "expires_at": self.expires_at.isoformat(),
            "circle": self.circle_id if status == InvitationStatus.ACCEPTED else None,
        }

    @staticmethod
    def _person(user: User, shown_as: str, status: str) -> dict[str, object]:
        """A person as the invitation shows them: under `shown_as` (no id) until both said yes."""
        if shown_as and status != InvitationStatus.ACCEPTED:
            return {"id": None, "handle": shown_as}
        return {"id": user.pk, "handle": user.username}
