from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tearspace.ml import assess_crisis, assess_reply, classify_topic, detect_emotions

LEVELS = {"none", "distress", "concern", "urgent"}
VERDICTS = {"ok", "nudge", "hold"}


@settings(max_examples=60, deadline=None)
@given(st.text())
def test_never_raises_and_returns_valid_types(text: str) -> None:
    crisis = assess_crisis(text)
    assert crisis.level in LEVELS
    assert isinstance(crisis.show_help, bool)
    assert 0.0 <= crisis.score <= 1.0
    assert all(isinstance(r, str) for r in crisis.reasons)
    reply = assess_reply(text, context=text)
    assert reply.verdict in VERDICTS
    assert all(isinstance(v, float) for v in reply.scores.values())
    emotions = detect_emotions(text, top=3)
    assert len(emotions) == 3
    assert all(0.0 <= s <= 1.0 for _, s in emotions)
    assert all(0.0 <= s <= 1.0 for _, s in classify_topic(text))


def test_empty_and_huge_texts() -> None:
    for text in ["", " ", "\x00", "😭" * 1000, "a" * 100_000, "I want to die " * 8000]:
        assert assess_crisis(text).level in LEVELS
        assert assess_reply(text).verdict in VERDICTS
        assert detect_emotions(text)
    assert assess_crisis("I want to die " * 8000).show_help
    assert assess_crisis("").level == "none"
