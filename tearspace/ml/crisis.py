"""Crisis screening: a reviewed pattern grammar (C-SSRS kinds) plus a trained linear classifier.

The whole text is read, however long: the grammar runs over every sentence, and the classifier
reads the head and tail plus every window around a sentence where the grammar saw a signal.
Either layer can raise the level; neither can lower what the other found.

Decision policy: help is shown from a recall-first classifier threshold and for any own or
someone-else risk the grammar finds; `urgent` (a moderator escalation) only for imminent risk
stated by the writer about themselves: not safe now, an attempt under way, a plan, a means
together with intent, or intent with a time. Every result carries `why`: plain words the person
sees in the help panel, which never name a means. If anything fails, help is shown.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import scipy.sparse as sp

from tearspace.ml import crisis_patterns as cp
from tearspace.ml.crisis_patterns import LEVEL_ORDER, Level
from tearspace.ml.features import MAX_CHARS, features_many, features_one, load_featurizer
from tearspace.ml.language import UNREAD_REASON, UNREAD_WHY, unread_language
from tearspace.ml.linear import LinearModel, load_linear
from tearspace.ml.marks import gettext_noop
from tearspace.ml.text import normalise

LEVEL_FLOOR = {"none": 0.0, "distress": 0.3, "concern": 0.7, "urgent": 0.95}
IDIOM_OVERRIDE = 0.9  # classifier score needed to raise a text whose only signal is an idiom
WINDOW_CHARS = 1200  # classifier window around a signal in a long text
MAX_WINDOWS = 6  # bounds the classifier's work on a long text (100,000 chars < 50 ms)
CONTEXT_CHARS = 300  # how far subject, negation and time words are looked for around a hit
LONG_TEXT = 5000  # longer texts: the grammar reads only the sentences around a trigger word
MAX_TRIGGERS = 400  # per trigger word, so a pathological text stays bounded
MAX_HITS_PER_RULE = 20  # a phrase repeated thousands of times adds nothing but work

OTHER_REASON = "mentions that someone else may be at risk"
# Translators: the words a person reads under "Why am I seeing this?" (a capital first
# letter and a full stop are added); never name a means.
OTHER_WHY = gettext_noop("you wrote that someone else may be at risk")
NEGATED_WHY = gettext_noop("you mentioned dying or hurting yourself, even if to say you won't")
HOPELESS_WHY = gettext_noop("you wrote about feeling hopeless")
CLASSIFIER_REASON = "the classifier found signs of risk (score {score:.2f})"
CLASSIFIER_WHY = gettext_noop("what you wrote sounded very heavy")


@dataclass(frozen=True)
class CrisisAssessment:
    """What screening found. `reasons` are for moderators, `why` for the person; neither ever
    names a means. `language` is the detected language code ("" when too short to tell)."""

    level: Level
    show_help: bool
    reasons: list[str] = field(default_factory=list)
    score: float = 0.0
    why: list[str] = field(default_factory=list)
    language: str = ""


@dataclass(frozen=True)
class Thresholds:
    concern: float  # classifier score from which help is shown (chosen for recall)
    distress: float  # classifier score from which the level is at least distress


@dataclass
class _Finding:
    level: Level = "none"
    show_help: bool = False
    reasons: list[str] = field(default_factory=list)
    why: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)  # signals' places in `read`
    read: str = ""  # the normalised text the grammar read

    def raise_to(
        self, level: Level, reason: str, why: str = "", *, show_help: bool = False
    ) -> None:
        if LEVEL_ORDER[level] > LEVEL_ORDER[self.level]:
            self.level = level
        self.show_help = self.show_help or show_help or LEVEL_ORDER[level] >= 2
        if reason not in self.reasons:
            self.reasons.append(reason)
        if why and why not in self.why:
            self.why.append(why)


@dataclass(frozen=True)
class _Hit:
    rule: cp.Rule
    start: int
    end: int
    sentence: int


@dataclass(frozen=True)
class _Reading:
    """A normalised text cut into sentences, with helpers for the grammar."""

    text: str
    starts: list[int]
    ends: list[int]

    @classmethod
    def of(cls, text: str) -> _Reading:
        spans = [m.span() for m in cp.SENTENCE.finditer(text)] or [(0, len(text))]
        return cls(text, [s for s, _ in spans], [e for _, e in spans])

    def sentence_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.starts, pos) - 1)

    def prefix(self, hit: _Hit) -> str:
        """The hit's sentence up to the hit (at most CONTEXT_CHARS)."""
        return self.text[max(self.starts[hit.sentence], hit.start - CONTEXT_CHARS) : hit.start]

    def sentence(self, hit: _Hit) -> str:
        start = max(self.starts[hit.sentence], hit.start - CONTEXT_CHARS)
        return self.text[start : min(self.ends[hit.sentence], hit.end + CONTEXT_CHARS)]

    def window(self, hit: _Hit) -> str:
        """The hit's sentence with its neighbours either side (at most CONTEXT_CHARS away)."""
        i, last = hit.sentence, len(self.starts) - 1
        start = max(self.starts[max(0, i - 1)], hit.start - CONTEXT_CHARS)
        return self.text[start : min(self.ends[min(last, i + 1)], hit.end + CONTEXT_CHARS)]


def _scan(reading: _Reading) -> list[_Hit]:
    hits: list[_Hit] = []
    for rule in cp.RULES:
        for n, m in enumerate(rule.regex.finditer(reading.text)):
            if n == MAX_HITS_PER_RULE:
                break
            hits.append(_Hit(rule, m.start(), m.end(), reading.sentence_of(m.start())))
    return hits


def _last_end(pattern: re.Pattern[str], text: str) -> int:
    return max((m.end() for m in pattern.finditer(text)), default=0)


def _last_start(pattern: re.Pattern[str], text: str) -> int:
    return max((m.start() for m in pattern.finditer(text)), default=-1)


def _subject(reading: _Reading, hit: _Hit) -> str:
    """ "own", "negated" or "other": whose risk a hit is about, and whether it is denied."""
    prefix = reading.prefix(hit)
    if prefix.count('"') % 2 == 1:  # inside a quotation: someone else's words
        return "other"
    clause = prefix[_last_end(cp.CLAUSE_BREAK, prefix) :]
    if cp.NEGATION[hit.rule.language].search(clause):
        return "negated"
    after = cp.NEGATION_AFTER.get(hit.rule.language)
    if after is not None and after.match(reading.text, hit.end):
        return "negated"
    if hit.rule.kind == "hurt_by_other":
        return "own"
    matched = reading.text[hit.start : hit.end]
    first = _last_start(cp.FIRST_PERSON, prefix + matched)
    other = _last_start(cp.OTHER_PERSON, prefix)
    return "other" if other > first else "own"


def _own_level(reading: _Reading, hit: _Hit, own_kinds: set[str]) -> Level | None:
    """The level of a hit that is the writer's own; None when context shows it is benign."""
    kind = hit.rule.kind
    sentence, window = reading.sentence(hit), reading.window(hit)
    others = own_kinds - {kind, "hurt_by_other"}
    if kind in cp.FAREWELLS and cp.BENIGN_FAREWELL.search(window):
        return None
    after = reading.text[hit.end : hit.end + 40]
    if hit.rule.language in cp.TIME_BEFORE_VERB:
        after += " " + reading.text[max(0, hit.start - 20) : hit.start]
    # Only the hit's own kind is tested: each entry is evaluated on demand.
    escalates: dict[str, Callable[[], object]] = {
        "goodbye": lambda: cp.FINAL_FAREWELL.search(window) or others,
        "coded_time": lambda: cp.GOODBYE.search(window) or others,
        "means_at_hand": lambda: others or cp.TIME_NOW.search(window),
        "intent": lambda: (
            cp.STRONG_INTENT.search(reading.text, hit.start, hit.end)
            or cp.TIME_NOW.search(window)
            or cp.MEANS.search(sentence)
        ),
        "method_question": lambda: cp.TIME_NOW.search(window),
        # a time after the verb ("end it tonight"), or a means in the same sentence
        "thoughts": lambda: cp.TIME_NOW.search(after) or cp.MEANS.search(sentence),
        "wish_dead": lambda: cp.MEANS.search(sentence),
    }
    urgent = kind in escalates and bool(escalates[kind]())
    level = "urgent" if urgent else cp.KINDS[kind].level
    if level == "urgent" and cp.PAST.search(sentence):
        level = "concern"
    return level


def _triggered(text: str) -> str:
    """The sentences of a long text (with their neighbours) that hold a trigger word."""
    lower = text.lower()
    reading = _Reading.of(lower)
    chosen: set[int] = set()
    for word in cp.TRIGGERS:
        pos = lower.find(word)
        for _ in range(MAX_TRIGGERS):
            if pos < 0:
                break
            i = reading.sentence_of(pos)
            chosen.update((i - 1, i, i + 1))
            pos = lower.find(word, reading.ends[i])  # the next sentence: one hit per sentence
    picked = sorted(i for i in chosen if 0 <= i < len(reading.starts))
    return "\n".join(text[reading.starts[i] : reading.ends[i]] for i in picked)


def pattern_layer(text: str) -> tuple[_Finding, bool]:
    """Read the text with the grammar; return the finding and whether an idiom was removed.

    Texts up to LONG_TEXT characters are read whole; in longer ones every sentence around a
    trigger word is read. The finding's `spans` are positions in `finding.read`.
    """
    norm = normalise(_triggered(text) if len(text) > LONG_TEXT else text)
    stripped = cp.IDIOMS.sub(" ", norm)
    reading = _Reading.of(stripped)
    hits = _scan(reading)
    subjects = [_subject(reading, h) for h in hits]
    own_kinds = {h.rule.kind for h, s in zip(hits, subjects, strict=True) if s == "own"}
    finding = _Finding(read=stripped)
    for hit, subject in zip(hits, subjects, strict=True):
        kind = cp.KINDS[hit.rule.kind]
        if subject == "other":
            finding.raise_to("concern", OTHER_REASON, OTHER_WHY)
        elif subject == "negated":
            finding.raise_to(
                "distress", f"{kind.reason}, with a negation", NEGATED_WHY, show_help=True
            )
        else:
            level = _own_level(reading, hit, own_kinds)
            if level is None:
                continue
            finding.raise_to(level, kind.reason, kind.why)
        finding.spans.append((hit.start, hit.end))
    if own_kinds - {"hurt_by_other"} and cp.PLAN_CONTEXT.search(stripped):
        plan = cp.KINDS["plan"]
        finding.raise_to("urgent", plan.reason, plan.why)
    if cp.REFLEXIVE_OTHER.search(stripped):
        finding.raise_to("concern", OTHER_REASON, OTHER_WHY)
    if cp.HOPELESS.search(stripped):
        finding.raise_to("distress", "expresses hopelessness", HOPELESS_WHY, show_help=True)
    elif cp.DISTRESS.search(stripped):
        finding.raise_to("distress", "expresses sadness or overwhelm")
    return finding, stripped != norm


def _windows(finding: _Finding) -> list[str]:
    """Windows of a long text around the grammar's signals, for the classifier."""
    norm = finding.read
    centres = sorted({(s + e) // 2 for s, e in finding.spans})[:MAX_WINDOWS]
    half = WINDOW_CHARS // 2
    return [norm[max(0, c - half) : c + half] for c in centres]


def _combine(
    text: str,
    proba: float,
    thresholds: Thresholds,
    window_proba: Callable[[sp.csr_matrix], np.ndarray] | None = None,
) -> CrisisAssessment:
    """Combine the grammar with the classifier's score `proba` of the text's head and tail.

    With `window_proba`, a text longer than MAX_CHARS is also scored on windows around the
    grammar's signals and the highest score counts.
    """
    finding, idiom = pattern_layer(text)
    if window_proba is not None and len(text) > MAX_CHARS and finding.spans:
        windows = load_featurizer().transform(_windows(finding))
        proba = max(proba, float(window_proba(windows).max()))
    quiet = finding.level == "none" and idiom and proba < IDIOM_OVERRIDE
    reason = CLASSIFIER_REASON.format(score=proba)
    if not quiet and proba >= thresholds.concern:
        finding.raise_to("concern", reason, CLASSIFIER_WHY)
    elif not quiet and proba >= thresholds.distress:
        finding.raise_to("distress", reason)
    language, unread = unread_language(text)
    if unread:
        finding.raise_to("distress", UNREAD_REASON, UNREAD_WHY, show_help=True)
    score = max(proba, LEVEL_FLOOR[finding.level])
    return CrisisAssessment(
        finding.level,
        finding.show_help,
        finding.reasons,
        round(score, 4),
        finding.why,
        language,
    )


def _failed(error: Exception) -> CrisisAssessment:
    # Safety trade-off: a screening failure must never pass silently.
    reason = f"screening failed ({type(error).__name__}); flagged for review"
    why = gettext_noop("we couldn't read what you wrote just now, so help is here just in case")
    return CrisisAssessment("concern", True, [reason], 1.0, [why])


@dataclass(frozen=True)
class CrisisScreen:
    model: LinearModel
    thresholds: Thresholds

    def proba(self, features: sp.csr_matrix) -> np.ndarray:
        return self.model.proba(features)[:, 0]

    def assess(self, text: str, features: sp.csr_matrix) -> CrisisAssessment:
        return _combine(text, float(self.proba(features)[0]), self.thresholds, self.proba)

    def assess_many(self, texts: Sequence[str]) -> list[CrisisAssessment]:
        probas = self.proba(features_many(texts))
        return [
            _combine(t, float(p), self.thresholds, self.proba)
            for t, p in zip(texts, probas, strict=True)
        ]


def screen_from(model: LinearModel) -> CrisisScreen:
    meta = model.meta
    return CrisisScreen(model, Thresholds(float(meta["concern"]), float(meta["distress"])))


@cache
def default_screen() -> CrisisScreen:
    return screen_from(load_linear("crisis"))


def assess_crisis(text: str) -> CrisisAssessment:
    """Screen one text of any length; never raises (a failure shows help, level concern)."""
    try:
        return default_screen().assess(text, features_one(text))
    except Exception as error:  # fail towards showing help
        return _failed(error)


def assess_crisis_many(texts: Sequence[str]) -> list[CrisisAssessment]:
    """Screen a batch; equal to `[assess_crisis(t) for t in texts]`, faster."""
    try:
        return default_screen().assess_many(list(texts))
    except Exception:  # fall back to one-by-one so one bad text fails alone
        return [assess_crisis(t) for t in texts]
