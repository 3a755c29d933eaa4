"""The chat engine on its own: sequence, idempotency, resume, newcomers, read state, mutes,
rate limits and screening, through a small policy that records what it would deliver."""

from typing import Any

import pytest
from django.core.cache import cache

from tearspace.accounts.models import User
from tearspace.conversations import actions as engine
from tearspace.conversations.models import Conversation, Kind, Message
from tearspace.conversations.policy import ConversationError, Reason
from tearspace.conversations.selectors import page_after, reader_floor
from tearspace.safety.models import ScreeningRecord
from tearspace.safety.screening import Screening

pytestmark = pytest.mark.django_db


class Refused(ConversationError):
    pass


class Recorder:
    """A policy for tests: everyone may write unless listed in `closed_to`; events are kept."""

    screening_kind = "test_message"
    erase_on_hide = False

    def __init__(self, *, closed_to: frozenset[int] = frozenset()) -> None:
        self.closed_to = closed_to
        self.delivered: list[dict[str, Any]] = []
        self.helped: list[tuple[int, int, str]] = []

    def refusal(self, reason: Reason, *, status: int = 400) -> Refused:
        return Refused(reason, status=status)

    def check_write(self, author: User) -> None:
        if author.pk in self.closed_to:
            raise Refused("Not here.", status=403)

    def message_dict(self, message: Message) -> dict[str, object]:
        return {"id": message.pk, "seq": message.seq, "hidden": message.hidden}

    def added_event(self, message: Message) -> dict[str, Any]:
        return {"type": "test_message", "op": "add", "seq": message.seq}

    def changed_event(self, message: Message) -> dict[str, Any]:
        return {"type": "test_message", "op": "hide", "id": message.pk, "seq": message.changed_seq}

    def deliver(self, event: dict[str, Any], *, skip_user: int | None = None) -> None:
        self.delivered.append({**event, "skip": skip_user})

    def help_and_alert(self, author: User, message: Message, screening: Screening) -> None:
        self.helped.append((author.pk, message.pk, screening.level))


@pytest.fixture
def chat() -> Conversation:
    return Conversation.objects.create(kind=Kind.ROOM)


def send(chat: Conversation, author: User, body: str = "hello", **kwargs: Any) -> Message:
    return engine.do_send(
        conversation_id=chat.pk, author=author, body=body, policy=Recorder(), **kwargs
    )[0]


def test_repeated_sends_take_consecutive_numbers_and_a_refusal_gives_its_number_back(
    chat: Conversation, alice: User, bob: User
) -> None:
    other = Conversation.objects.create(kind=Kind.ROOM)
    seqs = [send(chat, alice if n % 2 else bob, f"m{n}").seq for n in range(6)]
    with pytest.raises(Refused):
        engine.do_send(
            conversation_id=chat.pk,
            author=bob,
            body="not now",
            policy=Recorder(closed_to=frozenset({bob.pk})),
        )
    seqs.append(send(chat, alice).seq)
    assert seqs == [1, 2, 3, 4, 5, 6, 7]
    assert Conversation.objects.get(pk=chat.pk).last_seq == 7
    assert send(other, alice).seq == 1


def test_a_retried_send_answers_with_the_stored_copy_and_no_second_screening(
    chat: Conversation, alice: User
) -> None:
    policy = Recorder()
    first, screening = engine.do_send(
        conversation_id=chat.pk, author=alice, body="hi", client_key="k1", policy=policy
    )
    again, second = engine.do_send(
        conversation_id=chat.pk, author=alice, body="hi", client_key="k1", policy=policy
    )
    assert (again.pk, second) == (first.pk, None)
    assert screening is not None
    assert Message.objects.filter(conversation=chat).count() == 1
    assert ScreeningRecord.objects.filter(object_id=str(first.pk)).count() == 1
    assert [e["op"] for e in policy.delivered] == ["add"]
    # Even when the writer could no longer write, the retry gets what was sent when allowed.
    closed = Recorder(closed_to=frozenset({alice.pk}))
    late, _ = engine.do_send(
        conversation_id=chat.pk, author=alice, body="hi", client_key="k1", policy=closed
    )
    assert late.pk == first.pk


def test_resume_replays_a_hide_of_a_message_the_reader_already_had(
    chat: Conversation, alice: User, bob: User
) -> None:
    said = [send(chat, alice, f"m{n}") for n in range(3)]
    policy = Recorder()
    engine.do_hide(message=said[1], policy=policy)
    engine.do_hide(message=said[1], policy=policy)  # hiding twice changes nothing
    assert Conversation.objects.get(pk=chat.pk).last_seq == 4
    assert policy.delivered == [
        {"type": "test_message", "op": "hide", "id": said[1].pk, "seq": 4, "skip": None}
    ]
    page = page_after(conversation_id=chat.pk, after=3, floor=0, policy=Recorder())
    assert page.messages == []
    assert page.changes == [{"type": "test_message", "op": "hide", "id": said[1].pk, "seq": 4}]
    assert page.last == 4
    fresh = page_after(conversation_id=chat.pk, after=0, floor=0, policy=Recorder())
    assert [m["hidden"] for m in fresh.messages] == [False, True, False]
    assert fresh.changes == []


def test_newcomers_read_from_when_they_joined_unless_the_rule_is_off(
    chat: Conversation, alice: User, bob: User, charlie: User
) -> None:
    engine.do_join(conversation_id=chat.pk, user=alice)
    send(chat, alice, "before bob")
    send(chat, alice, "before bob too")
    engine.do_join(conversation_id=chat.pk, user=bob)
    send(chat, alice, "after bob")
    chat.refresh_from_db()
    assert reader_floor(conversation=chat, user_id=alice.pk) == 0
    assert reader_floor(conversation=chat, user_id=bob.pk) == 2
    assert reader_floor(conversation=chat, user_id=charlie.pk) == 3  # not taking part
    page = page_after(conversation_id=chat.pk, after=0, floor=2, policy=Recorder())
    assert [m["seq"] for m in page.messages] == [3]
    assert page.start == 2
    chat.newcomers_read_from_join = False
    assert reader_floor(conversation=chat, user_id=bob.pk) == 0


def test_read_state_only_moves_forward_and_never_past_the_last_message(
    chat: Conversation, alice: User, charlie: User
) -> None:
    engine.do_join(conversation_id=chat.pk, user=alice)
    for n in range(3):
        send(chat, alice, f"m{n}")
    assert engine.do_mark_read(conversation_id=chat.pk, user=alice, seq=2) == 2
    assert engine.do_mark_read(conversation_id=chat.pk, user=alice, seq=1) == 2
    assert engine.do_mark_read(conversation_id=chat.pk, user=alice, seq=99) == 3
    assert engine.do_mark_read(conversation_id=chat.pk, user=charlie, seq=3) == 0


def test_a_muted_participant_cannot_write_or_be_seen_typing_until_let_again(
    chat: Conversation, alice: User, bob: User
) -> None:
    engine.do_join(conversation_id=chat.pk, user=bob)
    assert engine.do_set_muted(conversation_id=chat.pk, user_id=bob.pk, muted=True)
    with pytest.raises(Refused) as refused:
        send(chat, bob)
    assert (refused.value.status, refused.value.reason) == (403, engine.PAUSED)
    policy = Recorder()
    typing = {"type": "test_typing"}
    assert not engine.do_send_typing(conversation_id=chat.pk, user=bob, event=typing, policy=policy)
    assert policy.delivered == []
    engine.do_set_muted(conversation_id=chat.pk, user_id=bob.pk, muted=False)
    assert send(chat, bob).seq == 1  # the refused send took no number
    assert engine.do_send_typing(conversation_id=chat.pk, user=bob, event=typing, policy=policy)
    assert policy.delivered == [{"type": "test_typing", "skip": bob.pk}]
    assert not engine.do_set_muted(conversation_id=chat.pk, user_id=alice.pk, muted=True)


def test_typing_is_passed_on_at_most_every_few_seconds(chat: Conversation, alice: User) -> None:
    policy = Recorder()
    sent = [
        engine.do_send_typing(
            conversation_id=chat.pk, user=alice, event={"type": "t"}, policy=policy
        )
        for _ in range(3)
    ]
    assert sent == [True, False, False]


def test_the_rate_limit_refuses_a_burst_but_never_a_retry_of_a_stored_message(
    chat: Conversation, alice: User
) -> None:
    cache.clear()
    first = send(chat, alice, "first", client_key="again")
    for n in range(19):
        send(chat, alice, f"m{n}")
    with pytest.raises(Refused) as limited:
        send(chat, alice, "one too many")
    assert limited.value.status == 429
    assert send(chat, alice, "first", client_key="again").pk == first.pk
    assert Message.objects.filter(conversation=chat).count() == 20


def test_words_at_risk_get_private_help_through_the_policy_and_ordinary_words_do_not(
    chat: Conversation, alice: User
) -> None:
    policy = Recorder()
    message, screening = engine.do_send(
        conversation_id=chat.pk, author=alice, body="CRISIS", policy=policy
    )
    assert screening is not None
    assert screening.show_help
    assert policy.helped == [(alice.pk, message.pk, screening.level)]
    record = ScreeningRecord.objects.get(object_id=str(message.pk))
    assert record.kind == "test_message"
    calm = Recorder()
    engine.do_send(conversation_id=chat.pk, author=alice, body="that was lovely", policy=calm)
    assert calm.helped == []


def test_it_refuses_empty_and_overlong_words_and_keys(chat: Conversation, alice: User) -> None:
    for body, key in (("   ", ""), ("x" * 2001, ""), ("fine", "k" * 65)):
        with pytest.raises(Refused):
            send(chat, alice, body, client_key=key)
    assert not Message.objects.exists()
