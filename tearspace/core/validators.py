"""One set of checks for what arrives from outside: text, ids, dates, media types and archives.

Every interface (pages, forms, the API, sockets, import, admin) checks its input here, at its
boundary, so malformed input becomes a clear 4xx or an error frame — never a 500 — and nothing
already saved is lost. The reasons are shown to people as they are: short, plain, no blame.
"""

import io
import json
import re
import zipfile
from datetime import UTC, date, datetime
from typing import Annotated, Any
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from pydantic import AfterValidator

# Ids and sequence numbers are positive and fit a signed 64-bit database column.
MAX_ID = 2**63 - 1

# Dates people may give: wide enough for an old diary and a room planned far ahead, narrow
# enough that every time zone conversion and date sum stays inside what Python can represent.
EARLIEST_YEAR = 1900
LATEST_YEAR = 2100
# The first and last moments that fall inside those years in every time zone.
EARLIEST_MOMENT = datetime(EARLIEST_YEAR, 1, 2, tzinfo=UTC)
LATEST_MOMENT = datetime(LATEST_YEAR, 12, 30, tzinfo=UTC)

# Archives: what a Tearspace export can reasonably hold, and how much it may expand.
ARCHIVE_MAX_BYTES = 1024 * 1024 * 1024
ARCHIVE_MAX_MEMBERS = 10_000
ARCHIVE_MAX_EXPANDED_BYTES = 2 * 1024 * 1024 * 1024
ARCHIVE_MAX_RATIO = 100

# A media type we keep and send back: type/subtype only, no parameters, no spaces or breaks.
_MEDIA_TYPE = re.compile(r"(audio|video)/[a-z0-9][a-z0-9.+-]{0,60}")
SAFE_MEDIA_FALLBACK = "application/octet-stream"
_PLAIN_FILENAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,200}")


class BadInput(ValueError):
    """Input refused at the boundary; str() is the reason to show the person."""


# --- Text ------------------------------------------------------------------------------------


def text_problem(value: object) -> str | None:
    """Return why some text inside `value` cannot be stored, or None if all of it can.

    Walks strings, dict keys and values, lists and tuples (JSON shapes). Refuses NUL characters
    (no database stores them in text) and lone surrogates (not Unicode: they cannot be encoded,
    stored or sent back).
    """
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return _("Text can't contain NUL (\\u0000) characters.")
            if not _is_unicode(item):
                return _("Some text isn't valid Unicode (a lone surrogate). Please check it.")
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return None


def _is_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_text(value: object) -> None:
    """Raise BadInput if any text in `value` (any JSON shape) cannot be stored."""
    problem = text_problem(value)
    if problem is not None:
        raise BadInput(problem)


def parse_json(raw: bytes | str, *, numbers_fit_columns: bool = False) -> Any:
    """Decode strict UTF-8 JSON whose text can all be stored; raise BadInput otherwise.

    With `numbers_fit_columns` (the API's bodies), a number past a 64-bit column
    anywhere in it is refused too, with a reason naming it. Imports leave it off: they name the
    entry and field of a bad number themselves.
    """
    bounded: dict[str, Any] = {"parse_int": _int, "parse_float": _float}
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        value = json.loads(
            text, parse_constant=_refuse_constant, **(bounded if numbers_fit_columns else {})
        )
    except _NumberTooLarge as refused:
        raise BadInput(str(refused)) from None
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BadInput(_("That could not be read as JSON.")) from None
    check_text(value)
    return value


class _NumberTooLarge(ValueError):
    pass


def _int(literal: str) -> int:
    """A JSON integer that fits a signed 64-bit column (any field, declared or not: a 26-digit
    "budget" is refused, not silently taken or dropped)."""
    digits = literal.lstrip("-")
    if len(digits) > len(str(MAX_ID)) or int(digits) > MAX_ID:
        raise _too_large(literal)
    return int(literal)


def _float(literal: str) -> float:
    number = float(literal)
    if not abs(number) <= MAX_ID:  # also refuses the infinity that 1e400 reads as
        raise _too_large(literal)
    return number


def _too_large(literal: str) -> _NumberTooLarge:
    shown = literal if len(literal) <= 12 else literal[:12] + "…"
    return _NumberTooLarge(_("A number is too large to use: %(number)s") % {"number": shown})


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")  # NaN and Infinity: no column or client takes them


# --- Numbers ---------------------------------------------------------------------------------


def id_or_none(value: object) -> int | None:
    """A non-negative id from JSON (int or decimal ASCII text), or None (text, "²", huge, bool)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.isascii() and value.isdecimal() and len(value) <= 19:
        value = int(value)
    if isinstance(value, int) and 0 <= value <= MAX_ID:
        return value
    return None


def number_or_none(value: object, *, limit: float = 1e12) -> float | None:
    """A finite float from a JSON number within ±`limit`, or None (text, bool, huge)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, int) and abs(value) > limit:
        return None  # before float(), which overflows on very large ints
    number = float(value)
    return number if abs(number) <= limit else None


class IdConverter:
    """URL path converter `<id:name>`: an int that fits an id column; anything larger is a 404."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError("id out of range")  # Django reads this as "no match": 404
        return number

    def to_url(self, value: int | str) -> str:
        return str(value)


# --- Dates -----------------------------------------------------------------------------------


def date_problem(value: date | datetime | None) -> str | None:
    """Return why a date or time is outside the years people may use, or None."""
    if value is None or EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        return None
    return _("Choose a date between %(first)d and %(last)d.") % {
        "first": EARLIEST_YEAR,
        "last": LATEST_YEAR,
    }


def validate_date_range(value: date | datetime | None) -> None:
    """Django validator (forms, models, admin): refuse dates outside the usable years."""
    problem = date_problem(value)
    if problem is not None:
        raise ValidationError(problem, code="date_out_of_range")


def _in_range[D: (date, datetime)](value: D) -> D:
    problem = date_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return value


class UsableDateTimeField(models.DateTimeField):
    """A DateTimeField checked on the way in and read back inside the usable years.

    Rows saved before dates were checked (or written by hand) may hold years no time zone can
    convert (9999, 1); they read as the nearest usable moment, so no page fails on them.
    """

    default_validators = [validate_date_range]

    def from_db_value(self, value: datetime | None, *args: object) -> datetime | None:
        if value is None or value.tzinfo is None:
            return value
        return min(max(value, EARLIEST_MOMENT), LATEST_MOMENT)


# API schema types for dates and times people give: same range as the forms.
Moment = Annotated[datetime, AfterValidator(_in_range)]
Day = Annotated[date, AfterValidator(_in_range)]


# --- Media types -----------------------------------------------------------------------------


def media_type(declared: str) -> str:
    """Return the audio or video type/subtype of a declared content type; raise BadInput.

    Parameters (";codecs=opus") are dropped; anything else — other types, spaces, line breaks —
    is refused, so a stored type is always safe to send back as a header.
    """
    kind = declared.split(";")[0].strip().lower()
    if not _MEDIA_TYPE.fullmatch(kind):
        raise BadInput(_("A clip needs to be audio or video."))
    return kind


def safe_media_type(stored: str) -> str:
    """The stored media type if it is still a safe one, else a neutral type (old odd rows)."""
    try:
        return media_type(stored)
    except BadInput:
        return SAFE_MEDIA_FALLBACK


# --- Files -----------------------------------------------------------------------------------


def read_archive(raw: bytes, *, wanted: str = "") -> dict[str, bytes]:
    """Return the members of a zip (names starting with `wanted`) after checking its shape.

    Refuses, before expanding anything, archives that are broken, hold too many members, would
    expand past ARCHIVE_MAX_EXPANDED_BYTES, or (as a whole or any one member) expand more than
    ARCHIVE_MAX_RATIO times their size (zip bombs). Raises BadInput with a reason to show.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise BadInput(_("That zip file is damaged. Try exporting again?")) from None
    expanded = sum(info.file_size for info in infos)
    if (
        len(infos) > ARCHIVE_MAX_MEMBERS
        or expanded > ARCHIVE_MAX_EXPANDED_BYTES
        or expanded > ARCHIVE_MAX_RATIO * max(len(raw), 1)
        # One member may not hide a bomb behind the others' incompressible bytes either.
        or any(info.file_size > ARCHIVE_MAX_RATIO * max(info.compress_size, 1) for info in infos)
    ):
        raise BadInput(_("That zip file unpacks to far more than an export holds."))
    members: dict[str, bytes] = {}
    try:
        with archive:
            for info in infos:
                if info.is_dir() or not info.filename.startswith(wanted):
                    continue
                with archive.open(info) as member:
                    # A header may understate a member's size: never read past what it declared.
                    data = member.read(info.file_size + 1)
                if len(data) > info.file_size:
                    raise BadInput(_("That zip file is damaged. Try exporting again?"))
                members[info.filename] = data
    except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError, RuntimeError):
        raise BadInput(_("That zip file is damaged. Try exporting again?")) from None
    return members


def attachment_header(filename: str, *, fallback: str) -> str:
    """A Content-Disposition value that saves as `filename` in every browser (RFC 6266/5987).

    `filename*` carries the name in UTF-8; `filename` is an ASCII stand-in for old clients:
    the name itself when it is plain ASCII, else `fallback` (which must be).
    """
    plain = filename if _PLAIN_FILENAME.fullmatch(filename) else fallback
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(filename, safe='')}"


def key_of_refused_frame(raw: str | bytes) -> str | None:
    """The client key of a socket frame that `parse_json` refused, if it can still be read and
    sent back as it is (so the client can match the error to the message it is holding).

    A frame refused for unstorable text in its body still has a readable key; one that is not
    JSON, or whose key itself is unstorable, has none.
    """
    try:
        frame = json.loads(raw)
    except (ValueError, RecursionError):  # the frames parse_json refused for these too
        return None
    key = frame.get("key") if isinstance(frame, dict) else None
    return key if isinstance(key, str) and text_problem(key) is None else None
