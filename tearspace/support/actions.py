"""Every write of "someone now": asking for a listener, matching, the listener's side, and the
chat's own actions on the conversation engine.

Rules kept here (docs/support.md): the first line is crisis-screened before anything else and
an imminent-risk person goes straight to crisis resources and a moderator, never queued;
adults and people under 18 are never matched; people with a block between them are never
matched; a listener a seeker reported leaves the pool until a moderator decides; nobody is in
two active matches (the database refuses it too). Events leave through the outbox after commit.
"""

import secrets
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tearspace.accounts.models import AgeBand, User
from tearspace.accounts.selectors import blocked_ids
from tearspace.conversations import actions as engine
from tearspace.conversations.models import Conversation, Message, Participant, ParticipantRole
from tearspace.conversations.models import Kind as ConversationKind
from tearspace.lib.limits import over_limit_for
from tearspace.notifications.actions import do_notify, render_for
from tearspace.notifications.models import Notification, NotificationKind
from tearspace.safety.models import OPEN_STATUSES, CrisisLevel, Report
from tearspace.safety.screening import Screening, screen_text
from tearspace.support.after_actions import offer_break_if_hard
from tearspace.support.chat import GroupChat, ListenerChat, SupportError
from tearspace.support.contacts import HELD_BACK, HELD_BACK_IN_GROUP, has_contact_details
from tearspace.support.events import to_people
from tearspace.support.models import (
    FIRST_LINE_LIMIT,
    GROUP_SEEKERS,
    MAX_CHATS_LIMIT,
    Format,
    ListenerProfile,
    Match,
    RequestState,
    SupportGroup,
    SupportRequest,
)
from tearspace.support.topics import NEAREST_AT_LEAST, LineTopic, line_topic

ASK_AGE = gettext_lazy(
    "Before we find someone, please tell us your age band (it keeps matches safe)."
)
ADJECTIVES = ("Quiet", "Gentle", "Warm", "Soft", "Calm", "Kind", "Steady", "Bright", "Still")
NOUNS = ("Willow", "River", "Harbour", "Meadow", "Lantern", "Sparrow", "Cloud", "Fern", "Tide")


def pseudonym(taken: frozenset[str] = frozenset()) -> str:
    """A fresh name for a seeker in one chat (the listener never learns their handle), unlike
    any of `taken` (the other names in a group)."""
    for _attempt in range(20):
        if (name := f"{secrets.choice(ADJECTIVES)} {secrets.choice(NOUNS)}") not in taken:
            return name
    return f"{name} {len(taken) + 1}"


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


# --- Asking for a listener -------------------------------------------------------------------


def do_request_support(
    *,
    seeker: User,
    first_line: str,
    language: str = "",
    format: str = Format.ONE_TO_ONE,
    now: datetime | None = None,
) -> tuple[SupportRequest, Screening | None]:
    """Ask for a listener now with one line; match at once if someone compatible is free.

    `format` is "one" (one listener, one to one) or "group" (a small group on a similar topic:
    see `_place_in_group`).

    Returns the request (state `waiting`, `matched` or `crisis`) and the screening of the
    first line (None when an earlier request or chat was returned instead: asking is once by
    nature while one is open). Imminent risk (screening level `urgent`) is never queued: the
    request ends in `crisis` (the page shows crisis lines at once) and screening has already put
    the person in front of moderators. Raises SupportError for an empty or overlong line, a
    missing age band (409), an unknown format, too many requests (429), or a line short of
    imminent risk that holds contact details (422: the listener would read it).
    """
    first_line = first_line.strip()
    if format not in Format.values:
        raise SupportError(_("Choose one to one or a small group."))
    if not first_line:
        raise SupportError(_("Write a few words first — anything is fine."))
    if len(first_line) > FIRST_LINE_LIMIT:
        raise SupportError(
            _("Please keep it under %(limit)d characters.") % {"limit": FIRST_LINE_LIMIT}
        )
    if not seeker.age_band:
        raise SupportError(ASK_AGE, status=409)
    if (open_request := _open_request(seeker)) is not None:
        return open_request, None
    if over_limit_for(seeker.pk, "support"):
        raise SupportError(_("That was a lot of requests. Please wait a little."), status=429)
    moment = _now(now)
    try:
        with transaction.atomic():
            request = SupportRequest.objects.create(
                seeker=seeker,
                first_line=first_line,
                language=language,
                format=format,
                topic=line_topic(first_line).topic if format == Format.GROUP else "",
                requested_at=moment,
            )
            # Screened FIRST, before any queue: the words stay private (not shown to moderators).
            screening = screen_text(
                author=seeker, text=first_line, kind="support_request", obj=request
            )
            if screening.level == CrisisLevel.URGENT:
                request.state = RequestState.CRISIS
                request.save(update_fields=["state"])
                return request, screening
            # The listener reads the first line: held back as a chat message would be. After
            # the crisis check, so that imminent risk is never turned away; nothing is kept.
            if has_contact_details(first_line):
                raise SupportError(HELD_BACK, status=422)
            if screening.show_help:
                request.worry = screening.level
                request.save(update_fields=["worry"])
            _match_any(request, now=moment)
    except IntegrityError:
        # Another tab asked at the same moment: theirs stands (one waiting request per person).
        if (open_request := _open_request(seeker)) is None:
            raise
        return open_request, None
    return request, screening


def _open_request(seeker: User) -> SupportRequest | None:
    """The person's waiting request, or the request of their active chat, if any."""
    return (
        SupportRequest.objects.filter(seeker=seeker)
        .filter(Q(state=RequestState.WAITING) | Q(state=RequestState.MATCHED, match__active=True))
        .first()
    )


def do_cancel_request(*, seeker: User) -> bool:
    """Stop waiting for a listener; return whether a waiting request was cancelled."""
    updated = SupportRequest.objects.filter(seeker=seeker, state=RequestState.WAITING).update(
        state=RequestState.CANCELLED
    )
    return updated > 0


def do_wait_later(*, seeker: User) -> bool:
    """Keep the waiting request as a message for a listener to answer later (no time limit);
    return whether there was one."""
    return (
        SupportRequest.objects.filter(seeker=seeker, state=RequestState.WAITING).update(later=True)
        > 0
    )


def do_match(*, request_id: int, now: datetime | None = None) -> Match | None:
    """Match one waiting request with a free compatible listener, if there is one now.

    Safe to call from anywhere at any time (the waiting page's status, a listener going
    available): a request already matched, cancelled or being matched elsewhere is left alone.
    """
    with transaction.atomic():
        request = (
            SupportRequest.objects.select_for_update(skip_locked=True)
            .filter(pk=request_id, state=RequestState.WAITING)
            .first()
        )
        if request is None:
            return None
        return _match_any(request, now=_now(now))


def _match_any(request: SupportRequest, *, now: datetime) -> Match | None:
    """Match a locked waiting request as it asked: one to one, or a place in a small group."""
    if request.format == Format.GROUP:
        return _place_in_group(request, now=now)
    return _match_request(request, now=now)


SLOW_PATH_ATTEMPTS = 20
# pg_advisory_xact_lock keys: one per age band, for the slow path of matching (below).
MATCH_LOCK_KEYS: dict[str, int] = {AgeBand.ADULT: 0x5EEC_0001, AgeBand.MINOR: 0x5EEC_0002}


def _free_listener(
    seeker: User, language: str, *, also_not: int | None = None, for_group: bool = False
) -> ListenerProfile | None:
    """Lock and return the fairest free compatible listener, or None when nobody has room.

    Fast path: rows another transaction is matching are skipped, never waited for, so
    simultaneous requests do not queue behind one lock (and cannot deadlock: nothing waits).
    Slow path, when every candidate is locked: the other transaction may leave one with room
    (a cap of two or more), and nobody may be left waiting while a compatible listener is
    free, so wait for them. A locked scan keeps the locks of rows it passed over, in an order
    that changes as listeners are matched; one transaction per age band takes the slow path at
    a time (an advisory lock on PostgreSQL; SQLite serialises every writer anyway), so two
    waiting scans never hold what the other waits for.
    """
    # Read once: the slow path below may scan again and again.
    avoid = {seeker.pk, *blocked_ids(seeker), *([also_not] if also_not else [])}
    found = _candidates(seeker, language, avoid=avoid, skip_locked=True, for_group=for_group)
    if found:
        return found[0]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [MATCH_LOCK_KEYS[seeker.age_band]])
    for _attempt in range(SLOW_PATH_ATTEMPTS):
        if not _candidates(seeker, language, avoid=avoid, lock=False, for_group=for_group):
            return None
        found = _candidates(seeker, language, avoid=avoid, skip_locked=False, for_group=for_group)
        if found:
            return found[0]
    return None


def _candidates(
    seeker: User,
    language: str,
    *,
    avoid: set[int],
    skip_locked: bool = True,
    lock: bool = True,
    for_group: bool = False,
) -> list[ListenerProfile]:
    """The fairest compatible listener with room (one at most), locked unless `lock` is off;
    never one of `avoid` (the seeker, people with a block between them and the seeker, the
    listener handing a chat over); for a new small group (`for_group`), only one who takes
    groups.

    Fair: whoever has waited longest since their last match goes first; a listener who speaks
    the seeker's chosen language before one who does not.
    """
    busy_seeking = Match.objects.filter(seeker=OuterRef("user_id"), active=True)
    # One subquery for both conditions: excluding on the relation with two lookups would make
    # two separate EXISTS (any active match, and any match with this seeker ever), which left a
    # returning seeker waiting beside their earlier listener's free place.
    already_with_seeker = Match.objects.filter(
        listener=OuterRef("user_id"), seeker=seeker, active=True
    )
    rows = ListenerProfile.objects.all()
    if lock:
        rows = rows.select_for_update(skip_locked=skip_locked, of=("self",))
    free = (
        rows.filter(
            available=True,
            paused_by_moderator=False,
            active_chats__lt=F("max_chats"),
            user__is_active=True,
            user__age_band=seeker.age_band,
        )
        .exclude(user_id__in=avoid)
        .exclude(Exists(busy_seeking))
        .exclude(Exists(already_with_seeker))
    )
    if for_group:
        free = free.filter(takes_groups=True)
    order: list[str | Combinable] = [F("last_matched_at").asc(nulls_first=True), "id"]
    if language:
        speaks = Case(
            When(user__language=language, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        order.insert(0, speaks)
    return list(free.order_by(*order)[:1])


def _busy(person: User) -> bool:
    """Listening now, or already in a chat or a group: nobody is in two."""
    return (
        Match.objects.filter(Q(seeker=person) | Q(listener=person), active=True).exists()
        or SupportGroup.objects.filter(listener=person, active=True).exists()
    )


def _take_place(profile: ListenerProfile, *, now: datetime) -> int:
    """Take a free place (slot) of a locked listener with room; return its number."""
    taken = set(
        Match.objects.filter(
            listener_id=profile.user_id, active=True, group__isnull=True
        ).values_list("slot", flat=True)
    ) | set(
        SupportGroup.objects.filter(listener_id=profile.user_id, active=True).values_list(
            "slot", flat=True
        )
    )
    ListenerProfile.objects.filter(pk=profile.pk).update(
        active_chats=F("active_chats") + 1, last_matched_at=now
    )
    return min(set(range(1, profile.max_chats + 1)) - taken)


def _match_request(request: SupportRequest, *, now: datetime) -> Match | None:
    """Put a locked waiting request in a chat with a free listener. Call inside atomic."""
    seeker = request.seeker
    if _busy(seeker):
        return None
    profile = _free_listener(seeker, request.language)
    if profile is None:
        return None
    slot = _take_place(profile, now=now)
    conversation = Conversation.objects.create(kind=ConversationKind.LISTENER)
    match = Match.objects.create(
        request=request,
        seeker=seeker,
        listener_id=profile.user_id,
        conversation=conversation,
        slot=slot,
        seeker_pseudonym=pseudonym(),
        started_at=now,
        hard=request.worried,
    )
    engine.do_join(conversation_id=conversation.pk, user=seeker)
    engine.do_join(
        conversation_id=conversation.pk, user=profile.user, role=ParticipantRole.LISTENER
    )
    request.state, request.matched_at = RequestState.MATCHED, now
    request.save(update_fields=["state", "matched_at"])
    url = reverse("support:chat", args=[match.pk])
    event = {"type": "support_match", "op": "matched", "match": match.pk, "url": url}
    to_people([seeker.pk, profile.user_id], event)
    return match


def do_match_waiting(*, listener: User, now: datetime | None = None) -> list[Match]:
    """Give a listener with room the longest-waiting compatible requests; return the matches.

    Called when a listener goes available, a chat or group of theirs ends, or someone leaves
    one of their groups. A place may hold a group, so it goes on while people are placed: those
    waiting on one topic all join the group the first of them starts.
    """
    made: list[Match] = []
    profile = ListenerProfile.objects.filter(user=listener).first()
    if profile is None:
        return made
    for _attempt in range(profile.max_chats * GROUP_SEEKERS):
        waiting = (
            SupportRequest.objects.filter(
                state=RequestState.WAITING, seeker__age_band=listener.age_band
            )
            .exclude(seeker_id__in={listener.pk, *blocked_ids(listener)})
            .values_list("pk", flat=True)
            .order_by("requested_at", "pk")[:5]
        )
        matched = None
        for request_id in waiting:
            matched = do_match(request_id=request_id, now=now)
            if matched is not None:
                made.append(matched)
                break
        if matched is None:
            break
    return made


# --- Small groups -----------------------------------------------------------------------------


def _place_in_group(request: SupportRequest, *, now: datetime) -> Match | None:
    """Give a locked waiting group request a place in a small group. Call inside atomic.

    In order: the oldest open group of the line's own topic; else a new group with a free
    listener; else the open group nearest the line by the models' scores (at least
    NEAREST_AT_LEAST). Open groups: active, the seeker's age band, fewer than GROUP_SEEKERS
    seekers, the listener not paused, and nobody in it with a block between them and the
    seeker. Someone whose words in a group were reported is matched one to one instead until a
    moderator decides.
    """
    seeker = request.seeker
    if _busy(seeker):
        return None
    if _reported_in_a_group(seeker):
        return _match_request(request, now=now)
    open_groups = _open_groups(seeker)
    group = _lock_first(open_groups.filter(topic=request.topic))
    if group is None:
        group = _new_group(request, now=now)
    if group is None:
        group = _nearest_group(open_groups, line_topic(request.first_line))
    if group is None:
        return None
    return _seat(group, request, now=now)


def _open_groups(seeker: User) -> QuerySet[SupportGroup]:
    """Groups `seeker` may join now (not locked), oldest first."""
    avoid = {seeker.pk, *blocked_ids(seeker)}
    someone_avoided = Match.objects.filter(group=OuterRef("pk"), active=True, seeker_id__in=avoid)
    # Never back into a group they left: a new pseudonym beside their earlier words there
    # would tie the two together for the others.
    sat_here_before = Match.objects.filter(group=OuterRef("pk"), seeker=seeker)
    return (
        SupportGroup.objects.filter(
            active=True,
            age_band=seeker.age_band,
            seekers__lt=GROUP_SEEKERS,
            listener__is_active=True,
            listener__listener_profile__paused_by_moderator=False,
            listener__listener_profile__takes_groups=True,
        )
        .exclude(listener_id__in=avoid)
        .exclude(Exists(someone_avoided))
        .exclude(Exists(sat_here_before))
        .order_by("started_at", "pk")
    )


def _lock_first(groups: QuerySet[SupportGroup]) -> SupportGroup | None:
    """Lock and return the first of `groups` nobody else is joining right now."""
    return groups.select_for_update(skip_locked=True, of=("self",)).first()


def _nearest_group(open_groups: QuerySet[SupportGroup], line: LineTopic) -> SupportGroup | None:
    """Lock the open group whose topic is nearest `line` (NEAREST_AT_LEAST or more)."""
    topics = set(open_groups.values_list("topic", flat=True))
    near = [t for t in topics if line.nearness(t) >= NEAREST_AT_LEAST]
    for topic in sorted(near, key=lambda t: (-line.nearness(t), t)):
        if (group := _lock_first(open_groups.filter(topic=topic))) is not None:
            return group
    return None


def _new_group(request: SupportRequest, *, now: datetime) -> SupportGroup | None:
    """Start a group on the request's topic with a free listener, if one is free now."""
    seeker = request.seeker
    profile = _free_listener(seeker, request.language, for_group=True)
    if profile is None:
        return None
    slot = _take_place(profile, now=now)
    conversation = Conversation.objects.create(kind=ConversationKind.SUPPORT_GROUP)
    engine.do_join(
        conversation_id=conversation.pk, user=profile.user, role=ParticipantRole.LISTENER
    )
    return SupportGroup.objects.create(
        listener_id=profile.user_id,
        conversation=conversation,
        topic=request.topic,
        age_band=seeker.age_band,
        slot=slot,
        started_at=now,
    )


def _seat(group: SupportGroup, request: SupportRequest, *, now: datetime) -> Match:
    """Seat a locked waiting request in a locked open group; tell everyone in it."""
    seeker = request.seeker
    names = frozenset(Match.objects.filter(group=group).values_list("seeker_pseudonym", flat=True))
    seat = Match.objects.create(
        request=request,
        seeker=seeker,
        listener_id=group.listener_id,
        conversation_id=group.conversation_id,
        group=group,
        slot=group.slot,
        seeker_pseudonym=pseudonym(names),
        started_at=now,
        hard=request.worried,
    )
    engine.do_join(conversation_id=group.conversation_id, user=seeker)
    # A seat whose first line worried screening makes the group a hard one too.
    joined_with: dict[str, Any] = {"seekers": F("seekers") + 1}
    if request.worried:
        joined_with["hard"] = True
    SupportGroup.objects.filter(pk=group.pk).update(**joined_with)
    request.state, request.matched_at = RequestState.MATCHED, now
    request.save(update_fields=["state", "matched_at"])
    url = reverse("support:group", args=[group.pk])
    # The first seeker's arrival is the listener's new chat too (their page opens it).
    first = [group.listener_id] if group.seekers == 0 else []
    matched = {"type": "support_match", "op": "matched", "match": seat.pk, "url": url}
    to_people([seeker.pk, *first], matched)
    joined = {
        "type": "support_group",
        "op": "joined",
        "group": group.pk,
        "name": seat.seeker_pseudonym,
        "seekers": group.seekers + 1,
    }
    to_people(GroupChat(group).members(), joined)
    if request.worried:  # as if they had written it in the group (GroupChat.help_and_alert)
        alert = {
            "type": "support_group_alert",
            "group": group.pk,
            "level": request.worry,
            "name": seat.seeker_pseudonym,
        }
        to_people([group.listener_id], alert)
    return seat


def _reported_in_a_group(seeker: User) -> bool:
    """Whether a report of the person's words in a group waits for a moderator."""
    their_words = (
        Message.objects.filter(author=seeker, conversation__kind=ConversationKind.SUPPORT_GROUP)
        .annotate(key=Cast("pk", CharField()))
        .values("key")
    )
    return Report.objects.filter(
        subject=seeker,
        status__in=OPEN_STATUSES,
        content_type=ContentType.objects.get_for_model(Message),
        object_id__in=their_words,
    ).exists()


def do_leave_group(*, seat: Match, now: datetime | None = None) -> bool:
    """A seeker leaves their group (the rest carry on); return whether they left now.

    Everyone in it, the leaver too, hears who left. The leaver no longer reads the group. When
    the last seeker leaves, the group ends and the listener's place is free again.
    """
    if seat.group_id is None:
        raise SupportError(_("That is a one-to-one chat; end it instead."))
    moment = _now(now)
    with transaction.atomic():
        group = (
            SupportGroup.objects.select_for_update()
            .select_related("listener")
            .get(pk=seat.group_id)
        )
        left = Match.objects.filter(pk=seat.pk, active=True).update(
            active=False, left_group=True, ended_at=moment
        )
        if not left:
            return False
        SupportGroup.objects.filter(pk=group.pk).update(seekers=F("seekers") - 1)
        group.seekers -= 1
        event = {
            "type": "support_group",
            "op": "left",
            "group": group.pk,
            "name": seat.seeker_pseudonym,
            "seekers": group.seekers,
        }
        to_people([*GroupChat(group).members(), seat.seeker_id], event)
    if group.seekers == 0:
        do_end_group(group=group, by="empty", now=moment)
    else:
        do_match_waiting(listener=group.listener, now=now)
    _free_to_listen(seat.seeker, now=now)
    return True


def do_end_group(*, group: SupportGroup, by: str, now: datetime | None = None) -> bool:
    """End a small group; return whether it ended now.

    `by`: "listener", "block", "moderator" or "empty" (its last seeker left). Everyone in it is
    told; the seekers in it at the end can still read it; the listener's place is free again
    and goes to the next person waiting, unless the group was a hard one: then the listener is
    offered a break instead (`offer_break_if_hard`, as after a one-to-one chat).
    """
    moment = _now(now)
    with transaction.atomic():
        profile = (
            ListenerProfile.objects.select_for_update().filter(user_id=group.listener_id).first()
        )
        ended = SupportGroup.objects.filter(pk=group.pk, active=True).update(
            active=False, ended_at=moment
        )
        if not ended:
            return False
        members = GroupChat(group).members()
        Match.objects.filter(group=group, active=True).update(active=False, ended_at=moment)
        if profile is not None and profile.active_chats > 0:
            ListenerProfile.objects.filter(pk=profile.pk).update(active_chats=F("active_chats") - 1)
        event = {"type": "support_group", "op": "ended", "group": group.pk, "by": by}
        to_people(members, event)
        on_break = offer_break_if_hard(chat=group, ended_at=moment)
    group.active = False
    if not on_break:
        do_match_waiting(listener=group.listener, now=now)
    return True


def do_send_group_message(
    *, group: SupportGroup, author: User, body: str, client_key: str = ""
) -> tuple[Message, Screening | None]:
    """Send words to a small group through the engine, holding back contact details as a
    one-to-one chat does (SupportError 422 with the warm explanation; counted for moderators)."""
    policy = GroupChat(group)
    # Length first: the contact check reads the words, so it only ever reads a message's worth.
    body, client_key = engine.clean_message(body, client_key, policy=policy)
    if has_contact_details(body) and author.pk in policy.members():
        SupportGroup.objects.filter(pk=group.pk).update(held_back=F("held_back") + 1)
        raise SupportError(HELD_BACK_IN_GROUP, status=422)
    return engine.do_send(
        conversation_id=group.conversation_id,
        author=author,
        body=body,
        client_key=client_key,
        policy=policy,
    )


def do_group_typing(*, group: SupportGroup, user: User) -> bool:
    """Tell the others in an active group that `user` is typing; return whether it went."""
    policy = GroupChat(group)
    if not group.active or user.pk not in policy.members():
        return False
    event = {"type": "support_group_typing", "group": group.pk, "user": policy.author_name(user.pk)}
    return engine.do_send_typing(
        conversation_id=group.conversation_id, user=user, event=event, policy=policy
    )


def do_report_in_group(
    *, reporter: User, group: SupportGroup, message: Message, reason: str, details: str = ""
) -> Report:
    """Report someone else's words in the group. A seeker's report of the listener takes the
    listener out of the pool (their groups take nobody new); a reported seeker is not placed in
    groups; both until a moderator decides."""
    if message.conversation_id != group.conversation_id or message.author_id == reporter.pk:
        raise SupportError(_("You can report other people's messages here."))
    report, _screening = engine.do_report_message(
        reporter=reporter, message=message, reason=reason, details=details, policy=GroupChat(group)
    )
    if reporter.pk != group.listener_id and message.author_id == group.listener_id:
        do_pause_listener(listener_id=group.listener_id)
    return report


# --- Listeners --------------------------------------------------------------------------------


def do_volunteer(*, user: User, now: datetime | None = None) -> ListenerProfile:
    """Offer to listen (once by nature: a second call returns the same profile)."""
    profile, _created = ListenerProfile.objects.get_or_create(
        user=user, defaults={"volunteered_at": _now(now)}
    )
    return profile


def do_accept_conduct(*, user: User, now: datetime | None = None) -> ListenerProfile:
    """Record that the listener accepted the code of conduct (the first time counts)."""
    profile = do_volunteer(user=user, now=now)
    if profile.conduct_accepted_at is None:
        profile.conduct_accepted_at = _now(now)
        profile.save(update_fields=["conduct_accepted_at"])
    return profile


def do_complete_orientation(*, user: User, now: datetime | None = None) -> ListenerProfile:
    """Record the orientation as done; the code of conduct must be accepted first."""
    profile = do_volunteer(user=user, now=now)
    if profile.conduct_accepted_at is None:
        raise SupportError(_("Please read and accept the code of conduct first."))
    if profile.orientation_completed_at is None:
        profile.orientation_completed_at = _now(now)
        profile.save(update_fields=["orientation_completed_at"])
    return profile


def do_set_availability(
    *,
    user: User,
    available: bool,
    max_chats: int | None = None,
    takes_groups: bool | None = None,
    now: datetime | None = None,
) -> ListenerProfile:
    """Go available (and take waiting people at once) or step away; `takes_groups` (None: as
    it was) says whether they hold small groups too. Opting out ends no group: the ones they
    hold carry on, and nobody new is seated in them.

    Raises SupportError when the listener has not finished orientation, has no age band, is
    paused by a moderator, or asks for a cap outside 1..MAX_CHATS_LIMIT.
    """
    profile = ListenerProfile.objects.filter(user=user).first()
    if profile is None or not profile.ready:
        raise SupportError(_("Finish the code of conduct and orientation first."), status=403)
    if available and not user.age_band:
        raise SupportError(ASK_AGE, status=409)
    if available and profile.paused_by_moderator:
        raise SupportError(_("A moderator has paused your listening for now."), status=403)
    if max_chats is not None:
        if not 1 <= max_chats <= MAX_CHATS_LIMIT:
            raise SupportError(
                _("Choose between 1 and %(limit)d chats at once.") % {"limit": MAX_CHATS_LIMIT}
            )
        if max_chats < profile.active_chats:
            raise SupportError(_("End a chat first, then lower your cap."))
        profile.max_chats = max_chats
    if takes_groups is not None:
        profile.takes_groups = takes_groups
    profile.available = available
    if available:
        profile.break_offered_at = None  # back from a break, with one tap
    profile.save(update_fields=["available", "max_chats", "takes_groups", "break_offered_at"])
    if available and do_match_waiting(listener=user, now=now):
        profile.refresh_from_db()
    return profile


def do_pause_listener(*, listener_id: int, paused: bool = True) -> bool:
    """Take a listener out of the pool (or back in) until a moderator decides; return whether
    they are a listener. Their open chats carry on; nobody new is matched with them."""
    changes: dict[str, object] = {"paused_by_moderator": paused}
    if paused:
        changes["available"] = False
    return ListenerProfile.objects.filter(user_id=listener_id).update(**changes) > 0


# --- In the chat ------------------------------------------------------------------------------


def do_send_support_message(
    *, match: Match, author: User, body: str, client_key: str = ""
) -> tuple[Message, Screening | None]:
    """Send words in a listener chat through the engine, holding back contact details.

    Contact details, links and invitations to move elsewhere are never stored or sent: the
    count goes up for moderators and SupportError carries the warm explanation (status 422).
    """
    policy = ListenerChat(match)
    body, client_key = engine.clean_message(body, client_key, policy=policy)  # length first
    if has_contact_details(body) and author.pk in (match.seeker_id, match.listener_id):
        Match.objects.filter(pk=match.pk).update(held_back=F("held_back") + 1)
        raise SupportError(HELD_BACK, status=422)
    message, screening = engine.do_send(
        conversation_id=match.conversation_id,
        author=author,
        body=body,
        client_key=client_key,
        policy=policy,
    )
    if author.pk == match.listener_id:
        _tell_seeker_their_message_was_answered(match)
    return message, screening


ANSWERED = gettext_lazy("A listener answered the message you left. They're in your chat now.")


def _tell_seeker_their_message_was_answered(match: Match) -> None:
    """Once per chat: a seeker who left their message for later is not watching the page, so
    the listener's first words reach them as a notification (live, or on their notifications
    page in their quiet hours)."""
    if not SupportRequest.objects.filter(pk=match.request_id, later=True).exists():
        return
    url = reverse("support:chat", args=[match.pk])
    told = Notification.objects.filter(
        recipient_id=match.seeker_id, kind=NotificationKind.SUPPORT, url=url
    )
    if not told.exists():
        do_notify(
            recipient_id=match.seeker_id,
            kind=NotificationKind.SUPPORT,
            text=ANSWERED,
            url=url,
            actor_id=match.listener_id,
        )


def do_support_typing(*, match: Match, user: User) -> bool:
    """Tell the other person of an active chat that `user` is typing; return whether it went."""
    if not match.active:
        return False
    event = {
        "type": "support_typing",
        "match": match.pk,
        "user": ListenerChat(match).author_name(user.pk),
    }
    return engine.do_send_typing(
        conversation_id=match.conversation_id, user=user, event=event, policy=ListenerChat(match)
    )


def do_end_chat(
    *,
    match: Match,
    by: User | None,
    felt_better: bool = False,
    reason: str = "",
    now: datetime | None = None,
) -> bool:
    """End an active chat (either person, a block or a moderator); return whether it ended now.

    Frees the listener's place (they may then be given the next person waiting) and tells both;
    after a hard chat the listener is offered a break instead (`offer_break_if_hard`).
    `felt_better` records the seeker's "I feel a bit better".
    """
    moment = _now(now)
    with transaction.atomic():
        profile = (
            ListenerProfile.objects.select_for_update().filter(user_id=match.listener_id).first()
        )
        ended = Match.objects.filter(pk=match.pk, active=True).update(
            active=False, ended_at=moment, felt_better=felt_better
        )
        if not ended:
            return False
        if profile is not None and profile.active_chats > 0:
            ListenerProfile.objects.filter(pk=profile.pk).update(active_chats=F("active_chats") - 1)
        who = reason or ("seeker" if by and by.pk == match.seeker_id else "listener")
        event = {
            "type": "support_match",
            "op": "ended",
            "match": match.pk,
            "url": reverse("support:chat", args=[match.pk]),
            "by": who,
        }
        to_people([match.seeker_id, match.listener_id], event)
        on_break = offer_break_if_hard(chat=match, ended_at=moment)
    match.active = False
    if not on_break:
        do_match_waiting(listener=match.listener, now=now)
    _free_to_listen(match.seeker, now=now)
    return True


def _free_to_listen(person: User, *, now: datetime | None) -> None:
    """A seeker who also listens is free to listen again once their own chat or seat ends: give
    them the people waiting now (as when they go available). Found by the interleaving test: a
    request waited while its listener-to-be had just stopped seeking."""
    if ListenerProfile.objects.filter(user=person, available=True).exists():
        do_match_waiting(listener=person, now=now)


HANDED_OVER = gettext_lazy(
    "Your listener has asked a fellow listener to carry on with you. Everything you've said is "
    "still here, and you don't need to start again."
)


def do_hand_over(*, match: Match, by: User, now: datetime | None = None) -> Match:
    """The listener of an active chat hands it to another free listener (same age band as the
    seeker, no block with them either way, room under their cap); return the match.

    The seeker keeps the same chat and its history, and is told warmly; the new listener reads
    it from the start (so the seeker need not repeat themselves); the earlier listener leaves
    the chat and their place is freed. Raises SupportError when `by` is not the chat's
    listener (403), the chat has ended, or no other listener is free now (409).
    """
    if by.pk != match.listener_id:
        raise SupportError(_("Only the chat's listener can hand it over."), status=403)
    moment = _now(now)
    with transaction.atomic():
        # Request, then listener, then match: the order matching and do_end_chat lock in.
        request = SupportRequest.objects.select_for_update().get(pk=match.request_id)
        ListenerProfile.objects.select_for_update().filter(user_id=by.pk).first()
        current = Match.objects.select_for_update().filter(pk=match.pk, active=True).first()
        if current is None or current.listener_id != by.pk:
            raise SupportError(_("This chat has ended. You can still read it."))
        profile = _free_listener(request.seeker, request.language, also_not=by.pk)
        if profile is None:
            raise SupportError(
                _(
                    "No other listener is free right now. Please stay with them a little longer, "
                    "or ask a moderator for help."
                ),
                status=409,
            )
        current.listener_id, current.slot = profile.user_id, _take_place(profile, now=moment)
        current.save(update_fields=["listener", "slot"])
        ListenerProfile.objects.filter(user_id=by.pk, active_chats__gt=0).update(
            active_chats=F("active_chats") - 1
        )
        Participant.objects.filter(conversation_id=current.conversation_id, user=by).delete()
        engine.do_join(
            conversation_id=current.conversation_id,
            user=profile.user,
            role=ParticipantRole.LISTENER,
        )
        Participant.objects.filter(
            conversation_id=current.conversation_id, user_id=profile.user_id
        ).update(from_seq=0)
        url = reverse("support:chat", args=[current.pk])
        base = {"type": "support_match", "match": current.pk, "url": url}
        # The seeker's page names their listener: it names the new one at once.
        # Read by the seeker: in their language, not the listener's who handed over.
        text = render_for(current.seeker_id, HANDED_OVER)
        handed = {"op": "handed_over", "text": text, "listener": profile.user.username}
        to_people([current.seeker_id], {**base, **handed})
        to_people([by.pk], {**base, "op": "ended", "by": "handover"})
        to_people([profile.user_id], {**base, "op": "matched"})
    do_match_waiting(listener=by, now=now)
    return Match.objects.select_related("listener", "seeker", "request").get(pk=current.pk)


def do_report_in_chat(
    *, reporter: User, match: Match, message: Message, reason: str, details: str = ""
) -> Report:
    """Report the other person's words in the chat. A seeker's report of their listener takes
    the listener out of the pool until a moderator decides."""
    if message.conversation_id != match.conversation_id or message.author_id == reporter.pk:
        raise SupportError(_("You can report the other person's messages here."))
    report, _screening = engine.do_report_message(
        reporter=reporter,
        message=message,
        reason=reason,
        details=details,
        policy=ListenerChat(match),
    )
    if reporter.pk == match.seeker_id and message.author_id == match.listener_id:
        do_pause_listener(listener_id=match.listener_id)
    return report


def end_chats_on_block(blocker: User, blocked: User) -> None:
    """A seeker's block of their listener ends their chat with them and takes them out of that
    listener's groups (a block hook).

    Any other block leaves a chat or group as it is until it ends: there the blocker knows the
    blocked person only by a made-up name, and a chat that ended or a seat that emptied would
    tell them whose handle it is. They can end the chat, leave the group or report as anyone
    can; from the next match on, matching and hand-over keep the two apart.
    """
    for match in Match.objects.select_related("listener").filter(
        seeker=blocker, listener=blocked, active=True, group__isnull=True
    ):
        do_end_chat(match=match, by=blocker, reason="block")
    for seat in Match.objects.filter(seeker=blocker, group__listener=blocked, active=True):
        do_leave_group(seat=seat)
