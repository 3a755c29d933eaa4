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

if TYPE_CHECKING:
    from lingua import LanguageDetector

SAMPLE_CHARS = 600  # enough to tell a language; keeps a 100,000-character text cheap
MIN_LETTERS = 12  # shorter texts ("ok", "lol") cannot be told apart reliably
MIN_CONFIDENCE = 0.6
UNREAD_REASON = "written in a language the screen cannot read yet"
UNREAD_WHY = "you wrote in a language we can't read well yet, so help is here just in case"

# Names as people see them (and as operators write them in a crisis line's `languages`).
NAMES = {
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "de": "German",
    "ja": "Japanese",
    "pt": "Portuguese",
    "it": "Italian",
    "ru": "Russian",
    "nl": "Dutch",
    "pl": "Polish",
    "sv": "Swedish",
    "tr": "Turkish",
    "zh": "Chinese",
    "ko": "Korean",
    "ar": "Arabic",
    "hi": "Hindi",
    "id": "Indonesian",
    "uk": "Ukrainian",
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


def detect_language(text: str) -> tuple[str, float]:
    """(ISO 639-1 code, confidence 0-1) of `text`, or ("", 0.0) when too short to tell."""
    sample = text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return "", 0.0
    best = detector().compute_language_confidence_values(sample)[0]
    return best.language.iso_code_639_1.name.lower(), float(best.value)


def unread_language(text: str) -> tuple[str, bool]:
    """(language code, whether the screen cannot read it). Unsure detections count as read."""
    code, confidence = detect_language(text)
    return code, bool(code) and code not in PATTERN_LANGUAGES and confidence >= MIN_CONFIDENCE
