"""Every write of the chat engine: send, hide, report, typing, read state, mutes, joining.

Each action takes the caller's `ChatPolicy` for what the conversation's kind allows and how
its events look; events leave through the policy only, after commit.
"""

from typing import Any

from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tearspace.accounts.models import User
from tearspace.conversations.models import (
    MAX_MESSAGE_LENGTH,
    Conversation,
    Message,
    Participant,
    ParticipantRole,
)
from tearspace.conversations.policy import ChatPolicy, ConversationError
from tearspace.lib.limits import over_limit_for, take
from tearspace.safety.actions import do_report
from tearspace.safety.enforcement import PostingPaused, check_can_post
from tearspace.safety.models import Report, ReportReason
from tearspace.safety.screening import Screening, screen_text
from tearspace.safety.selectors import open_report_of

SLOW_DOWN = gettext_lazy("That's a lot at once. Take a breath; you can go on in a moment.")
PAUSED = gettext_lazy("The host has paused your messages for now.")
REPORT_DETAILS_LIMIT = 2000
# Someone typing is passed on at most this often (per socket, and per person through the API).
TYPING_EVERY_SECONDS = 2.5


def limit(person: User, kind: str, *, policy: ChatPolicy) -> None:
    """Take a token from the person's bucket for `kind` (see `lib.limits.BUCKETS`), so every
    interface (page, API, socket) shares one limit; raise the policy's refusal (429) when empty."""
    if not take(person.pk, kind):
        raise policy.refusal(SLOW_DOWN, status=429)


def _take_next_seq(conversation_id: int, *, policy: ChatPolicy) -> int:
    """Bump the conversation's sequence and return the new number, in one statement.

    The UPDATE holds the row lock (PostgreSQL) or the write lock (SQLite, IMMEDIATE) until the
    transaction ends, so concurrent writers get consecutive numbers and a rollback gives the
    number back. Call inside transaction.atomic.
    """
    table = connection.ops.quote_name(Conversation._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last_seq = last_seq + 1 WHERE id = %s "  # noqa: S608 - table name
            "RETURNING last_seq",
            [conversation_id],
        )
        row = cursor.fetchone()
    if row is None:
        raise policy.refusal(_("This conversation no longer exists."), status=404)
    return int(row[0])


def clean_message(body: str, client_key: str, *, policy: ChatPolicy) -> tuple[str, str]:
    """Return the trimmed words and idempotency key of a message, or refuse them."""
    body = body.strip()
    client_key = client_key.strip()
    if not body:
        raise policy.refusal(_("Write something first."))
    if len(body) > MAX_MESSAGE_LENGTH:
        raise policy.refusal(
            _("Please keep messages under %(limit)d characters.") % {"limit": MAX_MESSAGE_LENGTH}
        )
    if len(client_key) > 64:
        raise policy.refusal(_("The message key is too long."))
    return body, client_key


def do_send(
    *, conversation_id: int, author: User, body: str, client_key: str = "", policy: ChatPolicy
) -> tuple[Message, Screening | None]:
    """Store a message with the conversation's next sequence number, screen it, then publish.

    A repeat of the same `client_key` returns the message already stored (and no screening),
    so a retried send never duplicates. A writer at risk privately gets help and the policy's
    alert goes out; the readers are not told. Raises the policy's refusal when the policy, a
    pause from posting, a mute or the rate limit says no.
    """
    body, client_key = clean_message(body, client_key, policy=policy)
    try:
        # Inside the try: a retry of a message already stored gets the stored copy, never a 429.
        limit(author, "message", policy=policy)
        with transaction.atomic():
            seq = _take_next_seq(conversation_id, policy=policy)
            policy.check_write(author)  # raising rolls the sequence number back too
            if Participant.objects.filter(
                conversation_id=conversation_id, user=author, muted=True
            ).exists():
                raise policy.refusal(PAUSED, status=403)
            try:
                check_can_post(author)
            except PostingPaused as paused:
                raise policy.refusal(str(paused), status=403) from None
            # A repeated key fails the unique constraint, which rolls everything back.
            message = Message.objects.create(
                conversation_id=conversation_id,
                seq=seq,
                author=author,
                body=body,
                client_key=client_key,
            )
            # The screening record points back at the message (content type + id). Others read
            # these words, so a moderator may see them in an urgent escalation.
            screening = screen_text(
                author=author, text=body, kind=policy.screening_kind, obj=message, shared=True
            )
            policy.deliver(policy.added_event(message))
            if screening.show_help:
                policy.help_and_alert(author, message, screening)
    except (ConversationError, IntegrityError):
        # A retried send of a message already stored is answered with the stored copy, even if
        # the person could not post it now (chat muted since, say): it was sent when allowed.
        existing = stored_copy(conversation_id=conversation_id, author=author, key=client_key)
        if existing is None:
            raise
        return existing, None
    return message, screening


def stored_copy(*, conversation_id: int, author: User, key: str) -> Message | None:
    """The message `author` already sent here with idempotency key `key`, if any."""
    if not key:
        return None
    return (
        Message.objects.select_related("author")
        .filter(conversation_id=conversation_id, author=author, client_key=key)
        .first()
    )


def do_hide(*, message: Message, policy: ChatPolicy) -> None:
    """Hide `message` as the conversation's next sequenced change, and announce it after commit.

    The change takes a sequence number like a message, so a client that was away when it
    happened learns of it when it resumes (see `selectors.page_after`). With the policy's
    `erase_on_hide` the stored words go too. Hiding a hidden message changes nothing.
    """
    with transaction.atomic():
        # Hidden or not is decided in step with every other change of the conversation.
        Conversation.objects.select_for_update().only("pk").get(pk=message.conversation_id)
        if Message.objects.filter(pk=message.pk, hidden=True).exists():
            return
        seq = _take_next_seq(message.conversation_id, policy=policy)
        changes: dict[str, object] = {"hidden": True, "changed_seq": seq}
        if policy.erase_on_hide:
            changes["body"] = ""
            message.body = ""
        Message.objects.filter(pk=message.pk).update(**changes)
        message.hidden, message.changed_seq = True, seq
        policy.deliver(policy.changed_event(message))


def clean_report_note(reason: str, details: str, *, policy: ChatPolicy) -> str:
    """Return the reporter's trimmed note, or refuse an unknown reason or an overlong note."""
    if reason not in ReportReason.values:
        raise policy.refusal(_("Choose one of the reasons."))
    details = details.strip()
    if len(details) > REPORT_DETAILS_LIMIT:
        raise policy.refusal(
            _("Please keep the note under %(limit)d characters.") % {"limit": REPORT_DETAILS_LIMIT}
        )
    return details


def do_report_message(
    *, reporter: User, message: Message, reason: str, details: str, policy: ChatPolicy
) -> tuple[Report, Screening | None]:
    """Report someone else's words (checked by the caller: the reporter could read them).

    While the reporter's first report of it is open, that one is returned; new reports share
    the site's report budget. The reporter's own note is screened like anything they write.
    """
    # Looked for before the budget is spent: a repeat is not a new report (do_report agrees).
    if (already := open_report_of(reporter=reporter, obj=message)) is not None:
        return already, None
    if over_limit_for(reporter.pk, "report"):
        raise policy.refusal(_("That was a lot of reports. Please wait a little."), status=429)
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


def do_send_typing(
    *, conversation_id: int, user: User, event: dict[str, Any], policy: ChatPolicy
) -> bool:
    """Send `event` (the kind's "is typing" event) to the other readers; return whether it was.

    Not stored, and never sent back to the typist. Call after the policy's own checks; nothing
    is sent to anyone while the person is muted here or paused from posting, nor more often
    than every TYPING_EVERY_SECONDS through any interface.
    """
    if Participant.objects.filter(conversation_id=conversation_id, user=user, muted=True).exists():
        return False
    try:
        check_can_post(user)
    except PostingPaused:
        return False
    # Said a moment ago (through any interface): the others still see it, nothing to send.
    if not cache.add(
        f"conversations-typing:{conversation_id}:{user.pk}", True, TYPING_EVERY_SECONDS
    ):
        return False
    policy.deliver(event, skip_user=user.pk)
    return True


def do_join(*, conversation_id: int, user: User, role: str = ParticipantRole.MEMBER) -> Participant:
    """Take part in a conversation from its current sequence number (the newcomers rule reads
    from here), or come back to it: a returning person reads from their return.

    Locks the conversation row, so no message numbered before the join is still being written.
    """
    with transaction.atomic():
        conversation = Conversation.objects.select_for_update().get(pk=conversation_id)
        participant, _created = Participant.objects.update_or_create(
            conversation=conversation,
            user=user,
            defaults={"role": role, "from_seq": conversation.last_seq},
        )
    return participant


def do_mark_read(*, conversation_id: int, user: User, seq: int) -> int:
    """Record that `user` has read up to `seq` (never backwards, never past the last message).

    Return the read state now; 0 for someone who does not take part.
    """
    last = Conversation.objects.filter(pk=conversation_id).values_list("last_seq", flat=True)
    upto = min(max(0, seq), last.first() or 0)
    with transaction.atomic():
        participant = (
            Participant.objects.select_for_update()
            .filter(conversation_id=conversation_id, user=user)
            .first()
        )
        if participant is None:
            return 0
        if upto > participant.last_read_seq:
            participant.last_read_seq = upto
            participant.save(update_fields=["last_read_seq"])
    return participant.last_read_seq


def do_set_muted(*, conversation_id: int, user_id: int, muted: bool) -> bool:
    """Pause (or let again) one participant's writing here; return whether they take part.

    Call after the caller checked the actor may steer the conversation.
    """
    updated = Participant.objects.filter(conversation_id=conversation_id, user_id=user_id).update(
        muted=muted
    )
    return updated > 0
