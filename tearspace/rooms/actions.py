"""Every write in rooms, and the only code that sends room live events (after commit)."""

import logging
import mimetypes
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from tearspace.accounts import clock
from tearspace.accounts.models import Role, User
from tearspace.circles.actions import do_notify
from tearspace.circles.events import in_quiet_hours
from tearspace.circles.limits import over_limit_for, take
from tearspace.circles.models import NotificationKind
from tearspace.core.idempotency import create_once, created_before
from tearspace.journal.actions import (
    ClipRejected,
    Saved,
    Screened,
    do_log_entry,
    do_update_entry,
    strip_metadata,
)
from tearspace.journal.models import Company, Entry
from tearspace.journal.models import Relief as JournalRelief
from tearspace.journal.selectors import session_entry_get
from tearspace.rooms.access import can_host_rooms, can_moderate_room, chat_floor
from tearspace.rooms.events import (
    Outbox,
    message_change_event,
    send_room_event_on_commit,
    send_user_event_on_commit,
)
from tearspace.rooms.models import (
    MAX_CAPACITY,
    MAX_MESSAGE_LENGTH,
    InvitationStatus,
    Kind,
    LibraryItem,
    Membership,
    Message,
    Phase,
    Relief,
    Room,
    RoomClip,
    Status,
    TearFriendChat,
    TearFriendInvitation,
    TearFriendMessage,
    TearFriendSeat,
)
from tearspace.rooms.selectors import tear_friend_people
from tearspace.safety.actions import do_report
from tearspace.safety.enforcement import PostingPaused, check_can_post
from tearspace.safety.models import Report, ReportReason
from tearspace.safety.screening import Screening, earlier_screening, screen_text
from tearspace.safety.selectors import open_report_of

logger = logging.getLogger(__name__)

REACTIONS = ("💧", "🤍", "🫂")
PLAYBACK_OPS = ("play", "pause", "seek", "next")
MEDIA_TYPES = ("video/", "audio/")
# Invitations to form a circle stay open this long after the session ends.
INVITATION_GRACE = timedelta(days=7)


class RoomError(Exception):
    """A request the room cannot honour; `reason` is safe to show the person."""

    def __init__(self, reason: str, *, status: int = 400) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


def _forbid(reason: str) -> RoomError:
    return RoomError(reason, status=403)


SLOW_DOWN = "That's a lot at once. Take a breath; you can go on in a moment."


def limit(person: User, kind: str) -> None:
    """Take a token from the person's bucket for `kind` (see `circles.limits.BUCKETS`), so
    every interface (page, API, socket) shares one limit; raise RoomError (429) when empty."""
    if not take(person.pk, kind):
        raise RoomError(SLOW_DOWN, status=429)


def _lock_room(room_id: int) -> Room:
    """Lock the room row for this transaction (PostgreSQL row lock; SQLite's IMMEDIATE
    transactions already serialise writers). Call inside transaction.atomic."""
    try:
        return Room.objects.select_for_update().get(pk=room_id)
    except Room.DoesNotExist:
        raise RoomError("This room no longer exists.", status=404) from None


def _take_next_seq(room_id: int) -> Room:
    """Bump the room's message counter and read its chat state, in one statement.

    The UPDATE holds the row lock (PostgreSQL) or the write lock (SQLite, IMMEDIATE) until the
    transaction ends, so concurrent senders get consecutive numbers and a rollback gives the
    number back. Call inside transaction.atomic; the returned room carries only chat fields.
    """
    table = connection.ops.quote_name(Room._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last_seq = last_seq + 1 WHERE id = %s "  # noqa: S608 - table name
            "RETURNING last_seq, phase, chat_muted, host_id, title",
            [room_id],
        )
        row = cursor.fetchone()
    if row is None:
        raise RoomError("This room no longer exists.", status=404)
    last_seq, phase, chat_muted, host_id, title = row
    return Room(
        pk=room_id,
        last_seq=last_seq,
        phase=phase,
        chat_muted=bool(chat_muted),
        host_id=host_id,
        title=title,
    )


def _person(user: User) -> dict[str, object]:
    return {"id": user.pk, "handle": user.username}


# --- Rooms and programme --------------------------------------------------------------------


def do_create_room(
    *,
    host: User,
    title: str,
    theme: str = "",
    kind: str = Kind.SCHEDULED,
    starts_at: datetime | None = None,
    length_minutes: int = 60,
    capacity: int = 30,
    language: str = "en",
    content_notes: str = "",
    newcomers_read_earlier: bool = False,
    client_key: str = "",
) -> Room:
    """Open a room hosted by `host`, who joins it at once.

    With `newcomers_read_earlier`, people coming in may read the chat from before they came;
    by default they read it from when they came in. Raises RoomError for anyone who may not
    host and for values out of range. A `client_key` the host already used answers with the room
    it opened, opening no other (and using none of the host's budget of new rooms).
    """
    if not can_host_rooms(host):
        raise _forbid("Only hosts can open a room.")
    hosted = Room.objects.filter(host=host)
    if (earlier := created_before(hosted, client_key)) is not None:
        return earlier
    limit(host, "room")
    title = title.strip()
    if not title:
        raise RoomError("Please give the room a title.")
    if not 2 <= capacity <= MAX_CAPACITY:
        raise RoomError(f"A room holds between 2 and {MAX_CAPACITY} people.")
    if not 10 <= length_minutes <= 240:
        raise RoomError("A session lasts between 10 and 240 minutes.")
    if kind not in Kind.values:
        raise RoomError("Choose scheduled or open now.")

    def create() -> Room:
        room = Room.objects.create(
            host=host,
            title=title[:200],
            theme=theme.strip()[:200],
            kind=kind,
            starts_at=timezone.now() if kind == Kind.OPEN or starts_at is None else starts_at,
            length_minutes=length_minutes,
            capacity=capacity,
            language=language,
            content_notes=content_notes.strip()[:500],
            newcomers_read_earlier=newcomers_read_earlier,
            client_key=client_key,
        )
        membership = Membership.objects.create(room=room, user=host, status=Status.JOINED)
        _schedule_reminder(membership, room)
        return room

    return create_once(hosted, client_key, create)[0]


def check_clip_file(media: UploadedFile) -> None:
    """Refuse a clip upload that is not video or audio, or is too big (host and library alike).

    The file is later served with the type its name suggests, so the name must say video or
    audio too: a page or script must never be served from our origin as a "clip".
    """
    named = mimetypes.guess_type(media.name or "")[0] or ""
    declared = media.content_type or ""
    if not (declared.startswith(MEDIA_TYPES) and named.startswith(MEDIA_TYPES)):
        raise RoomError("Clips must be video or audio files.")
    limit = settings.ROOM_CLIP_MAX_BYTES
    if media.size is None or media.size > limit:
        size = f"{limit // 2**20} MB" if limit >= 2**20 else f"{limit} bytes"
        raise RoomError(f"Clips can be up to {size}.")


def do_add_clip(
    *,
    actor: User,
    room: Room,
    title: str,
    content_note: str = "",
    media: UploadedFile | None = None,
    library_item: LibraryItem | None = None,
) -> RoomClip:
    if not can_moderate_room(actor, room):
        raise _forbid("Only the host can change the programme.")
    limit(actor, "control")
    if (media is None) == (library_item is None):
        raise RoomError("Choose a file to upload or an item from the library.")
    if not title.strip():
        raise RoomError("Please give the clip a title.")
    stripped = None
    if media is not None:
        check_clip_file(media)
        try:  # a host's own recording may carry where and on what it was made
            stripped = ContentFile(strip_metadata(media.read(), media.content_type or ""))
        except ClipRejected as error:
            raise RoomError(str(error)) from None
    with transaction.atomic():
        last = room.clips.aggregate(top=Max("order"))["top"]
        clip = RoomClip(
            room=room,
            title=title.strip()[:200],
            content_note=content_note.strip()[:300],
            order=0 if last is None else last + 1,
            library_item=library_item,
        )
        if media is not None and stripped is not None:
            clip.media.save(media.name or "clip", stripped, save=False)
        clip.save()
    return clip


# --- Joining and leaving --------------------------------------------------------------------


def do_join_room(*, room: Room, user: User) -> Membership:
    """Join the room, or its waiting list when it is full. Joining twice changes nothing."""
    limit(user, "join")
    with transaction.atomic():
        room = _lock_room(room.pk)
        if room.is_ended:
            raise RoomError("This session has ended.")
        membership = Membership.objects.filter(room=room, user=user).first()
        if membership is not None and membership.status == Status.REMOVED:
            raise _forbid("The host has asked you not to rejoin this session.")
        if membership is not None and membership.status in (Status.JOINED, Status.WAITING):
            return membership
        if room.locked and not can_moderate_room(user, room):
            raise RoomError("The host has closed the door for this session.")
        joined = Membership.objects.filter(room=room, status=Status.JOINED).count()
        status = Status.JOINED if joined < room.capacity else Status.WAITING
        if membership is None:
            membership = Membership(room=room, user=user)
        membership.status = status
        membership.joined_at = timezone.now()
        membership.from_seq = room.last_seq  # they read the chat from here (chat_floor)
        membership.left_at = None
        membership.hand_raised = False
        membership.save()
        _schedule_reminder(membership, room)
        if status == Status.JOINED:
            send_room_event_on_commit(
                room.pk, {"type": "room_member", "op": "join", "user": _person(user)}
            )
    return membership


def do_leave_room(*, room: Room, user: User) -> None:
    """Leave (any time, no questions) and let the first person waiting in."""
    with transaction.atomic():
        room = _lock_room(room.pk)
        membership = Membership.objects.filter(room=room, user=user).first()
        if membership is None or membership.status not in (Status.JOINED, Status.WAITING):
            return
        was_in = membership.status == Status.JOINED
        membership.status = Status.LEFT
        membership.left_at = timezone.now()
        membership.hand_raised = False
        membership.save(update_fields=["status", "left_at", "hand_raised"])
        if not was_in:
            return
        send_room_event_on_commit(
            room.pk, {"type": "room_member", "op": "leave", "user": _person(user)}
        )
        _leave_small_chats(room, user)
        _promote_waiting(room)


def _promote_waiting(room: Room) -> None:
    if room.is_ended:
        return
    joined = Membership.objects.filter(room=room, status=Status.JOINED).count()
    if joined >= room.capacity:
        return
    waiting = (
        Membership.objects.select_related("user")
        .filter(room=room, status=Status.WAITING)
        .order_by("joined_at", "pk")
        .first()
    )
    if waiting is None:
        return
    waiting.status = Status.JOINED
    waiting.joined_at = timezone.now()
    waiting.from_seq = room.last_seq
    waiting.save(update_fields=["status", "joined_at", "from_seq"])
    send_room_event_on_commit(
        room.pk, {"type": "room_member", "op": "join", "user": _person(waiting.user)}
    )
    send_user_event_on_commit(
        waiting.user_id,
        {
            "type": "room_promoted",
            "room": room.pk,
            "title": room.title,
            "url": reverse("rooms:live", args=[room.pk]),
        },
    )


# --- Reminders ------------------------------------------------------------------------------

# A reminder task that runs a little early (clocks differ between machines) still counts.
REMINDER_EARLY_GRACE = timedelta(minutes=1)


def reminder_lead() -> timedelta:
    return timedelta(minutes=settings.ROOM_REMINDER_MINUTES)


def _schedule_reminder(membership: Membership, room: Room) -> None:
    """Queue, after commit, a reminder for shortly before a scheduled session starts.

    Someone joining inside the reminder window has just seen the time, so gets none. The task
    checks everything again when it runs, so leaving or a second join needs no cancelling.
    """
    if room.kind != Kind.SCHEDULED:
        return
    due = room.starts_at - reminder_lead()
    if due <= timezone.now():
        return
    transaction.on_commit(partial(_enqueue_reminder, membership.pk, room.starts_at, due))


def _enqueue_reminder(membership_id: int, starts_at: datetime, due: datetime) -> None:
    from tearspace.rooms.tasks import send_room_reminder

    if not send_room_reminder.get_backend().supports_defer:
        logger.warning("task backend cannot run tasks later; room reminders are not sent")
        return
    try:
        send_room_reminder.using(run_after=due).enqueue(membership_id, starts_at.isoformat())
    except Exception:
        # The person has joined (committed); a missing reminder must not turn that into an error.
        logger.exception("room reminder for membership %s not queued", membership_id)


def do_set_email_reminder(*, room: Room, user: User, email: bool) -> Membership:
    """Turn the email before a scheduled session on or off (off unless the person asks)."""
    limit(user, "answer")
    with transaction.atomic():
        membership = Membership.objects.select_for_update().filter(room=room, user=user).first()
        if membership is None or membership.status not in (Status.JOINED, Status.WAITING):
            raise _forbid("Join the session first.")
        if room.kind != Kind.SCHEDULED or room.is_ended:
            raise RoomError("Reminders are for sessions that have not started yet.")
        if email and not user.email:
            raise RoomError("Add an email address in Settings first, then turn this on.")
        membership.email_reminder = email
        membership.save(update_fields=["email_reminder"])
    return membership


def _starts_at_text(starts_at: datetime, person: User) -> str:
    """The start time on the person's own clock (their time zone, or the site's)."""
    local = clock.local(starts_at, person)
    return f"{local:%H:%M} {local.tzname()}"


def do_send_room_reminder(
    *, membership_id: int, starts_at: datetime, now: datetime | None = None
) -> bool:
    """Remind one person that a session they joined starts soon; at most once. Return whether
    they were reminded.

    Runs from a task queued when they joined, so everything is checked again: they may have
    left, the session may have ended or moved, or another run of the task may have been first.
    The email (only if they asked for it, and not in their quiet hours) names no room: an inbox
    is read by other software, and a title can be personal.
    """
    now = now or timezone.now()
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update()
            .select_related("room", "user")
            .filter(pk=membership_id)
            .first()
        )
        if membership is None or membership.reminded_at is not None:
            return False
        room, user = membership.room, membership.user
        if (
            membership.status != Status.JOINED
            or not user.is_active
            or room.kind != Kind.SCHEDULED
            or room.is_ended
            or room.starts_at != starts_at
            or not room.starts_at - reminder_lead() - REMINDER_EARLY_GRACE <= now < room.starts_at
        ):
            return False
        membership.reminded_at = now
        membership.save(update_fields=["reminded_at"])
        minutes = max(1, round((room.starts_at - now).total_seconds() / 60))
        when = _starts_at_text(room.starts_at, user)
        url = reverse("rooms:detail", args=[room.pk])
        title = room.title if len(room.title) <= 80 else room.title[:79] + "…"
        do_notify(
            recipient_id=user.pk,
            kind=NotificationKind.ROOM,
            text=f"“{title}” starts in about {minutes} minutes, at {when}. "
            "Come in when you're ready.",
            url=url,
        )
        if membership.email_reminder and user.email and not in_quiet_hours(user.pk, now):
            transaction.on_commit(
                partial(
                    _email_reminder, user.email, when, minutes, settings.SITE_URL.rstrip("/") + url
                )
            )
    return True


def _email_reminder(address: str, when: str, minutes: int, link: str) -> None:
    try:
        send_mail(
            subject="Your Tearspace session starts soon",
            message=(
                f"A Tearspace session you joined starts at {when}, in about {minutes} minutes."
                f"\n\nCome in when you're ready: {link}\n\n"
                "You can turn these emails off on that page."
            ),
            from_email=None,
            recipient_list=[address],
        )
    except Exception:
        # The in-app reminder is already there; a mail server hiccup must not retry into a
        # second reminder.
        logger.exception("room reminder email not sent")


def tear_friend_seat_event(
    chat: TearFriendChat, op: str, user: User, people: list[User]
) -> dict[str, Any]:
    return {
        "type": "tear_friend_seat",
        "op": op,
        "room": chat.room_id,
        "chat": chat.pk,
        "user": _person(user),
        "people": [_person(p) for p in people],
    }


def _vacate_seat(seat: TearFriendSeat, user: User) -> None:
    """Give up a seat in a small chat; the last one out closes it. Tell the chat and the person.

    Call inside transaction.atomic holding the room row lock.
    """
    chat = TearFriendChat.objects.select_for_update().get(pk=seat.chat_id)
    seat.left_at = timezone.now()
    seat.save(update_fields=["left_at"])
    people = tear_friend_people(chat=chat)
    if not people:
        chat.closed = True
        chat.save(update_fields=["closed"])
    outbox = Outbox()
    event = tear_friend_seat_event(chat, "leave", user, people)
    for person in [*people, user]:
        outbox.person(person.pk, event)


def _leave_small_chats(room: Room, user: User) -> None:
    """Someone left the room: they leave its open small chat too."""
    seats = TearFriendSeat.objects.filter(
        chat__room=room, chat__closed=False, user=user, left_at__isnull=True
    )
    for seat in seats:
        _vacate_seat(seat, user)


# --- Chat -----------------------------------------------------------------------------------


def message_event(message: Message, handle: str) -> dict[str, Any]:
    return {
        "type": "room_message",
        "op": "add",
        "room": message.room_id,
        "message": {
            "id": message.pk,
            "seq": message.seq,
            "author": handle,
            "body": message.body,
            "hidden": False,
            "created_at": message.created_at.isoformat(),
        },
    }


def _clean_message(body: str, client_key: str) -> tuple[str, str]:
    """Return the trimmed words and idempotency key of a chat message, or refuse them."""
    body = body.strip()
    client_key = client_key.strip()
    if not body:
        raise RoomError("Write something first.")
    if len(body) > MAX_MESSAGE_LENGTH:
        raise RoomError(f"Please keep messages under {MAX_MESSAGE_LENGTH} characters.")
    if len(client_key) > 64:
        raise RoomError("The message key is too long.")
    return body, client_key


def joined_membership(room: Room, user_id: int) -> Membership:
    """The membership (with its person) of someone in the room now, or a refusal."""
    membership = (
        Membership.objects.select_related("user")
        .filter(room=room, user_id=user_id, status=Status.JOINED)
        .first()
    )
    if membership is None:
        raise RoomError("That person is not in the room.")
    return membership


def _check_can_speak(room: Room, author: User) -> None:
    if room.is_ended:
        raise RoomError("This session has ended.")
    if can_moderate_room(author, room):
        return
    membership = Membership.objects.filter(room=room, user=author).values_list("status", "muted")
    status, muted = membership.first() or ("", False)
    if status != Status.JOINED:
        raise _forbid("Join the room to take part.")
    if muted:
        raise _forbid("The host has paused your messages for now.")
    if room.chat_muted:
        raise _forbid("Chat is quiet while we watch together. Reactions still float by.")


def do_send_message(
    *, room_id: int, author: User, body: str, client_key: str = ""
) -> tuple[Message, Screening | None]:
    """Persist a chat message with the room's next sequence number, screen it, then publish.

    A repeat of the same `client_key` returns the message already stored (and no screening),
    so a retried send never duplicates. Someone at risk privately gets help and the host and
    moderators get an alert; the room is not told.
    """
    body, client_key = _clean_message(body, client_key)
    try:
        # Inside the try: a retry of a message already stored gets the stored copy, never a 429.
        limit(author, "message")
        with transaction.atomic():
            room = _take_next_seq(room_id)
            _check_can_speak(room, author)  # raising rolls the sequence number back too
            try:
                check_can_post(author)
            except PostingPaused as paused:
                raise _forbid(str(paused)) from None
            # A repeated key fails the unique constraint, which rolls everything back.
            message = Message.objects.create(
                room=room, seq=room.last_seq, author=author, body=body, client_key=client_key
            )
            # The screening record points back at the message (content type + id).
            screening = screen_text(
                author=author, text=body, kind="room_message", obj=message, shared=True
            )
            outbox = Outbox()
            outbox.room(room.pk, message_event(message, author.username))
            if screening.show_help:
                _send_help_and_alert(outbox, room, author, message, screening)
    except (RoomError, IntegrityError):
        # A retried send of a message already stored is answered with the stored copy, even if
        # the person could not post it now (chat muted since, say): it was sent when allowed.
        existing = _stored_copy(room_id, author, client_key)
        if existing is None:
            raise
        return existing, None
    return message, screening


def _stored_copy(room_id: int, author: User, client_key: str) -> Message | None:
    if not client_key:
        return None
    return Message.objects.filter(room_id=room_id, author=author, client_key=client_key).first()


def _send_help_and_alert(
    outbox: Outbox,
    room: Room,
    author: User,
    message: Message | TearFriendMessage,
    screening: Screening,
    *,
    small_chat: int | None = None,
) -> None:
    """Privately help the writer; alert the host and moderators (never the room).

    For a small-chat message the alert says so (`small_chat`): the host cannot read those.
    """
    outbox.person(
        author.pk,
        {
            "type": "room_help",
            "room": room.pk,
            "message": message.pk,
            "help_url": reverse("safety:help"),
        },
    )
    alert = {
        "type": "room_alert",
        "room": room.pk,
        "room_title": room.title,
        "message": message.pk,
        "seq": message.seq,
        "author": author.username,
        "level": screening.level,
        "url": reverse("rooms:live", args=[room.pk]),
    }
    if small_chat is not None:
        alert["small_chat"] = small_chat
    recipients = set(
        User.objects.filter(role__in=[Role.MODERATOR, Role.OPERATOR], is_active=True)
        .exclude(pk=author.pk)
        .values_list("pk", flat=True)
    )
    recipients.add(room.host_id)
    recipients.discard(author.pk)
    for user_id in sorted(recipients):
        outbox.person(user_id, alert)


def do_react(*, room: Room, user: User, emoji: str) -> None:
    """Let a gentle reaction float by; reactions are anonymous and not stored."""
    if emoji not in REACTIONS:
        raise RoomError("That reaction is not offered here.")
    limit(user, "reaction")
    if room.is_ended:
        raise RoomError("This session has ended.")
    if (
        not can_moderate_room(user, room)
        and not Membership.objects.filter(room=room, user=user, status=Status.JOINED).exists()
    ):
        raise _forbid("Join the room to take part.")
    send_room_event_on_commit(room.pk, {"type": "room_reaction", "emoji": emoji})


# Someone typing is passed on at most this often (per socket, and per person through the API).
TYPING_EVERY_SECONDS = 2.5


def do_send_typing(*, room_id: int, user: User) -> bool:
    """Tell the others in the room that this person is typing; return whether it was sent.

    Not stored, and never sent back to the typist. Nothing is sent while the chat is quiet,
    after the session ended, or while the host or a moderator has paused the person's messages.
    """
    room = Room.objects.filter(pk=room_id).only("phase", "chat_muted", "host_id").first()
    if room is None:
        raise RoomError("This room no longer exists.", status=404)
    if not can_moderate_room(user, room):
        row = Membership.objects.filter(room_id=room_id, user=user).values_list("status", "muted")
        status, muted = row.first() or ("", False)
        if status != Status.JOINED:
            raise _forbid("Join the room to take part.")
        if muted:
            return False
    if room.chat_muted or room.is_ended:
        return False
    try:
        check_can_post(user)
    except PostingPaused:
        return False
    # Said a moment ago (through any interface): the others still see it, nothing to send.
    if not cache.add(f"rooms-typing:{room_id}:{user.pk}", True, TYPING_EVERY_SECONDS):
        return False
    send_room_event_on_commit(
        room_id, {"type": "room_typing", "user": _person(user)}, skip_user=user.pk
    )
    return True


REPORT_DETAILS_LIMIT = 2000
REPORT_THANKS = (
    "Thank you for telling us. A moderator will look at it soon, and the writer won't know "
    "it was you."
)


def do_report_message(
    *, reporter: User, room_id: int, message_id: int, reason: str, details: str = ""
) -> tuple[Report, Screening | None]:
    """Ask moderators to look at a chat message, with its words as the room saw them.

    The reporter must be in the room (or steer it) and cannot report their own words. A message
    the host has since hidden can still be reported: the room saw it before it was hidden, and
    the stored words go to moderators only. Reporting the same message again while the first
    report is open returns that report. The reporter's own note is screened like anything
    they write, so they see help if they need it.
    """
    details = clean_report_note(reason, details)
    message = (
        Message.objects.select_related("author", "room").filter(room_id=room_id, pk=message_id)
    ).first()
    if message is None:
        raise RoomError("That message is not in this room.", status=404)
    room = message.room
    if not can_moderate_room(reporter, room) and not (
        Membership.objects.filter(room=room, user=reporter, status=Status.JOINED).exists()
    ):
        raise _forbid("Join the room to take part.")
    if message.seq <= chat_floor(reporter, room):
        # Said before the reporter came in: not theirs to learn of, even by its id.
        raise RoomError("That message is not in this room.", status=404)
    if message.author_id == reporter.pk:
        raise RoomError("This is your own message. The host can hide it if you ask.")
    return file_report(reporter=reporter, message=message, reason=reason, details=details)


def clean_report_note(reason: str, details: str) -> str:
    """Return the reporter's trimmed note, or refuse an unknown reason or an overlong note."""
    if reason not in ReportReason.values:
        raise RoomError("Choose one of the reasons.")
    details = details.strip()
    if len(details) > REPORT_DETAILS_LIMIT:
        raise RoomError(f"Please keep the note under {REPORT_DETAILS_LIMIT} characters.")
    return details


def file_report(
    *, reporter: User, message: Message | TearFriendMessage, reason: str, details: str
) -> tuple[Report, Screening | None]:
    """Report someone else's chat words (checked by the caller: the reporter could read them).

    While the reporter's first report of it is open, that one is returned; new reports share
    the site's report budget. The reporter's own note is screened like anything they write.
    """
    # Looked for before the budget is spent: a repeat is not a new report (do_report agrees).
    if (already := open_report_of(reporter=reporter, obj=message)) is not None:
        return already, None
    if over_limit_for(reporter.pk, "report"):
        raise RoomError("That was a lot of reports. Please wait a little.", status=429)
    with transaction.atomic():
        report = do_report(
            reporter=reporter,
            reason=reason,
            obj=message,
            subject=message.author,
            snapshot=message.body,
            details=details,
        )
        screening = None
        if details:
            screening = screen_text(author=reporter, text=details, kind="room_report", obj=report)
    return report, screening


def do_set_hand(*, room: Room, user: User, raised: bool) -> None:
    limit(user, "hand")
    with transaction.atomic():
        updated = Membership.objects.filter(room=room, user=user, status=Status.JOINED).update(
            hand_raised=raised
        )
        if not updated:
            raise _forbid("Join the room to take part.")
        send_room_event_on_commit(
            room.pk, {"type": "room_hand", "user": _person(user), "raised": raised}
        )


def do_announce_presence(*, room: Room, user: User, online: bool) -> None:
    """Tell the room a person's tab came or went (presence is not stored)."""
    send_room_event_on_commit(
        room.pk,
        {"type": "room_presence", "op": "online" if online else "offline", "user": _person(user)},
    )


def do_check_relief(*, room: Room, user: User, relief: str) -> Membership:
    """Store the aftercare relief check (lighter / same / heavier); private to the person."""
    if relief not in Relief.values:
        raise RoomError("Choose lighter, about the same, or heavier.")
    limit(user, "answer")
    membership = Membership.objects.filter(room=room, user=user).first()
    if membership is None:
        raise _forbid("Join the room to take part.")
    membership.relief = relief
    membership.save(update_fields=["relief"])
    return membership


@dataclass(frozen=True)
class FeelingLogged:
    membership: Membership
    screening: Screening | None
    entry: Entry | None  # the person's journal entry for the session, when they chose one
    show_help: bool


# The room asks lighter / about the same / heavier; the journal has its own words for relief.
JOURNAL_RELIEF = {
    Relief.LIGHTER: JournalRelief.LIGHTER,
    Relief.SAME: JournalRelief.SAME,
    Relief.HEAVIER: JournalRelief.WORSE,
}


def _screen_feeling(membership: Membership, user: User, *, unchanged: bool) -> Screening | None:
    """Screen the answer once: the same words saved again reuse the earlier verdict."""
    if not membership.feeling:
        return None
    earlier = earlier_screening(obj=membership, kind="room_feeling") if unchanged else None
    return earlier or screen_text(
        author=user, text=membership.feeling, kind="room_feeling", obj=membership
    )


def _session_moment(room: Room, membership: Membership) -> datetime:
    """When the person was in the session: its start, or their arrival if later (people drop
    into open-now rooms while they run), and never in the future."""
    return min(max(room.starts_at, membership.joined_at), timezone.now())


def _journal_relief(relief: str) -> str:
    return JOURNAL_RELIEF[Relief(relief)] if relief else ""


def _keep_in_journal(
    *,
    room: Room,
    user: User,
    membership: Membership,
    screening: Screening | None,
    before: tuple[str, str],
) -> Saved:
    """Add the session to the person's journal as a cry, or update the entry it already has.

    An existing entry takes the new words and relief where it still holds what this page put
    there before (`before`: the earlier feeling and relief). What the person changed in their
    journal is theirs: it is never overwritten or emptied, and new words are added below it.
    The journal is told the words were screened here, so it does not screen them again.
    """
    fields: dict[str, Any] = {}
    screened = Screened(membership.feeling, screening)
    entry = session_entry_get(owner=user, room_id=room.pk)
    if entry is not None:
        earlier_feeling, earlier_relief = before
        notes, feeling = entry.notes or "", membership.feeling
        if feeling and notes == earlier_feeling:
            fields["notes"] = feeling
        elif feeling and feeling not in notes:
            fields["notes"] = f"{notes}\n\n{feeling}" if notes else feeling
        if membership.relief and entry.relief == _journal_relief(earlier_relief):
            fields["relief"] = _journal_relief(membership.relief)
        fields["helped"] = [*entry.helped_keys, "room"]
        return do_update_entry(entry=entry, fields=fields, screened=screened)
    fields["notes"] = membership.feeling
    if membership.relief:
        fields["relief"] = _journal_relief(membership.relief)
    fields |= {
        "when": _session_moment(room, membership),
        "with_whom": Company.ROOM,
        "helped": ["room"],
        "room": room,
    }
    return do_log_entry(owner=user, fields=fields, screened=screened)


def do_log_feeling(
    *, room: Room, user: User, feeling: str, relief: str = "", journal: bool = False
) -> FeelingLogged:
    """Keep the after-session "how did it feel?" answer on the person's membership.

    With `journal`, also keep it in their own journal as a cry linked to the session; saving
    again updates that one entry, and leaving `journal` off later never removes it. The words
    are screened once; help goes only to the writer, and the host and the room are never told.
    """
    feeling = feeling.strip()
    if len(feeling) > MAX_MESSAGE_LENGTH:
        raise RoomError(f"Please keep this under {MAX_MESSAGE_LENGTH} characters.")
    if relief and relief not in Relief.values:
        raise RoomError("Choose lighter, about the same, or heavier.")
    limit(user, "answer")
    with transaction.atomic():
        membership = Membership.objects.select_for_update().filter(room=room, user=user).first()
        if membership is None:
            raise _forbid("Join the room to take part.")
        unchanged = membership.feeling == feeling
        before = (membership.feeling, membership.relief)
        membership.feeling = feeling
        membership.feeling_at = timezone.now()
        if relief:
            membership.relief = relief
        membership.save(update_fields=["feeling", "feeling_at", "relief"])
        screening = _screen_feeling(membership, user, unchanged=unchanged)
        saved = None
        if journal:
            saved = _keep_in_journal(
                room=room, user=user, membership=membership, screening=screening, before=before
            )
        journal_screening = saved.screening if saved else None
        show_help = any(s is not None and s.show_help for s in (screening, journal_screening))
        if show_help:
            send_user_event_on_commit(
                user.pk, {"type": "room_help", "room": room.pk, "help_url": reverse("safety:help")}
            )
    return FeelingLogged(membership, screening, saved.entry if saved else None, show_help)


# --- Host controls --------------------------------------------------------------------------


def _steer(actor: User, room_id: int) -> Room:
    """Lock the room for a host control by `actor`, who must steer it. Every host control
    comes through here, so this is where they take their token."""
    limit(actor, "control")
    room = _lock_room(room_id)
    if not can_moderate_room(actor, room):
        raise _forbid("Only the host can do that.")
    if room.is_ended:
        raise RoomError("This session has ended.")
    return room


def do_set_phase(*, actor: User, room_id: int, phase: str) -> Room:
    if phase not in Phase.values:
        raise RoomError("That is not a phase of the session.")
    if phase == Phase.ENDED:
        # Ending tidies up (small chats, invitations, the waiting list): one way to end.
        return do_end_room(actor=actor, room_id=room_id)
    with transaction.atomic():
        room = _steer(actor, room_id)
        room.phase = phase
        fields = ["phase"]
        if phase == Phase.WATCHING:
            room.chat_muted = True
            fields.append("chat_muted")
        elif phase in (Phase.SHARING, Phase.MIXER):
            room.chat_muted = False
            fields.append("chat_muted")
        if phase != Phase.WATCHING and room.playing:
            room.position = room.current_position()
            room.playing = False
            room.playback_updated_at = timezone.now()
            fields += ["position", "playing", "playback_updated_at"]
        room.save(update_fields=fields)
        send_room_event_on_commit(room.pk, _state_event(room))
    return room


def do_end_room(*, actor: User, room_id: int) -> Room:
    with transaction.atomic():
        room = _steer(actor, room_id)
        room.phase = Phase.ENDED
        room.playing = False
        room.save(update_fields=["phase", "playing"])
        Membership.objects.filter(room=room, status=Status.WAITING).update(status=Status.LEFT)
        # Small chats become read-only; open invitations get a week from the real end.
        TearFriendChat.objects.filter(room=room, closed=False).update(closed=True)
        TearFriendInvitation.objects.filter(room=room, status=InvitationStatus.PENDING).update(
            expires_at=timezone.now() + INVITATION_GRACE
        )
        send_room_event_on_commit(room.pk, _state_event(room))
    return room


def _state_event(room: Room) -> dict[str, Any]:
    return {
        "type": "room_state",
        "phase": room.phase,
        "chat_muted": room.chat_muted,
        "locked": room.locked,
        "floor": room.floor_user_id,
    }


def do_set_chat_muted(*, actor: User, room_id: int, muted: bool) -> Room:
    with transaction.atomic():
        room = _steer(actor, room_id)
        room.chat_muted = muted
        room.save(update_fields=["chat_muted"])
        send_room_event_on_commit(room.pk, _state_event(room))
    return room


def do_set_locked(*, actor: User, room_id: int, locked: bool) -> Room:
    with transaction.atomic():
        room = _steer(actor, room_id)
        room.locked = locked
        room.save(update_fields=["locked"])
        send_room_event_on_commit(room.pk, _state_event(room))
    return room


def do_give_floor(*, actor: User, room_id: int, user_id: int | None) -> Room:
    """Give someone the floor to share (lowering their hand), or take it back with None."""
    with transaction.atomic():
        room = _steer(actor, room_id)
        person = None
        if user_id is not None:
            membership = joined_membership(room, user_id)
            membership.hand_raised = False
            membership.save(update_fields=["hand_raised"])
            person = membership.user
        room.floor_user = person
        room.save(update_fields=["floor_user"])
        send_room_event_on_commit(
            room.pk, {"type": "room_floor", "user": _person(person) if person else None}
        )
    return room


def do_pin_message(*, actor: User, room_id: int, message_id: int | None) -> Room:
    with transaction.atomic():
        room = _steer(actor, room_id)
        message = None
        if message_id is not None:
            message = (
                Message.objects.select_related("author")
                .filter(room=room, pk=message_id, hidden=False)
                .first()
            )
            if message is None:
                raise RoomError("That message is not in this room.")
        room.pinned_message = message
        room.save(update_fields=["pinned_message"])
        send_room_event_on_commit(
            room.pk,
            {
                "type": "room_pin",
                "message": message_event(message, message.author.username)["message"]
                if message
                else None,
            },
        )
    return room


def do_hide_message(*, actor: User, room_id: int, message_id: int) -> Message:
    """Hide a hurtful message from the room (kept for moderators; never the author's own view
    of help)."""
    with transaction.atomic():
        room = _steer(actor, room_id)
        message = Message.objects.filter(room=room, pk=message_id).first()
        if message is None:
            raise RoomError("That message is not in this room.")
        _hide(message)
    return message


def do_hide_message_for_everyone(*, message: Message) -> None:
    """Hide a message after a moderator's decision on a report (any phase, ended too)."""
    with transaction.atomic():
        _hide(message)


def _hide(message: Message) -> None:
    """Hide `message` as the room's next sequenced change, and announce it after commit.

    The change takes a sequence number like a message, so a client that was away when it
    happened learns of it when it resumes (see `selectors.room_chat_page`). Hiding a hidden
    message changes nothing. Call inside transaction.atomic.
    """
    _lock_room(message.room_id)  # hidden or not is decided in step with every other change
    if Message.objects.filter(pk=message.pk, hidden=True).exists():
        return
    seq = _take_next_seq(message.room_id).last_seq
    Message.objects.filter(pk=message.pk).update(hidden=True, changed_seq=seq)
    message.hidden, message.changed_seq = True, seq
    send_room_event_on_commit(message.room_id, message_change_event(message))


def do_set_member_muted(*, actor: User, room_id: int, user_id: int, muted: bool) -> Membership:
    with transaction.atomic():
        room = _steer(actor, room_id)
        membership = (
            Membership.objects.select_related("user").filter(room=room, user_id=user_id).first()
        )
        if membership is None or membership.user_id == room.host_id:
            raise RoomError("That person is not in the room.")
        membership.muted = muted
        membership.save(update_fields=["muted"])
        send_room_event_on_commit(
            room.pk,
            {
                "type": "room_member",
                "op": "muted" if muted else "unmuted",
                "user": _person(membership.user),
            },
        )
    return membership


def do_remove_member(*, actor: User, room_id: int, user_id: int) -> Membership:
    with transaction.atomic():
        room = _steer(actor, room_id)
        membership = (
            Membership.objects.select_related("user").filter(room=room, user_id=user_id).first()
        )
        if membership is None or membership.user_id == room.host_id:
            raise RoomError("That person is not in the room.")
        was_in = membership.status == Status.JOINED
        membership.status = Status.REMOVED
        membership.left_at = timezone.now()
        membership.hand_raised = False
        membership.save(update_fields=["status", "left_at", "hand_raised"])
        send_user_event_on_commit(membership.user_id, {"type": "room_removed", "room": room.pk})
        send_room_event_on_commit(
            room.pk, {"type": "room_member", "op": "leave", "user": _person(membership.user)}
        )
        _leave_small_chats(room, membership.user)
        if was_in:
            _promote_waiting(room)
    return membership


def do_control_playback(
    *,
    actor: User,
    room_id: int,
    op: str,
    position: float | None = None,
    clip_id: int | None = None,
) -> Room:
    """Play, pause, seek or move to the next clip, for everyone at once.

    The room stores where the clip was and when, so anyone arriving later computes the current
    position instead of starting from the beginning.
    """
    if op not in PLAYBACK_OPS:
        raise RoomError("That playback control is not known.")
    with transaction.atomic():
        room = _steer(actor, room_id)
        now = timezone.now()
        current = room.current_position(now.timestamp())
        if clip_id is not None or op == "next" or room.current_clip_id is None:
            clip = _choose_clip(room, op, clip_id)
            room.current_clip = clip
            current = 0.0
        if op == "play":
            room.playing = True
        elif op == "pause":
            room.playing = False
        elif op == "seek":
            if position is None or position < 0:
                raise RoomError("Choose a point in the clip.")
            current = float(position)
        elif op == "next":
            room.playing = True
        room.position = current
        room.playback_updated_at = now
        room.save(update_fields=["current_clip", "playing", "position", "playback_updated_at"])
        send_room_event_on_commit(room.pk, playback_event(room))
    return room


def _choose_clip(room: Room, op: str, clip_id: int | None) -> RoomClip:
    clips = list(room.clips.order_by("order", "pk"))
    if not clips:
        raise RoomError("Add a clip to the programme first.")
    if clip_id is not None:
        for clip in clips:
            if clip.pk == clip_id:
                return clip
        raise RoomError("That clip is not in this programme.")
    if op == "next" and room.current_clip_id is not None:
        ids = [clip.pk for clip in clips]
        if room.current_clip_id in ids:
            index = ids.index(room.current_clip_id) + 1
            if index >= len(clips):
                raise RoomError("That was the last clip.")
            return clips[index]
    return clips[0]


def playback_event(room: Room) -> dict[str, Any]:
    clip = room.current_clip
    return {
        "type": "room_playback",
        **room.playback_dict(),
        "server_time": time.time(),
        "src": reverse("rooms:clip_media", args=[room.pk, clip.pk]) if clip else None,
        "title": clip.title if clip else None,
        "content_note": clip.content_note if clip else None,
    }
