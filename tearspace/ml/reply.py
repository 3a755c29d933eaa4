"""Kindness check for replies: reviewed phrases + a tone model.

The tone model is an ok/nudge/hold linear model over the shared text features plus extra
inputs: alt-profanity-check's calibrated probability (weights exported to npz so inference
needs no pickle), a Davidson hate/offensive model, and the tone cues of `reply_patterns`
(sarcasm, condescension, minimising, kindness...). Phrases can only make the verdict stricter,
and only when the reply says them: a phrase that is quoted, denied, reported or asked about is
left to the model. The model alone nudges; it holds only when very sure.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from tearspace.ml import reply_patterns as rp
from tearspace.ml.crisis import pattern_layer
from tearspace.ml.crisis_patterns import LEVEL_ORDER
from tearspace.ml.features import ARTEFACTS, features_many, features_one, load_featurizer
from tearspace.ml.linear import LinearModel, load_linear, sigmoid
from tearspace.ml.memory import settle
from tearspace.ml.text import normalise

Verdict = Literal["ok", "nudge", "hold"]
FloatArray = npt.NDArray[np.float32]
_PROFANITY_TOKEN = re.compile(r"(?u)\b\w\w+\b")
_SHOUTED = re.compile(r"\b(?!OK\b)[A-Z]{2,}\b")
# A quotation of two or more words (an apostrophe inside a word does not end it).
_QUOTATION = re.compile(
    r"(?:(?<=^)|(?<=[\s(\[:,]))(?:'(?:[^'\n]|(?<=\w)'(?=\w)){1,200}?\s(?:[^'\n]|(?<=\w)'(?=\w))"
    r"{1,200}?'|\u2018[^\u2019\n]{1,200}?\s[^\u2019\n]{1,200}?\u2019|\"[^\"\n]{1,200}?\s[^\"\n]"
    r"{1,200}?\"|\u201c[^\u201d\n]{1,200}?\s[^\u201d\n]{1,200}?\u201d)(?=[\s.,!?;:)]|$)"
)
_SCARE_QUOTES = re.compile(r"(?:^|\s)[\"'\u201c\u2018][\w ]{1,20}[\"'\u201d\u2019](?=[\s.,!?]|$)")
SCORE_FEATURES = ("profanity", "offensive", "hate")
# GoEmotions probabilities the tone model reads (sarcasm often sounds amused and disapproving).
EMOTION_FEATURES = (
    "amusement",
    "anger",
    "annoyance",
    "approval",
    "caring",
    "curiosity",
    "disapproval",
    "disgust",
    "gratitude",
    "neutral",
    "sadness",
)
CUE_FEATURES = (*rp.TONE_CUE_NAMES, "shouting", "scare_quotes", "question")
META_FEATURES = (*SCORE_FEATURES, *(f"emotion_{e}" for e in EMOTION_FEATURES), *CUE_FEATURES)
MODEL_HOLD = 0.85  # chosen on the team held-out split and GoEmotions dev, never on eval sets
MODEL_NUDGE = 0.5
SHORT_SENTENCES = 3
ABUSE_AGREES = 0.2
MAX_CHARS_QUOTES = 20000
CUE_CHARS = 400  # tone cues read the opening of a long reply: bounded cost, diluted there anyway


@dataclass(frozen=True)
class ReplyAssessment:
    verdict: Verdict
    reasons: list[str] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class ProfanityModel:
    """alt-profanity-check: TF-IDF (word unigrams) -> 5 sigmoid-calibrated linear SVMs."""

    vocab: dict[str, int]
    idf: FloatArray
    coef: FloatArray  # (vocab, n_calibrators)
    intercept: FloatArray
    a: FloatArray
    b: FloatArray

    def score(self, text: str) -> float:
        counts: dict[int, int] = {}
        for token in _PROFANITY_TOKEN.findall(text[:20000].lower()):
            idx = self.vocab.get(token)
            if idx is not None:
                counts[idx] = counts.get(idx, 0) + 1
        if not counts:
            return self._calibrate(self.intercept)
        idxs = np.fromiter(counts, dtype=np.int64)
        weights = np.fromiter(counts.values(), dtype=np.float32) * self.idf[idxs]
        weights /= float(np.sqrt((weights**2).sum()))
        return self._calibrate(weights @ self.coef[idxs] + self.intercept)

    def _calibrate(self, decision: npt.NDArray[np.floating[Any]]) -> float:
        return float(np.mean(sigmoid(-(self.a * decision + self.b))))


@cache
def load_profanity() -> ProfanityModel:
    words = json.loads((ARTEFACTS / "profanity.json").read_text())["vocabulary"]
    with np.load(ARTEFACTS / "profanity.npz", allow_pickle=False) as data:
        arrays = {k: data[k].astype(np.float32) for k in ("idf", "coef", "intercept", "a", "b")}
    model = ProfanityModel(vocab={w: i for i, w in enumerate(words)}, **arrays)
    settle()
    return model


@dataclass(frozen=True)
class ReplyModels:
    profanity: ProfanityModel
    davidson: LinearModel
    emotions: LinearModel
    in_domain: LinearModel

    def meta(self, texts: Sequence[str], features: sp.csr_matrix) -> FloatArray:
        """Extra model inputs per text, in `META_FEATURES` order: shape (len(texts), n)."""
        dav = self.davidson.proba(features)
        labels = self.davidson.labels
        prof = np.array([self.profanity.score(t) for t in texts], dtype=np.float32)
        scores = [prof, dav[:, labels.index("offensive")], dav[:, labels.index("hate")]]
        emo = self.emotions.proba(features)
        scores += [emo[:, self.emotions.labels.index(e)] for e in EMOTION_FEATURES]
        cues = np.array([tone_cues(t) for t in texts], dtype=np.float32).reshape(len(texts), -1)
        return np.column_stack([*scores, cues]).astype(np.float32)

    def in_domain_proba(self, features: sp.csr_matrix, meta: FloatArray) -> FloatArray:
        extra = np.asarray(self.in_domain.meta["meta_weights"], dtype=np.float32)
        return sigmoid(self.in_domain.decision(features) + meta @ extra)


def model_text(text: str) -> str:
    """`text` as the tone model reads it: quotations of two or more words become "quoted
    words", so a reply is judged on what it says, not on the words it quotes to reject."""
    if not any(mark in text for mark in "'\"\u2018\u201c"):
        return text
    return _QUOTATION.sub(" quoted words ", text[:MAX_CHARS_QUOTES])


def _may_match(cue: str, words: set[str]) -> bool:
    anchors = rp.CUE_ANCHORS.get(cue)
    return anchors is None or not anchors.isdisjoint(words)


def tone_cues(text: str) -> list[float]:
    """Per tone cue of `text`, in `CUE_FEATURES` order: its hits over the square root of the
    number of sentences, at most 1 (one cue in a one-line reply weighs more than the same cue
    in one sentence of a long answer)."""
    norm = normalise(text)
    scale = 1.0 / np.sqrt(max(1, len(rp.SENTENCE.findall(norm[:CUE_CHARS]))))
    clipped = text[:CUE_CHARS]
    head = norm[:CUE_CHARS]
    words = set(rp.CUE_TOKEN.findall(head))
    counts = [
        *(
            len(pattern.findall(head)) if _may_match(name, words) else 0
            for name, pattern in rp.TONE_CUES
        ),
        len(_SHOUTED.findall(clipped)),
        len(_SCARE_QUOTES.findall(clipped)),
        norm.count("?"),
    ]
    return [min(1.0, c * scale) for c in counts]


TONE_INPUTS = ("features.npz", "profanity.npz", "davidson.npz", "emotions.npz")


def inputs_fingerprint() -> str:
    """SHA-256 over the artefacts the tone model reads; stored in reply.json at training, so a
    retrained feature space or input model shows up as a mismatch instead of silent drift."""
    digest = hashlib.sha256()
    for name in TONE_INPUTS:
        digest.update((ARTEFACTS / name).read_bytes())
    return digest.hexdigest()


@cache
def default_models() -> ReplyModels:
    models = ReplyModels(
        load_profanity(), load_linear("davidson"), load_linear("emotions"), load_linear("reply")
    )
    if tuple(models.in_domain.meta["meta_features"]) != META_FEATURES:
        raise ValueError("reply.json was trained with other extra inputs; run train_reply.py")
    return models


def _uses(pattern: re.Pattern[str], norm: str) -> tuple[bool, bool]:
    """Whether the reply says a hit of `pattern` itself (not quoted, denied, reported or
    conditional): (outright, only inside a genuine question)."""
    asked = False
    for match in pattern.finditer(norm):
        if rp.is_quoted_or_denied(norm, match.start()):
            continue
        if not rp.is_question(norm, match.start()):
            return True, False
        asked = True
    return False, asked


def _phrase_verdict(norm: str, p_hold: float, reasons: list[str]) -> Verdict:
    # A question is never held on a phrase alone: "did you cut yourself?" asks after safety,
    # and "are you an idiot?" is rude enough for a pause, not for a moderator.
    if _uses(rp.HARM, norm)[0]:
        reasons.append("encourages self-harm or threatens")
        return "hold"
    insult, asked = _uses(rp.ABUSE, norm)
    # An insult in a short reply is aimed at someone; one word in a long answer is often
    # mentioned, not used ("examples of abusive statements: ..."), so the model must agree.
    if insult and (len(rp.SENTENCE.findall(norm)) <= SHORT_SENTENCES or p_hold >= ABUSE_AGREES):
        reasons.append("contains insults or abuse")
        return "hold"
    if insult or asked:
        reasons.append("may sound insulting")
        return "nudge"
    if _uses(rp.DISMISSIVE, norm)[0]:
        reasons.append("may sound dismissive or minimising")
        return "nudge"
    return "ok"


def _context_verdict(norm: str, context: str | None, reasons: list[str]) -> Verdict:
    if not context or not rp.ENCOURAGE.search(norm):
        return "ok"
    finding, _ = pattern_layer(context)
    if LEVEL_ORDER[finding.level] >= LEVEL_ORDER["concern"]:
        reasons.append("may encourage someone who is at risk")
        return "hold"
    return "ok"


def _mentioned_only(norm: str, verdict: Verdict) -> bool:
    """True when the reply holds harsh phrases but the phrase check found none of them used."""
    return verdict != "hold" and bool(rp.HARM.search(norm) or rp.ABUSE.search(norm))


def _stricter(a: Verdict, b: Verdict) -> Verdict:
    order = {"ok": 0, "nudge": 1, "hold": 2}
    return a if order[a] >= order[b] else b


def _combine(
    text: str, context: str | None, meta: FloatArray, proba: FloatArray, labels: list[str]
) -> ReplyAssessment:
    norm = normalise(text)
    reasons: list[str] = []
    p = dict(zip(labels, (float(x) for x in proba), strict=True))
    verdict = _phrase_verdict(norm, p["hold"], reasons)
    verdict = _stricter(verdict, _context_verdict(norm, context, reasons))
    # The model alone holds a reply only when very sure, and never when the harsh words it
    # reacts to are quoted, denied, reported or asked about (the phrases found no use of them).
    if p["hold"] >= MODEL_HOLD and not _mentioned_only(norm, verdict):
        verdict = _stricter(verdict, "hold")
        reasons.append(f"abuse score {p['hold']:.2f}")
    elif p["nudge"] + p["hold"] >= MODEL_NUDGE:
        verdict = _stricter(verdict, "nudge")
        reasons.append(f"judgement score {p['nudge'] + p['hold']:.2f}")
    scores = dict(zip(SCORE_FEATURES, (round(float(x), 4) for x in meta), strict=False))
    scores.update({f"model_{k}": round(v, 4) for k, v in p.items()})
    return ReplyAssessment(verdict, reasons, scores)


def _features(texts: Sequence[str], seen: Sequence[str]) -> sp.csr_matrix:
    """Features of `seen`, reusing the cached features of `texts` (already made by crisis
    screening) for every text the model reads unchanged."""
    if len(seen) == 1:
        return features_one(seen[0])
    changed = [i for i, (t, s) in enumerate(zip(texts, seen, strict=True)) if t != s]
    base = features_many(texts)
    if not changed:
        return base
    fresh = load_featurizer().transform([seen[i] for i in changed])
    order = np.arange(len(texts))
    order[changed] = len(texts) + np.arange(len(changed))
    return sp.csr_matrix(sp.vstack([base, fresh], format="csr")[order])


def _assess_batch(
    models: ReplyModels, texts: Sequence[str], seen: Sequence[str], context: str | None
) -> list[ReplyAssessment]:
    """Assess `texts`; `seen` is what the model reads of each (`model_text`)."""
    features = _features(texts, seen)
    meta = models.meta(seen, features)
    proba = models.in_domain_proba(features, meta)
    labels = models.in_domain.labels
    return [_combine(t, context, meta[i], proba[i], labels) for i, t in enumerate(texts)]


def _failed(error: Exception) -> ReplyAssessment:
    # A failed check holds the reply for a person to review rather than letting it through.
    return ReplyAssessment("hold", [f"check failed ({type(error).__name__}); held for review"])


def assess_reply(text: str, context: str | None = None) -> ReplyAssessment:
    try:
        return _assess_batch(default_models(), [text], [model_text(text)], context)[0]
    except Exception as error:  # fail closed
        return _failed(error)


def assess_reply_many(texts: Sequence[str], context: str | None = None) -> list[ReplyAssessment]:
    texts = list(texts)
    try:
        seen = [model_text(t) for t in texts]
        return _assess_batch(default_models(), texts, seen, context)
    except Exception:  # isolate the failing text
        return [assess_reply(t, context) for t in texts]
