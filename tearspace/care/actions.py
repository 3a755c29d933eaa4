"""Every write of care: profiles, verification, intake, requests and their 48-hour promise,
sharing with a therapist, and messages.

Keyword-only arguments; every step that depends on the time takes `now` (the controllable
clock of the promise). Notifications and live events leave only from here, after commit.
"""

import logging
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.tasks import Task
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.functional import lazy
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tearspace.accounts.clock import local
from tearspace.accounts.models import Role, User
from tearspace.accounts.selectors import age_bands_apart
from tearspace.care.chat import CareChat, CareError, care_url
from tearspace.care.matching import Preferences, match_therapists
from tearspace.care.models import (
    ANSWER_WITHIN,
    REMIND_AFTER,
    TELL_OPERATORS_AFTER,
    CareRequest,
    Intake,
    RequestState,
    TherapistProfile,
)
from tearspace.circles.actions import (
    CirclesError,
    Shared,
    do_add_member,
    do_create_named_circle,
    do_revoke_share,
    do_share_entry,
)
from tearspace.circles.models import Share
from tearspace.conversations import actions as engine
from tearspace.conversations.models import Conversation, Message, ParticipantRole
from tearspace.conversations.models import Kind as ConversationKind
from tearspace.journal.models import Entry
from tearspace.lib.limits import take
from tearspace.notifications.actions import do_notify
from tearspace.notifications.models import NotificationKind
from tearspace.safety.models import SelfCheck
from tearspace.safety.screening import Screening, screen_text

logger = logging.getLogger(__name__)

PROMISE_TASK = "tearspace.care.tasks.keep_care_promise"
OPEN_REQUESTS_LIMIT = 3
NOTE_LIMIT = 1000
WHAT_BRINGS_LIMIT = 2000


def _moment_text(moment: datetime, person: User) -> str:
    """A moment as the person reads it on their own clock ("Tue 3 Mar, 14:00"), with day and
    month names in the active language."""
    return dateformat.format(local(moment, person), "D j M, H:i")


# Lazy, so a notification's moment is worded in its recipient's language (do_notify's params).
_moment = lazy(_moment_text, str)


# --- Directory -------------------------------------------------------------------------------


def do_verify_therapist(*, profile: TherapistProfile, operator: User) -> TherapistProfile:
    """List a therapist after the operator checked the licence; lifts a suspension too."""
    profile.verified_at = timezone.now()
    profile.verified_by = operator
    profile.suspended = False
    profile.save(update_fields=["verified_at", "verified_by", "suspended"])
    return profile


def do_suspend_therapist(*, profile: TherapistProfile, suspended: bool) -> TherapistProfile:
    """Take a therapist out of the directory (or back in). Their open requests stay open, and
    run out on the clock like any other, so the person is offered the next match."""
    profile.suspended = suspended
    profile.save(update_fields=["suspended"])
    return profile


def do_save_profile(*, user: User, fields: dict[str, object]) -> TherapistProfile:
    """Create or update a therapist's own profile. A changed licence waits for a new check.

    Raises CareError for someone who is not a therapist.
    """
    if user.role != Role.THERAPIST:
        raise CareError(_("Only therapists have a profile here."), status=403)
    profile = TherapistProfile.objects.filter(user=user).first() or TherapistProfile(user=user)
    licence = (profile.licence_type, profile.licence_number, profile.region)
    for name, value in fields.items():
        setattr(profile, name, value)
    if (profile.licence_type, profile.licence_number, profile.region) != licence:
        profile.verified_at, profile.verified_by = None, None
    profile.full_clean(exclude=["user", "verified_by"])
    profile.save()
    return profile


# --- Intake and requests ---------------------------------------------------------------------


@dataclass(frozen=True)
class IntakeResult:
    intake: Intake
    screening: Screening | None


def do_submit_intake(
    *, person: User, what_brings: str, prefs: Preferences, self_check_id: int | None = None
) -> IntakeResult:
    """Keep what brings the person and their preferences (sealed); screen their words.

    `self_check_id` must be one of their own self-checks. Raises CareError on overlong words.
    """
    what_brings = what_brings.strip()
    if len(what_brings) > WHAT_BRINGS_LIMIT:
        raise CareError(
            _("Please keep this under %(limit)d characters.") % {"limit": WHAT_BRINGS_LIMIT}
        )
    check = None
    if self_check_id is not None:
        check = SelfCheck.objects.filter(pk=self_check_id, person=person).first()
        if check is None:
            raise CareError(_("Choose one of your own self-checks."))
    with transaction.atomic():
        intake = Intake.objects.create(
            person=person, what_brings=what_brings, preferences=prefs.to_dict(), self_check=check
        )
        screening = None
        if what_brings:
            # Private words: never copied to a moderator (shared=False).
            screening = screen_text(author=person, text=what_brings, kind="care_intake", obj=intake)
    return IntakeResult(intake=intake, screening=screening)


def open_requests(person: User) -> QuerySet[CareRequest]:
    return CareRequest.objects.filter(person=person, state=RequestState.REQUESTED)


def do_request_care(
    *, person: User, therapist_id: int, intake: Intake | None, now: datetime | None = None
) -> CareRequest:
    """Ask one listed therapist; they are told, and the 48-hour clock starts.

    A repeat while the request is open or accepted answers with that request. Raises CareError
    for a therapist who is not listed, oneself, or too many open requests at once.
    """
    now = now or timezone.now()
    existing = CareRequest.objects.filter(
        person=person,
        therapist_id=therapist_id,
        state__in=[RequestState.REQUESTED, RequestState.ACCEPTED],
    ).first()
    if existing is not None:
        return existing
    profile = (
        TherapistProfile.objects.select_related("user")
        .filter(pk=therapist_id, verified_at__isnull=False, suspended=False, user__is_active=True)
        .first()
    )
    # An adult and someone under 18 never share a circle (circles.actions.do_add_member), and
    # care's sharing is one: refused here, as for a therapist not listed, not at their yes.
    if profile is None or age_bands_apart(person, profile.user):
        raise CareError(_("That therapist is not taking requests here."), status=404)
    if profile.user_id == person.pk:
        raise CareError(_("You cannot ask yourself."))
    if open_requests(person).count() >= OPEN_REQUESTS_LIMIT:
        raise CareError(
            ngettext(
                "You have %(count)d request waiting already. "
                "We will tell you as soon as someone answers.",
                "You have %(count)d requests waiting already. "
                "We will tell you as soon as someone answers.",
                OPEN_REQUESTS_LIMIT,
            )
            % {"count": OPEN_REQUESTS_LIMIT}
        )
    if not take(person.pk, "answer"):
        raise CareError(engine.SLOW_DOWN, status=429)
    if intake is not None and intake.person_id != person.pk:
        raise CareError(_("That intake is not yours."), status=404)
    try:
        with transaction.atomic():
            request = CareRequest.objects.create(
                person=person, therapist=profile, intake=intake, requested_at=now
            )
            _tell_therapist_of(request, profile)
    except IntegrityError:  # the same request raced in from another tab
        found = CareRequest.objects.filter(person=person, therapist=profile).first()
        if found is None:
            raise
        return found
    transaction.on_commit(partial(_schedule_promise, request))
    return request


def _tell_therapist_of(request: CareRequest, profile: TherapistProfile) -> None:
    do_notify(
        recipient_id=profile.user_id,
        kind=NotificationKind.CARE,
        text=gettext_lazy(
            "Someone would like to work with you. Please answer by %(due)s (your time)."
        ),
        params={"due": _moment(request.due_at, profile.user)},
        url=reverse("care:inbox"),
    )


def _schedule_promise(request: CareRequest) -> None:
    """Queue the promise's three steps (24 h, 40 h, 48 h). Each runs `do_keep_promise`,
    which checks the clock again, so a step that runs early or twice does nothing extra;
    `care_promises` (the management command) sweeps whatever a backend could not queue."""
    keep: Task = import_string(PROMISE_TASK)
    if not keep.get_backend().supports_defer:
        return
    for after in (REMIND_AFTER, TELL_OPERATORS_AFTER, ANSWER_WITHIN):
        try:
            keep.using(run_after=request.requested_at + after).enqueue(request.pk)
        except Exception:
            logger.exception("care promise step for request %s not queued", request.pk)


def do_withdraw_request(*, request: CareRequest) -> CareRequest:
    """The person takes back a request still waiting for an answer."""
    with transaction.atomic():
        locked = CareRequest.objects.select_for_update().get(pk=request.pk)
        if locked.state != RequestState.REQUESTED:
            raise CareError(_("This request has already been answered."))
        locked.state = RequestState.WITHDRAWN
        locked.save(update_fields=["state"])
    return locked


def do_answer_request(
    *, request: CareRequest, accept: bool, note: str, now: datetime | None = None
) -> CareRequest:
    """The therapist says yes or no, with a note for the person; the person is told.

    Yes opens their messages and the private circle through which the person may share
    entries. Raises CareError once the request is answered or has run out.
    """
    now = now or timezone.now()
    note = note.strip()
    if len(note) > NOTE_LIMIT:
        raise CareError(
            _("Please keep the note under %(limit)d characters.") % {"limit": NOTE_LIMIT}
        )
    with transaction.atomic():
        locked = (
            CareRequest.objects.select_for_update(of=("self",))
            .select_related("therapist__user", "person")
            .get(pk=request.pk)
        )
        if locked.state != RequestState.REQUESTED:
            raise CareError(_("This request has already been answered or has run out."))
        locked.state = RequestState.ACCEPTED if accept else RequestState.DECLINED
        locked.answered_at = now
        locked.note = note
        if accept:
            _open_care(locked)
        locked.save()
        text = (
            gettext_lazy("%(name)s said yes. You can write to each other now.")
            if accept
            else gettext_lazy(
                "%(name)s cannot take you on just now. Other matches are waiting for you."
            )
        )
        do_notify(
            recipient_id=locked.person_id,
            kind=NotificationKind.CARE,
            text=text,
            params={"name": locked.therapist.display_name},
            url=care_url(locked),
        )
    return locked


def _open_care(request: CareRequest) -> None:
    """Open the pair's messages and the person's circle with the therapist (inside the lock)."""
    therapist = request.therapist.user
    conversation = Conversation.objects.create(
        kind=ConversationKind.CARE, newcomers_read_from_join=False
    )
    engine.do_join(conversation_id=conversation.pk, user=request.person)
    engine.do_join(conversation_id=conversation.pk, user=therapist, role=ParticipantRole.THERAPIST)
    request.conversation = conversation
    # Sharing goes through a circle of two, so circles' revocable rules and "who can see
    # this" hold for the therapist exactly as for a friend.
    circle = do_create_named_circle(
        owner=request.person, name=f"With {request.therapist.display_name}"[:80]
    )
    try:
        do_add_member(circle=circle, person=therapist)
    except CirclesError:
        # Asked before the age rule (`do_request_care`): the yes cannot open a circle.
        raise CareError(_("This request can no longer be answered.")) from None
    request.circle = circle


# --- The 48-hour promise ---------------------------------------------------------------------


def operator_ids() -> list[int]:
    return list(
        User.objects.filter(role=Role.OPERATOR, is_active=True).values_list("pk", flat=True)
    )


def do_keep_promise(*, request_id: int, now: datetime | None = None) -> list[str]:
    """Take the steps of the promise that are due for one request; return their names.

    At 24 h the therapist is reminded, at 40 h the operators are told, at 48 h the request
    runs out and the person's next match is asked in its place (and the person told). Each
    step happens once; an answered request needs none.
    """
    now = now or timezone.now()
    done: list[str] = []
    with transaction.atomic():
        # Only the request's row is locked (PostgreSQL refuses FOR UPDATE on the nullable
        # side of the intake's outer join).
        request = (
            CareRequest.objects.select_for_update(of=("self",))
            .select_related("therapist__user", "person", "intake")
            .filter(pk=request_id)
            .first()
        )
        if request is None or request.state != RequestState.REQUESTED:
            return done
        age = now - request.requested_at
        if age >= REMIND_AFTER and request.reminded_at is None:
            request.reminded_at = now
            done.append("reminded")
            if age < ANSWER_WITHIN:
                _remind_therapist(request)
        if age >= TELL_OPERATORS_AFTER and request.operators_told_at is None:
            request.operators_told_at = now
            done.append("operators_told")
            if age < ANSWER_WITHIN:
                _tell_operators(request)
        if age >= ANSWER_WITHIN:
            request.state = RequestState.EXPIRED
            request.next_request = _offer_next(request, now)
            done.append("expired")
        request.save()
    if "expired" in done and request.next_request is not None:
        transaction.on_commit(partial(_schedule_promise, request.next_request))
    return done


def _remind_therapist(request: CareRequest) -> None:
    therapist = request.therapist.user
    do_notify(
        recipient_id=therapist.pk,
        kind=NotificationKind.CARE,
        text=gettext_lazy(
            "A reminder: someone is waiting for your answer. Please answer by %(due)s (your time)."
        ),
        params={"due": _moment(request.due_at, therapist)},
        url=reverse("care:inbox"),
    )


def _tell_operators(request: CareRequest) -> None:
    for operator in User.objects.filter(pk__in=list(operator_ids())):
        do_notify(
            recipient_id=operator.pk,
            kind=NotificationKind.CARE,
            text=gettext_lazy(
                "A care request to %(name)s is unanswered; it runs out at %(due)s (your time)."
            ),
            params={
                "name": request.therapist.display_name,
                "due": _moment(request.due_at, operator),
            },
            url=reverse("care:dashboard"),
        )


def asked_therapists(person: User) -> list[int]:
    return list(
        CareRequest.objects.filter(person=person).values_list("therapist_id", flat=True).distinct()
    )


def _offer_next(request: CareRequest, now: datetime) -> CareRequest | None:
    """Ask the best match the person has not asked yet, from the same intake; tell them."""
    person = request.person
    matches = []
    if request.intake is not None:
        prefs = Preferences.from_dict(request.intake.preferences or {})
        matches = match_therapists(prefs, exclude=asked_therapists(person), limit=1)
    url = reverse("care:index")
    if not matches:
        do_notify(
            recipient_id=person.pk,
            kind=NotificationKind.CARE,
            text=gettext_lazy(
                "%(name)s did not answer in time, and we have no other match for now. "
                "You can change your answers and look again."
            ),
            params={"name": request.therapist.display_name},
            url=url,
        )
        return None
    nxt = CareRequest.objects.create(
        person=person, therapist_id=matches[0].therapist_id, intake=request.intake, requested_at=now
    )
    profile = TherapistProfile.objects.select_related("user").get(pk=nxt.therapist_id)
    _tell_therapist_of(nxt, profile)
    do_notify(
        recipient_id=person.pk,
        kind=NotificationKind.CARE,
        text=gettext_lazy(
            "%(name)s did not answer in time, so we have asked %(next)s for you. "
            "They have until %(due)s."
        ),
        params={
            "name": request.therapist.display_name,
            "next": profile.display_name,
            "due": _moment(nxt.due_at, person),
        },
        url=care_url(nxt),
    )
    return nxt


def do_keep_promises(*, now: datetime | None = None) -> dict[str, int]:
    """Take every due step of every waiting request (the sweep behind the queued steps)."""
    now = now or timezone.now()
    counts: dict[str, int] = {}
    waiting = CareRequest.objects.filter(
        state=RequestState.REQUESTED, requested_at__lte=now - REMIND_AFTER
    ).values_list("pk", flat=True)
    for request_id in list(waiting):
        for step in do_keep_promise(request_id=request_id, now=now):
            counts[step] = counts.get(step, 0) + 1
    return counts


# --- Sharing with the therapist --------------------------------------------------------------


def _check_accepted(request: CareRequest) -> None:
    if request.state != RequestState.ACCEPTED or request.circle_id is None:
        raise CareError(_("You can share once the therapist has said yes."))


def do_share_with_therapist(
    *,
    request: CareRequest,
    entry: Entry,
    words: bool = True,
    feelings: bool = True,
    clip: bool = False,
    client_key: str = "",
) -> Shared:
    """Share one of the person's entries with their therapist, through circles' share rules
    (revocable, shown in "who can see this"). Raises CareError before acceptance, and
    circles' CirclesError for an entry that is not theirs or no part chosen."""
    _check_accepted(request)
    assert request.circle is not None
    return do_share_entry(
        author=request.person,
        entry=entry,
        circles=[request.circle],
        community=False,
        words=words,
        clip=clip,
        feelings=feelings,
        client_key=client_key,
    )


def do_revoke_therapist_share(*, share: Share) -> None:
    """Take a share back from the therapist: circles' revocation, gone from their page at once."""
    do_revoke_share(share=share)


def do_set_self_check_sharing(*, request: CareRequest, shared: bool) -> CareRequest:
    """Let the therapist see the person's self-check trend (or stop, at once)."""
    _check_accepted(request)
    request.share_self_checks = shared
    request.save(update_fields=["share_self_checks"])
    return request


# --- Messages --------------------------------------------------------------------------------


def do_send_care_message(
    *, request: CareRequest, author: User, body: str, client_key: str = ""
) -> tuple[Message, Screening | None]:
    """Send a message to the other side on the engine (screened; help for its writer, and the
    other side told). Raises CareError before acceptance or for anyone else."""
    if request.conversation_id is None:
        raise CareError(_("Messages open once the therapist has said yes."))
    return engine.do_send(
        conversation_id=request.conversation_id,
        author=author,
        body=body,
        client_key=client_key,
        policy=CareChat(request),
    )
