"""What support holds about a person, for their data export."""

from django.db.models import Q

from tearspace.accounts.models import User
from tearspace.support.models import KindNote, ListenerProfile, Match, SupportGroup, SupportRequest


def export_support_data(user: User) -> dict[str, object]:
    """The person's requests (with their first lines), chats and small groups they took part
    in (with their own relief check and the kind note they left), the kind notes they received
    as a listener and their own listener profile. Other people's words stay theirs; their
    handles and pseudonyms are not exported."""
    profile = ListenerProfile.objects.filter(user=user).first()
    return {
        "requests": [
            {
                "first_line": r.first_line,
                "state": r.state,
                "format": r.format,
                "requested_at": r.requested_at.isoformat(),
                "matched_at": r.matched_at.isoformat() if r.matched_at else None,
            }
            for r in SupportRequest.objects.filter(seeker=user)
        ],
        "chats": [
            {
                "as": "seeker" if m.seeker_id == user.pk else "listener",
                "in_a_group": m.group_id is not None,
                "started_at": m.started_at.isoformat(),
                "ended_at": m.ended_at.isoformat() if m.ended_at else None,
                "felt_better": m.felt_better,
                "relief_after": m.relief if m.seeker_id == user.pk else "",
                "my_kind_note": _note_of(m) if m.seeker_id == user.pk else "",
                "my_messages": list(
                    m.conversation.messages.filter(author=user).values_list("body", flat=True)
                ),
            }
            for m in Match.objects.filter(Q(seeker=user) | Q(listener=user, group__isnull=True))
        ],
        "groups_held": [
            {
                "topic": g.topic,
                "started_at": g.started_at.isoformat(),
                "ended_at": g.ended_at.isoformat() if g.ended_at else None,
                "my_messages": list(
                    g.conversation.messages.filter(author=user).values_list("body", flat=True)
                ),
            }
            for g in SupportGroup.objects.filter(listener=user)
        ],
        "kind_notes_received": [
            {"note": n.body, "at": n.created_at.isoformat()}
            for n in KindNote.objects.filter(listener=user)
        ],
        "listener_profile": None
        if profile is None
        else {
            "volunteered_at": profile.volunteered_at.isoformat(),
            "available": profile.available,
            "max_chats": profile.max_chats,
        },
    }


def _note_of(match: Match) -> str:
    return KindNote.objects.filter(match=match).values_list("body", flat=True).first() or ""
