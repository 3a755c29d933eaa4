"""Reads of "someone now": a request's honest status, a chat's history, a listener's chats."""

from datetime import datetime, timedelta
from statistics import median
from typing import Any

from django.db.models import Aggregate, Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tearspace.accounts.models import User
from tearspace.conversations.models import Conversation
from tearspace.conversations.policy import ChatPolicy
from tearspace.conversations.selectors import HISTORY_LIMIT, ChatPage, page_after, reader_floor
from tearspace.support.chat import GroupChat, ListenerChat
from tearspace.support.models import (
    KindNote,
    ListenerProfile,
    Match,
    RequestState,
    SupportGroup,
    SupportRequest,
)

# After this long without a listener the waiting page offers other choices.
CHOICES_AFTER = timedelta(minutes=1)
# The wait estimate reads the latest matches of the person's age band within this window...
ESTIMATE_WINDOW = timedelta(hours=24)
ESTIMATE_SAMPLE = 20
# ...and says it cannot tell with fewer than this many (an estimate from one chat misleads).
ESTIMATE_MIN_SAMPLE = 3


def latest_request(seeker: User) -> SupportRequest | None:
    """The person's most recent request, if any. Read through `seeker`, so the request's
    `seeker` is that same object: the status reads its age band with no query of its own."""
    return seeker.support_requests.order_by("-requested_at", "-pk").first()


def queue_position(request: SupportRequest) -> int:
    """1 for the first in line; counts waiting requests asked before this one in the same age
    band (only those are matched with the same listeners, and the other band's line is not
    this person's business)."""
    earlier = SupportRequest.objects.filter(
        state=RequestState.WAITING, seeker__age_band=request.seeker.age_band
    ).filter(
        Q(requested_at__lt=request.requested_at)
        | Q(requested_at=request.requested_at, pk__lt=request.pk)
    )
    return earlier.count() + 1


def wait_estimate(age_band: str, *, now: datetime | None = None) -> int | None:
    """The median time to match, in whole seconds, of the latest matches (up to ESTIMATE_SAMPLE,
    within ESTIMATE_WINDOW) of people in `age_band` who asked to talk now; None when fewer
    than ESTIMATE_MIN_SAMPLE were matched, so nobody is promised a wait nobody measured."""
    moment = now or timezone.now()
    times = list(
        SupportRequest.objects.filter(
            state=RequestState.MATCHED,
            later=False,
            seeker__age_band=age_band,
            matched_at__gte=moment - ESTIMATE_WINDOW,
            matched_at__lte=moment,
        )
        .order_by("-matched_at")
        .values_list("requested_at", "matched_at")[:ESTIMATE_SAMPLE]
    )
    if len(times) < ESTIMATE_MIN_SAMPLE:
        return None
    waits = [max(0.0, (matched - asked).total_seconds()) for asked, matched in times if matched]
    return round(median(waits))


def estimate_text(seconds: int | None) -> str:
    """The estimate in plain words for the waiting page."""
    if seconds is None:
        return _("We can't say how long yet: too few chats lately to tell.")
    if seconds < 60:
        return _("Lately people have waited under a minute.")
    minutes = round(seconds / 60)
    return ngettext(
        "Lately people have waited about %(minutes)d minute.",
        "Lately people have waited about %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def request_status(request: SupportRequest, *, now: datetime | None = None) -> dict[str, object]:
    """What the waiting page shows: {id, state, position, waited_seconds, choices, later, url,
    estimate_seconds, estimate, show_help}.

    `show_help`: the first line worried screening, so help is offered from the start.

    `choices` turns true once the person has waited CHOICES_AFTER (open rooms, a message for
    later, crisis lines). `url` is the chat once matched, the crisis page in a crisis. While
    waiting, `estimate_seconds` is the recent median time to match of their age band (None:
    unknown) and `estimate` says it in words.
    """
    moment = now or timezone.now()
    waited = max(0.0, (moment - request.requested_at).total_seconds())
    status: dict[str, object] = {
        "id": request.pk,
        "state": request.state,
        "position": None,
        "waited_seconds": round(waited),
        "choices": False,
        "later": request.later,
        "url": None,
        "estimate_seconds": None,
        "estimate": "",
        "show_help": request.worried,
    }
    if request.state == RequestState.WAITING:
        status["position"] = queue_position(request)
        status["choices"] = waited >= CHOICES_AFTER.total_seconds()
        estimate = wait_estimate(request.seeker.age_band, now=moment)
        status["estimate_seconds"], status["estimate"] = estimate, estimate_text(estimate)
    elif request.state == RequestState.MATCHED:
        match = Match.objects.filter(request=request).first()
        status["url"] = chat_url(match) if match else None
    elif request.state == RequestState.CRISIS:
        status["url"] = reverse("support:crisis")
    return status


def chat_url(match: Match) -> str:
    """The page of a match: its one-to-one chat, or the group it is a place in."""
    if match.group_id is not None:
        return reverse("support:group", args=[match.group_id])
    return reverse("support:chat", args=[match.pk])


def group_page(
    *, group: SupportGroup, reader: User, after: int = 0, limit: int = HISTORY_LIMIT
) -> ChatPage:
    """The group's chat after `after` as `reader` may read it (from when they joined)."""
    return _page(group.conversation, GroupChat(group), reader=reader, after=after, limit=limit)


def group_present(group: SupportGroup) -> list[str]:
    """The pseudonyms of the seekers in the group now, in the order they came."""
    return list(
        Match.objects.filter(group=group, active=True)
        .order_by("started_at", "pk")
        .values_list("seeker_pseudonym", flat=True)
    )


def group_worried(group: SupportGroup) -> bool:
    """Whether the first line of a seeker in the group now worried screening (its listener is
    asked to offer a line, as when words in the group do)."""
    return Match.objects.filter(group=group, active=True).exclude(request__worry="").exists()


def groups_of(listener: User) -> QuerySet[SupportGroup]:
    """The small groups a listener held, newest first."""
    return SupportGroup.objects.filter(listener=listener)


def chat_page(
    *, match: Match, reader: User, after: int = 0, limit: int = HISTORY_LIMIT
) -> ChatPage:
    """The chat after `after` as `reader` (its seeker or listener) may read it."""
    return _page(match.conversation, ListenerChat(match), reader=reader, after=after, limit=limit)


def whole_chat(*, match: Match, reader: User) -> list[dict[str, object]]:
    """Every message of the chat `reader` may read, as its pages show them (for an export)."""
    return _all_pages(match.conversation, ListenerChat(match), reader=reader)


def whole_group(*, group: SupportGroup, reader: User) -> list[dict[str, object]]:
    """Every message of the group `reader` may read, as its pages show them (for an export)."""
    return _all_pages(group.conversation, GroupChat(group), reader=reader)


def _all_pages(
    conversation: Conversation, policy: ChatPolicy, *, reader: User
) -> list[dict[str, object]]:
    messages: list[dict[str, object]] = []
    after = 0
    while (
        page := _page(conversation, policy, reader=reader, after=after, limit=HISTORY_LIMIT)
    ).last:
        messages += page.messages
        after = page.last
    return messages


def _page(
    conversation: Conversation, policy: ChatPolicy, *, reader: User, after: int, limit: int
) -> ChatPage:
    return page_after(
        conversation_id=conversation.pk,
        after=after,
        floor=reader_floor(conversation=conversation, user_id=reader.pk),
        policy=policy,
        limit=limit,
    )


def chats_of(user: User) -> QuerySet[Match]:
    """The one-to-one chats a person took part in (either side), and the groups they sat in as
    a seeker, newest first (a listener's groups are `groups_of`)."""
    return Match.objects.select_related("listener", "request").filter(
        Q(seeker=user) | Q(listener=user, group__isnull=True)
    )


def listener_profile_of(user: User) -> ListenerProfile | None:
    return ListenerProfile.objects.filter(user=user).first()


def listener_activity() -> QuerySet[ListenerProfile]:
    """Every listener, for moderators: availability, load, pauses, chats and groups so far and
    contact details held back in them (`chats`, `held_back`; never chat words)."""
    one_to_one = Match.objects.filter(listener=OuterRef("user_id"), group__isnull=True)
    groups = SupportGroup.objects.filter(listener=OuterRef("user_id"))
    return (
        ListenerProfile.objects.select_related("user")
        .annotate(
            chats=_total(one_to_one, Count("pk")) + _total(groups, Count("pk")),
            held_back=_total(one_to_one, Sum("held_back")) + _total(groups, Sum("held_back")),
        )
        .order_by("user__username")
    )


NOTES_SHOWN = 50  # the newest kind notes on a listener's page; the rest are counted


def kind_notes_for(listener: User) -> tuple[list[KindNote], int]:
    """The newest NOTES_SHOWN kind notes people left this listener (their words, no names),
    newest first, and how many they have in all (for badges and "N earlier notes")."""
    notes = KindNote.objects.filter(listener=listener)
    return list(notes[:NOTES_SHOWN]), notes.count()


# Badges come from the orientation and kind notes, never from how many chats someone had.
THANKED_BADGES = (
    (25, gettext_lazy("Thanked 25 times")),
    (5, gettext_lazy("Thanked 5 times")),
    (1, gettext_lazy("Thanked")),
)


def badges_of(profile: ListenerProfile, *, thanked: int) -> list[str]:
    """A listener's badges: "Oriented" once the orientation is done, and the highest "Thanked"
    step their `thanked` kind notes reach."""
    badges = [_("Oriented")] if profile.orientation_completed_at else []
    reached = next((str(name) for step, name in THANKED_BADGES if thanked >= step), None)
    return [*badges, reached] if reached else badges


def after_chat(*, match: Match, viewer: User) -> dict[str, object]:
    """What the chat page offers once the chat has ended, as `viewer` (its seeker or listener)
    may see it: {relief, in_journal, note, invitation, invited_me, on_break}.

    The relief answer and the note are the seeker's: the listener gets neither here (they read
    their notes on their listening page). `invitation` is the stay-in-touch invitation as the
    viewer may see it (a "not now" looks pending to the one who asked).
    """
    seeker = viewer.pk == match.seeker_id
    invitation = match.circle_invitation
    note = KindNote.objects.filter(match=match).values_list("body", flat=True).first()
    on_break = (
        not seeker
        and ListenerProfile.objects.filter(user=viewer, break_offered_at__isnull=False).exists()
    )
    return {
        "relief": match.relief if seeker else "",
        "in_journal": seeker and match.journal_entry_id is not None,
        "note": (note or "") if seeker else "",
        "invitation": invitation.to_dict(viewer_id=viewer.pk) if invitation else None,
        "invited_me": invitation is not None and invitation.invitee_id == viewer.pk,
        "on_break": on_break,
    }


def _total(rows: QuerySet[Any], aggregate: Aggregate) -> Coalesce:
    """`aggregate` over `rows` (correlated to the outer row) as a subquery; 0 when none."""
    summed = rows.order_by().values("listener").annotate(total=aggregate).values("total")
    return Coalesce(Subquery(summed), 0)
