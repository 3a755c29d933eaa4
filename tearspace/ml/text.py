"""Normalisation for the pattern layers: undo leetspeak, chat spellings, spacing tricks, emoji.

The whole text is normalised, however long: every step is a linear-time regex or table pass,
so a 100,000-character entry costs a few milliseconds, and a sentence of intent in the middle
of a long journal entry is read like any other.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

# Emoji that carry risk meaning become plain tokens the patterns can see.
# (Skull is deliberately absent: it usually means "I'm laughing".)
_EMOJI = {
    "\U0001f52a": " emoji_blade ",
    "\U0001fa78": " emoji_blood ",
    "\U0001f48a": " emoji_pills ",
    "\U0001faa2": " emoji_rope ",
    "\U0001f52b": " emoji_gun ",
    "\u26b0": " emoji_coffin ",
    "\U0001faa6": " emoji_grave ",
    "\U0001f480": " emoji_skull ",
    "\U0001f602": " emoji_laugh ",
    "\U0001f923": " emoji_laugh ",
    "\u2019": "'",
    "\u2018": "'",
    "*": "i",
}
_EMOJI_TABLE = str.maketrans(_EMOJI)
# Accents are folded for the Latin-script phrase lists (es, fr, de, pt, it): people often type
# without them ("morire", "deja", "ware"). Other scripts (Cyrillic, Japanese) are left alone.
_ACCENTS = str.maketrans(
    {
        **dict(zip("áàâäãåéèêëíìîïóòôöõúùûüçñýÿ", "aaaaaaeeeeiiiiooooouuuucnyy", strict=True)),
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
    }
)
_LEET = str.maketrans(
    {"1": "i", "3": "e", "0": "o", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)
_MIXED_TOKEN = re.compile(r"(?<![a-z0-9@$])[a-z@$]*[0-9@$][a-z0-9@$]*")  # token starts only: linear
_SPACED = re.compile(r"\b(?:[a-z][ .\-_]){3,}[a-z]\b")
_ELONGATED = re.compile(r"([a-z])\1{2,}")
_APOSTROPHE = re.compile(r"(?<=[a-z])'(?=[a-z])")
# Chat spellings that drop the g: "thinkin bout endin it all" -> "thinking about ending it all".
# A closed list of stems, so ordinary words ending in -in ("begin", "within") are untouched.
_DROPPED_G = re.compile(
    r"\b(think|end|kill|try|go|do|cutt|hang|jump|feel|plann?|want|wish|tak|giv|say|dy|lov"
    r"|hurt|wait|hid|bleed|burn|sleep|mak|start|stopp|writ|cry|los|look|google|research"
    r"|sav|hoard|leav|drown|shoot|stabb|overdos|swallow|hold|sitt|stand)in\b"
)
_CHAT: list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]] = [
    (re.compile(r"\bwanna\b"), "want to"),
    (re.compile(r"\bgonna\b"), "going to"),
    (re.compile(r"\bgotta\b"), "got to"),
    (re.compile(r"\b(?:u)\b"), "you"),
    (re.compile(r"\bur\b"), "your"),
    (re.compile(r"\bmy self\b"), "myself"),
    (re.compile(r"\bim\b"), "i am"),
    (re.compile(r"\bive\b"), "i have"),
    (re.compile(r"\bill\b(?= (?:be|do|go|just|finally|end|kill|never|take|make))"), "i will"),
    (re.compile(r"\bid\b(?= (?:rather|be|love|like))"), "i would"),
    (re.compile(r"(?<=[a-z]) 2 (?=[a-z])"), " to "),
    (re.compile(r"\bbout\b"), "about"),
    (re.compile(r"\bcuz\b|\bcoz\b|\bbc\b"), "because"),
    (_DROPPED_G, lambda m: m.group(1) + "ing"),
    (re.compile(r"\s*\n\s*"), "\n"),  # line breaks end sentences: keep one
    (re.compile(r"[^\S\n]+"), " "),
]


def _unleet(match: re.Match[str]) -> str:
    token = match.group(0)
    if not any(c.isalpha() for c in token) or token.isdigit():
        return token
    return token.translate(_LEET)


CACHE_MAX_CHARS = 2000  # long texts are not cached, so the cache stays a few tens of MB at most


def normalise(text: str) -> str:
    """Lower-case, canonical spelling of `text` for regex screening."""
    if len(text) <= CACHE_MAX_CHARS:
        return _normalise_cached(text)
    return _normalise_long(text)


@lru_cache(maxsize=16384)  # crisis and reply checks of the same texts normalise once
def _normalise_cached(text: str) -> str:
    return _normalise(text)


@lru_cache(maxsize=4)  # a long entry is read by several layers; keep only the last few
def _normalise_long(text: str) -> str:
    return _normalise(text)


def _normalise(text: str) -> str:
    t = text.lower().translate(_EMOJI_TABLE).translate(_ACCENTS)
    t = _APOSTROPHE.sub("", t)
    t = _MIXED_TOKEN.sub(_unleet, t)
    t = _SPACED.sub(lambda m: re.sub(r"[ .\-_]", "", m.group(0)), t)
    t = _ELONGATED.sub(r"\1\1", t)
    for pattern, replacement in _CHAT:
        t = pattern.sub(replacement, t)
    return t.strip()
