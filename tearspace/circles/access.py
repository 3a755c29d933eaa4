"""The one way to fetch circles things. Anything not yours to see is a 404, never a 403.

Moderators are not special here: they see reported words through the moderation console.

Blocks apply to handles only. Whatever is shown under a pseudonym (a community share, and its
author's replies on it) is seen exactly as if no block existed, in both directions; a person
who does not want to see it mutes that one share instead (`ShareMute`). So nothing anyone sees
can depend on whether a handle is the author of an anonymous share.
"""

from django.db.models import F, Q, QuerySet
from django.http import Http404

from tearspace.accounts.models import User
from tearspace.accounts.selectors import blocked_ids_of, is_blocked_between, other_age_band
from tearspace.circles.models import (
    Circle,
    Invitation,
    InvitationStatus,
    Reply,
    Share,
    ShareMute,
)


def signed_in(user: object) -> User:
    if not isinstance(user, User) or not user.is_authenticated or not user.is_active:
        raise Http404
    return user


def shown_person_id(share: Share) -> int | None:
    """The account a share is shown under, or None when it is shown under a pseudonym."""
    return None if share.community else share.author_id


def reply_shown_person_id(reply: Reply) -> int | None:
    """The account a reply is shown under, or None for a community author's own reply."""
    share = reply.share
    return None if share.community and reply.author_id == share.author_id else reply.author_id


def kept_out_by_age(*, circle: Circle, person: User) -> bool:
    """Whether `person` may not be in `circle`: an adult and someone under 18 are never in a
    circle together, however they would come in (`accounts.selectors.age_bands_apart`)."""
    other = other_age_band(person)
    return bool(other) and circle.memberships.filter(member__age_band=other).exists()


def blocks_hide_reply(person_ids: set[int]) -> Q:
    """Replies that blocks with `person_ids` hide: theirs, unless shown under a pseudonym."""
    pseudonymous = Q(share__community=True, author_id=F("share__author_id"))
    return Q(author_id__in=person_ids) & ~pseudonymous


def is_hidden_by_block(user_id: int, person_id: int | None) -> bool:
    """Whether a block hides something shown under `person_id` (None: a pseudonym) from user."""
    return person_id is not None and is_blocked_between(user_id, person_id)


def hidden_by_block_from(person_id: int | None) -> set[int]:
    """Everyone a block hides something shown under `person_id` from (None: a pseudonym,
    nobody): `is_hidden_by_block` for many people in one query."""
    return set() if person_id is None else blocked_ids_of(person_id)


def muted_shares(user: User) -> QuerySet[ShareMute, int]:
    """The ids of the community shares `user` muted, as a subquery."""
    return ShareMute.objects.filter(person=user).values_list("share_id", flat=True)


def can_see_share(user: User, share: Share) -> bool:
    if share.author_id == user.pk:
        return True
    if share.revoked_at is not None or is_hidden_by_block(user.pk, shown_person_id(share)):
        return False
    if share.community:
        return not ShareMute.objects.filter(person=user, share=share).exists()
    return share.circles.filter(memberships__member=user).exists()


def access_share_by_id(user: object, share_id: int) -> Share:
    """Owner always (revoked too); otherwise a live share in one of my circles or the community."""
    person = signed_in(user)
    share = Share.objects.select_related("entry", "author").filter(pk=share_id).first()
    if share is None or not can_see_share(person, share):
        raise Http404
    return share


def access_owned_share_by_id(user: object, share_id: int) -> Share:
    share = Share.objects.filter(pk=share_id, author=signed_in(user)).first()
    if share is None:
        raise Http404
    return share


def access_circle_by_id(user: object, circle_id: int) -> Circle:
    """Members (the owner is one) see a circle; nobody else learns it exists."""
    circle = (
        Circle.objects.select_related("owner")
        .filter(pk=circle_id, memberships__member=signed_in(user))
        .first()
    )
    if circle is None:
        raise Http404
    return circle


def access_owned_circle_by_id(user: object, circle_id: int) -> Circle:
    circle = Circle.objects.filter(pk=circle_id, owner=signed_in(user)).first()
    if circle is None:
        raise Http404
    return circle


def access_reply_by_id(user: object, reply_id: int) -> Reply:
    """A visible reply on a share I may see (or my own reply)."""
    person = signed_in(user)
    reply = Reply.objects.select_related("share", "author").filter(pk=reply_id).first()
    if reply is None or not can_see_share(person, reply.share):
        raise Http404
    if reply.author_id != person.pk and (
        not reply.is_visible or is_hidden_by_block(person.pk, reply_shown_person_id(reply))
    ):
        raise Http404
    return reply


def access_invitation_by_id(user: object, invitation_id: int) -> Invitation:
    """A pending invitation addressed to me by handle."""
    invitation = (
        Invitation.objects.select_related("circle", "inviter")
        .filter(pk=invitation_id, invitee=signed_in(user), status=InvitationStatus.PENDING)
        .first()
    )
    if invitation is None:
        raise Http404
    return invitation
