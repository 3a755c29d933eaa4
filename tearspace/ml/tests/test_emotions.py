from __future__ import annotations

import pytest

from tearspace.ml import detect_ekman, detect_emotions, detected_labels, ekman_of
from tearspace.ml.emotions import EKMAN_MAPPING, emotion_labels


def test_it_returns_ranked_scores_in_unit_interval() -> None:
    result = detect_emotions("Thank you so much, this made my day!", top=5)
    assert len(result) == 5
    scores = [s for _, s in result]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert {label for label, _ in result} <= set(emotion_labels())
    assert result[0][0] == "gratitude"


def test_it_detects_sadness_and_grief() -> None:
    top = [label for label, _ in detect_emotions("My grandmother died and I miss her so much")]
    assert {"sadness", "grief"} & set(top[:2])


def test_labels_are_the_28_goemotions_labels_and_all_have_an_ekman_group() -> None:
    labels = emotion_labels()
    assert len(labels) == 28
    assert sum(len(v) for v in EKMAN_MAPPING.values()) == 28
    assert ekman_of("grief") == "sadness"
    assert {ekman_of(label) for label in labels} == set(EKMAN_MAPPING)


def test_unknown_label_raises() -> None:
    with pytest.raises(ValueError, match="unknown"):
        ekman_of("smug")


def test_thresholded_and_ekman_views() -> None:
    assert "anger" in [e for e, _ in detect_ekman("I am so angry at him, this is outrageous")][:2]
    assert detected_labels("hello")
    assert detect_emotions("", top=0) == []
