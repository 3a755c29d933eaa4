"""What support holds about a person, for their data export."""

from django.db.models import Q

from tearspace.accounts.models import User
from tearspace.conversations.models import Message
from tearspace.support.models import KindNote, ListenerProfile, Match, SupportGroup, SupportRequest


def export_support_data(user: User) -> dict[str, object]:
    """The person's requests (with their first lines), chats and small groups they took part
    in (with their own relief check and the kind note they left), the kind notes they received
    as a listener and their own listener profile. Other people's words stay theirs; their
    handles and pseudonyms are not exported."""
    profile = ListenerProfile.objects.filter(user=user).first()
    chats = list(Match.objects.filter(Q(seeker=user) | Q(listener=user, group__isnull=True)))
    groups = list(SupportGroup.objects.filter(listener=user))
    words = _words_of(
        user, [m.conversation_id for m in chats] + [g.conversation_id for g in groups]
    )
    notes = dict(
        KindNote.objects.filter(
            match__in=[m.pk for m in chats if m.seeker_id == user.pk]
        ).values_list("match_id", "body")
    )
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
                "my_kind_note": notes.get(m.pk, "") if m.seeker_id == user.pk else "",
                "my_messages": words.get(m.conversation_id, []),
            }
            for m in chats
        ],
        "groups_held": [
            {
                "topic": g.topic,
                "started_at": g.started_at.isoformat(),
                "ended_at": g.ended_at.isoformat() if g.ended_at else None,
                "my_messages": words.get(g.conversation_id, []),
            }
            for g in groups
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


def _words_of(user: User, conversation_ids: list[int]) -> dict[int, list[str]]:
    """`user`'s own messages in each of these conversations, in order: one query for all."""
    words: dict[int, list[str]] = {}
    mine = Message.objects.filter(author=user, conversation_id__in=conversation_ids)
    for conversation_id, body in mine.values_list("conversation_id", "body"):
        words.setdefault(conversation_id, []).append(body)
    return words
