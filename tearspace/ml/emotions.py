"""Emotions (GoEmotions 28 labels) and their Ekman grouping."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import numpy as np

from tearspace.ml.features import features_one, load_featurizer
from tearspace.ml.linear import LinearModel, load_linear

# From the GoEmotions repository (data/ekman_mapping.json); neutral stays neutral.
EKMAN_MAPPING: dict[str, tuple[str, ...]] = {
    "anger": ("anger", "annoyance", "disapproval"),
    "disgust": ("disgust",),
    "fear": ("fear", "nervousness"),
    "joy": (
        "joy",
        "amusement",
        "approval",
        "excitement",
        "gratitude",
        "love",
        "optimism",
        "relief",
        "pride",
        "admiration",
        "desire",
        "caring",
    ),
    "sadness": ("sadness", "disappointment", "embarrassment", "grief", "remorse"),
    "surprise": ("surprise", "realization", "confusion", "curiosity"),
    "neutral": ("neutral",),
}
_EKMAN_OF = {label: ekman for ekman, labels in EKMAN_MAPPING.items() for label in labels}


def ekman_of(label: str) -> str:
    """Ekman category of a GoEmotions label ("grief" -> "sadness")."""
    try:
        return _EKMAN_OF[label]
    except KeyError:
        raise ValueError(f"unknown emotion label: {label!r}") from None


@cache
def emotion_model() -> LinearModel:
    return load_linear("emotions")


def emotion_labels() -> list[str]:
    return list(emotion_model().labels)


def _ranked(scores: np.ndarray, labels: list[str], top: int) -> list[tuple[str, float]]:
    order = np.argsort(-scores, kind="stable")[: max(top, 0)]
    return [(labels[i], round(float(scores[i]), 4)) for i in order]


def emotion_scores(texts: Sequence[str]) -> np.ndarray:
    """Per-label probabilities, shape (len(texts), 28)."""
    return emotion_model().proba(load_featurizer().transform(list(texts)))


def detect_emotions(text: str, top: int = 5) -> list[tuple[str, float]]:
    """Top `top` emotions with probabilities in [0, 1], highest first."""
    model = emotion_model()
    return _ranked(model.proba(features_one(text))[0], model.labels, top)


def detected_labels(text: str) -> list[str]:
    """Labels above their dev-tuned thresholds (the multi-label decision)."""
    model = emotion_model()
    scores = model.proba(features_one(text))[0]
    thresholds = np.asarray(model.meta["thresholds"], dtype=np.float32)
    hits = [model.labels[i] for i in np.argsort(-scores) if scores[i] >= thresholds[i]]
    return hits or [model.labels[int(np.argmax(scores))]]


def detect_ekman(text: str) -> list[tuple[str, float]]:
    """Ekman view: each category scored by its strongest member label."""
    model = emotion_model()
    scores = model.proba(features_one(text))[0]
    best: dict[str, float] = {}
    for label, score in zip(model.labels, scores, strict=True):
        ekman = ekman_of(label)
        best[ekman] = max(best.get(ekman, 0.0), float(score))
    return sorted(((k, round(v, 4)) for k, v in best.items()), key=lambda kv: -kv[1])
