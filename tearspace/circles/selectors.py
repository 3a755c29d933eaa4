"""Reads that span models. Feeds fetch one page plus one row, so they never count the table."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from tearspace.accounts.models import Block, User
from tearspace.accounts.selectors import blocked_ids
from tearspace.circles.access import blocks_hide_reply, muted_shares
from tearspace.circles.models import (
    Circle,
    CircleMembership,
    CircleSettings,
    Invitation,
    InvitationStatus,
    NudgeOutcome,
    Reply,
    Share,
    ShareAudience,
    ShareMute,
    ShareView,
    Verdict,
)

PAGE_SIZE = 20


@dataclass(frozen=True)
class FeedPage:
    shares: list[Share]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


@dataclass(frozen=True)
class FeedFilters:
    tab: str = "newest"  # "newest" | "kind" (needs a kind word: no replies yet)
    emotion: str = ""
    note: str = ""
    hidden_notes: list[str] = field(default_factory=list)


def _page(shares: QuerySet[Share], number: int) -> FeedPage:
    number = max(1, number)
    start = (number - 1) * PAGE_SIZE
    rows = list(
        shares.select_related("entry", "entry__clip", "author")[start : start + PAGE_SIZE + 1]
    )
    return FeedPage(shares=rows[:PAGE_SIZE], number=number, has_next=len(rows) > PAGE_SIZE)


def community_feed(*, person: User, filters: FeedFilters, page: int = 1) -> FeedPage:
    # Blocks never apply here (a pseudonym is nobody's handle); mutes of one share do.
    shares = Share.objects.filter(community=True, revoked_at__isnull=True)
    shares = shares.exclude(pk__in=muted_shares(person))
    if filters.tab == "kind":
        shares = shares.filter(reply_count=0)
    if filters.emotion:
        shares = shares.filter(emotions__contains=f",{filters.emotion},")
    if filters.note:
        shares = shares.filter(
            Q(content_note=filters.note) | Q(added_notes__contains=f",{filters.note},")
        )
    # "Topics I don't want to see" apply to the notes the crisis screen added as well.
    for note in filters.hidden_notes:
        shares = shares.exclude(content_note=note).exclude(added_notes__contains=f",{note},")
    return _page(shares.order_by("-id"), page)


def circle_feed(*, person: User, circle: Circle, page: int = 1) -> FeedPage:
    """Walk the circle's audience index newest first, so the first page never sorts the circle."""
    rows = ShareAudience.objects.filter(circle=circle, share__revoked_at__isnull=True)
    blocked = blocked_ids(person)
    if blocked:
        rows = rows.exclude(share__author_id__in=blocked)
    number = max(1, page)
    start = (number - 1) * PAGE_SIZE
    audiences = list(
        rows.select_related("share__entry__clip", "share__author").order_by("-share_id")[
            start : start + PAGE_SIZE + 1
        ]
    )
    shares = [a.share for a in audiences]
    return FeedPage(shares=shares[:PAGE_SIZE], number=number, has_next=len(shares) > PAGE_SIZE)


def circle_list(*, person: User) -> QuerySet[Circle]:
    """The circles `person` is in, each with `member_count`: everyone in it, owner included.

    The count is a subquery of its own: counted over the join that picks `person`'s circles it
    would only ever see `person`'s own row (every circle read "1 person").
    """
    members = (
        CircleMembership.objects.filter(circle=OuterRef("pk"))
        .order_by()
        .values("circle")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Circle.objects.filter(
            pk__in=CircleMembership.objects.filter(member=person).values("circle")
        )
        .select_related("owner")
        .annotate(member_count=Coalesce(Subquery(members), 0))
        .order_by("name", "id")
    )


def member_list(*, circle: Circle) -> QuerySet[CircleMembership]:
    return circle.memberships.select_related("member").order_by("joined")


def circle_invitations_waiting(*, circle: Circle) -> QuerySet[Invitation]:
    """Invitations to `circle` nobody has answered yet and that have not expired, oldest first.

    For the circle's owner: a handle invitation names its invitee; a link has none.
    """
    return (
        circle.invitations.filter(status=InvitationStatus.PENDING, expires__gt=timezone.now())
        .select_related("invitee")
        .order_by("created", "id")
    )


def pending_invitations(*, person: User) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        invitee=person, status=InvitationStatus.PENDING
    ).select_related("circle", "inviter")


def reply_list(*, share: Share, viewer: User) -> list[Reply]:
    """Replies `viewer` may see: held ones never; hidden ones only to their writer."""
    replies = (
        Reply.objects.filter(share=share)
        .exclude(verdict=Verdict.HOLD)
        .select_related("author", "share")
    )
    blocked = blocked_ids(viewer)
    if blocked:
        replies = replies.exclude(blocks_hide_reply(blocked))
    return [r for r in replies if not r.hidden_by_author or r.author_id == viewer.pk]


@dataclass(frozen=True)
class BlockRow:
    kind: str  # "person" (a handle) | "share" (one community share, muted)
    id: int
    label: str
    created: datetime


def block_list(*, person: User) -> list[BlockRow]:
    """Handles I blocked and community shares I muted, newest first, as I knew them."""
    rows = [
        BlockRow("person", b.pk, b.label, b.created) for b in Block.objects.filter(blocker=person)
    ]
    rows += [
        BlockRow("share", m.pk, m.label, m.created) for m in ShareMute.objects.filter(person=person)
    ]
    return sorted(rows, key=lambda r: (r.created, r.kind, r.id), reverse=True)


def who_has_seen(*, share: Share) -> QuerySet[ShareView]:
    return ShareView.objects.filter(share=share).select_related("viewer").order_by("seen")


def settings_for(*, person: User) -> CircleSettings:
    return CircleSettings.objects.filter(person=person).first() or CircleSettings(person=person)


def nudge_tallies() -> dict[str, int]:
    """How writers answered the pause-and-reflect step (the figure to compare with studies)."""
    counts = dict(
        NudgeOutcome.objects.values_list("outcome")
        .annotate(n=Count("id"))
        .values_list("outcome", "n")
    )
    tallies = {key: int(counts.get(key, 0)) for key in ("revised", "discarded", "sent_anyway")}
    tallies["pending"] = int(counts.get("pending", 0))
    tallies["nudged"] = sum(tallies.values())
    return tallies


def reactions_for(*, share: Share, viewer: User) -> tuple[set[str], dict[str, int]]:
    """My own reactions, and (for the author only) how many of each arrived — never who."""
    mine = set(share.reactions.filter(person=viewer).values_list("kind", flat=True))
    counts: dict[str, int] = {}
    if share.author_id == viewer.pk:
        counts = dict(
            share.reactions.values_list("kind").annotate(n=Count("id")).values_list("kind", "n")
        )
    return mine, counts
