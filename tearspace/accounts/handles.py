"""Handles nobody can pass off as someone else's: one canonical form, no look-alikes.

`canonical_handle` is what uniqueness is decided on (a unique database column holds it), and
`validate_handle` refuses what would let one handle look like another: invisible and format
characters (zero-width joiners, bidi controls, fillers) and letters from scripts that do not
belong together (a Cyrillic a inside `alice`). Script mixing follows Unicode TS #39's "highly
restrictive" level: one script, or Latin with the scripts written alongside it in Chinese,
Japanese and Korean.
"""

import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Letters that Unicode classes as letters but that show as nothing.
INVISIBLE_LETTERS = frozenset("\u115f\u1160\u17b4\u17b5\u3164\uffa0")
# Scripts that may be mixed in one handle (besides any single script on its own).
MIXABLE_SCRIPTS = (
    frozenset({"LATIN", "HAN", "HIRAGANA", "KATAKANA"}),
    frozenset({"LATIN", "HAN", "BOPOMOFO"}),
    frozenset({"LATIN", "HAN", "HANGUL"}),
)
# Cyrillic and Greek letters (case-folded) that look like a Latin one in either case. Handles are
# compared through this map too, so `alice` spelt in Cyrillic cannot stand beside `alice`.
# Within Latin too (Unicode TS #39 confusables): IPA and dotless letters, and the letters and
# digits that one font draws alike — i, l and 1 ("aIice" for "alice"), 0 and o.
_LATIN_SKELETON = dict(zip("i1|0", "lllo", strict=True))
# Small capitals (U+1D05 for d, U+026A for i...), found by their Unicode names.
_SMALL_CAPITALS = {
    chr(code): name[-1].lower()
    for code in [*range(0x0250, 0x02B0), *range(0x1D00, 0x1D30)]
    if (name := unicodedata.name(chr(code), "")).startswith("LATIN LETTER SMALL CAPITAL ")
    and len(name.rsplit(" ", 1)[-1]) == 1
}
LOOK_ALIKES = str.maketrans(
    {
        char: _LATIN_SKELETON.get(latin, latin)
        for chars, latins in (
            ("авсԁеһіјкӏмнорԛѕтуүхԝ", "abcdehijklmhopqstyyxw"),
            ("αβεηικμνορτυχ", "abenikmvoptux"),
            ("\u0251\u0261\u0131\u0269\u0237\u026a\u029f", "agiijil"),  # IPA, dotless
            ("i1|0", "il|0"),
            ("".join(_SMALL_CAPITALS), "".join(_SMALL_CAPITALS.values())),
        )
        for char, latin in zip(chars, latins, strict=True)
    }
)
# Unicode name prefixes that belong to a broader script.
SCRIPT_ALIASES = {"CJK": "HAN", "IDEOGRAPHIC": "HAN", "KATAKANA-HIRAGANA": "KATAKANA"}


def canonical_handle(value: str) -> str:
    """Return the form two handles are compared in: NFKC, case-folded, look-alikes as Latin.

    `alice` in full-width letters, `ALICE`, `aIice`, `alice` with a Latin alpha (U+0251), a
    small capital or an accent, and `alice` with a Cyrillic a share one canonical form, so only
    one of them can exist.
    """
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", value).casefold())
    return _without_latin_marks(folded).translate(LOOK_ALIKES)


def _without_latin_marks(text: str) -> str:
    """Drop combining marks that sit on Latin letters (`demȯ`, `demó` read as `demo`).

    Marks on other scripts stay: in Japanese or Greek they make different words.
    """
    kept: list[str] = []
    base_is_latin = False
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.category(char) == "Mn":
            if base_is_latin:
                continue
        else:
            base_is_latin = script_of(char) in {"LATIN", None}
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept))


def script_of(char: str) -> str | None:
    """Return the script of a letter or digit, or None for ASCII digits and punctuation."""
    if char.isascii() and not char.isalpha():
        return None
    first_word = unicodedata.name(char, "UNNAMED").split(" ", 1)[0]
    if first_word in SCRIPT_ALIASES:
        return SCRIPT_ALIASES[first_word]
    script = first_word.split("-", 1)[0]  # ARABIC-INDIC DIGIT ONE is Arabic
    return SCRIPT_ALIASES.get(script, script)


def _is_invisible(char: str) -> bool:
    # Controls, format characters (zero-width, bidi), unassigned and private use; separators.
    return char in INVISIBLE_LETTERS or unicodedata.category(char)[0] in {"C", "Z"}


def validate_handle(value: str) -> None:
    """Refuse a handle with invisible characters or with scripts that should not mix.

    Raises ValidationError with code "invisible" or "mixed_scripts".
    """
    normal = unicodedata.normalize("NFKC", value)
    if any(_is_invisible(char) for char in normal):
        raise ValidationError(
            _("Handles can't contain invisible or spacing characters."), code="invisible"
        )
    scripts = {script for char in normal if (script := script_of(char)) is not None}
    if len(scripts) > 1 and not any(scripts <= allowed for allowed in MIXABLE_SCRIPTS):
        raise ValidationError(
            _("Please use letters from one alphabet, so nobody can mistake you for someone else."),
            code="mixed_scripts",
        )


def assign_handle_keys(user_model: Any) -> None:
    """Give every account the canonical key of its handle (for migrations, historical model).

    The oldest account keeps its handle; each later one whose key is taken gets `-<id>`
    appended. Keys are first parked on values no handle can produce, so a new key never meets
    an old one on the unique column.
    """
    for pk in user_model.objects.values_list("pk", flat=True):
        user_model.objects.filter(pk=pk).update(handle_key=f"\x7f{pk}")
    seen: set[str] = set()
    for user in user_model.objects.order_by("pk").only("pk", "username"):
        key = canonical_handle(user.username)
        if key in seen:
            user.username = f"{user.username}-{user.pk}"
            key = canonical_handle(user.username)
        seen.add(key)
        user_model.objects.filter(pk=user.pk).update(username=user.username, handle_key=key)
