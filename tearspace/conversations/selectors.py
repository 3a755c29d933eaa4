"""Reads of the chat engine: the one page of history after a sequence number, and floors."""

from dataclasses import dataclass
from typing import Any

from tearspace.conversations.models import Conversation, Message, Participant
from tearspace.conversations.policy import ChatPolicy
from tearspace.lib.paging import MAX_PAGE_SIZE

HISTORY_LIMIT = MAX_PAGE_SIZE


@dataclass(frozen=True)
class ChatPage:
    """What a reader missed after a sequence number, in sequence order, at most one page.

    `messages` are the new messages as they stand now (a hidden one shows as hidden);
    `changes` are the change events (hides, removals) of messages the reader already had, the
    same events that went out live. `start` is where the page begins (never before what the
    reader may read) and `last` the highest sequence number in it (None when it is empty).
    """

    start: int
    messages: list[dict[str, object]]
    changes: list[dict[str, Any]]
    last: int | None


def page_after(
    *,
    conversation_id: int,
    after: int,
    floor: int,
    policy: ChatPolicy,
    limit: int = HISTORY_LIMIT,
) -> ChatPage:
    """Page through a conversation's messages and changes after `after`, none at or below
    `floor` (what the reader may not read). Every resume path (socket opening frames, API
    reads, resync) uses this.

    Adds and changes share the conversation's one sequence, so a page is a prefix of what
    happened after `after`: a client that applies it has everything up to `last`.
    """
    limit = max(1, min(limit, HISTORY_LIMIT))
    start = max(after, floor)
    found = Message.objects.select_related("author").filter(conversation_id=conversation_id)
    added = list(found.filter(seq__gt=start).order_by("seq")[:limit])
    changed = list(
        found.filter(seq__gt=floor, seq__lte=after, changed_seq__gt=after).order_by("changed_seq")[
            :limit
        ]
    )
    items = sorted(
        [(m.seq, False, m) for m in added] + [(m.changed_seq or 0, True, m) for m in changed],
        key=lambda item: item[0],
    )[:limit]
    return ChatPage(
        start=start,
        messages=[policy.message_dict(m) for _, is_change, m in items if not is_change],
        changes=[policy.changed_event(m) for _, is_change, m in items if is_change],
        last=items[-1][0] if items else None,
    )


def reader_floor(*, conversation: Conversation, user_id: int) -> int:
    """Return the sequence number after which the person `user_id` may read the conversation.

    Under the newcomers rule someone reads from when they (last) joined; someone who does not
    take part reads nothing said so far. Without the rule, everyone reads it all.
    """
    if not conversation.newcomers_read_from_join:
        return 0
    joined = Participant.objects.filter(conversation=conversation, user_id=user_id)
    from_seq = joined.values_list("from_seq", flat=True).first()
    return conversation.last_seq if from_seq is None else from_seq
