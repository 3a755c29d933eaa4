"""Language identification for screening (lingua, whose models ship in its wheel).

The crisis screen reads the languages in `crisis_patterns.PATTERN_LANGUAGES`. A text written in
another language is never silently passed: the assessment says so, help is shown, and the help
panel can list lines that answer in that language. The detector knows only a small set of
languages (the ones we read plus common ones we do not) so it stays fast: about 0.1 ms a text.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from tearspace.ml.crisis_patterns import PATTERN_LANGUAGES
from tearspace.ml.marks import gettext_noop

if TYPE_CHECKING:
    from lingua import LanguageDetector

SAMPLE_CHARS = 600  # enough to tell a language; keeps a 100,000-character text cheap
MIN_LETTERS = 12  # shorter texts ("ok", "lol") cannot be told apart reliably
MIN_CONFIDENCE = 0.6
UNREAD_REASON = "written in a language the screen cannot read yet"
UNREAD_WHY = gettext_noop(
    "you wrote in a language we can't read well yet, so help is here just in case"
)

# Names in English, as operators write them in a crisis line's `languages`; marked, so the
# help panel shows them translated.
NAMES = {
    "en": gettext_noop("English"),
    "es": gettext_noop("Spanish"),
    "fr": gettext_noop("French"),
    "de": gettext_noop("German"),
    "ja": gettext_noop("Japanese"),
    "pt": gettext_noop("Portuguese"),
    "it": gettext_noop("Italian"),
    "ru": gettext_noop("Russian"),
    "nl": gettext_noop("Dutch"),
    "pl": gettext_noop("Polish"),
    "sv": gettext_noop("Swedish"),
    "tr": gettext_noop("Turkish"),
    "zh": gettext_noop("Chinese"),
    "ko": gettext_noop("Korean"),
    "ar": gettext_noop("Arabic"),
    "hi": gettext_noop("Hindi"),
    "id": gettext_noop("Indonesian"),
    "uk": gettext_noop("Ukrainian"),
}


@cache
def detector() -> LanguageDetector:
    """The detector over the languages in NAMES (lingua is imported here, so reading NAMES
    never needs it)."""
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in NAMES]
    built = LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()
    built.detect_language_of("loading every language model now, not on a person's text")
    return built


def letter_weight(text: str) -> int:
    """Letters in `text`, a kana or CJK ideograph counting as three: one carries about as much
    as a short word's letters, so "今から死にます" (7 characters) is long enough to tell."""
    return sum(
        3 if "\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" else 1
        for ch in text
        if ch.isalpha()
    )


def detect_language(text: str) -> tuple[str, float]:
    """(ISO 639-1 code, confidence 0-1) of `text`, or ("", 0.0) when too short to tell."""
    sample = text[:SAMPLE_CHARS]
    if letter_weight(sample) < MIN_LETTERS:
        return "", 0.0
    best = detector().compute_language_confidence_values(sample)[0]
    return best.language.iso_code_639_1.name.lower(), float(best.value)


def unread_language(text: str) -> tuple[str, bool]:
    """(language code, whether the screen cannot read it). Unsure detections count as read."""
    code, confidence = detect_language(text)
    return code, bool(code) and code not in PATTERN_LANGUAGES and confidence >= MIN_CONFIDENCE
