from __future__ import annotations

import pytest

from tearspace.ml import CrisisAssessment, assess_crisis, assess_crisis_many
from tearspace.ml.crisis_patterns import LEVEL_ORDER
from tearspace.ml.tests.fixture_data import read_jsonl

MUST_FLAG = read_jsonl("must_flag.jsonl")
HARD_NEGATIVES = read_jsonl("hard_negatives.jsonl")
IDIOMS = [row["text"] for row in HARD_NEGATIVES if row["kind"] == "idiom"]
THIRD_PERSON = [row["text"] for row in read_jsonl("third_person.jsonl")]
NEGATIONS = [row["text"] for row in read_jsonl("negations.jsonl")]


def test_the_must_flag_suite_is_large_and_covers_every_tier() -> None:
    tiers = {row["tier"] for row in MUST_FLAG}
    assert len(MUST_FLAG) >= 150
    assert {"wish_dead", "suicidal_thoughts", "method", "intent", "plan", "past_attempt"} <= tiers
    assert {"self_harm", "slang_typos", "emoji", "indirect", "attempt_now"} <= tiers


@pytest.mark.parametrize("row", MUST_FLAG, ids=lambda r: f"{r['tier']}:{r['text'][:40]}")
def test_it_shows_help_for_every_must_flag_phrasing(row: dict[str, str]) -> None:
    result = assess_crisis(row["text"])
    assert result.show_help, result
    assert LEVEL_ORDER[result.level] >= LEVEL_ORDER[row["level"]], result


@pytest.mark.parametrize("text", IDIOMS)
def test_it_gives_level_none_for_idioms(text: str) -> None:
    result = assess_crisis(text)
    assert result.level == "none", result
    assert not result.show_help


@pytest.mark.parametrize("text", THIRD_PERSON)
def test_it_shows_help_at_concern_for_someone_else(text: str) -> None:
    result = assess_crisis(text)
    assert result.show_help
    assert result.level == "concern", result


@pytest.mark.parametrize("text", NEGATIONS)
def test_it_still_shows_help_for_negated_mentions(text: str) -> None:
    # Decision: a negated mention is not urgent, but we lean towards offering help.
    result = assess_crisis(text)
    assert result.show_help
    assert result.level in {"distress", "concern"}, result


def test_ordinary_crying_is_not_escalated() -> None:
    result = assess_crisis("I had a good cry after the film and feel lighter now")
    assert result.level in {"none", "distress"}
    assert not result.show_help


def test_reasons_never_repeat_method_words() -> None:
    banned = ("pill", "rope", "bridge", "gun", "knife", "blade", "hang", "overdose", "train")
    for row in MUST_FLAG:
        for reason in assess_crisis(row["text"]).reasons:
            assert not any(word in reason.lower() for word in banned), reason


def test_batch_matches_single() -> None:
    texts = [row["text"] for row in MUST_FLAG[:20]] + IDIOMS[:10]
    assert assess_crisis_many(texts) == [assess_crisis(t) for t in texts]


def test_result_shape() -> None:
    result = assess_crisis("I want to die")
    assert isinstance(result, CrisisAssessment)
    assert result.level == "concern"
    assert 0.0 <= result.score <= 1.0
    assert all(isinstance(r, str) and r for r in result.reasons)


def test_a_failing_screen_shows_help(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(text: str) -> object:
        raise RuntimeError("boom")

    monkeypatch.setattr("tearspace.ml.crisis.features_one", broken)
    result = assess_crisis("anything at all")
    assert result.show_help
    assert result.level == "concern"
    assert "flagged for review" in result.reasons[0]
