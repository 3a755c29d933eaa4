"""What support holds about a person, for their data export."""

from django.db.models import Q
from django.http import Http404

from tearspace.accounts.models import User
from tearspace.conversations.models import Message
from tearspace.support.access import access_group_by_id, access_match_by_id
from tearspace.support.models import KindNote, ListenerProfile, Match, SupportGroup, SupportRequest
from tearspace.support.selectors import whole_chat, whole_group


def export_support_data(user: User) -> dict[str, object]:
    """The person's requests (with their first lines), chats and small groups they took part
    in (with their own relief check and the kind note they left), the kind notes they received
    as a listener and their own listener profile.

    Each chat holds every message the person can read there, whoever wrote it (after a
    hand-over the earlier listener's words too), exactly as the chat's own pages show it: the
    same access and selectors decide, so the export never holds less, or more, than the chat.
    `my_messages` keeps the person's own words from every chat they wrote in, also one they no
    longer read (a chat they handed over, a group they left).
    """
    profile = ListenerProfile.objects.filter(user=user).first()
    chats = list(
        Match.objects.select_related("listener", "conversation")
        .filter(
            Q(seeker=user)
            | Q(group__isnull=True, listener=user)
            | Q(group__isnull=True, conversation__messages__author=user)
        )
        .distinct()
    )
    groups = list(
        SupportGroup.objects.select_related("listener", "conversation").filter(listener=user)
    )
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
                "messages": _readable(user, m),
                "my_messages": words.get(m.conversation_id, []),
            }
            for m in chats
        ],
        "groups_held": [
            {
                "topic": g.topic,
                "started_at": g.started_at.isoformat(),
                "ended_at": g.ended_at.isoformat() if g.ended_at else None,
                "messages": whole_group(group=g, reader=user),
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


def _readable(user: User, match: Match) -> list[dict[str, object]]:
    """What `user` can read of a chat or of the group a seat is in now (nothing once they
    handed the chat over or left the group), through the chat's own access check."""
    try:
        if match.group_id is not None:
            group, _seat = access_group_by_id(user, match.group_id)
            return whole_group(group=group, reader=user)
        return whole_chat(match=access_match_by_id(user, match.pk), reader=user)
    except Http404:
        return []


def _words_of(user: User, conversation_ids: list[int]) -> dict[int, list[str]]:
    """`user`'s own messages in each of these conversations, in order: one query for all."""
    words: dict[int, list[str]] = {}
    mine = Message.objects.filter(author=user, conversation_id__in=conversation_ids)
    for conversation_id, body in mine.order_by("seq").values_list("conversation_id", "body"):
        words.setdefault(conversation_id, []).append(body)
    return words
