"""Topic hints for peer matching: a small documented keyword list, not a trained model."""

from __future__ import annotations

import re

from tearspace.ml.text import normalise

TOPICS: dict[str, str] = {
    "grief": r"died|passed away|funeral|grief|griev\w*|loss of|lost my|miss (?:him|her|them)"
    r"|anniversary of|memorial",
    "breakup": r"break ?up|broke up|my ex\b|dumped|divorce|cheated|heartbr\w*|relationship",
    "family": r"\b(?:mum|mom|mother|dad|father|parents?|brother|sister|family|son|daughter"
    r"|grandma|grandpa|kids?)\b",
    "work_study": r"\b(?:work|job|boss|colleague|exam|exams|school|uni|university|class"
    r"|deadline|teacher|homework|thesis|fired|interview)\b",
    "loneliness": r"\b(?:lonely|alone|no friends|isolated|nobody to talk|new city|left out)\b",
    "health": r"\b(?:sick|illness|hospital|diagnos\w*|pain|chronic|doctor|surgery|cancer"
    r"|anxiety|depress\w*|panic)\b",
    "joy": r"\b(?:happy tears|tears of joy|wedding|proud|so happy|relieved|passed my|grateful"
    r"|born|engaged)\b",
}
_COMPILED = {name: re.compile(pattern) for name, pattern in TOPICS.items()}


def classify_topic(text: str) -> list[tuple[str, float]]:
    """Topics mentioned in `text`, scored by share of keyword hits (empty when none)."""
    norm = normalise(text)
    hits = {name: len(rx.findall(norm)) for name, rx in _COMPILED.items()}
    total = sum(hits.values())
    if not total:
        return []
    ranked = sorted(((n, c / total) for n, c in hits.items() if c), key=lambda kv: -kv[1])
    return [(name, round(score, 4)) for name, score in ranked]
