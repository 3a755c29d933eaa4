"""Every circles write, and the only place that sends circles live events (after commit)."""

import secrets
from dataclasses import dataclass, field
from datetime import time, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tearspace.accounts.actions import do_block
from tearspace.accounts.models import User
from tearspace.accounts.selectors import is_blocked_between, user_by_handle
from tearspace.circles import events
from tearspace.circles.access import kept_out_by_age, reply_shown_person_id, shown_person_id
from tearspace.circles.models import (
    CONTENT_NOTE_LABELS,
    CONTENT_NOTES,
    Circle,
    CircleMembership,
    CircleSettings,
    Invitation,
    InvitationStatus,
    NudgeOutcome,
    NudgeOutcomeKind,
    Reaction,
    ReactionKind,
    Reply,
    Share,
    ShareAudience,
    ShareMute,
    ShareView,
    Verdict,
    joined_notes,
    token_digest,
)
from tearspace.core.idempotency import create_once, created_before
from tearspace.journal.models import Entry
from tearspace.ml.crisis import OTHER_REASON
from tearspace.ml.crisis_patterns import KINDS
from tearspace.notifications.actions import do_notify, do_save_notification_settings
from tearspace.notifications.models import Notification, NotificationKind
from tearspace.safety.actions import do_forget_shared_words, do_report
from tearspace.safety.enforcement import PostingPaused, check_can_post
from tearspace.safety.models import ReportReason
from tearspace.safety.screening import Screening, check_reply, earlier_screening, screen_text

INVITATION_LIFETIME = timedelta(days=7)
MAX_CIRCLE_MEMBERS = 50
REPLY_LIMIT = 4000
NOT_OPEN_TO_YOU = gettext_lazy("This circle isn't open to you.")
PAUSE_PROMPT = gettext_lazy(
    "What about this makes me uncomfortable? Why do I feel the need to respond with judgement?"
)

_PSEUDONYM_WORDS = [
    "Willow", "River", "Lantern", "Harbour", "Meadow", "Fern", "Ember", "Cloud", "Pebble",
    "Heron", "Moss", "Tide", "Sparrow", "Birch", "Juniper", "Rain", "Comet", "Clover",
]  # fmt: skip


class CirclesError(ValueError):
    """A write that cannot happen, with a warm reason to show the person (a lazy one is
    rendered when raised, in the language of the person being answered)."""

    def __init__(self, reason: str | Promise, *, status: int = 400) -> None:
        super().__init__(str(reason))
        self.status = status


def _check_can_post(person: User) -> None:
    """A moderator's pause on someone's posting stops new shares and replies until it ends."""
    try:
        check_can_post(person)
    except PostingPaused as paused:
        raise CirclesError(str(paused), status=paused.status) from None


def new_pseudonym() -> str:
    return f"{secrets.choice(_PSEUDONYM_WORDS)} {secrets.randbelow(9000) + 1000}"


# --- Circles and invitations ------------------------------------------------------------------


def do_create_circle(*, owner: User, name: str, client_key: str = "") -> tuple[Circle, Screening]:
    """Make a circle with `owner` in it, its name screened. Raises CirclesError on a bad name.

    A `client_key` the owner already used answers with that circle and its first screening.
    """
    screenings: list[Screening] = []

    def create() -> Circle:
        circle = do_create_named_circle(owner=owner, name=name, client_key=client_key)
        screenings.append(
            screen_text(author=owner, text=name, kind="circle", obj=circle, shared=True)
        )
        return circle

    circle, created = create_once(Circle.objects.filter(owner=owner), client_key, create)
    if created:
        return circle, screenings[0]
    # Every created circle's name was screened; a repeat says again what that screening said.
    quiet = Screening(level="none", show_help=False)
    return circle, earlier_screening(obj=circle, kind="circle") or quiet


def do_create_named_circle(*, owner: User, name: str, client_key: str = "") -> Circle:
    """Create a circle whose name Tearspace wrote (a room's mixer), not its owner.

    The name is not screened: they are not the owner's words, and a crisis signal in, say, a
    room title must not be put on the person who happens to own the circle.
    """
    name = name.strip()
    if not name or len(name) > 80:
        raise CirclesError(_("Give the circle a name of up to 80 characters."))
    with transaction.atomic():
        circle = Circle.objects.create(owner=owner, name=name, client_key=client_key)
        CircleMembership.objects.create(circle=circle, member=owner)
    return circle


def do_delete_circle(*, circle: Circle) -> None:
    """Delete a circle; a share that was only in this circle is taken back with it."""
    with transaction.atomic():
        members = frozenset(circle.memberships.values_list("member_id", flat=True))
        only_here = Share.objects.filter(audiences__circle=circle, revoked_at__isnull=True).exclude(
            audiences__circle__in=Circle.objects.exclude(pk=circle.pk)
        )
        for share in only_here:
            do_revoke_share(share=share, also=members)
        circle.delete()


def do_invite_by_handle(*, circle: Circle, inviter: User, handle: str) -> Invitation:
    invitee = user_by_handle(handle)
    # The same answer for "no such person", "they blocked you" and an adult and someone under
    # 18 (`do_add_member`): nobody learns of a block, or a stranger's age.
    if (
        invitee is None
        or is_blocked_between(invitee.pk, inviter.pk)
        or kept_out_by_age(circle=circle, person=invitee)
    ):
        raise CirclesError(_("We could not find anyone with that handle."))
    if circle.memberships.filter(member=invitee).exists():
        raise CirclesError(_("They are already in this circle."))
    # Once while it waits: a double click or a retry must not notify them twice.
    waiting = circle.invitations.filter(
        invitee=invitee, status=InvitationStatus.PENDING, expires__gt=timezone.now()
    ).first()
    if waiting is not None:
        return waiting
    _token, digest = Invitation.new_token()
    with transaction.atomic():
        invitation = Invitation.objects.create(
            circle=circle,
            inviter=inviter,
            invitee=invitee,
            digest=digest,
            expires=timezone.now() + INVITATION_LIFETIME,
        )
        do_notify(
            recipient_id=invitee.pk,
            kind=NotificationKind.INVITATION,
            text=gettext_lazy("%(name)s invited you to a circle, “%(circle)s”."),
            params={"name": inviter.username, "circle": circle.name},
            actor_id=inviter.pk,
            invitation_id=invitation.pk,
        )
    return invitation


def do_create_invite_link(*, circle: Circle, inviter: User) -> tuple[Invitation, str]:
    """Return the invitation and its token. Only the token's digest is stored: show it once."""
    token, digest = Invitation.new_token()
    invitation = Invitation.objects.create(
        circle=circle, inviter=inviter, digest=digest, expires=timezone.now() + INVITATION_LIFETIME
    )
    return invitation, token


def invitation_for_token(token: str) -> Invitation | None:
    """A pending, unexpired invitation link, or None (used, declined, expired or made up)."""
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.select_related("circle", "inviter")
        .filter(
            digest=token_digest(token),
            invitee__isnull=True,
            status=InvitationStatus.PENDING,
            expires__gt=timezone.now(),
        )
        .first()
    )


def do_answer_invitation(*, invitation: Invitation, person: User, accept: bool) -> None:
    """Accept or decline. Either way the invitation is spent and can never be used again."""
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.status != InvitationStatus.PENDING or locked.expires <= timezone.now():
            raise CirclesError(_("This invitation has already been used or has expired."))
        if locked.invitee_id is not None and locked.invitee_id != person.pk:
            raise CirclesError(_("This invitation has already been used or has expired."))
        if accept:
            do_add_member(circle=locked.circle, person=person)
        locked.status = InvitationStatus.ACCEPTED if accept else InvitationStatus.DECLINED
        locked.used_by = person
        locked.save(update_fields=["status", "used_by"])
        Notification.objects.filter(invitation=locked).delete()


def do_add_member(*, circle: Circle, person: User) -> CircleMembership:
    """Add someone who accepted an invitation (here, from a room's mixer or a support chat, or
    a therapist's yes) to the circle: every way into a circle but its making comes here.

    Refuses an adult in a circle with someone under 18, or the other way round, whoever
    invited them; the refusal says no more (`NOT_OPEN_TO_YOU`).
    """
    # The same answer as a spent invitation: nobody learns of a block.
    if is_blocked_between(person.pk, circle.owner_id):
        raise CirclesError(_("This invitation has already been used or has expired."))
    with transaction.atomic():
        # The circle's row: two people coming in at once are checked one after the other.
        Circle.objects.select_for_update().filter(pk=circle.pk).exists()
        if kept_out_by_age(circle=circle, person=person):
            raise CirclesError(NOT_OPEN_TO_YOU, status=403)
        if circle.memberships.count() >= MAX_CIRCLE_MEMBERS:
            raise CirclesError(_("This circle is full."))
        membership, _created = CircleMembership.objects.get_or_create(circle=circle, member=person)
    return membership


def do_leave_circle(*, circle: Circle, person: User) -> None:
    if circle.owner_id == person.pk:
        raise CirclesError(_("You made this circle; delete it instead of leaving."))
    CircleMembership.objects.filter(circle=circle, member=person).delete()


def do_remove_member(*, circle: Circle, member_id: int) -> None:
    if member_id == circle.owner_id:
        raise CirclesError(_("You cannot remove yourself from your own circle."))
    CircleMembership.objects.filter(circle=circle, member_id=member_id).delete()


# --- Shares ----------------------------------------------------------------------------------


# What the crisis screen says it found (its reasons, as `tearspace.ml` words them) → the content
# notes readers filter by. A reason about the same thing "with a negation" gets the same notes:
# someone avoiding the topic would still rather choose when to read it.
# The content notes each kind the crisis screen knows calls for (tearspace.ml.crisis_patterns
# KINDS). Being hurt by someone else is not a topic the screen can name with confidence.
NOTES_BY_KIND: dict[str, tuple[str, ...]] = {
    "imminent": ("suicide",),
    "intent": ("suicide",),
    "plan": ("suicide",),
    "method": ("suicide", "self_harm"),
    "method_question": ("suicide",),
    "farewell": ("suicide",),
    "goodbye": ("suicide",),
    "coded_time": ("suicide",),
    "absence": ("suicide",),
    "means_at_hand": ("suicide", "self_harm"),
    "thoughts": ("suicide",),
    "wish_dead": ("suicide",),
    "behaviour": ("suicide",),
    "self_harm": ("self_harm",),
    "hurt_by_other": (),
}
# Screenings store the reason each kind gives, so the notes are looked up by that reason.
SCREEN_NOTES: dict[str, tuple[str, ...]] = {
    **{KINDS[name].reason: notes for name, notes in NOTES_BY_KIND.items()},
    OTHER_REASON: ("suicide",),
}
# The trained classifier scores suicide risk: at "concern" or above that is the topic.
CLASSIFIER_REASON = "classifier score"
NEGATED = ", with a negation"


def screen_notes(screening: Screening | None) -> list[str]:
    """The content notes a crisis screen's findings call for, in the list's order.

    The share and reply actions add them to what they save, so readers can choose when to read.

    A screen that could not run finds nothing to name, so it adds none: a wrong topic on
    someone's words would be unkind (the words still go to a person for review). One that ran
    late still says what it found.
    """
    if screening is None:
        return []
    found: set[str] = set()
    for reason in screening.reasons:
        found.update(SCREEN_NOTES.get(reason.removesuffix(NEGATED), ()))
    # The classifier alone says "suicide risk" without naming more; a pattern found says better.
    classifier = any(reason.startswith(CLASSIFIER_REASON) for reason in screening.reasons)
    if not found and classifier and screening.level in {"concern", "urgent"}:
        found.add("suicide")
    return [key for key, _ in CONTENT_NOTES if key in found]


# The one rule for both a single request and shares made one after another.
ONE_AUDIENCE = gettext_lazy(
    "An entry goes to your circles or to the community, not both, so nobody can link your "
    "community name to you. You can take a share back and then share it the other way."
)


def _check_one_audience(entry: Entry, *, community: bool) -> None:
    """Refuse a community share of an entry that a live circle share shows, and the reverse.

    Circle members see the words under the author's handle; the same words under a pseudonym
    would name its author to them. Call inside transaction.atomic: the entry's row lock makes
    two shares of one entry, sent at once, take their turns.
    """
    Entry.objects.select_for_update().only("pk").get(pk=entry.pk)
    other = Share.objects.filter(entry=entry, revoked_at__isnull=True, community=not community)
    if other.exists():
        raise CirclesError(ONE_AUDIENCE, status=409)


@dataclass(frozen=True)
class Shared:
    share: Share
    screening: Screening | None


def do_share_entry(
    *,
    author: User,
    entry: Entry,
    circles: list[Circle],
    community: bool,
    words: bool = True,
    clip: bool = False,
    feelings: bool = True,
    content_note: str = "",
    client_key: str = "",
) -> Shared:
    """Share an entry (or parts of it) with some of my circles, or anonymously with everyone.

    A `client_key` the author already used answers with that share and its first screening:
    a double click or a retry shares (and screens) once. Raises CirclesError on a choice that
    cannot be shared, among them the other way while a share of the entry is live (409).
    """
    if entry.owner_id != author.pk:
        raise CirclesError(_("You can only share your own entries."))
    if community and circles:
        raise CirclesError(ONE_AUDIENCE)
    if not community and not circles:
        raise CirclesError(_("Choose at least one circle, or the community."))
    if not (words or clip or feelings):
        raise CirclesError(_("Choose at least one part of the entry to share."))
    if content_note and content_note not in CONTENT_NOTE_LABELS:
        raise CirclesError(_("Choose a content note from the list."))
    if any(not c.memberships.filter(member=author).exists() for c in circles):
        raise CirclesError(_("You can only share with circles you belong to."))
    _check_can_post(author)
    screenings: list[Screening] = []

    def create() -> Share:
        _check_one_audience(entry, community=community)
        share = Share.objects.create(
            author=author,
            entry=entry,
            community=community,
            pseudonym=new_pseudonym() if community else "",
            include_words=words,
            include_clip=clip and hasattr(entry, "clip"),
            include_feelings=feelings,
            emotions=entry.emotions if feelings else "",
            content_note=content_note,
            client_key=client_key,
        )
        ShareAudience.objects.bulk_create(ShareAudience(share=share, circle=c) for c in circles)
        # Only the words the audience sees: a shared screening keeps them as a snapshot for
        # moderators, and the trigger stays private (it was screened when it was written).
        if words and entry.notes:
            screening = screen_text(
                author=author, text=entry.notes, kind="share", obj=share, shared=True
            )
            screenings.append(screening)
            added = [key for key in screen_notes(screening) if key != content_note]
            if added:
                share.added_notes = joined_notes(added)
                share.save(update_fields=["added_notes"])
        recipients = (
            CircleMembership.objects.filter(circle__in=circles)
            .exclude(member=author)
            .values_list("member_id", "member__language")
            .distinct()
        )
        for member_id, language in recipients:
            if not is_blocked_between(member_id, author.pk):
                do_notify(
                    recipient_id=member_id,
                    language=language,
                    kind=NotificationKind.SHARE,
                    text=gettext_lazy("%(name)s shared a cry with you."),
                    params={"name": author.username},
                    actor_id=author.pk,
                    share_id=share.pk,
                )
        events.send_share_added(share)
        return share

    share, created = create_once(Share.objects.filter(author=author), client_key, create)
    if created:
        return Shared(share=share, screening=screenings[0] if screenings else None)
    # A repeat says again what screening said, so help lost with a first answer is still shown.
    return Shared(share=share, screening=earlier_screening(obj=share, kind="share"))


def do_revoke_share(*, share: Share, also: frozenset[int] = frozenset()) -> None:
    """Take a share back: gone from every feed, notification, API answer and search at once.

    Replies and reactions go with it. The author keeps the (revoked) share in their own list.
    """
    with transaction.atomic():
        share.revoked_at = timezone.now()
        share.save(update_fields=["revoked_at"])
        do_forget_shared_words(objs=[share, *share.replies.all()])
        share.replies.all().delete()
        share.reactions.all().delete()
        Notification.objects.filter(share=share).delete()
        events.send_share_removed(share, also)


def do_record_view(*, share: Share, viewer: User) -> None:
    if viewer.pk != share.author_id:
        ShareView.objects.get_or_create(share=share, viewer=viewer)


# --- Replies ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReplyResult:
    status: str  # "posted" | "nudge" (pause and reflect, nothing posted yet) | "held"
    reply: Reply | None = None
    nudge_id: int | None = None
    screening: Screening | None = None
    reasons: list[str] = field(default_factory=list)


def _decide(nudge: NudgeOutcome | None, outcome: str) -> None:
    if nudge is not None and nudge.outcome == NudgeOutcomeKind.PENDING:
        nudge.outcome = outcome
        nudge.decided = timezone.now()
        nudge.save(update_fields=["outcome", "decided"])


def _pending_nudge(author: User, nudge_id: int | None) -> NudgeOutcome | None:
    if nudge_id is None:
        return None
    return NudgeOutcome.objects.filter(
        pk=nudge_id, author=author, outcome=NudgeOutcomeKind.PENDING
    ).first()


def do_reply(
    *,
    author: User,
    share: Share,
    body: str,
    send_anyway: bool = False,
    nudge_id: int | None = None,
    client_key: str = "",
) -> ReplyResult:
    """Check a reply, then post it, ask the writer to pause first, or hold it for moderators.

    `nudge_id` names the pause step the writer is answering; `send_anyway` posts a nudged reply
    as written (it is shown collapsed, with a note, and counted for moderators). A `client_key`
    the author already used answers with that reply as it stands, posting nothing new.
    """
    mine = Reply.objects.filter(author=author)
    if (earlier := created_before(mine, client_key)) is not None:
        return _result_of(earlier)
    body = body.strip()
    if not body or len(body) > REPLY_LIMIT:
        raise CirclesError(_("Write a reply of up to 4,000 characters."))
    if share.revoked_at is not None:
        raise CirclesError(_("This share has been taken back."))
    _check_can_post(author)
    nudge = _pending_nudge(author, nudge_id)
    check = check_reply(author=author, text=body, context=None)
    if check.verdict == Verdict.NUDGE and not (send_anyway and nudge is not None):
        if nudge is None:
            nudge = NudgeOutcome.objects.create(author=author, share=share)
        return ReplyResult(status="nudge", nudge_id=nudge.pk, reasons=check.reasons)
    screenings: list[Screening] = []

    def create() -> Reply:
        reply = Reply.objects.create(
            share=share,
            author=author,
            body=body,
            verdict=check.verdict,
            sent_anyway=check.verdict == Verdict.NUDGE,
            client_key=client_key,
        )
        screening = screen_text(author=author, text=body, kind="reply", obj=reply, shared=True)
        screenings.append(screening)
        if added := screen_notes(screening):
            reply.added_notes = joined_notes(added)
            reply.save(update_fields=["added_notes"])
        if check.verdict == Verdict.HOLD:
            _decide(nudge, NudgeOutcomeKind.REVISED)
            do_report(
                reporter=author,
                subject=author,
                reason=ReportReason.UNKIND,
                obj=reply,
                snapshot=body,
                details="Held by the reply check before posting: " + ", ".join(check.reasons),
            )
            return reply
        _decide(
            nudge,
            NudgeOutcomeKind.SENT_ANYWAY if reply.sent_anyway else NudgeOutcomeKind.REVISED,
        )
        Share.objects.filter(pk=share.pk).update(reply_count=F("reply_count") + 1)
        # Left even when a block is between them (it is applied when notifications are read
        # and sent): the work, and so the time, of a reply must not depend on who wrote the share.
        if author.pk != share.author_id:
            do_notify(
                recipient_id=share.author_id,
                kind=NotificationKind.REPLY,
                text=gettext_lazy("%(name)s replied to your share."),
                params={"name": events.display_name(reply)},
                actor_id=author.pk,
                share_id=share.pk,
            )
        events.send_reply_added(reply)
        return reply

    reply, created = create_once(mine, client_key, create)
    return _result_of(reply, screenings[0] if created else None)


def _result_of(reply: Reply, screening: Screening | None = None) -> ReplyResult:
    """A stored reply as an answer: held for moderators or posted, with its screening.

    A repeat (no `screening` given) says again what screening said the first time.
    """
    status = "held" if reply.verdict == Verdict.HOLD else "posted"
    screening = screening or earlier_screening(obj=reply, kind="reply")
    return ReplyResult(status=status, reply=reply, screening=screening)


def do_discard_nudged_reply(*, author: User, nudge_id: int | None) -> None:
    _decide(_pending_nudge(author, nudge_id), NudgeOutcomeKind.DISCARDED)


def do_remove_reply_for_everyone(reply: Reply) -> None:
    """A moderator's removal: the reply is gone for everyone, its writer included."""
    with transaction.atomic():
        if reply.is_visible:
            Share.objects.filter(pk=reply.share_id, reply_count__gt=0).update(
                reply_count=F("reply_count") - 1
            )
        share, reply_id = reply.share, reply.pk
        reply.delete()
        events.send_reply_removed(reply_id, share)


def do_remove_share_for_everyone(share: Share) -> None:
    """A moderator's removal of a share works like the author taking it back."""
    if share.revoked_at is None:
        do_revoke_share(share=share)


def do_hide_reply(*, reply: Reply) -> None:
    with transaction.atomic():
        reply.hidden_by_author = True
        reply.save(update_fields=["hidden_by_author"])
        events.send_reply_removed(reply.pk, reply.share)


# --- Reactions, blocks, reports, settings ----------------------------------------------------


def do_toggle_reaction(*, person: User, share: Share, kind: str) -> bool:
    """Add my reaction of this kind, or take it back. Returns True when it was added."""
    if kind not in ReactionKind.values:
        raise CirclesError(_("Choose one of the reactions shown."))
    with transaction.atomic():
        deleted = Reaction.objects.filter(share=share, person=person, kind=kind).delete()[0]
        if deleted:
            return False
        try:
            with transaction.atomic():
                Reaction.objects.create(share=share, person=person, kind=kind)
        except IntegrityError:
            return True
        if person.pk != share.author_id:
            label = ReactionKind(kind).label
            do_notify(
                recipient_id=share.author_id,
                kind=NotificationKind.REACTION,
                text=gettext_lazy("Someone reacted to your share: “%(reaction)s”."),
                params={"reaction": label},
                actor_id=person.pk,
                share_id=share.pk,
            )
            events.send_reaction_added(share, person.pk, kind)
    return True


def do_mute_share(*, person: User, share: Share) -> ShareMute:
    """Stop seeing one community share and what its pseudonym writes on it; nobody is told.

    It makes no block between accounts and runs no block hooks: those would change what
    `person` sees of the author elsewhere, and so name them.
    """
    if share.author_id == person.pk or not share.community:
        raise CirclesError(_("Only someone else's community share can be muted."))
    mute, _created = ShareMute.objects.get_or_create(
        person=person, share=share, defaults={"label": share.pseudonym}
    )
    return mute


@dataclass(frozen=True)
class Blocked:
    kind: str  # "person" (a handle was blocked) | "share" (a pseudonym's share was muted)
    label: str


def do_block_shown(*, blocker: User, share: Share, reply: Reply | None = None) -> Blocked:
    """Block whoever `share` (or `reply` on it) is shown under.

    A handle is blocked as a person; a pseudonym only mutes its one share. Raises
    `CirclesError` (status 404) for oneself: there is nobody else there to block.
    """
    person_id = shown_person_id(share) if reply is None else reply_shown_person_id(reply)
    if person_id is None:
        if share.author_id == blocker.pk:
            raise CirclesError(_("There is nobody else here to block."), status=404)
        return Blocked("share", do_mute_share(person=blocker, share=share).label)
    if person_id == blocker.pk:
        raise CirclesError(_("There is nobody else here to block."), status=404)
    blocked = share.author if reply is None else reply.author
    return Blocked("person", do_block(blocker=blocker, blocked=blocked).label)


def do_unmute_share(*, person: User, mute_id: int) -> None:
    ShareMute.objects.filter(person=person, pk=mute_id).delete()


def do_report_share(*, reporter: User, share: Share, reason: str, details: str = "") -> None:
    words = share.entry.notes if share.include_words else ""
    with transaction.atomic():
        do_report(
            reporter=reporter,
            reason=reason,
            obj=share,
            subject=share.author,
            snapshot=words or "",
            details=details,
        )


def do_report_reply(*, reporter: User, reply: Reply, reason: str, details: str = "") -> None:
    with transaction.atomic():
        do_report(
            reporter=reporter,
            reason=reason,
            obj=reply,
            subject=reply.author,
            snapshot=reply.body,
            details=details,
        )


def do_save_circle_settings(
    *,
    person: User,
    quiet_start: time | None,
    quiet_end: time | None,
    hidden_notes: list[str],
    email_digest: bool = False,
) -> CircleSettings:
    """Save the notifications page: quiet hours and the digest (notifications' own settings) with
    the community topics to hide. Raises CirclesError for an unknown topic and
    NotificationsError for a digest without an email address; then nothing is saved."""
    unknown = [n for n in hidden_notes if n not in CONTENT_NOTE_LABELS]
    if unknown:
        raise CirclesError(_("Choose topics from the list."))
    with transaction.atomic():
        do_save_notification_settings(
            person=person, quiet_start=quiet_start, quiet_end=quiet_end, email_digest=email_digest
        )
        prefs, _created = CircleSettings.objects.update_or_create(
            person=person, defaults={"hidden_notes": hidden_notes}
        )
    return prefs
