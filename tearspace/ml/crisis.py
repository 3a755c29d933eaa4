"""Crisis screening: a reviewed pattern layer (C-SSRS items) plus a trained linear classifier.

Either layer can raise the level; neither can lower what the other found. When in doubt the
result shows help. If anything fails, the text is treated as needing review and help is shown.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import scipy.sparse as sp

from tearspace.ml import crisis_patterns as cp
from tearspace.ml.crisis_patterns import LEVEL_ORDER, Level
from tearspace.ml.features import features_many, features_one
from tearspace.ml.linear import LinearModel, load_linear
from tearspace.ml.text import normalise

_SENTENCE_END = re.compile(r"[.!?\n;]")
LEVEL_FLOOR = {"none": 0.0, "distress": 0.3, "concern": 0.7, "urgent": 0.95}
IDIOM_OVERRIDE = 0.9  # classifier score needed to raise a text whose only signal is an idiom


@dataclass(frozen=True)
class CrisisAssessment:
    level: Level
    show_help: bool
    reasons: list[str] = field(default_factory=list)
    score: float = 0.0


@dataclass(frozen=True)
class Thresholds:
    concern: float
    distress: float


@dataclass
class _Finding:
    level: Level = "none"
    show_help: bool = False
    reasons: list[str] = field(default_factory=list)

    def raise_to(self, level: Level, reason: str, *, show_help: bool = False) -> None:
        if LEVEL_ORDER[level] > LEVEL_ORDER[self.level]:
            self.level = level
        self.show_help = self.show_help or show_help or LEVEL_ORDER[level] >= 2
        if reason not in self.reasons:
            self.reasons.append(reason)


def _sentence_prefix(text: str, start: int) -> str:
    cut = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    return text[cut:start]


def _last(pattern: re.Pattern[str], text: str) -> int:
    return max((m.start() for m in pattern.finditer(text)), default=-1)


def _about_someone_else(prefix: str, matched: str) -> bool:
    first = _last(cp.FIRST_PERSON, prefix + matched)
    other = _last(cp.OTHER_PERSON, prefix)
    return other > first


def _scan_category(cat: cp.Category, text: str, finding: _Finding) -> bool:
    """Record hits of one category; return True when the writer's own risk was found."""
    own = False
    for match in cat.regex.finditer(text):
        prefix = _sentence_prefix(text, match.start())
        if cat.negatable and cp.NEGATION_BEFORE.search(prefix[-40:]):
            finding.raise_to("distress", f"{cat.reason}, with a negation", show_help=True)
        elif _about_someone_else(prefix, match.group(0)):
            finding.raise_to("concern", "mentions that someone else may be at risk")
        else:
            finding.raise_to(cat.level, cat.reason)
            own = True
    return own


def pattern_layer(text: str) -> tuple[_Finding, bool]:
    """Run the pattern layer; return the finding and whether an idiom was removed."""
    norm = normalise(text)
    stripped = cp.IDIOMS.sub(" ", norm)
    finding = _Finding()
    own = False
    for cat in cp.CATEGORIES:
        # A possible preparation alone ("bought a rope") is not own risk that a means escalates.
        found = _scan_category(cat, stripped, finding)
        own = own or (found and cat.name != "preparation")
    if own and finding.level != "urgent":
        if cp.METHOD_CONTEXT.search(stripped):
            finding.raise_to("urgent", "mentions a possible means of self-harm")
        elif cp.PLAN_CONTEXT.search(stripped):
            finding.raise_to("urgent", "mentions a plan or preparations")
    if cp.REFLEXIVE_OTHER.search(stripped):
        finding.raise_to("concern", "mentions that someone else may be at risk")
    if cp.HOPELESS.search(stripped):
        finding.raise_to("distress", "expresses hopelessness", show_help=True)
    elif cp.DISTRESS.search(stripped):
        finding.raise_to("distress", "expresses sadness or overwhelm")
    return finding, stripped != norm


def _combine(text: str, proba: float, thresholds: Thresholds) -> CrisisAssessment:
    finding, idiom = pattern_layer(text)
    quiet = finding.level == "none" and idiom and proba < IDIOM_OVERRIDE
    if not quiet and proba >= thresholds.concern:
        finding.raise_to("concern", f"classifier score {proba:.2f}")
    elif not quiet and proba >= thresholds.distress:
        finding.raise_to("distress", f"classifier score {proba:.2f}")
    score = max(proba, LEVEL_FLOOR[finding.level])
    return CrisisAssessment(finding.level, finding.show_help, finding.reasons, round(score, 4))


def _failed(error: Exception) -> CrisisAssessment:
    # Safety trade-off: a screening failure must never pass silently.
    reason = f"screening failed ({type(error).__name__}); flagged for review"
    return CrisisAssessment("concern", True, [reason], 1.0)


@dataclass(frozen=True)
class CrisisScreen:
    model: LinearModel
    thresholds: Thresholds

    def proba(self, features: sp.csr_matrix) -> np.ndarray:
        return self.model.proba(features)[:, 0]

    def assess(self, text: str, features: sp.csr_matrix) -> CrisisAssessment:
        return _combine(text, float(self.proba(features)[0]), self.thresholds)

    def assess_many(self, texts: Sequence[str]) -> list[CrisisAssessment]:
        probas = self.proba(features_many(texts))
        return [_combine(t, float(p), self.thresholds) for t, p in zip(texts, probas, strict=True)]


def screen_from(model: LinearModel) -> CrisisScreen:
    meta = model.meta
    return CrisisScreen(model, Thresholds(float(meta["concern"]), float(meta["distress"])))


@cache
def default_screen() -> CrisisScreen:
    return screen_from(load_linear("crisis"))


def assess_crisis(text: str) -> CrisisAssessment:
    try:
        return default_screen().assess(text, features_one(text))
    except Exception as error:  # fail towards showing help
        return _failed(error)


def assess_crisis_many(texts: Sequence[str]) -> list[CrisisAssessment]:
    try:
        return default_screen().assess_many(list(texts))
    except Exception:  # fall back to one-by-one so one bad text fails alone
        return [assess_crisis(t) for t in texts]
