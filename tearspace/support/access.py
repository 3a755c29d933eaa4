"""The one way to fetch a listener chat (only its seeker and its listener) or a small group
(its listener, and the seekers who have not left it); anyone else a 404.

Moderators do not open listener chats: what was reported reaches them in the report, and
imminent risk in the escalation.
"""

from django.db.models import Q
from django.http import Http404

from tearspace.accounts.models import User
from tearspace.support.models import Match, SupportGroup


def access_match_by_id(user: User, match_id: int) -> Match:
    """Return the match `match_id` if `user` is its seeker or its listener; raise Http404."""
    match = (
        Match.objects.select_related(
            "listener",
            "seeker",
            "request",
            "conversation",
            "circle_invitation__inviter",
            "circle_invitation__invitee",
        )
        .filter(Q(seeker=user) | Q(listener=user), pk=match_id, group__isnull=True)
        .first()
    )
    if match is None:
        raise Http404
    return match


def is_seeker(user: User, match: Match) -> bool:
    return match.seeker_id == user.pk


def access_group_by_id(user: User, group_id: int) -> tuple[SupportGroup, Match | None]:
    """Return the group `group_id` and `user`'s place in it (None for its listener) if `user`
    is its listener or a seeker who has not left it; raise Http404. A seeker who left no longer
    reads it; the seekers in it when it ended still can."""
    group = (
        SupportGroup.objects.select_related("listener", "conversation").filter(pk=group_id).first()
    )
    if group is None:
        raise Http404
    if group.listener_id == user.pk:
        return group, None
    seat = Match.objects.filter(group=group, seeker=user, left_group=False).first()
    if seat is None:
        raise Http404
    return group, seat
