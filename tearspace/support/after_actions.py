"""Every write after a listener chat: the seeker's relief check (kept in their journal only if
they choose), staying in touch through a circle (only if both say yes), kind notes, a break for
the listener after a hard chat, and the listeners' debrief room.

Split from actions.py by sub-domain (STYLE.md), like rooms' mixer_actions; the same rules hold.
The relief scale, its journal bridge and the mutual-consent invitation are the rooms' own,
reused here rather than copied.
"""

from datetime import datetime, timedelta

from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from tearspace.accounts.models import User
from tearspace.conversations import actions as engine
from tearspace.conversations.models import Conversation, ParticipantRole
from tearspace.conversations.models import Kind as ConversationKind
from tearspace.journal.actions import do_log_entry, do_update_entry
from tearspace.journal.models import Company
from tearspace.lib.limits import over_limit_for
from tearspace.rooms.actions import do_join_room, journal_relief
from tearspace.rooms.common import RoomError
from tearspace.rooms.mixer_actions import (
    INVITATIONS_FOR_NOW,
    do_answer_tear_friend_invitation,
    invite_to_circle,
)
from tearspace.rooms.models import Kind as RoomKind
from tearspace.rooms.models import Membership, Phase, Relief, Room, Status, TearFriendInvitation
from tearspace.safety.screening import Screening, screen_text
from tearspace.support.chat import SupportError
from tearspace.support.contacts import HELD_BACK, has_contact_details
from tearspace.support.events import to_people
from tearspace.support.models import (
    KIND_NOTE_LIMIT,
    KindNote,
    ListenerProfile,
    Match,
    SupportGroup,
)

# A chat this long is hard on the listener whatever was said in it.
LONG_CHAT = timedelta(minutes=45)
# How long after a chat an invitation to stay in touch may be answered.
STAY_IN_TOUCH_FOR = timedelta(days=7)
# Stored on the invitation (it tells invitations apart), so kept in English and translated
# where it is shown (rooms.mixer_actions).
PLACE = gettext_noop("a listener chat")
DEBRIEF_TITLE = gettext_lazy("Listeners' debrief")
DEBRIEF_THEME = gettext_lazy("A quiet place for listeners to set down what they carried")
DEBRIEF_MINUTES = 240  # the longest a room runs; the next listener to come opens a fresh one
DEBRIEF_LOCK_KEY = 0x5EEC_00DB  # pg_advisory_xact_lock key: opening the debrief room
NOT_ENDED = gettext_lazy("This opens once the chat has ended.")


def _ended_match(match_id: int, *, person: User) -> Match:
    """The ended chat `match_id`, locked, if `person` was in it. Call inside transaction.atomic."""
    match = (
        Match.objects.select_for_update(of=("self",))
        .select_related("seeker", "listener")
        .filter(pk=match_id)
        .first()
    )
    if match is None or person.pk not in (match.seeker_id, match.listener_id):
        raise SupportError(_("This chat is not yours."), status=404)
    if match.active:
        raise SupportError(NOT_ENDED, status=409)
    return match


# --- The seeker's relief check -----------------------------------------------------------------


def do_check_chat_relief(
    *, match: Match, seeker: User, relief: str, journal: bool = False
) -> Match:
    """Keep the seeker's "How do you feel now?" after an ended chat (the rooms' relief scale).

    Private to the seeker: the listener never learns it. With `journal` it is also kept in
    their own journal as an entry for the chat (the same bridge rooms use; answering again
    updates that one entry, and leaving `journal` off later never removes it). Never automatic.
    Raises SupportError for someone who is not the chat's seeker (404), a chat still going
    (409) or an answer off the scale.
    """
    if relief not in Relief.values:
        raise SupportError(_("Choose lighter, about the same, or heavier."))
    with transaction.atomic():
        found = _ended_match(match.pk, person=seeker)
        if found.seeker_id != seeker.pk:
            raise SupportError(_("This chat is not yours."), status=404)
        found.relief = relief
        found.save(update_fields=["relief"])
    if journal:
        _keep_in_journal(found, seeker)
    return found


def _keep_in_journal(match: Match, seeker: User) -> None:
    """Add the chat to the seeker's journal with their relief, or update the entry it has."""
    fields: dict[str, object] = {"relief": journal_relief(match.relief)}
    entry = match.journal_entry
    if entry is not None and entry.owner_id == seeker.pk:
        do_update_entry(entry=entry, fields=fields)
        return
    fields |= {
        "when": match.started_at,
        "with_whom": Company.ONLINE,
        "helped": ["talking"],
    }
    saved = do_log_entry(owner=seeker, fields=fields)
    Match.objects.filter(pk=match.pk).update(journal_entry=saved.entry)
    match.journal_entry = saved.entry


# --- Staying in touch through a circle ---------------------------------------------------------


def do_invite_to_stay_in_touch(*, match: Match, person: User) -> TearFriendInvitation:
    """Ask the other person of an ended chat to stay in touch through a circle.

    The rooms' mutual-consent invitation (`invite_to_circle`): nothing happens unless the other
    says yes; a block or an adult and someone under 18 means it is quietly never delivered.
    Until both say yes the seeker shows under their chat pseudonym. Raises SupportError as
    `_ended_match`, and 429 for too many invitations.
    """
    if over_limit_for(person.pk, "invite"):
        raise SupportError(INVITATIONS_FOR_NOW, status=429)
    with transaction.atomic():
        found = _ended_match(match.pk, person=person)
        other = found.listener if person.pk == found.seeker_id else found.seeker
        names = (found.seeker_pseudonym, "")
        invitation = invite_to_circle(
            inviter=person,
            invitee=other,
            room=None,
            place=PLACE,
            expires_at=timezone.now() + STAY_IN_TOUCH_FOR,
            answer_url=reverse("support:chat", args=[found.pk]),
            shown_as=names if person.pk == found.seeker_id else names[::-1],
        )
        Match.objects.filter(pk=found.pk).update(circle_invitation=invitation)
    return invitation


def do_answer_stay_in_touch(*, match: Match, person: User, accept: bool) -> TearFriendInvitation:
    """Say yes (form a circle of the two) or "not now" to the other's invitation after a chat.

    Raises SupportError when there is no invitation to `person` from this chat (404) or the
    rooms' answer refuses (already answered, expired, a block or age bands between them).
    """
    invitation = match.circle_invitation
    if invitation is None or invitation.invitee_id != person.pk:
        raise SupportError(_("There is no invitation to answer here."), status=404)
    try:
        return do_answer_tear_friend_invitation(
            invitation_id=invitation.pk, person=person, accept=accept
        )
    except RoomError as refused:
        raise SupportError(refused.reason, status=refused.status) from None


# --- Kind notes --------------------------------------------------------------------------------


def do_leave_kind_note(
    *, match: Match, seeker: User, body: str
) -> tuple[KindNote, Screening | None]:
    """Leave the listener a short kind note after an ended chat (one a chat; again replaces it).

    Screened like chat words (help goes to the writer only) and held back like them when it
    carries contact details or an invitation elsewhere (SupportError 422 with the warm
    explanation). Raises SupportError for an empty or overlong note, someone who is not the
    chat's seeker (404) or a chat still going (409).
    """
    body = body.strip()
    if not body:
        raise SupportError(_("Write a few kind words first."))
    if len(body) > KIND_NOTE_LIMIT:
        raise SupportError(
            _("Please keep it under %(limit)d characters.") % {"limit": KIND_NOTE_LIMIT}
        )
    if has_contact_details(body):
        raise SupportError(HELD_BACK, status=422)
    with transaction.atomic():
        found = _ended_match(match.pk, person=seeker)
        if found.seeker_id != seeker.pk:
            raise SupportError(_("This chat is not yours."), status=404)
        note, _created = KindNote.objects.update_or_create(
            match=found, defaults={"listener_id": found.listener_id, "body": body}
        )
        # The listener reads these words, so they count as shared with them.
        screening = screen_text(
            author=seeker, text=body, kind="support_kind_note", obj=note, shared=True
        )
    return note, screening


# --- A break after a hard chat -----------------------------------------------------------------


def offer_break_if_hard(*, chat: Match | SupportGroup, ended_at: datetime) -> bool:
    """After a hard chat, one to one or a small group (an alert or escalation in it, or
    LONG_CHAT or longer), set the listener away with a gentle word and a breathing link;
    return whether a break was offered.

    Their other open chats carry on; they come back with one tap (`do_set_availability`).
    Call inside the transaction that ends the chat, holding the listener's profile row lock.
    """
    hard = type(chat).objects.filter(pk=chat.pk).values_list("hard", flat=True).first()
    if not hard and ended_at - chat.started_at < LONG_CHAT:
        return False
    ListenerProfile.objects.filter(user_id=chat.listener_id).update(
        available=False, break_offered_at=ended_at
    )
    links = {"url": reverse("support:listen"), "breathe_url": reverse("toolkit:breathe")}
    if isinstance(chat, SupportGroup):
        event = {"type": "support_group_break", "group": chat.pk, **links}
    else:
        event = {"type": "support_break", "match": chat.pk, **links}
    to_people([chat.listener_id], event)
    return True


# --- The listeners' debrief room ---------------------------------------------------------------


def is_listener(user: User) -> bool:
    """A member who finished the code of conduct and orientation (paused or not): the debrief
    room's gate."""
    return ListenerProfile.objects.filter(
        user_id=user.pk,
        conduct_accepted_at__isnull=False,
        orientation_completed_at__isnull=False,
    ).exists()


def do_enter_debrief_room(*, user: User) -> Room:
    """Bring a listener into the listeners' debrief room, opening one if none is open now.

    The listener who opens it hosts it (it runs DEBRIEF_MINUTES; the next listener after that
    opens a fresh one). Raises SupportError (404) for anyone who is not a listener, and for
    the room's own refusals (full, asked not to rejoin).
    """
    if not is_listener(user):
        raise SupportError(_("The debrief room is for listeners."), status=404)
    with transaction.atomic():
        # Two listeners arriving at once open one room, not two: on PostgreSQL one at a time
        # looks for it (SQLite's writers already go one at a time).
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [DEBRIEF_LOCK_KEY])
        room = _open_debrief_room() or _new_debrief_room(host=user)
    try:
        do_join_room(room=room, user=user)
    except RoomError as refused:
        raise SupportError(refused.reason, status=refused.status) from None
    return room


def _open_debrief_room() -> Room | None:
    since = timezone.now() - timedelta(minutes=DEBRIEF_MINUTES)
    return (
        Room.objects.filter(
            kind=RoomKind.DEBRIEF, starts_at__gt=since, starts_at__lte=timezone.now()
        )
        .exclude(phase=Phase.ENDED)
        .order_by("-starts_at", "-pk")
        .first()
    )


def _new_debrief_room(*, host: User) -> Room:
    conversation = Conversation.objects.create(kind=ConversationKind.ROOM)
    room = Room.objects.create(
        conversation=conversation,
        host=host,
        title=str(DEBRIEF_TITLE),
        theme=str(DEBRIEF_THEME),
        kind=RoomKind.DEBRIEF,
        phase=Phase.SHARING,
        length_minutes=DEBRIEF_MINUTES,
    )
    Membership.objects.create(room=room, user=host, status=Status.JOINED)
    engine.do_join(conversation_id=conversation.pk, user=host, role=ParticipantRole.HOST)
    return room
