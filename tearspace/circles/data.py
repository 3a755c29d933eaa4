"""The circles part of the account export. Delete needs nothing extra: the cascade removes
a person's circles, shares, replies, reactions, blocks and mutes everywhere."""

from tearspace.accounts.models import Block, User
from tearspace.circles.models import Circle, Reaction, Reply, Share, ShareMute


def export_circles(user: User) -> dict[str, object]:
    return {
        "format": "tearspace-circles/1",
        "circles": [
            {"id": c.pk, "name": c.name, "created": c.created.isoformat()}
            for c in Circle.objects.filter(owner=user)
        ],
        "member_of": list(
            Circle.objects.filter(memberships__member=user)
            .exclude(owner=user)
            .values_list("name", flat=True)
        ),
        "shares": [
            {
                "id": s.pk,
                "entry": s.entry_id,
                "community": s.community,
                "pseudonym": s.pseudonym,
                "circles": [c.pk for c in s.circles.all()],
                "words": s.include_words,
                "clip": s.include_clip,
                "feelings": s.include_feelings,
                "content_note": s.content_note,
                "added_notes": s.added_note_keys,
                "created": s.created.isoformat(),
                "revoked_at": s.revoked_at.isoformat() if s.revoked_at else None,
            }
            for s in Share.objects.filter(author=user).prefetch_related("circles")
        ],
        "replies": [
            {"share": r.share_id, "body": r.body, "created": r.created.isoformat()}
            for r in Reply.objects.filter(author=user)
        ],
        "reactions": [
            {"share": r.share_id, "kind": r.kind} for r in Reaction.objects.filter(person=user)
        ],
        "blocks": list(Block.objects.filter(blocker=user).values_list("label", flat=True)),
        "muted_shares": list(ShareMute.objects.filter(person=user).values_list("label", flat=True)),
    }
