"""Every write in rooms, and the only code that sends room live events (after commit)."""

import logging
import mimetypes
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max, OuterRef, Subquery
from django.tasks import Task
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tearspace.accounts import clock
from tearspace.accounts.models import User
from tearspace.conversations import actions as engine
from tearspace.conversations.models import (
    MAX_MESSAGE_LENGTH,
    Conversation,
    Message,
    ParticipantRole,
)
from tearspace.conversations.models import Kind as ConversationKind
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
from tearspace.lib.outbox import outbox
from tearspace.lib.storage import removed_unless_kept
from tearspace.notifications.actions import do_notify
from tearspace.notifications.models import NotificationKind
from tearspace.notifications.selectors import in_quiet_hours
from tearspace.rooms.access import can_host_rooms, can_moderate_room
from tearspace.rooms.chat import RoomChat, chat_floor
from tearspace.rooms.common import (
    RoomError,
    forbid,
    limit,
    lock_room,
    person_dict,
)
from tearspace.rooms.events import send_room_event_on_commit
from tearspace.rooms.mixer_actions import vacate_seat
from tearspace.rooms.models import (
    HOSTED_KINDS,
    MAX_CAPACITY,
    Kind,
    LibraryItem,
    Membership,
    Relief,
    Room,
    RoomClip,
    Status,
    TearFriendSeat,
)
from tearspace.safety.models import Report
from tearspace.safety.screening import Screening, earlier_screening, screen_text

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reaction:
    """A reaction as sent (its emoji, the protocol's value) and as drawn: a shipped icon
    (`static/img/reactions/`), so it shows without an emoji font, and a label to read."""

    emoji: str
    icon: str  # a static path
    label: Promise


REACTION_LIST = (
    Reaction("💧", "img/reactions/tear.svg", gettext_lazy("A tear")),
    Reaction("🤍", "img/reactions/heart.svg", gettext_lazy("Warmth")),
    Reaction("🫂", "img/reactions/hug.svg", gettext_lazy("A hug")),
)
REACTIONS = tuple(reaction.emoji for reaction in REACTION_LIST)
PLAYBACK_OPS = ("play", "pause", "seek", "next")
MEDIA_TYPES = ("video/", "audio/")
# Tasks import the actions they run, so actions name their tasks instead of importing them
# (as a queue is named): an import back would be a cycle.
REMINDER_TASK = "tearspace.rooms.tasks.send_room_reminder"
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
        raise forbid(_("Only hosts can open a room."))
    hosted = Room.objects.filter(host=host)
    if (earlier := created_before(hosted, client_key)) is not None:
        return earlier
    limit(host, "room")
    title = title.strip()
    if not title:
        raise RoomError(_("Please give the room a title."))
    if not 2 <= capacity <= MAX_CAPACITY:
        raise RoomError(
            _("A room holds between 2 and %(capacity)d people.") % {"capacity": MAX_CAPACITY}
        )
    if not 10 <= length_minutes <= 240:
        raise RoomError(_("A session lasts between 10 and 240 minutes."))
    if kind not in HOSTED_KINDS:
        raise RoomError(_("Choose scheduled or open now."))

    def create() -> Room:
        conversation = Conversation.objects.create(
            kind=ConversationKind.ROOM, newcomers_read_from_join=not newcomers_read_earlier
        )
        room = Room.objects.create(
            conversation=conversation,
            host=host,
            title=title[:200],
            theme=theme.strip()[:200],
            kind=kind,
            starts_at=timezone.now() if kind == Kind.OPEN or starts_at is None else starts_at,
            length_minutes=length_minutes,
            capacity=capacity,
            language=language,
            content_notes=content_notes.strip()[:500],
            client_key=client_key,
        )
        membership = Membership.objects.create(room=room, user=host, status=Status.JOINED)
        engine.do_join(conversation_id=conversation.pk, user=host, role=ParticipantRole.HOST)
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
        raise RoomError(_("Clips must be video or audio files."))
    limit = settings.ROOM_CLIP_MAX_BYTES
    if media.size is None or media.size > limit:
        if limit >= 2**20:
            raise RoomError(_("Clips can be up to %(mb)d MB.") % {"mb": limit // 2**20})
        raise RoomError(
            ngettext(
                "Clips can be up to %(count)d byte.", "Clips can be up to %(count)d bytes.", limit
            )
            % {"count": limit}
        )


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
        raise forbid(_("Only the host can change the programme."))
    limit(actor, "control")
    if (media is None) == (library_item is None):
        raise RoomError(_("Choose a file to upload or an item from the library."))
    if not title.strip():
        raise RoomError(_("Please give the clip a title."))
    clip = RoomClip(
        room=room,
        title=title.strip()[:200],
        content_note=content_note.strip()[:300],
        library_item=library_item,
    )
    if media is not None:
        check_clip_file(media)
        try:  # a host's own recording may carry where and on what it was made
            stripped = ContentFile(strip_metadata(media.read(), media.content_type or ""))
        except ClipRejected as error:
            raise RoomError(str(error)) from None
        # Stored before the transaction, so the write never holds the database's write lock.
        clip.media.save(media.name or "clip", stripped, save=False)
    with (
        removed_unless_kept(clip.media.name or None, storage=clip.media.storage),
        transaction.atomic(),
    ):
        last = room.clips.aggregate(top=Max("order"))["top"]
        clip.order = 0 if last is None else last + 1
        clip.save()
    return clip


# --- Joining and leaving --------------------------------------------------------------------


def do_join_room(*, room: Room, user: User) -> Membership:
    """Join the room, or its waiting list when it is full. Joining twice changes nothing."""
    limit(user, "join")
    with transaction.atomic():
        room = lock_room(room.pk)
        if room.is_ended:
            raise RoomError(_("This session has ended."))
        membership = Membership.objects.filter(room=room, user=user).first()
        if membership is not None and membership.status == Status.REMOVED:
            raise forbid(_("The host has asked you not to rejoin this session."))
        if membership is not None and membership.status in (Status.JOINED, Status.WAITING):
            return membership
        if room.locked and not can_moderate_room(user, room):
            raise RoomError(_("The host has closed the door for this session."))
        joined = Membership.objects.filter(room=room, status=Status.JOINED).count()
        status = Status.JOINED if joined < room.capacity else Status.WAITING
        if membership is None:
            membership = Membership(room=room, user=user)
        membership.status = status
        membership.joined_at = timezone.now()
        membership.left_at = None
        membership.hand_raised = False
        membership.save()
        # They read the chat from here (chat.chat_floor).
        engine.do_join(conversation_id=room.conversation_id, user=user, role=_role_of(room, user))
        _schedule_reminder(membership, room)
        if status == Status.JOINED:
            send_room_event_on_commit(
                room.pk, {"type": "room_member", "op": "join", "user": person_dict(user)}
            )
    return membership


def _role_of(room: Room, user: User) -> str:
    return ParticipantRole.HOST if user.pk == room.host_id else ParticipantRole.MEMBER


def do_leave_room(*, room: Room, user: User) -> None:
    """Leave (any time, no questions) and let the first person waiting in."""
    with transaction.atomic():
        room = lock_room(room.pk)
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
            room.pk, {"type": "room_member", "op": "leave", "user": person_dict(user)}
        )
        leave_small_chats(room, user)
        promote_waiting(room)


def promote_waiting(room: Room) -> None:
    """Let the first person waiting in (a place has freed up). Call holding the room row lock."""
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
    waiting.save(update_fields=["status", "joined_at"])
    engine.do_join(
        conversation_id=room.conversation_id, user=waiting.user, role=_role_of(room, waiting.user)
    )
    send_room_event_on_commit(
        room.pk, {"type": "room_member", "op": "join", "user": person_dict(waiting.user)}
    )
    outbox().person(
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
    send_room_reminder: Task = import_string(REMINDER_TASK)
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
            raise forbid(_("Join the session first."))
        if room.kind != Kind.SCHEDULED or room.is_ended:
            raise RoomError(_("Reminders are for sessions that have not started yet."))
        if email and not user.email:
            raise RoomError(_("Add an email address in Settings first, then turn this on."))
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
            text=partial(_reminder_text, title, minutes, when),
            url=url,
        )
        if membership.email_reminder and user.email and not in_quiet_hours(user.pk, now):
            transaction.on_commit(
                partial(
                    _email_reminder,
                    user.email,
                    when,
                    minutes,
                    settings.SITE_URL.rstrip("/") + url,
                    language=user.language or settings.LANGUAGE_CODE,
                )
            )
    return True


def _reminder_text(title: str, minutes: int, when: str) -> str:
    """The reminder notification's words, in the active language (the recipient's)."""
    return ngettext(
        "“%(title)s” starts in about %(minutes)d minute, at %(when)s. Come in when you're ready.",
        "“%(title)s” starts in about %(minutes)d minutes, at %(when)s. Come in when you're ready.",
        minutes,
    ) % {"title": title, "minutes": minutes, "when": when}


def _reminder_email(when: str, minutes: int, link: str) -> tuple[str, str]:
    """The reminder email's subject and body, in the active language (the recipient's)."""
    starts = ngettext(
        "A Tearspace session you joined starts at %(when)s, in about %(minutes)d minute.",
        "A Tearspace session you joined starts at %(when)s, in about %(minutes)d minutes.",
        minutes,
    ) % {"when": when, "minutes": minutes}
    body = "\n\n".join(
        [
            starts,
            _("Come in when you're ready: %(link)s") % {"link": link},
            _("You can turn these emails off on that page."),
        ]
    )
    return _("Your Tearspace session starts soon"), body


def _email_reminder(address: str, when: str, minutes: int, link: str, *, language: str) -> None:
    try:
        # Sent after commit, for the person reminded: in their language, not the task's.
        with translation.override(language):
            subject, body = _reminder_email(when, minutes, link)
        send_mail(subject=subject, message=body, from_email=None, recipient_list=[address])
    except Exception:
        # The in-app reminder is already there; a mail server hiccup must not retry into a
        # second reminder.
        logger.exception("room reminder email not sent")


def leave_small_chats(room: Room, user: User) -> None:
    """Someone left the room: they leave its open small chat too."""
    seats = TearFriendSeat.objects.filter(
        chat__room=room, chat__closed=False, user=user, left_at__isnull=True
    )
    for seat in seats:
        vacate_seat(seat, user)


# --- Chat (on the conversation engine, see chat.RoomChat) -----------------------------------


REPORT_THANKS = gettext_lazy(
    "Thank you for telling us. A moderator will look at it soon, and the writer won't know "
    "it was you."
)


def _conversation_of(room_id: int) -> int:
    conversation_id = Room.objects.filter(pk=room_id).values_list("conversation_id", flat=True)
    found = conversation_id.first()
    if found is None:
        raise RoomError(_("This room no longer exists."), status=404)
    return found


def do_send_message(
    *, room_id: int, author: User, body: str, client_key: str = ""
) -> tuple[Message, Screening | None]:
    """Persist a chat message with the room's next sequence number, screen it, then publish.

    A repeat of the same `client_key` returns the message already stored (and no screening),
    so a retried send never duplicates. Someone at risk privately gets help and the host and
    moderators get an alert; the room is not told.
    """
    return engine.do_send(
        conversation_id=_conversation_of(room_id),
        author=author,
        body=body,
        client_key=client_key,
        policy=RoomChat(room_id),
    )


def do_react(*, room: Room, user: User, emoji: str) -> None:
    """Let a gentle reaction float by; reactions are anonymous and not stored."""
    if emoji not in REACTIONS:
        raise RoomError(_("That reaction is not offered here."))
    limit(user, "reaction")
    if room.is_ended:
        raise RoomError(_("This session has ended."))
    if (
        not can_moderate_room(user, room)
        and not Membership.objects.filter(room=room, user=user, status=Status.JOINED).exists()
    ):
        raise forbid(_("Join the room to take part."))
    send_room_event_on_commit(room.pk, {"type": "room_reaction", "emoji": emoji})


def do_send_typing(*, room_id: int, user: User) -> bool:
    """Tell the others in the room that this person is typing; return whether it was sent.

    Not stored, and never sent back to the typist. Nothing is sent while the chat is quiet,
    after the session ended, or while the host or a moderator has paused the person's messages.
    """
    # One query for the room and the person's place in it: typing is sent often.
    mine = Membership.objects.filter(room_id=OuterRef("pk"), user_id=user.pk)
    row = (
        Room.objects.filter(pk=room_id)
        .values_list(
            "phase",
            "chat_muted",
            "host_id",
            "conversation_id",
            Subquery(mine.values("status")[:1]),
            Subquery(mine.values("muted")[:1]),
        )
        .first()
    )
    if row is None:
        raise RoomError(_("This room no longer exists."), status=404)
    phase, chat_muted, host_id, conversation_id, status, muted = row
    room = Room(
        pk=room_id,
        phase=phase,
        chat_muted=chat_muted,
        host_id=host_id,
        conversation_id=conversation_id,
    )
    if not can_moderate_room(user, room):
        if status != Status.JOINED:
            raise forbid(_("Join the room to take part."))
        if muted:
            return False
    if room.chat_muted or room.is_ended:
        return False
    return engine.do_send_typing(
        conversation_id=room.conversation_id,
        user=user,
        event={"type": "room_typing", "user": person_dict(user)},
        policy=RoomChat(room_id),
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
    policy = RoomChat(room_id)
    details = engine.clean_report_note(reason, details, policy=policy)
    room = Room.objects.select_related("conversation").filter(pk=room_id).first()
    message = None
    if room is not None:
        found = Message.objects.select_related("author")
        message = found.filter(conversation_id=room.conversation_id, pk=message_id).first()
    if room is None or message is None:
        raise RoomError(_("That message is not in this room."), status=404)
    if not can_moderate_room(reporter, room) and not (
        Membership.objects.filter(room=room, user=reporter, status=Status.JOINED).exists()
    ):
        raise forbid(_("Join the room to take part."))
    if message.seq <= chat_floor(reporter, room):
        # Said before the reporter came in: not theirs to learn of, even by its id.
        raise RoomError(_("That message is not in this room."), status=404)
    if message.author_id == reporter.pk:
        raise RoomError(_("This is your own message. The host can hide it if you ask."))
    return engine.do_report_message(
        reporter=reporter, message=message, reason=reason, details=details, policy=policy
    )


def do_set_hand(*, room: Room, user: User, raised: bool) -> None:
    limit(user, "hand")
    with transaction.atomic():
        updated = Membership.objects.filter(room=room, user=user, status=Status.JOINED).update(
            hand_raised=raised
        )
        if not updated:
            raise forbid(_("Join the room to take part."))
        send_room_event_on_commit(
            room.pk, {"type": "room_hand", "user": person_dict(user), "raised": raised}
        )


def do_announce_presence(*, room: Room, user: User, online: bool) -> None:
    """Tell the room a person's tab came or went (presence is not stored)."""
    send_room_event_on_commit(
        room.pk,
        {
            "type": "room_presence",
            "op": "online" if online else "offline",
            "user": person_dict(user),
        },
    )


def do_check_relief(*, room: Room, user: User, relief: str) -> Membership:
    """Store the aftercare relief check (lighter / same / heavier); private to the person."""
    if relief not in Relief.values:
        raise RoomError(_("Choose lighter, about the same, or heavier."))
    limit(user, "answer")
    membership = Membership.objects.filter(room=room, user=user).first()
    if membership is None:
        raise forbid(_("Join the room to take part."))
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


def journal_relief(relief: str) -> str:
    """The journal's word for a relief answer of the rooms' scale ("" for none)."""
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
        if membership.relief and entry.relief == journal_relief(earlier_relief):
            fields["relief"] = journal_relief(membership.relief)
        fields["helped"] = [*entry.helped_keys, "room"]
        return do_update_entry(entry=entry, fields=fields, screened=screened)
    fields["notes"] = membership.feeling
    if membership.relief:
        fields["relief"] = journal_relief(membership.relief)
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
        raise RoomError(
            _("Please keep this under %(limit)d characters.") % {"limit": MAX_MESSAGE_LENGTH}
        )
    if relief and relief not in Relief.values:
        raise RoomError(_("Choose lighter, about the same, or heavier."))
    limit(user, "answer")
    with transaction.atomic():
        membership = Membership.objects.select_for_update().filter(room=room, user=user).first()
        if membership is None:
            raise forbid(_("Join the room to take part."))
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
            urgent = any(
                s is not None and s.level == "urgent" for s in (screening, journal_screening)
            )
            help_event = {
                "type": "room_help",
                "room": room.pk,
                "help_url": reverse("safety:help"),
                "urgent": urgent,
            }
            outbox().person(user.pk, help_event)
    return FeelingLogged(membership, screening, saved.entry if saved else None, show_help)
