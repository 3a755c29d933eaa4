from __future__ import annotations

import pytest

from tearspace.ml import ReplyAssessment, assess_reply, assess_reply_many
from tearspace.ml.tests.fixture_data import read_replies

EXAMPLES = {
    "ok": [
        "I'm so sorry you're going through this. Sending you a big hug.",
        "It's okay to cry. Take all the time you need.",
        "Please don't hurt yourself, we're here for you.",
    ],
    "nudge": [
        "stop being so dramatic",
        "others have it worse",
        "crying won't fix anything",
        "grow up",
        "man up",
        "nobody cares",
        "just get over it",
    ],
    "hold": ["kys", "go kill yourself", "you're a worthless piece of shit", "stupid faggot"],
}


@pytest.mark.parametrize(
    ("verdict", "text"), [(v, t) for v, texts in EXAMPLES.items() for t in texts]
)
def test_it_gives_the_expected_verdict(verdict: str, text: str) -> None:
    result = assess_reply(text)
    assert result.verdict == verdict, result


def test_it_holds_encouragement_in_reply_to_someone_at_risk() -> None:
    assert assess_reply("just do it", context="I want to kill myself").verdict == "hold"
    benign = assess_reply("just do it", context="should I sign up for the class?")
    assert benign.verdict != "hold"


def test_scores_are_probabilities() -> None:
    result = assess_reply("you are an idiot")
    assert isinstance(result, ReplyAssessment)
    assert {"profanity", "offensive", "hate"} <= set(result.scores)
    assert all(0.0 <= s <= 1.0 for s in result.scores.values())


def test_batch_matches_single() -> None:
    texts = [t for t, _, _ in read_replies()[:40]]
    assert assess_reply_many(texts) == [assess_reply(t) for t in texts]


def test_training_split_is_learned() -> None:
    rows = [(t, v) for t, v, s in read_replies() if s == "train"]
    flagged = sum((assess_reply(t).verdict != "ok") == (v != "ok") for t, v in rows)
    assert flagged / len(rows) >= 0.9


def test_a_failing_check_holds_for_review(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(text: str) -> object:
        raise RuntimeError("boom")

    monkeypatch.setattr("tearspace.ml.reply.features_one", broken)
    assert assess_reply("thanks for sharing").verdict == "hold"
